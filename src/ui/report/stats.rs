//! The `stats` report: readiness toward the interview, practice by day and by tag.

use std::fmt::Write as _;

use crate::core::deadline::Interview;
use crate::core::schedule::State;
use crate::core::stats::{Now, Stats};
use crate::core::words::{self, counted, format_secs, percent};
use crate::ui::lookup::Layout;
use crate::ui::style::Role;
use crate::ui::table::{Column, Table};

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
