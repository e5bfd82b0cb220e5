//! The contents: a compact table of question ids, in columns, that fits the top of a printed page.
//!
//! Markdown has no columns but tables, and GitHub and pandoc both print pipe tables. An ungrouped
//! sheet lists its ids down three columns, read like a newspaper; a grouped sheet has a row per
//! group, with its questions' ids side by side.

use super::escape::escape_inline;
use super::options::Grouping;
use super::plan::Plan;
use super::render::link;

/// How many columns of ids an ungrouped sheet's contents has: three ids of some 25 characters fit
/// a printed page's width.
const COLUMNS: usize = 3;

pub(super) fn table(plan: &Plan<'_>, grouping: Option<Grouping>) -> String {
    match grouping {
        None => ids_in_columns(plan),
        Some(grouping) => rows_per_group(plan, grouping),
    }
}

fn ids_in_columns(plan: &Plan<'_>) -> String {
    let links: Vec<String> = plan
        .groups
        .iter()
        .flat_map(|g| g.questions().map(|m| link(&m.heading)))
        .collect();
    let columns = COLUMNS.min(links.len()).max(1);
    let rows = links.len().div_ceil(columns);
    // An empty header row: GitHub needs one, and pandoc prints a table whose header cells are all
    // empty as a table without a header.
    let mut lines = vec![row(&vec![String::new(); columns]), delimiter(columns)];
    for r in 0..rows {
        let cells: Vec<String> = (0..columns)
            .map(|c| links.get(c * rows + r).cloned().unwrap_or_default())
            .collect();
        lines.push(row(&cells));
    }
    lines.join("\n")
}

fn rows_per_group(plan: &Plan<'_>, grouping: Grouping) -> String {
    let label = match grouping {
        Grouping::Tag => "Tag",
        Grouping::Category => "Category",
    };
    // Pandoc's markdown reader sizes a wide pipe table's columns by the delimiter row's dashes:
    // a quarter for the group's name, the rest for its ids.
    let mut lines = vec![
        row(&[label.to_string(), "Questions".into()]),
        "| ----- | --------------- |".to_string(),
    ];
    for group in &plan.groups {
        let ids: Vec<String> = group.members.iter().map(|m| link(&m.heading)).collect();
        // The column says `Tag` or `Category`, so the cell gives just the name.
        let name = group
            .heading
            .as_ref()
            .map(|h| {
                let text = h
                    .text
                    .split_once(": ")
                    .map_or(h.text.as_str(), |(_, name)| name);
                format!("[{}](#{})", escape_inline(text), h.id)
            })
            .unwrap_or_default();
        lines.push(row(&[name, ids.join(" · ")]));
    }
    lines.join("\n")
}

/// A table row in markdownlint's "compact" style (MD060): one space each side of a cell's text,
/// and one space in an empty cell.
fn row(cells: &[String]) -> String {
    let mut line = String::from("|");
    for cell in cells {
        if cell.is_empty() {
            line.push_str(" |");
        } else {
            line.push(' ');
            line.push_str(cell);
            line.push_str(" |");
        }
    }
    line
}

fn delimiter(columns: usize) -> String {
    format!("|{}", " --- |".repeat(columns))
}
