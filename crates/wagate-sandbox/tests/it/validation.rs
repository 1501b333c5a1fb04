//! What the server answers before a method runs: the documented status and
//! the server's own text.

use reqwest::Method;
use serde_json::json;
use wagate::green_api::errors::CATALOGUE;
use wagate::green_api::send_message::Request as SendMessage;

use crate::common::{Sandbox, assert_answer, assert_documented_error, assert_response};

/// The server's text wagate gives for the first problem of a request.
fn server_message(body: &str) -> String {
    let errors = wagate::check::<SendMessage>(body.as_bytes()).unwrap_err();
    errors
        .iter()
        .find_map(|i| i.server_message.clone())
        .expect("a documented server text")
}

fn standard(status: u16) -> &'static str {
    CATALOGUE
        .http_errors
        .iter()
        .find(|e| e.status == status)
        .unwrap()
        .text
}

#[tokio::test]
async fn invalid_requests_get_the_servers_texts() {
    let sandbox = Sandbox::start().await;
    let url = sandbox.method_url("SendMessage");
    let cases = [
        r#"{"chatId":"79001234567@c.us"}"#,
        r#"{"chatId":"79001234567@c.us","message":""}"#,
        r#"{"chatId":"79001234567@c.us","message":"hi","extra":1}"#,
        r#"{"chatId":"79001234567","message":"hi"}"#,
        r#"{"chatId":"79001234567@c.us","message":"hi","quotedMessageId":"short"}"#,
    ];
    for body in cases {
        let reply = sandbox
            .send(Method::POST, &url, Some(body.as_bytes().to_vec()))
            .await;
        assert_eq!(reply.status, 400, "{body}");
        assert_eq!(reply.text(), server_message(body), "{body}");
    }
    let expected = [
        "Validation failed. Details: 'message' is required",
        "Validation failed. Details: 'message' is not allowed to be empty",
        "Validation failed. Details: 'extra' is not allowed",
    ];
    for (body, text) in cases.iter().zip(expected) {
        assert_eq!(server_message(body), text);
    }

    // A documented method error: too long a message (20000 UTF-16 units).
    let limit = wagate::limits::green_api::SEND_MESSAGE_MESSAGE_MAX_LENGTH;
    let long = json!({"chatId": "79001234567@c.us", "message": "я".repeat(limit + 1)});
    let reply = sandbox.call("SendMessage", Some(&long)).await;
    assert_documented_error("SendMessage", &reply, 400);
    assert!(reply.text().contains("20000"));
    // 20000 Cyrillic letters (40000 bytes) are one valid message.
    let full = json!({"chatId": "79001234567@c.us", "message": "я".repeat(limit)});
    sandbox.ok("SendMessage", Some(&full)).await;

    // Not JSON: the parser's text.
    let reply = sandbox
        .send(Method::POST, &url, Some(br#"{"chatId": }"#.to_vec()))
        .await;
    assert_documented_error("SendMessage", &reply, 400);
    assert_eq!(reply.text(), "Unexpected token } in JSON at position 11");

    // A documented error of a method with state.
    let reply = sandbox
        .call(
            "GetMessage",
            Some(&json!({"chatId": "79001234567@c.us", "idMessage": "BAE5F4886F6F2D05"})),
        )
        .await;
    let row = assert_documented_error("GetMessage", &reply, 400);
    assert_eq!(row, "Message not found by id '{{idMessage}}'");
    assert_eq!(reply.text(), "Message not found by id 'BAE5F4886F6F2D05'");

    // The same for a file that was never received.
    let unknown = json!({"chatId": "79001234567@c.us", "idMessage": "BAE5F4886F6F2D05"});
    let reply = sandbox.call("DownloadFile", Some(&unknown)).await;
    let row = assert_documented_error("DownloadFile", &reply, 400);
    assert!(
        row.starts_with("File message encrypted url not found"),
        "{row}"
    );
    assert!(
        reply
            .text()
            .contains("79001234567@c.us and idMessage BAE5F4886F6F2D05")
    );
}

#[tokio::test]
async fn the_http_queue_is_refused_while_a_webhook_is_set() {
    let sandbox = Sandbox::start().await;
    let (url, _received) = crate::common::receiver().await;
    sandbox
        .ok("SetSettings", Some(&json!({"webhookUrl": url})))
        .await;
    let id = sandbox.id.to_string();
    let reply = sandbox.call("ReceiveNotification", None).await;
    let row = assert_documented_error("ReceiveNotification", &reply, 400);
    assert!(row.starts_with("Message cannot be received"), "{row}");
    assert!(reply.text().contains(&format!("instance: {id} and wait")));
    let reply = sandbox
        .send(Method::DELETE, &sandbox.delete_url(1), None)
        .await;
    let row = assert_documented_error("DeleteNotification", &reply, 400);
    assert!(row.starts_with("Message cannot be received"), "{row}");
    assert!(reply.text().contains(&format!("instance: {id} and wait")));
}

#[tokio::test]
async fn credentials_paths_and_verbs() {
    let sandbox = Sandbox::start().await;
    let url = sandbox.method_url("GetSettings");
    let wrong_token = url.replace(&sandbox.token, "wrong");
    let reply = sandbox.send(Method::GET, &wrong_token, None).await;
    assert_documented_error("GetSettings", &reply, 401);
    assert_eq!(reply.text(), standard(401));
    let unknown = url.replace(&sandbox.id.to_string(), "1101999999");
    let reply = sandbox.send(Method::GET, &unknown, None).await;
    assert_documented_error("GetSettings", &reply, 403);
    assert_eq!(reply.text(), standard(403));
    let not_a_number = url.replace(&sandbox.id.to_string(), "abc");
    let reply = sandbox.send(Method::GET, &not_a_number, None).await;
    assert_eq!(reply.status, 403);
    let no_method = url.replace("getSettings", "getEverything");
    let reply = sandbox.send(Method::GET, &no_method, None).await;
    assert_documented_error("GetSettings", &reply, 404);
    let wrong_verb = sandbox.send(Method::POST, &url, None).await;
    assert_documented_error("GetSettings", &wrong_verb, 404);
    let options = sandbox.send(Method::OPTIONS, &url, None).await;
    assert_eq!(options.status, 204);
    // The router matches method names regardless of case.
    let lower = url.replace("getSettings", "getsettings");
    let reply = sandbox.send(Method::GET, &lower, None).await;
    assert_response("GetSettings", &reply);

    // UpdateApiToken: the old token stops working, the new one works.
    let new = sandbox.ok("UpdateApiToken", None).await;
    let token = new["apiTokenInstance"].as_str().unwrap();
    let reply = sandbox.send(Method::GET, &url, None).await;
    assert_eq!(reply.status, 401);
    sandbox.clock(1).await;
    let reply = sandbox
        .send(Method::GET, &url.replace(&sandbox.token, token), None)
        .await;
    assert_response("GetSettings", &reply);
}

#[tokio::test]
async fn a_body_over_100_kb_is_too_large() {
    let sandbox = Sandbox::start().await;
    let cap = wagate::limits::green_api::MAX_JSON_BODY_BYTES;
    // Within every field limit, over the body cap: control characters escape to six bytes.
    let message = "\u{1}".repeat(20_000);
    let body = json!({"chatId": "79001234567@c.us", "message": message}).to_string();
    assert!(body.len() > cap);
    assert!(wagate::check::<SendMessage>(body.as_bytes()).is_ok());
    let url = sandbox.method_url("SendMessage");
    let reply = sandbox
        .send(Method::POST, &url, Some(body.into_bytes()))
        .await;
    assert_documented_error("SendMessage", &reply, 500);
    assert_eq!(reply.text(), "request entity too large");
    // Exactly at the cap is read (and judged on its fields).
    let padding = cap - r#"{"chatId":"79001234567@c.us","message":""}"#.len();
    let body = format!(
        r#"{{"chatId":"79001234567@c.us","message":"{}"}}"#,
        " ".repeat(padding)
    );
    assert_eq!(body.len(), cap);
    let reply = sandbox
        .send(Method::POST, &url, Some(body.into_bytes()))
        .await;
    assert_eq!(reply.status, 400, "{}", reply.text());
    assert!(reply.text().contains("'message' length must be"));
}

#[tokio::test]
async fn documented_rate_limits_answer_429_on_the_sandbox_clock() {
    let sandbox = Sandbox::start().await;
    // GetSettings: once a second.
    sandbox.ok("GetSettings", None).await;
    let reply = sandbox.call("GetSettings", None).await;
    assert_documented_error("GetSettings", &reply, 429);
    assert_eq!(reply.text(), standard(429));
    sandbox.clock(1).await;
    sandbox.ok("GetSettings", None).await;

    // SendMessage: 50 a second.
    let body = json!({"chatId": "79001234567@c.us", "message": "hi"});
    for _ in 0..50 {
        sandbox.ok("SendMessage", Some(&body)).await;
    }
    let reply = sandbox.call("SendMessage", Some(&body)).await;
    assert_eq!(reply.status, 429);
    sandbox.clock(1).await;
    sandbox.ok("SendMessage", Some(&body)).await;

    // ClearWebhooksQueue: once a minute, answered in the body.
    let cleared = sandbox.ok("ClearWebhooksQueue", None).await;
    assert_eq!(cleared["isCleared"], true);
    let reply = sandbox.call("ClearWebhooksQueue", None).await;
    assert_answer("ClearWebhooksQueue", &reply);
    let refused = reply.json();
    assert_eq!(refused["isCleared"], false);
    assert_eq!(refused["leftTime"], 60);
    sandbox.clock(60).await;
    let cleared = sandbox.ok("ClearWebhooksQueue", None).await;
    assert_eq!(cleared["isCleared"], true);
}
