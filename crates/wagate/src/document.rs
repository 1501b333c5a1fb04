//! Decoding and checking whole documents: the one path every TYPE goes through.

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::error::{ErrorCode, Errors, Issue, pointer_push};

/// The largest document wagate decodes, in bytes: a longer input is refused
/// with `input_too_large` before any parsing. The server itself refuses JSON
/// request bodies over 100 KB (see
/// [`crate::endpoint::GREEN_API_MAX_JSON_BODY_BYTES`], enforced when a request
/// is built); received journals can be longer, so this cap is generous but
/// finite. Every path is linear (or n log n) in the input, so the cap bounds
/// time as well as memory.
pub const MAX_INPUT_BYTES: usize = 16 * 1024 * 1024;

/// The deepest nesting of arrays and objects wagate decodes, the root
/// counting as 1: deeper input is refused with `too_deep` (serde_json's
/// recursion limit), never a stack overflow. It holds through the two-stage
/// parse of notifications ([`crate::dispatch`]) and for unknown fields kept in
/// `extra`, because both are buffered by the same bounded parser.
pub const MAX_NESTING_DEPTH: usize = 127;

/// What side of the wire a TYPE describes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Direction {
    /// Sent by the client: strict (unknown fields refused, every limit checked).
    Request,
    /// Received from the server: lenient (unknown fields and values kept).
    Received,
}

/// Texts of the server's generic validation errors, per provider.
#[derive(Clone, Copy, Debug)]
pub struct ValidationMessages {
    /// For an unknown field; `{label}` is the field's Joi label.
    pub unknown_field: Option<&'static str>,
    /// For a missing required field.
    pub missing_field: Option<&'static str>,
}

/// A typed document of one TYPE (`green-api/SendMessage.request`, …).
pub trait Document: Serialize + DeserializeOwned {
    /// The TYPE name.
    const TYPE: &'static str;
    /// Request or received.
    const DIRECTION: Direction;
    /// The provider's generic validation texts.
    const MESSAGES: ValidationMessages;
    /// JSON Pointers of the `secret` fields: [`check_to_value`] prints `***` there.
    const SECRETS: &'static [&'static str] = &[];

    /// Every documented rule the value breaks (empty when valid).
    fn validate_document(&self) -> Vec<Issue>;
}

/// Parses `bytes` as a `T` and validates it: the whole of `wagate check`.
pub fn check<T: Document>(bytes: &[u8]) -> Result<T, Errors> {
    let value = decode::<T>(bytes)?;
    let issues = value.validate_document();
    if issues.is_empty() {
        Ok(value)
    } else {
        Err(Errors { errors: issues })
    }
}

/// Parses, validates and re-serializes: `Ok` carries the re-serialized JSON,
/// with every secret field replaced by [`REDACTED`].
pub fn check_to_value<T: Document>(bytes: &[u8]) -> Result<serde_json::Value, Errors> {
    let typed = check::<T>(bytes)?;
    let mut value = serde_json::to_value(&typed)
        .map_err(|e| Errors::one(Issue::new("", ErrorCode::InvalidValue, e.to_string())))?;
    for pointer in T::SECRETS {
        if let Some(secret) = value.pointer_mut(pointer) {
            *secret = serde_json::Value::String(REDACTED.to_owned());
        }
    }
    Ok(value)
}

/// What [`check_to_value`] prints in place of a secret.
pub const REDACTED: &str = "***";

/// Deserializes with a JSON Pointer to the failure.
pub fn decode<T: Document>(bytes: &[u8]) -> Result<T, Errors> {
    if bytes.len() > MAX_INPUT_BYTES {
        return Err(Errors::one(Issue {
            limit: Some(MAX_INPUT_BYTES as u64),
            ..Issue::new(
                "",
                ErrorCode::InputTooLarge,
                format!(
                    "input is {} bytes; the limit is {MAX_INPUT_BYTES}",
                    bytes.len()
                ),
            )
        }));
    }
    // Fast path: no path tracking (serde_path_to_error records every key it
    // passes). Only a failure is parsed again, to locate it.
    // The input is checked as UTF-8 once, as a whole (faster than string by
    // string); invalid UTF-8 takes the slow path, which locates it.
    if let Ok(text) = std::str::from_utf8(bytes)
        && let Ok(value) = serde_json::from_str::<T>(text)
    {
        return Ok(value);
    }
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let value = serde_path_to_error::deserialize::<_, T>(&mut de)
        .map_err(|err| Errors::one(decode_issue::<T>(&err)))?;
    // Trailing bytes after the document.
    de.end().map_err(|e| {
        let message = e.to_string();
        let message = message
            .split(" at line ")
            .next()
            .unwrap_or_default()
            .to_owned();
        Errors::one(Issue {
            line: Some(e.line()),
            column: Some(e.column()),
            ..Issue::new("", ErrorCode::Syntax, message)
        })
    })?;
    Ok(value)
}

fn decode_issue<T: Document>(err: &serde_path_to_error::Error<serde_json::Error>) -> Issue {
    {
        let mut pointer = path_to_pointer(err.path());
        let inner = err.inner();
        let text = inner.to_string();
        // serde_json appends " at line L column C"; the position goes in its own fields.
        let message = text.split(" at line ").next().unwrap_or(&text);
        // A two-stage (dispatched) parse carries the path inside the buffered object.
        let (message, nested) = crate::dispatch::split_nested(message);
        if let Some(nested) = nested {
            pointer.push_str(nested);
        }
        // Inside a buffered object the parser's position is the object's end, not the fault's.
        let position = |n: usize| Some(n).filter(|_| nested.is_none());
        let message = message.to_owned();
        let (code, field) = classify(inner, &message);
        if let Some(field) = field {
            // serde_path_to_error stops at the object; name the field itself.
            if !pointer.ends_with(&format!("/{field}")) {
                pointer_push(&mut pointer, field);
            }
        }
        let label = crate::error::joi_label(&pointer);
        let server_message = match code {
            ErrorCode::UnknownField => T::MESSAGES.unknown_field,
            ErrorCode::MissingField => T::MESSAGES.missing_field,
            _ => None,
        }
        .filter(|_| T::DIRECTION == Direction::Request)
        .map(|t| t.replace("{label}", &label));
        Issue {
            server_message,
            line: position(inner.line()),
            column: position(inner.column()),
            ..Issue::new(pointer, code, message)
        }
    }
}

fn classify<'m>(err: &serde_json::Error, message: &'m str) -> (ErrorCode, Option<&'m str>) {
    use serde_json::error::Category;
    match err.classify() {
        Category::Syntax | Category::Eof | Category::Io => {
            let code = if message.starts_with("recursion limit exceeded") {
                ErrorCode::TooDeep
            } else {
                ErrorCode::Syntax
            };
            (code, None)
        }
        Category::Data => {
            let quoted = || message.split('`').nth(1);
            if message.starts_with("missing field") {
                (ErrorCode::MissingField, quoted())
            } else if message.starts_with("unknown field") {
                (ErrorCode::UnknownField, quoted())
            } else if message.starts_with("duplicate field") {
                (ErrorCode::DuplicateField, quoted())
            } else if message.starts_with("invalid type") {
                (ErrorCode::InvalidType, None)
            } else {
                (ErrorCode::InvalidValue, None)
            }
        }
    }
}

pub(crate) fn path_to_pointer(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut pointer = String::new();
    for segment in path.iter() {
        match segment {
            Segment::Seq { index } => pointer_push(&mut pointer, &index.to_string()),
            Segment::Map { key } => pointer_push(&mut pointer, key),
            Segment::Enum { variant } => pointer_push(&mut pointer, variant),
            Segment::Unknown => {}
        }
    }
    pointer
}
