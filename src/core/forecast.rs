//! The readiness forecast: how many questions will be ready on the interview day if the
//! candidate stops now, or practises some minutes a day until then. It plays the drill's own
//! sessions, planned by the drill's own planner, with the planner's memory model answering, over
//! many seeded runs, so the same progress always gives the same forecast. A candidate told that
//! questions come back at a later time comes back then, within the day's minutes.

use std::collections::HashMap;

use chrono::Duration;

use crate::core::bank::{Card, CardKey};
use crate::core::deadline::{AnswerOdds, Interview, READY};
use crate::core::draws::Draws;
use crate::core::plan::PlanOptions;
use crate::core::progress::Progress;
use crate::core::rehearsal::Day;
use crate::core::schedule::Scheduler;
use crate::core::stats::Now;

/// The furthest interview a forecast plays out, in days: a day's simulation is cheap, but not
/// years of them, and so far ahead the day's practice matters more than any forecast.
pub const HORIZON_DAYS: i64 = 90;

/// Share of the questions the candidate aims to have ready.
pub const GOAL: f64 = 0.95;

/// Daily minutes the search for the goal tries, in order; past the last, it is out of reach.
const MINUTE_LADDER: [u32; 12] = [5, 10, 15, 20, 30, 45, 60, 90, 120, 180, 240, 360];

/// Runs for each rung of the ladder: fewer than the forecast, which is shown with its range.
const LADDER_RUNS: usize = 16;

/// Questions ready on the day over many runs of one daily practice.
#[derive(Debug, Clone, PartialEq)]
pub struct Practice {
    pub minutes_per_day: u32,
    /// Sessions from now to the interview, one a day at this time of day.
    pub sessions: usize,
    pub mean: f64,
    /// The 10th and 90th percentiles over the runs.
    pub low: usize,
    pub high: usize,
    pub runs: usize,
}

/// Daily minutes that reach the goal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reach {
    /// The goal is met without more practice.
    Already,
    Minutes(u32),
    /// Not even the longest daily practice tried reaches it.
    OutOfReach,
}

/// What `plan` shows: where the candidate stands for the interview, and where practice leads.
#[derive(Debug, Clone, PartialEq)]
pub struct Outlook {
    pub interview: Interview,
    pub questions: usize,
    pub ready_if_stopped: usize,
    pub practice: Practice,
    /// The daily minutes for the goal; `None` when not searched (the one-line summary).
    pub reach: Option<Reach>,
}

/// Runs behind the forecast `plan` shows with its range.
pub const PLAN_RUNS: usize = 48;

/// Runs behind the one-line forecast in `stats` and the drill's summary.
pub const SUMMARY_RUNS: usize = 24;

/// Where a forecast starts: the cards, the progress so far, the model, now and the interview.
#[derive(Debug, Clone, Copy)]
pub struct Start<'a, 'b> {
    pub cards: &'a [Card<'b>],
    pub progress: &'a Progress,
    pub scheduler: &'a Scheduler,
    pub now: Now,
    pub interview: Interview,
    /// As the drill plans its sessions.
    pub options: PlanOptions,
}

impl Start<'_, '_> {
    /// The outlook practising `minutes_per_day`; with `search`, also the minutes the goal needs.
    pub fn outlook(&self, minutes_per_day: u32, search: bool) -> Outlook {
        let runs = if search { PLAN_RUNS } else { SUMMARY_RUNS };
        Outlook {
            interview: self.interview,
            questions: self.cards.len(),
            ready_if_stopped: self.ready_in(self.progress),
            practice: self.practice(minutes_per_day, runs),
            reach: search.then(|| self.minutes_for_goal()),
        }
    }

    /// Questions ready on the day (recall of 0.9 or more) if practice stopped now.
    pub fn ready_if_stopped(&self) -> usize {
        self.ready_in(self.progress)
    }

    fn ready_in(&self, progress: &Progress) -> usize {
        self.cards
            .iter()
            .filter_map(|c| progress.cards.get(&c.key()))
            .filter(|state| self.scheduler.recall_at(state, self.interview.at) >= READY)
            .count()
    }

    /// The forecast of `runs` runs of practising `minutes_per_day` each day until the interview.
    pub fn practice(&self, minutes_per_day: u32, runs: usize) -> Practice {
        let mut ready: Vec<usize> = (0..runs)
            .map(|run| {
                let end = self.simulate(minutes_per_day, 0x5eed_0000 + run as u64);
                self.ready_in(&end)
            })
            .collect();
        ready.sort_unstable();
        let at = |share: f64| {
            ready
                .get(((ready.len() as f64 - 1.0) * share).round() as usize)
                .copied()
        };
        Practice {
            minutes_per_day,
            sessions: self
                .sessions(Duration::minutes(i64::from(minutes_per_day)))
                .count(),
            mean: ready.iter().sum::<usize>() as f64 / runs.max(1) as f64,
            low: at(0.1).unwrap_or(0),
            high: at(0.9).unwrap_or(0),
            runs,
        }
    }

    /// The fewest daily minutes on the ladder whose forecast meets the goal on average.
    pub fn minutes_for_goal(&self) -> Reach {
        let goal = (GOAL * self.cards.len() as f64).ceil();
        if self.ready_if_stopped() as f64 >= goal {
            return Reach::Already;
        }
        // More practice never lowers the forecast much, so search the ladder by halves.
        let (mut low, mut high) = (0, MINUTE_LADDER.len());
        while low < high {
            let middle = usize::midpoint(low, high);
            if self.practice(MINUTE_LADDER[middle], LADDER_RUNS).mean >= goal {
                high = middle;
            } else {
                low = middle + 1;
            }
        }
        MINUTE_LADDER
            .get(low)
            .map_or(Reach::OutOfReach, |m| Reach::Minutes(*m))
    }

    /// One session a day at this time of day until the interview starts, each with its minutes:
    /// `minutes` a day, but today only what today's answers have not used yet. A candidate who
    /// has begun today's practice may go on with the rest of it, as the line on today offers;
    /// counting today as done would, on the interview morning, forecast no practice at all
    /// beside "Today: about 48 min left".
    fn sessions(&self, minutes: Duration) -> impl Iterator<Item = (Now, Duration)> + use<> {
        let (now, interview) = (self.now, self.interview);
        let today = now.today();
        let used_today: Duration = self
            .progress
            .reviews
            .iter()
            .filter(|r| now.day_of(r.at) == today)
            .map(|r| Duration::milliseconds(i64::try_from(r.duration_ms).unwrap_or(i64::MAX)))
            .sum();
        (0..)
            .map(move |day| {
                let start = Now {
                    at: now.at + Duration::days(day),
                    ..now
                };
                let left = if day == 0 {
                    minutes - used_today
                } else {
                    minutes
                };
                (start, left)
            })
            .take_while(move |(start, _)| start.at < interview.at)
            .filter(|(_, left)| *left > Duration::zero())
    }

    /// One run: the progress on the morning of the interview.
    fn simulate(&self, minutes_per_day: u32, seed: u64) -> Progress {
        let mut draws = Draws::new(seed);
        let odds = AnswerOdds::default();
        let scheduler = self.scheduler;
        let mut progress = self.progress.clone();
        let mut spent: HashMap<CardKey, (Duration, i32)> = HashMap::new();
        for review in &progress.reviews {
            let entry = spent.entry(review.card.clone()).or_default();
            entry.0 += Duration::milliseconds(i64::try_from(review.duration_ms).unwrap_or(0));
            entry.1 += 1;
        }
        for (start, minutes) in self.sessions(Duration::minutes(i64::from(minutes_per_day))) {
            let day = Day {
                cards: self.cards,
                scheduler,
                interview: Some(self.interview),
                options: self.options,
                minutes,
            };
            day.practise(&mut progress, start, |card, at, progress| {
                let took = match spent.get(&card.key) {
                    Some((total, n)) if *n > 0 => *total / *n,
                    _ => card.answer_limit,
                };
                let state = progress.cards.get(&card.key);
                let recall = state.map_or(0.0, |s| scheduler.recall_at(s, at));
                let pair = [draws.next_unit(), draws.next_unit()];
                (took, odds.rating(state.is_some(), recall, pair))
            });
        }
        progress
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::fixtures::{bank, review};
    use crate::core::schedule::Settings;

    fn options() -> PlanOptions {
        PlanOptions {
            new_cards: 10,
            limit: None,
            cram: false,
            answer_secs: 120,
            new_cap: None,
        }
    }

    fn interview(days: i64, now: Now) -> Interview {
        let day = now.today() + Duration::days(days);
        let at = day.and_hms_opt(9, 0, 0).expect("valid time").and_utc();
        Interview { day, at }
    }

    fn start<'a, 'b>(
        cards: &'a [Card<'b>],
        progress: &'a Progress,
        scheduler: &'a Scheduler,
        now: Now,
        days: i64,
    ) -> Start<'a, 'b> {
        Start {
            cards,
            progress,
            scheduler,
            now,
            interview: interview(days, now),
            options: options(),
        }
    }

    #[test]
    fn practice_makes_ready_and_more_practice_more() {
        let bank = bank(6);
        let cards: Vec<Card<'_>> = bank.cards().collect();
        let scheduler = Scheduler::new(Settings::default());
        let progress = Progress::default();
        let now = Now::utc("2026-03-01T19:00:00Z".parse().expect("instant"));
        let start = start(&cards, &progress, &scheduler, now, 5);
        assert_eq!(start.ready_if_stopped(), 0);
        let little = start.practice(3, 16);
        let more = start.practice(20, 16);
        assert_eq!(more.sessions, 5);
        assert!(little.mean < more.mean, "{little:?} vs {more:?}");
        assert!(more.mean >= 5.0, "{more:?}");
        assert!(little.low <= little.high);
    }

    #[test]
    fn a_day_already_begun_keeps_the_rest_of_its_minutes() {
        // The interview morning: 07:00, the interview at 09:00, and practice begun at 06:30.
        let bank = bank(6);
        let cards: Vec<Card<'_>> = bank.cards().collect();
        let scheduler = Scheduler::new(Settings::default());
        let now = Now::utc("2026-03-01T07:00:00Z".parse().expect("instant"));
        let answered = |minutes: i64| {
            let mut progress = Progress::default();
            let mut review = review(
                "r1",
                cards[0].question.id.as_str(),
                "2026-03-01T06:30:00Z",
                crate::core::schedule::Rating::Good,
            );
            review.duration_ms = u64::try_from(minutes * 60_000).expect("minutes");
            progress.reviews.push(review);
            progress
        };
        let five = answered(5);
        let today = start(&cards, &five, &scheduler, now, 0);
        assert_eq!(
            today.practice(20, 4).sessions,
            1,
            "15 of 20 minutes are left"
        );
        let twenty = answered(20);
        let done = start(&cards, &twenty, &scheduler, now, 0);
        assert_eq!(
            done.practice(20, 4).sessions,
            0,
            "the day's 20 minutes are used"
        );
        assert!(today.practice(20, 4).mean > done.practice(20, 4).mean);
    }

    #[test]
    fn the_forecast_is_reproducible() {
        let bank = bank(4);
        let cards: Vec<Card<'_>> = bank.cards().collect();
        let scheduler = Scheduler::new(Settings::default());
        let progress = Progress::default();
        let now = Now::utc("2026-03-01T08:00:00Z".parse().expect("instant"));
        let start = start(&cards, &progress, &scheduler, now, 3);
        assert_eq!(start.practice(10, 8), start.practice(10, 8));
    }

    #[test]
    fn the_goal_needs_enough_minutes() {
        // Twenty questions over two weeks: with eight over one week the goal (every question)
        // is out of reach, since a lapse on the eve is not asked again and again that evening.
        let bank = bank(20);
        let cards: Vec<Card<'_>> = bank.cards().collect();
        let scheduler = Scheduler::new(Settings::default());
        let progress = Progress::default();
        let now = Now::utc("2026-03-01T19:00:00Z".parse().expect("instant"));
        let reach = start(&cards, &progress, &scheduler, now, 14).minutes_for_goal();
        assert!(
            matches!(reach, Reach::Minutes(m) if (5..=60).contains(&m)),
            "{reach:?}"
        );
    }
}
