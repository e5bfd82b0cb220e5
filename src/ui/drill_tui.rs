//! The full-screen drill: the drill's own keys (undo, skip, hint) and its screen, run by the one
//! full-screen loop in `ui::session_tui`.

use chrono::{DateTime, Utc};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::core::bank::Bank;
use crate::core::session::{Action, Session};
use crate::ui::drill_view::{Screen, render};
use crate::ui::line_edit::LineEditor;
use crate::ui::round::Round;
use crate::ui::session_tui::ScreenRound;

impl ScreenRound for Session {
    /// Ctrl-T shows the why-note as a hint while typing.
    fn typing_key(&self, key: KeyEvent, _editor: &LineEditor) -> Option<Action> {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        (key.code == KeyCode::Char('t') && ctrl).then_some(Action::Hint)
    }

    /// u undoes the last grade and s skips, at any time; h shows the hint while asking.
    fn own_key(&self, key: KeyEvent) -> Option<Action> {
        match key.code {
            KeyCode::Char('u') => Some(Action::Undo),
            KeyCode::Char('s') => Some(Action::Skip),
            KeyCode::Char('h') if self.asking() => Some(Action::Hint),
            _ => None,
        }
    }

    fn render(&self, bank: &Bank, now: DateTime<Utc>, screen: Screen<'_>) -> Vec<String> {
        render(self, bank, now, screen)
    }
}
