//! Property tests: generated valid requests validate and round-trip;
//! generated invalid ones are refused with the right path and code.

use proptest::prelude::*;
use serde_json::{Value, json};
use wagate::{Direction, ReadMode, limits, registry};

use crate::support::{check, read, to_value};

/// Text mixing ASCII, Cyrillic and emoji, measured in UTF-16 units.
fn text(max_units: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            Just('a'),
            Just('Z'),
            Just(' '),
            Just('ж'),
            Just('Ё'),
            Just('😀'),
            Just('🇷'),
            any::<char>()
        ],
        1..64,
    )
    .prop_map(move |chars| {
        let mut s = String::new();
        for c in chars {
            if s.encode_utf16().count() + c.len_utf16() > max_units {
                break;
            }
            s.push(c);
        }
        if s.is_empty() { "x".to_owned() } else { s }
    })
}

fn chat_id() -> impl Strategy<Value = String> {
    prop_oneof![
        "[1-9][0-9]{10,11}".prop_map(|d| format!("{d}@c.us")),
        "[1-9][0-9]{17}".prop_map(|d| format!("{d}@g.us")),
        ("[1-9][0-9]{10}", "[1-9][0-9]{9}").prop_map(|(a, b)| format!("{a}-{b}@g.us")),
    ]
}

fn message_id() -> impl Strategy<Value = String> {
    "[0-9A-F]{16,32}"
}

fn send_message() -> impl Strategy<Value = Value> {
    (
        chat_id(),
        text(limits::green_api::SEND_MESSAGE_MESSAGE_MAX_LENGTH),
        prop::option::of(message_id()),
        prop::option::of(any::<bool>()),
    )
        .prop_map(|(c, m, q, l)| {
            let mut d = json!({"chatId": c, "message": m});
            if let Some(q) = q {
                d["quotedMessageId"] = json!(q);
            }
            if let Some(l) = l {
                d["linkPreview"] = json!(l);
            }
            d
        })
}

fn send_poll() -> impl Strategy<Value = Value> {
    (
        chat_id(),
        text(limits::green_api::SEND_POLL_MESSAGE_MAX_LENGTH),
        prop::collection::btree_set(
            text(limits::green_api::POLL_OPTION_OPTION_NAME_MAX_LENGTH),
            2..=12,
        ),
        any::<bool>(),
    )
        .prop_map(|(c, m, opts, multi)| {
            let options: Vec<Value> = opts.into_iter().map(|o| json!({"optionName": o})).collect();
            json!({"chatId": c, "message": m, "options": options, "multipleAnswers": multi})
        })
}

fn first_error(ty: &str, doc: &Value) -> Option<(String, String)> {
    check(ty, doc).err().and_then(|e| {
        e.first()
            .map(|i| (i.code.as_str().to_owned(), i.path.clone()))
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn valid_send_message_round_trips(doc in send_message()) {
        let back = check("green-api/SendMessage.request", &doc);
        prop_assert_eq!(back.ok(), Some(doc));
    }

    #[test]
    fn valid_send_poll_round_trips(doc in send_poll()) {
        let back = check("green-api/SendPoll.request", &doc);
        prop_assert_eq!(back.ok(), Some(doc));
    }

    #[test]
    fn over_long_messages_are_refused_at_message(doc in send_message(), extra in 1usize..5) {
        let mut doc = doc;
        let pad = "ж".repeat(limits::green_api::SEND_MESSAGE_MESSAGE_MAX_LENGTH + extra);
        doc["message"] = json!(pad);
        prop_assert_eq!(first_error("green-api/SendMessage.request", &doc), Some(("too_long".into(), "/message".into())));
    }

    #[test]
    fn broken_chat_ids_are_refused_at_chat_id(doc in send_message(), cut in 0usize..4) {
        let mut doc = doc;
        let id = doc["chatId"].as_str().unwrap_or_default().to_owned();
        // Typos the documents make: Cyrillic "с", a dropped letter, a stray "+".
        let broken = match cut {
            0 => id.replace("@c.us", "@\u{441}.us").replace("@g.us", "@g.u\u{441}"),
            1 => id.replace(".us", "us"),
            2 => format!("+{id}"),
            _ => id.replace('@', ""),
        };
        doc["chatId"] = json!(broken);
        prop_assert_eq!(first_error("green-api/SendMessage.request", &doc), Some(("invalid_chat_id".into(), "/chatId".into())));
    }

    #[test]
    fn unknown_fields_are_refused_by_name(doc in send_message(), name in "[a-z]{3,10}Extra") {
        let mut doc = doc;
        doc[name.as_str()] = json!(1);
        prop_assert_eq!(first_error("green-api/SendMessage.request", &doc), Some(("unknown_field".into(), format!("/{name}"))));
    }

    #[test]
    fn poll_option_counts_outside_2_to_12_are_refused(doc in send_poll(), n in prop_oneof![0usize..2, 13usize..20]) {
        let mut doc = doc;
        let options: Vec<Value> = (0..n).map(|i| json!({"optionName": format!("o{i}")})).collect();
        doc["options"] = json!(options);
        let code = if n < 2 { "too_few_items" } else { "too_many_items" };
        prop_assert_eq!(first_error("green-api/SendPoll.request", &doc), Some((code.into(), "/options".into())));
    }

    #[test]
    fn repeated_poll_options_are_refused(doc in send_poll()) {
        let mut doc = doc;
        let first = doc["options"][0].clone();
        if let Some(options) = doc["options"].as_array_mut() {
            options.push(first);
        }
        let n = doc["options"].as_array().map_or(0, Vec::len);
        let expected = if n > 12 { "too_many_items" } else { "not_unique" };
        prop_assert_eq!(first_error("green-api/SendPoll.request", &doc).map(|e| e.1), Some("/options".to_owned()));
        prop_assert!(check("green-api/SendPoll.request", &doc).err().is_some_and(|e| e.iter().any(|i| i.code.as_str() == expected)));
    }

    #[test]
    fn responses_keep_arbitrary_extra_fields(id in message_id(), key in "[a-zA-Z_]{1,12}", value in any::<i64>()) {
        prop_assume!(key != "idMessage");
        let doc = json!({"idMessage": id, key: {"nested": [value, "x", null]}});
        prop_assert_eq!(check("green-api/SendMessage.response", &doc).ok(), Some(doc));
    }

    #[test]
    fn no_input_panics_the_checker(bytes in prop::collection::vec(any::<u8>(), 0..256)) {
        for entry in registry::types() {
            for mode in [ReadMode::Lenient, ReadMode::Strict] {
                if let Ok(doc) = (entry.read)(&bytes, mode) {
                    prop_assert!(doc.value().to_json().is_ok(), "{}", entry.name);
                }
            }
        }
    }

    /// Received data keeps any JSON value: every received TYPE reads it
    /// leniently and writes it back equal; strict reading accepts exactly
    /// the values without drift.
    #[test]
    fn every_received_type_keeps_any_value(doc in any_json()) {
        for entry in registry::types().into_iter().filter(|t| t.direction == Direction::Received) {
            let kept = read(entry.name, &doc, ReadMode::Lenient);
            let kept = kept.map_err(|e| format!("{}: {e}", entry.name));
            prop_assert!(kept.is_ok(), "{:?}", kept.err());
            let Ok(kept) = kept else { continue };
            prop_assert_eq!(to_value(kept.value().as_ref()), doc.clone(), "{}", entry.name);
            let strict = read(entry.name, &doc, ReadMode::Strict);
            match (kept.drift().first(), strict) {
                (None, Ok(_)) => {}
                (Some(first), Err(e)) => prop_assert_eq!(e.first(), Some(first), "{}", entry.name),
                (drift, strict) => prop_assert!(false, "{}: drift {:?}, strict {:?}", entry.name, drift, strict.err()),
            }
        }
    }
}

/// Any JSON value, small: the shapes received data may take.
fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        (-1.0e6f64..1.0e6).prop_map(|n| json!(n)),
        "[ -~а-я😀]{0,12}".prop_map(Value::String),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map("[a-zA-Z]{1,12}", inner, 0..4)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// Poll options named after `keys` (a small alphabet, so that repeats are common).
fn poll_with_options(keys: &[u8]) -> Value {
    let options: Vec<Value> = keys
        .iter()
        .map(|k| json!({"optionName": format!("option {k}")}))
        .collect();
    json!({"chatId": "11001234567@c.us", "message": "?", "options": options})
}

proptest! {
    /// The n log n uniqueness rule names the same first repeat as the
    /// obvious pairwise scan (through SendPoll's `options`, unique by
    /// `optionName`).
    #[test]
    fn the_first_repeat_agrees_with_the_pairwise_scan(keys in prop::collection::vec(0u8..8, 2..=12)) {
        let pairwise = keys
            .iter()
            .enumerate()
            .find(|(i, k)| keys.iter().take(*i).any(|earlier| earlier == *k))
            .map(|(i, _)| i);
        let result = check("green-api/SendPoll.request", &poll_with_options(&keys));
        match (pairwise, result) {
            (None, result) => prop_assert!(result.is_ok(), "{:?}", result.err()),
            (Some(i), Ok(_)) => prop_assert!(false, "item {} repeats, yet the poll is valid", i),
            (Some(i), Err(e)) => {
                let repeats: Vec<_> = e.iter().filter(|x| x.code.as_str() == "not_unique").collect();
                prop_assert_eq!(repeats.len(), 1, "{}", e);
                prop_assert_eq!(repeats[0].path.as_str(), "/options");
                let named = format!("item {i} ");
                prop_assert!(repeats[0].message.contains(&named), "{} does not name {}", repeats[0].message, named);
            }
        }
    }
}
