//! Serializing received structs exactly as they were read: present fields,
//! then the kept `extra` entries; or, for a struct whose place held another
//! JSON shape, that value whole.

use serde::Serialize;
use serde::ser::SerializeMap;
use serde_json::Value;

use crate::de::Object;

/// The value a received struct keeps when its place held something other
/// than an object (every field then reads as absent).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Whole(Option<Box<Value>>);

impl Whole {
    pub fn new(value: Value) -> Self {
        Self(Some(Box::new(value)))
    }

    pub fn get(&self) -> Option<&Value> {
        self.0.as_deref()
    }
}

/// Writes a field when present.
pub fn field<M: SerializeMap, T: Serialize>(
    map: &mut M,
    key: &str,
    value: &Option<T>,
) -> Result<(), M::Error> {
    match value {
        Some(value) => map.serialize_entry(key, value),
        None => Ok(()),
    }
}

/// Writes the kept entries and ends the map.
pub fn end<M: SerializeMap>(mut map: M, extra: &Object) -> Result<M::Ok, M::Error> {
    for (key, value) in extra {
        map.serialize_entry(key, value)?;
    }
    map.end()
}
