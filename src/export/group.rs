//! Grouping the selected questions under tag or category headings.

use std::collections::BTreeMap;

use super::options::{Grouping, SheetOptions};
use crate::core::bank::{Card, Category};

/// Cards under one group heading; `title` is `None` when the sheet is not grouped.
pub(super) struct Group<'a> {
    pub(super) title: Option<String>,
    pub(super) cards: Vec<Card<'a>>,
    /// For each card, whether this group is its home, where it is given in full. Grouped by tag,
    /// a question's home is the first tag it bears as the bank lists it; elsewhere it is a line.
    pub(super) home: Vec<bool>,
}

impl<'a> Group<'a> {
    fn all_home(title: Option<String>, cards: Vec<Card<'a>>) -> Self {
        let home = vec![true; cards.len()];
        Group { title, cards, home }
    }
}

pub(super) fn group<'a>(cards: Vec<Card<'a>>, options: &SheetOptions) -> Vec<Group<'a>> {
    match options.group_by {
        None => vec![Group::all_home(None, cards)],
        Some(Grouping::Category) => Category::ALL
            .iter()
            .map(|&category| {
                Group::all_home(
                    Some(format!("Category: {category}")),
                    cards
                        .iter()
                        .copied()
                        .filter(|c| c.question.category == category)
                        .collect(),
                )
            })
            .filter(|g| !g.cards.is_empty())
            .collect(),
        Some(Grouping::Tag) => {
            // A question goes under every tag it bears, or only under the tags the filter asked
            // for. Untagged questions are keyed to come last: `false` sorts before `true`.
            let mut by_tag: BTreeMap<(bool, String), Vec<(Card<'a>, bool)>> = BTreeMap::new();
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
                let first = keys[0].clone();
                for key in keys {
                    let home = key == first;
                    let cards = by_tag.entry(key).or_default();
                    // A bank may repeat a tag on one question; list it once.
                    if !cards.iter().any(|(c, _)| c.key() == card.key()) {
                        cards.push((card, home));
                    }
                }
            }
            by_tag
                .into_iter()
                .map(|((untagged, tag), members)| {
                    let (cards, home) = members.into_iter().unzip();
                    Group {
                        title: Some(if untagged {
                            "No tag".to_string()
                        } else {
                            format!("Tag: {tag}")
                        }),
                        cards,
                        home,
                    }
                })
                .collect()
        }
    }
}
