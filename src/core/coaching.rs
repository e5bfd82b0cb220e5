//! Coaching beyond the checklist: whether a behavioural answer tells a STAR story (Situation, Task,
//! Action, measurable Result), how long the answer takes to say at about 130 words a minute against
//! the question's time, and how many hedges and fillers it leans on.

use std::ops::Range;

use chrono::Duration;
use serde::Serialize;

use crate::core::answer_text::{AnswerText, Word};
use crate::core::bank::Category;

/// Speaking pace used to turn words into time.
pub const WORDS_PER_MINUTE: usize = 130;
/// An answer that takes less than this share of the question's time is flagged as short.
const SHORT_SHARE: f64 = 1.0 / 3.0;

/// Everything the coach says about one answer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Coaching {
    pub length: Length,
    /// Only for behavioural questions.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub star: Option<Star>,
    /// Each hedge or filler used, with how often, most used first.
    pub hedges: Vec<Hedge>,
}

/// How long the answer is, and how long it takes to say.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Length {
    pub words: usize,
    /// At about 130 words a minute.
    pub speaking_secs: u32,
    pub limit_secs: u32,
    pub verdict: LengthVerdict,
}

/// Whether the answer fits the time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum LengthVerdict {
    /// Under a third of the time: probably too thin.
    TooShort,
    Fine,
    /// Over the time.
    TooLong,
}

/// The four parts of a STAR story, each with the sentence that carries it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Star {
    pub situation: Option<Range<usize>>,
    pub task: Option<Range<usize>>,
    pub action: Option<Range<usize>>,
    pub result: Option<Range<usize>>,
    /// The result sentence holds a number: a measurable result.
    pub measurable: bool,
}

impl Star {
    /// The parts missing, in STAR order: "situation", "task", "action", "result" or "measurable
    /// result" (a result without a number).
    pub fn missing(&self) -> Vec<&'static str> {
        let mut missing = Vec::new();
        for (part, name) in [
            (&self.situation, "situation"),
            (&self.task, "task"),
            (&self.action, "action"),
        ] {
            if part.is_none() {
                missing.push(name);
            }
        }
        if self.result.is_none() {
            missing.push("result");
        } else if !self.measurable {
            missing.push("measurable result");
        }
        missing
    }
}

/// A hedge or filler and how often the answer uses it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Hedge {
    pub phrase: &'static str,
    pub count: usize,
}

/// Hedges and fillers that weaken a spoken answer.
const HEDGES: &[&str] = &[
    "basically",
    "kind of",
    "sort of",
    "i guess",
    "i suppose",
    "i think",
    "i feel like",
    "maybe",
    "probably",
    "perhaps",
    "hopefully",
    "you know",
    "i mean",
    "honestly",
    "actually",
    "literally",
    "just",
    "somewhat",
    "or something",
    "and stuff",
    "try to",
];

const SITUATION: &[&str] = &[
    "situation",
    "context",
    "background",
    "at my",
    "at a previous",
    "at a startup",
    "at our",
    "when i was",
    "when we were",
    "last year",
    "years ago",
    "months ago",
    "there was",
    "we had",
    "we were",
    "previous company",
    "previous role",
    "previous job",
    "last company",
    "last job",
    "last role",
    "once",
];

const TASK: &[&str] = &[
    "task",
    "my role",
    "my job",
    "i was responsible",
    "responsible for",
    "i needed to",
    "i had to",
    "i was asked",
    "asked me",
    "the goal",
    "my goal",
    "our goal",
    "i wanted to",
    "we needed to",
    "the challenge",
    "the problem was",
    "i owned",
    "my responsibility",
    "i had no",
    "without authority",
    "i wasn't",
];

const RESULT: &[&str] = &[
    "result",
    "results",
    "as a result",
    "outcome",
    "in the end",
    "ended up",
    "afterwards",
    "since then",
    "reduced",
    "increased",
    "dropped",
    "cut",
    "saved",
    "improved",
    "fell",
    "went from",
    "down from",
    "up from",
    "blocked",
    "prevented",
    "shipped",
    "launched",
    "stopped",
    "caught",
    "stayed",
    "halved",
    "doubled",
    "lowered",
    "went live",
];

/// Past-tense verbs that do not end in -ed, for "I went", "I wrote".
const IRREGULAR: &[&str] = &[
    "went", "met", "ran", "set", "took", "made", "built", "wrote", "gave", "led", "sat", "brought",
    "spoke", "showed", "got", "put", "drove", "pulled", "kept", "sent", "found", "chose", "began",
    "did", "told", "paired", "broke", "rewrote", "held", "sought", "taught", "drew", "won",
];

/// Coaches one answer to a question of `category` with `limit` to answer it.
pub fn coach(answer: &str, category: Category, limit: Duration) -> Coaching {
    let text = AnswerText::new(answer);
    Coaching {
        length: length(answer, limit),
        star: (category == Category::Behavioral).then(|| star(&text)),
        hedges: hedges(&text),
    }
}

/// Words, the time to say them and the verdict against `limit`.
pub fn length(answer: &str, limit: Duration) -> Length {
    let words = answer.split_whitespace().count();
    let speaking_secs = (words * 60).div_ceil(WORDS_PER_MINUTE) as u32;
    let limit_secs = limit.num_seconds().max(0) as u32;
    let verdict = if f64::from(speaking_secs) < f64::from(limit_secs) * SHORT_SHARE {
        LengthVerdict::TooShort
    } else if speaking_secs > limit_secs {
        LengthVerdict::TooLong
    } else {
        LengthVerdict::Fine
    };
    Length {
        words,
        speaking_secs,
        limit_secs,
        verdict,
    }
}

fn star(text: &AnswerText) -> Star {
    let sentences: Vec<Vec<&Word>> = text
        .words
        .chunk_by(|a, b| a.sentence == b.sentence)
        .map(|words| words.iter().collect())
        .collect();
    let span = |words: &[&Word]| -> Range<usize> {
        words.first().map_or(0, |w| w.span.start)..words.last().map_or(0, |w| w.span.end)
    };
    let find = |cues: &[&str]| -> Option<Range<usize>> {
        sentences
            .iter()
            .find(|words| has_any(words, cues))
            .map(|words| span(words))
    };
    let action = sentences
        .iter()
        .find(|words| {
            words
                .windows(3)
                .any(|w| w[0].plain == "i" && (past_tense(&w[1].plain) || past_tense(&w[2].plain)))
                || has_any(words, &["action"])
        })
        .map(|words| span(words));
    // The result is the last sentence that reports one: stories end with it.
    let result = sentences
        .iter()
        .rev()
        .find(|words| has_any(words, RESULT))
        .map(|words| (span(words), words.iter().any(|w| is_number(&w.plain))));
    Star {
        situation: find(SITUATION),
        task: find(TASK),
        action,
        measurable: result.as_ref().is_some_and(|(_, n)| *n),
        result: result.map(|(r, _)| r),
    }
}

fn past_tense(word: &str) -> bool {
    (word.len() > 4 && word.ends_with("ed")) || IRREGULAR.contains(&word)
}

fn is_number(word: &str) -> bool {
    word.chars().any(|c| c.is_ascii_digit())
        || matches!(
            word,
            "half" | "twice" | "double" | "doubled" | "halved" | "percent" | "zero" | "none"
        )
}

/// Whether the words hold any of the phrases, word by word.
fn has_any(words: &[&Word], phrases: &[&str]) -> bool {
    phrases.iter().any(|phrase| count(words, phrase) > 0)
}

fn count(words: &[&Word], phrase: &str) -> usize {
    let parts: Vec<&str> = phrase.split(' ').collect();
    words
        .windows(parts.len())
        .filter(|run| {
            run.iter().zip(&parts).all(|(w, p)| w.plain == *p)
                && run.windows(2).all(|pair| pair[0].clause == pair[1].clause)
        })
        .count()
}

fn hedges(text: &AnswerText) -> Vec<Hedge> {
    let words: Vec<&Word> = text.words.iter().collect();
    let mut found: Vec<Hedge> = HEDGES
        .iter()
        .map(|phrase| Hedge {
            phrase,
            count: count(&words, phrase),
        })
        .filter(|h| h.count > 0)
        .collect();
    found.sort_by_key(|h| std::cmp::Reverse(h.count));
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn length_case(words: usize, limit: i64, expected: LengthVerdict) {
        let answer = vec!["word"; words].join(" ");
        let got = length(&answer, Duration::seconds(limit));
        assert_eq!(got.verdict, expected, "{words} words in {limit}s");
        assert_eq!(got.words, words);
    }

    #[test]
    fn length_is_judged_at_130_words_a_minute() {
        assert_eq!(
            length(&"w ".repeat(130), Duration::seconds(120)).speaking_secs,
            60
        );
        length_case(30, 120, LengthVerdict::TooShort);
        length_case(90, 120, LengthVerdict::Fine);
        length_case(260, 120, LengthVerdict::Fine);
        length_case(261, 120, LengthVerdict::TooLong);
    }

    #[test]
    fn a_full_star_story_misses_nothing() {
        let answer = "At my last company the growth team wanted to skip rate limiting. \
                      I was responsible for product security but had no say over their roadmap. \
                      I modeled the abuse and proposed a minimal limiter. \
                      As a result we blocked 2,300 fake signups in the first month.";
        let star = star(&AnswerText::new(answer));
        assert!(star.missing().is_empty(), "{star:?}");
        let result = star.result.clone().unwrap_or_default();
        assert!(answer[result].starts_with("As a result"));
        // A result told by what happened, with no "as a result".
        let told = star_of(
            "I offered three options and we picked a per-account limit. We launched on time, and \
             the limit stopped 12,000 credential-stuffing attempts in the first week.",
        );
        assert!(told.result.is_some() && told.measurable, "{told:?}");
    }

    #[test]
    fn a_story_without_a_number_lacks_a_measurable_result() {
        let answer = "I proposed a limiter and it went well. The result was better security.";
        let star = star(&AnswerText::new(answer));
        assert_eq!(
            star.missing(),
            vec!["situation", "task", "measurable result"]
        );
        let vague = star_of("We should think about security together.");
        assert_eq!(
            vague.missing(),
            vec!["situation", "task", "action", "result"]
        );
    }

    fn star_of(answer: &str) -> Star {
        star(&AnswerText::new(answer))
    }

    #[test]
    fn hedges_are_counted_not_judged() {
        let found = hedges(&AnswerText::new(
            "So basically I'd kind of look at it, basically. I guess. A kind-hearted sort.",
        ));
        assert_eq!(
            found,
            vec![
                Hedge {
                    phrase: "basically",
                    count: 2
                },
                Hedge {
                    phrase: "kind of",
                    count: 1
                },
                Hedge {
                    phrase: "i guess",
                    count: 1
                },
            ]
        );
    }

    #[test]
    fn only_behavioural_questions_get_the_star_check() {
        let limit = Duration::seconds(120);
        assert!(
            coach("I did it.", Category::Behavioral, limit)
                .star
                .is_some()
        );
        assert!(
            coach("I did it.", Category::Technical, limit)
                .star
                .is_none()
        );
    }
}
