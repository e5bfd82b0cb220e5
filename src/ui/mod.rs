//! The terminal: styles, text, lookup output and JSON.

pub mod coach_view;
pub mod drill_plain;
pub mod drill_summary;
pub mod drill_tui;
pub mod drill_view;
pub mod fit_report;
pub mod frame;
pub mod help_pause;
pub mod json;
pub mod line_command;
pub mod line_edit;
pub mod lookup;
pub mod mock_plain;
pub mod mock_tui;
pub mod mock_view;
pub mod own_answer;
pub mod report;
pub mod round;
pub mod session_plain;
pub mod session_tui;
pub mod stderr;
pub mod style;
pub mod table;
pub mod terminal;
pub mod text;
pub mod wall_clock;
