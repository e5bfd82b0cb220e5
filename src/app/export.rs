//! `prepdrill export`: load the bank and progress, build the study sheet or the CSV table, and
//! print it or save it.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use super::output::{Document, Existing, save};
use super::{Context, print_document};
use crate::cli::{ExportArgs, ExportFormat, ExportGroup, ExportOrder};
use crate::core::bank::DEFAULT_ANSWER_TIME_SECS;
use crate::core::own_answers::OwnAnswers;
use crate::core::snapshot::Snapshot;
use crate::export::{
    ExportError, Grouping, Order, Sheet, SheetOptions, bank_anki, bank_csv, study_sheet,
    study_sheet_html,
};
use crate::store::config::Config;
use crate::store::own_answers_file::OwnAnswersFile;

/// The sheet and the table are made alike, from the same selection.
type Export = fn(Snapshot<'_>, &SheetOptions) -> Result<Sheet, ExportError>;

pub fn export(context: &Context, args: &ExportArgs) -> anyhow::Result<ExitCode> {
    // An empty log is no progress (`Snapshot::practised`): the sheet then has no summary and
    // no per-question progress.
    let loaded = context.load()?;
    let (make, document) = match args.format {
        ExportFormat::Markdown => (
            study_sheet as Export,
            Document {
                name: "the sheet",
                example: "sheet.md",
            },
        ),
        ExportFormat::Html => (
            study_sheet_html as Export,
            Document {
                name: "the sheet",
                example: "sheet.html",
            },
        ),
        ExportFormat::Csv => {
            sheet_only(args)?;
            (
                bank_csv as Export,
                Document {
                    name: "the table",
                    example: "bank.csv",
                },
            )
        }
        ExportFormat::Anki => {
            sheet_only(args)?;
            (
                bank_anki as Export,
                Document {
                    name: "the table",
                    example: "bank.txt",
                },
            )
        }
    };
    let mut options = options(args, &loaded.config, context.advice(""));
    if options.with_answers {
        options.own_answers = OwnAnswersFile::beside(&context.paths.progress_file()).load()?;
    }
    let sheet = make(loaded.snapshot(), &options)?;
    match args.output.as_deref() {
        None => print_document(&sheet.text)?,
        Some(path) if path == Path::new("-") => print_document(&sheet.text)?,
        Some(path) => {
            save(
                &context.paths,
                path,
                &sheet.text,
                document,
                Existing::Replace,
            )?;
            // stdout stays empty so `-o` composes with scripts; the note goes to stderr, and a
            // closed stderr is no reason to fail once the file is written.
            let _ = writeln!(
                std::io::stderr(),
                "Wrote {} to {}",
                crate::core::words::counted(sheet.questions, "question"),
                path.display()
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// A table holds every field of every selected question, so the sheet's layout flags mean
/// nothing there; saying so beats ignoring them.
fn sheet_only(args: &ExportArgs) -> anyhow::Result<()> {
    let flags = [
        (args.group_by.is_some(), "--group-by"),
        (args.no_answers, "--no-answers"),
        (args.key_points, "--key-points"),
        (args.no_progress, "--no-progress"),
        (args.mine_only, "--mine-only"),
    ];
    if let Some((_, flag)) = flags.iter().find(|(given, _)| *given) {
        anyhow::bail!(
            "{flag} shapes the markdown sheet, and a table holds every field of each question\nhint: drop {flag}, or drop --format"
        );
    }
    Ok(())
}

fn options(args: &ExportArgs, config: &Config, run: String) -> SheetOptions {
    SheetOptions {
        run,
        tags: args.tags.clone(),
        category: args.category,
        due_only: args.due,
        weakest: args.weakest,
        order: match args.order {
            ExportOrder::Bank => Order::Bank,
            ExportOrder::Weakest => Order::Weakest,
            ExportOrder::Due => Order::Due,
        },
        group_by: args.group_by.map(|g| match g {
            ExportGroup::Tag => Grouping::Tag,
            ExportGroup::Category => Grouping::Category,
        }),
        with_answers: !args.no_answers,
        own_answers: OwnAnswers::default(),
        mine_only: args.mine_only,
        with_key_points: !args.no_answers || args.key_points,
        with_progress: !args.no_progress,
        default_answer_secs: config.answer_time().unwrap_or(DEFAULT_ANSWER_TIME_SECS),
    }
}
