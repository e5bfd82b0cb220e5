//! Man pages: `prepdrill.1` and one page per subcommand, with KEYS, FILES, ENVIRONMENT and EXIT STATUS.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context as _, bail};
use clap::CommandFactory;

use super::print;
use crate::cli::Cli;
use crate::store::files;

/// The drill's keys, as the README's table and the drill's help overlay list them.
const KEYS: &[(&str, &str)] = &[
    ("Space, Enter", "reveal the sample answer"),
    ("h", "show why employers ask, as a hint"),
    ("a, b, c ...", "tick the key points you covered"),
    (
        "1 2 3 4",
        "grade again, hard, good, easy (Enter takes the suggested grade)",
    ),
    ("u", "undo the last grade"),
    ("s", "skip: bury the card until tomorrow"),
    ("p", "pause both clocks"),
    ("Up, Down, j, k", "scroll"),
    ("?", "help"),
    ("q, Esc", "end the session"),
];

const FILES: &[(&str, &str)] = &[
    (
        "~/.local/share/prepdrill/progress.json",
        "Every review and card state (the platform's data directory; see prepdrill progress path). \
         Saved atomically under a lock after every grade.",
    ),
    (
        "~/.local/share/prepdrill/progress.json.lock",
        "The lock every save takes; beside the file a symlinked progress.json points to.",
    ),
    (
        "~/.local/share/prepdrill/answers.json",
        "Your own answers (prepdrill my-answer), beside the progress file and saved the same way.",
    ),
    (
        "~/.local/share/prepdrill/progress.v0.json.bak",
        "A copy of a version-0 progress file, written before it is migrated.",
    ),
    (
        "~/.config/prepdrill/config.yaml",
        "Settings, managed with prepdrill config, changed under config.yaml.lock.",
    ),
    (
        "~/.cache/prepdrill/",
        "Parsed banks, to start faster; safe to delete.",
    ),
];

const ENVIRONMENT: &[(&str, &str)] = &[
    (
        "PREPDRILL_BANK",
        "Banks to load instead of the built-in one: YAML files or directories, separated by colons. \
         --bank wins over it, in shell completion too.",
    ),
    (
        "PREPDRILL_DATA_DIR",
        "Where progress is kept; --data-dir wins over it.",
    ),
    (
        "PREPDRILL_NOW",
        "Pins the clock to an RFC 3339 instant, for reproducible output.",
    ),
    (
        "PREPDRILL_LOCK_TIMEOUT",
        "Seconds to wait for another prepdrill's save before giving up with nothing changed (default 10).",
    ),
    (
        "PREPDRILL_KEY_GUARD_MS",
        "Milliseconds after a grade in which a key is ignored, so a double-tap grades once (default 300); for tests.",
    ),
    (
        "PREPDRILL_ANSWER_SECS",
        "Seconds each answer of a plain drill takes on its clock, in turn (90,150,180), so a pinned drill can answer slowly; for tests.",
    ),
    (
        "VISUAL, EDITOR",
        "The editor prepdrill my-answer opens: VISUAL, else EDITOR, else vi.",
    ),
    (
        "HOME, XDG_DATA_HOME, XDG_CONFIG_HOME, XDG_CACHE_HOME",
        "Where the data, settings and cache directories are, as the platform defines them.",
    ),
    (
        "TZ",
        "The local time zone, for due times, interview times and dates typed without a zone.",
    ),
    (
        "NO_COLOR",
        "When set and not empty, --color auto does not colour. An explicit --color always still does.",
    ),
    (
        "COLUMNS",
        "The width to fit on a terminal whose size cannot be read. Output to a pipe or file is never cut.",
    ),
    (
        "PREPDRILL_COMPLETE",
        "Set to bash, zsh, fish, elvish or powershell, prepdrill prints that shell's completion \
         script instead of running; see prepdrill completions. A variable named COMPLETE, which \
         other programs use, is ignored.",
    ),
];

const EXIT_STATUS: &[(&str, &str)] = &[
    ("0", "Success."),
    (
        "1",
        "An error, reported on standard error; or search found nothing, as with grep.",
    ),
    ("2", "The command line could not be parsed."),
];

/// Escapes text for roff: backslashes, and a leading dot or quote that would read as a request.
fn roff_text(text: &str) -> String {
    let text = text.replace('\\', "\\e").replace('-', "\\-");
    if text.starts_with('.') || text.starts_with('\'') {
        format!("\\&{text}")
    } else {
        text
    }
}

/// A section of tagged paragraphs: a bold term, then its description.
fn section(title: &str, entries: &[(&str, &str)]) -> String {
    let mut out = if title.contains(' ') {
        format!(".SH \"{title}\"\n")
    } else {
        format!(".SH {title}\n")
    };
    for (term, text) in entries {
        let _ = write!(
            out,
            ".TP\n\\fB{}\\fR\n{}\n",
            roff_text(term),
            roff_text(text)
        );
    }
    out
}

/// SYNOPSIS with each option's value, `[--at WHEN]`, which clap_mangen leaves out.
fn synopsis(command: &clap::Command) -> String {
    let mut line = format!("\\fB{}\\fR", roff_text(&command_path(command)));
    for arg in command.get_arguments().filter(|a| !a.is_hide_set()) {
        let value = arg
            .get_value_names()
            .and_then(|names| names.first())
            .map(|name| format!(" \\fI{}\\fR", roff_text(name)));
        let takes_value = arg.get_action().takes_values();
        let text = match (arg.get_long(), arg.get_short()) {
            (Some(long), short) => {
                let flag = format!("\\fB\\-\\-{}\\fR", roff_text(long));
                let flag = match short {
                    Some(short) => format!("\\fB\\-{short}\\fR|{flag}"),
                    None => flag,
                };
                let value = if takes_value {
                    value.unwrap_or_default()
                } else {
                    String::new()
                };
                format!("[{flag}{value}]")
            }
            (None, Some(short)) => format!("[\\fB\\-{short}\\fR]"),
            (None, None) => {
                let name = arg
                    .get_value_names()
                    .and_then(|names| names.first())
                    .map_or_else(|| arg.get_id().to_string(), ToString::to_string);
                let name = format!("\\fI{}\\fR", roff_text(&name));
                if arg.is_required_set() {
                    format!("<{name}>")
                } else {
                    format!("[{name}]")
                }
            }
        };
        line.push(' ');
        line.push_str(&text);
    }
    if command.has_subcommands() {
        line.push_str(if command.is_subcommand_required_set() {
            " <\\fICOMMAND\\fR>"
        } else {
            " [\\fICOMMAND\\fR]"
        });
    }
    format!(".SH SYNOPSIS\n{line}\n")
}

/// `prepdrill rate` for the `rate` subcommand: clap gives pages the bare name.
fn command_path(command: &clap::Command) -> String {
    command
        .get_display_name()
        .unwrap_or(command.get_name())
        .replace('-', " ")
}

/// One page: clap_mangen's sections, the examples under EXAMPLES, then ours.
fn page(command: &clap::Command, top: bool) -> anyhow::Result<String> {
    let man = clap_mangen::Man::new(command.clone());
    let mut out = Vec::new();
    man.render_title(&mut out)?;
    man.render_name_section(&mut out)?;
    out.extend_from_slice(synopsis(command).as_bytes());
    man.render_description_section(&mut out)?;
    if command.get_arguments().any(|a| !a.is_hide_set()) {
        man.render_options_section(&mut out)?;
    }
    if command.has_subcommands() {
        man.render_subcommands_section(&mut out)?;
    }
    if command.get_after_help().is_some() {
        let mut extra = Vec::new();
        man.render_extra_section(&mut extra)?;
        // clap_mangen calls it EXTRA; what our after_help holds is examples.
        let extra = String::from_utf8_lossy(&extra).replacen(".SH EXTRA", ".SH EXAMPLES", 1);
        out.extend_from_slice(extra.as_bytes());
    }
    let mut text = String::from_utf8_lossy(&out).into_owned();
    let name = command.get_name();
    if top || name == "drill" {
        text.push_str(&section("KEYS", KEYS));
    }
    if top {
        text.push_str(&section("FILES", FILES));
        text.push_str(&section("ENVIRONMENT", ENVIRONMENT));
        text.push_str(&section("EXIT STATUS", EXIT_STATUS));
    } else {
        text.push_str(".SH \"SEE ALSO\"\n\\fBprepdrill\\fR(1)\n");
    }
    if command.get_version().is_some() {
        let mut version = Vec::new();
        man.render_version_section(&mut version)?;
        text.push_str(&String::from_utf8_lossy(&version));
    }
    Ok(ascii_roff(&text))
}

/// Writes every character beyond ASCII as groff's `\[uXXXX]` escape: troff reads its input as
/// Latin-1 unless preconv runs first, and `man` does not always run it.
fn ascii_roff(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii() {
            out.push(c);
        } else {
            let _ = write!(out, "\\[u{:04X}]", u32::from(c));
        }
    }
    out
}

/// Every page, named as `man` looks for them: `prepdrill.1`, `prepdrill-drill.1`, ….
pub fn pages() -> anyhow::Result<Vec<(String, String)>> {
    fn walk(
        command: &clap::Command,
        top: bool,
        out: &mut Vec<(String, String)>,
    ) -> anyhow::Result<()> {
        let name = command
            .get_display_name()
            .unwrap_or_else(|| command.get_name());
        out.push((format!("{name}.1"), page(command, top)?));
        for sub in command.get_subcommands().filter(|s| !s.is_hide_set()) {
            walk(sub, false, out)?;
        }
        Ok(())
    }
    let mut command = Cli::command().disable_help_subcommand(true);
    command.build();
    let mut out = Vec::new();
    walk(&command, true, &mut out)?;
    Ok(out)
}

/// `prepdrill man`: the main page to stdout, or every page into `dir`.
pub fn man(dir: Option<&Path>, force: bool) -> anyhow::Result<ExitCode> {
    let Some(dir) = dir else {
        let pages = pages()?;
        let (_, main) = pages.first().context("no man page was generated")?;
        // The same page as --dir writes, stamp and all.
        print(&stamped(main))?;
        return Ok(ExitCode::SUCCESS);
    };
    let written = write_pages(dir, force)?;
    print(&format!(
        "Wrote {written} man pages to {}; read one with `man -l {}`.\n{}",
        dir.display(),
        dir.join("prepdrill.1").display(),
        super::man_install::found_or_fix(dir)
    ))?;
    Ok(ExitCode::SUCCESS)
}

/// Writes every page into `dir`, all or nothing: a page edited by hand (without `force`) or a
/// failed write leaves every old page as it was. Returns how many were written.
pub(super) fn write_pages(dir: &Path, force: bool) -> anyhow::Result<usize> {
    let pages = pages()?;
    std::fs::create_dir_all(dir).with_context(|| {
        format!(
            "cannot create {}; check the path and its permissions",
            dir.display()
        )
    })?;
    let pages: Vec<(PathBuf, String)> = pages
        .into_iter()
        .map(|(name, text)| (dir.join(name), stamped(&text)))
        .collect();
    // Every page is checked before any is written, so a refusal changes nothing.
    let problems: Vec<String> = pages
        .iter()
        .filter_map(|(path, _)| may_replace(path, force).err())
        .collect();
    if !problems.is_empty() {
        bail!(
            "{}\nnothing was written; hint: move those files away, or add --force to replace pages you edited",
            problems.join("\n")
        );
    }
    write_all(&pages).map_err(|(path, error)| {
        anyhow::anyhow!(
            "{}: cannot write the man page: {error}; no page was replaced\nhint: free some space or choose another --dir",
            path.display()
        )
    })?;
    Ok(pages.len())
}

/// The first line of every page `man --dir` writes: the checksum of the rest, so a later run can
/// tell a page it wrote from one edited by hand.
const STAMP: &str = ".\\\" prepdrill man --dir wrote this page; checksum ";

/// The page with its stamp line first.
fn stamped(text: &str) -> String {
    format!("{STAMP}{:016x}\n{text}", checksum(text))
}

/// FNV-1a: enough to notice an edit, not meant to resist a forger.
fn checksum(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Whether the page at `path` may be replaced: absent, or a regular file that prepdrill wrote
/// and nobody edited since (or `force`). Never a symlink, which would send the write elsewhere.
fn may_replace(path: &Path, force: bool) -> Result<(), String> {
    let shown = path.display();
    let meta = match std::fs::symlink_metadata(path) {
        Ok(meta) => meta,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(format!("{shown}: cannot look at it: {e}")),
    };
    if meta.file_type().is_symlink() {
        return Err(format!(
            "{shown}: is a symlink; prepdrill does not write man pages through one"
        ));
    }
    if !meta.is_file() {
        return Err(format!("{shown}: is not a regular file"));
    }
    if force {
        return Ok(());
    }
    let text = files::read_regular(path, 1 << 20)
        .ok()
        .and_then(|bytes| String::from_utf8(bytes).ok())
        .unwrap_or_default();
    let unedited = text
        .split_once('\n')
        .and_then(|(first, rest)| {
            let sum = first.strip_prefix(STAMP)?;
            Some(sum == format!("{:016x}", checksum(rest)))
        })
        .unwrap_or(false);
    if unedited {
        Ok(())
    } else {
        Err(format!(
            "{shown}: was edited by hand or not written by prepdrill; it was left as it is"
        ))
    }
}

/// Writes every page to a temporary file beside it first, and renames them into place only once
/// all are written and synced: a full disk leaves the old pages, not some new, some empty.
fn write_all(pages: &[(PathBuf, String)]) -> Result<(), (PathBuf, std::io::Error)> {
    let mut staged = Vec::with_capacity(pages.len());
    for (path, text) in pages {
        let page = files::stage(path, files::NewMode::Document, |w| {
            w.write_all(text.as_bytes())
        })
        .map_err(|e| (path.clone(), e))?;
        staged.push((path, page));
    }
    for (path, page) in staged {
        // The name itself is replaced: a symlink planted since the check is not followed.
        page.commit(files::Overwrite::Yes)
            .map_err(|e| (path.clone(), e))?;
    }
    if let Some((path, _)) = pages.first() {
        // Best effort: the renames have happened.
        let _ = files::sync_dir(path);
    }
    Ok(())
}
