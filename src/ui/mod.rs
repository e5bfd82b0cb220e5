//! The terminal: styles, text, lookup output and JSON.

pub mod json;
pub mod lookup;
pub mod report;
pub mod style;
pub mod text;
