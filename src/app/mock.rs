//! The mock command: choose the round's questions, run it full screen or line by line, save each
//! grade as a review marked mock, and print the report.

use std::io::IsTerminal;
use std::process::ExitCode;

use anyhow::{Context as _, bail};
use chrono::Duration;

use super::progress::new_review_id;
use super::{Context, filter_cards, print};
use crate::cli::MockArgs;
use crate::core::bank::DEFAULT_ANSWER_TIME_SECS;
use crate::core::mock::MockRound;
use crate::core::mock_pick::{Candidate, pick};
use crate::core::progress::Review;
use crate::core::session::{Effect, IdSource, QueuedCard};
use crate::core::stats::Now;
use crate::store::files;
use crate::store::own_answers_file::OwnAnswersFile;
use crate::ui::drill_summary::grade_feedback;
use crate::ui::drill_tui::{DrillLook, Outcome};
use crate::ui::mock_view::render_report;
use crate::ui::style::Painter;
use crate::ui::wall_clock::WallClock;
use crate::ui::{mock_plain, mock_tui};

pub fn mock(context: &Context, args: &MockArgs) -> anyhow::Result<ExitCode> {
    if !(1..=50).contains(&args.questions) {
        bail!("--questions must be from 1 to 50");
    }
    if args.answer_time.is_some_and(|s| !(1..=3600).contains(&s)) {
        bail!("--answer-time must be from 1 to 3600 seconds");
    }
    let bank = context.bank()?;
    let config = context.config()?;
    let scheduler = context.scheduler(&config);
    let file = context.progress_file();
    let progress = file.load(&scheduler)?;
    let own = OwnAnswersFile::beside(file.path()).load()?;
    let now = context.now;
    let fallback = args
        .answer_time
        .or_else(|| config.answer_time())
        .unwrap_or(DEFAULT_ANSWER_TIME_SECS);
    let candidates: Vec<Candidate> = filter_cards(&bank, &args.tags, args.category)?
        .into_iter()
        .map(|card| {
            let key = card.key();
            let recall = progress
                .cards
                .get(&key)
                .map(|state| scheduler.retrievability(state, now.at));
            Candidate {
                card: QueuedCard {
                    key,
                    answer_limit: Duration::seconds(i64::from(card.answer_time_secs_or(fallback))),
                    key_points: card.question.key_points.clone(),
                },
                category: card.question.category,
                recall,
            }
        })
        .collect();
    if candidates.is_empty() {
        bail!("no question matches these filters\nhint: `prepdrill tags` lists the tags");
    }
    // The clock seeds the choice: each round differs, and a pinned PREPDRILL_NOW repeats one.
    let seed = now
        .at
        .timestamp_nanos_opt()
        .unwrap_or_default()
        .unsigned_abs();
    let cards = pick(candidates, args.questions, seed);
    // As in the drill: better to learn now than at the first grade that it cannot be saved.
    file.check_writable()
        .context("the mock round did not start, because it could not save your grades")?;
    crate::ui::terminal::before_hangup_exit(|| std::mem::forget(files::hold_saves()));
    // The round's clock starts at `now`, pinned or not, and runs with real time from there.
    let clock = WallClock::starting_at(now.at);
    let mut round = MockRound::new(cards, clock.now(), IdSource(Box::new(new_review_id)));

    let mut save = |effect: Effect| -> anyhow::Result<Option<String>> {
        let Effect::Record(graded) = effect else {
            return Ok(None);
        };
        let (_, state) = file.record(
            &scheduler,
            &mut crate::store::lock::stderr_waiter(),
            Review::of(&graded),
            None,
        )?;
        Ok(Some(grade_feedback(
            graded.rating,
            state.due,
            Now {
                at: graded.at,
                ..now
            },
            false,
        )))
    };
    let plain = args.plain || !std::io::stdin().is_terminal() || !std::io::stdout().is_terminal();
    let look = DrillLook {
        title: "mock interview".to_string(),
        clock,
        painter: context.layout.painter,
        typing: args.type_answer,
        quiet: args.quiet,
        own,
        guard_lines: std::io::stdin().is_terminal(),
    };
    let outcome = if plain {
        let stdin = std::io::stdin();
        let mut input = stdin.lock();
        let mut output = std::io::stdout();
        mock_plain::run(&mut round, &bank, &mut save, &look, &mut input, &mut output)?;
        Outcome::Finished
    } else {
        mock_tui::run(&mut round, &bank, &mut save, &look)?
    };
    let painter = if plain {
        Painter::PLAIN
    } else {
        context.layout.painter
    };
    print(&format!("\n{}", render_report(&round.report(), painter)))?;
    match outcome {
        Outcome::Finished => Ok(ExitCode::SUCCESS),
        Outcome::Interrupted(signal) => {
            eprintln!("prepdrill: interrupted; every grade given was saved");
            Ok(ExitCode::from(u8::try_from(128 + signal).unwrap_or(1)))
        }
    }
}
