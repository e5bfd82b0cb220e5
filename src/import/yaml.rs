//! An imported deck as bank YAML, in the built-in bank's layout, with comments that mark what was
//! drafted. serde_yaml writes no comments, so the file is written here; every string is
//! double-quoted with YAML's escapes, so no text can change the structure.

use std::fmt::Write as _;

use super::Marks;
use crate::core::bank::Deck;

pub(super) fn render(deck: &Deck, marks: &[Marks], source: &str) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# Imported by `prepdrill import` from {}.",
        one_line(source)
    );
    out.push_str(
        "# Questions, why-notes and answers are copied verbatim. Ids, and what is marked `guessed`,\n\
         # `suggested` or `draft`, were derived: edit them, then run `prepdrill check` on this file.\n\
         # Keep each id once you have practised: progress is kept under it.\n",
    );
    let _ = writeln!(out, "deck: {}", quote(&deck.deck));
    let _ = writeln!(out, "title: {}", quote(&deck.title));
    let _ = writeln!(out, "role: {}", quote(&deck.role));
    if let Some(secs) = deck.answer_time_secs {
        let _ = writeln!(out, "answer_time_secs: {secs}");
    }
    out.push_str("questions:\n");
    for (i, q) in deck.questions.iter().enumerate() {
        let mark = marks.get(i).copied().unwrap_or_default();
        let _ = writeln!(out, "  - id: {}", quote(&q.id));
        let _ = writeln!(
            out,
            "    category: {}{}",
            q.category,
            if mark.category {
                "  # guessed from the wording"
            } else {
                ""
            }
        );
        let tags: Vec<String> = q.tags.iter().map(|t| quote(t)).collect();
        let _ = writeln!(
            out,
            "    tags: [{}]{}",
            tags.join(", "),
            if mark.tags {
                "  # suggested: words that recur across the questions"
            } else {
                ""
            }
        );
        if let Some(secs) = q.answer_time_secs {
            let _ = writeln!(out, "    answer_time_secs: {secs}");
        }
        let _ = writeln!(out, "    question: {}", quote(&q.question));
        let _ = writeln!(
            out,
            "    why: {}{}",
            quote(&q.why),
            if mark.why {
                "  # draft: the source has no why-note"
            } else {
                ""
            }
        );
        let _ = writeln!(out, "    answer: {}", quote(&q.answer));
        if q.key_points.is_empty() {
            out.push_str("    key_points: []\n");
        } else {
            let _ = writeln!(
                out,
                "    key_points:{}",
                if mark.key_points {
                    "  # draft, from the sample answer's clauses: edit into the points a strong answer hits"
                } else {
                    ""
                }
            );
            for point in &q.key_points {
                let _ = writeln!(out, "      - {}", quote(point));
            }
        }
    }
    out
}

/// A YAML double-quoted scalar: `"` and `\` escaped, line breaks and tabs as `\n` `\r` `\t`, and
/// every character YAML does not allow printed raw (controls, DEL, C1, surrogates, U+FFFE/F) as
/// `\u` or `\U`.
fn quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if printable(c) => out.push(c),
            c if u32::from(c) <= 0xffff => {
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
            c => {
                let _ = write!(out, "\\U{:08x}", u32::from(c));
            }
        }
    }
    out.push('"');
    out
}

/// YAML 1.1's printable set, less the byte-order mark, which a reader may take for an encoding
/// mark, and the line breaks NEL, LS and PS, which a reader would fold to a space.
fn printable(c: char) -> bool {
    matches!(c, ' '..='~' | '\u{a0}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..)
        && !matches!(c, '\u{feff}' | '\u{2028}' | '\u{2029}')
}

/// Text for a comment: one line, no control characters.
fn one_line(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::bank::{Category, Question};

    #[test]
    fn any_text_reads_back_the_same() {
        let nasty = "quote \" back\\slash\nline\r\ttab \u{0}\u{7}\u{1b}[31m \u{7f}\u{85}\u{9f} \u{feff} \u{fffe} \u{2028}\u{2029} 𝄞 # not: a comment - [x] {y}";
        let deck = Deck {
            deck: "d".into(),
            title: nasty.into(),
            role: "r: x".into(),
            answer_time_secs: Some(90),
            questions: vec![Question {
                id: "q".into(),
                question: nasty.into(),
                why: "- item".into(),
                answer: "> quote".into(),
                tags: vec!["yes".into(), "null".into(), "1".into()],
                category: Category::Behavioral,
                key_points: vec![nasty.into(), "'single'".into()],
                answer_time_secs: Some(30),
            }],
        };
        let marks = [Marks {
            why: true,
            category: true,
            tags: true,
            key_points: true,
        }];
        let yaml = render(&deck, &marks, "page\n.txt");
        let back: Deck = serde_yaml::from_str(&yaml).expect("valid YAML");
        assert_eq!(back, deck);
        assert!(yaml.contains("# draft"), "{yaml}");
    }
}
