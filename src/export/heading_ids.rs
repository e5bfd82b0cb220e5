//! Heading ids as GitHub computes them, kept unique by construction so every contents link
//! resolves.

use std::collections::HashSet;

use super::escape::clean;

/// A heading's text (clean, unescaped) and the id GitHub derives from it.
#[derive(Debug, Clone)]
pub(super) struct Heading {
    pub(super) text: String,
    pub(super) id: String,
}

/// The ids taken so far, in document order.
///
/// Why computed ids and not explicit anchors: an inline `<a id>` is raw HTML, which markdownlint's
/// MD033 rejects and pandoc drops from non-HTML output, and pandoc's `{#id}` shows as text on
/// GitHub. So links use the id GitHub computes from the heading text. Pandoc reading GitHub or
/// CommonMark markdown (`-f gfm`, `-f commonmark_x`) computes the same id. Its own `markdown`
/// dialect keeps `.` and drops leading digits, so there a numbered question's heading gets another
/// id; read the sheet with `-f gfm`.
///
/// Why unique by construction: GitHub, pandoc and markdownlint agree on an id only while no two
/// headings share one (they number duplicates differently in corner cases), and markdownlint's
/// MD024 forbids identical heading texts anyway. So a heading whose id is empty or taken gets a
/// tiebreak appended to its text, such as the question's `deck/id`, and no suffixing is left to
/// the renderer.
#[derive(Default)]
pub(super) struct HeadingIds {
    pub(super) used: HashSet<String>,
}

impl HeadingIds {
    /// The heading for `text`, with `tiebreak` appended (then numbered) while its id is empty or
    /// taken.
    pub(super) fn claim(&mut self, text: &str, tiebreak: &str) -> Heading {
        let text = clean(text);
        let mut candidate = text.clone();
        for n in 1.. {
            let id = github_slug(&candidate);
            if !id.is_empty() && self.used.insert(id.clone()) {
                return Heading {
                    text: candidate,
                    id,
                };
            }
            candidate = if n == 1 {
                format!("{text} ({tiebreak})")
            } else {
                format!("{text} ({tiebreak} {n})")
            };
        }
        unreachable!("some numbered tiebreak is always free")
    }
}

/// The id GitHub gives a heading: lowercase; keep letters, marks, numbers, `_`, `-` and spaces;
/// spaces become hyphens. (html-pipeline's `[^\p{Word}\- ]`, as in github-slugger and markdownlint.)
pub(super) fn github_slug(text: &str) -> String {
    text.to_lowercase()
        .chars()
        .filter_map(|c| match c {
            ' ' | '-' => Some('-'),
            c if is_word(c) => Some(c),
            _ => None,
        })
        .collect()
}

/// Letter, mark, number or connector punctuation. std has no general categories, so marks are the
/// combining blocks and variation selectors, and connectors are listed.
pub(super) fn is_word(c: char) -> bool {
    c.is_alphanumeric()
        || matches!(c,
            '_' | '\u{203f}' | '\u{2040}' | '\u{2054}' | '\u{fe33}' | '\u{fe34}'
            | '\u{fe4d}'..='\u{fe4f}' | '\u{ff3f}'
            | '\u{0300}'..='\u{036f}' | '\u{1ab0}'..='\u{1aff}' | '\u{1dc0}'..='\u{1dff}'
            | '\u{20d0}'..='\u{20ff}' | '\u{fe00}'..='\u{fe0f}' | '\u{fe20}'..='\u{fe2f}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn slugs(input: &str, expected: &str) {
        assert_eq!(github_slug(input), expected, "{input:?}");
    }

    #[test]
    fn slug_cases() {
        slugs("Contents", "contents");
        slugs(
            "Walk me through how you’d threat model a brand‑new feature?",
            "walk-me-through-how-youd-threat-model-a-brandnew-feature",
        );
        slugs("services. How 400?", "services-how-400");
        slugs("a - b_c", "a---b_c");
        slugs("Qué pasa, señor?", "qué-pasa-señor");
        slugs("<script> *x*", "script-x");
        slugs("???", "");
    }

    #[test]
    fn clashing_and_empty_ids_get_a_tiebreak() {
        let mut ids = HeadingIds::default();
        assert_eq!(ids.claim("Title", "sheet").id, "title");
        assert_eq!(ids.claim("Contents", "sheet").id, "contents");
        let again = ids.claim("Contents", "d/q1");
        assert_eq!(
            (again.text.as_str(), again.id.as_str()),
            ("Contents (d/q1)", "contents-dq1")
        );
        assert_eq!(ids.claim("Contents", "d/q1").text, "Contents (d/q1 2)");
        assert_eq!(ids.claim("???", "d/q2").id, "-dq2");
        assert_eq!(ids.claim("Title", "d/q3").id, "title-dq3");
    }
}
