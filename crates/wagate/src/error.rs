//! Errors a person can act on: a JSON Pointer, a stable code, the limit, and
//! the server's own text where the documents give one.

use std::borrow::Cow;
use std::fmt;

use serde::Serialize;
use serde::ser::SerializeMap as _;

/// Stable, snake_case error codes. Once published a code never changes
/// meaning; new codes may be added.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ErrorCode {
    /// The input is not one JSON value (or has trailing bytes, or ends early).
    Syntax,
    /// The input is larger than [`crate::MAX_INPUT_BYTES`].
    InputTooLarge,
    /// The JSON nests deeper than [`crate::MAX_NESTING_DEPTH`].
    TooDeep,
    /// A value has another JSON type than documented.
    InvalidType,
    /// A value has the documented JSON type but an impossible value.
    InvalidValue,
    /// A documented field is absent.
    MissingField,
    /// A request carries a field the method does not document.
    UnknownField,
    /// An object has the same key twice.
    DuplicateField,
    /// A string is longer than the limit (UTF-16 code units).
    TooLong,
    /// A string is shorter than the limit (UTF-16 code units).
    TooShort,
    /// A required string is empty.
    Empty,
    /// An array has more items than the limit.
    TooManyItems,
    /// An array has fewer items than the limit.
    TooFewItems,
    /// Array items that must differ repeat.
    NotUnique,
    /// A number is below the minimum.
    TooSmall,
    /// A number is above the maximum.
    TooLarge,
    /// A number is not one of the allowed values.
    NotAllowed,
    /// A number is not a JavaScript safe integer.
    UnsafeNumber,
    /// A phone number breaks the digit rule or cannot exist.
    BadPhoneNumber,
    /// A string does not have the documented form (a URL scheme, say).
    BadFormat,
    /// A chat id has none of the shapes the field accepts.
    InvalidChatId,
    /// A request uses an enumeration value the documents do not list.
    UnknownValue,
    /// None of a set of fields of which one is required is present.
    MissingOneOf,
    /// An object has fewer fields than required.
    TooFewProperties,
}

impl ErrorCode {
    /// The code as it appears in JSON reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Syntax => "syntax",
            Self::InputTooLarge => "input_too_large",
            Self::TooDeep => "too_deep",
            Self::InvalidType => "invalid_type",
            Self::InvalidValue => "invalid_value",
            Self::MissingField => "missing_field",
            Self::UnknownField => "unknown_field",
            Self::DuplicateField => "duplicate_field",
            Self::TooLong => "too_long",
            Self::TooShort => "too_short",
            Self::Empty => "empty",
            Self::TooManyItems => "too_many_items",
            Self::TooFewItems => "too_few_items",
            Self::NotUnique => "not_unique",
            Self::TooSmall => "too_small",
            Self::TooLarge => "too_large",
            Self::NotAllowed => "not_allowed",
            Self::UnsafeNumber => "unsafe_number",
            Self::BadPhoneNumber => "bad_phone_number",
            Self::BadFormat => "bad_format",
            Self::InvalidChatId => "invalid_chat_id",
            Self::UnknownValue => "unknown_value",
            Self::MissingOneOf => "missing_one_of",
            Self::TooFewProperties => "too_few_properties",
        }
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One problem with a document: a broken rule of a request, a reason a
/// document cannot be read, or a *drift* of received data from the documents
/// (kept, and reported).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Issue {
    /// RFC 6901 JSON Pointer to the offending value (`""` is the whole document).
    pub path: String,
    /// Stable code.
    pub code: ErrorCode,
    /// What is wrong, in English.
    pub message: String,
    /// The documented limit that was broken, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub limit: Option<u64>,
    /// The server's own error text for this problem, as documented.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub server_message: Option<String>,
    /// What the documents say the value is (drift and type errors).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expected: Option<Cow<'static, str>>,
    /// The spec file that documents the value (drift), e.g.
    /// `spec/green-api/webhooks.toml`; it cites the source lines.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub spec: Option<&'static str>,
    /// 1-based line of the input where reading stopped (syntax errors only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    /// 1-based column of the input where reading stopped (syntax errors only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<usize>,
}

impl Issue {
    /// An issue with only a path, a code and a message.
    pub fn new(path: impl Into<String>, code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            path: path.into(),
            code,
            message: message.into(),
            limit: None,
            server_message: None,
            expected: None,
            spec: None,
            line: None,
            column: None,
        }
    }
}

impl fmt::Display for Issue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = if self.path.is_empty() {
            "(document)"
        } else {
            &self.path
        };
        write!(f, "{path}: {} ({})", self.message, self.code)?;
        if let (Some(line), Some(column)) = (self.line, self.column) {
            write!(f, " at line {line} column {column}")?;
        }
        Ok(())
    }
}

/// Every problem found in a document (never empty): a syntax error alone,
/// else every structural problem at once, and for requests every broken rule.
/// Serializes as `{"errors":[…]}`.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub struct Errors(Vec<Issue>);

impl Errors {
    /// Wraps issues; `None` when there are none.
    pub fn new(issues: Vec<Issue>) -> Option<Self> {
        (!issues.is_empty()).then_some(Self(issues))
    }

    pub(crate) fn one(issue: Issue) -> Self {
        Self(vec![issue])
    }

    /// The issues, for taking them apart.
    pub fn into_vec(self) -> Vec<Issue> {
        self.0
    }
}

impl std::ops::Deref for Errors {
    type Target = [Issue];
    fn deref(&self) -> &[Issue] {
        &self.0
    }
}

impl IntoIterator for Errors {
    type Item = Issue;
    type IntoIter = std::vec::IntoIter<Issue>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl<'a> IntoIterator for &'a Errors {
    type Item = &'a Issue;
    type IntoIter = std::slice::Iter<'a, Issue>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

impl Serialize for Errors {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(1))?;
        map.serialize_entry("errors", &self.0)?;
        map.end()
    }
}

impl fmt::Display for Errors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, issue) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            write!(f, "{issue}")?;
        }
        Ok(())
    }
}

/// Appends one reference token to a JSON Pointer, escaping `~` and `/` (RFC 6901).
pub(crate) fn pointer_push(pointer: &mut String, token: &str) {
    pointer.push('/');
    // Nearly every key needs no escape: copy it whole (a byte scan; both
    // characters are ASCII, so no UTF-8 decoding is needed to find them).
    if !token.bytes().any(|b| b == b'~' || b == b'/') {
        pointer.push_str(token);
        return;
    }
    for c in token.chars() {
        match c {
            '~' => pointer.push_str("~0"),
            '/' => pointer.push_str("~1"),
            c => pointer.push(c),
        }
    }
}

/// Appends an array index to a JSON Pointer.
pub(crate) fn pointer_push_index(pointer: &mut String, index: usize) {
    use std::fmt::Write as _;
    let _ = write!(pointer, "/{index}");
}

/// The Joi label of a JSON Pointer: `/options/1/optionName` → `options[1].optionName`.
/// The server's validation texts name fields this way.
pub(crate) fn joi_label(pointer: &str) -> String {
    let mut label = String::new();
    for token in pointer.split('/').skip(1) {
        let token = token.replace("~1", "/").replace("~0", "~");
        if !token.is_empty() && token.bytes().all(|b| b.is_ascii_digit()) {
            label.push('[');
            label.push_str(&token);
            label.push(']');
        } else {
            if !label.is_empty() {
                label.push('.');
            }
            label.push_str(&token);
        }
    }
    label
}

/// A server text template with its `{label}` filled from `pointer`.
pub(crate) fn server_text(template: &str, pointer: &str) -> String {
    template.replace("{label}", &joi_label(pointer))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointer_escapes() {
        let mut p = String::new();
        pointer_push(&mut p, "a/b");
        pointer_push(&mut p, "m~n");
        assert_eq!(p, "/a~1b/m~0n");
    }

    #[test]
    fn labels_follow_joi() {
        assert_eq!(joi_label("/options/1/optionName"), "options[1].optionName");
        assert_eq!(joi_label("/contact/phoneContact"), "contact.phoneContact");
        assert_eq!(joi_label(""), "");
    }

    #[test]
    fn errors_serialize_under_one_key() {
        let errors = Errors::one(Issue::new("/a", ErrorCode::Empty, "must not be empty"));
        assert_eq!(
            serde_json::to_string(&errors).ok().as_deref(),
            Some(r#"{"errors":[{"path":"/a","code":"empty","message":"must not be empty"}]}"#)
        );
        assert!(Errors::new(Vec::new()).is_none());
    }
}
