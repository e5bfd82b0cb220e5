//! "Did you mean …?": the closest names to a mistyped one.

/// Levenshtein distance over characters.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (diagonal + usize::from(ca != cb))
                .min(above + 1)
                .min(row[j] + 1);
            diagonal = above;
        }
    }
    row[b.len()]
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
    }

    #[test]
    fn closest_prefers_nearest() {
        let names = ["question", "answer", "why", "tags"].map(String::from);
        assert_eq!(closest("qestion", names.clone()), vec!["question"]);
        assert!(closest("zzzzzzzz", names).is_empty());
    }
}
