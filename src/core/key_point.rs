//! One key point of a question: the phrase shown in the checklist, and other ways a candidate might
//! make the same point (`also:` in the bank), which the answer matcher accepts as well.

use std::fmt;
use std::ops::Deref;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A key point. In a bank file it is either a plain string or a map:
///
/// ```yaml
/// key_points:
///   - Simplified STRIDE on data flows
///   - point: Map trust boundaries with tech lead and PM
///     also:
///       - agree where data crosses trust boundaries with engineering and product
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct KeyPoint {
    /// The phrase shown in the checklist.
    pub text: String,
    /// Other phrasings of the same point, used only to recognise it in an answer.
    pub also: Vec<String>,
}

impl KeyPoint {
    /// The point and its alternative phrasings, the point first.
    pub fn phrasings(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.text.as_str()).chain(self.also.iter().map(String::as_str))
    }

    /// Problems with this point's text or phrasings, for `check`.
    pub fn problems(&self) -> Vec<String> {
        let mut problems = Vec::new();
        if self.text.trim().is_empty() {
            problems.push("a key point is empty".to_string());
            return problems;
        }
        // A table keeps the points of a question one per line of a cell, so a line break inside
        // one would come back from `export --format csv` as two points.
        if self.text.contains(['\n', '\r']) {
            problems.push(format!(
                "key point \"{}\" spans more than one line; a key point is one line: split it into two points, or join the lines (a YAML `|` block ends in a line break: write `|-` or a plain line)",
                self.text.trim().replace(['\n', '\r'], " ")
            ));
        }
        for (i, also) in self.also.iter().enumerate() {
            let trimmed = also.trim();
            if trimmed.is_empty() {
                problems.push(format!(
                    "key point \"{}\": phrasing {} under `also:` is empty",
                    self.text,
                    i + 1
                ));
            } else if trimmed.eq_ignore_ascii_case(self.text.trim())
                || self.also[..i]
                    .iter()
                    .any(|earlier| earlier.trim().eq_ignore_ascii_case(trimmed))
            {
                problems.push(format!(
                    "key point \"{}\": phrasing \"{trimmed}\" under `also:` repeats another; remove it",
                    self.text
                ));
            } else if trimmed.chars().filter(|c| c.is_alphanumeric()).count() < 3 {
                problems.push(format!(
                    "key point \"{}\": phrasing \"{trimmed}\" under `also:` is too short to recognise; write a few words",
                    self.text
                ));
            }
        }
        problems
    }
}

impl Deref for KeyPoint {
    type Target = str;

    fn deref(&self) -> &str {
        &self.text
    }
}

impl fmt::Display for KeyPoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl From<&str> for KeyPoint {
    fn from(text: &str) -> Self {
        KeyPoint {
            text: text.to_string(),
            also: Vec::new(),
        }
    }
}

impl From<String> for KeyPoint {
    fn from(text: String) -> Self {
        KeyPoint {
            text,
            also: Vec::new(),
        }
    }
}

#[derive(Serialize, Deserialize)]
#[serde(untagged)]
enum Raw {
    Plain(String),
    Full(Full),
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Full {
    point: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    also: Vec<String>,
}

impl Serialize for KeyPoint {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if self.also.is_empty() {
            serializer.serialize_str(&self.text)
        } else {
            Raw::Full(Full {
                point: self.text.clone(),
                also: self.also.clone(),
            })
            .serialize(serializer)
        }
    }
}

impl<'de> Deserialize<'de> for KeyPoint {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(match Raw::deserialize(deserializer) {
            Ok(Raw::Plain(text)) => KeyPoint::from(text),
            Ok(Raw::Full(Full { point, also })) => KeyPoint { text: point, also },
            Err(_) => {
                return Err(serde::de::Error::custom(
                    "a key point is a string, or a map with `point:` and an optional list `also:`",
                ));
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_plain_and_full_points() {
        let points: Vec<KeyPoint> = serde_yaml::from_str(
            "- Plain point\n- point: Full point\n  also: [one way, another way]\n",
        )
        .unwrap_or_default();
        assert_eq!(points.len(), 2);
        assert_eq!(points[0].text, "Plain point");
        assert!(points[0].also.is_empty());
        assert_eq!(points[1].text, "Full point");
        assert_eq!(points[1].also, vec!["one way", "another way"]);
        assert_eq!(
            points[1].phrasings().collect::<Vec<_>>(),
            vec!["Full point", "one way", "another way"]
        );
    }

    #[test]
    fn a_wrong_shape_says_what_a_point_is() {
        let err = serde_yaml::from_str::<Vec<KeyPoint>>("- point: P\n  also: [x]\n  extra: 1\n")
            .map(|_| ())
            .unwrap_err();
        assert!(err.to_string().contains("`point:`"), "{err}");
    }

    #[test]
    fn writes_back_in_the_same_shapes() {
        let plain = KeyPoint::from("P");
        let full = KeyPoint {
            text: "P".into(),
            also: vec!["Q".into()],
        };
        let text = serde_yaml::to_string(&vec![plain.clone(), full.clone()]).unwrap_or_default();
        let back: Vec<KeyPoint> = serde_yaml::from_str(&text).unwrap_or_default();
        assert_eq!(back, vec![plain, full]);
    }

    #[test]
    fn check_finds_empty_repeated_and_tiny_phrasings() {
        let point = KeyPoint {
            text: "Short-lived tokens".into(),
            also: vec![
                " ".into(),
                "short-lived TOKENS".into(),
                "tokens that expire quickly".into(),
                "tokens that expire quickly".into(),
                "ok".into(),
            ],
        };
        let problems = point.problems();
        assert_eq!(problems.len(), 4, "{problems:?}");
        assert!(problems[0].contains("phrasing 1") && problems[0].contains("empty"));
        assert!(problems[1].contains("repeats"));
        assert!(problems[2].contains("repeats"));
        assert!(problems[3].contains("too short"));
        assert!(KeyPoint::from("fine").problems().is_empty());
        assert_eq!(KeyPoint::from(" ").problems().len(), 1);
    }
}
