//! Quoted words in a search: `"rate limiting"` matches those words together, in that order.

use crate::core::search::words;

/// A query split into its loose words (as text, for [`crate::core::search::Query`]) and its
/// phrases, each as folded words. A phrase of one word is a loose word; an unclosed quote runs
/// to the end.
pub fn split(text: &str) -> (String, Vec<Vec<String>>) {
    let mut loose = String::new();
    let mut phrases = Vec::new();
    let mut inside: Option<String> = None;
    for c in text.chars() {
        let is_quote = matches!(c, '"' | '\u{201c}' | '\u{201d}');
        match (&mut inside, is_quote) {
            (None, true) => inside = Some(String::new()),
            (None, false) => loose.push(c),
            (Some(quoted), false) => quoted.push(c),
            (Some(quoted), true) => {
                close(quoted, &mut loose, &mut phrases);
                inside = None;
            }
        }
    }
    if let Some(quoted) = &inside {
        close(quoted, &mut loose, &mut phrases);
    }
    (loose, phrases)
}

fn close(quoted: &str, loose: &mut String, phrases: &mut Vec<Vec<String>>) {
    let found: Vec<String> = words(quoted).into_iter().map(|(_, w)| w).collect();
    if found.len() > 1 {
        phrases.push(found);
    } else {
        loose.push(' ');
        loose.push_str(quoted);
        loose.push(' ');
    }
}

/// Whether `phrase` occurs in `field`, a field's words as vocabulary numbers: `matches[i][n]`
/// says whether vocabulary word `n` fits the phrase's word `i`.
pub fn occurs(field: &[u32], matches: &[Vec<bool>]) -> bool {
    field.windows(matches.len()).any(|window| {
        window
            .iter()
            .zip(matches)
            .all(|(&n, fits)| fits.get(n as usize).copied().unwrap_or(false))
    })
}

/// Whether a folded word of the text fits word `i` of `phrase`: the same word, or for the last,
/// the start of one (`"rate limit"` finds "rate limiting").
pub fn fits(phrase: &[String], i: usize, word: &str) -> bool {
    if i + 1 == phrase.len() {
        word.starts_with(phrase[i].as_str())
    } else {
        word == phrase[i]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn case(text: &str, loose: &[&str], phrases: &[&[&str]]) {
        let (got_loose, got_phrases) = split(text);
        let got_loose: Vec<String> = words(&got_loose).into_iter().map(|(_, w)| w).collect();
        assert_eq!(got_loose, loose, "{text:?}");
        assert_eq!(got_phrases, phrases, "{text:?}");
    }

    #[test]
    fn quotes_make_phrases() {
        case("rate limiting", &["rate", "limiting"], &[]);
        case("\"rate limiting\"", &[], &[&["rate", "limiting"]]);
        case(
            "stride \"trust boundaries\"",
            &["stride"],
            &[&["trust", "boundaries"]],
        );
        case(
            "\u{201c}Trust Boundaries\u{201d}",
            &[],
            &[&["trust", "boundaries"]],
        );
        case("\"stride\" threat", &["stride", "threat"], &[]);
        case("\"rate limit", &[], &[&["rate", "limit"]]);
    }

    #[test]
    fn a_phrase_is_its_words_in_order() {
        let phrase = vec!["rate".to_string(), "limit".to_string()];
        let vocabulary = ["rate", "limiting", "limit", "the"];
        let matches: Vec<Vec<bool>> = (0..phrase.len())
            .map(|i| vocabulary.iter().map(|w| fits(&phrase, i, w)).collect())
            .collect();
        assert!(occurs(&[3, 0, 1], &matches), "the rate limiting");
        assert!(!occurs(&[1, 0], &matches), "limiting rate");
        assert!(!occurs(&[0, 3, 2], &matches), "rate the limit");
    }
}
