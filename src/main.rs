//! The prepdrill binary: parse the command line, run it, and report any error once.

use std::process::ExitCode;

fn main() -> ExitCode {
    // `PREPDRILL_COMPLETE=bash prepdrill` and the shell's calls back for candidates end here.
    prepdrill::app::complete::answer_the_shell();
    let cli = prepdrill::cli::narrow::parse()
        .unwrap_or_else(|error| prepdrill::cli::exit_with_hint(&error));
    match prepdrill::app::run(cli) {
        Ok(code) => code,
        // `prepdrill list | head -1`: the reader has all it wanted, so a closed pipe is success.
        Err(error) if prepdrill::app::is_broken_pipe(&error) => ExitCode::SUCCESS,
        Err(error) => {
            // Messages can quote a bank's ids and text; neutralise any escape codes in them.
            prepdrill::ui::stderr::line(&format!("prepdrill: error: {error:#}"));
            ExitCode::FAILURE
        }
    }
}
