//! The benchmark corpus and the five ways of reading it (see
//! `benches/corpus.rs` and `cargo xtask bench`).
//!
//! The corpus is every documented example that is valid: notifications of
//! every kind, requests and responses of every provider, as compact JSON.

use std::path::{Path, PathBuf};

pub mod plain;

/// One document of the corpus.
pub struct Doc {
    /// Its TYPE.
    pub type_name: String,
    /// Compact JSON bytes.
    pub bytes: Vec<u8>,
    /// wagate's checker of the TYPE.
    pub entry: &'static wagate::registry::TypeEntry,
    /// The plain serde mirror's parser.
    pub plain: fn(&[u8]) -> bool,
    /// The TYPE's exported JSON Schema, compiled by the `jsonschema` crate.
    pub schema: std::sync::Arc<jsonschema::Validator>,
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn json_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in rd.flatten() {
        let path = entry.path();
        if path.is_dir() {
            json_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "json") {
            out.push(path);
        }
    }
}

/// Loads the corpus: every valid documented example with a `document`.
pub fn corpus() -> Result<Vec<Doc>, String> {
    let mut files = Vec::new();
    json_files(&root().join("spec/examples"), &mut files);
    files.sort();
    let mut schemas: std::collections::BTreeMap<String, std::sync::Arc<jsonschema::Validator>> =
        std::collections::BTreeMap::new();
    let mut docs = Vec::new();
    for path in files {
        let text = std::fs::read_to_string(&path).map_err(|e| e.to_string())?;
        let file: serde_json::Value = serde_json::from_str(&text).map_err(|e| e.to_string())?;
        let (Some(ty), Some(doc)) = (
            file.get("type").and_then(|t| t.as_str()),
            file.get("document"),
        ) else {
            continue;
        };
        if file.get("verdict").and_then(|v| v.as_str()) != Some("valid") {
            continue;
        }
        let entry = wagate::registry::find(ty).ok_or(format!("unknown TYPE {ty}"))?;
        let plain = plain::PARSERS
            .iter()
            .find(|(t, _)| *t == ty)
            .map(|(_, f)| *f)
            .ok_or(format!("no plain parser for {ty}"))?;
        let schema = match schemas.get(ty) {
            Some(s) => s.clone(),
            None => {
                let path = root().join(format!("crates/wagate/schema/{ty}.json"));
                let value: serde_json::Value = serde_json::from_slice(
                    &std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?,
                )
                .map_err(|e| e.to_string())?;
                let compiled = std::sync::Arc::new(
                    jsonschema::validator_for(&value).map_err(|e| format!("{ty}: {e}"))?,
                );
                schemas.insert(ty.to_owned(), compiled.clone());
                compiled
            }
        };
        docs.push(Doc {
            type_name: ty.to_owned(),
            bytes: serde_json::to_vec(doc).map_err(|e| e.to_string())?,
            entry,
            plain,
            schema,
        });
    }
    Ok(docs)
}

/// (a) wagate: parse and validate into the typed value.
pub fn wagate_typed(docs: &[Doc]) -> usize {
    docs.iter()
        .filter(|d| (d.entry.decode)(&d.bytes).is_ok())
        .count()
}

/// (b) serde_json into `Value`, what an untyped SDK does.
pub fn serde_value(docs: &[Doc]) -> usize {
    docs.iter()
        .filter(|d| serde_json::from_slice::<serde_json::Value>(&d.bytes).is_ok())
        .count()
}

/// (c) `Value`, then the `jsonschema` crate against wagate's exported schema.
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

/// (e) wagate serialization of typed values.
pub fn wagate_serialize(values: &[Box<dyn wagate::registry::AnyDocument>]) -> usize {
    values
        .iter()
        .filter_map(|v| v.to_json().ok())
        .map(|b| b.len())
        .sum()
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
        for d in &docs {
            assert!((d.plain)(&d.bytes), "plain mirror refuses {}", d.type_name);
            let v: serde_json::Value = serde_json::from_slice(&d.bytes).unwrap();
            assert!(d.schema.is_valid(&v), "schema refuses {}", d.type_name);
        }
        let kinds: std::collections::BTreeSet<_> =
            docs.iter().map(|d| d.type_name.as_str()).collect();
        assert!(
            kinds.contains("green-api/webhook") && kinds.contains("green-api/SendMessage.request")
        );
    }
}
