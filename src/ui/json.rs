//! JSON output for scripts: one typed view per `--json` output. Field names are a stable
//! interface: add fields, never rename them. Views whose output was once built as a
//! `serde_json::Value` declare their fields in alphabetical order, the order that printed.

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::core::bank::{Card, CardKey, Category};
use crate::core::deadline::READY;
use crate::core::forecast::{GOAL, Outlook, Reach};
use crate::core::mock_history::PastRound;
use crate::core::progress::Review;
use crate::core::queue::{Next, Reason};
use crate::core::schedule::{CardState, Rating, State};
use crate::core::stats::{CardStanding, Now, Stats};

/// One question, as `show`, `list` and `search` print it.
#[derive(Debug, Serialize)]
pub struct QuestionJson<'a> {
    pub id: &'a str,
    pub deck: &'a str,
    pub question: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub why: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub answer: Option<&'a str>,
    pub tags: &'a [String],
    pub category: Category,
    pub key_points: Vec<&'a str>,
    /// The effective answer time: the question's own, else its deck's.
    pub answer_time_secs: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub progress: Option<ProgressJson>,
    /// The candidate's own answer (`prepdrill my-answer`), when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub my_answer: Option<&'a str>,
}

impl<'a> QuestionJson<'a> {
    pub fn new(card: Card<'a>, with_answer: bool) -> Self {
        let q = card.question;
        QuestionJson {
            id: &q.id,
            deck: &card.deck.deck,
            question: &q.question,
            why: with_answer.then_some(q.why.as_str()),
            answer: with_answer.then_some(q.answer.as_str()),
            tags: &q.tags,
            category: q.category,
            key_points: q.key_points.iter().map(|p| p.text.as_str()).collect(),
            answer_time_secs: card.answer_time_secs(),
            progress: None,
            my_answer: None,
        }
    }
}

/// Pretty JSON with a trailing newline. Every control and invisible character in a string
/// (C0, DEL, C1, bidi, zero-width, tags) is written as a `\uXXXX` escape: still valid, lossless
/// JSON, but inert when the output lands on a terminal.
/// A value that cannot be serialised is an error, never `null`.
pub fn to_string<T: Serialize>(value: &T) -> serde_json::Result<String> {
    let text = serde_json::to_string_pretty(value)?;
    let mut out = escape_invisible(&text);
    out.push('\n');
    Ok(out)
}

/// Escapes what serde_json leaves raw. Outside strings JSON is ASCII without controls, so every
/// such character is inside a string, where `\uXXXX` (a surrogate pair above U+FFFF) means it.
fn escape_invisible(json: &str) -> String {
    use std::fmt::Write as _;
    if !json
        .chars()
        .any(|c| c == '\x7f' || crate::ui::text::is_invisible(c))
    {
        return json.to_string();
    }
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        if c == '\x7f' || crate::ui::text::is_invisible(c) {
            let mut units = [0u16; 2];
            for unit in c.encode_utf16(&mut units) {
                let _ = write!(out, "\\u{unit:04x}");
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// A card's memory and schedule, as `show --json` and `list --json` print it.
#[derive(Debug, Serialize)]
pub struct ProgressJson {
    pub difficulty: Option<f64>,
    pub due: Option<String>,
    pub lapses: u32,
    pub last_review: Option<String>,
    pub retrievability: f64,
    pub reviews: u32,
    pub stability: Option<f64>,
    pub state: State,
    pub step: Option<usize>,
}

impl ProgressJson {
    pub fn new(state: &CardState, retrievability: f64) -> Self {
        let reviewed = state.last_review.is_some();
        ProgressJson {
            difficulty: state.memory.map(|m| m.difficulty),
            due: reviewed.then(|| rfc3339(state.due)),
            lapses: state.lapses,
            last_review: state.last_review.map(rfc3339),
            retrievability,
            reviews: state.reviews,
            stability: state.memory.map(|m| m.stability),
            state: state.state,
            step: state.step,
        }
    }
}

/// One row of `prepdrill due --json`.
#[derive(Debug, Serialize)]
pub struct DueJson<'a> {
    pub deck: &'a str,
    pub due: String,
    pub id: &'a str,
    pub question: &'a str,
    pub retrievability: f64,
    pub retrievability_at_interview: Option<f64>,
    pub state: State,
}

impl<'a> DueJson<'a> {
    pub fn new(standing: &CardStanding<'a>) -> Self {
        DueJson {
            deck: &standing.card.deck.deck,
            due: rfc3339(standing.state.due),
            id: &standing.card.question.id,
            question: &standing.card.question.question,
            retrievability: standing.recall_now,
            retrievability_at_interview: standing.recall_at_interview,
            state: standing.state.state,
        }
    }
}

/// One row of `prepdrill tags --json`.
#[derive(Debug, Serialize)]
pub struct TagCountJson<'a> {
    pub count: usize,
    pub tag: &'a str,
}

/// One row of `prepdrill answers --json`: an answer typed during a drill.
#[derive(Debug, Serialize)]
pub struct TypedAnswerJson<'a> {
    pub answer: Option<&'a str>,
    pub at: String,
    pub duration_ms: u64,
    pub rating: Rating,
}

impl<'a> TypedAnswerJson<'a> {
    pub fn new(review: &'a Review) -> Self {
        TypedAnswerJson {
            answer: review.typed_answer.as_deref(),
            at: rfc3339(review.at),
            duration_ms: review.duration_ms,
            rating: review.rating,
        }
    }
}

/// One row of `prepdrill progress orphans --json`.
#[derive(Debug, Serialize)]
pub struct OrphanJson<'a> {
    pub card: &'a CardKey,
    pub reviews: usize,
}

/// `prepdrill stats --json`: the numbers, the readiness forecast when an interview is set, and
/// the mock rounds. Its keys have always printed in alphabetical order at every level (the output
/// was once a patched `serde_json::Value`), so `to_sorted_string` prints it.
#[derive(Debug, Serialize)]
pub struct StatsJson<'a> {
    #[serde(flatten)]
    pub stats: &'a Stats,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub readiness: Option<OutlookJson>,
    pub mock_rounds: &'a [PastRound],
    /// Each deck toward its own interview, when decks have dates of their own.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub decks: Vec<DeckOutlookJson>,
}

/// One deck's forecast toward its own interview (`plan --json` and `stats --json` when decks
/// have dates of their own), or why there is none.
#[derive(Debug, Serialize)]
pub struct DeckOutlookJson {
    pub deck: String,
    pub readiness: Option<OutlookJson>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub why: Option<String>,
}

impl DeckOutlookJson {
    pub fn new(deck: &str, outlook: &Result<Outlook, String>, now: Now) -> Self {
        DeckOutlookJson {
            deck: deck.to_string(),
            readiness: outlook.as_ref().ok().map(|o| OutlookJson::new(o, now)),
            why: outlook.as_ref().err().cloned(),
        }
    }
}

/// `to_string`, with the keys of every object in alphabetical order.
pub fn to_sorted_string<T: Serialize>(value: &T) -> serde_json::Result<String> {
    to_string(&serde_json::to_value(value)?)
}

/// RFC 3339 in UTC, to the second. RFC 3339 has four-digit years, so an instant past 9999 (a
/// due date pushed there by a long interval) is written as the last second of 9999.
pub fn rfc3339(at: chrono::DateTime<chrono::Utc>) -> String {
    use chrono::Datelike;
    if at.year() > 9999 {
        return "9999-12-31T23:59:59Z".to_string();
    }
    if at.year() < 0 {
        return "0000-01-01T00:00:00Z".to_string();
    }
    at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// `prepdrill plan --json`, and `readiness` in `stats --json`.
#[derive(Debug, Serialize)]
pub struct OutlookJson {
    pub goal: &'static str,
    pub goal_share: f64,
    pub interview: InterviewJson,
    pub minutes_per_day_for_goal: Option<u32>,
    pub practice: PracticeJson,
    pub questions: usize,
    pub ready_if_stopped: usize,
    pub ready_threshold: f64,
}

#[derive(Debug, Serialize)]
pub struct InterviewJson {
    pub at: String,
    pub date: String,
    pub days_left: i64,
}

#[derive(Debug, Serialize)]
pub struct PracticeJson {
    pub high: usize,
    pub low: usize,
    pub mean_ready: f64,
    pub minutes_per_day: u32,
    pub runs: usize,
    pub sessions: usize,
}

impl OutlookJson {
    pub fn new(outlook: &Outlook, now: Now) -> Self {
        let (goal, minutes_per_day_for_goal) = match outlook.reach {
            Some(Reach::Already) => ("already", None),
            Some(Reach::Minutes(m)) => ("minutes", Some(m)),
            Some(Reach::OutOfReach) => ("out_of_reach", None),
            None => ("not_searched", None),
        };
        let p = &outlook.practice;
        OutlookJson {
            goal,
            goal_share: GOAL,
            interview: InterviewJson {
                at: rfc3339(outlook.interview.at),
                date: outlook.interview.day.to_string(),
                days_left: now.days_until(outlook.interview.day),
            },
            minutes_per_day_for_goal,
            practice: PracticeJson {
                high: p.high,
                low: p.low,
                mean_ready: p.mean,
                minutes_per_day: p.minutes_per_day,
                runs: p.runs,
                sessions: p.sessions,
            },
            questions: outlook.questions,
            ready_if_stopped: outlook.ready_if_stopped,
            ready_threshold: READY,
        }
    }
}

/// `prepdrill next --json`: the card and why, or `null` and why not.
#[derive(Debug, Serialize)]
#[serde(untagged)]
pub enum NextJson<'a> {
    Card {
        deck: &'a str,
        #[serde(skip_serializing_if = "Option::is_none")]
        due: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        gain: Option<f64>,
        #[serde(skip_serializing_if = "Option::is_none")]
        gain_per_minute: Option<f64>,
        /// In the last days before the interview: what the review adds to the chance that the
        /// question is ready on the day.
        #[serde(skip_serializing_if = "Option::is_none")]
        ready_gain: Option<f64>,
        id: &'a str,
        question: &'a str,
        reason: &'static str,
        /// `new` for a card never reviewed.
        state: &'static str,
    },
    Nothing {
        /// Always `null`: there is no card.
        id: Option<&'a str>,
        next_due: Option<String>,
        reason: &'static str,
    },
}

impl<'a> NextJson<'a> {
    pub fn new(
        pick: Option<(Card<'a>, Reason, Option<&CardState>)>,
        next: &Next,
        next_due: Option<DateTime<Utc>>,
    ) -> Self {
        let Some((card, reason, state)) = pick else {
            return NextJson::Nothing {
                id: None,
                next_due: next_due.map(rfc3339),
                reason: if matches!(next, Next::Ready) {
                    "ready"
                } else {
                    "nothing_due"
                },
            };
        };
        let (reason, due, gain, gain_per_minute) = match reason {
            Reason::Gain { gain, per_minute } => ("gain", None, Some(gain), Some(per_minute)),
            Reason::Returning { due } => ("step", Some(rfc3339(due)), None, None),
            Reason::Planned => match state {
                Some(s) => ("due", Some(rfc3339(s.due)), None, None),
                None => ("new", None, None, None),
            },
        };
        let ready_gain = gain.map(|g| g.ready).filter(|r| *r != 0.0);
        let gain = gain.map(|g| g.recall);
        NextJson::Card {
            deck: &card.deck.deck,
            due,
            gain,
            gain_per_minute,
            ready_gain,
            id: &card.question.id,
            question: &card.question.question,
            reason,
            state: state.map_or("new", |s| s.state.as_str()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_characters_are_escaped_and_round_trip() {
        let hostile = "a\x1b]52;c;cHdu\x07\x7f\u{85}\u{9b}31m\u{202e}\u{200b}\u{2028}\u{e0041}b";
        let json = to_string(&hostile).expect("serialised");
        assert!(json.is_ascii(), "{json}");
        assert!(
            json.contains("\\u007f") && json.contains("\\udb40\\udc41"),
            "{json}"
        );
        let back: String = serde_json::from_str(&json).expect("valid JSON");
        assert_eq!(back, hostile);
        assert_eq!(to_string(&"café").expect("serialised"), "\"café\"\n");
    }

    #[test]
    fn times_are_always_rfc3339() {
        let far = chrono::DateTime::<chrono::Utc>::MAX_UTC;
        assert_eq!(rfc3339(far), "9999-12-31T23:59:59Z");
        assert!(chrono::DateTime::parse_from_rfc3339(&rfc3339(far)).is_ok());
    }
}
