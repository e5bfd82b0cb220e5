//! The mock command: choose the round's questions, run it full screen or line by line, save each
//! grade as a review marked mock, and print the report.

use std::process::ExitCode;

use anyhow::bail;
use chrono::Duration;

use super::progress::new_review_id;
use super::round::{Front, Ran};
use super::{Context, filter_cards, print};
use crate::cli::MockArgs;
use crate::core::bank::DEFAULT_ANSWER_TIME_SECS;
use crate::core::mock::MockRound;
use crate::core::mock_pick::{Candidate, pick};
use crate::core::session::{IdSource, QueuedCard};
use crate::ui::mock_view::render_report;
use crate::ui::wall_clock::WallClock;

pub fn mock(context: &Context, args: &MockArgs) -> anyhow::Result<ExitCode> {
    let loaded = context.load()?;
    let (known, bank, config) = (loaded.snapshot(), &loaded.bank, &loaded.config);
    let file = context.progress_file();
    let now = context.now;
    let fallback = args
        .answer_time
        .or_else(|| config.answer_time())
        .unwrap_or(DEFAULT_ANSWER_TIME_SECS);
    let candidates: Vec<Candidate> = filter_cards(bank, &args.tags, args.category)?
        .into_iter()
        .map(|card| {
            let key = card.key();
            let recall = known.progress.cards.get(&key).map(|s| known.recall(s));
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
        bail!(
            "no question matches these filters\nhint: `{}` lists the tags",
            context.advice("tags")
        );
    }
    // The clock seeds the choice: each round differs, and a pinned PREPDRILL_NOW repeats one.
    let seed = now
        .at
        .timestamp_nanos_opt()
        .unwrap_or_default()
        .unsigned_abs();
    let cards = pick(candidates, args.questions, seed);
    super::round::start(&file, "the mock round")?;
    // The round's clock starts at `now`, pinned or not, and runs with real time from there.
    let clock = WallClock::starting_at(now.at);
    let mut round = MockRound::new(cards, clock.now(), IdSource(Box::new(new_review_id)));
    let front = Front {
        title: "mock interview".to_string(),
        clock,
        plain: args.plain,
        typing: args.type_answer,
        quiet: args.quiet,
        interviews: known.interviews.clone(),
    };
    let Ran::Over {
        outcome,
        painter,
        settling,
    } = super::round::run(context, &mut round, bank, &file, known.scheduler, front)?;
    let report = render_report(&round.report(), bank, painter, context.layout.width);
    drop(settling);
    print(&format!("\n{report}"))?;
    Ok(super::round::exit_code(outcome))
}
