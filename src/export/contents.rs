//! The contents: every question on one line, shortened, with its id, linked to its heading.
//!
//! A list rather than a table: a question is a sentence, and a line of it with its number reads on
//! paper as the question does, where a table of slugs did not. A grouped sheet lists its groups,
//! each with its questions beneath; a question under several tags is listed under each.

use super::escape::escape_inline;
use super::plan::Plan;
use super::render::IdStyle;

/// How many characters of a question the contents show before cutting at a word with `…`.
const SHORT: usize = 72;

pub(super) fn list(plan: &Plan<'_>, ids: &IdStyle) -> String {
    let mut lines = Vec::new();
    for group in &plan.groups {
        let indent = match &group.heading {
            Some(heading) => {
                lines.push(format!(
                    "- [{}](#{})",
                    escape_inline(&heading.text),
                    heading.id
                ));
                "  "
            }
            None => "",
        };
        for member in &group.members {
            lines.push(format!(
                "{indent}- [{}](#{}) · {}",
                escape_inline(&shorten(&member.heading.text, SHORT)),
                member.heading.id,
                escape_inline(&ids.of_card(member.card))
            ));
        }
    }
    lines.join("\n")
}

/// The text cut at the last whole word within `limit` characters, with `…`, or whole if it fits.
pub(super) fn shorten(text: &str, limit: usize) -> String {
    if text.chars().count() <= limit {
        return text.to_string();
    }
    let cut: String = text.chars().take(limit).collect();
    let at = cut.rfind(' ').unwrap_or(cut.len());
    format!("{}…", cut[..at].trim_end_matches([',', ';', ':', ' ']))
}

#[cfg(test)]
mod tests {
    use super::shorten;

    #[test]
    fn shortening_cuts_at_a_word() {
        assert_eq!(shorten("Short one?", 20), "Short one?");
        assert_eq!(
            shorten("Walk me through, how you would", 20),
            "Walk me through…"
        );
    }
}
