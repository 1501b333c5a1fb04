//! Tagged objects: one field (`typeWebhook`, `typeMessage`) chooses the kind.
//! A known kind is read by its builder; a kind the documents do not list is
//! kept whole, unchanged. A missing or mistyped tag is drift, and the object
//! is kept whole.
//!
//! When the tag is the first key (as in most documented examples) the kind's
//! builder reads the rest in one pass. Otherwise the object is kept whole
//! first; a known kind is then read from that value with its tag first, so
//! both paths type exactly the same way.

use std::marker::PhantomData;

use serde::de::{Deserializer, MapAccess, Visitor};
use serde_json::Value;

use super::value::{keep_entries, keep_entry};
use super::{Build, Ctx, Fit, Key, Object, ReadSeed};
use crate::ErrorCode;

/// A type whose kind is chosen by a tag field (generated).
pub trait Tagged: Sized {
    /// The wire name of the tag field.
    const TAG: &'static str;
    /// The spec file that documents the kinds.
    const SPEC: &'static str;
    /// The builder of a known kind.
    type Kind: Build<Out = Self::Known>;
    /// A known kind, read.
    type Known;
    /// The builder for a tag value, with the tag set; `None` for a kind the
    /// documents do not list.
    fn start(tag: &str) -> Option<Self::Kind>;
    /// Wraps a known kind.
    fn known(known: Self::Known) -> Self;
    /// Keeps a value of an unknown kind (or without a usable tag) whole.
    fn unknown(value: Value) -> Self;
}

/// A struct read through [`Tagged`] on one of its own fields (generated for
/// `dispatch_on` structs; used as `Dispatched<T>`).
pub trait Dispatch: super::Fill + Sized {
    /// The wire name of the tag field.
    const TAG: &'static str;
    /// The struct with its tag set, for a tag value the documents list.
    fn start(tag: &str) -> Option<Self>;
}

/// [`super::Read::read`] of a tagged type.
pub fn read_tagged<'de, K: Tagged, D: Deserializer<'de>>(
    deserializer: D,
    cx: &mut Ctx,
) -> Result<Fit<K>, D::Error> {
    deserializer.deserialize_any(TaggedVisitor::<K> {
        cx,
        kind: PhantomData,
    })
}

struct TaggedVisitor<'a, K> {
    cx: &'a mut Ctx,
    kind: PhantomData<K>,
}

impl<'de, K: Tagged> Visitor<'de> for TaggedVisitor<'_, K> {
    type Value = Fit<K>;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        write!(f, "an object with `{}`", K::TAG)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let cx = self.cx;
        let Some(first) = map.next_key::<Key<'de>>()? else {
            cx.missing(K::TAG, Some(K::SPEC));
            return Ok(Fit::Typed(K::unknown(Value::Object(Object::new()))));
        };
        if *first != *K::TAG {
            let mut object = Object::new();
            keep_entry(first, &mut map, &mut object, cx)?;
            keep_entries(&mut map, &mut object, cx)?;
            return from_object::<K, A::Error>(object, cx);
        }
        let mark = cx.enter(K::TAG);
        let tag = map.next_value_seed(ReadSeed::<String>::new(cx));
        let tag = match cx.leave_ok(mark, tag)? {
            Fit::Typed(tag) => tag,
            Fit::Unfit(value, code) => {
                let mark = cx.enter(K::TAG);
                cx.depart::<String>(code, &value, Some(K::SPEC));
                cx.leave(mark);
                return keep_rest::<K, A>(first, value, map, cx);
            }
            Fit::Kept(value) => return keep_rest::<K, A>(first, value, map, cx),
            Fit::Dropped => return keep_rest::<K, A>(first, Value::Null, map, cx),
        };
        match K::start(&tag) {
            Some(mut kind) => {
                while let Some(key) = map.next_key::<Key<'de>>()? {
                    kind.entry(key, &mut map, cx)?;
                }
                Ok(kind
                    .finish(cx)
                    .map_or(Fit::Dropped, |known| Fit::Typed(K::known(known))))
            }
            None => keep_rest::<K, A>(first, Value::String(tag), map, cx),
        }
    }

    super::other_shapes_unfit!(bool, number, string, null, seq);
}

/// An object whose first entry (`key`: `value`) is read: the rest kept, the
/// whole kept as an unknown kind.
fn keep_rest<'de, K: Tagged, A: MapAccess<'de>>(
    key: Key<'de>,
    value: Value,
    mut map: A,
    cx: &mut Ctx,
) -> Result<Fit<K>, A::Error> {
    let mut object = Object::new();
    object.insert(key.0.into_owned(), value);
    keep_entries(&mut map, &mut object, cx)?;
    Ok(Fit::Typed(K::unknown(Value::Object(object))))
}

/// An object kept whole because its tag was not first: a known kind is read
/// from it with the tag moved first; anything else stays kept.
fn from_object<K: Tagged, E: serde::de::Error>(
    mut object: Object,
    cx: &mut Ctx,
) -> Result<Fit<K>, E> {
    let known = match object.get(K::TAG) {
        Some(Value::String(tag)) => K::start(tag).is_some(),
        Some(tag) => {
            let mark = cx.enter(K::TAG);
            cx.depart::<String>(ErrorCode::InvalidType, tag, Some(K::SPEC));
            cx.leave(mark);
            false
        }
        None => {
            cx.missing(K::TAG, Some(K::SPEC));
            false
        }
    };
    if !known {
        return Ok(Fit::Typed(K::unknown(Value::Object(object))));
    }
    let mut reordered = Object::new();
    if let Some(tag) = object.shift_remove(K::TAG) {
        reordered.insert(K::TAG.to_owned(), tag);
    }
    reordered.append(&mut object);
    // Read from the kept value itself: its strings move into the typed
    // fields, and nothing is printed or parsed again.
    read_tagged::<K, _>(Value::Object(reordered), cx).map_err(E::custom)
}

/// Tagged types read through [`read_tagged`]; a value that is not an object
/// is kept whole as an unknown kind where it cannot go elsewhere.
macro_rules! read_as_tagged {
    ($ty:ty) => {
        impl $crate::de::Read for $ty {
            const EXPECTED: &'static str = "an object";

            fn read<'de, D: serde::Deserializer<'de>>(
                deserializer: D,
                cx: &mut $crate::de::Ctx,
            ) -> Result<$crate::de::Fit<Self>, D::Error> {
                $crate::de::read_tagged(deserializer, cx)
            }

            fn keep_whole(value: serde_json::Value) -> Result<Self, serde_json::Value> {
                Ok(<Self as $crate::de::Tagged>::unknown(value))
            }
        }
    };
}
pub(crate) use read_as_tagged;
