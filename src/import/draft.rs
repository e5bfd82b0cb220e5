//! What an import derives when the source does not say: ids, categories, tags and key points.
//! Each is a first draft for the candidate to edit, made the same way every time.

use std::collections::{HashMap, HashSet};

use super::words::{content_words, is_common_english, is_stopword, singular};
use crate::core::bank::Category;
use crate::core::fold::fold;

/// At most this many words in a derived id, and at most this many characters.
const ID_WORDS: usize = 4;
const ID_CHARS: usize = 32;

/// Ids for questions, derived from each question's own words so that re-importing an edited page
/// keeps the ids (and so the progress) of the questions that did not change. `taken` holds ids
/// already in use; a clash takes one more word, then a number.
#[cfg(test)]
pub fn id_for(question: &str, taken: &HashSet<String>) -> String {
    id_numbered(question, taken, &mut HashMap::new())
}

/// Ids drafted one after another, each taken once drafted. It remembers the next number for each
/// base, so a thousand questions with the same words cost a thousand steps, not half a million.
pub struct Ids {
    taken: HashSet<String>,
    next: HashMap<String, usize>,
}

impl Ids {
    /// Drafting around the ids the source gives.
    pub fn new(taken: HashSet<String>) -> Self {
        Ids {
            taken,
            next: HashMap::new(),
        }
    }

    /// [`id_for`] the question, then taken.
    pub fn draft(&mut self, question: &str) -> String {
        let id = id_numbered(question, &self.taken, &mut self.next);
        self.taken.insert(id.clone());
        id
    }
}

fn id_numbered(
    question: &str,
    taken: &HashSet<String>,
    next: &mut HashMap<String, usize>,
) -> String {
    let words = content_words(question);
    let mut n = ID_WORDS.min(words.len());
    loop {
        let id = short_id(&words[..n]);
        if !taken.contains(&id) {
            return id;
        }
        if n >= words.len() {
            break;
        }
        n += 1;
    }
    let base = short_id(&words[..ID_WORDS.min(words.len())]);
    // The smallest free number: the numbers below `next` were free no more when last looked at.
    let k = next.entry(base.clone()).or_insert(2);
    loop {
        let id = format!("{base}-{k}");
        *k += 1;
        if !taken.contains(&id) {
            return id;
        }
    }
}

/// The words joined by `-`, cut at a word boundary to fit `ID_CHARS` once past the first
/// `ID_WORDS` words; `question` when there are none.
fn short_id(words: &[String]) -> String {
    let mut id = String::new();
    for (i, word) in words.iter().enumerate() {
        let longer = if id.is_empty() {
            word.clone()
        } else {
            format!("{id}-{word}")
        };
        if i > 0 && i < ID_WORDS && longer.len() > ID_CHARS {
            break;
        }
        id = longer;
    }
    if id.is_empty() {
        return "question".into();
    }
    if id.len() > ID_CHARS && !id.contains('-') {
        id.truncate(ID_CHARS);
    }
    id
}

/// The category the wording suggests: stories about the past are behavioural, questions about
/// the candidate's reasons are motivation, questions about running teams and programs are
/// leadership, and the rest technical.
pub fn category(question: &str) -> Category {
    let q = fold(question);
    let any = |cues: &[&str]| cues.iter().any(|cue| q.contains(cue));
    if any(&[
        "tell me about a time",
        "describe a time",
        "talk about a time",
        "a time when",
        "a time you",
        "give me an example",
        "give an example",
        "share an example",
        "have you ever",
        "a situation where",
        "a situation in which",
    ]) {
        Category::Behavioral
    } else if q.starts_with("why ")
        || any(&[
            "what excites",
            "what motivates",
            "what drew you",
            "excited about",
            "where do you see yourself",
            "stay current",
            "keep up with",
            "interests you",
            "career goals",
        ])
    {
        Category::Motivation
    } else if any(&[
        "roadmap",
        "exec",
        "leadership",
        "stakeholder",
        "mentor",
        "hiring",
        "your team",
        "program",
    ]) {
        Category::Leadership
    } else {
        Category::Technical
    }
}

/// At most this many draft key points per question, and words per point.
const POINTS: usize = 5;
const POINT_WORDS: usize = 14;

/// Draft key points: the sample answer's whole short clauses, spread over the whole answer,
/// first and last included, when it has more clauses than points. A clause too long for a point
/// gives its main part between commas, or nothing: a point is never a sentence cut short. Only
/// an answer with no short clause at all falls back to the start of its sentences.
pub fn key_points(answer: &str) -> Vec<String> {
    let mut points: Vec<String> = clauses(answer).iter().filter_map(|c| point(c)).collect();
    if points.is_empty() {
        points = clauses(answer)
            .iter()
            .filter_map(|c| cut_short(c))
            .collect();
    }
    if points.len() <= POINTS {
        return points;
    }
    (0..POINTS)
        .map(|i| points[i * (points.len() - 1) / (POINTS - 1)].clone())
        .collect()
}

/// Words after a comma that begin a clause of its own: the answer is split there.
const CLAUSE_OPENERS: &[&str] = &["and", "then", "but", "so"];

/// The answer split at sentence ends, semicolons and colons, and at commas before `and`,
/// `then`, `but` or `so`, outside parentheses. A `.` ends a sentence only before a space and a
/// capital or digit, so `e.g.` and `vs.` do not. Other commas (lists, asides) stay inside.
fn clauses(answer: &str) -> Vec<String> {
    let chars: Vec<char> = answer.chars().collect();
    let mut out = Vec::new();
    let mut current = String::new();
    let mut depth = 0usize;
    for (i, &c) in chars.iter().enumerate() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth = depth.saturating_sub(1),
            _ => {}
        }
        let next = chars.get(i + 1).copied();
        let after = chars.get(i + 2).copied();
        let sentence_end = matches!(c, '.' | '!' | '?')
            && next == Some(' ')
            && after.is_some_and(|a| a.is_uppercase() || a.is_ascii_digit() || a == '"');
        // `, and` before a clause of its own (three words or more up to the next mark), not
        // before the last item of a list (`authn, authz, and logging`).
        let opener = c == ',' && next == Some(' ') && {
            let rest: String = chars[i + 2..]
                .iter()
                .take_while(|c| !matches!(c, ',' | ';' | ':' | '.' | '(' | ')'))
                .collect();
            let mut words = rest.split_whitespace();
            let word = words.next().unwrap_or_default().to_lowercase();
            CLAUSE_OPENERS.contains(&word.as_str()) && words.count() >= 3
        };
        let split =
            depth == 0 && (sentence_end || opener || (matches!(c, ';' | ':') && next == Some(' ')));
        if split {
            out.push(std::mem::take(&mut current));
        } else {
            current.push(c);
        }
    }
    out.push(current);
    out
}

/// Words that open a clause without adding to it.
const LEAD: &[&str] = &[
    "and", "then", "but", "so", "also", "first", "next", "finally", "i", "we", "i'd", "we'd",
    "i’d", "we’d", "i'll", "i’ll",
];

/// Words that open a part of a sentence that cannot stand alone.
const DEPENDENT: &[&str] = &[
    "which",
    "who",
    "whom",
    "whose",
    "where",
    "when",
    "while",
    "because",
    "although",
    "though",
    "if",
    "unless",
    "as",
    "that",
    "e.g",
    "i.e",
    "including",
    "such",
];

/// A clause's words, asides in parentheses dropped, quotes trimmed, leading connectives and a
/// leading `I`/`we` dropped.
fn clause_words(clause: &str) -> Vec<String> {
    let mut plain = String::with_capacity(clause.len());
    let mut depth = 0usize;
    for c in clause.chars() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth = depth.saturating_sub(1),
            c if depth == 0 => plain.push(c),
            _ => {}
        }
    }
    let mut words: Vec<String> = Vec::new();
    for word in plain.split_whitespace() {
        let word = word.trim_matches(|c: char| matches!(c, '"' | '“' | '”'));
        match (word, words.last_mut()) {
            ("" | "." | "!" | "?", _) => {}
            // A comma left alone where an aside was removed joins the word before it.
            ("," | ";", Some(last)) => last.push_str(word),
            _ => words.push(word.to_string()),
        }
    }
    while words
        .first()
        .is_some_and(|w| LEAD.contains(&w.to_lowercase().trim_matches(',')))
    {
        words.remove(0);
    }
    words
}

/// Whether `words` can stand as a point: three words or more, not opening on a word that makes
/// it dependent (`which…`, `because…`) or on a bare participle (`keyed by…`).
fn stands_alone(words: &[String]) -> bool {
    let first = words.first().map(|w| w.to_lowercase()).unwrap_or_default();
    let first = first.trim_end_matches(',');
    let participle = first.len() > 4 && first.ends_with("ed");
    words.len() >= 3 && !DEPENDENT.contains(&first) && !participle
}

/// A clause as a key point: the whole clause when it is short, else its first part between
/// commas that stands alone; first letter capitalised. `None` when neither fits.
fn point(clause: &str) -> Option<String> {
    let words = clause_words(clause);
    if words.len() <= POINT_WORDS && stands_alone(&words) {
        return finish(&words);
    }
    let text = words.join(" ");
    text.split(", ").find_map(|part| {
        let part = clause_words(part);
        (part.len() <= POINT_WORDS && stands_alone(&part)).then(|| finish(&part))?
    })
}

/// The older draft, for an answer with no short clause: each clause's first words, ending on a
/// word that carries meaning.
fn cut_short(clause: &str) -> Option<String> {
    let mut words = clause_words(clause);
    words.truncate(POINT_WORDS);
    while words
        .last()
        .is_some_and(|w| is_stopword(w.to_lowercase().trim_end_matches(',')))
    {
        words.pop();
    }
    (words.len() >= 3).then(|| finish(&words))?
}

/// The words as a point: joined, trailing punctuation dropped, first letter capitalised.
fn finish(words: &[String]) -> Option<String> {
    let text = words
        .join(" ")
        .trim_end_matches(['.', ',', ';', ':', '!', '?'])
        .to_string();
    let mut chars = text.chars();
    let first = chars.next()?;
    Some(first.to_uppercase().chain(chars).collect())
}

/// At most this many suggested tags per question.
const TAGS: usize = 3;

/// Suggested tags for each question (with its why-note and answer): its words that recur in other
/// questions, but not in so many that they say nothing (more than half of them). The words of the
/// question itself come first, then the note's, then the answer's; within each, the most
/// specific.
pub fn tags(texts: &[(&str, &str, &str)]) -> Vec<Vec<String>> {
    let words: Vec<[Vec<String>; 3]> = texts
        .iter()
        .map(|(question, why, answer)| {
            [topic_words(question), topic_words(why), topic_words(answer)]
        })
        .collect();
    let mut frequency: HashMap<&str, usize> = HashMap::new();
    for pools in &words {
        let distinct: HashSet<&str> = pools.iter().flatten().map(String::as_str).collect();
        for word in distinct {
            *frequency.entry(word).or_default() += 1;
        }
    }
    let ceiling = (texts.len() / 2).max(2);
    let recurring = |w: &str| frequency.get(w).is_some_and(|&n| n >= 2 && n <= ceiling);
    words
        .iter()
        .map(|pools| {
            let mut chosen: Vec<String> = Vec::new();
            for pool in pools {
                let mut candidates: Vec<&String> = pool
                    .iter()
                    .filter(|w| recurring(w) && !chosen.contains(w))
                    .collect();
                candidates.dedup();
                // The most specific (least widespread) first; ties keep the text's order, as the
                // sort is stable.
                candidates.sort_by_key(|w| frequency[w.as_str()]);
                for word in candidates {
                    if chosen.len() < TAGS && !chosen.contains(word) {
                        chosen.push(word.clone());
                    }
                }
            }
            chosen
        })
        .collect()
}

/// Words that can be tags: content words of three letters or more, not numbers (`400`, `2fa`
/// stays), not common in ordinary English (either form), in singular.
fn topic_words(text: &str) -> Vec<String> {
    content_words(text)
        .into_iter()
        .filter(|w| w.len() >= 3 && !w.chars().all(|c| c.is_ascii_digit()) && !is_common_english(w))
        .map(|w| singular(&w))
        .filter(|w| !is_stopword(w) && !is_common_english(w))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_short_and_unique() {
        let mut taken = HashSet::new();
        let a = id_for(
            "Walk me through how you’d threat model a brand‑new feature?",
            &taken,
        );
        assert_eq!(a, "threat-model-brand-new");
        taken.insert(a);
        let b = id_for(
            "How would you threat model a brand-new feature, quickly?",
            &taken,
        );
        assert_eq!(b, "threat-model-brand-new-feature");
        taken.insert(b);
        let c = id_for("Threat model a brand new feature.", &taken);
        assert_eq!(c, "threat-model-brand-new-2");
        assert_eq!(id_for("Why?", &taken), "question");
        let long = id_for(
            "Internationalization accessibility observability maintainability?",
            &taken,
        );
        assert!(long.len() <= ID_CHARS, "{long}");
        assert_eq!(long, "internationalization");
    }

    #[track_caller]
    fn category_is(question: &str, expected: Category) {
        assert_eq!(category(question), expected, "{question}");
    }

    #[test]
    fn category_cases() {
        category_is(
            "Tell me about a time you disagreed with your manager.",
            Category::Behavioral,
        );
        category_is(
            "Describe a time you made a call amid ambiguity.",
            Category::Behavioral,
        );
        category_is("Why do you want to work here?", Category::Motivation);
        category_is(
            "How would you present the roadmap to the exec team?",
            Category::Leadership,
        );
        category_is("Explain the JavaScript event loop.", Category::Technical);
    }

    #[test]
    fn key_points_come_from_the_answer() {
        let points = key_points(
            "I start with a 30–45 minute session using STRIDE (e.g., spoofing, tampering), mapping data flows. Then I agree on top 3 mitigations; we re-review before launch.",
        );
        assert_eq!(
            points,
            [
                "Start with a 30–45 minute session using STRIDE, mapping data flows",
                "Agree on top 3 mitigations",
                "Re-review before launch",
            ]
        );
        assert!(key_points("Yes.").is_empty());
        let many = key_points(
            "One two three. Four five six. Seven eight nine. Ten eleven twelve. One two. \
             Thirteen fourteen fifteen. Sixteen seventeen eighteen. Nineteen twenty more.",
        );
        assert_eq!(
            many,
            [
                "One two three",
                "Four five six",
                "Ten eleven twelve",
                "Thirteen fourteen fifteen",
                "Nineteen twenty more"
            ]
        );
    }

    #[test]
    fn key_points_are_whole_clauses_not_fragments() {
        // Issue 16: "Keyed by one id" was a point, cut from its sentence at a comma.
        assert_eq!(
            key_points("Progress lives in one file, keyed by one id."),
            ["Progress lives in one file, keyed by one id"]
        );
        // A long sentence gives its main clause, not its first twelve words.
        assert_eq!(
            key_points(
                "When product wants to ship a high-visibility feature and security has concerns about it, I map the risks with the team and agree on a plan together."
            ),
            ["Map the risks with the team and agree on a plan together"]
        );
        // A list stays in its clause; `, and then` starts a new one.
        assert_eq!(
            key_points("I check authn, authz, and logging, and then I write the plan down."),
            ["Check authn, authz, and logging", "Write the plan down"]
        );
        for point in key_points(
            "We rotate keys (every 90 days), which limits exposure, because leaks happen. \
             Secrets live in a vault that the CI reads at deploy time through short-lived tokens scoped to one job.",
        ) {
            let first = point
                .split_whitespace()
                .next()
                .unwrap_or_default()
                .to_lowercase();
            assert!(!DEPENDENT.contains(&first.as_str()), "{point}");
            assert!(point.split_whitespace().count() <= POINT_WORDS, "{point}");
        }
    }

    #[test]
    fn numbers_and_common_words_are_not_tags() {
        // Issue 16: "million", "store" and "team" were suggested. Numbers in words and words
        // common in ordinary English (the crates' lists) recur without naming a topic.
        let texts = [
            (
                "How do you scale to a million users?",
                "Scale.",
                "Sharding and caching work.",
            ),
            (
                "What breaks at a million requests?",
                "Scale.",
                "Caching first; the work is in sharding.",
            ),
            (
                "Name 400 risks your team would store.",
                "Risk.",
                "400 ways.",
            ),
            (
                "Fix 400 bugs the team found in the store.",
                "Bugs.",
                "Triage first.",
            ),
        ];
        let tags = tags(&texts);
        for (i, list) in tags.iter().enumerate() {
            for tag in list {
                assert!(
                    !["million", "400", "work", "store", "team"].contains(&tag.as_str()),
                    "question {i}: {tag}"
                );
            }
        }
        assert!(tags[0].contains(&"sharding".to_string()), "{tags:?}");
    }

    #[test]
    fn tags_are_words_that_recur() {
        let texts = [
            (
                "How do you manage secrets in CI?",
                "Secrets leak from pipelines.",
                "",
            ),
            ("Where do secrets live in production?", "Threat.", ""),
            ("How do you rank threats?", "Threat matters.", ""),
            ("What is your favourite editor?", "Culture.", "Vim"),
            ("How do you test the CI pipeline?", "Pipelines.", "Vim"),
        ];
        let tags = tags(&texts);
        assert_eq!(tags[0], ["secret", "pipeline"]);
        assert_eq!(tags[1], ["secret", "threat"]);
        assert_eq!(tags[2], ["threat"]);
        assert_eq!(tags[3], ["vim"]);
        assert_eq!(tags[4], ["pipeline", "vim"]);
    }
}
