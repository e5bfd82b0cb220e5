//! The markdown study sheet: bank and progress in, one markdown document out. Pure: no files, no
//! clock, no terminal.
//!
//! Two promises shape this module. Bank text never changes the document's structure, because every
//! field passes through [`escape_inline`]. And every table-of-contents link resolves, because the
//! sheet computes each heading's id itself, as GitHub does, and keeps the ids unique by construction.

mod contents;
mod escape;
mod group;
mod heading_ids;
mod html;
mod options;
mod plan;
mod render;
mod select;
#[cfg(test)]
mod tests;

use std::collections::HashMap;

use self::group::group;
pub use self::options::{Grouping, Order, SheetOptions};
use self::plan::plan;
use self::render::{View, render};
use self::select::{select, sort};
use crate::core::bank::{Card, CardKey, LookupError};
use crate::core::bank_table;
use crate::core::snapshot::Snapshot;
use crate::core::stats::{CardStanding, standings, weakest_of};

/// A rendered export: the markdown sheet or the CSV table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sheet {
    pub text: String,
    /// How many questions it holds.
    pub questions: usize,
}

/// Why no sheet was made.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error(transparent)]
    UnknownTag(#[from] LookupError),
    /// A filter left no question: an empty sheet would look like a bug, so it is an error.
    #[error("no question matches {filter}{scope}\nhint: {hint}")]
    NothingMatched {
        filter: String,
        /// What the other filters had selected, or nothing when this filter came first.
        scope: String,
        hint: String,
    },
}

/// The study sheet for the questions `options` selects. Progress shows once anything has been
/// practised; recall is measured toward the snapshot's interview, if one is set.
pub fn study_sheet(known: Snapshot<'_>, options: &SheetOptions) -> Result<Sheet, ExportError> {
    planned(known, options, render)
}

/// The study sheet as one self-contained HTML page for print: the markdown sheet rendered by
/// pulldown-cmark, each question in a block that print keeps on one page, and beside each
/// question a bar of its predicted recall on the interview day (today without one).
pub fn study_sheet_html(known: Snapshot<'_>, options: &SheetOptions) -> Result<Sheet, ExportError> {
    planned(known, options, |plan, view| {
        let markdown = render(plan, view);
        // Recall on the day for each question's heading; `None` when never practised.
        let recall: HashMap<String, Option<f64>> = plan
            .groups
            .iter()
            .flat_map(plan::PlannedGroup::questions)
            .map(|m| {
                let recall = view
                    .standing
                    .get(&m.card.key())
                    .map(CardStanding::priority_recall);
                (m.heading.id.clone(), recall)
            })
            .collect();
        html::page(&plan.title, &markdown, &recall)
    })
}

/// The sheet's plan for the questions `options` selects, written out by `write`.
fn planned(
    known: Snapshot<'_>,
    options: &SheetOptions,
    write: impl FnOnce(&plan::Plan<'_>, &View<'_, '_>) -> String,
) -> Result<Sheet, ExportError> {
    let standing = standing(known);
    let weakness = weakness(known);
    let cards = selected(known, &standing, &weakness, options)?;
    let view = View {
        progress: known.practised().filter(|_| options.with_progress),
        standing: &standing,
        now: known.now,
        interview: known.upcoming().map(|i| i.day),
        options,
        bank_questions: known.bank.len(),
    };
    let questions = cards.len();
    let plan = plan(group(cards, options), &view);
    Ok(Sheet {
        text: write(&plan, &view),
        questions,
    })
}

/// The questions `options` selects as CSV, one row per question with every field of the bank, so
/// that `prepdrill import` reads it back into the same bank. Grouping and the answer and progress
/// options do not apply: a table for a spreadsheet or Anki holds the whole question.
pub fn bank_csv(known: Snapshot<'_>, options: &SheetOptions) -> Result<Sheet, ExportError> {
    let cards = chosen(known, options)?;
    Ok(Sheet {
        text: bank_table::csv(&cards),
        questions: cards.len(),
    })
}

/// The questions `options` selects for Anki's text import: the CSV table's columns, tab-separated,
/// with Anki's file headers. `prepdrill import` reads it back, as it does Anki's own export.
pub fn bank_anki(known: Snapshot<'_>, options: &SheetOptions) -> Result<Sheet, ExportError> {
    let cards = chosen(known, options)?;
    Ok(Sheet {
        text: bank_table::anki(&cards),
        questions: cards.len(),
    })
}

/// The cards `options` selects, in its order, for the tables that need nothing else.
fn chosen<'a>(known: Snapshot<'a>, options: &SheetOptions) -> Result<Vec<Card<'a>>, ExportError> {
    let standing = standing(known);
    let weakness = weakness(known);
    selected(known, &standing, &weakness, options)
}

/// Each practised card's standing, by key.
fn standing(known: Snapshot<'_>) -> HashMap<CardKey, CardStanding<'_>> {
    standings(known)
        .into_iter()
        .map(|s| (s.card.key(), s))
        .collect()
}

/// Each card's place from the weakest, as `stats` ranks them: unseen questions first.
fn weakness(known: Snapshot<'_>) -> HashMap<CardKey, usize> {
    weakest_of(known, known.bank.cards())
        .iter()
        .enumerate()
        .map(|(rank, (card, _))| (card.key(), rank))
        .collect()
}

/// The selected cards in the sheet's order.
fn selected<'a>(
    known: Snapshot<'a>,
    standing: &HashMap<CardKey, CardStanding<'a>>,
    weakness: &HashMap<CardKey, usize>,
    options: &SheetOptions,
) -> Result<Vec<Card<'a>>, ExportError> {
    let (bank, progress) = (known.bank, known.practised());
    let mut cards = select(bank, progress, standing, weakness, known.now, options)?;
    sort(&mut cards, standing, weakness, options.order);
    Ok(cards)
}
