//! The example-file format of `spec/examples/` (spec/README.md, "Example
//! file"): one documented example, its source lines and its expected
//! verdict. The one reader of that format: xtask checks and bundles the
//! files with it, the command runs them.

use serde::{Deserialize, Deserializer};
use serde_json::Value;

/// One example file.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExampleFile {
    /// The TYPE (`green-api/SendMessage.request`).
    #[serde(rename = "type")]
    pub type_name: String,
    /// Where the documents print it (`FILE:FIRST-LAST`).
    pub seed: String,
    /// Its title.
    pub title: String,
    verdict: Word,
    rule: Option<String>,
    path: Option<String>,
    /// The example as a JSON value (`null` included).
    #[serde(default, deserialize_with = "present")]
    pub document: Option<Value>,
    /// The example's exact text, for examples that are not JSON as printed.
    pub document_text: Option<String>,
    /// What was changed to make a broken example whole.
    pub repair: Option<String>,
    /// Anything else a reader needs.
    pub note: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
enum Word {
    Valid,
    Invalid,
}

/// What an example must give.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// Accepted (and, re-serialized, equal to the document).
    Valid,
    /// Refused, the first issue having this code at this JSON Pointer.
    Invalid {
        /// The stable error code.
        rule: String,
        /// Its JSON Pointer.
        path: String,
    },
}

/// A present `document`, `null` included.
fn present<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Value>, D::Error> {
    Value::deserialize(d).map(Some)
}

impl ExampleFile {
    /// Reads an example file; its shape is checked, not its contents.
    pub fn parse(text: &str) -> Result<Self, String> {
        let file: Self =
            serde_json::from_str(text).map_err(|e| format!("not an example file: {e}"))?;
        if file.document.is_some() == file.document_text.is_some() {
            return Err("exactly one of `document` and `document_text` is required".into());
        }
        match (file.verdict, &file.rule, &file.path) {
            (Word::Valid, None, None) | (Word::Invalid, Some(_), Some(_)) => {}
            (Word::Valid, _, _) => return Err("a valid example has no `rule` or `path`".into()),
            (Word::Invalid, _, _) => {
                return Err(
                    "an invalid example needs `rule` (an error code) and `path` (a JSON Pointer)"
                        .into(),
                );
            }
        }
        if file.title.trim().is_empty() {
            return Err("title is empty".into());
        }
        Ok(file)
    }

    /// The expected verdict.
    pub fn verdict(&self) -> Verdict {
        match (&self.rule, &self.path) {
            (Some(rule), Some(path)) => Verdict::Invalid {
                rule: rule.clone(),
                path: path.clone(),
            },
            _ => Verdict::Valid,
        }
    }

    /// The bytes checked: the document written as JSON, or the exact text.
    pub fn bytes(&self) -> Vec<u8> {
        match (&self.document_text, &self.document) {
            (Some(text), _) => text.clone().into_bytes(),
            (None, Some(doc)) => serde_json::to_vec(doc).unwrap_or_default(),
            (None, None) => b"null".to_vec(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes_are_checked() {
        let ok = r#"{"type":"t","seed":"s","title":"x","verdict":"invalid","rule":"syntax","path":"","document_text":"{"}"#;
        let file = ExampleFile::parse(ok).expect("a well-formed file");
        assert_eq!(
            file.verdict(),
            Verdict::Invalid {
                rule: "syntax".into(),
                path: String::new()
            }
        );
        assert_eq!(file.bytes(), b"{");
        let null = r#"{"type":"t","seed":"s","title":"x","verdict":"valid","document":null}"#;
        assert_eq!(
            ExampleFile::parse(null).map(|f| f.bytes()),
            Ok(b"null".to_vec())
        );
        for bad in [
            r#"{"type":"t","seed":"s","title":"x","verdict":"valid"}"#,
            r#"{"type":"t","seed":"s","title":"x","verdict":"valid","rule":"syntax","path":"","document":1}"#,
            r#"{"type":"t","seed":"s","title":"x","verdict":"invalid","document":1}"#,
            r#"{"type":"t","seed":"s","title":"x","verdict":"maybe","document":1}"#,
            r#"{"type":"t","seed":"s","title":"x","verdict":"valid","document":1,"extra":1}"#,
        ] {
            assert!(ExampleFile::parse(bad).is_err(), "{bad}");
        }
    }
}
