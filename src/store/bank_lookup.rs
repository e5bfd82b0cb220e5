//! Lookups through the bank files' indexes: one question by id, or the words of every question
//! for a search, without parsing the bank. `None` whenever any bank file lacks a current index;
//! the caller then loads the whole bank, which writes the indexes for next time.

use std::path::Path;

use crate::core::bank::{Bank, Deck, LookupError, resolve_among};
use crate::core::search::Corpus;
use crate::store::bank_file::{BUILT_IN_YAML, BankSource, bank_files};
use crate::store::bank_index::{self, Opened, Origin};

/// Every bank file's current index, in the order the bank loads them; `None` if one has none,
/// or if two name the same deck (the whole load reports that).
fn open_all(sources: &[BankSource], cache_dir: &Path) -> Option<Vec<Opened>> {
    let mut opened = Vec::new();
    for source in sources {
        match source {
            BankSource::BuiltIn => opened.push(bank_index::open(
                cache_dir,
                Origin::BuiltIn,
                BUILT_IN_YAML.as_bytes(),
            )?),
            BankSource::Path(path) => {
                for file in bank_files(path).ok()? {
                    opened.push(bank_index::open(cache_dir, Origin::File(&file), &[])?);
                }
            }
        }
    }
    let mut decks: Vec<&str> = opened.iter().map(Opened::deck).collect();
    decks.sort_unstable();
    let unique = decks.windows(2).all(|pair| pair[0] != pair[1]);
    unique.then_some(opened)
}

/// The bank cut down to the one question `query` names (by [`resolve_among`], as
/// [`Bank::resolve`] would name it in the whole bank), or the lookup's error.
pub fn one_question(
    sources: &[BankSource],
    cache_dir: Option<&Path>,
    query: &str,
) -> Option<Result<Bank, LookupError>> {
    let opened = open_all(sources, cache_dir?)?;
    let names: Vec<(&str, &str)> = opened
        .iter()
        .flat_map(|o| o.ids().map(move |id| (o.deck(), id)))
        .collect();
    let mut at = match resolve_among(&names, query) {
        Ok(at) => at,
        Err(error) => return Some(Err(error)),
    };
    for index in &opened {
        if at < index.len() {
            let question = index.question(at)?;
            return Bank::new(vec![index.deck_with(vec![question])])
                .ok()
                .map(Ok);
        }
        at -= index.len();
    }
    None
}

/// A bank known by its indexes: every question's words, and its questions read on demand.
pub struct Indexed {
    opened: Vec<Opened>,
    /// The words of every question, numbered in bank order.
    pub corpus: Corpus,
}

/// The banks' indexes with their words, for a search.
pub fn indexed(sources: &[BankSource], cache_dir: Option<&Path>) -> Option<Indexed> {
    let opened = open_all(sources, cache_dir?)?;
    let mut corpus = Corpus::default();
    for index in &opened {
        corpus.append(index.corpus()?);
    }
    Some(Indexed { opened, corpus })
}

impl Indexed {
    /// Each question's `deck/id` key parts, in bank order.
    pub fn names(&self) -> impl Iterator<Item = (&str, &str)> {
        self.opened
            .iter()
            .flat_map(|o| o.ids().map(move |id| (o.deck(), id)))
    }

    /// A bank of the questions at these positions (in bank order, each deck once), with each
    /// one's position in the new bank; `None` if a record cannot be read.
    pub fn questions(&self, positions: &[usize]) -> Option<(Bank, Vec<usize>)> {
        let mut wanted: Vec<usize> = positions.to_vec();
        wanted.sort_unstable();
        wanted.dedup();
        let mut decks: Vec<Deck> = Vec::new();
        let mut start = 0;
        let mut next = wanted.iter().peekable();
        for index in &self.opened {
            let end = start + index.len();
            let mut here = Vec::new();
            while let Some(&&at) = next.peek() {
                if at >= end {
                    break;
                }
                here.push(at - start);
                next.next();
            }
            decks.push(index.deck_with(index.questions(&here)?));
            start = end;
        }
        let bank = Bank::new(decks).ok()?;
        let new_positions = positions
            .iter()
            .map(|p| wanted.binary_search(p).unwrap_or(0))
            .collect();
        Some((bank, new_positions))
    }
}
