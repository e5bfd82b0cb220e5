//! Which cards a drill asks, in what order: due cards first, most urgent first, then new ones.

use chrono::{DateTime, Duration, NaiveDate, Utc};

use crate::core::bank::Card;
use crate::core::progress::Progress;
use crate::core::schedule::Scheduler;
use crate::core::session::QueuedCard;
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
}

/// The queue, and what to say when it is empty.
#[derive(Debug, Clone)]
pub struct Plan {
    pub queue: Vec<QueuedCard>,
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

/// Plans a session over `cards` (already narrowed by tag and category).
pub fn plan(
    cards: &[Card<'_>],
    progress: &Progress,
    scheduler: &Scheduler,
    now: Now,
    interview: Option<NaiveDate>,
    options: PlanOptions,
) -> Plan {
    let mut plan = if options.cram {
        cram(cards, progress, scheduler, now, interview, options)
    } else {
        scheduled(cards, progress, scheduler, now, interview, options)
    };
    if let Some(limit) = options.limit {
        plan.queue.truncate(limit);
    }
    plan
}

/// Due cards, most urgent first, then new cards up to the day's allowance.
fn scheduled(
    cards: &[Card<'_>],
    progress: &Progress,
    scheduler: &Scheduler,
    now: Now,
    interview: Option<NaiveDate>,
    options: PlanOptions,
) -> Plan {
    let due = due_of(
        cards.iter().copied(),
        progress,
        scheduler,
        now,
        now.at,
        interview,
    );
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
    Plan {
        queue,
        new_held_back: unseen.len() - new,
        next_due: cards
            .iter()
            .filter_map(|c| progress.cards.get(&c.key()))
            .map(|s| s.due)
            .filter(|due| *due > now.at)
            .min(),
    }
}

/// Every matching card, lowest predicted recall first; never-reviewed cards count as 0.
fn cram(
    cards: &[Card<'_>],
    progress: &Progress,
    scheduler: &Scheduler,
    now: Now,
    interview: Option<NaiveDate>,
    options: PlanOptions,
) -> Plan {
    let recall_by_key: std::collections::HashMap<_, f64> =
        standings_of(cards.iter().copied(), progress, scheduler, now, interview)
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
    Plan {
        queue: ranked
            .iter()
            .map(|(c, _)| queued(*c, options.answer_secs))
            .collect(),
        new_held_back: 0,
        next_due: None,
    }
}
