//! Grades as people type them: `1`–`4`, `again`/`hard`/`good`/`easy`, or their initials.

use crate::core::schedule::Rating;
use crate::core::values::did_you_mean;

/// What a grade may be written as, for help text and error messages.
pub const ACCEPTED: &str = "1-4, again, hard, good, easy, or a, h, g, e";

/// Why a grade could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "`{text}` is not a grade{nearest}; use {ACCEPTED} (for example `prepdrill rate ID good` or `3`)"
)]
pub struct GradeError {
    pub text: String,
    /// " (did you mean `good`?)" for a misspelt grade, else empty.
    pub nearest: String,
}

/// Reads a grade, ignoring case and surrounding space.
pub fn parse(text: &str) -> Result<Rating, GradeError> {
    let wanted = text.trim().to_ascii_lowercase();
    let by_number = wanted.parse::<u8>().ok().and_then(Rating::from_number);
    by_number
        .or_else(|| {
            Rating::ALL.into_iter().find(|r| {
                let name = r.as_str();
                wanted == name || (wanted.len() == 1 && name.starts_with(wanted.as_str()))
            })
        })
        .ok_or_else(|| GradeError {
            text: text.to_string(),
            nearest: did_you_mean(&wanted, Rating::ALL.map(Rating::as_str)),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn case(text: &str, expected: Option<Rating>) {
        assert_eq!(parse(text).ok(), expected, "{text:?}");
    }

    #[test]
    fn grades() {
        case("1", Some(Rating::Again));
        case("2", Some(Rating::Hard));
        case("3", Some(Rating::Good));
        case("4", Some(Rating::Easy));
        case("again", Some(Rating::Again));
        case("Hard", Some(Rating::Hard));
        case(" GOOD ", Some(Rating::Good));
        case("easy", Some(Rating::Easy));
        case("a", Some(Rating::Again));
        case("h", Some(Rating::Hard));
        case("G", Some(Rating::Good));
        case("e", Some(Rating::Easy));
        case("0", None);
        case("5", None);
        case("go", None);
        case("", None);
        case("great", None);
    }

    #[test]
    fn refusal_names_what_is_accepted() {
        let error = parse("great").expect_err("refused").to_string();
        assert!(error.contains("`great`") && error.contains("again, hard, good, easy"));
        let typo = parse("goood").expect_err("refused").to_string();
        assert!(typo.contains("did you mean `good`?"), "{typo}");
    }
}
