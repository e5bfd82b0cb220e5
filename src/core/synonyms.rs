//! The field's abbreviations and synonyms (k8s = Kubernetes, authz = authorization), read from
//! `questions/synonyms.yaml`: groups of words and phrases that make the same point, matched by stem.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::core::answer_text::AnswerText;

/// The table that ships beside the built-in bank.
const BUILT_IN: &str = include_str!("../../questions/synonyms.yaml");

/// Groups of phrases that mean the same, looked up by their stems.
#[derive(Debug, Clone, Default)]
pub struct Synonyms {
    /// Stemmed phrase -> the groups it belongs to.
    phrases: HashMap<Vec<String>, Vec<u32>>,
    /// The longest phrase, in words.
    longest: usize,
    groups: usize,
}

impl Synonyms {
    /// Reads a table: a YAML list of groups, each a list of words or phrases.
    pub fn parse(text: &str) -> Result<Self, String> {
        let groups: Vec<Vec<String>> = serde_yaml::from_str(text).map_err(|e| {
            format!("{e}; the synonyms table is a list of groups such as `- [k8s, kubernetes]`")
        })?;
        let mut table = Synonyms::default();
        for (index, group) in groups.iter().enumerate() {
            if group.len() < 2 {
                return Err(format!(
                    "group {} ({}) needs at least two phrases",
                    index + 1,
                    group.join(", ")
                ));
            }
            for phrase in group {
                let stems = stems(phrase);
                if stems.is_empty() {
                    return Err(format!("group {}: \"{phrase}\" has no words", index + 1));
                }
                table.longest = table.longest.max(stems.len());
                let entry = table.phrases.entry(stems).or_default();
                let id = index as u32;
                if !entry.contains(&id) {
                    entry.push(id);
                }
            }
        }
        table.groups = groups.len();
        Ok(table)
    }

    /// The table shipped with prepdrill. A broken table (caught by a unit test) gives an empty one
    /// rather than a panic.
    pub fn built_in() -> &'static Synonyms {
        static TABLE: OnceLock<Synonyms> = OnceLock::new();
        TABLE.get_or_init(|| Synonyms::parse(BUILT_IN).unwrap_or_default())
    }

    /// The groups of the phrase made of these stems.
    pub fn groups_of(&self, stems: &[&str]) -> &[u32] {
        let key: Vec<String> = stems.iter().map(|s| (*s).to_string()).collect();
        self.phrases.get(&key).map_or(&[], Vec::as_slice)
    }

    /// The longest phrase, in words.
    pub fn longest(&self) -> usize {
        self.longest
    }

    /// How many groups the table holds.
    pub fn len(&self) -> usize {
        self.groups
    }

    pub fn is_empty(&self) -> bool {
        self.groups == 0
    }
}

/// The stems of a phrase, as the matcher sees them (stop words kept, so phrases read as written).
fn stems(phrase: &str) -> Vec<String> {
    AnswerText::new(phrase)
        .words
        .into_iter()
        .map(|w| w.stem)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_table_reads() {
        let table = Synonyms::parse(BUILT_IN);
        assert!(
            table.as_ref().is_ok_and(|t| t.len() > 50),
            "{:?}",
            table.err()
        );
    }

    #[test]
    fn abbreviations_meet_their_long_form() {
        let table = Synonyms::parse("- [k8s, kubernetes]\n- [idp, identity provider]\n")
            .unwrap_or_default();
        assert_eq!(table.groups_of(&["k8s"]), &[0]);
        assert_eq!(table.groups_of(&["kubernet"]), &[0]);
        assert_eq!(table.groups_of(&["ident", "provid"]), &[1]);
        assert_eq!(table.longest(), 2);
        assert!(table.groups_of(&["provid"]).is_empty());
    }

    #[test]
    fn bad_tables_say_what_is_wrong() {
        let err = Synonyms::parse("- [alone]\n").err().unwrap_or_default();
        assert!(err.contains("group 1") && err.contains("two"), "{err}");
        let err = Synonyms::parse("k8s: kubernetes\n")
            .err()
            .unwrap_or_default();
        assert!(err.contains("list of groups"), "{err}");
    }
}
