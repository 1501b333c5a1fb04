//! The instance settings decide which notifications are produced.

use serde_json::{Value, json};

use crate::common::Sandbox;

fn kinds(notifications: &[Value]) -> Vec<String> {
    notifications
        .iter()
        .map(|n| {
            let kind = n["typeWebhook"].as_str().unwrap_or_default();
            match n["status"].as_str() {
                Some(status) => format!("{kind}:{status}"),
                None => kind.to_owned(),
            }
        })
        .collect()
}

#[tokio::test]
async fn switches_decide_what_is_produced() {
    let sandbox = Sandbox::start().await;
    let chat = "79001234567@c.us";
    let send = json!({"chatId": chat, "message": "hi"});

    // The defaults: everything a bot needs.
    sandbox.ok("SendMessage", Some(&send)).await;
    sandbox
        .control("incoming", &json!({"chatId": chat, "message": "yo"}))
        .await;
    assert_eq!(
        kinds(&sandbox.drain().await),
        [
            "outgoingAPIMessageReceived",
            "outgoingMessageStatus:sent",
            "incomingMessageReceived"
        ]
    );

    // No API message notifications: the statuses still come.
    sandbox
        .ok(
            "SetSettings",
            Some(&json!({"outgoingAPIMessageWebhook": "no"})),
        )
        .await;
    let settings = sandbox.ok("GetSettings", None).await;
    assert_eq!(settings["outgoingAPIMessageWebhook"], "no");
    sandbox.ok("SendMessage", Some(&send)).await;
    assert_eq!(
        kinds(&sandbox.drain().await),
        ["outgoingMessageStatus:sent"]
    );

    // No statuses either, and no incoming messages.
    sandbox.clock(2).await;
    sandbox.drain().await;
    sandbox
        .ok(
            "SetSettings",
            Some(&json!({"outgoingWebhook": "no", "incomingWebhook": "no"})),
        )
        .await;
    sandbox.ok("SendMessage", Some(&send)).await;
    let injected = sandbox
        .control("incoming", &json!({"chatId": chat, "message": "unheard"}))
        .await;
    assert!(injected["receiptId"].is_null());
    sandbox.clock(2).await;
    assert_eq!(kinds(&sandbox.drain().await), Vec::<String>::new());
    // The messages are still journaled.
    let incoming = sandbox.ok("LastIncomingMessages", None).await;
    assert_eq!(incoming[0]["textMessage"], "unheard");

    // State notifications follow stateWebhook.
    sandbox.clock(1).await;
    sandbox
        .ok("SetSettings", Some(&json!({"stateWebhook": "no"})))
        .await;
    sandbox.ok("Logout", None).await;
    assert_eq!(kinds(&sandbox.drain().await), Vec::<String>::new());
    sandbox.clock(1).await;
    sandbox
        .ok("SetSettings", Some(&json!({"stateWebhook": "yes"})))
        .await;
    sandbox
        .control("state", &json!({"stateInstance": "authorized"}))
        .await;
    assert_eq!(kinds(&sandbox.drain().await), ["stateInstanceChanged"]);
}

#[tokio::test]
async fn a_send_interval_queues_messages_on_the_clock() {
    let sandbox = Sandbox::start().await;
    sandbox
        .ok(
            "SetSettings",
            Some(&json!({"delaySendMessagesMilliseconds": 5000, "outgoingWebhook": "no"})),
        )
        .await;
    let mut ids = Vec::new();
    for i in 0..3 {
        let body = json!({"chatId": "79001234567@c.us", "message": format!("q{i}")});
        ids.push(sandbox.ok("SendMessage", Some(&body)).await["idMessage"].clone());
    }
    // The first leaves at once, the others wait for the interval.
    let queue = sandbox.ok("ShowMessagesQueue", None).await;
    assert_eq!(queue.as_array().unwrap().len(), 2);
    assert_eq!(queue[0]["messageID"], ids[1]);
    assert_eq!(queue[0]["body"]["message"], "q1");
    let count = sandbox.ok("GetMessagesCount", None).await;
    assert_eq!(count["count"], 2);
    assert_eq!(sandbox.drain().await.len(), 1);
    sandbox.clock(5).await;
    let sent = sandbox.drain().await;
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0]["idMessage"], ids[1]);
    let cleared = sandbox.ok("ClearMessagesQueue", None).await;
    assert_eq!(cleared["isCleared"], true);
    sandbox.clock(10).await;
    assert_eq!(sandbox.drain().await.len(), 0);
    let last = sandbox.ok("LastOutgoingMessages", None).await;
    assert_eq!(last.as_array().unwrap().len(), 2);
}
