//! Single-pass deserialization of generated structs: each has a builder that
//! takes one `(key, value)` entry at a time. Typed fields go straight into
//! their slots; unknown keys go into `extra` (received data, no
//! `#[serde(flatten)]` buffering) or are refused (requests). Structs are read
//! with `deserialize_map`, so an array in place of an object is refused —
//! serde's derive would read it as the fields in order, the server does not. Tagged objects (a notification's
//! `typeWebhook`) feed the kind's builder directly when the tag comes first,
//! as in every documented example.

use std::borrow::Cow;
use std::marker::PhantomData;

use serde::Deserializer;
use serde::de::{self, DeserializeSeed, MapAccess, Visitor};

/// An object key or a short string, borrowed from the input when it has no
/// escapes (serde's `Cow<str>` always copies).
#[derive(Clone, Debug, PartialEq, Eq)]
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

/// Takes the entries of one received struct (generated for each).
pub trait Builder<'de>: Default {
    /// The struct built.
    type Out;
    /// The struct's name, for error messages.
    const NAME: &'static str;
    /// Takes one entry: a known field into its slot, anything else into `extra`.
    fn entry<D: Deserializer<'de>>(&mut self, key: Cow<'de, str>, value: D)
    -> Result<(), D::Error>;
    /// The struct, or the first required field that is missing.
    fn finish<E: de::Error>(self) -> Result<Self::Out, E>;
}

/// A type read through a [`Builder`] (generated for each received struct).
pub trait Streamed: Sized {
    /// Its builder.
    type Builder<'de>: Builder<'de, Out = Self>;
}

/// Fills a slot once; a second value for the same key is an error, as with derive.
pub fn set<'de, T: de::Deserialize<'de>, D: Deserializer<'de>>(
    slot: &mut Option<T>,
    name: &'static str,
    value: D,
) -> Result<(), D::Error> {
    if slot.is_some() {
        return Err(de::Error::duplicate_field(name));
    }
    *slot = Some(T::deserialize(value)?);
    Ok(())
}

/// A required field's value, or `missing field`.
pub fn required<T, E: de::Error>(slot: Option<T>, name: &'static str) -> Result<T, E> {
    slot.ok_or_else(|| E::missing_field(name))
}

struct EntrySeed<'a, 'de, B> {
    builder: &'a mut B,
    key: Cow<'de, str>,
}

impl<'de, B: Builder<'de>> DeserializeSeed<'de> for EntrySeed<'_, 'de, B> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        self.builder.entry(self.key, deserializer)
    }
}

/// Feeds the next value of a map, under `key`, to a builder.
pub fn entry_from_map<'de, B: Builder<'de>, A: MapAccess<'de>>(
    builder: &mut B,
    key: Cow<'de, str>,
    map: &mut A,
) -> Result<(), A::Error> {
    map.next_value_seed(EntrySeed { builder, key })
}

/// Feeds the remaining entries of a map to a builder.
pub fn rest<'de, B: Builder<'de>, A: MapAccess<'de>>(
    builder: &mut B,
    map: &mut A,
) -> Result<(), A::Error> {
    while let Some(key) = map.next_key::<Key<'de>>()? {
        map.next_value_seed(EntrySeed {
            builder: &mut *builder,
            key: key.0,
        })?;
    }
    Ok(())
}

/// Reads a tagged struct whose tag entry was read first (`key: tag`), then
/// the rest of the map.
pub fn finish_tagged<'de, T: Streamed, A: MapAccess<'de>>(
    key: Cow<'de, str>,
    tag: Cow<'de, str>,
    map: &mut A,
) -> Result<T, A::Error> {
    let mut builder = T::Builder::<'de>::default();
    give::<_, A::Error>(&mut builder, key, tag)?;
    rest(&mut builder, map)?;
    builder.finish()
}

/// An object of an unknown kind, whose tag entry was read first, kept whole.
pub fn unknown_rest<'de, A: MapAccess<'de>>(
    key: Cow<'de, str>,
    tag: Cow<'de, str>,
    map: &mut A,
) -> Result<crate::dispatch::Object, A::Error> {
    let mut object = crate::dispatch::Object::new();
    object.insert(
        key.into_owned(),
        serde_json::Value::String(tag.into_owned()),
    );
    rest_into_object(&mut object, map)?;
    Ok(object)
}

/// An object whose first key is `key` (not the tag), buffered whole.
pub fn buffer_rest<'de, A: MapAccess<'de>>(
    key: Cow<'de, str>,
    map: &mut A,
) -> Result<crate::dispatch::Object, A::Error> {
    let mut object = crate::dispatch::Object::new();
    let value = map.next_value::<serde_json::Value>()?;
    insert_once(&mut object, key, value)?;
    rest_into_object(&mut object, map)?;
    Ok(object)
}

/// Adds an entry to a tagged object being kept or buffered. A key seen twice
/// is refused, as in typed structs: last-wins would let a second tag change
/// the object's kind between parsing and re-serializing.
fn insert_once<E: de::Error>(
    object: &mut crate::dispatch::Object,
    key: Cow<'_, str>,
    value: serde_json::Value,
) -> Result<(), E> {
    if object.contains_key(&*key) {
        return Err(E::custom(format_args!("duplicate field `{key}`")));
    }
    object.insert(key.into_owned(), value);
    Ok(())
}

/// Feeds the remaining entries of a map into a JSON object.
pub fn rest_into_object<'de, A: MapAccess<'de>>(
    object: &mut crate::dispatch::Object,
    map: &mut A,
) -> Result<(), A::Error> {
    while let Some(key) = map.next_key::<Key<'de>>()? {
        let value = map.next_value::<serde_json::Value>()?;
        insert_once(object, key.0, value)?;
    }
    Ok(())
}

/// Gives one already-read entry to a builder.
pub fn give<'de, B: Builder<'de>, E: de::Error>(
    builder: &mut B,
    key: Cow<'de, str>,
    value: Cow<'de, str>,
) -> Result<(), E> {
    builder.entry(key, de::value::CowStrDeserializer::<E>::new(value))
}

/// The `Visitor` of a streamed struct.
pub struct StructVisitor<B>(PhantomData<B>);

impl<B> Default for StructVisitor<B> {
    fn default() -> Self {
        Self(PhantomData)
    }
}

impl<'de, B: Builder<'de>> Visitor<'de> for StructVisitor<B> {
    type Value = B::Out;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        write!(f, "struct {}", B::NAME)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut builder = B::default();
        rest(&mut builder, &mut map)?;
        builder.finish()
    }
}

/// Deserializes a streamed struct.
pub fn deserialize<'de, T: Streamed, D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
    deserializer.deserialize_map(StructVisitor::<T::Builder<'de>>::default())
}
