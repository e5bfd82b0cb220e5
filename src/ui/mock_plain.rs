//! The mock round line by line, for screen readers, scripts and pipes: the same round, driven by
//! lines, printed with the plain drill's wording and run by the one line-mode loop in
//! `ui::session_plain`.

use std::io::Write;

use chrono::{DateTime, Utc};

use crate::core::bank::{Bank, Card};
use crate::core::mock::{MockAction, MockQuestion, MockRound, Stage};
use crate::core::words::counted;
use crate::core::words::format_secs;
use crate::ui::drill_plain::{
    write_coaching, write_grade_prompt, write_points, write_question, write_section, write_wrapped,
};
use crate::ui::drill_view::clock;
use crate::ui::line_command::LineCommand;
use crate::ui::round::DrillLook;
use crate::ui::session_plain::{Line, LineNotes, LineRound, tick_points};
use crate::ui::style::Role;

impl LineRound for MockRound {
    const GUARDED_AFTER: &'static str = "moving on";
    const TICK_HELP: &'static str =
        "Tick or untick points by letter (e.g. ac), grade 1-4 or again/hard/good/easy, q quit.";

    fn passes_guard(command: LineCommand) -> bool {
        matches!(command, LineCommand::Quit | LineCommand::Pause)
    }

    fn intro(&self, output: &mut dyn Write) -> std::io::Result<()> {
        writeln!(
            output,
            "Mock round: {}, back to back. Answers and key points are shown only at the end.",
            counted(self.questions().len(), "question")
        )
    }

    fn show(
        &self,
        _before: Option<&Stage>,
        bank: &Bank,
        look: &DrillLook,
        _notes: &LineNotes,
        output: &mut dyn Write,
    ) -> anyhow::Result<()> {
        match self.stage() {
            Stage::Asking(i) => {
                if i > 0 {
                    print_time(self, i - 1, look.clock.now(), output)?;
                }
                print_question(self, bank, look, output)?;
            }
            Stage::Reviewing(i) => {
                if i == 0 {
                    print_time(self, self.reviewed() - 1, look.clock.now(), output)?;
                    if self.quit() {
                        writeln!(
                            output,
                            "\nYou ended the round. Now the review of the {} you answered.",
                            counted(self.reviewed(), "question")
                        )?;
                    } else {
                        writeln!(
                            output,
                            "\nThe round is over. Now the review, question by question."
                        )?;
                    }
                }
                print_review(self, bank, look, output)?;
            }
            Stage::Done => {}
        }
        Ok(())
    }

    fn line_action(
        &mut self,
        line: &Line<'_>,
        _bank: &Bank,
        look: &DrillLook,
        notes: &mut LineNotes,
        output: &mut dyn Write,
    ) -> anyhow::Result<Option<MockAction>> {
        Ok(match (self.stage(), line.command) {
            (_, LineCommand::Quit) => Some(MockAction::Quit),
            (_, LineCommand::Pause) => Some(MockAction::Pause),
            (Stage::Asking(_), LineCommand::Empty) => Some(MockAction::Next),
            (Stage::Asking(_), _) if look.typing => {
                notes.typed.push_str(line.text);
                notes.typed.push('\n');
                Some(MockAction::Typed(notes.typed.clone()))
            }
            (Stage::Asking(_), _) => {
                writeln!(
                    output,
                    "Answer aloud, then press Enter for the next question; p pause, q quit."
                )?;
                None
            }
            (Stage::Reviewing(_), LineCommand::Empty) => {
                let suggested = self.current().and_then(MockQuestion::suggested_grade);
                if suggested.is_none() {
                    writeln!(output, "Grade it: 1 again, 2 hard, 3 good, 4 easy; q quit.")?;
                }
                suggested.map(MockAction::Grade)
            }
            (Stage::Reviewing(_), LineCommand::Grade(rating)) => Some(MockAction::Grade(rating)),
            (Stage::Reviewing(_), _) => {
                tick_points(self, line.lowered, look.clock.now(), output)?;
                None
            }
            (Stage::Done, _) => None,
        })
    }
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
    write_wrapped(
        output,
        &format!(
            "Time limit {}. {how} (p pause, q quit).",
            format_secs(u32::try_from(q.card.answer_limit.num_seconds()).unwrap_or(0))
        ),
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
        round.reviewed(),
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
    sections.push(("Why employers ask:", &card.question.why));
    for (label, text) in sections {
        write_section(output, p, label, text)?;
    }
    if !card.question.key_points.is_empty() {
        writeln!(output, "{}", p.paint("Key points:", Role::Label))?;
    }
    write_points(output, &card.question.key_points, &q.ticked, &q.evidence)?;
    write_coaching(
        output,
        &q.typed,
        card.question.category,
        q.card.answer_limit,
        p,
    )?;
    write_grade_prompt(output, q.suggested_grade())?;
    Ok(())
}
