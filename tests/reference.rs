//! `docs/reference.md`, every subcommand and flag with its help, is generated from the clap
//! definitions. This test regenerates it and fails when the committed file differs, so the
//! reference the README links to never drifts from the binary.
//!
//! After changing the command line: `UPDATE_REFERENCE=1 cargo test --test integration reference::`.

#![allow(clippy::expect_used, clippy::unwrap_used)] // helpers outside #[test] should fail loudly

use std::fmt::Write as _;
use std::path::Path;

use clap::CommandFactory;
use prepdrill::cli::Cli;

/// One section per command, depth first: usage, what it does, its options, its examples.
fn section(command: &mut clap::Command, path: &str, out: &mut String) {
    let usage = command.render_usage().to_string();
    let usage = usage.trim_start_matches("Usage: ").to_string();
    let _ = writeln!(out, "## `{path}`\n");
    if let Some(about) = command.get_long_about().or(command.get_about()) {
        let _ = writeln!(out, "{}\n", about.to_string().trim());
    }
    let _ = writeln!(out, "```text\n{usage}\n```\n");
    let top = path == "prepdrill";
    let arguments: Vec<&clap::Arg> = command
        .get_arguments()
        .filter(|a| shown(a) && (top || !a.is_global_set()))
        .collect();
    if !arguments.is_empty() {
        if !top {
            out.push_str("Also `--bank`, `--data-dir` and `--color`, as for `prepdrill`.\n\n");
        }
        for arg in arguments {
            let value = arg
                .get_value_names()
                .and_then(|names| names.first())
                .map(ToString::to_string);
            let takes_value = arg.get_action().takes_values();
            let name = match (arg.get_long(), arg.get_short(), value) {
                (Some(long), Some(short), Some(value)) if takes_value => {
                    format!("-{short}, --{long} {value}")
                }
                (Some(long), Some(short), _) => format!("-{short}, --{long}"),
                (Some(long), None, Some(value)) if takes_value => format!("--{long} {value}"),
                (Some(long), None, _) => format!("--{long}"),
                (None, Some(short), _) => format!("-{short}"),
                (None, None, value) => value.unwrap_or_else(|| arg.get_id().to_string()),
            };
            let help = arg
                .get_long_help()
                .or(arg.get_help())
                .map(|h| h.to_string().replace('\n', " "))
                .unwrap_or_default();
            let possible: Vec<String> = arg
                .get_possible_values()
                .iter()
                .filter(|v| !v.is_hide_set())
                .map(|v| format!("`{}`", v.get_name()))
                .collect();
            let possible = if possible.is_empty() || !takes_value {
                String::new()
            } else {
                format!(" One of {}.", possible.join(", "))
            };
            let default: Vec<String> = arg
                .get_default_values()
                .iter()
                .map(|v| v.to_string_lossy().into_owned())
                .collect();
            let default = if default.is_empty() || !takes_value {
                String::new()
            } else {
                format!(" Default: `{}`.", default.join(" "))
            };
            let help = help.trim();
            let stop = if help.ends_with(['.', ']']) { "" } else { "." };
            let _ = writeln!(out, "- `{name}`: {help}{stop}{possible}{default}");
        }
        out.push('\n');
    }
    if let Some(after) = command.get_after_long_help().or(command.get_after_help()) {
        let _ = writeln!(out, "```text\n{}\n```\n", after.to_string().trim());
    }
    let names: Vec<String> = command
        .get_subcommands()
        .filter(|s| !s.is_hide_set())
        .map(|s| s.get_name().to_string())
        .collect();
    for name in names {
        if name == "help" {
            continue;
        }
        let sub = command.find_subcommand_mut(&name).unwrap();
        section(sub, &format!("{path} {name}"), out);
    }
}

/// Arguments a reader can give: not hidden, and not clap's own help and version.
fn shown(arg: &clap::Arg) -> bool {
    !arg.is_hide_set() && arg.get_id() != "help" && arg.get_id() != "version"
}

fn reference() -> String {
    let mut command = Cli::command();
    command.build();
    let mut out = String::from(
        "# prepdrill command reference\n\n\
         Generated from the command-line definitions by `tests/reference.rs`; do not edit by hand.\n\
         The [README](../README.md) is the guide; this page lists every command and flag.\n\n",
    );
    section(&mut command, "prepdrill", &mut out);
    out.trim_end().to_string() + "\n"
}

#[test]
fn the_reference_is_generated_from_the_command_line_and_up_to_date() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/reference.md");
    let fresh = reference();
    if std::env::var_os("UPDATE_REFERENCE").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &fresh).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == fresh,
        "docs/reference.md is out of date with the command line; run \
         `UPDATE_REFERENCE=1 cargo test --test integration reference::` and commit it"
    );
}

#[test]
fn every_subcommand_and_flag_is_in_the_reference() {
    let text = reference();
    let mut command = Cli::command();
    command.build();
    for sub in command
        .get_subcommands()
        .filter(|s| !s.is_hide_set() && s.get_name() != "help")
    {
        assert!(
            text.contains(&format!("## `prepdrill {}`", sub.get_name())),
            "{}",
            sub.get_name()
        );
        for arg in sub.get_arguments().filter(|a| shown(a)) {
            if let Some(long) = arg.get_long() {
                assert!(text.contains(&format!("--{long}")), "--{long}");
            }
        }
    }
}
