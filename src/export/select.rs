//! Which questions the sheet holds, and in what order: the filters, each named when it leaves
//! nothing, and the sort.

use std::cmp::Ordering;
use std::collections::{HashMap, HashSet};

use super::ExportError;
use super::options::{Order, SheetOptions};
use crate::core::bank::{Bank, Card, CardKey};
use crate::core::progress::Progress;
use crate::core::stats::{CardStanding, Now};
use crate::core::words::noun;

/// The cards the filters keep, in bank order. Each filter that leaves nothing is named in the error.
pub(super) fn select<'a>(
    bank: &'a Bank,
    progress: Option<&Progress>,
    standing: &HashMap<CardKey, CardStanding<'a>>,
    weakness: &HashMap<CardKey, usize>,
    now: Now,
    options: &SheetOptions,
) -> Result<Vec<Card<'a>>, ExportError> {
    for tag in &options.tags {
        bank.tagged(tag)?;
    }
    let mut cards: Vec<Card<'a>> = bank
        .cards()
        .filter(|c| {
            options.tags.is_empty() || c.question.tags.iter().any(|t| options.tags.contains(t))
        })
        .collect();
    let mut applied: Vec<String> = options.tags.iter().map(|t| format!("--tag {t}")).collect();

    let run = &options.run;
    if let Some(category) = options.category {
        let hint = format!(
            "`{run} list --category {category}` lists that category; pick another, or drop --category"
        );
        narrow(
            &mut cards,
            &mut applied,
            format!("--category {category}"),
            hint,
            |c| c.question.category == category,
        )?;
    }
    if options.due_only {
        let hint = if progress.is_none() {
            format!(
                "nothing has been practised yet, so nothing is due; run `{run} drill` first, or drop --due"
            )
        } else {
            format!(
                "`{run} due --on YYYY-MM-DD` shows when questions come due; drop --due to export them anyway"
            )
        };
        narrow(&mut cards, &mut applied, "--due".into(), hint, |c| {
            let key = c.key();
            standing.get(&key).is_some_and(|s| s.state.due <= now.at)
                && !progress.is_some_and(|p| p.is_buried(&key, now.at))
        })?;
    }
    if let Some(n) = options.weakest {
        let mut ranked: Vec<(usize, CardKey)> = cards
            .iter()
            .map(|c| {
                (
                    weakness.get(&c.key()).copied().unwrap_or(usize::MAX),
                    c.key(),
                )
            })
            .collect();
        ranked.sort();
        let keep: HashSet<CardKey> = ranked.into_iter().take(n).map(|(_, key)| key).collect();
        let hint = "give --weakest 1 or more";
        narrow(
            &mut cards,
            &mut applied,
            format!("--weakest {n}"),
            hint.into(),
            |c| keep.contains(&c.key()),
        )?;
    }
    if options.mine_only {
        let hint = format!("write one with `{run} my-answer ID`, or drop --mine-only");
        narrow(&mut cards, &mut applied, "--mine-only".into(), hint, |c| {
            options.own_answers.get(&c.key()).is_some()
        })?;
    }
    Ok(cards)
}

/// Keeps the cards `keep` accepts, or fails naming `filter` when none is left.
pub(super) fn narrow<'a>(
    cards: &mut Vec<Card<'a>>,
    applied: &mut Vec<String>,
    filter: String,
    hint: String,
    keep: impl Fn(&Card<'a>) -> bool,
) -> Result<(), ExportError> {
    let before = cards.len();
    cards.retain(|c| keep(c));
    if cards.is_empty() {
        let scope = if applied.is_empty() {
            String::new()
        } else {
            format!(
                " among the {before} {} selected by {}",
                noun(before, "question"),
                applied.join(" ")
            )
        };
        return Err(ExportError::NothingMatched {
            filter,
            scope,
            hint,
        });
    }
    applied.push(filter);
    Ok(())
}

pub(super) fn sort(
    cards: &mut [Card<'_>],
    standing: &HashMap<CardKey, CardStanding<'_>>,
    weakness: &HashMap<CardKey, usize>,
    order: Order,
) {
    let of = |c: &Card<'_>| standing.get(&c.key());
    match order {
        Order::Bank => {}
        Order::Weakest => cards.sort_by_key(|c| weakness.get(&c.key()).copied()),
        Order::Due => {
            cards.sort_by(|a, b| known_first(of(a), of(b), |x, y| x.state.due.cmp(&y.state.due)));
        }
    }
}

/// Known values in `cmp` order, then the unknown (never practised) ones, which keep bank order
/// because the sorts using this are stable.
pub(super) fn known_first<T>(
    a: Option<T>,
    b: Option<T>,
    cmp: impl Fn(&T, &T) -> Ordering,
) -> Ordering {
    match (a, b) {
        (Some(x), Some(y)) => cmp(&x, &y),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
}
