//! The provider-wide error catalogue: the standard HTTP errors every method
//! can answer, the error markers that stand in for values inside received
//! bodies, and the server's validation texts. The rows are generated from
//! `spec/<provider>/errors.toml` (which cites the documents); matching is
//! written here.

use crate::document::{ReadMode, Received};
use crate::endpoint::{ErrorBody, RetryAdvice};
use crate::error::Errors;

/// One row of a provider's standard error table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StandardError {
    /// HTTP status.
    pub status: u16,
    /// The identifier text exactly as documented (placeholders such as `XX` included).
    pub text: &'static str,
    /// The parts of `text` that name the error, in order, where the rest
    /// varies (placeholders such as `XX`, the status's reason phrase);
    /// `None` when the whole text does, and no parts when the status does.
    pub parts: Option<&'static [&'static str]>,
    /// What it means.
    pub meaning: &'static str,
    /// What to do.
    pub action: &'static str,
    /// False when the row states no action and `action` is inferred from the meaning.
    pub action_documented: bool,
    /// Whether and how to retry, as the row advises.
    pub retry: RetryAdvice,
}

impl StandardError {
    /// Whether a response of `status` with body `text` is this error.
    pub fn matches(&self, status: u16, text: &str) -> bool {
        status == self.status && holds(text, self.text, self.parts)
    }
}

/// Whether `text` holds the documented `whole` text, or every one of
/// `parts` in order when given.
pub(crate) fn holds(text: &str, whole: &str, parts: Option<&[&str]>) -> bool {
    let Some(parts) = parts else {
        return text.contains(whole);
    };
    let mut rest = text;
    parts.iter().all(|part| match rest.find(part) {
        Some(at) => {
            rest = rest.get(at + part.len()..).unwrap_or_default();
            true
        }
        None => false,
    })
}

/// A marker such as `{{SWE001}}` that replaces a value in a received body
/// when WhatsApp could not deliver it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BodyMarker {
    /// The marker exactly as it appears (`{{SWE001}}`).
    pub code: &'static str,
    /// The field it appears in.
    pub field: &'static str,
    /// What it means.
    pub meaning: &'static str,
    /// What to do.
    pub action: &'static str,
}

/// One of the server's validation texts (the part after `Validation failed. Details: `).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ValidationText {
    /// The text as documented, with its placeholders (`{{field}}`, `XXX`).
    pub template: &'static str,
    /// What it means.
    pub meaning: &'static str,
    /// Fields the row names, as printed.
    pub fields: &'static [&'static str],
}

/// Reads a provider's typed error body.
pub type ReadErrorBody = fn(&[u8], ReadMode) -> Result<Received<ErrorBody>, Errors>;

/// Everything a provider documents about errors common to all its methods.
#[derive(Clone, Copy, Debug)]
#[non_exhaustive]
pub struct ErrorCatalogue {
    /// The standard HTTP errors.
    pub http_errors: &'static [StandardError],
    /// Error markers inside received bodies.
    pub body_markers: &'static [BodyMarker],
    /// Validation texts.
    pub validation_texts: &'static [ValidationText],
    /// Statuses whose body is the provider's typed error body (`PROVIDER/error`).
    pub error_body_statuses: &'static [u16],
    /// Whether every non-2xx status carries the typed error body (a provider
    /// that documents an error body but no status).
    pub error_body_any_status: bool,
    /// Reads the typed error body (`PROVIDER/error`), when there is one.
    pub error_body: Option<ReadErrorBody>,
}

impl ErrorCatalogue {
    /// A provider that documents no common errors.
    pub const EMPTY: Self = Self {
        http_errors: &[],
        body_markers: &[],
        validation_texts: &[],
        error_body_statuses: &[],
        error_body_any_status: false,
        error_body: None,
    };

    /// Whether a response with `status` carries the typed error body.
    pub fn has_error_body(&self, status: u16) -> bool {
        self.error_body_statuses.contains(&status)
            || (self.error_body_any_status && !(200..300).contains(&status))
    }

    /// The standard error a response is, if any.
    pub fn find(&self, status: u16, text: &str) -> Option<&'static StandardError> {
        self.http_errors.iter().find(|e| e.matches(status, text))
    }

    /// The error marker a received value is (`{{SWE001}}`, …): markers stand
    /// in for the whole value, as in every documented example.
    pub fn marker(&self, value: &str) -> Option<&'static BodyMarker> {
        let markers = self.body_markers;
        markers.iter().find(|m| m.code == value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CATALOGUE: ErrorCatalogue = ErrorCatalogue {
        http_errors: &[
            StandardError {
                status: 400,
                text: "Unexpected token _ in JSON at position XX",
                parts: Some(&["Unexpected token ", " in JSON at position "]),
                meaning: "",
                action: "",
                action_documented: false,
                retry: RetryAdvice::DoNotRetry,
            },
            StandardError {
                status: 502,
                text: "Bad Gateway",
                parts: None,
                meaning: "",
                action: "",
                action_documented: true,
                retry: RetryAdvice::RetryWithDelay { attempts: 3 },
            },
        ],
        body_markers: &[BodyMarker {
            code: "{{SWE001}}",
            field: "textMessage",
            meaning: "",
            action: "",
        }],
        validation_texts: &[],
        error_body_statuses: &[],
        error_body_any_status: false,
        error_body: None,
    };

    #[test]
    fn error_body_statuses_or_any_status() {
        let listed = ErrorCatalogue {
            error_body_statuses: &[466],
            ..ErrorCatalogue::EMPTY
        };
        assert!(listed.has_error_body(466) && !listed.has_error_body(400));
        let any = ErrorCatalogue {
            error_body_any_status: true,
            ..ErrorCatalogue::EMPTY
        };
        assert!(any.has_error_body(400) && any.has_error_body(502));
        assert!(!any.has_error_body(200) && !any.has_error_body(201));
    }

    #[test]
    fn placeholders_match_by_parts_in_order_and_status_must_agree() {
        let found = CATALOGUE.find(400, "Unexpected token } in JSON at position 17");
        assert_eq!(found.map(|e| e.status), Some(400));
        assert!(
            CATALOGUE
                .find(500, "Unexpected token } in JSON at position 1")
                .is_none()
        );
        assert!(
            CATALOGUE
                .find(400, "in JSON at position 1: Unexpected token }")
                .is_none()
        );
        assert_eq!(
            CATALOGUE
                .find(502, "<html>Bad Gateway</html>")
                .map(|e| e.text),
            Some("Bad Gateway")
        );
        assert!(CATALOGUE.find(502, "Gateway").is_none());
    }

    #[test]
    fn markers_are_whole_values() {
        assert!(CATALOGUE.marker("{{SWE001}}").is_some());
        assert!(CATALOGUE.marker("text with {{SWE001}} inside").is_none());
        assert!(CATALOGUE.marker("hello").is_none());
    }
}
