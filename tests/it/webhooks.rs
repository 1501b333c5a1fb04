//! Notifications: two-stage dispatch, lossless round trips, accessors across
//! kinds, the webhook receiver, and generated notifications of every kind.

use std::path::Path;

use proptest::prelude::*;
use serde_json::{Value, json};
use wagate::ReadMode;
use wagate::bot::{MessageView, ReceiveError, WebhookToken, receive, receive_http};
use wagate::green_api::types::{JournalMessage, TypeMessage, WebhookStatusInstance};
use wagate::green_api::webhook::Notification;
use wagate::value::Timestamp;

use crate::support::{assert_drift, assert_valid};

const TYPE: &str = "green-api/webhook";

/// Every documented notification example that is valid, with its file name.
fn documented() -> Vec<(String, Value)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/examples/green-api/webhook");
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).expect("the webhook examples exist") {
        let path = entry.expect("a directory entry").path();
        let file: Value =
            serde_json::from_slice(&std::fs::read(&path).expect("readable")).expect("JSON");
        if file["verdict"] == "valid"
            && let Some(doc) = file.get("document")
        {
            let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
            out.push((name.unwrap_or_default(), doc.clone()));
        }
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

fn example(name: &str) -> Value {
    documented()
        .into_iter()
        .find(|(n, _)| n == name)
        .map(|(_, d)| d)
        .unwrap_or_else(|| panic!("no example {name}"))
}

/// Reads a notification strictly: it must have the documented shape.
fn parse(doc: &Value) -> Notification {
    wagate::check::<Notification>(&serde_json::to_vec(doc).expect("serializes")).expect("valid")
}

/// Reads a notification leniently: kept, whatever its drift.
fn keep(doc: &Value) -> Notification {
    wagate::read::<Notification>(&serde_json::to_vec(doc).expect("serializes"))
        .expect("kept")
        .into_value()
}

#[test]
fn every_documented_kind_is_covered_by_an_example() {
    let docs = documented();
    let kinds: std::collections::BTreeSet<String> = docs
        .iter()
        .filter_map(|(_, d)| d["typeWebhook"].as_str().map(str::to_owned))
        .collect();
    for kind in [
        "incomingMessageReceived",
        "outgoingMessageReceived",
        "outgoingAPIMessageReceived",
        "outgoingMessageStatus",
        "stateInstanceChanged",
        "statusInstanceChanged",
        "deviceInfo",
        "incomingCall",
        "incomingBlock",
        "quotaExceeded",
    ] {
        // The two outgoing message kinds have only elided (invalid) examples.
        if kind.starts_with("outgoing") && kind.ends_with("MessageReceived") {
            continue;
        }
        assert!(kinds.contains(kind), "no valid example of {kind}");
    }
    for (name, doc) in &docs {
        let n = parse(doc);
        assert!(!n.is_unknown(), "{name} parsed as an unknown kind");
    }
}

#[test]
fn an_unknown_kind_is_kept_whole() {
    let doc = json!({
        "typeWebhook": "incomingReactionReceived",
        "instanceData": {"idInstance": "not even typed here", "wid": 5},
        "nested": {"deep": [1, {"x": null}]},
        "timestamp": 1.5
    });
    assert_valid(TYPE, &doc);
    let n = parse(&doc);
    assert!(n.is_unknown());
    assert_eq!(n.type_webhook(), Some("incomingReactionReceived"));
    assert_eq!(n.timestamp(), None);
}

#[test]
fn unknown_fields_at_any_depth_survive_in_a_known_kind() {
    let mut doc = example("incomingMessageReceived-imageMessage-quoting-contactMessage.json");
    doc["brandNew"] = json!({"a": [1, 2]});
    doc["instanceData"]["region"] = json!("eu");
    doc["senderData"]["isBusiness"] = json!(true);
    doc["messageData"]["fileMessageData"]["width"] = json!(640);
    doc["messageData"]["quotedMessage"]["contact"]["extra"] = json!({"k": "v"});
    assert_valid(TYPE, &doc);
}

#[test]
fn an_unknown_message_kind_inside_a_known_webhook_is_kept_whole() {
    let mut doc = example("incomingMessageReceived-textMessage.json");
    doc["messageData"] = json!({
        "typeMessage": "hologramMessage",
        // A known key with a shape the known kind would refuse: kept, not parsed.
        "textMessageData": 42
    });
    assert_valid(TYPE, &doc);
    let n = parse(&doc);
    assert!(!n.is_unknown());
    assert!(n.message().is_none());
    assert_eq!(n.text(), None);
}

#[test]
fn impossible_values_in_known_kinds_are_kept_as_drift_with_a_path() {
    // Each is kept (lenient) with its drift at the path, and refused
    // (strict) with the same issue; the rest of the notification still reads.
    let text = example("incomingMessageReceived-textMessage.json");
    let mut doc = text.clone();
    doc["messageData"]["textMessageData"]["textMessage"] = json!(5);
    assert_drift(
        TYPE,
        &doc,
        "invalid_type",
        "/messageData/textMessageData/textMessage",
    );
    let n = keep(&doc);
    assert_eq!(n.text(), None);
    assert_eq!(n.chat_id(), parse(&text).chat_id());
    assert!(n.message_id().is_some() && n.sender().is_some());
    assert_eq!(n.type_message(), Some(TypeMessage::TextMessage));
    let mut doc = text.clone();
    doc["messageData"]
        .as_object_mut()
        .expect("object")
        .remove("textMessageData");
    assert_drift(TYPE, &doc, "missing_field", "/messageData/textMessageData");
    assert_eq!(keep(&doc).type_message(), Some(TypeMessage::TextMessage));
    let mut doc = text.clone();
    doc["instanceData"]["idInstance"] = json!("11O1");
    assert_drift(TYPE, &doc, "invalid_value", "/instanceData/idInstance");
    assert_eq!(keep(&doc).text(), parse(&text).text());
    let mut doc = text.clone();
    doc["typeWebhook"] = json!(7);
    assert_drift(TYPE, &doc, "invalid_type", "/typeWebhook");
    let mut doc = text.clone();
    doc.as_object_mut().expect("object").remove("typeWebhook");
    assert_drift(TYPE, &doc, "missing_field", "/typeWebhook");
    assert_drift(TYPE, &json!([]), "invalid_type", "");
    // Inside the ReceiveNotification response the path continues from /body.
    let mut wrapped = json!({"receiptId": 1, "body": text});
    wrapped["body"]["messageData"]["textMessageData"]["textMessage"] = json!(false);
    assert_drift(
        "green-api/ReceiveNotification.response",
        &wrapped,
        "invalid_type",
        "/body/messageData/textMessageData/textMessage",
    );
}

#[test]
fn spelling_variants_round_trip_and_read_as_the_canonical_value() {
    for (file, canonical) in [
        (
            "incomingMessageReceived-LocationMessage.json",
            TypeMessage::LocationMessage,
        ),
        (
            "incomingMessageReceived-ListMessage.json",
            TypeMessage::ListMessage,
        ),
        (
            "incomingMessageReceived-ListResponseMessage.json",
            TypeMessage::ListResponseMessage,
        ),
        (
            "incomingMessageReceived-templateButtonReplyMessage.json",
            TypeMessage::TemplateButtonsReplyMessage,
        ),
    ] {
        let doc = example(file);
        assert_valid(TYPE, &doc);
        let n = parse(&doc);
        assert_eq!(n.type_message(), Some(canonical), "{file}");
        // The spelling is kept as received and is not the canonical one.
        let written = n.message().expect("known").type_message.as_ref();
        let written = written.expect("typeMessage");
        assert_ne!(written, &written.canonical(), "{file}");
        assert_eq!(
            Some(written.as_str()),
            doc["messageData"]["typeMessage"].as_str(),
            "{file}"
        );
    }
    let n = parse(&example("statusInstanceChanged-onLine.json"));
    let Notification::StatusInstanceChanged(s) = n else {
        panic!("kind")
    };
    let status = s.status_instance.as_ref().expect("statusInstance");
    assert_eq!(status.as_str(), "onLine");
    assert_eq!(status.canonical(), WebhookStatusInstance::Online);
}

#[test]
fn accessors_read_across_kinds() {
    let n = parse(&example("incomingMessageReceived-textMessage.json"));
    assert!(n.text().is_some_and(|t| !t.is_empty()));
    assert!(n.sender().is_some() && n.chat_id().is_some() && n.message_id().is_some());
    assert!(n.timestamp().is_some() && n.sent_at().is_some());

    let n = parse(&example("incomingMessageReceived-imageMessage.json"));
    assert!(n.download_url().is_some_and(|u| u.starts_with("https://")));
    assert_eq!(n.type_message(), Some(TypeMessage::ImageMessage));

    // Quoted inside messageData, and at the root where an example prints it.
    let n = parse(&example(
        "incomingMessageReceived-audioMessage-quoting-textMessage.json",
    ));
    assert!(n.quoted().is_some());
    let n = parse(&example(
        "incomingMessageReceived-contactMessage-quoting-imageMessage.json",
    ));
    assert!(n.quoted().is_some(), "root-level quotedMessage is read");

    // Timestamps printed as strings and as numbers read alike.
    let n = parse(&example(
        "incomingMessageReceived-buttonsResponseMessage.json",
    ));
    assert!(
        n.timestamp().is_some_and(|t| t.0.is_text()),
        "string timestamp"
    );
    assert_eq!(
        n.timestamp().and_then(Timestamp::seconds),
        Some(1_656_315_272),
        "string timestamp"
    );
    assert_eq!(n.sent_at().map(|t| t.timestamp()), Some(1_656_315_272));

    let status = parse(&example("outgoingMessageStatus-delivered.json"));
    assert!(status.chat_id().is_some() && status.sender().is_none());
    let call = parse(&example("incomingCall-pickUp.json"));
    assert_eq!(call.sender(), call.chat_id());

    // The SWE markers are named.
    let n = parse(&example("incomingMessageReceived-textMessage-SWE003.json"));
    let markers: Vec<&str> = n.error_markers().iter().map(|m| m.code).collect();
    assert_eq!(markers, ["{{SWE003}}"]);
}

#[test]
fn journal_records_and_notifications_share_one_view() {
    let record: JournalMessage = serde_json::from_value(json!({
        "type": "incoming",
        "idMessage": "BAE5F4886F6F2D05",
        "timestamp": 1_656_315_272,
        "typeMessage": "LocationMessage",
        "chatId": "79001234567@c.us",
        "senderId": "79001234567@c.us",
        "textMessage": "hi"
    }))
    .expect("a journal record");
    assert_eq!(record.type_message(), Some(TypeMessage::LocationMessage));
    assert_eq!(record.text(), Some("hi"));
    let n = parse(&example(
        "incomingMessageReceived-buttonsResponseMessage.json",
    ));
    assert_eq!(record.sent_at(), n.sent_at());
    assert!(record.sent_at().is_some());
}

#[test]
fn the_receiver_checks_the_token_in_every_documented_form() {
    let body =
        serde_json::to_vec(&example("stateInstanceChanged-notAuthorized.json")).expect("bytes");
    for (setting, header) in [
        ("secret-token", "Bearer secret-token"),
        ("Bearer secret-token", "Bearer secret-token"),
        ("Basic dXNlcjpwYXNz", "Basic dXNlcjpwYXNz"),
    ] {
        let token = WebhookToken::new(setting);
        assert!(receive(Some(header.as_bytes()), &body, Some(&token)).is_ok());
        for wrong in [None, Some(&b"Bearer secret-tokeN"[..]), Some(&b""[..])] {
            assert!(matches!(
                receive(wrong, &body, Some(&token)),
                Err(ReceiveError::Unauthorized)
            ));
        }
        assert!(!format!("{token:?} {token}").contains("secret"));
    }
    // No token configured: no header needed.
    assert!(receive(None, &body, None).is_ok());
    let request = http::Request::builder()
        .header("Authorization", "Bearer t")
        .body(body.clone())
        .expect("request");
    assert!(receive_http(&request, Some(&WebhookToken::new("t"))).is_ok());
    match receive(None, b"{\"typeWebhook\":", None) {
        Err(ReceiveError::Unreadable(e)) => assert_eq!(e[0].code.as_str(), "syntax"),
        other => panic!("{other:?}"),
    }
    // A drifted body is received, with its drift.
    let drifted = br#"{"typeWebhook":"stateInstanceChanged","stateInstance":5}"#;
    let n = receive(None, drifted, None).expect("kept");
    let paths: Vec<&str> = n.drift().iter().map(|i| i.path.as_str()).collect();
    assert!(paths.contains(&"/stateInstance"), "{paths:?}");
}

/// Any JSON value, small.
fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        "[ -~а-я😀]{0,12}".prop_map(Value::String),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map("[a-z]{1,6}", inner, 0..4)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// Adds `key: value` to the object reached by following `steps` into nested objects.
fn insert_deep(doc: &mut Value, steps: &[u8], key: String, value: Value) {
    let mut at = doc;
    for step in steps {
        let next = match at {
            Value::Object(map) => {
                let children: Vec<String> = map
                    .iter()
                    .filter(|(_, v)| v.is_object())
                    .map(|(k, _)| k.clone())
                    .collect();
                if children.is_empty() {
                    break;
                }
                children[*step as usize % children.len()].clone()
            }
            _ => break,
        };
        at = &mut at[next.as_str()];
    }
    if let Value::Object(map) = at {
        map.insert(key, value);
    }
}

fn known_with_extras() -> impl Strategy<Value = Value> {
    let docs: Vec<Value> = documented().into_iter().map(|(_, d)| d).collect();
    let count = docs.len();
    (
        0..count,
        prop::collection::vec(
            (
                prop::collection::vec(any::<u8>(), 0..4),
                "x_[a-zA-Z]{1,8}",
                any_json(),
            ),
            0..5,
        ),
        any::<bool>(),
    )
        .prop_map(move |(i, extras, tag_last)| {
            let mut doc = docs[i].clone();
            for (steps, key, value) in extras {
                insert_deep(&mut doc, &steps, key, value);
            }
            // Both parsing paths: tag first (one pass) and tag last (buffered).
            if tag_last {
                move_last(&mut doc, "typeWebhook");
                if doc.get("messageData").is_some() {
                    move_last(&mut doc["messageData"], "typeMessage");
                }
            }
            doc
        })
}

fn unknown_kind() -> impl Strategy<Value = Value> {
    (
        "[a-z]{3,10}Received",
        prop::collection::btree_map("[a-zA-Z]{1,8}", any_json(), 0..6),
    )
        .prop_map(|(kind, fields)| {
            let mut map: serde_json::Map<String, Value> = fields.into_iter().collect();
            map.insert("typeWebhook".into(), Value::String(format!("x{kind}")));
            Value::Object(map)
        })
}

fn unknown_message_kind() -> impl Strategy<Value = Value> {
    let base = example("incomingMessageReceived-textMessage.json");
    (
        "[a-z]{3,10}Message",
        prop::collection::btree_map("[a-zA-Z]{1,8}", any_json(), 0..4),
    )
        .prop_map(move |(kind, fields)| {
            let mut doc = base.clone();
            let mut data: serde_json::Map<String, Value> = fields.into_iter().collect();
            data.insert("typeMessage".into(), Value::String(format!("x{kind}")));
            doc["messageData"] = Value::Object(data);
            doc
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn generated_notifications_round_trip_unchanged(
        doc in prop_oneof![known_with_extras(), unknown_kind(), unknown_message_kind()]
    ) {
        let bytes = serde_json::to_vec(&doc).expect("serializes");
        for mode in [ReadMode::Strict, ReadMode::Lenient] {
            let back = wagate::read_with::<Notification>(&bytes, mode);
            prop_assert!(back.as_ref().is_ok_and(|n| n.conforms()), "{:?}", back.as_ref().err());
            let back = back.ok().map(|n| serde_json::to_value(&n).expect("serializes"));
            prop_assert_eq!(back.as_ref(), Some(&doc));
        }
    }

    #[test]
    fn no_bytes_panic_the_receiver(bytes in prop::collection::vec(any::<u8>(), 0..512), header in prop::collection::vec(any::<u8>(), 0..40)) {
        // A wrong header is refused before the body is looked at; with the
        // right one (or no token) the outcome is the reader's.
        let read = wagate::read_with::<Notification>(&bytes, ReadMode::Lenient).is_ok();
        let guarded = receive(Some(&header), &bytes, Some(&WebhookToken::new("t")));
        if header == b"Bearer t" {
            prop_assert_eq!(guarded.is_ok(), read);
        } else {
            prop_assert!(matches!(guarded, Err(ReceiveError::Unauthorized)));
        }
        prop_assert_eq!(receive(None, &bytes, None).is_ok(), read);
    }
}

/// Moves `key` of an object to its end (serde_json keeps insertion order here).
fn move_last(doc: &mut Value, key: &str) {
    if let Some(map) = doc.as_object_mut()
        && let Some(v) = map.shift_remove(key)
    {
        map.insert(key.to_owned(), v);
    }
}

#[test]
fn a_tag_that_is_not_the_first_key_takes_the_buffered_path_alike() {
    let mut doc = example("incomingMessageReceived-imageMessage-quoting-contactMessage.json");
    move_last(&mut doc, "typeWebhook");
    move_last(&mut doc["messageData"], "typeMessage");
    assert_eq!(
        doc.as_object()
            .unwrap()
            .keys()
            .next_back()
            .map(String::as_str),
        Some("typeWebhook")
    );
    assert_valid(TYPE, &doc);
    let n = parse(&doc);
    assert_eq!(n.type_message(), Some(TypeMessage::ImageMessage));
    // Errors keep their path on this path too.
    let mut broken = doc.clone();
    broken["messageData"]["fileMessageData"]["downloadUrl"] = json!(1);
    assert_drift(
        TYPE,
        &broken,
        "invalid_type",
        "/messageData/fileMessageData/downloadUrl",
    );
    assert_eq!(
        keep(&broken).type_message(),
        Some(TypeMessage::ImageMessage)
    );
    assert_eq!(keep(&broken).download_url(), None);
    let mut broken = doc;
    broken["messageData"]
        .as_object_mut()
        .unwrap()
        .remove("fileMessageData");
    assert_drift(
        TYPE,
        &broken,
        "missing_field",
        "/messageData/fileMessageData",
    );
}
