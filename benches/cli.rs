//! Whole-process timings of prepdrill against `cat` and `grep`, on generated banks and progress
//! files. Run with `cargo bench --bench cli`; it prints tables and asserts nothing.
//!
//! - lookup: `show ID` on the built-in bank and on banks of 2,000 and 10,000 questions, against
//!   `cat` of the bank file and `grep -m1 -A3 'id: ID'` over it, and `search` on 10,000;
//! - progress: `rate`, `stats` and `show` on an empty progress file and on 100,000 reviews over
//!   5,000 cards, and `progress rebuild` of those 100,000 reviews.
//!
//! Commands compared are run interleaved (one of each in turn, round after round), so a machine
//! busy with something else slows all of them alike; each figure is a median, and peak memory
//! (max RSS) comes from one more run under `/usr/bin/time` when it is installed. With
//! `PREPDRILL_BENCH_BASELINE=/path/to/an/older/prepdrill`, that binary is measured in the same
//! rounds on its own copies of the files, for a before/after table from one run.

#![allow(clippy::expect_used, clippy::unwrap_used)] // a benchmark that cannot set up should stop

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_prepdrill");

/// Rounds of the millisecond-long `show` runs: on a machine shared with other work, fewer medians
/// of a few milliseconds moved by a third from one run to the next.
const SHOW_ROUNDS: usize = 41;

/// Rounds of the longer runs.
const ROUNDS: usize = 15;

/// Runs `commands` interleaved, `runs` rounds of one run each, output discarded; returns each
/// one's median wall time.
fn interleaved(runs: usize, commands: &mut [&mut dyn FnMut() -> Command]) -> Vec<Duration> {
    let mut times: Vec<Vec<Duration>> = vec![Vec::new(); commands.len()];
    for _ in 0..runs {
        for (make, times) in commands.iter_mut().zip(&mut times) {
            let mut command = make();
            command.stdout(Stdio::null()).stderr(Stdio::null());
            let start = Instant::now();
            let status = command.status().expect("command runs");
            let elapsed = start.elapsed();
            assert!(status.success(), "{command:?} failed");
            times.push(elapsed);
        }
    }
    times
        .into_iter()
        .map(|mut t| {
            t.sort();
            t[t.len() / 2]
        })
        .collect()
}

/// The median wall time of `runs` runs of a command, output discarded.
fn median(runs: usize, mut make: impl FnMut() -> Command) -> Duration {
    interleaved(runs, &mut [&mut make])[0]
}

/// Peak memory (max RSS) of one run, in MiB, from GNU time; `None` where it is not installed.
fn peak_mib(command: &Command) -> Option<f64> {
    let time = Path::new("/usr/bin/time");
    if !time.exists() {
        return None;
    }
    let mut wrapped = Command::new(time);
    wrapped.args(["-f", "%M"]).arg(command.get_program());
    wrapped.args(command.get_args());
    wrapped.env_clear();
    for (key, value) in command.get_envs() {
        if let Some(value) = value {
            wrapped.env(key, value);
        }
    }
    let out = wrapped.stdout(Stdio::null()).output().ok()?;
    let text = String::from_utf8_lossy(&out.stderr);
    let kib: f64 = text.lines().last()?.trim().parse().ok()?;
    Some(kib / 1024.0)
}

fn mib(peak: Option<f64>) -> String {
    peak.map_or_else(|| "n/a".to_string(), |m| format!("{m:.1} MiB"))
}

/// The binary measured as "before", if asked for.
fn baseline() -> Option<PathBuf> {
    std::env::var_os("PREPDRILL_BENCH_BASELINE")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
}

fn run_bin(bin: &Path, home: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(bin);
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
    let base = baseline();
    println!("## show ID as a whole process (median of {SHOW_ROUNDS}, interleaved)\n");
    println!(
        "| bank | size | binary | prepdrill show | peak memory | cat | grep -m1 -A3 | show/cat | show/grep |"
    );
    println!("| --- | --- | --- | --- | --- | --- | --- | --- | --- |");
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
    let mut binaries = vec![("after", PathBuf::from(BIN), home.to_path_buf())];
    if let Some(old) = &base {
        let old_home = home.join("baseline-home");
        std::fs::create_dir_all(&old_home).expect("dir");
        binaries.insert(0, ("before", old.clone(), old_home));
    }
    for (name, file, id, bank) in &cases {
        let size = std::fs::metadata(file).expect("bank").len();
        let show = |bin: &Path, home: &Path| {
            let mut args = vec!["show".to_string(), id.clone()];
            if let Some(bank) = bank {
                args.extend(["--bank".to_string(), bank.display().to_string()]);
            }
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            run_bin(bin, home, &args)
        };
        // Warm the parsed-bank cache and the page cache first, as a user's second lookup would.
        for (_, bin, home) in &binaries {
            median(2, || show(bin, home));
        }
        let mut makers: Vec<Box<dyn FnMut() -> Command>> = binaries
            .iter()
            .map(|(_, bin, home)| {
                let show = &show;
                Box::new(move || show(bin, home)) as Box<dyn FnMut() -> Command>
            })
            .collect();
        makers.push(Box::new(|| {
            let mut c = Command::new("cat");
            c.arg(file);
            c
        }));
        makers.push(Box::new(|| {
            let mut c = Command::new("grep");
            c.args(["-m1", "-A3", &format!("id: {id}")]).arg(file);
            c
        }));
        let mut refs: Vec<&mut dyn FnMut() -> Command> = makers
            .iter_mut()
            .map(|m| &mut **m as &mut dyn FnMut() -> Command)
            .collect();
        let times = interleaved(SHOW_ROUNDS, &mut refs);
        let (cat, grep) = (times[times.len() - 2], times[times.len() - 1]);
        for (i, (label, bin, home)) in binaries.iter().enumerate() {
            let shown = times[i];
            println!(
                "| {name} | {} KiB | {label} | {:.2} ms | {} | {:.2} ms | {:.2} ms | {:.2}× | {:.1}× |",
                size / 1024,
                shown.as_secs_f64() * 1e3,
                mib(peak_mib(&show(bin, home))),
                cat.as_secs_f64() * 1e3,
                grep.as_secs_f64() * 1e3,
                ratio(shown, cat),
                ratio(shown, grep)
            );
        }
    }
    search(home, &binaries);
}

/// Search across every field of 10,000 questions, warm, with each binary.
fn search(home: &Path, binaries: &[(&str, PathBuf, PathBuf)]) {
    println!("\n## search on 10,000 questions (median of {ROUNDS}, interleaved)\n");
    println!("| query | binary | time | peak memory |");
    println!("| --- | --- | --- | --- |");
    let bank = home.join("bank-10000.yaml").display().to_string();
    for query in [
        &["trust", "boundaries"][..],
        &["problem", "9999"],
        &["sprint"],
    ] {
        let search = |bin: &Path, home: &Path| {
            let mut args = vec!["search", "--bank", &bank];
            args.extend_from_slice(query);
            run_bin(bin, home, &args)
        };
        for (_, bin, home) in binaries {
            median(1, || search(bin, home));
        }
        let mut makers: Vec<Box<dyn FnMut() -> Command>> = binaries
            .iter()
            .map(|(_, bin, home)| {
                let search = &search;
                Box::new(move || search(bin, home)) as Box<dyn FnMut() -> Command>
            })
            .collect();
        let mut refs: Vec<&mut dyn FnMut() -> Command> = makers
            .iter_mut()
            .map(|m| &mut **m as &mut dyn FnMut() -> Command)
            .collect();
        let times = interleaved(ROUNDS, &mut refs);
        for (i, (label, bin, home)) in binaries.iter().enumerate() {
            println!(
                "| {} | {label} | {:.1} ms | {} |",
                query.join(" "),
                times[i].as_secs_f64() * 1e3,
                mib(peak_mib(&search(bin, home)))
            );
        }
    }
}

fn progress(home: &Path) {
    println!("\n## progress cost growth (median of {ROUNDS}, interleaved)\n");
    let bank = home.join("bank-5000.yaml");
    generate_bank(&bank, 5_000);
    let ids: Vec<String> = (0..5_000).map(|i| format!("question-{i:05}")).collect();
    let bank_arg = bank.display().to_string();
    let mut binaries = vec![("after", PathBuf::from(BIN), home.join("after"))];
    if let Some(old) = baseline() {
        binaries.insert(0, ("before", old, home.join("before")));
    }
    for (_, _, dir) in &binaries {
        std::fs::create_dir_all(dir.join("empty")).expect("dir");
        generate_progress(&dir.join("big"), "generated", &ids, 100_000);
    }
    let run = |bin: &Path, dir: &Path, args: &[&str]| {
        let dir = dir.display().to_string();
        let mut all = vec!["--bank", &bank_arg, "--data-dir", &dir];
        all.extend_from_slice(args);
        let mut command = run_bin(bin, home, &all);
        command.env("PREPDRILL_NOW", "2030-01-01T00:00:00Z");
        command
    };
    for (label, bin, dir) in &binaries {
        let big = dir.join("big");
        let rebuild = median(3, || run(bin, &big, &["progress", "rebuild"]));
        let size = std::fs::metadata(big.join("progress.json"))
            .expect("file")
            .len();
        println!(
            "{label}: progress file of 100,000 reviews over 5,000 cards, {:.1} MiB; progress rebuild {:.1} ms",
            size as f64 / 1_048_576.0,
            rebuild.as_secs_f64() * 1e3
        );
    }
    println!();
    println!("| command | binary | empty | 100,000 reviews | ratio | peak memory (100,000) |");
    println!("| --- | --- | --- | --- | --- | --- |");
    for (name, args) in [
        ("rate", vec!["rate", "question-00042", "good"]),
        ("stats", vec!["stats"]),
        // `show` reads progress too, to print the card's state and recall.
        ("show", vec!["show", "question-00042"]),
    ] {
        // Each `rate` adds a review (stamped just after the card's last); fine for timing.
        let mut makers: Vec<Box<dyn FnMut() -> Command>> = Vec::new();
        for (_, bin, dir) in &binaries {
            let (run, args) = (&run, &args);
            makers.push(Box::new(move || run(bin, &dir.join("empty"), args)));
            makers.push(Box::new(move || run(bin, &dir.join("big"), args)));
        }
        let mut refs: Vec<&mut dyn FnMut() -> Command> = makers
            .iter_mut()
            .map(|m| &mut **m as &mut dyn FnMut() -> Command)
            .collect();
        let times = interleaved(ROUNDS, &mut refs);
        for (i, (label, bin, dir)) in binaries.iter().enumerate() {
            let (empty, big) = (times[2 * i], times[2 * i + 1]);
            println!(
                "| {name} | {label} | {:.1} ms | {:.1} ms | {:.2}× | {} |",
                empty.as_secs_f64() * 1e3,
                big.as_secs_f64() * 1e3,
                ratio(big, empty),
                mib(peak_mib(&run(bin, &dir.join("big"), &args)))
            );
        }
    }
}

fn main() {
    // `cargo bench` passes `--bench`; a filter argument is not supported.
    let home = tempfile::tempdir().expect("temp dir");
    lookup(home.path());
    progress(home.path());
}
