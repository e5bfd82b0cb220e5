//! What the matcher compares: a text reduced to concepts, each word's Snowball stem and synonym
//! groups (or a whole phrase of the synonym table), with its place and its clause's stance.

use std::collections::{HashMap, HashSet};

use crate::core::answer_text::{AnswerText, Word};
use crate::core::key_point::KeyPoint;
use crate::core::synonyms::Synonyms;

/// Words so common in answers about the field that they count half: "risk" alone makes no point.
const WEAK: &[&str] = &[
    "secur", "risk", "team", "process", "plan", "review", "data", "build", "help", "work", "clear",
    "good", "product", "document", "approach", "issu", "chang", "system", "tool", "servic",
    "thing", "time", "new", "first", "later", "simpl", "quick", "right", "import", "need",
];

/// A stem used by this many points of a question or more counts half.
const SHARED_BY: usize = 2;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) enum Concept {
    /// A stem, by its index in the answer's stem list (points' stems are looked up there).
    Stem(u32),
    /// A synonym group.
    Group(u32),
}

/// A word or a synonym phrase of the answer, reduced to what the matcher compares.
#[derive(Debug, Clone)]
pub(super) struct Unit {
    pub concepts: Vec<Concept>,
    /// 1, or a half for a weak word.
    pub weight: f64,
    pub sentence: usize,
    pub clause: usize,
    pub negated: bool,
    /// Set aside by an "instead of" (see [`Word::set_aside`]).
    pub set_aside: bool,
    /// Its clause both negates and dismisses: it agrees with no point.
    pub contradicted: bool,
}

/// The units of a text: each word that is not a stop word, with its synonym groups, and each
/// phrase of the synonym table. In an answer a word inside a phrase is kept as well, so "identity
/// provider" still offers "provider"; in a point (`collapse`) the phrase is one concept, so that its
/// words do not count twice.
pub(super) fn concept_units(
    words: &[Word],
    synonyms: &Synonyms,
    collapse: bool,
    shared: &HashSet<String>,
    mut stem: impl FnMut(&str) -> Option<Concept>,
) -> Vec<Unit> {
    let mut units = Vec::new();
    let mut skip_until = 0;
    for (i, w) in words.iter().enumerate() {
        if i < skip_until || w.asked {
            continue;
        }
        for len in (2..=synonyms.longest()).rev() {
            let Some(run) = words.get(i..i + len) else {
                continue;
            };
            if run.iter().any(|r| r.sentence != w.sentence) {
                continue;
            }
            let stems: Vec<&str> = run.iter().map(|r| r.stem.as_str()).collect();
            let groups = synonyms.groups_of(&stems);
            if !groups.is_empty() {
                units.push(Unit {
                    concepts: groups.iter().map(|g| Concept::Group(*g)).collect(),
                    weight: 1.0,
                    sentence: w.sentence,
                    clause: w.clause,
                    negated: w.negated,
                    set_aside: w.set_aside,
                    contradicted: w.contradicted,
                });
                if collapse {
                    skip_until = i + len;
                    break;
                }
            }
        }
        if i < skip_until {
            continue;
        }
        // Any figure ("90%", "2,300", "$40k") is a number, as the table's "number" group says.
        let figure = w.plain.starts_with(|c: char| c.is_ascii_digit());
        let mut groups = synonyms.groups_of(&[w.stem.as_str()]).to_vec();
        if figure {
            groups.extend_from_slice(synonyms.groups_of(&["number"]));
        }
        if w.stop && groups.is_empty() {
            continue;
        }
        let mut concepts: Vec<Concept> = groups.iter().map(|g| Concept::Group(*g)).collect();
        concepts.extend(stem(&w.stem));
        if concepts.is_empty() {
            // A point's word the answer never uses: it can match nothing, but it still counts.
            concepts.push(Concept::Group(u32::MAX));
        }
        units.push(Unit {
            concepts,
            weight: if WEAK.contains(&w.stem.as_str()) || shared.contains(&w.stem) {
                0.5
            } else {
                1.0
            },
            sentence: w.sentence,
            clause: w.clause,
            negated: w.negated,
            set_aside: w.set_aside,
            contradicted: w.contradicted,
        });
    }
    units
}

/// The stems that more than one point uses, in any of its phrasings.
pub(super) fn shared_stems(points: &[KeyPoint]) -> HashSet<String> {
    let mut seen: HashMap<String, usize> = HashMap::new();
    for point in points {
        let stems: HashSet<String> = point
            .phrasings()
            .flat_map(|p| AnswerText::new(p).words)
            .filter(|w| !w.stop)
            .map(|w| w.stem)
            .collect();
        for stem in stems {
            *seen.entry(stem).or_default() += 1;
        }
    }
    seen.into_iter()
        .filter(|(_, n)| *n >= SHARED_BY)
        .map(|(stem, _)| stem)
        .collect()
}

pub(super) fn intern(stems: &mut HashMap<String, u32>, stem: &str) -> u32 {
    let next = stems.len() as u32;
    *stems.entry(stem.to_string()).or_insert(next)
}
