//! The command line, as clap derive types with their help text. No logic lives here.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::ui::style::ColorChoice;

mod browse;
mod manage;
pub mod narrow;
mod practice;
mod transfer;
mod values;

pub use browse::{
    AssessArgs, CheckArgs, DueArgs, JsonArg, ListArgs, PlanArgs, SearchArgs, ShowArgs,
};
pub use manage::{ConfigCommand, ProgressCommand};
pub use practice::{AnswersArgs, DrillArgs, MockArgs, MyAnswerArgs, NextArgs, RateArgs};
pub use transfer::{ExportArgs, ExportFormat, ExportGroup, ExportOrder, ImportArgs, ImportFormat};

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
    use clap_complete::{ArgValueCandidates, ArgValueCompleter};

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
