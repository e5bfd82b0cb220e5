//! Bank text made safe for markdown: it renders as exactly that text and never changes the
//! document's structure.

/// Characters that are markup somewhere, whatever surrounds them: CommonMark (`\` `` ` `` `*`
/// `_` `[` `]` `<` `>` `#` `&`), GitHub (`|` tables, `~` strikethrough, `$` math, `@` email
/// autolinks) and pandoc (`^` `~` super- and subscript, `@` citations, `{` `}` attributes).
pub(super) const MARKUP: &[char] = &[
    '\\', '`', '*', '_', '[', ']', '<', '>', '#', '&', '|', '~', '$', '@', '^', '{', '}',
];

/// Bank text as markdown that renders as exactly that text and can never change the document's
/// structure.
///
/// Runs of whitespace, line breaks included, fold to one space, so no field can end a paragraph,
/// start a block or leave trailing spaces; control characters become visible stand-ins. Markup
/// characters get a backslash, which CommonMark and pandoc allow before any ASCII punctuation. So
/// does a leading punctuation character or list number (`- x`, `> x`, `1. x`, `a) x`), because
/// fields also start list items and block quotes, and the `:` of `http://` and the `.` of `www.`,
/// which GitHub would otherwise turn into links.
pub(super) fn escape_inline(text: &str) -> String {
    escape_clean(&clean(text))
}

pub(super) fn escape_clean(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let marker = list_marker_end(&chars);
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for (i, &c) in chars.iter().enumerate() {
        let escape = MARKUP.contains(&c)
            || (i == 0 && c.is_ascii_punctuation())
            || marker == Some(i)
            || (c == ':' && starts_link_or_emoji(chars.get(i + 1).copied()))
            || (c == '.' && ends_with_www(&chars[..i]));
        if escape {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// The `.` or `)` that ends a leading ordered-list marker: `12.` in CommonMark, `a)` or `iv.` in
/// pandoc.
pub(super) fn list_marker_end(chars: &[char]) -> Option<usize> {
    let run = chars
        .iter()
        .take_while(|c| c.is_ascii_alphanumeric())
        .count();
    ((1..=9).contains(&run) && matches!(chars.get(run), Some('.' | ')'))).then_some(run)
}

/// After a `:`, what makes `scheme://` (a GitHub autolink) or `:name:` (a GitHub emoji).
pub(super) fn starts_link_or_emoji(next: Option<char>) -> bool {
    next.is_some_and(|c| c == '/' || c.is_ascii_alphanumeric() || matches!(c, '_' | '+' | '-'))
}

pub(super) fn ends_with_www(before: &[char]) -> bool {
    before.len() >= 3
        && before[before.len() - 3..]
            .iter()
            .all(|c| c.eq_ignore_ascii_case(&'w'))
}

/// Text on one line with nothing invisible: whitespace runs (line breaks included) become one
/// space, and control characters become Control Pictures (ESC shows as ␛), as the terminal's
/// sanitizer does, so a shared bank cannot smuggle escape sequences into the sheet.
pub(super) fn clean(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars() {
        if matches!(
            c,
            ' ' | '\t' | '\n' | '\r' | '\x0b' | '\x0c' | '\u{85}' | '\u{2028}' | '\u{2029}'
        ) {
            space = !out.is_empty();
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        out.push(match c {
            '\0'..='\x1f' => char::from_u32(0x2400 + u32::from(c)).unwrap_or('\u{fffd}'),
            '\x7f' => '\u{2421}',
            // C1 controls, bidirectional overrides and isolates can reorder or hide what follows.
            '\u{80}'..='\u{9f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => '\u{fffd}',
            other => other,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn escapes(input: &str, expected: &str) {
        assert_eq!(escape_inline(input), expected, "{input:?}");
    }

    #[test]
    fn escape_cases() {
        escapes("plain words, kept: as is?", "plain words, kept: as is?");
        escapes("# not a heading", r"\# not a heading");
        escapes("a | b", r"a \| b");
        escapes("<script>", r"\<script\>");
        escapes("*x* _y_ `z`", r"\*x\* \_y\_ \`z\`");
        escapes("[l](http://x)", r"\[l\](http\://x)");
        escapes("see http://bare.example", r"see http\://bare.example");
        escapes("www.example.com", r"www\.example.com");
        escapes("> quote", r"\> quote");
        escapes("- item", r"\- item");
        escapes("+ item", r"\+ item");
        escapes("1. one", r"1\. one");
        escapes("a) pandoc list", r"a\) pandoc list");
        escapes("line\n- two\r\n\tthree  ", r"line - two three");
        escapes(
            "R&D costs $5 @ 10:30 ~ok^",
            r"R\&D costs \$5 \@ 10\:30 \~ok\^",
        );
        escapes("Heading {#id}", r"Heading \{\#id\}");
        escapes("back\\slash", r"back\\slash");
        escapes("\u{1b}]0;x\u{7}", r"␛\]0;x␇");
        escapes("bidi\u{202e}x", "bidi\u{fffd}x");
    }
}
