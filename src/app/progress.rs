//! Commands over progress and settings: rate, due, stats, answers, config, progress.

use std::fmt::Write as _;
use std::process::ExitCode;

use anyhow::{Context as _, bail};
use chrono::{DateTime, Utc};

use super::{Context, print};
use crate::cli::{AnswersArgs, DueArgs, RateArgs};
use crate::core::mock_history::past_rounds;
use crate::core::progress::{FUTURE_SLACK_MINUTES, Review, ReviewError, check_review};
use crate::core::stats;
use crate::core::when;
use crate::core::words;
use crate::ui::json;
use crate::ui::mock_view::render_history;
use crate::ui::report;

mod file;
mod settings;

pub use file::progress;
pub use settings::config;
pub(super) use settings::interview_day;

/// A fresh random review id. 64 bits keep a collision between two machines' logs below one in
/// ten million even at a million reviews, and keep the log compact.
pub fn new_review_id() -> String {
    format!("{:016x}", rand::random::<u64>())
}

pub fn rate(context: &Context, args: &RateArgs) -> anyhow::Result<ExitCode> {
    let bank = context.bank_for(&args.id)?;
    let card = bank.resolve(&args.id)?;
    let scheduler = context.settings_scheduler()?;
    let now = context.now;
    let given = match &args.at {
        Some(text) => Some(
            when::parse(text, now.at, now.zone)
                .context("--at")?
                .review_instant(now.at, now.zone),
        ),
        None => None,
    };
    if let Some(at) = given
        && at > context.now.at + chrono::Duration::minutes(FUTURE_SLACK_MINUTES)
    {
        bail!(
            "--at {} is in the future; a review is recorded when it happened\n\
             hint: leave --at out for now, or give a past time such as yesterday or -2h",
            json::rfc3339(at)
        );
    }
    // clap keeps --duration within 0..=86400 (cli::answer_seconds).
    let duration_ms = match args.duration {
        Some(secs) => (secs * 1000.0).round() as u64,
        None => 0,
    };
    let key = card.key();
    let review = Review {
        id: new_review_id(),
        card: key.clone(),
        at: given.unwrap_or(context.now.at),
        rating: args.rating,
        duration_ms,
        timed_out: duration_ms > u64::from(card.answer_time_secs()) * 1000,
        typed_answer: None,
        cram: false,
        mock: false,
        round: None,
        extra: std::collections::BTreeMap::new(),
    };
    if given.is_some() {
        check_review(&review, context.now.at).map_err(|e| match e {
            ReviewError::Invalid { reason, .. } => {
                anyhow::anyhow!("--at {}: {reason}", text_of(args.at.as_ref()))
            }
        })?;
    }
    // Without --at the review is stamped now, read only once the lock is held, and never
    // before the card's last review: a grade from another terminal a moment ago stays first.
    let clock = || clock_under_lock(context);
    let (review, state) = context.progress_file().record(
        &scheduler,
        &mut crate::store::lock::stderr_waiter(),
        review,
        given
            .is_none()
            .then_some(&clock as &dyn Fn() -> DateTime<Utc>),
    )?;
    let at = review.at;
    // Echo how a forgiving --at was read, so "2026-11-20" or "-2d" is never a guess.
    let when = if args.at.is_some() {
        format!(" at {}", now.zone.local(at).format("%Y-%m-%d %H:%M"))
    } else {
        String::new()
    };
    // Before the card's interview the drill, not the schedule, picks when it comes back.
    let interview = context.interviews(&context.config()?).of(key.deck());
    let next = words::before_interview(state.due, at, context.now, interview)
        .unwrap_or_else(|| format!("next due {}", words::due(state.due, context.now)));
    print(&format!(
        "Recorded {} for {}{when}; {next}.\n",
        args.rating.as_str(),
        key.id(),
    ))?;
    Ok(ExitCode::SUCCESS)
}

fn text_of(at: Option<&String>) -> &str {
    at.map_or("", String::as_str)
}

/// Now, read again: `PREPDRILL_NOW` when it pins the clock, else the wall clock.
fn clock_under_lock(context: &Context) -> DateTime<Utc> {
    if std::env::var_os("PREPDRILL_NOW").is_some_and(|v| !v.is_empty()) {
        context.now.at
    } else {
        Utc::now()
    }
}

pub fn due(context: &Context, args: &DueArgs) -> anyhow::Result<ExitCode> {
    let loaded = context.load()?;
    let (known, bank, progress) = (loaded.snapshot(), &loaded.bank, &loaded.progress);
    let now = context.now;
    let until = match &args.on {
        Some(text) => when::parse(text, now.at, now.zone)
            .context("--on")?
            .until(now.zone),
        None => now.at,
    };
    let due = stats::due(known, until);
    if args.json {
        let rows: Vec<json::DueJson<'_>> = due.iter().map(json::DueJson::new).collect();
        print(&json::to_string(&rows)?)?;
    } else {
        let new = bank
            .cards()
            .filter(|c| !progress.cards.contains_key(&c.key()))
            .count();
        let upcoming = known.upcoming();
        let label = match upcoming {
            Some(_) if known.each_deck => "recall on its deck's day".to_string(),
            Some(interview) => format!("recall on {}", interview.day),
            None => "recall now".to_string(),
        };
        if upcoming.is_some() && args.on.is_none() {
            let today = super::plan::today(&loaded.config, known);
            print(&report::due_toward(
                &today,
                bank,
                &due,
                now,
                &label,
                context.layout,
                &context.advice(""),
            ))?;
        } else {
            // Due now, without a date: what the drill takes today, as stats and next say it.
            let today = args
                .on
                .is_none()
                .then(|| super::plan::today(&loaded.config, known));
            let mut text = report::due(&due, new, today.as_ref(), now, &label, context.layout);
            if let Some(today) = &today {
                let line = report::today_line(today, now, &context.advice(""));
                text = format!("{}\n{line}\n", text.trim_end());
            }
            print(&text)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub fn stats(context: &Context, as_json: bool) -> anyhow::Result<ExitCode> {
    let loaded = context.load()?;
    let (known, config) = (loaded.snapshot(), &loaded.config);
    let stats = stats::stats(known);
    let outlook = super::plan::forecast(config, known, config.session_minutes(), false);
    let rounds = past_rounds(&loaded.progress.reviews);
    let decks = super::plan::deck_outlooks(context, config, known, config.session_minutes(), false);
    if as_json {
        let view = json::StatsJson {
            stats: &stats,
            readiness: outlook
                .as_ref()
                .map(|o| json::OutlookJson::new(o, context.now)),
            mock_rounds: &rounds,
            decks: decks
                .iter()
                .map(|(deck, outlook)| json::DeckOutlookJson::new(deck, outlook, context.now))
                .collect(),
        };
        print(&json::to_sorted_string(&view)?)?;
    } else {
        let mut text = report::stats(&stats, context.now, context.layout);
        // With dates per deck, each deck's readiness line (below) stands for the whole.
        if let Some(outlook) = outlook.as_ref().filter(|_| decks.is_empty()) {
            text = format!(
                "{}\n{text}",
                report::readiness_line(outlook, &context.advice(""))
            );
        }
        if let Some(passed) = super::plan::interview_passed(context, known) {
            text = format!("{passed}\n{text}");
        }
        let mut each = String::new();
        for (deck, outlook) in &decks {
            let said = match outlook {
                Ok(o) => format!(
                    "{}: {}",
                    words::interview_in(o.interview, context.now),
                    report::readiness_line(o, &context.advice(""))
                ),
                Err(why) => why.clone(),
            };
            let _ = writeln!(each, "{deck}: {said}");
        }
        text = format!("{each}{text}");
        let today = super::plan::today_line(context, config, known);
        text = format!("{today}\n{text}");
        text.push_str(&render_history(
            &rounds,
            context.now,
            context.layout.painter,
        ));
        print(&text)?;
    }
    Ok(ExitCode::SUCCESS)
}

pub fn answers(context: &Context, args: &AnswersArgs) -> anyhow::Result<ExitCode> {
    let bank = context.bank()?;
    let card = bank.resolve(&args.id)?;
    let progress = context.progress_log()?;
    let key = card.key();
    let typed: Vec<&Review> = progress
        .reviews_of(&key)
        .filter(|r| r.typed_answer.is_some())
        .collect();
    if args.json {
        let rows: Vec<json::TypedAnswerJson<'_>> = typed
            .iter()
            .map(|r| json::TypedAnswerJson::new(r))
            .collect();
        print(&json::to_string(&rows)?)?;
        return Ok(ExitCode::SUCCESS);
    }
    let own = context.own_answers();
    let previous = own.previous(&key);
    let mut kept = String::new();
    if !previous.is_empty() {
        let _ = writeln!(
            kept,
            "\nEarlier versions of your own answer, kept when another replaced them unseen (newest first):"
        );
        for version in previous.iter().rev() {
            let _ = writeln!(
                kept,
                "\n{}:\n{}",
                version.updated.format("%Y-%m-%d %H:%M UTC"),
                crate::ui::text::sanitize(&version.text)
            );
        }
    }
    if typed.is_empty() {
        print(&format!(
            "No typed answers to {} yet.\nhint: `{}` keeps what you type.\n{kept}",
            key.id(),
            context.advice("drill --type")
        ))?;
        return Ok(ExitCode::SUCCESS);
    }
    print(&report::answers(card, &typed, context.now, context.layout))?;
    print(&kept)?;
    Ok(ExitCode::SUCCESS)
}
