//! The interview commands: `plan`, the readiness forecast, and `next`, the card the drill would
//! ask now and why.

use std::process::ExitCode;

use anyhow::bail;

use super::drill::plan_options;
use super::{Context, filter_cards, print};
use crate::cli::{DrillArgs, NextArgs, PlanArgs};
use crate::core::bank::Bank;
use crate::core::forecast::{HORIZON_DAYS, Outlook, Start};
use crate::core::plan::plan as plan_queue;
use crate::core::progress::Progress;
use crate::core::queue::Next;
use crate::core::schedule::Scheduler;
use crate::core::stats::Now;
use crate::core::today::Today;
use crate::store::config::Config;
use crate::ui::{json, report};

pub fn plan(context: &Context, args: &PlanArgs) -> anyhow::Result<ExitCode> {
    let bank = context.bank()?;
    let config = context.config()?;
    let scheduler = context.scheduler(&config);
    let progress = context.progress(&scheduler)?;
    let minutes = args
        .minutes_per_day
        .unwrap_or_else(|| config.session_minutes());
    if let Some(interview) = context.now.upcoming(context.interview(&config))
        && context.now.days_until(interview.day) > HORIZON_DAYS
    {
        bail!(
            "your interview is {} days away; the forecast looks at most {HORIZON_DAYS} days ahead\nhint: drill as usual (`prepdrill`), and ask again within {HORIZON_DAYS} days of the interview",
            context.now.days_until(interview.day)
        );
    }
    let Some(outlook) = forecast(
        context, &bank, &config, &scheduler, &progress, minutes, true,
    ) else {
        if let Some(passed) = interview_passed(context, &config) {
            bail!("{passed}");
        }
        bail!(
            "a readiness forecast needs an interview date still ahead\nhint: prepdrill config set interview-date YYYY-MM-DD (and interview-time HH:MM, default 09:00)"
        );
    };
    if args.json {
        print(&json::to_string(&json::OutlookJson::new(
            &outlook,
            context.now,
        ))?)?;
    } else {
        let today = today_line(context, &bank, &config, &scheduler, &progress, context.now);
        print(&format!(
            "{today}\n{}",
            report::outlook(&outlook, context.now, context.layout)
        ))?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Once the interview set has passed: the line saying so and how to set the next one.
pub(super) fn interview_passed(context: &Context, config: &Config) -> Option<String> {
    let interview = context
        .interview(config)
        .filter(|i| !i.is_ahead(context.now.at))?;
    Some(report::interview_passed(
        interview,
        context.now,
        &context.advice("config set interview-date YYYY-MM-DD"),
    ))
}

/// What is left of today, planned as a plain `prepdrill` started at `now` would plan it.
pub(super) fn today(
    context: &Context,
    bank: &Bank,
    config: &Config,
    scheduler: &Scheduler,
    progress: &Progress,
    now: Now,
) -> Today {
    let cards: Vec<_> = bank.cards().collect();
    let options = plan_options(&DrillArgs::default(), config, progress, now);
    crate::core::today::today(
        &cards,
        progress,
        scheduler,
        now,
        context.interview(config),
        options,
    )
}

/// The one line on today, with the advice carrying the options in force.
pub(super) fn today_line(
    context: &Context,
    bank: &Bank,
    config: &Config,
    scheduler: &Scheduler,
    progress: &Progress,
    now: Now,
) -> String {
    let today = today(context, bank, config, scheduler, progress, now);
    report::today_line(&today, now, &context.advice(""))
}

/// The forecast for the whole bank at `minutes` a day, while an interview is ahead within the
/// horizon; `search` also finds the minutes a day the goal needs.
pub(super) fn forecast(
    context: &Context,
    bank: &Bank,
    config: &Config,
    scheduler: &Scheduler,
    progress: &Progress,
    minutes: u32,
    search: bool,
) -> Option<Outlook> {
    let interview = context
        .now
        .upcoming(context.interview(config))
        .filter(|i| context.now.days_until(i.day) <= HORIZON_DAYS)?;
    let cards: Vec<_> = bank.cards().collect();
    let start = Start {
        cards: &cards,
        progress,
        scheduler,
        now: context.now,
        interview,
        options: plan_options(&DrillArgs::default(), config, progress, context.now),
    };
    Some(start.outlook(minutes, search))
}

pub fn next(context: &Context, args: &NextArgs) -> anyhow::Result<ExitCode> {
    let bank = context.bank()?;
    let config = context.config()?;
    let scheduler = context.scheduler(&config);
    let progress = context.progress(&scheduler)?;
    let cards = filter_cards(&bank, &args.tags, args.category)?;
    let now = context.now;
    let options = plan_options(&DrillArgs::default(), &config, &progress, now);
    let interview = context.interview(&config);
    let mut planned = plan_queue(&cards, &progress, &scheduler, now, interview, options);
    let next = planned.queue.next(now.at);
    let pick = match &next {
        Next::Card(card, reason) => bank
            .card(&card.key)
            .map(|c| (c, *reason, progress.cards.get(&card.key))),
        Next::Done | Next::Ready | Next::ComeBack { .. } => None,
    };
    if args.json {
        print(&json::to_string(&json::NextJson::new(
            pick.as_ref().map(|(c, r, s)| (*c, *r, *s)),
            &next,
            planned.next_due,
        ))?)?;
    } else {
        let today = today_line(context, &bank, &config, &scheduler, &progress, now);
        print(&format!(
            "{}{today}\n",
            report::next(
                pick.as_ref().map(|(c, r, s)| (*c, *r, *s)),
                &next,
                planned.next_due,
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
