//! The bodies of the fuzz targets in `fuzz/fuzz_targets/`.
//!
//! Each function takes arbitrary bytes, drives one public path of the library
//! and checks the properties that must hold for *every* input. It never
//! panics: a broken property comes back as a [`Failure`], which the fuzz
//! target turns into a crash (libFuzzer) and the stable replay test
//! (`tests/it/fuzz_corpus.rs`) into a test failure. The same bodies thus run
//! under nightly libFuzzer and, over the committed corpus `fuzz/corpus/<target>/`,
//! under `cargo test` on stable.
//!
//! | target | input | property |
//! |---|---|---|
//! | [`notification`] | a webhook body | parse + accessors + [`crate::webhook::receive`] never panic; a parsed notification re-serializes and re-parses to the same value |
//! | [`request`] | TYPE selector byte + document | parse + validate; a valid request re-serializes and re-parses to the same value, and builds into an `http::Request` |
//! | [`response`] | TYPE selector byte + document | parse; a parsed body re-serializes and re-parses to the same value |
//! | [`sans_io_response`] | endpoint selector byte + 2 status bytes + body | [`crate::endpoint::parse_response`] returns; a success is a 2xx status |

use std::fmt;

use crate::document::Direction;
use crate::endpoint::{BuildError, Credentials};
use crate::registry::{self, TypeEntry};

/// A property the input broke: the fuzz target panics with it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Failure(pub String);

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Failure {}

/// What a fuzz body returns.
pub type Outcome = Result<(), Failure>;

/// The names of the fuzz targets, each a function of this module and a
/// directory of `fuzz/corpus/`.
pub const TARGETS: &[&str] = &["notification", "request", "response", "sans_io_response"];

/// Runs the body of the fuzz target `name` (one of [`TARGETS`]).
pub fn run(name: &str, bytes: &[u8]) -> Option<Outcome> {
    match name {
        "notification" => Some(notification(bytes)),
        "request" => Some(request(bytes)),
        "response" => Some(response(bytes)),
        "sans_io_response" => Some(sans_io_response(bytes)),
        _ => None,
    }
}

/// The inputs a documented example of `type_name` seeds the corpus with: one
/// per target that reads that TYPE, with the selector bytes of the target.
pub fn seeds(type_name: &str, document: &[u8]) -> Vec<(&'static str, Vec<u8>)> {
    let mut out = Vec::new();
    let with = |prefix: &[u8]| [prefix, document].concat();
    if type_name == <crate::green_api::webhook::Notification as crate::Document>::TYPE {
        out.push(("notification", document.to_vec()));
    }
    for (target, direction) in [
        ("request", Direction::Request),
        ("response", Direction::Received),
    ] {
        let index = types_of(direction)
            .iter()
            .position(|t| t.name == type_name)
            .and_then(|i| u8::try_from(i).ok());
        if let Some(i) = index {
            out.push((target, with(&[i])));
        }
    }
    let parser = type_name.strip_suffix(".response").and_then(|method| {
        let endpoint = endpoint_of(&format!("{method}.request"))?;
        registry::endpoints()
            .iter()
            .position(|e| std::ptr::eq(e, endpoint))
            .and_then(|i| u8::try_from(i).ok())
            .map(|i| (i, endpoint))
    });
    if let Some((i, endpoint)) = parser {
        let [hi, lo] = endpoint
            .meta
            .success_status
            .saturating_sub(100)
            .to_be_bytes();
        out.push(("sans_io_response", with(&[i, hi, lo])));
    }
    out
}

/// At most this many characters of a value are quoted in a [`Failure`].
const SHOWN: usize = 2000;

fn shown(value: &serde_json::Value) -> String {
    value.to_string().chars().take(SHOWN).collect()
}

/// Checks `bytes` with `entry`; when it passes, re-serializes the result and
/// checks that again: both must pass and agree.
fn round_trip(entry: &TypeEntry, bytes: &[u8]) -> Result<Option<serde_json::Value>, Failure> {
    let Ok(first) = (entry.check)(bytes) else {
        return Ok(None);
    };
    let again = serde_json::to_vec(&first).map_err(|e| {
        Failure(format!(
            "{}: the checked value does not serialize: {e}",
            entry.name
        ))
    })?;
    match (entry.check)(&again) {
        Ok(second) if second == first => Ok(Some(first)),
        Ok(second) => Err(Failure(format!(
            "{}: re-parsing changed the value\nfirst:  {}\nsecond: {}",
            entry.name,
            shown(&first),
            shown(&second)
        ))),
        Err(errors) => Err(Failure(format!(
            "{}: the re-serialized value is refused: {errors}\nvalue: {}",
            entry.name,
            shown(&first)
        ))),
    }
}

/// The TYPEs of one direction, in registry order.
fn types_of(direction: Direction) -> Vec<&'static TypeEntry> {
    registry::types()
        .iter()
        .filter(|t| t.direction == direction)
        .collect()
}

/// Picks an item by the first byte; the rest is the document.
fn select<'a, T: Copy>(items: &[T], bytes: &'a [u8]) -> Option<(T, &'a [u8])> {
    let (first, rest) = bytes.split_first()?;
    let n = items.len();
    if n == 0 {
        return None;
    }
    items.get(usize::from(*first) % n).map(|item| (*item, rest))
}

/// Fuzz body: a Green API notification (webhook body) from bytes.
pub fn notification(bytes: &[u8]) -> Outcome {
    use crate::webhook::{MessageView as _, ReceiveError, WebhookToken, receive};
    let token = WebhookToken::new("fuzz-token");
    // The receiver: a wrong header is refused before the body is read.
    match receive(Some(b"Bearer wrong"), bytes, Some(&token)) {
        Err(ReceiveError::Unauthorized) => {}
        other => {
            return Err(Failure(format!(
                "a wrong Authorization header was not refused: {other:?}"
            )));
        }
    }
    let parsed = receive(Some(b"Bearer fuzz-token"), bytes, Some(&token));
    let Ok(notification) = parsed else {
        return Ok(());
    };
    // Every accessor answers.
    let _ = (
        notification.type_webhook(),
        notification.is_unknown(),
        notification.instance(),
        notification.sender_data(),
    );
    let _ = (
        notification.message(),
        notification.chat_id(),
        notification.sender(),
        notification.message_id(),
        notification.type_message(),
        notification.text(),
        notification.download_url(),
        notification.quoted(),
        notification.timestamp(),
        notification.error_markers(),
    );
    // Re-serialized, it parses to the same notification.
    let again = serde_json::to_vec(&notification)
        .map_err(|e| Failure(format!("a notification does not serialize: {e}")))?;
    match crate::document::check::<crate::green_api::webhook::Notification>(&again) {
        Ok(second) if second == notification => Ok(()),
        Ok(second) => Err(Failure(format!(
            "re-parsing changed the notification\nfirst:  {notification:?}\nsecond: {second:?}"
        ))),
        Err(errors) => Err(Failure(format!(
            "the re-serialized notification is refused: {errors}"
        ))),
    }
}

/// Fuzz body: a request of the TYPE the first byte selects (among the request
/// TYPEs, in registry order). Parse and validate; a valid request must
/// re-serialize and re-parse to the same value, and a JSON or parameter-only
/// method must build (or be refused only for its body size).
pub fn request(bytes: &[u8]) -> Outcome {
    let types = types_of(Direction::Request);
    let Some((entry, document)) = select(&types, bytes) else {
        return Ok(());
    };
    if round_trip(entry, document)?.is_none() {
        return Ok(());
    }
    // The document is valid: its method builds.
    let Some(endpoint) = endpoint_of(entry.name) else {
        return Ok(());
    };
    let credentials = credentials_for(endpoint.meta);
    match (endpoint.build_from_json)(document, &credentials) {
        Ok(_) | Err(BuildError::NeedsFile(_) | BuildError::BodyTooLarge { .. }) => Ok(()),
        Err(e) => Err(Failure(format!(
            "{}: a valid request does not build: {e}",
            entry.name
        ))),
    }
}

/// The endpoint whose request TYPE is `type_name` (`provider/Method.request`).
fn endpoint_of(type_name: &str) -> Option<&'static registry::EndpointEntry> {
    let (provider, rest) = type_name.split_once('/')?;
    let method = rest.strip_suffix(".request")?;
    registry::endpoints()
        .iter()
        .find(|e| e.meta.provider == provider && e.meta.name == method)
}

/// Credentials of the kind the method's provider uses.
fn credentials_for(meta: &crate::endpoint::EndpointMeta) -> Credentials {
    use crate::endpoint::AuthKind;
    use crate::ids::{ApiKey, ApiTokenInstance, BearerToken, IdInstance};
    let url = "https://api.example.invalid";
    match meta.auth {
        AuthKind::Bearer => Credentials::bearer(url, BearerToken::new("fuzz-token")),
        AuthKind::Header(_) => Credentials::header(url, ApiKey::new("fuzz-key")),
        AuthKind::BodyToken => Credentials::in_body(url),
        _ => Credentials::green_api(
            url,
            "https://media.example.invalid",
            IdInstance::new(1101),
            ApiTokenInstance::new("fuzz-token"),
        ),
    }
}

/// Fuzz body: a received document (response, error body, notification) of the
/// TYPE the first byte selects. A parsed body re-serializes and re-parses to
/// the same value.
pub fn response(bytes: &[u8]) -> Outcome {
    let types = types_of(Direction::Received);
    match select(&types, bytes) {
        Some((entry, document)) => round_trip(entry, document).map(|_| ()),
        None => Ok(()),
    }
}

/// Fuzz body: sans-IO response decoding. The first byte selects a method (of
/// every provider, from the endpoint registry), the
/// next two give the HTTP status (100–599), the rest is the body. The parse
/// returns, its error prints, and only a 2xx status is ever a success.
pub fn sans_io_response(bytes: &[u8]) -> Outcome {
    let Some((endpoint, rest)) = select(crate::registry::endpoints(), bytes) else {
        return Ok(());
    };
    let (name, parse) = (endpoint.meta.name, endpoint.parse_response);
    let (status, body) = match rest {
        [hi, lo, body @ ..] => (100 + u16::from_be_bytes([*hi, *lo]) % 500, body),
        _ => return Ok(()),
    };
    match parse(status, body) {
        Ok(()) if (200..300).contains(&status) => Ok(()),
        Ok(()) => Err(Failure(format!("{name}: HTTP {status} read as a success"))),
        Err(error) => {
            // The report prints.
            let _ = format!("{error} {error:?}");
            Ok(())
        }
    }
}
