//! Commands over progress and settings: rate, due, stats, answers, config, progress.

use crate::core::words::counted;
use std::fmt::Write as _;
use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context as _, bail};
use chrono::{DateTime, Utc};

use super::{Context, print};
use crate::cli::{AnswersArgs, ConfigCommand, DueArgs, ProgressCommand, RateArgs};
use crate::core::mock_history::past_rounds;
use crate::core::progress::{FUTURE_SLACK_MINUTES, Review, ReviewError, check_review};
use crate::core::schedule::Scheduler;
use crate::core::stats::{self, Now};
use crate::core::when::{self, When};
use crate::core::words;
use crate::store::config::{Config, Key};
use crate::store::own_answers_file::OwnAnswersFile;
use crate::store::progress_file::ProgressFile;
use crate::ui::json;
use crate::ui::mock_view::render_history;
use crate::ui::report;
use crate::ui::style::Role;
use crate::ui::table::{Column, Table};

/// A fresh random review id. 64 bits keep a collision between two machines' logs below one in
/// ten million even at a million reviews, and keep the log compact.
pub fn new_review_id() -> String {
    format!("{:016x}", rand::random::<u64>())
}

pub fn rate(context: &Context, args: &RateArgs) -> anyhow::Result<ExitCode> {
    let bank = context.bank_for(&args.id)?;
    let card = bank.resolve(&args.id)?;
    let scheduler = context.settings_scheduler()?;
    let now = context.now;
    let given = match &args.at {
        Some(text) => Some(
            when::parse(text, now.at, now.zone)
                .context("--at")?
                .review_instant(now.at, now.zone),
        ),
        None => None,
    };
    if let Some(at) = given
        && at > context.now.at + chrono::Duration::minutes(FUTURE_SLACK_MINUTES)
    {
        bail!(
            "--at {} is in the future; a review is recorded when it happened\n\
             hint: leave --at out for now, or give a past time such as yesterday or -2h",
            json::rfc3339(at)
        );
    }
    // clap keeps --duration within 0..=86400 (cli::answer_seconds).
    let duration_ms = match args.duration {
        Some(secs) => (secs * 1000.0).round() as u64,
        None => 0,
    };
    let key = card.key();
    let review = Review {
        id: new_review_id(),
        card: key.clone(),
        at: given.unwrap_or(context.now.at),
        rating: args.rating,
        duration_ms,
        timed_out: duration_ms > u64::from(card.answer_time_secs()) * 1000,
        typed_answer: None,
        cram: false,
        mock: false,
        round: None,
        extra: std::collections::BTreeMap::new(),
    };
    if given.is_some() {
        check_review(&review, context.now.at).map_err(|e| match e {
            ReviewError::Invalid { reason, .. } => {
                anyhow::anyhow!("--at {}: {reason}", text_of(args.at.as_ref()))
            }
        })?;
    }
    // Without --at the review is stamped now, read only once the lock is held, and never
    // before the card's last review: a grade from another terminal a moment ago stays first.
    let clock = || clock_under_lock(context);
    let (review, state) = context.progress_file().record(
        &scheduler,
        &mut crate::store::lock::stderr_waiter(),
        review,
        given
            .is_none()
            .then_some(&clock as &dyn Fn() -> DateTime<Utc>),
    )?;
    let at = review.at;
    // Echo how a forgiving --at was read, so "2026-11-20" or "-2d" is never a guess.
    let when = if args.at.is_some() {
        format!(" at {}", now.zone.local(at).format("%Y-%m-%d %H:%M"))
    } else {
        String::new()
    };
    // Before the card's interview the drill, not the schedule, picks when it comes back.
    let interview = context.interviews(&context.config()?).of(key.deck());
    let next = words::before_interview(state.due, at, context.now, interview)
        .unwrap_or_else(|| format!("next due {}", words::due(state.due, context.now)));
    print(&format!(
        "Recorded {} for {}{when}; {next}.\n",
        args.rating.as_str(),
        key.id(),
    ))?;
    Ok(ExitCode::SUCCESS)
}

fn text_of(at: Option<&String>) -> &str {
    at.map_or("", String::as_str)
}

/// Now, read again: `PREPDRILL_NOW` when it pins the clock, else the wall clock.
fn clock_under_lock(context: &Context) -> DateTime<Utc> {
    if std::env::var_os("PREPDRILL_NOW").is_some_and(|v| !v.is_empty()) {
        context.now.at
    } else {
        Utc::now()
    }
}

pub fn due(context: &Context, args: &DueArgs) -> anyhow::Result<ExitCode> {
    let loaded = context.load()?;
    let (known, bank, progress) = (loaded.snapshot(), &loaded.bank, &loaded.progress);
    let now = context.now;
    let until = match &args.on {
        Some(text) => when::parse(text, now.at, now.zone)
            .context("--on")?
            .until(now.zone),
        None => now.at,
    };
    let due = stats::due(known, until);
    if args.json {
        let rows: Vec<json::DueJson<'_>> = due.iter().map(json::DueJson::new).collect();
        print(&json::to_string(&rows)?)?;
    } else {
        let new = bank
            .cards()
            .filter(|c| !progress.cards.contains_key(&c.key()))
            .count();
        let upcoming = known.upcoming();
        let label = match upcoming {
            Some(_) if known.each_deck => "recall on its deck's day".to_string(),
            Some(interview) => format!("recall on {}", interview.day),
            None => "recall now".to_string(),
        };
        if upcoming.is_some() && args.on.is_none() {
            let today = super::plan::today(&loaded.config, known);
            print(&report::due_toward(
                &today,
                bank,
                &due,
                now,
                &label,
                context.layout,
                &context.advice(""),
            ))?;
        } else {
            // Due now, without a date: what the drill takes today, as stats and next say it.
            let today = args
                .on
                .is_none()
                .then(|| super::plan::today(&loaded.config, known));
            let mut text = report::due(&due, new, today.as_ref(), now, &label, context.layout);
            if let Some(today) = &today {
                let line = report::today_line(today, now, &context.advice(""));
                text = format!("{}\n{line}\n", text.trim_end());
            }
            print(&text)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub fn stats(context: &Context, as_json: bool) -> anyhow::Result<ExitCode> {
    let loaded = context.load()?;
    let (known, config) = (loaded.snapshot(), &loaded.config);
    let stats = stats::stats(known);
    let outlook = super::plan::forecast(config, known, config.session_minutes(), false);
    let rounds = past_rounds(&loaded.progress.reviews);
    let decks = super::plan::deck_outlooks(context, config, known, config.session_minutes(), false);
    if as_json {
        let view = json::StatsJson {
            stats: &stats,
            readiness: outlook
                .as_ref()
                .map(|o| json::OutlookJson::new(o, context.now)),
            mock_rounds: &rounds,
            decks: decks
                .iter()
                .map(|(deck, outlook)| json::DeckOutlookJson::new(deck, outlook, context.now))
                .collect(),
        };
        print(&json::to_sorted_string(&view)?)?;
    } else {
        let mut text = report::stats(&stats, context.now, context.layout);
        // With dates per deck, each deck's readiness line (below) stands for the whole.
        if let Some(outlook) = outlook.as_ref().filter(|_| decks.is_empty()) {
            text = format!(
                "{}\n{text}",
                report::readiness_line(outlook, &context.advice(""))
            );
        }
        if let Some(passed) = super::plan::interview_passed(context, known) {
            text = format!("{passed}\n{text}");
        }
        let mut each = String::new();
        for (deck, outlook) in &decks {
            let said = match outlook {
                Ok(o) => format!(
                    "{}: {}",
                    words::interview_in(o.interview, context.now),
                    report::readiness_line(o, &context.advice(""))
                ),
                Err(why) => why.clone(),
            };
            let _ = writeln!(each, "{deck}: {said}");
        }
        text = format!("{each}{text}");
        let today = super::plan::today_line(context, config, known);
        text = format!("{today}\n{text}");
        text.push_str(&render_history(
            &rounds,
            context.now,
            context.layout.painter,
        ));
        print(&text)?;
    }
    Ok(ExitCode::SUCCESS)
}

pub fn answers(context: &Context, args: &AnswersArgs) -> anyhow::Result<ExitCode> {
    let bank = context.bank()?;
    let card = bank.resolve(&args.id)?;
    let progress = context.progress_log()?;
    let key = card.key();
    let typed: Vec<&Review> = progress
        .reviews_of(&key)
        .filter(|r| r.typed_answer.is_some())
        .collect();
    if args.json {
        let rows: Vec<json::TypedAnswerJson<'_>> = typed
            .iter()
            .map(|r| json::TypedAnswerJson::new(r))
            .collect();
        print(&json::to_string(&rows)?)?;
        return Ok(ExitCode::SUCCESS);
    }
    let own = context.own_answers();
    let previous = own.previous(&key);
    let mut kept = String::new();
    if !previous.is_empty() {
        let _ = writeln!(
            kept,
            "\nEarlier versions of your own answer, kept when another replaced them unseen (newest first):"
        );
        for version in previous.iter().rev() {
            let _ = writeln!(
                kept,
                "\n{}:\n{}",
                version.updated.format("%Y-%m-%d %H:%M UTC"),
                crate::ui::text::sanitize(&version.text)
            );
        }
    }
    if typed.is_empty() {
        print(&format!(
            "No typed answers to {} yet.\nhint: `{}` keeps what you type.\n{kept}",
            key.id(),
            context.advice("drill --type")
        ))?;
        return Ok(ExitCode::SUCCESS);
    }
    print(&report::answers(card, &typed, context.now, context.layout))?;
    print(&kept)?;
    Ok(ExitCode::SUCCESS)
}

pub fn config(context: &Context, command: ConfigCommand) -> anyhow::Result<ExitCode> {
    let path = &context.paths.config_file;
    let config = Config::load(path)?;
    match command {
        ConfigCommand::Get { key, deck } => {
            let key: Key = key.parse()?;
            let value = match &deck {
                Some(deck) => config.get_for_deck(deck, key),
                None => config.get(key),
            };
            print(&format!("{}\n", value.unwrap_or("(unset)")))?;
        }
        ConfigCommand::Set {
            key,
            value,
            deck: Some(deck),
        } => set_for_deck(context, &key, value, &deck)?,
        ConfigCommand::Unset {
            key,
            deck: Some(deck),
        } => unset_for_deck(context, &key, &deck)?,
        ConfigCommand::Set { key, value, .. } => set(context, &key, value)?,
        ConfigCommand::Unset { key, .. } => {
            let key: Key = key.parse()?;
            Config::update(path, |config| {
                config.unset(key);
                Ok(())
            })?;
            print(&format!("{key} is back to its default\n"))?;
        }
        ConfigCommand::List => list(context, &config)?,
    }
    Ok(ExitCode::SUCCESS)
}

/// `config set KEY VALUE`: the setting for every deck.
fn set(context: &Context, key: &str, value: String) -> anyhow::Result<()> {
    let path = &context.paths.config_file;
    let key: Key = key.parse()?;
    let today = context.now.today();
    let value = if key == Key::InterviewDate {
        interview_day(&value, context.now)
    } else {
        value
    };
    Config::update(path, |config| {
        config.set(key, &value)?;
        if key == Key::InterviewDate
            && let Some(day) = config.interview_date()
            && day < today
        {
            bail!(
                "{day} is in the past; give the date of an interview still ahead, or `{}` to drill without one",
                context.advice("config unset interview-date")
            );
        }
        Ok(())
    })?;
    print(&format!("{key} = {}\n", value.trim()))?;
    Ok(())
}

/// `config list`: every key with its value, meaning, values and default, then the per-deck ones.
fn list(context: &Context, config: &Config) -> anyhow::Result<()> {
    let path = &context.paths.config_file;
    let painter = context.layout.painter;
    let mut out = String::new();
    for (key, value, set, help) in config.list() {
        let value = if value.is_empty() {
            "(unset)".to_string()
        } else {
            value
        };
        let marker = if set { "" } else { " (default)" };
        let known: Key = key.parse()?;
        let _ = writeln!(
            out,
            "{:<18} {}{}\n{:<18} {}\n{:<18} {}",
            painter.paint(key, Role::Id),
            value,
            painter.paint(marker, Role::Dim),
            "",
            painter.paint(help, Role::Dim),
            "",
            painter.paint(
                &format!(
                    "values: {}; default: {}",
                    known.accepts(),
                    known.default_shown()
                ),
                Role::Dim
            )
        );
    }
    for (deck, key, value) in config.deck_values() {
        let _ = writeln!(
            out,
            "{:<18} {value} (deck {deck})",
            painter.paint(key.name(), Role::Id),
        );
    }
    let _ = writeln!(out, "\nfile: {}", path.display());
    print(&out)?;
    Ok(())
}

/// `config set KEY VALUE --deck SLUG`: the setting for one deck alone.
fn set_for_deck(context: &Context, key: &str, value: String, deck: &str) -> anyhow::Result<()> {
    let path = &context.paths.config_file;
    let deck = deck.to_string();
    let key: Key = key.parse()?;
    let value = if key == Key::InterviewDate {
        interview_day(&value, context.now)
    } else {
        value
    };
    let today = context.now.today();
    Config::update(path, |config| {
        config.set_for_deck(&deck, key, &value)?;
        if let Some(interview) = config.interviews(context.now.zone).of(&deck)
            && key == Key::InterviewDate
            && interview.day < today
        {
            bail!(
                "{} is in the past; give the date of an interview still ahead",
                interview.day
            );
        }
        Ok(())
    })?;
    if !bank_has_deck(context, &deck) {
        super::warn(&format!(
            "no deck `{deck}` in the bank in use; `{}` lists the decks",
            context.advice("list")
        ));
    }
    print(&format!("{key} = {} for deck {deck}\n", value.trim()))?;
    Ok(())
}

/// `config unset KEY --deck SLUG`: the deck back to the setting every deck shares.
fn unset_for_deck(context: &Context, key: &str, deck: &str) -> anyhow::Result<()> {
    let key: Key = key.parse()?;
    Config::update(&context.paths.config_file, |config| {
        config.unset_for_deck(deck, key);
        Ok(())
    })?;
    print(&format!(
        "{key} for deck {deck} is back to the one every deck shares\n"
    ))
}

/// Whether the bank in use has a deck with this slug; a bank that cannot be read says nothing.
fn bank_has_deck(context: &Context, deck: &str) -> bool {
    context
        .bank()
        .map_or(true, |bank| bank.decks().iter().any(|d| d.deck == deck))
}

/// Merges the own answers in `theirs` into those beside `file`, by the rules reviews follow:
/// the later edit wins, ties are broken the same either way, the absurdly future is refused.
fn merge_own_answers(
    context: &Context,
    file: &ProgressFile,
    theirs: &OwnAnswersFile,
) -> anyhow::Result<()> {
    let other_answers = theirs
        .load()
        .with_context(|| format!("cannot merge {}", theirs.path().display()))?;
    let count = other_answers.iter().count();
    let now = context.now.at.max(Utc::now());
    let refused =
        OwnAnswersFile::beside(file.path()).update(|mine| mine.merge(other_answers, now))?;
    if refused > 0 {
        super::warn(&format!(
            "{}: {} dated more than a year ahead {} refused",
            theirs.path().display(),
            counted(refused, "answer"),
            if refused == 1 { "was" } else { "were" }
        ));
    }
    print(&format!(
        "Merged {}: {} of your own.\n",
        theirs.path().display(),
        counted(count, "answer")
    ))
}

/// `prepdrill progress merge FILE`: the other machine's reviews, and its own answers.
fn merge(
    context: &Context,
    file: &ProgressFile,
    scheduler: &Scheduler,
    other_path: &Path,
) -> anyhow::Result<()> {
    let theirs = OwnAnswersFile::beside(other_path);
    let missing =
        std::fs::metadata(other_path).is_err_and(|e| e.kind() == std::io::ErrorKind::NotFound);
    if missing && !theirs.path().is_file() {
        bail!(
            "{}: no such progress file, and no answers.json beside it",
            other_path.display()
        );
    }
    if missing {
        // A machine where only own answers were written: they merge alone.
        merge_own_answers(context, file, &theirs)?;
        return Ok(());
    }
    let (other, refused) = ProgressFile::new(other_path.to_path_buf())
        .checked_at(context.now.at)
        .load_checked(scheduler)
        .with_context(|| format!("cannot merge {}", other_path.display()))?;
    let (report, merged) = file.merge(scheduler, &other, context.now.at.max(Utc::now()))?;
    for error in refused.iter().chain(&report.refused) {
        super::warn(&format!("{}: {error}; refused", other_path.display()));
    }
    let mut line = format!(
        "Merged {}: {} new reviews, {} in all.",
        other_path.display(),
        report.added,
        merged.reviews.len()
    );
    if report.removed > 0 {
        let _ = write!(
            line,
            " {} reviews deleted on one side (undo or reset) stay deleted.",
            report.removed
        );
    }
    let refused = refused.len() + report.refused.len();
    if refused > 0 {
        let _ = write!(line, " {refused} invalid reviews were refused.");
    }
    line.push('\n');
    print(&crate::ui::text::sanitize(&line))?;
    // Own answers beside the other progress file come along: the later edit wins.
    if theirs.path().is_file() {
        merge_own_answers(context, file, &theirs)?;
    }
    Ok(())
}

/// `prepdrill progress orphans`: reviews of questions no longer in the bank.
fn orphans(
    context: &Context,
    file: &ProgressFile,
    scheduler: &Scheduler,
    as_json: bool,
) -> anyhow::Result<()> {
    let bank = context.bank()?;
    let progress = file.load(scheduler)?;
    let orphans = progress.orphans(&bank);
    if as_json {
        let rows: Vec<json::OrphanJson<'_>> = orphans
            .iter()
            .map(|(card, &reviews)| json::OrphanJson { card, reviews })
            .collect();
        print(&json::to_string(&rows)?)?;
    } else if orphans.is_empty() {
        print("No orphans: every reviewed question is in the bank.\n")?;
    } else {
        let mut table = Table::new(vec![
            Column::left("CARD").painted(Role::Id),
            Column::right("REVIEWS"),
        ]);
        for (key, n) in &orphans {
            table.row(vec![
                crate::ui::text::sanitize(&key.to_string()),
                n.to_string(),
            ]);
        }
        let mut out = table.render(context.layout);
        out.push_str("\nThese reviews are kept and apply again if the questions return.\n");
        print(&out)?;
    }
    Ok(())
}

pub fn progress(context: &Context, command: ProgressCommand) -> anyhow::Result<ExitCode> {
    let scheduler = context.settings_scheduler()?;
    let file = context.progress_file();
    match command {
        ProgressCommand::Path => print(&format!("{}\n", file.path().display()))?,
        ProgressCommand::Merge { file: other_path } => {
            merge(context, &file, &scheduler, &other_path)?;
        }
        ProgressCommand::Rebuild => {
            let (changed, progress) = file.rebuild(&scheduler)?;
            let verdict = if changed {
                "some states differed from the log (a changed setting such as desired-retention does that) and were recomputed"
            } else {
                "every state matched the log"
            };
            print(&format!(
                "Rebuilt {} from {}: {verdict}.\n",
                words::counted(progress.cards.len(), "card"),
                words::counted(progress.reviews.len(), "review")
            ))?;
        }
        ProgressCommand::Compact => {
            let progress = file.compact(&scheduler)?;
            print(&format!(
                "Compacted {}: {} over {} in one snapshot; the journal is empty.\n",
                file.path().display(),
                words::counted(progress.reviews.len(), "review"),
                words::counted(progress.cards.len(), "card")
            ))?;
        }
        ProgressCommand::Orphans { json: as_json } => orphans(context, &file, &scheduler, as_json)?,
        ProgressCommand::Reset { id, yes } => {
            let key = match &id {
                Some(id) => Some(context.bank()?.resolve(id)?.key()),
                None => None,
            };
            let what = key
                .as_ref()
                .map_or("all progress".to_string(), |k| format!("progress of {k}"));
            if !yes {
                bail!("this would forget {what}\nhint: add --yes to confirm");
            }
            let now = context.now.at.max(Utc::now());
            let removed = file.reset(&scheduler, key.as_ref(), now)?;
            print(&format!(
                "Forgot {what}: {} removed.\n",
                words::counted(removed, "review")
            ))?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// An interview date as typed: what `--on` takes (`tomorrow`, `+14d`) becomes `YYYY-MM-DD`;
/// anything else is left for the setting's own check to accept (`none`) or refuse.
pub(super) fn interview_day(value: &str, now: Now) -> String {
    match when::parse(value, now.at, now.zone) {
        Ok(When::Day(day)) => day.to_string(),
        Ok(When::Instant(at)) => now.zone.local(at).date_naive().to_string(),
        Err(_) => value.trim().to_string(),
    }
}
