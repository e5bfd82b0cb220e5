//! Banks from other formats: a page in the layout common on interview-prep sites, or a CSV table
//! such as `export --format csv` writes. Pure: text in, a deck and its YAML out.
//!
//! Questions, why-notes and answers are copied verbatim. What the source does not give (ids,
//! categories, tags, key points) is drafted by [`draft`], and the YAML marks it so.

mod draft;
mod page;
mod table;
mod words;
mod yaml;

use std::collections::{HashMap, HashSet};
use std::fmt;

use crate::core::bank::{Category, Deck, Question, is_slug};
use crate::core::key_point::KeyPoint;

/// How to read the source.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Page,
    Csv,
}

impl Format {
    /// CSV for a `.csv` or `.tsv` file, or when the first line is a header naming a `question`
    /// column or one of Anki's file headers; else a page.
    pub fn detect(text: &str, extension: Option<&str>) -> Format {
        if extension.is_some_and(|e| e.eq_ignore_ascii_case("csv") || e.eq_ignore_ascii_case("tsv"))
        {
            return Format::Csv;
        }
        let first = text
            .trim_start_matches('\u{feff}')
            .lines()
            .find(|l| !l.trim().is_empty())
            .unwrap_or_default();
        // Anki's file headers.
        if ["#separator:", "#html:", "#columns:", "#tags column:"]
            .iter()
            .any(|h| first.to_lowercase().starts_with(h))
        {
            return Format::Csv;
        }
        let separator = crate::core::csv::sniff_separator(first);
        let names = first.split(separator).map(table::column_name);
        if names.into_iter().any(|n| n == "question") {
            Format::Csv
        } else {
            Format::Page
        }
    }
}

/// What the command line sets for the new deck.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    /// The deck's slug, instead of the one taken from the role or title.
    pub deck: Option<String>,
    /// The deck's title, instead of the source's.
    pub title: Option<String>,
    /// Named in the YAML's opening comment.
    pub source_name: String,
}

/// Something in the source that could not be read, with its line (1-based; 0 for the whole file).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub line: usize,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            f.write_str(&self.message)
        } else {
            write!(f, "line {}: {}", self.line, self.message)
        }
    }
}

/// A question as the source gives it; `None` is what the source leaves to be drafted.
#[derive(Debug, Clone, Default)]
struct Entry {
    line: usize,
    id: Option<String>,
    category: Option<Category>,
    tags: Option<Vec<String>>,
    question: String,
    why: String,
    answer: String,
    key_points: Option<Vec<String>>,
    answer_time_secs: Option<u32>,
}

/// What a source says about its deck besides the questions.
#[derive(Debug, Clone, Default)]
struct Parsed {
    deck: Option<String>,
    title: Option<String>,
    role: Option<String>,
    answer_time_secs: Option<u32>,
    entries: Vec<Entry>,
}

/// How many of each field an import drafted rather than read.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Drafted {
    pub ids: usize,
    pub categories: usize,
    pub tags: usize,
    pub key_points: usize,
}

/// A deck made from a source, its YAML, and what was drafted.
#[derive(Debug, Clone)]
pub struct Imported {
    pub deck: Deck,
    pub yaml: String,
    pub drafted: Drafted,
    /// Things worth a look that did not stop the import, such as a listed question with no answer.
    pub warnings: Vec<Problem>,
}

/// Reads `text` as `format` into a deck that passes `check`. Every problem is returned, and no
/// deck unless there are none.
pub fn import(text: &str, format: Format, settings: &Settings) -> Result<Imported, Vec<Problem>> {
    let (parsed, mut warnings) = match format {
        Format::Page => page::parse(text)?,
        Format::Csv => (table::parse(text)?, Vec::new()),
    };
    warnings.extend(repeated_questions(&parsed.entries));
    if parsed.entries.is_empty() {
        let what = match format {
            Format::Page => {
                "no questions found: a page needs, for each question, the question on one line, then an \"Employers ask…\" line and an \"Answer Example: \"…\"\" line"
            }
            Format::Csv => "the table has a header but no rows",
        };
        return Err(vec![Problem {
            line: 0,
            message: what.into(),
        }]);
    }
    let mut problems = given_fields(&parsed.entries);
    let lines: Vec<usize> = parsed.entries.iter().map(|e| e.line).collect();
    let (deck, drafts, drafted) = assemble(parsed, settings);
    if problems.is_empty() {
        // Tied to the question's line where the problem names a question.
        let line_of = |id: &str| {
            deck.questions
                .iter()
                .position(|q| q.id == id)
                .and_then(|i| lines.get(i).copied())
        };
        problems.extend(deck.problems().into_iter().map(|p| Problem {
            line: p.question.as_deref().and_then(line_of).unwrap_or(0),
            message: match p.question {
                Some(_) => format!("the question would not pass `check`: {}", p.message),
                None => format!("the bank would not pass `check`: {}", p.message),
            },
        }));
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let yaml = yaml::render(&deck, &drafts, &settings.source_name);
    Ok(Imported {
        deck,
        yaml,
        drafted,
        warnings,
    })
}

/// A question asked twice is imported twice, under two ids; worth a look, not a reason to stop.
fn repeated_questions(entries: &[Entry]) -> Vec<Problem> {
    let mut first: HashMap<&str, usize> = HashMap::new();
    let mut warnings = Vec::new();
    for entry in entries {
        match first.get(entry.question.trim()) {
            Some(&line) => warnings.push(Problem {
                line: entry.line,
                message: format!(
                    "the same question as line {line}; both are imported, under different ids"
                ),
            }),
            None => {
                first.insert(entry.question.trim(), entry.line);
            }
        }
    }
    warnings
}

/// Ids and tags the source gives that a bank would refuse, each with its line.
fn given_fields(entries: &[Entry]) -> Vec<Problem> {
    let mut problems = Vec::new();
    let mut seen: HashSet<&str> = HashSet::new();
    for entry in entries {
        let mut problem = |message: String| {
            problems.push(Problem {
                line: entry.line,
                message,
            });
        };
        if let Some(id) = &entry.id {
            if !is_slug(id) {
                problem(format!(
                    "id `{id}` must be a lowercase slug like `threat-model-mvp`; fix it, or empty the cell to derive one"
                ));
            } else if !seen.insert(id) {
                problem(format!(
                    "id `{id}` is used by an earlier row; every question needs its own"
                ));
            }
        }
        for tag in entry.tags.iter().flatten() {
            if !is_slug(tag) {
                problem(format!(
                    "tag `{tag}` must be a lowercase slug like `secrets`"
                ));
            }
        }
    }
    problems
}

/// Which fields of one question were drafted, for the YAML's marks.
#[derive(Debug, Clone, Copy, Default)]
struct Marks {
    /// Anki's notes carry no why-note; a placeholder stands in.
    why: bool,
    category: bool,
    tags: bool,
    key_points: bool,
}

fn assemble(parsed: Parsed, settings: &Settings) -> (Deck, Vec<Marks>, Drafted) {
    let mut drafted = Drafted::default();
    let title = settings
        .title
        .clone()
        .or(parsed.title)
        .or_else(|| {
            parsed
                .role
                .as_ref()
                .map(|r| format!("{r} Interview Questions"))
        })
        .unwrap_or_else(|| "Imported interview questions".into());
    let role = parsed.role.unwrap_or_else(|| role_from_title(&title));
    let deck_slug = settings.deck.clone().or(parsed.deck).unwrap_or_else(|| {
        Some(words::slug(&role))
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| "imported".into())
    });

    let mut ids = draft::Ids::new(parsed.entries.iter().filter_map(|e| e.id.clone()).collect());
    let texts: Vec<(&str, &str, &str)> = parsed
        .entries
        .iter()
        .map(|e| (e.question.as_str(), e.why.as_str(), e.answer.as_str()))
        .collect();
    let suggested = draft::tags(&texts);
    let mut marks = Vec::new();
    let mut questions = Vec::new();
    for (entry, suggested) in parsed.entries.iter().zip(suggested) {
        let mut mark = Marks::default();
        let id = entry.id.clone().unwrap_or_else(|| {
            drafted.ids += 1;
            ids.draft(&entry.question)
        });
        let category = entry.category.unwrap_or_else(|| {
            drafted.categories += 1;
            mark.category = true;
            draft::category(&entry.question)
        });
        let tags = entry.tags.clone().unwrap_or_else(|| {
            drafted.tags += 1;
            mark.tags = true;
            suggested
        });
        // An imported point has no alternative phrasings: those are written by hand.
        let key_points = entry
            .key_points
            .clone()
            .unwrap_or_else(|| {
                drafted.key_points += 1;
                mark.key_points = true;
                draft::key_points(&entry.answer)
            })
            .into_iter()
            .map(KeyPoint::from)
            .collect();
        let why = if entry.why.trim().is_empty() {
            mark.why = true;
            "Why would an interviewer ask this? Write it here.".to_string()
        } else {
            entry.why.clone()
        };
        marks.push(mark);
        questions.push(Question {
            id,
            question: entry.question.clone(),
            why,
            answer: entry.answer.clone(),
            tags,
            category,
            key_points,
            answer_time_secs: entry.answer_time_secs,
        });
    }
    let deck = Deck {
        deck: deck_slug,
        title,
        role,
        answer_time_secs: parsed.answer_time_secs,
        questions,
    };
    (deck, marks, drafted)
}

/// `Frontend Engineer` from `Frontend Engineer Interview Questions`.
fn role_from_title(title: &str) -> String {
    let mut role = title.trim();
    for suffix in [" Interview Questions", " Interview", " Questions"] {
        if let Some(stripped) = role.strip_suffix(suffix) {
            role = stripped.trim();
            break;
        }
    }
    role.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_the_format() {
        assert_eq!(Format::detect("anything", Some("CSV")), Format::Csv);
        assert_eq!(
            Format::detect("\u{feff}id,Question,why\n", None),
            Format::Csv
        );
        assert_eq!(Format::detect("question\twhy\n", Some("txt")), Format::Csv);
        assert_eq!(Format::detect("#separator:tab\n", Some("txt")), Format::Csv);
        assert_eq!(
            Format::detect("Frontend Interview Questions\nWhat is a question?\n", None),
            Format::Page
        );
    }

    #[test]
    fn a_repeated_question_is_imported_with_a_warning() {
        let page = "Title\nQ?\nEmployers ask a.\nAnswer Example: \"One two three.\"\n-\n\
                    Q?\nEmployers ask b.\nAnswer Example: \"Four five six.\"\n";
        let imported = import(page, Format::Page, &Settings::default()).expect("imports");
        let ids: Vec<&str> = imported
            .deck
            .questions
            .iter()
            .map(|q| q.id.as_str())
            .collect();
        assert_eq!(ids, ["question", "question-2"]);
        assert_eq!(imported.warnings.len(), 1);
        assert_eq!(imported.warnings[0].line, 6);
        assert!(imported.warnings[0].message.contains("line 2"));
    }

    /// Every cut of a real page and of a real table either imports or names lines that exist; none
    /// panics.
    #[test]
    fn truncated_sources_never_panic() {
        let page = include_str!("../../tests/fixtures/seed.txt");
        let table = crate::core::csv::write(
            &[
                vec![
                    "id".into(),
                    "question".into(),
                    "why".into(),
                    "answer".into(),
                ],
                vec!["a".into(), "Q, \"one\"?".into(), "W\nx".into(), "A".into()],
                vec!["b".into(), "Q2?".into(), "W".into(), "A; \"quoted\"".into()],
            ],
            ',',
        );
        for (text, format, step) in [(page, Format::Page, 211), (table.as_str(), Format::Csv, 1)] {
            let lines = text.lines().count();
            let cuts = text.char_indices().map(|(i, _)| i).step_by(step);
            for cut in cuts.chain([text.len()]) {
                if let Err(problems) = import(&text[..cut], format, &Settings::default()) {
                    assert!(!problems.is_empty());
                    assert!(problems.iter().all(|p| p.line <= lines), "{problems:?}");
                }
            }
        }
    }

    #[test]
    fn a_bank_problem_names_the_row() {
        let table = "question,why,answer,answer_time_secs\nQ one?,W,A,60\nQ two?,W,A,0\n";
        let problems = import(table, Format::Csv, &Settings::default()).expect_err("time 0");
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].line, 3);
        assert!(
            problems[0].message.contains("answer_time_secs"),
            "{problems:?}"
        );
    }

    #[test]
    fn role_comes_from_the_title() {
        assert_eq!(
            role_from_title("Frontend Engineer Interview Questions"),
            "Frontend Engineer"
        );
        assert_eq!(role_from_title("Chef"), "Chef");
    }
}
