//! The help overlay of the full-screen drill and mock round: while it is open the clocks stand
//! still, unless the candidate had paused them already, in which case closing help leaves them so.

/// Whether help is open, and whether opening it is what paused the clocks.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct HelpPause {
    open: bool,
    paused_by_help: bool,
}

impl HelpPause {
    pub fn is_open(self) -> bool {
        self.open
    }

    /// Opens or closes help; answers whether the clocks' pause must be toggled to match.
    pub fn toggle(&mut self, clocks_paused: bool) -> bool {
        self.open = !self.open;
        if self.open && !clocks_paused {
            self.paused_by_help = true;
            return true;
        }
        if !self.open && self.paused_by_help {
            self.paused_by_help = false;
            return true;
        }
        false
    }

    /// Closes help because a key did something else; answers whether to resume the clocks first.
    /// A pause key needs no resuming: it toggles the pause itself.
    pub fn close(&mut self, is_pause_key: bool) -> bool {
        let resume = self.open && self.paused_by_help && !is_pause_key;
        *self = HelpPause::default();
        resume
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn help_pauses_running_clocks_and_resumes_them() {
        let mut help = HelpPause::default();
        assert!(help.toggle(false), "opening pauses");
        assert!(help.is_open());
        assert!(help.toggle(true), "closing resumes");
        assert!(!help.is_open());
    }

    #[test]
    fn help_leaves_a_pause_the_candidate_made() {
        let mut help = HelpPause::default();
        assert!(!help.toggle(true), "already paused");
        assert!(!help.toggle(true), "still the candidate's pause");
    }

    #[test]
    fn another_key_closes_help_and_resumes() {
        let mut help = HelpPause::default();
        help.toggle(false);
        assert!(help.close(false));
        assert!(!help.is_open());
        help.toggle(false);
        assert!(!help.close(true), "the pause key resumes by itself");
        assert!(!HelpPause::default().close(false));
    }
}
