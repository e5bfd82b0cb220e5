//! The 21 weights of the FSRS-6 memory model: the crate's defaults, or the candidate's own,
//! fitted to their review log by `prepdrill optimize`.

use std::fmt;

use fsrs::DEFAULT_PARAMETERS;

/// How many weights FSRS-6 has.
pub const COUNT: usize = 21;

/// The range the `fsrs` crate clamps each weight to (its `clip_parameters`, one relearning
/// step). A value outside is refused rather than silently changed, so what the settings file
/// says is what the scheduler uses.
const BOUNDS: [(f32, f32); COUNT] = [
    (0.001, 100.0),
    (0.001, 100.0),
    (0.001, 100.0),
    (0.001, 100.0),
    (1.0, 10.0),
    (0.001, 4.0),
    (0.001, 4.0),
    (0.001, 0.75),
    (0.0, 4.5),
    (0.0, 0.8),
    (0.001, 3.5),
    (0.001, 5.0),
    (0.001, 0.25),
    (0.001, 0.9),
    (0.0, 4.0),
    (0.0, 1.0),
    (1.0, 6.0),
    (0.0, 2.0),
    (0.0, 2.0),
    (0.01, 0.8),
    (0.1, 0.8),
];

/// A set of FSRS-6 weights, each within the crate's bounds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Parameters([f32; COUNT]);

impl Default for Parameters {
    fn default() -> Self {
        Parameters(DEFAULT_PARAMETERS)
    }
}

/// Why a list of weights is refused.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ParametersError {
    #[error("expected {COUNT} numbers separated by commas or spaces, found {0}")]
    Count(usize),
    #[error("`{0}` is not a number")]
    NotANumber(String),
    #[error("weight {index} is {value}, outside {low}..={high}")]
    OutOfRange {
        index: usize,
        value: f32,
        low: f32,
        high: f32,
    },
}

impl Parameters {
    /// Weights as the crate returns them; refused when any is not finite or out of bounds.
    pub fn new(weights: &[f32]) -> Result<Self, ParametersError> {
        let weights: [f32; COUNT] = weights
            .try_into()
            .map_err(|_| ParametersError::Count(weights.len()))?;
        for (index, (&value, (low, high))) in weights.iter().zip(BOUNDS).enumerate() {
            // NaN fails the range test too.
            if !(low..=high).contains(&value) {
                return Err(ParametersError::OutOfRange {
                    index,
                    value,
                    low,
                    high,
                });
            }
        }
        Ok(Parameters(weights))
    }

    /// `0.212, 1.2931, ...` or the same separated by spaces, as the settings file holds them.
    pub fn parse(text: &str) -> Result<Self, ParametersError> {
        let weights = text
            .split([',', ' ', '\t', '\n', '[', ']'])
            .filter(|s| !s.is_empty())
            .map(|s| {
                s.parse::<f32>()
                    .map_err(|_| ParametersError::NotANumber(s.to_string()))
            })
            .collect::<Result<Vec<f32>, _>>()?;
        Parameters::new(&weights)
    }

    pub fn weights(&self) -> &[f32; COUNT] {
        &self.0
    }

    /// The forgetting curve's decay, weight 20.
    pub fn decay(&self) -> f32 {
        self.0[20]
    }

    pub fn is_default(&self) -> bool {
        *self == Parameters::default()
    }

    /// The `fsrs` crate's model with these weights.
    pub fn model(&self) -> fsrs::FSRS {
        // In bounds by construction, so the crate accepts them; the default is a safe fallback.
        fsrs::FSRS::new(&self.0).unwrap_or_default()
    }
}

/// Comma-separated, four decimals: what `optimize` writes to the settings file.
impl fmt::Display for Parameters {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, w) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            write!(f, "{}", round4(*w))?;
        }
        Ok(())
    }
}

/// A weight at four decimals, kept within its bounds (rounding may not step outside).
fn round4(w: f32) -> f32 {
    (w * 10_000.0).round() / 10_000.0
}

impl Parameters {
    /// Weights from a fit: each clamped into its bounds and rounded as the settings file keeps
    /// it; refused only when the count is wrong or one is not a number.
    pub fn clamped(weights: &[f32]) -> Result<Self, ParametersError> {
        let mut weights: [f32; COUNT] = weights
            .try_into()
            .map_err(|_| ParametersError::Count(weights.len()))?;
        if let Some(bad) = weights.iter().find(|w| !w.is_finite()) {
            return Err(ParametersError::NotANumber(bad.to_string()));
        }
        for (w, (low, high)) in weights.iter_mut().zip(BOUNDS) {
            *w = w.clamp(low, high);
        }
        Ok(Parameters(weights).rounded())
    }

    /// These weights as written to the settings file: four decimals, each clamped back into its
    /// bounds should rounding step out.
    #[must_use]
    pub fn rounded(&self) -> Parameters {
        let mut out = self.0;
        for (w, (low, high)) in out.iter_mut().zip(BOUNDS) {
            *w = round4(*w).clamp(low, high);
        }
        Parameters(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn case(text: &str, ok: bool) {
        assert_eq!(Parameters::parse(text).is_ok(), ok, "{text}");
    }

    #[test]
    fn parses_what_it_writes() {
        let text = Parameters::default().to_string();
        let back = Parameters::parse(&text).expect("parses");
        assert_eq!(back, Parameters::default().rounded());
        assert_eq!(back.to_string(), text);
    }

    #[test]
    fn refuses_bad_lists() {
        let defaults = Parameters::default().to_string();
        case(&defaults, true);
        case(&defaults.replace(", ", " "), true);
        case(&format!("[{defaults}]"), true);
        case("0.2, 1.2", false);
        case(&format!("{defaults}, 1.0"), false);
        case(&defaults.replacen("0.212", "x", 1), false);
        case(&defaults.replacen("0.212", "-1", 1), false);
        case(&defaults.replacen("0.212", "NaN", 1), false);
        case("", false);
    }

    #[test]
    fn defaults_are_in_bounds() {
        assert!(Parameters::new(&DEFAULT_PARAMETERS).is_ok());
    }
}
