//! The answer coach on screen and in JSON: each key point with the words that made it, the length
//! against the time, the STAR check and the hedges, shared by `assess`, the drill's reveal and the
//! mock review and report.

use std::fmt::Write as _;

use serde::Serialize;

use crate::core::bank::Card;
use crate::core::coaching::{Coaching, LengthVerdict};
use crate::core::schedule::Rating;
use crate::core::words::{counted, format_secs, join_and};
use crate::ui::drill_view::rating_label;
use crate::ui::lookup::Layout;
use crate::ui::style::{Painter, Role};
use crate::ui::text::{fit, sanitize};

/// Longest evidence quote shown, in characters; the JSON keeps it whole.
const QUOTE: usize = 110;
/// Of a longer quote, the characters kept from its start; the rest come from its end. The span runs
/// from the first clause that made the point to the last, so both ends hold words that made it.
const HEAD: usize = 40;

/// One key point as assessed.
#[derive(Debug, Clone, Serialize)]
pub struct PointView<'a> {
    pub text: &'a str,
    pub covered: bool,
    /// The words of the answer that made the point.
    pub evidence: Option<String>,
}

/// The whole assessment, as `assess --json` prints it.
#[derive(Debug, Serialize)]
pub struct AssessJson<'a> {
    pub id: &'a str,
    pub deck: &'a str,
    pub key_points: Vec<PointView<'a>>,
    pub suggested_grade: Option<Rating>,
    pub length: LengthJson,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub star: Option<StarJson>,
    pub hedges: Vec<HedgeJson>,
}

#[derive(Debug, Serialize)]
pub struct LengthJson {
    pub words: usize,
    pub speaking_secs: u32,
    pub limit_secs: u32,
    /// `too-short`, `fine` or `too-long`.
    pub verdict: LengthVerdict,
}

/// The STAR check with the sentence that carries each part.
#[derive(Debug, Serialize)]
pub struct StarJson {
    pub situation: Option<String>,
    pub task: Option<String>,
    pub action: Option<String>,
    pub result: Option<String>,
    pub measurable_result: bool,
    pub missing: Vec<&'static str>,
}

#[derive(Debug, Serialize)]
pub struct HedgeJson {
    pub phrase: &'static str,
    pub count: usize,
}

impl<'a> AssessJson<'a> {
    pub fn new(
        card: Card<'a>,
        answer: &str,
        points: Vec<PointView<'a>>,
        suggested_grade: Option<Rating>,
        coaching: &Coaching,
    ) -> Self {
        let part = |r: &Option<std::ops::Range<usize>>| {
            r.clone().and_then(|r| answer.get(r)).map(str::to_string)
        };
        AssessJson {
            id: &card.question.id,
            deck: &card.deck.deck,
            key_points: points,
            suggested_grade,
            length: LengthJson {
                words: coaching.length.words,
                speaking_secs: coaching.length.speaking_secs,
                limit_secs: coaching.length.limit_secs,
                verdict: coaching.length.verdict,
            },
            star: coaching.star.as_ref().map(|s| StarJson {
                situation: part(&s.situation),
                task: part(&s.task),
                action: part(&s.action),
                result: part(&s.result),
                measurable_result: s.measurable,
                missing: s.missing(),
            }),
            hedges: coaching
                .hedges
                .iter()
                .map(|h| HedgeJson {
                    phrase: h.phrase,
                    count: h.count,
                })
                .collect(),
        }
    }
}

/// An evidence quote for a screen: one line, cut to a readable length. A longer quote keeps whole
/// words from its start and its end, with `…` between them.
pub fn quote(evidence: &str) -> String {
    let words: Vec<String> = evidence.split_whitespace().map(sanitize).collect();
    let flat = words.join(" ");
    if flat.chars().count() <= QUOTE {
        return format!("“{flat}”");
    }
    let head = whole_words(words.iter(), HEAD);
    let mut tail = whole_words(words.iter().rev(), QUOTE - HEAD - 3);
    tail.reverse();
    if head.is_empty() || tail.is_empty() {
        // A single word longer than the room (a URL, a hash): cut it.
        let cut: String = flat.chars().take(QUOTE - 1).collect();
        return format!("“{cut}…”");
    }
    format!("“{} … {}”", head.join(" "), tail.join(" "))
}

/// The words `words` yields, as many as fit in `room` characters with a space between each.
fn whole_words<'a>(words: impl Iterator<Item = &'a String>, room: usize) -> Vec<&'a str> {
    let mut kept = Vec::new();
    let mut used = 0;
    for word in words {
        let width = word.chars().count() + usize::from(used > 0);
        if used + width > room {
            break;
        }
        used += width;
        kept.push(word.as_str());
    }
    kept
}

/// The coaching lines: length, then the STAR check (behavioural questions), then hedges.
pub fn coaching_lines(coaching: &Coaching, painter: Painter) -> Vec<String> {
    let p = painter;
    let mut lines = Vec::new();
    let l = &coaching.length;
    let verdict = match l.verdict {
        LengthVerdict::TooShort => p.paint("too short", Role::Bad),
        LengthVerdict::Fine => "fits the time".to_string(),
        LengthVerdict::TooLong => p.paint("too long", Role::Bad),
    };
    lines.push(format!(
        "{} {}, about {} to say, of {}: {verdict}",
        p.paint("Length:", Role::Label),
        counted(l.words, "word"),
        format_secs(l.speaking_secs),
        format_secs(l.limit_secs),
    ));
    if let Some(star) = &coaching.star {
        let missing = star.missing();
        let mut line = format!("{} ", p.paint("STAR:", Role::Label));
        let parts = [
            ("situation", star.situation.is_some()),
            ("task", star.task.is_some()),
            ("action", star.action.is_some()),
            ("result", star.result.is_some()),
        ];
        let has: Vec<&str> = parts.iter().filter(|(_, h)| *h).map(|(n, _)| *n).collect();
        if missing.is_empty() {
            line.push_str("situation, task, action and a measurable result are all there");
        } else {
            if !has.is_empty() {
                let has: Vec<String> = has.iter().map(|h| (*h).to_string()).collect();
                let _ = write!(line, "has {}; ", join_and(&has));
            }
            let missing: Vec<String> = missing.iter().map(|m| (*m).to_string()).collect();
            let _ = write!(line, "missing {}", join_and(&missing));
        }
        lines.push(line);
    }
    let hedges = if coaching.hedges.is_empty() {
        "none".to_string()
    } else {
        coaching
            .hedges
            .iter()
            .map(|h| format!("“{}” ×{}", as_said(h.phrase), h.count))
            .collect::<Vec<_>>()
            .join(", ")
    };
    lines.push(format!(
        "{} {hedges}",
        p.paint("Hedges and fillers:", Role::Label)
    ));
    lines
}

/// A hedge as the candidate wrote it: the list keeps "i think" in lower case for matching.
fn as_said(phrase: &str) -> String {
    phrase
        .split(' ')
        .map(|w| if w == "i" { "I" } else { w })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The text `assess` prints: the question, each key point with its evidence or "missed", the
/// suggested grade and the coaching, wrapped to `width` on a terminal.
pub fn render_assessment(
    card: Card<'_>,
    points: &[PointView<'_>],
    suggested: Option<Rating>,
    coaching: &Coaching,
    layout: Layout,
) -> String {
    let p = layout.painter;
    let mut out = String::new();
    let mut put = |line: &str, indent: &str| {
        for line in fit(line, layout.width, indent) {
            let _ = writeln!(out, "{line}");
        }
    };
    put(
        &format!(
            "{}  {}",
            p.paint(&sanitize(&card.question.id), Role::Id),
            sanitize(&card.question.question)
        ),
        "",
    );
    let made = points.iter().filter(|v| v.covered).count();
    put(
        &format!(
            "{} {made} of {} made",
            p.paint("Key points:", Role::Label),
            points.len()
        ),
        "",
    );
    for view in points {
        let mark = if view.covered { "[x]" } else { "[ ]" };
        put(&format!("  {mark} {}", sanitize(view.text)), "      ");
        let under = match &view.evidence {
            Some(evidence) if view.covered => quote(evidence),
            _ => "missed".to_string(),
        };
        // Painted a line at a time, so a wrapped quote stays dim on every line.
        for line in fit(&under, layout.width.map(|w| w.saturating_sub(8)), "") {
            put(
                &format!("        {}", p.paint(&line, Role::Dim)),
                "        ",
            );
        }
    }
    let grade = suggested.map_or_else(|| "none (no key points)".to_string(), rating_label);
    put(
        &format!("{} {grade}", p.paint("Suggested grade:", Role::Label)),
        "",
    );
    for line in coaching_lines(coaching, p) {
        put(&line, "  ");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn case(evidence: &str, expected: &str) {
        assert_eq!(quote(evidence), expected);
    }

    #[test]
    fn a_long_quote_keeps_whole_words_from_both_ends() {
        case("we revoke\n  it", "“we revoke it”");
        case(
            "So the way I'd approach it is that before touching anything I'd get a handful of smoke \
             tests, and I'd ride along with the feature work the team already has planned so \
             security fixes land in the same PRs",
            "“So the way I'd approach it is that … the team already has planned so security fixes land \
             in the same PRs”",
        );
        let long = "x".repeat(200);
        assert_eq!(quote(&long).chars().count(), QUOTE + 2);
    }
}
