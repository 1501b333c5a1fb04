//! Errors a person can act on: a JSON Pointer, a stable code, the limit, and
//! the server's own text where the documents give one.

use std::fmt;

use serde::Serialize;

/// Stable, snake_case error codes. Once published a code never changes
/// meaning; new codes may be added.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ErrorCode {
    /// The input is not JSON (or has trailing bytes, or ends early).
    Syntax,
    /// The input is larger than [`crate::MAX_INPUT_BYTES`].
    InputTooLarge,
    /// The JSON nests deeper than the parser allows.
    TooDeep,
    /// A value has the wrong JSON type.
    InvalidType,
    /// A value has the right type but an impossible value.
    InvalidValue,
    /// A required field is absent.
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
    /// A chat id is not `<digits>@c.us`, `<digits>-<digits>@g.us` or `<digits>@g.us`.
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

    /// Every code, for documentation and tests.
    pub const ALL: &'static [ErrorCode] = &[
        Self::Syntax,
        Self::InputTooLarge,
        Self::TooDeep,
        Self::InvalidType,
        Self::InvalidValue,
        Self::MissingField,
        Self::UnknownField,
        Self::DuplicateField,
        Self::TooLong,
        Self::TooShort,
        Self::Empty,
        Self::TooManyItems,
        Self::TooFewItems,
        Self::NotUnique,
        Self::TooSmall,
        Self::TooLarge,
        Self::NotAllowed,
        Self::UnsafeNumber,
        Self::BadPhoneNumber,
        Self::BadFormat,
        Self::InvalidChatId,
        Self::UnknownValue,
        Self::MissingOneOf,
        Self::TooFewProperties,
    ];

    /// The code for its string, if there is one.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|c| c.as_str() == name)
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One problem with a document.
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
    /// 1-based line of the input where decoding stopped (decode errors only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    /// 1-based column of the input where decoding stopped (decode errors only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<usize>,
}

impl Issue {
    /// An issue without limit, server text or position.
    pub fn new(path: impl Into<String>, code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            path: path.into(),
            code,
            message: message.into(),
            limit: None,
            server_message: None,
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

/// Every problem found in a document, in document order where it matters:
/// decoding stops at the first; validation reports all.
#[derive(Clone, Debug, PartialEq, Serialize, thiserror::Error)]
pub struct Errors {
    /// The problems; never empty.
    pub errors: Vec<Issue>,
}

impl Errors {
    /// Wraps one issue.
    pub fn one(issue: Issue) -> Self {
        Self {
            errors: vec![issue],
        }
    }

    /// The first issue.
    pub fn first(&self) -> Option<&Issue> {
        self.errors.first()
    }
}

impl fmt::Display for Errors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, issue) in self.errors.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            write!(f, "{issue}")?;
        }
        Ok(())
    }
}

/// Appends one reference token to a JSON Pointer, escaping `~` and `/` (RFC 6901).
pub fn pointer_push(pointer: &mut String, token: &str) {
    pointer.push('/');
    for c in token.chars() {
        match c {
            '~' => pointer.push_str("~0"),
            '/' => pointer.push_str("~1"),
            c => pointer.push(c),
        }
    }
}

/// The Joi label of a JSON Pointer: `/options/1/optionName` → `options[1].optionName`.
/// The server's validation texts name fields this way.
pub fn joi_label(pointer: &str) -> String {
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
    fn codes_are_unique_and_named() {
        for code in ErrorCode::ALL {
            assert_eq!(ErrorCode::from_name(code.as_str()), Some(*code));
        }
    }
}
