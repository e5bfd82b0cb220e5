//! The options of the commands that read the bank and the progress: show, assess, list, search,
//! check, due and plan, and the --json shared by those with no other option.

use std::path::PathBuf;

use clap::Args;
use clap_complete::{ArgValueCandidates, ArgValueCompleter};

use super::values;
use crate::app::complete;
use crate::core::bank::Category;

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// Question id, unique id prefix, or `deck/id`.
    #[arg(conflicts_with = "tag", value_name = "ID", add = ArgValueCompleter::new(complete::ids))]
    pub query: Option<String>,
    /// Questions bearing this tag: one is shown in full, several are listed.
    #[arg(long = "tag", value_name = "TAG", add = ArgValueCandidates::new(complete::tags))]
    pub tag: Option<String>,
    /// With --tag, show every matching question in full.
    #[arg(long = "all", requires = "tag")]
    pub all: bool,
    /// Hide the why-note, the sample answer and its key points, for self-quizzing.
    #[arg(long = "no-answers", alias = "no-answer")]
    pub no_answers: bool,
    /// Hide your progress (state, last practised, next due, recall, reviews).
    #[arg(long = "no-progress")]
    pub no_progress: bool,
    /// Print JSON for scripts.
    #[arg(long = "json")]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct AssessArgs {
    /// Question id, unique id prefix, or `deck/id`.
    #[arg(value_name = "ID", add = ArgValueCompleter::new(complete::ids))]
    pub query: String,
    /// The answer: a text file, or `-` (the default) for stdin.
    #[arg(value_name = "FILE", default_value = "-")]
    pub file: std::path::PathBuf,
    /// Print JSON for scripts and editors.
    #[arg(long = "json")]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Only questions with this tag (repeat for any of several).
    #[arg(long = "tag", value_name = "TAG", add = ArgValueCandidates::new(complete::tags))]
    pub tags: Vec<String>,
    /// Only questions of this category.
    #[arg(long = "category", value_enum)]
    pub category: Option<Category>,
    /// Print JSON for scripts.
    #[arg(long = "json")]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct SearchArgs {
    /// Words to find, in any order, in ids, tags, questions, notes, answers and key points.
    #[arg(required = true, num_args = 1.., value_name = "WORDS")]
    pub text: Vec<String>,
    /// Print JSON for scripts.
    #[arg(long = "json")]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Bank files or directories of `*.yaml` files.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
}

#[derive(Debug, Args)]
pub struct DueArgs {
    /// List what is due by this day's end [default: now]: 2026-12-01, today, tomorrow, +3d,
    /// or a time such as "2026-12-01 18:30" or 2026-12-01T18:30:00Z.
    #[arg(long = "on", value_name = "WHEN", allow_hyphen_values = true, value_parser = crate::core::when::well_formed)]
    pub on: Option<String>,
    /// Print JSON for scripts.
    #[arg(long = "json")]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct PlanArgs {
    /// Minutes of practice a day to forecast [default: the session-minutes setting, 20].
    #[arg(long = "minutes-per-day", value_name = "N", allow_negative_numbers = true, value_parser = values::minutes)]
    pub minutes_per_day: Option<u32>,
    /// Print JSON for scripts.
    #[arg(long = "json")]
    pub json: bool,
}

#[derive(Debug, Args, Default)]
pub struct JsonArg {
    /// Print JSON for scripts.
    #[arg(long = "json")]
    pub json: bool,
}
