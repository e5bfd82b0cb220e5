//! `prepdrill progress`: the progress file's path, merge (with the own answers beside it),
//! rebuild, compact, orphans and reset.

use std::fmt::Write as _;
use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context as _, bail};
use chrono::Utc;

use crate::app::{Context, print};
use crate::cli::ProgressCommand;
use crate::core::schedule::Scheduler;
use crate::core::words::{self, counted};
use crate::store::own_answers_file::OwnAnswersFile;
use crate::store::progress_file::ProgressFile;
use crate::ui::json;
use crate::ui::style::Role;
use crate::ui::table::{Column, Table};

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
        crate::app::warn(&format!(
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
        crate::app::warn(&format!("{}: {error}; refused", other_path.display()));
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
