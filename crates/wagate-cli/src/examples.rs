//! Running the documented examples against their verdicts: the main job of
//! `wagate examples`, and the example tests.
//!
//! Received examples are read strictly (drift is an error), so a documented
//! example keeps its verdict whether or not the reader is lenient.

use serde_json::Value;
use wagate::registry;
use wagate::{Errors, ReadMode};

use crate::example_file::{ExampleFile, Verdict};

/// Every example file of spec/examples/: (path under spec/examples/, text).
pub use crate::generated::examples::EXAMPLES;

/// How an example fared.
#[derive(Clone, Debug, PartialEq)]
pub struct Outcome {
    /// The example's TYPE (`?` when the file is not an example file).
    pub type_name: String,
    /// Whether it met its verdict (and, when valid, round-tripped).
    pub passed: bool,
    /// What wagate answered, in a few words (`valid`, `invalid too_long /message`).
    pub got: String,
    /// What the file expected.
    pub expected: String,
}

fn describe(code: &str, path: &str) -> String {
    format!(
        "invalid {code} {}",
        if path.is_empty() { "\"\"" } else { path }
    )
}

fn got(result: &Result<Value, Errors>) -> String {
    match result {
        Ok(_) => "valid".into(),
        Err(errors) => errors
            .first()
            .map_or_else(|| "invalid".into(), |i| describe(i.code.as_str(), &i.path)),
    }
}

/// Checks an example file against its verdict; a valid one must also
/// re-serialize to a JSON value equal to the document.
pub fn run(text: &str) -> Outcome {
    let file = match ExampleFile::parse(text) {
        Ok(file) => file,
        Err(e) => {
            return Outcome {
                type_name: "?".into(),
                passed: false,
                got: e,
                expected: "an example file".into(),
            };
        }
    };
    let type_name = file.type_name.clone();
    let Some(entry) = registry::find(&type_name) else {
        return Outcome {
            passed: false,
            got: format!("unknown TYPE {type_name}"),
            expected: String::new(),
            type_name,
        };
    };
    // A document that cannot be written back reads as null: its round trip fails.
    let result = (entry.read)(&file.bytes(), ReadMode::Strict).map(|doc| {
        doc.to_json()
            .ok()
            .and_then(|json| serde_json::from_slice::<Value>(&json).ok())
            .unwrap_or(Value::Null)
    });
    let (passed, expected) = match file.verdict() {
        Verdict::Valid => {
            let document = file.document.clone().or_else(|| {
                file.document_text
                    .as_deref()
                    .and_then(|t| serde_json::from_str(t).ok())
            });
            let same = matches!((&result, &document), (Ok(value), Some(doc)) if value == doc);
            (same, "valid".to_owned())
        }
        Verdict::Invalid { rule, path } => {
            let first = result.as_ref().err().and_then(|e| e.first());
            let same = first.is_some_and(|i| i.code.as_str() == rule && i.path == path);
            (same, describe(&rule, &path))
        }
    };
    let got = match (&result, passed, expected.as_str()) {
        (Ok(_), false, "valid") => "valid, but the round trip changed the document".into(),
        _ => got(&result),
    };
    Outcome {
        type_name,
        passed,
        got,
        expected,
    }
}
