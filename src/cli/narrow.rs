//! Parsing the command line without building every command's options when it asks for `show`.
//!
//! clap builds the whole tree of commands and options before it parses a word: for `show ID`
//! that was a sixth of the process's run. A command line that begins with `show` is parsed first
//! by a parser of the global options and `show` alone, whose options and meaning are the same.
//! Anything that parser does not accept (help, an error) is parsed again by the whole command,
//! so every message and exit code is the whole command's.

use std::ffi::OsString;

use clap::{Args as _, FromArgMatches as _, Parser as _};

use crate::cli::{Cli, GlobalArgs, ShowArgs};

/// The command line, parsed.
pub fn parse() -> Result<Cli, clap::Error> {
    parse_from(std::env::args_os().collect())
}

fn parse_from(args: Vec<OsString>) -> Result<Cli, clap::Error> {
    if args.get(1).is_some_and(|a| a == "show")
        && let Some(cli) = narrow(&args)
    {
        return Ok(cli);
    }
    Cli::try_parse_from(args)
}

/// `args` parsed by `show` and the global options alone, or `None` if that parser refuses them.
fn narrow(args: &[OsString]) -> Option<Cli> {
    let show = ShowArgs::augment_args(clap::Command::new("show"));
    let command = GlobalArgs::augment_args(clap::Command::new("prepdrill")).subcommand(show);
    let matches = command.try_get_matches_from(args).ok()?;
    Cli::from_arg_matches(&matches).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The narrow parser gives what the whole command gives, or leaves the line to it.
    #[track_caller]
    fn case(line: &str, narrowed: bool) {
        let args: Vec<OsString> = line.split(' ').map(OsString::from).collect();
        let whole = Cli::try_parse_from(&args)
            .map(|cli| format!("{cli:?}"))
            .map_err(|e| e.kind());
        let fast = narrow(&args).map(|cli| format!("{cli:?}"));
        assert_eq!(fast.is_some(), narrowed, "{line}");
        if let Some(fast) = fast {
            assert_eq!(Ok(fast), whole, "{line}");
        }
        assert_eq!(
            parse_from(args)
                .map(|cli| format!("{cli:?}"))
                .map_err(|e| e.kind()),
            whole,
            "{line}"
        );
    }

    #[test]
    fn show_is_parsed_as_the_whole_command_parses_it() {
        case("prepdrill show threat-model-mvp", true);
        case("prepdrill show thr --no-progress --no-answer", true);
        case("prepdrill show --tag secrets --all --json", true);
        case(
            "prepdrill show x --bank a.yaml --bank b --data-dir d --color=always",
            true,
        );
        case("prepdrill show", true);
        // Refused or asking for help: the whole command answers.
        case("prepdrill show --help", false);
        case("prepdrill show -V", false);
        case("prepdrill show x --tag y", false);
        case("prepdrill show --all", false);
        case("prepdrill show x y", false);
        case("prepdrill show --color sometimes x", false);
        // Not `show` first: the whole command parses.
        case("prepdrill --bank a.yaml show x", true);
        case("prepdrill search show", false);
    }
}
