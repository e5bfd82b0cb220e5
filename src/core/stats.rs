//! Where the candidate stands: what is due, how much is remembered, and how practice is going.
//! Days are counted in the caller's time zone, which is passed in like the clock.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Duration, NaiveDate, NaiveTime, Utc};
use serde::Serialize;

use crate::core::bank::{Card, CardKey};
use crate::core::deadline::{Interview, READY};
use crate::core::progress::Progress;
use crate::core::schedule::{CardState, Rating, State, StateCounts};
use crate::core::snapshot::Snapshot;
use crate::core::zone::Zone;

/// The instant and zone a computation looks from.
#[derive(Debug, Clone, Copy)]
pub struct Now {
    pub at: DateTime<Utc>,
    pub zone: Zone,
}

impl Now {
    pub fn utc(at: DateTime<Utc>) -> Self {
        Now {
            at,
            zone: Zone::utc(),
        }
    }

    pub fn day_of(&self, at: DateTime<Utc>) -> NaiveDate {
        self.zone.day_of(at)
    }

    pub fn today(&self) -> NaiveDate {
        self.day_of(self.at)
    }

    /// The first instant after the end of `day` in the caller's zone.
    pub fn end_of(&self, day: NaiveDate) -> DateTime<Utc> {
        let next = day.succ_opt().unwrap_or(day).and_time(NaiveTime::MIN);
        self.zone.instant_of(next).unwrap_or(self.at)
    }

    /// The interview, while it is still ahead.
    pub fn upcoming(&self, interview: Option<Interview>) -> Option<Interview> {
        interview.filter(|i| i.is_ahead(self.at))
    }

    /// Whole days from today to `day`.
    pub fn days_until(&self, day: NaiveDate) -> i64 {
        (day - self.today()).num_days()
    }
}

/// A reviewed card with what predicts how well it is known.
#[derive(Debug, Clone)]
pub struct CardStanding<'a> {
    pub card: Card<'a>,
    pub state: CardState,
    pub recall_now: f64,
    /// Predicted recall when the interview starts, when one is set and ahead.
    pub recall_at_interview: Option<f64>,
}

impl CardStanding<'_> {
    /// The recall that decides priority: on the interview day when set, else now.
    pub fn priority_recall(&self) -> f64 {
        self.recall_at_interview.unwrap_or(self.recall_now)
    }

    /// Most urgent first: cards in learning steps, then the lowest recall, then the earliest due,
    /// then bank order. Recall and due are compared as finely as a candidate could tell them apart
    /// (a hundredth of a percent, a second), so two cards reviewed a millisecond apart do not swap
    /// places from one run to the next.
    pub fn urgency_order(a: &Self, b: &Self) -> std::cmp::Ordering {
        let in_steps = |s: &Self| !matches!(s.state.state, State::Learning | State::Relearning);
        let recall = |s: &Self| (s.priority_recall() * 10_000.0).round();
        in_steps(a)
            .cmp(&in_steps(b))
            .then(recall(a).total_cmp(&recall(b)))
            .then(a.state.due.timestamp().cmp(&b.state.due.timestamp()))
    }
}

/// The standing of every card in the bank that has been reviewed, in bank order.
pub fn standings(known: Snapshot<'_>) -> Vec<CardStanding<'_>> {
    standings_of(known, known.bank.cards())
}

/// The standing of each of `cards` that has been reviewed, in the order given.
pub fn standings_of<'a>(
    known: Snapshot<'_>,
    cards: impl IntoIterator<Item = Card<'a>>,
) -> Vec<CardStanding<'a>> {
    cards
        .into_iter()
        .filter_map(|card| {
            let state = known.progress.cards.get(&card.key())?.clone();
            Some(CardStanding {
                card,
                recall_now: known.recall(&state),
                recall_at_interview: known
                    .upcoming_for(&card.deck.deck)
                    .map(|i| known.scheduler.recall_at(&state, i.at)),
                state,
            })
        })
        .collect()
}

/// Reviewed cards due by `until` and not skipped, most urgent first.
pub fn due(known: Snapshot<'_>, until: DateTime<Utc>) -> Vec<CardStanding<'_>> {
    due_of(known, known.bank.cards(), until)
}

/// Those of `cards` due by `until` and not skipped, most urgent first.
pub fn due_of<'a>(
    known: Snapshot<'_>,
    cards: impl IntoIterator<Item = Card<'a>>,
    until: DateTime<Utc>,
) -> Vec<CardStanding<'a>> {
    let mut due: Vec<CardStanding<'a>> = standings_of(known, cards)
        .into_iter()
        .filter(|s| s.state.due <= until && !known.progress.is_buried(&s.card.key(), known.now.at))
        .collect();
    due.sort_by(CardStanding::urgency_order);
    due
}

/// The numbers `prepdrill stats` shows.
#[derive(Debug, Clone, Serialize)]
pub struct Stats {
    pub cards: usize,
    pub by_state: StateCounts,
    pub reviews_today: usize,
    pub reviews_7_days: usize,
    pub reviews_total: usize,
    /// Share of answers other than again on cards that were in review.
    pub true_retention: Option<f64>,
    pub streak_days: u32,
    pub average_answer_secs: Option<f64>,
    pub target_answer_secs: Option<f64>,
    pub overtime_share: Option<f64>,
    /// Cards due on each of the next 14 days; today includes the overdue.
    pub forecast: Vec<ForecastDay>,
    pub weakest: Vec<Weak>,
    pub tags: Vec<TagMastery>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub interview: Option<InterviewOutlook>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ForecastDay {
    pub date: NaiveDate,
    pub due: usize,
}

/// A question ranked by weakness.
#[derive(Debug, Clone, Serialize)]
pub struct Weak {
    pub id: String,
    pub deck: String,
    pub question: String,
    /// Predicted recall on the interview day when one is ahead, else now; 0 when unseen.
    pub recall: f64,
    /// Never reviewed.
    pub unseen: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct TagMastery {
    pub tag: String,
    pub cards: usize,
    /// Share of the tag's questions known: in review, with recall (on the day when an interview
    /// is ahead, else now) of at least 0.9. Failing a card takes it out until it is relearned.
    pub mastery: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct InterviewOutlook {
    pub date: NaiveDate,
    /// When it starts, for wording ("today at 09:00"); JSON keeps `date` and `days_left`.
    #[serde(skip)]
    pub at: DateTime<Utc>,
    pub days_left: i64,
    /// Mean predicted recall on the interview day; never-reviewed cards count as 0.
    pub mean_recall: f64,
    /// Questions with a predicted recall of at least 0.9 when the interview starts.
    pub ready: usize,
    pub below_80: Vec<Weak>,
    /// The questions counted: the bank's, or, when decks have interviews of their own, those of
    /// the decks with one ahead, each toward its own deck's day (`date` is then the soonest).
    #[serde(skip)]
    pub questions: usize,
    #[serde(skip)]
    pub each_deck: bool,
}

fn weak(card: Card<'_>, recall: f64, unseen: bool) -> Weak {
    Weak {
        id: card.question.id.clone(),
        deck: card.deck.deck.clone(),
        question: card.question.question.clone(),
        recall,
        unseen,
    }
}

/// `cards`, weakest first: by predicted recall on the interview day (now, when none is ahead),
/// unseen questions at 0; ties go to more lapses, then to the lower last grade.
pub fn weakest_of<'a>(
    known: Snapshot<'_>,
    cards: impl IntoIterator<Item = Card<'a>>,
) -> Vec<(Card<'a>, Option<CardStanding<'a>>)> {
    let cards: Vec<Card<'a>> = cards.into_iter().collect();
    let standing = standings_of(known, cards.iter().copied());
    ranked_weakest(known.progress, cards, standing)
}

/// `cards`, weakest first, from the standings of those reviewed.
fn ranked_weakest<'a>(
    progress: &Progress,
    cards: Vec<Card<'a>>,
    standing: Vec<CardStanding<'a>>,
) -> Vec<(Card<'a>, Option<CardStanding<'a>>)> {
    let mut by_key: HashMap<CardKey, CardStanding<'a>> =
        standing.into_iter().map(|s| (s.card.key(), s)).collect();
    let last_grade: HashMap<&CardKey, Rating> = progress
        .reviews
        .iter()
        .filter(|r| r.schedules())
        .map(|r| (&r.card, r.rating))
        .collect();
    let mut ranked: Vec<(Card<'a>, Option<CardStanding<'a>>)> = cards
        .into_iter()
        .map(|c| {
            let standing = by_key.remove(&c.key());
            (c, standing)
        })
        .collect();
    let rank = |(card, standing): &(Card<'a>, Option<CardStanding<'a>>)| {
        (
            standing.as_ref().map_or(0.0, CardStanding::priority_recall),
            std::cmp::Reverse(standing.as_ref().map_or(0, |s| s.state.lapses)),
            last_grade.get(&card.key()).copied(),
        )
    };
    ranked.sort_by(|a, b| {
        let (ra, la, ga) = rank(a);
        let (rb, lb, gb) = rank(b);
        ra.total_cmp(&rb).then(la.cmp(&lb)).then(ga.cmp(&gb))
    });
    ranked
}

/// The arithmetic mean, `None` for no values.
pub fn mean(values: impl Iterator<Item = f64>) -> Option<f64> {
    let (sum, n) = values.fold((0.0, 0usize), |(s, n), v| (s + v, n + 1));
    (n > 0).then(|| sum / n as f64)
}

/// Days in a row with practice up to today. A streak survives until the end of a day without
/// practice, so today may still be empty.
fn streak(practice_days: &HashSet<NaiveDate>, today: NaiveDate) -> u32 {
    let mut day = if practice_days.contains(&today) {
        today
    } else {
        today - Duration::days(1)
    };
    let mut streak_days = 0;
    while practice_days.contains(&day) {
        streak_days += 1;
        day -= Duration::days(1);
    }
    streak_days
}

/// Cards due on each of the next 14 days; today includes the overdue.
fn forecast_days(standing: &[CardStanding<'_>], now: Now) -> Vec<ForecastDay> {
    let today = now.today();
    (0..14)
        .map(|offset| {
            let date = today + Duration::days(offset);
            let end = now.end_of(date);
            let start = if offset == 0 {
                DateTime::<Utc>::MIN_UTC
            } else {
                now.end_of(date - Duration::days(1))
            };
            let due = standing
                .iter()
                .filter(|s| s.state.due >= start && s.state.due < end)
                .count();
            ForecastDay { date, due }
        })
        .collect()
}

/// Share of answers other than again on cards that were in review, replaying each card's
/// phase through the log; `None` before any review of a card in review.
fn true_retention(known: Snapshot<'_>) -> Option<f64> {
    let mut phases: HashMap<&CardKey, (State, Option<usize>)> = HashMap::new();
    let (mut in_review, mut recalled) = (0usize, 0usize);
    for review in known.progress.reviews.iter().filter(|r| r.schedules()) {
        let (state, step) = phases
            .get(&review.card)
            .copied()
            .unwrap_or((State::New, None));
        if state == State::Review {
            in_review += 1;
            recalled += usize::from(review.rating != Rating::Again);
        }
        let next = known.scheduler.transition(state, step, review.rating);
        phases.insert(&review.card, (next.state, next.step));
    }
    (in_review > 0).then(|| recalled as f64 / in_review as f64)
}

/// Each tag's share of questions known: in review with recall (on the interview day when one
/// is ahead, else now) of at least [`READY`].
fn tag_mastery(
    known: Snapshot<'_>,
    by_key: &HashMap<CardKey, &CardStanding<'_>>,
) -> Vec<TagMastery> {
    let bank = known.bank;
    let ready = |card: &Card<'_>| {
        by_key
            .get(&card.key())
            .is_some_and(|s| s.state.state == State::Review && s.priority_recall() >= READY)
    };
    bank.tag_counts()
        .into_iter()
        .map(|(tag, cards)| TagMastery {
            tag: tag.to_string(),
            cards,
            mastery: mean(
                bank.cards()
                    .filter(|c| c.question.tags.iter().any(|t| t == tag))
                    .map(|c| if ready(&c) { 1.0 } else { 0.0 }),
            )
            .unwrap_or(0.0),
        })
        .collect()
}

/// Where the cards stand for the interview, when one is ahead.
fn outlook_for(
    known: Snapshot<'_>,
    by_key: &HashMap<CardKey, &CardStanding<'_>>,
) -> Option<InterviewOutlook> {
    let (bank, now) = (known.bank, known.now);
    known.upcoming().map(|interview| {
        let counted: Vec<Card<'_>> = bank
            .cards()
            .filter(|c| known.upcoming_for(&c.deck.deck).is_some())
            .collect();
        let recall_then = |card: &Card<'_>| {
            by_key
                .get(&card.key())
                .and_then(|s| s.recall_at_interview)
                .unwrap_or(0.0)
        };
        let mut below_80: Vec<Weak> = counted
            .iter()
            .map(|c| (*c, recall_then(c)))
            .filter(|(_, r)| *r < 0.8)
            .map(|(c, r)| weak(c, r, !by_key.contains_key(&c.key())))
            .collect();
        below_80.sort_by(|a, b| a.recall.total_cmp(&b.recall));
        InterviewOutlook {
            date: interview.day,
            at: interview.at,
            days_left: now.days_until(interview.day),
            mean_recall: mean(counted.iter().map(recall_then)).unwrap_or(0.0),
            ready: counted.iter().filter(|c| recall_then(c) >= READY).count(),
            below_80,
            questions: counted.len(),
            each_deck: known.each_deck,
        }
    })
}

pub fn stats(known: Snapshot<'_>) -> Stats {
    stats_of(known, &standings(known))
}

/// The numbers `prepdrill stats` shows, from the bank's `standing` (see [`standings`]) worked
/// out once by a caller that needs it too.
pub fn stats_of(known: Snapshot<'_>, standing: &[CardStanding<'_>]) -> Stats {
    let (bank, progress, now) = (known.bank, known.progress, known.now);
    let today = now.today();
    let by_key: HashMap<CardKey, &CardStanding<'_>> =
        standing.iter().map(|s| (s.card.key(), s)).collect();

    let mut by_state = StateCounts::default();
    for card in bank.cards() {
        by_state.add(
            by_key
                .get(&card.key())
                .map_or(State::New, |s| s.state.state),
        );
    }

    let week_start = today - Duration::days(6);
    let mut reviews_today = 0;
    let mut reviews_7_days = 0;
    let mut practice_days = HashSet::new();
    let mut durations = Vec::new();
    let mut targets = Vec::new();
    let mut overtime = 0usize;
    for review in &progress.reviews {
        let day = now.day_of(review.at);
        practice_days.insert(day);
        reviews_today += usize::from(day == today);
        reviews_7_days += usize::from(day >= week_start && day <= today);
        if let Some(card) = bank.card(&review.card) {
            durations.push(review.duration_ms as f64 / 1000.0);
            targets.push(f64::from(card.answer_time_secs()));
            overtime += usize::from(review.timed_out);
        }
    }

    let streak_days = streak(&practice_days, today);
    let forecast = forecast_days(standing, now);

    let weakest = ranked_weakest(progress, bank.cards().collect(), standing.to_vec())
        .into_iter()
        .take(5)
        .map(|(card, s)| {
            weak(
                card,
                s.as_ref().map_or(0.0, CardStanding::priority_recall),
                s.is_none(),
            )
        })
        .collect();

    let tags = tag_mastery(known, &by_key);
    let interview = outlook_for(known, &by_key);

    Stats {
        cards: bank.len(),
        by_state,
        reviews_today,
        reviews_7_days,
        reviews_total: progress.reviews.len(),
        true_retention: true_retention(known),
        streak_days,
        average_answer_secs: mean(durations.into_iter()),
        target_answer_secs: mean(targets.iter().copied()),
        overtime_share: (!targets.is_empty()).then(|| overtime as f64 / targets.len() as f64),
        forecast,
        weakest,
        tags,
        interview,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::bank::Bank;
    use crate::core::deadline::Interviews;
    use crate::core::fixtures::bank_of;
    use crate::core::progress::{Progress, Review};
    use crate::core::schedule::{Scheduler, Settings};

    fn bank() -> Bank {
        bank_of(&["q1", "q2", "q3"], 60)
    }

    fn review(id: &str, card: &str, at: &str, rating: Rating, ms: u64) -> Review {
        Review {
            id: id.into(),
            card: CardKey::new("d", card),
            at: at.parse().expect("instant"),
            rating,
            duration_ms: ms,
            timed_out: ms > 60_000,
            typed_answer: None,
            cram: false,
            mock: false,
            round: None,
            extra: std::collections::BTreeMap::new(),
        }
    }

    #[test]
    fn stats_add_up() {
        let scheduler = Scheduler::new(Settings::default());
        let mut progress = Progress::default();
        for r in [
            review("a", "q1", "2026-01-01T10:00:00Z", Rating::Easy, 30_000),
            review("b", "q1", "2026-01-10T10:00:00Z", Rating::Again, 90_000),
            review("c", "q2", "2026-01-10T11:00:00Z", Rating::Good, 60_000),
        ] {
            progress.record(r, &scheduler).expect("in order");
        }
        let now = Now::utc("2026-01-10T12:00:00Z".parse().expect("instant"));
        let (bank, none) = (bank(), Interviews::default());
        let s = stats(Snapshot::new(&bank, &progress, &scheduler, now, &none));
        assert_eq!(s.by_state.get(State::New), 1);
        assert_eq!(s.by_state.get(State::Relearning), 1);
        assert_eq!(
            (s.reviews_today, s.reviews_7_days, s.reviews_total),
            (2, 2, 3)
        );
        assert_eq!(s.true_retention, Some(0.0));
        assert_eq!(s.streak_days, 1);
        assert_eq!(s.average_answer_secs, Some(60.0));
        assert_eq!(s.overtime_share.map(|v| (v * 3.0).round()), Some(1.0));
        assert_eq!(s.forecast.len(), 14);
        assert_eq!(
            s.forecast[0].due, 2,
            "q1 relearning and q2 learning are due today"
        );
    }

    #[test]
    fn due_puts_steps_then_weakest_first() {
        let scheduler = Scheduler::new(Settings {
            fuzz: false,
            ..Settings::default()
        });
        let mut progress = Progress::default();
        for r in [
            review("a", "q1", "2026-01-01T10:00:00Z", Rating::Easy, 1),
            review("b", "q2", "2026-01-01T10:00:00Z", Rating::Hard, 1),
            review("c", "q3", "2026-01-01T10:00:00Z", Rating::Good, 1),
        ] {
            progress.record(r, &scheduler).expect("in order");
        }
        let now = Now::utc("2026-02-01T00:00:00Z".parse().expect("instant"));
        let (bank, none) = (bank(), Interviews::default());
        let ids: Vec<String> = due(
            Snapshot::new(&bank, &progress, &scheduler, now, &none),
            now.at,
        )
        .iter()
        .map(|s| s.card.question.id.clone())
        .collect();
        assert_eq!(ids, ["q2", "q3", "q1"]);
    }

    #[test]
    fn a_millisecond_between_two_reviews_does_not_reorder_due() {
        let scheduler = Scheduler::new(Settings {
            fuzz: false,
            ..Settings::default()
        });
        let now = Now::utc("2026-02-01T00:00:00Z".parse().expect("instant"));
        for (q1, q2) in [
            ("2026-01-01T10:00:00.001Z", "2026-01-01T10:00:00Z"),
            ("2026-01-01T10:00:00Z", "2026-01-01T10:00:00.001Z"),
        ] {
            let mut progress = Progress::default();
            for r in [
                review("a", "q2", q2, Rating::Good, 1),
                review("b", "q1", q1, Rating::Good, 1),
            ] {
                progress.record(r, &scheduler).expect("in order");
            }
            let (bank, none) = (bank(), Interviews::default());
            let ids: Vec<String> = due(
                Snapshot::new(&bank, &progress, &scheduler, now, &none),
                now.at,
            )
            .iter()
            .map(|s| s.card.question.id.clone())
            .collect();
            assert_eq!(
                ids,
                ["q1", "q2"],
                "bank order, whichever was a millisecond later"
            );
        }
    }
}
