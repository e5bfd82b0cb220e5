//! What a command loads once: the bank, the settings, the scheduler they make, the progress log
//! and each deck's interview. [`Loaded::snapshot`] lends them to the core as one value.

use super::Context;
use crate::core::bank::Bank;
use crate::core::deadline::Interviews;
use crate::core::progress::Progress;
use crate::core::schedule::Scheduler;
use crate::core::snapshot::Snapshot;
use crate::core::stats::Now;
use crate::store::config::Config;

/// The parts a [`Snapshot`] borrows, owned.
pub struct Loaded {
    pub bank: Bank,
    pub config: Config,
    pub scheduler: Scheduler,
    pub progress: Progress,
    pub interviews: Interviews,
    pub now: Now,
}

impl Loaded {
    /// What is known, at the instant the command started.
    pub fn snapshot(&self) -> Snapshot<'_> {
        Snapshot::new(
            &self.bank,
            &self.progress,
            &self.scheduler,
            self.now,
            &self.interviews,
        )
    }
}

impl Context {
    /// Everything a command knows, read in this order: the bank, the settings, then the
    /// progress file (read for display: no lock, no write).
    pub fn load(&self) -> anyhow::Result<Loaded> {
        self.load_with(self.bank()?)
    }

    /// The scheduler the settings make, for a command that needs nothing else of them.
    pub fn settings_scheduler(&self) -> anyhow::Result<Scheduler> {
        Ok(self.scheduler(&self.config()?))
    }

    /// The progress log alone, for display: the settings read for its scheduler.
    pub fn progress_log(&self) -> anyhow::Result<Progress> {
        self.progress(&self.settings_scheduler()?)
    }

    /// As [`Context::load`], over a bank the command has loaded already.
    pub fn load_with(&self, bank: Bank) -> anyhow::Result<Loaded> {
        let config = self.config()?;
        let scheduler = self.scheduler(&config);
        let progress = self.progress(&scheduler)?;
        Ok(Loaded {
            interviews: self.interviews(&config),
            bank,
            config,
            scheduler,
            progress,
            now: self.now,
        })
    }
}
