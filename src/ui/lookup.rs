//! Quick-lookup output: a question in full, one-line listings, tags and search hits, as text.

use std::fmt::Write as _;

use unicode_width::UnicodeWidthStr;

use crate::core::bank::{Card, SearchHit};
use crate::core::fold::{FoldedText, fold};
use crate::ui::style::{Painter, Role};
use crate::ui::text::{sanitize, truncate, wrap};

/// How to draw: the width to wrap to and whether to colour.
#[derive(Debug, Clone, Copy)]
pub struct Layout {
    pub width: usize,
    pub painter: Painter,
}

const INDENT: &str = "  ";

/// A question in full: heading line, question, note, answer and key points.
/// `extra` lines (progress, say) go under the heading.
pub fn card(card: Card<'_>, with_answer: bool, extra: &[String], layout: Layout) -> String {
    let Layout { width, painter } = layout;
    let q = card.question;
    let mut out = String::new();
    let meta = format!(
        "{} · {} · {}",
        q.category,
        sanitize(&q.tags.join(", ")),
        format_secs(card.answer_time_secs())
    );
    // The key and its details share a line when they fit, else the details go underneath.
    let key = sanitize(&card.key().to_string());
    let separator = if key.width() + 2 + meta.width() <= width {
        "  "
    } else {
        "\n"
    };
    let _ = writeln!(
        out,
        "{}{separator}{}",
        painter.paint(&key, Role::Id),
        painter.paint(&truncate(&meta, width), Role::Dim)
    );
    for line in extra {
        let _ = writeln!(out, "{}", painter.paint(line, Role::Dim));
    }
    for line in wrap(&q.question, width, "") {
        let _ = writeln!(out, "{}", painter.paint(&line, Role::Title));
    }
    if with_answer {
        section(&mut out, "Why employers ask", &q.why, layout);
        section(&mut out, "Sample answer", &q.answer, layout);
    }
    if !q.key_points.is_empty() {
        let _ = writeln!(out, "\n{}", painter.paint("Key points", Role::Label));
        for point in &q.key_points {
            let lines = wrap(point, width, "    ");
            for (i, line) in lines.iter().enumerate() {
                let line = if i == 0 {
                    format!("  • {}", line.trim_start())
                } else {
                    line.clone()
                };
                let _ = writeln!(out, "{line}");
            }
        }
    }
    out
}

fn section(out: &mut String, label: &str, text: &str, layout: Layout) {
    let _ = writeln!(out, "\n{}", layout.painter.paint(label, Role::Label));
    for line in wrap(text, layout.width, INDENT) {
        let _ = writeln!(out, "{line}");
    }
}

/// `2m`, `1m30s`, `45s`: answer times as people say them.
pub fn format_secs(secs: u32) -> String {
    match (secs / 60, secs % 60) {
        (0, s) => format!("{s}s"),
        (m, 0) => format!("{m}m"),
        (m, s) => format!("{m}m{s:02}s"),
    }
}

/// One line per question: id, tags, question, cut to the width.
pub fn list<'a>(cards: impl IntoIterator<Item = Card<'a>>, layout: Layout) -> String {
    let cards: Vec<Card<'_>> = cards.into_iter().collect();
    let id_width = cards
        .iter()
        .map(|c| sanitize(&c.question.id).width())
        .max()
        .unwrap_or(0);
    let mut out = String::new();
    for card in cards {
        let id = sanitize(&card.question.id);
        let pad = " ".repeat(id_width - id.width());
        // Tags give way before the question does; each keeps at least a few columns.
        let room = layout.width.saturating_sub(id_width + 2);
        let tags = truncate(
            &format!("[{}]", card.question.tags.join(", ")),
            room.saturating_sub(12).max(3),
        );
        let question = truncate(
            &card.question.question,
            room.saturating_sub(tags.width() + 1).max(1),
        );
        let _ = writeln!(
            out,
            "{}{pad}  {} {question}",
            layout.painter.paint(&id, Role::Id),
            layout.painter.paint(&tags, Role::Dim),
        );
    }
    out
}

/// Every tag with its count, aligned.
pub fn tags<'a>(counts: impl IntoIterator<Item = (&'a str, usize)>, layout: Layout) -> String {
    let counts: Vec<(&str, usize)> = counts.into_iter().collect();
    let tag_width = counts
        .iter()
        .map(|(t, _)| sanitize(t).width())
        .max()
        .unwrap_or(0);
    let mut out = String::new();
    for (tag, count) in counts {
        let tag = sanitize(tag);
        let pad = " ".repeat(tag_width - tag.width());
        let _ = writeln!(
            out,
            "{}{pad}  {count:>3}",
            layout.painter.paint(&tag, Role::Id)
        );
    }
    out
}

/// Search hits: the id, then each field that matched, with the matches highlighted.
pub fn search(hits: &[SearchHit<'_>], needle: &str, layout: Layout) -> String {
    let folded_needle = fold(needle.trim());
    let mut out = String::new();
    for hit in hits {
        let q = hit.card.question;
        let _ = writeln!(
            out,
            "{}  {}",
            layout
                .painter
                .paint(&sanitize(&hit.card.key().to_string()), Role::Id),
            layout.painter.paint(&q.category.to_string(), Role::Dim)
        );
        let fields = [("", &q.question), ("why", &q.why), ("answer", &q.answer)]
            .into_iter()
            .chain(q.key_points.iter().map(|p| ("point", p)));
        for (label, text) in fields {
            if label.is_empty() || FoldedText::new(text).find(&folded_needle).is_some() {
                let text = if label.is_empty() {
                    text.clone()
                } else {
                    format!("{label}: {text}")
                };
                for line in wrap(&text, layout.width, INDENT) {
                    let _ = writeln!(out, "{}", highlight(&line, &folded_needle, layout.painter));
                }
            }
        }
        out.push('\n');
    }
    out
}

/// Paints every match of the folded needle in a line of already-sanitized text.
fn highlight(line: &str, folded_needle: &str, painter: Painter) -> String {
    if !painter.enabled {
        return line.to_string();
    }
    let folded = FoldedText::new(line);
    let mut out = String::new();
    let mut last = 0;
    for range in folded.find_all(folded_needle) {
        out.push_str(&line[last..range.start]);
        out.push_str(&painter.paint(&line[range.clone()], Role::Match));
        last = range.end;
    }
    out.push_str(&line[last..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answer_times_read_naturally() {
        assert_eq!(format_secs(45), "45s");
        assert_eq!(format_secs(120), "2m");
        assert_eq!(format_secs(90), "1m30s");
    }

    #[test]
    fn highlight_marks_matches_only_when_coloured() {
        let painted = highlight("Rate limiting", "rate", Painter { enabled: true });
        assert!(painted.contains('\x1b') && painted.ends_with(" limiting"));
        assert_eq!(highlight("Rate", "rate", Painter::PLAIN), "Rate");
    }
}
