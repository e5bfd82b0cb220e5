//! Where things are in a bank file's text, so `check` gives every problem its line and column.
//!
//! serde_yaml stops at the first field that does not fit, and its values carry no positions. A
//! bank is written in block style, one `- ` item per question under `questions:`, so the text is
//! cut into the deck's own lines and one block per question. Each part is parsed on its own from
//! a copy of the file in which every other line is blank, which keeps serde_yaml's line and
//! column exact, and each problem is found at its field's line inside its block. A layout this
//! does not recognise (flow style, say) falls back to the first error alone.

use crate::store::position;
use serde::de::DeserializeOwned;

use crate::core::bank::{Deck, ProblemAt, Question};

/// A 1-based line and column, when serde_yaml gave one.
type Place = Option<(usize, usize)>;

/// The question blocks of a bank file's text: lines are counted from 0.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layout {
    /// The line holding the top-level `questions:` key.
    questions_line: usize,
    /// The column of each item's `-`.
    indent: usize,
    /// Each question's lines, `start..end`.
    blocks: Vec<std::ops::Range<usize>>,
}

impl Layout {
    /// Finds the question blocks, or `None` when the file is not laid out in block style.
    pub fn of(text: &str) -> Option<Layout> {
        let lines: Vec<&str> = text.lines().collect();
        let questions_line = lines
            .iter()
            .position(|l| l.trim_end() == "questions:" || l.starts_with("questions: #"))?;
        let mut indent = None;
        let mut blocks: Vec<std::ops::Range<usize>> = Vec::new();
        let mut end = lines.len();
        for (i, line) in lines.iter().enumerate().skip(questions_line + 1) {
            let content = line.trim_start();
            if content.is_empty() || content.starts_with('#') {
                continue;
            }
            let column = line.len() - content.len();
            if column == 0 && !content.starts_with("- ") && content != "-" {
                end = i;
                break;
            }
            let is_item = content.starts_with("- ") || content == "-";
            match indent {
                None if is_item => indent = Some(column),
                Some(at) if is_item && column == at => {}
                Some(at) if column > at => continue,
                _ => return None,
            }
            if let Some(last) = blocks.last_mut() {
                last.end = i;
            }
            blocks.push(i..i + 1);
        }
        if let Some(last) = blocks.last_mut() {
            // Up to the next top-level key, less trailing blank lines and comments.
            let mut stop = end;
            while stop > last.start + 1 && lines[stop - 1].trim().is_empty() {
                stop -= 1;
            }
            last.end = stop;
        }
        Some(Layout {
            questions_line,
            indent: indent?,
            blocks,
        })
    }

    /// The 1-based line and column of a problem: its field's line inside its question's block,
    /// or among the deck's own lines; the block's or the file's start when the field is absent.
    pub fn locate(&self, text: &str, at: ProblemAt) -> Option<(usize, usize)> {
        let lines: Vec<&str> = text.lines().collect();
        let range = match at.question {
            Some(index) => self.blocks.get(index)?.clone(),
            None => 0..self.questions_line + 1,
        };
        let field_line = at.field.and_then(|field| {
            range.clone().find_map(|i| {
                let line = lines.get(i)?;
                let content = line.trim_start().trim_start_matches("- ");
                let column = line.len() - content.len();
                let after = content.strip_prefix(field)?;
                after
                    .trim_start()
                    .starts_with(':')
                    .then_some((i + 1, column + 1))
            })
        });
        field_line.or_else(|| Some((range.start + 1, self.indent + 1)))
    }

    /// Every error serde finds in the deck's own fields and in each question, with its place;
    /// `None` when the parts all parse (the error lies in how they fit together).
    pub fn schema_errors(&self, text: &str) -> Option<Vec<(Place, String)>> {
        let lines: Vec<&str> = text.lines().collect();
        let mut errors = Vec::new();
        let head: String = lines
            .iter()
            .enumerate()
            .map(|(i, line)| {
                if i == self.questions_line {
                    "questions: []"
                } else if self.blocks.iter().any(|b| b.contains(&i)) {
                    ""
                } else {
                    line
                }
            })
            .collect::<Vec<_>>()
            .join("\n");
        errors.extend(error_of::<Deck>(&head));
        for (index, block) in self.blocks.iter().enumerate() {
            let alone: String = lines
                .iter()
                .enumerate()
                .map(|(i, line)| {
                    if i == block.start {
                        // `  - id: x` becomes `    id: x`: same columns, a plain mapping.
                        let (lead, rest) = line.split_at(self.indent.min(line.len()));
                        format!("{lead} {}", rest.get(1..).unwrap_or_default())
                    } else if block.contains(&i) {
                        (*line).to_string()
                    } else {
                        String::new()
                    }
                })
                .collect::<Vec<_>>()
                .join("\n");
            if let Some((place, message)) = error_of::<Question>(&alone) {
                // The shape serde_yaml gives a path, which the bank file layer names by id.
                errors.push((place, format!("questions[{index}]: {message}")));
            }
        }
        (!errors.is_empty()).then_some(errors)
    }
}

/// serde_yaml's error for `text` as a `T`, its place apart from its message.
fn error_of<T: DeserializeOwned>(text: &str) -> Option<(Place, String)> {
    let error = serde_yaml::from_str::<T>(text).err()?;
    let (at, message) = position::yaml(&error);
    Some((at.map(|p| (p.line, p.column)), message))
}

#[cfg(test)]
mod tests {
    use super::*;

    const DECK: &str = "deck: d\ntitle: T\nrole: R\nquestions:\n  - id: a\n    category: technical\n    question: Q?\n    why: W\n    answer: A\n\n  - id: b\n    category: technical\n    question: Q2?\n    why: W\n    answer: A\n";

    #[test]
    fn blocks_are_found() {
        let layout = Layout::of(DECK).expect("block style");
        assert_eq!(layout.blocks, vec![4..10, 10..15]);
        assert_eq!(layout.indent, 2);
    }

    #[track_caller]
    fn case(question: Option<usize>, field: Option<&'static str>, expected: (usize, usize)) {
        let layout = Layout::of(DECK).expect("block style");
        assert_eq!(
            layout.locate(DECK, ProblemAt { question, field }),
            Some(expected)
        );
    }

    #[test]
    fn problems_are_located_at_their_field() {
        case(Some(1), Some("id"), (11, 5));
        case(Some(1), Some("why"), (14, 5));
        case(Some(0), Some("tags"), (5, 3));
        case(None, Some("title"), (2, 1));
    }

    #[test]
    fn every_schema_error_is_found_with_its_place() {
        let broken = DECK
            .replace(
                "    why: W\n    answer: A\n\n",
                "    wyh: W\n    answer: A\n\n",
            )
            .replace(
                "category: technical\n    question: Q2?",
                "category: teknical\n    question: Q2?",
            );
        let errors = Layout::of(&broken)
            .and_then(|l| l.schema_errors(&broken))
            .expect("errors");
        assert_eq!(errors.len(), 2, "{errors:?}");
        assert_eq!(errors[0].0, Some((8, 5)), "{errors:?}");
        assert!(errors[0].1.contains("questions[0]: unknown field `wyh`"));
        assert_eq!(errors[1].0, Some((12, 15)), "{errors:?}");
        assert!(errors[1].1.contains("teknical"));
    }

    #[test]
    fn flow_style_is_not_guessed() {
        assert_eq!(Layout::of("deck: d\nquestions: [{id: a}]\n"), None);
    }
}
