//! The field's abbreviations and synonyms (k8s = Kubernetes, authz = authorization), written in
//! `questions/synonyms.yaml`: groups of words and phrases that make the same point, matched by stem.
//! The built-in table is read from `questions/synonyms.stems`, the same table already stemmed (a
//! unit test keeps it in step with the YAML), so that no run pays for parsing and stemming it.

use std::collections::HashMap;
use std::sync::OnceLock;

use rust_stemmers::{Algorithm, Stemmer};

use crate::core::answer_text::AnswerText;

/// The table that ships beside the built-in bank, as written.
#[cfg(test)]
const BUILT_IN: &str = include_str!("../../questions/synonyms.yaml");
/// The same table stemmed: one phrase a line, its stems joined by spaces, a tab, its group numbers.
const COMPILED: &str = include_str!("../../questions/synonyms.stems");

/// Groups of phrases that mean the same, looked up by their stems.
#[derive(Debug, Clone, Default)]
pub struct Synonyms {
    /// Stemmed phrase, its stems joined by spaces -> the groups it belongs to.
    phrases: HashMap<String, Vec<u32>>,
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
        let stemmer = Stemmer::create(Algorithm::English);
        for (index, group) in groups.iter().enumerate() {
            if group.len() < 2 {
                return Err(format!(
                    "group {} ({}) needs at least two phrases",
                    index + 1,
                    group.join(", ")
                ));
            }
            for phrase in group {
                // Stop words kept, so that phrases read as written.
                let stems = AnswerText::stems(phrase, &stemmer);
                if stems.is_empty() {
                    return Err(format!("group {}: \"{phrase}\" has no words", index + 1));
                }
                table.longest = table.longest.max(stems.len());
                let entry = table.phrases.entry(stems.join(" ")).or_default();
                let id = index as u32;
                if !entry.contains(&id) {
                    entry.push(id);
                }
            }
        }
        table.groups = groups.len();
        Ok(table)
    }

    /// The table shipped with prepdrill, from its stemmed form. A line that does not read (caught by
    /// a unit test) is left out rather than a panic.
    pub fn built_in() -> &'static Synonyms {
        static TABLE: OnceLock<Synonyms> = OnceLock::new();
        TABLE.get_or_init(|| Synonyms::from_stems(COMPILED))
    }

    /// Reads a table in its stemmed form (see [`Synonyms::to_stems`]).
    fn from_stems(text: &str) -> Self {
        let mut table = Synonyms::default();
        for line in text.lines() {
            let Some((stems, groups)) = line.split_once('\t') else {
                continue;
            };
            let groups: Vec<u32> = groups.split(',').filter_map(|g| g.parse().ok()).collect();
            table.groups = table
                .groups
                .max(groups.iter().map(|g| *g as usize + 1).max().unwrap_or(0));
            table.longest = table.longest.max(stems.split(' ').count());
            table.phrases.insert(stems.to_string(), groups);
        }
        table
    }

    /// The table in its stemmed form, one phrase a line, in a stable order.
    pub fn to_stems(&self) -> String {
        let mut lines: Vec<String> = self
            .phrases
            .iter()
            .map(|(stems, groups)| {
                let groups: Vec<String> = groups.iter().map(u32::to_string).collect();
                format!("{stems}\t{}\n", groups.join(","))
            })
            .collect();
        lines.sort();
        lines.concat()
    }

    /// The groups of the phrase made of these stems.
    pub fn groups_of(&self, stems: &[&str]) -> &[u32] {
        let found = match stems {
            [one] => self.phrases.get(*one),
            _ => self.phrases.get(&stems.join(" ")),
        };
        found.map_or(&[], Vec::as_slice)
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

#[cfg(test)]
mod tests {
    use super::*;

    /// After editing `questions/synonyms.yaml`: `UPDATE_SYNONYMS=1 cargo test --lib synonyms`.
    #[test]
    fn the_stemmed_table_is_the_yaml_table() {
        let written = Synonyms::parse(BUILT_IN).unwrap_or_default().to_stems();
        if std::env::var_os("UPDATE_SYNONYMS").is_some() {
            let path = concat!(env!("CARGO_MANIFEST_DIR"), "/questions/synonyms.stems");
            let saved = std::fs::write(path, &written);
            assert!(saved.is_ok(), "{path}: {saved:?}");
            return;
        }
        assert!(
            written == COMPILED,
            "questions/synonyms.stems is out of step with questions/synonyms.yaml: run \
             `UPDATE_SYNONYMS=1 cargo test --lib synonyms` and commit it"
        );
        let built_in = Synonyms::built_in();
        assert_eq!(built_in.to_stems(), written);
        let parsed = Synonyms::parse(BUILT_IN).unwrap_or_default();
        assert_eq!(
            (built_in.len(), built_in.longest()),
            (parsed.len(), parsed.longest())
        );
    }

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
