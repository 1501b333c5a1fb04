//! 16 concurrent clients × 500 messages; every produced notification is
//! received exactly once: none lost, none duplicated.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use serde_json::{Value, json};
use wagate_sandbox::Config;

use crate::common::{Sandbox, assert_response, config};

const CLIENTS: usize = 16;
const PER_CLIENT: usize = 500;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_clients_lose_and_duplicate_nothing() {
    let sandbox = Arc::new(
        Sandbox::start_with(Config {
            rate_limits: false,
            ..config()
        })
        .await,
    );
    // One notification per message (outgoingAPIMessageReceived) keeps the
    // sequential receive-and-delete loop within the test time budget.
    sandbox
        .ok("SetSettings", Some(&json!({"outgoingWebhook": "no"})))
        .await;
    let mut tasks = Vec::new();
    for client in 0..CLIENTS {
        let sandbox = Arc::clone(&sandbox);
        tasks.push(tokio::spawn(async move {
            let url = sandbox.method_url("SendMessage");
            let mut ids = Vec::with_capacity(PER_CLIENT);
            for n in 0..PER_CLIENT {
                let body = json!({"chatId": format!("7900{client:07}@c.us"), "message": format!("{client}/{n}")});
                let reply = sandbox
                    .send(reqwest::Method::POST, &url, Some(body.to_string().into_bytes()))
                    .await;
                assert_response("SendMessage", &reply);
                ids.push(reply.json()["idMessage"].as_str().unwrap().to_owned());
            }
            ids
        }));
    }
    let t0 = std::time::Instant::now();
    let mut sent = HashSet::new();
    for task in tasks {
        for id in task.await.unwrap() {
            assert!(sent.insert(id), "an idMessage given twice");
        }
    }
    assert_eq!(sent.len(), CLIENTS * PER_CLIENT);
    let count = sandbox.ok("GetWebhooksCount", None).await;
    assert_eq!(count["count"], CLIENTS * PER_CLIENT);

    eprintln!("sent in {:?}", t0.elapsed());
    // Receive everything; every notification once per (message, kind).
    let received = sandbox.drain().await;
    eprintln!("drained in {:?}", t0.elapsed());
    assert_eq!(received.len(), CLIENTS * PER_CLIENT);
    let mut seen: HashMap<(String, String), usize> = HashMap::new();
    let mut texts = HashSet::new();
    // Each was checked strictly as it was received (Sandbox::drain).
    for n in &received {
        let id = n["idMessage"].as_str().unwrap().to_owned();
        assert!(sent.contains(&id));
        let kind = n["typeWebhook"].as_str().unwrap().to_owned();
        *seen.entry((id, kind)).or_default() += 1;
        if let Some(Value::String(text)) = n["messageData"]["textMessageData"].get("textMessage") {
            texts.insert(text.clone());
        }
    }
    assert_eq!(seen.len(), CLIENTS * PER_CLIENT);
    assert!(seen.values().all(|c| *c == 1));
    assert_eq!(texts.len(), CLIENTS * PER_CLIENT);
    assert!(sandbox.ok("ReceiveNotification", None).await.is_null());
}
