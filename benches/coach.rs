//! The answer coach's benchmark: precision, recall and F1 over (answer, key point) pairs of the
//! labelled answers in `benches/coach/`, by kind of answer, for the old matcher (60% of a point's
//! long words anywhere in the answer, kept here only as the baseline) and the matcher in
//! `core::matcher`; then the time `prepdrill assess` takes on a 300-word answer, as a whole process.
//!
//! `cargo bench --bench coach` runs every part; `-- tune`, `-- heldout4` and so on run some,
//! `--show` lists every wrong tick and miss, and `--pairs` every (answer, point) pair as a line, for
//! analysis. The parts are in `PARTS`: each held-out part was written blind and run once on the final
//! matcher of its session, and is tuning data after that.

use std::collections::BTreeMap;
use std::io::Write as _;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use prepdrill::core::bank::Deck;
use prepdrill::core::checklist::coverage;
use prepdrill::core::fold::fold;
use prepdrill::store::bank_file::parse_deck;
use serde::Deserialize;

const BIN: &str = env!("CARGO_BIN_EXE_prepdrill");
const BANK: &str = include_str!("../questions/staff-product-security-engineer.yaml");
/// The labelled parts, by name. Each `heldoutN` was written blind by its own writer and run once on
/// the final matcher of its session; all but the newest are tuning data since.
const PARTS: [(&str, &str); 7] = [
    ("tune", include_str!("coach/tune.yaml")),
    ("heldout", include_str!("coach/heldout.yaml")),
    ("heldout2", include_str!("coach/heldout2.yaml")),
    ("heldout3", include_str!("coach/heldout3.yaml")),
    ("heldout4", include_str!("coach/heldout4.yaml")),
    ("heldout5", include_str!("coach/heldout5.yaml")),
    ("heldout6", include_str!("coach/heldout6.yaml")),
];
const KINDS: [&str; 4] = ["own-words", "partial", "near-miss", "vague"];
/// Other names a writer gave the kinds: heldout3 says `full` and `near_miss`.
const KIND_ALIASES: [(&str, &str); 2] = [("full", "own-words"), ("near_miss", "near-miss")];

#[derive(Deserialize)]
struct Labelled {
    question: String,
    kind: String,
    answer: String,
    covered: Vec<usize>,
}

/// True and false ticks and misses over (answer, point) pairs.
#[derive(Default, Clone, Copy)]
struct Counts {
    true_ticks: usize,
    false_ticks: usize,
    misses: usize,
    /// Pairs a fair interviewer would not tick.
    negatives: usize,
}

impl Counts {
    fn add(&mut self, labelled: bool, ticked: bool) {
        match (labelled, ticked) {
            (true, true) => self.true_ticks += 1,
            (false, true) => {
                self.false_ticks += 1;
                self.negatives += 1;
            }
            (true, false) => self.misses += 1,
            (false, false) => self.negatives += 1,
        }
    }

    fn precision(self) -> f64 {
        ratio(self.true_ticks, self.true_ticks + self.false_ticks)
    }

    fn recall(self) -> f64 {
        ratio(self.true_ticks, self.true_ticks + self.misses)
    }

    fn f1(self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }

    fn false_tick_rate(self) -> f64 {
        ratio(self.false_ticks, self.negatives)
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        f64::NAN
    } else {
        a as f64 / b as f64
    }
}

/// The old rule, kept only as the baseline: a point is covered when 60% of its words of four
/// letters or more appear anywhere in the answer.
fn old_covers(typed: &str, point: &str) -> bool {
    let typed = fold(typed);
    let words: Vec<String> = fold(point)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 4)
        .map(str::to_string)
        .collect();
    if words.is_empty() || typed.trim().is_empty() {
        return false;
    }
    let found = words.iter().filter(|w| typed.contains(w.as_str())).count();
    found * 5 >= words.len() * 3
}

/// What `evaluate` lists besides its table.
#[derive(Clone, Copy)]
struct Listing {
    /// Every wrong tick and miss, with its evidence.
    show: bool,
    /// Every pair: its score, whether it was ticked, labelled and named only to be rejected.
    pairs: bool,
}

fn evaluate(name: &str, text: &str, deck: &Deck, list: Listing) {
    let answers: Vec<Labelled> = match serde_yaml::from_str(text) {
        Ok(a) => a,
        Err(e) => {
            eprintln!("benches/coach/{name}.yaml: {e}");
            return;
        }
    };
    let mut old: BTreeMap<&str, Counts> = BTreeMap::new();
    let mut new: BTreeMap<&str, Counts> = BTreeMap::new();
    let mut count: BTreeMap<&str, usize> = BTreeMap::new();
    for (n, a) in answers.iter().enumerate() {
        let Some(q) = deck.questions.iter().find(|q| q.id == a.question) else {
            eprintln!(
                "{name}: answer {} names unknown question {}",
                n + 1,
                a.question
            );
            continue;
        };
        let written = KIND_ALIASES
            .iter()
            .find(|(alias, _)| *alias == a.kind)
            .map_or(a.kind.as_str(), |(_, kind)| kind);
        let kind = KINDS
            .iter()
            .copied()
            .find(|k| *k == written)
            .unwrap_or("other");
        *count.entry(kind).or_default() += 1;
        let found = coverage(&a.answer, &q.key_points);
        if list.pairs {
            for (i, m) in found.iter().enumerate() {
                println!(
                    "PAIR {name} {} {kind} {i} {:.3} {} {} {}",
                    n + 1,
                    m.score,
                    u8::from(m.covered),
                    u8::from(a.covered.contains(&i)),
                    u8::from(m.rejected)
                );
            }
        }
        for (i, point) in q.key_points.iter().enumerate() {
            let labelled = a.covered.contains(&i);
            let o = old_covers(&a.answer, &point.text);
            old.entry(kind).or_default().add(labelled, o);
            old.entry("all").or_default().add(labelled, o);
            let m = &found[i];
            new.entry(kind).or_default().add(labelled, m.covered);
            new.entry("all").or_default().add(labelled, m.covered);
            if list.show && labelled != m.covered {
                let what = if m.covered { "FALSE TICK" } else { "MISS" };
                let evidence = m.evidence.clone().map_or("", |r| &a.answer[r]);
                println!(
                    "{what} #{} {} ({}) point {i} \"{}\" score {:.2} {evidence}",
                    n + 1,
                    a.question,
                    a.kind,
                    point.text,
                    m.score
                );
            }
        }
    }
    println!(
        "\n{name}: {} answers ({})",
        answers.len(),
        KINDS
            .iter()
            .map(|k| format!("{} {k}", count.get(k).copied().unwrap_or(0)))
            .collect::<Vec<_>>()
            .join(", ")
    );
    println!(
        "| kind | pairs | old P | old R | old F1 | old false ticks | new P | new R | new F1 | new false ticks |"
    );
    println!("|---|---|---|---|---|---|---|---|---|---|");
    for kind in KINDS.iter().copied().chain(["all"]) {
        let o = old.get(kind).copied().unwrap_or_default();
        let m = new.get(kind).copied().unwrap_or_default();
        println!(
            "| {kind} | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            m.true_ticks + m.misses + m.negatives,
            f(o.precision()),
            f(o.recall()),
            f(o.f1()),
            f(o.false_tick_rate()),
            f(m.precision()),
            f(m.recall()),
            f(m.f1()),
            f(m.false_tick_rate()),
        );
    }
    let m = |k| new.get(k).copied().unwrap_or_default();
    println!(
        "targets: F1 {} (>= 0.85), near-miss false ticks {} (<= 0.10), own-words caught {} (>= 0.80)",
        f(m("all").f1()),
        f(m("near-miss").false_tick_rate()),
        f(m("own-words").recall())
    );
}

fn f(x: f64) -> String {
    if x.is_nan() {
        "–".to_string()
    } else {
        format!("{x:.2}")
    }
}

/// How many times each command runs.
const RUNS: usize = 31;

/// `prepdrill assess` on a 300-word answer, as a whole process, beside the simplest commands
/// (`--version`, `show ID`) for scale: the median of 31 runs each, interleaved so that the load of
/// the machine falls on all three alike. Wall time counts the waits of a loaded machine; the CPU
/// the runs used does not.
fn time_assess() {
    let words = "We threat model the new feature with the tech lead and the PM, mapping trust \
                 boundaries on the data flow diagram and running a simplified STRIDE pass over each \
                 flow before we pick the top three mitigations that fit the sprint. ";
    let mut answer = String::new();
    while answer.split_whitespace().count() < 300 {
        answer.push_str(words);
    }
    let answer: String = answer
        .split_whitespace()
        .take(300)
        .collect::<Vec<_>>()
        .join(" ");
    let dir = std::env::temp_dir().join(format!("prepdrill-coach-bench-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let commands: [(&str, &[&str], &str); 3] = [
        (
            "assess, 300-word answer",
            &["assess", "threat-model-mvp", "-"],
            &answer,
        ),
        ("--version", &["--version"], ""),
        ("show ID", &["show", "threat-model-mvp"], ""),
    ];
    // One run first, so that the bank cache every later run reads is written.
    let mut walls: Vec<Vec<Duration>> = vec![Vec::new(); commands.len()];
    let mut cpus: Vec<Vec<u64>> = vec![Vec::new(); commands.len()];
    for round in 0..=RUNS {
        for (n, (_, args, input)) in commands.iter().enumerate() {
            let before = children_cpu_ticks();
            let start = Instant::now();
            let Some(ok) = run(&dir, args, input) else {
                eprintln!("could not run {BIN}");
                return;
            };
            let wall = start.elapsed();
            if !ok {
                eprintln!("prepdrill {} failed", args.join(" "));
                return;
            }
            if round > 0 {
                walls[n].push(wall);
                if let Some((after, before)) = children_cpu_ticks().zip(before) {
                    cpus[n].push(after.saturating_sub(before));
                }
            }
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    println!(
        "\n| command (whole process, {RUNS} runs each) | wall median | wall slowest | CPU mean |"
    );
    println!("|---|---|---|---|");
    for (n, (name, _, _)) in commands.iter().enumerate() {
        let times = &mut walls[n];
        times.sort();
        let ticks: u64 = cpus[n].iter().sum();
        println!(
            "| {name} | {:.1} ms | {:.1} ms | {} |",
            times[times.len() / 2].as_secs_f64() * 1000.0,
            times[times.len() - 1].as_secs_f64() * 1000.0,
            if cpus[n].is_empty() {
                "–".to_string()
            } else {
                // Clock ticks of 10 ms, summed over the runs.
                format!("{:.1} ms", ticks as f64 * 10.0 / cpus[n].len() as f64)
            }
        );
    }
}

/// Runs prepdrill once in `dir` with `input` on stdin: whether it succeeded, None if it could not
/// start.
fn run(dir: &std::path::Path, args: &[&str], input: &str) -> Option<bool> {
    let mut child = Command::new(BIN)
        .args(args)
        .env("PREPDRILL_HOME", dir)
        .env("HOME", dir)
        .env("XDG_CONFIG_HOME", dir)
        .env("XDG_DATA_HOME", dir)
        .env("XDG_CACHE_HOME", dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .ok()?;
    if let Some(mut stdin) = child.stdin.take() {
        let _ = stdin.write_all(input.as_bytes());
    }
    Some(child.wait().is_ok_and(|s| s.success()))
}

/// The CPU time of this process's waited-for children, in clock ticks (USER_HZ, 100 a second on
/// Linux): fields 16 and 17 of `/proc/self/stat`. None elsewhere.
fn children_cpu_ticks() -> Option<u64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    let after_name = &stat[stat.rfind(')')? + 1..];
    let fields: Vec<&str> = after_name.split_whitespace().collect();
    // Counted from the state, field 3: cutime is field 16, cstime field 17.
    let cutime: u64 = fields.get(13)?.parse().ok()?;
    let cstime: u64 = fields.get(14)?.parse().ok()?;
    Some(cutime + cstime)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let show = args.iter().any(|a| a == "--show");
    let pairs = args.iter().any(|a| a == "--pairs");
    let chosen: Vec<(&str, &str)> = PARTS
        .into_iter()
        .filter(|(name, _)| args.iter().any(|a| a == name))
        .collect();
    let parts = if chosen.is_empty() {
        PARTS.to_vec()
    } else {
        chosen
    };
    let deck = match parse_deck("questions/staff-product-security-engineer.yaml", BANK) {
        Ok(deck) => deck,
        Err(e) => {
            eprintln!("{e}");
            return;
        }
    };
    for (name, text) in parts {
        evaluate(name, text, &deck, Listing { show, pairs });
    }
    if !args.iter().any(|a| a == "--no-time") {
        time_assess();
    }
}
