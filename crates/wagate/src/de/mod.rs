//! Reading JSON into the model in one pass, for both sides of the wire.
//!
//! Every readable type implements [`Read`]: it takes any JSON value and says
//! whether it fits ([`Fit`]). A value that does not fit is never an error by
//! itself: the holder of the value (a struct field, an array item, the root)
//! records a departure at its JSON Pointer in the [`Ctx`] and decides:
//!
//! - received data keeps the value as received (in the struct's `extra`, or
//!   as the whole value of a struct) and records *drift*;
//! - a request records an error and goes on, so that every structural
//!   problem is reported at once.
//!
//! What cannot be kept (a duplicate key in received data) is a refusal: it
//! stops reading with a sentinel error, and the issue travels in the
//! context, never in an error text.

mod object;
mod scalar;
mod seq;
mod tagged;
mod value;

pub use object::{Build, Fill, Slot, read_object};
pub(crate) use object::{read_as_list, read_as_newtype, read_as_received};
pub(crate) use scalar::read_as_scalar;
pub use scalar::{Prim, Scalar, read_scalar};
pub(crate) use tagged::read_as_tagged;
pub use tagged::{Dispatch, Tagged, read_tagged};
pub use value::{KeepSeed, keep_map, keep_seq};

use std::borrow::Cow;
use std::marker::PhantomData;

use serde::de::{self, DeserializeSeed, Deserializer, Visitor};
use serde_json::Value;

use crate::error::{ErrorCode, Issue, pointer_push, pointer_push_index, server_text};

/// A JSON object as kept: keys in the order received.
pub type Object = serde_json::Map<String, Value>;

/// Which side of the wire a value is read for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    /// Sent by the client: every departure is an error, unknown fields too.
    Request,
    /// Received from the server: departures are kept and recorded as drift.
    Received,
}

/// The provider's texts for problems found while reading a request;
/// `{label}` is the field's Joi label.
#[derive(Clone, Copy, Debug, Default)]
pub struct Texts {
    /// For an unknown field.
    pub unknown_field: Option<&'static str>,
    /// For a missing required field.
    pub missing_field: Option<&'static str>,
    /// For a value that is not a string where one is documented.
    pub not_a_string: Option<&'static str>,
    /// … not a number.
    pub not_a_number: Option<&'static str>,
    /// … not a boolean.
    pub not_a_boolean: Option<&'static str>,
    /// … not an array.
    pub not_an_array: Option<&'static str>,
}

/// The JSON type a readable type documents.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Json {
    /// Several, or any.
    Any,
    String,
    Number,
    Boolean,
    Array,
}

/// The state of one read: where it is, and what it found.
pub struct Ctx {
    side: Side,
    texts: Texts,
    /// Whether `pointer` follows the read. A first pass over a document
    /// does not track it: most documents conform, and one that does not
    /// is read again, tracked, for its reports.
    track: bool,
    pointer: String,
    issues: Vec<Issue>,
    refusal: Option<Issue>,
}

/// What a value read from JSON is, for the type that read it.
pub enum Fit<T> {
    /// It has the documented shape.
    Typed(T),
    /// It has not; the holder records the departure at its path. Received
    /// data keeps the value.
    Unfit(Value, ErrorCode),
    /// It has not, and the departures inside it are recorded already.
    /// Received data keeps the value.
    Kept(Value),
    /// A request value that could not be built; its problems are recorded.
    Dropped,
}

/// What a [`Fit`] holds when it holds no typed value (the same for every
/// type, so that code handling it is not copied per type).
pub enum LeftOver {
    Unfit(Value, ErrorCode),
    Kept(Value),
    Dropped,
}

impl<T> Fit<T> {
    /// The typed value, or what is left instead.
    #[inline]
    pub fn typed(self) -> Result<T, LeftOver> {
        match self {
            Self::Typed(t) => Ok(t),
            Self::Unfit(v, code) => Err(LeftOver::Unfit(v, code)),
            Self::Kept(v) => Err(LeftOver::Kept(v)),
            Self::Dropped => Err(LeftOver::Dropped),
        }
    }

    /// The same outcome for a typed value mapped by `f`.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Fit<U> {
        match self {
            Self::Typed(t) => Fit::Typed(f(t)),
            Self::Unfit(v, code) => Fit::Unfit(v, code),
            Self::Kept(v) => Fit::Kept(v),
            Self::Dropped => Fit::Dropped,
        }
    }
}

/// A type read from JSON by this module.
pub trait Read: Sized {
    /// What the documents say the value is, for reports ("a string").
    const EXPECTED: &'static str;
    /// The JSON type the documents give it.
    const JSON: Json = Json::Any;

    /// Reads any JSON value; one that does not fit is handed back, not refused.
    fn read<'de, D: Deserializer<'de>>(
        deserializer: D,
        cx: &mut Ctx,
    ) -> Result<Fit<Self>, D::Error>;

    /// [`Read::read`] into a box; a struct overrides it to be read in its
    /// box rather than moved there.
    fn read_boxed<'de, D: Deserializer<'de>>(
        deserializer: D,
        cx: &mut Ctx,
    ) -> Result<Fit<Box<Self>>, D::Error> {
        Self::read(deserializer, cx).map(|fit| fit.map(Box::new))
    }

    /// A struct whose place holds a value of another shape keeps that value
    /// whole; other types cannot.
    fn keep_whole(value: Value) -> Result<Self, Value> {
        Err(value)
    }
}

/// Reads a `T` from the next value of a map or sequence.
pub struct ReadSeed<'a, T> {
    cx: &'a mut Ctx,
    target: PhantomData<T>,
}

impl<'a, T> ReadSeed<'a, T> {
    pub fn new(cx: &'a mut Ctx) -> Self {
        Self {
            cx,
            target: PhantomData,
        }
    }
}

impl<'de, T: Read> DeserializeSeed<'de> for ReadSeed<'_, T> {
    type Value = Fit<T>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Fit<T>, D::Error> {
        T::read(deserializer, self.cx)
    }
}

/// An object key, borrowed from the input when it has no escapes (serde's
/// `Cow<str>` always copies).
pub struct Key<'de>(pub Cow<'de, str>);

impl std::ops::Deref for Key<'_> {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

struct KeyVisitor;

impl<'de> Visitor<'de> for KeyVisitor {
    type Value = Key<'de>;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a string")
    }

    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Key(Cow::Borrowed(v)))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Key(Cow::Owned(v.to_owned())))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(Key(Cow::Owned(v)))
    }
}

impl<'de> de::Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(KeyVisitor)
    }
}

/// The sentinel error of a refusal; the issue itself is in the context.
const REFUSED: &str = "wagate: the document cannot be kept";

impl Ctx {
    pub fn new(side: Side, texts: Texts) -> Self {
        Self {
            side,
            texts,
            track: true,
            pointer: String::with_capacity(64),
            issues: Vec::new(),
            refusal: None,
        }
    }

    /// A context whose pointers are not tracked: its issues say only that
    /// something departs (read again with [`Ctx::new`] to report it).
    pub fn untracked(side: Side, texts: Texts) -> Self {
        Self {
            side,
            texts,
            track: false,
            pointer: String::new(),
            issues: Vec::new(),
            refusal: None,
        }
    }

    /// Whether anything was recorded or refused.
    pub fn noticed(&self) -> bool {
        !self.issues.is_empty() || self.refusal.is_some()
    }

    pub fn side(&self) -> Side {
        self.side
    }

    /// Descends into an object member; returns the mark to [`Ctx::leave`] with.
    pub fn enter(&mut self, key: &str) -> usize {
        let mark = self.pointer.len();
        if self.track {
            pointer_push(&mut self.pointer, key);
        }
        mark
    }

    /// Descends into an array item.
    pub fn enter_index(&mut self, index: usize) -> usize {
        let mark = self.pointer.len();
        if self.track {
            pointer_push_index(&mut self.pointer, index);
        }
        mark
    }

    pub fn leave(&mut self, mark: usize) {
        self.pointer.truncate(mark);
    }

    /// Leaves after a step that succeeded; a failed one stops the read, and
    /// the pointer stays where it failed (a syntax error is reported there).
    pub fn leave_ok<T, E>(&mut self, mark: usize, result: Result<T, E>) -> Result<T, E> {
        if result.is_ok() {
            self.leave(mark);
        }
        result
    }

    /// The JSON Pointer of the value being read.
    pub fn pointer(&self) -> &str {
        &self.pointer
    }

    /// Records that the value here (`found`) is not a `T`: another JSON
    /// type, or an impossible value of its type.
    #[inline]
    pub fn depart<T: Read>(&mut self, code: ErrorCode, found: &Value, spec: Option<&'static str>) {
        self.depart_as(code, found, T::EXPECTED, T::JSON, spec);
    }

    /// [`Ctx::depart`] for a value documented as `expected` of JSON type `json`.
    #[cold]
    #[inline(never)]
    pub fn depart_as(
        &mut self,
        code: ErrorCode,
        found: &Value,
        expected: &'static str,
        json: Json,
        spec: Option<&'static str>,
    ) {
        let message = match code {
            ErrorCode::InvalidType => format!("expected {expected}, found {}", json_kind(found)),
            _ => format!("expected {expected}, found an impossible value"),
        };
        let template = match (self.side, code, json) {
            (Side::Request, ErrorCode::InvalidType, Json::String) => self.texts.not_a_string,
            (Side::Request, ErrorCode::InvalidType, Json::Number) => self.texts.not_a_number,
            (Side::Request, ErrorCode::InvalidType, Json::Boolean) => self.texts.not_a_boolean,
            (Side::Request, ErrorCode::InvalidType, Json::Array) => self.texts.not_an_array,
            _ => None,
        };
        self.issues.push(Issue {
            expected: Some(Cow::Borrowed(expected)),
            spec,
            server_message: template.map(|t| server_text(t, &self.pointer)),
            ..Issue::new(self.pointer.clone(), code, message)
        });
    }

    /// Records that a documented field is absent (`name` under the pointer).
    pub fn missing(&mut self, name: &str, spec: Option<&'static str>) {
        let mut path = self.pointer.clone();
        pointer_push(&mut path, name);
        let server_message = match self.side {
            Side::Request => self.texts.missing_field.map(|t| server_text(t, &path)),
            Side::Received => None,
        };
        self.issues.push(Issue {
            server_message,
            expected: Some(Cow::Borrowed("present")),
            spec,
            ..Issue::new(
                path,
                ErrorCode::MissingField,
                "a documented field is absent",
            )
        });
    }

    /// Records a field a request does not document (the pointer is at it).
    pub fn unknown_field(&mut self) {
        let server_message = self
            .texts
            .unknown_field
            .map(|t| server_text(t, &self.pointer));
        self.issues.push(Issue {
            server_message,
            ..Issue::new(
                self.pointer.clone(),
                ErrorCode::UnknownField,
                "the method does not document this field",
            )
        });
    }

    /// A key seen twice in one object (the pointer is at it). Received data
    /// cannot keep both values: the read stops. A request records it and goes on.
    pub fn duplicate<E: de::Error>(&mut self) -> Result<(), E> {
        let issue = Issue::new(
            self.pointer.clone(),
            ErrorCode::DuplicateField,
            "the key appears twice in this object",
        );
        match self.side {
            Side::Request => {
                self.issues.push(issue);
                Ok(())
            }
            Side::Received => Err(self.refuse(issue)),
        }
    }

    /// Stops the read: the issue is kept here, the error is a sentinel.
    pub fn refuse<E: de::Error>(&mut self, issue: Issue) -> E {
        if self.refusal.is_none() {
            self.refusal = Some(issue);
        }
        E::custom(REFUSED)
    }

    /// The issues found (drift, or a request's errors), and the refusal if any.
    pub fn finish(self) -> (Vec<Issue>, Option<Issue>) {
        (self.issues, self.refusal)
    }

    /// Records an issue at the root (a root that does not fit).
    pub fn push(&mut self, issue: Issue) {
        self.issues.push(issue);
    }
}

impl<T: Read> Read for Box<T> {
    const EXPECTED: &'static str = T::EXPECTED;
    const JSON: Json = T::JSON;

    fn read<'de, D: Deserializer<'de>>(
        deserializer: D,
        cx: &mut Ctx,
    ) -> Result<Fit<Self>, D::Error> {
        T::read_boxed(deserializer, cx)
    }

    fn keep_whole(value: Value) -> Result<Self, Value> {
        T::keep_whole(value).map(Box::new)
    }
}

/// A nullable value: `null` reads as `None`.
impl<T: Read> Read for Option<T> {
    const EXPECTED: &'static str = T::EXPECTED;
    const JSON: Json = T::JSON;

    fn read<'de, D: Deserializer<'de>>(
        deserializer: D,
        cx: &mut Ctx,
    ) -> Result<Fit<Self>, D::Error> {
        deserializer.deserialize_option(OptionVisitor::<T> {
            cx,
            target: PhantomData,
        })
    }

    fn keep_whole(value: Value) -> Result<Self, Value> {
        T::keep_whole(value).map(Some)
    }
}

struct OptionVisitor<'a, T> {
    cx: &'a mut Ctx,
    target: PhantomData<T>,
}

impl<'de, T: Read> Visitor<'de> for OptionVisitor<'_, T> {
    type Value = Fit<Option<T>>;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        write!(f, "null or {}", T::EXPECTED)
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Fit::Typed(None))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Fit::Typed(None))
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        T::read(deserializer, self.cx).map(|fit| fit.map(Some))
    }
}

/// `Deserialize` for the model's types, for use with serde outside wagate:
/// received data is read leniently (departures kept, not reported), a
/// request strictly (its first problem is the error).
pub fn deserialize<'de, T: Read, D: Deserializer<'de>>(
    deserializer: D,
    side: Side,
) -> Result<T, D::Error> {
    let mut cx = Ctx::new(side, Texts::default());
    let fit = T::read(deserializer, &mut cx);
    let (issues, refusal) = cx.finish();
    if let Some(issue) = refusal {
        return Err(de::Error::custom(issue));
    }
    let value = match fit? {
        Fit::Typed(t) => Some(t),
        Fit::Unfit(v, _) | Fit::Kept(v) if side == Side::Received => T::keep_whole(v).ok(),
        _ => None,
    };
    match (value, issues.first()) {
        (Some(t), None) => Ok(t),
        (Some(t), Some(_)) if side == Side::Received => Ok(t),
        (_, Some(issue)) => Err(de::Error::custom(issue)),
        (None, None) => Err(de::Error::custom(format_args!("expected {}", T::EXPECTED))),
    }
}

/// `Deserialize` through [`Read`], for a generated type and its side.
macro_rules! deserialize_via_read {
    ($ty:ty, $side:ident) => {
        impl<'de> serde::Deserialize<'de> for $ty {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                $crate::de::deserialize(deserializer, $crate::de::Side::$side)
            }
        }
    };
}
pub(crate) use deserialize_via_read;

/// The `visit_*` methods of a visitor that reads one JSON shape: every other
/// shape is read whole as a kept value, `Unfit` with `invalid_type`.
macro_rules! other_shapes_unfit {
    ($($shape:ident),*) => {
        $crate::de::other_shapes_unfit!(@each $($shape),*);
    };
    (@each $($shape:ident),*) => {
        $( $crate::de::other_shapes_unfit!(@one $shape); )*
    };
    (@one bool) => {
        fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<Self::Value, E> {
            Ok($crate::de::Fit::Unfit(serde_json::Value::Bool(v), $crate::ErrorCode::InvalidType))
        }
    };
    (@one number) => {
        fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Self::Value, E> {
            Ok($crate::de::Fit::Unfit(v.into(), $crate::ErrorCode::InvalidType))
        }
        fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Self::Value, E> {
            Ok($crate::de::Fit::Unfit(v.into(), $crate::ErrorCode::InvalidType))
        }
        fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Self::Value, E> {
            Ok($crate::de::Fit::Unfit(v.into(), $crate::ErrorCode::InvalidType))
        }
    };
    (@one string) => {
        fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Self::Value, E> {
            Ok($crate::de::Fit::Unfit(v.into(), $crate::ErrorCode::InvalidType))
        }
    };
    (@one null) => {
        fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
            Ok($crate::de::Fit::Unfit(serde_json::Value::Null, $crate::ErrorCode::InvalidType))
        }
        fn visit_none<E: serde::de::Error>(self) -> Result<Self::Value, E> {
            Ok($crate::de::Fit::Unfit(serde_json::Value::Null, $crate::ErrorCode::InvalidType))
        }
    };
    (@one seq) => {
        fn visit_seq<A: serde::de::SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
            let value = $crate::de::keep_seq(seq, self.cx)?;
            Ok($crate::de::Fit::Unfit(value, $crate::ErrorCode::InvalidType))
        }
    };
    (@one map) => {
        fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
            let value = $crate::de::keep_map(map, self.cx)?;
            Ok($crate::de::Fit::Unfit(value, $crate::ErrorCode::InvalidType))
        }
    };
}
pub(crate) use other_shapes_unfit;

/// What a JSON value is, in words ("a string", "null").
fn json_kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}
