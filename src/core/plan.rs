//! Which cards a drill asks, in what order: due cards first, most urgent first, then new ones;
//! or, before an interview, whichever card the deadline planner finds most worth a review.

use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};

use crate::core::bank::{Card, CardKey};
use crate::core::deadline::{Deadline, Interview};
use crate::core::progress::Progress;
use crate::core::queue::Queue;
use crate::core::schedule::CardState;
use crate::core::session::QueuedCard;
use crate::core::snapshot::Snapshot;
use crate::core::stats::{Now, due_of, standings_of};

/// Choices that shape the queue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PlanOptions {
    /// New cards to introduce this session.
    pub new_cards: usize,
    /// At most this many cards.
    pub limit: Option<usize>,
    /// Every matching card, whatever its due date.
    pub cram: bool,
    /// Answer time for questions whose bank sets none.
    pub answer_secs: u32,
    /// Before an interview: at most this many new questions (`--new`); `None` lets the planner
    /// introduce as many as help.
    pub new_cap: Option<usize>,
}

/// The queue, and what to say when it is empty.
#[derive(Debug, Clone)]
pub struct Plan {
    pub queue: Queue,
    /// New cards left out by the daily limit.
    pub new_held_back: usize,
    /// When the next reviewed card falls due, if none is due now.
    pub next_due: Option<DateTime<Utc>>,
}

fn queued(card: Card<'_>, answer_secs: u32) -> QueuedCard {
    QueuedCard {
        key: card.key(),
        answer_limit: Duration::seconds(i64::from(card.answer_time_secs_or(answer_secs))),
        key_points: card.question.key_points.clone(),
    }
}

/// New cards first reviewed today, counted against the daily limit.
pub fn introduced_today(progress: &Progress, now: Now) -> usize {
    let today = now.today();
    let mut seen = std::collections::HashSet::new();
    progress
        .reviews
        .iter()
        .filter(|r| r.schedules() && seen.insert(&r.card))
        .filter(|first| now.day_of(first.at) == today)
        .count()
}

/// Plans a session over `cards` (already narrowed by tag and category). Before an interview
/// the deadline planner picks each card as the session goes; otherwise the order is fixed now.
/// Each deck plans toward its own interview (`interviews`); the due cards of a deck with none
/// ahead come first, on the regular schedule.
pub fn plan(known: Snapshot<'_>, cards: &[Card<'_>], options: PlanOptions) -> Plan {
    let (progress, scheduler, now) = (known.progress, known.scheduler, known.now);
    let ahead = |card: &Card<'_>| {
        known
            .interviews
            .of(&card.deck.deck)
            .filter(|i| i.is_ahead(now.at))
    };
    let interview = known.soonest(cards);
    if let (Some(interview), false) = (interview, options.cram) {
        let (before, regular): (Vec<Card<'_>>, Vec<Card<'_>>) =
            cards.iter().partition(|c| ahead(c).is_some());
        let by_deck = before
            .iter()
            .filter_map(|c| {
                let own = ahead(c).filter(|i| *i != interview)?;
                Some((
                    c.deck.deck.clone(),
                    Deadline::new(own, scheduler.parameters()),
                ))
            })
            .collect();
        let in_pool = |c: &Card<'_>| ahead(c).is_some();
        let mut plan = toward(known, cards, &in_pool, interview, options);
        // Their due reviews only: while another deck's interview is ahead, its planner's picks
        // come before a deck without one takes new questions.
        let due_only = PlanOptions {
            new_cards: 0,
            ..options
        };
        let (first, _, _) = scheduled(known, &regular, due_only);
        plan.queue = plan
            .queue
            .with_deadlines_by_deck(by_deck)
            .with_planned_first(first);
        return plan;
    }
    let (mut queue, new_held_back, next_due) = if options.cram {
        (cram(known.toward(interview), cards, options), 0, None)
    } else {
        scheduled(known, cards, options)
    };
    if let Some(limit) = options.limit {
        queue.truncate(limit);
    }
    Plan {
        queue: Queue::planned(queue, states(cards, progress), scheduler.clone()),
        new_held_back,
        next_due,
    }
}

/// The reviewed cards' memory, for the queue to follow as grades come in.
fn states(cards: &[Card<'_>], progress: &Progress) -> HashMap<CardKey, CardState> {
    cards
        .iter()
        .filter_map(|c| Some((c.key(), progress.cards.get(&c.key())?.clone())))
        .collect()
}

/// Before the interview: every card not skipped today and not answered for today, for the
/// planner to choose among, each with the time its past answers took. A card answered today is
/// offered again only once the schedule says it is due: its confirmation said when.
fn toward(
    known: Snapshot<'_>,
    cards: &[Card<'_>],
    in_pool: &dyn Fn(&Card<'_>) -> bool,
    interview: Interview,
    options: PlanOptions,
) -> Plan {
    let (progress, scheduler, now) = (known.progress, known.scheduler, known.now);
    let mut spent: HashMap<&CardKey, (Duration, i32)> = HashMap::new();
    for review in &progress.reviews {
        let entry = spent.entry(&review.card).or_default();
        entry.0 += Duration::milliseconds(i64::try_from(review.duration_ms).unwrap_or(i64::MAX));
        entry.1 += 1;
    }
    let pool = cards
        .iter()
        .filter(|c| {
            in_pool(c)
                && !progress.is_buried(&c.key(), now.at)
                && !answered_for_today(progress, c, now)
        })
        .map(|c| {
            let (time, answers) = spent.get(&c.key()).copied().unwrap_or_default();
            (queued(*c, options.answer_secs), time, answers)
        })
        .collect();
    Plan {
        queue: Queue::toward(
            Deadline::new(interview, scheduler.parameters()),
            pool,
            states(cards, progress),
            scheduler.clone(),
            options.limit,
            options.new_cap,
        ),
        new_held_back: 0,
        next_due: None,
    }
}

/// Whether `card` was answered today and is not due again yet.
pub fn answered_for_today(progress: &Progress, card: &Card<'_>, now: Now) -> bool {
    progress.cards.get(&card.key()).is_some_and(|state| {
        state.due > now.at
            && state
                .last_review
                .is_some_and(|at| now.day_of(at) == now.today())
    })
}

/// Due cards, most urgent first, then new cards up to the day's allowance; with the new cards
/// held back and the next due instant, for when the queue is empty.
fn scheduled(
    known: Snapshot<'_>,
    cards: &[Card<'_>],
    options: PlanOptions,
) -> (Vec<QueuedCard>, usize, Option<DateTime<Utc>>) {
    let (progress, now) = (known.progress, known.now);
    let due = due_of(known.toward(None), cards.iter().copied(), now.at);
    let unseen: Vec<Card<'_>> = cards
        .iter()
        .copied()
        .filter(|c| !progress.cards.contains_key(&c.key()) && !progress.is_buried(&c.key(), now.at))
        .collect();
    let new = unseen.len().min(options.new_cards);
    let queue = due
        .iter()
        .map(|s| s.card)
        .chain(unseen.iter().copied().take(new))
        .map(|c| queued(c, options.answer_secs))
        .collect();
    let next_due = cards
        .iter()
        .filter_map(|c| progress.cards.get(&c.key()))
        .map(|s| s.due)
        .filter(|due| *due > now.at)
        .min();
    (queue, unseen.len() - new, next_due)
}

/// Every matching card, lowest predicted recall first; never-reviewed cards count as 0.
fn cram(known: Snapshot<'_>, cards: &[Card<'_>], options: PlanOptions) -> Vec<QueuedCard> {
    let (progress, now) = (known.progress, known.now);
    let recall_by_key: std::collections::HashMap<_, f64> =
        standings_of(known, cards.iter().copied())
            .iter()
            .map(|s| (s.card.key(), s.priority_recall()))
            .collect();
    let recall = |card: &Card<'_>| recall_by_key.get(&card.key()).copied().unwrap_or(0.0);
    let mut ranked: Vec<(Card<'_>, f64)> = cards
        .iter()
        .filter(|c| !progress.is_buried(&c.key(), now.at))
        .map(|c| (*c, recall(c)))
        .collect();
    ranked.sort_by(|a, b| a.1.total_cmp(&b.1));
    ranked
        .iter()
        .map(|(c, _)| queued(*c, options.answer_secs))
        .collect()
}
