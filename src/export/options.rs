//! What goes into the study sheet and how it is laid out: the options the command line sets.

use crate::core::bank::{Category, DEFAULT_ANSWER_TIME_SECS};
use crate::core::own_answers::OwnAnswers;

/// Question order in the sheet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Order {
    /// As in the bank files.
    #[default]
    Bank,
    /// Lowest predicted recall first (on the interview day when one is set); unpractised last.
    Weakest,
    /// Earliest due first; unpractised last.
    Due,
}

/// What the sheet groups questions under, each group with its own heading.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Grouping {
    /// By tag: a question is listed under every tag it bears (only the tags asked for, when the
    /// sheet is filtered by tag), in full under the first and linked from the others.
    Tag,
    Category,
}

/// What goes into the sheet and how it is laid out.
#[derive(Debug, Clone)]
pub struct SheetOptions {
    /// Keep questions bearing any of these tags; every question when empty.
    pub tags: Vec<String>,
    pub category: Option<Category>,
    /// Keep only practised questions that are due now.
    pub due_only: bool,
    /// Keep only the N practised questions with the lowest predicted recall.
    pub weakest: Option<usize>,
    pub order: Order,
    pub group_by: Option<Grouping>,
    /// Why-notes, sample answers, own and typed answers; false makes a practice sheet.
    pub with_answers: bool,
    /// The candidate's own answers (`prepdrill my-answer`), printed above each sample answer.
    pub own_answers: OwnAnswers,
    /// Only the questions with an own answer, that answer in place of the sample and the
    /// why-note (`--mine-only`).
    pub mine_only: bool,
    /// Each question's key points. They are the outline of the answer, so a practice sheet
    /// leaves them out unless asked (`--key-points`).
    pub with_key_points: bool,
    /// The summary and each question's progress.
    pub with_progress: bool,
    /// The answer-time target of questions whose bank sets none.
    pub default_answer_secs: u32,
    /// `prepdrill` with the options in force, for the commands hints suggest.
    pub run: String,
}

impl Default for SheetOptions {
    fn default() -> Self {
        SheetOptions {
            tags: Vec::new(),
            category: None,
            due_only: false,
            weakest: None,
            order: Order::Bank,
            group_by: None,
            with_answers: true,
            own_answers: OwnAnswers::default(),
            mine_only: false,
            with_key_points: true,
            with_progress: true,
            default_answer_secs: DEFAULT_ANSWER_TIME_SECS,
            run: "prepdrill".to_string(),
        }
    }
}
