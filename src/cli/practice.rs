//! The options of the commands that practise: drill, mock, next, rate, my-answer and answers.

use clap::Args;
use clap_complete::{ArgValueCandidates, ArgValueCompleter};

use super::values;
use crate::app::complete;
use crate::core::bank::Category;
use crate::core::schedule::Rating;

#[derive(Debug, Args, Default, Clone)]
pub struct DrillArgs {
    /// Only questions with this tag (repeat for any of several).
    #[arg(long = "tag", value_name = "TAG", add = ArgValueCandidates::new(complete::tags))]
    pub tags: Vec<String>,
    /// Only questions of this category.
    #[arg(long = "category", value_enum)]
    pub category: Option<Category>,
    /// At most this many cards in the session.
    #[arg(long = "limit", value_name = "N", allow_negative_numbers = true, value_parser = values::at_least_one)]
    pub limit: Option<usize>,
    /// New cards to introduce, instead of the new-cards-per-day setting.
    #[arg(long = "new", value_name = "N", allow_negative_numbers = true, value_parser = values::count)]
    pub new: Option<usize>,
    /// Drill every matching card whatever its due date; the schedule is not changed.
    #[arg(long = "cram")]
    pub cram: bool,
    /// Drill again the questions graded again in your last session, as cram.
    #[arg(long = "misses")]
    pub misses: bool,
    /// Session length in minutes [default: the session-minutes setting, 20].
    #[arg(long = "minutes", value_name = "M", allow_negative_numbers = true, value_parser = values::minutes)]
    pub minutes: Option<u32>,
    /// Answer time in seconds for questions whose bank sets none.
    #[arg(long = "answer-time", value_name = "S", allow_negative_numbers = true, value_parser = values::answer_time)]
    pub answer_time: Option<u32>,
    /// Do not ring the bell when the answer time runs out.
    #[arg(long = "quiet")]
    pub quiet: bool,
    /// Type your answer in a box; key points found in it come pre-ticked.
    #[arg(long = "type")]
    pub type_answer: bool,
    /// Line-by-line mode, also used when stdin or stdout is not a terminal.
    #[arg(long = "plain")]
    pub plain: bool,
}

#[derive(Debug, Args, Default, Clone)]
pub struct MockArgs {
    /// How many questions the round asks.
    #[arg(long = "questions", value_name = "N", default_value_t = 5,
          allow_negative_numbers = true, value_parser = values::mock_questions)]
    pub questions: usize,
    /// Only questions with this tag (repeat for any of several).
    #[arg(long = "tag", value_name = "TAG", add = ArgValueCandidates::new(complete::tags))]
    pub tags: Vec<String>,
    /// Only questions of this category.
    #[arg(long = "category", value_enum)]
    pub category: Option<Category>,
    /// Answer time in seconds for questions whose bank sets none.
    #[arg(long = "answer-time", value_name = "S", allow_negative_numbers = true, value_parser = values::answer_time)]
    pub answer_time: Option<u32>,
    /// Type your answers; an empty line (or Tab, full screen) submits.
    #[arg(long = "type")]
    pub type_answer: bool,
    /// Do not ring the bell when the answer time runs out.
    #[arg(long = "quiet")]
    pub quiet: bool,
    /// Line-by-line mode, also used when stdin or stdout is not a terminal.
    #[arg(long = "plain")]
    pub plain: bool,
}

/// `next` narrows the questions as `list` does: by tag and category, with JSON for scripts.
pub type NextArgs = crate::cli::browse::ListArgs;

#[derive(Debug, Args)]
pub struct RateArgs {
    /// Question id, unique id prefix, or `deck/id`.
    #[arg(add = ArgValueCompleter::new(complete::ids))]
    pub id: String,
    /// How it went: 1-4, again, hard, good, easy, or their initials a, h, g, e.
    #[arg(value_name = "GRADE", value_parser = crate::core::grade::parse, add = ArgValueCandidates::new(complete::grades))]
    pub rating: Rating,
    /// When the review happened [default: now]: 2026-11-20 (noon), "2026-11-20 18:30" (local),
    /// 2026-11-20T18:30:00Z, yesterday, today, -2d or -3h.
    #[arg(long = "at", value_name = "WHEN", allow_hyphen_values = true, value_parser = crate::core::when::well_formed)]
    pub at: Option<String>,
    /// How long the answer took: seconds (150), or minutes and seconds (2m, 2m30s).
    #[arg(long = "duration", value_name = "SECS", allow_negative_numbers = true, value_parser = values::answer_seconds)]
    pub duration: Option<f64>,
}

#[derive(Debug, Args)]
pub struct MyAnswerArgs {
    /// Question id, unique id prefix, or `deck/id`.
    #[arg(value_name = "ID", add = ArgValueCompleter::new(complete::ids))]
    pub id: String,
    /// Print your answer instead of editing it.
    #[arg(long = "show", conflicts_with_all = ["delete", "from_typed"])]
    pub show: bool,
    /// Start from a typed answer kept by `drill --type`: the latest, or the Nth latest.
    #[arg(long = "from-typed", value_name = "N", num_args = 0..=1, default_missing_value = "1", allow_negative_numbers = true, value_parser = values::at_least_one)]
    pub from_typed: Option<usize>,
    /// Delete your answer.
    #[arg(long = "delete", conflicts_with = "from_typed")]
    pub delete: bool,
}

#[derive(Debug, Args)]
pub struct AnswersArgs {
    /// Question id, unique id prefix, or `deck/id`.
    #[arg(add = ArgValueCompleter::new(complete::ids))]
    pub id: String,
    /// Print JSON for scripts.
    #[arg(long = "json")]
    pub json: bool,
}
