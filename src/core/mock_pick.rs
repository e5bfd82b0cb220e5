//! Choosing a mock round's questions as an interviewer would: a mix of categories, leaning toward
//! the questions the candidate knows least, never the same question twice.

use crate::core::bank::Category;
use crate::core::session::QueuedCard;

/// A question the round may ask.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    pub card: QueuedCard,
    pub category: Category,
    /// Predicted recall now; `None` for a question never reviewed.
    pub recall: Option<f64>,
}

/// How much a candidate question is wanted: unseen and weakly known questions most, yet a known
/// one keeps a small chance, as an interviewer may ask anything.
fn weight(recall: Option<f64>) -> f64 {
    match recall {
        None => 1.0,
        Some(r) => (1.0 - r).clamp(0.0, 1.0) * 0.9 + 0.1,
    }
}

/// A number in [0, 1) from a seed and an index (splitmix64): the same seed, the same round.
fn jitter(seed: u64, index: usize) -> f64 {
    let mut z = seed.wrapping_add((index as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15));
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^= z >> 31;
    (z >> 11) as f64 / (1u64 << 53) as f64
}

/// Up to `n` questions: each candidate draws a score of its weight times a random factor; the
/// categories then take turns, each giving its best-scored question, so the round mixes them.
pub fn pick(candidates: Vec<Candidate>, n: usize, seed: u64) -> Vec<QueuedCard> {
    let mut scored: Vec<(f64, Candidate)> = candidates
        .into_iter()
        .enumerate()
        .map(|(i, c)| (weight(c.recall) * (0.25 + jitter(seed, i)), c))
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0));
    let mut groups: Vec<(Category, Vec<QueuedCard>)> = Vec::new();
    for (_, c) in scored {
        match groups.iter_mut().find(|(cat, _)| *cat == c.category) {
            Some((_, cards)) => cards.push(c.card),
            None => groups.push((c.category, vec![c.card])),
        }
    }
    // Groups are ordered by their best score; each round of turns takes one from every group.
    for (_, cards) in &mut groups {
        cards.reverse();
    }
    let mut chosen = Vec::new();
    while chosen.len() < n {
        let before = chosen.len();
        for (_, cards) in &mut groups {
            if chosen.len() == n {
                break;
            }
            if let Some(card) = cards.pop() {
                chosen.push(card);
            }
        }
        if chosen.len() == before {
            break;
        }
    }
    chosen
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use chrono::Duration;

    use super::*;
    use crate::core::bank::CardKey;

    fn candidate(id: &str, category: Category, recall: Option<f64>) -> Candidate {
        Candidate {
            card: QueuedCard {
                key: CardKey::new("d", id),
                answer_limit: Duration::seconds(60),
                key_points: Vec::new(),
            },
            category,
            recall,
        }
    }

    fn bank() -> Vec<Candidate> {
        let mut all = Vec::new();
        for i in 0..10 {
            all.push(candidate(&format!("t{i}"), Category::Technical, Some(0.95)));
        }
        for i in 0..3 {
            all.push(candidate(
                &format!("b{i}"),
                Category::Behavioral,
                Some(0.95),
            ));
        }
        all.push(candidate("weak", Category::Technical, Some(0.2)));
        all.push(candidate("unseen", Category::Leadership, None));
        all
    }

    #[test]
    fn never_the_same_question_twice_and_never_more_than_asked() {
        for seed in 0..50 {
            let chosen = pick(bank(), 5, seed);
            assert_eq!(chosen.len(), 5);
            let keys: HashSet<_> = chosen.iter().map(|c| c.key.clone()).collect();
            assert_eq!(keys.len(), 5, "seed {seed}");
        }
        assert_eq!(pick(bank(), 100, 1).len(), 15, "at most the whole bank");
        assert!(pick(Vec::new(), 5, 1).is_empty());
    }

    #[test]
    fn every_category_is_asked_when_there_is_room() {
        for seed in 0..50 {
            let ids: Vec<String> = pick(bank(), 3, seed)
                .iter()
                .map(|c| c.key.id().to_string())
                .collect();
            assert!(
                ids.iter().any(|i| i.starts_with('t') || i == "weak"),
                "{ids:?}"
            );
            assert!(ids.iter().any(|i| i.starts_with('b')), "{ids:?}");
            assert!(ids.contains(&"unseen".to_string()), "{ids:?}");
        }
    }

    #[test]
    fn weak_questions_come_up_far_more_often_than_known_ones() {
        let rounds = 200usize;
        let weak = (0..rounds)
            .filter(|seed| {
                pick(bank(), 3, *seed as u64)
                    .iter()
                    .any(|c| c.key.id() == "weak")
            })
            .count();
        // One technical slot among eleven technical questions: chance alone gives 1 in 11.
        assert!(weak * 2 > rounds, "weak asked in {weak} of {rounds} rounds");
    }
}
