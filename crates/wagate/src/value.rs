//! Value types that several providers' fields use: received scalars whose
//! JSON type differs between the documents and the server (kept in the form
//! received, read through one accessor), and [`Dispatched`], a known kind
//! typed or an unknown one kept whole.

use serde::{Serialize, Serializer};
use serde_json::Value;

use crate::ErrorCode;
use crate::de::{self, Dispatch, Fit, Prim, Read, Scalar, Tagged};

/// An integer that may arrive as a JSON number or as a string of digits
/// (`1101000001` or `"1101000001"`), kept in the form received.
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

/// Digits with an optional minus sign that fit an `i64`: what the documents print.
fn integer_text(s: &str) -> bool {
    let digits = s.strip_prefix('-').unwrap_or(s);
    !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) && s.parse::<i64>().is_ok()
}

impl Scalar for IntOrString {
    const EXPECTED: &'static str = "an integer, or a string holding an integer";
    fn from_prim(prim: Prim<'_>) -> Result<Self, (Prim<'_>, ErrorCode)> {
        match prim {
            Prim::I64(n) => Ok(Self::Int(n)),
            Prim::U64(n) => i64::try_from(n)
                .map(Self::Int)
                .or_else(|_| Prim::U64(n).refuse(true)),
            Prim::Str(s) if integer_text(&s) => Ok(Self::Text(s.into_owned())),
            Prim::Str(s) => Prim::Str(s).refuse(true),
            other => other.refuse(false),
        }
    }
}

/// A Unix time in seconds, as a JSON number or a string of digits; kept as
/// received, read as [`chrono::DateTime<Utc>`](chrono::DateTime) through
/// [`Timestamp::to_utc`].
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
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

impl Scalar for Timestamp {
    const EXPECTED: &'static str = "Unix seconds: an integer, or a string holding an integer";
    fn from_prim(prim: Prim<'_>) -> Result<Self, (Prim<'_>, ErrorCode)> {
        IntOrString::from_prim(prim).map(Self)
    }
}

de::read_as_scalar!(IntOrString, Timestamp);
de::deserialize_via_read!(IntOrString, Received);
de::deserialize_via_read!(Timestamp, Received);

/// An object whose kind one of its fields names (`messageData`, chosen by
/// `typeMessage`): a kind the documents list is typed, any other is kept
/// whole and re-serialized unchanged.
#[derive(Clone, Debug, PartialEq)]
pub enum Dispatched<T> {
    /// A kind the documents describe.
    Known(T),
    /// A kind they do not (or an object without its kind), kept exactly as received.
    Unknown(Value),
}

impl<T> Dispatched<T> {
    /// The typed value, for a known kind.
    pub fn known(&self) -> Option<&T> {
        match self {
            Self::Known(t) => Some(t),
            Self::Unknown(_) => None,
        }
    }
}

impl<T: Serialize> Serialize for Dispatched<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Known(t) => t.serialize(serializer),
            Self::Unknown(value) => value.serialize(serializer),
        }
    }
}

impl<T: Dispatch> Tagged for Dispatched<T> {
    const TAG: &'static str = T::TAG;
    const SPEC: &'static str = <T as crate::de::Build>::SPEC;
    type Kind = T;
    type Known = T;

    fn start(tag: &str) -> Option<T> {
        T::start(tag)
    }

    fn known(known: T) -> Self {
        Self::Known(known)
    }

    fn unknown(value: Value) -> Self {
        Self::Unknown(value)
    }
}

impl<T: Dispatch> Read for Dispatched<T> {
    const EXPECTED: &'static str = "an object";

    fn read<'de, D: serde::Deserializer<'de>>(
        deserializer: D,
        cx: &mut de::Ctx,
    ) -> Result<Fit<Self>, D::Error> {
        de::read_tagged(deserializer, cx)
    }

    fn keep_whole(value: Value) -> Result<Self, Value> {
        Ok(Self::Unknown(value))
    }
}

impl<'de, T: Dispatch> serde::Deserialize<'de> for Dispatched<T> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        de::deserialize(deserializer, de::Side::Received)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read<T: Read>(text: &str) -> Result<T, String> {
        serde_json::from_str::<serde_json::Value>(text)
            .map_err(|e| e.to_string())
            .and_then(|_| {
                let mut cx = de::Ctx::new(de::Side::Request, de::Texts::default());
                let mut deserializer = serde_json::Deserializer::from_str(text);
                match T::read(&mut deserializer, &mut cx) {
                    Ok(Fit::Typed(t)) => Ok(t),
                    _ => Err("does not fit".to_owned()),
                }
            })
    }

    #[test]
    fn both_forms_round_trip_and_agree() {
        for text in ["1656315272", "\"1656315272\""] {
            let t: Timestamp = read(text).unwrap();
            assert_eq!(serde_json::to_string(&t).unwrap(), text);
            assert_eq!(t.seconds(), Some(1_656_315_272));
            assert_eq!(
                t.to_utc().unwrap().to_rfc3339(),
                "2022-06-27T07:34:32+00:00"
            );
        }
    }

    #[test]
    fn impossible_values_do_not_fit() {
        for text in [
            "\"abc\"",
            "\"\"",
            "\"12 \"",
            "true",
            "1.5",
            "null",
            "18446744073709551615",
            "[1]",
            "{\"a\":1}",
        ] {
            assert!(read::<IntOrString>(text).is_err(), "{text}");
        }
    }
}
