//! Shell support: dynamic completion through clap_complete's engine, and man pages that render.

#![allow(clippy::expect_used, clippy::unwrap_used)] // helpers outside #[test] should fail loudly

use crate::common;

use std::path::Path;
use std::process::Command;

use common::{BIN, Sandbox};

/// Candidates the engine offers for the last word of `line`, as fish asks for them (one per
/// line, a tab before the description).
fn complete(sb: &Sandbox, line: &[&str]) -> Vec<String> {
    let mut args = vec!["--", "prepdrill"];
    args.extend_from_slice(line);
    let run = sb.run_with_env(&args, &[("PREPDRILL_COMPLETE", "fish")]);
    assert!(run.success(), "{run:?}");
    run.stdout
        .lines()
        .map(|l| l.split('\t').next().unwrap_or_default().to_string())
        .collect()
}

#[test]
fn the_engine_completes_ids_tags_decks_grades_and_settings() {
    let sb = Sandbox::new();
    assert_eq!(complete(&sb, &["show", "thr"]), ["threat-model-mvp"]);
    let ids: Vec<String> = complete(&sb, &["show", ""])
        .into_iter()
        .filter(|c| !c.starts_with('-'))
        .collect();
    assert_eq!(ids.len(), 24, "every id: {ids:?}");
    assert_eq!(complete(&sb, &["rate", "vuln"]), ["vuln-triage-400"]);
    assert_eq!(
        complete(&sb, &["answers", "secrets-m"]),
        ["secrets-management"]
    );
    assert_eq!(
        complete(&sb, &["show", "staff"]),
        ["staff-product-security-engineer/"],
        "a deck name leads to its keys"
    );
    assert_eq!(
        complete(&sb, &["show", "staff-product-security-engineer/thr"]),
        ["staff-product-security-engineer/threat-model-mvp"]
    );
    assert_eq!(complete(&sb, &["show", "--tag", "secr"]), ["secrets"]);
    for command in ["list", "drill", "export", "next"] {
        assert_eq!(
            complete(&sb, &[command, "--tag", "supply"]),
            ["supply-chain"],
            "{command}"
        );
    }
    assert_eq!(complete(&sb, &["rate", "thr", "g"]), ["good"]);
    assert_eq!(
        complete(&sb, &["config", "set", "desired"]),
        ["desired-retention"]
    );
    assert_eq!(
        complete(&sb, &["drill", "--category", "be"]),
        ["behavioral"]
    );
    assert!(complete(&sb, &["show", "zzz"]).is_empty());
}

#[test]
fn completion_follows_the_bank_on_the_line_and_prepdrill_bank() {
    let mut sb = Sandbox::new();
    let bank = sb.write(
        "mine.yaml",
        "deck: mine\ntitle: Mine\nrole: R\nquestions:\n\
         - {id: event-loop, question: Explain the event loop., why: W, answer: A, category: technical, tags: [js]}\n",
    );
    // --bank on the line being completed, relative to the shell's directory.
    assert_eq!(
        complete(&sb, &["--bank", "mine.yaml", "show", "ev"]),
        ["event-loop"]
    );
    assert_eq!(
        complete(&sb, &["show", "--bank=mine.yaml", "ev"]),
        ["event-loop"]
    );
    assert!(
        complete(&sb, &["show", "ev"]).is_empty(),
        "the built-in bank has no ev…"
    );
    sb.set_env("PREPDRILL_BANK", bank);
    assert_eq!(complete(&sb, &["show", "ev"]), ["event-loop"]);
    assert_eq!(complete(&sb, &["show", "--tag", ""]), ["js"]);
}

/// The registration script `completions bash` prints, sourced into a real bash, completes
/// `prepdrill show thr<TAB>` by calling the binary back.
#[test]
fn bash_completes_show_thr_through_the_registration_script() {
    if Command::new("bash").arg("--version").output().is_err() {
        eprintln!("note: bash is not installed; skipping the bash round trip");
        return;
    }
    let sb = Sandbox::new();
    let script = sb.ok(&["completions", "bash"]);
    assert!(script.contains(BIN), "the script calls this binary back");
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
        .env_clear()
        .envs([
            ("HOME", sb.path().join("home")),
            ("XDG_CACHE_HOME", sb.path().join("cache")),
        ])
        .output()
        .expect("run bash");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout} {}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(stdout.trim(), "threat-model-mvp", "{stdout}");
}

#[test]
fn every_shell_gets_a_registration_script() {
    let sb = Sandbox::new();
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let script = sb.ok(&["completions", shell]);
        assert!(script.contains("PREPDRILL_COMPLETE"), "{shell}: {script}");
        // The same script as the environment variable gives.
        let run = sb.run_with_env::<&str>(&[], &[("PREPDRILL_COMPLETE", shell)]);
        assert_eq!(run.stdout, script, "{shell}");
    }
    let err = sb.fails(&["completions", "tcsh"]);
    assert!(err.contains("tcsh"), "{err}");
}

/// groff's warnings for one page, all of them enabled.
fn groff_warnings(page: &std::path::Path) -> String {
    let output = Command::new("groff")
        .args(["-man", "-Tutf8", "-ww", "-z"])
        .arg(page)
        .output()
        .expect("run groff");
    assert!(
        output.status.success(),
        "groff failed on {}",
        page.display()
    );
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn man_dir_writes_a_page_per_subcommand_and_each_renders_cleanly() {
    let sb = Sandbox::new();
    let dir = sb.path().join("man");
    let out = sb.ok(&["man", "--dir", dir.to_str().expect("utf-8 path")]);
    assert!(out.contains("Wrote"), "feedback after the action: {out}");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .expect("man dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    for expected in [
        "prepdrill.1",
        "prepdrill-drill.1",
        "prepdrill-show.1",
        "prepdrill-search.1",
        "prepdrill-config-set.1",
        "prepdrill-progress-merge.1",
    ] {
        assert!(
            names.iter().any(|n| n == expected),
            "no {expected}: {names:?}"
        );
    }
    // Every page the main page points at exists.
    let main = std::fs::read_to_string(dir.join("prepdrill.1")).expect("main page");
    for sub in ["drill", "show", "list", "search", "rate", "due", "man"] {
        assert!(
            main.contains(&format!("prepdrill\\-{sub}(1)")),
            "{sub} not referenced"
        );
        assert!(names.contains(&format!("prepdrill-{sub}.1")), "{sub}");
    }
    for section in [
        "KEYS",
        "FILES",
        "ENVIRONMENT",
        "\"EXIT STATUS\"",
        "EXAMPLES",
    ] {
        assert!(
            main.contains(&format!(".SH {section}")),
            "no {section} section"
        );
    }
    let drill = std::fs::read_to_string(dir.join("prepdrill-drill.1")).expect("drill page");
    assert!(drill.contains(".SH KEYS") && drill.contains("undo the last grade"));
    // Non-ASCII text (the help's dashes and ellipses) is escaped, so troff reads every page alike.
    for name in &names {
        let page = std::fs::read_to_string(dir.join(name)).expect("page");
        assert!(page.is_ascii(), "{name} has raw non-ASCII text");
    }
    // `prepdrill man` alone prints the main page.
    assert_eq!(sb.ok(&["man"]), main);

    if Command::new("groff").arg("--version").output().is_err() {
        eprintln!("note: groff is not installed; the pages were written but not rendered");
        return;
    }
    // The checker itself must notice a bad page, or a clean result means nothing.
    let bad = sb.write("bad.1", ".TH BAD 1\n.SH NAME\n.XQ not a macro\n\\fQ\n");
    assert!(
        !groff_warnings(&bad).is_empty(),
        "groff -ww reports nothing on a bad page"
    );
    for name in &names {
        let warnings = groff_warnings(&dir.join(name));
        assert!(warnings.is_empty(), "{name}: {warnings}");
    }
    // And man itself renders the main page with its sections.
    if let Ok(output) = Command::new("man")
        .arg("-l")
        .arg(dir.join("prepdrill.1"))
        .env("MANWIDTH", "80")
        .output()
    {
        let text = String::from_utf8_lossy(&output.stdout);
        assert!(
            output.status.success() && output.stderr.is_empty(),
            "{output:?}"
        );
        for section in ["KEYS", "FILES", "ENVIRONMENT", "EXIT STATUS"] {
            assert!(text.contains(section), "man -l shows no {section}");
        }
    }
}

#[test]
fn man_dir_that_cannot_be_created_is_an_error() {
    let sb = Sandbox::new();
    let file = sb.write("a-file", "x");
    let err = sb.fails(&["man", "--dir", file.join("sub").to_str().expect("utf-8")]);
    assert!(err.contains("a-file"), "{err}");
}

/// The man page `man -w` opens for `name` with `manpath`, or `None` when man finds none or there
/// is no man.
fn man_finds(name: &str, manpath: Option<&str>, home: &Path) -> Option<String> {
    let mut command = Command::new("man");
    command.arg("-w").arg(name).env_clear().env("HOME", home);
    if let Some(path) = std::env::var_os("PATH") {
        command.env("PATH", path);
    }
    if let Some(manpath) = manpath {
        command.env("MANPATH", manpath);
    }
    let output = command.output().ok()?;
    output
        .status
        .success()
        .then(|| String::from_utf8_lossy(&output.stdout).trim().to_string())
}

#[test]
fn man_install_writes_where_man_looks_in_a_temporary_home() {
    let mut sb = Sandbox::new();
    let home = sb.path().join("home");
    let data = sb.path().join("data");
    let have_man = Command::new("man").arg("--version").output().is_ok();

    // XDG_DATA_HOME set, no MANPATH: the pages go to $XDG_DATA_HOME/man/man1, and man (which
    // looks only in MANPATH or beside PATH) does not find them, so the line to add is given.
    let out = sb.ok(&["man", "--install"]);
    let dir = data.join("man/man1");
    assert!(dir.join("prepdrill-drill.1").is_file(), "{out}");
    assert!(
        out.contains(&format!("man pages to {}.", dir.display())),
        "{out}"
    );
    let line = format!("export MANPATH=\"{}:$MANPATH\"", data.join("man").display());
    assert!(out.contains(&line), "{out}");
    if have_man {
        assert!(out.contains("does not find them yet"), "{out}");
        assert_eq!(man_finds("prepdrill-drill", None, &home), None);
    } else {
        assert!(out.contains("no `man` program"), "{out}");
    }

    // With that MANPATH in force, the install checks and man opens these very pages.
    let manpath = format!("{}:", data.join("man").display());
    sb.set_env("MANPATH", &manpath);
    let out = sb.ok(&["man", "--install"]);
    if have_man {
        assert!(
            out.contains("Checked: `man prepdrill-drill` finds them."),
            "{out}"
        );
        let found = man_finds("prepdrill-drill", Some(&manpath), &home).expect("found");
        assert_eq!(Path::new(&found), dir.join("prepdrill-drill.1"));
    }

    // A page edited by hand stops the install before anything is written (as `man --dir`).
    let edited = dir.join("prepdrill-show.1");
    std::fs::write(&edited, "my notes\n").expect("edit");
    let before = std::fs::read(dir.join("prepdrill.1")).expect("page");
    std::fs::remove_file(dir.join("prepdrill.1")).expect("remove");
    let err = sb.fails(&["man", "--install"]);
    assert!(
        err.contains("prepdrill-show.1") && err.contains("nothing was written"),
        "{err}"
    );
    assert!(
        !dir.join("prepdrill.1").exists(),
        "a page was written despite the refusal"
    );
    assert_eq!(
        std::fs::read_to_string(&edited).expect("kept"),
        "my notes\n"
    );
    sb.ok(&["man", "--install", "--force"]);
    assert_eq!(
        std::fs::read(dir.join("prepdrill.1")).expect("page"),
        before
    );

    // Without XDG_DATA_HOME or MANPATH: ~/.local/share/man/man1 in the (temporary) home.
    let run = sb
        .command()
        .args(["man", "--install"])
        .env_remove("XDG_DATA_HOME")
        .env_remove("MANPATH")
        .output()
        .expect("run");
    let out = String::from_utf8_lossy(&run.stdout);
    assert!(run.status.success(), "{run:?}");
    assert!(
        home.join(".local/share/man/man1/prepdrill-drill.1")
            .is_file(),
        "{out}"
    );
    assert!(
        out.contains(&format!("{}/.local/bin on PATH", home.display())),
        "{out}"
    );
}
