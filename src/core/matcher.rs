//! Which key points an answer makes. Each phrasing of a point (the point and its `also:` lines) and
//! each sentence of the answer become sets of concepts: Snowball stems, plus the synonym groups of
//! `questions/synonyms.yaml` (so k8s meets Kubernetes, and "identity provider" meets IdP), with
//! stop words left out. A word counts only when its clause agrees with the point's on yes or no, so
//! a point named only to be rejected ("we don't do STRIDE") is not made. A point is made when one
//! sentence holds half of one phrasing's concepts; the clauses holding them are the evidence. Two
//! rules read the answer as a whole: half a point counts only in an answer that makes some point
//! clearly, and an answer that rejects most of the points it names argues against them all.
//! The bars are set for precision first: a point ticked wrongly costs more than one missed.

mod concepts;

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use crate::core::answer_text::AnswerText;
use crate::core::key_point::KeyPoint;
use crate::core::synonyms::Synonyms;

use concepts::{Concept, Unit, concept_units, intern, shared_stems};

/// The share of a phrasing's concepts one sentence must hold.
const SHARE: f64 = 0.5;
/// The share that makes a point clearly; an answer needs one such point for any to count.
const CLEAR: f64 = 0.7;
/// A phrasing of this many concepts or more needs two of them found, so a single shared word
/// never makes a point on its own.
const PAIR_FROM: usize = 2;

/// An answer that rejects this many points, and two for every three it makes, argues against them
/// all.
const ARGUED_FROM: usize = 2;

/// How many sentences in a row a point may spread over.
const WINDOW: usize = 2;

/// What the matcher found for one key point.
#[derive(Debug, Clone, PartialEq)]
pub struct PointMatch {
    pub covered: bool,
    /// For a covered point, the part of the answer that made it, as a byte range of the answer.
    pub evidence: Option<Range<usize>>,
    /// The best share of one phrasing's concepts found in one sentence, 0 to 1.
    pub score: f64,
    /// Named but not made: a sentence holds enough of a phrasing's words, but its clauses say no.
    pub rejected: bool,
}

/// An answer ready to be matched against any number of points.
pub struct Matcher<'a> {
    synonyms: &'a Synonyms,
    text: AnswerText,
    units: Vec<Unit>,
    stems: HashMap<String, u32>,
    /// Byte range of each clause, by clause number.
    clauses: Vec<Range<usize>>,
    /// Stems shared by several points of the question: they tell its points apart less, so they
    /// count half, as weak words do.
    shared: HashSet<String>,
}

impl<'a> Matcher<'a> {
    pub fn new(answer: &str, synonyms: &'a Synonyms) -> Self {
        let text = AnswerText::new(answer);
        let mut matcher = Matcher {
            synonyms,
            units: Vec::new(),
            stems: HashMap::new(),
            clauses: Vec::new(),
            text: AnswerText::default(),
            shared: HashSet::new(),
        };
        for w in &text.words {
            if matcher.clauses.len() <= w.clause {
                matcher
                    .clauses
                    .resize(w.clause + 1, w.span.start..w.span.start);
                matcher.clauses[w.clause] = w.span.clone();
            }
            matcher.clauses[w.clause].end = w.span.end;
        }
        let units = concept_units(&text.words, synonyms, false, &HashSet::new(), |stem| {
            Some(Concept::Stem(intern(&mut matcher.stems, stem)))
        });
        matcher.units = units;
        matcher.text = text;
        matcher
    }

    /// Whether the answer has any words at all.
    pub fn is_empty(&self) -> bool {
        self.text.words.is_empty()
    }

    /// Matches one key point, through any of its phrasings.
    pub fn point(&self, point: &KeyPoint) -> PointMatch {
        let mut best = PointMatch {
            covered: false,
            evidence: None,
            score: 0.0,
            rejected: false,
        };
        for phrasing in point.phrasings() {
            let found = self.phrasing(phrasing);
            let better = found.better_than(&best);
            let rejected = best.rejected || found.rejected;
            if better {
                best = found;
            }
            best.rejected = rejected;
        }
        best
    }

    fn phrasing(&self, phrasing: &str) -> PointMatch {
        let words = AnswerText::new(phrasing).words;
        let stems = &self.stems;
        let wanted = concept_units(&words, self.synonyms, true, &self.shared, |stem| {
            stems.get(stem).map(|i| Concept::Stem(*i))
        });
        let mut best = PointMatch {
            covered: false,
            evidence: None,
            score: 0.0,
            rejected: false,
        };
        if wanted.is_empty() {
            return best;
        }
        let total: f64 = wanted.iter().map(|u| u.weight).sum();
        for sentence in 0..self.text.sentences {
            // The units stand in the answer's order, so a window of sentences is a slice of them.
            let from = self.units.partition_point(|u| u.sentence < sentence);
            let to = self
                .units
                .partition_point(|u| u.sentence < sentence + WINDOW);
            let here = &self.units[from..to];
            // For each concept found, every unit of the answer that holds it.
            let mut found: Vec<Vec<&Unit>> = Vec::new();
            let mut weight = 0.0;
            let mut strong = false;
            let (mut blind, mut blind_n, mut blind_strong) = (0.0, 0, false);
            for want in &wanted {
                // Named: said, even to be rejected; an alternative set aside in a choice is not.
                if here.iter().any(|have| {
                    !have.set_aside && have.concepts.iter().any(|c| want.concepts.contains(c))
                }) {
                    blind += want.weight;
                    blind_n += 1;
                    blind_strong |= want.weight >= 1.0;
                }
                let have: Vec<&Unit> = here
                    .iter()
                    .filter(|have| {
                        !have.contradicted
                            && have.negated == want.negated
                            && have.concepts.iter().any(|c| want.concepts.contains(c))
                    })
                    .collect();
                if !have.is_empty() {
                    found.push(have);
                    weight += want.weight;
                    strong |= want.weight >= 1.0;
                }
            }
            let score = weight / total;
            // A share of exactly half (1.5 of 3) counts, whatever the rounding.
            let covered =
                score + 1e-9 >= SHARE && strong && found.len() >= wanted.len().min(PAIR_FROM);
            let named = blind / total + 1e-9 >= SHARE
                && blind_strong
                && blind_n >= wanted.len().min(PAIR_FROM);
            best.rejected |= named && !covered;
            let here = PointMatch {
                covered,
                evidence: covered.then(|| self.evidence(&found)),
                score,
                rejected: best.rejected,
            };
            if here.better_than(&best) {
                best = here;
            }
        }
        best
    }

    /// The clauses holding the concepts found, from the first to the last, each concept taken
    /// where it makes the shortest quote: a word said earlier ("keys rotate nightly. If one
    /// leaks, we revoke and rotate it") does not stretch the quote back to it.
    fn evidence(&self, found: &[Vec<&Unit>]) -> Range<usize> {
        let nearest = |anchor: usize| -> (usize, usize) {
            let clauses = found.iter().filter_map(|units| {
                units
                    .iter()
                    .map(|u| u.clause)
                    .min_by_key(|c| c.abs_diff(anchor))
            });
            clauses.fold((usize::MAX, 0), |(lo, hi), c| (lo.min(c), hi.max(c)))
        };
        let (first, last) = found
            .iter()
            .flatten()
            .map(|u| nearest(u.clause))
            .min_by_key(|(lo, hi)| (hi.saturating_sub(*lo), std::cmp::Reverse(*lo)))
            .unwrap_or((0, 0));
        let start = self.clauses.get(first).map_or(0, |c| c.start);
        let end = self.clauses.get(last).map_or(start, |c| c.end);
        start..end
    }
}

impl PointMatch {
    /// Made before not made, then the higher share, then the shorter quote: of two sentences that
    /// make a point as well, the one that says only that.
    fn better_than(&self, other: &PointMatch) -> bool {
        let quote = |m: &PointMatch| {
            m.evidence
                .as_ref()
                .map_or(usize::MAX, ExactSizeIterator::len)
        };
        (self.covered, self.score, std::cmp::Reverse(quote(self)))
            .partial_cmp(&(other.covered, other.score, std::cmp::Reverse(quote(other))))
            .is_some_and(std::cmp::Ordering::is_gt)
    }
}

/// Matches every key point against an answer, in bank order.
pub fn match_points(answer: &str, points: &[KeyPoint], synonyms: &Synonyms) -> Vec<PointMatch> {
    let mut matcher = Matcher::new(answer, synonyms);
    matcher.shared = shared_stems(points);
    let mut found: Vec<PointMatch> = points.iter().map(|p| matcher.point(p)).collect();
    if argued_against(&found) || !anchored(&found) {
        for m in &mut found {
            m.covered = false;
            m.evidence = None;
        }
    }
    found
}

/// Whether an answer makes at least one point clearly: a looser match counts only in an answer
/// that shows it engages with the points, so generic talk ("document what we learned and build
/// out a process") sharing half a point's words makes none.
fn anchored(found: &[PointMatch]) -> bool {
    found.iter().any(|m| m.covered && m.score + 1e-9 >= CLEAR)
}

/// Whether an answer argues against the points: it names two or more of them only to say no, and
/// at least two for every three it seems to make. Such an answer ("STRIDE is theatre, … SLAs
/// create resentment, …") names the rest the same way, in turns of phrase the clause rules do not
/// read, so none is ticked.
fn argued_against(found: &[PointMatch]) -> bool {
    let rejected = found.iter().filter(|m| m.rejected && !m.covered).count();
    let made = found.iter().filter(|m| m.covered).count();
    rejected >= ARGUED_FROM && 3 * rejected >= 2 * made
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table() -> Synonyms {
        Synonyms::parse(
            "- [k8s, kubernetes]\n- [idp, identity provider]\n- [authz, authorization]\n\
             - [measurable, number]\n",
        )
        .unwrap_or_default()
    }

    /// Whether `answer` makes `point`, and the words that made it.
    fn made(answer: &str, point: &str) -> Option<String> {
        let table = table();
        let found = match_points(answer, &[KeyPoint::from(point)], &table);
        found[0]
            .covered
            .then(|| found[0].evidence.clone().map(|r| answer[r].to_string()))
            .flatten()
    }

    #[track_caller]
    fn case(answer: &str, point: &str, expected: Option<&str>) {
        assert_eq!(
            made(answer, point).as_deref(),
            expected,
            "{answer} / {point}"
        );
    }

    #[test]
    fn stems_meet_other_forms_of_a_word() {
        case(
            "We rotated the tokens hourly.",
            "Token rotation",
            Some("We rotated the tokens hourly"),
        );
        case(
            "Short-lived credentials everywhere.",
            "Short-lived credential",
            Some("Short-lived credentials everywhere"),
        );
        case("We rotated the keys.", "Token rotation", None);
    }

    #[test]
    fn abbreviations_meet_their_long_form() {
        case(
            "Harden the k8s clusters first.",
            "Harden Kubernetes clusters",
            Some("Harden the k8s clusters first"),
        );
        case(
            "Federate through the IdP.",
            "Federate with an identity provider",
            Some("Federate through the IdP"),
        );
        case(
            "Centralized authz service.",
            "Centralized authorization",
            Some("Centralized authz service"),
        );
        case(
            "Results improved by 40%.",
            "Measurable results",
            Some("Results improved by 40%"),
        );
    }

    #[test]
    fn a_point_named_only_to_reject_it_is_not_made() {
        case(
            "We don't do STRIDE on data flows.",
            "STRIDE on data flows",
            None,
        );
        case(
            "Burn-down charts I've never found useful.",
            "Track burn-down charts",
            None,
        );
        case(
            "We skip the re-review before launch.",
            "Re-review before launch",
            None,
        );
        case(
            "We tried secret scanning but turned it off.",
            "Secret scanning in CI",
            None,
        );
        case(
            "We do STRIDE on data flows, but no pentest.",
            "STRIDE on data flows",
            Some("We do STRIDE on data flows"),
        );
        // A point that says no is made by an answer that says no as well.
        case(
            "Never write your own crypto or roll custom ciphers.",
            "Never roll custom crypto, write own",
            Some("Never write your own crypto or roll custom ciphers"),
        );
        case("We roll custom crypto.", "Never roll custom crypto", None);
    }

    /// The points an answer makes, by index.
    fn made_points(answer: &str, points: &[&str]) -> Vec<usize> {
        let points: Vec<KeyPoint> = points.iter().map(|p| KeyPoint::from(*p)).collect();
        match_points(answer, &points, &table())
            .iter()
            .enumerate()
            .filter_map(|(i, m)| m.covered.then_some(i))
            .collect()
    }

    #[test]
    fn an_answer_arguing_against_the_points_makes_none() {
        let points = [
            "STRIDE on data flows",
            "Risk burn-down charts",
            "Stories with acceptance criteria",
        ];
        // Each point named on its own, and made.
        assert_eq!(
            made_points("We write stories with acceptance criteria.", &points),
            [2]
        );
        // Two rejected: the third, named in a turn of phrase the clause rules do not read, is
        // not made either.
        let argued = "STRIDE on data flows is theatre, so we skip it. Risk burn-down charts                       never helped anyone. Stories with acceptance criteria were our old admin's idea.";
        assert_eq!(made_points(argued, &points), Vec::<usize>::new());
        // One rejection among points made is a choice, not an argument.
        let chosen = "We skip STRIDE on data flows. We keep risk burn-down charts, and we write                       stories with acceptance criteria.";
        assert_eq!(made_points(chosen, &points), [1, 2]);
        // What an "instead of" or "rather than" sets aside is a choice, not a point argued against.
        let instead = "Instead of STRIDE on data flows we keep risk burn-down charts, rather than \
                       stories with acceptance criteria.";
        assert_eq!(made_points(instead, &points), [1]);
    }

    #[test]
    fn half_a_point_counts_only_beside_a_point_made_clearly() {
        let points = ["Write a repeatable runbook", "Preserve logs and evidence"];
        // Two of the first point's three words, and nothing else: no point.
        let vague = "Afterwards I'd make the runbook repeatable.";
        assert_eq!(made_points(vague, &points), Vec::<usize>::new());
        // The same words in an answer that clearly makes another point.
        let engaged = "First we preserve the logs and the evidence. Afterwards I'd make the \
                       runbook repeatable.";
        assert_eq!(made_points(engaged, &points), [0, 1]);
    }

    #[test]
    fn one_shared_word_makes_no_point() {
        case(
            "Security matters to the team.",
            "Security champions per team",
            None,
        );
        case("Our PM likes it.", "Threat modeling with the PM", None);
    }

    #[test]
    fn evidence_is_the_clauses_that_made_the_point_as_written() {
        let answer = "First, coffee. Then we map the DATA flows, and after that lunch.";
        let table = table();
        let found = match_points(answer, &[KeyPoint::from("Map data flows")], &table);
        let span = found[0].evidence.clone().unwrap_or_default();
        assert_eq!(&answer[span], "Then we map the DATA flows");
        assert!(found[0].score > 0.99);
        // A word said earlier does not stretch the quote back to it.
        let answer = "Keys rotate every night, and reviews catch most mistakes. If a key ever \
                      leaks, we revoke it and rotate it the same day.";
        let found = match_points(
            answer,
            &[KeyPoint::from("Revoke and rotate leaked keys")],
            &table,
        );
        let span = found[0].evidence.clone().unwrap_or_default();
        assert_eq!(
            &answer[span],
            "If a key ever leaks, we revoke it and rotate it the same day"
        );
    }

    #[test]
    fn alternative_phrasings_make_the_point_too() {
        let point = KeyPoint {
            text: "Simplified STRIDE".into(),
            also: vec!["spoofing, tampering and other threat categories".into()],
        };
        let table = table();
        let answer = "We walk spoofing and tampering threats over each flow.";
        let found = match_points(answer, &[point], &table);
        assert!(found[0].covered, "{found:?}");
        assert!(
            match_points("", &[KeyPoint::from("Anything")], &table)[0]
                .evidence
                .is_none()
        );
    }
}
