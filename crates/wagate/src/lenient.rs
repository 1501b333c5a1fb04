//! Received scalars whose JSON type drifts between the documents' tables and
//! examples (an integer printed as a string, or the other way round). Each
//! keeps the form it arrived in, so re-serializing is exact, and offers one
//! normalized accessor. A value that is neither form is an error, not kept.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// An integer that may arrive as a JSON number or as a string of digits
/// (`1101000001` or `"1101000001"`).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum IntOrString {
    /// A JSON integer.
    Int(i64),
    /// A JSON string holding an integer, kept as written.
    Text(String),
}

impl IntOrString {
    /// The integer, whichever form it arrived in.
    pub fn as_i64(&self) -> Option<i64> {
        match self {
            Self::Int(n) => Some(*n),
            Self::Text(s) => s.parse().ok(),
        }
    }

    /// True when it arrived as a string.
    pub fn is_text(&self) -> bool {
        matches!(self, Self::Text(_))
    }
}

impl From<i64> for IntOrString {
    fn from(n: i64) -> Self {
        Self::Int(n)
    }
}

impl Serialize for IntOrString {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Int(n) => serializer.serialize_i64(*n),
            Self::Text(s) => serializer.serialize_str(s),
        }
    }
}

struct IntOrStringVisitor;

impl serde::de::Visitor<'_> for IntOrStringVisitor {
    type Value = IntOrString;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("an integer, or a string holding an integer")
    }

    fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(IntOrString::Int(v))
    }

    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Self::Value, E> {
        i64::try_from(v)
            .map(IntOrString::Int)
            .map_err(|_| E::invalid_value(serde::de::Unexpected::Unsigned(v), &self))
    }

    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Self::Value, E> {
        // Digits with an optional minus sign: what the documents print.
        let digits = v.strip_prefix('-').unwrap_or(v);
        if !digits.is_empty()
            && digits.bytes().all(|b| b.is_ascii_digit())
            && v.parse::<i64>().is_ok()
        {
            Ok(IntOrString::Text(v.to_owned()))
        } else {
            Err(E::invalid_value(serde::de::Unexpected::Str(v), &self))
        }
    }
}

impl<'de> Deserialize<'de> for IntOrString {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(IntOrStringVisitor)
    }
}

/// A Unix time in seconds, as a JSON number or a string of digits; kept as
/// received, read as [`chrono::DateTime<Utc>`](chrono::DateTime) through
/// [`Timestamp::to_utc`].
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Timestamp(pub IntOrString);

impl Timestamp {
    /// Seconds since the Unix epoch.
    pub fn seconds(&self) -> Option<i64> {
        self.0.as_i64()
    }

    /// The instant, when the number is a representable time.
    pub fn to_utc(&self) -> Option<chrono::DateTime<chrono::Utc>> {
        chrono::DateTime::from_timestamp(self.seconds()?, 0)
    }
}

impl From<i64> for Timestamp {
    fn from(n: i64) -> Self {
        Self(IntOrString::Int(n))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_forms_round_trip_and_agree() {
        for text in ["1656315272", "\"1656315272\""] {
            let t: Timestamp = serde_json::from_str(text).unwrap();
            assert_eq!(serde_json::to_string(&t).unwrap(), text);
            assert_eq!(t.seconds(), Some(1_656_315_272));
            assert_eq!(
                t.to_utc().unwrap().to_rfc3339(),
                "2022-06-27T07:34:32+00:00"
            );
        }
    }

    #[test]
    fn impossible_values_are_refused() {
        for text in [
            "\"abc\"",
            "\"\"",
            "\"12 \"",
            "true",
            "1.5",
            "null",
            "18446744073709551615",
        ] {
            assert!(serde_json::from_str::<IntOrString>(text).is_err(), "{text}");
        }
    }
}
