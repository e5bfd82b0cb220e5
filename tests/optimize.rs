//! `prepdrill optimize` end to end, with the clock pinned: too few reviews, a fit that is kept and
//! used by the other commands, a second fit against the candidate's own weights, and
//! `config unset` back to the defaults.

#![allow(clippy::expect_used, clippy::unwrap_used)] // helpers outside #[test] should fail loudly

use crate::common;

use chrono::{DateTime, Duration, Utc};
use common::{NOW, Sandbox};
use fsrs::{FSRS, MemoryState};
use prepdrill::core::bank::CardKey;
use prepdrill::core::deadline::AnswerOdds;
use prepdrill::core::fit::History;
use prepdrill::core::progress::{Progress, Review};
use prepdrill::core::schedule::{CardState, Scheduler, Settings};
use prepdrill::store::bank_file::{BankSource, load_bank};
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};

/// A card's true memory, and when it was last reviewed.
type Truth = Option<(MemoryState, DateTime<Utc>)>;

/// A progress file of `days` of drilling before [`NOW`] by a learner whose memory is stronger
/// than FSRS-6's defaults: the built-in bank's cards and `extra` more, each morning every due
/// card and 6 new ones, answered two minutes apart.
fn drilled_log(days: i64, extra: usize) -> Progress {
    let bank = load_bank(&[BankSource::BuiltIn], None).expect("built-in bank");
    let mut keys: Vec<CardKey> = bank.cards().map(|c| c.key()).collect();
    keys.extend((0..extra).map(|i| CardKey::new("practice", &format!("q{i}"))));
    let mut w = fsrs::DEFAULT_PARAMETERS;
    for s in &mut w[..4] {
        *s *= 3.0;
    }
    w[20] = 0.35;
    let truth = FSRS::new(&w).unwrap();
    let scheduler = Scheduler::new(Settings::default());
    let mut rng = StdRng::seed_from_u64(2);
    let now: DateTime<Utc> = NOW.parse().unwrap();
    let start = now - Duration::days(days) - Duration::hours(3);
    let mut cards: Vec<(CardKey, CardState, Truth)> = Vec::new();
    let mut reviews = Vec::new();
    for day in 0..days {
        let mut at = start + Duration::days(day);
        let end = at + Duration::hours(2);
        for _ in 0..6 {
            if let Some(key) = keys.get(cards.len()) {
                cards.push((key.clone(), CardState::new_card(at), None));
            }
        }
        while at < end {
            let Some(i) = (0..cards.len())
                .filter(|&i| cards[i].1.due <= at)
                .min_by_key(|&i| cards[i].1.due)
            else {
                at += Duration::minutes(2);
                continue;
            };
            let (key, state, memory) = &mut cards[i];
            let recall = memory.map_or(0.0, |(m, last)| {
                let days = (at - last).num_milliseconds() as f32 / 86_400_000.0;
                f64::from(fsrs::current_retrievability(m, days, w[20]))
            });
            let rating = AnswerOdds::default().rating(
                memory.is_some(),
                recall,
                [rng.random(), rng.random()],
            );
            let elapsed = memory.map_or(0, |(_, last)| (at - last).num_days());
            let next = truth
                .next_states(memory.map(|(m, _)| m), 0.9, u32::try_from(elapsed).unwrap())
                .unwrap();
            let after = [next.again, next.hard, next.good, next.easy][rating as usize - 1].memory;
            *state = scheduler.review(key, state, rating, at);
            *memory = Some((after, at));
            reviews.push(Review {
                id: format!("r{:05}", reviews.len()),
                card: key.clone(),
                at,
                rating,
                duration_ms: 60_000,
                timed_out: false,
                typed_answer: None,
                cram: false,
                mock: false,
                round: None,
                extra: std::collections::BTreeMap::new(),
            });
            at += Duration::minutes(2);
        }
    }
    Progress {
        reviews,
        ..Progress::default()
    }
}

fn write_log(sandbox: &Sandbox, progress: &Progress) {
    sandbox.write(
        "data/prepdrill/progress.json",
        serde_json::to_string(progress).unwrap(),
    );
}

/// The log cut just before its `n`th scorable review (a review on a later day than the card's
/// previous one).
fn cut_before_scorable(mut progress: Progress, n: usize) -> Progress {
    let keep = (0..=progress.reviews.len())
        .take_while(|&len| History::of(&progress.reviews[..len]).len() < n)
        .last()
        .unwrap();
    progress.reviews.truncate(keep);
    progress
}

fn configured_parameters(sandbox: &Sandbox) -> Option<String> {
    let text = std::fs::read_to_string(sandbox.config_file()).ok()?;
    text.lines()
        .find_map(|l| l.strip_prefix("fsrs-parameters:"))
        .map(|v| v.trim().trim_matches('\'').trim_matches('"').to_string())
}

#[test]
fn too_few_reviews_say_how_many_more_and_keep_the_defaults() {
    let sandbox = Sandbox::new();
    sandbox.ok(&[
        "rate",
        "threat-model-mvp",
        "good",
        "--at",
        "2026-11-20 09:00",
    ]);
    sandbox.ok(&["rate", "threat-model-mvp", "good"]);
    let out = sandbox.ok(&["optimize"]);
    assert!(
        out.contains("1 of the 50 it needs") && out.contains("49 more to go"),
        "{out}"
    );
    assert!(out.contains("default weights stay"), "{out}");
    let json = sandbox.json(&["optimize", "--json"]);
    assert_eq!(json["status"], "too-few");
    assert_eq!(json["reviews"], 1);
    assert_eq!(json["more"], 49);
    assert_eq!(configured_parameters(&sandbox), None);
}

#[test]
fn a_better_fit_is_kept_used_everywhere_and_unset_restores_the_defaults() {
    // This log's fit is kept: with a few hundred reviews, some learners' fits are and some are
    // not (see core::fit's tests); this test is about what follows when one is.
    let sandbox = Sandbox::new();
    write_log(&sandbox, &drilled_log(45, 300));
    let stats_before = sandbox.ok(&["stats", "--json"]);

    let json = sandbox.json(&["optimize", "--json"]);
    assert_eq!(json["status"], "kept", "{json:#}");
    assert!(json["reviews"].as_u64().unwrap() >= 50, "{json:#}");
    let held_out = &json["held_out"];
    assert!(
        held_out["fitted"]["log_loss"].as_f64() < held_out["current"]["log_loss"].as_f64(),
        "{json:#}"
    );
    for side in ["current", "fitted"] {
        assert!(
            json["whole_log"][side]["rmse_bins"].as_f64().is_some(),
            "{json:#}"
        );
    }
    let saved = configured_parameters(&sandbox).expect("fsrs-parameters saved");
    assert_eq!(saved.split(',').count(), 21, "{saved}");
    assert_eq!(
        sandbox.ok(&["config", "get", "fsrs-parameters"]).trim(),
        saved
    );

    // Card states are recomputed from the log with the new weights.
    let stats_fitted = sandbox.ok(&["stats", "--json"]);
    assert_ne!(stats_fitted, stats_before);

    // A second run compares against the candidate's own weights, and says so.
    let again = sandbox.ok(&["optimize"]);
    assert!(again.contains("yours so far"), "{again}");
    assert!(
        again.contains("log loss") && again.contains("RMSE (bins)"),
        "{again}"
    );

    let unset = sandbox.ok(&["config", "unset", "fsrs-parameters"]);
    assert!(unset.contains("back to its default"), "{unset}");
    assert_eq!(configured_parameters(&sandbox), None);
    assert_eq!(sandbox.ok(&["stats", "--json"]), stats_before);
}

#[test]
fn weights_that_are_not_21_numbers_are_refused() {
    let sandbox = Sandbox::new();
    let err = sandbox.fails(&["config", "set", "fsrs-parameters", "0.2, 1.3"]);
    assert!(err.contains("expected 21 numbers"), "{err}");
    let err = sandbox.fails(&["config", "set", "auto-optimize", "maybe"]);
    assert!(err.contains("on or off"), "{err}");
    sandbox.ok(&["config", "set", "auto-optimize", "off"]);
}

#[test]
fn the_drill_refits_when_a_session_reaches_50_reviews_unless_auto_optimize_is_off() {
    let log = cut_before_scorable(drilled_log(45, 300), 50);
    assert_eq!(History::of(&log.reviews).len(), 49);
    for auto in [true, false] {
        let sandbox = Sandbox::new();
        write_log(&sandbox, &log);
        if !auto {
            sandbox.ok(&["config", "set", "auto-optimize", "off"]);
        }
        // One due card, last seen days ago, answered: the 50th scorable review.
        let run = common::run_piped(
            {
                let mut command = sandbox.command();
                command.arg("drill").arg("--plain");
                command
            },
            "\n3\nq\n",
        );
        assert!(run.success(), "{}\n{}", run.stdout, run.stderr);
        let saved = configured_parameters(&sandbox);
        let said = run
            .stdout
            .contains("Memory model updated from your 50 reviews");
        if auto {
            assert!(saved.is_some() && said, "{}", run.stdout);
        } else {
            assert!(saved.is_none() && !said, "{}", run.stdout);
        }
    }
}
