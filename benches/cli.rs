//! Whole-process timings of prepdrill against `cat` and `grep`, on generated banks and progress
//! files. Run with `cargo bench`; it prints a table and asserts nothing.
//!
//! - lookup: `show ID` on the built-in bank and on banks of 2,000 and 10,000 questions, against
//!   `cat` of the bank file and `grep -m1 -A3 'id: ID'` over it;
//! - progress: `rate`, `stats` and `show` on an empty progress file and on 100,000 reviews over
//!   5,000 cards, and `progress rebuild` of those 100,000 reviews.

#![allow(clippy::expect_used, clippy::unwrap_used)] // a benchmark that cannot set up should stop

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_prepdrill");

/// The median wall time of `runs` runs of a command, output discarded.
fn median(runs: usize, mut make: impl FnMut() -> Command) -> Duration {
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let mut command = make();
            command.stdout(Stdio::null()).stderr(Stdio::null());
            let start = Instant::now();
            let status = command.status().expect("command runs");
            let elapsed = start.elapsed();
            assert!(status.success(), "{command:?} failed");
            elapsed
        })
        .collect();
    times.sort();
    times[times.len() / 2]
}

fn prepdrill(home: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(BIN);
    command
        .args(args)
        .env_clear()
        .env("HOME", home)
        .env("XDG_CACHE_HOME", home.join("cache"))
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_DATA_HOME", home.join("data"))
        .env("TZ", "UTC");
    command
}

/// A bank of `n` questions of realistic length.
fn generate_bank(path: &Path, n: usize) {
    let mut yaml = String::from(
        "deck: generated\ntitle: Generated bank\nrole: Benchmark\nanswer_time_secs: 120\nquestions:\n",
    );
    for i in 0..n {
        let _ = write!(
            yaml,
            "  - id: question-{i:05}\n    category: technical\n    tags: [tag-{}, tag-{}]\n    question: \"How would you approach problem number {i} in a fast-moving product team?\"\n    why: \"Employers ask this question to understand how you reason about problem {i} under time pressure, how you partner with engineering, and how you communicate trade-offs.\"\n    answer: \"I start by clarifying the goal and constraints of problem {i}, then map the data flows and trust boundaries, pick the top three risks, agree on mitigations that fit the sprint, and track follow-ups in the backlog with clear owners and dates so that nothing is lost.\"\n    key_points:\n      - \"Clarify goals and constraints\"\n      - \"Map data flows and trust boundaries\"\n      - \"Top three risks and mitigations\"\n",
            i % 20,
            (i + 7) % 20
        );
    }
    std::fs::write(path, yaml).expect("write bank");
}

/// A progress file of `reviews` reviews spread over `cards` cards of the built-in-like bank.
fn generate_progress(dir: &Path, deck: &str, ids: &[String], reviews: usize) {
    std::fs::create_dir_all(dir).expect("data dir");
    let mut json = String::from("{\"version\":1,\"reviews\":[");
    let start = 1_700_000_000i64;
    for i in 0..reviews {
        let card = &ids[i % ids.len()];
        let at = chrono::DateTime::from_timestamp(start + (i as i64) * 600, 0).expect("instant");
        let rating = ["again", "hard", "good", "easy"][(i * 7 + i / 3) % 4];
        if i > 0 {
            json.push(',');
        }
        let _ = write!(
            json,
            "{{\"id\":\"{:032x}\",\"card\":\"{deck}/{card}\",\"at\":\"{}\",\"rating\":\"{rating}\",\"duration_ms\":{},\"timed_out\":false}}",
            i as u128 * 2_654_435_761,
            at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            30_000 + (i % 90) * 1000
        );
    }
    json.push_str("],\"cards\":{}}");
    std::fs::write(dir.join("progress.json"), json).expect("write progress");
}

fn ratio(a: Duration, b: Duration) -> f64 {
    a.as_secs_f64() / b.as_secs_f64()
}

fn lookup(home: &Path) {
    println!("## show ID as a whole process (median of 15)\n");
    println!("| bank | size | prepdrill show | cat | grep -m1 -A3 | show/cat | show/grep |");
    println!("| --- | --- | --- | --- | --- | --- | --- |");
    let built_in = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("questions/staff-product-security-engineer.yaml");
    let mut cases = vec![(
        "built-in (24)".to_string(),
        built_in,
        "secrets-management".to_string(),
        None,
    )];
    for n in [2_000, 10_000] {
        let path = home.join(format!("bank-{n}.yaml"));
        generate_bank(&path, n);
        cases.push((
            format!("generated ({n})"),
            path.clone(),
            format!("question-{:05}", n - 1),
            Some(path),
        ));
    }
    for (name, file, id, bank) in cases {
        let size = std::fs::metadata(&file).expect("bank").len();
        let show = || {
            let mut args = vec!["show".to_string(), id.clone()];
            if let Some(bank) = &bank {
                args.extend(["--bank".to_string(), bank.display().to_string()]);
            }
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            prepdrill(home, &args)
        };
        // Warm the parsed-bank cache and the page cache first, as a user's second lookup would.
        median(2, show);
        let shown = median(15, show);
        let cat = median(15, || {
            let mut c = Command::new("cat");
            c.arg(&file);
            c
        });
        let grep = median(15, || {
            let mut c = Command::new("grep");
            c.args(["-m1", "-A3", &format!("id: {id}")]).arg(&file);
            c
        });
        println!(
            "| {name} | {} KiB | {:.2} ms | {:.2} ms | {:.2} ms | {:.1}× | {:.1}× |",
            size / 1024,
            shown.as_secs_f64() * 1e3,
            cat.as_secs_f64() * 1e3,
            grep.as_secs_f64() * 1e3,
            ratio(shown, cat),
            ratio(shown, grep)
        );
    }
}

fn progress(home: &Path) {
    println!("\n## progress cost growth (median of 9)\n");
    let bank = home.join("bank-5000.yaml");
    generate_bank(&bank, 5_000);
    let ids: Vec<String> = (0..5_000).map(|i| format!("question-{i:05}")).collect();
    let bank_arg = bank.display().to_string();
    let empty_dir = home.join("empty");
    let big_dir = home.join("big");
    std::fs::create_dir_all(&empty_dir).expect("dir");
    generate_progress(&big_dir, "generated", &ids, 100_000);
    let run = |dir: &Path, args: &[&str]| {
        let dir = dir.display().to_string();
        let mut all = vec!["--bank", &bank_arg, "--data-dir", &dir];
        all.extend_from_slice(args);
        let mut command = prepdrill(home, &all);
        command.env("PREPDRILL_NOW", "2030-01-01T00:00:00Z");
        command
    };
    let rebuild = median(5, || run(&big_dir, &["progress", "rebuild"]));
    let size = std::fs::metadata(big_dir.join("progress.json"))
        .expect("file")
        .len();
    println!(
        "progress file: 100,000 reviews over 5,000 cards, {:.1} MiB\n",
        size as f64 / 1_048_576.0
    );
    println!("| command | empty | 100,000 reviews | ratio |");
    println!("| --- | --- | --- | --- |");
    for (name, args) in [
        ("rate", vec!["rate", "question-00042", "good"]),
        ("stats", vec!["stats"]),
        // `show` reads progress too, to print the card's state and recall.
        ("show", vec!["show", "question-00042"]),
    ] {
        // Each `rate` adds a review at the pinned instant; that is fine for timing.
        let empty = median(9, || run(&empty_dir, &args));
        let big = median(9, || run(&big_dir, &args));
        println!(
            "| {name} | {:.1} ms | {:.1} ms | {:.1}× |",
            empty.as_secs_f64() * 1e3,
            big.as_secs_f64() * 1e3,
            ratio(big, empty)
        );
    }
    println!(
        "| progress rebuild | | {:.1} ms | |",
        rebuild.as_secs_f64() * 1e3
    );
}

fn main() {
    // `cargo bench` passes `--bench`; a filter argument is not supported.
    let home = tempfile::tempdir().expect("temp dir");
    lookup(home.path());
    progress(home.path());
}
