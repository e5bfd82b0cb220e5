//! A CSV table with a header row: what `export --format csv` writes, or any table with question,
//! why and answer columns (from a spreadsheet, or Anki's "Notes in Plain Text").
//!
//! Columns are matched by name, in any order and any case; unknown columns are reported, so a
//! misspelt one is not silently lost. Empty cells of optional columns are drafted like a page's.

use super::{Entry, Parsed, Problem};
use crate::core::bank::Category;
use crate::core::bank_table::COLUMNS;
use crate::core::csv::{read, sniff_separator};

/// A header cell as a column name: trimmed, lowercase, spaces and hyphens as `_`, so `Key points`
/// and `key-points` name `key_points`.
pub(super) fn column_name(cell: &str) -> String {
    cell.trim()
        .trim_matches('"')
        .trim()
        .to_lowercase()
        .replace([' ', '-'], "_")
}

const REQUIRED: [&str; 3] = ["question", "why", "answer"];

pub(super) fn parse(text: &str) -> Result<Parsed, Vec<Problem>> {
    let separator = sniff_separator(text);
    let records = read(text, separator).map_err(|e| {
        vec![Problem {
            line: e.line,
            message: e.message,
        }]
    })?;
    let Some((header, rows)) = records.split_first() else {
        return Err(vec![Problem {
            line: 0,
            message: "the file is empty; a table needs a header row with question, why and answer columns".into(),
        }]);
    };
    let names: Vec<String> = header.fields.iter().map(|c| column_name(c)).collect();
    let mut problems = Vec::new();
    for (i, name) in names.iter().enumerate() {
        if !COLUMNS.contains(&name.as_str()) {
            problems.push(Problem {
                line: header.line,
                message: format!(
                    "unknown column `{}` (column {})\nhint: the columns are {}",
                    header.fields[i].trim(),
                    i + 1,
                    COLUMNS.join(", ")
                ),
            });
        } else if names[..i].contains(name) {
            problems.push(Problem {
                line: header.line,
                message: format!("column `{name}` appears twice"),
            });
        }
    }
    for required in REQUIRED {
        if !names.iter().any(|n| n == required) {
            problems.push(Problem {
                line: header.line,
                message: format!(
                    "no `{required}` column; the header row needs question, why and answer"
                ),
            });
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }

    let mut parsed = Parsed::default();
    for row in rows {
        let cell = |name: &str| {
            names
                .iter()
                .position(|n| n == name)
                .and_then(|i| row.fields.get(i))
                .map(|c| c.trim())
                .filter(|c| !c.is_empty())
        };
        let mut fail = |message: String| {
            problems.push(Problem {
                line: row.line,
                message,
            });
        };
        if row.fields.len() > names.len() {
            fail(format!(
                "{} cells, but the header names {} columns",
                row.fields.len(),
                names.len()
            ));
            continue;
        }
        let mut entry = Entry {
            line: row.line,
            id: cell("id").map(str::to_string),
            tags: cell("tags").map(split_tags),
            key_points: cell("key_points").map(|p| {
                p.lines()
                    .map(str::trim)
                    .filter(|l| !l.is_empty())
                    .map(str::to_string)
                    .collect()
            }),
            ..Entry::default()
        };
        // An empty tags cell in a table that has the column means "no tags", not "draft some".
        if entry.tags.is_none() && names.iter().any(|n| n == "tags") {
            entry.tags = Some(Vec::new());
        }
        for (name, field) in [
            ("question", &mut entry.question),
            ("why", &mut entry.why),
            ("answer", &mut entry.answer),
        ] {
            match cell(name) {
                Some(text) => *field = text.to_string(),
                None => fail(format!("the `{name}` cell is empty")),
            }
        }
        if let Some(text) = cell("category") {
            match category(text) {
                Some(c) => entry.category = Some(c),
                None => fail(format!(
                    "category `{text}` is not one of technical, behavioral, leadership, motivation"
                )),
            }
        }
        match number(cell("answer_time_secs")) {
            Ok(secs) => entry.answer_time_secs = secs,
            Err(text) => fail(format!(
                "answer_time_secs `{text}` is not a whole number of seconds"
            )),
        }
        let deck_fields = [
            ("deck", &mut parsed.deck),
            ("deck_title", &mut parsed.title),
            ("role", &mut parsed.role),
        ];
        for (name, slot) in deck_fields {
            if let Some(value) = cell(name) {
                match slot {
                    Some(seen) if seen != value => fail(format!(
                        "{name} `{value}` differs from `{seen}` on an earlier row; a bank file holds one deck, so import each deck's rows on their own"
                    )),
                    _ => *slot = Some(value.to_string()),
                }
            }
        }
        match number(cell("deck_answer_time_secs")) {
            Ok(Some(secs)) => parsed.answer_time_secs = Some(secs),
            Ok(None) => {}
            Err(text) => fail(format!(
                "deck_answer_time_secs `{text}` is not a whole number of seconds"
            )),
        }
        parsed.entries.push(entry);
    }
    if problems.is_empty() {
        Ok(parsed)
    } else {
        Err(problems)
    }
}

/// Tags separated by spaces (as Anki writes them) or commas.
fn split_tags(cell: &str) -> Vec<String> {
    cell.split(|c: char| c == ',' || c.is_whitespace())
        .filter(|t| !t.is_empty())
        .map(str::to_string)
        .collect()
}

fn category(text: &str) -> Option<Category> {
    let text = text.to_lowercase();
    Category::ALL
        .into_iter()
        .find(|c| c.as_str() == text || (text == "behavioural" && *c == Category::Behavioral))
}

fn number(cell: Option<&str>) -> Result<Option<u32>, String> {
    cell.map(|text| text.parse::<u32>().map_err(|_| text.to_string()))
        .transpose()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_columns_in_any_order_and_case() {
        let text = "Answer,Question,Why,Tags,Key points,Category\n\
            \"Yes, \"\"always\"\".\",Do you test?,Quality.,qa testing,\"One\nTwo\",behavioural\n\
            No.,Do you ship?,Speed.,,,\n";
        let parsed = parse(text).expect("a valid table");
        let first = &parsed.entries[0];
        assert_eq!(first.answer, "Yes, \"always\".");
        assert_eq!(
            first.tags.as_deref(),
            Some(&["qa".to_string(), "testing".into()][..])
        );
        assert_eq!(first.key_points.as_ref().map(Vec::len), Some(2));
        assert_eq!(first.category, Some(Category::Behavioral));
        let second = &parsed.entries[1];
        assert_eq!((second.line, second.tags.as_deref()), (4, Some(&[][..])));
        assert!(second.key_points.is_none() && second.category.is_none());
    }

    #[test]
    fn reports_bad_cells_with_their_line() {
        let problems = parse("question,why,answer,colour\n").expect_err("unknown column");
        assert!(problems[0].message.contains("unknown column `colour`"));
        let text = "question,why,answer,category,deck\n\
            Q1?,W,A,technical,one\n\
            Q2?,,A,cooking,two\n";
        let problems = parse(text).expect_err("bad rows");
        let got: Vec<(usize, bool)> = problems
            .iter()
            .map(|p| {
                (
                    p.line,
                    p.message.contains("why")
                        || p.message.contains("cooking")
                        || p.message.contains("deck"),
                )
            })
            .collect();
        assert_eq!(got, [(3, true), (3, true), (3, true)], "{problems:#?}");
    }
}
