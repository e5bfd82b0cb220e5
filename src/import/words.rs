//! Words of a question for ids and tags: folded to plain lowercase ASCII, with the words that
//! carry no topic left out.

use crate::core::fold::fold;

/// Words that say nothing about a question's topic: English function words, the words every
/// interview question and why-note uses ("tell me about a time", "employers ask this question"),
/// and the verbs and fillers of why-notes, which recur without naming a topic. Sorted, for a
/// binary search.
#[rustfmt::skip]
const STOPWORDS: &[&str] = &[
    "a", "ability", "able", "about", "above", "across", "after", "again", "against", "all", "also",
    "am", "amid", "an", "and", "answer", "any", "approach", "are", "as", "ask", "asks", "assess",
    "at", "be", "because", "been", "before", "being", "below", "best", "between", "both", "build",
    "building", "built", "but", "by", "call", "can", "common", "could", "cover", "current", "d",
    "day", "days", "depth", "describe", "did", "discuss", "do", "does", "doing", "done", "down",
    "during", "each", "emphasize", "employer", "employers", "enabling", "ensure", "evaluate",
    "example", "examples", "experience", "explain", "fast", "few", "first", "focus", "for", "from",
    "further", "gauge", "get", "give", "go", "good", "had", "handle", "handling", "has", "have",
    "having", "he", "help", "her", "here", "high", "highlight", "him", "his", "how", "i", "if",
    "imagine", "in", "including", "inherit", "into", "is", "it", "its", "just", "keep", "know",
    "learn", "like", "ll", "m", "make", "me", "might", "mindset", "month", "more", "most",
    "moving", "much", "must", "my", "need", "next", "no", "nor", "not", "now", "of", "off",
    "often", "on", "once", "one", "only", "open", "opinion", "or", "other", "our", "ours", "out",
    "outline", "over", "own", "partner", "past", "place", "planned", "please", "practical",
    "presenting", "prevent", "probe", "process", "put", "question", "questions", "rather", "re",
    "really", "s", "same", "see", "set", "she", "should", "show", "slowing", "small", "so", "some",
    "specific", "specifically", "stand", "such", "support", "t", "take", "talk", "tell", "term",
    "than", "that", "the", "their", "them", "then", "there", "these", "they", "thing", "things",
    "think", "this", "those", "through", "time", "times", "to", "too", "trade", "two", "under",
    "understand", "until", "up", "us", "use", "used", "using", "validate", "ve", "very", "walk",
    "want", "was", "way", "ways", "we", "well", "were", "what", "when", "where", "whether",
    "which", "while", "who", "whom", "why", "will", "with", "within", "without", "would", "you",
    "your", "yours", "yourself",
];

/// Whether a lowercase word is one of the [`STOPWORDS`].
pub fn is_stopword(word: &str) -> bool {
    STOPWORDS.binary_search(&word).is_ok()
}

/// Whether a lowercase word is common in ordinary English: in the ISO stop-word list for English
/// (1,298 words, from the `stop-words` crate), which holds the function words and numbers in
/// words ("million"), or among the 1,000 most frequent English words (the `top-english-words`
/// crate), which holds the everyday words ("store", "team", "work") that name no topic. Used for
/// tags, not ids: an id drafted by an earlier version must come out the same.
pub fn is_common_english(word: &str) -> bool {
    static COMMON: std::sync::OnceLock<std::collections::HashSet<&'static str>> =
        std::sync::OnceLock::new();
    COMMON
        .get_or_init(|| {
            stop_words::get(stop_words::LANGUAGE::English)
                .iter()
                .copied()
                .chain(top_english_words::get_words::<&'static str>())
                .collect()
        })
        .contains(word)
}

/// The words of `text` in order: folded, split at anything not a letter or digit, stopwords and
/// single letters dropped.
pub fn content_words(text: &str) -> Vec<String> {
    fold(text)
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| w.len() > 1 && !is_stopword(w))
        .map(str::to_string)
        .collect()
}

/// A word's singular form, so `risks` and `risk` count as one: `-ies` to `-y`, a plain `-s`
/// dropped, but not from `-ss`, `-us` or `-is` (`process`, `status`, `analysis`).
pub fn singular(word: &str) -> String {
    if word.len() > 4
        && let Some(stem) = word.strip_suffix("ies")
    {
        return format!("{stem}y");
    }
    let keeps_s = ["ss", "us", "is"].iter().any(|end| word.ends_with(end));
    match word.strip_suffix('s') {
        Some(stem) if word.len() > 3 && !keeps_s => stem.to_string(),
        _ => word.to_string(),
    }
}

/// `text` as a lowercase slug: ASCII letters and digits in runs joined by `-`.
pub fn slug(text: &str) -> String {
    fold(text)
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join("-")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stopwords_are_sorted_for_the_binary_search() {
        assert!(STOPWORDS.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn words_of_a_question() {
        assert_eq!(
            content_words("Walk me through how you’d threat model a brand‑new feature?"),
            ["threat", "model", "brand", "new", "feature"]
        );
        assert_eq!(
            content_words("Qué pasa, CI/CD?"),
            ["que", "pasa", "ci", "cd"]
        );
    }

    #[track_caller]
    fn singular_is(word: &str, expected: &str) {
        assert_eq!(singular(word), expected, "{word}");
    }

    #[test]
    fn singular_cases() {
        singular_is("risks", "risk");
        singular_is("policies", "policy");
        singular_is("process", "process");
        singular_is("status", "status");
        singular_is("analysis", "analysis");
        singular_is("aws", "aws");
        singular_is("secrets", "secret");
    }

    #[test]
    fn slugs() {
        assert_eq!(
            slug("Staff Product Security Engineer"),
            "staff-product-security-engineer"
        );
        assert_eq!(slug("  Señor — QA/Test  "), "senor-qa-test");
        assert_eq!(slug("???"), "");
    }
}
