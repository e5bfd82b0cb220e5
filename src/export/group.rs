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
            // `None` sorts first in a BTreeMap, so untagged questions are keyed to come last.
            let mut by_tag: BTreeMap<(bool, String), Vec<Card<'a>>> = BTreeMap::new();
            for card in cards {
                let tags = &card.question.tags;
                let tag = tags
                    .iter()
                    .find(|t| options.tags.contains(t))
                    .or_else(|| tags.first());
                let key = tag.map_or((true, String::new()), |t| (false, t.clone()));
                by_tag.entry(key).or_default().push(card);
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
