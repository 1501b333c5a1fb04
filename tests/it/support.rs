//! Helpers shared by the integration tests.

use serde_json::Value;
use wagate::registry::{self, AnyDocument};
use wagate::{Errors, Issue, ReadMode, Received};

/// Reads a JSON value as a document of TYPE `ty`.
pub fn read(
    ty: &str,
    doc: &Value,
    mode: ReadMode,
) -> Result<Received<Box<dyn AnyDocument>>, Errors> {
    read_bytes(
        ty,
        &serde_json::to_vec(doc).expect("a Value serializes"),
        mode,
    )
}

/// Reads bytes as a document of TYPE `ty`.
pub fn read_bytes(
    ty: &str,
    bytes: &[u8],
    mode: ReadMode,
) -> Result<Received<Box<dyn AnyDocument>>, Errors> {
    let entry = registry::find(ty).unwrap_or_else(|| panic!("TYPE {ty} is not registered"));
    (entry.read)(bytes, mode)
}

/// A read document written back as a JSON value.
pub fn to_value(doc: &dyn AnyDocument) -> Value {
    serde_json::from_slice(&doc.to_json().expect("a document serializes")).expect("JSON")
}

/// Reads a JSON value strictly as a document of TYPE `ty` and writes it back.
pub fn check(ty: &str, doc: &Value) -> Result<Value, Errors> {
    read(ty, doc, ReadMode::Strict).map(|r| to_value(r.value().as_ref()))
}

/// Reads a JSON value strictly as TYPE `ty` and writes it back as a
/// printed document: every `secret` field as `***` (what `wagate check` prints).
pub fn check_redacted(ty: &str, doc: &Value) -> Result<Value, Errors> {
    read(ty, doc, ReadMode::Strict).map(|r| {
        r.value()
            .to_redacted_value()
            .expect("a document serializes")
    })
}

/// Asserts that `doc` is valid (strictly) and re-serializes to an equal value.
pub fn assert_valid(ty: &str, doc: &Value) {
    match check(ty, doc) {
        Ok(back) => assert_eq!(&back, doc, "{ty}: round trip changed the document"),
        Err(e) => panic!("{ty}: expected valid, got {e}"),
    }
}

/// Asserts that `doc` is refused (strictly) and that its first issue has
/// this code and path.
pub fn assert_invalid(ty: &str, doc: &Value, code: &str, path: &str) -> Issue {
    match check(ty, doc) {
        Ok(_) => panic!("{ty}: expected {code} at {path}, but the document is valid"),
        Err(e) => {
            let first = e.first().expect("errors are never empty").clone();
            assert_eq!(
                (first.code.as_str(), first.path.as_str()),
                (code, path),
                "{ty}: {e}"
            );
            first
        }
    }
}

/// Asserts that received data `doc` drifts: read leniently it is kept,
/// re-serializes to an equal value and its first drift has this code and
/// path; read strictly it is refused with the same first issue.
pub fn assert_drift(ty: &str, doc: &Value, code: &str, path: &str) -> Issue {
    let kept =
        read(ty, doc, ReadMode::Lenient).unwrap_or_else(|e| panic!("{ty}: expected kept, got {e}"));
    assert_eq!(
        &to_value(kept.value().as_ref()),
        doc,
        "{ty}: the kept document changed"
    );
    let first = kept
        .drift()
        .first()
        .unwrap_or_else(|| panic!("{ty}: expected {code} at {path}, but there is no drift"))
        .clone();
    assert_eq!(
        (first.code.as_str(), first.path.as_str()),
        (code, path),
        "{ty}: {:?}",
        kept.drift()
    );
    assert!(first.expected.is_some(), "{ty}: {first:?}");
    let refused = assert_invalid(ty, doc, code, path);
    assert_eq!(refused, first, "{ty}: strict reading reports another issue");
    first
}

/// A string of `units` UTF-16 code units made of `unit` repeated; `unit` is
/// one BMP character (1 unit) or one astral character (2 units).
pub fn text_of_units(unit: char, units: usize) -> String {
    let per = unit.len_utf16();
    assert_eq!(units % per, 0, "{units} units cannot be made of {unit:?}");
    std::iter::repeat_n(unit, units / per).collect()
}
