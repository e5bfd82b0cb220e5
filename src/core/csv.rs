//! RFC 4180 CSV, both ways: what spreadsheets and Anki's text import read and write.
//!
//! Small enough to own: fields are quoted when they hold a separator, a quote or a line break,
//! quotes are doubled, and records end in CRLF as the RFC asks. Reading accepts what spreadsheets
//! produce besides: LF or CRLF line ends, a byte-order mark, a tab or semicolon separator, and line
//! breaks inside quoted fields. Every record keeps the line it starts on, for error messages.

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

/// Records as CSV text with this separator, each ending in CRLF.
pub fn write(records: &[Vec<String>], separator: char) -> String {
    let mut out = String::new();
    for record in records {
        let fields: Vec<String> = record.iter().map(|f| quote(f)).collect();
        out.push_str(&fields.join(&separator.to_string()));
        out.push_str("\r\n");
    }
    out
}

fn quote(field: &str) -> String {
    // A leading space or tab would be trimmed by some readers, so such fields are quoted too.
    let needs = field.contains([',', '"', '\n', '\r', '\t', ';'])
        || field.starts_with(' ')
        || field.ends_with(' ');
    if needs {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field.to_string()
    }
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

/// Parses CSV text with this separator. Blank lines between records are skipped.
pub fn read(text: &str, separator: char) -> Result<Vec<Record>, CsvError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut records = Vec::new();
    let mut chars = text.chars().peekable();
    let mut line = 1;
    loop {
        // Skip blank lines between records.
        while let Some(&c) = chars.peek() {
            if c == '\n' {
                line += 1;
                chars.next();
            } else if c == '\r' {
                chars.next();
            } else {
                break;
            }
        }
        if chars.peek().is_none() {
            return Ok(records);
        }
        let start = line;
        let mut fields = Vec::new();
        let mut field = String::new();
        loop {
            match chars.next() {
                None => {
                    fields.push(std::mem::take(&mut field));
                    break;
                }
                Some('"') if field.is_empty() => {
                    let opened = line;
                    loop {
                        match chars.next() {
                            None => {
                                return Err(CsvError {
                                    line: opened,
                                    message: "a quoted field is never closed; add the closing `\"`"
                                        .into(),
                                });
                            }
                            Some('"') if chars.peek() == Some(&'"') => {
                                chars.next();
                                field.push('"');
                            }
                            Some('"') => break,
                            Some('\r') if chars.peek() == Some(&'\n') => {}
                            Some(c) => {
                                if c == '\n' {
                                    line += 1;
                                }
                                field.push(c);
                            }
                        }
                    }
                    match chars.peek() {
                        None | Some('\r' | '\n') => {}
                        Some(&c) if c == separator => {}
                        Some(&c) => {
                            return Err(CsvError {
                                line,
                                message: format!(
                                    "`{c}` after a closing quote; a quote inside a quoted field is written twice (`\"\"`)"
                                ),
                            });
                        }
                    }
                }
                Some(c) if c == separator => fields.push(std::mem::take(&mut field)),
                Some('\r') if chars.peek() == Some(&'\n') => {}
                Some('\n') => {
                    line += 1;
                    fields.push(std::mem::take(&mut field));
                    break;
                }
                Some(c) => field.push(c),
            }
        }
        records.push(Record {
            line: start,
            fields,
        });
    }
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
