//! The assess command: read an answer from a file or stdin, and print what the coach makes of it.

use std::io::Read as _;
use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context as _, anyhow, bail};
use chrono::Duration;

use super::{Context, print};
use crate::cli::AssessArgs;
use crate::core::checklist::{coverage, suggested_grade};
use crate::core::coaching::coach;
use crate::ui::coach_view::{AssessJson, PointView, render_assessment};

/// Far longer than any spoken answer; a bigger input is some other file.
const MAX_BYTES: u64 = 1024 * 1024;

pub fn assess(context: &Context, args: &AssessArgs) -> anyhow::Result<ExitCode> {
    let bank = context.bank()?;
    let card = bank.resolve(&args.query)?;
    let from_stdin = args.file == Path::new("-");
    let name = if from_stdin {
        "stdin".to_string()
    } else {
        args.file.display().to_string()
    };
    let answer = read(&args.file, from_stdin, &name)?;
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
        print(&format!("{}\n", serde_json::to_string_pretty(&json)?))?;
    } else {
        print(&render_assessment(
            card,
            &views,
            suggested,
            &coaching,
            context.layout.painter,
        ))?;
    }
    Ok(ExitCode::SUCCESS)
}

fn read(path: &Path, from_stdin: bool, name: &str) -> anyhow::Result<String> {
    let mut bytes = Vec::new();
    if from_stdin {
        std::io::stdin()
            .take(MAX_BYTES + 1)
            .read_to_end(&mut bytes)
            .context("cannot read the answer from stdin")?;
    } else {
        let file = std::fs::File::open(path)
            .map_err(|e| anyhow!("{name}: cannot read the answer: {e}\nhint: check the path"))?;
        if file.metadata().is_ok_and(|m| m.is_dir()) {
            bail!("{name}: is a directory\nhint: name the text file that holds your answer");
        }
        file.take(MAX_BYTES + 1)
            .read_to_end(&mut bytes)
            .with_context(|| format!("{name}: cannot read the answer"))?;
    }
    if bytes.len() as u64 > MAX_BYTES {
        bail!(
            "{name}: larger than {} KiB, which is no spoken answer\nhint: check that this is the file you meant",
            MAX_BYTES / 1024
        );
    }
    String::from_utf8(bytes).map_err(|_| {
        anyhow!("{name}: the answer is not UTF-8 text\nhint: save it as plain UTF-8 text")
    })
}
