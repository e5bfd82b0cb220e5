//! What is particular to Anki's text files: the `#key:value` headers before the table, fields
//! written as HTML, a note's Front and Back as question and answer, and the parts of a back that
//! our own Anki export wrote.

use super::IGNORED;

/// What Anki's file headers (`#key:value` lines before the table) say.
#[derive(Debug, Default)]
pub(super) struct AnkiHeaders {
    pub(super) separator: Option<char>,
    /// Column names from `#columns:`, in place of a header row.
    pub(super) columns: Option<String>,
    /// The 1-based column `#tags column:` names.
    pub(super) tags_column: Option<usize>,
    /// Columns of Anki's own bookkeeping (`#guid column:`, `#notetype column:`, `#deck column:`),
    /// which a bank has no use for.
    pub(super) ignored: Vec<(usize, &'static str)>,
    /// The 1-based column `#guid column:` names: a GUID prepdrill wrote holds the question's id.
    pub(super) guid_column: Option<usize>,
    /// `#html:true`: fields hold HTML, as Anki exports them by default.
    pub(super) html: bool,
    /// How many lines the headers take.
    pub(super) lines: usize,
}

/// Reads the `#key:value` lines Anki writes (and reads) before the table. Keys it does not know
/// are skipped, as Anki skips them.
pub(super) fn anki_headers(text: &str) -> AnkiHeaders {
    let mut headers = AnkiHeaders::default();
    for line in text.lines() {
        let Some((key, value)) = line.strip_prefix('#').and_then(|l| l.split_once(':')) else {
            break;
        };
        let value = value.trim_end_matches('\r');
        match key.trim().to_lowercase().as_str() {
            "separator" => {
                headers.separator = match value.to_lowercase().as_str() {
                    "comma" => Some(','),
                    "semicolon" => Some(';'),
                    "tab" => Some('\t'),
                    "space" => Some(' '),
                    "pipe" => Some('|'),
                    "colon" => Some(':'),
                    _ => value.chars().next(),
                };
            }
            "columns" => headers.columns = Some(value.to_string()),
            // A number too big to parse is as wrong as one too big for the table.
            "tags column" => headers.tags_column = Some(value.trim().parse().unwrap_or(usize::MAX)),
            key @ ("guid column" | "notetype column" | "deck column") => {
                let key = match key {
                    "guid column" => "guid",
                    "notetype column" => "notetype",
                    _ => "deck",
                };
                let n = value.trim().parse::<usize>().unwrap_or(usize::MAX);
                if key == "guid" {
                    headers.guid_column = Some(n);
                }
                headers.ignored.push((n, key));
            }
            "html" => headers.html = value.trim().eq_ignore_ascii_case("true"),
            _ => {}
        }
        headers.lines += 1;
    }
    headers
}

/// Plain text from a field Anki exported as HTML: line breaks for `<br>` and `<div>`, the common
/// entities decoded, other tags left for the candidate to see.
pub(super) fn from_html(text: &str) -> String {
    let mut out = text.to_string();
    for tag in ["<br>", "<br/>", "<br />", "<div>"] {
        out = out.replace(tag, "\n");
    }
    out = out.replace("</div>", "");
    html_escape::decode_html_entities(&out).into_owned()
}
/// Names the columns of a note Anki exported, which has fields but no bank columns: `Front` and
/// `Back` (or, with no `#columns:` line, the first two fields) as question and answer, and any
/// further field of the note type set aside. Our own Anki export names both its fields and the
/// bank's columns; there the bank's columns win and the fields are set aside. Returns whether the
/// table is Anki notes, whose back may hold the why-note and key points.
pub(super) fn name_anki_fields(names: &mut Vec<String>, anki: &AnkiHeaders, widest: usize) -> bool {
    if anki.lines == 0 {
        return false;
    }
    if names.len() < widest {
        names.resize(widest, String::new());
    }
    let has = |names: &[String], name: &str| names.iter().any(|n| n == name);
    if anki.columns.is_none() {
        let mut fields = names.iter_mut().filter(|n| n.is_empty());
        for name in ["question", "answer"] {
            if let Some(slot) = fields.next() {
                *slot = name.into();
            }
        }
        for slot in fields {
            *slot = IGNORED.into();
        }
        return true;
    }
    let own = has(names, "question") && has(names, "answer");
    for name in names.iter_mut() {
        match (name.as_str(), own) {
            ("front", false) => *name = "question".into(),
            ("back", false) => *name = "answer".into(),
            ("front" | "back" | "anki_deck", _) => *name = IGNORED.into(),
            _ => {}
        }
    }
    !own
}

/// A card's back split into its parts: the parts our Anki export writes (the answer, then "Why
/// employers ask:", then "Key points:" and a list), or the whole back as the answer.
pub(super) struct Back {
    pub(super) answer: String,
    pub(super) why: String,
    pub(super) key_points: Vec<String>,
}

pub(super) fn split_back(back: &str) -> Back {
    let (answer, rest) = back
        .split_once("<b>Why employers ask:</b>")
        .unwrap_or((back, ""));
    let (why, points) = rest.split_once("<b>Key points:</b>").unwrap_or((rest, ""));
    let key_points = points
        .split("<li>")
        .skip(1)
        .map(|p| p.split("</li>").next().unwrap_or(p).trim().to_string())
        .filter(|p| !p.is_empty())
        .collect();
    Back {
        answer: answer.trim().to_string(),
        why: why.trim().to_string(),
        key_points,
    }
}

#[cfg(test)]
mod tests {
    use crate::import::table::parse;

    #[test]
    fn reads_anki_headers_and_html() {
        let text = "#separator:tab\n#html:true\n#guid column:1\n#columns:guid\tQuestion\tWhy\tAnswer\tTags\n#tags column:5\n\
            abc\tQ?\tW &amp; more\tLine one<br>line two\tqa testing\n";
        let parsed = parse(text).expect("an Anki file");
        let entry = &parsed.entries[0];
        assert_eq!(entry.line, 6);
        assert_eq!(entry.why, "W & more");
        assert_eq!(entry.answer, "Line one\nline two");
        assert_eq!(
            entry.tags.as_deref(),
            Some(&["qa".to_string(), "testing".into()][..])
        );
    }

    #[test]
    fn anki_notes_export_reads_front_and_back() {
        // What Anki's "Notes in Plain Text" writes for Basic notes: guid, note type, deck, fields, tags.
        let text = "#separator:tab\n#html:true\n#guid column:1\n#notetype column:2\n#deck column:3\n#tags column:6\n\
            prepdrill:sec/threat-model\tBasic\tSecurity\tWhat is a threat?\tA risk.<br><br><b>Why employers ask:</b> Basics.<br><br><b>Key points:</b><ul><li>assets</li><li>actors</li></ul>\tsec\n\
            Ab3_x!\tBasic\tSecurity\tWhat is &amp;?\tAn ampersand.\tmisc\n";
        let parsed = parse(text).expect("Anki's notes");
        let first = &parsed.entries[0];
        assert_eq!(first.id.as_deref(), Some("threat-model"));
        assert_eq!(
            (
                first.question.as_str(),
                first.answer.as_str(),
                first.why.as_str()
            ),
            ("What is a threat?", "A risk.", "Basics.")
        );
        assert_eq!(
            first.key_points.as_deref(),
            Some(&["assets".to_string(), "actors".into()][..])
        );
        let second = &parsed.entries[1];
        assert_eq!(
            (
                second.id.as_deref(),
                second.question.as_str(),
                second.answer.as_str(),
                second.why.as_str()
            ),
            (None, "What is &?", "An ampersand.", "")
        );
    }
}
