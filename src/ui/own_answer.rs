//! The candidate's own answer as `show` prints it: a labelled section like the sample answer's.

use std::fmt::Write as _;

use crate::ui::lookup::Layout;
use crate::ui::style::Role;

/// "Your own answer" and the answer, indented, each line kept (a STAR story keeps its shape).
pub fn section(text: &str, layout: Layout) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "\n{}",
        layout.painter.paint("Your own answer", Role::Label)
    );
    for line in layout.wrap(text, "  ") {
        let _ = writeln!(out, "{line}");
    }
    out
}
