//! A bank as a table: the columns `export --format csv` writes and `import` reads back.
//!
//! One row per question with every field, so a bank survives a trip through a spreadsheet or
//! Anki's text import. Tags are separated by spaces, as Anki writes them; key points by line
//! breaks, one per line of the cell. The deck's own fields repeat on every row, so any row carries
//! them and rows can be sorted or filtered freely.
//!
//! Two spellings: CSV with a header row, for spreadsheets, and tab-separated text with the file
//! headers Anki's text import reads (`#separator`, `#columns`, `#tags column`), for Anki.

use super::bank::Card;
use super::csv;

/// The column names, in the order written. Reading matches them by name, in any order.
pub const COLUMNS: [&str; 12] = [
    "id",
    "category",
    "tags",
    "question",
    "why",
    "answer",
    "key_points",
    "answer_time_secs",
    "deck",
    "deck_title",
    "role",
    "deck_answer_time_secs",
];

/// The header and one row per card.
pub fn rows(cards: &[Card<'_>]) -> Vec<Vec<String>> {
    let number = |n: Option<u32>| n.map(|n| n.to_string()).unwrap_or_default();
    let mut rows = vec![COLUMNS.iter().map(ToString::to_string).collect()];
    for card in cards {
        let (q, d) = (card.question, card.deck);
        rows.push(vec![
            q.id.clone(),
            q.category.to_string(),
            q.tags.join(" "),
            q.question.clone(),
            q.why.clone(),
            q.answer.clone(),
            q.key_points
                .iter()
                .map(|p| p.text.as_str())
                .collect::<Vec<_>>()
                .join("\n"),
            number(q.answer_time_secs),
            d.deck.clone(),
            d.title.clone(),
            d.role.clone(),
            number(d.answer_time_secs),
        ]);
    }
    rows
}

/// The table as CSV with a header row.
pub fn csv(cards: &[Card<'_>]) -> String {
    csv::write(&rows(cards), ',')
}

/// The table as Anki's text import reads it: tab-separated, its columns named in a `#columns`
/// header (so the header is no note), the tags column marked, and text taken as plain text.
pub fn anki(cards: &[Card<'_>]) -> String {
    let mut rows = rows(cards);
    let header = rows.remove(0);
    let tags_column = COLUMNS.iter().position(|c| *c == "tags").unwrap_or(0) + 1;
    format!(
        "#separator:tab\n#html:false\n#columns:{}\n#tags column:{tags_column}\n{}",
        header.join("\t"),
        csv::write(&rows, '\t')
    )
}
