//! Scalars: strings, numbers, booleans and the newtypes over them. One
//! visitor reads any JSON value and asks the target type whether it fits.

use std::borrow::Cow;

use serde::de::{self, Deserializer, Visitor};
use serde_json::Value;

use super::{Ctx, Fit, Read};
use crate::ErrorCode;

/// A JSON scalar as the parser gave it.
pub enum Prim<'a> {
    Null,
    Bool(bool),
    I64(i64),
    U64(u64),
    F64(f64),
    Str(Cow<'a, str>),
}

impl Prim<'_> {
    fn into_value(self) -> Value {
        match self {
            Self::Null => Value::Null,
            Self::Bool(b) => Value::Bool(b),
            Self::I64(n) => n.into(),
            Self::U64(n) => n.into(),
            Self::F64(n) => n.into(),
            Self::Str(s) => Value::String(s.into_owned()),
        }
    }

    /// The code for a value this scalar cannot be: another JSON type, or an
    /// impossible value of the right type.
    pub fn refuse<T>(self, same_json_type: bool) -> Result<T, (Self, ErrorCode)> {
        let code = if same_json_type {
            ErrorCode::InvalidValue
        } else {
            ErrorCode::InvalidType
        };
        Err((self, code))
    }
}

/// A type read from one JSON scalar.
pub trait Scalar: Sized {
    /// What the documents say the value is.
    const EXPECTED: &'static str;
    /// The JSON type the documents give it.
    const JSON: super::Json = super::Json::String;
    /// The value, or the scalar back with why it does not fit.
    fn from_prim(prim: Prim<'_>) -> Result<Self, (Prim<'_>, ErrorCode)>;
}

/// [`Read::read`] of a scalar. The value is read by one visitor shared by
/// every scalar type (so the parser's code is not copied per type), then
/// offered to `T`.
pub fn read_scalar<'de, T: Scalar, D: Deserializer<'de>>(
    deserializer: D,
    cx: &mut Ctx,
) -> Result<Fit<T>, D::Error> {
    Ok(match deserializer.deserialize_any(PrimVisitor { cx })? {
        Ok(prim) => fit(prim),
        Err(other) => Fit::Unfit(other, ErrorCode::InvalidType),
    })
}

/// Reads any JSON value: a scalar as it is, an array or object kept whole.
struct PrimVisitor<'a> {
    cx: &'a mut Ctx,
}

fn fit<T: Scalar>(prim: Prim<'_>) -> Fit<T> {
    match T::from_prim(prim) {
        Ok(t) => Fit::Typed(t),
        Err((prim, code)) => Fit::Unfit(prim.into_value(), code),
    }
}

impl<'de> Visitor<'de> for PrimVisitor<'_> {
    type Value = Result<Prim<'de>, Value>;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Ok(Prim::Null))
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Ok(Prim::Null))
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        Ok(Ok(Prim::Bool(v)))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Ok(Prim::I64(v)))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(Ok(Prim::U64(v)))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        Ok(Ok(Prim::F64(v)))
    }

    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Ok(Prim::Str(Cow::Borrowed(v))))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Ok(Prim::Str(Cow::Owned(v.to_owned()))))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(Ok(Prim::Str(Cow::Owned(v))))
    }

    fn visit_seq<A: de::SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        super::keep_seq(seq, self.cx).map(Err)
    }

    fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        super::keep_map(map, self.cx).map(Err)
    }
}

/// `Read` through [`Scalar`] for each listed type.
macro_rules! read_as_scalar {
    ($($ty:ty),* $(,)?) => {
        $(
            impl $crate::de::Read for $ty {
                const EXPECTED: &'static str = <$ty as $crate::de::Scalar>::EXPECTED;
                const JSON: $crate::de::Json = <$ty as $crate::de::Scalar>::JSON;

                fn read<'de, D: serde::Deserializer<'de>>(
                    deserializer: D,
                    cx: &mut $crate::de::Ctx,
                ) -> Result<$crate::de::Fit<Self>, D::Error> {
                    $crate::de::read_scalar(deserializer, cx)
                }
            }
        )*
    };
}
pub(crate) use read_as_scalar;

impl Scalar for String {
    const EXPECTED: &'static str = "a string";
    fn from_prim(prim: Prim<'_>) -> Result<Self, (Prim<'_>, ErrorCode)> {
        match prim {
            Prim::Str(s) => Ok(s.into_owned()),
            other => other.refuse(false),
        }
    }
}

impl Scalar for bool {
    const EXPECTED: &'static str = "a boolean";
    const JSON: super::Json = super::Json::Boolean;
    fn from_prim(prim: Prim<'_>) -> Result<Self, (Prim<'_>, ErrorCode)> {
        match prim {
            Prim::Bool(b) => Ok(b),
            other => other.refuse(false),
        }
    }
}

impl Scalar for i64 {
    const EXPECTED: &'static str = "an integer";
    const JSON: super::Json = super::Json::Number;
    fn from_prim(prim: Prim<'_>) -> Result<Self, (Prim<'_>, ErrorCode)> {
        match prim {
            Prim::I64(n) => Ok(n),
            Prim::U64(n) => i64::try_from(n).or_else(|_| Prim::U64(n).refuse(true)),
            other => other.refuse(false),
        }
    }
}

impl Scalar for u64 {
    const EXPECTED: &'static str = "a non-negative integer";
    const JSON: super::Json = super::Json::Number;
    fn from_prim(prim: Prim<'_>) -> Result<Self, (Prim<'_>, ErrorCode)> {
        match prim {
            Prim::U64(n) => Ok(n),
            Prim::I64(n) => Prim::I64(n).refuse(true),
            other => other.refuse(false),
        }
    }
}

impl Scalar for f64 {
    const EXPECTED: &'static str = "a number";
    const JSON: super::Json = super::Json::Number;
    fn from_prim(prim: Prim<'_>) -> Result<Self, (Prim<'_>, ErrorCode)> {
        match prim {
            Prim::F64(n) => Ok(n),
            // Integers as JSON writes them: the number they name.
            #[allow(clippy::cast_precision_loss)]
            Prim::I64(n) => Ok(n as f64),
            #[allow(clippy::cast_precision_loss)]
            Prim::U64(n) => Ok(n as f64),
            other => other.refuse(false),
        }
    }
}

/// A received number, kept in the form it arrived in (`44` stays `44`,
/// `44.0` stays `44.0`), so that re-serializing is exact.
impl Scalar for serde_json::Number {
    const EXPECTED: &'static str = "a number";
    const JSON: super::Json = super::Json::Number;
    fn from_prim(prim: Prim<'_>) -> Result<Self, (Prim<'_>, ErrorCode)> {
        match prim {
            Prim::I64(n) => Ok(n.into()),
            Prim::U64(n) => Ok(n.into()),
            Prim::F64(n) => {
                serde_json::Number::from_f64(n).ok_or((Prim::F64(n), ErrorCode::InvalidValue))
            }
            other => other.refuse(false),
        }
    }
}

read_as_scalar!(String, bool, i64, u64, f64, serde_json::Number);

/// Values of any shape (spec type `json`): always fit; keys must not repeat.
impl Read for Value {
    const EXPECTED: &'static str = "any JSON value";

    fn read<'de, D: Deserializer<'de>>(
        deserializer: D,
        cx: &mut Ctx,
    ) -> Result<Fit<Self>, D::Error> {
        super::KeepSeed::new(cx)
            .deserialize_from(deserializer)
            .map(Fit::Typed)
    }
}
