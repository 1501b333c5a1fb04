//! Hostile bodies are answered with errors, never a crash.

use reqwest::Method;
use serde_json::json;

use crate::common::{Sandbox, assert_response};

#[tokio::test]
async fn hostile_bodies_get_errors_and_the_server_lives_on() {
    let sandbox = Sandbox::start().await;
    let url = sandbox.method_url("SendMessage");
    let deep = format!(
        r#"{{"chatId":"79001234567@c.us","message":{}1{}}}"#,
        "[".repeat(40_000),
        "]".repeat(40_000)
    );
    let mut invalid_utf8 = br#"{"chatId":"79001234567@c.us","message":""#.to_vec();
    invalid_utf8.extend_from_slice(&[0xff, 0xfe, 0xc3]);
    invalid_utf8.extend_from_slice(br#""}"#);
    let cases: Vec<(&str, Vec<u8>, u16)> = vec![
        (
            "truncated",
            br#"{"chatId":"79001234567@c.us","mess"#.to_vec(),
            400,
        ),
        ("huge", vec![b' '; 8 * 1024 * 1024], 500),
        (
            "huge JSON",
            format!(r#"{{"chatId":"{}"}}"#, "1".repeat(3_000_000)).into_bytes(),
            500,
        ),
        ("deep", deep.into_bytes(), 400),
        ("deep small", "[".repeat(5_000).into_bytes(), 400),
        ("invalid UTF-8", invalid_utf8, 400),
        ("a BOM", b"\xEF\xBB\xBF{}".to_vec(), 400),
        (
            "trailing bytes",
            br#"{"chatId":"79001234567@c.us","message":"hi"} x"#.to_vec(),
            400,
        ),
        ("an array", b"[1,2,3]".to_vec(), 400),
        ("a string", b"\"hello\"".to_vec(), 400),
        ("NUL bytes", vec![0; 1000], 400),
        (
            "a duplicate key",
            br#"{"chatId":"79001234567@c.us","message":"a","message":"b"}"#.to_vec(),
            400,
        ),
        (
            "a huge number",
            br#"{"chatId":"79001234567@c.us","message":"hi","typingTime":1e999999}"#.to_vec(),
            400,
        ),
    ];
    for (name, body, status) in cases {
        let reply = sandbox.send(Method::POST, &url, Some(body)).await;
        assert_eq!(reply.status, status, "{name}: {}", reply.text());
        assert!(!reply.text().is_empty(), "{name}: an error text");
        assert!(reply.content_type.starts_with("text/plain"), "{name}");
    }
    // Hostile multipart, raw uploads and control bodies.
    let upload = sandbox.method_url("SendFileByUpload");
    let reply = sandbox
        .client
        .post(&upload)
        .header("content-type", "multipart/form-data; boundary=x")
        .body("--x\r\nContent-Disposition: form-data; name=\"chatId\"\r\n\r\n7900")
        .send()
        .await
        .unwrap();
    assert_eq!(reply.status(), 400);
    let reply = sandbox
        .client
        .post(&upload)
        .header("content-type", "text/plain")
        .body("not a form")
        .send()
        .await
        .unwrap();
    assert_eq!(reply.status(), 400);
    let control = format!("{}/sandbox/waInstance{}/incoming", sandbox.url, sandbox.id);
    for body in [&b"{"[..], b"[]", b"\xff", &[b'['; 100_000][..]] {
        let reply = sandbox
            .client
            .post(&control)
            .body(body.to_vec())
            .send()
            .await
            .unwrap();
        assert_eq!(reply.status(), 400);
    }
    for body in [
        r#"{"chatId":42,"message":"hi"}"#,
        r#"{"chatId":"not a chat","message":"hi"}"#,
        r#"{"chatId":"79001234567@c.us","sender":"nobody","message":"hi"}"#,
    ] {
        let reply = sandbox
            .client
            .post(&control)
            .body(body)
            .send()
            .await
            .unwrap();
        assert_eq!(reply.status(), 400, "{body}");
    }
    // Still serving, with nothing queued by any of it.
    let reply = sandbox.call("GetStateInstance", None).await;
    assert_response("GetStateInstance", &reply);
    sandbox.clock(1).await;
    let sent = sandbox
        .ok(
            "SendMessage",
            Some(&json!({"chatId": "79001234567@c.us", "message": "still here"})),
        )
        .await;
    assert!(sent["idMessage"].is_string());
    assert_eq!(sandbox.drain().await.len(), 2);
}
