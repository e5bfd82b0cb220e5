//! Colour, decided once per run: `--color auto|always|never`, NO_COLOR, and whether a terminal is attached.

use crossterm::style::{Attribute, Color, ContentStyle, StyledContent};

/// The user's `--color` choice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum ColorChoice {
    /// Colour when writing to a terminal and NO_COLOR is unset or empty.
    #[default]
    Auto,
    Always,
    Never,
}

impl ColorChoice {
    /// Whether to colour, given whether the output is a terminal and the value of NO_COLOR.
    pub fn enabled(self, is_terminal: bool, no_color: Option<&str>) -> bool {
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => is_terminal && no_color.is_none_or(str::is_empty),
        }
    }
}

/// What a piece of text is, which decides how it looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Id,
    Title,
    Label,
    Dim,
    Match,
    Good,
    Warn,
    Bad,
    Key,
}

/// Applies roles as ANSI styles, or passes text through untouched when colour is off.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Painter {
    pub enabled: bool,
}

impl Painter {
    pub const PLAIN: Painter = Painter { enabled: false };

    pub fn paint(self, text: &str, role: Role) -> String {
        if !self.enabled || text.is_empty() {
            return text.to_string();
        }
        let mut style = ContentStyle::new();
        match role {
            Role::Id => style.foreground_color = Some(Color::Cyan),
            Role::Title => style.attributes.set(Attribute::Bold),
            Role::Label => {
                style.foreground_color = Some(Color::Yellow);
                style.attributes.set(Attribute::Bold);
            }
            Role::Dim => style.attributes.set(Attribute::Dim),
            Role::Match => {
                style.foreground_color = Some(Color::Black);
                style.background_color = Some(Color::Yellow);
            }
            Role::Good => style.foreground_color = Some(Color::Green),
            Role::Warn => style.foreground_color = Some(Color::Yellow),
            Role::Bad => style.foreground_color = Some(Color::Red),
            Role::Key => {
                style.foreground_color = Some(Color::Cyan);
                style.attributes.set(Attribute::Bold);
            }
        }
        StyledContent::new(style, text).to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn case(choice: ColorChoice, tty: bool, no_color: Option<&str>, expected: bool) {
        assert_eq!(choice.enabled(tty, no_color), expected);
    }

    #[test]
    fn colour_decision() {
        case(ColorChoice::Auto, true, None, true);
        case(ColorChoice::Auto, true, Some(""), true);
        case(ColorChoice::Auto, true, Some("1"), false);
        case(ColorChoice::Auto, false, None, false);
        case(ColorChoice::Always, false, Some("1"), true);
        case(ColorChoice::Never, true, None, false);
    }
}
