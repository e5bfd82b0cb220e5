//! Case- and accent-insensitive matching that still knows where each match lies in the original text.

/// Folds one character to its plain lowercase form: `É` → `e`, `’` → `'`, a non-breaking hyphen → `-`.
/// One character in, one out, so positions in folded text map straight back to the original.
///
/// Accents go by Unicode canonical decomposition (`é` is `e` and a combining acute), which covers
/// every accented letter. A few letters carry their mark inside the letter and have no
/// decomposition (`ø`, `ł`, `đ`, `ß`); they and the typographic punctuation are listed by hand.
pub fn fold_char(c: char) -> char {
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    let lower = c.to_lowercase().next().unwrap_or(c);
    let mut base = None;
    unicode_normalization::char::decompose_canonical(lower, |part| {
        base.get_or_insert(part);
    });
    match base.unwrap_or(lower) {
        'ø' => 'o',
        'ł' => 'l',
        'đ' => 'd',
        'ħ' => 'h',
        'ß' => 's',
        '\u{2010}'..='\u{2015}' | '\u{2212}' => '-',
        '\u{2018}' | '\u{2019}' | '\u{201B}' | '\u{2032}' => '\'',
        '\u{201C}' | '\u{201D}' | '\u{201F}' | '\u{2033}' => '"',
        '\u{00A0}' | '\u{2000}'..='\u{200A}' | '\u{202F}' => ' ',
        other => other,
    }
}

/// Folds a whole string with [`fold_char`].
pub fn fold(s: &str) -> String {
    s.chars().map(fold_char).collect()
}

/// A folded copy of a text that remembers each character's byte offset in the original.
pub struct FoldedText {
    folded: Vec<char>,
    offsets: Vec<usize>,
    original_len: usize,
}

impl FoldedText {
    pub fn new(original: &str) -> Self {
        let (offsets, folded) = original
            .char_indices()
            .map(|(at, c)| (at, fold_char(c)))
            .unzip();
        FoldedText {
            folded,
            offsets,
            original_len: original.len(),
        }
    }

    /// The first match of an already-folded needle, as a byte range in the original.
    pub fn find(&self, needle: &str) -> Option<std::ops::Range<usize>> {
        self.find_all(needle).next()
    }

    /// Every non-overlapping match of an already-folded needle, as byte ranges in the original.
    pub fn find_all<'a>(
        &'a self,
        needle: &str,
    ) -> impl Iterator<Item = std::ops::Range<usize>> + 'a {
        let needle: Vec<char> = needle.chars().collect();
        let mut start = 0;
        std::iter::from_fn(move || {
            if needle.is_empty() {
                return None;
            }
            while start + needle.len() <= self.folded.len() {
                let at = start;
                if self.folded[at..at + needle.len()] == needle[..] {
                    start = at + needle.len();
                    let end = self
                        .offsets
                        .get(start)
                        .copied()
                        .unwrap_or(self.original_len);
                    return Some(self.offsets[at]..end);
                }
                start += 1;
            }
            None
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn case(hay: &str, needle: &str, expected: &[&str]) {
        let folded = FoldedText::new(hay);
        let found: Vec<&str> = folded.find_all(&fold(needle)).map(|r| &hay[r]).collect();
        assert_eq!(found, expected);
    }

    #[test]
    fn matching() {
        case("Café CAFE cafe", "cafe", &["Café", "CAFE", "cafe"]);
        case(
            "a brand\u{2011}new feature",
            "brand-new",
            &["brand\u{2011}new"],
        );
        case("you’d", "you'd", &["you’d"]);
        case("Ünïcödé", "UNICODE", &["Ünïcödé"]);
        case("abc", "", &[]);
        case("aaa", "aa", &["aa"]);
    }

    #[test]
    fn letters_beyond_the_old_table_fold() {
        // Vietnamese, Romanian and Icelandic letters the hand-made table never listed.
        assert_eq!(fold("Ệ ț ő Ǻ"), "e t o a");
        assert_eq!(fold("Łódź Ørsted"), "lodz orsted");
    }
}
