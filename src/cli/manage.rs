//! The subcommands of `config` (the settings) and `progress` (the progress file).

use std::path::PathBuf;

use clap::Subcommand;
use clap_complete::{ArgValueCandidates, ArgValueCompleter};

use crate::app::complete;

#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// Print one setting.
    Get {
        #[arg(add = ArgValueCandidates::new(complete::config_keys))]
        key: String,
        /// The value in force for this deck (its slug, the bank's `deck:`).
        #[arg(long = "deck", value_name = "DECK")]
        deck: Option<String>,
    },
    /// Change one setting.
    #[command(after_help = crate::store::config::keys_help())]
    Set {
        #[arg(add = ArgValueCandidates::new(complete::config_keys))]
        key: String,
        value: String,
        /// Set it for this deck alone (its slug, the bank's `deck:`). Only the interview's date
        /// and time can be, so that each role's deck plans toward its own interview.
        #[arg(long = "deck", value_name = "DECK")]
        deck: Option<String>,
    },
    /// Return one setting to its default.
    Unset {
        #[arg(add = ArgValueCandidates::new(complete::config_keys))]
        key: String,
        /// Return this deck to the setting every deck shares.
        #[arg(long = "deck", value_name = "DECK")]
        deck: Option<String>,
    },
    /// Print every setting with its value.
    List,
}

#[derive(Debug, Subcommand)]
pub enum ProgressCommand {
    /// Print the progress file's path.
    Path,
    /// Merge another progress file into this one (union of reviews), e.g. from another machine.
    ///
    /// The result does not depend on which file is which, and merging twice changes nothing.
    /// Reviews undone or reset on either side stay removed. A review dated a little after this
    /// machine's clock is kept (clocks drift); one dated more than a year ahead is refused with a
    /// warning.
    #[command(after_help = "Examples:
  prepdrill progress merge ~/Sync/laptop/progress.json
  prepdrill --data-dir /tmp/copy progress merge ~/.local/share/prepdrill/progress.json")]
    Merge {
        /// The other progress file.
        file: PathBuf,
    },
    /// Re-derive every card's state from the review log.
    Rebuild,
    /// Fold the journal of recent changes into a new snapshot of the progress file.
    ///
    /// Each review, undo, reset or merge is appended to progress.journal beside progress.json;
    /// prepdrill folds it in by itself once it grows, so this is only needed to get one
    /// self-contained file (to copy it, or to read it with another tool). A version-1 file is
    /// backed up to progress.v1.json.bak before it is first rewritten.
    #[command(after_help = "Examples:
  prepdrill progress compact
  prepdrill --data-dir ~/Sync/prepdrill progress compact")]
    Compact,
    /// List reviewed questions that are no longer in the bank; they apply again if it returns.
    Orphans {
        /// Print JSON for scripts.
        #[arg(long = "json")]
        json: bool,
    },
    /// Forget progress: of one question, or of everything.
    Reset {
        /// Only this question.
        #[arg(add = ArgValueCompleter::new(complete::ids))]
        id: Option<String>,
        /// Confirm; nothing is deleted without it.
        #[arg(long = "yes")]
        yes: bool,
    },
}
