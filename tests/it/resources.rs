//! Bounded resources: the input-size cap, the nesting-depth cap (also through
//! the two-stage notification parse and `flatten`ed unknown fields), the
//! Green API JSON body cap of the sans-IO builder, and hostile shapes that
//! must stay linear (duplicate keys, escapes, many items).

use serde_json::{Value, json};
use wagate::endpoint::{BuildError, Credentials, FilePart, build_multipart_request, build_request};
use wagate::ids::{ApiTokenInstance, ChatId, IdInstance};
use wagate::limits::green_api::MAX_JSON_BODY_BYTES as GREEN_API_MAX_JSON_BODY_BYTES;
use wagate::{Direction, MAX_INPUT_BYTES, ReadMode, green_api, registry};

use crate::support::{read_bytes, to_value};

/// The first issue's code when `bytes` is read strictly as `ty`, or `valid`.
fn code_of(ty: &str, bytes: &[u8]) -> String {
    code_in(ty, bytes, ReadMode::Strict)
}

/// The first issue's code when `bytes` is read as `ty` in `mode`, or `valid`
/// (for a lenient read: kept).
fn code_in(ty: &str, bytes: &[u8], mode: ReadMode) -> String {
    match read_bytes(ty, bytes, mode) {
        Ok(_) => "valid".into(),
        Err(e) => e
            .first()
            .map(|i| i.code.as_str().to_owned())
            .unwrap_or_default(),
    }
}

/// Whether `ty` is received data (read leniently by default).
fn received(ty: &str) -> bool {
    registry::find(ty).is_some_and(|t| t.direction == Direction::Received)
}

const TYPES: [&str; 4] = [
    "green-api/SendMessage.request",
    "green-api/GetChatHistory.response",
    "green-api/webhook",
    "wawp/SendText.request",
];

#[test]
fn input_over_the_cap_is_refused_before_parsing() {
    // Whitespace around a valid document: only the size is wrong.
    let doc = br#"{"idMessage":"3EB0C767D097B7C7C030"}"#;
    let mut at_cap = vec![b' '; MAX_INPUT_BYTES - doc.len()];
    at_cap.extend_from_slice(doc);
    assert_eq!(code_of("green-api/SendMessage.response", &at_cap), "valid");
    at_cap.push(b' ');
    for ty in TYPES
        .iter()
        .chain(["green-api/SendMessage.response"].iter())
    {
        // Received data too: what is over the cap is not kept, whatever the mode.
        for mode in [ReadMode::Lenient, ReadMode::Strict] {
            let errors = read_bytes(ty, &at_cap, mode).expect_err("over the cap");
            assert_eq!(errors.len(), 1, "{ty}: {errors}");
            let first = errors.first().expect("one issue");
            assert_eq!(first.code.as_str(), "input_too_large", "{ty}");
            assert_eq!(first.limit, Some(MAX_INPUT_BYTES as u64), "{ty}");
        }
    }
}

/// `depth` nested arrays around `inner`.
fn nested(depth: usize, inner: &str) -> String {
    format!("{}{inner}{}", "[".repeat(depth), "]".repeat(depth))
}

/// A notification of a known kind, of a known message kind, and of an
/// unknown kind, with `value` in a field the documents do not know.
fn notifications(value: &str) -> [String; 3] {
    let instance =
        r#""instanceData":{"idInstance":1101,"wid":"11001234567@c.us","typeInstance":"whatsapp"}"#;
    [
        format!(
            r#"{{"typeWebhook":"stateInstanceChanged",{instance},"timestamp":1686735222,"stateInstance":"authorized","deep":{value}}}"#
        ),
        format!(
            r#"{{"typeWebhook":"incomingMessageReceived",{instance},"timestamp":1588091580,"idMessage":"F7AEC1B7086ECDC7E6E45923F5EDB825","senderData":{{"chatId":"11001234567@c.us","sender":"11001234567@c.us","senderName":"n","senderContactName":""}},"messageData":{{"typeMessage":"textMessage","textMessageData":{{"textMessage":"hi","deep":{value}}}}}}}"#
        ),
        format!(r#"{{"typeWebhook":"somethingNew","deep":{value}}}"#),
    ]
}

#[test]
fn nesting_is_capped_everywhere_without_overflowing_the_stack() {
    // Within the cap, the two-stage parse keeps the deep value whole.
    for doc in notifications(&nested(100, "1")) {
        let original: Value = serde_json::from_str(&doc).expect("JSON");
        for mode in [ReadMode::Lenient, ReadMode::Strict] {
            let out = read_bytes("green-api/webhook", doc.as_bytes(), mode)
                .unwrap_or_else(|e| panic!("{e}\n{doc}"));
            assert!(out.conforms(), "{:?}", out.drift());
            assert_eq!(to_value(out.value().as_ref()), original);
        }
    }
    // Beyond it, `too_deep`: at the root, in a field, in a buffered
    // (dispatched) object, in flattened unknown fields; arrays and objects.
    let deep_object = format!("{}1{}", r#"{"a":"#.repeat(10_000), "}".repeat(10_000));
    for value in [nested(10_000, ""), nested(200, "1"), deep_object] {
        // Too deep cannot be kept: refused in both modes.
        for mode in [ReadMode::Lenient, ReadMode::Strict] {
            for doc in notifications(&value) {
                assert_eq!(
                    code_in("green-api/webhook", doc.as_bytes(), mode),
                    "too_deep"
                );
            }
            let response = format!(r#"{{"idMessage":"3EB0C767D097B7C7C030","x":{value}}}"#);
            assert_eq!(
                code_in("green-api/SendMessage.response", response.as_bytes(), mode),
                "too_deep"
            );
        }
        // A typed root or field refuses the first level of the wrong type (or
        // the unknown key `a` of a strict request) before any depth is reached.
        for ty in TYPES {
            let code = code_of(ty, value.as_bytes());
            assert!(
                ["too_deep", "invalid_type", "unknown_field"].contains(&code.as_str()),
                "{ty}: {code}"
            );
            // Received data of another type at the root is kept whole, unless
            // it is too deep to be kept.
            if received(ty) {
                let code = code_in(ty, value.as_bytes(), ReadMode::Lenient);
                assert!(
                    ["too_deep", "valid"].contains(&code.as_str()),
                    "{ty}: {code}"
                );
            }
        }
        // A request is read past a mistyped field so that every problem is
        // reported; a value this deep stops the reading first.
        let request = format!(r#"{{"chatId":"11001234567@c.us","message":{value}}}"#);
        assert_eq!(
            code_of("green-api/SendMessage.request", request.as_bytes()),
            "too_deep"
        );
    }
}

#[test]
fn the_depth_cap_is_exact() {
    // An object holding `depth - 1` levels of arrays: `depth` levels in all.
    let doc = |depth: usize, head: &str| format!("{{{head},\"x\":{}}}", nested(depth - 1, ""));
    for (ty, head) in [
        (
            "green-api/SendMessage.response",
            r#""idMessage":"3EB0C767D097B7C7C030""#,
        ),
        ("green-api/webhook", r#""typeWebhook":"somethingNew""#),
    ] {
        let at = doc(wagate::MAX_NESTING_DEPTH, head);
        let over = doc(wagate::MAX_NESTING_DEPTH + 1, head);
        for mode in [ReadMode::Lenient, ReadMode::Strict] {
            assert_eq!(code_in(ty, at.as_bytes(), mode), "valid", "{ty}");
            assert_eq!(code_in(ty, over.as_bytes(), mode), "too_deep", "{ty}");
        }
    }
}

#[test]
fn the_builder_refuses_green_api_json_bodies_over_100_kb() {
    let credentials = Credentials::green_api(
        "https://api.green-api.com",
        "https://media.green-api.com",
        IdInstance::new(1101),
        ApiTokenInstance::new("token"),
    );
    let chat = ChatId::parse_strict("11001234567@c.us").expect("a chat id");
    // 20000 units is within the field limit; escaped as \u0001 they are
    // 120000 bytes of JSON, over the body cap.
    let controls = green_api::send_message::Request::new(chat.clone(), "\u{1}".repeat(20_000));
    assert!(wagate::Document::issues(&controls).is_empty());
    match build_request(&controls, &credentials) {
        Err(e @ BuildError::BodyTooLarge { size, limit, .. }) => {
            assert_eq!(limit, GREEN_API_MAX_JSON_BODY_BYTES);
            assert!(size > limit, "{e}");
            assert!(e.to_string().contains(&limit.to_string()));
        }
        other => panic!("expected BodyTooLarge, got {other:?}"),
    }
    // The same length in letters fits.
    let letters = green_api::send_message::Request::new(chat, "ж".repeat(20_000));
    let built = build_request(&letters, &credentials).expect("within the cap");
    assert!(built.body().len() <= GREEN_API_MAX_JSON_BODY_BYTES);
}

#[test]
fn duplicate_keys_are_refused_in_requests_and_in_received_data() {
    let request = r#"{"chatId":"11001234567@c.us","message":"a","message":"b"}"#;
    assert_eq!(
        code_of("green-api/SendMessage.request", request.as_bytes()),
        "duplicate_field"
    );
    // Received data with a duplicate key cannot be kept as received (one
    // value would be lost): refused in both modes, with the key's path.
    // 100000 repeats of an unknown key: one linear pass.
    let mut doc = String::from(r#"{"idMessage":"3EB0C767D097B7C7C030""#);
    for i in 0..100_000 {
        doc.push_str(&format!(r#","x":{i}"#));
    }
    doc.push('}');
    let nested = r#"{"idMessage":"3EB0C767D097B7C7C030","a":{"b":1,"b":2}}"#;
    let notification = r#"{"typeWebhook":"somethingNew","k":[{"z":1,"z":1}]}"#;
    for (ty, doc, path) in [
        ("green-api/SendMessage.response", doc.as_str(), "/x"),
        ("green-api/SendMessage.response", nested, "/a/b"),
        ("green-api/webhook", notification, "/k/0/z"),
    ] {
        for mode in [ReadMode::Lenient, ReadMode::Strict] {
            let errors = read_bytes(ty, doc.as_bytes(), mode).expect_err("a duplicate key");
            assert_eq!(errors.len(), 1, "{errors}");
            assert_eq!(
                (errors[0].code.as_str(), errors[0].path.as_str()),
                ("duplicate_field", path)
            );
        }
    }
}

#[test]
fn many_poll_options_report_too_many_and_the_first_repeat() {
    // 50000 options (the n log n uniqueness rule runs over all of them).
    let options: Vec<Value> = (0..50_000)
        .map(|i| json!({"optionName": format!("option {}", i % 40_000)}))
        .collect();
    let doc = json!({"chatId": "11001234567@c.us", "message": "q", "options": options});
    let entry = registry::find("green-api/SendPoll.request").expect("registered");
    let errors = (entry.read)(&serde_json::to_vec(&doc).expect("JSON"), ReadMode::Strict)
        .expect_err("invalid");
    let codes: Vec<(&str, &str)> = errors
        .iter()
        .map(|i| (i.code.as_str(), i.path.as_str()))
        .collect();
    assert!(codes.contains(&("too_many_items", "/options")), "{codes:?}");
    let repeat = errors
        .iter()
        .find(|i| i.code.as_str() == "not_unique")
        .expect("a repeat is reported");
    assert!(repeat.message.contains("item 40000 "), "{}", repeat.message);
}

#[test]
fn a_file_full_of_boundary_lookalikes_gets_a_boundary_it_does_not_contain() {
    let credentials = Credentials::green_api(
        "https://api.green-api.com",
        "https://media.green-api.com",
        IdInstance::new(1101),
        ApiTokenInstance::new("token"),
    );
    let probe = green_api::send_file_by_upload::Request::new(
        ChatId::parse_strict("11001234567@c.us").expect("a chat id"),
    );
    let plain = FilePart {
        file_name: "a.bin".into(),
        content_type: None,
        bytes: b"no boundary here".to_vec(),
    };
    let built = build_multipart_request(&probe, &plain, &credentials).expect("builds");
    let boundary = |r: &http::Request<Vec<u8>>| {
        r.headers()[http::header::CONTENT_TYPE]
            .to_str()
            .expect("ASCII")
            .split("boundary=")
            .nth(1)
            .expect("a boundary")
            .to_owned()
    };
    let base = boundary(&built);
    // The boundary followed by ever longer runs of `x`: each occurrence
    // used to cost a rescan per added `x` (cubic); now one pass.
    let mut hostile = Vec::new();
    for run in [0, 3, 20_000, 7] {
        hostile.extend_from_slice(base.as_bytes());
        hostile.extend(std::iter::repeat_n(b'x', run));
        hostile.push(b'\n');
    }
    let file = FilePart {
        bytes: hostile.clone(),
        ..plain
    };
    let built = build_multipart_request(&probe, &file, &credentials).expect("builds");
    let chosen = boundary(&built);
    assert_eq!(chosen.len(), base.len() + 20_001);
    assert!(
        !hostile
            .windows(chosen.len())
            .any(|w| w == chosen.as_bytes())
    );
}
