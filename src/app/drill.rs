//! The drill command: plan the queue, run the session full screen or line by line, save every
//! grade as it is given, and print a summary.

use std::fmt::Write as _;
use std::io::{IsTerminal, Write as _};
use std::process::ExitCode;

use anyhow::Context as _;
use chrono::{DateTime, Duration, Utc};

use super::loaded::Loaded;
use super::optimize::Refit;
use super::progress::new_review_id;
use super::round::{Front, Ran};
use super::{Context, filter_cards, print};
use crate::cli::DrillArgs;
use crate::core::bank::{Bank, Card, DEFAULT_ANSWER_TIME_SECS};
use crate::core::deadline::Interview;
use crate::core::fit::History;
use crate::core::forecast::Outlook;
use crate::core::misses::last_session_misses;
use crate::core::plan::{PlanOptions, introduced_today, plan};
use crate::core::progress::Progress;
use crate::core::schedule::{Rating, Scheduler, Settings};
use crate::core::session::{EndReason, IdSource, Session, SessionOptions};
use crate::core::snapshot::Snapshot;
use crate::core::stats::{self, Now};
use crate::core::words;
use crate::store::config::{Config, Key, NO_INTERVIEW};
use crate::store::progress_file::ProgressFile;
use crate::ui::drill_summary::{Ending, Summary, SummaryRow, render_summary};
use crate::ui::fit_report;
use crate::ui::report;
use crate::ui::round::Outcome;
use crate::ui::wall_clock::WallClock;

/// After a session: reads the log again for the summary, refits the memory model when it is
/// due (`auto-optimize`) and rebuilds the progress with it. The refit, if one was made.
fn refit_after(
    context: &Context,
    file: &ProgressFile,
    loaded: &mut Loaded,
    scorable_before: usize,
) -> anyhow::Result<Option<super::optimize::Refit>> {
    loaded.progress = file
        .clone()
        .warn_with(None)
        .load(&loaded.scheduler)
        .context("reading progress for the summary")?;
    let refit = super::optimize::after_session(
        context,
        &loaded.config,
        scorable_before,
        &History::of(&loaded.progress.reviews),
        loaded.scheduler.parameters(),
    );
    if let Some(refit) = &refit {
        loaded.scheduler = Scheduler::new(Settings {
            parameters: refit.parameters,
            ..loaded.scheduler.settings().clone()
        });
        loaded.progress.rebuild(&loaded.scheduler);
    }
    Ok(refit)
}

/// The line on today, led by this session's own cards in a learning step, which it may not
/// name: when they come back.
fn come_back(
    context: &Context,
    at: DateTime<Utc>,
    questions: usize,
    now: Now,
    today: String,
) -> String {
    if today.starts_with("Done for now") {
        return today;
    }
    format!(
        "{}: run `{}` then.\n  {}",
        words::coming_back(questions, at, now, "from this session"),
        context.advice(""),
        today
    )
}

pub fn drill(context: &Context, args: &DrillArgs) -> anyhow::Result<ExitCode> {
    let mut loaded = context.load()?;
    let file = context.progress_file();
    let scorable_before = History::of(&loaded.progress.reviews).len();
    let now = context.now;
    let mut cards = filter_cards(&loaded.bank, &args.tags, args.category)?;
    // The misses of the last session are drilled again as cram: practice, not a new schedule.
    let cram = args.cram || args.misses;
    if args.misses {
        let misses = last_session_misses(&loaded.progress.reviews);
        cards.retain(|c| misses.contains(&c.key()));
        if cards.is_empty() {
            print("Your last session had no misses to drill again (none graded again).\n")?;
            return Ok(ExitCode::SUCCESS);
        }
    }
    let minutes = args
        .minutes
        .unwrap_or_else(|| loaded.config.session_minutes());
    let options = plan_options(args, &loaded.config, &loaded.progress, now);
    loaded.config = ask_interview_date(context, loaded.config, &loaded.progress, args.plain)?;
    loaded.interviews = context.interviews(&loaded.config);
    let interview = interview_of(context, loaded.snapshot(), &cards)?;
    let plan = plan(loaded.snapshot(), &cards, options);
    let (new_held_back, next_due) = (plan.new_held_back, plan.next_due);
    let length = Duration::minutes(i64::from(minutes));
    // The drill's clock starts at `now`, pinned or not, and runs with real time from there.
    let clock = WallClock::starting_at(now.at).paced(super::round::answer_pace());
    let mut session = Session::new(
        plan.queue,
        SessionOptions { length, cram },
        clock.now(),
        IdSource(Box::new(new_review_id)),
    );
    // A session over before it starts: ready for today, or nothing due.
    if let Some(reason) = session.ended() {
        let advice = context.advice("");
        print(&match reason {
            EndReason::Ready => as_ready_as_today_allows(interview, now, &advice),
            _ => nothing_due(new_held_back, next_due, now, &advice),
        })?;
        return Ok(ExitCode::SUCCESS);
    }
    super::round::start(&file, "the drill")?;
    let front = Front {
        title: deck_title(&loaded.bank, interview, now),
        clock: clock.clone(),
        plain: args.plain,
        typing: args.type_answer,
        quiet: args.quiet,
        interviews: loaded.interviews.clone(),
    };
    let ran = super::round::run(
        context,
        &mut session,
        &loaded.bank,
        &file,
        &loaded.scheduler,
        front,
    )?;
    let Ran::Over {
        outcome,
        painter,
        settling,
    } = ran;

    let refit = refit_after(context, &file, &mut loaded, scorable_before)?;
    let known = loaded.snapshot();
    let end = known.at(Now {
        at: clock.now(),
        ..now
    });
    let mut summary = summarize(&session, end);
    summary.today = super::plan::today_line(context, &loaded.config, end);
    if let Some(EndReason::ComeBack { at, questions }) = session.ended() {
        summary.today = come_back(context, at, questions, now, summary.today);
    }
    summary.run = context.advice("");
    if let Outcome::Interrupted(_) | Outcome::GaveUp(_) = outcome {
        summary.ended_by = Ending::Interrupted;
    }
    let mut text = format!("\n{}", render_summary(&summary, painter));
    let outlook = super::plan::forecast(&loaded.config, known, minutes, false);
    after_summary(context, &mut text, outlook.as_ref(), refit.as_ref());
    drop(settling);
    print(&text)?;
    Ok(super::round::exit_code(outcome))
}

/// The soonest interview ahead among the decks drilled, else the one set for all (for the
/// header and the advice); says first when the interview has passed.
fn interview_of(
    context: &Context,
    known: Snapshot<'_>,
    cards: &[Card<'_>],
) -> anyhow::Result<Option<Interview>> {
    let interview = known.soonest(cards).or(known.interview);
    if let Some(passed) = super::plan::interview_passed(context, known) {
        print(&format!("{passed}\n"))?;
    }
    Ok(interview)
}

/// The summary's last lines: the forecast, and the memory model refitted.
fn after_summary(
    context: &Context,
    text: &mut String,
    outlook: Option<&Outlook>,
    refit: Option<&Refit>,
) {
    // Wrapped on a terminal, which would cut these long lines mid-word.
    let mut put = |line: &str| {
        for line in context.layout.wrap(line, "") {
            let _ = writeln!(text, "{line}");
        }
    };
    if let Some(outlook) = outlook {
        put(&report::readiness_line(outlook, &context.advice("")));
    }

    if let Some(refit) = refit {
        let forecast = outlook.map(|o| (o.practice.mean, o.questions));
        put(&fit_report::refit_line(
            refit.reviews,
            forecast,
            &context.advice(""),
        ));
    }
}

/// The first drill on a terminal asks once for the interview date; Enter skips it for good.
fn ask_interview_date(
    context: &Context,
    mut config: Config,
    progress: &Progress,
    plain: bool,
) -> anyhow::Result<Config> {
    let interactive = !plain && std::io::stdin().is_terminal() && std::io::stdout().is_terminal();
    if !interactive || !progress.reviews.is_empty() || config.get(Key::InterviewDate).is_some() {
        return Ok(config);
    }
    let mut stdout = std::io::stdout();
    let today = context.now.today();
    for _ in 0..3 {
        write!(
            stdout,
            "When is your interview? prepdrill plans every review toward it.\nDate (YYYY-MM-DD, or +14d), or Enter to skip: "
        )?;
        stdout.flush()?;
        let mut line = String::new();
        if std::io::stdin().read_line(&mut line)? == 0 {
            return Ok(config);
        }
        let answer = line.trim();
        let value = if answer.is_empty() {
            NO_INTERVIEW.to_string()
        } else {
            super::progress::interview_day(answer, context.now)
        };
        let value = value.as_str();
        match config.set(Key::InterviewDate, value) {
            Ok(()) if config.interview_date().is_some_and(|day| day < today) => {
                writeln!(
                    stdout,
                    "{answer} is in the past; give a date still ahead.\n"
                )?;
                config.unset(Key::InterviewDate);
            }
            Ok(()) => {
                // Under the settings lock, so a `config set` at the same moment is kept too.
                Config::update(&context.paths.config_file, |c| {
                    c.set(Key::InterviewDate, value)
                })?;
                let said = if value == NO_INTERVIEW {
                    format!(
                        "No interview date: due cards first. Set one any time with `{}`.",
                        context.advice("config set interview-date YYYY-MM-DD")
                    )
                } else {
                    format!(
                        "Interview on {value} at {}: see how ready you will be with `{}`.",
                        config.get(Key::InterviewTime).unwrap_or("09:00"),
                        context.advice("plan")
                    )
                };
                writeln!(stdout, "{said}\n")?;
                return Ok(config);
            }
            Err(_) => writeln!(stdout, "`{answer}` is not a date like 2026-12-10.\n")?,
        }
    }
    writeln!(
        stdout,
        "Skipped the interview date after three tries: this drill asks due cards first. Set it any time with `{}`.\n",
        context.advice("config set interview-date YYYY-MM-DD")
    )?;
    Ok(config)
}

/// The planner's options from the drill's flags and the settings.
pub(super) fn plan_options(
    args: &DrillArgs,
    config: &Config,
    progress: &Progress,
    now: Now,
) -> PlanOptions {
    PlanOptions {
        new_cards: args.new.unwrap_or_else(|| {
            config
                .new_per_day()
                .saturating_sub(introduced_today(progress, now))
        }),
        limit: args.limit,
        cram: args.cram || args.misses,
        new_cap: args.new,
        answer_secs: args
            .answer_time
            .or_else(|| config.answer_time())
            .unwrap_or(DEFAULT_ANSWER_TIME_SECS),
    }
}

/// The deck's title, with the days to the interview while one is ahead.
fn deck_title(bank: &Bank, interview: Option<Interview>, now: Now) -> String {
    let title = match bank.decks() {
        [one] => one.title.clone(),
        decks => words::counted(decks.len(), "deck"),
    };
    match interview {
        // The countdown first, so a narrow screen cuts the deck's title rather than the days.
        Some(interview) if interview.is_ahead(now.at) => {
            format!("{} · {title}", words::interview_in(interview, now))
        }
        Some(_) => format!("interview passed: regular schedule · {title}"),
        None => title,
    }
}

fn as_ready_as_today_allows(interview: Option<Interview>, now: Now, run: &str) -> String {
    let when = now.upcoming(interview).map_or_else(String::new, |i| {
        format!(" Your interview is {}.", words::interview_in(i, now))
    });
    format!(
        "You are as ready as practice today can make you: no review now would add a meaningful amount to your recall on the day.{when}\nSee the forecast with `{run} plan`, or practise anyway without touching the schedule: `{run} drill --cram`.\n"
    )
}

fn nothing_due(
    new_held_back: usize,
    next_due: Option<DateTime<Utc>>,
    now: Now,
    run: &str,
) -> String {
    let mut text = String::from("Nothing is due right now.");
    if let Some(next) = next_due {
        let _ = write!(text, " The next card is due {}.", words::due(next, now));
    }
    text.push('\n');
    if new_held_back > 0 {
        let _ = writeln!(
            text,
            "{} wait beyond today's limit: `{run} drill --new 5` takes five of them.",
            words::counted(new_held_back, "new question")
        );
    }
    let _ = writeln!(
        text,
        "To practise anyway without touching the schedule: `{run} drill --cram`."
    );
    text
}

fn summarize(session: &Session, known: Snapshot<'_>) -> Summary {
    let (progress, scheduler, now) = (known.progress, known.scheduler, known.now);
    let graded: Vec<_> = session.graded().collect();
    let average = |durations: Vec<Duration>| {
        let n = i32::try_from(durations.len()).ok().filter(|n| *n > 0)?;
        Some(durations.iter().copied().sum::<Duration>() / n)
    };
    // Every card's standing, worked out once for the numbers and the next due card.
    let standing = stats::standings(known);
    let stats = stats::stats_of(known, &standing);
    // A card skipped until tomorrow is not next, whatever its due time says (as `next` agrees).
    let next_due = standing
        .iter()
        .filter(|s| !progress.is_buried(&s.card.key(), now.at))
        .min_by_key(|s| s.state.due)
        .map(|s| (s.card.question.id.clone(), words::due(s.state.due, now)));
    let rows = graded
        .iter()
        .enumerate()
        .map(|(i, g)| {
            let due = (!g.cram).then(|| {
                due_after(progress, scheduler, g)
                    .unwrap_or_else(|| progress.card(&g.key, now.at).due)
            });
            // As the grade's confirmation said it, seen from when it was given.
            let interview = known.interviews.of(g.key.deck());
            let then = Now { at: g.at, ..now };
            SummaryRow {
                id: g.key.id().to_string(),
                rating: g.rating,
                answer_time: g.answer_time,
                answer_limit: g.answer_limit,
                // A card asked again later in the session: what its confirmation said then,
                // not "due now" for a step already taken.
                next: due.map(|due| {
                    if graded[i + 1..].iter().any(|later| later.key == g.key) {
                        format!("{} (asked again)", words::due(due, then))
                    } else {
                        words::due(due, now)
                    }
                }),
                guide: due.is_some_and(|due| {
                    words::before_interview(due, g.at, then, interview).is_some()
                }),
            }
        })
        .collect();
    Summary {
        rows,
        today: String::new(),
        run: String::new(),
        cards: graded.len(),
        again: graded.iter().filter(|g| g.rating == Rating::Again).count(),
        skipped: session.skipped(),
        average_answer: average(graded.iter().map(|g| g.answer_time).collect()),
        average_target: average(graded.iter().map(|g| g.answer_limit).collect()),
        overtime: graded.iter().filter(|g| g.timed_out).count(),
        cram: session.is_cram(),
        next_due,
        toward_interview: known.upcoming().is_some(),
        streak_days: stats.streak_days,
        ended_by: Ending::Ended(session.ended().unwrap_or(EndReason::Quit)),
    }
}

/// The due time `graded` set when it was given: the card's reviews replayed up to it.
fn due_after(
    progress: &Progress,
    scheduler: &Scheduler,
    graded: &crate::core::session::Graded,
) -> Option<DateTime<Utc>> {
    let mut state: Option<crate::core::schedule::CardState> = None;
    for review in progress.reviews_of(&graded.key) {
        if review.schedules() {
            let before = state
                .take()
                .unwrap_or_else(|| crate::core::schedule::CardState::new_card(review.at));
            state = Some(scheduler.review(&graded.key, &before, review.rating, review.at));
        }
        if review.id == graded.review_id {
            return state.map(|s| s.due);
        }
    }
    None
}
