//! Writing the planned sheet as markdown: introduction, summary, contents and one section per
//! question.

use std::collections::HashMap;
use std::fmt::Write as _;

use chrono::NaiveDate;

use super::contents;
use super::escape::{clean, escape_inline};
use super::heading_ids::Heading;
use super::options::{Grouping, Order, SheetOptions};
use super::plan::Plan;
use crate::core::bank::{Card, CardKey};
use crate::core::progress::{Progress, Review};
use crate::core::stats::mean;
use crate::core::stats::{CardStanding, Now};
use crate::core::words::{day_and_distance, day_distance, format_secs, join_and, noun, percent};

/// What rendering needs besides the plan.
pub(super) struct View<'a, 'b> {
    /// `None` when there is no progress or it is left out.
    pub(super) progress: Option<&'b Progress>,
    pub(super) standing: &'b HashMap<CardKey, CardStanding<'a>>,
    pub(super) now: Now,
    /// The interview day, only while it is still ahead.
    pub(super) interview: Option<NaiveDate>,
    pub(super) options: &'b SheetOptions,
    /// How many questions the bank holds, before any filter.
    pub(super) bank_questions: usize,
}

/// Markdown blocks, separated by exactly one blank line, the file ending in one newline: this is
/// what keeps markdownlint's blank-line rules (MD012, MD022, MD031, MD032, MD047) satisfied.
#[derive(Default)]
pub(super) struct Blocks(Vec<String>);

impl Blocks {
    fn heading(&mut self, level: usize, text: &str) {
        self.0
            .push(format!("{} {}", "#".repeat(level), escape_inline(text)));
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

pub(super) fn render(plan: &Plan<'_>, view: &View<'_, '_>) -> String {
    let mut out = Blocks::default();
    out.block(front_matter(&plan.title, view.now));
    out.block(introduction(plan, view));
    if let (Some(heading), Some(progress)) = (&plan.summary, view.progress) {
        out.heading(2, &heading.text);
        out.list(summary(plan, progress, view));
    }
    let ids = IdStyle::of(plan);
    out.heading(2, &plan.contents.text);
    out.block(contents::list(plan, &ids));
    for group in &plan.groups {
        let level = if let Some(heading) = &group.heading {
            out.heading(2, &heading.text);
            3
        } else {
            2
        };
        let lines: Vec<String> = group.elsewhere().map(|m| elsewhere_line(m, &ids)).collect();
        if !lines.is_empty() {
            out.block("**Also in this group:**".into());
            out.list(lines);
        }
        for member in group.questions() {
            question(&mut out, member.card, &member.heading, level, view, &ids);
        }
    }
    out.finish()
}

/// How the sheet names a question beneath its heading: its id, or `deck/id` when the sheet holds
/// several decks. Either works with `prepdrill show`.
pub(super) struct IdStyle {
    /// Whether questions of more than one deck are on the sheet.
    several_decks: bool,
}

impl IdStyle {
    fn of(plan: &Plan<'_>) -> Self {
        let mut decks: Vec<&str> = cards_of(plan).map(|c| c.deck.deck.as_str()).collect();
        decks.sort_unstable();
        decks.dedup();
        IdStyle {
            several_decks: decks.len() > 1,
        }
    }

    pub(super) fn of_card(&self, card: Card<'_>) -> String {
        if self.several_decks {
            card.key().as_str().to_string()
        } else {
            card.question.id.clone()
        }
    }
}

/// A question given in full under another group, as one line: its number and text, linked to it,
/// and its id.
fn elsewhere_line(member: &super::plan::Member<'_>, ids: &IdStyle) -> String {
    format!(
        "{} · {}",
        link(&member.heading),
        escape_inline(&ids.of_card(member.card))
    )
}

/// A link to a heading of the sheet.
pub(super) fn link(heading: &Heading) -> String {
    format!("[{}](#{})", escape_inline(&heading.text), heading.id)
}

/// The YAML metadata block pandoc reads for the document's title and date (GitHub shows it as a
/// small table; markdownlint takes its title as the top-level heading, so the sheet has no `#`).
/// Pandoc reads metadata values as markdown, so the title is escaped like any bank text, then
/// single-quoted, where YAML gives meaning to nothing but a doubled `'`.
pub(super) fn front_matter(title: &str, now: Now) -> String {
    let title = escape_inline(title).replace('\'', "''");
    format!(
        "---\ntitle: '{title}'\ndate: '{}'\n---",
        now.today().format("%Y-%m-%d")
    )
}

/// What the sheet holds and how it was made: the roles, the filters, order and grouping, what is
/// left out, and how to get from a heading to the question in the terminal.
pub(super) fn introduction(plan: &Plan<'_>, view: &View<'_, '_>) -> String {
    let options = view.options;
    let cards: Vec<Card<'_>> = cards_of(plan).collect();
    let mut roles: Vec<&str> = Vec::new();
    for card in &cards {
        if !roles.contains(&card.deck.role.as_str()) {
            roles.push(&card.deck.role);
        }
    }
    let roles: Vec<String> = roles.into_iter().map(escape_inline).collect();
    let kind = if options.with_answers {
        "Study sheet"
    } else {
        "Practice sheet"
    };
    let mut filters: Vec<String> = Vec::new();
    if !options.tags.is_empty() {
        let tags: Vec<String> = options.tags.iter().map(|t| escape_inline(t)).collect();
        filters.push(format!("tagged {}", tags.join(" or ")));
    }
    if let Some(category) = options.category {
        filters.push(format!("category {category}"));
    }
    if options.due_only {
        filters.push("due now".into());
    }
    if options.mine_only {
        filters.push("with an answer of your own".into());
    }
    if let Some(n) = options.weakest {
        filters.push(format!(
            "among the {n} weakest by predicted recall{} (never practised counts as 0)",
            if view.interview.is_some() {
                " on the interview day"
            } else {
                ""
            }
        ));
    }
    let selection = if filters.is_empty() {
        format!("all {} {}", cards.len(), noun(cards.len(), "question"))
    } else {
        format!(
            "{} of the {} questions, those {}",
            cards.len(),
            view.bank_questions,
            join_and(&filters)
        )
    };
    let mut text = format!(
        "{kind} for the {} {}: {selection}.",
        join_and(&roles),
        noun(roles.len(), "role"),
    );
    match options.order {
        Order::Bank => {}
        Order::Weakest => {
            text.push_str(
                " Weakest first: questions not yet practised, then the lowest predicted recall.",
            );
        }
        Order::Due => text.push_str(" Earliest due first; questions not yet practised come last."),
    }
    match options.group_by {
        None => {}
        Some(Grouping::Category) => text.push_str(" Grouped by category."),
        Some(Grouping::Tag) => text.push_str(
            " Grouped by tag: a question is under every tag it bears, in full under its first and as a line with a link under the others.",
        ),
    }
    match (options.with_answers, options.with_key_points) {
        (true, _) => {}
        (false, true) => {
            text.push_str(" Sample answers and why-notes are left out; key points are kept.");
        }
        (false, false) => text.push_str(" Sample answers, why-notes and key points are left out."),
    }
    text.push_str(
        " Each question is a numbered heading with its id beneath: prepdrill show ID prints it in the terminal.",
    );
    text
}

/// Every question of the sheet once, in the order shown in full.
pub(super) fn cards_of<'p, 'a>(plan: &'p Plan<'a>) -> impl Iterator<Item = Card<'a>> + 'p {
    plan.groups
        .iter()
        .flat_map(|g| g.questions().map(|m| m.card))
}

pub(super) fn summary(plan: &Plan<'_>, progress: &Progress, view: &View<'_, '_>) -> Vec<String> {
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
        noun(total, "question"),
        noun(reviews, "review")
    )];
    if let Some(recall) = mean(practised.iter().map(|s| s.recall_now)) {
        lines.push(format!(
            "Mean predicted recall today: {} across the practised questions",
            percent(recall)
        ));
    }
    if let Some(day) = view.interview {
        let mut line = format!(
            "Interview: {} ({})",
            day.format("%Y-%m-%d"),
            day_distance(day, view.now)
        );
        if let Some(recall) = mean(practised.iter().filter_map(|s| s.recall_at_interview)) {
            let _ = write!(
                line,
                "; mean predicted recall that day: {} across the practised questions",
                percent(recall)
            );
        }
        lines.push(line);
    }
    lines
}

pub(super) fn question(
    out: &mut Blocks,
    card: Card<'_>,
    heading: &Heading,
    level: usize,
    view: &View<'_, '_>,
    ids: &IdStyle,
) {
    let q = card.question;
    out.heading(level, &heading.text);
    let mut meta = format!(
        "**Id:** {} · **Category:** {}",
        escape_inline(&ids.of_card(card)),
        q.category
    );
    if !q.tags.is_empty() {
        let tags: Vec<String> = q.tags.iter().map(|t| escape_inline(t)).collect();
        let _ = write!(meta, " · **Tags:** {}", tags.join(", "));
    }
    out.block(meta);
    let samples = view.options.with_answers && !view.options.mine_only;
    if samples {
        out.block(format!("**Why employers ask:** {}", escape_inline(&q.why)));
    }
    if view.options.with_answers
        && let Some(mine) = view.options.own_answers.get(&card.key())
    {
        // Each paragraph a line of one quote, so a STAR story keeps its shape.
        let lines: Vec<String> = mine
            .lines()
            .map(escape_inline)
            .filter(|line| !line.is_empty())
            .collect();
        out.block("**Your own answer:**".into());
        out.block(format!("> {}", lines.join("\n>\n> ")));
    }
    if samples {
        out.block(format!("**Sample answer:** {}", escape_inline(&q.answer)));
    }
    if view.options.with_key_points && !q.key_points.is_empty() {
        // A label ending in a colon is not "emphasis used as a heading" (MD036), and it keeps
        // per-question sub-headings from repeating, which MD024 forbids.
        out.block("**Key points:**".into());
        out.list(q.key_points.iter().map(|p| escape_inline(p)));
    }
    if let Some(progress) = view.progress {
        card_progress(out, card, progress, view);
    }
}

pub(super) fn card_progress(
    out: &mut Blocks,
    card: Card<'_>,
    progress: &Progress,
    view: &View<'_, '_>,
) {
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
            noun(timed.len(), "answer")
        ));
    }
    out.block("**Your progress:**".into());
    out.list(lines);
    own_answer(out, &card.key(), &reviews, view);
}

/// The candidate's latest typed answer. A practice sheet shows no full answer, the candidate's own
/// included. Issue 10's own answers (`my-answer`, `--mine-only`) are printed from here.
/// A typed answer kept as the own answer (`my-answer --from-typed`) is shown once, as that.
pub(super) fn own_answer(
    out: &mut Blocks,
    key: &CardKey,
    reviews: &[&Review],
    view: &View<'_, '_>,
) {
    if !view.options.with_answers {
        return;
    }
    let now = view.now;
    let typed = reviews
        .iter()
        .filter_map(|r| Some((r.at, r.typed_answer.as_deref()?)))
        .filter(|(_, text)| !clean(text).is_empty())
        .max_by_key(|(at, _)| *at);
    let mine = view.options.own_answers.get(key).map(str::trim);
    if let Some((at, text)) = typed.filter(|(_, text)| mine != Some(text.trim())) {
        out.block(format!(
            "**Your latest typed answer, {}:**",
            now.day_of(at).format("%Y-%m-%d")
        ));
        out.block(format!("> {}", escape_inline(text)));
    }
}
