//! The README's examples, run. Every command line in the README's `sh` blocks runs in order in one
//! sandbox with a pinned clock, as a reader pasting them would; each must succeed, and the whole
//! transcript (command, exit code, output) is kept as a snapshot, so a change in what the binary
//! prints, or a README example that no longer runs, fails the suite.
//!
//! After a deliberate change: `INSTA_UPDATE=always cargo test --test integration readme::`, then read the diff.

#![allow(clippy::expect_used, clippy::unwrap_used)] // helpers outside #[test] should fail loudly

use crate::common;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use common::{BIN, NOW};

/// Lines that are not ours to run here: the toolchain's (CI runs the test command itself), and a
/// manual page viewer that a machine may not have.
fn skipped(line: &str) -> bool {
    line.starts_with("cargo ") || (line.contains("man ") && !has("man")) || line.starts_with("man ")
}

fn has(program: &str) -> bool {
    Command::new(program)
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok()
}

/// Every command line of the README's `sh` blocks, less its trailing comment.
fn readme_commands() -> Vec<String> {
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"))
        .expect("README.md");
    let mut commands = Vec::new();
    let mut in_sh = false;
    for line in readme.lines() {
        if let Some(lang) = line.strip_prefix("```") {
            in_sh = !in_sh && lang.trim() == "sh";
            continue;
        }
        if !in_sh {
            continue;
        }
        let command = match line.find("  #") {
            Some(cut) => &line[..cut],
            None => line,
        };
        let command = command.trim();
        if !command.is_empty() && !skipped(command) {
            commands.push(command.to_string());
        }
    }
    commands
}

/// The first `yaml` block of the README: its example bank.
fn readme_bank() -> String {
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"))
        .expect("README.md");
    let start = readme.find("```yaml\n").expect("a yaml block") + "```yaml\n".len();
    readme[start..start + readme[start..].find("```").expect("its end")].to_string()
}

/// A home for the reader: the files the examples name, an editor that writes, `prepdrill` on PATH.
struct Home {
    dir: tempfile::TempDir,
}

impl Home {
    fn new() -> Home {
        let dir = tempfile::tempdir().expect("temp dir");
        let home = Home { dir };
        let root = home.root();
        let bin = root.join("bin");
        std::fs::create_dir_all(&bin).unwrap();
        std::os::unix::fs::symlink(BIN, bin.join("prepdrill")).unwrap();
        let editor = bin.join("editor");
        std::fs::write(
            &editor,
            "#!/bin/sh\nprintf 'I framed the risk as lost sign-ups and offered a minimal rate limiter.\\n' > \"$1\"\n",
        )
        .unwrap();
        std::fs::set_permissions(&editor, std::os::unix::fs::PermissionsExt::from_mode(0o755))
            .unwrap();
        let bank = readme_bank();
        std::fs::write(root.join("my-bank.yaml"), &bank).unwrap();
        std::fs::create_dir_all(root.join("banks")).unwrap();
        std::fs::write(root.join("banks/frontend.yaml"), &bank).unwrap();
        std::fs::create_dir_all(root.join("home/banks")).unwrap();
        std::fs::write(root.join("home/banks/frontend.yaml"), &bank).unwrap();
        std::fs::write(
            root.join("extra.yaml"),
            bank.replace("deck: frontend-engineer", "deck: frontend-extra"),
        )
        .unwrap();
        let seed = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/seed.txt");
        std::fs::copy(seed, root.join("page.txt")).unwrap();
        for dir in [".config/fish", ".config/elvish", "other-machine"] {
            std::fs::create_dir_all(root.join("home").join(dir)).unwrap();
        }
        std::fs::write(
            root.join("home/other-machine/progress.json"),
            r#"{"version":1,"reviews":[],"cards":{}}"#,
        )
        .unwrap();
        // The reader has drilled with --type once, so `my-answer --from-typed` has an answer.
        let data = root.join("home/.local/share/prepdrill");
        std::fs::create_dir_all(&data).unwrap();
        std::fs::write(
            data.join("progress.json"),
            r#"{"version":1,"reviews":[{"id":"typed-once","card":"staff-product-security-engineer/threat-model-mvp","at":"2026-11-25T18:00:00Z","rating":"good","duration_ms":95000,"timed_out":false,"typed_answer":"Whiteboard the data flows with the tech lead, STRIDE them, agree three fixes that fit the sprint."}],"cards":{}}"#,
        )
        .unwrap();
        home
    }

    fn root(&self) -> PathBuf {
        self.dir.path().to_path_buf()
    }

    /// Runs one README line through `sh`, as a reader's shell would.
    fn run(&self, line: &str) -> (Option<i32>, String, String) {
        let root = self.root();
        let output = Command::new("bash")
            .arg("-c")
            .arg(line)
            .env_clear()
            .env("HOME", root.join("home"))
            .env("XDG_CONFIG_HOME", root.join("home/.config"))
            .env("XDG_DATA_HOME", root.join("home/.local/share"))
            .env("XDG_CACHE_HOME", root.join("home/.cache"))
            .env(
                "PATH",
                format!("{}:/usr/bin:/bin", root.join("bin").display()),
            )
            .env("PREPDRILL_NOW", NOW)
            .env("TZ", "UTC")
            .env("EDITOR", root.join("bin/editor"))
            .current_dir(&root)
            .stdin(Stdio::null())
            .output()
            .expect("run bash");
        let clean = |bytes: &[u8]| {
            let text =
                String::from_utf8_lossy(bytes).replace(&root.display().to_string(), "[HOME]");
            stable_times(&text)
        };
        (
            output.status.code(),
            clean(&output.stdout),
            clean(&output.stderr),
        )
    }
}

/// Answer times and countdowns (`00:03`, `19:58`) depend on how fast the machine ran the drill;
/// the rest of the transcript does not.
fn stable_times(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        let window = chars.get(i..i + 5);
        let is_clock = window.is_some_and(|w| {
            w[0].is_ascii_digit()
                && w[1].is_ascii_digit()
                && w[2] == ':'
                && w[3].is_ascii_digit()
                && w[4].is_ascii_digit()
        }) && (i == 0 || !chars[i - 1].is_ascii_digit() && chars[i - 1] != ':')
            && chars
                .get(i + 5)
                .is_none_or(|c| *c != ':' && !c.is_ascii_digit());
        if is_clock {
            out.push_str("MM:SS");
            i += 5;
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    out
}

#[test]
fn every_readme_example_runs_and_prints_what_it_printed() {
    let home = Home::new();
    let commands = readme_commands();
    assert!(commands.len() >= 60, "{commands:#?}");
    let mut transcript = String::new();
    let mut failed = Vec::new();
    for line in &commands {
        let (code, stdout, stderr) = home.run(line);
        if code != Some(0) {
            failed.push(format!("{line}\n  exit {code:?}\n  {stderr}"));
        }
        let _ = writeln!(transcript, "$ {line}\n[exit {}]", code.unwrap_or(-1));
        transcript.push_str(&stdout);
        if !stderr.is_empty() {
            transcript.push_str("[stderr]\n");
            transcript.push_str(&stderr);
        }
        transcript.push('\n');
    }
    assert!(
        failed.is_empty(),
        "README examples that do not run:\n{}",
        failed.join("\n")
    );
    insta::assert_snapshot!("readme_transcript", transcript);
}

#[test]
fn clocks_are_made_stable_and_nothing_else() {
    assert_eq!(
        stable_times("answered in 00:03 of 02:00 at 2026-11-26T12:00:00Z, 1:30"),
        "answered in MM:SS of MM:SS at 2026-11-26T12:00:00Z, 1:30"
    );
}
