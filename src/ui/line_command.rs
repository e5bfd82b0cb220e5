//! What a line typed in line mode says, read once: the words the drill and the mock round share
//! (q, p, u, s, h, the grades, an empty line) and everything else as text.

use std::convert::Infallible;
use std::str::FromStr;

use crate::core::schedule::Rating;

/// A line typed in line mode, as a command.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineCommand {
    /// An empty line: reveal, move on, or take the suggested grade.
    Empty,
    Quit,
    Pause,
    Undo,
    Skip,
    Hint,
    /// 1-4 or again, hard, good, easy.
    Grade(Rating),
    /// Anything else: typed text, or point letters to tick.
    Other,
}

impl FromStr for LineCommand {
    type Err = Infallible;

    /// Reads a line without its line ending; case and surrounding blanks do not matter.
    fn from_str(line: &str) -> Result<Self, Infallible> {
        Ok(match line.trim().to_lowercase().as_str() {
            "" => LineCommand::Empty,
            "q" | "quit" => LineCommand::Quit,
            "p" | "pause" => LineCommand::Pause,
            "u" | "undo" => LineCommand::Undo,
            "s" | "skip" => LineCommand::Skip,
            "h" | "hint" => LineCommand::Hint,
            "1" | "again" => LineCommand::Grade(Rating::Again),
            "2" | "hard" => LineCommand::Grade(Rating::Hard),
            "3" | "good" => LineCommand::Grade(Rating::Good),
            "4" | "easy" => LineCommand::Grade(Rating::Easy),
            _ => LineCommand::Other,
        })
    }
}

impl LineCommand {
    /// The command a line says.
    pub fn of(line: &str) -> Self {
        match line.parse() {
            Ok(command) => command,
            Err(never) => match never {},
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn case(line: &str, expected: LineCommand) {
        assert_eq!(LineCommand::of(line), expected, "{line:?}");
    }

    #[test]
    fn lines_read_as_commands() {
        case("", LineCommand::Empty);
        case("   ", LineCommand::Empty);
        case(" Q ", LineCommand::Quit);
        case("quit", LineCommand::Quit);
        case("P", LineCommand::Pause);
        case("undo", LineCommand::Undo);
        case("s", LineCommand::Skip);
        case("Hint", LineCommand::Hint);
        case("3", LineCommand::Grade(Rating::Good));
        case("EASY", LineCommand::Grade(Rating::Easy));
        case("5", LineCommand::Other);
        case("ac", LineCommand::Other);
        case("a managed secret store", LineCommand::Other);
    }
}
