//! The interview commands: `plan`, the readiness forecast, and `next`, the card the drill would
//! ask now and why.

use std::process::ExitCode;

use anyhow::bail;

use super::drill::plan_options;
use super::{Context, filter_cards, print};
use crate::cli::{DrillArgs, NextArgs, PlanArgs};
use crate::core::bank::Bank;
use crate::core::deadline::Interview;
use crate::core::forecast::{HORIZON_DAYS, Outlook, Start};
use crate::core::plan::plan as plan_queue;
use crate::core::queue::Next;
use crate::core::snapshot::Snapshot;
use crate::core::today::Today;
use crate::core::waiting::weakest_waiting;
use crate::core::words;
use crate::store::config::Config;
use crate::ui::style::Role;
use crate::ui::{json, report};

pub fn plan(context: &Context, args: &PlanArgs) -> anyhow::Result<ExitCode> {
    let loaded = context.load()?;
    let (known, config) = (loaded.snapshot(), &loaded.config);
    let minutes = args
        .minutes_per_day
        .unwrap_or_else(|| config.session_minutes());
    let decks = deck_outlooks(context, config, known, minutes, true);
    if !decks.is_empty() {
        return plan_each_deck(context, config, known, &decks, args.json);
    }
    if let Some(interview) = known.upcoming()
        && context.now.days_until(interview.day) > HORIZON_DAYS
    {
        bail!(
            "your interview is {} days away; the forecast looks at most {HORIZON_DAYS} days ahead\nhint: drill as usual (`prepdrill`), and ask again within {HORIZON_DAYS} days of the interview",
            context.now.days_until(interview.day)
        );
    }
    let Some(outlook) = forecast(config, known, minutes, true) else {
        if let Some(passed) = interview_passed(context, known) {
            bail!("{passed}");
        }
        // No forecast without a date, but today is the same with or without one.
        if !args.json {
            print(&format!("{}\n", today_line(context, config, known)))?;
        }
        bail!(
            "a readiness forecast needs an interview date still ahead\nhint: {} (and interview-time HH:MM, default 09:00)",
            context.advice("config set interview-date YYYY-MM-DD")
        );
    };
    if args.json {
        print(&json::to_string(&json::OutlookJson::new(
            &outlook,
            context.now,
        ))?)?;
    } else {
        let today = today_line(context, config, known);
        print(&format!(
            "{today}\n{}",
            report::outlook(&outlook, context.now, context.layout, &context.advice(""))
        ))?;
    }
    Ok(ExitCode::SUCCESS)
}

/// `plan` when decks have interviews of their own: each deck toward its own.
fn plan_each_deck(
    context: &Context,
    config: &Config,
    known: Snapshot<'_>,
    decks: &[(String, Result<Outlook, String>)],
    as_json: bool,
) -> anyhow::Result<ExitCode> {
    if as_json {
        let rows: Vec<json::DeckOutlookJson> = decks
            .iter()
            .map(|(deck, outlook)| json::DeckOutlookJson::new(deck, outlook, context.now))
            .collect();
        print(&json::to_sorted_string(&rows)?)?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut text = today_line(context, config, known);
    for (deck, outlook) in decks {
        let body = match outlook {
            Ok(o) => report::outlook(o, context.now, context.layout, &context.advice("")),
            Err(why) => format!("{why}\n"),
        };
        text = format!(
            "{text}\n\n{}\n{body}",
            context.layout.painter.paint(deck, Role::Label)
        );
    }
    print(&text)?;
    Ok(ExitCode::SUCCESS)
}

/// Each deck of the bank on its own, with the interview it plans toward, when decks have dates
/// of their own (`config set interview-date DATE --deck SLUG`); empty otherwise.
pub(super) fn decks_apart(known: Snapshot<'_>) -> Vec<(Bank, Option<Interview>)> {
    let (bank, interviews) = (known.bank, known.interviews);
    if !interviews.per_deck() || bank.decks().len() < 2 {
        return Vec::new();
    }
    bank.decks()
        .iter()
        .filter_map(|deck| {
            let one = Bank::new(vec![deck.clone()]).ok()?;
            Some((one, interviews.of(&deck.deck)))
        })
        .collect()
}

/// Each deck's forecast toward its own interview, or why there is none, as `plan` and `stats`
/// show it.
pub(super) fn deck_outlooks(
    context: &Context,
    config: &Config,
    known: Snapshot<'_>,
    minutes: u32,
    search: bool,
) -> Vec<(String, Result<Outlook, String>)> {
    decks_apart(known)
        .into_iter()
        .map(|(one, interview)| {
            let deck = &one.decks()[0];
            let name = format!("Deck {} ({})", deck.deck, deck.title);
            let outlook = forecast(config, known.over(&one).toward(interview), minutes, search)
                .ok_or_else(|| match interview {
                    None => "no interview set for this deck: the regular schedule".to_string(),
                    Some(i) if !i.is_ahead(context.now.at) => format!(
                        "its interview on {} has passed: the regular schedule",
                        i.day
                    ),
                    Some(i) => format!(
                        "interview {}: the forecast looks at most {HORIZON_DAYS} days ahead",
                        words::interview_in(i, context.now)
                    ),
                });
            (name, outlook)
        })
        .collect()
}

/// Once the interview set has passed: the line saying so and how to set the next one.
pub(super) fn interview_passed(context: &Context, known: Snapshot<'_>) -> Option<String> {
    Some(report::interview_passed(
        known.passed()?,
        known.now,
        &context.advice("config set interview-date YYYY-MM-DD"),
    ))
}

/// What is left of today, planned as a plain `prepdrill` started at `known.now` would plan it.
pub(super) fn today(config: &Config, known: Snapshot<'_>) -> Today {
    let options = plan_options(&DrillArgs::default(), config, known.progress, known.now);
    Today {
        session_minutes: i64::from(config.session_minutes()),
        ..crate::core::today::today(known, &known.cards(), options)
    }
}

/// The one line on today, with the advice carrying the options in force.
pub(super) fn today_line(context: &Context, config: &Config, known: Snapshot<'_>) -> String {
    report::today_line(&today(config, known), known.now, &context.advice(""))
}

/// The forecast for the snapshot's bank at `minutes` a day, toward its interview while that is
/// ahead within the horizon; `search` also finds the minutes a day the goal needs.
pub(super) fn forecast(
    config: &Config,
    known: Snapshot<'_>,
    minutes: u32,
    search: bool,
) -> Option<Outlook> {
    let interview = known
        .upcoming()
        .filter(|i| known.now.days_until(i.day) <= HORIZON_DAYS)?;
    let cards = known.cards();
    let start = Start {
        cards: &cards,
        progress: known.progress,
        scheduler: known.scheduler,
        now: known.now,
        interview,
        options: plan_options(&DrillArgs::default(), config, known.progress, known.now),
    };
    Some(start.outlook(minutes, search))
}

pub fn next(context: &Context, args: &NextArgs) -> anyhow::Result<ExitCode> {
    let loaded = context.load()?;
    let (known, config, progress) = (loaded.snapshot(), &loaded.config, &loaded.progress);
    let cards = filter_cards(&loaded.bank, &args.tags, args.category)?;
    let now = context.now;
    let options = plan_options(&DrillArgs::default(), config, progress, now);
    let mut planned = plan_queue(known, &cards, options);
    let next = planned.queue.next(now.at);
    let pick = match &next {
        Next::Card(card, reason) => loaded
            .bank
            .card(&card.key)
            .map(|c| (c, *reason, progress.cards.get(&card.key))),
        Next::Done | Next::Ready | Next::ComeBack { .. } => None,
    };
    // Before an interview, the weakest question when the drill asks another, and why it waits.
    let order = crate::core::today::today(known, &cards, options);
    let asked = pick.as_ref().map(|(c, _, _)| c.key());
    let weakest = weakest_waiting(known, &cards, &order, asked.as_ref());
    if args.json {
        print(&json::to_string(&json::NextJson::new(
            pick.as_ref().map(|(c, r, s)| (*c, *r, *s)),
            &next,
            planned.next_due,
        ))?)?;
    } else {
        let today = today_line(context, config, known);
        print(&format!(
            "{}{today}\n",
            report::next(
                pick.as_ref().map(|(c, r, s)| (*c, *r, *s)),
                &next,
                planned.next_due,
                weakest.as_ref(),
                now,
                context.layout,
            )
        ))?;
    }
    Ok(if pick.is_some() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
