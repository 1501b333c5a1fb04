//! The benchmark corpus and the five ways of reading it (see
//! `benches/corpus.rs` and `cargo xtask bench`).
//!
//! The corpus is every documented example that is valid and written as a
//! JSON document: notifications of every kind, requests and responses of
//! every provider, as compact JSON.

use std::collections::BTreeMap;
use std::sync::Arc;

use wagate::ReadMode;
use wagate::registry::{AnyDocument, TypeEntry};
use wagate_cli::example_file::{ExampleFile, Verdict};

// Generated: a provider module imports the shared `IntOrString` whether or
// not one of its structs uses it.
#[allow(unused_imports)]
pub mod plain;

/// One document of the corpus.
#[derive(Clone)]
pub struct Doc {
    /// Its TYPE.
    pub type_name: &'static str,
    /// Compact JSON bytes.
    pub bytes: Vec<u8>,
    /// wagate's reader of the TYPE.
    pub entry: &'static TypeEntry,
    /// The plain serde mirror's parser.
    pub plain: fn(&[u8]) -> bool,
    /// The TYPE's exported JSON Schema, compiled by the `jsonschema` crate.
    pub schema: Arc<jsonschema::Validator>,
}

/// Loads the corpus: every valid documented example with a `document`
/// (examples kept only as text are broken as printed, so not in it).
pub fn corpus() -> Result<Vec<Doc>, String> {
    let mut schemas: BTreeMap<&'static str, Arc<jsonschema::Validator>> = BTreeMap::new();
    let mut docs = Vec::new();
    for (path, text) in wagate_cli::examples::EXAMPLES {
        let file = ExampleFile::parse(text).map_err(|e| format!("{path}: {e}"))?;
        let Some(document) = &file.document else {
            continue;
        };
        if file.verdict() != Verdict::Valid {
            continue;
        }
        let entry = wagate::registry::find(&file.type_name)
            .ok_or_else(|| format!("{path}: unknown TYPE {}", file.type_name))?;
        let ty = entry.name;
        let plain = plain::PARSERS
            .iter()
            .find(|(t, _)| *t == ty)
            .map(|(_, f)| *f)
            .ok_or_else(|| format!("no plain parser for {ty}"))?;
        let schema = match schemas.get(ty) {
            Some(s) => Arc::clone(s),
            None => {
                let text = wagate_cli::schema(ty).ok_or_else(|| format!("no schema for {ty}"))?;
                let value: serde_json::Value =
                    serde_json::from_str(text).map_err(|e| format!("schema of {ty}: {e}"))?;
                let compiled = Arc::new(
                    jsonschema::validator_for(&value)
                        .map_err(|e| format!("schema of {ty}: {e}"))?,
                );
                schemas.insert(ty, Arc::clone(&compiled));
                compiled
            }
        };
        docs.push(Doc {
            type_name: ty,
            bytes: serde_json::to_vec(document).map_err(|e| format!("{path}: {e}"))?,
            entry,
            plain,
            schema,
        });
    }
    Ok(docs)
}

/// (a) wagate: read into the typed value, as a user reads by default
/// (lenient for received data; requests are always checked against every rule).
pub fn wagate_typed(docs: &[Doc]) -> usize {
    docs.iter()
        .filter(|d| (d.entry.read)(&d.bytes, ReadMode::Lenient).is_ok())
        .count()
}

/// (b) serde_json into `Value`, what an untyped SDK does.
pub fn serde_value(docs: &[Doc]) -> usize {
    docs.iter()
        .filter(|d| serde_json::from_slice::<serde_json::Value>(&d.bytes).is_ok())
        .count()
}

/// (c) `Value`, then the `jsonschema` crate against the exported schema.
pub fn value_and_jsonschema(docs: &[Doc]) -> usize {
    docs.iter()
        .filter(|d| {
            serde_json::from_slice::<serde_json::Value>(&d.bytes)
                .is_ok_and(|v| d.schema.is_valid(&v))
        })
        .count()
}

/// (c, validation alone) the `jsonschema` crate over parsed values.
pub fn jsonschema_only(docs: &[Doc], values: &[serde_json::Value]) -> usize {
    docs.iter()
        .zip(values)
        .filter(|(d, v)| d.schema.is_valid(v))
        .count()
}

/// (d) plain serde typed structs: no validation, unknown fields dropped.
pub fn plain_serde(docs: &[Doc]) -> usize {
    docs.iter().filter(|d| (d.plain)(&d.bytes)).count()
}

/// (e) wagate serialization of typed values: the bytes written.
pub fn wagate_serialize(values: &[Box<dyn AnyDocument>]) -> usize {
    values
        .iter()
        .filter_map(|v| v.to_json().ok())
        .map(|b| b.len())
        .sum()
}

/// The typed values of the corpus, for (e).
pub fn typed(docs: &[Doc]) -> Result<Vec<Box<dyn AnyDocument>>, String> {
    docs.iter()
        .map(|d| {
            (d.entry.read)(&d.bytes, ReadMode::Lenient)
                .map(wagate::Received::into_value)
                .map_err(|e| {
                    let report = serde_json::to_string(&e).unwrap_or_default();
                    format!("{}: {report}", d.type_name)
                })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

    use super::*;

    #[test]
    fn every_corpus_document_is_read_by_every_contender() {
        let docs = corpus().unwrap();
        assert!(docs.len() > 150, "{}", docs.len());
        let n = docs.len();
        assert_eq!(wagate_typed(&docs), n);
        assert_eq!(serde_value(&docs), n);
        assert_eq!(value_and_jsonschema(&docs), n);
        assert_eq!(plain_serde(&docs), n);
        for d in &docs {
            let read = (d.entry.read)(&d.bytes, ReadMode::Lenient).unwrap();
            // A valid example conforms: no drift, and it writes back equal.
            assert!(read.conforms(), "{}: {:?}", d.type_name, read.drift());
            let back: serde_json::Value = serde_json::from_slice(&read.to_json().unwrap()).unwrap();
            let input: serde_json::Value = serde_json::from_slice(&d.bytes).unwrap();
            assert_eq!(back, input, "{}", d.type_name);
            assert!((d.plain)(&d.bytes), "plain mirror refuses {}", d.type_name);
            assert!(d.schema.is_valid(&input), "schema refuses {}", d.type_name);
        }
        let written = wagate_serialize(&typed(&docs).unwrap());
        assert!(written > 0);
        let kinds: std::collections::BTreeSet<_> = docs.iter().map(|d| d.type_name).collect();
        assert!(
            kinds.contains("green-api/webhook") && kinds.contains("green-api/SendMessage.request")
        );
    }
}
