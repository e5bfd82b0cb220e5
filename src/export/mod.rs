//! The markdown study sheet: bank and progress in, one markdown document out. Pure: no files, no
//! clock, no terminal.
//!
//! Two promises shape this file. Bank text never changes the document's structure, because every
//! field passes through [`escape_inline`]. And every table-of-contents link resolves, because the
//! sheet computes each heading's id itself, as GitHub does, and keeps the ids unique by construction.

use std::cmp::Ordering;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt::Write as _;

use chrono::{DateTime, NaiveDate, Utc};

use crate::core::bank::{
    Bank, Card, CardKey, Category, DEFAULT_ANSWER_TIME_SECS, Deck, LookupError,
};
use crate::core::deadline::Interview;
use crate::core::progress::{Progress, Review};
use crate::core::schedule::Scheduler;
use crate::core::stats::{CardStanding, Now, standings};

/// Question order in the sheet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Order {
    /// As in the bank files.
    #[default]
    Bank,
    /// Lowest predicted recall first (on the interview day when one is set); unpractised last.
    Weakest,
    /// Earliest due first; unpractised last.
    Due,
}

/// What the sheet groups questions under, each group with its own heading.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Grouping {
    /// By one tag per question, so each question appears once: the first of its tags that the tag
    /// filter asked for, else its first tag.
    Tag,
    Category,
}

/// What goes into the sheet and how it is laid out.
#[derive(Debug, Clone)]
pub struct SheetOptions {
    /// Keep questions bearing any of these tags; every question when empty.
    pub tags: Vec<String>,
    pub category: Option<Category>,
    /// Keep only practised questions that are due now.
    pub due_only: bool,
    /// Keep only the N practised questions with the lowest predicted recall.
    pub weakest: Option<usize>,
    pub order: Order,
    pub group_by: Option<Grouping>,
    /// Why-notes, sample answers and typed answers; false makes a practice sheet.
    pub with_answers: bool,
    /// The summary and each question's progress.
    pub with_progress: bool,
    /// The answer-time target of questions whose bank sets none.
    pub default_answer_secs: u32,
}

impl Default for SheetOptions {
    fn default() -> Self {
        SheetOptions {
            tags: Vec::new(),
            category: None,
            due_only: false,
            weakest: None,
            order: Order::Bank,
            group_by: None,
            with_answers: true,
            with_progress: true,
            default_answer_secs: DEFAULT_ANSWER_TIME_SECS,
        }
    }
}

/// A rendered sheet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sheet {
    pub markdown: String,
    /// How many questions it holds.
    pub questions: usize,
}

/// Why no sheet was made.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error(transparent)]
    UnknownTag(#[from] LookupError),
    /// A filter left no question: an empty sheet would look like a bug, so it is an error.
    #[error("no question matches {filter}{scope}\nhint: {hint}")]
    NothingMatched {
        filter: String,
        /// What the other filters had selected, or nothing when this filter came first.
        scope: String,
        hint: String,
    },
}

/// The study sheet for the questions `options` selects. `progress` is `None` when nothing has
/// been practised; `interview` is the interview day, if one is set.
pub fn study_sheet(
    bank: &Bank,
    progress: Option<&Progress>,
    scheduler: &Scheduler,
    now: Now,
    interview: Option<Interview>,
    options: &SheetOptions,
) -> Result<Sheet, ExportError> {
    let standing: HashMap<CardKey, CardStanding<'_>> = progress
        .map(|p| standings(bank, p, scheduler, now, interview))
        .unwrap_or_default()
        .into_iter()
        .map(|s| (s.card.key(), s))
        .collect();
    let mut cards = select(bank, progress, &standing, now, options)?;
    sort(&mut cards, &standing, options.order);
    let view = View {
        progress: progress.filter(|_| options.with_progress),
        standing: &standing,
        now,
        interview: now.upcoming(interview).map(|i| i.day),
        options,
    };
    let questions = cards.len();
    let plan = plan(group(cards, options), &view);
    Ok(Sheet {
        markdown: render(&plan, &view),
        questions,
    })
}

// ---------------------------------------------------------------------------------------------
// Selection, order and grouping

/// The cards the filters keep, in bank order. Each filter that leaves nothing is named in the error.
fn select<'a>(
    bank: &'a Bank,
    progress: Option<&Progress>,
    standing: &HashMap<CardKey, CardStanding<'a>>,
    now: Now,
    options: &SheetOptions,
) -> Result<Vec<Card<'a>>, ExportError> {
    for tag in &options.tags {
        bank.tagged(tag)?;
    }
    let mut cards: Vec<Card<'a>> = bank
        .cards()
        .filter(|c| {
            options.tags.is_empty() || c.question.tags.iter().any(|t| options.tags.contains(t))
        })
        .collect();
    let mut applied: Vec<String> = options.tags.iter().map(|t| format!("--tag {t}")).collect();

    if let Some(category) = options.category {
        let hint = format!(
            "`prepdrill list --category {category}` lists that category; pick another, or drop --category"
        );
        narrow(
            &mut cards,
            &mut applied,
            format!("--category {category}"),
            hint,
            |c| c.question.category == category,
        )?;
    }
    if options.due_only {
        let hint = if progress.is_none() {
            "nothing has been practised yet, so nothing is due; run `prepdrill drill` first, or drop --due"
        } else {
            "`prepdrill due --on YYYY-MM-DD` shows when questions come due; drop --due to export them anyway"
        };
        narrow(&mut cards, &mut applied, "--due".into(), hint.into(), |c| {
            let key = c.key();
            standing.get(&key).is_some_and(|s| s.state.due <= now.at)
                && !progress.is_some_and(|p| p.is_buried(&key, now.at))
        })?;
    }
    if let Some(n) = options.weakest {
        let mut ranked: Vec<&CardStanding<'_>> = cards
            .iter()
            .filter_map(|c| standing.get(&c.key()))
            .collect();
        // Stable, so equal recall keeps bank order.
        ranked.sort_by(|a, b| a.priority_recall().total_cmp(&b.priority_recall()));
        let keep: HashSet<CardKey> = ranked.iter().take(n).map(|s| s.card.key()).collect();
        let hint = if n == 0 {
            "give --weakest 1 or more"
        } else {
            "--weakest ranks practised questions by predicted recall, and none of these has been practised; drill them first, or drop --weakest"
        };
        narrow(
            &mut cards,
            &mut applied,
            format!("--weakest {n}"),
            hint.into(),
            |c| keep.contains(&c.key()),
        )?;
    }
    Ok(cards)
}

/// Keeps the cards `keep` accepts, or fails naming `filter` when none is left.
fn narrow<'a>(
    cards: &mut Vec<Card<'a>>,
    applied: &mut Vec<String>,
    filter: String,
    hint: String,
    keep: impl Fn(&Card<'a>) -> bool,
) -> Result<(), ExportError> {
    let before = cards.len();
    cards.retain(|c| keep(c));
    if cards.is_empty() {
        let scope = if applied.is_empty() {
            String::new()
        } else {
            format!(
                " among the {before} {} selected by {}",
                plural(before, "question"),
                applied.join(" ")
            )
        };
        return Err(ExportError::NothingMatched {
            filter,
            scope,
            hint,
        });
    }
    applied.push(filter);
    Ok(())
}

fn sort(cards: &mut [Card<'_>], standing: &HashMap<CardKey, CardStanding<'_>>, order: Order) {
    let of = |c: &Card<'_>| standing.get(&c.key());
    match order {
        Order::Bank => {}
        Order::Weakest => cards.sort_by(|a, b| {
            known_first(of(a), of(b), |x, y| {
                x.priority_recall().total_cmp(&y.priority_recall())
            })
        }),
        Order::Due => {
            cards.sort_by(|a, b| known_first(of(a), of(b), |x, y| x.state.due.cmp(&y.state.due)));
        }
    }
}

/// Known values in `cmp` order, then the unknown (never practised) ones, which keep bank order
/// because the sorts using this are stable.
fn known_first<T>(a: Option<T>, b: Option<T>, cmp: impl Fn(&T, &T) -> Ordering) -> Ordering {
    match (a, b) {
        (Some(x), Some(y)) => cmp(&x, &y),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
}

/// Cards under one group heading; `title` is `None` when the sheet is not grouped.
struct Group<'a> {
    title: Option<String>,
    cards: Vec<Card<'a>>,
}

fn group<'a>(cards: Vec<Card<'a>>, options: &SheetOptions) -> Vec<Group<'a>> {
    match options.group_by {
        None => vec![Group { title: None, cards }],
        Some(Grouping::Category) => Category::ALL
            .iter()
            .map(|&category| Group {
                title: Some(format!("Category: {category}")),
                cards: cards
                    .iter()
                    .copied()
                    .filter(|c| c.question.category == category)
                    .collect(),
            })
            .filter(|g| !g.cards.is_empty())
            .collect(),
        Some(Grouping::Tag) => {
            // `None` sorts first in a BTreeMap, so untagged questions are keyed to come last.
            let mut by_tag: BTreeMap<(bool, String), Vec<Card<'a>>> = BTreeMap::new();
            for card in cards {
                let tags = &card.question.tags;
                let tag = tags
                    .iter()
                    .find(|t| options.tags.contains(t))
                    .or_else(|| tags.first());
                let key = tag.map_or((true, String::new()), |t| (false, t.clone()));
                by_tag.entry(key).or_default().push(card);
            }
            by_tag
                .into_iter()
                .map(|((untagged, tag), cards)| Group {
                    title: Some(if untagged {
                        "No tag".to_string()
                    } else {
                        format!("Tag: {tag}")
                    }),
                    cards,
                })
                .collect()
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Headings and their ids

/// A heading's text (clean, unescaped) and the id GitHub derives from it.
#[derive(Debug, Clone)]
struct Heading {
    text: String,
    id: String,
}

/// The ids taken so far, in document order.
///
/// Why computed ids and not explicit anchors: an inline `<a id>` is raw HTML, which markdownlint's
/// MD033 rejects and pandoc drops from non-HTML output, and pandoc's `{#id}` shows as text on
/// GitHub. So links use the id GitHub computes from the heading text. Pandoc reading GitHub or
/// CommonMark markdown (`-f gfm`, `-f commonmark_x`) computes the same id; its own `markdown`
/// dialect keeps `.` and drops leading digits, so there headings with those can differ.
///
/// Why unique by construction: GitHub, pandoc and markdownlint agree on an id only while no two
/// headings share one (they number duplicates differently in corner cases), and markdownlint's
/// MD024 forbids identical heading texts anyway. So a heading whose id is empty or taken gets a
/// tiebreak appended to its text, such as the question's `deck/id`, and no suffixing is left to
/// the renderer.
#[derive(Default)]
struct HeadingIds {
    used: HashSet<String>,
}

impl HeadingIds {
    /// Takes the id of a heading nothing links to (the title), so no later heading clashes with it.
    fn reserve(&mut self, text: &str) {
        self.used.insert(github_slug(&clean(text)));
    }

    fn claim(&mut self, text: &str, tiebreak: &str) -> Heading {
        let text = clean(text);
        let mut candidate = text.clone();
        for n in 1.. {
            let id = github_slug(&candidate);
            if !id.is_empty() && self.used.insert(id.clone()) {
                return Heading {
                    text: candidate,
                    id,
                };
            }
            candidate = if n == 1 {
                format!("{text} ({tiebreak})")
            } else {
                format!("{text} ({tiebreak} {n})")
            };
        }
        unreachable!("some numbered tiebreak is always free")
    }
}

/// The id GitHub gives a heading: lowercase; keep letters, marks, numbers, `_`, `-` and spaces;
/// spaces become hyphens. (html-pipeline's `[^\p{Word}\- ]`, as in github-slugger and markdownlint.)
pub(crate) fn github_slug(text: &str) -> String {
    text.to_lowercase()
        .chars()
        .filter_map(|c| match c {
            ' ' | '-' => Some('-'),
            c if is_word(c) => Some(c),
            _ => None,
        })
        .collect()
}

/// Letter, mark, number or connector punctuation. std has no general categories, so marks are the
/// combining blocks and variation selectors, and connectors are listed.
fn is_word(c: char) -> bool {
    c.is_alphanumeric()
        || matches!(c,
            '_' | '\u{203f}' | '\u{2040}' | '\u{2054}' | '\u{fe33}' | '\u{fe34}'
            | '\u{fe4d}'..='\u{fe4f}' | '\u{ff3f}'
            | '\u{0300}'..='\u{036f}' | '\u{1ab0}'..='\u{1aff}' | '\u{1dc0}'..='\u{1dff}'
            | '\u{20d0}'..='\u{20ff}' | '\u{fe00}'..='\u{fe0f}' | '\u{fe20}'..='\u{fe2f}')
}

/// The sheet's headings, planned before anything is written because the contents come first and
/// must link to them.
struct Plan<'a> {
    title: String,
    summary: Option<Heading>,
    contents: Heading,
    groups: Vec<PlannedGroup<'a>>,
}

struct PlannedGroup<'a> {
    heading: Option<Heading>,
    questions: Vec<(Card<'a>, Heading)>,
}

fn plan<'a>(groups: Vec<Group<'a>>, view: &View<'_, '_>) -> Plan<'a> {
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

fn sheet_title(groups: &[Group<'_>]) -> String {
    let decks = decks_of(groups);
    match decks.as_slice() {
        [one] => one.title.clone(),
        _ => "Interview study sheet".to_string(),
    }
}

/// The decks the sheet's questions come from, in order of first appearance.
fn decks_of<'a>(groups: &[Group<'a>]) -> Vec<&'a Deck> {
    let mut decks: Vec<&Deck> = Vec::new();
    for card in groups.iter().flat_map(|g| &g.cards) {
        if !decks.iter().any(|d| d.deck == card.deck.deck) {
            decks.push(card.deck);
        }
    }
    decks
}

// ---------------------------------------------------------------------------------------------
// Rendering

/// What rendering needs besides the plan.
struct View<'a, 'b> {
    /// `None` when there is no progress or it is left out.
    progress: Option<&'b Progress>,
    standing: &'b HashMap<CardKey, CardStanding<'a>>,
    now: Now,
    /// The interview day, only while it is still ahead.
    interview: Option<NaiveDate>,
    options: &'b SheetOptions,
}

/// Markdown blocks, separated by exactly one blank line, the file ending in one newline: this is
/// what keeps markdownlint's blank-line rules (MD012, MD022, MD031, MD032, MD047) satisfied.
#[derive(Default)]
struct Blocks(Vec<String>);

impl Blocks {
    fn heading(&mut self, level: usize, text: &str) {
        self.0
            .push(format!("{} {}", "#".repeat(level), escape_heading(text)));
    }

    fn block(&mut self, markdown: String) {
        self.0.push(markdown);
    }

    fn list(&mut self, items: impl IntoIterator<Item = String>) {
        let lines: Vec<String> = items.into_iter().map(|item| format!("- {item}")).collect();
        if !lines.is_empty() {
            self.0.push(lines.join("\n"));
        }
    }

    fn finish(self) -> String {
        let mut text = self.0.join("\n\n");
        text.push('\n');
        text
    }
}

fn render(plan: &Plan<'_>, view: &View<'_, '_>) -> String {
    let mut out = Blocks::default();
    out.heading(1, &plan.title);
    out.block(introduction(plan, view));
    if let (Some(heading), Some(progress)) = (&plan.summary, view.progress) {
        out.heading(2, &heading.text);
        out.list(summary(plan, progress, view));
    }
    out.heading(2, &plan.contents.text);
    out.block(contents(plan));
    for group in &plan.groups {
        let level = if let Some(heading) = &group.heading {
            out.heading(2, &heading.text);
            3
        } else {
            2
        };
        for (card, heading) in &group.questions {
            question(&mut out, *card, heading, level, view);
        }
    }
    out.finish()
}

fn introduction(plan: &Plan<'_>, view: &View<'_, '_>) -> String {
    let cards: Vec<Card<'_>> = cards_of(plan).collect();
    let mut roles: Vec<&str> = Vec::new();
    for card in &cards {
        if !roles.contains(&card.deck.role.as_str()) {
            roles.push(&card.deck.role);
        }
    }
    let roles: Vec<String> = roles.into_iter().map(escape_inline).collect();
    let kind = if view.options.with_answers {
        "Study sheet"
    } else {
        "Practice sheet, answers left out,"
    };
    format!(
        "{kind} for the {} {}: {} {}. Generated {}.",
        join_and(&roles),
        plural(roles.len(), "role"),
        cards.len(),
        plural(cards.len(), "question"),
        view.now.today().format("%Y-%m-%d")
    )
}

fn cards_of<'p, 'a>(plan: &'p Plan<'a>) -> impl Iterator<Item = Card<'a>> + 'p {
    plan.groups
        .iter()
        .flat_map(|g| g.questions.iter().map(|(card, _)| *card))
}

fn summary(plan: &Plan<'_>, progress: &Progress, view: &View<'_, '_>) -> Vec<String> {
    let total = cards_of(plan).count();
    let practised: Vec<&CardStanding<'_>> = cards_of(plan)
        .filter_map(|c| view.standing.get(&c.key()))
        .collect();
    let reviews = cards_of(plan)
        .map(|c| progress.reviews_of(&c.key()).count())
        .sum::<usize>();
    let mut lines = vec![format!(
        "Practised: {} of {total} {}, with {reviews} {} in all",
        practised.len(),
        plural(total, "question"),
        plural(reviews, "review")
    )];
    if let Some(recall) = mean(practised.iter().map(|s| s.recall_now)) {
        lines.push(format!(
            "Mean predicted recall today: {} across the practised questions",
            percent(recall)
        ));
    }
    if let Some(day) = view.interview {
        let days = (day - view.now.today()).num_days();
        let mut line = format!(
            "Interview: {} ({})",
            day.format("%Y-%m-%d"),
            days_from_now(days)
        );
        if let Some(recall) = mean(practised.iter().filter_map(|s| s.recall_at_interview)) {
            let _ = write!(
                line,
                "; mean predicted recall that day: {}",
                percent(recall)
            );
        }
        lines.push(line);
    }
    lines
}

fn contents(plan: &Plan<'_>) -> String {
    let link = |h: &Heading| format!("[{}](#{})", escape_inline(&h.text), h.id);
    let mut lines = Vec::new();
    for group in &plan.groups {
        let indent = match &group.heading {
            Some(heading) => {
                lines.push(format!("- {}", link(heading)));
                "  "
            }
            None => "",
        };
        for (_, heading) in &group.questions {
            lines.push(format!("{indent}- {}", link(heading)));
        }
    }
    lines.join("\n")
}

fn question(
    out: &mut Blocks,
    card: Card<'_>,
    heading: &Heading,
    level: usize,
    view: &View<'_, '_>,
) {
    let q = card.question;
    out.heading(level, &heading.text);
    let mut meta = format!("**Category:** {}", q.category);
    if !q.tags.is_empty() {
        let tags: Vec<String> = q.tags.iter().map(|t| escape_inline(t)).collect();
        let _ = write!(meta, " · **Tags:** {}", tags.join(", "));
    }
    out.block(meta);
    if view.options.with_answers {
        out.block(format!("**Why employers ask:** {}", escape_inline(&q.why)));
        out.block(format!("**Sample answer:** {}", escape_inline(&q.answer)));
    }
    if !q.key_points.is_empty() {
        // A label ending in a colon is not "emphasis used as a heading" (MD036), and it keeps
        // per-question sub-headings from repeating, which MD024 forbids.
        out.block("**Key points:**".into());
        out.list(q.key_points.iter().map(|p| escape_inline(p)));
    }
    if let Some(progress) = view.progress {
        card_progress(out, card, progress, view);
    }
}

fn card_progress(out: &mut Blocks, card: Card<'_>, progress: &Progress, view: &View<'_, '_>) {
    let key = card.key();
    let reviews: Vec<&Review> = progress.reviews_of(&key).collect();
    let standing = view.standing.get(&key);
    let Some(last) = reviews.iter().map(|r| r.at).max() else {
        out.block("**Your progress:** not practised yet.".into());
        return;
    };
    let now = view.now;
    let mut lines = vec![format!("Last practised: {}", day_and_distance(last, now))];
    if let Some(s) = standing {
        let due = if s.state.due <= now.at {
            "now".to_string()
        } else {
            day_and_distance(s.state.due, now)
        };
        lines.push(format!("Next due: {due}"));
        let mut recall = format!("Predicted recall: {} today", percent(s.recall_now));
        if let Some(then) = s.recall_at_interview {
            let _ = write!(recall, "; {} on the interview day", percent(then));
        }
        lines.push(recall);
    }
    // `rate` without --duration records 0 ms; such reviews say nothing about answer time.
    let timed: Vec<f64> = reviews
        .iter()
        .filter(|r| r.duration_ms > 0)
        .map(|r| r.duration_ms as f64 / 1000.0)
        .collect();
    if let Some(average) = mean(timed.iter().copied()) {
        lines.push(format!(
            "Answer time: {} on average against a target of {}, over {} timed {}",
            format_secs(average.round() as u32),
            format_secs(card.answer_time_secs_or(view.options.default_answer_secs)),
            timed.len(),
            plural(timed.len(), "answer")
        ));
    }
    out.block("**Your progress:**".into());
    out.list(lines);
    // A practice sheet shows no full answer, the candidate's own included.
    if !view.options.with_answers {
        return;
    }
    let typed = reviews
        .iter()
        .filter_map(|r| Some((r.at, r.typed_answer.as_deref()?)))
        .filter(|(_, text)| !clean(text).is_empty())
        .max_by_key(|(at, _)| *at);
    if let Some((at, text)) = typed {
        out.block(format!(
            "**Your latest typed answer, {}:**",
            now.day_of(at).format("%Y-%m-%d")
        ));
        out.block(format!("> {}", escape_inline(text)));
    }
}

// ---------------------------------------------------------------------------------------------
// Escaping

/// Characters that are markup somewhere, whatever surrounds them: CommonMark (`\` `` ` `` `*`
/// `_` `[` `]` `<` `>` `#` `&`), GitHub (`|` tables, `~` strikethrough, `$` math, `@` email
/// autolinks) and pandoc (`^` `~` super- and subscript, `@` citations, `{` `}` attributes).
const MARKUP: &[char] = &[
    '\\', '`', '*', '_', '[', ']', '<', '>', '#', '&', '|', '~', '$', '@', '^', '{', '}',
];

/// Bank text as markdown that renders as exactly that text and can never change the document's
/// structure.
///
/// Runs of whitespace, line breaks included, fold to one space, so no field can end a paragraph,
/// start a block or leave trailing spaces; control characters become visible stand-ins. Markup
/// characters get a backslash, which CommonMark and pandoc allow before any ASCII punctuation. So
/// does a leading punctuation character or list number (`- x`, `> x`, `1. x`, `a) x`), because
/// fields also start list items and block quotes, and the `:` of `http://` and the `.` of `www.`,
/// which GitHub would otherwise turn into links.
pub(crate) fn escape_inline(text: &str) -> String {
    escape_clean(&clean(text))
}

fn escape_clean(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let marker = list_marker_end(&chars);
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for (i, &c) in chars.iter().enumerate() {
        let escape = MARKUP.contains(&c)
            || (i == 0 && c.is_ascii_punctuation())
            || marker == Some(i)
            || (c == ':' && starts_link_or_emoji(chars.get(i + 1).copied()))
            || (c == '.' && ends_with_www(&chars[..i]));
        if escape {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// The `.` or `)` that ends a leading ordered-list marker: `12.` in CommonMark, `a)` or `iv.` in
/// pandoc.
fn list_marker_end(chars: &[char]) -> Option<usize> {
    let run = chars
        .iter()
        .take_while(|c| c.is_ascii_alphanumeric())
        .count();
    ((1..=9).contains(&run) && matches!(chars.get(run), Some('.' | ')'))).then_some(run)
}

/// After a `:`, what makes `scheme://` (a GitHub autolink) or `:name:` (a GitHub emoji).
fn starts_link_or_emoji(next: Option<char>) -> bool {
    next.is_some_and(|c| c == '/' || c.is_ascii_alphanumeric() || matches!(c, '_' | '+' | '-'))
}

fn ends_with_www(before: &[char]) -> bool {
    before.len() >= 3
        && before[before.len() - 3..]
            .iter()
            .all(|c| c.eq_ignore_ascii_case(&'w'))
}

/// A heading's markdown. A trailing `.`, `,`, `;`, `:` or `!` is written as a character
/// reference: it renders the same, but markdownlint's MD026 (no trailing punctuation in
/// headings) accepts it, and the heading stays the question exactly as the bank has it.
fn escape_heading(text: &str) -> String {
    let text = clean(text);
    match text.chars().last() {
        Some(last) if ".,;:!。，；：！".contains(last) => {
            let body = &text[..text.len() - last.len_utf8()];
            format!("{}&#{};", escape_clean(body), u32::from(last))
        }
        _ => escape_clean(&text),
    }
}

/// Text on one line with nothing invisible: whitespace runs (line breaks included) become one
/// space, and control characters become Control Pictures (ESC shows as ␛), as the terminal's
/// sanitizer does, so a shared bank cannot smuggle escape sequences into the sheet.
fn clean(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars() {
        if matches!(
            c,
            ' ' | '\t' | '\n' | '\r' | '\x0b' | '\x0c' | '\u{85}' | '\u{2028}' | '\u{2029}'
        ) {
            space = !out.is_empty();
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        out.push(match c {
            '\0'..='\x1f' => char::from_u32(0x2400 + u32::from(c)).unwrap_or('\u{fffd}'),
            '\x7f' => '\u{2421}',
            // C1 controls, bidirectional overrides and isolates can reorder or hide what follows.
            '\u{80}'..='\u{9f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => '\u{fffd}',
            other => other,
        });
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Small formatting helpers

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        word.to_string()
    } else {
        format!("{word}s")
    }
}

/// `a`, `a and b`, `a, b and c`.
fn join_and(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

fn percent(share: f64) -> String {
    format!("{:.0}%", share * 100.0)
}

fn mean(values: impl Iterator<Item = f64>) -> Option<f64> {
    let (sum, n) = values.fold((0.0, 0usize), |(s, n), v| (s + v, n + 1));
    (n > 0).then(|| sum / n as f64)
}

/// `45s`, `2m`, `1m30s`. The terminal has the same helper; export keeps its own so that it
/// depends on the core alone.
fn format_secs(secs: u32) -> String {
    match (secs / 60, secs % 60) {
        (0, s) => format!("{s}s"),
        (m, 0) => format!("{m}m"),
        (m, s) => format!("{m}m{s:02}s"),
    }
}

/// `today`, `tomorrow`, `in 5 days`, `yesterday`, `6 days ago`.
fn days_from_now(days: i64) -> String {
    match days {
        0 => "today".into(),
        1 => "tomorrow".into(),
        -1 => "yesterday".into(),
        d if d > 1 => format!("in {d} days"),
        d => format!("{} days ago", -d),
    }
}

/// `2026-11-20 (6 days ago)`, in the caller's zone.
fn day_and_distance(at: DateTime<Utc>, now: Now) -> String {
    let day = now.day_of(at);
    format!(
        "{} ({})",
        day.format("%Y-%m-%d"),
        days_from_now((day - now.today()).num_days())
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::bank::Question;
    use crate::core::progress::Review;
    use crate::core::schedule::{Rating, Settings};

    #[track_caller]
    fn escapes(input: &str, expected: &str) {
        assert_eq!(escape_inline(input), expected, "{input:?}");
    }

    #[test]
    fn escape_cases() {
        escapes("plain words, kept: as is?", "plain words, kept: as is?");
        escapes("# not a heading", r"\# not a heading");
        escapes("a | b", r"a \| b");
        escapes("<script>", r"\<script\>");
        escapes("*x* _y_ `z`", r"\*x\* \_y\_ \`z\`");
        escapes("[l](http://x)", r"\[l\](http\://x)");
        escapes("see http://bare.example", r"see http\://bare.example");
        escapes("www.example.com", r"www\.example.com");
        escapes("> quote", r"\> quote");
        escapes("- item", r"\- item");
        escapes("+ item", r"\+ item");
        escapes("1. one", r"1\. one");
        escapes("a) pandoc list", r"a\) pandoc list");
        escapes("line\n- two\r\n\tthree  ", r"line - two three");
        escapes(
            "R&D costs $5 @ 10:30 ~ok^",
            r"R\&D costs \$5 \@ 10\:30 \~ok\^",
        );
        escapes("Heading {#id}", r"Heading \{\#id\}");
        escapes("back\\slash", r"back\\slash");
        escapes("\u{1b}]0;x\u{7}", r"␛\]0;x␇");
        escapes("bidi\u{202e}x", "bidi\u{fffd}x");
    }

    #[track_caller]
    fn heading(input: &str, expected: &str) {
        assert_eq!(escape_heading(input), expected, "{input:?}");
    }

    #[test]
    fn heading_cases() {
        heading("Why?", "Why?");
        heading("Tell me about a time.", "Tell me about a time&#46;");
        heading("Go!", "Go&#33;");
        heading("1.", "1&#46;");
        heading("#", r"\#");
    }

    #[track_caller]
    fn slugs(input: &str, expected: &str) {
        assert_eq!(github_slug(input), expected, "{input:?}");
    }

    #[test]
    fn slug_cases() {
        slugs("Contents", "contents");
        slugs(
            "Walk me through how you’d threat model a brand‑new feature?",
            "walk-me-through-how-youd-threat-model-a-brandnew-feature",
        );
        slugs("services. How 400?", "services-how-400");
        slugs("a - b_c", "a---b_c");
        slugs("Qué pasa, señor?", "qué-pasa-señor");
        slugs("<script> *x*", "script-x");
        slugs("???", "");
    }

    #[test]
    fn clashing_and_empty_ids_get_a_tiebreak() {
        let mut ids = HeadingIds::default();
        ids.reserve("Title");
        assert_eq!(ids.claim("Contents", "sheet").id, "contents");
        let again = ids.claim("Contents", "d/q1");
        assert_eq!(
            (again.text.as_str(), again.id.as_str()),
            ("Contents (d/q1)", "contents-dq1")
        );
        assert_eq!(ids.claim("Contents", "d/q1").text, "Contents (d/q1 2)");
        assert_eq!(ids.claim("???", "d/q2").id, "-dq2");
        assert_eq!(ids.claim("Title", "d/q3").id, "title-dq3");
    }

    fn question(id: &str, tags: &[&str], category: Category) -> Question {
        Question {
            id: id.into(),
            question: format!("Question {id}?"),
            why: "Because.".into(),
            answer: "An answer.".into(),
            tags: tags.iter().map(ToString::to_string).collect(),
            category,
            key_points: vec!["a point".into()],
            answer_time_secs: None,
        }
    }

    fn bank() -> Bank {
        Bank::new(vec![Deck {
            deck: "d".into(),
            title: "Deck".into(),
            role: "Engineer".into(),
            answer_time_secs: Some(60),
            questions: vec![
                question("q1", &["a"], Category::Technical),
                question("q2", &["a", "b"], Category::Behavioral),
                question("q3", &[], Category::Technical),
            ],
        }])
        .expect("one deck")
    }

    fn scheduler() -> Scheduler {
        Scheduler::new(Settings::default())
    }

    fn now() -> Now {
        Now::utc("2026-11-26T12:00:00Z".parse().expect("instant"))
    }

    fn progress(ratings: &[(&str, Rating)]) -> Progress {
        let mut progress = Progress::default();
        for (n, (id, rating)) in ratings.iter().enumerate() {
            let review = Review {
                id: format!("r{n}"),
                card: CardKey::new("d", id),
                at: "2026-11-20T10:00:00Z".parse().expect("instant"),
                rating: *rating,
                duration_ms: 30_000,
                timed_out: false,
                typed_answer: None,
                cram: false,
            };
            progress.record(review, &scheduler()).expect("in order");
        }
        progress
    }

    fn sheet(progress: Option<&Progress>, options: &SheetOptions) -> Result<Sheet, ExportError> {
        study_sheet(&bank(), progress, &scheduler(), now(), None, options)
    }

    fn question_headings(markdown: &str) -> Vec<&str> {
        markdown
            .lines()
            .filter(|l| l.starts_with("## Question") || l.starts_with("### Question"))
            .collect()
    }

    #[test]
    fn filters_and_orders() {
        let practised = progress(&[("q1", Rating::Good), ("q2", Rating::Again)]);
        let tagged = SheetOptions {
            tags: vec!["b".into()],
            ..SheetOptions::default()
        };
        let got = sheet(None, &tagged).expect("sheet");
        assert_eq!(got.questions, 1);
        assert_eq!(question_headings(&got.markdown), ["## Question q2?"]);

        let weakest = SheetOptions {
            weakest: Some(1),
            ..SheetOptions::default()
        };
        let got = sheet(Some(&practised), &weakest).expect("sheet");
        assert_eq!(question_headings(&got.markdown), ["## Question q2?"]);

        let ordered = SheetOptions {
            order: Order::Weakest,
            ..SheetOptions::default()
        };
        let got = sheet(Some(&practised), &ordered).expect("sheet");
        assert_eq!(
            question_headings(&got.markdown),
            ["## Question q2?", "## Question q1?", "## Question q3?"]
        );
    }

    #[test]
    fn a_filter_that_matches_nothing_is_named() {
        let options = SheetOptions {
            tags: vec!["b".into()],
            category: Some(Category::Technical),
            ..SheetOptions::default()
        };
        let message = sheet(None, &options).expect_err("nothing").to_string();
        assert!(
            message.starts_with(
                "no question matches --category technical among the 1 question selected by --tag b"
            ),
            "{message}"
        );
        let due = SheetOptions {
            due_only: true,
            ..SheetOptions::default()
        };
        let message = sheet(None, &due).expect_err("nothing").to_string();
        assert!(
            message.contains("nothing has been practised yet"),
            "{message}"
        );
        let unknown = SheetOptions {
            tags: vec!["c".into()],
            ..SheetOptions::default()
        };
        assert!(matches!(
            sheet(None, &unknown),
            Err(ExportError::UnknownTag(_))
        ));
    }

    #[test]
    fn practice_sheet_keeps_key_points_only() {
        let options = SheetOptions {
            with_answers: false,
            ..SheetOptions::default()
        };
        let markdown = sheet(None, &options).expect("sheet").markdown;
        assert!(!markdown.contains("Sample answer"), "{markdown}");
        assert!(!markdown.contains("Why employers ask"), "{markdown}");
        assert_eq!(markdown.matches("- a point").count(), 3);
    }

    #[test]
    fn grouping_by_tag_places_each_question_once() {
        let options = SheetOptions {
            group_by: Some(Grouping::Tag),
            ..SheetOptions::default()
        };
        let markdown = sheet(None, &options).expect("sheet").markdown;
        let headings: Vec<&str> = markdown.lines().filter(|l| l.starts_with('#')).collect();
        assert_eq!(
            headings,
            [
                "# Deck",
                "## Contents",
                "## Tag: a",
                "### Question q1?",
                "### Question q2?",
                "## No tag",
                "### Question q3?",
            ]
        );
        assert!(markdown.contains("- [Tag: a](#tag-a)\n  - [Question q1?](#question-q1)"));
    }

    #[test]
    fn the_document_is_lint_shaped() {
        let practised = progress(&[("q1", Rating::Good)]);
        let markdown = sheet(Some(&practised), &SheetOptions::default())
            .expect("sheet")
            .markdown;
        assert!(markdown.ends_with(".\n") && !markdown.ends_with("\n\n"));
        assert!(!markdown.contains("\n\n\n"));
        assert!(markdown.lines().all(|l| !l.ends_with(' ')));
        assert_eq!(markdown.lines().filter(|l| l.starts_with("# ")).count(), 1);
        assert!(
            markdown.contains("## Summary\n\n- Practised: 1 of 3 questions, with 1 review in all")
        );
        assert!(markdown.contains("**Your progress:** not practised yet."));
    }
}
