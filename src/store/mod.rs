//! Files: bank YAML in, progress JSON in and out, settings, and where they all live.

pub mod bank_file;
pub mod bank_index;
pub mod bank_locate;
pub mod bank_lookup;
pub mod cache;
pub mod config;
pub mod files;
pub mod journal_file;
pub mod lock;
pub mod own_answers_file;
pub mod paths;
pub mod position;
pub mod progress_changes;
pub mod progress_file;
pub mod snapshot;
