//! How far a clause's "no" reaches: back to the clause it points at ("but we decided against it"),
//! to a short topic before it ("Falco - we tried it, all noise"), to a heading sentence it answers
//! ("Tying metrics to business risk... execs don't need that"), and, for a report, on to the end of
//! its sentence.

use std::collections::HashMap;
use std::ops::Range;

use crate::core::answer_text::{CLAUSE_BREAKS, SUBJECTS, Word};
use crate::core::reported::FIRST_PERSON;
use crate::core::stance::{BACK_REFERENCES, Cues, says_no};

/// Words that set what follows against what was reported: the report reaches no further.
const CONTRASTS: &[&str] = &["but", "however", "although", "though", "whereas", "yet"];

/// A "no" clause this short (in words that are not stop words) refers back: "so I don't really try".
const ELLIPTIC_WORDS: usize = 2;

/// A heading sentence ("And a re-review before launch.") has this many words at most, stop words
/// aside.
const HEADING_WORDS: usize = 8;

/// Verbs that make a sentence more than a heading.
const COPULAS: &[&str] = &["is", "are", "was", "were", "be", "been"];

/// A topic named before its clause ("SBOMs, I wouldn't bother") is this short at most.
const TOPIC_WORDS: usize = 6;

/// Carries each clause's "no" as far as it reaches, into `cues`.
pub(super) fn spread(words: &[Word], cues: &mut HashMap<usize, Cues>) {
    let clauses = Clauses::new(words);
    clauses.reach_back(cues);
    clauses.topics_take_the_no(cues);
    clauses.headings_take_the_no(cues);
    clauses.reports_reach_on(cues);
}

/// The clauses of an answer, for the rules that carry a "no" from one clause to another.
struct Clauses<'a> {
    words: &'a [Word],
    /// Each clause's number and where its words stand, in order: a clause's words stand together,
    /// so every look-up is a search, not a pass over the answer.
    runs: Vec<(usize, Range<usize>)>,
}

impl<'a> Clauses<'a> {
    fn new(words: &'a [Word]) -> Self {
        let mut runs: Vec<(usize, Range<usize>)> = Vec::new();
        for (i, w) in words.iter().enumerate() {
            match runs.last_mut() {
                Some((clause, range)) if *clause == w.clause => range.end = i + 1,
                _ => runs.push((w.clause, i..i + 1)),
            }
        }
        Clauses { words, runs }
    }

    fn last(&self) -> usize {
        self.words.last().map_or(0, |w| w.clause)
    }

    fn in_clause(&self, clause: usize) -> std::slice::Iter<'a, Word> {
        let range = self
            .runs
            .binary_search_by_key(&clause, |(c, _)| *c)
            .map_or(0..0, |i| self.runs[i].1.clone());
        self.words[range].iter()
    }

    fn same_sentence(&self, a: usize, b: usize) -> bool {
        self.in_clause(a)
            .next()
            .zip(self.in_clause(b).next())
            .is_some_and(|(x, y)| x.sentence == y.sentence)
    }

    /// The number of the clause written before `clause`: a list joined to the clause before it
    /// leaves a gap in the numbers.
    fn before(&self, clause: usize) -> Option<usize> {
        let at = self.runs.partition_point(|(c, _)| *c < clause);
        at.checked_sub(1).map(|i| self.runs[i].0)
    }

    /// The number of the clause written after `clause`.
    fn after(&self, clause: usize) -> Option<usize> {
        let at = self.runs.partition_point(|(c, _)| *c <= clause);
        self.runs.get(at).map(|(c, _)| *c)
    }

    /// "We tried X but decided against it": the "no" reaches back to the clause it refers to.
    fn reach_back(&self, cues: &mut HashMap<usize, Cues>) {
        for clause in (1..=self.last()).rev() {
            let Some(previous) = self.before(clause) else {
                continue;
            };
            let here = cues.get(&clause).copied().unwrap_or_default();
            // "so we didn't" and "so I don't really try" point back as well as "so we dropped it".
            let says_not = |w: &Word| w.plain.ends_with("n't") || w.plain == "not";
            let elliptic = self.in_clause(clause).next_back().is_some_and(says_not)
                || (self
                    .in_clause(clause)
                    .next()
                    .is_some_and(|w| CLAUSE_BREAKS.contains(&w.plain.as_str()))
                    && self.in_clause(clause).any(says_not)
                    && self.in_clause(clause).filter(|w| !w.stop).count() <= ELLIPTIC_WORDS);
            let points_back = elliptic
                || self
                    .in_clause(clause)
                    .any(|w| BACK_REFERENCES.contains(&w.plain.as_str()));
            if here.reaches_back && points_back && self.same_sentence(previous, clause) {
                let before = cues.entry(previous).or_default();
                before.negation |= here.negation;
                before.dismissal |= here.dismissal;
                before.reaches_back = true;
            }
        }
    }

    /// "Falco - we tried it and it was all noise": a short topic first in its sentence takes the
    /// "no" of the clause after it, when that clause stands on its own ("Offer options, not
    /// blockers" has no topic).
    fn topics_take_the_no(&self, cues: &mut HashMap<usize, Cues>) {
        for clause in 0..self.last() {
            let Some(next) = self.after(clause) else {
                continue;
            };
            let first_in_sentence = self
                .before(clause)
                .is_none_or(|previous| !self.same_sentence(previous, clause));
            let topic = self.in_clause(clause).count() <= TOPIC_WORDS
                && !self.in_clause(clause).any(|w| {
                    SUBJECTS.contains(&w.plain.as_str())
                        || CLAUSE_BREAKS.contains(&w.plain.as_str())
                });
            let after = cues.get(&next).copied().unwrap_or_default();
            let after_stands = self
                .in_clause(next)
                .any(|w| SUBJECTS.contains(&w.plain.as_str()));
            if first_in_sentence
                && topic
                && after_stands
                && after.reaches_back
                && self.same_sentence(clause, next)
            {
                let here = cues.entry(clause).or_default();
                here.negation |= after.negation;
                here.dismissal |= after.dismissal;
            }
        }
    }

    /// "Tying metrics to business risk... execs don't need that": a heading, a short sentence with
    /// no subject or verb of its own, takes the "no" of the sentence after it when that sentence
    /// opens by saying no to it.
    fn headings_take_the_no(&self, cues: &mut HashMap<usize, Cues>) {
        let sentences: Vec<&[Word]> = self
            .words
            .chunk_by(|a, b| a.sentence == b.sentence)
            .collect();
        for pair in sentences.windows(2) {
            let (heading, answer) = (pair[0], pair[1]);
            let is_heading = heading.iter().filter(|w| !w.stop).count() <= HEADING_WORDS
                && heading.iter().any(|w| !w.stop)
                && !heading.iter().any(|w| {
                    let plain = w.plain.as_str();
                    SUBJECTS.contains(&plain) || COPULAS.contains(&plain) || w.asked
                });
            let next = answer[0].clause;
            let after = cues.get(&next).copied().unwrap_or_default();
            // "... execs don't need that", or a "no" too short to be about anything else: "Never
            // happens."
            let points_back = self
                .in_clause(next)
                .any(|w| BACK_REFERENCES.contains(&w.plain.as_str()))
                || (self
                    .in_clause(next)
                    .next()
                    .is_some_and(|w| says_no(&w.plain))
                    && self.in_clause(next).filter(|w| !w.stop).count() <= ELLIPTIC_WORDS);
            let follows = answer[0].sentence == heading[0].sentence + 1;
            if is_heading && follows && after.reaches_back && points_back {
                for w in heading {
                    let here = cues.entry(w.clause).or_default();
                    here.negation |= after.negation;
                    here.dismissal |= after.dismissal;
                }
            }
        }
    }

    /// "I know the advice is to start with a VDP, and then move to a private bounty": a report
    /// reaches the clauses after it in its sentence up to a "but" or the candidate as subject.
    fn reports_reach_on(&self, cues: &mut HashMap<usize, Cues>) {
        let last = self.last();
        for clause in 0..last {
            if !cues.get(&clause).is_some_and(|c| c.reported) {
                continue;
            }
            let mut next = clause;
            while let Some(following) = self.after(next).filter(|&n| self.same_sentence(clause, n))
            {
                next = following;
                let contrast = self
                    .in_clause(next)
                    .next()
                    .is_some_and(|w| CONTRASTS.contains(&w.plain.as_str()));
                // Others' subjects go on with the report ("They had one champion per squad, there
                // were KPIs on a dashboard"); the candidate speaking takes over.
                let candidate = self
                    .in_clause(next)
                    .any(|w| FIRST_PERSON.contains(&w.plain.as_str()));
                if contrast || candidate {
                    break;
                }
                cues.entry(next).or_default().dismissal = true;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::core::fixtures::stance_case as case;

    #[test]
    fn a_no_reaches_back_to_what_it_points_at_and_to_a_topic() {
        case(
            "MTTR gets gamed, so I'd leave it out.",
            &["mttr", "gets", "gamed", "leave"],
        );
        case(
            "Falco - we tried it and it was all noise.",
            &["falco", "tried", "noise"],
        );
        case("Falco - we run it on every node.", &[]);
        // A list joined to the topic leaves the topic its "no".
        case(
            "Dependency updates, like Dependabot, I've seen break builds.",
            &[
                "dependency",
                "updates",
                "dependabot",
                "seen",
                "break",
                "builds",
            ],
        );
        case(
            "Measuring impact is hard, so I don't really try.",
            &["!measuring", "!impact", "hard", "don't", "try"],
        );
        case(
            "We run SAST in CI, so nothing slips.",
            &["nothing", "slips"],
        );
        case("Offer options, not blockers.", &["not", "blockers"]);
    }

    #[test]
    fn a_heading_takes_the_no_of_the_sentence_that_answers_it() {
        case(
            "Tying metrics to business risk... execs don't really need that.",
            &[
                "tying", "metrics", "business", "risk", "execs", "don't", "need",
            ],
        );
        case(
            "And a re-review before launch. Never happens, so I don't plan it.",
            &[
                "review", "before", "launch", "never", "happens", "don't", "plan",
            ],
        );
        // A sentence that does not point back, or a heading with its own verb, keeps its yes.
        case(
            "Tying metrics to business risk. Execs don't read dashboards.",
            &["execs", "don't", "read", "dashboards"],
        );
        case(
            "We tie metrics to business risk. Execs don't need more than that.",
            &["execs", "don't", "need"],
        );
    }

    #[test]
    fn giving_up_what_was_tried_reaches_back() {
        case(
            "Templates we tried, teams forked them, so we dropped that.",
            &["templates", "tried", "teams", "forked", "dropped"],
        );
        case("We dropped all capabilities.", &[]);
        case(
            "Rules flag MD5, ECB, or decoding a token without verifying it.",
            &["decoding", "token", "without", "verifying"],
        );
        case(
            "Canary rollouts for security changes, I don't see the point.",
            &[
                "canary", "rollouts", "security", "changes", "don't", "see", "point",
            ],
        );
    }

    #[test]
    fn a_report_reaches_forward_to_a_but() {
        case(
            "The advice is a VDP first, then a private bounty, but we went public.",
            &["!advice", "vdp", "first", "private", "bounty"],
        );
        case(
            "I know the advice is a VDP, clear scope, and then a private bounty.",
            &[
                "know", "!advice", "vdp", "clear", "scope", "private", "bounty",
            ],
        );
        case(
            "People talk about SBOMs, so we ship one with every build.",
            &["people", "talk", "sboms"],
        );
    }
}
