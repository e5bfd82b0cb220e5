//! Grouping the selected questions under tag or category headings.

use std::collections::BTreeMap;

use super::options::{Grouping, SheetOptions};
use crate::core::bank::{Card, Category};

/// Cards under one group heading; `title` is `None` when the sheet is not grouped.
pub(super) struct Group<'a> {
    pub(super) title: Option<String>,
    pub(super) cards: Vec<Card<'a>>,
}

pub(super) fn group<'a>(cards: Vec<Card<'a>>, options: &SheetOptions) -> Vec<Group<'a>> {
    match options.group_by {
        None => vec![Group { title: None, cards }],
        Some(Grouping::Category) => Category::ALL
            .iter()
            .map(|&category| Group {
                title: Some(format!("Category: {category}")),
                cards: cards
                    .iter()
                    .copied()
                    .filter(|c| c.question.category == category)
                    .collect(),
            })
            .filter(|g| !g.cards.is_empty())
            .collect(),
        Some(Grouping::Tag) => {
            // A question goes under every tag it bears, or only under the tags the filter asked
            // for. Untagged questions are keyed to come last: `false` sorts before `true`.
            let mut by_tag: BTreeMap<(bool, String), Vec<Card<'a>>> = BTreeMap::new();
            for card in cards {
                let mut keys: Vec<(bool, String)> = card
                    .question
                    .tags
                    .iter()
                    .filter(|t| options.tags.is_empty() || options.tags.contains(t))
                    .map(|t| (false, t.clone()))
                    .collect();
                if keys.is_empty() {
                    keys.push((true, String::new()));
                }
                for key in keys {
                    let cards = by_tag.entry(key).or_default();
                    // A bank may repeat a tag on one question; list it once.
                    if !cards.iter().any(|c| c.key() == card.key()) {
                        cards.push(card);
                    }
                }
            }
            by_tag
                .into_iter()
                .map(|((untagged, tag), cards)| Group {
                    title: Some(if untagged {
                        "No tag".to_string()
                    } else {
                        format!("Tag: {tag}")
                    }),
                    cards,
                })
                .collect()
        }
    }
}
