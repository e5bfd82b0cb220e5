//! A bank as a table: the columns `export --format csv` writes and `import` reads back.
//!
//! One row per question with every field, so a bank survives a trip through a spreadsheet or
//! Anki's text import. Tags are separated by spaces, as Anki writes them; key points by line
//! breaks, one per line of the cell. The deck's own fields repeat on every row, so any row carries
//! them and rows can be sorted or filtered freely.
//!
//! Two spellings: CSV with a header row, for spreadsheets, and tab-separated text with the file
//! headers Anki's text import reads (`#separator`, `#columns`, `#tags column`), for Anki.

use std::fmt::Write as _;

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

/// The table as CSV with a header row, every cell a spreadsheet would run as a formula
/// neutralised (see [`neutralise`]).
pub fn csv(cards: &[Card<'_>]) -> String {
    let rows: Vec<Vec<String>> = rows(cards)
        .into_iter()
        .map(|row| row.into_iter().map(neutralise).collect())
        .collect();
    csv::write(&rows, ',')
}

/// The first characters that make a spreadsheet read a cell as a formula (`=cmd|' /C calc'!A0`),
/// as OWASP lists them: `=`, `+`, `-`, `@`, tab and carriage return.
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// A cell a spreadsheet shows as text: one that begins with a formula character, or with the
/// apostrophe that marks a neutralised cell, gets an apostrophe in front, as OWASP recommends.
/// [`restore`] takes it off again, so a bank survives the trip.
pub fn neutralise(cell: String) -> String {
    if cell.starts_with(FORMULA_STARTS) || cell.starts_with('\'') {
        format!("'{cell}")
    } else {
        cell
    }
}

/// A cell as it was before [`neutralise`]: the apostrophe in front of a formula character or of
/// another apostrophe goes. An apostrophe before anything else was in the text, and stays.
pub fn restore(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(FORMULA_STARTS) || rest.starts_with('\'') => rest,
        _ => cell,
    }
}

/// The table as Anki's text import reads it, with Anki's own defaults: a Basic note whose front
/// is the question and whose back holds the sample answer, the why-note and the key points as
/// escaped HTML; the tags as Anki tags; each note in a deck named after its bank; and a GUID made
/// from the deck and id, so importing an edited bank again updates the notes in place.
///
/// Anki maps columns to the note type's fields by the names in `#columns:`, so `Front` and `Back`
/// fill the Basic note and the bank's own columns ride along unmapped: `prepdrill import` reads
/// them back. Every cell is HTML, escaped, because `#html:true` applies to the whole file.
pub fn anki(cards: &[Card<'_>]) -> String {
    let mut rows = rows(cards);
    let header = rows.remove(0);
    let mut columns: Vec<String> = ANKI_COLUMNS.iter().map(ToString::to_string).collect();
    columns.extend(header);
    let column = |name: &str| columns.iter().position(|c| c == name).map_or(0, |i| i + 1);
    let headers = format!(
        "#separator:tab\n#html:true\n#notetype:Basic\n#if matches:update current\n#columns:{}\n#guid column:{}\n#deck column:{}\n#tags column:{}\n",
        columns.join("\t"),
        column(ANKI_COLUMNS[2]),
        column(ANKI_COLUMNS[3]),
        column("tags"),
    );
    let rows: Vec<Vec<String>> = cards
        .iter()
        .zip(rows)
        .map(|(card, row)| {
            let mut cells = vec![
                html(&card.question.question),
                back(card),
                anki_guid(card.deck.deck.as_str(), &card.question.id),
                anki_deck(&card.deck.title),
            ];
            // Anki takes tags as they are; they are slugs, with nothing to escape.
            cells.extend(row.iter().zip(COLUMNS).map(|(cell, name)| {
                if name == "tags" {
                    cell.clone()
                } else {
                    html(cell)
                }
            }));
            cells
        })
        .collect();
    headers + &csv::write(&rows, '\t')
}

/// The columns only Anki reads, before the bank's own: the note's two fields, then the GUID and
/// the deck, which the file headers name as such.
pub const ANKI_COLUMNS: [&str; 4] = ["Front", "Back", "guid", "anki_deck"];

/// The prefix of every GUID prepdrill gives a note: `prepdrill:DECK/ID`.
pub const ANKI_GUID_PREFIX: &str = "prepdrill:";

/// A note's GUID: the same deck and id always give the same GUID, which is what lets Anki update a
/// note in place, and `import` read the question's id back from it.
pub fn anki_guid(deck: &str, id: &str) -> String {
    format!("{ANKI_GUID_PREFIX}{deck}/{id}")
}

/// The deck and id a prepdrill GUID holds.
pub fn from_anki_guid(guid: &str) -> Option<(&str, &str)> {
    guid.trim().strip_prefix(ANKI_GUID_PREFIX)?.split_once('/')
}

/// Anki reads `::` in a deck name as a subdeck; a bank's title is one deck. Deck names are plain
/// text, and a line break or tab would end the cell.
fn anki_deck(title: &str) -> String {
    title.replace("::", ":").replace(['\n', '\r', '\t'], " ")
}

/// Text as HTML: escaped, line breaks as `<br>`.
fn html(text: &str) -> String {
    html_escape::encode_quoted_attribute(text)
        .replace("\r\n", "\n")
        .replace('\n', "<br>")
}

/// The back of a card: the sample answer, then why employers ask, then the key points as a list.
fn back(card: &Card<'_>) -> String {
    let q = card.question;
    let mut back = format!(
        "{}<br><br><b>Why employers ask:</b> {}",
        html(&q.answer),
        html(&q.why)
    );
    if !q.key_points.is_empty() {
        back.push_str("<br><br><b>Key points:</b><ul>");
        for point in &q.key_points {
            let _ = write!(back, "<li>{}</li>", html(point));
        }
        back.push_str("</ul>");
    }
    back
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_cells_are_neutralised_and_restored() {
        for text in [
            "=cmd|' /C calc'!A0",
            "+1",
            "-5% latency",
            "@SUM(A1)",
            "\ttabbed",
            "\rreturn",
            "'quoted",
            "''twice",
            "'=already",
            "plain",
            "",
        ] {
            let cell = neutralise(text.to_string());
            assert!(!cell.starts_with(FORMULA_STARTS), "{cell:?}");
            assert_eq!(restore(&cell), text);
        }
        assert_eq!(neutralise("plain".into()), "plain");
        assert_eq!(restore("'plain"), "'plain");
    }
}
