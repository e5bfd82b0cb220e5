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

/// Each question's heading is its id, so the reader can go from the sheet to `prepdrill show ID`,
/// and the contents stay short. A sheet of several decks uses `deck/id`, which always resolves.
pub(super) fn plan<'a>(groups: Vec<Group<'a>>, view: &View<'_, '_>) -> Plan<'a> {
    let mut ids = HeadingIds::default();
    let title = sheet_title(&groups);
    let several_decks = decks_of(&groups).len() > 1;
    let summary = view.progress.map(|_| ids.claim("Summary", "sheet"));
    let contents = ids.claim("Contents", "sheet");
    let mut claimed: HashMap<CardKey, Heading> = HashMap::new();
    let groups = groups
        .into_iter()
        .map(|group| {
            let heading = group.title.map(|t| ids.claim(&t, "group"));
            let mut members = Vec::new();
            for card in group.cards {
                let key = card.key();
                if let Some(heading) = claimed.get(&key) {
                    members.push(Member {
                        card,
                        heading: heading.clone(),
                        in_full: false,
                    });
                    continue;
                }
                let mut text = if several_decks {
                    key.as_str().to_string()
                } else {
                    card.question.id.clone()
                };
                // Pandoc's own markdown drops an id's leading digits where GitHub keeps them; a
                // word in front makes both agree.
                if text.starts_with(|c: char| c.is_ascii_digit()) {
                    text.insert_str(0, "Question ");
                }
                let heading = ids.claim(&text, key.as_str());
                claimed.insert(key, heading.clone());
                members.push(Member {
                    card,
                    heading,
                    in_full: true,
                });
            }
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
