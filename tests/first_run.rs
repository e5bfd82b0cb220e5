//! The first full-screen drill asks for the interview date; three bad answers end the asking,
//! and it says that the date was skipped and how to set it later.

#![allow(clippy::expect_used, clippy::unwrap_used)]

use crate::common;
use crate::pty;

use pty::{Pty, strip_escapes};

#[test]
fn after_three_bad_dates_the_prompt_says_it_skipped_the_date_and_how_to_set_it() {
    let sandbox = common::Sandbox::new();
    sandbox.write("bank.yaml", common::TWO_QUESTIONS);
    let script = format!("'{}' drill --bank bank.yaml", common::BIN);
    let mut pty = Pty::spawn(sandbox.path(), &sandbox.terminal_env_at_now(), &script);
    pty.wait_for("When is your interview?", 0);
    for (answer, refusal) in [
        ("someday", "`someday` is not a date like 2026-12-10"),
        ("2001-01-01", "2001-01-01 is in the past"),
        ("+zz", "`+zz` is not a date like 2026-12-10"),
    ] {
        let mark = pty.mark();
        pty.send(&format!("{answer}\r"));
        pty.wait_for(refusal, mark);
    }
    pty.wait_for(
        "Skipped the interview date after three tries: this drill asks due cards first. Set it any time with `prepdrill --bank bank.yaml config set interview-date YYYY-MM-DD`.",
        0,
    );
    // Then the drill starts at its first card, without a date.
    pty.wait_for("How would you threat model", 0);
    pty.send("q");
    let (text, code) = pty.finish();
    assert_eq!(code, 0, "{text}");
    assert_eq!(
        strip_escapes(text.as_bytes())
            .matches("When is your interview?")
            .count(),
        3,
        "{text}"
    );
    let config = std::fs::read_to_string(sandbox.config_file()).unwrap_or_default();
    assert!(!config.contains("interview-date"), "{config}");
    assert!(!text.contains("interview in"), "{text}");
}
