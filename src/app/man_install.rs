//! `prepdrill man --install`: the pages written where `man` looks for the user's own pages, and
//! `man` asked whether it now finds them.
//!
//! man-db looks in MANPATH when it is set, else beside each directory on PATH (`~/.local/bin`
//! gives `~/.local/share/man`) and in the system's directories. So a page written to
//! `~/.local/share/man/man1` is found only once `~/.local/bin` is on PATH or MANPATH names it:
//! the install says which, and gives the line to add when `man` does not find the pages.

use std::ffi::OsString;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use anyhow::bail;

use super::man::write_pages;
use super::print;
use crate::core::words::counted;
use crate::store::files;

/// The page `man` is asked for to check the install.
const PROBE: &str = "prepdrill-drill";

/// Where the user's own man pages go: the first MANPATH entry inside HOME, else
/// `$XDG_DATA_HOME/man`, else `~/.local/share/man`; `None` without a HOME.
fn user_man_root(
    home: Option<&Path>,
    xdg_data_home: Option<&Path>,
    manpath: Option<&OsString>,
) -> Option<PathBuf> {
    let home = home.filter(|h| h.is_absolute())?;
    let in_manpath = manpath.and_then(|m| {
        std::env::split_paths(m).find(|dir| dir.is_absolute() && dir.starts_with(home))
    });
    in_manpath
        .or_else(|| {
            xdg_data_home
                .filter(|d| d.is_absolute())
                .map(|d| d.join("man"))
        })
        .or_else(|| Some(home.join(".local/share/man")))
}

/// What `man -w PROBE` answered.
enum Found {
    /// `man` found the page just written.
    Ours,
    /// `man` found a page of that name elsewhere, first.
    Elsewhere(String),
    /// `man` found no such page.
    Nothing,
    /// There is no `man` to ask.
    NoMan,
}

fn ask_man(written: &Path) -> Found {
    let Ok(output) = Command::new("man").arg("-w").arg(PROBE).output() else {
        return Found::NoMan;
    };
    let answer = String::from_utf8_lossy(&output.stdout).trim().to_string();
    if !output.status.success() || answer.is_empty() {
        return Found::Nothing;
    }
    let same = |a: &Path| std::fs::canonicalize(a).ok();
    if same(Path::new(&answer)).is_some_and(|a| Some(a) == same(written)) {
        Found::Ours
    } else {
        Found::Elsewhere(answer)
    }
}

/// `prepdrill man --install`.
pub fn install(force: bool) -> anyhow::Result<ExitCode> {
    let home = std::env::var_os("HOME").map(PathBuf::from);
    let xdg = std::env::var_os("XDG_DATA_HOME").map(PathBuf::from);
    let manpath = std::env::var_os("MANPATH");
    let Some(root) = user_man_root(home.as_deref(), xdg.as_deref(), manpath.as_ref()) else {
        bail!(
            "cannot tell where your own man pages go: HOME is not set\nhint: give the directory yourself: `prepdrill man --dir DIR/man1`"
        );
    };
    let dir = root.join("man1");
    let written = write_pages(&dir, force)?;
    print(&format!(
        "Wrote {} to {}.\n{}",
        counted(written, "man page"),
        dir.display(),
        found_or_fix(&dir)
    ))?;
    Ok(ExitCode::SUCCESS)
}

/// Whether `man` finds the pages just written into `dir`, or what to do so that it does.
pub(super) fn found_or_fix(dir: &Path) -> String {
    // man looks in ROOT/man1 for section 1: ROOT is what MANPATH must name.
    let root = if dir.file_name().is_some_and(|n| n == "man1") {
        files::parent_dir(dir)
    } else {
        dir.to_path_buf()
    };
    let root_shown = root.display();
    let mut add_line = format!(
        "add this line to your shell's startup file (~/.bashrc, ~/.zshrc), then open a new shell:\n  export MANPATH=\"{root_shown}:$MANPATH\"\n(the colon keeps the system's pages: an empty entry stands for them)"
    );
    if root.ends_with(".local/share/man") {
        let _ = write!(
            add_line,
            "\nor put {} on PATH: man looks beside it",
            files::parent_dir(&files::parent_dir(&root))
                .join("bin")
                .display()
        );
    }
    if dir.file_name().is_none_or(|n| n != "man1") {
        return format!(
            "man reads section 1 from directories named man1: for `man {PROBE}`, use `prepdrill man --install`, or --dir with a directory named man1.\n"
        );
    }
    match ask_man(&dir.join(format!("{PROBE}.1"))) {
        Found::Ours => format!("Checked: `man {PROBE}` finds them.\n"),
        Found::Elsewhere(other) => format!(
            "But `man {PROBE}` opens another page first: {other}\nTo read these ones, remove that one, or {add_line}\n"
        ),
        Found::Nothing => format!(
            "But `man {PROBE}` does not find them yet: man looks in MANPATH, or beside the directories on PATH.\nTo fix it, {add_line}\n"
        ),
        Found::NoMan => format!(
            "There is no `man` program here to check them; where man reads MANPATH, {add_line}\n"
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_user_man_root() {
        let home = Path::new("/home/ann");
        let root = |xdg: Option<&str>, manpath: Option<&str>| {
            let manpath = manpath.map(OsString::from);
            user_man_root(Some(home), xdg.map(Path::new), manpath.as_ref())
                .map(|p| p.display().to_string())
        };
        assert_eq!(
            root(None, None).as_deref(),
            Some("/home/ann/.local/share/man")
        );
        assert_eq!(
            root(Some("/home/ann/data"), None).as_deref(),
            Some("/home/ann/data/man")
        );
        assert_eq!(
            root(Some("relative"), None).as_deref(),
            Some("/home/ann/.local/share/man")
        );
        assert_eq!(
            root(Some("/x"), Some("/usr/share/man:/home/ann/man:")).as_deref(),
            Some("/home/ann/man")
        );
        assert_eq!(user_man_root(None, None, None), None);
    }
}
