//! Where an answer says no, and how far the "no" reaches. A clause says no through a negation
//! ("we don't", "never") or a dismissal ("overkill", "skip", "people say", "sounds good on paper");
//! it reaches a clause it points back to ("but we decided against it") and a short topic before it
//! ("Falco - we tried it, all noise"); "instead of" and "rather than" reach forward only. A clause
//! with both a negation and a dismissal ("'never roll your own crypto' is overstated") is
//! contradicted: it makes no point at all, yes or no.

mod cues;
mod reach;

use std::collections::HashMap;

use crate::core::answer_text::Word;
use crate::core::reported::{FIRST_PERSON, reports};

use cues::{DISMISSALS, FORWARD, NEGATIONS, dismisses};

/// Words that point back to the clause before: a "no" in "but we decided against it" reaches it.
const BACK_REFERENCES: &[&str] = &["it", "them", "that", "those", "this", "these"];

/// Whether a word on its own says no, as the first word of a clause: "options, not blockers".
pub(crate) fn says_no(plain: &str) -> bool {
    NEGATIONS.contains(&plain)
        || plain.ends_with("n't")
        || DISMISSALS.contains(&plain)
        || FORWARD.contains(&plain)
}

/// What the cues of one clause say.
#[derive(Debug, Default, Clone, Copy)]
struct Cues {
    negation: bool,
    dismissal: bool,
    /// It reports what others say or do ("the advice is", "people talk about").
    reported: bool,
    /// Where the first "instead" or "rather" stands and where what it sets aside ends, when that is
    /// the clause's only cue.
    forward_from: Option<(usize, usize)>,
    /// It says no to more than what follows a "without": "decoding a token without verifying it"
    /// rejects nothing in the clause before.
    reaches_back: bool,
}

/// Marks each word whose clause says no, and each word whose clause contradicts itself.
pub(crate) fn mark(words: &mut [Word]) {
    let mut cues = clause_cues(words);
    reach::spread(words, &mut cues);
    let says_no = |c: &Cues| c.negation || c.dismissal;
    for (i, w) in words.iter_mut().enumerate() {
        let c = cues.get(&w.clause).copied().unwrap_or_default();
        let forward = !says_no(&c)
            && c.forward_from
                .is_some_and(|(from, until)| (from..until).contains(&i));
        w.negated = says_no(&c) || forward;
        w.set_aside = forward;
        w.contradicted = c.negation && c.dismissal;
    }
}

/// Whether the negation at `i` denies only that something is enough on its own: "not just CVSS",
/// "I wouldn't sort by CVSS alone" ask for more, they reject nothing.
fn more_than(words: &[Word], i: usize) -> bool {
    let clause = words[i].clause;
    let just = words
        .get(i + 1)
        .is_some_and(|w| w.clause == clause && ONLY.contains(&w.plain.as_str()));
    let alone = words[i + 1..]
        .iter()
        .take_while(|w| w.clause == clause)
        .any(|w| w.plain == "alone");
    just || alone
}

/// Words that, right after a negation, deny only that something is enough: "not just", "not only".
const ONLY: &[&str] = &["just", "only", "merely", "simply", "solely"];

/// The cues each clause holds in its own words.
fn clause_cues(words: &[Word]) -> HashMap<usize, Cues> {
    let mut cues: HashMap<usize, Cues> = HashMap::new();
    for (i, w) in words.iter().enumerate() {
        let plain = w.plain.as_str();
        let entry = cues.entry(w.clause).or_default();
        if (NEGATIONS.contains(&plain) || plain.ends_with("n't")) && !more_than(words, i) {
            entry.negation = true;
            entry.reaches_back |= plain != "without";
        } else if dismisses(words, i) {
            entry.dismissal = true;
            entry.reaches_back = true;
            entry.reported |= reports(words, i);
        } else if FORWARD.contains(&plain) && entry.forward_from.is_none() {
            // "Instead of blocking the launch I offered options": the candidate's own action ends
            // what is set aside.
            let until = words[i + 1..]
                .iter()
                .take_while(|r| r.clause == w.clause)
                .position(|r| FIRST_PERSON.contains(&r.plain.as_str()))
                .map_or(usize::MAX, |n| i + 1 + n);
            entry.forward_from = Some((i, until));
        }
    }
    cues
}
