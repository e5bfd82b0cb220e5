//! The drill line by line, for screen readers, scripts and pipes: the same session, driven by lines.

use std::io::{BufRead, Write};

use chrono::{DateTime, Utc};

use crate::core::bank::Bank;
use crate::core::bank::Card;
use crate::core::schedule::Rating;
use crate::core::session::{Action, Current, Phase, Session};
use crate::ui::drill_tui::{DrillLook, EffectSink};
use crate::ui::drill_view::{clock, point_index, point_letter};
use crate::ui::lookup::format_secs;
use crate::ui::style::Role;
use crate::ui::text::wrap;

const WIDTH: usize = 80;

/// What a line typed after the reveal means.
fn grade_of(line: &str) -> Option<Rating> {
    match line {
        "1" | "again" => Some(Rating::Again),
        "2" | "hard" => Some(Rating::Hard),
        "3" | "good" => Some(Rating::Good),
        "4" | "easy" => Some(Rating::Easy),
        _ => None,
    }
}

/// Runs the session over `input` lines, writing to `output`, until it ends or input runs out.
pub fn run(
    session: &mut Session,
    bank: &Bank,
    sink: &mut dyn EffectSink,
    look: &DrillLook,
    input: &mut dyn BufRead,
    output: &mut dyn Write,
) -> anyhow::Result<()> {
    let mut shown: Option<(String, bool)> = None;
    let mut typed = String::new();
    let mut line = String::new();
    while session.ended().is_none() {
        let Some(current) = session.current() else {
            break;
        };
        let revealed = matches!(current.phase, Phase::Revealed { .. });
        let showing = (current.card.key.to_string(), revealed);
        if shown.as_ref() != Some(&showing) {
            if revealed {
                print_answer(session, bank, look, output)?;
            } else {
                typed.clear();
                print_question(session, bank, look, output)?;
            }
            shown = Some(showing);
        }
        output.flush()?;
        line.clear();
        if input.read_line(&mut line)? == 0 {
            session.apply(Action::Quit, look.clock.now());
            break;
        }
        let text = line.trim_end_matches(['\n', '\r']);
        let command = text.trim().to_lowercase();
        let action = if revealed {
            match command.as_str() {
                "u" | "undo" => Some(Action::Undo),
                "s" | "skip" => Some(Action::Skip),
                "q" | "quit" => Some(Action::Quit),
                "p" | "pause" => Some(Action::Pause),
                "" => session.suggested_grade(look.clock.now()).map(Action::Grade),
                other => {
                    let grade = grade_of(other);
                    if grade.is_none() {
                        toggle_letters(session, other, look.clock.now(), output)?;
                    }
                    grade.map(Action::Grade)
                }
            }
        } else if look.typing
            && !matches!(
                command.as_str(),
                "" | "q" | "quit" | "h" | "hint" | "s" | "skip" | "p" | "pause" | "u" | "undo"
            )
        {
            typed.push_str(text);
            typed.push('\n');
            Some(Action::Typed(typed.clone()))
        } else {
            match command.as_str() {
                "" => Some(Action::Reveal),
                "h" | "hint" => {
                    print_hint(session, bank, look, output)?;
                    None
                }
                "s" | "skip" => Some(Action::Skip),
                "q" | "quit" => Some(Action::Quit),
                "p" | "pause" => Some(Action::Pause),
                "u" | "undo" => Some(Action::Undo),
                _ => {
                    writeln!(
                        output,
                        "Press Enter to reveal the answer; h hint, s skip, u undo the last grade, p pause, q quit."
                    )?;
                    None
                }
            }
        };
        if let Some(action) = action {
            let pausing = action == Action::Pause;
            for effect in session.apply(action, look.clock.now()) {
                sink.carry_out(effect, session)?;
            }
            if pausing {
                let state = if session.is_paused() {
                    "Paused; p resumes."
                } else {
                    "Resumed."
                };
                writeln!(output, "{state}")?;
            }
        }
    }
    Ok(())
}

fn toggle_letters(
    session: &mut Session,
    letters: &str,
    now: DateTime<Utc>,
    output: &mut dyn Write,
) -> anyhow::Result<()> {
    let indexes: Option<Vec<usize>> = letters
        .chars()
        .filter(|c| !c.is_whitespace() && *c != ',')
        .map(point_index)
        .collect();
    let Some(indexes) = indexes.filter(|i| !i.is_empty()) else {
        writeln!(
            output,
            "Tick points by letter (e.g. ac), grade 1-4 or again/hard/good/easy, u undo, s skip, q quit."
        )?;
        return Ok(());
    };
    for index in indexes {
        session.apply(Action::Toggle(index), now);
    }
    if let Some(Phase::Revealed { ticked }) = session.current().map(|c| &c.phase) {
        let marks: Vec<String> = ticked
            .iter()
            .enumerate()
            .map(|(i, t)| {
                format!(
                    "{}{}",
                    point_letter(i).unwrap_or('?'),
                    if *t { "[x]" } else { "[ ]" }
                )
            })
            .collect();
        let suggestion = session.suggested_grade(now).map_or(String::new(), |r| {
            format!(" · suggested {} {}", r as u8, r.as_str())
        });
        writeln!(output, "Ticked: {}{suggestion}", marks.join(" "))?;
    }
    Ok(())
}

/// The card being asked, with its question from the bank.
fn on_screen<'a>(session: &'a Session, bank: &'a Bank) -> Option<(&'a Current, Card<'a>)> {
    let current = session.current()?;
    Some((current, bank.card(&current.card.key)?))
}

fn print_question(
    session: &Session,
    bank: &Bank,
    look: &DrillLook,
    output: &mut dyn Write,
) -> anyhow::Result<()> {
    let p = look.painter;
    let Some((current, card)) = on_screen(session, bank) else {
        return Ok(());
    };
    let left = session.time_left(look.clock.now());
    writeln!(output)?;
    writeln!(
        output,
        "{} · {} · {} to go · session {} left{}",
        p.paint(&card.question.id, Role::Id),
        card.question.category,
        session.remaining() + 1,
        clock(left.max(chrono::Duration::zero())),
        if session.is_cram() {
            " · cram: schedule unchanged"
        } else {
            ""
        }
    )?;
    for line in wrap(&card.question.question, WIDTH, "") {
        writeln!(output, "{}", p.paint(&line, Role::Title))?;
    }
    let limit = current.card.answer_limit.num_seconds();
    let how = if look.typing {
        "Type your answer, then an empty line to reveal"
    } else {
        "Answer aloud, then press Enter to reveal"
    };
    writeln!(
        output,
        "Time limit {}. {how} (h hint, s skip, q quit).",
        format_secs(u32::try_from(limit).unwrap_or(0))
    )?;
    Ok(())
}

fn print_hint(
    session: &Session,
    bank: &Bank,
    look: &DrillLook,
    output: &mut dyn Write,
) -> anyhow::Result<()> {
    let Some((_, card)) = on_screen(session, bank) else {
        return Ok(());
    };
    writeln!(
        output,
        "{}",
        look.painter.paint("Why employers ask:", Role::Label)
    )?;
    for line in wrap(&card.question.why, WIDTH, "  ") {
        writeln!(output, "{line}")?;
    }
    Ok(())
}

fn print_answer(
    session: &Session,
    bank: &Bank,
    look: &DrillLook,
    output: &mut dyn Write,
) -> anyhow::Result<()> {
    let p = look.painter;
    let Some((current, card)) = on_screen(session, bank) else {
        return Ok(());
    };
    let spent = session.answer_time(look.clock.now());
    let over = spent > current.card.answer_limit;
    writeln!(output)?;
    writeln!(
        output,
        "Answered in {} of {}{}",
        clock(spent),
        clock(current.card.answer_limit),
        if over {
            p.paint(" · TIME UP (overtime)", Role::Bad)
        } else {
            String::new()
        }
    )?;
    for (label, text) in [
        ("Why employers ask:", &card.question.why),
        ("Sample answer:", &card.question.answer),
    ] {
        writeln!(output, "{}", p.paint(label, Role::Label))?;
        for line in wrap(text, WIDTH, "  ") {
            writeln!(output, "{line}")?;
        }
    }
    writeln!(output, "{}", p.paint("Key points:", Role::Label))?;
    let ticked = match &current.phase {
        Phase::Revealed { ticked } => ticked.clone(),
        Phase::Asking { .. } => Vec::new(),
    };
    for (i, point) in card.question.key_points.iter().enumerate() {
        let mark = if ticked.get(i).copied().unwrap_or(false) {
            "[x]"
        } else {
            "[ ]"
        };
        let letter = point_letter(i).unwrap_or('?');
        for (n, line) in wrap(point, WIDTH, "        ").iter().enumerate() {
            if n == 0 {
                writeln!(output, "  {mark} {letter}  {}", line.trim_start())?;
            } else {
                writeln!(output, "{line}")?;
            }
        }
    }
    let suggestion = session
        .suggested_grade(look.clock.now())
        .map_or(String::new(), |r| {
            format!(
                " Suggested: {} {} (empty line takes it).",
                r as u8,
                r.as_str()
            )
        });
    writeln!(
        output,
        "Tick points by letter (e.g. ac), then grade 1 again, 2 hard, 3 good, 4 easy.{suggestion}"
    )?;
    Ok(())
}
