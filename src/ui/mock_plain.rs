//! The mock round line by line, for screen readers, scripts and pipes: the same round, driven by
//! lines, printed with the plain drill's wording.

use std::io::{BufRead, Write};

use chrono::{DateTime, Utc};

use crate::core::bank::{Bank, Card};
use crate::core::clock::KeyGuard;
use crate::core::mock::{MockAction, MockQuestion, MockRound, Stage};
use crate::core::words::counted;
use crate::core::words::format_secs;
use crate::ui::drill_plain::{
    grade_of, pause_line, point_indexes, toggle_line, write_grade_prompt, write_points,
    write_question, write_section,
};
use crate::ui::drill_tui::DrillLook;
use crate::ui::drill_view::clock;
use crate::ui::mock_tui::Save;
use crate::ui::style::Role;

/// Runs the round over `input` lines, writing to `output`, until it ends or input runs out.
pub fn run(
    round: &mut MockRound,
    bank: &Bank,
    save: &mut Save<'_>,
    look: &DrillLook,
    input: &mut dyn BufRead,
    output: &mut dyn Write,
) -> anyhow::Result<()> {
    // Blocked in a read, the round would not see a flag; SIGHUP exits at once instead. Grades
    // are saved as they are given, and a save cut short leaves the previous file.
    signal_hook::flag::register_conditional_shutdown(
        signal_hook::consts::SIGHUP,
        129,
        std::sync::Arc::new(std::sync::atomic::AtomicBool::new(true)),
    )?;
    writeln!(
        output,
        "Mock round: {}, back to back. Answers and key points are shown only at the end.",
        counted(round.questions().len(), "question")
    )?;
    let mut shown: Option<Stage> = None;
    let mut typed = String::new();
    let mut line = String::new();
    let mut guard = KeyGuard::default();
    while round.stage() != Stage::Done {
        let stage = round.stage();
        if shown != Some(stage) {
            match stage {
                Stage::Asking(i) => {
                    typed.clear();
                    if i > 0 {
                        print_time(round, i - 1, look.clock.now(), output)?;
                    }
                    print_question(round, bank, look, output)?;
                }
                Stage::Reviewing(i) => {
                    if i == 0 {
                        print_time(round, round.questions().len() - 1, look.clock.now(), output)?;
                        writeln!(
                            output,
                            "\nThe round is over. Now the review, question by question."
                        )?;
                    }
                    print_review(round, bank, look, output)?;
                }
                Stage::Done => {}
            }
            shown = Some(stage);
        }
        output.flush()?;
        line.clear();
        if input.read_line(&mut line)? == 0 {
            round.apply(MockAction::Quit, look.clock.now());
            break;
        }
        let text = line.trim_end_matches(['\n', '\r']);
        let command = text.trim().to_lowercase();
        if look.guard_lines
            && guard.blocks(look.clock.now())
            && !matches!(command.as_str(), "q" | "quit" | "p" | "pause")
        {
            writeln!(output, "(Ignored: that came just after moving on.)")?;
            continue;
        }
        let action = match (stage, command.as_str()) {
            (_, "q" | "quit") => Some(MockAction::Quit),
            (_, "p" | "pause") => Some(MockAction::Pause),
            (Stage::Asking(_), "") => Some(MockAction::Next),
            (Stage::Asking(_), _) if look.typing => {
                typed.push_str(text);
                typed.push('\n');
                Some(MockAction::Typed(typed.clone()))
            }
            (Stage::Asking(_), _) => {
                writeln!(
                    output,
                    "Answer aloud, then press Enter for the next question; p pause, q quit."
                )?;
                None
            }
            (Stage::Reviewing(_), "") => {
                let suggested = round.current().and_then(MockQuestion::suggested_grade);
                if suggested.is_none() {
                    writeln!(output, "Grade it: 1 again, 2 hard, 3 good, 4 easy; q quit.")?;
                }
                suggested.map(MockAction::Grade)
            }
            (Stage::Reviewing(_), other) => {
                if let Some(rating) = grade_of(other) {
                    Some(MockAction::Grade(rating))
                } else {
                    toggle(round, other, look.clock.now(), output)?;
                    None
                }
            }
            (Stage::Done, _) => None,
        };
        if let Some(action) = action {
            let pausing = action == MockAction::Pause;
            let now = look.clock.now();
            let before = round.stage();
            let effects = round.apply(action, now);
            if round.stage() != before {
                guard.arm(now);
            }
            for effect in effects {
                if let Some(feedback) = save(effect)? {
                    writeln!(output, "Saved: {feedback}")?;
                }
            }
            if pausing {
                writeln!(output, "{}", pause_line(round.is_paused()))?;
            }
        }
    }
    Ok(())
}

fn toggle(
    round: &mut MockRound,
    letters: &str,
    now: DateTime<Utc>,
    output: &mut dyn Write,
) -> anyhow::Result<()> {
    let Some(indexes) = point_indexes(letters) else {
        writeln!(
            output,
            "Tick points by letter (e.g. ac), grade 1-4 or again/hard/good/easy, q quit."
        )?;
        return Ok(());
    };
    for index in indexes {
        round.apply(MockAction::Toggle(index), now);
    }
    if let Some(q) = round.current() {
        writeln!(output, "{}", toggle_line(&q.ticked, q.suggested_grade()))?;
    }
    Ok(())
}

fn print_time(
    round: &MockRound,
    index: usize,
    now: DateTime<Utc>,
    output: &mut dyn Write,
) -> anyhow::Result<()> {
    if let Some(q) = round.questions().get(index) {
        let spent = q.answer_time(now);
        let over = if spent > q.card.answer_limit {
            " · over time"
        } else {
            ""
        };
        writeln!(
            output,
            "Answered in {} of {}{over}.",
            clock(spent),
            clock(q.card.answer_limit)
        )?;
    }
    Ok(())
}

/// The question on screen, with its card from the bank.
fn on_screen<'a>(round: &'a MockRound, bank: &'a Bank) -> Option<(&'a MockQuestion, Card<'a>)> {
    let q = round.current()?;
    Some((q, bank.card(&q.card.key)?))
}

fn print_question(
    round: &MockRound,
    bank: &Bank,
    look: &DrillLook,
    output: &mut dyn Write,
) -> anyhow::Result<()> {
    let p = look.painter;
    let (Stage::Asking(i), Some((q, card))) = (round.stage(), on_screen(round, bank)) else {
        return Ok(());
    };
    writeln!(output)?;
    writeln!(
        output,
        "Question {} of {} · {} · {}",
        i + 1,
        round.questions().len(),
        p.paint(&card.question.id, Role::Id),
        card.question.category
    )?;
    write_question(output, p, &card.question.question)?;
    let how = if look.typing {
        "Type your answer, then an empty line for the next question"
    } else {
        "Answer aloud, then press Enter for the next question"
    };
    writeln!(
        output,
        "Time limit {}. {how} (p pause, q quit).",
        format_secs(u32::try_from(q.card.answer_limit.num_seconds()).unwrap_or(0))
    )?;
    Ok(())
}

fn print_review(
    round: &MockRound,
    bank: &Bank,
    look: &DrillLook,
    output: &mut dyn Write,
) -> anyhow::Result<()> {
    let p = look.painter;
    let (Stage::Reviewing(i), Some((q, card))) = (round.stage(), on_screen(round, bank)) else {
        return Ok(());
    };
    writeln!(output)?;
    writeln!(
        output,
        "Review {} of {} · {} · answered in {} of {}",
        i + 1,
        round.questions().len(),
        p.paint(&card.question.id, Role::Id),
        clock(q.answer_time(look.clock.now())),
        clock(q.card.answer_limit)
    )?;
    write_question(output, p, &card.question.question)?;
    let typed = q.typed.trim();
    let mut sections: Vec<(&str, &str)> = Vec::new();
    if !typed.is_empty() {
        sections.push(("What you typed:", typed));
    }
    if let Some(mine) = look.own.get(&q.card.key) {
        sections.push(("Your own answer:", mine));
    }
    sections.push(("Sample answer:", &card.question.answer));
    for (label, text) in sections {
        write_section(output, p, label, text)?;
    }
    if !card.question.key_points.is_empty() {
        writeln!(output, "{}", p.paint("Key points:", Role::Label))?;
    }
    write_points(output, &card.question.key_points, &q.ticked)?;
    write_grade_prompt(output, q.suggested_grade())?;
    Ok(())
}
