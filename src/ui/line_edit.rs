//! The `--type` box's editing keys: a cursor that Left/Right and Home/End move, Backspace and
//! Delete, Ctrl-W (word) and Ctrl-U (line) deletion, Enter for a new line. The text itself stays
//! in the session (or mock round); only the cursor lives here.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// Where the cursor is in the typed text, in characters.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LineEditor {
    cursor: Option<usize>,
}

impl LineEditor {
    /// The cursor in `text`: at the end until moved.
    pub fn cursor(&self, text: &str) -> usize {
        let len = text.chars().count();
        self.cursor.map_or(len, |c| c.min(len))
    }

    /// Back to the end of the text, for a new question.
    pub fn reset(&mut self) {
        self.cursor = None;
    }

    /// Applies an editing key to `text`: the new text, or `None` when the key is not an
    /// editing key (it may then mean something else, such as Tab).
    pub fn apply(&mut self, text: &str, key: KeyEvent) -> Option<String> {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        let mut chars: Vec<char> = text.chars().collect();
        let mut at = self.cursor(text);
        let line_start = |chars: &[char], at: usize| {
            chars[..at]
                .iter()
                .rposition(|c| *c == '\n')
                .map_or(0, |i| i + 1)
        };
        match key.code {
            KeyCode::Left => at = at.saturating_sub(1),
            KeyCode::Right => at = (at + 1).min(chars.len()),
            KeyCode::Home => at = line_start(&chars, at),
            KeyCode::Char('a') if ctrl => at = line_start(&chars, at),
            KeyCode::End | KeyCode::Char('e') if key.code == KeyCode::End || ctrl => {
                at = chars[at..]
                    .iter()
                    .position(|c| *c == '\n')
                    .map_or(chars.len(), |i| at + i);
            }
            KeyCode::Backspace if at > 0 => {
                chars.remove(at - 1);
                at -= 1;
            }
            KeyCode::Delete if at < chars.len() => {
                chars.remove(at);
            }
            KeyCode::Backspace | KeyCode::Delete => {}
            KeyCode::Char('w') if ctrl => {
                // The word before the cursor, and the spaces after it.
                let mut start = at;
                while start > 0 && chars[start - 1] == ' ' {
                    start -= 1;
                }
                while start > 0 && !chars[start - 1].is_whitespace() {
                    start -= 1;
                }
                chars.drain(start..at);
                at = start;
            }
            KeyCode::Char('u') if ctrl => {
                let start = line_start(&chars, at);
                chars.drain(start..at);
                at = start;
            }
            KeyCode::Enter => {
                chars.insert(at, '\n');
                at += 1;
            }
            KeyCode::Char(c) if !ctrl => {
                chars.insert(at, c);
                at += 1;
            }
            _ => return None,
        }
        self.cursor = Some(at);
        Some(chars.into_iter().collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    fn ctrl(c: char) -> KeyEvent {
        KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)
    }

    /// Types `keys` from an empty box; answers the text with `|` at the cursor.
    fn typed(keys: &[KeyEvent]) -> String {
        let mut editor = LineEditor::default();
        let mut text = String::new();
        for k in keys {
            if let Some(next) = editor.apply(&text, *k) {
                text = next;
            }
        }
        let at = editor.cursor(&text);
        let mut shown: Vec<char> = text.chars().collect();
        shown.insert(at, '|');
        shown.into_iter().collect()
    }

    fn chars(s: &str) -> Vec<KeyEvent> {
        s.chars().map(|c| key(KeyCode::Char(c))).collect()
    }

    #[test]
    fn editing_keys() {
        let mut keys = chars("abc");
        keys.extend([key(KeyCode::Left), key(KeyCode::Left)]);
        keys.extend(chars("X"));
        assert_eq!(typed(&keys), "aX|bc");
        keys.push(key(KeyCode::Home));
        assert_eq!(typed(&keys), "|aXbc");
        keys.push(key(KeyCode::End));
        keys.push(key(KeyCode::Backspace));
        assert_eq!(typed(&keys), "aXb|");
        let mut words = chars("rate limiting  ");
        words.push(ctrl('w'));
        assert_eq!(typed(&words), "rate |");
        let mut lines = chars("one");
        lines.push(key(KeyCode::Enter));
        lines.extend(chars("two"));
        lines.push(ctrl('u'));
        assert_eq!(typed(&lines), "one\n|");
        let mut delete = chars("ab");
        delete.extend([key(KeyCode::Home), key(KeyCode::Delete)]);
        assert_eq!(typed(&delete), "|b");
        assert_eq!(typed(&[key(KeyCode::Backspace), key(KeyCode::Left)]), "|");
    }

    #[test]
    fn other_keys_are_not_edits() {
        let mut editor = LineEditor::default();
        assert_eq!(editor.apply("x", key(KeyCode::Tab)), None);
        assert_eq!(editor.apply("x", key(KeyCode::Esc)), None);
        assert_eq!(editor.apply("x", ctrl('t')), None);
    }
}
