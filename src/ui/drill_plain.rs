//! The drill line by line, for screen readers, scripts and pipes: the same session, driven by lines.

use std::io::{self, BufRead, IsTerminal, Write};
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use chrono::{DateTime, Utc};

use crate::core::bank::Bank;
use crate::core::bank::Card;
use crate::core::clock::KeyGuard;
use crate::core::key_point::KeyPoint;
use crate::core::schedule::Rating;
use crate::core::session::{Action, Current, Effect, Phase, Session};
use crate::ui::drill_tui::{DrillLook, EffectSink, Outcome};
use crate::ui::drill_view::{clock, point_index, point_letter, to_go};
use crate::ui::lookup::format_secs;
use crate::ui::style::{Painter, Role};
use crate::ui::text::wrap;

const WIDTH: usize = 80;

/// What a line typed after the reveal means.
pub(crate) fn grade_of(line: &str) -> Option<Rating> {
    match line {
        "1" | "again" => Some(Rating::Again),
        "2" | "hard" => Some(Rating::Hard),
        "3" | "good" => Some(Rating::Good),
        "4" | "easy" => Some(Rating::Easy),
        _ => None,
    }
}

/// Runs the session over `input` lines, writing to `output`, until it ends or input runs out.
/// The end of a pipe ends the session normally. On a terminal, end of input (Ctrl-D, a closed
/// window) and SIGHUP end it as a hang-up, exit 129; every grade given is already saved.
pub fn run(
    session: &mut Session,
    bank: &Bank,
    sink: &mut dyn EffectSink,
    look: &DrillLook,
    input: &mut dyn BufRead,
    output: &mut dyn Write,
) -> anyhow::Result<Outcome> {
    let on_terminal = std::io::stdin().is_terminal();
    // Blocked in a read, the drill would not see a flag; SIGHUP exits at once instead. Grades
    // are saved as they are given, and a save cut short leaves the previous file.
    signal_hook::flag::register_conditional_shutdown(
        signal_hook::consts::SIGHUP,
        129,
        Arc::new(AtomicBool::new(true)),
    )?;
    let mut shown: Option<(String, bool)> = None;
    // The card whose why-note was already printed as a hint, so the reveal does not repeat it.
    let mut hinted: Option<String> = None;
    let mut typed = String::new();
    let mut line = String::new();
    let mut guard = KeyGuard::default();
    while session.ended().is_none() {
        let Some(current) = session.current() else {
            break;
        };
        let revealed = matches!(current.phase, Phase::Revealed { .. });
        let showing = (current.card.key.to_string(), revealed);
        if shown.as_ref() != Some(&showing) {
            if revealed {
                // Undo brings back a card whose question is no longer the last one printed.
                let brought_back = shown.as_ref().is_some_and(|(key, _)| *key != showing.0);
                if brought_back {
                    print_brought_back(session, bank, look, output)?;
                }
                let skip_why = hinted.as_deref() == Some(showing.0.as_str());
                print_answer(session, bank, look, skip_why, output)?;
            } else {
                typed.clear();
                print_question(session, bank, look, output)?;
            }
            shown = Some(showing);
        }
        output.flush()?;
        line.clear();
        match input.read_line(&mut line) {
            Ok(0) => {
                session.apply(Action::Quit, look.clock.now());
                if !on_terminal {
                    break;
                }
                if crate::ui::terminal::hung_up() {
                    crate::ui::terminal::hang_up();
                }
                return Ok(Outcome::Interrupted(signal_hook::consts::SIGHUP));
            }
            Ok(_) => {}
            Err(error) => {
                if on_terminal && crate::ui::terminal::hung_up() {
                    crate::ui::terminal::hang_up();
                }
                return Err(error.into());
            }
        }
        let text = line.trim_end_matches(['\n', '\r']);
        let command = text.trim().to_lowercase();
        if look.guard_lines
            && guard.blocks(look.clock.now())
            && !matches!(
                command.as_str(),
                "q" | "quit" | "u" | "undo" | "p" | "pause"
            )
        {
            writeln!(output, "(Ignored: that came just after the grade.)")?;
            continue;
        }
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
                    hinted = Some(current_key(session));
                    Some(Action::Hint)
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
            let now = look.clock.now();
            for effect in session.apply(action, now) {
                match effect {
                    Effect::Record(_) => guard.arm(now),
                    Effect::Remove(_) => guard.disarm(),
                    _ => {}
                }
                sink.carry_out(effect, session)?;
                if let Some(line) = sink.take_feedback() {
                    writeln!(output, "Saved: {line}")?;
                }
            }
            if pausing {
                writeln!(output, "{}", pause_line(session.is_paused()))?;
            }
        }
    }
    Ok(Outcome::Finished)
}

fn toggle_letters(
    session: &mut Session,
    letters: &str,
    now: DateTime<Utc>,
    output: &mut dyn Write,
) -> anyhow::Result<()> {
    let Some(indexes) = point_indexes(letters) else {
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
        let line = toggle_line(ticked, session.suggested_grade(now));
        writeln!(output, "{line}")?;
    }
    Ok(())
}

/// "Paused; p resumes." or "Resumed.": the line after a pause key.
pub(crate) fn pause_line(paused: bool) -> &'static str {
    if paused {
        "Paused; p resumes."
    } else {
        "Resumed."
    }
}

/// The points a line of letters ticks ("ac", "a, c"); `None` unless it names at least one
/// point and nothing else.
pub(crate) fn point_indexes(letters: &str) -> Option<Vec<usize>> {
    let indexes: Option<Vec<usize>> = letters
        .chars()
        .filter(|c| !c.is_whitespace() && *c != ',')
        .map(point_index)
        .collect();
    indexes.filter(|i| !i.is_empty())
}

/// A question's text, wrapped and painted as a title.
pub(crate) fn write_question(output: &mut dyn Write, p: Painter, text: &str) -> io::Result<()> {
    for line in wrap(text, WIDTH, "") {
        writeln!(output, "{}", p.paint(&line, Role::Title))?;
    }
    Ok(())
}

/// A labelled block ("Sample answer:"), its text indented under the label.
pub(crate) fn write_section(
    output: &mut dyn Write,
    p: Painter,
    label: &str,
    text: &str,
) -> io::Result<()> {
    writeln!(output, "{}", p.paint(label, Role::Label))?;
    for line in wrap(text, WIDTH, "  ") {
        writeln!(output, "{line}")?;
    }
    Ok(())
}

/// The key points as a checklist, each with its letter and whether it is ticked.
pub(crate) fn write_points(
    output: &mut dyn Write,
    points: &[KeyPoint],
    ticked: &[bool],
) -> io::Result<()> {
    for (i, point) in points.iter().enumerate() {
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
    Ok(())
}

/// The prompt under the checklist, offering the suggested grade when there is one.
pub(crate) fn write_grade_prompt(
    output: &mut dyn Write,
    suggested: Option<Rating>,
) -> io::Result<()> {
    let suggestion = suggested.map_or(String::new(), |r| {
        format!(
            " Suggested: {} {} (empty line takes it).",
            r as u8,
            r.as_str()
        )
    });
    writeln!(
        output,
        "Tick points by letter (e.g. ac), then grade 1 again, 2 hard, 3 good, 4 easy.{suggestion}"
    )
}

/// "Ticked: a[x] b[ ] · suggested 2 hard": the checklist after a change.
pub(crate) fn toggle_line(ticked: &[bool], suggested: Option<Rating>) -> String {
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
    let suggestion = suggested.map_or(String::new(), |r| {
        format!(" · suggested {} {}", r as u8, r.as_str())
    });
    format!("Ticked: {}{suggestion}", marks.join(" "))
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
        "{} · {} · {} · session {} left{}",
        p.paint(&card.question.id, Role::Id),
        card.question.category,
        to_go(session),
        clock(left.max(chrono::Duration::zero())),
        if session.is_cram() {
            " · cram: schedule unchanged"
        } else {
            ""
        }
    )?;
    write_question(output, p, &card.question.question)?;
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
    write_section(
        output,
        look.painter,
        "Why employers ask:",
        &card.question.why,
    )?;
    Ok(())
}

fn current_key(session: &Session) -> String {
    session
        .current()
        .map(|c| c.card.key.to_string())
        .unwrap_or_default()
}

/// After an undo: which question is back on screen, before its answer is printed again.
fn print_brought_back(
    session: &Session,
    bank: &Bank,
    look: &DrillLook,
    output: &mut dyn Write,
) -> anyhow::Result<()> {
    let p = look.painter;
    let Some((_, card)) = on_screen(session, bank) else {
        return Ok(());
    };
    writeln!(output)?;
    writeln!(
        output,
        "Undone. Back to {}:",
        p.paint(&card.question.id, Role::Id)
    )?;
    write_question(output, p, &card.question.question)?;
    Ok(())
}

fn print_answer(
    session: &Session,
    bank: &Bank,
    look: &DrillLook,
    skip_why: bool,
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
    let own = look.own.get(&current.card.key);
    for (label, text) in [
        (
            "Why employers ask:",
            Some(card.question.why.as_str()).filter(|_| !skip_why),
        ),
        ("Your own answer:", own),
        ("Sample answer:", Some(card.question.answer.as_str())),
    ] {
        if let Some(text) = text {
            write_section(output, p, label, text)?;
        }
    }
    writeln!(output, "{}", p.paint("Key points:", Role::Label))?;
    let ticked = match &current.phase {
        Phase::Revealed { ticked } => ticked.clone(),
        Phase::Asking { .. } => Vec::new(),
    };
    write_points(output, &card.question.key_points, &ticked)?;
    write_grade_prompt(output, session.suggested_grade(look.clock.now()))?;
    Ok(())
}
