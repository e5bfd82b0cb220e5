//! Text reports over progress: what is due, stats, and typed answers.

use std::fmt::Write as _;

use chrono::{DateTime, Utc};

use crate::core::bank::{Bank, Card};
use crate::core::deadline::{Gain, Interview, READY};
use crate::core::forecast::{GOAL, Outlook, Reach};
use crate::core::progress::Review;
use crate::core::queue::{Next, Reason};
use crate::core::schedule::{CardState, State};
use crate::core::stats::{CardStanding, Now, Stats};
use crate::core::today::Today;
use crate::core::waiting::{Wait, Waiting};
use crate::core::words::{self, counted, format_secs, percent};
use crate::ui::lookup::Layout;
use crate::ui::style::Role;
use crate::ui::table::{Column, Table};
use crate::ui::text::sanitize;

/// What is left of today in one line, the same in the drill's summary, `stats`, `plan` and
/// `next`: "Today: about 12 min left (8 questions): `prepdrill` takes them.", "Done for now: 2
/// questions come back from 19:42: run `prepdrill` then.", "Done for today: next session
/// tomorrow."
/// `run` is `prepdrill` with the options in force.
pub fn today_line(today: &Today, now: Now, run: &str) -> String {
    if !today.questions.is_empty() {
        // More than one drill holds: say how much of it the next one takes.
        let takes = if today.session_minutes > 0 && today.minutes > today.session_minutes {
            format!("takes the first {} min", today.session_minutes)
        } else {
            "takes them".to_string()
        };
        return format!(
            "Today: about {} min left ({}): `{run}` {takes}.",
            today.minutes.max(1),
            counted(today.questions.len(), "question")
        );
    }
    if let Some((count, at)) = today.back_later {
        return format!(
            "Done for now: {}: run `{run}` then.",
            words::coming_back(count, at, now, "")
        );
    }
    if let Some(interview) = today.interview {
        return match now.days_until(interview.day) {
            0 | 1 => format!(
                "Done for today: your interview is {}.",
                words::interview_day(interview, now)
            ),
            _ => "Done for today: next session tomorrow.".to_string(),
        };
    }
    match today.next_due {
        Some(due) => format!(
            "Done for today: next session {}.",
            words::day_distance(now.day_of(due), now)
        ),
        None => "Done for today.".to_string(),
    }
}

/// The first line when no question practised before is due, true beside [`today_line`]: new
/// questions still wait today ("Nothing you have studied is due now; 4 new questions wait for
/// today."), steps come back later today ("Nothing is due now."), or nothing is left
/// ("Nothing is due."). Without `today` (a day other than today) it is "Nothing is due.".
pub fn nothing_due(today: Option<&Today>) -> String {
    match today {
        Some(today) if today.new > 0 => format!(
            "Nothing you have studied is due now; {} wait for today.",
            counted(today.new, "new question")
        ),
        Some(today) if today.back_later.is_some() => "Nothing is due now.".to_string(),
        _ => "Nothing is due.".to_string(),
    }
}

/// A card's progress in one line: state, last practised, next due, recall and reviews. Before
/// the card's interview (`interview`) the schedule's day is named as a guide, as the grade's
/// confirmation named it ([`words::before_interview`]).
pub fn standing(
    state: &CardState,
    recall: f64,
    now: Now,
    interview: Option<crate::core::deadline::Interview>,
) -> String {
    let Some(last) = state.last_review else {
        return "new · not practised yet".to_string();
    };
    let reviews = counted(i64::from(state.reviews), "review");
    let lapses = match state.lapses {
        0 => String::new(),
        n => format!(", {}", counted(i64::from(n), "lapse")),
    };
    let next = words::before_interview(state.due, last, now, interview)
        .unwrap_or_else(|| format!("next due {}", words::due(state.due, now)));
    format!(
        "{} · last practised {} · {next} · recall {} · {reviews}{lapses}",
        state.state.as_str(),
        words::when(last, now),
        percent(recall)
    )
}

/// What is due: a table of id, state, recall, due time and question, most urgent first.
/// `recall_label` says which recall the column shows: now, or on the interview day. `today` is
/// what is left of today when the table is of what is due now, for the line when none is.
pub fn due(
    due: &[CardStanding<'_>],
    new_cards: usize,
    today: Option<&Today>,
    now: Now,
    recall_label: &str,
    layout: Layout,
) -> String {
    let mut out = String::new();
    if due.is_empty() {
        let _ = writeln!(out, "{}", nothing_due(today));
    } else {
        let mut table = Table::new(vec![
            Column::left("ID").painted(Role::Id),
            Column::left("STATE").painted(Role::Dim),
            Column::right(recall_label.to_uppercase()),
            Column::left("DUE").painted(Role::Dim),
            Column::left("QUESTION"),
        ]);
        for standing in due {
            table.row(vec![
                standing.card.question.id.clone(),
                standing.state.state.as_str().to_string(),
                percent(standing.priority_recall()),
                words::due(standing.state.due, now),
                standing.card.question.question.clone(),
            ]);
        }
        out.push_str(&table.render(layout));
    }
    if new_cards > 0 {
        let _ = writeln!(
            out,
            "\n{} not yet practised.",
            counted(new_cards, "new question")
        );
    }
    out
}

/// `due` before an interview: what the drill would ask today, in its order, then the cards due
/// by the schedule that it would not ask, and why.
pub fn due_toward(
    today: &Today,
    bank: &Bank,
    due: &[CardStanding<'_>],
    now: Now,
    recall_label: &str,
    layout: Layout,
    run: &str,
) -> String {
    let p = layout.painter;
    let mut out = String::new();
    if today.questions.is_empty() {
        // Learning steps coming back later today are not "nothing today": the Today line
        // below says when.
        let when = if today.back_later.is_some() {
            "now"
        } else {
            "today"
        };
        let _ = writeln!(out, "Nothing to ask {when}.");
    } else {
        let _ = writeln!(
            out,
            "{}",
            p.paint(
                "What the drill asks today, in its order (each review is picked for what it adds on the interview day):",
                Role::Label
            )
        );
        let mut table = Table::new(vec![
            Column::right("#"),
            Column::left("ID").painted(Role::Id),
            Column::left("WHY").painted(Role::Dim),
            Column::left("QUESTION"),
        ]);
        for (n, (key, reason)) in today.questions.iter().enumerate() {
            let Some(card) = bank.card(key) else {
                continue;
            };
            let why = match reason {
                Reason::Gain { gain, .. } if due.iter().any(|s| &s.card.key() == key) => {
                    format!("due · {}", short_gain(*gain))
                }
                Reason::Gain { gain, .. } => short_gain(*gain),
                Reason::Returning { .. } => "learning step".to_string(),
                Reason::Planned => "due".to_string(),
            };
            table.row(vec![
                (n + 1).to_string(),
                card.question.id.clone(),
                why,
                card.question.question.clone(),
            ]);
        }
        out.push_str(&table.render(layout));
    }
    let _ = writeln!(out, "{}", today_line(today, now, run));
    let not_asked: Vec<&CardStanding<'_>> =
        due.iter().filter(|s| !today.asks(&s.card.key())).collect();
    if !not_asked.is_empty() {
        let _ = writeln!(
            out,
            "\n{}",
            p.paint(
                &format!(
                    "Due by the schedule but not worth asking yet (a review now would add under 1% of a question to its {recall_label}; the drill asks it once a review adds more):"
                ),
                Role::Label
            )
        );
        let mut table = Table::new(vec![
            Column::left("ID").painted(Role::Id),
            Column::right(recall_label.to_uppercase()),
            Column::left("QUESTION"),
        ]);
        for standing in not_asked {
            table.row(vec![
                standing.card.question.id.clone(),
                percent(standing.priority_recall()),
                standing.card.question.question.clone(),
            ]);
        }
        out.push_str(&table.render(layout));
    }
    out
}

/// A bar of up to `width` blocks for `n` out of `max`.
fn bar(n: usize, max: usize, width: usize) -> String {
    if max == 0 {
        return String::new();
    }
    "█".repeat((n * width).div_ceil(max))
}

/// The interview line of `stats` and its questions below 80% on the day.
fn interview_section(out: &mut String, stats: &Stats, now: Now, layout: Layout) {
    let p = layout.painter;
    if let Some(interview) = &stats.interview {
        // With a date per deck, each question is measured toward its own deck's day.
        let (label, that_day) = if interview.each_deck {
            ("First interview", "Predicted recall on each deck's own day")
        } else {
            ("Interview", "Predicted recall that day")
        };
        let _ = writeln!(
            out,
            "{} {} ({}). {that_day}: {} on average; {} of {} ready (90% or more); {} below 80%.",
            p.paint(label, Role::Label),
            interview.date,
            words::interview_day(
                Interview {
                    day: interview.date,
                    at: interview.at
                },
                now
            ),
            percent(interview.mean_recall),
            interview.ready,
            interview.questions,
            counted(interview.below_80.len(), "question"),
        );
        if !interview.below_80.is_empty() {
            let mut table = Table::new(vec![
                Column::right("ON THE DAY"),
                Column::left("ID").painted(Role::Id),
            ])
            .indented(2);
            for weak in interview.below_80.iter().take(10) {
                table.row(vec![percent(weak.recall), weak.id.clone()]);
            }
            out.push_str(&table.render(layout));
        }
    }
}

/// The practice lines of `stats`: reviews, retention, streak and answer time.
fn practice_section(out: &mut String, stats: &Stats) {
    let _ = writeln!(
        out,
        "  reviews: {} today · {} in 7 days · {} in all",
        stats.reviews_today, stats.reviews_7_days, stats.reviews_total
    );
    let _ = writeln!(
        out,
        "  true retention: {}",
        stats
            .true_retention
            .map_or("no reviews of mature cards yet".into(), percent)
    );
    let _ = writeln!(out, "  streak: {}", counted(stats.streak_days, "day"));
    if let (Some(average), Some(target), Some(overtime)) = (
        stats.average_answer_secs,
        stats.target_answer_secs,
        stats.overtime_share,
    ) {
        let _ = writeln!(
            out,
            "  answer time: {} on average against a target of {}; {} over time",
            format_secs(average.round() as u32),
            format_secs(target.round() as u32),
            percent(overtime)
        );
    }
}

pub fn stats(stats: &Stats, now: Now, layout: Layout) -> String {
    let p = layout.painter;
    let mut out = String::new();
    let heading = |out: &mut String, text: &str| {
        let _ = writeln!(out, "\n{}", p.paint(text, Role::Label));
    };
    interview_section(&mut out, stats, now, layout);
    heading(&mut out, "Cards");
    let states = State::ALL
        .iter()
        .map(|&s| format!("{} {}", stats.by_state.get(s), s.as_str()))
        .collect::<Vec<_>>()
        .join(" · ");
    let _ = writeln!(out, "  {} in all: {states}", stats.cards);

    heading(&mut out, "Practice");
    practice_section(&mut out, stats);

    heading(&mut out, "Due in the next 14 days");
    let max = stats.forecast.iter().map(|d| d.due).max().unwrap_or(0);
    for day in &stats.forecast {
        let _ = writeln!(
            out,
            "  {}  {:>3} {}",
            day.date.format("%a %d %b"),
            day.due,
            p.paint(&bar(day.due, max, 30), Role::Good)
        );
    }

    if !stats.weakest.is_empty() {
        // Ranked by recall on the interview day when there is one, as `due` and the sheet rank.
        heading(
            &mut out,
            match &stats.interview {
                Some(interview) if interview.each_deck => {
                    "Weakest questions (predicted recall on each deck's interview day)".to_string()
                }
                Some(interview) => format!(
                    "Weakest questions (predicted recall on the interview day, {})",
                    interview.date
                ),
                None => "Weakest questions (predicted recall now)".to_string(),
            }
            .as_str(),
        );
        let mut table = Table::new(vec![
            Column::right("RECALL"),
            Column::left("ID").painted(Role::Id),
            Column::left("QUESTION"),
        ])
        .indented(2);
        for weak in &stats.weakest {
            table.row(vec![
                percent(weak.recall),
                weak.id.clone(),
                weak.question.clone(),
            ]);
        }
        out.push_str(&table.render(layout));
    }

    heading(
        &mut out,
        if stats.interview.is_some() {
            "Mastery by tag (share of its questions you know: in review, 90% or more predicted recall on the interview day)"
        } else {
            "Mastery by tag (share of its questions you know: in review, 90% or more predicted recall now)"
        },
    );
    let mut table = Table::new(vec![
        Column::left("TAG"),
        Column::right("MASTERY"),
        Column::left("").painted(Role::Good),
    ])
    .indented(2);
    for tag in &stats.tags {
        table.row(vec![
            tag.tag.clone(),
            percent(tag.mastery),
            bar((tag.mastery * 100.0).round() as usize, 100, 20),
        ]);
    }
    out.push_str(&table.render(layout));
    out
}

pub fn answers(card: Card<'_>, typed: &[&Review], now: Now, layout: Layout) -> String {
    let p = layout.painter;
    let mut out = String::new();
    for line in layout.wrap(&card.question.question, "") {
        let _ = writeln!(out, "{}", p.paint(&line, Role::Title));
    }
    for review in typed {
        let local = now.zone.local(review.at);
        let _ = writeln!(
            out,
            "\n{}  {} · {}",
            p.paint(&local.format("%Y-%m-%d %H:%M").to_string(), Role::Label),
            review.rating.as_str(),
            format_secs((review.duration_ms / 1000) as u32)
        );
        for line in layout.wrap(review.typed_answer.as_deref().unwrap_or_default(), "  ") {
            let _ = writeln!(out, "{line}");
        }
    }
    out
}

/// `prepdrill plan`: ready if you stop now, with daily practice, and the minutes the goal needs.
pub fn outlook(outlook: &Outlook, now: Now, layout: Layout, run: &str) -> String {
    let p = layout.painter;
    let at = now.zone.local(outlook.interview.at);
    let total = outlook.questions;
    let practice = &outlook.practice;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} {} ({})",
        p.paint("Interview", Role::Label),
        at.format("%a %-d %b %Y at %H:%M"),
        words::interview_day(outlook.interview, now)
    );
    let _ = writeln!(
        out,
        "Questions ready on the day (predicted recall of {} or more when it starts):",
        percent(READY)
    );
    let goal = (GOAL * total as f64).ceil();
    let mut rows = vec![
        (
            "if you stop now".to_string(),
            format!("{} of {total}", outlook.ready_if_stopped),
        ),
        (
            format!("with {} min a day", practice.minutes_per_day),
            format!(
                "{:.1} of {total} on average; {}–{} in 8 runs of 10 ({} each, {} runs)",
                practice.mean,
                practice.low,
                practice.high,
                counted(practice.sessions, "session"),
                practice.runs
            ),
        ),
    ];
    if let Some(reach) = outlook.reach {
        let how = match reach {
            Reach::Already => "you are there already".to_string(),
            Reach::Minutes(m) => format!("about {m} min a day"),
            Reach::OutOfReach => format!(
                "out of reach by then, even at 6 hours a day: drill the weakest first (`{run} stats`)"
            ),
        };
        rows.push((format!("for {} ({goal:.0} of {total})", percent(GOAL)), how));
    }
    let width = rows
        .iter()
        .map(|(label, _)| label.chars().count())
        .max()
        .unwrap_or(0);
    for (label, value) in rows {
        let _ = writeln!(out, "  {label:<width$}   {value}");
    }
    let _ = writeln!(
        out,
        "{}",
        p.paint(
            "The forecast plays one session a day at this time of day, planned as the drill plans it.",
            Role::Dim
        )
    );
    out
}

/// The one-line forecast in `stats` and the drill's summary; `run` is `prepdrill` with the
/// options in force.
pub fn readiness_line(outlook: &Outlook, run: &str) -> String {
    format!(
        "Ready if you stop now: {} of {}; about {:.0} of {} with {} min a day (`{run} plan`).",
        outlook.ready_if_stopped,
        outlook.questions,
        outlook.practice.mean,
        outlook.questions,
        outlook.practice.minutes_per_day
    )
}

/// Once the interview has passed: says so, that the drill is back to the regular schedule, and
/// how to set the next one (`set` is the command, with the options in force).
pub fn interview_passed(interview: Interview, now: Now, set: &str) -> String {
    format!(
        "Your interview on {} has passed: the drill is back to the regular schedule. Set the next one with `{set}`.",
        now.zone.local(interview.at).format("%a %-d %b %Y at %H:%M")
    )
}

/// `prepdrill next`: the card and why, or why there is none; then, before an interview, the
/// weakest question when it is not the one asked, and why it waits (`weakest`).
pub fn next(
    pick: Option<(Card<'_>, Reason, Option<&CardState>)>,
    next: &Next,
    next_due: Option<DateTime<Utc>>,
    weakest: Option<&Waiting<'_>>,
    now: Now,
    layout: Layout,
) -> String {
    let mut out = next_pick(pick, next, next_due, now, layout);
    if let Some(waiting) = weakest {
        let _ = writeln!(
            out,
            "{} {}",
            layout.painter.paint("weakest:", Role::Dim),
            waits(waiting, now)
        );
    }
    out
}

/// Why the weakest question is not the one asked: "charlie (59% on the day) waits: a review now
/// would add under 1% of a question to its recall on the day".
fn waits(waiting: &Waiting<'_>, now: Now) -> String {
    let why = match waiting.why {
        Wait::Skipped => "you skipped it until tomorrow".to_string(),
        Wait::AnsweredToday { due } if due < now.end_of(now.today()) => format!(
            "answered today; the drill asks it again once its step is due {}",
            words::due(due, now)
        ),
        Wait::AnsweredToday { .. } => "answered today; not asked again today".to_string(),
        Wait::Later { place, gain } => format!(
            "the drill asks it later today (number {place} in today's order): its review {}, less per minute of answering than this one's",
            short_gain(gain)
        ),
        Wait::NotWorth => {
            "a review now would add under 1% of a question to its recall on the day".to_string()
        }
    };
    format!(
        "{} ({} on the day) waits: {why}",
        sanitize(&waiting.card.question.id),
        percent(waiting.recall)
    )
}

/// The card `next` names and why, or why there is none.
fn next_pick(
    pick: Option<(Card<'_>, Reason, Option<&CardState>)>,
    next: &Next,
    next_due: Option<DateTime<Utc>>,
    now: Now,
    layout: Layout,
) -> String {
    let p = layout.painter;
    let Some((card, reason, state)) = pick else {
        let mut text = if matches!(next, Next::Ready) {
            "Nothing now: you are as ready as practice today can make you.".to_string()
        } else {
            "Nothing is due now.".to_string()
        };
        if let Some(due) = next_due {
            let _ = write!(text, " The next card is due {}.", words::due(due, now));
        }
        text.push('\n');
        return text;
    };
    let why = match reason {
        Reason::Gain { gain, per_minute } if shows_ready(gain) => format!(
            "adds {:.2} to the expected recall on the interview day and {:.2} to the chance that it is ready then ({} or more; {per_minute:.3} a minute of answering)",
            gain.recall,
            gain.ready,
            percent(READY)
        ),
        Reason::Gain { gain, per_minute } => format!(
            "adds {:.2} to the expected recall on the interview day ({per_minute:.3} a minute of answering)",
            gain.recall
        ),
        Reason::Returning { due } => format!("its learning step is due {}", words::due(due, now)),
        Reason::Planned => match state {
            Some(s) => format!("due {} ({})", words::due(s.due, now), s.state.as_str()),
            None => "a new question".to_string(),
        },
    };
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}  {}",
        p.paint(&sanitize(&card.question.id), Role::Id),
        sanitize(&card.question.question)
    );
    let _ = writeln!(out, "{} {why}", p.paint("why:", Role::Dim));
    out
}

/// Whether a pick's chance of being ready on the day is worth naming (in the last days).
fn shows_ready(gain: Gain) -> bool {
    gain.ready.abs() >= 0.005
}

/// A pick's gain in a table cell: "adds 0.12 recall on the day", and in the last days also
/// "0.40 chance ready".
fn short_gain(gain: Gain) -> String {
    if shows_ready(gain) {
        format!(
            "adds {:.2} recall, {:.2} chance ready on the day",
            gain.recall, gain.ready
        )
    } else {
        format!("adds {:.2} recall on the day", gain.recall)
    }
}
