//! Every setting declared once: its key, typed field, default, accepted values and help.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::core::parameters::Parameters;
use crate::core::similar::closest;

use super::value::{ClockTime, InterviewDay, NO_INTERVIEW, Retention, Steps, Switch, Value, Whole};

/// Declares every setting once: its key, its field, its type, its default as written in the file,
/// and its help. Adding a setting is one line here; `config get/set/unset/list`, the settings
/// file, completion and the typed [`Settings`] follow from it.
macro_rules! settings {
    ($($variant:ident $field:ident: $ty:ty = $default:literal, $name:literal, $help:literal;)+) => {
        /// A setting's key, as `config get/set/unset` names it.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Key {
            $($variant,)+
        }

        impl Key {
            /// Every key, in the order `config list` shows them.
            pub const ALL: &[Key] = &[$(Key::$variant,)+];

            pub fn name(self) -> &'static str {
                match self {
                    $(Key::$variant => $name,)+
                }
            }

            /// What the setting means, with its range.
            pub fn help(self) -> &'static str {
                match self {
                    $(Key::$variant => $help,)+
                }
            }

            /// The default as it would be written in the file; empty: unset.
            pub fn default_text(self) -> &'static str {
                match self {
                    $(Key::$variant => $default,)+
                }
            }

            /// Checks `text` as this setting's value.
            pub(super) fn check(self, text: &str) -> anyhow::Result<()> {
                match self {
                    $(Key::$variant => <$ty as Value>::parse(text).map(drop),)+
                }
            }
        }

        /// Every setting, typed and checked: the defaults with the user's values over them.
        #[derive(Debug, Clone, PartialEq)]
        pub struct Settings {
            $(pub $field: $ty,)+
        }

        impl Settings {
            /// `values` have been checked by [`Key::check`]; a value that no longer parses
            /// falls back to the default.
            pub(super) fn from_texts(values: &BTreeMap<Key, String>) -> Self {
                Settings {
                    $($field: values
                        .get(&Key::$variant)
                        .and_then(|v| <$ty as Value>::parse(v).ok())
                        .unwrap_or_else(|| {
                            <$ty as Value>::parse($default)
                                .unwrap_or_else(|_| unreachable!("the default of {} parses", $name))
                        }),)+
                }
            }
        }
    };
}

settings! {
    DesiredRetention desired_retention: Retention = "0.9", "desired-retention",
        "share of answers you aim to recall when a card comes due (0.70-0.99)";
    LearningSteps learning_steps: Steps = "1m 10m", "learning-steps",
        "waits between the first reviews of a new card, e.g. `1m 10m`";
    RelearningSteps relearning_steps: Steps = "10m", "relearning-steps",
        "waits after a forgotten card, e.g. `10m`";
    MaximumInterval maximum_interval: Whole<{ MAXIMUM_INTERVAL.0 }, { MAXIMUM_INTERVAL.1 }> = "36500",
        "maximum-interval", "longest wait between reviews, in days (1-36500)";
    NewPerDay new_per_day: Whole<{ NEW_PER_DAY.0 }, { NEW_PER_DAY.1 }> = "10", "new-per-day",
        "new cards a drill introduces per day (0-1000)";
    SessionMinutes session_minutes: Whole<{ SESSION_MINUTES.0 }, { SESSION_MINUTES.1 }> = "20",
        "session-minutes", "length of a drill session in minutes (1-600)";
    AnswerTime answer_time: Option<Whole<{ ANSWER_SECS.0 }, { ANSWER_SECS.1 }>> = "", "answer-time",
        "seconds to answer when the bank sets none (1-3600); unset uses the bank's";
    InterviewDate interview_date: InterviewDay = "", "interview-date",
        "your interview (YYYY-MM-DD): the drill plans every review toward it; none: no interview";
    InterviewTime interview_time: ClockTime = "09:00", "interview-time",
        "when the interview starts on its day (HH:MM, local time)";
    FsrsParameters fsrs_parameters: Option<Parameters> = "", "fsrs-parameters",
        "your own memory model: 21 FSRS-6 weights written by `prepdrill optimize`; unset: FSRS-6's defaults";
    AutoOptimize auto_optimize: Switch = "on", "auto-optimize",
        "refit your memory model at the end of a drill, every 25 new reviews once there are 50 (on/off)";
}

/// Ranges shared by the settings and the command-line flags that override them.
pub const MAXIMUM_INTERVAL: (u32, u32) = (1, 36_500);
pub const NEW_PER_DAY: (u32, u32) = (0, 1000);
pub const SESSION_MINUTES: (u32, u32) = (1, 600);
pub const ANSWER_SECS: (u32, u32) = (1, 3600);

impl std::str::FromStr for Key {
    type Err = anyhow::Error;

    /// A key by name; an unknown one is answered with the closest.
    fn from_str(key: &str) -> anyhow::Result<Key> {
        Key::ALL
            .iter()
            .copied()
            .find(|k| k.name() == key)
            .ok_or_else(|| {
                let suggestions = closest(key, Key::ALL.iter().map(|k| k.name().to_string()));
                let hint = suggestions
                    .first()
                    .map_or_else(String::new, |s| format!("; did you mean `{s}`?"));
                anyhow::anyhow!(
                    "no setting `{key}`{hint}\nhint: `prepdrill config list` shows them all"
                )
            })
    }
}

impl std::fmt::Display for Key {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl Key {
    /// The values the setting accepts, for `config list` and `config set --help`.
    pub fn accepts(self) -> String {
        let steps = "waits such as `1m 10m` (s, m, h or d; each from 1s to 1d)";
        match self {
            Key::DesiredRetention => "a share from 0.70 to 0.99, such as 0.92".to_string(),
            Key::LearningSteps | Key::RelearningSteps => steps.to_string(),
            Key::MaximumInterval => range_of("days", MAXIMUM_INTERVAL),
            Key::NewPerDay => range_of("cards", NEW_PER_DAY),
            Key::SessionMinutes => range_of("minutes", SESSION_MINUTES),
            Key::AnswerTime => range_of("seconds", ANSWER_SECS),
            Key::InterviewDate => format!(
                "a day (YYYY-MM-DD, today, tomorrow, +3d), or `{NO_INTERVIEW}` for no interview"
            ),
            Key::InterviewTime => "a time on the 24-hour clock (HH:MM), such as 14:30".to_string(),
            Key::FsrsParameters => "21 numbers, written by `prepdrill optimize`".to_string(),
            Key::AutoOptimize => "on or off".to_string(),
        }
    }

    /// The default as `config list` shows it.
    pub fn default_shown(self) -> &'static str {
        match self.default_text() {
            "" => "unset",
            text => text,
        }
    }
}

fn range_of(unit: &str, (low, high): (u32, u32)) -> String {
    format!("{unit}, a whole number from {low} to {high}")
}

/// Every setting with what it means, its values and its default: the help of `config set`.
pub fn keys_help() -> String {
    let mut out = String::from("Settings:\n");
    for &key in Key::ALL {
        let _ = write!(
            out,
            "  {}\n      {}\n      values: {}; default: {}\n",
            key.name(),
            key.help(),
            key.accepts(),
            key.default_shown()
        );
    }
    out.push_str("\nExamples:\n  prepdrill config set desired-retention 0.92\n  prepdrill config set interview-date 2026-12-10\n  prepdrill config set interview-time 14:30");
    out
}

impl Key {
    /// The settings a deck can set for itself: a candidate with two interviews, for two roles,
    /// plans each deck toward its own.
    pub const PER_DECK: &[Key] = &[Key::InterviewDate, Key::InterviewTime];
}
