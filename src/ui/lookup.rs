//! Quick-lookup output: a question in full, one-line listings, tags and search hits, as text.

use std::fmt::Write as _;

use unicode_width::UnicodeWidthStr;

use crate::core::bank::Card;
use crate::core::search::{self, Outcome, Query, SearchHit};
use crate::core::words::format_secs;
use crate::ui::style::{Painter, Role};
use crate::ui::table::{Column, Table};
use crate::ui::text::{sanitize, truncate, wrap};

/// How to draw: the terminal's width, if any, and whether to colour.
#[derive(Debug, Clone, Copy)]
pub struct Layout {
    /// The columns to fit, on a terminal. `None` off a terminal: whole lines, nothing cut or wrapped,
    /// so a pipe into grep sees every word.
    pub width: Option<usize>,
    pub painter: Painter,
}

impl Layout {
    /// Lines of sanitized text, each starting with `indent`: wrapped to the width on a terminal,
    /// else one per line of the text.
    pub fn wrap(&self, text: &str, indent: &str) -> Vec<String> {
        match self.width {
            Some(width) => wrap(text, width, indent),
            None => sanitize(text)
                .lines()
                .map(|line| format!("{indent}{line}"))
                .collect(),
        }
    }

    /// Calls `each` with the lines [`Layout::wrap`] gives, one buffer serving them all off a
    /// terminal.
    pub fn each_line(&self, text: &str, indent: &str, mut each: impl FnMut(&str)) {
        if let Some(width) = self.width {
            for line in wrap(text, width, indent) {
                each(&line);
            }
            return;
        }
        let mut buffer = String::new();
        for line in sanitize(text).lines() {
            buffer.clear();
            buffer.push_str(indent);
            buffer.push_str(line);
            each(&buffer);
        }
    }

    /// One line of sanitized text, cut to `width` columns on a terminal only.
    pub fn cut(&self, text: &str, width: usize) -> String {
        if self.width.is_some() {
            truncate(text, width)
        } else {
            sanitize(text).replace('\n', " ")
        }
    }
}

const INDENT: &str = "  ";

/// A question in full: heading line, question, note, answer and key points.
/// `extra` lines (progress, say) go under the heading.
pub fn card(card: Card<'_>, with_answer: bool, extra: &[String], layout: Layout) -> String {
    let painter = layout.painter;
    let q = card.question;
    let mut out = String::new();
    // A question without tags shows none, not an empty field between two dots.
    let tags = Some(sanitize(&q.tags.join(", "))).filter(|t| !t.is_empty());
    let meta = [
        Some(q.category.to_string()),
        tags,
        Some(format_secs(card.answer_time_secs())),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" · ");
    // The key and its details share a line when they fit, else the details go underneath.
    let key = sanitize(&card.key().to_string());
    let fits = layout
        .width
        .is_none_or(|width| key.width() + 2 + meta.width() <= width);
    let separator = if fits { "  " } else { "\n" };
    let _ = writeln!(
        out,
        "{}{separator}{}",
        painter.paint(&key, Role::Id),
        painter.paint(&layout.cut(&meta, layout.width.unwrap_or(0)), Role::Dim)
    );
    for text in extra {
        for line in layout.wrap(text, "") {
            let _ = writeln!(out, "{}", painter.paint(&line, Role::Dim));
        }
    }
    for line in layout.wrap(&q.question, "") {
        let _ = writeln!(out, "{}", painter.paint(&line, Role::Title));
    }
    if with_answer {
        section(&mut out, "Why employers ask", &q.why, layout);
        section(&mut out, "Sample answer", &q.answer, layout);
    }
    // The key points outline the answer, so a quiz (`--no-answers`) hides them too.
    if with_answer && !q.key_points.is_empty() {
        let _ = writeln!(out, "\n{}", painter.paint("Key points", Role::Label));
        for point in &q.key_points {
            let lines = layout.wrap(point, "    ");
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
    for line in layout.wrap(text, INDENT) {
        let _ = writeln!(out, "{line}");
    }
}

/// One line per question. On a terminal, a table of id, tags and question cut to the width; off
/// one, tab-separated id, tags and question, whole, for `cut` and `grep`.
pub fn list<'a>(cards: impl IntoIterator<Item = Card<'a>>, layout: Layout) -> String {
    let one_line = |text: &str| sanitize(text).replace(['\n', '\t'], " ");
    if layout.width.is_none() {
        let mut out = String::new();
        for card in cards {
            let q = card.question;
            let _ = writeln!(
                out,
                "{}\t{}\t{}",
                layout.painter.paint(&one_line(&q.id), Role::Id),
                layout
                    .painter
                    .paint(&one_line(&q.tags.join(",")), Role::Dim),
                one_line(&q.question)
            );
        }
        return out;
    }
    let mut table = Table::new(vec![
        Column::left("ID").painted(Role::Id),
        Column::left("TAGS").painted(Role::Dim),
        Column::left("QUESTION"),
    ]);
    let rows: Vec<[String; 3]> = cards
        .into_iter()
        .map(|card| {
            let q = card.question;
            [q.id.clone(), q.tags.join(", "), q.question.clone()]
        })
        .collect();
    let widest = |i: usize| rows.iter().map(|r| r[i].width()).max().unwrap_or(0);
    let tags_width = tags_budget(layout.width, widest(0), widest(1), widest(2));
    for [id, tags, question] in rows {
        table.row(vec![id, truncate(&tags, tags_width), question]);
    }
    table.render(layout)
}

/// How wide `list`'s tags may be on a terminal: whole when the line fits or the question (the
/// last column, which the table cuts) still keeps 40 columns; otherwise they give way, down to
/// 24 columns, before the question does.
fn tags_budget(width: Option<usize>, id: usize, tags: usize, question: usize) -> usize {
    const GAPS: usize = 4;
    const QUESTION_KEEPS: usize = 40;
    const TAGS_KEEP: usize = 24;
    let Some(width) = width else {
        return tags;
    };
    let room = width.saturating_sub(id + GAPS);
    if tags + question <= room || tags + QUESTION_KEEPS <= room {
        return tags;
    }
    tags.min(TAGS_KEEP.max(room.saturating_sub(QUESTION_KEEPS)))
}

/// Every tag with its count, aligned, under a header.
pub fn tags<'a>(counts: impl IntoIterator<Item = (&'a str, usize)>, layout: Layout) -> String {
    let mut table = Table::new(vec![
        Column::left("TAG").painted(Role::Id),
        Column::right("QUESTIONS"),
    ]);
    for (tag, count) in counts {
        table.row(vec![tag.to_string(), count.to_string()]);
    }
    table.render(layout)
}

/// Search hits: the id, the question, then each other field that matched, labelled, with the
/// matching words highlighted. Lines go straight into the one output string: a search can print
/// thousands of hits.
pub fn search(outcome: &Outcome<'_>, layout: Layout) -> String {
    search_hits(&outcome.hits, &outcome.query, layout)
}

/// [`search`] for some of a search's hits: a long list is printed a part at a time.
pub fn search_hits(hits: &[SearchHit<'_>], query: &Query, layout: Layout) -> String {
    let painter = layout.painter;
    let mut out = String::new();
    let mut labelled = String::new();
    for hit in hits {
        let q = hit.card.question;
        highlight_into(
            &mut out,
            &sanitize(hit.card.key().as_str()),
            query,
            painter,
            Some(Role::Id),
        );
        out.push_str("  ");
        out.push_str(&painter.paint(&q.category.to_string(), Role::Dim));
        out.push('\n');
        layout.each_line(&q.question, INDENT, |line| {
            highlight_into(&mut out, line, query, painter, None);
            out.push('\n');
        });
        for (kind, text) in &hit.fields {
            if matches!(kind, search::FieldKind::Id | search::FieldKind::Question) {
                continue;
            }
            labelled.clear();
            labelled.push_str(kind.label());
            labelled.push_str(": ");
            match kind {
                search::FieldKind::Why
                | search::FieldKind::Answer
                | search::FieldKind::MyAnswer => {
                    push_matching_sentences(&mut labelled, text, query);
                }
                _ => labelled.push_str(text),
            }
            layout.each_line(&labelled, INDENT, |line| {
                highlight_into(&mut out, line, query, painter, None);
                out.push('\n');
            });
        }
        out.push('\n');
    }
    out
}

/// The sentences of a long field that hold a match, joined by `…` where others were left out.
#[cfg(test)]
fn matching_sentences(text: &str, query: &Query) -> String {
    let mut out = String::new();
    push_matching_sentences(&mut out, text, query);
    out
}

/// Adds the sentences of a long field that hold a match to `out`, joined by `…` where others
/// were left out; the whole text when none does.
fn push_matching_sentences(out: &mut String, text: &str, query: &Query) {
    let mut sentences = Vec::new();
    let mut start = 0;
    for (at, c) in text.char_indices() {
        let end = at + c.len_utf8();
        if matches!(c, '.' | '?' | '!') && text[end..].starts_with(' ') {
            sentences.push(&text[start..end]);
            start = end + 1;
        }
    }
    sentences.push(&text[start..]);
    let keep: Vec<bool> = sentences
        .iter()
        .map(|s| search::any_word(s, |w| query.matches(w)))
        .collect();
    if !keep.contains(&true) {
        out.push_str(text);
        return;
    }
    let from = out.len();
    let mut skipped = false;
    for (i, sentence) in sentences.iter().enumerate() {
        if keep[i] {
            let empty = out.len() == from;
            if skipped || (i > 0 && empty) {
                out.push_str(if empty { "… " } else { " … " });
            } else if !empty {
                out.push(' ');
            }
            out.push_str(sentence.trim());
            skipped = false;
        } else {
            skipped = true;
        }
    }
    if skipped {
        out.push_str(" …");
    }
}

/// Paints every word of a line of already-sanitized text that the query matches.
#[cfg(test)]
fn highlight(line: &str, query: &Query, painter: Painter) -> String {
    let mut out = String::new();
    highlight_into(&mut out, line, query, painter, None);
    out
}

/// Adds a line of already-sanitized text to `out`, every word the query matches painted, and
/// the text between matches painted as `base`; the line as it is when nothing is painted.
fn highlight_into(
    out: &mut String,
    line: &str,
    query: &Query,
    painter: Painter,
    base: Option<Role>,
) {
    if !painter.enabled {
        out.push_str(line);
        return;
    }
    let plain = |out: &mut String, text: &str| match base {
        Some(role) => out.push_str(&painter.paint(text, role)),
        None => out.push_str(text),
    };
    let mut last = 0;
    for (range, word) in search::words(line) {
        if query.matches(&word) {
            plain(out, &line[last..range.start]);
            out.push_str(&painter.paint(&line[range.clone()], Role::Match));
            last = range.end;
        }
    }
    plain(out, &line[last..]);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn budget(width: Option<usize>, tags: usize, question: usize, expected: usize) {
        assert_eq!(tags_budget(width, 20, tags, question), expected);
    }

    #[test]
    fn tags_are_cut_only_when_the_question_needs_the_room() {
        budget(None, 60, 100, 60);
        budget(Some(200), 45, 100, 45);
        budget(Some(80), 30, 20, 30);
        budget(Some(80), 45, 100, 24);
        budget(Some(100), 45, 100, 36);
        budget(Some(120), 45, 100, 45);
        budget(Some(40), 45, 100, 24);
    }

    #[test]
    fn long_fields_keep_the_sentences_that_match() {
        let query = Query::new("vault");
        let text = "One. Use a Vault here! Three? Four vault. Five.";
        assert_eq!(
            matching_sentences(text, &query),
            "… Use a Vault here! … Four vault. …"
        );
        assert_eq!(matching_sentences("A vault.", &query), "A vault.");
        assert_eq!(
            matching_sentences("Vault first. Then.", &query),
            "Vault first. …"
        );
    }

    #[test]
    fn highlight_marks_matches_only_when_coloured() {
        let query = Query::new("rate");
        let painted = highlight("Rate limiting, separate", &query, Painter { enabled: true });
        assert!(painted.contains('\x1b') && painted.ends_with(" limiting, separate"));
        assert_eq!(highlight("Rate", &query, Painter::PLAIN), "Rate");
    }
}
