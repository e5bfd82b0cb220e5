//! The sheet's outline: every heading and its id, decided before anything is written, because the
//! contents come first and must link to what follows.

use super::group::Group;
use super::heading_ids::{Heading, HeadingIds};
use super::render::View;
use crate::core::bank::{Card, Deck};

/// must link to them.
pub(super) struct Plan<'a> {
    pub(super) title: String,
    pub(super) summary: Option<Heading>,
    pub(super) contents: Heading,
    pub(super) groups: Vec<PlannedGroup<'a>>,
}

pub(super) struct PlannedGroup<'a> {
    pub(super) heading: Option<Heading>,
    pub(super) questions: Vec<(Card<'a>, Heading)>,
}

pub(super) fn plan<'a>(groups: Vec<Group<'a>>, view: &View<'_, '_>) -> Plan<'a> {
    let mut ids = HeadingIds::default();
    let title = sheet_title(&groups);
    ids.reserve(&title);
    let summary = view.progress.map(|_| ids.claim("Summary", "sheet"));
    let contents = ids.claim("Contents", "sheet");
    let groups = groups
        .into_iter()
        .map(|group| PlannedGroup {
            heading: group.title.map(|t| ids.claim(&t, "group")),
            questions: group
                .cards
                .into_iter()
                .map(|card| {
                    let heading = ids.claim(&card.question.question, card.key().as_str());
                    (card, heading)
                })
                .collect(),
        })
        .collect();
    Plan {
        title,
        summary,
        contents,
        groups,
    }
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
