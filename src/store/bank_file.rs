//! Bank files in: the built-in bank, YAML files and directories of them, turned into a validated [`Bank`].

use std::fmt;
use std::path::{Path, PathBuf};

use crate::core::bank::{Bank, Deck, Problem};
use crate::core::similar::closest;
use crate::store::bank_index::{self, Origin, Stamp};
use crate::store::bank_locate::Layout;
use crate::store::cache;
use crate::store::files::{read_regular, strip_bom};
use crate::store::position::{self, Position};

/// The largest bank file read: a 10,000-question bank is about 10 MiB.
pub const MAX_BANK_BYTES: u64 = 32 << 20;

/// The most text a bank may expand to through YAML aliases: an alias repeats its anchor's whole
/// node, so a small file could otherwise expand to gigabytes.
pub const MAX_EXPANDED_BYTES: u64 = 64 << 20;

/// The bank compiled into the binary, so prepdrill works from any directory.
pub const BUILT_IN_NAME: &str = "<built-in>/staff-product-security-engineer.yaml";
pub(crate) const BUILT_IN_YAML: &str =
    include_str!("../../questions/staff-product-security-engineer.yaml");

/// Everything that can be wrong with one bank file.
#[derive(Debug, thiserror::Error)]
pub enum BankError {
    #[error("{path}: cannot read: {cause}")]
    Read { path: String, cause: std::io::Error },
    #[error("{path}: no `*.yaml` files in this directory")]
    EmptyDirectory { path: String },
    #[error(
        "{path}:{line}:{column}: the file is not valid UTF-8\nhint: save it as UTF-8 in your editor"
    )]
    NotUtf8 {
        path: String,
        line: usize,
        column: usize,
    },
    #[error("{path}{location}: {message}")]
    Syntax {
        path: String,
        location: Location,
        message: String,
    },
    /// Fields that do not fit the bank's schema: every one found, each at its place.
    #[error("{}", located_text(.path, .errors))]
    Schema {
        path: String,
        errors: Vec<(Location, String)>,
    },
    #[error("{}", located_text(.path, .problems))]
    Invalid {
        path: String,
        problems: Vec<(Location, Problem)>,
    },
}

/// `:line:column` when known, nothing otherwise.
#[derive(Debug, Clone, Copy, Default)]
pub struct Location(Option<(usize, usize)>);

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some((line, column)) => write!(f, ":{line}:{column}"),
            None => Ok(()),
        }
    }
}

/// One problem as `path:line:column: problem`; several as a count, then one such line each.
fn located_text<T: fmt::Display>(path: &str, problems: &[(Location, T)]) -> String {
    match problems {
        [(location, one)] => format!("{path}{location}: {one}"),
        many => {
            let lines = many
                .iter()
                .map(|(location, problem)| format!("\n  {path}{location}: {problem}"));
            format!("{path}: {} problems:", many.len()) + &lines.collect::<String>()
        }
    }
}

/// The bank files a command was asked to load, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BankSource {
    BuiltIn,
    Path(PathBuf),
}

/// Loads and validates every source, returning every error found rather than the first.
pub fn load_bank(sources: &[BankSource], cache_dir: Option<&Path>) -> Result<Bank, Vec<BankError>> {
    let mut decks = Vec::new();
    let mut errors = Vec::new();
    for source in sources {
        match source {
            BankSource::BuiltIn => {
                match parse_cached(BUILT_IN_NAME, BUILT_IN_YAML.as_bytes(), cache_dir) {
                    Ok(deck) => {
                        if let Some(dir) = cache_dir {
                            let stamp = Stamp::of_bytes(BUILT_IN_YAML.as_bytes(), 0);
                            bank_index::refresh(dir, Origin::BuiltIn, &stamp, &deck);
                        }
                        decks.push((BUILT_IN_NAME.to_string(), deck));
                    }
                    Err(error) => errors.push(error),
                }
            }
            BankSource::Path(path) => match bank_files(path) {
                Ok(files) => {
                    for file in files {
                        match load_deck_file(&file, cache_dir) {
                            Ok(deck) => decks.push((file.display().to_string(), deck)),
                            Err(error) => errors.push(error),
                        }
                    }
                }
                Err(error) => errors.push(error),
            },
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let (names, decks): (Vec<String>, Vec<Deck>) = decks.into_iter().unzip();
    Bank::new(decks).map_err(|problems| {
        vec![BankError::Invalid {
            path: names.join(", "),
            problems: problems
                .into_iter()
                .map(|p| (Location::default(), p))
                .collect(),
        }]
    })
}

/// A file as itself; a directory as its `*.yaml`/`*.yml` files, sorted so load order is stable.
pub(crate) fn bank_files(path: &Path) -> Result<Vec<PathBuf>, BankError> {
    let read_error = |cause| BankError::Read {
        path: path.display().to_string(),
        cause,
    };
    if !path.is_dir() {
        return Ok(vec![path.to_path_buf()]);
    }
    let mut files = Vec::new();
    for entry in std::fs::read_dir(path).map_err(read_error)? {
        let file = entry.map_err(read_error)?.path();
        let is_yaml = file
            .extension()
            .is_some_and(|ext| ext == "yaml" || ext == "yml");
        if is_yaml && file.is_file() {
            files.push(file);
        }
    }
    if files.is_empty() {
        return Err(BankError::EmptyDirectory {
            path: path.display().to_string(),
        });
    }
    files.sort();
    Ok(files)
}

fn load_deck_file(path: &Path, cache_dir: Option<&Path>) -> Result<Deck, BankError> {
    let name = path.display().to_string();
    // Taken before the bytes are read: a change made meanwhile then shows as a later mtime.
    let mtime = std::fs::metadata(path).map_or(0, |meta| bank_index::mtime_ns(&meta));
    // A regular file under the size limit: `--bank /dev/zero` would otherwise read forever.
    let raw = read_regular(path, MAX_BANK_BYTES).map_err(|cause| BankError::Read {
        path: name.clone(),
        cause,
    })?;
    let deck = parse_cached(&name, strip_bom(&raw), cache_dir)?;
    if let Some(dir) = cache_dir.filter(|_| raw.len() as u64 >= bank_index::MIN_INDEXED_BYTES) {
        bank_index::refresh(
            dir,
            Origin::File(path),
            &Stamp::of_bytes(&raw, mtime),
            &deck,
        );
    }
    Ok(deck)
}

/// Parses a bank file's bytes, or takes the deck from the cache when these exact bytes were parsed
/// before: serde_yaml is slow enough to dominate a lookup otherwise.
fn parse_cached(name: &str, bytes: &[u8], cache_dir: Option<&Path>) -> Result<Deck, BankError> {
    let cache = cache_dir.filter(|_| bytes.len() >= cache::MIN_CACHED_BYTES);
    if let Some(deck) = cache.and_then(|dir| cache::load(dir, bytes)) {
        return Ok(deck);
    }
    let text = std::str::from_utf8(bytes).map_err(|error| {
        let at = Position::of_utf8(bytes, error);
        BankError::NotUtf8 {
            path: name.to_string(),
            line: at.line,
            column: at.column,
        }
    })?;
    let deck = parse_deck(name, text)?;
    if let Some(dir) = cache {
        cache::store(dir, bytes, &deck);
    }
    Ok(deck)
}

/// Deepest nesting a bank may use. Banks need about five levels; serde_yaml's parser slows
/// quadratically with depth, so a hostile file is refused before it reaches it.
const MAX_NESTING: usize = 100;

/// Where the nesting first goes past [`MAX_NESTING`]: flow brackets, or indentation and compact
/// `- - -` sequences on one line. Brackets inside strings count too; no real bank has a hundred.
fn too_deep(text: &str) -> Option<(usize, usize)> {
    let mut depth = 0usize;
    for (row, line) in text.lines().enumerate() {
        let indent = line.len() - line.trim_start_matches([' ', '-']).len();
        if indent > MAX_NESTING * 4 {
            return Some((row + 1, 1));
        }
        for (col, c) in line.chars().enumerate() {
            match c {
                '[' | '{' => depth += 1,
                ']' | '}' => depth = depth.saturating_sub(1),
                _ => {}
            }
            if depth > MAX_NESTING {
                return Some((row + 1, col + 1));
            }
        }
    }
    None
}

/// Where the first character YAML forbids is (C0 controls other than tab and newlines, DEL, C1
/// controls other than NEL), with the character: the YAML parser itself reports it at 1:1.
fn forbidden_character(text: &str) -> Option<((usize, usize), char)> {
    let (mut line, mut column) = (1, 1);
    for c in text.chars() {
        let forbidden = matches!(c, '\0'..='\x08' | '\x0b' | '\x0c' | '\x0e'..='\x1f' | '\x7f')
            || (('\u{80}'..='\u{9f}').contains(&c) && c != '\u{85}');
        if forbidden {
            return Some(((line, column), c));
        }
        if c == '\n' {
            line += 1;
            column = 1;
        } else {
            column += 1;
        }
    }
    None
}

/// An upper bound on the text the YAML expands to once every alias is replaced by its anchor's
/// node, from a scan of the text alone, before the parser allocates anything. An anchor's node is
/// taken to run to the next line indented no deeper than the anchor's own line (or, for an alias
/// on that same stretch, up to the alias), which can only overestimate; aliases inside an anchor
/// add to its size, so nested ones multiply as they do in the parser.
fn expanded_size(text: &str) -> u64 {
    struct Open<'t> {
        name: &'t str,
        begin: usize,
        indent: usize,
        /// What the aliases inside the node add to it.
        extra: u64,
    }
    let mut sizes: std::collections::HashMap<&str, u64> = std::collections::HashMap::new();
    let mut open: Vec<Open<'_>> = Vec::new();
    let mut total = text.len() as u64;
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        let indent = line.len() - line.trim_start_matches(' ').len();
        let blank = line.trim().is_empty() || line.trim_start().starts_with('#');
        while let Some(last) = open.last() {
            if blank || indent > last.indent {
                break;
            }
            let Some(node) = open.pop() else { break };
            sizes.insert(node.name, (start - node.begin) as u64 + node.extra);
            if let Some(parent) = open.last_mut() {
                parent.extra = parent.extra.saturating_add(node.extra);
            }
        }
        for (position, token, name) in node_tokens(line) {
            let at = start + position;
            if token == '&' {
                open.push(Open {
                    name,
                    begin: at,
                    indent,
                    extra: 0,
                });
                continue;
            }
            let size = sizes.get(name).copied().or_else(|| {
                open.iter()
                    .rfind(|o| o.name == name)
                    .map(|o| (at - o.begin) as u64 + o.extra)
            });
            if let Some(size) = size {
                total = total.saturating_add(size);
                if let Some(innermost) = open.last_mut() {
                    innermost.extra = innermost.extra.saturating_add(size);
                }
            }
        }
        start += line.len();
    }
    total
}

/// `&anchor` and `*alias` tokens where YAML reads a node: at the start of the line's content, or
/// after `- `, `: `, `[`, `{` or `,`. Offsets are within the line.
fn node_tokens(line: &str) -> Vec<(usize, char, &str)> {
    let bytes = line.as_bytes();
    let mut tokens = Vec::new();
    for (i, &b) in bytes.iter().enumerate() {
        if b != b'&' && b != b'*' {
            continue;
        }
        let before = line[..i].trim_end_matches(' ');
        let separated = i == 0 || matches!(bytes[i - 1], b' ' | b'[' | b'{' | b',');
        let at_node = before.is_empty() || before.ends_with(['-', ':', '[', '{', ',']);
        if !(separated && at_node) {
            continue;
        }
        let rest = &line[i + 1..];
        let length = rest
            .find(|c: char| c.is_whitespace() || matches!(c, ',' | '[' | ']' | '{' | '}'))
            .unwrap_or(rest.len());
        if length > 0 {
            tokens.push((i, char::from(b), &rest[..length]));
        }
    }
    tokens
}

/// Whether `text` is a question bank: YAML whose top level is a mapping with `deck` and
/// `questions`, found by parsing (with the alias and nesting guards first), not by matching
/// lines, so a CSV cell that begins with `deck:` is not taken for one.
pub fn is_bank_yaml(text: &str) -> bool {
    #[derive(serde::Deserialize)]
    struct Top {
        #[allow(dead_code)] // present is all that matters
        deck: serde_yaml::Value,
        #[allow(dead_code)]
        questions: serde_yaml::Value,
    }
    if expanded_size(text) > MAX_EXPANDED_BYTES || too_deep(text).is_some() {
        return false;
    }
    serde_yaml::from_str::<Top>(text).is_ok()
}

/// Parses and validates one deck's YAML.
pub fn parse_deck(name: &str, text: &str) -> Result<Deck, BankError> {
    if let Some((at, c)) = forbidden_character(text) {
        return Err(BankError::Syntax {
            path: name.to_string(),
            location: Location(Some(at)),
            message: format!(
                "a control character (U+{:04X}) is not allowed in YAML\nhint: delete it; write escapes such as \\e only inside double quotes",
                u32::from(c)
            ),
        });
    }
    let expanded = expanded_size(text);
    if expanded > MAX_EXPANDED_BYTES {
        return Err(BankError::Syntax {
            path: name.to_string(),
            location: Location(None),
            message: format!(
                "its aliases (*name) would expand it to over {} MiB, more than the {} MiB a bank may use; refused before parsing\nhint: write the repeated text out, or repeat it fewer times",
                expanded >> 20,
                MAX_EXPANDED_BYTES >> 20
            ),
        });
    }
    if let Some(at) = too_deep(text) {
        return Err(BankError::Syntax {
            path: name.to_string(),
            location: Location(Some(at)),
            message: format!(
                "nested more than {MAX_NESTING} levels deep; a question bank never needs that"
            ),
        });
    }
    let layout = Layout::of(text);
    let deck: Deck = serde_yaml::from_str(text).map_err(|error| {
        // A file that parses as YAML but not as a bank: find every field that does not fit.
        let every = serde_yaml::from_str::<serde_yaml::Value>(text)
            .is_ok()
            .then(|| layout.as_ref()?.schema_errors(text))
            .flatten();
        if let Some(errors) = every {
            return BankError::Schema {
                path: name.to_string(),
                errors: errors
                    .into_iter()
                    .map(|(at, message)| (Location(at), explain_yaml_error(&message, text)))
                    .collect(),
            };
        }
        let (at, message) = position::yaml(&error);
        BankError::Syntax {
            path: name.to_string(),
            location: Location(at.map(|p| (p.line, p.column))),
            message: explain_yaml_error(&message, text),
        }
    })?;
    let problems = deck.problems();
    if problems.is_empty() {
        Ok(deck)
    } else {
        Err(BankError::Invalid {
            path: name.to_string(),
            problems: problems
                .into_iter()
                .map(|p| {
                    let at = layout.as_ref().and_then(|l| l.locate(text, p.at));
                    (Location(at), p)
                })
                .collect(),
        })
    }
}

/// Rewrites serde_yaml's message for people: names the question by id rather than index, and
/// suggests the field that was probably meant.
fn explain_yaml_error(message: &str, text: &str) -> String {
    let message = name_question(message, text);
    match unknown_field_suggestion(&message) {
        Some(field) => format!("{message}\nhint: did you mean `{field}`?"),
        None => message,
    }
}

/// Turns a leading `questions[3].` path into `question `id-of-#3`:`.
fn name_question(message: &str, text: &str) -> String {
    let Some(rest) = message.strip_prefix("questions[") else {
        return message.to_string();
    };
    let Some((index, tail)) = rest.split_once(']') else {
        return message.to_string();
    };
    let Ok(index) = index.parse::<usize>() else {
        return message.to_string();
    };
    let tail = tail.trim_start_matches(['.', ':']).trim_start();
    let id = serde_yaml::from_str::<serde_yaml::Value>(text)
        .ok()
        .and_then(|doc| {
            doc.get("questions")?
                .get(index)?
                .get("id")?
                .as_str()
                .map(str::to_string)
        });
    match id {
        Some(id) => format!("question `{id}` (#{}): {tail}", index + 1),
        None => format!("question #{}: {tail}", index + 1),
    }
}

/// From "unknown field `qestion`, expected one of `id`, `question`, …", the closest expected field.
fn unknown_field_suggestion(message: &str) -> Option<String> {
    let (_, after) = message.split_once("unknown field `")?;
    let (unknown, expected) = after.split_once('`')?;
    let known = expected.split('`').skip(1).step_by(2).map(str::to_string);
    closest(unknown, known).into_iter().next()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_in_bank_is_valid() {
        let bank = load_bank(&[BankSource::BuiltIn], None).expect("built-in bank loads");
        assert_eq!(bank.len(), 24);
    }

    #[track_caller]
    fn error_of(yaml: &str) -> String {
        match parse_deck("bank.yaml", yaml) {
            Ok(_) => panic!("expected an error"),
            Err(error) => error.to_string(),
        }
    }

    const HEAD: &str = "deck: d\ntitle: T\nrole: R\nquestions:\n";

    #[test]
    fn unknown_field_suggests_the_known_one() {
        let message = error_of(&format!(
            "{HEAD}  - id: q1\n    qestion: Q\n    why: W\n    answer: A\n    category: technical\n"
        ));
        assert!(message.starts_with("bank.yaml:6:"), "{message}");
        assert!(message.contains("question `q1` (#1)"), "{message}");
        assert!(message.contains("did you mean `question`?"), "{message}");
    }

    #[test]
    fn wrong_type_names_the_question() {
        let message = error_of(&format!(
            "{HEAD}  - id: q1\n    question: Q\n    why: W\n    answer: A\n    category: technical\n    answer_time_secs: soon\n"
        ));
        assert!(
            message.contains("question `q1` (#1): answer_time_secs"),
            "{message}"
        );
    }

    #[test]
    fn deep_nesting_is_refused_quickly() {
        let deep = format!("{HEAD}{}{}", "[".repeat(20_000), "]".repeat(20_000));
        let start = std::time::Instant::now();
        assert!(error_of(&deep).contains("nested more than"));
        assert!(start.elapsed() < std::time::Duration::from_secs(1));
        let compact = format!("{HEAD}{}x\n", "- ".repeat(1000));
        assert!(error_of(&compact).contains("nested more than"));
    }

    #[test]
    fn alias_bombs_are_refused_before_parsing() {
        let big = "x".repeat(1 << 20);
        let flat = format!(
            "{HEAD}  - id: q1\n    question: &big \"{big}\"\n    why: W\n    answer: A\n    category: technical\n    key_points: [{}]\n",
            vec!["*big"; 100].join(", ")
        );
        let start = std::time::Instant::now();
        assert!(error_of(&flat).contains("would expand it to over"), "flat");
        let mut nested = format!("{HEAD}x: &a [\"{}\"]\n", "y".repeat(1000));
        let mut previous = 'a';
        for name in 'b'..='j' {
            let refs = vec![format!("*{previous}"); 10].join(", ");
            nested.extend([name, ':', ' ', '&', name, ' ', '[']);
            nested.push_str(&refs);
            nested.push_str("]\n");
            previous = name;
        }
        assert!(error_of(&nested).contains("would expand"), "billion laughs");
        assert!(start.elapsed() < std::time::Duration::from_secs(1));
        // A few aliases in an ordinary bank are fine.
        let fine = format!(
            "{HEAD}  - id: q1\n    question: Q\n    why: &why Shared reason\n    answer: A\n    category: technical\n  - id: q2\n    question: Q2\n    why: *why\n    answer: A\n    category: technical\n"
        );
        assert!(parse_deck("bank.yaml", &fine).is_ok());
        assert!(expanded_size(&fine) < 2 * fine.len() as u64);
    }

    #[test]
    fn a_control_character_is_reported_where_it_is() {
        let message = error_of(&format!("{HEAD}  - id: q1\n    question: a\u{1b}[2Jb\n"));
        assert!(message.starts_with("bank.yaml:6:16:"), "{message}");
        assert!(message.contains("U+001B"), "{message}");
    }

    #[test]
    fn line_columns() {
        assert_eq!(Position::after(b""), Position { line: 1, column: 1 });
        assert_eq!(Position::after(b"ab\ncd"), Position { line: 2, column: 3 });
    }
}
