//! A CSV table with a header row: what `export --format csv` writes, or any table with question,
//! why and answer columns (from a spreadsheet, or Anki's "Notes in Plain Text").
//!
//! Columns are matched by name, in any order and any case; unknown columns are reported, so a
//! misspelt one is not silently lost. Empty cells of optional columns are drafted like a page's.

use super::{Entry, Parsed, Problem};
use crate::core::bank::Category;
use crate::core::bank_table::{COLUMNS, from_anki_guid, restore};
use crate::core::csv::{Record, read, sniff_separator};

mod anki;

use anki::{AnkiHeaders, anki_headers, from_html, name_anki_fields, split_back};

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

/// The columns whose text is kept verbatim, edge whitespace included.
const VERBATIM: [&str; 6] = [
    "question",
    "why",
    "answer",
    "key_points",
    "deck_title",
    "role",
];

/// The name given to a column of Anki's bookkeeping, which the import skips.
const IGNORED: &str = "(ignored)";

pub(super) fn parse(text: &str) -> Result<Parsed, Vec<Problem>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let anki = anki_headers(text);
    let (separator, records) = records(text, &anki)?;
    let (header, rows) = header_and_rows(&anki, separator, &records)?;
    let (names, from_anki) = column_names(&anki, &header, rows)?;
    let mut parsed = Parsed::default();
    let mut problems = Vec::new();
    for row in rows {
        let columns = Columns {
            names: &names,
            anki: &anki,
            from_anki,
        };
        if let Some(entry) = columns.entry(row, &mut parsed, &mut problems) {
            parsed.entries.push(entry);
        }
    }
    if problems.is_empty() {
        Ok(parsed)
    } else {
        Err(problems)
    }
}

/// The table's records after any Anki headers, with its separator; fields are turned into plain
/// text as the file's kind needs.
fn records(text: &str, anki: &AnkiHeaders) -> Result<(char, Vec<Record>), Vec<Problem>> {
    let body: String = text.split_inclusive('\n').skip(anki.lines).collect();
    let separator = anki.separator.unwrap_or_else(|| sniff_separator(&body));
    let mut records = read(&body, separator).map_err(|e| {
        vec![Problem {
            line: e.line + anki.lines,
            message: e.message,
        }]
    })?;
    for record in &mut records {
        record.line += anki.lines;
        for field in &mut record.fields {
            if anki.html {
                *field = from_html(field);
            } else if anki.lines == 0 {
                // A spreadsheet table: undo what `export --format csv` did to formula cells.
                *field = restore(field).to_string();
            }
        }
    }
    Ok((separator, records))
}

/// The header row (Anki's `#columns:`, an unnamed Anki notes header, or the first record) and
/// the rows under it.
fn header_and_rows<'r>(
    anki: &AnkiHeaders,
    separator: char,
    records: &'r [Record],
) -> Result<(Record, &'r [Record]), Vec<Problem>> {
    // The column names: Anki's `#columns:` header, else the first row.
    let named = anki.columns.as_ref().map(|columns| Record {
        line: anki.lines,
        fields: columns.split(separator).map(str::to_string).collect(),
    });
    // Anki's own notes export has headers but names no columns: every record is a note.
    let unnamed = (anki.lines > 0 && named.is_none()).then(|| Record {
        line: anki.lines,
        fields: Vec::new(),
    });
    Ok(match named.or(unnamed) {
        Some(header) => (header, records),
        None => match records.split_first() {
            Some((header, rows)) => (header.clone(), rows),
            None => {
                return Err(vec![Problem {
                    line: 0,
                    message: "the file is empty; a table needs a header row with question, why and answer columns".into(),
                }]);
            }
        },
    })
}

/// Every column's name, checked: known, named once, the required ones there. Also whether the
/// table is Anki notes (see `name_anki_fields`).
fn column_names(
    anki: &AnkiHeaders,
    header: &Record,
    rows: &[Record],
) -> Result<(Vec<String>, bool), Vec<Problem>> {
    let mut names: Vec<String> = header.fields.iter().map(|c| column_name(c)).collect();
    let mut problems = Vec::new();
    // A header may name only a column that exists: `#tags column:100000000` must not make a
    // table of a hundred million names.
    let widest = rows
        .iter()
        .map(|r| r.fields.len())
        .chain([names.len()])
        .max()
        .unwrap_or(0);
    let mut name_column = |n: usize, key: &str, name: &str| {
        if (1..=widest).contains(&n) {
            if names.len() < n {
                names.resize(n, String::new());
            }
            names[n - 1] = name.into();
        } else {
            problems.push(Problem {
                line: 0,
                message: format!(
                    "`#{key} column:{n}` names a column the table does not have (it has {widest})\nhint: number the columns from 1, as Anki does"
                ),
            });
        }
    };
    if let Some(n) = anki.tags_column {
        name_column(n, "tags", "tags");
    }
    for &(n, key) in &anki.ignored {
        name_column(n, key, IGNORED);
    }
    let from_anki = name_anki_fields(&mut names, anki, widest);
    let hint = format!("the columns are {}", COLUMNS.join(", "));
    for (i, name) in names.iter().enumerate() {
        if name == IGNORED {
            continue;
        }
        if !COLUMNS.contains(&name.as_str()) {
            problems.push(Problem {
                line: header.line,
                message: format!(
                    "unknown column `{}` (column {})\nhint: {hint}",
                    header.fields.get(i).map_or("", |f| f.trim()),
                    i + 1,
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
        // Anki's notes have a front and a back; the why-note is drafted.
        let drafted = from_anki && required == "why";
        if !drafted && !names.iter().any(|n| n == required) {
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
    Ok((names, from_anki))
}

/// What a row's cells mean: the checked column names and the Anki headers.
struct Columns<'a> {
    names: &'a [String],
    anki: &'a AnkiHeaders,
    from_anki: bool,
}

impl Columns<'_> {
    /// The question on `row`, with its problems added to `problems`; the deck's own fields go
    /// into `parsed`. `None` for a row that cannot be read at all.
    fn entry(
        &self,
        row: &Record,
        parsed: &mut Parsed,
        problems: &mut Vec<Problem>,
    ) -> Option<Entry> {
        let Columns {
            names,
            anki,
            from_anki,
        } = *self;
        let cell = |name: &str| self.cell(row, name);
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
            return None;
        }
        let guid_id = anki
            .guid_column
            .and_then(|n| row.fields.get(n.checked_sub(1)?))
            .and_then(|guid| from_anki_guid(guid))
            .map(|(_, id)| id.to_string());
        let mut entry = Entry {
            line: row.line,
            id: cell("id").map(str::to_string).or(guid_id),
            tags: cell("tags").map(split_tags),
            key_points: cell("key_points").map(|p| {
                p.split('\n')
                    .filter(|l| !l.trim().is_empty())
                    .map(str::to_string)
                    .collect()
            }),
            ..Entry::default()
        };
        // An empty tags or key-points cell in a table that has the column means "none", as the
        // bank had it, not "draft some".
        if entry.tags.is_none() && names.iter().any(|n| n == "tags") {
            entry.tags = Some(Vec::new());
        }
        if entry.key_points.is_none() && names.iter().any(|n| n == "key_points") {
            entry.key_points = Some(Vec::new());
        }
        for (name, field) in [
            ("question", &mut entry.question),
            ("why", &mut entry.why),
            ("answer", &mut entry.answer),
        ] {
            match cell(name) {
                Some(text) => *field = text.to_string(),
                None if from_anki && name == "why" => {}
                None => fail(format!("the `{name}` cell is empty")),
            }
        }
        if from_anki && entry.why.is_empty() {
            let back = split_back(&entry.answer);
            entry.answer = back.answer;
            entry.why = back.why;
            if entry.key_points.is_none() && !back.key_points.is_empty() {
                entry.key_points = Some(back.key_points);
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
        Self::deck_fields(&cell, parsed, &mut fail);
        Some(entry)
    }

    /// The non-empty cell of column `name` on `row`. Text cells are kept as they are, edge spaces
    /// and line breaks included, so a bank comes back from its table unchanged; ids, tags,
    /// categories and numbers are trimmed.
    fn cell<'r>(&self, row: &'r Record, name: &str) -> Option<&'r str> {
        self.names
            .iter()
            .position(|n| n == name)
            .and_then(|i| row.fields.get(i))
            .filter(|c| !c.trim().is_empty())
            .map(|c| {
                if VERBATIM.contains(&name) {
                    c.as_str()
                } else {
                    c.trim()
                }
            })
    }

    /// The deck's own fields, which every row may repeat but none may change.
    fn deck_fields<'r>(
        cell: &impl Fn(&str) -> Option<&'r str>,
        parsed: &mut Parsed,
        fail: &mut impl FnMut(String),
    ) {
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
        assert_eq!(second.key_points.as_deref(), Some(&[][..]));
        assert!(second.category.is_none());
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
