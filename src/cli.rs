//! The command line, as clap derive types with their help text. No logic lives here.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
use clap_complete::{ArgValueCandidates, ArgValueCompleter};

use crate::app::complete;
use crate::core::bank::Category;
use crate::core::schedule::Rating;
use crate::ui::style::ColorChoice;

pub mod narrow;
mod values;

const EXAMPLES: &str = "\
Examples:
  prepdrill                          start a drill on the built-in bank
  prepdrill drill --tag secrets --minutes 10
  prepdrill mock                     a mock interview round, answers at the end
  prepdrill my-answer influence      your own STAR story, in your editor
  prepdrill show threat-model-mvp    one question in full
  prepdrill show --tag secrets       questions about secrets
  prepdrill search rate limiting     find questions by any words, typos forgiven
  prepdrill stats                    how well you know the bank
  prepdrill export -o sheet.md       a markdown study sheet
  prepdrill import page.txt          a bank from an interview-prep page";

/// A timed flashcard drill for interview preparation, scheduled with FSRS-6 spaced repetition.
#[derive(Debug, Parser)]
#[command(name = "prepdrill", version, about, after_help = EXAMPLES)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,

    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Options every command accepts.
#[derive(Debug, Args)]
pub struct GlobalArgs {
    /// Question bank to use instead of the built-in one: a YAML file or a directory of them.
    /// Repeat to load several. Also read from PREPDRILL_BANK (paths separated by `:`).
    #[arg(long = "bank", global = true, value_name = "PATH")]
    pub bank: Vec<PathBuf>,

    /// Where progress is kept [env: PREPDRILL_DATA_DIR] [default: the platform's data dir]
    #[arg(long = "data-dir", global = true, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,

    /// When to colour the output: auto colours a terminal unless NO_COLOR is set; always and
    /// never win over NO_COLOR.
    #[arg(
        long = "color",
        global = true,
        value_enum,
        default_value_t,
        value_name = "WHEN"
    )]
    pub color: ColorChoice,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Start a timed drill (the default when no command is given).
    #[command(after_help = "\
Examples:
  prepdrill drill                         due cards, then new ones
  prepdrill drill --tag secrets --cram    every secrets question, schedule untouched
  prepdrill drill --type --minutes 15     type your answers
  prepdrill drill --misses                the last session's misses again
  prepdrill drill --plain < answers.txt   line by line, for screen readers and scripts")]
    Drill(DrillArgs),

    /// A mock interview round: several questions back to back, answers revealed only at the end.
    #[command(after_help = "\
Examples:
  prepdrill mock                          five questions, a mix of categories
  prepdrill mock --questions 3 --tag cloud
  prepdrill mock --category behavioral --type
  prepdrill mock --plain                  line by line

Enter or Space moves to the next question; nothing is revealed until the last. Then each
answer is reviewed: your typed answer, your own answer, the sample answer and the key points,
graded 1-4. Grades are saved as ordinary reviews marked \"mock\": true.")]
    Mock(MockArgs),

    /// Write, show or delete your own answer to a question (opens $VISUAL or $EDITOR).
    #[command(after_help = "\
Examples:
  prepdrill my-answer influence-without-authority     write your STAR story
  prepdrill my-answer threat-model-mvp --show
  prepdrill my-answer threat-model-mvp --from-typed   start from your last typed answer
  prepdrill my-answer threat-model-mvp --from-typed 2 from the one before it
  prepdrill my-answer threat-model-mvp --delete

Your answers live in answers.json beside the progress file, keyed by deck/id. They appear
on reveal in the drill and the mock review, in show, search and the study sheet.")]
    MyAnswer(MyAnswerArgs),

    /// Show one question by id or id prefix, or the questions bearing a tag.
    #[command(after_help = "\
Examples:
  prepdrill show threat-model-mvp
  prepdrill show thr                      a unique prefix is enough
  prepdrill show --tag secrets
  prepdrill show --tag risk --all         every question tagged risk, in full
  prepdrill show vuln --no-answers        quiz yourself
  prepdrill show thr --no-progress        the question alone, without your progress
  prepdrill show threat-model-mvp --json")]
    Show(ShowArgs),

    /// Assess a written answer: which key points it makes and the words that made each, the
    /// suggested grade, its length against the time, the STAR check for behavioural questions,
    /// and hedges. Reads the answer from FILE, or from stdin when FILE is `-` or left out.
    #[command(after_help = "\
Examples:
  prepdrill assess threat-model-mvp answer.txt
  pbpaste | prepdrill assess threat-model-mvp -
  prepdrill assess influence-without-authority answer.md --json | jq '.key_points'")]
    Assess(AssessArgs),

    /// List questions: id, tags and question, one line each. Off a terminal, the three are
    /// separated by tabs and never cut.
    #[command(after_help = "\
Examples:
  prepdrill list
  prepdrill list --tag cloud --tag secrets
  prepdrill list | cut -f1                every id
  prepdrill list | grep -i stride         whole lines, nothing cut
  prepdrill list --category behavioral --json")]
    List(ListArgs),

    /// List every tag with the number of questions bearing it.
    Tags(JsonArg),

    /// Find questions holding every word, in any order, in the id, tags, question, note, answer or
    /// key points. Ignores case and accents; words of five letters or more forgive a typo. Exits 1
    /// when nothing matches, as grep does.
    #[command(after_help = "\
Examples:
  prepdrill search stride
  prepdrill search stride threat          every word, in any order
  prepdrill search rate limting           a typo is forgiven
  prepdrill search k8s --json")]
    Search(SearchArgs),

    /// Validate bank files and report every problem found.
    #[command(
        after_help = "Examples:\n  prepdrill check questions/\n  prepdrill check my-bank.yaml other.yaml"
    )]
    Check(CheckArgs),

    /// Record a review done outside the drill, such as a mock interview with a friend.
    #[command(after_help = "\
Examples:
  prepdrill rate threat-model-mvp good
  prepdrill rate threat-model-mvp 3             the drill's numbers work too
  prepdrill rate secrets-management h --duration 150
  prepdrill rate vuln-triage-400 again --at yesterday
  prepdrill rate vuln-triage-400 easy --at \"2026-11-20 18:30\"")]
    Rate(RateArgs),

    /// List the questions due by a date, most urgent first.
    #[command(after_help = "\
Examples:
  prepdrill due
  prepdrill due --on tomorrow
  prepdrill due --on +3d
  prepdrill due --on 2026-12-01 --json")]
    Due(DueArgs),

    /// How well you know the bank: states, retention, streak, forecast, weakest questions.
    Stats(JsonArg),

    /// Forecast how many questions will be ready on the interview day.
    #[command(after_help = "\
Ready means a predicted recall of 90% or more when the interview starts. The forecast plays the
drill's own sessions, one a day at this time of day, with the memory model answering, over many
seeded runs, so the same progress always gives the same forecast.

Examples:
  prepdrill config set interview-date 2026-12-10
  prepdrill plan                        with your session-minutes setting a day
  prepdrill plan --minutes-per-day 30
  prepdrill plan --json")]
    Plan(PlanArgs),

    /// The card the drill would ask now, and why; exits 1 when there is none.
    #[command(after_help = "\
Examples:
  prepdrill next
  prepdrill next --tag secrets
  prepdrill next --json | jq -r .id      for a shell prompt or a status bar")]
    Next(NextArgs),

    /// The history of your own typed answers to one question.
    #[command(after_help = "Examples:\n  prepdrill answers threat-model-mvp")]
    Answers(AnswersArgs),

    /// Fit the memory model to your own reviews (FSRS-6 weights, as Anki's "Optimize").
    ///
    /// The fit is compared with the weights in use on reviews it was not fitted on (a time-series
    /// split: fitted on your earlier reviews, scored on your later ones), and kept only when it
    /// predicts them better. Kept weights go in the settings (`fsrs-parameters`); the schedule,
    /// the interview planner, `plan`, `stats` and the study sheet then use them.
    ///
    /// It needs 50 reviews made on a later day than the question's previous one. Under 1,000, only
    /// a few weights move, held near FSRS-6's defaults: how fast you forget (the decay), how much
    /// a recalled answer strengthens memory and, from 150, how long a first answer lasts. From
    /// 1,000, all 21 are fitted, as Anki fits them.
    #[command(after_help = "\
Examples:
  prepdrill optimize
  prepdrill optimize --json
  prepdrill config unset fsrs-parameters     back to FSRS-6's defaults
  prepdrill config set auto-optimize off     no refits at the end of a drill

Log loss and RMSE (bins) measure how well the weights predict whether you recall an answer:
lower is better.")]
    Optimize(JsonArg),

    /// Read and change settings.
    #[command(
        subcommand,
        after_help = "\
Examples:
  prepdrill config list
  prepdrill config set desired-retention 0.92
  prepdrill config set interview-date 2026-12-10
  prepdrill config set interview-date 2026-12-18 --deck backend
  prepdrill config unset interview-date"
    )]
    Config(ConfigCommand),

    /// Inspect, merge, rebuild or reset the progress file.
    #[command(subcommand)]
    Progress(ProgressCommand),

    /// Write a markdown study sheet of the bank and your progress.
    #[command(after_help = "\
Examples:
  prepdrill export -o sheet.md
  prepdrill export --tag secrets --no-answers -o practice.md
  prepdrill export --weakest 5 --order weakest
  prepdrill export --group-by tag --no-answers --key-points -o practice.md
  prepdrill export --mine-only -o my-stories.md your own answers only
  prepdrill export --format csv -o bank.csv    for a spreadsheet; `import` reads it back
  prepdrill export --format anki -o bank.txt   for Anki's File > Import; `import` reads it back
  prepdrill export --format html -o sheet.html print it from a browser: a question never splits
  pandoc -f gfm sheet.md -o sheet.html         the sheet's title and date are pandoc metadata")]
    Export(ExportArgs),

    /// Turn an interview-question page or a CSV table into a bank file that passes `check`.
    ///
    /// A page is text in the layout common on interview-prep sites: the questions listed, then for
    /// each one the question, an "Employers ask this question…" note, an "Answer Example: "…""
    /// line and a separator. Questions, notes and answers are copied verbatim; ids, categories,
    /// tags and key points are derived, and the key points are marked as drafts to edit. A CSV
    /// table is what `export --format csv` writes, or any table with question, why and answer
    /// columns. Nothing is written if any part cannot be read; each such part is reported with
    /// its line.
    #[command(after_help = "\
Examples:
  prepdrill import page.txt -o frontend.yaml
  prepdrill import page.txt --deck frontend-engineer --title \"Frontend Engineer Interview\"
  prepdrill export --format csv -o bank.csv    edit it in a spreadsheet, then
  prepdrill import bank.csv -o bank.yaml --force
  prepdrill check bank.yaml && prepdrill --bank bank.yaml")]
    Import(ImportArgs),

    /// Print a shell completion script that completes ids, tags and settings as you type.
    /// The same script comes from `PREPDRILL_COMPLETE=SHELL prepdrill`; it calls prepdrill back, so load
    /// it anew in each shell rather than saving it.
    #[command(after_help = "\
Examples:
  echo 'source <(prepdrill completions bash)' >> ~/.bashrc
  echo 'source <(prepdrill completions zsh)' >> ~/.zshrc
  echo 'prepdrill completions fish | source' >> ~/.config/fish/config.fish")]
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },

    /// Print the man page in roff, or write a page per subcommand into a directory.
    #[command(after_help = "\
Examples:
  prepdrill man | man -l -
  prepdrill man --install                        then `man prepdrill-drill`
  prepdrill man --dir ~/man/man1                 anywhere; add ~/man to MANPATH")]
    #[command(group(clap::ArgGroup::new("target").args(["dir", "install"])))]
    Man {
        /// Write prepdrill.1 and a page per subcommand (prepdrill-drill.1, ...) into DIR.
        #[arg(long = "dir", value_name = "DIR", value_hint = clap::ValueHint::DirPath)]
        dir: Option<PathBuf>,
        /// Write the pages where man looks for your own (the first MANPATH directory in your
        /// home, else $XDG_DATA_HOME/man, else ~/.local/share/man), then check that
        /// `man prepdrill-drill` finds them, or say which MANPATH line to add.
        #[arg(long = "install", conflicts_with = "dir")]
        install: bool,
        /// With --dir or --install, replace pages edited by hand since prepdrill wrote them.
        #[arg(long = "force", requires = "target")]
        force: bool,
    },
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

#[derive(Debug, Args)]
pub struct NextArgs {
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

#[derive(Debug, Args, Default)]
pub struct JsonArg {
    /// Print JSON for scripts.
    #[arg(long = "json")]
    pub json: bool,
}

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
pub struct AnswersArgs {
    /// Question id, unique id prefix, or `deck/id`.
    #[arg(add = ArgValueCompleter::new(complete::ids))]
    pub id: String,
    /// Print JSON for scripts.
    #[arg(long = "json")]
    pub json: bool,
}

#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// Print one setting.
    Get {
        #[arg(add = ArgValueCandidates::new(complete::config_keys))]
        key: String,
        /// The value in force for this deck (its slug, the bank's `deck:`).
        #[arg(long = "deck", value_name = "DECK")]
        deck: Option<String>,
    },
    /// Change one setting.
    #[command(after_help = crate::store::config::keys_help())]
    Set {
        #[arg(add = ArgValueCandidates::new(complete::config_keys))]
        key: String,
        value: String,
        /// Set it for this deck alone (its slug, the bank's `deck:`). Only the interview's date
        /// and time can be, so that each role's deck plans toward its own interview.
        #[arg(long = "deck", value_name = "DECK")]
        deck: Option<String>,
    },
    /// Return one setting to its default.
    Unset {
        #[arg(add = ArgValueCandidates::new(complete::config_keys))]
        key: String,
        /// Return this deck to the setting every deck shares.
        #[arg(long = "deck", value_name = "DECK")]
        deck: Option<String>,
    },
    /// Print every setting with its value.
    List,
}

#[derive(Debug, Subcommand)]
pub enum ProgressCommand {
    /// Print the progress file's path.
    Path,
    /// Merge another progress file into this one (union of reviews), e.g. from another machine.
    ///
    /// The result does not depend on which file is which, and merging twice changes nothing.
    /// Reviews undone or reset on either side stay removed. A review dated a little after this
    /// machine's clock is kept (clocks drift); one dated more than a year ahead is refused with a
    /// warning.
    #[command(after_help = "Examples:
  prepdrill progress merge ~/Sync/laptop/progress.json
  prepdrill --data-dir /tmp/copy progress merge ~/.local/share/prepdrill/progress.json")]
    Merge {
        /// The other progress file.
        file: PathBuf,
    },
    /// Re-derive every card's state from the review log.
    Rebuild,
    /// Fold the journal of recent changes into a new snapshot of the progress file.
    ///
    /// Each review, undo, reset or merge is appended to progress.journal beside progress.json;
    /// prepdrill folds it in by itself once it grows, so this is only needed to get one
    /// self-contained file (to copy it, or to read it with another tool). A version-1 file is
    /// backed up to progress.v1.json.bak before it is first rewritten.
    #[command(after_help = "Examples:
  prepdrill progress compact
  prepdrill --data-dir ~/Sync/prepdrill progress compact")]
    Compact,
    /// List reviewed questions that are no longer in the bank; they apply again if it returns.
    Orphans {
        /// Print JSON for scripts.
        #[arg(long = "json")]
        json: bool,
    },
    /// Forget progress: of one question, or of everything.
    Reset {
        /// Only this question.
        #[arg(add = ArgValueCompleter::new(complete::ids))]
        id: Option<String>,
        /// Confirm; nothing is deleted without it.
        #[arg(long = "yes")]
        yes: bool,
    },
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

/// What `import` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ImportFormat {
    /// A page in the common interview-prep layout.
    Page,
    /// A CSV (or tab- or semicolon-separated) table with a header row or Anki's file headers.
    Csv,
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

/// How the study sheet groups questions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportGroup {
    Tag,
    Category,
}

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

/// Prints clap's error and exits as clap would; when the options refused are the drill's, given
/// before any command (`prepdrill --minutes 6`), says where they go: `prepdrill` alone drills,
/// so a candidate may expect its options to work there too.
pub fn exit_with_hint(error: &clap::Error) -> ! {
    use clap::Parser as _;
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let unknown = error.kind() == clap::error::ErrorKind::UnknownArgument;
    let refused = match error.get(clap::error::ContextKind::InvalidArg) {
        Some(clap::error::ContextValue::String(arg)) => arg.clone(),
        _ => String::new(),
    };
    let name = refused.split('=').next().unwrap_or_default();
    let first_flag = args.iter().skip(1).position(|a| {
        a.to_str()
            .is_some_and(|a| a.split('=').next() == Some(name))
    });
    if let (true, Some(at)) = (unknown, first_flag) {
        let mut as_drill = args.clone();
        as_drill.insert(at + 1, "drill".into());
        if Cli::try_parse_from(&as_drill).is_ok() {
            let line: Vec<String> = as_drill
                .iter()
                .skip(1)
                .map(|a| a.to_string_lossy().into_owned())
                .collect();
            let _ = error.print();
            eprintln!(
                "\nhint: the drill's options go after `drill`: prepdrill {}",
                line.join(" ")
            );
            std::process::exit(2);
        }
    }
    error.exit()
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_is_well_formed() {
        Cli::command().debug_assert();
    }

    /// Every `--tag` completes tags and every question id completes ids, in commands added later too.
    #[test]
    fn tags_and_ids_complete_everywhere() {
        fn walk(command: &clap::Command, found: &mut usize) {
            for arg in command.get_arguments() {
                let name = arg
                    .get_value_names()
                    .and_then(|v| v.first())
                    .map(ToString::to_string);
                match name.as_deref() {
                    Some("TAG") => {
                        assert!(
                            arg.get::<ArgValueCandidates>().is_some(),
                            "{} --tag does not complete",
                            command.get_name()
                        );
                        *found += 1;
                    }
                    Some("ID") => {
                        assert!(
                            arg.get::<ArgValueCompleter>().is_some(),
                            "{} ID does not complete",
                            command.get_name()
                        );
                        *found += 1;
                    }
                    _ => {}
                }
            }
            for sub in command.get_subcommands() {
                walk(sub, found);
            }
        }
        let mut found = 0;
        walk(&Cli::command(), &mut found);
        assert!(found >= 8, "only {found} tag and id arguments seen");
    }
}
