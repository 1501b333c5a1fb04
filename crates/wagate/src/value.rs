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
    const JSON: de::Json = de::Json::Any;
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
    const JSON: de::Json = de::Json::Any;
    fn from_prim(prim: Prim<'_>) -> Result<Self, (Prim<'_>, ErrorCode)> {
        IntOrString::from_prim(prim).map(Self)
    }
}

de::read_as_scalar!(IntOrString, Timestamp);
de::deserialize_via_read!(IntOrString, Received);
de::deserialize_via_read!(Timestamp, Received);

/// A 64-bit integer as the server writes it: a JSON integer, a string of
/// digits, or Long.js's `{low, high, unsigned}` (two 32-bit halves). Kept in
/// the form received.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Long {
    /// A JSON integer.
    Int(i64),
    /// A string holding an integer, kept as written.
    Text(String),
    /// Long.js's halves: the value is `high · 2^32 + (low as u32)`.
    Parts {
        /// The low 32 bits (as a signed 32-bit integer, as Long.js writes them).
        low: i64,
        /// The high 32 bits.
        high: i64,
        /// Long.js's `unsigned`, when sent.
        unsigned: Option<bool>,
    },
}

impl Long {
    /// The integer, whichever form it arrived in.
    pub fn as_i64(&self) -> Option<i64> {
        match self {
            Self::Int(n) => Some(*n),
            Self::Text(s) => s.parse().ok(),
            Self::Parts { low, high, .. } => {
                let low = i64::from(u32::try_from(*low & 0xFFFF_FFFF).ok()?);
                high.checked_mul(1 << 32)?.checked_add(low)
            }
        }
    }
}

impl Serialize for Long {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap as _;
        match self {
            Self::Int(n) => serializer.serialize_i64(*n),
            Self::Text(s) => serializer.serialize_str(s),
            Self::Parts {
                low,
                high,
                unsigned,
            } => {
                let mut map = serializer.serialize_map(None)?;
                map.serialize_entry("low", low)?;
                map.serialize_entry("high", high)?;
                if let Some(unsigned) = unsigned {
                    map.serialize_entry("unsigned", unsigned)?;
                }
                map.end()
            }
        }
    }
}

impl Long {
    /// The Long.js form of a kept object, when it is exactly that.
    fn from_parts(value: &Value) -> Option<Self> {
        let object = value.as_object()?;
        let known = ["low", "high", "unsigned"];
        if object.keys().any(|k| !known.contains(&k.as_str())) {
            return None;
        }
        let unsigned = match object.get("unsigned") {
            None => None,
            Some(v) => Some(v.as_bool()?),
        };
        Some(Self::Parts {
            low: object.get("low")?.as_i64()?,
            high: object.get("high")?.as_i64()?,
            unsigned,
        })
    }
}

impl Read for Long {
    const EXPECTED: &'static str =
        "a 64-bit integer: an integer, a string of digits, or {low, high, unsigned}";

    fn read<'de, D: serde::Deserializer<'de>>(
        deserializer: D,
        cx: &mut de::Ctx,
    ) -> Result<Fit<Self>, D::Error> {
        let value = de::KeepSeed::new(cx).deserialize_from(deserializer)?;
        Ok(match &value {
            Value::Object(_) => match Self::from_parts(&value) {
                Some(long) => Fit::Typed(long),
                None => Fit::Unfit(value, ErrorCode::InvalidValue),
            },
            Value::Number(n) => match n.as_i64() {
                Some(n) => Fit::Typed(Self::Int(n)),
                None => Fit::Unfit(value, ErrorCode::InvalidValue),
            },
            Value::String(s) if integer_text(s) => Fit::Typed(Self::Text(s.clone())),
            Value::String(_) => Fit::Unfit(value, ErrorCode::InvalidValue),
            _ => Fit::Unfit(value, ErrorCode::InvalidType),
        })
    }
}

de::deserialize_via_read!(Long, Received);

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
    const SPEC: &'static str = <T as crate::de::Fill>::SPEC;
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
    fn longs_read_in_every_form() {
        for (text, n) in [
            ("0", 0),
            ("\"1718000000\"", 1_718_000_000),
            (
                "{\"low\":1718000000,\"high\":0,\"unsigned\":false}",
                1_718_000_000,
            ),
            ("{\"low\":-1,\"high\":0}", 4_294_967_295),
            ("{\"low\":0,\"high\":1}", 4_294_967_296),
        ] {
            let long: Long = read(text).unwrap();
            assert_eq!(long.as_i64(), Some(n), "{text}");
            let back: Value = serde_json::to_value(&long).unwrap();
            assert_eq!(back, serde_json::from_str::<Value>(text).unwrap());
        }
        for text in [
            "{\"low\":1}",
            "{\"low\":1,\"high\":0,\"x\":1}",
            "\"abc\"",
            "true",
            "1.5",
        ] {
            assert!(read::<Long>(text).is_err(), "{text}");
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
