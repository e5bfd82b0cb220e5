//! An answer cut into sentences, clauses and stemmed words, each word knowing where it lies in the
//! original text and whether its clause rejects what it names ("we don't do STRIDE").

use std::ops::Range;

use rust_stemmers::{Algorithm, Stemmer};

use crate::core::fold::fold_char;
use crate::core::judged;
use crate::core::stance;
use crate::core::stop_words::STOP_WORDS;

/// One word of an answer or a key point.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    /// The folded word as written: `don't`, `k8s`, `tokens`.
    pub plain: String,
    /// Its Snowball (Porter 2) stem: `token`.
    pub stem: String,
    /// Byte range in the original text.
    pub span: Range<usize>,
    pub sentence: usize,
    pub clause: usize,
    /// The clause around it says no: negated ("don't", "never") or dismissed ("overkill").
    pub negated: bool,
    /// Its only "no" is an "instead of" or "rather than" before it: the alternative set aside in
    /// a choice ("instead of blocking the launch I offered options"), not a point argued against.
    pub set_aside: bool,
    /// It makes no point, yes or no: its clause both negates and dismisses ("'never roll your own'
    /// is overstated"), or it names a practice only to judge it (see [`crate::core::judged`]).
    pub contradicted: bool,
    /// A word that carries no point of its own ("the", "we", "basically").
    pub stop: bool,
    /// Its sentence is a question: "Trade-offs between isolation and simplicity?" asks, it makes no
    /// point.
    pub asked: bool,
    /// A comma came right before it.
    comma_before: bool,
    /// It was written with "'s", taken off `plain`: "that's", "Kubernetes's".
    pub(crate) apostrophe_s: bool,
    /// The number of the double quotation it stands in, counted from 1: `We "partnered" with them`.
    pub(crate) quote: Option<usize>,
}

/// A text cut into words, with sentence and clause numbers.
#[derive(Debug, Clone, Default)]
pub struct AnswerText {
    pub words: Vec<Word>,
    pub sentences: usize,
}

/// Abbreviations whose full stop ends no sentence.
const ABBREVIATIONS: &[&str] = &["e.g", "i.e", "etc", "vs", "approx", "incl"];

/// Words that end a clause: the negation of one clause does not reach past them.
pub(crate) const CLAUSE_BREAKS: &[&str] = &[
    "but",
    "however",
    "although",
    "though",
    "whereas",
    "yet",
    "so",
    "because",
    "since",
    "otherwise",
    "then",
];

/// Words a clause needs to stand on its own: without one, a short list after a comma still belongs to
/// the clause before ("we don't run SAST, DAST or fuzzing").
pub(crate) const SUBJECTS: &[&str] = &[
    "i", "we", "you", "they", "he", "she", "it", "this", "that", "there", "which", "who", "it's",
    "i'd", "we'd", "i'm", "we're", "i've", "we've", "i'll", "we'll", "they're", "that's",
];

impl AnswerText {
    /// Cuts `text` into words, sentences and clauses.
    pub fn new(text: &str) -> Self {
        let stemmer = Stemmer::create(Algorithm::English);
        let words = split(text, &stemmer);
        let sentences = words.last().map_or(0, |w| w.sentence + 1);
        let mut answer = AnswerText { words, sentences };
        answer.break_clauses_at_conjunctions();
        answer.join_short_lists();
        stance::mark(&mut answer.words);
        judged::mark(&mut answer.words);
        answer
    }

    /// The stems of a short phrase, in order, without the clause and stance passes a whole answer
    /// needs: the synonyms table reads some 1,200 phrases this way at every start.
    pub fn stems(phrase: &str, stemmer: &Stemmer) -> Vec<String> {
        split(phrase, stemmer).into_iter().map(|w| w.stem).collect()
    }

    /// "but", "so", "because" start a new clause.
    fn break_clauses_at_conjunctions(&mut self) {
        let mut shift = 0;
        for i in 0..self.words.len() {
            let starts_new = i > 0
                && CLAUSE_BREAKS.contains(&self.words[i].plain.as_str())
                && self.words[i - 1].clause == self.words[i].clause;
            if starts_new {
                shift += 1;
            }
            self.words[i].clause += shift;
        }
    }

    /// A short comma-separated piece with no subject of its own continues the clause before, so
    /// that a negation covers the whole list: "we don't run SAST, DAST or fuzzing".
    fn join_short_lists(&mut self) {
        let mut i = 0;
        while i < self.words.len() {
            let clause = self.words[i].clause;
            let end = self.words[i..]
                .iter()
                .position(|w| w.clause != clause)
                .map_or(self.words.len(), |n| i + n);
            let piece = &self.words[i..end];
            let joins = i > 0
                && self.words[i].comma_before
                && self.words[i - 1].sentence == self.words[i].sentence
                && piece.len() <= 4
                && !piece.iter().any(|w| SUBJECTS.contains(&w.plain.as_str()))
                // "options, not blockers" and "X, but no Y" set the two apart rather than listing.
                && !stance::says_no(&self.words[i].plain)
                && !CLAUSE_BREAKS.contains(&self.words[i].plain.as_str());
            if joins {
                let previous = self.words[i - 1].clause;
                for w in &mut self.words[i..end] {
                    w.clause = previous;
                }
            }
            i = end;
        }
    }
}

/// Cuts `text` into words with sentence and clause numbers, before the passes that join and break
/// clauses and mark stance.
fn split(text: &str, stemmer: &Stemmer) -> Vec<Word> {
    let mut words = Vec::new();

    let mut sentence = 0;
    let mut clause = 0;
    let mut pending_break = false;
    let mut pending_sentence = false;
    let mut comma = false;
    // Double quotes open and close in turn; the count numbers each quotation.
    let mut quotes = 0;
    let mut in_quote = false;
    let mut current: Option<(usize, String)> = None;
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        let f = fold_char(c);
        let next = chars.peek().map(|&(_, n)| fold_char(n));
        let in_word = f.is_alphanumeric()
            // "40%" is one figure.
            || (f == '%' && current.as_ref().is_some_and(|(_, w)| w.ends_with(|d: char| d.is_ascii_digit())))
            || (matches!(f, '\'' | '.' | '+' | '#')
                && current.is_some()
                && next.is_some_and(char::is_alphanumeric));
        if in_word {
            let entry = current.get_or_insert_with(|| (at, String::new()));
            entry.1.push(f);
            continue;
        }
        if let Some((start, plain)) = current.take() {
            if pending_sentence {
                sentence += 1;
                clause += 1;
            } else if pending_break {
                clause += 1;
            }
            pending_break = false;
            pending_sentence = false;
            let mut w = word(stemmer, plain, start..at, sentence, clause, comma);
            w.quote = in_quote.then_some(quotes);
            words.push(w);
            comma = false;
        }
        match f {
            // "e.g." and "etc." end no sentence.
            '.' if words
                .last()
                .is_some_and(|w: &Word| ABBREVIATIONS.contains(&w.plain.as_str())) => {}
            '?' => {
                for w in words
                    .iter_mut()
                    .rev()
                    .take_while(|w| w.sentence == sentence)
                {
                    w.asked = true;
                }
                pending_sentence = !words.is_empty();
            }
            // A dot before a letter starts a name (".env", ".NET"), not a sentence.
            '.' if next.is_some_and(char::is_alphanumeric) => {}
            '.' | '!' | '\n' => pending_sentence = !words.is_empty(),
            // A quotation stays in its clause: in 'I know "guardrails over gates" is the trendy line'
            // the "no" of the clause covers the quoted words.
            ':' | ';' | '(' | ')' | '[' | ']' => pending_break = true,
            '-' if next.is_some_and(char::is_whitespace) => pending_break = true,
            ',' => {
                pending_break = true;
                comma = true;
            }
            '"' | '\u{201c}' | '\u{201d}' => {
                in_quote = !in_quote;
                if in_quote {
                    quotes += 1;
                }
            }
            _ => {}
        }
    }
    if let Some((start, plain)) = current.take() {
        if pending_sentence {
            sentence += 1;
            clause += 1;
        } else if pending_break {
            clause += 1;
        }
        let mut w = word(stemmer, plain, start..text.len(), sentence, clause, comma);
        w.quote = in_quote.then_some(quotes);
        words.push(w);
    }
    words
}

fn word(
    stemmer: &Stemmer,
    plain: String,
    span: Range<usize>,
    sentence: usize,
    clause: usize,
    comma_before: bool,
) -> Word {
    let apostrophe_s = plain.ends_with("'s");
    let plain = match plain.strip_suffix("'s") {
        Some(base) => base.to_string(),
        None => plain,
    };
    let stop = STOP_WORDS.contains(&plain.as_str());
    let stem = stemmer.stem(&plain).into_owned();
    Word {
        plain,
        stem,
        span,
        sentence,
        clause,
        negated: false,
        set_aside: false,
        contradicted: false,
        stop,
        asked: false,
        comma_before,
        apostrophe_s,
        quote: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn negated(text: &str) -> Vec<String> {
        AnswerText::new(text)
            .words
            .into_iter()
            .filter(|w| w.negated && !w.stop)
            .map(|w| w.plain)
            .collect()
    }

    #[track_caller]
    fn case(text: &str, expected: &[&str]) {
        assert_eq!(negated(text), expected, "{text}");
    }

    #[test]
    fn negation_covers_its_clause_and_no_further() {
        case("We don't do STRIDE.", &["don't", "stride"]);
        case("We do STRIDE.", &[]);
        case(
            "We skip STRIDE, but we map trust boundaries.",
            &["skip", "stride"],
        );
        case(
            "Burn-down charts I've never found useful.",
            &["burn", "down", "charts", "never", "found", "useful"],
        );
        case(
            "SAST in CI I'd avoid; we run secret scanning.",
            &["sast", "ci", "avoid"],
        );
        case(
            "We don't run SAST, DAST or fuzzing.",
            &["don't", "run", "sast", "dast", "fuzzing"],
        );
        case("Offer options, not blockers.", &["not", "blockers"]);
        case(
            "We looked at OIDC but decided against it.",
            &["looked", "oidc", "decided", "against"],
        );
        case(
            "We tried secret scanning but it was noisy, so we turned it off.",
            &["tried", "secret", "scanning", "noisy", "turned", "off"],
        );
        case(
            "Code review sounds good on paper, it slows us down.",
            &["code", "review", "sounds", "good", "paper"],
        );
    }

    #[test]
    fn words_keep_their_place_in_the_original() {
        let text = "Café k8s: short‑lived tokens.";
        let answer = AnswerText::new(text);
        let spans: Vec<&str> = answer.words.iter().map(|w| &text[w.span.clone()]).collect();
        assert_eq!(spans, vec!["Café", "k8s", "short", "lived", "tokens"]);
        assert_eq!(answer.words[4].stem, "token");
        assert_eq!(answer.sentences, 1);
    }

    #[test]
    fn sentences_end_at_stops_and_lines_not_inside_names() {
        let answer = AnswerText::new("Use node.js here. Then e.g. Vault\nand more");
        let sentences: Vec<usize> = answer.words.iter().map(|w| w.sentence).collect();
        assert_eq!(sentences, vec![0, 0, 0, 1, 1, 1, 2, 2]);
        let answer = AnswerText::new("Easier than copying a .env file around. Done.");
        let sentences: Vec<usize> = answer.words.iter().map(|w| w.sentence).collect();
        assert_eq!(sentences, vec![0, 0, 0, 0, 0, 0, 0, 1]);
    }
}
