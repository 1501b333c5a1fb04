//! Two-stage parsing of tagged objects (a notification's `typeWebhook`, its
//! `messageData.typeMessage`): read the tag, then parse a known kind into its
//! typed struct, or keep an unknown kind whole.
//!
//! When the tag is the first key (every documented example) the kind's
//! builder reads the rest in one pass ([`crate::stream`]). Otherwise the
//! object is buffered once as a `serde_json::Map`, so that the tag may come
//! anywhere in it; a failure inside a known kind keeps its JSON Pointer: the
//! inner path travels in the error text as a ` [at /pointer]` suffix, which
//! [`crate::document::decode`] joins to the outer path.

use serde::de::{DeserializeOwned, Error as _};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A JSON object.
pub type Object = serde_json::Map<String, serde_json::Value>;

/// The suffix that carries an inner JSON Pointer in an error text.
const AT: &str = " [at ";

/// Splits `"<text> [at /p]"` into the text and the pointer.
pub(crate) fn split_nested(message: &str) -> (&str, Option<&str>) {
    match message.rfind(AT) {
        Some(i) if message.ends_with(']') => {
            let pointer = message
                .get(i + AT.len()..message.len() - 1)
                .unwrap_or_default();
            (message.get(..i).unwrap_or(message), Some(pointer))
        }
        _ => (message, None),
    }
}

/// Parses a buffered object as `T`; a failure names its path inside the object.
pub fn parse_known<T: DeserializeOwned, E: serde::de::Error>(object: Object) -> Result<T, E> {
    serde_path_to_error::deserialize(serde_json::Value::Object(object)).map_err(|err| {
        let outer = crate::document::path_to_pointer(err.path());
        let text = err.inner().to_string();
        let (message, inner) = split_nested(&text);
        E::custom(format!(
            "{message}{AT}{outer}{}]",
            inner.unwrap_or_default()
        ))
    })
}

/// Reads the tag of a tagged object: a required string field.
pub fn tag<'a, E: serde::de::Error>(object: &'a Object, name: &'static str) -> Result<&'a str, E> {
    match object.get(name) {
        Some(serde_json::Value::String(s)) => Ok(s),
        Some(other) => Err(E::custom(format!(
            "invalid type: {}, expected a string{AT}/{name}]",
            json_kind(other)
        ))),
        None => Err(E::missing_field(name)),
    }
}

fn json_kind(v: &serde_json::Value) -> &'static str {
    match v {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "boolean",
        serde_json::Value::Number(_) => "number",
        serde_json::Value::String(_) => "string",
        serde_json::Value::Array(_) => "sequence",
        serde_json::Value::Object(_) => "map",
    }
}

/// A struct selected by one of its fields (generated for each `dispatch_on`).
pub trait DispatchKnown: DeserializeOwned + Serialize {
    /// The wire name of the selecting field.
    const TAG: &'static str;
    /// Whether the documents know this tag value (spelling variants included).
    fn is_known(tag: &str) -> bool;
    /// The field a known kind must carry (`textMessageData` for `textMessage`).
    fn required_key(tag: &str) -> Option<&'static str>;
}

/// A known kind parsed into `T`, or an unknown kind kept whole.
#[derive(Clone, Debug, PartialEq)]
pub enum Dispatched<T> {
    /// A kind the documents describe.
    Known(T),
    /// A kind they do not, kept exactly as received.
    Unknown(Object),
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

impl<T: DispatchKnown> Dispatched<T> {
    /// The two-stage path over a buffered object (its tag did not come first).
    fn from_object<E: serde::de::Error>(object: Object) -> Result<Self, E> {
        let tag = tag::<E>(&object, T::TAG)?;
        if !T::is_known(tag) {
            return Ok(Self::Unknown(object));
        }
        if let Some(key) = T::required_key(tag)
            && !object.contains_key(key)
        {
            return Err(E::missing_field(key));
        }
        parse_known(object).map(Self::Known)
    }
}

struct DispatchedVisitor<T>(std::marker::PhantomData<T>);

impl<'de, T: DispatchKnown + crate::stream::Streamed> serde::de::Visitor<'de>
    for DispatchedVisitor<T>
{
    type Value = Dispatched<T>;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        write!(f, "an object with `{}`", T::TAG)
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        use crate::stream::{Builder as _, Key};
        let Some(first) = map.next_key::<Key<'de>>()? else {
            return Err(A::Error::missing_field(T::TAG));
        };
        if *first != *T::TAG {
            return Dispatched::from_object(crate::stream::buffer_rest(first.0, &mut map)?);
        }
        // The tag came first (as in every documented example): one pass.
        let tag = map.next_value::<Key<'de>>()?;
        if !T::is_known(&tag) {
            return crate::stream::unknown_rest(first.0, tag.0, &mut map).map(Dispatched::Unknown);
        }
        let need = T::required_key(&tag);
        let mut builder = <T as crate::stream::Streamed>::Builder::<'de>::default();
        crate::stream::give::<_, A::Error>(&mut builder, first.0, tag.0)?;
        let mut seen = need.is_none();
        while let Some(key) = map.next_key::<Key<'de>>()? {
            seen |= need == Some(&*key);
            crate::stream::entry_from_map(&mut builder, key.0, &mut map)?;
        }
        if let Some(key) = need.filter(|_| !seen) {
            return Err(A::Error::missing_field(key));
        }
        builder.finish().map(Dispatched::Known)
    }
}

impl<'de, T: DispatchKnown + crate::stream::Streamed> Deserialize<'de> for Dispatched<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(DispatchedVisitor(std::marker::PhantomData))
    }
}

impl<T: Serialize> Serialize for Dispatched<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Known(t) => t.serialize(serializer),
            Self::Unknown(object) => object.serialize(serializer),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nested_pointers_split_and_join() {
        assert_eq!(
            split_nested("missing field `a` [at /x/y]"),
            ("missing field `a`", Some("/x/y"))
        );
        assert_eq!(split_nested("plain"), ("plain", None));
        let err = parse_known::<std::collections::BTreeMap<String, u8>, serde_json::Error>(
            serde_json::json!({"k": "not a number"})
                .as_object()
                .cloned()
                .unwrap_or_default(),
        )
        .unwrap_err();
        assert!(err.to_string().ends_with(" [at /k]"), "{err}");
    }
}
