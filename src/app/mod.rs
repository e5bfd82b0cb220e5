//! One function per command: load what it needs, ask the core, then print or save.

mod assess;
mod check;
pub mod complete;
mod drill;
mod export;
mod import;
mod loaded;
mod man;
mod man_install;
mod mock;
mod my_answer;
mod optimize;
mod output;
mod plan;
mod progress;
mod round;
mod search;

use std::fmt::Write as _;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context as _, bail};

use crate::cli::{Cli, Command, DrillArgs, ListArgs, ShowArgs};
use crate::core::bank::{Bank, Card, Category};
use crate::core::deadline::Interviews;
use crate::core::own_answers::OwnAnswers;
use crate::core::progress::Progress;
use crate::core::schedule::CardState;
use crate::core::schedule::Scheduler;
use crate::core::stats::Now;
use crate::core::zone::{Offsets, Zone};
use crate::store::bank_file::{BankError, BankSource, load_bank};
use crate::store::config::Config;
use crate::store::own_answers_file::OwnAnswersFile;
use crate::store::paths::Paths;
use crate::store::progress_file::ProgressFile;
use crate::ui::json::{self, ProgressJson, QuestionJson, TagCountJson};
use crate::ui::lookup::{self, Layout};
use crate::ui::report;
use crate::ui::style::Painter;

/// What every command shares: where files live, which banks to load, how to draw.
pub struct Context {
    pub paths: Paths,
    pub sources: Vec<BankSource>,
    pub layout: Layout,
    /// The clock, read once here at the edge.
    pub now: Now,
    /// `prepdrill` with the options in force given on the command line (`--bank`,
    /// `--data-dir`), so that advice pasted from the output does what it says.
    pub invocation: String,
}

/// `prepdrill` and the options given that advice must repeat, quoted for a POSIX shell.
fn invocation(global: &crate::cli::GlobalArgs) -> String {
    let mut words = vec!["prepdrill".to_string()];
    for bank in &global.bank {
        words.push("--bank".into());
        words.push(shell_word(&bank.to_string_lossy()));
    }
    if let Some(dir) = &global.data_dir {
        words.push("--data-dir".into());
        words.push(shell_word(&dir.to_string_lossy()));
    }
    words.join(" ")
}

/// `text` as one word for a POSIX shell: as it is when that is safe, else in single quotes.
pub(crate) fn shell_word(text: &str) -> String {
    let safe = !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./,:@%+=".contains(c));
    if safe {
        text.to_string()
    } else {
        format!("'{}'", text.replace('\'', "'\\''"))
    }
}

impl Context {
    fn new(cli: &Cli) -> anyhow::Result<Self> {
        let env_data_dir = std::env::var_os("PREPDRILL_DATA_DIR")
            .filter(|v| !v.is_empty())
            .map(PathBuf::from);
        let paths = Paths::resolve(cli.global.data_dir.as_deref().or(env_data_dir.as_deref()))?;
        let sources = bank_sources(cli.global.bank.clone());
        let stdout = std::io::stdout();
        let no_color = std::env::var("NO_COLOR").ok();
        let painter = Painter {
            enabled: cli
                .global
                .color
                .enabled(stdout.is_terminal(), no_color.as_deref()),
        };
        // crossterm drops colours (not bold or dim) by itself when NO_COLOR is set; once the
        // choice is made here, an explicit `--color always` must win whole.
        crossterm::style::force_color_output(painter.enabled);
        Ok(Context {
            now: read_clock()?,
            invocation: invocation(&cli.global),
            paths,
            sources,
            layout: Layout {
                width: output_width(stdout.is_terminal()),
                painter,
            },
        })
    }

    /// A command to suggest, `rest` after `prepdrill` and the options in force:
    /// `prepdrill --bank backend.yaml drill --misses`.
    pub fn advice(&self, rest: &str) -> String {
        if rest.is_empty() {
            self.invocation.clone()
        } else {
            format!("{} {rest}", self.invocation)
        }
    }

    /// The clock read again, for a stamp that must say when something happened after a wait
    /// (an editor closing); `PREPDRILL_NOW` still pins it.
    pub fn now_again(&self) -> anyhow::Result<chrono::DateTime<chrono::Utc>> {
        Ok(read_clock()?.at)
    }

    pub fn bank(&self) -> anyhow::Result<Bank> {
        load_bank(&self.sources, self.paths.cache_dir.as_deref()).map_err(bank_errors)
    }

    /// The bank for a command about the one question `query` names: that question alone when
    /// the bank files' indexes are current (no parse of the bank), else the whole bank. Either
    /// way `resolve(query)` on it finds the same question, or fails with the same error.
    pub fn bank_for(&self, query: &str) -> anyhow::Result<Bank> {
        let cache_dir = self.paths.cache_dir.as_deref();
        match crate::store::bank_lookup::one_question(&self.sources, cache_dir, query) {
            Some(found) => Ok(found?),
            None => self.bank(),
        }
    }

    pub fn config(&self) -> anyhow::Result<Config> {
        Config::load(&self.paths.config_file)
    }

    /// The interview each deck plans toward: its own, else the one set for all.
    pub fn interviews(&self, config: &Config) -> Interviews {
        config.interviews(self.now.zone)
    }

    pub fn scheduler(&self, config: &Config) -> Scheduler {
        Scheduler::new(config.scheduler_settings())
    }

    /// The progress file, its reviews checked against now, refusals reported on stderr.
    pub fn progress_file(&self) -> ProgressFile {
        ProgressFile::new(self.paths.progress_file())
            .checked_at(self.now.at)
            .warn_with(Some(warn))
    }

    /// The progress file read for display: no lock, no write.
    /// The candidate's own answers, for display: a file that cannot be read is a warning here,
    /// not a failure, as the question itself can still be shown.
    pub fn own_answers(&self) -> OwnAnswers {
        OwnAnswersFile::beside(&self.paths.progress_file())
            .load()
            .unwrap_or_else(|error| {
                warn(&format!("your own answers are left out: {error}"));
                OwnAnswers::default()
            })
    }

    pub fn progress(&self, scheduler: &Scheduler) -> anyhow::Result<Progress> {
        Ok(self.progress_file().load(scheduler)?)
    }
}

/// The banks to load: `--bank` paths, else those `PREPDRILL_BANK` names, else the built-in bank.
fn bank_sources(mut bank_paths: Vec<PathBuf>) -> Vec<BankSource> {
    if bank_paths.is_empty()
        && let Some(value) = std::env::var_os("PREPDRILL_BANK").filter(|v| !v.is_empty())
    {
        bank_paths = std::env::split_paths(&value).collect();
    }
    if bank_paths.is_empty() {
        vec![BankSource::BuiltIn]
    } else {
        bank_paths.into_iter().map(BankSource::Path).collect()
    }
}

/// Now, in the local zone. `PREPDRILL_NOW` (RFC 3339) pins it, for reproducible output and tests.
fn read_clock() -> anyhow::Result<Now> {
    let at = match std::env::var("PREPDRILL_NOW") {
        Ok(value) if !value.is_empty() => chrono::DateTime::parse_from_rfc3339(&value)
            .with_context(|| format!("PREPDRILL_NOW=`{value}` is not an RFC 3339 instant"))?
            .with_timezone(&chrono::Utc),
        _ => chrono::Utc::now(),
    };
    Ok(Now {
        at,
        zone: Zone::rules(&LocalZone),
    })
}

/// The system's zone (`TZ`, else `/etc/localtime`), daylight saving included: the core asks it
/// for the offset of each instant it words, so a date across a clock change reads right.
struct LocalZone;

impl Offsets for LocalZone {
    fn offset_at(&self, at: chrono::DateTime<chrono::Utc>) -> chrono::FixedOffset {
        use chrono::Offset as _;
        at.with_timezone(&chrono::Local).offset().fix()
    }
}

/// On a terminal, its width, else `COLUMNS`, else 80, capped so prose stays readable. Off a
/// terminal, none: output that goes into a pipe or a file is never cut or wrapped.
fn output_width(is_terminal: bool) -> Option<usize> {
    if !is_terminal {
        return None;
    }
    let from_terminal = crossterm::terminal::size()
        .ok()
        .map(|(w, _)| usize::from(w))
        .filter(|&w| w > 0);
    let from_env = || std::env::var("COLUMNS").ok()?.parse::<usize>().ok();
    Some(from_terminal.or_else(from_env).unwrap_or(80).clamp(20, 120))
}

/// Every bank error, one after another, as a single error.
#[allow(clippy::needless_pass_by_value)] // shaped for `map_err`
pub(crate) fn bank_errors(errors: Vec<BankError>) -> anyhow::Error {
    let text = errors
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n");
    anyhow::anyhow!(text)
}

/// A warning on stderr, neutralised: it can quote what a file holds.
pub fn warn(message: &str) {
    crate::ui::stderr::line(&format!("prepdrill: warning: {message}"));
}

/// Whether the error is a write to a closed pipe.
pub fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

/// Writes to stdout, returning rather than panicking when the pipe is closed.
pub fn print(text: &str) -> anyhow::Result<()> {
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(text.as_bytes())?;
    stdout.flush()?;
    Ok(())
}

/// Writes a document (a sheet, a table, a bank) to stdout: byte-exact into a pipe or file, and
/// with control characters neutralised on a terminal, where a bank's text could otherwise write
/// the clipboard (OSC 52), retitle the window or reorder what is shown.
pub fn print_document(text: &str) -> anyhow::Result<()> {
    if std::io::stdout().is_terminal() {
        print(&crate::ui::text::sanitize(text))
    } else {
        print(text)
    }
}

pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let context = Context::new(&cli)?;
    run_command(&context, cli.command).map_err(|error| context.advise_in(error))
}

impl Context {
    /// An error whose hints name commands (`` `prepdrill list` ``, written where no context is at
    /// hand, as in the core's lookup errors) with the options in force put in, so that the hint
    /// pasted does what it says. Without such options the error is returned as it is.
    fn advise_in(&self, error: anyhow::Error) -> anyhow::Error {
        if self.invocation == "prepdrill" || is_broken_pipe(&error) {
            return error;
        }
        anyhow::anyhow!(advise_in_text(&format!("{error:#}"), &self.invocation))
    }
}

/// `text` with each `` `prepdrill`` command that does not carry the options in force (the
/// rest of `invocation`) given them.
fn advise_in_text(text: &str, invocation: &str) -> String {
    const BARE: &str = "`prepdrill";
    let options = invocation.trim_start_matches("prepdrill");
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(BARE) {
        let after = &rest[at + BARE.len()..];
        out.push_str(&rest[..at + BARE.len()]);
        let a_command = after.starts_with('`') || after.starts_with(' ');
        if a_command && !after.starts_with(options) {
            out.push_str(options);
        }
        rest = after;
    }
    out.push_str(rest);
    out
}

fn run_command(context: &Context, command: Option<Command>) -> anyhow::Result<ExitCode> {
    match command {
        None => drill::drill(context, &DrillArgs::default()),
        Some(Command::Drill(args)) => drill::drill(context, &args),
        Some(Command::Mock(args)) => mock::mock(context, &args),
        Some(Command::MyAnswer(args)) => my_answer::my_answer(context, &args),
        Some(Command::Show(args)) => show(context, &args),
        Some(Command::Assess(args)) => assess::assess(context, &args),
        Some(Command::List(args)) => list(context, &args),
        Some(Command::Tags(args)) => tags(context, args.json),
        Some(Command::Search(args)) => search::search(context, &args),
        Some(Command::Check(args)) => check::check(context, &args),
        Some(Command::Completions { shell }) => completions(shell),
        Some(Command::Man {
            dir: _,
            install: true,
            force,
        }) => man_install::install(force),
        Some(Command::Man { dir, force, .. }) => man::man(dir.as_deref(), force),
        Some(Command::Rate(args)) => progress::rate(context, &args),
        Some(Command::Due(args)) => progress::due(context, &args),
        Some(Command::Stats(args)) => progress::stats(context, args.json),
        Some(Command::Plan(args)) => plan::plan(context, &args),
        Some(Command::Next(args)) => plan::next(context, &args),
        Some(Command::Answers(args)) => progress::answers(context, &args),
        Some(Command::Optimize(args)) => optimize::optimize(context, args.json),
        Some(Command::Config(command)) => progress::config(context, command),
        Some(Command::Progress(command)) => progress::progress(context, command),
        Some(Command::Export(args)) => export::export(context, &args),
        Some(Command::Import(args)) => import::import(context, &args),
    }
}

fn show(context: &Context, args: &ShowArgs) -> anyhow::Result<ExitCode> {
    let bank = match &args.query {
        Some(query) => context.bank_for(query)?,
        None => context.bank()?,
    };
    let with_answer = !args.no_answers;
    let cards: Vec<Card<'_>> = match (&args.query, &args.tag) {
        (Some(query), _) => vec![bank.resolve(query)?],
        (None, Some(tag)) => bank.tagged(tag)?,
        (None, None) => {
            let run = context.advice("");
            bail!(
                "show needs a question id or a tag\n\
                 hint: `{run} show threat-model-mvp` (an id or a unique prefix of one), or \
                 `{run} show --tag secrets`; `{run} list` shows every id"
            )
        }
    };
    if cards.len() > 1 && !args.all && !args.json {
        return list_tagged(context, &cards, args.tag.as_deref().unwrap_or_default());
    }
    let standings = shown_standings(context, &cards, args)?;
    // A quiz (--no-answers) hides the candidate's own answer with the sample.
    let own = if with_answer {
        context.own_answers()
    } else {
        OwnAnswers::default()
    };
    if args.json {
        let views: Vec<QuestionJson<'_>> = cards
            .iter()
            .zip(&standings)
            .map(|(&card, standing)| {
                let mut view = QuestionJson::new(card, with_answer);
                view.progress = standing
                    .as_ref()
                    .map(|(state, recall)| ProgressJson::new(state, *recall));
                view.my_answer = own.get(&card.key());
                view
            })
            .collect();
        match (args.query.is_some(), views.as_slice()) {
            (true, [one]) => print(&json::to_string(one)?)?,
            _ => print(&json::to_string(&views)?)?,
        }
        return Ok(ExitCode::SUCCESS);
    }
    let interviews = context.interviews(&context.config()?);
    let text = cards
        .iter()
        .zip(&standings)
        .map(|(&card, standing)| {
            let interview = interviews.of(&card.deck.deck);
            let extra: Vec<String> = standing
                .iter()
                .map(|(state, recall)| report::standing(state, *recall, context.now, interview))
                .collect();
            let mut text = lookup::card(card, with_answer, &extra, context.layout);
            if let Some(mine) = own.get(&card.key()) {
                text.push_str(&crate::ui::own_answer::section(mine, context.layout));
            }
            text
        })
        .collect::<Vec<_>>()
        .join("\n");
    print(&text)?;
    Ok(ExitCode::SUCCESS)
}

/// `show --tag` without `--all`: the tagged questions listed, with how to see them in full.
fn list_tagged(context: &Context, cards: &[Card<'_>], tag: &str) -> anyhow::Result<ExitCode> {
    let mut text = lookup::list(cards.iter().copied(), context.layout);
    let hint = format!(
        "{} questions are tagged `{tag}`. Run `{}` for one, or add --all to see them in full.",
        cards.len(),
        context.advice("show ID")
    );
    // The hint is for people; a pipe gets the list alone.
    if context.layout.width.is_some() {
        text.push('\n');
        for line in context.layout.wrap(&hint, "") {
            let _ = writeln!(text, "{line}");
        }
    } else {
        crate::ui::stderr::line(&hint);
    }
    print(&text)?;
    Ok(ExitCode::SUCCESS)
}

/// What `show` says of each card's progress: none with `--no-progress`, and none (with a
/// warning) when the text view cannot read it.
fn shown_standings(
    context: &Context,
    cards: &[Card<'_>],
    args: &ShowArgs,
) -> anyhow::Result<Vec<Option<(CardState, f64)>>> {
    if args.no_progress {
        return Ok(vec![None; cards.len()]);
    }
    match standings(context, cards) {
        Ok(found) => Ok(found.into_iter().map(Some).collect()),
        // JSON promises progress; text can still show the question, which is what was asked.
        Err(error) if !args.json => {
            crate::ui::stderr::line(&format!(
                "prepdrill: warning: showing the question without progress: {error:#}"
            ));
            Ok(vec![None; cards.len()])
        }
        Err(error) => Err(error),
    }
}

/// Each card's state and predicted recall now.
fn standings(context: &Context, cards: &[Card<'_>]) -> anyhow::Result<Vec<(CardState, f64)>> {
    let scheduler = context.settings_scheduler()?;
    // One card: its cached state, found without reading the whole log when the files allow.
    if let [card] = cards
        && let Some(cached) = context.progress_file().card_state(&card.key())
    {
        let state = cached.unwrap_or_else(|| CardState::new_card(context.now.at));
        let recall = scheduler.retrievability(&state, context.now.at);
        return Ok(vec![(state, recall)]);
    }
    let progress = context.progress(&scheduler)?;
    Ok(cards
        .iter()
        .map(|card| {
            let state = progress.card(&card.key(), context.now.at);
            let recall = scheduler.retrievability(&state, context.now.at);
            (state, recall)
        })
        .collect())
}

/// Cards matching any of `tags` (all when empty) and the category, if given.
/// An unknown tag is an error that suggests the closest ones.
pub fn filter_cards<'a>(
    bank: &'a Bank,
    tags: &[String],
    category: Option<Category>,
) -> anyhow::Result<Vec<Card<'a>>> {
    for tag in tags {
        bank.tagged(tag)?;
    }
    Ok(bank
        .cards()
        .filter(|c| tags.is_empty() || c.question.tags.iter().any(|t| tags.contains(t)))
        .filter(|c| category.is_none_or(|wanted| c.question.category == wanted))
        .collect())
}

fn list(context: &Context, args: &ListArgs) -> anyhow::Result<ExitCode> {
    let bank = context.bank()?;
    let cards = filter_cards(&bank, &args.tags, args.category)?;
    if args.json {
        let views = with_progress(context, &cards, true)?;
        print(&json::to_string(&views)?)?;
    } else {
        print(&lookup::list(cards, context.layout))?;
    }
    Ok(ExitCode::SUCCESS)
}

/// JSON views of cards, each with its progress.
fn with_progress<'a>(
    context: &Context,
    cards: &[Card<'a>],
    with_answer: bool,
) -> anyhow::Result<Vec<QuestionJson<'a>>> {
    Ok(cards
        .iter()
        .zip(standings(context, cards)?)
        .map(|(&card, (state, recall))| {
            let mut view = QuestionJson::new(card, with_answer);
            view.progress = Some(ProgressJson::new(&state, recall));
            view
        })
        .collect())
}

fn tags(context: &Context, as_json: bool) -> anyhow::Result<ExitCode> {
    let bank = context.bank()?;
    let counts = bank.tag_counts();
    if as_json {
        let rows: Vec<TagCountJson<'_>> = counts
            .iter()
            .map(|(tag, &count)| TagCountJson { count, tag })
            .collect();
        print(&json::to_string(&rows)?)?;
    } else {
        print(&lookup::tags(counts, context.layout))?;
    }
    Ok(ExitCode::SUCCESS)
}

/// The shell's registration script for the dynamic engine: the same text
/// `PREPDRILL_COMPLETE=SHELL prepdrill` prints, calling this binary back as you type.
fn completions(shell: clap_complete::Shell) -> anyhow::Result<ExitCode> {
    let Some(script) = complete::registration(&shell.to_string()) else {
        bail!("no completion for {shell}; use bash, zsh, fish, elvish or powershell");
    };
    print(&script)?;
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::advise_in_text;

    #[test]
    fn hints_in_errors_carry_the_options_once() {
        let run = "prepdrill --bank 'my bank.yaml'";
        let case = |text: &str, expected: &str| assert_eq!(advise_in_text(text, run), expected);
        case(
            "hint: `prepdrill list` shows every id; `prepdrill tags`",
            "hint: `prepdrill --bank 'my bank.yaml' list` shows every id; `prepdrill --bank 'my bank.yaml' tags`",
        );
        case("run `prepdrill`", "run `prepdrill --bank 'my bank.yaml'`");
        // Already carrying them, or not a command: left alone.
        case(
            "`prepdrill --bank 'my bank.yaml' tags`",
            "`prepdrill --bank 'my bank.yaml' tags`",
        );
        case(
            "`prepdrill-answer-x`, prepdrill list",
            "`prepdrill-answer-x`, prepdrill list",
        );
        assert_eq!(
            advise_in_text("`prepdrill list`", "prepdrill"),
            "`prepdrill list`"
        );
    }
}
