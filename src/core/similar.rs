//! "Did you mean …?": the closest names to a mistyped one.

/// Edit distance over characters, counting a swap of two neighbours as one edit (optimal string
/// alignment): "stirde" is one typo from "stride", as a person would count it.
pub fn edit_distance(a: &str, b: &str) -> usize {
    strsim::osa_distance(a, b)
}

/// Up to three candidates close to `wanted`, nearest first: within a third of its length in edits,
/// or containing it outright.
pub fn closest(wanted: &str, candidates: impl IntoIterator<Item = String>) -> Vec<String> {
    let limit = (wanted.chars().count() / 3).max(2);
    let mut scored: Vec<(usize, String)> = candidates
        .into_iter()
        .filter_map(|candidate| {
            let distance = edit_distance(wanted, &candidate);
            let related = distance <= limit || (wanted.len() >= 3 && candidate.contains(wanted));
            related.then_some((distance, candidate))
        })
        .collect();
    scored.sort();
    scored.dedup();
    scored.into_iter().take(3).map(|(_, c)| c).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn case(a: &str, b: &str, expected: usize) {
        assert_eq!(edit_distance(a, b), expected, "{a} ~ {b}");
    }

    #[test]
    fn distances() {
        case("", "", 0);
        case("qestion", "question", 1);
        case("kitten", "sitting", 3);
        case("secret", "secrets", 1);
        case("stirde", "stride", 1);
        case("ab", "ba", 1);
        case("abc", "", 3);
        case("", "abc", 3);
    }

    #[test]
    fn closest_prefers_nearest() {
        let names = ["question", "answer", "why", "tags"].map(String::from);
        assert_eq!(closest("qestion", names.clone()), vec!["question"]);
        assert!(closest("zzzzzzzz", names).is_empty());
    }
}
