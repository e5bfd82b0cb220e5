//! The end of a full-screen drill: the summary that follows may take a moment (the forecast), so
//! a line says it is being worked out instead of a blank screen, and keys typed ahead of it are
//! thrown away instead of reaching the shell.

#![allow(clippy::expect_used, clippy::unwrap_used)]

use crate::common;
use crate::pty;

use pty::{Pty, exit_code, strip_escapes};

const WORKING: &str = "working out the summary…";

#[test]
fn after_the_last_key_a_line_says_the_summary_is_coming_and_type_ahead_is_dropped() {
    let sandbox = common::drill_sandbox();
    let mut env = sandbox.terminal_env_at_now();
    env.push(("PREPDRILL_KEY_GUARD_MS".into(), "0".into()));
    // After the drill, whatever is left to read on the terminal is read without waiting.
    let script = format!(
        "'{}' drill --bank bank.yaml; echo \"RC=$?\"; stty -icanon min 0 time 0; echo \"LEFT=[$(dd bs=64 count=1 2>/dev/null)]\"; stty sane; echo DONE",
        common::BIN
    );
    let mut pty = Pty::shell(sandbox.path(), &env, &script);
    pty.wait_for("How would you threat model", 0);
    pty.send(" ");
    pty.wait_for("Map data flows and trust boundaries", 0);
    let mark = pty.mark();
    pty.send("3");
    pty.wait_for("Where should an application keep", mark);
    // The quit, and a command typed on at once, as a candidate leaving in a hurry does.
    pty.send("qecho LEAK\r");
    let raw = pty.finish_raw("DONE");
    let text = strip_escapes(&raw);
    assert_eq!(exit_code(&text), 0, "{text}");
    let working = text
        .find(WORKING)
        .unwrap_or_else(|| panic!("no {WORKING:?} line:\n{text}"));
    let summary = text.find("Session over").expect("the summary");
    assert!(working < summary, "{text}");
    // The line is cleared before the summary, so it does not stay in the scrollback.
    assert!(
        String::from_utf8_lossy(&raw).contains(&format!("{WORKING}\r\x1b[2K")),
        "{text}"
    );
    assert!(
        text.contains("LEFT=[]"),
        "type-ahead reached the shell:\n{text}"
    );
    assert!(!text.contains("\nLEAK"), "{text}");
}
