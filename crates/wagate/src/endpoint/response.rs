//! Responses: the typed success body, or a typed error with the documented
//! row it matches and what to do.

use serde_json::Value;

use super::{DocumentedError, Endpoint};
use crate::catalogue::StandardError;
use crate::document::{ReadMode, Received, read_with};
use crate::error::Errors;

/// What to do after a failed call, as the documents advise (`retry` of the
/// provider's error rows in spec/).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum RetryAdvice {
    /// Fix the request or the account; repeating it will fail again.
    DoNotRetry,
    /// Slow down and retry later (too many requests, instance starting).
    RetryLater,
    /// Retry up to `attempts` times with a delay (502, 499).
    RetryWithDelay {
        /// How many times the documents say to try.
        attempts: u8,
    },
}

/// A response that is not the documented success.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ResponseError {
    /// A non-success status, matched to the method's documented errors and
    /// the provider's standard errors where possible.
    #[error("HTTP {status}: {text}")]
    Status {
        /// HTTP status.
        status: u16,
        /// The body as text.
        text: String,
        /// The method's documented error it matches.
        documented: Option<&'static DocumentedError>,
        /// The provider's standard error it matches.
        standard: Option<&'static StandardError>,
        /// What to do.
        advice: RetryAdvice,
    },
    /// A status whose body the provider documents (Green API's 466 quota body).
    #[error("HTTP {status} with a documented error body")]
    Body {
        /// HTTP status.
        status: u16,
        /// The typed body, with its drift.
        body: Box<Received<ErrorBody>>,
        /// The method's documented error it matches.
        documented: Option<&'static DocumentedError>,
        /// The provider's standard error it matches.
        standard: Option<&'static StandardError>,
        /// What to do.
        advice: RetryAdvice,
    },
    /// A success status whose body is one of the method's documented
    /// failures (its exact text, or its documented JSON members), or a
    /// text that is not JSON and starts with `Error:`.
    #[error("HTTP 200 with a failure: {text}")]
    FailureWithOk {
        /// The body as text.
        text: String,
        /// The documented error it matches.
        documented: Option<&'static DocumentedError>,
    },
    /// The body cannot be kept (not JSON, too large, a duplicate key), or
    /// drifts under [`ReadMode::Strict`].
    #[error("unexpected body: {0}")]
    Decode(Errors),
}

pub use crate::generated::ErrorBody;

/// Reads a response of method `E`: the typed success body with its drift,
/// or a typed error. Generated modules wrap it as `<method>::parse_response`.
pub fn parse_response<E: Endpoint>(
    status: u16,
    body: &[u8],
    mode: ReadMode,
) -> Result<Received<E::Response>, ResponseError> {
    let text = String::from_utf8_lossy(body).trim().to_owned();
    let json = serde_json::from_str::<Value>(&text).ok();
    if !(200..300).contains(&status) {
        return Err(failure::<E>(status, body, text, mode));
    }
    let documented = E::META.errors.iter().find(|e| {
        e.status.is_none_or(|s| s == status)
            && (is_documented_failure(e.text, &text, json.as_ref())
                || e.shape
                    .is_some_and(|shape| is_documented_failure(shape, &text, json.as_ref())))
    });
    if documented.is_some() || (json.is_none() && text.starts_with("Error:")) {
        return Err(ResponseError::FailureWithOk { text, documented });
    }
    // An empty success body reads as JSON null.
    let bytes: &[u8] = if text.is_empty() { b"null" } else { body };
    read_with::<E::Response>(bytes, mode).map_err(ResponseError::Decode)
}

/// A non-success status: the provider's typed error body where it has one,
/// else the text with the rows it matches.
fn failure<E: Endpoint>(status: u16, body: &[u8], text: String, mode: ReadMode) -> ResponseError {
    let catalogue = E::META.catalogue;
    let documented = E::META.errors.iter().find(|e| e.matches(status, &text));
    let standard = catalogue.find(status, &text);
    let advice = standard.map_or(RetryAdvice::DoNotRetry, |s| s.retry);
    match catalogue
        .error_body
        .filter(|_| catalogue.has_error_body(status))
    {
        Some(read_body) => match read_body(body, mode) {
            Ok(body) => ResponseError::Body {
                status,
                body: Box::new(body),
                documented,
                standard,
                advice,
            },
            Err(errors) => ResponseError::Decode(errors),
        },
        None => ResponseError::Status {
            status,
            text,
            documented,
            standard,
            advice,
        },
    }
}

/// Whether a success body is a documented failure: the same text, the same
/// JSON value, or (for a documented object or member) every documented
/// member with its documented value.
fn is_documented_failure(documented: &str, text: &str, body: Option<&Value>) -> bool {
    if text == documented || matches!(body, Some(Value::String(s)) if s == documented) {
        return true;
    }
    let shape = serde_json::from_str::<Value>(documented)
        .ok()
        .or_else(|| serde_json::from_str::<Value>(&format!("{{{documented}}}")).ok());
    match (shape, body) {
        (Some(Value::Object(members)), Some(Value::Object(body))) => members
            .iter()
            .all(|(key, value)| body.get(key) == Some(value)),
        (Some(shape @ Value::Array(_)), Some(body)) => &shape == body,
        _ => false,
    }
}

/// The success body of methods that document none: any body, or none, is kept.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
#[serde(transparent)]
pub struct NoContent(pub Value);

impl crate::de::Read for NoContent {
    const EXPECTED: &'static str = "any JSON value";

    fn read<'de, D: serde::Deserializer<'de>>(
        deserializer: D,
        cx: &mut crate::de::Ctx,
    ) -> Result<crate::de::Fit<Self>, D::Error> {
        Value::read(deserializer, cx).map(|fit| fit.map(Self))
    }
}

crate::de::deserialize_via_read!(NoContent, Received);
crate::document::document!(
    NoContent,
    "(no documented body)",
    Received,
    "spec/README.md"
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failures_match_by_value_not_substring() {
        let json = |s: &str| serde_json::from_str::<Value>(s).ok();
        assert!(is_documented_failure("OK", "OK", json("OK").as_ref()));
        assert!(is_documented_failure(
            "OK",
            "\"OK\"",
            json("\"OK\"").as_ref()
        ));
        let qr = r#"{"type":"qrCode","message":"iVBORw0KGgoOKAAA"}"#;
        assert!(!is_documented_failure("OK", qr, json(qr).as_ref()));
        let member = r#""removeAdmin": false"#;
        let failed = r#"{"removeAdmin":false}"#;
        assert!(is_documented_failure(member, failed, json(failed).as_ref()));
        let ok = r#"{"removeAdmin":true,"note":"\"removeAdmin\": false"}"#;
        assert!(!is_documented_failure(member, ok, json(ok).as_ref()));
        let contacts = r#"[{"id":"1@c.us","name":"Ann []","type":"user"}]"#;
        assert!(!is_documented_failure(
            "[]",
            contacts,
            json(contacts).as_ref()
        ));
        assert!(is_documented_failure("[]", "[]", json("[]").as_ref()));
    }
}
