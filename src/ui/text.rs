//! Text for the terminal: bank text made harmless, and wrapping by display width.

use unicode_width::UnicodeWidthStr;

/// Whether a character can reorder, hide or fake text on a terminal without being seen: C1
/// controls, bidirectional marks, overrides and isolates, zero-width and other invisible
/// characters, line and paragraph separators, and Unicode tag characters.
pub fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{80}'..='\u{9f}'
        | '\u{61c}'                       // Arabic letter mark
        | '\u{180e}'                      // Mongolian vowel separator
        | '\u{200b}'..='\u{200f}'         // zero-width space, joiners, LRM, RLM
        | '\u{2028}'..='\u{202e}'         // line and paragraph separators, bidi embeddings
        | '\u{2060}'..='\u{206f}'         // word joiner, invisible operators, isolates
        | '\u{feff}'                      // zero-width no-break space (BOM)
        | '\u{fff9}'..='\u{fffb}'         // interlinear annotations
        | '\u{e0000}'..='\u{e007f}') // tag characters
}

/// Replaces every control character from a bank or progress file with a visible stand-in, so a
/// shared file cannot retitle the window, write the clipboard, clear the screen, or hide and
/// reorder text. Newlines survive; tabs become spaces.
pub fn sanitize(text: &str) -> String {
    // One allocation for the whole text, none per character; printable ASCII and newlines,
    // which need no change, are copied a run at a time.
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    loop {
        let safe = rest
            .bytes()
            .position(|b| b != b'\n' && !(0x20..0x7f).contains(&b))
            .unwrap_or(rest.len());
        out.push_str(&rest[..safe]);
        rest = &rest[safe..];
        let Some(c) = rest.chars().next() else {
            return out;
        };
        match c {
            '\t' => out.push_str("    "),
            // C0 controls and DEL become their Control Pictures: ESC shows as ␛.
            '\0'..='\x1f' => out.push(char::from_u32(0x2400 + c as u32).unwrap_or('\u{FFFD}')),
            '\x7f' => out.push('\u{2421}'),
            c if is_invisible(c) => out.push('\u{FFFD}'),
            other => out.push(other),
        }
        rest = &rest[c.len_utf8()..];
    }
}

/// Wraps sanitized text to `width` columns by display width, each line starting with `indent`.
pub fn wrap(text: &str, width: usize, indent: &str) -> Vec<String> {
    let options = textwrap::Options::new(width.max(indent.width() + 10))
        .initial_indent(indent)
        .subsequent_indent(indent);
    textwrap::wrap(&sanitize(text), options)
        .into_iter()
        .map(std::borrow::Cow::into_owned)
        .collect()
}

/// Wraps one line that is already sanitized, and may be painted, to `width` columns (escape
/// sequences take no room): the first line as it is, the rest starting with `indent`. `None`, off a
/// terminal, keeps the line whole so a pipe sees every word.
pub fn fit(line: &str, width: Option<usize>, indent: &str) -> Vec<String> {
    let Some(width) = width else {
        return vec![line.to_string()];
    };
    let options = textwrap::Options::new(width.max(indent.width() + 10)).subsequent_indent(indent);
    textwrap::wrap(line, options)
        .into_iter()
        .map(std::borrow::Cow::into_owned)
        .collect()
}

/// Cuts sanitized text to at most `width` columns, ending in `…` when cut.
pub fn truncate(text: &str, width: usize) -> String {
    let text = sanitize(text).replace('\n', " ");
    if text.width() <= width {
        return text;
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        used += w;
        out.push(c);
    }
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_are_neutralised() {
        let hostile = "a\x1b]0;pwned\x07b\x1b[2Jc\u{9b}31m\u{202e}d\r";
        let clean = sanitize(hostile);
        assert!(
            !clean.chars().any(|c| c.is_control() && c != '\n'),
            "{clean:?}"
        );
        assert_eq!(clean, "a␛]0;pwned␇b␛[2Jc\u{FFFD}31m\u{FFFD}d␍");
    }

    #[test]
    fn invisible_and_ordering_characters_show() {
        for c in [
            '\u{200e}',
            '\u{200f}',
            '\u{61c}',
            '\u{200b}',
            '\u{200d}',
            '\u{2028}',
            '\u{2029}',
            '\u{2060}',
            '\u{feff}',
            '\u{e0041}',
            '\u{85}',
            '\u{2067}',
        ] {
            assert_eq!(
                sanitize(&format!("a{c}b")),
                "a\u{FFFD}b",
                "U+{:04X}",
                c as u32
            );
        }
        assert_eq!(sanitize("café ✓ 日本"), "café ✓ 日本");
    }

    #[test]
    fn wraps_by_display_width() {
        let lines = wrap("日本語 日本語 日本語", 14, "");
        assert_eq!(lines, ["日本語 日本語", "日本語"]);
    }

    #[test]
    fn truncates_with_ellipsis() {
        assert_eq!(truncate("hello world", 8), "hello w…");
        assert_eq!(truncate("short", 8), "short");
    }
}
