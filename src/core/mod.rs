//! The pure core: bank, scheduler, progress and session logic. It knows no terminal, file or clock.

pub mod bank;
pub mod bank_table;
pub mod checklist;
pub mod clock;
pub mod csv;
pub mod deadline;
pub mod fold;
pub mod forecast;
pub mod grade;
pub mod merge;
pub mod misses;
pub mod mock;
pub mod mock_history;
pub mod mock_pick;
pub mod own_answers;
pub mod plan;
pub mod progress;
pub mod queue;
pub mod rehearsal;
pub mod review_check;
pub mod schedule;
pub mod search;
pub mod session;
pub mod similar;
pub mod stats;
pub mod when;
