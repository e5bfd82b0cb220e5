//! Readiness on the interview day: simulated learners prepare the built-in bank of 24 questions
//! for an interview 7, 14 or 28 days away, at 10 or 20 minutes a day, one session a day. Run with
//! `cargo bench --bench readiness`; it prints tables and asserts nothing.
//!
//! The learner model lives here, and only here. Each learner's true memory follows FSRS-6 with
//! parameters that differ from the defaults the planner assumes: initial stabilities, the growth
//! after success, the stability after a lapse and the forgetting curve's decay are each drawn at
//! random. Each answer takes 90 to 180 seconds. A first answer is rated by the `fsrs` crate's
//! simulator odds; later answers are recalled with the learner's true recall, then rated hard,
//! good or easy by the same odds. The measure is the learner's true recall at the interview
//! (09:00 on the day), averaged over the 24 questions, and the share of questions at 0.9 or more.
//!
//! Five policies, each driven through the code the drill runs (`plan`, `Session`, `play`):
//! - interview mode: an interview date is set, so the deadline planner picks each card;
//! - interview mode, personal parameters: the same, and at the end of each session the memory
//!   model is refitted as `auto-optimize` does it (`core::fit`: `refit_due`, `fit`, `keep`; from 50
//!   scorable reviews, with `core::prior_fit` below 1,000), so
//!   the schedule and the planner use the learner's fitted parameters once they predict better;
//! - interview mode, true parameters (oracle): the same planner given each learner's true
//!   parameters, which the simulation knows and no drill can: the ceiling for personal parameters;
//! - no interview date: due cards, then up to 10 new cards a day, until the queue is done;
//! - round-robin: the simple alternative, cycling through the bank in order until time is up.
//!
//! The planner was tuned on learners from seed bases 1000 and 2000 (`-- --seed-base 1000`); the
//! default base, 0, draws learners it never saw. Options: `--learners N` (default 40), `--seed-base N`,
//! `--speed-only`, `--no-speed`, and for tuning `--cells 7x10,28x10` and `--policies
//! interview,personal,oracle,no-date,round-robin` to run only those. The speed part also times `optimize` on 1,000 reviews.
//!
//! Each day is played as `rehearsal::Day` plays it: a learner told "2 questions come back at
//! 19:42" comes back then, within the day's minutes. Beside readiness the bench counts what a
//! candidate would notice (issue 14): a card answered hard, good or easy and asked again at
//! once, and a card asked again on the day its confirmation said "back in" hours or days. Both
//! must stay 0.

#![allow(clippy::expect_used, clippy::unwrap_used)] // a benchmark that cannot set up should stop

use std::collections::HashMap;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use fsrs::{DEFAULT_PARAMETERS, FSRS, MemoryState};
use prepdrill::core::bank::{Bank, Card, CardKey};
use prepdrill::core::deadline::{AnswerOdds, Deadline, Interview};
use prepdrill::core::fit::{FitProgress, History, fit, refit_due};
use prepdrill::core::forecast::Start;
use prepdrill::core::parameters::Parameters;
use prepdrill::core::plan::{PlanOptions, introduced_today};
use prepdrill::core::progress::{Progress, Review};
use prepdrill::core::queue::Queue;
use prepdrill::core::rehearsal::Day as DayOfPractice;
use prepdrill::core::schedule::{CardState, Memory, Rating, Scheduler, Settings, State};
use prepdrill::core::session::QueuedCard;
use prepdrill::core::stats::Now;
use prepdrill::store::bank_file::{BankSource, load_bank};
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};

const DAYS: [i64; 3] = [7, 14, 28];
const MINUTES: [i64; 2] = [10, 20];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Policy {
    Interview,
    /// Interview mode with `auto-optimize`: the memory model refitted as the reviews come in.
    Personal,
    /// Interview mode planned with the learner's true parameters, which no drill can know: the
    /// ceiling that personal parameters approach.
    Oracle,
    NoDate,
    RoundRobin,
}

const POLICIES: [Policy; 5] = [
    Policy::Interview,
    Policy::Personal,
    Policy::Oracle,
    Policy::NoDate,
    Policy::RoundRobin,
];

impl Policy {
    fn name(self) -> &'static str {
        match self {
            Policy::Interview => "interview mode",
            Policy::Personal => "interview mode, personal parameters",
            Policy::Oracle => "interview mode, true parameters (oracle)",
            Policy::NoDate => "no interview date",
            Policy::RoundRobin => "round-robin",
        }
    }
}

/// A simulated candidate: true memory under their own FSRS-6 parameters.
struct Learner {
    /// The true weights, which only the oracle policy plans with.
    truth: Parameters,
    fsrs: FSRS,
    decay: f32,
    /// Hour of day of the daily session.
    hour: f64,
    rng: StdRng,
    odds: AnswerOdds,
    /// True memory of each card, and when it was last reviewed.
    memory: HashMap<CardKey, (MemoryState, DateTime<Utc>)>,
}

fn normal(rng: &mut StdRng) -> f64 {
    // Box-Muller: rand's core has no normal distribution.
    let u1: f64 = rng.random::<f64>().max(1e-12);
    let u2: f64 = rng.random();
    (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
}

impl Learner {
    fn new(seed: u64) -> Self {
        let mut rng = StdRng::seed_from_u64(seed);
        let mut w: Vec<f32> = DEFAULT_PARAMETERS.to_vec();
        let scale = |rng: &mut StdRng, sigma: f64| (sigma * normal(rng)).exp() as f32;
        let mut initial: Vec<f32> = (0..4).map(|i| w[i] * scale(&mut rng, 0.4)).collect();
        initial.sort_by(f32::total_cmp);
        w[..4].copy_from_slice(&initial);
        w[8] = (w[8] + 0.3 * normal(&mut rng) as f32).clamp(0.5, 3.5);
        w[10] *= scale(&mut rng, 0.25);
        w[11] *= scale(&mut rng, 0.3);
        w[20] = 0.1 + 0.3 * rng.random::<f32>();
        let decay = w[20];
        let fsrs = FSRS::new(&w).expect("perturbed parameters stay valid");
        let truth = Parameters::new(&w).expect("perturbed parameters stay in bounds");
        let hour = 7.0 + 15.0 * rng.random::<f64>();
        Learner {
            truth,
            fsrs,
            decay,
            hour,
            rng,
            odds: AnswerOdds::default(),
            memory: HashMap::new(),
        }
    }

    fn recall(&self, key: &CardKey, at: DateTime<Utc>) -> f64 {
        self.memory.get(key).map_or(0.0, |(state, last)| {
            let days = (at - *last).num_milliseconds() as f32 / 86_400_000.0;
            f64::from(fsrs::current_retrievability(
                *state,
                days.max(0.0),
                self.decay,
            ))
        })
    }

    /// Answers `key` at `at`: how long it took and the self-grade; the true memory moves on.
    fn answer(
        &mut self,
        key: &CardKey,
        at: DateTime<Utc>,
    ) -> (Duration, prepdrill::core::schedule::Rating) {
        let took = Duration::seconds(90 + (self.rng.random::<f64>() * 90.0) as i64);
        let seen = self.memory.get(key).copied();
        let recall = self.recall(key, at);
        let rating = self.odds.rating(
            seen.is_some(),
            recall,
            [self.rng.random(), self.rng.random()],
        );
        let days = seen.map_or(0, |(_, last)| (at - last).num_days().max(0));
        let next = self
            .fsrs
            .next_states(seen.map(|(s, _)| s), 0.9, u32::try_from(days).unwrap_or(0))
            .expect("valid memory");
        let state = [next.again, next.hard, next.good, next.easy][rating as usize - 1].memory;
        self.memory.insert(key.clone(), (state, at + took));
        (took, rating)
    }

    fn session_start(&mut self, day: i64, origin: DateTime<Utc>) -> DateTime<Utc> {
        let jitter = 0.75 * (2.0 * self.rng.random::<f64>() - 1.0);
        let hours = (self.hour + jitter).clamp(6.0, 23.5);
        origin + Duration::days(day) + Duration::seconds((hours * 3600.0) as i64)
    }
}

/// True recall of each card at the interview, the practice it took, and the refits kept.
struct Outcome {
    mean: f64,
    ready_share: f64,
    minutes_per_day: f64,
    refits: usize,
    /// Reviews a fit can score (`History`): a fit needs `MIN_REVIEWS`.
    scorable: usize,
    /// Times a card answered hard, good or easy was asked again at once.
    passed_then_again: usize,
    /// Times a card was asked again on the day its confirmation said "back in" hours or days.
    after_later: usize,
}

/// What a candidate notices, counted as each card appears: the answer just before it, and the
/// card's own last answer today with the due time its confirmation named.
#[derive(Default)]
struct Notice {
    passed_then_again: usize,
    after_later: usize,
}

impl Notice {
    fn see(
        &mut self,
        key: &CardKey,
        at: DateTime<Utc>,
        day_start: DateTime<Utc>,
        progress: &Progress,
    ) {
        // At once: the card appears the instant the answer before it was graded. A card that
        // ended one session and opens the next, after "come back at 19:42", is not counted.
        if let Some(last) = progress.reviews.last().filter(|r| r.at >= day_start)
            && &last.card == key
            && at - last.at < Duration::minutes(1)
            && last.rating != Rating::Again
        {
            self.passed_then_again += 1;
        }
        if let Some(state) = progress.cards.get(key)
            && let Some(last) = state.last_review.filter(|at| *at >= day_start)
            && state.due - last >= Duration::hours(1)
        {
            self.after_later += 1;
        }
    }
}

fn run(policy: Policy, cards: &[Card<'_>], days: i64, minutes: i64, seed: u64) -> Outcome {
    let origin = Utc.with_ymd_and_hms(2026, 1, 5, 0, 0, 0).unwrap();
    let day = NaiveDate::from_ymd_opt(2026, 1, 5).unwrap() + Duration::days(days);
    let interview = Interview {
        day,
        at: day.and_hms_opt(9, 0, 0).unwrap().and_utc(),
    };
    let mut learner = Learner::new(seed);
    let mut scheduler = Scheduler::new(Settings {
        parameters: if policy == Policy::Oracle {
            learner.truth
        } else {
            Parameters::default()
        },
        ..Settings::default()
    });
    let mut progress = Progress::default();
    let mut turn = 0usize;
    let mut used = Duration::zero();
    let mut refits = 0;
    let mut notice = Notice::default();
    let length = Duration::minutes(minutes);
    for d in 0..days {
        let start = learner.session_start(d, origin);
        let now = Now::utc(start);
        if policy == Policy::RoundRobin {
            let mut at = start;
            while at < start + length {
                let key = cards[turn % cards.len()].key();
                turn += 1;
                let took = learner.answer(&key, at).0;
                at += took;
                used += took;
            }
            continue;
        }
        let scorable_before = History::of(&progress.reviews).len();
        let options = PlanOptions {
            new_cards: 10usize.saturating_sub(introduced_today(&progress, now)),
            limit: None,
            cram: false,
            answer_secs: 120,
            new_cap: None,
        };
        let date = matches!(
            policy,
            Policy::Interview | Policy::Personal | Policy::Oracle
        )
        .then_some(interview);
        let practice = DayOfPractice {
            cards,
            scheduler: &scheduler,
            interview: date,
            options,
            minutes: length,
        };
        practice.practise(&mut progress, now, |card, at, progress| {
            notice.see(&card.key, at, start, progress);
            let (took, rating) = learner.answer(&card.key, at);
            used += took;
            (took, rating)
        });
        // The drill's refit at the end of a session, as `auto-optimize` makes it.
        let history = History::of(&progress.reviews);
        if policy == Policy::Personal
            && refit_due(scorable_before, history.len())
            && let Ok(fit) = fit(&history, scheduler.parameters(), &FitProgress::default())
            && fit.keep(scheduler.parameters())
        {
            scheduler = Scheduler::new(Settings {
                parameters: fit.fitted,
                ..scheduler.settings().clone()
            });
            progress.rebuild(&scheduler);
            refits += 1;
        }
    }
    let recalls: Vec<f64> = cards
        .iter()
        .map(|c| learner.recall(&c.key(), interview.at))
        .collect();
    Outcome {
        mean: recalls.iter().sum::<f64>() / recalls.len() as f64,
        ready_share: recalls.iter().filter(|r| **r >= 0.9).count() as f64 / recalls.len() as f64,
        minutes_per_day: used.num_seconds() as f64 / 60.0 / days as f64,
        refits,
        scorable: History::of(&progress.reviews).len(),
        passed_then_again: notice.passed_then_again,
        after_later: notice.after_later,
    }
}

/// Which cells and policies to run: all unless `--cells 7x10,28x10` or `--policies
/// interview,round-robin` narrow them (for tuning on other seeds; a reported table runs all).
struct Only {
    cells: Option<Vec<(i64, i64)>>,
    policies: Option<Vec<String>>,
}

impl Only {
    fn cell(&self, days: i64, minutes: i64) -> bool {
        self.cells
            .as_ref()
            .is_none_or(|cells| cells.contains(&(days, minutes)))
    }

    fn policy(&self, policy: Policy) -> bool {
        let short = match policy {
            Policy::Interview => "interview",
            Policy::Personal => "personal",
            Policy::Oracle => "oracle",
            Policy::NoDate => "no-date",
            Policy::RoundRobin => "round-robin",
        };
        self.policies
            .as_ref()
            .is_none_or(|names| names.iter().any(|n| n == short))
    }
}

fn readiness(cards: &[Card<'_>], learners: u64, seed_base: u64, only: &Only) {
    println!(
        "Readiness on the interview day: {} questions, {learners} learners per cell (seeds {seed_base}..{}), mean over learners",
        cards.len(),
        seed_base + learners - 1
    );
    println!();
    println!(
        "| days | min/day | policy | mean recall | share ≥ 0.9 | worst learner's share | minutes used a day | scorable reviews | learners refitted | passed, asked again at once | asked again after \"back in\" hours/days |"
    );
    println!("|---|---|---|---|---|---|---|---|---|---|---|");
    for days in DAYS {
        for minutes in MINUTES.into_iter().filter(|m| only.cell(days, *m)) {
            for policy in POLICIES.into_iter().filter(|p| only.policy(*p)) {
                let outcomes: Vec<Outcome> = (0..learners)
                    .map(|i| run(policy, cards, days, minutes, seed_base + i))
                    .collect();
                let n = outcomes.len() as f64;
                let mean = outcomes.iter().map(|o| o.mean).sum::<f64>() / n;
                let share = outcomes.iter().map(|o| o.ready_share).sum::<f64>() / n;
                let worst = outcomes
                    .iter()
                    .map(|o| o.ready_share)
                    .fold(f64::INFINITY, f64::min);
                let used = outcomes.iter().map(|o| o.minutes_per_day).sum::<f64>() / n;
                let scorable = outcomes.iter().map(|o| o.scorable as f64).sum::<f64>() / n;
                let refitted = outcomes.iter().filter(|o| o.refits > 0).count();
                let again: usize = outcomes.iter().map(|o| o.passed_then_again).sum();
                let later: usize = outcomes.iter().map(|o| o.after_later).sum();
                println!(
                    "| {days} | {minutes} | {} | {mean:.3} | {share:.3} | {worst:.2} | {used:.1} | {scorable:.0} | {refitted} | {again} | {later} |",
                    policy.name()
                );
            }
        }
    }
    println!();
}

/// Median of `runs` timings of `f`, in milliseconds.
fn median_ms(runs: usize, mut f: impl FnMut()) -> f64 {
    let mut times: Vec<f64> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    times.sort_by(f64::total_cmp);
    times[times.len() / 2]
}

fn speed(bank: &Bank) {
    println!("Speed (median of repeated runs, this machine):");
    // The planner's pick among 10,000 cards, half of them reviewed at random points in the past.
    let scheduler = Scheduler::new(Settings::default());
    let now = Utc.with_ymd_and_hms(2026, 3, 1, 19, 0, 0).unwrap();
    let day = NaiveDate::from_ymd_opt(2026, 3, 29).unwrap();
    let interview = Interview {
        day,
        at: day.and_hms_opt(9, 0, 0).unwrap().and_utc(),
    };
    let mut rng = StdRng::seed_from_u64(7);
    let mut states = HashMap::new();
    let pool: Vec<(QueuedCard, Duration, i32)> = (0..10_000)
        .map(|i| {
            let key = CardKey::new("big", &format!("q{i}"));
            if i % 2 == 0 {
                let last = now - Duration::hours(1 + (rng.random::<f64>() * 600.0) as i64);
                states.insert(
                    key.clone(),
                    CardState {
                        state: State::Review,
                        step: None,
                        memory: Some(Memory {
                            stability: 0.5 + 40.0 * rng.random::<f64>(),
                            difficulty: 1.0 + 9.0 * rng.random::<f64>(),
                        }),
                        due: now,
                        last_review: Some(last),
                        reviews: 3,
                        lapses: 0,
                        ..CardState::new_card(now)
                    },
                );
            }
            let card = QueuedCard {
                key,
                answer_limit: Duration::seconds(120),
                key_points: Vec::new(),
            };
            (card, Duration::zero(), 0)
        })
        .collect();
    let queue = Queue::toward(
        Deadline::new(interview, scheduler.parameters()),
        pool,
        states,
        scheduler.clone(),
        None,
        None,
    );
    let pick = median_ms(31, || {
        let mut q = queue.clone();
        let _ = q.next(now);
    });
    // Clone cost measured apart, so it can be taken off.
    let clone = median_ms(31, || {
        let _ = queue.clone();
    });
    println!(
        "- planner's next card among 10,000: {:.2} ms (target < 5 ms)",
        (pick - clone).max(0.0)
    );

    plan_speed(bank, &scheduler, now, interview);
}

/// `plan` on the built-in bank with 28 days to go, in process and as a whole command.
fn plan_speed(bank: &Bank, scheduler: &Scheduler, now: DateTime<Utc>, interview: Interview) {
    let cards: Vec<Card<'_>> = bank.cards().collect();
    let start = Now::utc(now);
    let options = PlanOptions {
        new_cards: 10,
        limit: None,
        cram: false,
        answer_secs: 120,
        new_cap: None,
    };
    let progress = Progress::default();
    let forecast = Start {
        cards: &cards,
        progress: &progress,
        scheduler,
        now: start,
        interview,
        options,
    };
    let in_process = median_ms(5, || {
        let _ = forecast.outlook(20, true);
    });
    println!("- forecast for 28 days, in process: {in_process:.0} ms");
    let bin = env!("CARGO_BIN_EXE_prepdrill");
    let home = tempfile::tempdir().expect("temporary home");
    let run = |args: &[&str]| {
        let mut command = Command::new(bin);
        command
            .args(args)
            .env_clear()
            .env("HOME", home.path())
            .env("PREPDRILL_DATA_DIR", home.path().join("data"))
            .env("XDG_CONFIG_HOME", home.path().join("config"))
            .env("PREPDRILL_NOW", "2026-03-01T19:00:00Z")
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        command
    };
    let set = run(&["config", "set", "interview-date", "2026-03-29"])
        .status()
        .expect("runs");
    if set.success() && Path::new(bin).exists() {
        let whole = median_ms(5, || {
            let status = run(&["plan"]).status().expect("runs");
            assert!(status.success(), "plan failed");
        });
        println!(
            "- `prepdrill plan`, built-in bank, 28 days to go: {whole:.0} ms (target < 1000 ms)"
        );
    }
    println!();
}

/// A learner's log with at least `scorable` reviews a fit can score: synthetic cards, 8 new a
/// day, every due one answered each morning.
fn synthetic_log(scorable: usize) -> Progress {
    let scheduler = Scheduler::new(Settings::default());
    let mut learner = Learner::new(99);
    let mut progress = Progress::default();
    let origin = Utc.with_ymd_and_hms(2025, 1, 6, 0, 0, 0).unwrap();
    let mut introduced = 0;
    for day in 0.. {
        if History::of(&progress.reviews).len() >= scorable {
            break;
        }
        let mut at = learner.session_start(day, origin);
        let keys: Vec<CardKey> = (introduced..introduced + 8)
            .map(|i| CardKey::new("synthetic", &format!("q{i}")))
            .collect();
        introduced += 8;
        let end = at + Duration::hours(2);
        while at < end {
            let due = progress
                .cards
                .iter()
                .filter(|(_, c)| c.due <= at)
                .min_by_key(|(_, c)| c.due)
                .map(|(k, _)| k.clone());
            let Some(key) = due.or_else(|| {
                keys.iter()
                    .find(|k| !progress.cards.contains_key(*k))
                    .cloned()
            }) else {
                at += Duration::minutes(2);
                continue;
            };
            let (took, rating) = learner.answer(&key, at);
            let review = Review {
                id: format!("r{}", progress.reviews.len()),
                card: key,
                at,
                rating,
                duration_ms: u64::try_from(took.num_milliseconds()).unwrap_or(0),
                timed_out: false,
                typed_answer: None,
                cram: false,
                mock: false,
                round: None,
                extra: std::collections::BTreeMap::new(),
            };
            progress.record(review, &scheduler).expect("a valid review");
            at += took;
        }
    }
    progress
}

/// `optimize` on a log of 1,000 scorable reviews: the fit in process, and the whole command;
/// and the short-log fit (`core::prior_fit`), which a log under 1,000 gets.
fn optimize_speed() {
    let short = synthetic_log(950);
    let short = History::of(&short.reviews);
    let in_process = median_ms(3, || {
        fit(&short, &Parameters::default(), &FitProgress::default())
            .expect("a log of 950 reviews fits");
    });
    println!(
        "- optimize's short-log fit on {} scorable reviews, in process: {in_process:.0} ms",
        short.len()
    );
    let progress = synthetic_log(1_000);
    let history = History::of(&progress.reviews);
    let current = Parameters::default();
    let in_process = median_ms(3, || {
        fit(&history, &current, &FitProgress::default()).expect("a log of 1,000 reviews fits");
    });
    println!(
        "- optimize's fit on {} scorable reviews ({} in all), in process: {in_process:.0} ms",
        history.len(),
        progress.reviews.len()
    );
    let bin = env!("CARGO_BIN_EXE_prepdrill");
    let home = tempfile::tempdir().expect("temporary home");
    let data = home.path().join("data");
    std::fs::create_dir_all(&data).expect("data dir");
    // As the drill saves it: serde's own form of `Progress` is not the file's version-2 layout.
    std::fs::write(
        data.join("progress.json"),
        prepdrill::store::snapshot::render(&progress),
    )
    .expect("writes the log");
    let whole = median_ms(1, || {
        let status = Command::new(bin)
            .args(["optimize", "--json"])
            .env_clear()
            .env("HOME", home.path())
            .env("PREPDRILL_DATA_DIR", &data)
            .env("XDG_CONFIG_HOME", home.path().join("config"))
            .env("PREPDRILL_NOW", "2026-03-01T19:00:00Z")
            .stdout(Stdio::null())
            .output()
            .expect("runs");
        assert!(
            status.status.success(),
            "optimize failed: {}",
            String::from_utf8_lossy(&status.stderr)
        );
    });
    println!("- `prepdrill optimize`, the same log: {whole:.0} ms (target < 10000 ms)");
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let value = |flag: &str| {
        args.iter()
            .position(|a| a == flag)
            .and_then(|i| args.get(i + 1))
            .and_then(|v| v.parse::<u64>().ok())
    };
    let learners = value("--learners").unwrap_or(40);
    let seed_base = value("--seed-base").unwrap_or(0);
    let bank = load_bank(&[BankSource::BuiltIn], None).expect("the built-in bank loads");
    if !args.iter().any(|a| a == "--no-speed") {
        speed(&bank);
        optimize_speed();
        println!();
    }
    if !args.iter().any(|a| a == "--speed-only") {
        let cards: Vec<Card<'_>> = bank.cards().collect();
        let list = |flag: &str| {
            args.iter()
                .position(|a| a == flag)
                .and_then(|i| args.get(i + 1))
                .map(|v| v.split(',').map(str::to_string).collect::<Vec<_>>())
        };
        let only = Only {
            cells: list("--cells").map(|cells| {
                cells
                    .iter()
                    .filter_map(|c| {
                        let (d, m) = c.split_once('x')?;
                        Some((d.parse().ok()?, m.parse().ok()?))
                    })
                    .collect()
            }),
            policies: list("--policies"),
        };
        readiness(&cards, learners, seed_base, &only);
    }
}
