//! The drill command: plan the queue, run the session full screen or line by line, save every
//! grade as it is given, and print a summary.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::io::IsTerminal;
use std::process::ExitCode;

use anyhow::{Context as _, bail};
use chrono::{DateTime, Duration, SubsecRound as _, Utc};

use super::progress::new_review_id;
use super::{Context, filter_cards, print};
use crate::cli::DrillArgs;
use crate::core::bank::{Bank, CardKey, DEFAULT_ANSWER_TIME_SECS};
use crate::core::plan::{PlanOptions, introduced_today, plan};
use crate::core::progress::Review;
use crate::core::schedule::{Rating, Scheduler, State};
use crate::core::session::{Effect, EndReason, IdSource, QueuedCard, Session, SessionOptions};
use crate::core::stats::{self, Now};
use crate::store::files;
use crate::store::progress_file::ProgressFile;
use crate::ui::drill_plain;
use crate::ui::drill_tui::{self, DrillLook, EffectSink, LockWaitScreen, Outcome};
use crate::ui::drill_view::{Summary, render_summary};
use crate::ui::report;
use crate::ui::style::Painter;

/// Saves what the session asks to save, and brings failed cards back within the session.
struct Saver<'a> {
    file: ProgressFile,
    scheduler: &'a Scheduler,
    cards: HashMap<CardKey, QueuedCard>,
    session_end: DateTime<Utc>,
    bury_until: DateTime<Utc>,
    /// Full screen: what keeps the screen alive while a save waits for the lock.
    screen: Option<LockWaitScreen<'a>>,
}

impl Saver<'_> {
    /// Read-merge-write of one change. Full screen, a wait for another process's lock keeps the
    /// screen and clock alive and Ctrl-C gives it up; line by line, the wait is told on stderr.
    fn save<T>(
        &mut self,
        session: &Session,
        change: impl FnOnce(&mut crate::core::progress::Progress) -> T,
    ) -> anyhow::Result<(T, crate::core::progress::Progress)> {
        Ok(match &mut self.screen {
            Some(screen) => self.file.update_waiting(
                self.scheduler,
                &mut |lock, waited| screen.turn(session, lock, waited),
                change,
            )?,
            None => self.file.update(self.scheduler, change)?,
        })
    }
}

impl EffectSink for Saver<'_> {
    fn carry_out(&mut self, effect: Effect, session: &mut Session) -> anyhow::Result<()> {
        match effect {
            Effect::Record(graded) => {
                let review = Review {
                    id: graded.review_id.clone(),
                    card: graded.key.clone(),
                    // Milliseconds are plenty, and keep the file compact.
                    at: graded.at.trunc_subsecs(3),
                    rating: graded.rating,
                    duration_ms: u64::try_from(graded.answer_time.num_milliseconds()).unwrap_or(0),
                    timed_out: graded.timed_out,
                    typed_answer: graded.typed_answer.clone(),
                    cram: graded.cram,
                };
                let scheduler = self.scheduler;
                let (recorded, progress) = self.save(session, |p| p.record(review, scheduler))?;
                recorded?;
                let state = progress.card(&graded.key, graded.at);
                let in_steps = matches!(state.state, State::Learning | State::Relearning);
                if !graded.cram
                    && in_steps
                    && state.due < self.session_end
                    && let Some(card) = self.cards.get(&graded.key)
                {
                    session.come_back(card.clone(), state.due);
                }
            }
            Effect::Remove(review_id) => {
                let scheduler = self.scheduler;
                self.save(session, |p| p.remove(&review_id, scheduler))?;
            }
            Effect::Bury(key) => {
                let until = self.bury_until;
                self.save(session, |p| p.buried.insert(key, until))?;
            }
            Effect::Bell => {}
        }
        Ok(())
    }
}

pub fn drill(context: &Context, args: &DrillArgs) -> anyhow::Result<ExitCode> {
    let bank = context.bank()?;
    let config = context.config()?;
    let scheduler = context.scheduler(&config);
    let file = context.progress_file();
    let progress = file.load(&scheduler)?;
    let now = context.now;
    let cards = filter_cards(&bank, &args.tags, args.category)?;
    let minutes = args.minutes.unwrap_or_else(|| config.session_minutes());
    if !(1..=600).contains(&minutes) {
        bail!("--minutes must be from 1 to 600");
    }
    if args.answer_time.is_some_and(|s| !(1..=3600).contains(&s)) {
        bail!("--answer-time must be from 1 to 3600 seconds");
    }
    let options = PlanOptions {
        new_cards: args.new.unwrap_or_else(|| {
            config
                .new_per_day()
                .saturating_sub(introduced_today(&progress, now))
        }),
        limit: args.limit,
        cram: args.cram,
        answer_secs: args
            .answer_time
            .or_else(|| config.answer_time())
            .unwrap_or(DEFAULT_ANSWER_TIME_SECS),
    };
    let plan = plan(
        &cards,
        &progress,
        &scheduler,
        now,
        config.interview_date(),
        options,
    );
    if plan.queue.is_empty() {
        print(&nothing_due(&plan, now))?;
        return Ok(ExitCode::SUCCESS);
    }

    // Better to learn now than at the first grade that grades cannot be saved here.
    file.check_writable()
        .context("the drill did not start, because it could not save your grades")?;
    crate::ui::terminal::before_hangup_exit(|| std::mem::forget(files::hold_saves()));
    let length = Duration::minutes(i64::from(minutes));
    let mut saver = Saver {
        // Refused reviews were reported by the load above; a full screen has no room for them.
        file: file.warn_with(None),
        screen: None,
        scheduler: &scheduler,
        cards: plan
            .queue
            .iter()
            .map(|c| (c.key.clone(), c.clone()))
            .collect(),
        session_end: now.at + length,
        bury_until: now.end_of(now.today()),
    };
    let mut session = Session::new(
        plan.queue,
        SessionOptions {
            length,
            cram: args.cram,
        },
        Utc::now(),
        IdSource(Box::new(new_review_id)),
    );
    let plain = args.plain || !std::io::stdin().is_terminal() || !std::io::stdout().is_terminal();
    let look = DrillLook {
        title: deck_title(&bank),
        painter: context.layout.painter,
        typing: args.type_answer,
        quiet: args.quiet,
    };
    let outcome = if plain {
        let stdin = std::io::stdin();
        let mut input = stdin.lock();
        let mut output = std::io::stdout();
        drill_plain::run(
            &mut session,
            &bank,
            &mut saver,
            &look,
            &mut input,
            &mut output,
        )?
    } else {
        saver.screen = Some(LockWaitScreen::new(&bank, &look));
        drill_tui::run(&mut session, &bank, &mut saver, &look)?
    };

    let progress = saver
        .file
        .load(&scheduler)
        .context("reading progress for the summary")?;
    let mut summary = summarize(
        &session,
        &bank,
        &progress,
        &scheduler,
        Now {
            at: Utc::now(),
            ..now
        },
        config.interview_date(),
    );
    if let Outcome::Interrupted(_) = outcome {
        summary.ended_by = "interrupted";
    }
    let painter = if plain {
        Painter::PLAIN
    } else {
        context.layout.painter
    };
    print(&format!("\n{}", render_summary(&summary, painter)))?;
    match outcome {
        Outcome::Finished => Ok(ExitCode::SUCCESS),
        // The shell's convention for a death by signal: 128 plus its number.
        Outcome::Interrupted(signal) => {
            eprintln!("prepdrill: interrupted; every grade given was saved");
            Ok(ExitCode::from(u8::try_from(128 + signal).unwrap_or(1)))
        }
    }
}

fn deck_title(bank: &Bank) -> String {
    match bank.decks() {
        [one] => one.title.clone(),
        decks => format!("{} decks", decks.len()),
    }
}

fn nothing_due(plan: &crate::core::plan::Plan, now: Now) -> String {
    let mut text = String::from("Nothing is due right now.");
    if let Some(next) = plan.next_due {
        let _ = write!(text, " The next card is due {}.", report::when(next, now));
    }
    text.push('\n');
    if plan.new_held_back > 0 {
        let _ = writeln!(
            text,
            "{} new questions wait beyond today's limit: `prepdrill drill --new 5` takes five of them.",
            plan.new_held_back
        );
    }
    text.push_str("To practise anyway without touching the schedule: `prepdrill drill --cram`.\n");
    text
}

fn summarize(
    session: &Session,
    bank: &Bank,
    progress: &crate::core::progress::Progress,
    scheduler: &Scheduler,
    now: Now,
    interview: Option<chrono::NaiveDate>,
) -> Summary {
    let graded: Vec<_> = session.graded().collect();
    let average = |durations: Vec<Duration>| {
        let n = i32::try_from(durations.len()).ok().filter(|n| *n > 0)?;
        Some(durations.iter().copied().sum::<Duration>() / n)
    };
    let stats = stats::stats(bank, progress, scheduler, now, interview);
    let next_due = stats::standings(bank, progress, scheduler, now, interview)
        .into_iter()
        .min_by_key(|s| s.state.due)
        .map(|s| (s.card.question.id.clone(), report::when(s.state.due, now)));
    Summary {
        cards: graded.len(),
        again: graded.iter().filter(|g| g.rating == Rating::Again).count(),
        skipped: session.skipped(),
        average_answer: average(graded.iter().map(|g| g.answer_time).collect()),
        average_target: average(graded.iter().map(|g| g.answer_limit).collect()),
        overtime: graded.iter().filter(|g| g.timed_out).count(),
        cram: session.is_cram(),
        next_due,
        streak_days: stats.streak_days,
        ended_by: match session.ended() {
            Some(EndReason::TimeUp) => "the session time ran out",
            Some(EndReason::QueueDone) => "every card in the queue was answered",
            Some(EndReason::Quit) | None => "you ended it",
        },
    }
}
