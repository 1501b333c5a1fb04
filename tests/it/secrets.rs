//! No secret in `Debug`, `Display`, error reports or `wagate check` output:
//! one test per secret type, through every report that type can reach.
//! (The types' own `Debug`/`Display` are also unit-tested in `ids/`.)

use serde_json::json;
use wagate::bot::{ReceiveError, WebhookToken, receive, receive_http};
use wagate::endpoint::{BuildError, Credentials, build_request};
use wagate::ids::{ApiKey, ApiTokenInstance, BearerToken, ChatId, IdInstance, Secret};
use wagate::{ReadMode, green_api, green_api_v1, maytapi, registry, wawp};

use crate::support::check_redacted;

const VALUE: &str = "s3cr3t-7f3a9c0d1e2b";

/// Every way a value can be shown: neither may contain the secret.
fn assert_hidden(what: &str, shown: &str) {
    assert!(!shown.contains(VALUE), "{what} shows the secret: {shown}");
}

fn send_message() -> green_api::send_message::Request {
    green_api::send_message::Request::new(
        ChatId::parse_strict("11001234567@c.us").expect("a chat id"),
        "hi".into(),
    )
}

#[test]
fn api_token_instance_never_shows() {
    let token = ApiTokenInstance::new(VALUE);
    assert_hidden("Debug/Display", &format!("{token:?} {token} {token:#?}"));
    let good = Credentials::green_api(
        "https://api.green-api.com",
        "https://media.green-api.com",
        IdInstance::new(1101),
        token.clone(),
    );
    assert_hidden(
        "Credentials",
        &format!("{good:?} {good:#?} {:?}", good.auth),
    );
    // Every build error a path-token method can meet.
    let bad_url = Credentials {
        api_url: "https://api green-api.com".into(),
        ..good.clone()
    };
    let mut invalid = send_message();
    invalid.message = String::new();
    let wrong_kind = Credentials::bearer("https://api.green-api.com", BearerToken::new("other"));
    for (creds, request) in [
        (&bad_url, send_message()),
        (&good, invalid),
        (&wrong_kind, send_message()),
    ] {
        let e = build_request(&request, creds).expect_err("refused");
        assert_hidden("BuildError", &format!("{e} {e:?}"));
    }
    let big = green_api::send_message::Request::new(
        ChatId::parse_strict("11001234567@c.us").expect("a chat id"),
        "\u{1}".repeat(20_000),
    );
    let e = build_request(&big, &good).expect_err("too large");
    assert!(matches!(e, BuildError::BodyTooLarge { .. }));
    assert_hidden("BuildError::BodyTooLarge", &format!("{e} {e:?}"));
}

#[test]
fn secret_request_fields_never_show() {
    let doc = json!({"instance_id": "123456789", "access_token": VALUE, "chatId": "1@c.us", "message": "hi"});
    let typed: wawp::send_text::Request = serde_json::from_value(doc.clone()).expect("typed");
    assert_hidden("the request's Debug", &format!("{typed:?} {typed:#?}"));
    let entry = registry::find("wawp/SendText.request").expect("registered");
    // `wagate check` prints *** in its place.
    let out = check_redacted("wawp/SendText.request", &doc).expect("valid");
    assert_eq!(out["access_token"], "***");
    let read =
        (entry.read)(&serde_json::to_vec(&doc).expect("JSON"), ReadMode::Strict).expect("valid");
    assert_hidden("the read document's Debug", &format!("{:?}", read.value()));
    assert_hidden("check output", &out.to_string());
    // Invalid elsewhere, wrong-typed, misplaced, duplicated: no report quotes it.
    let mut invalid_chat = doc.clone();
    invalid_chat["chatId"] = json!("1@lid");
    let nested = json!({"instance_id": "1", "access_token": {"inner": VALUE}, "chatId": "1@c.us", "message": "hi"});
    let listed =
        json!({"instance_id": "1", "access_token": [VALUE], "chatId": "1@c.us", "message": "hi"});
    let duplicated = format!(
        r#"{{"instance_id":"1","access_token":"{VALUE}","access_token":"{VALUE}","chatId":"1@c.us","message":"hi"}}"#
    );
    let inputs = [
        serde_json::to_vec(&invalid_chat).expect("JSON"),
        serde_json::to_vec(&nested).expect("JSON"),
        serde_json::to_vec(&listed).expect("JSON"),
        duplicated.into_bytes(),
    ];
    for bytes in inputs {
        let errors = (entry.read)(&bytes, ReadMode::Strict).expect_err("invalid");
        let json = serde_json::to_string(&errors).expect("JSON");
        assert_hidden("Errors", &format!("{errors} {errors:?} {json}"));
    }
    // The builder refuses the invalid one without quoting it.
    let typed: wawp::send_text::Request = serde_json::from_value(invalid_chat).expect("typed");
    let e = build_request(&typed, &Credentials::in_body("https://api.wawp.net")).expect_err("bad");
    assert_hidden("BuildError", &format!("{e} {e:?}"));
    let secret = Secret::new(VALUE);
    assert_hidden("Secret", &format!("{secret:?} {secret} {secret:#?}"));
}

fn v1_request() -> green_api_v1::messages::Request {
    serde_json::from_value(json!({"to": "79001234567", "text": {"body": "hi"}})).expect("typed")
}

fn maytapi_request() -> maytapi::send_message::Request {
    serde_json::from_value(json!({"to_number": "905301234567", "type": "text", "message": "hi"}))
        .expect("typed")
}

#[test]
fn bearer_token_never_shows() {
    let token = BearerToken::new(VALUE);
    assert_hidden("Debug/Display", &format!("{token:?} {token} {token:#?}"));
    let creds = Credentials::bearer("https://api.green-api.com", token);
    assert_hidden("Credentials", &format!("{creds:?}"));
    // The built request's Debug: the header is marked sensitive.
    let built = build_request(&v1_request(), &creds).expect("valid");
    assert_hidden("the built request", &format!("{built:?}"));
    // Build errors: a bad header value, other credentials for another method.
    let broken = Credentials::bearer(
        "https://api.green-api.com",
        BearerToken::new(format!("{VALUE}\n")),
    );
    for e in [
        build_request(&v1_request(), &broken).expect_err("not a header value"),
        build_request(&send_message(), &creds).expect_err("wrong kind"),
    ] {
        assert_hidden("BuildError", &format!("{e} {e:?}"));
    }
}

#[test]
fn api_key_never_shows() {
    let key = ApiKey::new(VALUE);
    assert_hidden("Debug/Display", &format!("{key:?} {key} {key:#?}"));
    let creds = Credentials::maytapi("https://api.maytapi.com", "p", "12", key);
    assert_hidden("Credentials", &format!("{creds:?}"));
    let built = build_request(&maytapi_request(), &creds).expect("valid");
    assert_hidden("the built request", &format!("{built:?}"));
    let broken = Credentials::maytapi(
        "https://api.maytapi.com",
        "p",
        "12",
        ApiKey::new(format!("{VALUE}\r\n")),
    );
    for e in [
        build_request(&maytapi_request(), &broken).expect_err("not a header value"),
        build_request(&v1_request(), &creds).expect_err("wrong kind"),
    ] {
        assert_hidden("BuildError", &format!("{e} {e:?}"));
    }
}

#[test]
fn webhook_token_never_shows() {
    let token = WebhookToken::new(VALUE);
    assert_hidden("Debug/Display", &format!("{token:?} {token} {token:#?}"));
    let body = br#"{"typeWebhook":"somethingNew"}"#;
    // Refused and invalid receipts: neither report names the expected token.
    let refused = receive(Some(b"Bearer nope"), body, Some(&token)).expect_err("unauthorized");
    assert!(matches!(refused, ReceiveError::Unauthorized));
    let header = format!("Bearer {VALUE}");
    // Bodies that cannot be kept: not JSON, and a duplicate key whose
    // values are the secret.
    let truncated = receive(Some(header.as_bytes()), b"[", Some(&token)).expect_err("syntax");
    assert!(matches!(truncated, ReceiveError::Unreadable(_)));
    let duplicated =
        format!(r#"{{"typeWebhook":"somethingNew","k":"{VALUE}","k":"{VALUE}"}}"#).into_bytes();
    let duplicated =
        receive(Some(header.as_bytes()), &duplicated, Some(&token)).expect_err("duplicate");
    assert!(matches!(duplicated, ReceiveError::Unreadable(_)));
    for e in [refused, truncated, duplicated] {
        assert_hidden("ReceiveError", &format!("{e} {e:?}"));
    }
    let request = http::Request::builder()
        .header(http::header::AUTHORIZATION, "Bearer nope")
        .body(body.to_vec())
        .expect("a request");
    let e = receive_http(&request, Some(&token)).expect_err("unauthorized");
    assert_hidden("ReceiveError", &format!("{e} {e:?}"));
}
