//! The assess command: read an answer from a file or stdin, and print what the coach makes of it.

use std::io::ErrorKind;
use std::path::Path;
use std::process::ExitCode;

use anyhow::{anyhow, bail};
use chrono::Duration;

use super::{Context, print};
use crate::cli::AssessArgs;
use crate::core::checklist::{coverage, suggested_grade};
use crate::core::coaching::coach;
use crate::store::files;
use crate::ui::coach_view::{AssessJson, PointView, render_assessment};

/// Far longer than any spoken answer; a bigger input is some other file.
const MAX_BYTES: u64 = 1024 * 1024;

pub fn assess(context: &Context, args: &AssessArgs) -> anyhow::Result<ExitCode> {
    let bank = context.bank()?;
    let card = bank.resolve(&args.query)?;
    let name = files::input_name(&args.file);
    let answer = read(&args.file, &name)?;
    if answer.trim().is_empty() {
        bail!(
            "{name}: the answer is empty\nhint: write your answer to `{}` in a file and run `{} assess {} FILE`, or pipe it in",
            card.question.id,
            context.advice(""),
            card.question.id
        );
    }
    let points = &card.question.key_points;
    let found = coverage(&answer, points);
    let views: Vec<PointView<'_>> = points
        .iter()
        .zip(&found)
        .map(|(point, m)| PointView {
            text: &point.text,
            covered: m.covered,
            evidence: m
                .evidence
                .clone()
                .and_then(|span| answer.get(span))
                .map(str::to_string),
        })
        .collect();
    let limit = Duration::seconds(i64::from(card.answer_time_secs()));
    let coaching = coach(&answer, card.question.category, limit);
    // A written answer has no clock: the time it takes to say stands in for the answer time.
    let ticked: Vec<bool> = found.iter().map(|m| m.covered).collect();
    let spoken = Duration::seconds(i64::from(coaching.length.speaking_secs));
    let suggested = suggested_grade(&ticked, spoken, limit, false);
    if args.json {
        let json = AssessJson::new(card, &answer, views, suggested, &coaching);
        print(&crate::ui::json::to_string(&json)?)?;
    } else {
        print(&render_assessment(
            card,
            &views,
            suggested,
            &coaching,
            context.layout,
        ))?;
    }
    Ok(ExitCode::SUCCESS)
}

fn read(path: &Path, name: &str) -> anyhow::Result<String> {
    let bytes = files::read_input(path, MAX_BYTES).map_err(|e| match e.kind() {
        ErrorKind::IsADirectory => {
            anyhow!("{name}: is a directory\nhint: name the text file that holds your answer")
        }
        ErrorKind::FileTooLarge => anyhow!(
            "{name}: larger than {} KiB, which is no spoken answer\nhint: check that this is the file you meant",
            MAX_BYTES / 1024
        ),
        _ if files::is_special(path) => anyhow!(
            "{name}: cannot read the answer: {e}\nhint: to pipe an answer in, give `-`: `cat FILE | prepdrill assess ID -`"
        ),
        _ => anyhow!("{name}: cannot read the answer: {e}\nhint: check the path"),
    })?;
    String::from_utf8(bytes).map_err(|_| {
        anyhow!("{name}: the answer is not UTF-8 text\nhint: save it as plain UTF-8 text")
    })
}
