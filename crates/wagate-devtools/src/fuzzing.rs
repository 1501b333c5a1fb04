//! The bodies of the fuzz targets in `fuzz/fuzz_targets/`.
//!
//! Each function takes arbitrary bytes, drives one public path of wagate and
//! checks the properties that must hold for *every* input. It never panics:
//! a broken property comes back as a [`Failure`], which the fuzz target turns
//! into a crash (libFuzzer) and the stable replay test
//! (`tests/it/fuzz_corpus.rs`) into a test failure. The same bodies thus run
//! under nightly libFuzzer and, over the committed corpus
//! `fuzz/corpus/<target>/` and the documented examples ([`seeds`]), under
//! `cargo test` on stable.
//!
//! | target | input | properties |
//! |---|---|---|
//! | [`notification`] | a webhook body | the receiver refuses a wrong `Authorization` and reads like [`wagate::read`] with the right one; every accessor answers; the [received-data properties](#received-data) |
//! | [`request`] | TYPE selector byte + document | the mode does not matter; a valid request re-serializes and reads back to the same value, and builds (unless a file method or over the body cap) the same `http::Request` from either text; an invalid one is refused by the builder with the same errors |
//! | [`response`] | TYPE selector byte + document | the [received-data properties](#received-data) |
//! | [`sans_io_response`] | endpoint selector byte + 2 status bytes + body | only a 2xx status succeeds; errors print; lenient refuses only what cannot be kept; strict refuses exactly when lenient has drift |
//!
//! # Received data
//!
//! - Lenient reading keeps every input that is one JSON value within
//!   [`MAX_INPUT_BYTES`] and [`MAX_NESTING_DEPTH`] and without a duplicate
//!   key, and refuses every other input with the code of its first problem.
//!   An independent reader here ([`keepable`]) decides which is which.
//! - A kept document re-serializes to a JSON value equal to the input.
//! - Re-parse is the identity: the re-serialized bytes, read again, give the
//!   same JSON value and the same drift issues. Neither order is compared: a
//!   received struct writes its typed fields in the documented order and its
//!   kept entries after them, and drift is listed in document order.
//! - Strict reading refuses exactly when lenient reading has drift, with the
//!   same first issue, and otherwise gives the same value.

use std::fmt;

use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};
use wagate::endpoint::{BodyKind, BuildError, ResponseError};
use wagate::green_api::webhook::Notification;
use wagate::registry::{self, EndpointEntry, TypeEntry};
use wagate::{
    Direction, ErrorCode, Errors, Issue, MAX_INPUT_BYTES, MAX_NESTING_DEPTH, ReadMode, Received,
};
use wagate_cli::example_file::ExampleFile;

use crate::credentials_for;

/// The property an input broke.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Property {
    /// The webhook receiver let a missing or wrong `Authorization` header
    /// through, or read the body otherwise than [`wagate::read`].
    Receiver,
    /// An accessor of a notification contradicts the document.
    Accessor,
    /// A document that can be kept (one JSON value, within the caps, no
    /// duplicate key) was refused by lenient reading.
    KeepableRefused,
    /// A document that cannot be kept was read, or refused with another code.
    UnkeepableRead,
    /// A kept document does not re-serialize to a JSON value equal to the input.
    NotKeptWhole,
    /// Reading the re-serialized bytes again gave another value or drift.
    ReparseChanged,
    /// Strict and lenient reading disagree (or a request depends on the mode).
    ModesDisagree,
    /// A value read from the wire does not serialize.
    Unserializable,
    /// A valid request does not build, or builds otherwise from its
    /// re-serialized text; or an invalid one is not refused with its errors.
    Build,
    /// A response parser answered a success for a non-2xx status, or an error
    /// does not print.
    ResponseOutcome,
    /// A documented example cannot be read as an example file.
    Example,
}

impl Property {
    fn describe(self) -> &'static str {
        match self {
            Self::Receiver => "the webhook receiver misbehaved",
            Self::Accessor => "an accessor contradicts the document",
            Self::KeepableRefused => "a keepable document was refused",
            Self::UnkeepableRead => "a document that cannot be kept was not refused as it must be",
            Self::NotKeptWhole => "the kept document is not the input",
            Self::ReparseChanged => "re-parsing changed the document",
            Self::ModesDisagree => "strict and lenient reading disagree",
            Self::Unserializable => "a read value does not serialize",
            Self::Build => "building the request misbehaved",
            Self::ResponseOutcome => "the response parser misbehaved",
            Self::Example => "an example file is unreadable",
        }
    }
}

/// A property the input broke: the fuzz target panics with it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Failure {
    /// What is read: a TYPE, an endpoint, or the target.
    pub subject: String,
    /// The property.
    pub property: Property,
    /// What was seen.
    pub detail: String,
}

impl Failure {
    fn new(subject: impl Into<String>, property: Property, detail: impl Into<String>) -> Self {
        Self {
            subject: subject.into(),
            property,
            detail: detail.into(),
        }
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {}: {}",
            self.subject,
            self.property.describe(),
            self.detail
        )
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

/// An input a documented example seeds a fuzz target with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Seed {
    /// The example file (path under `spec/examples/`).
    pub example: &'static str,
    /// The target (one of [`TARGETS`]).
    pub target: &'static str,
    /// The input, selector bytes included.
    pub bytes: Vec<u8>,
}

/// The inputs every documented example ([`wagate_cli::examples::EXAMPLES`])
/// seeds the targets with, or the first example file that cannot be read.
pub fn seeds() -> Result<Vec<Seed>, Failure> {
    let mut out = Vec::new();
    for (example, text) in wagate_cli::examples::EXAMPLES {
        let file =
            ExampleFile::parse(text).map_err(|e| Failure::new(*example, Property::Example, e))?;
        let inputs = seeds_of(&file.type_name, &file.bytes());
        out.extend(inputs.into_iter().map(|(target, bytes)| Seed {
            example,
            target,
            bytes,
        }));
    }
    Ok(out)
}

/// The inputs a document of `type_name` seeds the corpus with: one per
/// target that reads that TYPE, with the selector bytes of the target.
pub fn seeds_of(type_name: &str, document: &[u8]) -> Vec<(&'static str, Vec<u8>)> {
    let mut out = Vec::new();
    let with = |prefix: &[u8]| [prefix, document].concat();
    if type_name == <Notification as wagate::Document>::TYPE {
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
        let endpoints = registry::endpoints();
        let (provider, name) = method.split_once('/')?;
        let i = endpoints
            .iter()
            .position(|e| e.meta.provider == provider && e.meta.name == name)?;
        let endpoint = endpoints.get(i)?;
        Some((u8::try_from(i).ok()?, *endpoint))
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

fn shown(text: impl fmt::Display) -> String {
    text.to_string().chars().take(SHOWN).collect()
}

fn shown_bytes(bytes: &[u8]) -> String {
    shown(String::from_utf8_lossy(bytes))
}

/// The TYPEs of one direction, in registry order.
fn types_of(direction: Direction) -> Vec<&'static TypeEntry> {
    registry::types()
        .into_iter()
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

// ---------------------------------------------------------------------------
// Which inputs can be kept: an independent reader.

/// The text a duplicate key is refused with by [`UniqueValue`].
const DUPLICATE: &str = "devtools: duplicate key";

/// Whether `bytes` can be kept as received data: the JSON value (duplicate
/// keys refused), or the code lenient reading must refuse it with — its
/// first problem: `input_too_large`; else `syntax` for invalid UTF-8
/// anywhere; else the first of `syntax`, `too_deep` (serde_json's recursion
/// limit, which wagate's [`MAX_NESTING_DEPTH`] is) and `duplicate_field` in
/// document order.
pub fn keepable(bytes: &[u8]) -> Result<Value, ErrorCode> {
    if bytes.len() > MAX_INPUT_BYTES {
        return Err(ErrorCode::InputTooLarge);
    }
    let text = std::str::from_utf8(bytes).map_err(|_| ErrorCode::Syntax)?;
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let value = UniqueValue { depth: 1 }
        .deserialize(&mut deserializer)
        .and_then(|value| deserializer.end().map(|()| value));
    value.map_err(|error| {
        let message = error.to_string();
        if message.contains(DUPLICATE) {
            ErrorCode::DuplicateField
        } else if message.contains("recursion limit exceeded") {
            ErrorCode::TooDeep
        } else {
            ErrorCode::Syntax
        }
    })
}

/// Reads any JSON value, refusing a key an object already has; `depth` is
/// the nesting of the value read (the root is 1).
#[derive(Clone, Copy)]
struct UniqueValue {
    depth: usize,
}

impl<'de> DeserializeSeed<'de> for UniqueValue {
    type Value = Value;

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for UniqueValue {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_unit<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Value, E> {
        Ok(v.into())
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Value, E> {
        Ok(v.into())
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Value, E> {
        Ok(v.into())
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let inner = self.deeper::<A::Error>()?;
        let mut items = Vec::new();
        while let Some(item) = seq.next_element_seed(inner)? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let inner = self.deeper::<A::Error>()?;
        let mut object = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            if object.contains_key(&key) {
                return Err(de::Error::custom(DUPLICATE));
            }
            let value = map.next_value_seed(inner)?;
            object.insert(key, value);
        }
        Ok(Value::Object(object))
    }
}

impl UniqueValue {
    /// The seed for the items of this array or object. serde_json refuses
    /// nesting past its limit before the visitor runs; this is the same
    /// bound, said once more for a deserializer without one.
    fn deeper<E: de::Error>(self) -> Result<Self, E> {
        if self.depth > MAX_NESTING_DEPTH {
            return Err(E::custom("recursion limit exceeded"));
        }
        Ok(Self {
            depth: self.depth + 1,
        })
    }
}

// ---------------------------------------------------------------------------
// The received-data properties, for any reader.

/// A received document as read: its JSON and its drift.
struct Kept {
    json: Vec<u8>,
    drift: Vec<Issue>,
}

/// Reads received data of one TYPE: the document kept, or why not.
type ReadKept<'a> = &'a dyn Fn(&[u8], ReadMode) -> Result<Result<Kept, Errors>, Failure>;

/// Checks the received-data properties (module docs) of `bytes` read by `read`.
fn received_properties(subject: &str, bytes: &[u8], read: ReadKept<'_>) -> Outcome {
    let fail = |property, detail: String| Err(Failure::new(subject, property, detail));
    let lenient = read(bytes, ReadMode::Lenient)?;
    let strict = read(bytes, ReadMode::Strict)?;
    let kept = match (keepable(bytes), lenient) {
        (Ok(value), Ok(kept)) => (value, kept),
        (Ok(_), Err(errors)) => return fail(Property::KeepableRefused, errors.to_string()),
        (Err(code), Ok(kept)) => {
            return fail(
                Property::UnkeepableRead,
                format!("expected {code}, read as {}", shown_bytes(&kept.json)),
            );
        }
        (Err(code), Err(errors)) => {
            let first = errors.first();
            if first.map(|i| i.code) != Some(code) {
                return fail(
                    Property::UnkeepableRead,
                    format!("expected {code}, refused with {errors}"),
                );
            }
            return match strict {
                Err(again) if again.first() == first => Ok(()),
                other => fail(
                    Property::ModesDisagree,
                    format!(
                        "lenient refused with {errors}; strict: {}",
                        describe_kept(&other)
                    ),
                ),
            };
        }
    };
    let (input, Kept { json, drift }) = kept;
    // Nothing is lost.
    match serde_json::from_slice::<Value>(&json) {
        Ok(written) if written == input => {}
        Ok(written) => {
            return fail(
                Property::NotKeptWhole,
                format!("input:   {}\nwritten: {}", shown(&input), shown(&written)),
            );
        }
        Err(e) => {
            return fail(
                Property::NotKeptWhole,
                format!("the written JSON does not parse: {e}"),
            );
        }
    }
    // Re-parse is the identity.
    match read(&json, ReadMode::Lenient)? {
        Ok(again) if same_json(&again.json, &json) && same_drift(&again.drift, &drift) => {}
        Ok(again) => {
            return fail(
                Property::ReparseChanged,
                format!(
                    "first:  {} drift {}\nsecond: {} drift {}",
                    shown_bytes(&json),
                    issues(&drift),
                    shown_bytes(&again.json),
                    issues(&again.drift)
                ),
            );
        }
        Err(errors) => {
            return fail(
                Property::ReparseChanged,
                format!(
                    "the re-serialized {} is refused: {errors}",
                    shown_bytes(&json)
                ),
            );
        }
    }
    // Strict refuses exactly the drift.
    match (drift.first(), strict) {
        (None, Ok(again)) if again.json == json && again.drift.is_empty() => Ok(()),
        (Some(first), Err(errors)) if errors.first() == Some(first) => Ok(()),
        (_, other) => fail(
            Property::ModesDisagree,
            format!(
                "lenient drift: {}; strict: {}",
                issues(&drift),
                describe_kept(&other)
            ),
        ),
    }
}

/// Two written documents are the same JSON value. Key order is not
/// compared: a received struct writes its typed fields in the documented
/// order and its kept entries after them.
fn same_json(a: &[u8], b: &[u8]) -> bool {
    a == b
        || matches!(
            (serde_json::from_slice::<Value>(a), serde_json::from_slice::<Value>(b)),
            (Ok(a), Ok(b)) if a == b
        )
}

/// Two drift lists have the same issues. Drift is listed in document order,
/// and re-serializing may change the order of fields (see [`same_json`]).
fn same_drift(a: &[Issue], b: &[Issue]) -> bool {
    a.len() == b.len() && (a == b || sorted(a) == sorted(b))
}

fn sorted(issues: &[Issue]) -> Vec<&Issue> {
    let mut keyed: Vec<(String, &Issue)> = issues.iter().map(|i| (format!("{i:?}"), i)).collect();
    keyed.sort_by(|x, y| x.0.cmp(&y.0));
    keyed.into_iter().map(|(_, i)| i).collect()
}

fn issues(issues: &[Issue]) -> String {
    if issues.is_empty() {
        return "none".into();
    }
    shown(
        issues
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("; "),
    )
}

fn describe_kept(read: &Result<Kept, Errors>) -> String {
    match read {
        Ok(kept) => format!(
            "kept {} with drift {}",
            shown_bytes(&kept.json),
            issues(&kept.drift)
        ),
        Err(errors) => format!("refused: {}", shown(errors)),
    }
}

/// A registry reader as a [`ReadKept`].
fn read_entry(
    entry: &TypeEntry,
    bytes: &[u8],
    mode: ReadMode,
) -> Result<Result<Kept, Errors>, Failure> {
    match (entry.read)(bytes, mode) {
        Ok(received) => {
            let (document, drift) = received.into_parts();
            let json = document
                .to_json()
                .map_err(|e| Failure::new(entry.name, Property::Unserializable, e.to_string()))?;
            Ok(Ok(Kept { json, drift }))
        }
        Err(errors) => Ok(Err(errors)),
    }
}

/// A notification as a [`ReadKept`], typed.
fn read_notification(bytes: &[u8], mode: ReadMode) -> Result<Result<Kept, Errors>, Failure> {
    match wagate::read_with::<Notification>(bytes, mode) {
        Ok(received) => {
            let json = serde_json::to_vec(&received)
                .map_err(|e| Failure::new(NOTIFICATION, Property::Unserializable, e.to_string()))?;
            let (_, drift) = received.into_parts();
            Ok(Ok(Kept { json, drift }))
        }
        Err(errors) => Ok(Err(errors)),
    }
}

// ---------------------------------------------------------------------------
// The targets.

const NOTIFICATION: &str = "green-api/webhook";

/// Fuzz body: a Green API notification (webhook body) from bytes.
pub fn notification(bytes: &[u8]) -> Outcome {
    use wagate::bot::{ReceiveError, WebhookToken, receive};
    let fail = |property, detail: String| Err(Failure::new(NOTIFICATION, property, detail));
    let token = WebhookToken::new("fuzz-token");
    // A wrong or missing header is refused before the body is read.
    for header in [Some(&b"Bearer wrong"[..]), Some(b"fuzz-token"), None] {
        match receive(header, bytes, Some(&token)) {
            Err(ReceiveError::Unauthorized) => {}
            other => {
                return fail(
                    Property::Receiver,
                    format!("{header:?} was not refused: {other:?}"),
                );
            }
        }
    }
    // The right one reads the body as `read` does.
    let received = match (
        receive(Some(b"Bearer fuzz-token"), bytes, Some(&token)),
        wagate::read(bytes),
    ) {
        (Ok(received), Ok(read)) if received == read => Some(received),
        (Err(ReceiveError::Unreadable(errors)), Err(read)) if errors == read => None,
        (received, read) => {
            return fail(
                Property::Receiver,
                format!("the receiver gave {received:?}; read gave {read:?}"),
            );
        }
    };
    received_properties(NOTIFICATION, bytes, &read_notification)?;
    let Some(received) = received else {
        return Ok(());
    };
    accessors(&received);
    // The kind is named as received, whatever it is.
    let tag = keepable(bytes).ok();
    let tag = tag
        .as_ref()
        .and_then(|v| v.get("typeWebhook"))
        .and_then(Value::as_str);
    if received.type_webhook() != tag {
        return fail(
            Property::Accessor,
            format!(
                "typeWebhook {tag:?} is given as {:?}",
                received.type_webhook()
            ),
        );
    }
    // Typed, the re-read notification is the same.
    let again = serde_json::to_vec(&received)
        .map_err(|e| Failure::new(NOTIFICATION, Property::Unserializable, e.to_string()))?;
    match wagate::read::<Notification>(&again) {
        Ok(second) if *second == *received && same_drift(second.drift(), received.drift()) => {
            Ok(())
        }
        other => fail(
            Property::ReparseChanged,
            format!("first: {received:?}\nsecond: {other:?}"),
        ),
    }
}

/// Every accessor of a notification and of its [`wagate::bot::MessageView`].
fn accessors(notification: &Received<Notification>) {
    use std::hint::black_box;
    use wagate::bot::MessageView as _;
    let n: &Notification = notification;
    black_box((
        n.type_webhook(),
        n.is_unknown(),
        n.instance_data(),
        n.sender_data(),
        n.message_data(),
        n.message(),
        n.timestamp().map(|t| (t.seconds(), t.to_utc())),
    ));
    black_box((
        n.chat_id(),
        n.sender(),
        n.message_id(),
        n.type_message().map(|t| (t.as_str().len(), t.canonical())),
        n.text(),
        n.download_url(),
        n.quoted(),
        n.referenced_message_id(),
        n.button_id(),
        n.sent_at(),
        n.error_markers(),
    ));
}

/// Fuzz body: a request of the TYPE the first byte selects (among the request
/// TYPEs, in registry order).
pub fn request(bytes: &[u8]) -> Outcome {
    let types = types_of(Direction::Request);
    let Some((entry, document)) = select(&types, bytes) else {
        return Ok(());
    };
    let fail = |property, detail: String| Err(Failure::new(entry.name, property, detail));
    let strict = read_entry(entry, document, ReadMode::Strict)?;
    let endpoint = endpoint_of(entry.name);
    // Requests are strict whatever the mode.
    let lenient = read_entry(entry, document, ReadMode::Lenient)?;
    let same = match (&strict, &lenient) {
        (Ok(a), Ok(b)) => a.json == b.json && a.drift.is_empty() && b.drift.is_empty(),
        (Err(a), Err(b)) => a == b,
        _ => false,
    };
    if !same {
        return fail(
            Property::ModesDisagree,
            format!(
                "strict: {}; lenient: {}",
                describe_kept(&strict),
                describe_kept(&lenient)
            ),
        );
    }
    let json = match strict {
        Ok(kept) => kept.json,
        Err(errors) => {
            // The builder refuses it with the same errors.
            let Some(endpoint) = endpoint else {
                return Ok(());
            };
            return match (endpoint.build_from_json)(document, &credentials_for(endpoint.meta)) {
                Err(BuildError::Invalid(again)) if again == errors => Ok(()),
                other => fail(
                    Property::Build,
                    format!(
                        "read refused it with {errors}; the builder gave {}",
                        built(&other)
                    ),
                ),
            };
        }
    };
    // Re-serialized, it reads back to the same value.
    match read_entry(entry, &json, ReadMode::Strict)? {
        Ok(again) if again.json == json => {}
        other => {
            return fail(
                Property::ReparseChanged,
                format!(
                    "first: {}\nsecond: {}",
                    shown_bytes(&json),
                    describe_kept(&other)
                ),
            );
        }
    }
    let Some(endpoint) = endpoint else {
        return Ok(());
    };
    // The valid request builds, the same from either text.
    let credentials = credentials_for(endpoint.meta);
    let first = (endpoint.build_from_json)(document, &credentials);
    let second = (endpoint.build_from_json)(&json, &credentials);
    let meta = endpoint.meta;
    match (&first, &second) {
        (Ok(a), Ok(b)) if same_request(a, b) => {
            let body_fits = meta
                .max_json_body_bytes
                .is_none_or(|limit| a.body().len() <= limit);
            if a.method() != meta.verb.to_http() || !body_fits {
                return fail(Property::Build, format!("built {}", built(&first)));
            }
            Ok(())
        }
        (Err(BuildError::NeedsFile(_)), Err(BuildError::NeedsFile(_)))
            if matches!(meta.body, BodyKind::Multipart | BodyKind::Binary) =>
        {
            Ok(())
        }
        (
            Err(BuildError::BodyTooLarge { size, limit, .. }),
            Err(BuildError::BodyTooLarge { size: again, .. }),
        ) if size == again && meta.max_json_body_bytes == Some(*limit) && size > limit => Ok(()),
        _ => fail(
            Property::Build,
            format!(
                "a valid request built as {}; re-serialized as {}",
                built(&first),
                built(&second)
            ),
        ),
    }
}

fn same_request(a: &http::Request<Vec<u8>>, b: &http::Request<Vec<u8>>) -> bool {
    a.method() == b.method()
        && a.uri() == b.uri()
        && a.headers() == b.headers()
        && a.body() == b.body()
}

fn built(result: &Result<http::Request<Vec<u8>>, BuildError>) -> String {
    match result {
        Ok(request) => format!(
            "{} {} {:?} {}",
            request.method(),
            request.uri(),
            request.headers(),
            shown_bytes(request.body())
        ),
        Err(e) => format!("error: {e}"),
    }
}

/// The endpoint whose request TYPE is `type_name` (`provider/Method.request`).
fn endpoint_of(type_name: &str) -> Option<&'static EndpointEntry> {
    let (provider, rest) = type_name.split_once('/')?;
    let method = rest.strip_suffix(".request")?;
    registry::endpoints()
        .into_iter()
        .find(|e| e.meta.provider == provider && e.meta.name == method)
}

/// Fuzz body: a received document (response, error body, notification) of
/// the TYPE the first byte selects (among the received TYPEs, in registry
/// order): the received-data properties (module docs).
pub fn response(bytes: &[u8]) -> Outcome {
    let types = types_of(Direction::Received);
    let Some((entry, document)) = select(&types, bytes) else {
        return Ok(());
    };
    received_properties(entry.name, document, &|bytes, mode| {
        read_entry(entry, bytes, mode)
    })
}

/// Fuzz body: sans-IO response decoding. The first byte selects a method (of
/// every provider, from the endpoint registry), the next two give the HTTP
/// status (100–599), the rest is the body.
pub fn sans_io_response(bytes: &[u8]) -> Outcome {
    let Some((endpoint, rest)) = select(&registry::endpoints(), bytes) else {
        return Ok(());
    };
    let (status, body) = match rest {
        [hi, lo, body @ ..] => (100 + u16::from_be_bytes([*hi, *lo]) % 500, body),
        _ => return Ok(()),
    };
    let subject = format!(
        "{}/{} HTTP {status}",
        endpoint.meta.provider, endpoint.meta.name
    );
    let fail = |property, detail: String| Err(Failure::new(subject.as_str(), property, detail));
    let lenient = (endpoint.parse_response)(status, body, ReadMode::Lenient);
    let strict = (endpoint.parse_response)(status, body, ReadMode::Strict);
    let success = (200..300).contains(&status);
    for outcome in [&lenient, &strict] {
        match outcome {
            Ok(_) if !success => {
                return fail(Property::ResponseOutcome, "read as a success".into());
            }
            Ok(_) => {}
            Err(error) => {
                // The report prints.
                if error.to_string().is_empty() || format!("{error:?}").is_empty() {
                    return fail(
                        Property::ResponseOutcome,
                        "an error prints as nothing".into(),
                    );
                }
            }
        }
    }
    // Strict refuses exactly the drift.
    let agree = match (&lenient, &strict) {
        (Ok(drift), Ok(none)) => drift.is_empty() && none.is_empty(),
        (Ok(drift), Err(ResponseError::Decode(errors))) => {
            !drift.is_empty() && drift.first() == errors.first()
        }
        (Ok(_), Err(_)) => false,
        (Err(_), Ok(_)) => false,
        (Err(_), Err(_)) => true,
    };
    if !agree {
        return fail(
            Property::ModesDisagree,
            format!("lenient: {lenient:?}; strict: {strict:?}"),
        );
    }
    if !success {
        return Ok(());
    }
    // A success status: lenient refuses only what cannot be kept (an empty
    // body reads as JSON null); a documented failure may stand for the body.
    let read: &[u8] = if String::from_utf8_lossy(body).trim().is_empty() {
        b"null"
    } else {
        body
    };
    match (keepable(read), &lenient) {
        (_, Err(ResponseError::FailureWithOk { .. })) | (Ok(_), Ok(_)) => Ok(()),
        (Err(code), Err(ResponseError::Decode(errors)))
            if errors.first().map(|i| i.code) == Some(code) =>
        {
            Ok(())
        }
        (Ok(_), Err(error)) => fail(Property::KeepableRefused, format!("{error:?}")),
        (Err(code), other) => fail(
            Property::UnkeepableRead,
            format!("expected {code}, got {other:?}"),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keepable_says_why_not() {
        assert_eq!(
            keepable(br#" {"a":[1,{"b":null}]} "#),
            Ok(serde_json::json!({"a":[1,{"b":null}]}))
        );
        assert_eq!(
            keepable(br#"{"a":1,"\u0061":2}"#),
            Err(ErrorCode::DuplicateField)
        );
        assert_eq!(
            keepable(br#"{"a":{"b":1,"b":1}} x"#),
            Err(ErrorCode::DuplicateField)
        );
        assert_eq!(keepable(br#"{"a":1} x"#), Err(ErrorCode::Syntax));
        assert_eq!(
            keepable(b"{\"a\":1,\"a\":\"\xff\"}"),
            Err(ErrorCode::Syntax)
        );
        assert_eq!(keepable(b""), Err(ErrorCode::Syntax));
        let deep = |n: usize| format!("{}{}", "[".repeat(n), "]".repeat(n));
        assert!(keepable(deep(MAX_NESTING_DEPTH).as_bytes()).is_ok());
        assert_eq!(
            keepable(deep(MAX_NESTING_DEPTH + 1).as_bytes()),
            Err(ErrorCode::TooDeep)
        );
        assert_eq!(
            keepable(&vec![b' '; MAX_INPUT_BYTES + 1]),
            Err(ErrorCode::InputTooLarge)
        );
    }

    #[test]
    fn wagate_agrees_on_the_caps() {
        // The independent reader's bounds are wagate's: a document at each
        // bound is kept, one past it refused with the same code.
        let deep = |n: usize| format!("{}{}", "[".repeat(n), "]".repeat(n));
        for n in [MAX_NESTING_DEPTH, MAX_NESTING_DEPTH + 1] {
            let doc = deep(n);
            let read = wagate::read::<Notification>(doc.as_bytes()).map(|_| ());
            let code = read.map_err(|e| e.first().map(|i| i.code));
            assert_eq!(
                code,
                keepable(doc.as_bytes()).map(|_| ()).map_err(Some),
                "depth {n}"
            );
        }
    }

    #[test]
    fn selectors_wrap_around() {
        assert_eq!(select(&[1, 2, 3], &[4, 9]), Some((2, &[9][..])));
        assert_eq!(select::<u8>(&[], &[0]), None);
        assert_eq!(select(&[1], &[]), None);
    }

    #[test]
    fn every_example_seeds_and_passes() {
        let seeds = seeds().expect("every example file reads");
        for target in TARGETS {
            assert!(
                seeds.iter().any(|s| s.target == *target),
                "no example seeds {target}"
            );
        }
        for seed in seeds {
            assert_eq!(
                run(seed.target, &seed.bytes),
                Some(Ok(())),
                "{} ({})",
                seed.example,
                seed.target
            );
        }
    }

    #[test]
    fn broken_properties_are_reported_not_panicked() {
        assert_eq!(run("nothing", b""), None);
        for target in TARGETS {
            for input in [
                &b""[..],
                b"\x00",
                b"\xff\xff\xff{",
                b"\x00{\"a\":1,\"a\":1}",
            ] {
                assert_eq!(run(target, input), Some(Ok(())), "{target} {input:?}");
            }
        }
        let failure = Failure::new("t", Property::Build, "x");
        assert_eq!(failure.to_string(), "t: building the request misbehaved: x");
    }
}
