//! The sheet's outline: every heading and its id, decided before anything is written, because the
//! contents come first and must link to what follows.

use std::collections::HashMap;

use super::group::Group;
use super::heading_ids::{Heading, HeadingIds};
use super::render::View;
use crate::core::bank::{Card, CardKey, Deck};

/// The sheet's headings, planned before anything is written because the contents come first and
/// must link to them.
pub(super) struct Plan<'a> {
    /// The document title, which goes in the metadata block rather than a heading.
    pub(super) title: String,
    pub(super) summary: Option<Heading>,
    pub(super) contents: Heading,
    pub(super) groups: Vec<PlannedGroup<'a>>,
}

pub(super) struct PlannedGroup<'a> {
    pub(super) heading: Option<Heading>,
    /// The group's questions in order, each with its heading.
    pub(super) members: Vec<Member<'a>>,
}

pub(super) struct Member<'a> {
    pub(super) card: Card<'a>,
    pub(super) heading: Heading,
    /// Shown in full here; otherwise in full under an earlier group (grouping by tag), which this
    /// group links to.
    pub(super) in_full: bool,
}

impl<'a> PlannedGroup<'a> {
    /// The questions shown in full under this group.
    pub(super) fn questions(&self) -> impl Iterator<Item = &Member<'a>> {
        self.members.iter().filter(|m| m.in_full)
    }

    /// The questions of this group shown in full under an earlier one.
    pub(super) fn elsewhere(&self) -> impl Iterator<Item = &Member<'a>> {
        self.members.iter().filter(|m| !m.in_full)
    }
}

/// Each question's heading is the question itself, numbered in the order the sheet gives questions
/// in full; the id goes on a line beneath. Headings are claimed first for the groups and the
/// questions in full, in document order; then the lines elsewhere link to them, before or after.
pub(super) fn plan<'a>(groups: Vec<Group<'a>>, view: &View<'_, '_>) -> Plan<'a> {
    let mut ids = HeadingIds::default();
    let title = sheet_title(&groups);
    let summary = view.progress.map(|_| ids.claim("Summary", "sheet"));
    let contents = ids.claim("Contents", "sheet");
    let mut claimed: HashMap<CardKey, Heading> = HashMap::new();
    let mut number = 0;
    let headings: Vec<Option<Heading>> = groups
        .iter()
        .map(|group| {
            let heading = group.title.as_ref().map(|t| ids.claim(t, "group"));
            for (card, _) in group
                .cards
                .iter()
                .zip(&group.home)
                .filter(|(_, home)| **home)
            {
                let key = card.key();
                if claimed.contains_key(&key) {
                    continue;
                }
                number += 1;
                let text = format!("{number}. {}", one_line(&card.question.question));
                claimed.insert(key.clone(), ids.claim(&text, key.as_str()));
            }
            heading
        })
        .collect();
    let groups = groups
        .into_iter()
        .zip(headings)
        .map(|(group, heading)| {
            let members = group
                .cards
                .into_iter()
                .zip(group.home)
                .filter_map(|(card, home)| {
                    let heading = claimed.get(&card.key())?.clone();
                    Some(Member {
                        card,
                        heading,
                        in_full: home,
                    })
                })
                .collect();
            PlannedGroup { heading, members }
        })
        .collect();
    Plan {
        title,
        summary,
        contents,
        groups,
    }
}

/// A question as one line of a heading: its whitespace folded.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

pub(super) fn sheet_title(groups: &[Group<'_>]) -> String {
    let decks = decks_of(groups);
    match decks.as_slice() {
        [one] => one.title.clone(),
        _ => "Interview study sheet".to_string(),
    }
}

/// The decks the sheet's questions come from, in order of first appearance.
pub(super) fn decks_of<'a>(groups: &[Group<'a>]) -> Vec<&'a Deck> {
    let mut decks: Vec<&Deck> = Vec::new();
    for card in groups.iter().flat_map(|g| &g.cards) {
        if !decks.iter().any(|d| d.deck == card.deck.deck) {
            decks.push(card.deck);
        }
    }
    decks
}
