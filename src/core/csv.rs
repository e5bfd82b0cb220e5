//! CSV both ways, over the `csv` crate: what spreadsheets and Anki's text import read and write.
//!
//! The crate owns the quoting rules. This file adds what prepdrill promises on top: records end in
//! CRLF as RFC 4180 asks; reading accepts a byte-order mark, a tab or semicolon separator, ragged
//! rows and blank lines; every record keeps the line it starts on; and a broken quote is an error
//! naming its line, where the crate itself would quietly read on to the end of the file.

use std::fmt;

/// One record and the line (1-based) it starts on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    pub line: usize,
    pub fields: Vec<String>,
}

/// Why the text is not CSV.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CsvError {
    pub line: usize,
    pub message: String,
}

impl fmt::Display for CsvError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

/// Records as CSV text with this separator, each ending in CRLF. The separator is ASCII (comma,
/// tab or semicolon); fields are quoted when they hold it, a quote or a line break.
pub fn write(records: &[Vec<String>], separator: char) -> String {
    let mut writer = ::csv::WriterBuilder::new()
        .delimiter(ascii(separator))
        .terminator(::csv::Terminator::CRLF)
        .flexible(true)
        .from_writer(Vec::new());
    for record in records {
        // Writing into memory cannot fail, and `flexible` allows ragged rows.
        let _ = writer.write_record(record);
    }
    let bytes = writer.into_inner().unwrap_or_default();
    // Only whole UTF-8 strings went in, and the crate adds only ASCII.
    String::from_utf8(bytes).unwrap_or_default()
}

fn ascii(separator: char) -> u8 {
    u8::try_from(separator).unwrap_or(b',')
}

/// The separator a CSV text uses: the first of comma, tab or semicolon found outside quotes on
/// its first line, else a comma.
pub fn sniff_separator(text: &str) -> char {
    let mut quoted = false;
    for c in text.trim_start_matches('\u{feff}').chars() {
        match c {
            '"' => quoted = !quoted,
            ',' | '\t' | ';' if !quoted => return c,
            '\n' if !quoted => break,
            _ => {}
        }
    }
    ','
}

/// Parses CSV text with this separator. Blank lines between records are skipped, and a line break
/// written CRLF inside a quoted field reads as LF, as spreadsheets show it.
pub fn read(text: &str, separator: char) -> Result<Vec<Record>, CsvError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    check_quotes(text, separator)?;
    let mut reader = ::csv::ReaderBuilder::new()
        .delimiter(ascii(separator))
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut records = Vec::new();
    // Lines are counted from byte offsets: the crate's own line count runs behind on CRLF text.
    let (mut line, mut counted) = (1, 0);
    let mut line_at = |byte: usize| {
        // The crate may place a record at the LF of the CRLF before it; no record starts with one.
        let skipped = text.as_bytes()[byte.min(text.len())..]
            .iter()
            .take_while(|&&b| b == b'\r' || b == b'\n')
            .count();
        let byte = (byte + skipped).min(text.len());
        if byte > counted {
            line += text.as_bytes()[counted..byte]
                .iter()
                .filter(|&&b| b == b'\n')
                .count();
            counted = byte;
        }
        line
    };
    for record in reader.records() {
        let record = record.map_err(|error| CsvError {
            line: error.position().map_or(0, |p| p.line() as usize),
            message: error.to_string(),
        })?;
        let line = record.position().map_or(0, |p| line_at(p.byte() as usize));
        let fields = record.iter().map(|f| f.replace("\r\n", "\n")).collect();
        records.push(Record { line, fields });
    }
    Ok(records)
}

/// The two mistakes the crate forgives silently: a quoted field never closed (it would swallow the
/// rest of the file) and text after a closing quote (it would glue a stray quote into the field).
fn check_quotes(text: &str, separator: char) -> Result<(), CsvError> {
    let mut chars = text.chars().peekable();
    let (mut line, mut opened) = (1, 1);
    let mut quoted = false;
    let mut field_start = true;
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                chars.next();
            }
            '"' if quoted => {
                quoted = false;
                match chars.peek() {
                    None | Some('\r' | '\n') => {}
                    Some(&next) if next == separator => {}
                    Some(&next) => {
                        return Err(CsvError {
                            line,
                            message: format!(
                                "`{next}` after a closing quote; a quote inside a quoted field is written twice (`\"\"`)"
                            ),
                        });
                    }
                }
            }
            '"' if field_start => {
                quoted = true;
                opened = line;
            }
            _ => {}
        }
        if c == '\n' {
            line += 1;
        }
        field_start = !quoted && (c == separator || c == '\n' || c == '\r');
    }
    if quoted {
        return Err(CsvError {
            line: opened,
            message: "a quoted field is never closed; add the closing `\"`".into(),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(fields: &[&str]) -> Vec<String> {
        fields.iter().map(ToString::to_string).collect()
    }

    #[track_caller]
    fn reads(text: &str, expected: &[(usize, &[&str])]) {
        let got = read(text, sniff_separator(text)).expect("valid CSV");
        let expected: Vec<Record> = expected
            .iter()
            .map(|(line, fields)| Record {
                line: *line,
                fields: strings(fields),
            })
            .collect();
        assert_eq!(got, expected, "{text:?}");
    }

    #[test]
    fn read_cases() {
        reads("a,b\r\nc,d\r\n", &[(1, &["a", "b"]), (2, &["c", "d"])]);
        reads("a,b\nc,d", &[(1, &["a", "b"]), (2, &["c", "d"])]);
        reads("\u{feff}a;b\n", &[(1, &["a", "b"])]);
        reads("a\tb,c\n", &[(1, &["a", "b,c"])]);
        reads(
            "\"x, \"\"y\"\"\",\"two\nlines\"\n\nnext,\n",
            &[(1, &["x, \"y\"", "two\nlines"]), (4, &["next", ""])],
        );
        reads("\"a\r\nb\",c\r\n", &[(1, &["a\nb", "c"])]);
        reads("é,ü\n", &[(1, &["é", "ü"])]);
    }

    #[test]
    fn broken_quotes_name_their_line() {
        let error = read("a,b\n\"open,\nstill open", ',').expect_err("unclosed");
        assert_eq!(error.line, 2);
        let error = read("a,b\n\"x\"y,z\n", ',').expect_err("stray text");
        assert_eq!(error.line, 2);
        assert!(error.message.contains("written twice"), "{error}");
    }

    #[test]
    fn written_text_reads_back() {
        let records = vec![
            strings(&["id", "text"]),
            strings(&["plain", "with, comma"]),
            strings(&["quote", "say \"hi\""]),
            strings(&["lines", "one\ntwo\r\nthree"]),
            strings(&["spaces", " padded "]),
            strings(&["empty", ""]),
        ];
        let text = write(&records, ',');
        let back: Vec<Vec<String>> = read(&text, sniff_separator(&text))
            .expect("own output")
            .into_iter()
            .map(|r| r.fields)
            .collect();
        let mut expected = records.clone();
        // A CRLF inside a field reads back as LF, as in spreadsheets.
        expected[3][1] = "one\ntwo\nthree".into();
        assert_eq!(back, expected);
    }
}
