//! A page in the layout common on interview-prep sites, as text copied from the browser:
//!
//! ```text
//! Staff Product Security Engineer Interview Questions      <- title
//! Prepare for your interview…                              <- anything
//! Interview Questions for Staff Product Security Engineer  <- role, then the questions listed
//! Walk me through how you’d threat model…
//! -
//! Walk me through how you’d threat model…                  <- one block per question:
//! Employers ask this question to…                             the question, the why-note,
//! Answer Example: "I start with…"                             the answer in quotes,
//! Help us improve this answer. / -                            and a separator
//! ```
//!
//! Everything before the first block is the preamble. Blank lines, CRLF and a byte-order mark are
//! fine; a note may wrap onto further lines, and so may a quoted answer until its closing quote.
//! Any other line in the body is reported with its number.

use super::{Entry, Parsed, Problem};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Separator,
    Why,
    Answer,
    Text,
}

fn kind(line: &str) -> Kind {
    let lower = line.to_lowercase();
    if line.chars().all(|c| "-–—/*_=~ ".contains(c)) || lower.starts_with("help us improve") {
        Kind::Separator
    } else if lower.starts_with("employers ask") {
        Kind::Why
    } else if answer_text(line).is_some() {
        Kind::Answer
    } else {
        Kind::Text
    }
}

/// The labels an answer line starts with.
const ANSWER_LABELS: [&str; 4] = [
    "answer example:",
    "example answer:",
    "sample answer:",
    "answer:",
];

/// What follows an answer label, trimmed.
fn answer_text(line: &str) -> Option<&str> {
    ANSWER_LABELS.iter().find_map(|label| {
        let head = line.get(..label.len())?;
        head.eq_ignore_ascii_case(label)
            .then(|| line[label.len()..].trim())
    })
}

/// An answer's text without the quotes around it: one opening `"` or `“`, and its closing one if
/// the text has it yet. Quotes inside stay, as the page has them.
fn unquote(text: &str) -> (String, bool) {
    let Some((open, rest)) = ['"', '“']
        .iter()
        .find_map(|&q| text.strip_prefix(q).map(|rest| (q, rest)))
    else {
        return (text.to_string(), true);
    };
    let close = if open == '“' { '”' } else { '"' };
    match rest.strip_suffix(close) {
        Some(inner) => (inner.to_string(), true),
        None => (rest.to_string(), false),
    }
}

/// One question's block as it is read.
#[derive(Default)]
struct Block {
    line: usize,
    question: String,
    why: Option<String>,
    answer: Option<String>,
    /// A quoted answer still waiting for its closing quote.
    answer_open: bool,
}

pub(super) fn parse(text: &str) -> Result<(Parsed, Vec<Problem>), Vec<Problem>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let lines: Vec<(usize, &str, Kind)> = text
        .lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim()))
        .filter(|(_, l)| !l.is_empty())
        .map(|(n, l)| (n, l, kind(l)))
        .collect();
    // The body starts at the first text line followed by a note or an answer.
    let start = lines
        .windows(2)
        .position(|w| w[0].2 == Kind::Text && matches!(w[1].2, Kind::Why | Kind::Answer))
        .unwrap_or(lines.len());
    let (preamble, body) = lines.split_at(start);

    let mut parsed = Parsed::default();
    let mut problems = Vec::new();
    let listed = read_preamble(preamble, &mut parsed);

    read_body(body, &mut parsed, &mut problems);

    let warnings = unlisted(&listed, &parsed);
    if problems.is_empty() {
        Ok((parsed, warnings))
    } else {
        problems.sort_by_key(|p| p.line);
        Err(problems)
    }
}

/// The question blocks after the preamble, each finished into `parsed` or into `problems`.
fn read_body(body: &[(usize, &str, Kind)], parsed: &mut Parsed, problems: &mut Vec<Problem>) {
    let mut block: Option<Block> = None;
    for &(n, line, kind) in body {
        let current = block.as_mut();
        match (kind, current) {
            (Kind::Text, Some(b)) if b.answer_open => {
                let answer = b.answer.get_or_insert_with(String::new);
                let (more, closed) = unquote_tail(line);
                answer.push(' ');
                answer.push_str(&more);
                b.answer_open = !closed;
            }
            (Kind::Separator, _) => {
                finish(block.take(), parsed, problems);
            }
            (Kind::Text, Some(b)) if b.why.is_some() && b.answer.is_none() => {
                // A note that wraps onto the next line.
                if let Some(why) = b.why.as_mut() {
                    why.push(' ');
                    why.push_str(line);
                }
            }
            (Kind::Text, current) => {
                if let Some(b) = current
                    && b.why.is_none()
                    && b.answer.is_none()
                {
                    problems.push(Problem {
                        line: b.line,
                        message: format!(
                            "not a question, a note or an answer (a question is followed by its \"Employers ask…\" note): `{}`",
                            excerpt(&b.question)
                        ),
                    });
                } else {
                    finish(block.take(), parsed, problems);
                }
                block = Some(Block {
                    line: n,
                    question: line.to_string(),
                    ..Block::default()
                });
            }
            (Kind::Why, Some(b)) if b.why.is_none() && b.answer.is_none() => {
                b.why = Some(line.to_string());
            }
            (Kind::Answer, Some(b)) if b.answer.is_none() => {
                let (answer, closed) = unquote(answer_text(line).unwrap_or_default());
                b.answer = Some(answer);
                b.answer_open = !closed;
            }
            (Kind::Why | Kind::Answer, _) => {
                let what = if kind == Kind::Why { "note" } else { "answer" };
                problems.push(Problem {
                    line: n,
                    message: format!(
                        "{what} with no question of its own (the question goes on the line before its note, and a line such as `-` ends each block): `{}`",
                        excerpt(line)
                    ),
                });
            }
        }
    }
    finish(block.take(), parsed, problems);
}

/// The title, the role and the questions listed before the first block: the page's preamble.
fn read_preamble<'t>(
    preamble: &[(usize, &'t str, Kind)],
    parsed: &mut Parsed,
) -> Vec<(usize, &'t str)> {
    let mut listed = Vec::new();
    let mut in_list = false;
    for &(n, line, kind) in preamble {
        if parsed.title.is_none() {
            parsed.title = Some(line.to_string());
            continue;
        }
        if let Some(role) = strip_prefix_ignore_case(line, "interview questions for ") {
            parsed.role = Some(role.trim().to_string());
            in_list = true;
        } else if in_list && kind == Kind::Text {
            listed.push((n, line));
        } else if kind == Kind::Separator {
            in_list = false;
        }
    }
    listed
}

/// A warning for each question the preamble lists that no block has.
fn unlisted(listed: &[(usize, &str)], parsed: &Parsed) -> Vec<Problem> {
    let mut warnings = Vec::new();
    // A set, not a scan of the entries for each listed question: a list of 100,000 questions
    // would otherwise take minutes.
    let blocks: std::collections::HashSet<&str> =
        parsed.entries.iter().map(|e| e.question.as_str()).collect();
    for &(n, question) in listed {
        if !blocks.contains(question) {
            warnings.push(Problem {
                line: n,
                message: format!(
                    "listed, but no block further down has this question, so it is not imported: `{}`",
                    excerpt(question)
                ),
            });
        }
    }
    warnings
}

/// A continuation line of a quoted answer, and whether it closes the quote.
fn unquote_tail(line: &str) -> (String, bool) {
    match line.strip_suffix('"').or_else(|| line.strip_suffix('”')) {
        Some(inner) => (inner.to_string(), true),
        None => (line.to_string(), false),
    }
}

/// Adds a complete block as an entry, or reports what it lacks.
fn finish(block: Option<Block>, parsed: &mut Parsed, problems: &mut Vec<Problem>) {
    let Some(b) = block else { return };
    let missing = match (&b.why, &b.answer) {
        (Some(_), Some(_)) if b.answer_open => {
            Some("its answer's opening quote is never closed; add the closing `\"`")
        }
        (Some(_), Some(_)) => None,
        (None, Some(_)) => Some("no \"Employers ask…\" note between the question and its answer"),
        (Some(_), None) => Some("no \"Answer Example: \"…\"\" line after its note"),
        (None, None) => Some("a question with no note and no answer"),
    };
    if let Some(missing) = missing {
        problems.push(Problem {
            line: b.line,
            message: format!("`{}`: {missing}", excerpt(&b.question)),
        });
        return;
    }
    parsed.entries.push(Entry {
        line: b.line,
        question: b.question,
        why: b.why.unwrap_or_default(),
        answer: b.answer.unwrap_or_default(),
        ..Entry::default()
    });
}

fn strip_prefix_ignore_case<'a>(line: &'a str, prefix: &str) -> Option<&'a str> {
    let head = line.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &line[prefix.len()..])
}

/// The start of a line, for messages.
fn excerpt(text: &str) -> String {
    let mut chars = text.chars();
    let head: String = chars.by_ref().take(60).collect();
    if chars.next().is_some() {
        format!("{head}…")
    } else {
        head
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "\u{feff}Chef Interview Questions\r\n\
        Prepare well.\r\n\
        Interview Questions for Chef\r\n\
        Why cook?\r\n\
        How do you plan a menu?\r\n\
        Never answered here?\r\n\
        -\r\n\
        Why cook?\r\n\
        Employers ask this question to see motivation.\r\n\
        Answer Example: \"I love \"real\" food.\"\r\n\
        Help us improve this answer. / -\r\n\
        \r\n\
        How do you plan a menu?\r\n\
        Employers ask this question to see planning.\r\n\
        It wraps.\r\n\
        Answer Example: \"Seasonal produce first,\r\n\
        then the budget.\"\r\n";

    #[test]
    fn reads_the_layout() {
        let (parsed, warnings) = parse(PAGE).expect("a valid page");
        assert_eq!(parsed.title.as_deref(), Some("Chef Interview Questions"));
        assert_eq!(parsed.role.as_deref(), Some("Chef"));
        let got: Vec<(usize, &str, &str, &str)> = parsed
            .entries
            .iter()
            .map(|e| {
                (
                    e.line,
                    e.question.as_str(),
                    e.why.as_str(),
                    e.answer.as_str(),
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                (
                    8,
                    "Why cook?",
                    "Employers ask this question to see motivation.",
                    "I love \"real\" food."
                ),
                (
                    13,
                    "How do you plan a menu?",
                    "Employers ask this question to see planning. It wraps.",
                    "Seasonal produce first, then the budget."
                ),
            ]
        );
        assert_eq!(warnings.len(), 1);
        assert_eq!(warnings[0].line, 6);
    }

    #[test]
    fn reports_what_it_cannot_read_with_the_line() {
        let page = "Title\n\
            Q1?\n\
            Employers ask one.\n\
            Answer Example: \"One.\"\n\
            -\n\
            A stray line\n\
            Q2?\n\
            Employers ask two.\n\
            Answer Example: \"Two.\"\n\
            -\n\
            Q3?\n\
            Answer Example: \"Three.\"\n\
            -\n\
            Employers ask four.\n\
            Q5?\n\
            Employers ask five.\n\
            Answer Example: \"never closed\n";
        let problems = parse(page).expect_err("broken page");
        let lines: Vec<usize> = problems.iter().map(|p| p.line).collect();
        assert_eq!(lines, [6, 11, 14, 15], "{problems:#?}");
        assert!(problems[0].message.contains("A stray line"));
        assert!(problems[1].message.contains("no \"Employers ask…\" note"));
        assert!(problems[2].message.contains("no question of its own"));
        assert!(problems[3].message.contains("never closed"));
    }
}
