//! The words of a text as search sees them: folded (lowercase, no accents), split at anything not
//! a letter or digit, each with its place in the original.

use crate::core::fold::fold;

/// Calls `each` with every word of a text, folded (lowercase, no accents) and split at anything
/// not a letter or digit, and its byte range in the original. One buffer serves every word.
pub(super) fn scan_words(text: &str, mut each: impl FnMut(std::ops::Range<usize>, &str)) {
    scan_words_until(text, |range, word| {
        each(range, word);
        false
    });
}

/// [`scan_words`] until `each` returns true; whether it did.
fn scan_words_until(
    text: &str,
    mut each: impl FnMut(std::ops::Range<usize>, &str) -> bool,
) -> bool {
    let mut word = String::new();
    let mut start = None;
    for (at, c) in text.char_indices() {
        let folded = crate::core::fold::fold_char(c);
        if folded.is_alphanumeric() {
            start.get_or_insert(at);
            word.push(folded);
        } else if let Some(from) = start.take() {
            if each(from..at, &word) {
                return true;
            }
            word.clear();
        }
    }
    start.is_some_and(|from| each(from..text.len(), &word))
}

/// Whether any word of a text, as [`words`] finds it, passes `test`: stops at the first that
/// does, and makes no string per word.
pub fn any_word(text: &str, mut test: impl FnMut(&str) -> bool) -> bool {
    scan_words_until(text, |_, word| test(word))
}

/// The words of a text as [`scan_words`] finds them, each with its byte range in the original.
pub fn words(text: &str) -> Vec<(std::ops::Range<usize>, String)> {
    let mut out = Vec::new();
    scan_words(text, |range, word| out.push((range, word.to_string())));
    out
}

/// Folds and splits a query the way [`search`](super::search) does, for messages: `Rate-Limiting` → `rate limiting`.
pub fn normalise(text: &str) -> String {
    fold(text)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_keep_their_place_in_the_text() {
        let text = "Café—rate-limiting";
        let found: Vec<(&str, String)> = words(text)
            .into_iter()
            .map(|(r, w)| (&text[r], w))
            .collect();
        assert_eq!(
            found,
            [
                ("Café", "cafe".to_string()),
                ("rate", "rate".to_string()),
                ("limiting", "limiting".to_string())
            ]
        );
        assert_eq!(normalise("Rate-Limiting!"), "rate limiting");
    }
}
