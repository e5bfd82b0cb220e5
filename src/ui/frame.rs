//! The frame of a full screen: header, rule, the body as far as it fits, a notice or the
//! confirmation of a grade, and the footer; every line cut to the screen's width.

use crate::ui::drill_view::{MIN_HEIGHT, MIN_WIDTH, Screen};
use crate::ui::style::Role;
use crate::ui::text::{truncate, wrap};

/// Lines the confirmation of a grade may take under the body.
const FEEDBACK_LINES: usize = 2;

/// The body while paused: a blank line, then `message`.
pub(crate) fn paused(message: &str, screen: Screen<'_>) -> Vec<String> {
    vec![String::new(), screen.painter.paint(message, Role::Label)]
}

/// A header, a rule, as much of the body as fits (scrolled, with a "more" mark), the notice and
/// the footer: exactly `height` lines, none wider than the screen.
pub(crate) fn frame(
    header: String,
    body: &[String],
    footer: Vec<String>,
    screen: Screen<'_>,
) -> Vec<String> {
    let (width, height) = (usize::from(screen.width), usize::from(screen.height));
    let p = screen.painter;
    let mut lines = vec![header, p.paint(&"─".repeat(width), Role::Dim)];
    // A notice takes one line; the confirmation of a grade up to two, so that its end (before an
    // interview: "until your interview the drill decides when") is not cut off.
    let notice: Vec<String> = match (screen.notice, screen.feedback) {
        (Some(n), _) => vec![p.paint(&truncate(n, width), Role::Bad)],
        (None, Some(f)) => wrap(f, width, "")
            .iter()
            .take(FEEDBACK_LINES)
            .map(|line| p.paint(&truncate(line, width), Role::Good))
            .collect(),
        (None, None) => Vec::new(),
    };
    let room = height - lines.len() - footer.len() - notice.len();
    let scroll = screen.scroll.min(body.len().saturating_sub(room));
    let more_below = body.len() > scroll + room;
    let shown = if more_below { room - 1 } else { room };
    lines.extend(body.iter().skip(scroll).take(shown).cloned());
    if more_below {
        lines.push(p.paint("  ↓ more (↓/j to scroll)", Role::Dim));
    }
    while lines.len() < height - footer.len() - notice.len() {
        lines.push(String::new());
    }
    lines.extend(notice);
    lines.extend(footer);
    lines.iter().map(|line| fit(line, width)).collect()
}

/// Cuts a line, colour codes and all, to `width` columns: a safety net so that no text, however
/// long, wraps on a narrow terminal and scrolls the screen.
fn fit(line: &str, width: usize) -> String {
    let mut out = String::with_capacity(line.len());
    let mut used = 0;
    let mut chars = line.chars().peekable();
    let mut styled = false;
    while let Some(c) = chars.next() {
        if c == '\x1b' {
            // A colour code (CSI): copy it whole; it takes no columns.
            out.push(c);
            styled = true;
            if chars.peek() == Some(&'[') {
                for code in chars.by_ref() {
                    out.push(code);
                    if code.is_ascii_alphabetic() {
                        break;
                    }
                }
            }
            continue;
        }
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + w > width {
            if styled {
                out.push_str("\x1b[0m");
            }
            break;
        }
        used += w;
        out.push(c);
    }
    out
}

/// The message for a screen below the minimum, wrapped rather than cut so that the size needed
/// stays visible on however narrow a terminal.
pub(crate) fn too_small(screen: Screen<'_>) -> Vec<String> {
    let width = usize::from(screen.width).max(1);
    let message = format!(
        "Terminal too small: {}×{}; need {MIN_WIDTH}×{MIN_HEIGHT}. Enlarge it, or q to quit.",
        screen.width, screen.height
    );
    let mut lines: Vec<String> = wrap(&message, width, "")
        .iter()
        .map(|line| truncate(line, width))
        .collect();
    lines.resize(usize::from(screen.height), String::new());
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::style::Painter;

    #[test]
    fn fit_cuts_by_columns_and_keeps_codes_whole() {
        assert_eq!(fit("abcdef", 4), "abcd");
        assert_eq!(fit("\x1b[1mabcdef\x1b[0m", 3), "\x1b[1mabc\x1b[0m");
        assert_eq!(fit("日本語", 5), "日本");
    }

    #[test]
    fn a_long_confirmation_takes_two_lines_and_keeps_its_end() {
        let feedback = "metrics-leading-indicators: easy · not again today · schedule: in 10 days \
                        (Fri 13 Mar 2026); until your interview the drill decides when";
        let screen = Screen {
            width: 80,
            height: 12,
            painter: Painter::PLAIN,
            title: "t",
            typing: false,
            help: false,
            scroll: 0,
            notice: None,
            feedback: Some(feedback),
            own: None,
            cursor: None,
        };
        let body = vec!["body".to_string(); 20];
        let lines = frame("head".into(), &body, vec!["foot".into()], screen);
        assert_eq!(lines.len(), 12);
        assert!(lines[10].ends_with("the drill decides when"), "{lines:#?}");
        assert!(
            lines[9].starts_with("metrics-leading-indicators: easy"),
            "{lines:#?}"
        );
        // A notice still takes one line.
        let lines = frame(
            "head".into(),
            &body,
            vec!["foot".into()],
            Screen {
                notice: Some("saving failed"),
                ..screen
            },
        );
        assert_eq!(lines.len(), 12);
        assert_eq!(lines[10], "saving failed");
    }
}
