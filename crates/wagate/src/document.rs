//! Whole documents: the one path every TYPE goes through.

use serde::Serialize;

use crate::de::{Ctx, Fit, Read, Side};
use crate::error::{ErrorCode, Errors, Issue};

/// The largest document wagate reads, in bytes: a longer input is refused
/// with `input_too_large` before any parsing. Every path is linear (or
/// n log n) in the input, so the cap bounds time as well as memory.
pub const MAX_INPUT_BYTES: usize = 16 * 1024 * 1024;

/// The deepest nesting of arrays and objects wagate reads, the root counting
/// as 1: deeper input is refused with `too_deep` (serde_json's recursion
/// limit), never a stack overflow.
pub const MAX_NESTING_DEPTH: usize = 127;

/// What side of the wire a TYPE describes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Direction {
    /// Sent by the client: strict (unknown fields refused, every limit checked).
    Request,
    /// Received from the server: typed where it conforms, kept where it drifts.
    Received,
}

/// How received data is read.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum ReadMode {
    /// Keep what drifts from the documents and report it ([`Received::drift`]).
    #[default]
    Lenient,
    /// Refuse what drifts, with the same issues as errors: for conformance
    /// testing of a server.
    Strict,
}

pub(crate) mod sealed {
    /// What the model's documents share beyond the public trait.
    pub trait Sealed: crate::de::Read {
        /// The provider's texts for unknown and missing request fields.
        const TEXTS: crate::de::Texts = crate::de::Texts {
            unknown_field: None,
            missing_field: None,
            not_a_string: None,
            not_a_number: None,
            not_a_boolean: None,
            not_an_array: None,
        };
        /// JSON Pointers of `secret` fields, redacted in printed documents.
        const SECRETS: &'static [&'static str] = &[];
        /// The spec file that documents the TYPE (drift at the root cites it).
        const SPEC: Option<&'static str> = None;
        /// Every documented rule the value breaks (requests).
        fn rule_issues(&self) -> Vec<crate::Issue> {
            Vec::new()
        }
    }
}

/// A typed document of one TYPE (`green-api/SendMessage.request`, …).
/// Implemented by the generated model only.
pub trait Document: Serialize + sealed::Sealed {
    /// The TYPE name.
    const TYPE: &'static str;
    /// Request or received.
    const DIRECTION: Direction;

    /// Every documented rule the value breaks (empty when valid; always
    /// empty for received data).
    fn issues(&self) -> Vec<Issue> {
        self.rule_issues()
    }
}

/// A document read from the wire with its drift: every place where it
/// departs from the documents (absent, of another JSON type, an impossible
/// value), each kept in the value and reported here. Dereferences to the
/// value; serializes as it.
#[derive(Clone, Debug, PartialEq)]
pub struct Received<T> {
    value: T,
    drift: Vec<Issue>,
}

impl<T> Received<T> {
    /// The value.
    pub fn value(&self) -> &T {
        &self.value
    }

    /// The value, without the drift records.
    pub fn into_value(self) -> T {
        self.value
    }

    /// Where the document departs from the documents: JSON Pointer, code
    /// (`missing_field`, `invalid_type`, `invalid_value`), what the
    /// documents say, and the spec file that says it.
    pub fn drift(&self) -> &[Issue] {
        &self.drift
    }

    /// True when the document has the documented shape everywhere.
    pub fn conforms(&self) -> bool {
        self.drift.is_empty()
    }

    /// The value and its drift records.
    pub fn into_parts(self) -> (T, Vec<Issue>) {
        (self.value, self.drift)
    }

    /// The same drift records with the value mapped.
    #[inline]
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Received<U> {
        Received {
            value: f(self.value),
            drift: self.drift,
        }
    }
}

impl<T> std::ops::Deref for Received<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}

impl<T: Serialize> Serialize for Received<T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.value.serialize(serializer)
    }
}

/// Reads a document leniently: received data is refused only when it cannot
/// be kept (not one JSON value, too large, too deep, a duplicate key); what
/// departs from the documents is kept and reported as drift. A request is
/// read strictly: every problem is an error.
pub fn read<T: Document>(bytes: &[u8]) -> Result<Received<T>, Errors> {
    read_with(bytes, ReadMode::Lenient)
}

/// [`read`] with a choice of mode: [`ReadMode::Strict`] turns drift into errors.
pub fn read_with<T: Document>(bytes: &[u8], mode: ReadMode) -> Result<Received<T>, Errors> {
    match T::DIRECTION {
        Direction::Request => read_request::<T>(bytes).map(|value| Received {
            value,
            drift: Vec::new(),
        }),
        Direction::Received => {
            let mut value = None;
            let issues = read_raw::<T>(bytes, Side::Received, &mut value)?;
            let drift = received_drift(value.is_some(), issues, mode)?;
            // `received_drift` refuses a document that was not kept.
            value
                .map(|value| Received { value, drift })
                .ok_or_else(not_kept)
        }
    }
}

/// The drift of a received document read in `mode`, or its refusal: not
/// kept at all, or drifted under [`ReadMode::Strict`].
fn received_drift(kept: bool, issues: Vec<Issue>, mode: ReadMode) -> Result<Vec<Issue>, Errors> {
    match (kept, mode) {
        (true, ReadMode::Lenient) => Ok(issues),
        (true, ReadMode::Strict) => Errors::new(issues).map_or(Ok(Vec::new()), Err),
        (false, _) => Err(Errors::new(issues).unwrap_or_else(not_kept)),
    }
}

fn not_kept() -> Errors {
    Errors::one(Issue::new("", ErrorCode::InvalidType, "cannot be kept"))
}

/// Reads a request strictly: every structural problem at once, then every
/// broken rule (when the request could be built).
pub(crate) fn read_request<T: sealed::Sealed>(bytes: &[u8]) -> Result<T, Errors> {
    let mut value = None;
    let mut issues = read_raw::<T>(bytes, Side::Request, &mut value)?;
    if let Some(value) = &value {
        issues.extend(value.rule_issues());
    }
    match (value, Errors::new(issues)) {
        (_, Some(errors)) => Err(errors),
        (Some(value), None) => Ok(value),
        (None, None) => Err(Errors::one(Issue::new(
            "",
            ErrorCode::InvalidType,
            "not a request",
        ))),
    }
}

/// Reads a document strictly: a request must keep every rule, received data
/// must have the documented shape. The typed value, or every problem.
pub fn check<T: Document>(bytes: &[u8]) -> Result<T, Errors> {
    read_with(bytes, ReadMode::Strict).map(Received::into_value)
}

/// The value as JSON, with every `secret` field replaced by `***`: for
/// printing and logging documents.
pub fn to_redacted_value<T: Document>(value: &T) -> Result<serde_json::Value, serde_json::Error> {
    let mut json = serde_json::to_value(value)?;
    for pointer in T::SECRETS {
        if let Some(secret) = json.pointer_mut(pointer) {
            *secret = serde_json::Value::String("***".to_owned());
        }
    }
    Ok(json)
}

/// Parses `bytes` as one JSON value read as `T` into `out` (left `None`
/// when a request cannot be built): the issues found, or a refusal.
///
/// The value is written to one place rather than returned through each
/// layer: a document struct is hundreds of bytes, and every move of it
/// was a `memcpy` (a third of the time of reading a small document).
fn read_raw<T: sealed::Sealed>(
    bytes: &[u8],
    side: Side,
    out: &mut Option<T>,
) -> Result<Vec<Issue>, Errors> {
    let text = input_text(bytes)?;
    // Most documents conform: read without tracking pointers first, and
    // again, tracked, only when something is to be reported.
    let mut cx = Ctx::untracked(side, T::TEXTS);
    match read_pass::<T>(text, side, &mut cx, out) {
        Ok(()) if !cx.noticed() => Ok(Vec::new()),
        _ => read_tracked::<T>(text, side, out),
    }
}

/// [`read_raw`]'s second pass, which tracks pointers for its reports.
#[cold]
#[inline(never)]
fn read_tracked<T: sealed::Sealed>(
    text: &str,
    side: Side,
    out: &mut Option<T>,
) -> Result<Vec<Issue>, Errors> {
    *out = None;
    let mut cx = Ctx::new(side, T::TEXTS);
    let read = read_pass::<T>(text, side, &mut cx, out);
    let (issues, refusal) = cx.finish();
    match (read, refusal) {
        (_, Some(refusal)) => Err(Errors::one(refusal)),
        (Err(issue), None) => Err(Errors::one(*issue)),
        (Ok(()), None) => Ok(issues),
    }
}

/// The input as text, when it is within the size cap and UTF-8.
fn input_text(bytes: &[u8]) -> Result<&str, Errors> {
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
    // The whole input is checked once, with SIMD (a fraction of std's time
    // on long texts); only a failure asks std where the first bad byte is.
    simdutf8::basic::from_utf8(bytes)
        .or_else(|_| std::str::from_utf8(bytes))
        .map_err(|e| Errors::one(invalid_utf8(bytes, &e)))
}

/// One pass of [`read_raw`]: the value into `out`, or the issue that
/// stopped the read (a refusal stays in the context).
fn read_pass<T: sealed::Sealed>(
    text: &str,
    side: Side,
    cx: &mut Ctx,
    out: &mut Option<T>,
) -> Result<(), Box<Issue>> {
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let fit = T::read(&mut deserializer, cx).and_then(|fit| deserializer.end().map(|()| fit));
    let fit = match fit {
        Ok(fit) => fit,
        Err(error) => {
            return Err(Box::new(syntax_issue(
                text,
                &error,
                cx.pointer().to_owned(),
            )));
        }
    };
    *out = match fit {
        Fit::Typed(t) => Some(t),
        Fit::Unfit(value, code) => {
            cx.depart::<T>(code, &value, T::SPEC);
            keep_root::<T>(side, value)
        }
        Fit::Kept(value) => keep_root::<T>(side, value),
        Fit::Dropped => None,
    };
    Ok(())
}

fn keep_root<T: Read>(side: Side, value: serde_json::Value) -> Option<T> {
    match side {
        Side::Received => T::keep_whole(value).ok(),
        Side::Request => None,
    }
}

/// A parse error: `too_deep` when the input nests past the parser's limit
/// where it stopped, else `syntax`, with line and column.
fn syntax_issue(text: &str, error: &serde_json::Error, pointer: String) -> Issue {
    let (line, column) = (error.line(), error.column());
    let full = error.to_string();
    let suffix = format!(" at line {line} column {column}");
    let message = full.strip_suffix(&suffix).unwrap_or(&full).to_owned();
    let code = if open_containers(up_to(text, line, column)).len() > MAX_NESTING_DEPTH {
        ErrorCode::TooDeep
    } else {
        ErrorCode::Syntax
    };
    let message = if code == ErrorCode::TooDeep {
        format!("nested deeper than {MAX_NESTING_DEPTH} levels")
    } else {
        message
    };
    Issue {
        line: Some(line),
        column: Some(column),
        ..Issue::new(pointer, code, message)
    }
}

/// The bytes of `text` up to `line:column` (1-based, as the parser counts).
fn up_to(text: &str, line: usize, column: usize) -> &[u8] {
    let (mut l, mut c) = (1usize, 0usize);
    for (at, b) in text.bytes().enumerate() {
        if b == b'\n' {
            l += 1;
            c = 0;
        } else {
            c += 1;
        }
        if l > line || (l == line && c > column) {
            return text.as_bytes().get(..at).unwrap_or_default();
        }
    }
    text.as_bytes()
}

/// Invalid UTF-8: a syntax error at the first bad byte, at the pointer of
/// the value it is in.
fn invalid_utf8(bytes: &[u8], error: &std::str::Utf8Error) -> Issue {
    let valid = bytes.get(..error.valid_up_to()).unwrap_or_default();
    let line = 1 + valid.iter().filter(|b| **b == b'\n').count();
    let column = 1 + valid.iter().rev().take_while(|b| **b != b'\n').count();
    let pointer = pointer_at_end(valid);
    Issue {
        line: Some(line),
        column: Some(column),
        ..Issue::new(pointer, ErrorCode::Syntax, "invalid UTF-8")
    }
}

/// An array or object still open where a JSON text stops.
enum Open {
    /// The key being read or last read (`in_key`: the key is not done).
    Object { key: Option<String>, in_key: bool },
    /// The index of the item being read.
    Array(usize),
}

/// The arrays and objects still open at the end of `prefix`, outermost first.
fn open_containers(prefix: &[u8]) -> Vec<Open> {
    let mut open: Vec<Open> = Vec::new();
    let (mut in_string, mut escaped, mut start) = (false, false, 0);
    for (at, b) in prefix.iter().enumerate() {
        if in_string {
            match b {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => {
                    in_string = false;
                    if let Some(Open::Object { key, in_key: true }) = open.last_mut() {
                        let raw = prefix.get(start..=at).unwrap_or_default();
                        *key = serde_json::from_slice(raw).ok();
                    }
                }
                _ => {}
            }
            continue;
        }
        match (b, open.last_mut()) {
            (b'"', _) => (in_string, start) = (true, at),
            (b'{', _) => open.push(Open::Object {
                key: None,
                in_key: true,
            }),
            (b'[', _) => open.push(Open::Array(0)),
            (b'}' | b']', _) => drop(open.pop()),
            (b',', Some(Open::Array(index))) => *index += 1,
            (b',', Some(Open::Object { key, in_key })) => (*key, *in_key) = (None, true),
            (b':', Some(Open::Object { in_key, .. })) => *in_key = false,
            _ => {}
        }
    }
    open
}

/// The JSON Pointer of the value a JSON text that stops at the end of
/// `prefix` is in (inside an object key: the object's).
fn pointer_at_end(prefix: &[u8]) -> String {
    let mut pointer = String::new();
    for open in open_containers(prefix) {
        match open {
            Open::Object {
                key: Some(key),
                in_key: false,
            } => crate::error::pointer_push(&mut pointer, &key),
            Open::Object { .. } => {}
            Open::Array(index) => crate::error::pointer_push_index(&mut pointer, index),
        }
    }
    pointer
}

/// `Document` and the sealed part for a generated TYPE.
macro_rules! document {
    ($ty:ty, $name:literal, Request, $texts:expr $(, secrets = [$($secret:literal),*])?) => {
        impl $crate::document::sealed::Sealed for $ty {
            const TEXTS: $crate::de::Texts = $texts;
            $(const SECRETS: &'static [&'static str] = &[$($secret),*];)?
            fn rule_issues(&self) -> Vec<$crate::Issue> {
                $crate::validate::Validator::issues_of(self)
            }
        }

        impl $crate::Document for $ty {
            const TYPE: &'static str = $name;
            const DIRECTION: $crate::Direction = $crate::Direction::Request;
        }
    };
    ($ty:ty, $name:literal, Received, $spec:literal $(, secrets = [$($secret:literal),*])?) => {
        impl $crate::document::sealed::Sealed for $ty {
            const SPEC: Option<&'static str> = Some($spec);
            $(const SECRETS: &'static [&'static str] = &[$($secret),*];)?
        }

        impl $crate::Document for $ty {
            const TYPE: &'static str = $name;
            const DIRECTION: $crate::Direction = $crate::Direction::Received;
        }
    };
}
pub(crate) use document;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_utf8_is_reported_in_the_value_it_breaks() {
        let at = |bytes: &[u8]| match std::str::from_utf8(bytes) {
            Err(e) => invalid_utf8(bytes, &e).path,
            Ok(_) => panic!("valid"),
        };
        assert_eq!(at(b"{\"message\":\"\xc3\x28\"}"), "/message");
        assert_eq!(at(b"{\"a\":[1,{\"b~/\":\"x\xff\"}]}"), "/a/1/b~0~1");
        assert_eq!(at(b"{\"a\":{\"k\xff\":1}}"), "/a");
        assert_eq!(at(b"[\"x\",\"y\", \"\xff\"]"), "/2");
        assert_eq!(at(b"{\"a\":\"s,[{\", \"b\":\"\xff\"}"), "/b");
        assert_eq!(at(b"\xff"), "");
    }

    #[test]
    fn depth_is_counted_outside_strings() {
        let depth = |text: &str, column| open_containers(up_to(text, 1, column)).len();
        let deep = format!("{}{}", "[".repeat(128), "]".repeat(128));
        assert_eq!(depth(&deep, 128), 128);
        assert_eq!(depth(&deep, 127), 127);
        assert_eq!(depth(&deep, 256), 0);
        let quoted = format!("[\"{}\"]", "[".repeat(200));
        assert_eq!(depth(&quoted, 300), 0);
    }
}
