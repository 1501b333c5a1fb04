//! Running a documented example file of `spec/examples/` against its
//! expected verdict: the check behind `wagate examples` and the example tests.

use serde_json::Value;

use crate::error::Errors;
use crate::registry;

/// What an example file says it is.
#[derive(Clone, Debug, PartialEq)]
pub struct ExampleFile {
    /// The TYPE.
    pub type_name: String,
    /// Where it comes from (`FILE:FIRST-LAST`).
    pub seed: String,
    /// Its title.
    pub title: String,
    /// `None` when it must be valid; `Some((code, pointer))` when it must fail so.
    pub expected_error: Option<(String, String)>,
    /// The document's bytes, as they are checked.
    pub bytes: Vec<u8>,
    /// The document as a JSON value, when it is one (for the round trip).
    pub document: Option<Value>,
    /// Whether the example was repaired.
    pub repaired: bool,
}

/// How an example fared.
#[derive(Clone, Debug, PartialEq)]
pub struct Outcome {
    /// Whether it met its verdict (and, when valid, round-tripped).
    pub passed: bool,
    /// What wagate answered, in a few words (`valid`, `invalid too_long /message`).
    pub got: String,
    /// What the file expected.
    pub expected: String,
}

/// Reads an example file.
pub fn parse_example(text: &str) -> Result<ExampleFile, String> {
    let v: Value = serde_json::from_str(text).map_err(|e| format!("not JSON: {e}"))?;
    let field = |k: &str| v.get(k).and_then(Value::as_str).map(str::to_owned);
    let type_name = field("type").ok_or("no `type`")?;
    let verdict = field("verdict").ok_or("no `verdict`")?;
    let expected_error = match verdict.as_str() {
        "valid" => None,
        "invalid" => Some((
            field("rule").ok_or("invalid without `rule`")?,
            field("path").ok_or("invalid without `path`")?,
        )),
        other => return Err(format!("unknown verdict `{other}`")),
    };
    let (bytes, document) = match (v.get("document"), field("document_text")) {
        (Some(doc), None) => (
            serde_json::to_vec(doc).map_err(|e| e.to_string())?,
            Some(doc.clone()),
        ),
        (None, Some(text)) => {
            let doc = serde_json::from_str::<Value>(&text).ok();
            (text.into_bytes(), doc)
        }
        _ => return Err("exactly one of `document` and `document_text` is required".into()),
    };
    Ok(ExampleFile {
        type_name,
        seed: field("seed").unwrap_or_default(),
        title: field("title").unwrap_or_default(),
        expected_error,
        bytes,
        document,
        repaired: v.get("repair").is_some(),
    })
}

fn describe(result: &Result<Value, Errors>) -> String {
    match result {
        Ok(_) => "valid".into(),
        Err(errors) => match errors.first() {
            Some(first) => format!(
                "invalid {} {}",
                first.code,
                if first.path.is_empty() {
                    "\"\""
                } else {
                    &first.path
                }
            ),
            None => "invalid".into(),
        },
    }
}

/// Checks an example against its verdict; a valid one must also re-serialize
/// to a JSON value equal to the document.
pub fn run_example(example: &ExampleFile) -> Outcome {
    let Some(entry) = registry::find(&example.type_name) else {
        return Outcome {
            passed: false,
            got: format!("unknown TYPE {}", example.type_name),
            expected: String::new(),
        };
    };
    let result = (entry.check)(&example.bytes);
    let got = describe(&result);
    match &example.expected_error {
        None => {
            let expected = "valid".to_owned();
            match (&result, &example.document) {
                (Ok(value), Some(doc)) if value == doc => Outcome {
                    passed: true,
                    got,
                    expected,
                },
                (Ok(_), _) => Outcome {
                    passed: false,
                    got: "valid, but the round trip changed the document".into(),
                    expected,
                },
                (Err(_), _) => Outcome {
                    passed: false,
                    got,
                    expected,
                },
            }
        }
        Some((code, path)) => {
            let expected = format!(
                "invalid {code} {}",
                if path.is_empty() { "\"\"" } else { path }
            );
            let passed = match &result {
                Err(errors) => errors
                    .first()
                    .is_some_and(|i| i.code.as_str() == code && &i.path == path),
                Ok(_) => false,
            };
            Outcome {
                passed,
                got,
                expected,
            }
        }
    }
}
