//! Webhook delivery to a local receiver: the documented Authorization
//! header, a retry after a failure on the sandbox clock, order, and each
//! notification delivered once when acknowledged.

use serde_json::{Value, json};
use wagate::bot::{WebhookToken, receive};

use crate::common::{Sandbox, assert_documented_error, assert_notification, receiver};

#[tokio::test]
async fn delivery_in_order_with_retry_and_authorization() {
    let sandbox = Sandbox::start().await;
    let (url, shared) = receiver().await;
    shared.lock().unwrap().fail = 1;
    sandbox
        .ok(
            "SetSettings",
            Some(&json!({"webhookUrl": url, "webhookUrlToken": "secret-token"})),
        )
        .await;
    let settings = sandbox.ok("GetSettings", None).await;
    assert_eq!(settings["webhookUrl"], url.as_str());

    // With a webhook, the HTTP queue answers the documented error.
    let reply = sandbox.call("ReceiveNotification", None).await;
    assert_documented_error("ReceiveNotification", &reply, 400);
    assert!(reply.text().contains(&sandbox.id.to_string()));

    let mut ids = Vec::new();
    for i in 0..3 {
        let sent = sandbox
            .ok(
                "SendMessage",
                Some(&json!({"chatId": "79001234567@c.us", "message": format!("m{i}")})),
            )
            .await;
        ids.push(sent["idMessage"].as_str().unwrap().to_owned());
    }
    // Settle without moving time: the first delivery failed, nothing else
    // was tried (order is kept by waiting at the head).
    sandbox.clock(0).await;
    {
        let receiver = shared.lock().unwrap();
        assert_eq!(receiver.seen.len(), 1);
        assert_eq!(receiver.seen[0].answered, 500);
    }
    let count = sandbox.ok("GetWebhooksCount", None).await;
    assert_eq!(count["count"], 6);

    // The retry comes a minute later on the sandbox clock; delivered and
    // read statuses fall due in the same minute and follow, in order.
    sandbox.clock(59).await;
    assert_eq!(
        shared.lock().unwrap().seen.len(),
        1,
        "no retry before a minute"
    );
    sandbox.clock(1).await;
    let seen = shared.lock().unwrap().seen.clone();
    assert_eq!(
        seen[1].body, seen[0].body,
        "the failed one is retried first"
    );
    let acknowledged: Vec<&Value> = seen
        .iter()
        .filter(|s| s.answered == 200)
        .map(|s| &s.body)
        .collect();
    assert_eq!(acknowledged.len(), 12);
    let token = WebhookToken::new("secret-token");
    for s in &seen {
        assert_notification(&s.body);
        assert_eq!(s.authorization.as_deref(), Some("Bearer secret-token"));
        let bytes = s.body.to_string();
        let auth = s.authorization.as_deref().map(str::as_bytes);
        assert!(receive(auth, bytes.as_bytes(), Some(&token)).is_ok());
    }
    // Each acknowledged notification exactly once, in production order.
    let mut expected = Vec::new();
    for id in &ids {
        expected.push((
            id.clone(),
            "outgoingAPIMessageReceived".to_owned(),
            String::new(),
        ));
        expected.push((
            id.clone(),
            "outgoingMessageStatus".to_owned(),
            "sent".to_owned(),
        ));
    }
    for status in ["delivered", "read"] {
        for id in &ids {
            expected.push((
                id.clone(),
                "outgoingMessageStatus".to_owned(),
                status.to_owned(),
            ));
        }
    }
    let got: Vec<(String, String, String)> = acknowledged
        .iter()
        .map(|b| {
            (
                b["idMessage"].as_str().unwrap().to_owned(),
                b["typeWebhook"].as_str().unwrap().to_owned(),
                b["status"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    assert_eq!(got, expected);
    let count = sandbox.ok("GetWebhooksCount", None).await;
    assert_eq!(count["count"], 0);
    let stats = sandbox
        .client
        .get(format!(
            "{}/sandbox/waInstance{}/deliveries",
            sandbox.url, sandbox.id
        ))
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    let stats: Value = serde_json::from_slice(&stats).unwrap();
    assert_eq!(stats["delivered"], 12);
    assert_eq!(stats["failed"], 1);

    // Nothing is delivered twice: more time brings nothing new.
    sandbox.clock(120).await;
    assert_eq!(shared.lock().unwrap().seen.len(), 13);
}

#[tokio::test]
async fn a_token_that_names_its_scheme_is_sent_as_set() {
    let sandbox = Sandbox::start().await;
    let (url, shared) = receiver().await;
    sandbox
        .ok(
            "SetSettings",
            Some(&json!({"webhookUrl": url, "webhookUrlToken": "Basic dXNlcjpwYXNz"})),
        )
        .await;
    sandbox
        .control(
            "incoming",
            &json!({"chatId": "79001234567@c.us", "message": "hi"}),
        )
        .await;
    sandbox.clock(1).await;
    let seen = shared.lock().unwrap().seen.clone();
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].authorization.as_deref(), Some("Basic dXNlcjpwYXNz"));
    let token = WebhookToken::new("Basic dXNlcjpwYXNz");
    let bytes = seen[0].body.to_string();
    assert!(receive(Some(b"Basic dXNlcjpwYXNz"), bytes.as_bytes(), Some(&token)).is_ok());

    // Without a token there is no Authorization header; clearing the URL
    // brings the HTTP queue back.
    sandbox
        .ok("SetSettings", Some(&json!({"webhookUrlToken": ""})))
        .await;
    sandbox
        .control(
            "incoming",
            &json!({"chatId": "79001234567@c.us", "message": "again"}),
        )
        .await;
    sandbox.clock(1).await;
    let seen = shared.lock().unwrap().seen.clone();
    assert_eq!(seen.len(), 2);
    assert_eq!(seen[1].authorization, None);
    sandbox
        .ok("SetSettings", Some(&json!({"webhookUrl": ""})))
        .await;
    sandbox
        .control(
            "incoming",
            &json!({"chatId": "79001234567@c.us", "message": "polled"}),
        )
        .await;
    let polled = sandbox.drain().await;
    assert_eq!(polled.len(), 1);
    assert_eq!(
        polled[0]["messageData"]["textMessageData"]["textMessage"],
        "polled"
    );
    assert_eq!(shared.lock().unwrap().seen.len(), 2);
}
