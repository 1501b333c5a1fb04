//! Values kept as received (unknown fields, values that do not fit, `json`
//! fields): read into `serde_json::Value`, with every key of every object at
//! any depth checked for repeats — serde_json's own `Value` keeps the last
//! of two equal keys silently, which would lose the first.

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::Value;

use super::{Ctx, Key, Object};

/// Reads the next value whole, as received.
pub struct KeepSeed<'a> {
    cx: &'a mut Ctx,
    /// An array item's index: the pointer descends once the item is read.
    index: Option<usize>,
}

impl<'a> KeepSeed<'a> {
    pub fn new(cx: &'a mut Ctx) -> Self {
        Self { cx, index: None }
    }

    /// Reads `deserializer` whole.
    pub fn deserialize_from<'de, D: Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<Value, D::Error> {
        self.deserialize(deserializer)
    }
}

impl<'de> DeserializeSeed<'de> for KeepSeed<'_> {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        let Some(index) = self.index else {
            return deserializer.deserialize_any(KeepVisitor { cx: self.cx });
        };
        let mark = self.cx.enter_index(index);
        let value = deserializer.deserialize_any(KeepVisitor { cx: &mut *self.cx });
        self.cx.leave_ok(mark, value)
    }
}

struct KeepVisitor<'a> {
    cx: &'a mut Ctx,
}

impl<'de> Visitor<'de> for KeepVisitor<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_unit<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Value, E> {
        Ok(v.into())
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Value, E> {
        Ok(v.into())
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Value, E> {
        Ok(v.into())
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Value, A::Error> {
        keep_seq(seq, self.cx)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Value, A::Error> {
        keep_map(map, self.cx)
    }
}

/// The rest of an array, kept.
pub fn keep_seq<'de, A: SeqAccess<'de>>(mut seq: A, cx: &mut Ctx) -> Result<Value, A::Error> {
    let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(64));
    loop {
        let seed = KeepSeed {
            cx: &mut *cx,
            index: Some(items.len()),
        };
        match seq.next_element_seed(seed)? {
            Some(item) => items.push(item),
            None => return Ok(Value::Array(items)),
        }
    }
}

/// The rest of an object, kept.
pub fn keep_map<'de, A: MapAccess<'de>>(mut map: A, cx: &mut Ctx) -> Result<Value, A::Error> {
    let mut object = Object::new();
    keep_entries(&mut map, &mut object, cx)?;
    Ok(Value::Object(object))
}

/// The remaining entries of `map`, kept into `object`.
pub fn keep_entries<'de, A: MapAccess<'de>>(
    map: &mut A,
    object: &mut Object,
    cx: &mut Ctx,
) -> Result<(), A::Error> {
    while let Some(key) = map.next_key::<Key<'de>>()? {
        keep_entry(key, map, object, cx)?;
    }
    Ok(())
}

/// One entry whose key is read, kept into `object`.
pub fn keep_entry<'de, A: MapAccess<'de>>(
    key: Key<'de>,
    map: &mut A,
    object: &mut Object,
    cx: &mut Ctx,
) -> Result<(), A::Error> {
    let mark = cx.enter(&key);
    let result = if object.contains_key(&*key) {
        cx.duplicate::<A::Error>()
            .and_then(|()| map.next_value::<IgnoredAny>().map(drop))
    } else {
        map.next_value_seed(KeepSeed::new(cx)).map(|value| {
            object.insert(key.0.into_owned(), value);
        })
    };
    cx.leave_ok(mark, result)
}
