//! Today's Green API (the spec files that cite green-api-current/): every
//! new limit at its boundary, every new error row reproduced by the request
//! that breaks it or mapped from the response that carries it, `@lid` field
//! by field, and the new notification kinds as a bot reads them.
//!
//! The lists are driven from the generated model and from spec/ itself: a
//! limit or an error row added later without a case here fails these tests,
//! and chat id fields are found in spec/, so new ones are checked too.

use std::collections::{BTreeMap, BTreeSet};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

use serde_json::{Map, Value, json};
use wagate::bot::{MessageView, ReceiveError, WebhookToken, receive};
use wagate::endpoint::{
    BuildError, Credentials, DocumentedError, EndpointMeta, ResponseError, build_request,
};
use wagate::green_api::types::TypeMessage;
use wagate::green_api::webhook::Notification;
use wagate::green_api::{edit_message, get_chat_history, get_chats, last_incoming_calls};
use wagate::ids::{ApiTokenInstance, ChatId, ChatIdKind, IdInstance, MessageId};
use wagate::limits::green_api;
use wagate::registry::{self, EndpointEntry};
use wagate::{Issue, ReadMode};
use wagate_cli::example_file::ExampleFile;

use crate::support::{assert_invalid, assert_valid, text_of_units};

const PROVIDER: &str = "green-api";
/// How spec files cite today's reference.
const CURRENT: &str = "green-api-current/";

/// A linked id as the documents print it (green-api-current/identifiers.md:26).
const LID: &str = "120650379300963@lid";
const PERSONAL: &str = "11001234567@c.us";
const GROUP: &str = "120363043968066561@g.us";
const MESSAGE_ID: &str = "BAE5F4886F6F2D05";

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// A named check for [`run_all`].
fn named<'a>(
    name: impl Into<String>,
    check: impl FnOnce() + 'a,
) -> (String, Box<dyn FnOnce() + 'a>) {
    (name.into(), Box::new(check))
}

/// Runs every check and fails once at the end, naming each one that failed,
/// so that one broken limit or row does not hide the others (each failure's
/// own message is printed as it happens).
fn run_all<'a>(checks: Vec<(String, Box<dyn FnOnce() + 'a>)>) {
    assert!(!checks.is_empty(), "nothing to check");
    let failed: Vec<String> = checks
        .into_iter()
        .filter_map(|(name, check)| {
            catch_unwind(AssertUnwindSafe(check))
                .is_err()
                .then_some(name)
        })
        .collect();
    assert!(failed.is_empty(), "failed: {failed:#?}");
}

fn endpoint(method: &str) -> &'static EndpointEntry {
    registry::endpoints()
        .into_iter()
        .find(|e| e.meta.provider == PROVIDER && e.meta.name == method)
        .unwrap_or_else(|| panic!("{PROVIDER}/{method} is not registered"))
}

fn meta(method: &str) -> &'static EndpointMeta {
    endpoint(method).meta
}

fn request_type(method: &str) -> String {
    format!("{PROVIDER}/{method}.request")
}

/// The document of a bundled example file (`green-api/<Method>/<file>.json`).
fn example(path: &str) -> Value {
    let (_, text) = wagate_cli::examples::EXAMPLES
        .iter()
        .find(|(p, _)| *p == path)
        .unwrap_or_else(|| panic!("no bundled example {path}"));
    ExampleFile::parse(text)
        .unwrap_or_else(|e| panic!("{path}: {e}"))
        .document
        .unwrap_or_else(|| panic!("{path} has no JSON document"))
}

fn bytes(doc: &Value) -> Vec<u8> {
    serde_json::to_vec(doc).expect("a Value serializes")
}

/// A phone number of `digits` digits, as a JSON integer.
fn phone(digits: u32) -> Value {
    let text: String = "79001234567890123456"
        .chars()
        .cycle()
        .take(digits as usize)
        .collect();
    json!(text.parse::<u64>().expect("at most 19 digits fit a u64"))
}

// --- spec/ as the tests read it ----------------------------------------------

fn str_of<'a>(table: &'a toml::Table, key: &str) -> Option<&'a str> {
    table.get(key).and_then(toml::Value::as_str)
}

fn int_of(table: &toml::Table, key: &str) -> Option<i64> {
    table.get(key).and_then(toml::Value::as_integer)
}

/// The tables of an array of tables (`[[request.fields]]`, …).
fn tables(value: Option<&toml::Value>) -> impl Iterator<Item = &toml::Table> {
    value
        .and_then(toml::Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(toml::Value::as_table)
}

fn array_item(ty: &str) -> Option<&str> {
    ty.strip_prefix("array<").and_then(|t| t.strip_suffix('>'))
}

fn chat_id_kind(name: &str) -> ChatIdKind {
    match name {
        "personal" => ChatIdKind::Personal,
        "lid" => ChatIdKind::Lid,
        "group" => ChatIdKind::Group,
        "newsletter" => ChatIdKind::Newsletter,
        "status_broadcast" => ChatIdKind::StatusBroadcast,
        other => panic!("unknown chat id kind {other:?} in spec"),
    }
}

/// One well-formed id of each kind a Green API field may take.
const PROBES: [(ChatIdKind, &str); 3] = [
    (ChatIdKind::Personal, PERSONAL),
    (ChatIdKind::Lid, LID),
    (ChatIdKind::Group, GROUP),
];

/// The provider's method files and the struct and enum definitions they
/// share (one namespace per provider).
struct Spec {
    methods: Vec<toml::Table>,
    structs: BTreeMap<String, toml::Table>,
    enums: BTreeMap<String, Vec<String>>,
    /// The chat id kinds of provider.toml: what a `chat_id` field takes
    /// unless it lists its own.
    kinds: Vec<ChatIdKind>,
}

fn parse_toml(path: &Path) -> toml::Table {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path:?}: {e}"));
    toml::from_str(&text).unwrap_or_else(|e| panic!("{path:?}: {e}"))
}

impl Spec {
    fn load() -> Self {
        let dir = root().join("spec").join(PROVIDER);
        let provider = parse_toml(&dir.join("provider.toml"));
        let kinds = match provider.get("chat_ids").and_then(toml::Value::as_table) {
            Some(ids) => ids
                .get("kinds")
                .and_then(toml::Value::as_array)
                .expect("chat_ids has kinds")
                .iter()
                .map(|k| chat_id_kind(k.as_str().expect("a kind is a string")))
                .collect(),
            // spec/README.md: absent means personal and group.
            None => vec![ChatIdKind::Personal, ChatIdKind::Group],
        };
        let mut files: Vec<(PathBuf, bool)> = Vec::new();
        for entry in std::fs::read_dir(&dir).expect("spec/green-api exists") {
            let path = entry.expect("a directory entry").path();
            if path.is_dir() {
                // Method files: spec/<provider>/<group>/<method>.toml.
                for file in std::fs::read_dir(&path).expect("a group folder") {
                    let file = file.expect("a directory entry").path();
                    if file.extension().is_some_and(|e| e == "toml") {
                        files.push((file, true));
                    }
                }
            } else if path.extension().is_some_and(|e| e == "toml")
                && ["errors.toml", "webhooks.toml"]
                    .iter()
                    .any(|n| path.ends_with(n))
            {
                files.push((path, false));
            }
        }
        files.sort();
        let mut spec = Self {
            methods: Vec::new(),
            structs: BTreeMap::new(),
            enums: BTreeMap::new(),
            kinds,
        };
        for (path, is_method) in files {
            let table = parse_toml(&path);
            for def in tables(table.get("structs")) {
                let name = str_of(def, "name").expect("a struct has a name");
                spec.structs.insert(name.to_owned(), def.clone());
            }
            for def in tables(table.get("enums")) {
                let name = str_of(def, "name").expect("an enum has a name");
                let values = tables(def.get("values"))
                    .filter(|v| v.get("alias_of").is_none())
                    .filter_map(|v| str_of(v, "wire").map(str::to_owned))
                    .collect();
                spec.enums.insert(name.to_owned(), values);
            }
            if is_method {
                spec.methods.push(table);
            }
        }
        assert!(!spec.methods.is_empty(), "no method files under {dir:?}");
        spec
    }

    fn method(&self, name: &str) -> &toml::Table {
        self.methods
            .iter()
            .find(|m| str_of(m, "name") == Some(name))
            .unwrap_or_else(|| panic!("no method file for {name}"))
    }

    /// The kinds a `chat_id` field takes: its own `chat_ids`, else the provider's.
    fn kinds_of(&self, field: &toml::Table) -> Vec<ChatIdKind> {
        match field.get("chat_ids").and_then(toml::Value::as_array) {
            Some(own) => own
                .iter()
                .map(|k| chat_id_kind(k.as_str().expect("a kind is a string")))
                .collect(),
            None => self.kinds.clone(),
        }
    }

    /// The smallest request of `method` that keeps every rule.
    fn request(&self, method: &str) -> Value {
        let request = self
            .method(method)
            .get("request")
            .and_then(toml::Value::as_table)
            .unwrap_or_else(|| panic!("{method} has no [request]"));
        self.object(request, 0)
    }

    /// An object with every required field, plus the optional ones its
    /// body-level rules need.
    fn object(&self, def: &toml::Table, index: usize) -> Value {
        let fields: Vec<&toml::Table> = tables(def.get("fields")).collect();
        let name_of = |f: &toml::Table| str_of(f, "name").expect("a field has a name").to_owned();
        let mut out = Map::new();
        for field in &fields {
            if field.get("required").and_then(toml::Value::as_bool) == Some(true) {
                out.insert(name_of(field), self.value(field, index));
            }
        }
        for rule in tables(def.get("rules")) {
            match str_of(rule, "rule") {
                Some("at_least_one_of") => {
                    let names: Vec<&str> = rule
                        .get("fields")
                        .and_then(toml::Value::as_array)
                        .into_iter()
                        .flatten()
                        .filter_map(toml::Value::as_str)
                        .collect();
                    if !names.iter().any(|n| out.contains_key(*n))
                        && let Some(field) =
                            fields.iter().find(|f| Some(names[0]) == str_of(f, "name"))
                    {
                        out.insert(name_of(field), self.value(field, index));
                    }
                }
                Some("min_properties") => {
                    let wanted = usize::try_from(int_of(rule, "value").unwrap_or(0)).unwrap_or(0);
                    for field in &fields {
                        if out.len() >= wanted {
                            break;
                        }
                        out.entry(name_of(field))
                            .or_insert_with(|| self.value(field, index));
                    }
                }
                _ => {}
            }
        }
        Value::Object(out)
    }

    /// A value of a field that keeps the field's rules; `index` makes the
    /// strings of sibling array items differ (`unique_by`).
    fn value(&self, field: &toml::Table, index: usize) -> Value {
        let ty = str_of(field, "type").expect("a field has a type");
        let rule =
            |name: &str| tables(field.get("limits")).find(|l| str_of(l, "rule") == Some(name));
        if let Some(item) = array_item(ty) {
            let count = rule("min_items")
                .and_then(|l| int_of(l, "value"))
                .unwrap_or(1)
                .max(1);
            let mut one = field.clone();
            one.insert("type".to_owned(), toml::Value::String(item.to_owned()));
            one.remove("limits");
            return (0..count)
                .map(|i| self.value(&one, usize::try_from(i).unwrap_or(0)))
                .collect();
        }
        let first_of = |l: &toml::Table| {
            l.get("values")
                .and_then(toml::Value::as_array)
                .and_then(|v| v.first())
                .cloned()
        };
        match ty {
            "string" | "secret" => match rule("starts_with").and_then(&first_of) {
                Some(prefix) => json!(format!(
                    "{}example.com/file{index}.png",
                    prefix.as_str().expect("a prefix is a string")
                )),
                None => json!(format!("x{index}")),
            },
            "bool" => json!(true),
            "integer" | "unsigned" => {
                let one_of = rule("one_of")
                    .and_then(&first_of)
                    .and_then(|v| v.as_integer());
                let minimum = rule("minimum").and_then(|l| int_of(l, "value"));
                json!(one_of.or(minimum).unwrap_or(1))
            }
            "number" => json!(1.5),
            "chat_id" => {
                let kinds = self.kinds_of(field);
                let (_, id) = PROBES
                    .iter()
                    .find(|(kind, _)| kinds.contains(kind))
                    .expect("a chat id field takes personal, lid or group ids");
                json!(id)
            }
            "message_id" => json!(MESSAGE_ID),
            "phone_number" => {
                let min = rule("digits").and_then(|l| int_of(l, "min")).unwrap_or(11);
                phone(u32::try_from(min).expect("a digit count"))
            }
            "json" => json!({}),
            name => {
                if let Some(def) = self.structs.get(name) {
                    self.object(def, index)
                } else if let Some(values) = self.enums.get(name) {
                    json!(values.first().expect("an enum has values"))
                } else {
                    panic!("the test cannot make a value of type {name}: extend Spec::value")
                }
            }
        }
    }
}

// --- 1. every new limit at its boundary --------------------------------------

/// The rule a limit constant stands for, with its value.
#[derive(Clone, Copy)]
enum Bound {
    MaxLength(usize),
    /// The maximum, and one valid item at an index.
    MaxItems(usize, fn(usize) -> Value),
    Minimum(i64),
    Maximum(i64),
    MinDigits(u32),
    MaxDigits(u32),
}

impl Bound {
    /// The suffix the generator gives a constant of this rule.
    fn suffix(self) -> &'static str {
        match self {
            Self::MaxLength(_) => "_MAX_LENGTH",
            Self::MaxItems(..) => "_MAX_ITEMS",
            Self::Minimum(_) => "_MINIMUM",
            Self::Maximum(_) => "_MAXIMUM",
            Self::MinDigits(_) => "_MIN_DIGITS",
            Self::MaxDigits(_) => "_MAX_DIGITS",
        }
    }

    /// The bound as the server's text prints it.
    fn printed(self) -> String {
        match self {
            Self::MaxLength(n) | Self::MaxItems(n, _) => n.to_string(),
            Self::Minimum(n) | Self::Maximum(n) => n.to_string(),
            Self::MinDigits(n) | Self::MaxDigits(n) => n.to_string(),
        }
    }
}

struct LimitCase {
    /// The constant's name in `wagate::limits::green_api`.
    constant: &'static str,
    bound: Bound,
    method: &'static str,
    /// Where the limit's issue is reported.
    path: &'static str,
    /// Whether the documents give the server's text for breaking it.
    server_text: bool,
    /// The request with this value in the limited place.
    with: fn(Value) -> Value,
}

/// A case named by its constant, so the name and the value cannot disagree.
macro_rules! limit {
    ($constant:ident, $rule:ident $(($item:expr))?, $method:literal, $path:literal, $server:literal, $with:expr) => {
        LimitCase {
            constant: stringify!($constant),
            bound: Bound::$rule(green_api::$constant $(, $item)?),
            method: $method,
            path: $path,
            server_text: $server,
            with: $with,
        }
    };
}

/// A SendMessage with a link preview of its own (changed-SendMessage.md:35-40).
fn with_preview(preview: Value) -> Value {
    json!({
        "chatId": PERSONAL,
        "message": "https://green-api.com",
        "linkPreview": true,
        "customPreview": preview,
    })
}

fn interactive(body: Value, buttons: Value) -> Value {
    json!({"chatId": PERSONAL, "body": body, "buttons": buttons})
}

/// A copy, call or url button (new-SendInteractiveButtons.md:50-55).
fn action_button(i: usize) -> Value {
    let mut button = json!({"buttonId": (i + 1).to_string(), "buttonText": format!("Button {i}")});
    let (kind, key, value) = match i % 3 {
        0 => ("copy", "copyCode", "3333"),
        1 => ("call", "phoneNumber", "79123456789"),
        _ => ("url", "url", "https://green-api.com"),
    };
    button["type"] = json!(kind);
    button[key] = json!(value);
    button
}

/// A quick-reply button (new-SendInteractiveButtonsReply.md:49-50).
fn reply_button(i: usize) -> Value {
    json!({"buttonId": (i + 1).to_string(), "buttonText": format!("Reply {i}")})
}

fn limit_cases() -> Vec<LimitCase> {
    vec![
        limit!(
            CHECK_WHATSAPP_PHONE_NUMBER_MIN_DIGITS,
            MinDigits,
            "CheckWhatsapp",
            "/phoneNumber",
            true,
            |v| json!({"phoneNumber": v})
        ),
        limit!(
            CHECK_WHATSAPP_PHONE_NUMBER_MAX_DIGITS,
            MaxDigits,
            "CheckWhatsapp",
            "/phoneNumber",
            true,
            |v| json!({"phoneNumber": v})
        ),
        limit!(
            CUSTOM_PREVIEW_TITLE_MAX_LENGTH,
            MaxLength,
            "SendMessage",
            "/customPreview/title",
            false,
            |v| with_preview(json!({"title": v}))
        ),
        limit!(
            CUSTOM_PREVIEW_DESCRIPTION_MAX_LENGTH,
            MaxLength,
            "SendMessage",
            "/customPreview/description",
            false,
            |v| with_preview(json!({"title": "Green API", "description": v}))
        ),
        limit!(
            CUSTOM_PREVIEW_LINK_MAX_LENGTH,
            MaxLength,
            "SendMessage",
            "/customPreview/link",
            false,
            |v| with_preview(json!({"title": "Green API", "link": v}))
        ),
        limit!(
            EDIT_MESSAGE_MESSAGE_MAX_LENGTH,
            MaxLength,
            "EditMessage",
            "/message",
            true,
            |v| json!({"chatId": PERSONAL, "idMessage": MESSAGE_ID, "message": v})
        ),
        limit!(
            INTERACTIVE_BUTTON_BUTTON_TEXT_MAX_LENGTH,
            MaxLength,
            "SendInteractiveButtons",
            "/buttons/0/buttonText",
            false,
            |v| {
                let mut button = action_button(0);
                button["buttonText"] = v;
                interactive(json!("Choose"), json!([button]))
            }
        ),
        limit!(
            INTERACTIVE_REPLY_BUTTON_BUTTON_TEXT_MAX_LENGTH,
            MaxLength,
            "SendInteractiveButtonsReply",
            "/buttons/0/buttonText",
            false,
            |v| interactive(json!("Choose"), json!([{"buttonId": "1", "buttonText": v}]))
        ),
        limit!(
            SEND_INTERACTIVE_BUTTONS_BODY_MAX_LENGTH,
            MaxLength,
            "SendInteractiveButtons",
            "/body",
            false,
            |v| interactive(v, json!([action_button(0)]))
        ),
        limit!(
            SEND_INTERACTIVE_BUTTONS_BUTTONS_MAX_ITEMS,
            MaxItems(action_button),
            "SendInteractiveButtons",
            "/buttons",
            false,
            |v| interactive(json!("Choose"), v)
        ),
        limit!(
            SEND_INTERACTIVE_BUTTONS_REPLY_BUTTONS_MAX_ITEMS,
            MaxItems(reply_button),
            "SendInteractiveButtonsReply",
            "/buttons",
            false,
            |v| interactive(json!("Choose"), v)
        ),
        limit!(
            SEND_MESSAGE_TYPING_TIME_MINIMUM,
            Minimum,
            "SendMessage",
            "/typingTime",
            false,
            |v| json!({"chatId": PERSONAL, "message": "hi", "typingTime": v})
        ),
        limit!(
            SEND_MESSAGE_TYPING_TIME_MAXIMUM,
            Maximum,
            "SendMessage",
            "/typingTime",
            false,
            |v| json!({"chatId": PERSONAL, "message": "hi", "typingTime": v})
        ),
        limit!(
            SEND_TYPING_TYPING_TIME_MINIMUM,
            Minimum,
            "SendTyping",
            "/typingTime",
            true,
            |v| json!({"chatId": PERSONAL, "typingTime": v})
        ),
        limit!(
            SEND_TYPING_TYPING_TIME_MAXIMUM,
            Maximum,
            "SendTyping",
            "/typingTime",
            true,
            |v| json!({"chatId": PERSONAL, "typingTime": v})
        ),
        limit!(
            SET_SETTINGS_AUTO_TYPING_MINIMUM,
            Minimum,
            "SetSettings",
            "/autoTyping",
            false,
            |v| json!({"autoTyping": v})
        ),
        limit!(
            SET_SETTINGS_AUTO_TYPING_MAXIMUM,
            Maximum,
            "SetSettings",
            "/autoTyping",
            false,
            |v| json!({"autoTyping": v})
        ),
        limit!(
            SET_SETTINGS_DELAY_SEND_MESSAGES_MILLISECONDS_MAXIMUM,
            Maximum,
            "SetSettings",
            "/delaySendMessagesMilliseconds",
            false,
            |v| json!({"delaySendMessagesMilliseconds": v})
        ),
    ]
}

/// The `wagate::limits::green_api` constants whose doc cites today's
/// reference, read from the generated limits.rs.
fn current_limit_constants() -> BTreeSet<String> {
    let path = root().join("crates/wagate/src/generated/limits.rs");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path:?}: {e}"));
    let module = text
        .split("pub mod green_api {")
        .nth(1)
        .expect("limits.rs has a green_api module");
    let module = &module[..module.find("\n}").expect("the module ends")];
    let mut doc = String::new();
    let mut out = BTreeSet::new();
    for line in module.lines().map(str::trim) {
        if let Some(text) = line.strip_prefix("///") {
            doc.push_str(text);
            doc.push('\n');
        } else if let Some(rest) = line.strip_prefix("pub const ") {
            let name = rest.split(':').next().unwrap_or_default().trim();
            if doc.contains(&format!("Source: {CURRENT}")) {
                out.insert(name.to_owned());
            }
            doc.clear();
        }
    }
    out
}

/// `units` UTF-16 code units of `unit`; an emoji takes two, so an odd count
/// ends with one ASCII letter.
fn of_length(unit: char, units: usize) -> String {
    let per = unit.len_utf16();
    text_of_units(unit, units - units % per) + &"a".repeat(units % per)
}

/// The server text of a broken limit: the method's documented row that
/// prints the bound, or none when the documents give no text.
fn check_server_text(case: &LimitCase, issue: &Issue) {
    if !case.server_text {
        assert_eq!(
            issue.server_message, None,
            "{}: the documents give no server text",
            case.constant
        );
        return;
    }
    let text = issue
        .server_message
        .as_deref()
        .unwrap_or_else(|| panic!("{}: no server text", case.constant));
    assert!(
        meta(case.method).errors.iter().any(|row| row.text == text),
        "{}: {text:?} is not a documented error row of {}",
        case.constant,
        case.method
    );
    assert!(
        text.contains(&case.bound.printed()),
        "{}: {text:?} does not print the bound",
        case.constant
    );
}

fn check_limit(case: &LimitCase) {
    let ty = request_type(case.method);
    assert!(
        case.constant.ends_with(case.bound.suffix()),
        "{} is not a {} rule",
        case.constant,
        case.bound.suffix()
    );
    let refused = |doc: Value, code: &str| {
        let issue = assert_invalid(&ty, &doc, code, case.path);
        check_server_text(case, &issue);
        issue
    };
    match case.bound {
        Bound::MaxLength(max) => {
            // ASCII (1 byte in UTF-8), Cyrillic (2 bytes) and emoji (4 bytes,
            // 2 units): the server counts UTF-16 units.
            for unit in ['a', 'ж', '😀'] {
                let at = of_length(unit, max);
                assert_eq!(at.encode_utf16().count(), max);
                assert_valid(&ty, &(case.with)(json!(at)));
                // One unit over: the same letter, or after an emoji one ASCII letter.
                let one = if unit.len_utf16() == 1 { unit } else { 'a' };
                let over = format!("{at}{one}");
                assert_eq!(over.encode_utf16().count(), max + 1);
                let over = refused((case.with)(json!(over)), "too_long");
                assert_eq!(over.limit, Some(max as u64), "{}", case.constant);
            }
            // An emoji across the limit: max − 1 units, then two more.
            let straddle = format!("{}😀", "a".repeat(max - 1));
            refused((case.with)(json!(straddle)), "too_long");
        }
        Bound::MaxItems(max, item) => {
            let items = |n: usize| Value::Array((0..n).map(item).collect());
            assert_valid(&ty, &(case.with)(items(max)));
            let over = refused((case.with)(items(max + 1)), "too_many_items");
            assert_eq!(over.limit, Some(max as u64), "{}", case.constant);
        }
        Bound::Minimum(min) => {
            assert_valid(&ty, &(case.with)(json!(min)));
            let under = refused((case.with)(json!(min - 1)), "too_small");
            assert_eq!(under.limit, u64::try_from(min).ok(), "{}", case.constant);
        }
        Bound::Maximum(max) => {
            assert_valid(&ty, &(case.with)(json!(max)));
            let over = refused((case.with)(json!(max + 1)), "too_large");
            assert_eq!(over.limit, u64::try_from(max).ok(), "{}", case.constant);
        }
        Bound::MinDigits(min) => {
            assert_valid(&ty, &(case.with)(phone(min)));
            refused((case.with)(phone(min - 1)), "bad_phone_number");
        }
        Bound::MaxDigits(max) => {
            assert_valid(&ty, &(case.with)(phone(max)));
            refused((case.with)(phone(max + 1)), "bad_phone_number");
        }
    }
}

#[test]
fn every_current_limit_has_a_boundary_case() {
    let current = current_limit_constants();
    assert!(!current.is_empty(), "no limit cites {CURRENT}");
    let covered: BTreeSet<String> = limit_cases()
        .iter()
        .map(|c| c.constant.to_owned())
        .collect();
    let missing: Vec<&String> = current.difference(&covered).collect();
    assert!(
        missing.is_empty(),
        "limits citing {CURRENT} without a boundary case here: {missing:?}"
    );
    // Every case is of a current limit: the scope of this file, and a check
    // that limits.rs was read whole.
    let other: Vec<&String> = covered.difference(&current).collect();
    assert!(
        other.is_empty(),
        "cases here for limits that do not cite {CURRENT}: {other:?}"
    );
}

#[test]
fn every_current_limit_holds_at_the_limit_and_breaks_one_over() {
    let cases = limit_cases();
    run_all(
        cases
            .iter()
            .map(|case| named(case.constant, move || check_limit(case)))
            .collect(),
    );
}

#[test]
fn check_whatsapp_takes_11_to_16_digits() {
    let (min, max) = (
        green_api::CHECK_WHATSAPP_PHONE_NUMBER_MIN_DIGITS,
        green_api::CHECK_WHATSAPP_PHONE_NUMBER_MAX_DIGITS,
    );
    let ty = request_type("CheckWhatsapp");
    let row = documented_row(
        &Spec::load(),
        "CheckWhatsapp",
        "green-api-current/changed-CheckWhatsapp.md:38",
    );
    assert!(
        row.text.ends_with(&format!("from {min} to {max} digits")),
        "{row:?}"
    );
    for digits in [min, max] {
        assert_valid(&ty, &json!({"phoneNumber": phone(digits)}));
    }
    for digits in [min - 1, max + 1] {
        let issue = assert_invalid(
            &ty,
            &json!({"phoneNumber": phone(digits)}),
            "bad_phone_number",
            "/phoneNumber",
        );
        assert_eq!(
            issue.server_message.as_deref(),
            Some(row.text),
            "{digits} digits"
        );
    }
}

// --- 2. every new error row --------------------------------------------------

/// An `[[errors]]` row of a method file.
struct Row {
    method: String,
    status: Option<u16>,
    text: String,
    seed: String,
}

/// The rows of method files whose seed cites today's reference.
fn current_error_rows(spec: &Spec) -> Vec<Row> {
    let mut rows = Vec::new();
    for method in &spec.methods {
        let name = str_of(method, "name").expect("a method has a name");
        for row in tables(method.get("errors")) {
            let seed = str_of(row, "seed").unwrap_or_default();
            if seed.starts_with(CURRENT) {
                rows.push(Row {
                    method: name.to_owned(),
                    status: int_of(row, "status")
                        .map(|s| u16::try_from(s).expect("an HTTP status")),
                    text: str_of(row, "text").expect("a row has a text").to_owned(),
                    seed: seed.to_owned(),
                });
            }
        }
    }
    rows
}

/// The generated row (`META.errors`) of a spec row.
fn generated_row(row: &Row) -> &'static DocumentedError {
    meta(&row.method)
        .errors
        .iter()
        .find(|e| e.status == row.status && e.text == row.text)
        .unwrap_or_else(|| {
            panic!(
                "{} {}: not in the generated META.errors",
                row.method, row.seed
            )
        })
}

/// The generated row of the spec row of `method` with this seed.
fn documented_row(spec: &Spec, method: &str, seed: &str) -> &'static DocumentedError {
    let row = current_error_rows(spec)
        .into_iter()
        .find(|r| r.method == method && r.seed == seed)
        .unwrap_or_else(|| panic!("{method} has no row {seed}"));
    generated_row(&row)
}

/// How a row is shown to be wagate's.
enum Reproduce {
    /// wagate refuses this request first, with the row's text as the
    /// issue's server message.
    Request {
        doc: Value,
        code: &'static str,
        path: &'static str,
    },
    /// wagate does not build the request: its JSON body is over the
    /// server's cap, which answers with the row.
    Oversized(fn() -> Result<http::Request<Vec<u8>>, BuildError>),
    /// A response with the row's text (or the failure's documented JSON
    /// shape) at `status` (the row's when `None`) reads as the row.
    Response { status: Option<u16> },
}

struct ErrorCase {
    method: &'static str,
    seed: &'static str,
    how: Reproduce,
}

fn credentials() -> Credentials {
    Credentials::green_api(
        "https://api.green-api.com",
        "https://media.green-api.com",
        IdInstance::new(1101000001),
        ApiTokenInstance::new("token"),
    )
}

/// An EditMessage whose every field keeps its rules but whose body is over
/// the cap: a message id has no documented maximum.
fn oversized_edit() -> Result<http::Request<Vec<u8>>, BuildError> {
    let request = edit_message::Request::new(
        ChatId::parse_strict(PERSONAL).expect("a personal chat id"),
        MessageId::new("A".repeat(green_api::MAX_JSON_BODY_BYTES)),
        "Edited message".to_owned(),
    );
    build_request(&request, &credentials())
}

fn error_cases() -> Vec<ErrorCase> {
    use Reproduce::{Oversized, Request, Response};
    let case = |method, seed, how| ErrorCase { method, seed, how };
    let typing = |v: Value| json!({"chatId": PERSONAL, "typingTime": v});
    vec![
        // The generic 400: no single request rule carries it.
        case(
            "EditMessage",
            "green-api-current/new-EditMessage.md:49",
            Response { status: None },
        ),
        case(
            "EditMessage",
            "green-api-current/new-EditMessage.md:50",
            Request {
                doc: json!({
                    "chatId": PERSONAL,
                    "idMessage": MESSAGE_ID,
                    "message": "a".repeat(green_api::EDIT_MESSAGE_MESSAGE_MAX_LENGTH + 1),
                }),
                code: "too_long",
                path: "/message",
            },
        ),
        case(
            "EditMessage",
            "green-api-current/new-EditMessage.md:51",
            Oversized(oversized_edit),
        ),
        case(
            "EditMessage",
            "green-api-current/new-EditMessage.md:51",
            Response { status: None },
        ),
        // Not a number at all (a digit string Joi would convert).
        case(
            "SendTyping",
            "green-api-current/new-SendTyping.md:49",
            Request {
                doc: typing(json!("soon")),
                code: "invalid_type",
                path: "/typingTime",
            },
        ),
        case(
            "SendTyping",
            "green-api-current/new-SendTyping.md:50",
            Request {
                doc: typing(json!(green_api::SEND_TYPING_TYPING_TIME_MINIMUM - 1)),
                code: "too_small",
                path: "/typingTime",
            },
        ),
        case(
            "SendTyping",
            "green-api-current/new-SendTyping.md:51",
            Request {
                doc: typing(json!(green_api::SEND_TYPING_TYPING_TIME_MAXIMUM + 1)),
                code: "too_large",
                path: "/typingTime",
            },
        ),
        case(
            "CheckWhatsapp",
            "green-api-current/changed-CheckWhatsapp.md:38",
            Request {
                doc: json!({"phoneNumber": phone(green_api::CHECK_WHATSAPP_PHONE_NUMBER_MIN_DIGITS - 1)}),
                code: "bad_phone_number",
                path: "/phoneNumber",
            },
        ),
        case(
            "CheckWhatsapp",
            "green-api-current/changed-CheckWhatsapp.md:38",
            Request {
                doc: json!({"phoneNumber": phone(green_api::CHECK_WHATSAPP_PHONE_NUMBER_MAX_DIGITS + 1)}),
                code: "bad_phone_number",
                path: "/phoneNumber",
            },
        ),
        // Server state, not the request.
        case(
            "CheckWhatsapp",
            "green-api-current/changed-CheckWhatsapp.md:41",
            Response { status: None },
        ),
        // In-band failures with HTTP 200: the group's rights, the token.
        case(
            "UpdateGroupSettings",
            "green-api-current/new-UpdateGroupSettings.md:53",
            Response { status: None },
        ),
        case(
            "UpdateGroupSettings",
            "green-api-current/new-UpdateGroupSettings.md:54",
            Response { status: None },
        ),
        case(
            "UpdateApiToken",
            "green-api-current/new-UpdateApiToken.md:38",
            Response { status: None },
        ),
        // The row has no status; the page's cut heading suggests 200
        // (new-ClearWebhooksQueue.md:44).
        case(
            "ClearWebhooksQueue",
            "green-api-current/new-ClearWebhooksQueue.md:44",
            Response { status: Some(200) },
        ),
        // The number has no WhatsApp account: only the server knows.
        case(
            "EditContact",
            "green-api-current/new-EditContact.md:46",
            Response { status: None },
        ),
        case(
            "DeleteContact",
            "green-api-current/new-DeleteContact.md:42",
            Response { status: None },
        ),
    ]
}

/// Asserts that a response of `method` reads as the documented row: an
/// in-band failure for a 2xx status, a status error otherwise.
fn assert_maps(method: &str, status: u16, body: &[u8], row: &'static DocumentedError) {
    let read = (endpoint(method).parse_response)(status, body, ReadMode::Lenient);
    let shown = String::from_utf8_lossy(body);
    let documented = match read {
        Err(ResponseError::FailureWithOk { documented, .. }) if (200..300).contains(&status) => {
            documented
        }
        Err(ResponseError::Status { documented, .. } | ResponseError::Body { documented, .. })
            if !(200..300).contains(&status) =>
        {
            documented
        }
        other => panic!("{method}: HTTP {status} {shown} read as {other:?}, not as {row:?}"),
    };
    assert_eq!(documented, Some(row), "{method}: HTTP {status} {shown}");
}

fn reproduce(case: &ErrorCase, row: &'static DocumentedError) {
    match &case.how {
        Reproduce::Request { doc, code, path } => {
            let issue = assert_invalid(&request_type(case.method), doc, code, path);
            // Some rows print only the details after the server's
            // "Validation failed. Details: " prefix.
            let said = issue.server_message.as_deref().unwrap_or_default();
            assert!(
                said == row.text || said == format!("Validation failed. Details: {}", row.text),
                "{} {}: {issue:?}",
                case.method,
                case.seed
            );
        }
        Reproduce::Oversized(build) => match build() {
            Err(BuildError::BodyTooLarge { size, limit, .. }) => {
                assert_eq!(limit, green_api::MAX_JSON_BODY_BYTES);
                assert!(size > limit);
                assert_eq!(meta(case.method).max_json_body_bytes, Some(limit));
            }
            other => panic!("{}: built {other:?}, not refused as too large", case.method),
        },
        Reproduce::Response { status } => {
            let status = status
                .or(row.status)
                .unwrap_or_else(|| panic!("{} {}: give a status", case.method, case.seed));
            assert_maps(
                case.method,
                status,
                row.shape.unwrap_or(row.text).as_bytes(),
                row,
            );
        }
    }
}

#[test]
fn every_current_error_row_is_reproduced_or_mapped() {
    let spec = Spec::load();
    let rows = current_error_rows(&spec);
    assert!(!rows.is_empty(), "no error row cites {CURRENT}");
    let cases = error_cases();
    for case in &cases {
        assert!(
            rows.iter()
                .any(|r| r.method == case.method && r.seed == case.seed),
            "a case for {} {} that has no row citing {CURRENT}",
            case.method,
            case.seed
        );
    }
    let mut checks = Vec::new();
    for row in &rows {
        let label = format!("{} {} {:?}", row.method, row.seed, row.text);
        let mine: Vec<&ErrorCase> = cases
            .iter()
            .filter(|c| c.method == row.method && c.seed == row.seed)
            .collect();
        if mine.is_empty() {
            let missing = label.clone();
            checks.push(named(label.clone(), move || {
                panic!("no case reproduces or maps {missing}")
            }));
        }
        for case in mine {
            checks.push(named(label.clone(), move || {
                reproduce(case, generated_row(row))
            }));
        }
    }
    run_all(checks);
}

/// The failure bodies as the documents print them (not the row's own text):
/// what a client actually receives must read as the row.
#[test]
fn documented_failure_bodies_read_as_their_rows() {
    let spec = Spec::load();
    let spec = &spec;
    // new-DeleteContact.md:44: the 404 body holds the chat id and " is not on WhatsApp".
    let not_on_whatsapp = br#"{"message": "77059640505@c.us is not on WhatsApp"}"#;
    run_all(vec![
        named("UpdateApiToken in-band failure example", move || {
            let body = bytes(&example("green-api/UpdateApiToken/response-failure.json"));
            let row = documented_row(
                spec,
                "UpdateApiToken",
                "green-api-current/new-UpdateApiToken.md:38",
            );
            assert_maps("UpdateApiToken", 200, &body, row);
        }),
        named("EditContact 404 body", move || {
            let row = documented_row(
                spec,
                "EditContact",
                "green-api-current/new-EditContact.md:46",
            );
            assert_maps("EditContact", 404, not_on_whatsapp, row);
        }),
        named("DeleteContact 404 body", move || {
            let row = documented_row(
                spec,
                "DeleteContact",
                "green-api-current/new-DeleteContact.md:42",
            );
            assert_maps("DeleteContact", 404, not_on_whatsapp, row);
        }),
        named("ClearWebhooksQueue rate-limited body", move || {
            // new-ClearWebhooksQueue.md:36-38, :44: isCleared false, reason
            // "Too many requests", leftTime N (N is not printed).
            let body = br#"{"isCleared": false, "reason": "Too many requests", "leftTime": 42}"#;
            let row = documented_row(
                spec,
                "ClearWebhooksQueue",
                "green-api-current/new-ClearWebhooksQueue.md:44",
            );
            assert_maps("ClearWebhooksQueue", 200, body, row);
        }),
    ]);
}

// --- 3. @lid -----------------------------------------------------------------

/// A request field of type `chat_id` (or an array of them).
struct ChatField {
    method: String,
    /// Wire names and types from the request's root to the field.
    chain: Vec<(String, String)>,
    kinds: Vec<ChatIdKind>,
}

impl ChatField {
    /// The JSON Pointer of the id (the first item of an array).
    fn pointer(&self) -> String {
        self.chain
            .iter()
            .map(|(name, ty)| {
                if array_item(ty).is_some() {
                    format!("/{name}/0")
                } else {
                    format!("/{name}")
                }
            })
            .collect()
    }

    /// `base` with `id` in this field (creating the structs on the way).
    fn with(&self, spec: &Spec, base: &Value, id: &str) -> Value {
        fn place(spec: &Spec, doc: &mut Value, chain: &[(String, String)], id: &str) {
            let Some(((name, ty), rest)) = chain.split_first() else {
                return;
            };
            let object = doc.as_object_mut().expect("a request is an object");
            let item = array_item(ty);
            if rest.is_empty() {
                let id = json!(id);
                object.insert(name.clone(), if item.is_some() { json!([id]) } else { id });
                return;
            }
            let def = &spec.structs[item.unwrap_or(ty)];
            let slot = object.entry(name.clone()).or_insert_with(|| {
                let one = spec.object(def, 0);
                if item.is_some() { json!([one]) } else { one }
            });
            let target = if item.is_some() { &mut slot[0] } else { slot };
            place(spec, target, rest, id);
        }
        let mut doc = base.clone();
        place(spec, &mut doc, &self.chain, id);
        doc
    }
}

/// Every chat id field of every request, at any depth.
fn chat_fields(spec: &Spec) -> Vec<ChatField> {
    fn walk(
        spec: &Spec,
        method: &str,
        def: &toml::Table,
        chain: &mut Vec<(String, String)>,
        out: &mut Vec<ChatField>,
    ) {
        for field in tables(def.get("fields")) {
            let name = str_of(field, "name").expect("a field has a name");
            let ty = str_of(field, "type").expect("a field has a type");
            let inner = array_item(ty).unwrap_or(ty);
            chain.push((name.to_owned(), ty.to_owned()));
            if inner == "chat_id" {
                out.push(ChatField {
                    method: method.to_owned(),
                    chain: chain.clone(),
                    kinds: spec.kinds_of(field),
                });
            } else if let Some(def) = spec.structs.get(inner)
                && chain.len() < 8
            {
                walk(spec, method, def, chain, out);
            }
            chain.pop();
        }
    }
    let mut out = Vec::new();
    for method in &spec.methods {
        let name = str_of(method, "name").expect("a method has a name");
        if let Some(request) = method.get("request").and_then(toml::Value::as_table) {
            walk(spec, name, request, &mut Vec::new(), &mut out);
        }
    }
    out
}

fn check_chat_field(spec: &Spec, field: &ChatField) {
    let ty = request_type(&field.method);
    let path = field.pointer();
    let base = spec.request(&field.method);
    assert_valid(&ty, &base);
    for (kind, id) in PROBES {
        let doc = field.with(spec, &base, id);
        if field.kinds.contains(&kind) {
            assert_valid(&ty, &doc);
        } else {
            let issue = assert_invalid(&ty, &doc, "invalid_chat_id", &path);
            assert!(
                issue.message.contains("is not accepted here"),
                "{ty} {path} {id}: {}",
                issue.message
            );
        }
    }
    for malformed in ["12a@lid", "@lid"] {
        let issue = assert_invalid(
            &ty,
            &field.with(spec, &base, malformed),
            "invalid_chat_id",
            &path,
        );
        assert!(
            issue
                .message
                .contains("the part before '@lid' must be digits"),
            "{ty} {path} {malformed}: {}",
            issue.message
        );
    }
}

#[test]
fn lids_are_taken_where_a_field_takes_personal_lids_and_refused_elsewhere() {
    let spec = Spec::load();
    assert!(
        spec.kinds.contains(&ChatIdKind::Lid),
        "provider.toml lists no lid kind"
    );
    let fields = chat_fields(&spec);
    let count = |f: &dyn Fn(&ChatField) -> bool| fields.iter().filter(|c| f(c)).count();
    let takes = |c: &ChatField, k| c.kinds.contains(&k);
    // Each class the documents distinguish is present, so no check is vacuous.
    assert!(
        count(&|c| takes(c, ChatIdKind::Lid)) > 0,
        "no field takes lids"
    );
    assert!(
        count(&|c| c.kinds == [ChatIdKind::Group]) > 0,
        "no group-only field"
    );
    assert!(
        count(&|c| takes(c, ChatIdKind::Personal) && !takes(c, ChatIdKind::Group)) > 0,
        "no personal-only field"
    );
    let spec = &spec;
    run_all(
        fields
            .iter()
            .map(|field| {
                let name = format!("{}{} {:?}", field.method, field.pointer(), field.kinds);
                named(name, move || check_chat_field(spec, field))
            })
            .collect(),
    );
}

#[test]
fn lids_in_received_data_are_kept_and_typed() {
    let lid_kind = |id: Option<&ChatId>| id.map(ChatId::kind);

    // senderData.chatId and sender (notifications.md:57).
    let mut doc = example(EDITED);
    doc["senderData"]["chatId"] = json!(LID);
    doc["senderData"]["sender"] = json!(LID);
    let n = wagate::check::<Notification>(&bytes(&doc)).expect("a lid is a chat id");
    assert_eq!(lid_kind(n.chat_id()), Some(ChatIdKind::Lid));
    assert_eq!(lid_kind(n.sender()), Some(ChatIdKind::Lid));
    assert_eq!(n.chat_id().map(ChatId::as_str), Some(LID));
    assert_eq!(serde_json::to_value(&n).expect("serializes"), doc);

    // A call's chat (`from`).
    let mut call = outgoing_call();
    call["from"] = json!(LID);
    let n = wagate::check::<Notification>(&bytes(&call)).expect("a lid is a chat id");
    assert_eq!(lid_kind(n.chat_id()), Some(ChatIdKind::Lid));

    // Journal records: chatId and senderId (identifiers.md:51).
    let mut history = example("green-api/GetChatHistory/response-repaired.json");
    history[0]["chatId"] = json!(LID);
    history[0]["senderId"] = json!(LID);
    let journal =
        wagate::check::<get_chat_history::Response>(&bytes(&history)).expect("kept, typed");
    let record = &journal.items[0];
    assert_eq!(lid_kind(record.chat_id.as_ref()), Some(ChatIdKind::Lid));
    assert_eq!(lid_kind(MessageView::sender(record)), Some(ChatIdKind::Lid));
    assert_eq!(serde_json::to_value(&journal).expect("serializes"), history);

    // The call journal (identifiers.md:47; fields new-LastIncomingCalls.md:46-53).
    let calls = json!([{
        "type": "incoming",
        "idMessage": "F33E8701AGHY4DE04254CBBAE21EC046",
        "timestamp": 1738566656,
        "typeMessage": "incomingCall",
        "chatId": LID,
        "isVideo": false,
        "status": "pickUp",
        "duration": 15,
    }]);
    let calls =
        wagate::check::<last_incoming_calls::Response>(&bytes(&calls)).expect("kept, typed");
    assert_eq!(
        lid_kind(calls.items[0].chat_id.as_ref()),
        Some(ChatIdKind::Lid)
    );

    // GetChats ids (identifiers.md:26, :45).
    let mut chats = example("green-api/GetChats/response.json");
    chats[0]["id"] = json!("123456789012345@lid");
    let chats = wagate::check::<get_chats::Response>(&bytes(&chats)).expect("kept, typed");
    assert_eq!(lid_kind(chats.items[0].id.as_ref()), Some(ChatIdKind::Lid));
}

// --- 4. the new notification kinds, as a bot reads them ----------------------

const EDITED: &str = "green-api/webhook/incomingMessageReceived-editedMessage.json";
const TOKEN: &str = "webhook-url-token";

/// A message notification: the envelope of the documented editedMessage
/// example (notifications.md:132-147) around `message_data`.
fn message_notification(type_webhook: &str, message_data: Value) -> Value {
    let mut doc = example(EDITED);
    doc["typeWebhook"] = json!(type_webhook);
    doc["messageData"] = message_data;
    doc
}

/// An outgoingCall body from its table (notifications.md:82-94); the id is
/// the collection's call id quoted at notifications.md:56.
fn outgoing_call() -> Value {
    json!({
        "typeWebhook": "outgoingCall",
        "instanceData": example(EDITED)["instanceData"].clone(),
        "timestamp": 1738566656,
        "idMessage": "F33E8701AGHY4DE04254CBBAE21EC046",
        "from": "71234567890@c.us",
        "isVideo": false,
        "duration": 15,
        "status": "pickUp",
        "participants": [{"id": "71234567890@c.us", "status": "pickUp"}],
    })
}

/// Receives `body` as a bot does, without a token and with one (and its
/// header): both read the same typed, conforming notification; a request
/// without the header is refused.
fn received(body: &Value) -> Notification {
    let bytes = bytes(body);
    let open = receive(None, &bytes, None).expect("a notification is kept");
    let token = WebhookToken::new(TOKEN);
    let header = format!("Bearer {TOKEN}");
    let guarded = receive(Some(header.as_bytes()), &bytes, Some(&token)).expect("authorized");
    assert!(matches!(
        receive(None, &bytes, Some(&token)),
        Err(ReceiveError::Unauthorized)
    ));
    assert!(open.conforms(), "{:?}", open.drift());
    assert_eq!(open.value(), guarded.value());
    let n = open.into_value();
    assert!(!n.is_unknown(), "read as an unknown kind: {body}");
    n
}

/// The kind is typed: strict reading takes the body, and refuses it with
/// `invalid_type` at `pointer` when that value has another JSON type.
fn assert_typed(body: &Value, pointer: &str, other_type: Value) {
    wagate::check::<Notification>(&bytes(body)).unwrap_or_else(|e| panic!("{e}: {body}"));
    let mut broken = body.clone();
    *broken
        .pointer_mut(pointer)
        .unwrap_or_else(|| panic!("{pointer} is not in {body}")) = other_type;
    let errors = wagate::check::<Notification>(&bytes(&broken))
        .expect_err("an impossible value inside a known kind is refused");
    let first = errors.first().expect("errors are never empty");
    assert_eq!(
        (first.code.as_str(), first.path.as_str()),
        ("invalid_type", pointer),
        "{errors}"
    );
}

fn at<'a>(doc: &'a Value, pointer: &str) -> Option<&'a str> {
    doc.pointer(pointer).and_then(Value::as_str)
}

#[test]
fn an_edited_message_reads_as_its_new_text() {
    let doc = example(EDITED);
    let n = received(&doc);
    assert_eq!(n.type_message(), Some(TypeMessage::EditedMessage));
    assert_eq!(
        n.text(),
        at(&doc, "/messageData/editedMessageData/textMessage")
    );
    assert_eq!(
        n.referenced_message_id().map(MessageId::as_str),
        at(&doc, "/messageData/editedMessageData/stanzaId")
    );
    // The envelope's id is the edit's own, not the edited message's (notifications.md:119).
    assert_eq!(
        n.message_id().map(MessageId::as_str),
        at(&doc, "/idMessage")
    );
    assert_typed(&doc, "/messageData/editedMessageData/textMessage", json!(5));

    // An edited caption (notifications.md:127), sent from the phone.
    let caption = message_notification(
        "outgoingMessageReceived",
        json!({"typeMessage": "editedMessage", "editedMessageData": {"caption": "New caption", "stanzaId": "3PEAD8EDB7A9D438FF5E"}}),
    );
    assert_eq!(received(&caption).text(), Some("New caption"));
}

#[test]
fn a_deleted_message_names_the_deleted_id() {
    // notifications.md:163-168.
    let doc = message_notification(
        "incomingMessageReceived",
        json!({"typeMessage": "deletedMessage", "deletedMessageData": {"stanzaId": "3PEAD8EDB7A9D438FF5E", "typeMessage": "text"}}),
    );
    let n = received(&doc);
    assert_eq!(n.type_message(), Some(TypeMessage::DeletedMessage));
    assert_eq!(
        n.referenced_message_id().map(MessageId::as_str),
        Some("3PEAD8EDB7A9D438FF5E")
    );
    assert_eq!(n.text(), None);
    assert_typed(&doc, "/messageData/deletedMessageData/stanzaId", json!(5));
}

#[test]
fn pressed_buttons_read_as_their_ids() {
    // templateButtonsReplyMessage: today's example (integer selectedIndex)
    // and the old one (string), then the table's spelling (notifications.md:42).
    for path in [
        "green-api/webhook/incomingMessageReceived-templateButtonReplyMessage-current.json",
        "green-api/webhook/incomingMessageReceived-templateButtonReplyMessage.json",
    ] {
        let doc = example(path);
        let n = received(&doc);
        assert_eq!(
            n.type_message(),
            Some(TypeMessage::TemplateButtonsReplyMessage)
        );
        assert_eq!(
            n.button_id(),
            at(&doc, "/messageData/templateButtonReplyMessage/selectedId")
        );
        assert_eq!(
            n.referenced_message_id().map(MessageId::as_str),
            at(&doc, "/messageData/templateButtonReplyMessage/stanzaId")
        );
        assert_typed(
            &doc,
            "/messageData/templateButtonReplyMessage/selectedId",
            json!(1),
        );
        let mut table = doc.clone();
        table["messageData"]["typeMessage"] = json!("templateButtonsReplyMessage");
        assert_eq!(received(&table).button_id(), n.button_id());
    }

    // interactiveButtonsResponse: the own phone pressed a quick-reply
    // button (notifications.md:252-262).
    let doc = message_notification(
        "outgoingMessageReceived",
        json!({
            "typeMessage": "interactiveButtonsResponse",
            "interactiveButtonsResponse": {
                "stanzaId": "BAE5F4886F6F2D05",
                "selectedIndex": 1,
                "selectedId": "2",
                "selectedDisplayText": "No",
            },
        }),
    );
    let n = received(&doc);
    assert_eq!(
        n.type_message(),
        Some(TypeMessage::InteractiveButtonsResponse)
    );
    assert_eq!(n.button_id(), Some("2"));
    assert_eq!(
        n.referenced_message_id().map(MessageId::as_str),
        Some("BAE5F4886F6F2D05")
    );
    assert_typed(
        &doc,
        "/messageData/interactiveButtonsResponse/selectedIndex",
        json!("1"),
    );

    let doc = example("green-api/webhook/incomingMessageReceived-buttonsResponseMessage.json");
    let n = received(&doc);
    assert_eq!(
        n.button_id(),
        at(&doc, "/messageData/buttonsResponseMessage/selectedButtonId")
    );
    assert_typed(
        &doc,
        "/messageData/buttonsResponseMessage/selectedButtonId",
        json!(1),
    );

    let doc = example("green-api/webhook/incomingMessageReceived-ListResponseMessage.json");
    let n = received(&doc);
    assert_eq!(n.type_message(), Some(TypeMessage::ListResponseMessage));
    assert_eq!(
        n.button_id(),
        at(&doc, "/messageData/listResponseMessage/singleSelectReply")
    );
    assert_typed(
        &doc,
        "/messageData/listResponseMessage/singleSelectReply",
        json!(2),
    );
}

#[test]
fn interactive_messages_read_as_their_body() {
    // interactiveButtons, the collection's and the English incoming page's
    // spelling (notifications.md:179-191).
    let buttons = json!([
        {"type": "copy", "buttonId": "1", "buttonText": "Copy code", "copyCode": "3333"},
        {"type": "call", "buttonId": "2", "buttonText": "Call us", "phoneNumber": "79123456789"},
        {"type": "url", "buttonId": "3", "buttonText": "Open site", "url": "https://green-api.com"},
    ]);
    let doc = message_notification(
        "incomingMessageReceived",
        json!({
            "typeMessage": "interactiveButtons",
            "interactiveButtons": {
                "titleText": "Green API",
                "contentText": "Choose an action",
                "footerText": "Thank you",
                "buttons": buttons,
            },
        }),
    );
    let n = received(&doc);
    assert_eq!(n.type_message(), Some(TypeMessage::InteractiveButtons));
    assert_eq!(n.text(), Some("Choose an action"));
    assert_typed(
        &doc,
        "/messageData/interactiveButtons/contentText",
        json!(5),
    );
    assert_typed(
        &doc,
        "/messageData/interactiveButtons/buttons/0/buttonId",
        json!(1),
    );

    // The outgoing page's spelling (notifications.md:184).
    let doc = message_notification(
        "outgoingAPIMessageReceived",
        json!({
            "typeMessage": "interactiveButtons",
            "interactiveButtons": {"header": "Green API", "body": "Choose an action", "footer": "Thank you", "buttons": buttons},
        }),
    );
    assert_eq!(received(&doc).text(), Some("Choose an action"));
    assert_typed(&doc, "/messageData/interactiveButtons/body", json!(5));

    // Quick-reply buttons: the pages' and one SDK's kind, the English
    // table's spelling without s, and the collection's interactiveButtons
    // with reply buttons (notifications.md:41, :197-205).
    let reply = json!({
        "titleText": "Green API",
        "contentText": "Do you agree?",
        "footerText": "Reply once",
        "buttons": [
            {"type": "reply", "buttonId": "1", "buttonText": "Yes"},
            {"type": "reply", "buttonId": "2", "buttonText": "No"},
        ],
    });
    for (type_message, key) in [
        ("interactiveButtonsReply", "interactiveButtonsReply"),
        ("interactiveButtonReply", "interactiveButtonsReply"),
        ("interactiveButtons", "interactiveButtons"),
    ] {
        let doc = message_notification(
            "incomingMessageReceived",
            json!({"typeMessage": type_message, key: reply}),
        );
        let n = received(&doc);
        assert_eq!(n.text(), Some("Do you agree?"), "{type_message}");
        let canonical = if key == "interactiveButtons" {
            TypeMessage::InteractiveButtons
        } else {
            TypeMessage::InteractiveButtonsReply
        };
        assert_eq!(n.type_message(), Some(canonical), "{type_message}");
        assert_typed(&doc, &format!("/messageData/{key}/contentText"), json!(5));
    }
}

#[test]
fn an_outgoing_call_reads_as_its_chat_and_id() {
    let doc = outgoing_call();
    let n = received(&doc);
    assert!(matches!(n, Notification::OutgoingCall(_)), "{n:?}");
    assert_eq!(n.type_webhook(), Some("outgoingCall"));
    assert_eq!(n.chat_id().map(ChatId::as_str), at(&doc, "/from"));
    assert_eq!(
        n.message_id().map(MessageId::as_str),
        at(&doc, "/idMessage")
    );
    assert!(n.sent_at().is_some());
    assert_typed(&doc, "/isVideo", json!("no"));
    assert_typed(&doc, "/participants/0/id", json!(5));
}
