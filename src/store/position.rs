//! Where in a file a problem is: one line and column for bad UTF-8, JSON and YAML errors alike,
//! taken from the parsers' own positions rather than read back out of their messages.

use std::fmt;

/// A 1-based line and column; the column counts characters, as editors show it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.column)
    }
}

impl Position {
    /// The place just after `prefix`: where the next byte of the file stands.
    pub fn after(prefix: &[u8]) -> Self {
        let line = prefix.iter().filter(|&&b| b == b'\n').count() + 1;
        let line_start = prefix
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |i| i + 1);
        let column = String::from_utf8_lossy(&prefix[line_start..])
            .chars()
            .count()
            + 1;
        Position { line, column }
    }

    /// The first byte of `bytes` that is not UTF-8.
    pub fn of_utf8(bytes: &[u8], error: std::str::Utf8Error) -> Self {
        Position::after(&bytes[..error.valid_up_to().min(bytes.len())])
    }
}

/// serde_json's error as its position and its message without the position it appends.
pub fn json(error: &serde_json::Error) -> (Position, String) {
    let position = Position {
        line: error.line(),
        column: error.column(),
    };
    let suffix = format!(" at line {} column {}", error.line(), error.column());
    (position, without_suffix(error.to_string(), &suffix))
}

/// serde_yaml's error as its position, when it has one, and its message without the position
/// it appends.
pub fn yaml(error: &serde_yaml::Error) -> (Option<Position>, String) {
    let Some(location) = error.location() else {
        return (None, error.to_string());
    };
    let position = Position {
        line: location.line(),
        column: location.column(),
    };
    let suffix = format!(" at line {} column {}", location.line(), location.column());
    (Some(position), without_suffix(error.to_string(), &suffix))
}

/// The message with exactly the position the parser appended taken off; a message that merely
/// contains the words "at line" elsewhere keeps them.
fn without_suffix(message: String, suffix: &str) -> String {
    match message.strip_suffix(suffix) {
        Some(cut) => cut.to_string(),
        None => message,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn case(bytes: &[u8], line: usize, column: usize) {
        let error = std::str::from_utf8(bytes).expect_err("bad UTF-8");
        assert_eq!(Position::of_utf8(bytes, error), Position { line, column });
    }

    #[test]
    fn bad_utf8_is_placed_by_line_and_character() {
        case(b"\xff", 1, 1);
        case(b"ab\xff", 1, 3);
        // The bug of issue 21: a bad byte at the start of line 2 was reported as 1:3.
        case(b"{\n\xff", 2, 1);
        case(
            &[b"\xc3\xa9\n\xe6\x97\xa5\xe6\x9c\xac".as_slice(), b"\xff"].concat(),
            2,
            3,
        );
        assert_eq!(Position::after(b""), Position { line: 1, column: 1 });
        assert_eq!(Position::after(b"ab\ncd"), Position { line: 2, column: 3 });
    }

    #[test]
    fn json_errors_keep_their_message_apart_from_the_place() {
        let error =
            serde_json::from_str::<serde_json::Value>("{\n  \"a\": trux\n}").expect_err("bad JSON");
        let (at, message) = json(&error);
        assert_eq!(
            at,
            Position {
                line: 2,
                column: 11
            }
        );
        assert_eq!(message, "expected ident");
    }

    #[test]
    fn yaml_errors_keep_their_message_apart_from_the_place() {
        let error = serde_yaml::from_str::<Vec<u32>>("- 1\n- at line two\n").expect_err("bad");
        let (at, message) = yaml(&error);
        assert_eq!(at.map(|p| p.line), Some(2));
        assert!(!message.ends_with(&format!("column {}", at.expect("place").column)));
        assert!(
            message.contains("at line two") || message.contains("invalid type"),
            "{message}"
        );
    }
}
