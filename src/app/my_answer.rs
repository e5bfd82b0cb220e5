//! The my-answer command: write the candidate's own answer in their editor, show it, or delete it.

use crate::core::words::counted;
use std::io::{IsTerminal, Write as _};
use std::process::ExitCode;

use anyhow::{Context as _, bail};

use super::{Context, print};
use crate::cli::MyAnswerArgs;
use crate::core::bank::CardKey;
use crate::core::own_answers::{Saved, from_editor, only_template, template};
use crate::store::files;
use crate::store::own_answers_file::{MAX_ANSWERS_BYTES, OwnAnswersError, OwnAnswersFile};
use crate::ui::text::sanitize;

/// The `n`th latest answer typed to `key` in a drill (`--from-typed N`, 1 the latest).
fn typed_answer(context: &Context, key: &CardKey, id: &str, n: usize) -> anyhow::Result<String> {
    let progress = context.progress_log()?;
    let typed: Vec<&str> = progress
        .reviews
        .iter()
        .rev()
        .filter(|r| &r.card == key)
        .filter_map(|r| r.typed_answer.as_deref())
        .collect();
    match n.checked_sub(1).and_then(|i| typed.get(i)) {
        Some(text) => Ok((*text).to_string()),
        None if typed.is_empty() => bail!(
            "no typed answer to {id} is kept\nhint: answer it with `{}`, or leave out --from-typed",
            context.advice("drill --type")
        ),
        None => bail!(
            "--from-typed {n}: only {} to {id} {} kept (1 is the latest)",
            counted(typed.len(), "typed answer"),
            if typed.len() == 1 { "is" } else { "are" }
        ),
    }
}

pub fn my_answer(context: &Context, args: &MyAnswerArgs) -> anyhow::Result<ExitCode> {
    let bank = context.bank()?;
    let card = bank.resolve(&args.id)?;
    let key = card.key();
    let id = sanitize(&card.question.id);
    let file = OwnAnswersFile::beside(&context.paths.progress_file());
    if args.show {
        let answers = file.load()?;
        let Some(text) = answers.get(&key) else {
            bail!(
                "you have no answer of your own to {id} yet\nhint: `{} my-answer {id}` opens your editor to write one",
                context.advice("")
            );
        };
        print(&format!("{}\n", sanitize(text)))?;
        return Ok(ExitCode::SUCCESS);
    }
    if args.delete {
        let at = context.now_again()?;
        let removed = file.update(|a| a.remove(&key, at))?;
        if !removed {
            bail!("you have no answer of your own to {id}; nothing was deleted");
        }
        print(&format!("Deleted your answer to {id}.\n"))?;
        return Ok(ExitCode::SUCCESS);
    }

    let stored = file.load()?;
    let existing = stored.get(&key).map(str::to_string);
    // What the editor opens on: a save compares against it, to keep what changed meanwhile.
    let seen = stored.answers.get(&key).map(|a| a.updated);
    let start = match args.from_typed {
        Some(n) => typed_answer(context, &key, &id, n)?,
        None => existing.clone().unwrap_or_default(),
    };
    let mut text = template(card.question);
    if !start.is_empty() {
        // The outline is only for a blank page; an answer already written replaces it.
        let mut header = String::new();
        for line in text.lines().take_while(|l| l.starts_with('#')) {
            header.push_str(line);
            header.push('\n');
        }
        text = format!("{header}\n{start}\n");
    }
    let (edited, editor_file) = edit(&text)?;
    // What is saved must be readable: an answer past the read limit is refused before the work
    // of saving it (the answers file refuses any total past it as well).
    if edited.len() as u64 > MAX_ANSWERS_BYTES {
        let error = OwnAnswersError::TooBig {
            path: file.path().display().to_string(),
            size: (edited.len() as u64).div_ceil(1 << 20),
        };
        return Err(not_saved(&error.to_string(), "", editor_file));
    }
    let answer = from_editor(&edited);
    if let Some(said) = nothing_to_save(&answer, card.question, &id, existing.is_some()) {
        print(&said)?;
        return Ok(ExitCode::SUCCESS);
    }
    if existing.as_deref() == Some(answer.as_str()) {
        print(&format!("No change to your answer to {id}.\n"))?;
        return Ok(ExitCode::SUCCESS);
    }
    let words = answer.split_whitespace().count();
    // Stamped when saved, not when the editor opened: the clock is read again.
    let at = context.now_again()?;
    let saved = file
        .update(|a| a.save_edited(key.clone(), &answer, at, seen))
        .map_err(|e| not_saved(&e.to_string(), &answer, editor_file))?;
    print(&format!(
        "Saved your answer to {id} ({}). It shows on reveal in the drill and the mock review; `{} my-answer {id} --show` prints it.\n",
        counted(words, "word"),
        context.advice("")
    ))?;
    if saved == Saved::KeptTheOther {
        print(&format!(
            "Your answer to {id} was changed elsewhere while you edited; that text is kept as an earlier version: `{} answers {id}` lists it.\n",
            context.advice("")
        ))?;
    }
    Ok(ExitCode::SUCCESS)
}

/// The error for an answer that could not be saved. Nothing typed is lost: a short answer is
/// printed with it; a long one stays in the editor's file, which is named.
fn not_saved(error: &str, answer: &str, editor_file: tempfile::NamedTempFile) -> anyhow::Error {
    if !answer.is_empty() && answer.len() <= SHOWN_UNSAVED_BYTES {
        return anyhow::anyhow!("{error}\nyour answer, not saved:\n{answer}");
    }
    // Too long to print: the editor's file stays, and is named.
    match editor_file.keep() {
        Ok((_, path)) => anyhow::anyhow!(
            "{error}\nyour answer, not saved, is kept in {}",
            path.display()
        ),
        Err(_) => anyhow::anyhow!("{error}"),
    }
}

/// The longest unsaved answer also printed with the error; a longer one would flood the terminal.
const SHOWN_UNSAVED_BYTES: usize = 64 * 1024;

/// Opens `$VISUAL`, else `$EDITOR`, else `vi`, on `text`, and returns what was saved and the file
/// the editor saved it in (deleted when dropped).
fn edit(text: &str) -> anyhow::Result<(String, tempfile::NamedTempFile)> {
    let chosen = ["VISUAL", "EDITOR"]
        .iter()
        .find_map(|v| std::env::var(v).ok().filter(|e| !e.trim().is_empty()));
    if chosen.is_none() && !std::io::stdin().is_terminal() {
        // vi on a pipe would wait for keys that never come.
        bail!(
            "no editor to open: VISUAL and EDITOR are unset and this is not a terminal\nhint: set EDITOR, e.g. EDITOR=nano prepdrill my-answer ID, or use --show"
        );
    }
    let editor = chosen.unwrap_or_else(|| "vi".to_string());
    let mut temp = tempfile::Builder::new()
        .prefix("prepdrill-answer-")
        .suffix(".md")
        .tempfile()
        .context("cannot create a temporary file for the editor")?;
    temp.write_all(text.as_bytes())?;
    temp.flush()?;
    // The editor may be a command with arguments, such as `code --wait`.
    let mut words = editor.split_whitespace();
    let program = words.next().unwrap_or("vi");
    let status = std::process::Command::new(program)
        .args(words)
        .arg(temp.path())
        .status()
        .with_context(|| {
            format!("cannot run the editor `{editor}`\nhint: set VISUAL or EDITOR to your editor, e.g. EDITOR=nano")
        })?;
    if !status.success() {
        bail!("the editor `{editor}` failed ({status}); your answer was not changed");
    }
    // Through the file layer: an editor that left a pipe there is refused. No size limit here:
    // the caller refuses an answer too big with the editor's file kept, so no work is lost.
    let bytes = files::read_regular(temp.path(), u64::MAX)
        .context("cannot read back what the editor saved")?;
    let text = String::from_utf8(bytes).map_err(|_| {
        anyhow::anyhow!("the editor saved text that is not UTF-8; your answer was not changed")
    })?;
    Ok((text, temp))
}

/// What to say when the editor left nothing to save: an empty answer, or only the outline's lines.
fn nothing_to_save(
    answer: &str,
    question: &crate::core::bank::Question,
    id: &str,
    had_one: bool,
) -> Option<String> {
    if answer.is_empty() {
        let kept = if had_one {
            " (your earlier answer is kept; --delete removes it)"
        } else {
            ""
        };
        return Some(format!(
            "Your answer to {id} was left empty, so nothing was saved{kept}.\n"
        ));
    }
    if only_template(answer, &template(question)) {
        let kept = if had_one {
            " (your earlier answer is kept)"
        } else {
            ""
        };
        return Some(format!(
            "Nothing written; your answer to {id} was not saved{kept}.\n"
        ));
    }
    None
}
