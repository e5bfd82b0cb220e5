//! `search`: every word in any order across a bank, through a large bank's index when it has one.

use std::fmt::Write as _;
use std::io::Write as _;
use std::process::ExitCode;

use anyhow::bail;

use crate::app::{Context, print};
use crate::cli::SearchArgs;
use crate::core::bank::{Bank, Card, CardKey};
use crate::core::own_answers::OwnAnswers;
use crate::core::search::{Document, FieldKind, Found, Matches, Outcome, SearchHit};
use crate::store::bank_lookup::Indexed;
use crate::ui::json::{self, QuestionJson};
use crate::ui::lookup;

/// Exit 1 when nothing matches, in text and in JSON alike, as grep does.
pub fn search(context: &Context, args: &SearchArgs) -> anyhow::Result<ExitCode> {
    // An argument of several words was quoted in the shell: it is a phrase.
    let needle = args
        .text
        .iter()
        .map(|arg| {
            if arg.trim().contains(char::is_whitespace) && !arg.contains('"') {
                format!("\"{arg}\"")
            } else {
                arg.clone()
            }
        })
        .collect::<Vec<_>>()
        .join(" ");
    if crate::core::search::normalise(&needle).is_empty() {
        bail!(
            "`{needle}` has no words to search for\n\
             hint: give words with letters or digits, such as `prepdrill search stride`"
        );
    }
    let own = context.own_answers();
    // The index keeps each field's words but not their order: it finds the questions holding
    // every word, and the phrases are then looked for in those questions' text.
    let phrased = !crate::core::phrase::split(&needle).1.is_empty();
    let loose = needle.replace(['"', '\u{201c}', '\u{201d}'], " ");
    let indexed = through_index(context, &own, if phrased { &loose } else { &needle });
    // Hits printed as text need no phrase check: they are read and printed a part at a time,
    // so thousands of them never sit in memory together.
    let indexed = match indexed {
        Some((indexed, matches)) if !phrased && !args.json && !matches.found.is_empty() => {
            if print_in_parts(context, &indexed, &matches, &own)? {
                return Ok(ExitCode::SUCCESS);
            }
            None
        }
        Some((indexed, matches)) => {
            let positions: Vec<usize> = matches.found.iter().map(|f| f.position).collect();
            indexed
                .questions(&positions)
                .map(|(bank, positions)| (bank, positions, matches))
        }
        None => None,
    };
    let bank;
    let outcome = if let Some((hits_bank, positions, matches)) = indexed {
        bank = hits_bank;
        if phrased && !matches.found.is_empty() {
            let cards: Vec<Card<'_>> = bank.cards().collect();
            let documents = positions
                .iter()
                .filter_map(|&at| cards.get(at))
                .map(|&c| Document::of(c).with(FieldKind::MyAnswer, own.get(&c.key())))
                .collect();
            crate::core::search::search(documents, &needle)
        } else {
            outcome_of(&bank, &positions, matches, &own)
        }
    } else {
        bank = context.bank()?;
        let documents = bank
            .cards()
            .map(|c| Document::of(c).with(FieldKind::MyAnswer, own.get(&c.key())))
            .collect();
        crate::core::search::search(documents, &needle)
    };
    if args.json {
        let views: Vec<QuestionJson<'_>> = outcome
            .hits
            .iter()
            .map(|h| {
                let mut view = QuestionJson::new(h.card, true);
                view.my_answer = own.get(&h.card.key());
                view
            })
            .collect();
        print(&json::to_string(&views)?)?;
    } else if !outcome.hits.is_empty() {
        print(&lookup::search(&outcome, context.layout))?;
    }
    if outcome.hits.is_empty() {
        crate::ui::stderr::line(&nothing_matches(context, &outcome, &needle));
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}

/// Why nothing matched `needle`, and what to try instead.
fn nothing_matches(context: &Context, outcome: &Outcome<'_>, needle: &str) -> String {
    let mut message = format!(
        "prepdrill: nothing matches `{}`",
        crate::core::search::normalise(needle)
    );
    match (&outcome.did_you_mean, outcome.unknown.as_slice()) {
        (Some(better), _) => {
            let _ = write!(
                message,
                "; did you mean `{better}`?\nhint: `{} search {better}`",
                context.advice("")
            );
        }
        (None, []) if outcome.query.has_phrases() => message.push_str(
            "\nhint: words in quotes must stand together, in that order; without the quotes they may stand anywhere",
        ),
        (None, []) => message.push_str(
            "\nhint: each word appears somewhere, but no question has them all; try fewer words",
        ),
        (None, unknown) => {
            let _ = write!(
                message,
                "\nhint: no question mentions `{}`; try other words, or `{}`",
                unknown.join(" "),
                context.advice("tags")
            );
        }
    }
    message
}

/// How many hits are read and printed at a time.
const PART: usize = 500;

/// Prints the hits [`through_index`] found, reading their questions a part at a time. False,
/// with nothing printed, when the first part cannot be read from the index (it is damaged, and
/// gone): the caller then reads the bank itself.
fn print_in_parts(
    context: &Context,
    indexed: &Indexed,
    matches: &Matches,
    own: &OwnAnswers,
) -> anyhow::Result<bool> {
    let mut stdout = std::io::stdout().lock();
    for (i, part) in matches.found.chunks(PART).enumerate() {
        let positions: Vec<usize> = part.iter().map(|f| f.position).collect();
        let Some((bank, positions)) = indexed.questions(&positions) else {
            if i == 0 {
                return Ok(false);
            }
            bail!(
                "the bank's index was damaged while the search read it; some hits were printed\n\
                 hint: run the search again: the index is made anew from the bank"
            );
        };
        let hits = hits_of(&bank, &positions, part, own);
        stdout.write_all(lookup::search_hits(&hits, &matches.query, context.layout).as_bytes())?;
    }
    stdout.flush()?;
    Ok(true)
}

/// The search run on the banks' indexes, with the candidate's own answers added to their words:
/// the indexes, to read the matching questions from, and what matched. `None` when a bank has no
/// current index.
fn through_index(context: &Context, own: &OwnAnswers, needle: &str) -> Option<(Indexed, Matches)> {
    let cache_dir = context.paths.cache_dir.as_deref();
    let mut indexed = crate::store::bank_lookup::indexed(&context.sources, cache_dir)?;
    // Most candidates keep few own answers, or none: no key is made for every question then.
    if own.iter().next().is_some() {
        let keys: Vec<CardKey> = indexed
            .names()
            .map(|(deck, id)| CardKey::new(deck, id))
            .collect();
        for (at, key) in keys.iter().enumerate() {
            indexed.corpus.add(at, FieldKind::MyAnswer, own.get(key));
        }
    }
    let matches = crate::core::search::find(&indexed.corpus, needle);
    Some((indexed, matches))
}

/// The outcome [`crate::core::search::search`] gives, from what [`through_index`] found.
fn outcome_of<'a>(
    bank: &'a Bank,
    positions: &[usize],
    matches: Matches,
    own: &OwnAnswers,
) -> Outcome<'a> {
    Outcome {
        hits: hits_of(bank, positions, &matches.found, own),
        query: matches.query,
        did_you_mean: matches.did_you_mean,
        unknown: matches.unknown,
    }
}

/// The hits for `found`, whose questions are at `positions` in `bank`.
fn hits_of<'a>(
    bank: &'a Bank,
    positions: &[usize],
    found: &[Found],
    own: &OwnAnswers,
) -> Vec<SearchHit<'a>> {
    let cards: Vec<Card<'a>> = bank.cards().collect();
    found
        .iter()
        .zip(positions)
        .filter_map(|(found, &at)| {
            let card = *cards.get(at)?;
            let document = Document::of(card).with(FieldKind::MyAnswer, own.get(&card.key()));
            Some(crate::core::search::hit(document, found))
        })
        .collect()
}
