//! The full-screen mock round: the round's own keys and its screen, run by the one full-screen
//! loop in `ui::session_tui`.

use chrono::{DateTime, Utc};
use crossterm::event::{KeyCode, KeyEvent};

use crate::core::bank::Bank;
use crate::core::mock::{MockAction, MockRound};
use crate::ui::drill_view::Screen;
use crate::ui::line_edit::LineEditor;
use crate::ui::mock_view::render;
use crate::ui::round::Round;
use crate::ui::session_tui::ScreenRound;

impl ScreenRound for MockRound {
    /// Enter on an empty line at the end of the typed text moves on, as in line mode.
    fn typing_key(&self, key: KeyEvent, editor: &LineEditor) -> Option<MockAction> {
        let typed = self.typed();
        let at_end = editor.cursor(typed) == typed.chars().count();
        (key.code == KeyCode::Enter && at_end && (typed.is_empty() || typed.ends_with('\n')))
            .then_some(MockAction::Next)
    }

    fn render(&self, bank: &Bank, now: DateTime<Utc>, screen: Screen<'_>) -> Vec<String> {
        render(self, bank, now, screen)
    }

    fn feedback(line: String) -> String {
        format!("saved: {line}")
    }
}
