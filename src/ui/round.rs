//! What the drill's `Session` and the mock's `MockRound` share for the loops that run them: the
//! one full-screen loop (`ui::session_tui`) and the one line-mode loop (`ui::session_plain`) see
//! either through this trait, and each front end adds only its keys, lines and drawing.

use std::path::Path;
use std::time::Duration as StdDuration;

use chrono::{DateTime, Duration, Utc};

use crate::core::bank::CardKey;
use crate::core::mock::{MockAction, MockRound, Stage};
use crate::core::own_answers::OwnAnswers;
use crate::core::schedule::Rating;
use crate::core::session::{Action, Effect, Phase, Session};
use crate::ui::style::Painter;
use crate::ui::wall_clock::WallClock;

/// How a session or round looks and behaves, fixed for its length.
#[derive(Debug, Clone)]
pub struct DrillLook {
    pub title: String,
    /// The session's clock.
    pub clock: WallClock,
    pub painter: Painter,
    pub typing: bool,
    pub quiet: bool,
    /// The candidate's own answers, shown on reveal.
    pub own: OwnAnswers,
    /// Line mode: ignore lines that act on a card within the double-tap window of a grade, as
    /// when a person at a terminal double-taps Enter. Off for piped input, which is all typed
    /// ahead.
    pub guard_lines: bool,
    /// The double-tap window: keys that act on a card this soon after a grade are ignored.
    pub key_guard: Duration,
}

/// How the session or round ended, for the exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// It ran its course, or the candidate ended it.
    Finished,
    /// Ctrl-C, a signal or a hang-up ended it; the number is the signal's.
    Interrupted(i32),
    /// Ctrl-C or a signal gave up a save that waited for another process's lock: that change
    /// was not saved (and was said so); the number is the signal's.
    GaveUp(i32),
}

/// One turn of a wait for another process's lock: `Err(signal)` gives the wait up.
pub type LockWaiter<'w> = dyn FnMut(&Path, StdDuration) -> Result<(), i32> + 'w;

/// Carries out what a session or round asks of the outside world (saving, above all).
pub trait EffectSink {
    /// Carries out `effect`, answering the line that confirms it ("good · next in 2 days"). A
    /// save that waits for another process's lock calls `wait` on each turn when one is given
    /// (full screen); without one, the wait is told on stderr.
    fn carry_out(
        &mut self,
        effect: Effect,
        wait: Option<&mut LockWaiter<'_>>,
    ) -> anyhow::Result<Option<String>>;
}

/// Ends the round at once, for a signal, a hang-up or the end of input: quits (twice, as a mock
/// round's first quit opens the review of what was answered) and carries out what quitting
/// asks, such as keeping typed answers not graded yet. Best effort: the round ends either way.
pub fn end_now<R: Round>(round: &mut R, sink: &mut dyn EffectSink, now: DateTime<Utc>) {
    for _ in 0..2 {
        if round.is_over() {
            break;
        }
        for effect in round.apply(R::QUIT, now) {
            let _ = sink.carry_out(effect, None);
        }
    }
}

/// What an action does to the double-tap guard.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Guarding {
    /// Start the window: keys a moment from now were meant for the question before.
    Arm,
    /// End it: the question it guarded is back.
    Disarm,
    Keep,
}

/// A timed run of questions driven by actions: a drill session or a mock round.
pub trait Round {
    type Action: Clone + PartialEq;
    /// What is on screen; when it changes, scrolling and typing start afresh.
    type Spot: Clone + PartialEq;
    /// What a second Esc does with the text typed, as the full screen asks before it: the drill
    /// drops the answer on screen, the mock keeps it as that question's answer for the review.
    const ESC_AGAIN: &'static str;

    const QUIT: Self::Action;
    const PAUSE: Self::Action;
    /// Done with the question being asked: the drill reveals, the mock moves to the next one.
    const MOVE_ON: Self::Action;
    fn typed_action(text: String) -> Self::Action;
    fn grade(rating: Rating) -> Self::Action;
    fn toggle(point: usize) -> Self::Action;
    /// Whether `action` acts on the question on screen, which a double tap must not do.
    fn acts_on_card(action: &Self::Action) -> bool;

    fn spot(&self) -> Self::Spot;
    fn is_over(&self) -> bool;
    fn is_paused(&self) -> bool;
    /// A question is being asked: its answer is not shown yet.
    fn asking(&self) -> bool;
    /// An answer is shown, to tick its points and grade it.
    fn reviewing(&self) -> bool;
    /// What was typed for the question on screen.
    fn typed(&self) -> &str;
    /// The key points ticked, while an answer is shown.
    fn ticked(&self) -> Option<&[bool]>;
    fn suggested(&self, now: DateTime<Utc>) -> Option<Rating>;
    fn tick(&mut self, now: DateTime<Utc>) -> Vec<Effect>;
    fn apply(&mut self, action: Self::Action, now: DateTime<Utc>) -> Vec<Effect>;
    /// What an action that left `before` on screen and answered `effects` does to the guard.
    fn guarding(&self, before: &Self::Spot, effects: &[Effect]) -> Guarding;
}

impl Round for Session {
    type Action = Action;
    /// The card on screen and whether its answer is shown.
    type Spot = Option<(CardKey, bool)>;
    const ESC_AGAIN: &'static str =
        "Esc again ends the session and drops what you typed; any other key goes on.";

    const QUIT: Action = Action::Quit;
    const PAUSE: Action = Action::Pause;
    const MOVE_ON: Action = Action::Reveal;
    fn typed_action(text: String) -> Action {
        Action::Typed(text)
    }
    fn grade(rating: Rating) -> Action {
        Action::Grade(rating)
    }
    fn toggle(point: usize) -> Action {
        Action::Toggle(point)
    }
    /// Reveal, grade, tick, hint, skip and typing act on the card; undo, pause and quit pass.
    fn acts_on_card(action: &Action) -> bool {
        matches!(
            action,
            Action::Reveal
                | Action::Grade(_)
                | Action::Toggle(_)
                | Action::Hint
                | Action::Skip
                | Action::Typed(_)
        )
    }

    fn spot(&self) -> Self::Spot {
        self.current().map(|c| {
            (
                c.card.key.clone(),
                matches!(c.phase, Phase::Revealed { .. }),
            )
        })
    }
    fn is_over(&self) -> bool {
        self.ended().is_some()
    }
    fn is_paused(&self) -> bool {
        Session::is_paused(self)
    }
    fn asking(&self) -> bool {
        matches!(self.current().map(|c| &c.phase), Some(Phase::Asking { .. }))
    }
    fn reviewing(&self) -> bool {
        matches!(
            self.current().map(|c| &c.phase),
            Some(Phase::Revealed { .. })
        )
    }
    fn typed(&self) -> &str {
        self.current().map(|c| c.typed.as_str()).unwrap_or_default()
    }
    fn ticked(&self) -> Option<&[bool]> {
        match self.current().map(|c| &c.phase) {
            Some(Phase::Revealed { ticked }) => Some(ticked),
            _ => None,
        }
    }
    fn suggested(&self, now: DateTime<Utc>) -> Option<Rating> {
        self.suggested_grade(now)
    }
    fn tick(&mut self, now: DateTime<Utc>) -> Vec<Effect> {
        Session::tick(self, now)
    }
    fn apply(&mut self, action: Action, now: DateTime<Utc>) -> Vec<Effect> {
        Session::apply(self, action, now)
    }
    /// A grade arms the guard; an undo, which brings the graded card back, ends it.
    fn guarding(&self, _before: &Self::Spot, effects: &[Effect]) -> Guarding {
        effects
            .iter()
            .fold(Guarding::Keep, |guarding, effect| match effect {
                Effect::Record(_) => Guarding::Arm,
                Effect::Remove(_) => Guarding::Disarm,
                _ => guarding,
            })
    }
}

impl Round for MockRound {
    type Action = MockAction;
    type Spot = Stage;
    const ESC_AGAIN: &'static str = "Esc again ends the round and keeps what you typed as this question's answer, for the review; any other key goes on.";

    const QUIT: MockAction = MockAction::Quit;
    const PAUSE: MockAction = MockAction::Pause;
    const MOVE_ON: MockAction = MockAction::Next;
    fn typed_action(text: String) -> MockAction {
        MockAction::Typed(text)
    }
    fn grade(rating: Rating) -> MockAction {
        MockAction::Grade(rating)
    }
    fn toggle(point: usize) -> MockAction {
        MockAction::Toggle(point)
    }
    fn acts_on_card(action: &MockAction) -> bool {
        matches!(
            action,
            MockAction::Next | MockAction::Grade(_) | MockAction::Toggle(_) | MockAction::Typed(_)
        )
    }

    fn spot(&self) -> Stage {
        self.stage()
    }
    fn is_over(&self) -> bool {
        self.stage() == Stage::Done
    }
    fn is_paused(&self) -> bool {
        MockRound::is_paused(self)
    }
    fn asking(&self) -> bool {
        matches!(self.stage(), Stage::Asking(_))
    }
    fn reviewing(&self) -> bool {
        matches!(self.stage(), Stage::Reviewing(_))
    }
    fn typed(&self) -> &str {
        self.current().map(|q| q.typed.as_str()).unwrap_or_default()
    }
    fn ticked(&self) -> Option<&[bool]> {
        self.current().map(|q| q.ticked.as_slice())
    }
    fn suggested(&self, _now: DateTime<Utc>) -> Option<Rating> {
        self.current()
            .and_then(crate::core::mock::MockQuestion::suggested_grade)
    }
    fn tick(&mut self, now: DateTime<Utc>) -> Vec<Effect> {
        MockRound::tick(self, now)
    }
    fn apply(&mut self, action: MockAction, now: DateTime<Utc>) -> Vec<Effect> {
        MockRound::apply(self, action, now)
    }
    /// Every move to another question, by answering or grading, arms the guard.
    fn guarding(&self, before: &Stage, _effects: &[Effect]) -> Guarding {
        if self.stage() == *before {
            Guarding::Keep
        } else {
            Guarding::Arm
        }
    }
}
