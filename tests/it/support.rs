//! Helpers shared by the integration tests.

use serde_json::Value;
use wagate::{Errors, registry};

/// Checks a JSON value as a document of TYPE `ty`.
pub fn check(ty: &str, doc: &Value) -> Result<Value, Errors> {
    let entry = registry::find(ty).unwrap_or_else(|| panic!("TYPE {ty} is not registered"));
    let bytes = serde_json::to_vec(doc).expect("a Value serializes");
    (entry.check)(&bytes)
}

/// Asserts that `doc` is valid and re-serializes to an equal value.
pub fn assert_valid(ty: &str, doc: &Value) {
    match check(ty, doc) {
        Ok(back) => assert_eq!(&back, doc, "{ty}: round trip changed the document"),
        Err(e) => panic!("{ty}: expected valid, got {e}"),
    }
}

/// Asserts that `doc` is invalid and that its first issue has this code and path.
pub fn assert_invalid(ty: &str, doc: &Value, code: &str, path: &str) -> wagate::Issue {
    match check(ty, doc) {
        Ok(_) => panic!("{ty}: expected {code} at {path}, but the document is valid"),
        Err(e) => {
            let first = e.errors.first().expect("errors are never empty").clone();
            assert_eq!(
                (first.code.as_str(), first.path.as_str()),
                (code, path),
                "{ty}: {e}"
            );
            first
        }
    }
}

/// A string of `units` UTF-16 code units made of `unit` repeated; `unit` is
/// one BMP character (1 unit) or one astral character (2 units).
pub fn text_of_units(unit: char, units: usize) -> String {
    let per = unit.len_utf16();
    assert_eq!(units % per, 0, "{units} units cannot be made of {unit:?}");
    std::iter::repeat_n(unit, units / per).collect()
}
