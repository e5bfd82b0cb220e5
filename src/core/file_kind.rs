//! What a file that is not a question bank looks like, so `check` can say what it is and what
//! reads it instead of quoting a YAML parser ("unknown field `date`").

/// A kind of file a candidate may pass to `check` by mistake.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// The markdown sheet `prepdrill export` writes.
    StudySheet,
    /// An HTML page, such as `export --format html`.
    HtmlPage,
    /// prepdrill's progress file.
    Progress,
    /// The candidate's own answers (answers.json).
    OwnAnswers,
    /// prepdrill's settings file.
    Settings,
    /// Anki's notes export, or `export --format anki`.
    AnkiNotes,
    /// A CSV (or tab- or semicolon-separated) table with a question column.
    QuestionTable,
    /// A page in the interview-prep layout `import` reads.
    InterviewPage,
}

impl Kind {
    /// What the file looks like, after "this looks like".
    pub fn looks_like(self) -> &'static str {
        match self {
            Kind::StudySheet => "a study sheet written by `prepdrill export`",
            Kind::HtmlPage => "an HTML page (`prepdrill export --format html` writes such sheets)",
            Kind::Progress => "prepdrill's progress file",
            Kind::OwnAnswers => "the file of your own answers (answers.json)",
            Kind::Settings => "prepdrill's settings file",
            Kind::AnkiNotes => "a notes file for Anki (tab-separated, with `#` headers)",
            Kind::QuestionTable => "a table of questions (CSV)",
            Kind::InterviewPage => "an interview-question page",
        }
    }

    /// What to run instead, for the file at `path`.
    pub fn instead(self, path: &str) -> String {
        match self {
            Kind::StudySheet | Kind::HtmlPage => "a sheet is written from a bank; check the bank \
                it came from (YAML with `deck:` and `questions:`), or run `prepdrill check` on \
                the directory of your banks"
                .to_string(),
            Kind::Progress => "`prepdrill stats` reads it, and `prepdrill progress rebuild` \
                repairs it; `check` is for bank files"
                .to_string(),
            Kind::OwnAnswers => "`prepdrill my-answer ID --show` prints one of them; `check` is \
                for bank files"
                .to_string(),
            Kind::Settings => {
                "`prepdrill config list` reads it; `check` is for bank files".to_string()
            }
            Kind::AnkiNotes | Kind::QuestionTable | Kind::InterviewPage => format!(
                "`prepdrill import {path} -o bank.yaml` turns it into a bank; then run \
                 `prepdrill check bank.yaml`"
            ),
        }
    }
}

/// The kind of file `text` (named `name`) looks like, when it is clearly one of [`Kind`]; `None`
/// for anything else, which is then checked as a bank.
pub fn guess(name: &str, text: &str) -> Option<Kind> {
    let start = text.trim_start_matches('\u{feff}').trim_start();
    let extension = name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    let first_line = start.lines().next().unwrap_or_default();
    let head = start
        .get(..start.len().min(200))
        .unwrap_or(start)
        .to_ascii_lowercase();
    if head.starts_with("<!doctype html") || head.starts_with("<html") {
        return Some(Kind::HtmlPage);
    }
    if start.starts_with('{') {
        return json_kind(start);
    }
    if first_line.starts_with("#separator:")
        || first_line.starts_with("#html:")
        || first_line.starts_with("#notetype")
    {
        return Some(Kind::AnkiNotes);
    }
    if first_line.starts_with("# prepdrill settings") {
        return Some(Kind::Settings);
    }
    if (extension == "md" || start.starts_with("---")) && text.contains("**Id:**") {
        return Some(Kind::StudySheet);
    }
    if has_question_column(first_line) || extension == "csv" || extension == "tsv" {
        return Some(Kind::QuestionTable);
    }
    if text.contains("Employers ask") && text.contains("Answer Example") {
        return Some(Kind::InterviewPage);
    }
    None
}

/// Progress or own answers, by their top-level fields.
fn json_kind(text: &str) -> Option<Kind> {
    let value: serde_json::Value = serde_json::from_str(text).ok()?;
    let top = value.as_object()?;
    if top.contains_key("cards") || top.contains_key("reviews") {
        Some(Kind::Progress)
    } else if top.contains_key("answers") {
        Some(Kind::OwnAnswers)
    } else {
        None
    }
}

/// A header row with a `question` column, separated by commas, tabs or semicolons.
fn has_question_column(line: &str) -> bool {
    line.split([',', '\t', ';']).nth(1).is_some()
        && line.split([',', '\t', ';']).any(|cell| {
            cell.trim()
                .trim_matches('"')
                .eq_ignore_ascii_case("question")
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn case(name: &str, text: &str, expected: Option<Kind>) {
        assert_eq!(guess(name, text), expected, "{name}: {text:?}");
    }

    #[test]
    fn kinds() {
        let sheet = "---\ntitle: 'T'\ndate: '2026-12-04'\n---\n\n## 1. Why?\n\n**Id:** why · **Category:** x\n";
        case("sheet.md", sheet, Some(Kind::StudySheet));
        case("x.html", "<!DOCTYPE html>\n<html>", Some(Kind::HtmlPage));
        case(
            "progress.json",
            "{\"version\":2,\"cards\":{}}",
            Some(Kind::Progress),
        );
        case(
            "answers.json",
            "{\"version\":1,\"answers\":{}}",
            Some(Kind::OwnAnswers),
        );
        case(
            "config.yaml",
            "# prepdrill settings; change them\nnew-per-day: 5\n",
            Some(Kind::Settings),
        );
        case(
            "b.txt",
            "#separator:tab\n#html:true\n",
            Some(Kind::AnkiNotes),
        );
        case(
            "b.txt",
            "id,category,question,why\n",
            Some(Kind::QuestionTable),
        );
        case("bank.csv", "", Some(Kind::QuestionTable));
        case(
            "page.txt",
            "Q?\nEmployers ask this\nAnswer Example: \"x\"\n",
            Some(Kind::InterviewPage),
        );
        // A bank, and a broken bank, are checked as banks.
        case("bank.yaml", "deck: d\ntitle: T\nquestions: []\n", None);
        case(
            "bank.yaml",
            "deck: d\nquestions:\n  - id: a\n    question: [\n",
            None,
        );
        case("bank.yaml", "{\"deck\": \"d\", \"questions\": []}", None);
    }

    #[test]
    fn what_to_run_names_the_file() {
        assert!(
            Kind::QuestionTable
                .instead("b.csv")
                .contains("prepdrill import b.csv -o bank.yaml")
        );
        assert!(Kind::Progress.instead("p.json").contains("prepdrill stats"));
    }
}
