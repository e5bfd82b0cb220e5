//! The options of `export` (a study sheet or a table out) and `import` (a page or a table in).

use std::path::PathBuf;

use clap::{Args, ValueEnum};
use clap_complete::ArgValueCandidates;

use super::values;
use crate::app::complete;
use crate::core::bank::Category;

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Write to this file (atomically), or `-` for stdout [default: stdout].
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Only questions with this tag (repeat for any of several).
    #[arg(long = "tag", value_name = "TAG", add = ArgValueCandidates::new(complete::tags))]
    pub tags: Vec<String>,
    /// Only questions of this category.
    #[arg(long = "category", value_enum)]
    pub category: Option<Category>,
    /// Only questions due now.
    #[arg(long = "due")]
    pub due: bool,
    /// Only the N questions with the lowest predicted recall.
    #[arg(long = "weakest", value_name = "N", allow_negative_numbers = true, value_parser = values::count)]
    pub weakest: Option<usize>,
    /// Question order.
    #[arg(long = "order", value_enum, default_value_t)]
    pub order: ExportOrder,
    /// A heading per tag or category.
    #[arg(long = "group-by", value_enum)]
    pub group_by: Option<ExportGroup>,
    /// What to write: the markdown study sheet, or a table of the questions for a spreadsheet
    /// (csv) or Anki (anki).
    #[arg(long = "format", value_enum, default_value_t)]
    pub format: ExportFormat,
    /// Leave out sample answers, why-notes and key points: a practice sheet.
    #[arg(long = "no-answers", alias = "no-answer")]
    pub no_answers: bool,
    /// With --no-answers, keep the key points, the outline of each answer.
    #[arg(long = "key-points", requires = "no_answers")]
    pub key_points: bool,
    /// Leave out your progress.
    #[arg(long = "no-progress")]
    pub no_progress: bool,
    /// Only your own answers (`prepdrill my-answer`): the questions you wrote one for, with your
    /// answer in place of the sample and the why-note.
    #[arg(long = "mine-only", conflicts_with = "no_answers")]
    pub mine_only: bool,
}

/// How the study sheet orders questions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum ExportOrder {
    #[default]
    Bank,
    Weakest,
    Due,
}

/// What `export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum ExportFormat {
    /// The study sheet, as GitHub markdown with a YAML metadata block.
    #[default]
    Markdown,
    /// The study sheet as one self-contained HTML page, styled for print (A4 or Letter).
    Html,
    /// One row per question with every field, with a header row, for spreadsheets.
    Csv,
    /// The same table tab-separated, with the file headers Anki's text import reads.
    Anki,
}

/// How the study sheet groups questions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportGroup {
    Tag,
    Category,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The page or table to read; `-` reads stdin.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Write the bank to this file (atomically), or `-` for stdout [default: stdout].
    #[arg(short = 'o', long = "output", value_name = "BANK.yaml")]
    pub output: Option<PathBuf>,
    /// The deck's slug [default: the role's, such as `frontend-engineer`].
    #[arg(long = "deck", value_name = "SLUG")]
    pub deck: Option<String>,
    /// The deck's title [default: the page's first line, or the table's deck_title].
    #[arg(long = "title", value_name = "T")]
    pub title: Option<String>,
    /// Replace the output file if it exists; edits made to it are lost.
    #[arg(long = "force")]
    pub force: bool,
    /// How to read FILE [default: csv for a .csv or .tsv file, or a first line with a `question`
    /// column; else page].
    #[arg(long = "format", value_enum)]
    pub format: Option<ImportFormat>,
}

/// What `import` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ImportFormat {
    /// A page in the common interview-prep layout.
    Page,
    /// A CSV (or tab- or semicolon-separated) table with a header row or Anki's file headers.
    Csv,
}
