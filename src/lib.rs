//! prepdrill: a timed flashcard drill for job-interview preparation, scheduled with FSRS-6.
//!
//! Data flows one way: `main -> app -> {store, ui, export, import} -> core`, and `core` is pure.

pub mod app;
pub mod cli;
pub mod core;
pub mod export;
pub mod import;
pub mod store;
pub mod ui;
