//! A bot's round trip through the HTTP queue.

use serde_json::{Value, json};
use wagate::bot::{MessageView as _, receive};

use crate::common::{Sandbox, assert_response};

fn kind(n: &Value) -> &str {
    n["typeWebhook"].as_str().unwrap_or_default()
}

#[tokio::test]
async fn incoming_message_reply_statuses_and_journals() {
    let sandbox = Sandbox::start().await;
    let chat = "79001234567@c.us";

    // Someone writes to the bot.
    let injected = sandbox
        .control(
            "incoming",
            &json!({"chatId": chat, "message": "Привет 👋", "senderName": "Ivan"}),
        )
        .await;
    let incoming_id = injected["idMessage"].as_str().unwrap().to_owned();

    // The bot polls: the message comes back until it is deleted.
    let first = sandbox.ok("ReceiveNotification", None).await;
    let again = sandbox.ok("ReceiveNotification", None).await;
    assert_eq!(
        first["receiptId"], again["receiptId"],
        "an undeleted item comes back"
    );
    let notification = receive(None, first["body"].to_string().as_bytes(), None).unwrap();
    assert!(notification.conforms());
    assert_eq!(notification.text(), Some("Привет 👋"));
    assert_eq!(notification.chat_id().map(|c| c.as_str()), Some(chat));
    assert_eq!(
        notification.message_id().map(|m| m.as_str()),
        Some(incoming_id.as_str())
    );
    let receipt = first["receiptId"].as_u64().unwrap();
    let reply = sandbox
        .send(reqwest::Method::DELETE, &sandbox.delete_url(receipt), None)
        .await;
    assert_response("DeleteNotification", &reply);
    assert_eq!(reply.json()["result"], true);
    // A second delete of the same receipt deletes nothing.
    let reply = sandbox
        .send(reqwest::Method::DELETE, &sandbox.delete_url(receipt), None)
        .await;
    assert_response("DeleteNotification", &reply);
    assert_eq!(reply.json()["result"], false);

    // The bot answers.
    let sent = sandbox
        .ok(
            "SendMessage",
            Some(
                &json!({"chatId": chat, "message": "Hello, Ivan", "quotedMessageId": incoming_id}),
            ),
        )
        .await;
    let id = sent["idMessage"].as_str().unwrap().to_owned();
    assert!(id.len() >= wagate::limits::green_api::MESSAGE_ID_MIN_LENGTH);

    let outgoing = sandbox.drain().await;
    let kinds: Vec<&str> = outgoing.iter().map(kind).collect();
    assert_eq!(
        kinds,
        ["outgoingAPIMessageReceived", "outgoingMessageStatus"]
    );
    assert!(outgoing.iter().all(|n| n["idMessage"] == id.as_str()));
    assert_eq!(outgoing[1]["status"], "sent");
    let api_message = receive(None, outgoing[0].to_string().as_bytes(), None).unwrap();
    assert_eq!(api_message.text(), Some("Hello, Ivan"));

    // Delivery and reading come with the clock, one step each.
    assert_eq!(sandbox.drain().await.len(), 0);
    sandbox.clock(1).await;
    let delivered = sandbox.drain().await;
    assert_eq!(delivered.len(), 1);
    assert_eq!(delivered[0]["status"], "delivered");
    sandbox.clock(1).await;
    let read = sandbox.drain().await;
    assert_eq!(read.len(), 1);
    assert_eq!(read[0]["status"], "read");
    assert!(sandbox.ok("ReceiveNotification", None).await.is_null());

    // The journals know both messages.
    let last = sandbox.ok("LastOutgoingMessages", None).await;
    assert_eq!(last[0]["idMessage"], id.as_str());
    assert_eq!(last[0]["statusMessage"], "read");
    let message = sandbox
        .ok(
            "GetMessage",
            Some(&json!({"chatId": chat, "idMessage": id})),
        )
        .await;
    assert_eq!(message["textMessage"], "Hello, Ivan");
    let history = sandbox
        .ok(
            "GetChatHistory",
            Some(&json!({"chatId": chat, "count": 10})),
        )
        .await;
    let ids: Vec<&str> = history
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["idMessage"].as_str().unwrap())
        .collect();
    assert_eq!(ids, [id.as_str(), incoming_id.as_str()]);
    let incoming = sandbox.ok("LastIncomingMessages", None).await;
    assert_eq!(incoming[0]["textMessage"], "Привет 👋");
    let count = sandbox.ok("GetWebhooksCount", None).await;
    assert_eq!(count["count"], 0);
    sandbox.running.stop().await.unwrap();
}

#[tokio::test]
async fn state_changes_and_calls_are_notified() {
    let sandbox = Sandbox::start().await;
    sandbox
        .control("state", &json!({"stateInstance": "notAuthorized"}))
        .await;
    let state = sandbox.ok("GetStateInstance", None).await;
    assert_eq!(state["stateInstance"], "notAuthorized");
    // Sending needs an authorized instance.
    let reply = sandbox
        .call(
            "SendMessage",
            Some(&json!({"chatId": "79001234567@c.us", "message": "hi"})),
        )
        .await;
    crate::common::assert_documented_error("SendMessage", &reply, 400);
    let qr = sandbox.ok("QR", None).await;
    assert_eq!(qr["type"], "qrCode");
    sandbox
        .control("state", &json!({"stateInstance": "authorized"}))
        .await;
    sandbox
        .control(
            "call",
            &json!({"from": "79001234567@c.us", "status": "pickUp"}),
        )
        .await;
    let seen = sandbox.drain().await;
    let summary: Vec<(String, String)> = seen
        .iter()
        .map(|n| {
            let detail = n["stateInstance"].as_str().or(n["status"].as_str());
            (kind(n).to_owned(), detail.unwrap_or_default().to_owned())
        })
        .collect();
    let expected = [
        ("stateInstanceChanged", "notAuthorized"),
        ("stateInstanceChanged", "authorized"),
        ("incomingCall", "offer"),
        ("incomingCall", "pickUp"),
    ];
    assert_eq!(summary, expected.map(|(a, b)| (a.to_owned(), b.to_owned())));
    let history = sandbox.ok("GetStateInstanceHistory", None).await;
    assert_eq!(history[0]["stateInstance"], "authorized");
    assert_eq!(history[1]["stateInstance"], "notAuthorized");
    let calls = sandbox.ok("LastIncomingCalls", None).await;
    assert_eq!(calls[0]["chatId"], "79001234567@c.us");
}

#[tokio::test]
async fn any_notification_can_be_injected_and_is_checked() {
    let sandbox = Sandbox::start().await;
    // instanceData is filled in.
    let injected = sandbox
        .control(
            "notifications",
            &json!({
                "typeWebhook": "statusInstanceChanged",
                "timestamp": 1586700690,
                "statusInstance": "online",
            }),
        )
        .await;
    assert_eq!(injected["receiptId"], 1);
    let seen = sandbox.drain().await;
    assert_eq!(seen[0]["instanceData"]["idInstance"], crate::common::ID);
    // A body that is not a documented notification is refused with wagate's errors.
    let response = sandbox
        .client
        .post(format!(
            "{}/sandbox/waInstance{}/notifications",
            sandbox.url, sandbox.id
        ))
        .body(r#"{"typeWebhook":"outgoingMessageStatus","timestamp":"soon"}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
    let errors: Value = serde_json::from_slice(&response.bytes().await.unwrap()).unwrap();
    assert!(!errors["errors"].as_array().unwrap().is_empty());
    assert!(sandbox.ok("ReceiveNotification", None).await.is_null());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_the_real_time_clock_receive_waits_for_a_notification() {
    let sandbox = std::sync::Arc::new(
        Sandbox::start_with(wagate_sandbox::Config {
            realtime: true,
            ..crate::common::config()
        })
        .await,
    );
    let url = format!(
        "{}?receiveTimeout=60",
        sandbox.method_url("ReceiveNotification")
    );
    let poller = {
        let sandbox = std::sync::Arc::clone(&sandbox);
        tokio::spawn(async move { sandbox.send(reqwest::Method::GET, &url, None).await })
    };
    sandbox
        .control(
            "incoming",
            &json!({"chatId": "79001234567@c.us", "message": "wake up"}),
        )
        .await;
    // The poll ends when the message arrives, long before its 60 seconds.
    let reply = poller.await.unwrap();
    assert_response("ReceiveNotification", &reply);
    assert_eq!(
        reply.json()["body"]["messageData"]["textMessageData"]["textMessage"],
        "wake up"
    );
}
