//! Every documented limit of the Sending section, at the limit and one over,
//! counted as the server counts (UTF-16 code units), with ASCII, Cyrillic
//! (2 bytes in UTF-8, 1 unit) and emoji (4 bytes, 2 units) text.

use serde_json::{Value, json};
use wagate::limits;

use wagate::ReadMode;

use crate::support::{assert_invalid, assert_valid, check, read_bytes, text_of_units};

/// One BMP letter per alphabet and one astral emoji.
const UNITS: [char; 3] = ['a', 'ж', '😀'];

fn even(n: usize) -> usize {
    n - n % 2
}

/// Runs `make(text)` at the limit (valid) and one unit over (invalid with `code` at `path`).
fn check_max_length(
    ty: &str,
    max: usize,
    path: &str,
    server_message: Option<&str>,
    make: impl Fn(String) -> Value,
) {
    for unit in UNITS {
        // At the limit; for emoji the nearest even count, then one more BMP unit.
        let at = if unit.len_utf16() == 2 {
            text_of_units(unit, even(max)) + &"a".repeat(max % 2)
        } else {
            text_of_units(unit, max)
        };
        assert_eq!(at.encode_utf16().count(), max);
        assert_valid(ty, &make(at.clone()));
        let over = at + "a";
        let issue = assert_invalid(ty, &make(over), "too_long", path);
        assert_eq!(issue.limit, Some(max as u64));
        assert_eq!(
            issue.server_message.as_deref(),
            server_message,
            "{ty} {path}"
        );
    }
    // Emoji that straddle the limit: max-1 units + one emoji = max+1 units.
    let straddle = "a".repeat(max - 1) + "😀";
    assert_invalid(ty, &make(straddle), "too_long", path);
}

#[test]
fn send_message_text_is_at_most_20000_units() {
    assert_eq!(limits::green_api::SEND_MESSAGE_MESSAGE_MAX_LENGTH, 20000);
    check_max_length(
        "green-api/SendMessage.request",
        limits::green_api::SEND_MESSAGE_MESSAGE_MAX_LENGTH,
        "/message",
        Some(
            "Validation failed. Details: 'message' length must be less than or equal to 20000 characters long",
        ),
        |m| json!({"chatId": "11001234567@c.us", "message": m}),
    );
}

#[test]
fn a_cyrillic_byte_count_would_be_wrong() {
    // 20000 Cyrillic letters are 40000 bytes: valid, because the server counts units.
    let text = "ж".repeat(20000);
    assert_eq!(text.len(), 40000);
    assert_valid(
        "green-api/SendMessage.request",
        &json!({"chatId": "11001234567@c.us", "message": text}),
    );
}

#[test]
fn send_poll_limits() {
    let ty = "green-api/SendPoll.request";
    let options = |n: usize| -> Value {
        (0..n)
            .map(|i| json!({"optionName": format!("option {i}")}))
            .collect()
    };
    check_max_length(
        ty,
        limits::green_api::SEND_POLL_MESSAGE_MAX_LENGTH,
        "/message",
        Some(
            "Validation failed. Details: 'message' length must be less than or equal to 255 characters long",
        ),
        |m| json!({"chatId": "11001234567@c.us", "message": m, "options": options(2)}),
    );
    check_max_length(
        ty,
        limits::green_api::POLL_OPTION_OPTION_NAME_MAX_LENGTH,
        "/options/1/optionName",
        Some(
            "Validation failed. Details: 'optionName' length must be less than or equal to 100 characters long",
        ),
        |o| json!({"chatId": "11001234567@c.us", "message": "?", "options": [{"optionName": "first"}, {"optionName": o}]}),
    );
    let min = limits::green_api::SEND_POLL_OPTIONS_MIN_ITEMS;
    let max = limits::green_api::SEND_POLL_OPTIONS_MAX_ITEMS;
    assert_eq!((min, max), (2, 12));
    for n in [min, max] {
        assert_valid(
            ty,
            &json!({"chatId": "11001234567@c.us", "message": "?", "options": options(n)}),
        );
    }
    let few = assert_invalid(
        ty,
        &json!({"chatId": "11001234567@c.us", "message": "?", "options": options(min - 1)}),
        "too_few_items",
        "/options",
    );
    assert_eq!(few.limit, Some(2));
    assert!(
        few.server_message
            .as_deref()
            .is_some_and(|m| m.contains("from 2 to 12 elements")),
        "{few:?}"
    );
    let many = assert_invalid(
        ty,
        &json!({"chatId": "11001234567@c.us", "message": "?", "options": options(max + 1)}),
        "too_many_items",
        "/options",
    );
    assert_eq!(many.limit, Some(12));
    let dup = assert_invalid(
        ty,
        &json!({"chatId": "11001234567@c.us", "message": "?", "options": [{"optionName": "a"}, {"optionName": "b"}, {"optionName": "a"}]}),
        "not_unique",
        "/options",
    );
    assert_eq!(
        dup.server_message.as_deref(),
        Some("Validation failed. Details: 'optionName' field must have unique value")
    );
    assert_invalid(
        ty,
        &json!({"chatId": "11001234567@c.us", "message": "?", "options": [{"optionName": "a"}, {}]}),
        "missing_field",
        "/options/1/optionName",
    );
}

#[test]
fn captions_are_at_most_20000_units() {
    check_max_length(
        "green-api/SendFileByUrl.request",
        limits::green_api::SEND_FILE_BY_URL_CAPTION_MAX_LENGTH,
        "/caption",
        None,
        |c| json!({"chatId": "11001234567@c.us", "urlFile": "https://example.com/a.png", "fileName": "a.png", "caption": c}),
    );
    check_max_length(
        "green-api/SendFileByUpload.request",
        limits::green_api::SEND_FILE_BY_UPLOAD_CAPTION_MAX_LENGTH,
        "/caption",
        None,
        |c| json!({"chatId": "11001234567@c.us", "caption": c}),
    );
}

#[test]
fn quoted_message_ids_have_at_least_16_symbols() {
    for (ty, base) in [
        (
            "green-api/SendMessage.request",
            json!({"chatId": "11001234567@c.us", "message": "hi"}),
        ),
        (
            "green-api/SendPoll.request",
            json!({"chatId": "11001234567@c.us", "message": "?", "options": [{"optionName": "a"}, {"optionName": "b"}]}),
        ),
        (
            "green-api/SendLocation.request",
            json!({"chatId": "11001234567@c.us", "latitude": 44.9, "longitude": 34.1}),
        ),
        (
            "green-api/SendFileByUrl.request",
            json!({"chatId": "11001234567@c.us", "urlFile": "https://example.com/a.png", "fileName": "a.png"}),
        ),
    ] {
        let with = |id: &str| {
            let mut d = base.clone();
            d["quotedMessageId"] = json!(id);
            d
        };
        assert_valid(ty, &with("BAE587FA1CECF760"));
        let short = assert_invalid(
            ty,
            &with("BAE587FA1CECF76"),
            "too_short",
            "/quotedMessageId",
        );
        assert_eq!(short.limit, Some(16));
        assert_eq!(
            short.server_message.as_deref(),
            Some("Validation failed. Details: 'message id' must be at least 16 symbols")
        );
    }
}

#[test]
fn url_must_start_with_http() {
    let ty = "green-api/SendFileByUrl.request";
    assert_valid(
        ty,
        &json!({"chatId": "11001234567@c.us", "urlFile": "http://example.com/a.png", "fileName": "a.png"}),
    );
    let bad = assert_invalid(
        ty,
        &json!({"chatId": "11001234567@c.us", "urlFile": "ftp://example.com/a.png", "fileName": "a.png"}),
        "bad_format",
        "/urlFile",
    );
    assert!(bad.server_message.is_some_and(|m| m.contains("http(s)://")));
}

#[test]
fn contact_phone_has_11_or_12_digits_and_a_name() {
    let ty = "green-api/SendContact.request";
    let with = |phone: u64| json!({"chatId": "11001234567@c.us", "contact": {"phoneContact": phone, "firstName": "Артем"}});
    assert_valid(ty, &with(79_001_234_568));
    assert_valid(ty, &with(441_234_567_890));
    assert_invalid(
        ty,
        &with(7_900_123_456),
        "bad_phone_number",
        "/contact/phoneContact",
    );
    assert_invalid(
        ty,
        &with(4_412_345_678_901),
        "bad_phone_number",
        "/contact/phoneContact",
    );
    assert_invalid(
        ty,
        &json!({"chatId": "11001234567@c.us", "contact": {"phoneContact": 79_001_234_568u64}}),
        "missing_one_of",
        "/contact",
    );
    assert_invalid(
        ty,
        &json!({"chatId": "11001234567@c.us", "contact": {"phoneContact": "79001234568", "firstName": "A"}}),
        "invalid_type",
        "/contact/phoneContact",
    );
}

#[test]
fn forward_needs_at_least_one_message() {
    let ty = "green-api/ForwardMessages.request";
    assert_valid(
        ty,
        &json!({"chatId": "11001234567@c.us", "chatIdFrom": "11001234567@c.us", "messages": ["BAE587FA1CECF760"]}),
    );
    let e = assert_invalid(
        ty,
        &json!({"chatId": "11001234567@c.us", "chatIdFrom": "11001234567@c.us", "messages": []}),
        "too_few_items",
        "/messages",
    );
    assert_eq!(
        e.server_message.as_deref(),
        Some("Validation failed. Details: 'messages' must contain at least 1 items")
    );
}

#[test]
fn chat_ids_are_strict_in_requests() {
    let ty = "green-api/SendMessage.request";
    for good in [
        "11001234567@c.us",
        "120363043968066561@g.us",
        "11001234567-1581234040@g.us",
    ] {
        assert_valid(ty, &json!({"chatId": good, "message": "hi"}));
    }
    for bad in [
        "11001234567@\u{441}.us",
        "11001234567@cs.us",
        "11001234567",
        "+11001234567@c.us",
        "",
        "abc@g.us",
    ] {
        let e = assert_invalid(
            ty,
            &json!({"chatId": bad, "message": "hi"}),
            "invalid_chat_id",
            "/chatId",
        );
        assert_eq!(
            e.server_message.as_deref(),
            Some(
                "Validation failed. Details: 'chatId' must be one of the next formats: 'phone_number@c.us' or 'group_id@g.us"
            )
        );
    }
}

#[test]
fn requests_refuse_unknown_and_missing_fields() {
    let ty = "green-api/SendMessage.request";
    let e = assert_invalid(
        ty,
        &json!({"chatId": "11001234567@c.us", "message": "hi", "wrongFieldName": 1}),
        "unknown_field",
        "/wrongFieldName",
    );
    assert_eq!(
        e.server_message.as_deref(),
        Some("Validation failed. Details: 'wrongFieldName' is not allowed")
    );
    let e = assert_invalid(
        ty,
        &json!({"chatId": "11001234567@c.us"}),
        "missing_field",
        "/message",
    );
    assert_eq!(
        e.server_message.as_deref(),
        Some("Validation failed. Details: 'message' is required")
    );
    assert_invalid(
        ty,
        &json!({"chatId": "11001234567@c.us", "message": ""}),
        "empty",
        "/message",
    );
    assert_invalid(
        ty,
        &json!({"chatId": "11001234567@c.us", "message": "hi", "linkPreview": "yes"}),
        "invalid_type",
        "/linkPreview",
    );
    assert_valid(
        ty,
        &json!({"chatId": "11001234567@c.us", "message": "hi", "linkPreview": false, "archiveChat": true}),
    );
}

#[test]
fn responses_keep_unknown_fields() {
    let doc =
        json!({"idMessage": "3EB0C767D097B7C7C030", "somethingNew": {"deep": [1, 2, {"x": null}]}});
    assert_valid("green-api/SendMessage.response", &doc);
    let doc = json!({"idMessage": "3EB0C767D097B7C7C030", "urlFile": "https://x", "reason": null});
    assert_valid("green-api/SendFileByUpload.response", &doc);
}

#[test]
fn decode_errors_carry_position() {
    let ty = "green-api/SendMessage.request";
    let e = read_bytes(
        ty,
        b"{\n  \"chatId\": \"11001234567@c.us\",\n  \"message\": \"hi\",\n}",
        ReadMode::Strict,
    )
    .expect_err("trailing comma");
    assert_eq!(e.len(), 1, "a syntax error comes alone: {e}");
    let first = &e[0];
    assert_eq!(
        (first.code.as_str(), first.line, first.column),
        ("syntax", Some(4), Some(1))
    );
    let e = read_bytes(
        ty,
        b"{\"chatId\": \"11001234567@c.us\", \"message\": \"hi\"} x",
        ReadMode::Strict,
    )
    .expect_err("trailing bytes");
    assert_eq!(e[0].code.as_str(), "syntax");
    assert!(check(ty, &json!([1])).is_err());
    // Received data: a syntax error cannot be kept in either mode.
    for mode in [ReadMode::Lenient, ReadMode::Strict] {
        let e = read_bytes(
            "green-api/SendMessage.response",
            b"{\"idMessage\": \"3EB0\",",
            mode,
        )
        .expect_err("truncated");
        assert_eq!(e[0].code.as_str(), "syntax");
        assert!(e[0].line.is_some() && e[0].column.is_some());
    }
}
