//! The other three systems: Green API `/v1/messages`, Maytapi `sendMessage`
//! and Wawp send text — limits, sans-IO requests, secrets, error bodies and
//! the identity model on their documented examples.

use serde_json::{Value, json};
use wagate::endpoint::{
    AuthKind, BuildError, Credentials, ErrorBody, ResponseError, build_request,
};
use wagate::ids::{
    ApiKey, BearerToken, Chat, ChatId, MessageId, MessageKey, PhoneOrChatId, Secret, Wid,
};
use wagate::limits::green_api_v1::TEXT_BODY_BODY_MAX_LENGTH as V1_MAX;
use wagate::{green_api_v1, maytapi, wawp};

use crate::support::{assert_invalid, assert_valid, check, check_redacted, text_of_units};

const TOKEN: &str = "f1e2d3c4b5a6978812345678deadbeef";
const MAYTAPI_URL: &str = "https://api.maytapi.com";
const PRODUCT_ID: &str = "dc01968f-0000-0000-0000-7cfcf51aa423";
const PHONE_ID: &str = "12";
const V1: &str = "green-api-v1/Messages.request";

fn example(path: &str) -> Value {
    let file = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../spec/examples")
        .join(path);
    let v: Value = serde_json::from_str(&std::fs::read_to_string(file).expect("readable"))
        .expect("an example file is JSON");
    v["document"].clone()
}

fn v1_body(text: &str) -> Value {
    json!({"to": "79001234567", "text": {"body": text}})
}

#[test]
fn v1_text_body_is_at_most_4096_utf16_units() {
    assert_eq!(V1_MAX, 4096);
    // ASCII and Cyrillic: one unit per character; emoji: two.
    for unit in ['a', 'ж', '😀'] {
        assert_valid(V1, &v1_body(&text_of_units(unit, V1_MAX)));
        let over = if unit.len_utf16() == 2 {
            // 4097 units cannot be made of emoji alone: 4096 of them plus one 'a'.
            format!("{}a", text_of_units(unit, V1_MAX))
        } else {
            text_of_units(unit, V1_MAX + 1)
        };
        assert_eq!(over.encode_utf16().count(), V1_MAX + 1);
        let issue = assert_invalid(V1, &v1_body(&over), "too_long", "/text/body");
        assert_eq!(issue.limit, Some(4096));
    }
    // 2048 emoji are 4096 units but only 2048 characters: valid; 2049 are not.
    assert_valid(V1, &v1_body(&"😀".repeat(2048)));
    assert_invalid(V1, &v1_body(&"😀".repeat(2049)), "too_long", "/text/body");
}

#[test]
fn v1_defaults_are_read_but_not_written() {
    let doc = example("green-api-v1/Messages/personal-chat.json");
    let req: green_api_v1::messages::Request =
        wagate::check(&serde_json::to_vec(&doc).expect("json"))
            .expect("the personal-chat example is valid");
    assert_eq!(req.recipient_type, None);
    assert_eq!(
        req.recipient_type_or_default(),
        green_api_v1::messages::RecipientType::Individual
    );
    assert_eq!(
        req.type_or_default(),
        green_api_v1::messages::MessageType::Text
    );
    // The absent field stays absent.
    assert_eq!(serde_json::to_value(&req).expect("serializes"), doc);
    assert_invalid(
        V1,
        &json!({"to": "1", "text": {"body": "x", "preview_url": true}}),
        "unknown_field",
        "/text/preview_url",
    );
    assert_invalid(
        V1,
        &json!({"to": "1", "type": "image", "text": {"body": "x"}}),
        "unknown_value",
        "/type",
    );
}

#[test]
fn v1_request_is_a_bearer_post_to_v1_messages() {
    let doc = example("green-api-v1/Messages/group-chat.json");
    let req: green_api_v1::messages::Request = serde_json::from_value(doc.clone()).expect("typed");
    let creds = Credentials::bearer("https://api.green-api.com/", BearerToken::new(TOKEN));
    let http = build_request(&req, &creds).expect("valid");
    assert_eq!(http.method(), http::Method::POST);
    assert_eq!(
        http.uri().to_string(),
        "https://api.green-api.com/v1/messages"
    );
    assert_eq!(
        http.headers()[http::header::AUTHORIZATION],
        format!("Bearer {TOKEN}").as_str()
    );
    assert!(http.headers()[http::header::AUTHORIZATION].is_sensitive());
    assert_eq!(
        http.headers()[http::header::CONTENT_TYPE],
        "application/json"
    );
    assert_eq!(
        serde_json::from_slice::<Value>(http.body()).expect("json"),
        doc
    );
    assert_eq!(green_api_v1::messages::META.success_status, 201);
    assert!(!format!("{http:?}").contains(TOKEN));
}

#[test]
fn v1_answers_201_and_its_error_envelope() {
    use green_api_v1::messages::parse_response;
    let ok = parse_response(
        201,
        br#"{"messages":[{"id":"1234"}],"meta":{"api_status":"stable","version":"2.0.1"}}"#,
    )
    .expect("201 is the documented success");
    assert!(ok.conforms(), "{:?}", ok.drift());
    let first = ok.messages.as_ref().and_then(|m| m.first());
    assert_eq!(
        first.and_then(|m| m.id.as_ref()).map(MessageId::as_str),
        Some("1234")
    );
    let body =
        serde_json::to_vec(&example("green-api-v1/error/quota-exceeded.json")).expect("json");
    match parse_response(400, &body) {
        Err(ResponseError::Body {
            status: 400,
            body,
            documented: Some(d),
            ..
        }) => {
            assert_eq!(d.text, "Outgoing messages limit exceeded");
            assert!(body.conforms(), "{:?}", body.drift());
            let ErrorBody::GreenApiV1(envelope) = body.value() else {
                panic!("expected the /v1 envelope, got {body:?}")
            };
            let errors = envelope.0.errors.as_ref().expect("errors");
            let first = errors.first().expect("one error");
            assert_eq!(first.code, Some(82));
            assert_eq!(
                first.title.as_deref(),
                Some("Превышено колличество исходящих сообщений")
            );
        }
        other => panic!("expected the typed 400 body, got {other:?}"),
    }
}

fn maytapi_request(to: &str) -> Value {
    json!({"to_number": to, "type": "text", "message": "Message Text"})
}

#[test]
fn maytapi_to_number_is_digits_or_a_group_id() {
    let ty = "maytapi/sendMessage.request";
    assert_valid(ty, &maytapi_request("905301234567"));
    assert_valid(ty, &maytapi_request("905301234567-1574073754@g.us"));
    assert_invalid(
        ty,
        &maytapi_request("+905301111111"),
        "bad_phone_number",
        "/to_number",
    );
    assert_invalid(
        ty,
        &maytapi_request("90 530 123"),
        "bad_phone_number",
        "/to_number",
    );
    assert_invalid(
        ty,
        &maytapi_request("905301234567@c.us"),
        "invalid_chat_id",
        "/to_number",
    );
    assert_invalid(
        ty,
        &json!({"to_number": "1", "type": "text"}),
        "missing_field",
        "/message",
    );
    // The phone id is a path segment of the credentials, not a body field.
    assert_invalid(
        ty,
        &json!({"phone_id": "12", "to_number": "905301234567", "type": "text", "message": "m"}),
        "unknown_field",
        "/phone_id",
    );
    let errors = check(ty, &json!({"phone_id": "12", "toNumber": "1"})).expect_err("invalid");
    let issues: Vec<(&str, &str)> = errors
        .iter()
        .map(|i| (i.code.as_str(), i.path.as_str()))
        .collect();
    assert_eq!(
        issues,
        [
            ("unknown_field", "/phone_id"),
            ("unknown_field", "/toNumber"),
            ("missing_field", "/to_number"),
            ("missing_field", "/type"),
            ("missing_field", "/message"),
        ]
    );
}

#[test]
fn maytapi_request_carries_the_key_header_and_the_phone_in_the_path() {
    let doc = maytapi_request("905301234567");
    let req: maytapi::send_message::Request = serde_json::from_value(doc).expect("typed");
    let creds = Credentials::maytapi(MAYTAPI_URL, PRODUCT_ID, PHONE_ID, ApiKey::new(TOKEN));
    let http = build_request(&req, &creds).expect("valid");
    assert_eq!(http.method(), http::Method::POST);
    assert_eq!(
        http.uri().to_string(),
        "https://api.maytapi.com/api/dc01968f-0000-0000-0000-7cfcf51aa423/12/sendMessage"
    );
    assert_eq!(http.headers()["x-maytapi-key"], TOKEN);
    assert!(http.headers()["x-maytapi-key"].is_sensitive());
    assert_eq!(
        serde_json::from_slice::<Value>(http.body()).expect("json"),
        json!({"to_number": "905301234567", "type": "text", "message": "Message Text"})
    );
    assert!(!format!("{http:?}").contains(TOKEN));
    assert_eq!(
        maytapi::send_message::META.auth,
        AuthKind::Header("x-maytapi-key")
    );
}

fn wawp_request(chat: &str) -> Value {
    json!({"instance_id": "123456789", "access_token": TOKEN, "chatId": chat, "message": "hi"})
}

#[test]
fn wawp_chat_ids_include_newsletters() {
    let ty = "wawp/SendText.request";
    for chat in [
        "79001234567@c.us",
        "120363043968066561@g.us",
        "120363025246125486@newsletter",
    ] {
        assert!(check(ty, &wawp_request(chat)).is_ok(), "{chat}");
    }
    assert_invalid(
        ty,
        &wawp_request("4639135154355@lid"),
        "invalid_chat_id",
        "/chatId",
    );
    assert_invalid(
        ty,
        &wawp_request("status@broadcast"),
        "invalid_chat_id",
        "/chatId",
    );
    // Green API's own rule is unchanged: no newsletters there.
    assert_invalid(
        "green-api/SendMessage.request",
        &json!({"chatId": "120363025246125486@newsletter", "message": "hi"}),
        "invalid_chat_id",
        "/chatId",
    );
}

#[test]
fn wawp_request_carries_its_credentials_in_the_body() {
    let doc = wawp_request("120363025246125486@newsletter");
    let req: wawp::send_text::Request = serde_json::from_value(doc.clone()).expect("typed");
    let http = build_request(&req, &Credentials::in_body("https://api.wawp.net")).expect("valid");
    assert_eq!(http.method(), http::Method::POST);
    assert_eq!(http.uri().to_string(), "https://api.wawp.net/v2/send/text");
    assert!(http.headers().get(http::header::AUTHORIZATION).is_none());
    assert_eq!(
        serde_json::from_slice::<Value>(http.body()).expect("json"),
        doc
    );
    // Credentials of another provider are refused, not guessed.
    let wrong = build_request(
        &req,
        &Credentials::bearer("https://api.wawp.net", BearerToken::new(TOKEN)),
    );
    assert!(matches!(
        wrong,
        Err(BuildError::WrongCredentials {
            expected: AuthKind::BodyToken,
            ..
        })
    ));
}

#[test]
fn no_secret_shows_in_debug_reports_or_check_output() {
    // access_token: Debug of the request, `wagate check` output, decode errors.
    let req: wawp::send_text::Request =
        serde_json::from_value(wawp_request("1@c.us")).expect("typed");
    assert!(!format!("{req:?}").contains(TOKEN));
    let out = check_redacted("wawp/SendText.request", &wawp_request("1@c.us")).expect("valid");
    assert_eq!(out["access_token"], "***");
    let mut bad = wawp_request("1@lid");
    let errors = check("wawp/SendText.request", &bad).expect_err("invalid chat");
    assert!(!format!("{errors} {errors:?}").contains(TOKEN));
    bad["access_token"] = json!(987_654_321_012_u64);
    let errors = check("wawp/SendText.request", &bad).expect_err("not a string");
    assert_eq!(
        errors.first().map(|i| i.path.as_str()),
        Some("/access_token")
    );
    assert!(
        !serde_json::to_string(&errors)
            .expect("json")
            .contains("987654321012")
    );
    assert!(!format!("{:?}", Secret::new(TOKEN)).contains(TOKEN));
    // Bearer token and x-maytapi-key: Debug of the credentials and build errors.
    for creds in [
        Credentials::bearer("https://api.green-api.com", BearerToken::new(TOKEN)),
        Credentials::maytapi(MAYTAPI_URL, "p", PHONE_ID, ApiKey::new(TOKEN)),
    ] {
        assert!(!format!("{creds:?}").contains(TOKEN));
        let v1: green_api_v1::messages::Request =
            serde_json::from_value(v1_body("x")).expect("typed");
        if let Err(e) = build_request(&v1, &creds) {
            assert!(!format!("{e} {e:?}").contains(TOKEN));
        }
    }
    let broken = Credentials::maytapi(MAYTAPI_URL, "p", PHONE_ID, ApiKey::new("line\nbreak"));
    let req: maytapi::send_message::Request =
        serde_json::from_value(maytapi_request("1")).expect("typed");
    let e = build_request(&req, &broken).expect_err("a newline is no header value");
    assert!(!format!("{e} {e:?}").contains("line\nbreak"));
}

#[test]
fn wawp_error_body_is_any_status_and_kept_whole() {
    let sent = br#"{"error":"wawp_upstream_error","detail":{"retry":true}}"#;
    match wawp::send_text::parse_response(502, sent) {
        Err(ResponseError::Body {
            body,
            documented: Some(d),
            ..
        }) => {
            assert_eq!(d.status, None);
            assert_eq!(d.text, "wawp_upstream_error");
            let ErrorBody::Wawp(json) = body.value() else {
                panic!("expected wawp/error, got {body:?}")
            };
            assert_eq!(serde_json::to_vec(&json).expect("json"), sent.to_vec());
        }
        other => panic!("expected the wawp error body, got {other:?}"),
    }
}

#[test]
fn wawp_response_example_keeps_data_and_links_identities() {
    let doc = example("wawp/SendText/response.json");
    let bytes = serde_json::to_vec(&doc).expect("json");
    let resp = wawp::send_text::parse_response(200, &bytes).expect("the example is valid");
    assert!(resp.conforms(), "{:?}", resp.drift());
    let msg = &resp.0;
    assert_eq!(msg.data.as_ref(), doc.get("_data"));
    assert_eq!(serde_json::to_value(&resp).expect("serializes"), doc);
    // The key, Green API's idMessage and the _data.from object agree.
    let id = msg.id.as_deref().expect("the message key");
    let key = MessageKey::from_wawp(id).expect("a consistent key");
    assert_eq!(key.green_api_id().as_str(), "MSG_ID_123456");
    assert_eq!(Some(key.chat.to_chat_id()), id.remote);
    let from: Wid = serde_json::from_value(doc["_data"]["from"].clone()).expect("a wid");
    assert_eq!(
        Some(Chat::from_wid(&from).expect("consistent").to_chat_id()),
        msg.from.clone()
    );
    // Maytapi and /v1 write the same person without a suffix.
    let person = Chat::from_chat_id(&ChatId::new_unchecked("111111111111@c.us")).expect("personal");
    assert_eq!(
        person.to_maytapi(),
        Ok(PhoneOrChatId::new_unchecked("111111111111"))
    );
    assert_eq!(
        person.to_v1().map(|(_, to)| to),
        Ok("111111111111".to_owned())
    );
}
