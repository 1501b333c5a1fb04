//! Received data drifts from the documents and is kept: every documented
//! received example survives any single mutation (lossless, the drift at the
//! mutated member), the documents' own disagreements read as they should, a
//! polling loop never jams, and one drifted journal item leaves the others
//! alone.

use std::cell::RefCell;
use std::collections::BTreeMap;

use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use serde_json::{Value, json};
use wagate::bot::MessageView;
use wagate::green_api::last_incoming_messages;
use wagate::green_api::receive_notification;
use wagate::green_api::webhook::Notification;
use wagate::registry;
use wagate::value::Dispatched;
use wagate::{Direction, Issue, ReadMode};
use wagate_cli::example_file::{ExampleFile, Verdict};
use wagate_cli::examples::EXAMPLES;

use crate::support::{assert_drift, read, read_bytes, to_value};

const WEBHOOK: &str = "green-api/webhook";

/// A valid documented example of a received TYPE.
struct Example {
    path: &'static str,
    ty: String,
    doc: Value,
}

/// Every valid documented example of a received TYPE that has a JSON document.
fn received_examples() -> Vec<Example> {
    EXAMPLES
        .iter()
        .filter_map(|(path, text)| {
            let file = ExampleFile::parse(text).expect("an example file");
            let received =
                registry::find(&file.type_name).is_some_and(|t| t.direction == Direction::Received);
            if !received || file.verdict() != Verdict::Valid {
                return None;
            }
            Some(Example {
                path,
                doc: file.document?,
                ty: file.type_name,
            })
        })
        .collect()
}

/// The document of a bundled example, by its path under spec/examples/.
fn example(path: &str) -> Value {
    let (_, text) = EXAMPLES
        .iter()
        .find(|(p, _)| *p == path)
        .unwrap_or_else(|| panic!("no example {path}"));
    ExampleFile::parse(text)
        .expect("an example file")
        .document
        .expect("a JSON document")
}

/// A place a mutation can hit: an object member (removable) or an array
/// item or the root (replaceable only).
#[derive(Clone, Debug)]
struct Place {
    pointer: String,
    removable: bool,
}

/// Appends an RFC 6901 reference token.
fn push(pointer: &str, token: &str) -> String {
    format!("{pointer}/{}", token.replace('~', "~0").replace('/', "~1"))
}

/// Every place of `doc` but the discriminators (`typeWebhook`, and
/// `typeMessage` directly inside a `messageData`), in the first `items`
/// items of each array.
fn places(doc: &Value, items: usize) -> Vec<Place> {
    fn walk(
        value: &Value,
        pointer: &str,
        parent_key: Option<&str>,
        items: usize,
        out: &mut Vec<Place>,
    ) {
        match value {
            Value::Object(map) => {
                for (key, child) in map {
                    let discriminator = key == "typeWebhook"
                        || (key == "typeMessage" && parent_key == Some("messageData"));
                    if discriminator {
                        continue;
                    }
                    let child_pointer = push(pointer, key);
                    out.push(Place {
                        pointer: child_pointer.clone(),
                        removable: true,
                    });
                    walk(child, &child_pointer, Some(key), items, out);
                }
            }
            Value::Array(list) => {
                for (i, item) in list.iter().enumerate().take(items) {
                    let item_pointer = push(pointer, &i.to_string());
                    out.push(Place {
                        pointer: item_pointer.clone(),
                        removable: false,
                    });
                    walk(item, &item_pointer, parent_key, items, out);
                }
            }
            _ => {}
        }
    }
    let mut out = vec![Place {
        pointer: String::new(),
        removable: false,
    }];
    walk(doc, "", None, items, &mut out);
    out
}

/// The JSON type of a value: 0 null, 1 bool, 2 number, 3 string, 4 array, 5 object.
fn kind(value: &Value) -> usize {
    match value {
        Value::Null => 0,
        Value::Bool(_) => 1,
        Value::Number(_) => 2,
        Value::String(_) => 3,
        Value::Array(_) => 4,
        Value::Object(_) => 5,
    }
}

#[derive(Clone, Debug)]
enum Mutation {
    Remove,
    Replace(Value),
}

/// Applies `mutation` at `place`; the mutated document, or `None` when the
/// mutation is not one the property covers (removing an item or the root,
/// or a value of the same JSON type).
fn mutate(doc: &Value, place: &Place, mutation: &Mutation) -> Option<Value> {
    let mut out = doc.clone();
    match mutation {
        Mutation::Replace(value) => {
            let target = out.pointer_mut(&place.pointer)?;
            if kind(target) == kind(value) {
                return None;
            }
            *target = value.clone();
        }
        Mutation::Remove => {
            if !place.removable {
                return None;
            }
            let (parent, key) = place.pointer.rsplit_once('/')?;
            let key = key.replace("~1", "/").replace("~0", "~");
            out.pointer_mut(parent)?
                .as_object_mut()?
                .shift_remove(&key)?;
        }
    }
    Some(out)
}

/// What one mutated document gave.
#[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Outcome {
    NoDrift,
    /// One drift record, at the mutated place.
    Drift(&'static str),
    /// A value of the documented JSON type put where the documents allow
    /// null (or at the root of a nullable body), drifting inside.
    DriftInside(usize),
}

/// Whether `path` is `pointer` or below it.
fn within(path: &str, pointer: &str) -> bool {
    path == pointer
        || path
            .strip_prefix(pointer)
            .is_some_and(|rest| rest.starts_with('/'))
}

/// The property for one mutated document: kept and lossless; at most one
/// drift record, at the mutated place, with a code that fits the mutation
/// (or, for a replacing value of the documented type, drift only inside
/// that value); strict reading accepts it exactly when there is no drift,
/// and otherwise refuses it with the same issues.
fn check_mutation(
    ty: &str,
    mutated: &Value,
    pointer: &str,
    removed: bool,
) -> Result<Outcome, String> {
    let bytes = serde_json::to_vec(mutated).expect("JSON");
    let kept = read_bytes(ty, &bytes, ReadMode::Lenient).map_err(|e| format!("not kept: {e}"))?;
    let back = to_value(kept.value().as_ref());
    if &back != mutated {
        return Err(format!("not lossless: wrote back {back}"));
    }
    let drift = kept.drift();
    let strict = read_bytes(ty, &bytes, ReadMode::Strict);
    match (drift, strict) {
        // Strict reading builds the same value as lenient reading.
        ([], Ok(_)) => Ok(Outcome::NoDrift),
        ([], Err(e)) => Err(format!("no drift, yet strict reading refuses: {e}")),
        ([one], Err(e)) => {
            if one.path != pointer {
                if !removed && within(&one.path, pointer) && &*e == drift {
                    return Ok(Outcome::DriftInside(1));
                }
                return Err(format!(
                    "drift at {:?}, mutated {pointer:?}: {one:?}",
                    one.path
                ));
            }
            let fits = if removed {
                one.code.as_str() == "missing_field"
            } else {
                ["invalid_type", "invalid_value"].contains(&one.code.as_str())
            };
            if !fits {
                return Err(format!(
                    "{} for a {} member",
                    one.code,
                    if removed { "removed" } else { "replaced" }
                ));
            }
            if one.expected.is_none() {
                return Err(format!(
                    "the drift does not say what is documented: {one:?}"
                ));
            }
            if &*e != drift {
                return Err(format!("strict reading refuses with other issues: {e}"));
            }
            Ok(Outcome::Drift(one.code.as_str()))
        }
        ([_, ..], Ok(_)) => Err(format!("drift {drift:?}, yet strict reading accepts")),
        (drift, Err(e)) => {
            // Only a replacing value of the documented type may drift in
            // several places, and only inside itself.
            let inside = !removed
                && drift
                    .iter()
                    .all(|i| within(&i.path, pointer) && i.path != pointer);
            if !inside {
                return Err(format!(
                    "{} drift records for one mutation: {drift:?}",
                    drift.len()
                ));
            }
            if &*e != drift {
                return Err(format!("strict reading refuses with other issues: {e}"));
            }
            Ok(Outcome::DriftInside(drift.len()))
        }
    }
}

/// A JSON value of kind `k` (see [`kind`]), varied by `seed`.
fn value_of_kind(k: usize, seed: i64, text: &str) -> Value {
    match k {
        0 => Value::Null,
        1 => Value::Bool(seed % 2 == 0),
        2 if seed % 3 == 0 => json!(seed as f64 / 7.0),
        2 => json!(seed),
        3 => Value::String(text.to_owned()),
        4 if seed % 2 == 0 => json!([]),
        4 => json!([seed, text]),
        _ if seed % 2 == 0 => json!({}),
        _ => json!({ text: seed }),
    }
}

#[test]
fn every_received_example_keeps_any_single_mutation() {
    let examples = received_examples();
    assert!(
        examples.len() > 100,
        "only {} received examples",
        examples.len()
    );
    let places: Vec<Vec<Place>> = examples
        .iter()
        .map(|e| places(&e.doc, usize::MAX))
        .collect();
    let strategy = (
        0..examples.len(),
        any::<prop::sample::Index>(),
        any::<bool>(),
        1usize..6,
        any::<i64>(),
        "[a-zA-Z0-9 ]{0,8}",
    );
    let stats: RefCell<BTreeMap<String, usize>> = RefCell::default();
    let tally = |key: String| *stats.borrow_mut().entry(key).or_default() += 1;
    let mut runner = TestRunner::new(Config {
        cases: 512,
        failure_persistence: None,
        ..Config::default()
    });
    let result = runner.run(&strategy, |(e, at, remove, shift, seed, text)| {
        let example = &examples[e];
        let place = at.get(&places[e]);
        let current = example.doc.pointer(&place.pointer).map_or(0, kind);
        let mutation = if remove && place.removable {
            Mutation::Remove
        } else {
            Mutation::Replace(value_of_kind((current + shift) % 6, seed, &text))
        };
        let Some(mutated) = mutate(&example.doc, place, &mutation) else {
            return Err(TestCaseError::reject("not a mutation the property covers"));
        };
        let removed = matches!(mutation, Mutation::Remove);
        let outcome =
            check_mutation(&example.ty, &mutated, &place.pointer, removed).map_err(|e| {
                TestCaseError::fail(format!(
                    "{} {:?} at {:?}: {e}",
                    example.path, mutation, place.pointer
                ))
            })?;
        let what = if removed { "removed" } else { "replaced" };
        match outcome {
            Outcome::NoDrift => tally(format!("{what}: no drift")),
            Outcome::Drift(code) => tally(format!("{what}: {code}")),
            Outcome::DriftInside(_) => tally(format!("{what}: drift inside the new value")),
        }
        Ok(())
    });
    if let Err(e) = result {
        panic!("{e}");
    }
    let stats = stats.into_inner();
    let drifted: usize = stats
        .iter()
        .filter(|(k, _)| !k.ends_with("no drift"))
        .map(|(_, n)| n)
        .sum();
    let total: usize = stats.values().sum();
    println!("drift property: {total} cases, {drifted} drifted: {stats:?}");
    assert!(drifted > 0 && drifted < total, "{stats:?}");
}

/// Every member of every received example, removed or replaced, meets the
/// property, and every example has a mutation that drifts (so the property
/// above is not vacuous: for the examples made only of undocumented or
/// optional members, the root).
#[test]
fn every_member_of_every_received_example_meets_the_property() {
    let mut stats: BTreeMap<&str, usize> = BTreeMap::new();
    let mut without = Vec::new();
    for example in received_examples() {
        let mut drifted = false;
        // Two items of each array: the others have the same shape, and each
        // mutation reads the whole document again.
        for (i, place) in places(&example.doc, 2).iter().enumerate() {
            // Removal, and one replacement whose JSON type turns with the place.
            let current = example.doc.pointer(&place.pointer).map_or(0, kind);
            let replacement = value_of_kind((current + 1 + i % 5) % 6, i as i64, "x");
            for mutation in [Mutation::Remove, Mutation::Replace(replacement)] {
                let Some(mutated) = mutate(&example.doc, place, &mutation) else {
                    continue;
                };
                let removed = matches!(mutation, Mutation::Remove);
                let outcome = check_mutation(&example.ty, &mutated, &place.pointer, removed)
                    .unwrap_or_else(|e| {
                        panic!("{} {mutation:?} at {:?}: {e}", example.path, place.pointer)
                    });
                let key = match outcome {
                    Outcome::NoDrift => "no drift",
                    Outcome::Drift(code) => code,
                    Outcome::DriftInside(_) => "drift inside the new value",
                };
                *stats.entry(key).or_default() += 1;
                drifted |= outcome != Outcome::NoDrift;
            }
        }
        if !drifted {
            without.push(example.path);
        }
    }
    println!("every member of every received example: {stats:?}");
    assert!(without.is_empty(), "no mutation drifts: {without:?}");
}

/// Every drift record says what the documents say and which spec file says it.
#[test]
fn every_drift_names_what_is_documented_and_where() {
    let text = example("green-api/webhook/incomingMessageReceived-textMessage.json");
    let mut cases = Vec::new();
    let mut inner = text.clone();
    inner["messageData"]["textMessageData"]["textMessage"] = json!(5);
    cases.push((WEBHOOK, inner));
    let mut missing = text.clone();
    missing
        .as_object_mut()
        .expect("object")
        .remove("senderData");
    cases.push((WEBHOOK, missing));
    // The root of another type.
    cases.push((WEBHOOK, json!([text.clone()])));
    cases.push((
        "green-api/SendMessage.response",
        json!("3EB0C767D097B7C7C030"),
    ));
    cases.push(("green-api/LastIncomingMessages.response", json!({"0": {}})));
    let mut failures = Vec::new();
    for (ty, doc) in &cases {
        let kept = read(ty, doc, ReadMode::Lenient).expect("kept");
        assert!(!kept.conforms(), "{ty}: {doc}");
        for issue in kept.drift() {
            let spec_file = issue
                .spec
                .is_some_and(|s| s.starts_with("spec/") && s.ends_with(".toml"));
            if issue.expected.is_none() || !spec_file {
                failures.push(format!("{ty}: {issue:?}"));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "drift without expected/spec:\n{}",
        failures.join("\n")
    );
}

/// The drift records of a kept webhook document, as (code, path).
fn drift_of(doc: &Value) -> (Notification, Vec<(String, String)>) {
    let kept = wagate::read::<Notification>(&serde_json::to_vec(doc).expect("JSON"))
        .unwrap_or_else(|e| panic!("not kept: {e}"));
    assert_eq!(
        serde_json::to_value(&kept).expect("serializes"),
        *doc,
        "not lossless"
    );
    let drift = kept
        .drift()
        .iter()
        .map(|i| (i.code.as_str().to_owned(), i.path.clone()))
        .collect();
    (kept.into_value(), drift)
}

/// Asserts that a kept notification conforms (no drift, strict reading accepts).
fn assert_conforms(doc: &Value) -> Notification {
    let (n, drift) = drift_of(doc);
    assert_eq!(drift, Vec::<(String, String)>::new());
    let strict = wagate::check::<Notification>(&serde_json::to_vec(doc).expect("JSON"));
    assert!(strict.is_ok(), "{:?}", strict.err());
    n
}

/// The message accessors of a notification, for comparing a drifted one with its original.
fn view(
    n: &Notification,
) -> (
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
) {
    (
        n.text().map(str::to_owned),
        n.chat_id().map(|c| c.as_str().to_owned()),
        n.message_id().map(|m| m.as_str().to_owned()),
        n.sender().map(|s| s.as_str().to_owned()),
    )
}

#[test]
fn sender_contact_name_may_be_absent() {
    // Today's ReceiveNotification page example omits senderContactName
    // (green-api-current/notifications.md:52; webhooks.toml [[variants]]
    // path "senderData.senderContactName").
    let mut doc = example("green-api/webhook/incomingMessageReceived-textMessage.json");
    let original = view(&assert_conforms(&doc));
    doc["senderData"]
        .as_object_mut()
        .expect("senderData")
        .remove("senderContactName");
    let n = assert_conforms(&doc);
    assert_eq!(view(&n), original);
    assert!(n.text().is_some() && n.sender().is_some());
    assert_eq!(
        n.sender_data()
            .and_then(|s| s.sender_contact_name.as_deref()),
        None
    );
}

#[test]
fn selected_index_is_a_string_or_an_integer() {
    // The tables type selectedIndex string and the old example prints "2";
    // today's page example prints 2 and the collection 0
    // (green-api-current/notifications.md:214, 242; webhooks.toml [[variants]]
    // path "templateButtonReplyMessage.selectedIndex").
    let doc = example("green-api/webhook/incomingMessageReceived-templateButtonReplyMessage.json");
    let original = view(&assert_conforms(&doc));
    for index in [json!(2), json!(0), json!("2")] {
        let mut doc = doc.clone();
        doc["messageData"]["templateButtonReplyMessage"]["selectedIndex"] = index;
        let n = assert_conforms(&doc);
        assert_eq!(view(&n), original);
    }
}

#[test]
fn invite_expiration_is_a_string_or_a_split_64_bit_object() {
    // The old table and example: string "0" (002_893fe9cfe9a53da2.txt:4642,
    // 4681); the collection since 2024-06: {low, high, unsigned}
    // (green-api-current/notifications.md:281; webhooks.toml [[variants]]
    // path "groupInviteMessageData.inviteExpiration").
    let doc = example("green-api/webhook/incomingMessageReceived-groupInviteMessage.json");
    let original = view(&assert_conforms(&doc));
    for expiration in [
        json!({"low": 0, "high": 0, "unsigned": false}),
        json!("0"),
        json!(0),
    ] {
        let mut doc = doc.clone();
        doc["messageData"]["groupInviteMessageData"]["inviteExpiration"] = expiration;
        let n = assert_conforms(&doc);
        assert_eq!(view(&n), original);
    }
}

#[test]
fn list_type_is_a_string_or_an_integer() {
    // Table string and old example "1" (002_893fe9cfe9a53da2.txt:5049, 5076);
    // the 2023 English docs print 1 (green-api-current/notifications.md:271;
    // webhooks.toml [[variants]] path "listResponseMessage.listType").
    let mut doc = example("green-api/webhook/incomingMessageReceived-ListResponseMessage.json");
    let original = view(&assert_conforms(&doc));
    doc["messageData"]["listResponseMessage"]["listType"] = json!(1);
    let n = assert_conforms(&doc);
    assert_eq!(view(&n), original);
}

#[test]
fn a_journal_item_without_type_keeps_its_message() {
    // `type` is listed for every journal record (002_893fe9cfe9a53da2.txt:5753;
    // required in journals/get_chat_history.toml), yet the documents print
    // journal-shaped records that differ (the incomingBlock item has no
    // idMessage, spec note on JournalMessage.idMessage; D-IB-OUT's record,
    // green-api-current/notifications.md:194).
    let mut journal = example("green-api/LastIncomingMessages/response-repaired.json");
    journal[0].as_object_mut().expect("a record").remove("type");
    assert_drift(
        "green-api/LastIncomingMessages.response",
        &journal,
        "missing_field",
        "/0/type",
    );
    let bytes = serde_json::to_vec(&journal).expect("JSON");
    let kept = last_incoming_messages::parse_response(200, &bytes).expect("kept");
    let first = kept.items.first().expect("the record");
    assert_eq!(first.r#type, None);
    assert_eq!(first.text(), journal[0]["textMessage"].as_str());
    assert_eq!(
        first.message_id().map(|m| m.as_str()),
        journal[0]["idMessage"].as_str()
    );
    assert_eq!(
        first.chat_id().map(|c| c.as_str()),
        journal[0]["chatId"].as_str()
    );
    assert_eq!(
        first.sender().map(|c| c.as_str()),
        journal[0]["senderId"].as_str()
    );
}

#[test]
fn an_incoming_call_without_status() {
    // status is listed without a condition (002_893fe9cfe9a53da2.txt:5470),
    // and today's page renames and deprecates its values
    // (green-api-current/notifications.md:109-112): a receiver must keep a
    // call whatever its status says, or lacks.
    let mut doc = example("green-api/webhook/incomingCall-pickUp.json");
    let original = view(&assert_conforms(&doc));
    doc.as_object_mut().expect("object").remove("status");
    assert_drift(WEBHOOK, &doc, "missing_field", "/status");
    let (n, _) = drift_of(&doc);
    assert!(matches!(n, Notification::IncomingCall(_)));
    assert_eq!(view(&n), original);
    assert!(n.sender().is_some() && n.message_id().is_some());
}

#[test]
fn an_outgoing_message_status_without_chat_id() {
    // chatId is listed for the status notification (002_893fe9cfe9a53da2.txt:5182)
    // and printed with an impossible 14-digit id (webhooks.toml [[variants]]
    // path "outgoingMessageStatus.chatId").
    let mut doc = example("green-api/webhook/outgoingMessageStatus-delivered.json");
    let original = view(&assert_conforms(&doc));
    doc.as_object_mut().expect("object").remove("chatId");
    assert_drift(WEBHOOK, &doc, "missing_field", "/chatId");
    let (n, _) = drift_of(&doc);
    assert!(matches!(n, Notification::OutgoingMessageStatus(_)));
    assert_eq!(n.chat_id(), None);
    assert_eq!(n.message_id().map(|m| m.as_str().to_owned()), original.2);
}

#[test]
fn message_data_without_type_message_is_kept_whole() {
    // messageData.typeMessage is required, although the three generic
    // examples elide the whole messageData (webhooks.toml [[notes]], seeds
    // 002_893fe9cfe9a53da2.txt:2337-2345, 5099-5122, 5139-5162).
    let mut doc = example("green-api/webhook/incomingMessageReceived-textMessage.json");
    let original = view(&assert_conforms(&doc));
    doc["messageData"]
        .as_object_mut()
        .expect("messageData")
        .remove("typeMessage");
    assert_drift(WEBHOOK, &doc, "missing_field", "/messageData/typeMessage");
    let (n, _) = drift_of(&doc);
    assert!(!n.is_unknown());
    assert!(
        matches!(n.message_data(), Some(Dispatched::Unknown(data)) if *data == doc["messageData"])
    );
    let (text, chat, id, sender) = view(&n);
    assert_eq!(text, None);
    assert_eq!((chat, id, sender), (original.1, original.2, original.3));
}

#[test]
fn a_notification_without_type_webhook_is_kept_whole() {
    // Records of the journal shape, without the webhook envelope, are printed
    // where a notification is described (D-IB-OUT's example,
    // green-api-current/notifications.md:194).
    let mut doc = example("green-api/webhook/incomingMessageReceived-textMessage.json");
    doc.as_object_mut().expect("object").remove("typeWebhook");
    assert_drift(WEBHOOK, &doc, "missing_field", "/typeWebhook");
    let (n, _) = drift_of(&doc);
    assert!(matches!(&n, Notification::Unknown(value) if *value == doc));
    assert_eq!(n.type_webhook(), None);
    assert_eq!(view(&n), (None, None, None, None));
}

#[test]
fn a_root_that_is_an_array_is_kept_whole() {
    // Green API POSTs each notification as one JSON object (webhooks.toml
    // [[notes]] "Delivery of webhooks", 002_893fe9cfe9a53da2.txt:2141-2143).
    let text = example("green-api/webhook/incomingMessageReceived-textMessage.json");
    let doc = json!([text]);
    assert_drift(WEBHOOK, &doc, "invalid_type", "");
    let (n, drift) = drift_of(&doc);
    assert_eq!(drift.len(), 1);
    assert!(matches!(&n, Notification::Unknown(value) if *value == doc));
    assert_eq!(view(&n), (None, None, None, None));
}

/// One `{"receiptId": N, "body": …}` queue item.
fn queue_item(receipt: i64, body: Value) -> Vec<u8> {
    serde_json::to_vec(&json!({"receiptId": receipt, "body": body})).expect("JSON")
}

#[test]
fn a_polling_loop_reads_and_deletes_every_item() {
    let text = example("green-api/webhook/incomingMessageReceived-textMessage.json");
    let mut drifted = text.clone();
    drifted["senderData"]["chatName"] = json!(5);
    drifted["timestamp"] = json!("soon");
    let mut no_kind = text.clone();
    no_kind["messageData"] = json!({"typeMessage": "hologramMessage", "hologram": {"w": 1}});
    let mut no_sender = example("green-api/webhook/incomingMessageReceived-imageMessage.json");
    no_sender
        .as_object_mut()
        .expect("object")
        .remove("senderData");
    let queue = vec![
        queue_item(1, text.clone()),
        queue_item(2, drifted),
        queue_item(
            3,
            json!({"typeWebhook": "incomingReactionReceived", "reaction": "👍"}),
        ),
        queue_item(4, no_kind),
        queue_item(5, json!(["not", "a", "notification"])),
        // A mistyped member next to receiptId: the notification sent as a JSON string.
        queue_item(6, Value::String(text.to_string())),
        queue_item(7, no_sender),
        queue_item(
            8,
            example("green-api/webhook/outgoingMessageStatus-delivered.json"),
        ),
    ];
    let credentials = wagate::endpoint::Credentials::green_api(
        "https://api.green-api.com",
        "https://media.green-api.com",
        wagate::ids::IdInstance::new(1101),
        wagate::ids::ApiTokenInstance::new("token"),
    );
    let (mut deleted, mut seen) = (Vec::new(), Vec::new());
    let (mut drifted_items, mut recovered) = (0, 0);
    for bytes in &queue {
        // The bot's loop: read, use what is typed, delete by receiptId.
        let response = receive_notification::parse_response(200, bytes)
            .unwrap_or_else(|e| panic!("jammed on {}: {e}", String::from_utf8_lossy(bytes)));
        if !response.conforms() {
            drifted_items += 1;
            assert!(
                response.drift().iter().all(|i| i.path.starts_with("/body")),
                "{:?}",
                response.drift()
            );
        }
        let item = response.0.as_ref().expect("an item");
        // A body that is not an object is kept under its key in `extra`.
        match (&item.body, item.extra.get("body")) {
            (Some(n), None) => seen.push((
                n.text().map(str::to_owned),
                n.chat_id().is_some(),
                n.message_id().is_some(),
                n.sender().is_some(),
            )),
            (None, Some(kept)) => {
                seen.push((None, false, false, false));
                // A notification sent as a JSON string: the bot can still read it.
                if let Value::String(inner) = kept {
                    let inner =
                        wagate::bot::receive(None, inner.as_bytes(), None).expect("a notification");
                    assert!(inner.conforms());
                    assert_eq!(view(&inner), view(&parse_notification(&text)));
                    recovered += 1;
                }
            }
            other => panic!("body {other:?}"),
        }
        let receipt = item.receipt_id.expect("receiptId is typed");
        let delete = wagate::green_api::delete_notification::Request::new(receipt);
        let request = wagate::endpoint::build_request(&delete, &credentials).expect("a delete");
        assert!(request.uri().path().ends_with(&format!("/{receipt}")));
        deleted.push(receipt);
    }
    assert_eq!(
        deleted,
        (1..=8).collect::<Vec<i64>>(),
        "every receipt deleted, in order"
    );
    let said = text["messageData"]["textMessageData"]["textMessage"]
        .as_str()
        .map(str::to_owned);
    let caption = queue_caption(&queue[6]);
    // (text, chat id, message id, sender) as the bot read them.
    let expected = [
        (said.clone(), true, true, true),
        (said, true, true, true),
        (None, false, false, false),
        (None, true, true, true),
        (None, false, false, false),
        (None, false, false, false),
        (Some(caption), false, true, false),
        (None, true, true, false),
    ];
    assert_eq!(seen, expected);
    assert_eq!(drifted_items, 4, "items 2, 5, 6 and 7 drift");
    assert_eq!(recovered, 1);
}

/// Reads a notification strictly.
fn parse_notification(doc: &Value) -> Notification {
    wagate::check::<Notification>(&serde_json::to_vec(doc).expect("JSON")).expect("valid")
}

/// The image caption of a queue item.
fn queue_caption(item: &[u8]) -> String {
    let item: Value = serde_json::from_slice(item).expect("JSON");
    item["body"]["messageData"]["fileMessageData"]["caption"]
        .as_str()
        .expect("a caption")
        .to_owned()
}

#[test]
fn one_drifted_journal_item_leaves_the_others_alone() {
    let journal = example("green-api/LastIncomingMessages/response-repaired.json");
    let items = journal.as_array().expect("an array");
    assert!(items.len() >= 4);
    let mut doc = json!([items[0], items[1], "not a record", items[3]]);
    doc[1]["chatId"] = json!(79_001_234_567_u64);
    doc[1]["timestamp"] = json!({"seconds": 1});
    let ty = "green-api/LastIncomingMessages.response";
    let bytes = serde_json::to_vec(&doc).expect("JSON");
    let kept = last_incoming_messages::parse_response(200, &bytes).expect("kept");
    assert_eq!(
        serde_json::to_value(&kept).expect("serializes"),
        doc,
        "not lossless"
    );
    assert_eq!(kept.items.len(), 4);
    // Items 0 and 3 are typed exactly as when read alone.
    for i in [0, 3] {
        let alone = serde_json::to_vec(&json!([items[i]])).expect("JSON");
        let alone = last_incoming_messages::parse_response(200, &alone).expect("kept");
        assert!(alone.conforms());
        assert_eq!(kept.items[i], alone.items[0], "item {i}");
        assert_eq!(kept.items[i].kept_whole(), None);
    }
    assert_eq!(kept.items[1].chat_id, None);
    assert_eq!(kept.items[1].extra.get("chatId"), Some(&doc[1]["chatId"]));
    assert_eq!(
        kept.items[1].text(),
        items[1]["textMessage"]
            .as_str()
            .or(items[1]["caption"].as_str())
    );
    assert_eq!(kept.items[2].kept_whole(), Some(&json!("not a record")));
    // In document order: the record's timestamp precedes its chatId.
    let paths: Vec<&str> = kept.drift().iter().map(|i| i.path.as_str()).collect();
    assert_eq!(paths, ["/1/timestamp", "/1/chatId", "/2"]);
    let strict = read(ty, &doc, ReadMode::Strict).expect_err("drifts");
    let strict: Vec<&Issue> = strict.iter().collect();
    assert_eq!(strict, kept.drift().iter().collect::<Vec<_>>());
}
