//! Scenario control under `/sandbox/`: what the other side of WhatsApp
//! does (incoming messages and calls, state changes, any notification),
//! and the clock.

use std::sync::Arc;
use std::sync::atomic::Ordering;

use axum::extract::Request;
use axum::http::Method;
use axum::response::Response;
use http_body_util::BodyExt as _;
use serde_json::{Value, json};
use wagate::ReadMode;

use crate::App;
use crate::api::text_response;
use crate::state::Instance;

/// The largest control body.
const MAX_CONTROL_BODY: usize = 1024 * 1024;

fn answer(status: u16, value: &Value) -> Response {
    text_response(status, "application/json", value.to_string())
}

fn problem(status: u16, message: &str) -> Response {
    answer(
        status,
        &json!({"errors": [{"path": "", "message": message}]}),
    )
}

/// Processes what is due on every instance and delivers every webhook that
/// can be delivered now; returns when that is done.
pub(crate) async fn settle(app: &Arc<App>) {
    let now = app.clock.now_ms();
    for instance in app.instances.values() {
        let mut state = instance.lock();
        crate::methods::process_due(app, instance, &mut state, now);
        instance.arrived.notify_waiters();
    }
    for instance in app.instances.values() {
        crate::delivery::deliver(app, instance).await;
    }
}

/// Queues a notification the server produced (or delivers it, with a webhook).
fn enqueue(instance: &Instance, body: &Value, by_settings: bool) -> Option<u64> {
    let mut state = instance.lock();
    if by_settings {
        state.notify(body.clone())
    } else {
        Some(state.push(body))
    }
}

/// Checks a notification strictly as `green-api/webhook`: the refusal, if any.
fn refuse_notification(body: &Value) -> Option<Response> {
    let bytes = body.to_string();
    let Some(entry) = wagate::registry::find("green-api/webhook") else {
        return Some(problem(500, "the green-api/webhook TYPE is missing"));
    };
    match (entry.read)(bytes.as_bytes(), ReadMode::Strict) {
        Ok(_) => None,
        Err(errors) => Some(answer(
            400,
            &serde_json::to_value(&errors).unwrap_or(Value::Null),
        )),
    }
}

/// A 400 for the first chat id that has none of the documented shapes.
fn refuse_chat_ids(ids: &[&str]) -> Option<Response> {
    ids.iter()
        .find(|id| wagate::ids::ChatId::parse_strict(id).is_err())
        .map(|id| problem(400, &format!("`{id}` is not a chat id")))
}

fn field<'a>(body: &'a Value, key: &str) -> Option<&'a str> {
    body.get(key).and_then(Value::as_str)
}

pub(crate) async fn handle(app: Arc<App>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let path = parts.uri.path().to_owned();
    let Some(rest) = path.strip_prefix("/sandbox/waInstance") else {
        return problem(404, "no such sandbox route; see the README");
    };
    let (id, action) = rest.split_once('/').unwrap_or((rest, ""));
    let Some(instance) = id.parse::<u64>().ok().and_then(|id| app.instances.get(&id)) else {
        return problem(404, "no such instance");
    };
    let instance = Arc::clone(instance);
    let bytes = match http_body_util::Limited::new(body, MAX_CONTROL_BODY)
        .collect()
        .await
    {
        Ok(collected) => collected.to_bytes(),
        Err(_) => return problem(413, "the body is larger than 1 MiB"),
    };
    let body: Value = if bytes.iter().all(u8::is_ascii_whitespace) {
        json!({})
    } else {
        match serde_json::from_slice(&bytes) {
            Ok(value @ Value::Object(_)) => value,
            _ => return problem(400, "the body must be a JSON object"),
        }
    };
    let now = app.clock.now_ms();
    let response = match (&parts.method, action) {
        (&Method::POST, "notifications") => {
            let mut body = body;
            if let Value::Object(fields) = &mut body
                && !fields.contains_key("instanceData")
            {
                fields.insert("instanceData".into(), instance.instance_data());
            }
            if let Some(response) = refuse_notification(&body) {
                return response;
            }
            let receipt_id = enqueue(&instance, &body, false);
            answer(200, &json!({"receiptId": receipt_id}))
        }
        (&Method::POST, "incoming") => incoming(&instance, &body, now),
        (&Method::POST, "call") => call(&instance, &body, now),
        (&Method::POST, "state") => {
            let Some(state) = field(&body, "stateInstance") else {
                return problem(400, "stateInstance is required");
            };
            let notification = json!({
                "typeWebhook": "stateInstanceChanged",
                "instanceData": instance.instance_data(),
                "timestamp": now / 1000,
                "stateInstance": state,
            });
            if let Some(response) = refuse_notification(&notification) {
                return response;
            }
            instance.lock().set_state(state, now, &instance);
            answer(200, &json!({"stateInstance": state}))
        }
        (&Method::POST, "clock") => {
            let ms = body
                .get("milliseconds")
                .and_then(Value::as_i64)
                .or_else(|| {
                    body.get("seconds")
                        .and_then(Value::as_i64)
                        .map(|s| s.saturating_mul(1000))
                })
                .unwrap_or(0);
            if ms < 0 {
                return problem(400, "the clock only moves forward");
            }
            app.clock.advance(ms);
            settle(&app).await;
            let now = app.clock.now_ms();
            return answer(200, &json!({"now": now, "timestamp": now / 1000}));
        }
        (&Method::GET, "clock") => {
            return answer(200, &json!({"now": now, "timestamp": now / 1000}));
        }
        (&Method::GET, "deliveries") => {
            let state = instance.lock();
            return answer(
                200,
                &json!({
                    "queued": state.queue.len(),
                    "attempts": state.deliveries.attempts,
                    "delivered": state.deliveries.delivered,
                    "failed": state.deliveries.failed,
                    "retryAt": state.retry_at_ms,
                }),
            );
        }
        (&Method::POST, "rate-limits") => {
            let enabled = body.get("enabled").and_then(Value::as_bool).unwrap_or(true);
            app.rate_limits.store(enabled, Ordering::Relaxed);
            return answer(200, &json!({"enabled": enabled}));
        }
        _ => return problem(404, "no such sandbox route; see the README"),
    };
    crate::delivery::kick(&app, &instance);
    response
}

/// An incoming text message from `chatId` (and `sender`, in a group).
fn incoming(instance: &Instance, body: &Value, now: i64) -> Response {
    let Some(chat_id) = field(body, "chatId") else {
        return problem(400, "chatId is required");
    };
    let message = field(body, "message").or_else(|| field(body, "text"));
    let Some(message) = message else {
        return problem(400, "message is required");
    };
    let sender = field(body, "sender").unwrap_or(chat_id);
    // Strict reading keeps any received chat id; the server only ever
    // produces well-formed ones.
    if let Some(response) = refuse_chat_ids(&[chat_id, sender]) {
        return response;
    }
    let sender_name = field(body, "senderName").unwrap_or("");
    let mut state = instance.lock();
    let id_message = field(body, "idMessage")
        .map(str::to_owned)
        .unwrap_or_else(|| state.new_id("3EB0"));
    let chat_name = field(body, "chatName").unwrap_or(sender_name);
    let notification = json!({
        "typeWebhook": "incomingMessageReceived",
        "instanceData": instance.instance_data(),
        "timestamp": now / 1000,
        "idMessage": id_message,
        "senderData": {
            "chatId": chat_id,
            "chatName": chat_name,
            "sender": sender,
            "senderName": sender_name,
            "senderContactName": "",
        },
        "messageData": {
            "typeMessage": "textMessage",
            "textMessageData": {"textMessage": message},
        },
    });
    if let Some(response) = refuse_notification(&notification) {
        return response;
    }
    state.record(json!({
        "type": "incoming",
        "idMessage": id_message,
        "timestamp": now / 1000,
        "typeMessage": "textMessage",
        "chatId": chat_id,
        "textMessage": message,
        "senderId": sender,
        "senderName": sender_name,
        "senderContactName": "",
    }));
    let chat = state.chat(chat_id);
    if chat.name.is_empty() {
        chat.name = chat_name.to_owned();
    }
    let receipt_id = state.notify(notification);
    answer(
        200,
        &json!({"idMessage": id_message, "receiptId": receipt_id}),
    )
}

/// An incoming call from `from`: `offer`, then its outcome (`status`,
/// default `hangUp`).
fn call(instance: &Instance, body: &Value, now: i64) -> Response {
    let Some(from) = field(body, "from") else {
        return problem(400, "from is required");
    };
    if let Some(response) = refuse_chat_ids(&[from]) {
        return response;
    }
    let outcome = field(body, "status").unwrap_or("hangUp");
    let is_video = body
        .get("isVideo")
        .and_then(Value::as_bool)
        .unwrap_or(false);
    let mut state = instance.lock();
    let id_message = state.new_id("CA11");
    let notifications: Vec<Value> = ["offer", outcome]
        .iter()
        .map(|status| {
            json!({
                "from": from,
                "typeWebhook": "incomingCall",
                "instanceData": instance.instance_data(),
                "status": status,
                "timestamp": now / 1000,
                "idMessage": id_message,
            })
        })
        .collect();
    for notification in &notifications {
        if let Some(response) = refuse_notification(notification) {
            return response;
        }
    }
    let receipts: Vec<Option<u64>> = notifications.into_iter().map(|n| state.notify(n)).collect();
    state.incoming_calls.push(json!({
        "type": "incoming",
        "idMessage": id_message,
        "timestamp": now / 1000,
        "typeMessage": "incomingCall",
        "chatId": from,
        "isVideo": is_video,
    }));
    answer(
        200,
        &json!({"idMessage": id_message, "receiptIds": receipts}),
    )
}
