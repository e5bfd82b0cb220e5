//! The drill line by line, for screen readers, scripts and pipes: what the drill prints and what
//! its lines mean, run by the one line-mode loop in `ui::session_plain`.

use std::io::{self, Write};

use chrono::Duration;

use crate::core::bank::Bank;
use crate::core::bank::Card;
use crate::core::bank::Category;
use crate::core::coaching::coach;
use crate::core::key_point::KeyPoint;
use crate::core::schedule::Rating;
use crate::core::session::{Action, Current, Phase, Session};
use crate::core::words::format_secs;
use crate::ui::coach_view::{coaching_lines, quote};
use crate::ui::drill_view::{clock, point_index, point_letter, to_go};
use crate::ui::line_command::LineCommand;
use crate::ui::round::{DrillLook, Round};
use crate::ui::session_plain::{Line, LineNotes, LineRound, tick_points};
use crate::ui::style::{Painter, Role};
use crate::ui::text::wrap;

const WIDTH: usize = 80;

impl LineRound for Session {
    const GUARDED_AFTER: &'static str = "the grade";
    const TICK_HELP: &'static str = "Tick or untick points by letter (e.g. ac), grade 1-4 or again/hard/good/easy, u undo, s skip, q quit.";

    /// Quit, undo and pause are never a double tap meant for the card before.
    fn passes_guard(command: LineCommand) -> bool {
        matches!(
            command,
            LineCommand::Quit | LineCommand::Undo | LineCommand::Pause
        )
    }

    fn show(
        &self,
        before: Option<&Self::Spot>,
        bank: &Bank,
        look: &DrillLook,
        notes: &LineNotes,
        output: &mut dyn Write,
    ) -> anyhow::Result<()> {
        let Some(current) = self.current() else {
            return Ok(());
        };
        if self.asking() {
            return print_question(self, bank, look, output);
        }
        // Undo brings back a card whose question is no longer the last one printed.
        let brought_back = before
            .and_then(Option::as_ref)
            .is_some_and(|(key, _)| *key != current.card.key);
        if brought_back {
            print_brought_back(self, bank, look, output)?;
        }
        let skip_why = notes.hinted.as_ref() == Some(&current.card.key);
        print_answer(self, bank, look, skip_why, output)
    }

    fn line_action(
        &mut self,
        line: &Line<'_>,
        bank: &Bank,
        look: &DrillLook,
        notes: &mut LineNotes,
        output: &mut dyn Write,
    ) -> anyhow::Result<Option<Action>> {
        let now = look.clock.now();
        if self.reviewing() {
            return Ok(match line.command {
                LineCommand::Undo => Some(Action::Undo),
                LineCommand::Skip => Some(Action::Skip),
                LineCommand::Quit => Some(Action::Quit),
                LineCommand::Pause => Some(Action::Pause),
                LineCommand::Empty => self.suggested_grade(now).map(Action::Grade),
                LineCommand::Grade(rating) => Some(Action::Grade(rating)),
                LineCommand::Hint | LineCommand::Other => {
                    tick_points(self, line.lowered, now, output)?;
                    None
                }
            });
        }
        if look.typing && matches!(line.command, LineCommand::Grade(_) | LineCommand::Other) {
            notes.typed.push_str(line.text);
            notes.typed.push('\n');
            return Ok(Some(Action::Typed(notes.typed.clone())));
        }
        Ok(match line.command {
            LineCommand::Empty => {
                look.clock.answered();
                Some(Action::Reveal)
            }
            LineCommand::Hint => {
                print_hint(self, bank, look, output)?;
                notes.hinted = self.current().map(|c| c.card.key.clone());
                Some(Action::Hint)
            }
            LineCommand::Skip => Some(Action::Skip),
            LineCommand::Quit => Some(Action::Quit),
            LineCommand::Pause => Some(Action::Pause),
            LineCommand::Undo => Some(Action::Undo),
            LineCommand::Grade(_) | LineCommand::Other => {
                writeln!(
                    output,
                    "Press Enter to reveal the answer; h hint, s skip, u undo the last grade, p pause, q quit."
                )?;
                None
            }
        })
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

/// The key points as a checklist, each with its letter and whether it is ticked, and under a
/// ticked point the words of the typed answer that made it.
pub(crate) fn write_points(
    output: &mut dyn Write,
    points: &[KeyPoint],
    ticked: &[bool],
    evidence: &[Option<String>],
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
        if ticked.get(i).copied().unwrap_or(false)
            && let Some(Some(evidence)) = evidence.get(i)
        {
            for line in wrap(&quote(evidence), WIDTH, "        ") {
                writeln!(output, "{line}")?;
            }
        }
    }
    Ok(())
}

/// The coach's lines on a typed answer: length, STAR check, hedges.
pub(crate) fn write_coaching(
    output: &mut dyn Write,
    typed: &str,
    category: Category,
    limit: Duration,
    painter: Painter,
) -> io::Result<()> {
    if typed.trim().is_empty() {
        return Ok(());
    }
    for line in coaching_lines(&coach(typed, category, limit), painter) {
        for wrapped in wrap(&line, WIDTH, "  ") {
            writeln!(output, "{wrapped}")?;
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
    write_wrapped(
        output,
        &format!(
            "Tick or untick points by letter (e.g. ac), then grade 1 again, 2 hard, 3 good, 4 easy.{suggestion}"
        ),
    )
}

/// An instruction line, wrapped like the text above it so a terminal never breaks it mid-word.
pub(crate) fn write_wrapped(output: &mut dyn Write, text: &str) -> io::Result<()> {
    for line in wrap(text, WIDTH, "") {
        writeln!(output, "{line}")?;
    }
    Ok(())
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
    write_wrapped(
        output,
        &format!(
            "Time limit {}. {how} (h hint, s skip, q quit).",
            format_secs(u32::try_from(limit).unwrap_or(0))
        ),
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
    write_points(
        output,
        &card.question.key_points,
        &ticked,
        &current.evidence,
    )?;
    write_coaching(
        output,
        &current.typed,
        card.question.category,
        current.card.answer_limit,
        p,
    )?;
    write_grade_prompt(output, session.suggested_grade(look.clock.now()))?;
    Ok(())
}
