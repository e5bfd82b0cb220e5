//! Issue 19 from the outside: the third round of hardening, on the surfaces added since the
//! second (own answers, mock, import, export, man, completion). One or more tests per numbered
//! item, each against the real binary; the full-screen cases in a pseudo-terminal.

#![allow(clippy::expect_used, clippy::unwrap_used)] // helpers outside #[test] should fail loudly

mod common;
#[path = "common/pty.rs"]
mod pty;

use std::fmt::Write as _;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use common::{BIN, Sandbox, assert_failed, drill_sandbox, hold_lock};
use pty::Pty;

/// How long any one step may take before a test gives up: generous, as CI machines stall.
const DEADLINE: Duration = Duration::from_secs(15);

const Q1: &str = "How would you threat model a new login feature?";

/// `program args` in an 80×24 pseudo-terminal, as its session leader, with this file's deadline.
fn pty_in(sandbox: &Sandbox, program: &str, args: &[&str]) -> Pty {
    Pty::program(sandbox.path(), &sandbox.terminal_env(), program, args).with_deadline(DEADLINE)
}

// ---------------------------------------------------------------------------------------------
// 4. No panic when stderr is gone.

/// Runs `args` with stderr a pipe whose reading end is already closed.
fn run_with_stderr_closed(sb: &Sandbox, args: &[&str]) -> Option<i32> {
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let status = sb
        .command()
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::from(writer))
        .status()
        .unwrap();
    status.code()
}

#[test]
fn item4_commands_with_stderr_gone_keep_their_exit_codes() {
    let sb = Sandbox::new();
    sb.write("data/prepdrill/answers.json", "{ damaged");
    for (args, code) in [
        (&["show", "no-such-question"][..], 1),
        (&["rate", "no-such-question", "good"][..], 1),
        (&["search", "zzzzqqq"][..], 1),
        // A damaged answers file is a warning for show: the question still shows.
        (&["show", "threat-model-mvp"][..], 0),
        (&["stats", "--json", "--bank", "missing.yaml"][..], 1),
        (
            &["export", "--format", "csv", "--tag", "no-such-tag"][..],
            1,
        ),
    ] {
        assert_eq!(
            run_with_stderr_closed(&sb, args),
            Some(code),
            "prepdrill {args:?}"
        );
    }
}

#[test]
fn item4_a_terminal_closed_during_a_lock_wait_ends_the_drill_with_129() {
    let sb = drill_sandbox();
    let mut pty = pty_in(&sb, BIN, &["drill", "--bank", "bank.yaml"]);
    pty.wait_for(Q1, 0);
    let lock = hold_lock(&sb.progress_file());
    pty.send(" ");
    pty.wait_for("Key points you covered", 0);
    let mark = pty.mark();
    pty.send("3");
    pty.wait_for("waiting for another prepdrill to finish saving", mark);
    pty.close("");
    assert_eq!(pty.exit_code(), 129, "a hang-up, not a panic (101)");
    drop(lock);
}

// ---------------------------------------------------------------------------------------------
// 17. Completion: the binary's path quoted, and a variable of prepdrill's own.

#[test]
fn item17_a_generic_complete_variable_changes_nothing() {
    let sb = Sandbox::new();
    let run = sb.run_with_env(&["list"], &[("COMPLETE", "bash")]);
    assert!(run.success(), "{run:#?}");
    assert!(run.stdout.contains("threat-model-mvp"), "{}", run.stdout);
    assert!(!run.stdout.contains("complete -"), "{}", run.stdout);
    // prepdrill's own variable still gives the script.
    let run = sb.run_with_env::<&str>(&[], &[("PREPDRILL_COMPLETE", "bash")]);
    assert!(run.stdout.contains("_clap_complete_prepdrill"), "{run:#?}");
}

/// Runs a binary that this test has just copied. Another test thread that
/// forks while the copy's write handle is open carries that handle into its
/// child until the child execs, and Linux refuses to run a file open for
/// writing ("Text file busy"); that window is short, so wait it out.
fn output_of_fresh_copy(command: &mut Command) -> std::process::Output {
    for _ in 0..100 {
        match command.output() {
            Err(e) if e.kind() == std::io::ErrorKind::ExecutableFileBusy => {
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
            other => return other.unwrap(),
        }
    }
    panic!("the copied binary stayed busy for 2 s");
}

#[test]
fn item17_a_binary_path_with_spaces_and_dollars_completes_and_runs_nothing() {
    if Command::new("bash").arg("--version").output().is_err() {
        eprintln!("note: bash is not installed; skipping the bash round trip");
        return;
    }
    let sb = Sandbox::new();
    let dir = sb.path().join("my tools $(touch PWNED) it's");
    std::fs::create_dir_all(&dir).unwrap();
    let binary = dir.join("prepdrill");
    std::fs::copy(BIN, &binary).unwrap();
    for (how, script) in [
        ("completions bash", {
            let out = output_of_fresh_copy(
                Command::new(&binary)
                    .args(["completions", "bash"])
                    .env_clear()
                    .env("HOME", sb.path().join("home")),
            );
            String::from_utf8(out.stdout).unwrap()
        }),
        ("PREPDRILL_COMPLETE=bash", {
            let out = output_of_fresh_copy(
                Command::new(&binary)
                    .env_clear()
                    .env("HOME", sb.path().join("home"))
                    .env("PREPDRILL_COMPLETE", "bash"),
            );
            String::from_utf8(out.stdout).unwrap()
        }),
    ] {
        let registration = sb.write("prepdrill.bash", &script);
        let driver = format!(
            "source '{}'\n\
             COMP_WORDS=(prepdrill show thr); COMP_CWORD=2; COMP_TYPE=9\n\
             _clap_complete_prepdrill prepdrill thr show\n\
             printf '%s\\n' \"${{COMPREPLY[@]}}\"\n",
            registration.display()
        );
        let output = Command::new("bash")
            .arg("-c")
            .arg(&driver)
            .current_dir(sb.path())
            .env_clear()
            .envs([
                ("HOME", sb.path().join("home")),
                ("XDG_CACHE_HOME", sb.path().join("cache")),
            ])
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert_eq!(
            stdout.trim(),
            "threat-model-mvp",
            "{how}: {stdout} {}\n{script}",
            String::from_utf8_lossy(&output.stderr)
        );
        assert!(
            !sb.path().join("PWNED").exists() && !dir.join("PWNED").exists(),
            "{how}: the path ran as a command"
        );
    }
}

/// Runs `command`, killing it if it has not finished within [`DEADLINE`]: `None` then.
fn run_bounded(mut command: Command) -> Option<common::Run> {
    let mut child = command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = std::time::Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > DEADLINE {
            let _ = child.kill();
            let _ = child.wait();
            return None;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let output = child.wait_with_output().unwrap();
    Some(common::Run {
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        stdout_bytes: output.stdout,
        stderr_bytes: output.stderr,
        code: output.status.code(),
    })
}

// ---------------------------------------------------------------------------------------------
// 5. Bounded import of Anki headers.

#[test]
fn item5_anki_column_numbers_beyond_the_table_are_refused() {
    let sb = Sandbox::new();
    for header in ["#tags column:100000000", "#guid column:4000000000"] {
        sb.write(
            "notes.txt",
            format!(
                "#separator:tab\n#html:false\n{header}\n#columns:question\twhy\tanswer\nQ?\tW\tA\n"
            ),
        );
        // Bounded memory, so the old code fails quickly instead of taking the machine with it.
        let mut command = Command::new("sh");
        command
            .arg("-c")
            .arg(format!("ulimit -v 1000000; exec '{BIN}' import notes.txt"))
            .current_dir(sb.path());
        let run = run_bounded(command).expect("import finished");
        assert_failed(&run, &[header.into()]);
        assert!(
            run.stderr.contains(header) && run.stderr.contains("does not have"),
            "{header}: {}",
            run.stderr
        );
    }
    // A column that exists still works.
    sb.write(
        "notes.txt",
        "#separator:tab\n#html:false\n#tags column:4\n#columns:question\twhy\tanswer\nQ?\tW\tA\tjs\n",
    );
    let run = sb.run(&["import", "notes.txt"]);
    assert!(
        run.success() && run.stdout.contains("tags: [\"js\"]"),
        "{run:#?}"
    );
}

// ---------------------------------------------------------------------------------------------
// 11. Locks that are not plain files.

#[test]
fn item11_a_fifo_for_a_lock_is_refused_at_once() {
    let sb = Sandbox::new();
    let lock = sb.progress_file().with_extension("json.lock");
    std::fs::create_dir_all(lock.parent().unwrap()).unwrap();
    let made = Command::new("mkfifo").arg(&lock).status().unwrap();
    assert!(made.success());
    let mut command = sb.command();
    command.args(["rate", "threat-model-mvp", "good"]);
    let run = run_bounded(command).expect("rate waited forever on a FIFO");
    assert_failed(&run, &["rate".into()]);
    assert!(
        run.stderr.contains("progress.json.lock") && run.stderr.contains("not a regular file"),
        "{}",
        run.stderr
    );
}

// ---------------------------------------------------------------------------------------------
// 18. Import scales.

/// A page listing `n` questions, then a block for each: half of them the same question (whose
/// ids must be numbered), half distinct.
fn long_page(n: usize) -> String {
    let mut page =
        String::from("Big Engineer Interview Questions\nInterview Questions for Big Engineer\n");
    let question = |i: usize| {
        if i.is_multiple_of(2) {
            "Tell me about a time you failed?".to_string()
        } else {
            format!("How would you design service number {i}?")
        }
    };
    for i in 0..n {
        page.push_str(&question(i));
        page.push('\n');
    }
    page.push_str("-\n");
    for i in 0..n {
        let _ = write!(
            page,
            "{}\nEmployers ask this question to see judgement.\nAnswer Example: \"I would measure first, case {i}.\"\n-\n",
            question(i)
        );
    }
    page
}

/// How long `import` takes on [`long_page`] of `n` questions; `None` past [`DEADLINE`] × 4.
fn import_time(sb: &Sandbox, n: usize) -> Option<Duration> {
    sb.write("page.txt", long_page(n));
    let start = std::time::Instant::now();
    let mut child = sb
        .command()
        .args(["import", "page.txt", "-o", "out.yaml", "--force"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            assert!(status.success(), "import of {n} questions failed");
            return Some(start.elapsed());
        }
        if start.elapsed() > DEADLINE * 4 {
            let _ = child.kill();
            let _ = child.wait();
            return None;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Not a speed claim (that is benches/import_scale.sh): a check of the shape. Eight times the
/// questions takes about eight times as long when import is linear, and sixty-four times when it
/// is quadratic; the bound sits far from both.
#[test]
fn item18_import_grows_linearly_with_the_question_list() {
    let sb = Sandbox::new();
    let small = import_time(&sb, 1_000).expect("1,000 questions imported");
    let yaml = std::fs::read_to_string(sb.path().join("out.yaml")).unwrap();
    assert!(
        yaml.contains("id: \"failed-500\""),
        "the 500th repeat is numbered 500"
    );
    let large = import_time(&sb, 8_000).expect("8,000 questions imported in time");
    let ratio = large.as_secs_f64() / small.as_secs_f64().max(0.001);
    assert!(
        ratio < 24.0,
        "8× the questions took {ratio:.1}× as long ({small:?}, then {large:?})"
    );
}

// ---------------------------------------------------------------------------------------------
// 6. Nothing raw reaches a terminal.

const HOSTILE_BANK: &str = r#"
deck: hostile
title: Hostile
role: Engineer
questions:
  - id: clipboard
    category: technical
    question: "Copy \e]52;c;aGVsbG8=\a this \u009b31m red \u202e reversed?"
    why: "Why."
    answer: "Answer."
"#;

/// The raw bytes a terminal would be sent that can act on it.
fn raw_controls(text: &str) -> Vec<&'static str> {
    [
        ("\x1b]52", "OSC 52"),
        ("\u{9b}", "C1 CSI"),
        ("\u{202e}", "bidi override"),
    ]
    .into_iter()
    .filter(|(raw, _)| text.contains(raw))
    .map(|(_, name)| name)
    .collect()
}

#[test]
fn item6_exports_on_a_terminal_are_neutralised_and_pipes_stay_exact() {
    let sb = Sandbox::new();
    sb.write("bank.yaml", HOSTILE_BANK);
    for format in ["csv", "anki", "markdown"] {
        let args = ["export", "--bank", "bank.yaml", "--format", format];
        let shown = sb.run_on_terminal(&args, &[]);
        assert!(shown.contains("reversed"), "{format}: {shown}");
        assert!(
            raw_controls(&shown).is_empty(),
            "{format}: {:?}",
            raw_controls(&shown)
        );
        // Into a pipe it stays byte-exact.
        let piped = sb.run(&args);
        assert!(piped.success(), "{piped:#?}");
        if format != "markdown" {
            assert_eq!(
                raw_controls(&piped.stdout).len(),
                3,
                "{format}: {}",
                piped.stdout
            );
        }
    }
}

#[test]
fn item6_an_import_warning_on_a_terminal_is_neutralised() {
    let sb = Sandbox::new();
    sb.write(
        "page.txt",
        "Big Engineer Interview Questions\nInterview Questions for Big Engineer\n\
         Listed \x1b]52;c;aGVsbG8=\x07 only \u{9b}31m \u{202e}?\n-\n\
         Real question?\nEmployers ask this question to see.\nAnswer Example: \"Yes.\"\n-\n",
    );
    let shown = sb.run_on_terminal(&["import", "page.txt", "-o", "out.yaml"], &[]);
    assert!(shown.contains("listed, but no block"), "{shown}");
    assert!(
        raw_controls(&shown).is_empty(),
        "{:?}",
        raw_controls(&shown)
    );
}

// ---------------------------------------------------------------------------------------------
// 14. Output paths.

#[test]
fn item14_export_refuses_to_write_over_prepdrills_own_files() {
    let sb = Sandbox::new();
    sb.ok(&["rate", "threat-model-mvp", "good"]);
    sb.write("config/prepdrill/config.yaml", "answer-time: 90\n");
    let progress = std::fs::read(sb.progress_file()).unwrap();
    // Also through a symlink in the working directory.
    std::os::unix::fs::symlink(sb.progress_file(), sb.path().join("sheet.md")).unwrap();
    for target in [
        sb.progress_file(),
        sb.path().join("data/prepdrill/answers.json"),
        sb.config_file(),
        sb.path().join("sheet.md"),
    ] {
        let run = sb.run(&["export".as_ref(), "-o".as_ref(), target.as_os_str()]);
        assert_failed(&run, &[target.display().to_string()]);
        assert!(
            run.stderr.contains("prepdrill's own files"),
            "{}",
            run.stderr
        );
    }
    assert_eq!(std::fs::read(sb.progress_file()).unwrap(), progress);
    assert!(!sb.path().join("data/prepdrill/answers.json").exists());
    assert_eq!(
        std::fs::read_to_string(sb.config_file()).unwrap(),
        "answer-time: 90\n"
    );
}

#[test]
fn item14_import_through_a_dangling_link_writes_its_target() {
    let sb = Sandbox::new();
    sb.write("bank.csv", "question,why,answer\nA question?,Why,Answer\n");
    std::fs::create_dir_all(sb.path().join("banks")).unwrap();
    let link = sb.path().join("bank.yaml");
    std::os::unix::fs::symlink("banks/real.yaml", &link).unwrap();
    let run = sb.run(&["import", "bank.csv", "-o", "bank.yaml", "--force"]);
    assert!(run.success(), "{run:#?}");
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink(),
        "the link itself was replaced"
    );
    let written = std::fs::read_to_string(sb.path().join("banks/real.yaml")).unwrap();
    assert!(written.contains("A question?"), "{written}");
    sb.ok(&["check", "bank.yaml"]);
}

#[test]
fn item14_a_csv_cell_beginning_with_deck_is_not_a_bank() {
    let sb = Sandbox::new();
    sb.write(
        "bank.csv",
        "question,why,answer\n\"Which one?\ndeck: or pack?\",Why,Answer\nOther?,\"Why\nquestions: many\",A\n",
    );
    let run = sb.run(&["import", "bank.csv", "-o", "bank.yaml"]);
    assert!(run.success(), "{run:#?}");
    // A real bank is still told apart.
    let bank = sb.run(&["import", "bank.yaml"]);
    assert_failed(&bank, &["import bank.yaml".into()]);
    assert!(
        bank.stderr.contains("already a question bank"),
        "{}",
        bank.stderr
    );
}

// ---------------------------------------------------------------------------------------------
// 15. man --dir: atomic, never through a symlink, all or nothing, hand edits kept.

fn man_pages(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap())
        .map(|e| {
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap_or_default(),
            )
        })
        .collect()
}

#[test]
fn item15_man_dir_never_writes_through_a_planted_symlink() {
    let sb = Sandbox::new();
    let dir = sb.path().join("man1");
    std::fs::create_dir_all(&dir).unwrap();
    let victim = sb.write("victim.txt", "precious\n");
    std::os::unix::fs::symlink(&victim, dir.join("prepdrill-drill.1")).unwrap();
    let err = sb.fails(&["man", "--dir", "man1"]);
    assert!(err.contains("symlink"), "{err}");
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious\n");
    assert_eq!(
        man_pages(&dir).len(),
        1,
        "all or nothing: no page was written beside the refusal"
    );
}

#[test]
fn item15_man_dir_keeps_hand_edited_pages_unless_forced() {
    let sb = Sandbox::new();
    sb.ok(&["man", "--dir", "man1"]);
    // Unedited pages are replaced without a word.
    sb.ok(&["man", "--dir", "man1"]);
    let page = sb.path().join("man1/prepdrill-rate.1");
    let mut edited = std::fs::read_to_string(&page).unwrap();
    edited.push_str(".\\\" my own note\n");
    std::fs::write(&page, &edited).unwrap();
    let err = sb.fails(&["man", "--dir", "man1"]);
    assert!(
        err.contains("prepdrill-rate.1") && err.contains("--force"),
        "{err}"
    );
    assert_eq!(std::fs::read_to_string(&page).unwrap(), edited);
    sb.ok(&["man", "--dir", "man1", "--force"]);
    assert!(
        !std::fs::read_to_string(&page)
            .unwrap()
            .contains("my own note")
    );
}

#[test]
fn item15_man_dir_on_a_full_disk_writes_all_or_nothing() {
    // A small tmpfs, when this runs as root and may mount one; otherwise skipped.
    let sb = Sandbox::new();
    let mount = sb.path().join("small");
    std::fs::create_dir(&mount).unwrap();
    let mounted = Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=1m", "tmpfs"])
        .arg(&mount)
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !mounted {
        eprintln!("skipped: cannot mount a small tmpfs here (needs root)");
        return;
    }
    // Fill the disk, leaving room for about three pages of the thirty.
    let filler = mount.join("filler");
    let mut size = 1 << 20;
    while size > 4096 && std::fs::write(&filler, vec![0u8; size]).is_err() {
        size -= 4096;
    }
    let _ = std::fs::write(&filler, vec![0u8; size.saturating_sub(12 << 10)]);
    let run = sb.run(&["man", "--dir", "small/man1"]);
    let left = man_pages(&mount.join("man1"));
    let _ = Command::new("umount").arg(&mount).status();
    assert_failed(&run, &["man --dir on a full disk".into()]);
    assert!(
        left.is_empty(),
        "all or nothing: {} pages (or temporary files) left: {:?}",
        left.len(),
        left.keys()
    );
}

// ---------------------------------------------------------------------------------------------
// 16. Two profiles in one synced folder.

#[test]
fn item16_two_profiles_saving_into_one_folder_never_fail() {
    let sb = Sandbox::new();
    let sync = sb.path().join("sync");
    std::fs::create_dir_all(&sync).unwrap();
    for profile in ["alice", "bob"] {
        let data = sb.path().join(profile);
        std::fs::create_dir_all(&data).unwrap();
        std::os::unix::fs::symlink(
            sync.join(format!("{profile}.json")),
            data.join("progress.json"),
        )
        .unwrap();
    }
    let saves = 12;
    let failures = std::sync::Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for profile in ["alice", "bob"] {
            let (sb, failures) = (&sb, &failures);
            scope.spawn(move || {
                for i in 0..saves {
                    let card = if i % 2 == 0 {
                        "threat-model-mvp"
                    } else {
                        "secrets-management"
                    };
                    let run = sb.run_with_env(
                        &["--data-dir", profile, "rate", card, "good"],
                        &[("PREPDRILL_NOW", "")],
                    );
                    if !run.success() {
                        failures.lock().unwrap().push(run.stderr);
                    }
                }
            });
        }
    });
    let failures = failures.into_inner().unwrap();
    assert!(
        failures.is_empty(),
        "{} saves failed: {failures:#?}",
        failures.len()
    );
    for profile in ["alice", "bob"] {
        let reviews = read_reviews(&sync.join(format!("{profile}.json")));
        assert_eq!(reviews, saves, "{profile}");
    }
    let left: Vec<_> = std::fs::read_dir(&sync)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| Path::new(n).extension().is_some_and(|e| e == "tmp"))
        .collect();
    assert!(left.is_empty(), "temporary files left: {left:?}");
}

fn read_reviews(path: &Path) -> usize {
    let text = std::fs::read_to_string(path).unwrap();
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    json["reviews"].as_array().map_or(0, Vec::len)
}

// ---------------------------------------------------------------------------------------------
// 19. Smaller things.

#[test]
fn item19_temporaries_of_a_killed_answer_save_are_removed_and_live_ones_kept() {
    let sb = Sandbox::new();
    let data = sb.path().join("data/prepdrill");
    sb.write(
        "data/prepdrill/answers.json",
        r#"{"version":1,"answers":{"staff-product-security-engineer/threat-model-mvp":{"text":"Mine","updated":"2026-11-01T00:00:00Z"}}}"#,
    );
    // Left by a save whose process is gone (no process has pid 4,000,000,000), and one by a
    // live process (this test's).
    let dead = sb.write(
        "data/prepdrill/.answers.json.4000000000.AbCdEf.tmp",
        "partial",
    );
    let live_name = format!(".answers.json.{}.XyZ123.tmp", std::process::id());
    let live = sb.write(&format!("data/prepdrill/{live_name}"), "in flight");
    sb.ok(&["my-answer", "threat-model-mvp", "--delete"]);
    assert!(!dead.exists(), "a dead save's temporary file stays behind");
    assert!(live.exists(), "a live save's temporary file was deleted");
    assert!(data.join("answers.json").exists());
}

// ---------------------------------------------------------------------------------------------
// 2. Own answers never vanish after "Saved".

const TM_KEY: &str = "staff-product-security-engineer/threat-model-mvp";

fn answers_json(sb: &Sandbox) -> serde_json::Value {
    let text = std::fs::read_to_string(sb.path().join("data/prepdrill/answers.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

#[test]
fn item2_overlapping_editors_keep_every_saved_text() {
    use std::os::unix::fs::PermissionsExt;
    let mut sb = Sandbox::new();
    // Every editor stays open a second, so all four are open before any saves.
    let editor = sb.write(
        "editor.sh",
        "#!/bin/sh\nsleep 1\necho \"Answer from editor $$\" > \"$1\"\n",
    );
    std::fs::set_permissions(&editor, std::fs::Permissions::from_mode(0o755)).unwrap();
    sb.set_env("EDITOR", &editor);
    sb.set_env("PREPDRILL_NOW", "");
    let runs: Vec<common::Run> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..4)
            .map(|_| scope.spawn(|| sb.run(&["my-answer", "threat-model-mvp"])))
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    for run in &runs {
        assert!(run.success() && run.stdout.contains("Saved"), "{run:#?}");
    }
    let entry = &answers_json(&sb)["answers"][TM_KEY];
    let mut texts: Vec<String> = entry["previous"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|p| p["text"].as_str().unwrap().to_string())
        .collect();
    texts.push(entry["text"].as_str().unwrap().to_string());
    texts.sort();
    texts.dedup();
    assert_eq!(texts.len(), 4, "every saved text is kept: {entry:#}");
    let listed = sb.ok(&["answers", "threat-model-mvp"]);
    assert_eq!(
        listed.matches("Answer from editor").count(),
        3,
        "`answers` lists the earlier versions: {listed}"
    );
}

// ---------------------------------------------------------------------------------------------
// 3. Answers merge with the same rules as reviews.

fn answers_file_with(entries: &str) -> String {
    format!(r#"{{"version":1,"answers":{{{entries}}}}}"#)
}

#[test]
fn item3_a_machine_with_only_answers_can_be_merged_from() {
    let sb = Sandbox::new();
    sb.write(
        "other/answers.json",
        answers_file_with(&format!(
            r#""{TM_KEY}":{{"text":"From the other machine.","updated":"2026-11-01T00:00:00Z"}}"#
        )),
    );
    let run = sb.run(&["progress", "merge", "other/progress.json"]);
    assert!(run.success(), "{run:#?}");
    assert_eq!(
        sb.ok(&["my-answer", "threat-model-mvp", "--show"]),
        "From the other machine.\n"
    );
}

#[test]
fn item3_an_answer_dated_absurdly_far_ahead_is_refused() {
    let sb = Sandbox::new();
    sb.write(
        "data/prepdrill/answers.json",
        answers_file_with(&format!(
            r#""{TM_KEY}":{{"text":"Mine.","updated":"2026-11-01T00:00:00Z"}}"#
        )),
    );
    sb.write(
        "other/progress.json",
        r#"{"version":1,"reviews":[],"cards":{}}"#,
    );
    sb.write(
        "other/answers.json",
        answers_file_with(&format!(
            r#""{TM_KEY}":{{"text":"From 9999.","updated":"9999-01-01T00:00:00Z"}}"#
        )),
    );
    let run = sb.run(&["progress", "merge", "other/progress.json"]);
    assert!(run.success(), "{run:#?}");
    assert!(run.stderr.contains("refused"), "{}", run.stderr);
    assert_eq!(
        sb.ok(&["my-answer", "threat-model-mvp", "--show"]),
        "Mine.\n"
    );
}

#[test]
fn item3_equal_stamps_merge_the_same_either_way() {
    let at = "2026-11-01T00:00:00Z";
    let texts = ["Alpha.", "Beta."];
    let mut shown = Vec::new();
    for (mine, theirs) in [(0, 1), (1, 0)] {
        let sb = Sandbox::new();
        for (dir, text) in [("data/prepdrill", texts[mine]), ("other", texts[theirs])] {
            sb.write(
                &format!("{dir}/answers.json"),
                answers_file_with(&format!(
                    r#""{TM_KEY}":{{"text":"{text}","updated":"{at}"}}"#
                )),
            );
        }
        sb.write(
            "other/progress.json",
            r#"{"version":1,"reviews":[],"cards":{}}"#,
        );
        sb.ok(&["progress", "merge", "other/progress.json"]);
        shown.push(sb.ok(&["my-answer", "threat-model-mvp", "--show"]));
    }
    assert_eq!(shown[0], shown[1], "merge is not commutative");
}

#[test]
fn item3_unknown_fields_in_answers_survive_a_save() {
    let sb = Sandbox::new();
    sb.write(
        "data/prepdrill/answers.json",
        format!(
            r#"{{"version":1,"from_the_future":{{"x":1}},"answers":{{"{TM_KEY}":{{"text":"Mine.","updated":"2026-11-01T00:00:00Z","mood":"calm"}},"staff-product-security-engineer/secrets-management":{{"text":"Other.","updated":"2026-11-01T00:00:00Z"}}}}}}"#
        ),
    );
    sb.ok(&["my-answer", "secrets-management", "--delete"]);
    let json = answers_json(&sb);
    assert_eq!(json["from_the_future"]["x"], 1, "{json:#}");
    assert_eq!(json["answers"][TM_KEY]["mood"], "calm", "{json:#}");
}
