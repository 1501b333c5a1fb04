//! What each method does to the instance's state and answers. Requests
//! arrive already checked by wagate, so every documented field has its
//! documented type here. Methods whose answer does not follow from the
//! state answer their documented example.

use std::sync::Arc;

use serde_json::{Value, json};
use wagate::endpoint::EndpointMeta;

use crate::App;
use crate::api::{Answer, Upload, documented, needs_authorization, standard};
use crate::state::{Event, Group, Instance, Pending, State};

fn text<'a>(request: &'a Value, key: &str) -> &'a str {
    request.get(key).and_then(Value::as_str).unwrap_or("")
}

fn opt_text<'a>(request: &'a Value, key: &str) -> Option<&'a str> {
    request.get(key).and_then(Value::as_str)
}

fn int(request: &Value, key: &str) -> Option<i64> {
    request.get(key).and_then(Value::as_i64)
}

/// `typeMessage` and MIME type of a file, by its extension.
fn file_kind(file_name: &str) -> (&'static str, &'static str) {
    let extension = file_name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match extension.as_str() {
        "jpg" | "jpeg" => ("imageMessage", "image/jpeg"),
        "png" => ("imageMessage", "image/png"),
        "gif" => ("imageMessage", "image/gif"),
        "webp" => ("imageMessage", "image/webp"),
        "mp4" => ("videoMessage", "video/mp4"),
        "mov" => ("videoMessage", "video/quicktime"),
        "mp3" => ("audioMessage", "audio/mpeg"),
        "ogg" | "opus" => ("audioMessage", "audio/ogg"),
        "wav" => ("audioMessage", "audio/wav"),
        "m4a" => ("audioMessage", "audio/mp4"),
        "pdf" => ("documentMessage", "application/pdf"),
        "txt" => ("documentMessage", "text/plain"),
        _ => ("documentMessage", "application/octet-stream"),
    }
}

/// Everything that falls due by `now`: messages leaving the send queue
/// (one per `delaySendMessagesMilliseconds`) and status changes, in time order.
pub(crate) fn process_due(app: &App, instance: &Instance, state: &mut State, now: i64) {
    loop {
        let send_due = state
            .send_queue
            .front()
            .map(|p| p.enqueued_ms.max(state.next_send_ms));
        let event_due = state.scheduled.keys().next().map(|(t, _)| *t);
        match (send_due, event_due) {
            (_, Some(t)) if t <= now && send_due.is_none_or(|s| t <= s) => {
                let Some((_, event)) = state.scheduled.pop_first() else {
                    return;
                };
                apply(instance, state, t, event);
            }
            (Some(t), _) if t <= now => {
                let Some(pending) = state.send_queue.pop_front() else {
                    return;
                };
                transmit(app, instance, state, t, pending);
                let delay = state
                    .settings
                    .get("delaySendMessagesMilliseconds")
                    .and_then(Value::as_i64)
                    .unwrap_or(0);
                state.next_send_ms = t.saturating_add(delay);
            }
            _ => return,
        }
    }
}

fn apply(instance: &Instance, state: &mut State, at_ms: i64, event: Event) {
    match event {
        Event::Status {
            id_message,
            chat_id,
            status,
        } => {
            if let Some(Value::Object(record)) = state.message_mut(&id_message) {
                record.insert("statusMessage".into(), json!(status));
            }
            state.notify(json!({
                "typeWebhook": "outgoingMessageStatus",
                "chatId": chat_id,
                "instanceData": instance.instance_data(),
                "timestamp": at_ms / 1000,
                "idMessage": id_message,
                "status": status,
                "sendByApi": true,
            }));
        }
    }
}

/// A message leaves the send queue: it is journaled as sent, announced,
/// and its delivery and reading are scheduled.
fn transmit(app: &App, instance: &Instance, state: &mut State, at_ms: i64, pending: Pending) {
    let Pending {
        id_message,
        mut record,
        message_data,
        chat_id,
        ..
    } = pending;
    if let Value::Object(fields) = &mut record {
        fields.insert("type".into(), json!("outgoing"));
        fields.insert("idMessage".into(), json!(id_message));
        fields.insert("timestamp".into(), json!(at_ms / 1000));
        fields.insert("chatId".into(), json!(chat_id));
        fields.insert("statusMessage".into(), json!("sent"));
        fields.insert("sendByApi".into(), json!(true));
    }
    state.record(record);
    let chat_name = state.chat(&chat_id).name.clone();
    state.notify(json!({
        "typeWebhook": "outgoingAPIMessageReceived",
        "instanceData": instance.instance_data(),
        "timestamp": at_ms / 1000,
        "idMessage": id_message,
        "senderData": {
            "chatId": chat_id,
            "chatName": chat_name,
            "sender": instance.wid,
            "senderName": "",
        },
        "messageData": message_data,
    }));
    let delivered = at_ms.saturating_add(app.config.delivered_after_ms);
    let read = delivered.saturating_add(app.config.read_after_ms);
    apply(
        instance,
        state,
        at_ms,
        Event::Status {
            id_message: id_message.clone(),
            chat_id: chat_id.clone(),
            status: "sent",
        },
    );
    state.schedule(
        delivered,
        Event::Status {
            id_message: id_message.clone(),
            chat_id: chat_id.clone(),
            status: "delivered",
        },
    );
    state.schedule(
        read,
        Event::Status {
            id_message,
            chat_id,
            status: "read",
        },
    );
}

/// Puts a message in the send queue and sends what is due; returns its id.
fn send(
    app: &App,
    instance: &Instance,
    state: &mut State,
    now: i64,
    kind: &str,
    request: &Value,
    (record, message_data): (Value, Value),
) -> String {
    let id_message = state.new_id("BAE5");
    let chat_id = text(request, "chatId").to_owned();
    state.chat(&chat_id);
    state.send_queue.push_back(Pending {
        id_message: id_message.clone(),
        kind: kind.to_owned(),
        request: request.clone(),
        record,
        message_data,
        chat_id,
        enqueued_ms: now,
    });
    process_due(app, instance, state, now);
    id_message
}

/// The journal record and notification data of a file message.
fn file_message(download_url: &str, file_name: &str, caption: Option<&str>) -> (Value, Value) {
    let (type_message, mime_type) = file_kind(file_name);
    let caption = caption.unwrap_or("");
    (
        json!({
            "typeMessage": type_message,
            "downloadUrl": download_url,
            "caption": caption,
            "fileName": file_name,
            "jpegThumbnail": "",
            "mimeType": mime_type,
        }),
        json!({
            "typeMessage": type_message,
            "fileMessageData": {
                "downloadUrl": download_url,
                "caption": caption,
                "fileName": file_name,
                "jpegThumbnail": "",
                "mimeType": mime_type,
                "isForwarded": false,
                "forwardingScore": 0,
            },
        }),
    )
}

/// Journal records of the chat (or all chats), newest first.
fn newest_first<'a>(records: impl DoubleEndedIterator<Item = &'a Value>) -> Vec<Value> {
    records.rev().cloned().collect()
}

fn since(records: &[Value], kind: &str, from_s: i64) -> Vec<Value> {
    newest_first(records.iter().filter(|r| {
        r.get("type").and_then(Value::as_str) == Some(kind)
            && r.get("timestamp").and_then(Value::as_i64).unwrap_or(0) >= from_s
    }))
}

fn group_data(id: &str, group: &Group) -> Value {
    json!({
        "groupId": id,
        "owner": group.owner,
        "subject": group.subject,
        "creation": group.creation,
        "participants": group.participants.iter().map(|(p, admin, super_admin)| json!({
            "id": p, "isAdmin": admin, "isSuperAdmin": super_admin,
        })).collect::<Vec<_>>(),
        "subjectTime": group.subject_time,
        "subjectOwner": group.owner,
        "groupInviteLink": group.invite_link,
    })
}

/// A 1×1 PNG, the sandbox's QR code.
const QR_PNG_BASE64: &str =
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGNgAAAAAgABSK+kcQAAAABJRU5ErkJggg==";

/// Runs a checked request of method `meta` against the instance.
pub(crate) fn call(
    app: &Arc<App>,
    instance: &Arc<Instance>,
    meta: &'static EndpointMeta,
    request: &Value,
    upload: Option<Upload>,
) -> Answer {
    let now = app.clock.now_ms();
    let now_s = now / 1000;
    let mut guard = instance.lock();
    let state = &mut *guard;
    process_due(app, instance, state, now);
    if needs_authorization(meta) && state.state_instance != "authorized" {
        return Answer::Error(400, standard(400, "not authorized"));
    }
    let chat_id = text(request, "chatId").to_owned();
    let ok = |key: &str| {
        let mut map = serde_json::Map::new();
        map.insert(key.to_owned(), Value::Bool(true));
        Answer::Json(Value::Object(map))
    };
    match meta.name {
        "SendMessage" => {
            let message = text(request, "message");
            let record = json!({"typeMessage": "textMessage", "textMessage": message});
            let data =
                json!({"typeMessage": "textMessage", "textMessageData": {"textMessage": message}});
            let id = send(
                app,
                instance,
                state,
                now,
                "sendMessage",
                request,
                (record, data),
            );
            Answer::Text(format!("{{\"idMessage\":\"{id}\"}}"))
        }
        "SendFileByUrl" => {
            let (record, data) = file_message(
                text(request, "urlFile"),
                text(request, "fileName"),
                opt_text(request, "caption"),
            );
            let id = send(
                app,
                instance,
                state,
                now,
                "sendFileByUrl",
                request,
                (record, data),
            );
            Answer::Json(json!({"idMessage": id}))
        }
        "SendFileByUpload" => {
            let Some(upload) = upload else {
                return Answer::Error(400, standard(400, "Validation failed"));
            };
            let file_name = opt_text(request, "fileName")
                .unwrap_or(&upload.file_name)
                .to_owned();
            let path = app
                .files
                .store(instance.id, &file_name, &upload.content_type, upload.bytes);
            let url = format!("{}{path}", app.base_url);
            let (record, data) = file_message(&url, &file_name, opt_text(request, "caption"));
            let id = send(
                app,
                instance,
                state,
                now,
                "sendFileByUpload",
                request,
                (record, data),
            );
            Answer::Json(json!({"idMessage": id, "urlFile": url}))
        }
        "SendLocation" => {
            let location = json!({
                "nameLocation": text(request, "nameLocation"),
                "address": text(request, "address"),
                "latitude": request.get("latitude"),
                "longitude": request.get("longitude"),
                "jpegThumbnail": "",
            });
            let record = json!({"typeMessage": "locationMessage", "location": location});
            let mut data_location = location;
            if let Value::Object(fields) = &mut data_location {
                fields.insert("isForwarded".into(), json!(false));
                fields.insert("forwardingScore".into(), json!(0));
            }
            let data =
                json!({"typeMessage": "locationMessage", "locationMessageData": data_location});
            let id = send(
                app,
                instance,
                state,
                now,
                "sendLocation",
                request,
                (record, data),
            );
            Answer::Json(json!({"idMessage": id}))
        }
        "SendContact" => {
            let contact = request.get("contact").cloned().unwrap_or(Value::Null);
            let first = text(&contact, "firstName");
            let last = text(&contact, "lastName");
            let display = format!("{first} {last}").trim().to_owned();
            let phone = contact
                .get("phoneContact")
                .map(|p| match p {
                    Value::String(s) => s.clone(),
                    other => other.to_string(),
                })
                .unwrap_or_default();
            let vcard = format!(
                "BEGIN:VCARD\nVERSION:3.0\nN:{last};{first};;;\nFN:{display}\nTEL;type=CELL;type=VOICE;waid={phone}:+{phone}\nEND:VCARD"
            );
            let record = json!({"typeMessage": "contactMessage", "contact": {"displayName": display, "vcard": vcard}});
            let data = json!({"typeMessage": "contactMessage", "contactMessageData": {
                "displayName": display, "vcard": vcard, "isForwarded": false, "forwardingScore": 0,
            }});
            let id = send(
                app,
                instance,
                state,
                now,
                "sendContact",
                request,
                (record, data),
            );
            Answer::Json(json!({"idMessage": id}))
        }
        "SendPoll" => {
            let poll = json!({
                "name": text(request, "message"),
                "options": request.get("options"),
                "multipleAnswers": request.get("multipleAnswers").and_then(Value::as_bool).unwrap_or(false),
            });
            let record = json!({"typeMessage": "pollMessage", "pollMessageData": poll});
            let data = json!({"typeMessage": "pollMessage", "pollMessageData": poll});
            let id = send(
                app,
                instance,
                state,
                now,
                "sendPoll",
                request,
                (record, data),
            );
            Answer::Json(json!({"idMessage": id}))
        }
        "SendInteractiveButtons" | "SendInteractiveButtonsReply" => {
            let mut buttons = request.clone();
            if let Value::Object(fields) = &mut buttons {
                fields.remove("chatId");
            }
            let kind = if meta.name == "SendInteractiveButtons" {
                "interactiveButtons"
            } else {
                "interactiveButtonsReply"
            };
            let record = json!({"typeMessage": kind, "textMessage": text(request, "body")});
            let mut data = json!({"typeMessage": kind});
            if let Value::Object(fields) = &mut data {
                fields.insert(kind.to_owned(), buttons);
            }
            let method = if meta.name == "SendInteractiveButtons" {
                "sendInteractiveButtons"
            } else {
                "sendInteractiveButtonsReply"
            };
            let id = send(app, instance, state, now, method, request, (record, data));
            Answer::Json(json!({"idMessage": id}))
        }
        "ForwardMessages" => {
            let from = text(request, "chatIdFrom");
            let mut ids = Vec::new();
            let sources: Vec<Value> = request
                .get("messages")
                .and_then(Value::as_array)
                .map(|m| {
                    m.iter()
                        .filter_map(Value::as_str)
                        .filter_map(|id| state.message(id))
                        .filter(|r| r.get("chatId").and_then(Value::as_str) == Some(from))
                        .cloned()
                        .collect()
                })
                .unwrap_or_default();
            for source in sources {
                let body = source
                    .get("textMessage")
                    .and_then(Value::as_str)
                    .unwrap_or("");
                let record = json!({"typeMessage": "textMessage", "textMessage": body, "isForwarded": true, "forwardingScore": 1});
                let data = json!({"typeMessage": "textMessage", "textMessageData": {"textMessage": body}, "isForwarded": true, "forwardingScore": 1});
                ids.push(send(
                    app,
                    instance,
                    state,
                    now,
                    "forwardMessages",
                    request,
                    (record, data),
                ));
            }
            Answer::Json(json!({"messages": ids}))
        }
        "EditMessage" => {
            let id = text(request, "idMessage").to_owned();
            if let Some(Value::Object(record)) = state.message_mut(&id) {
                record.insert("textMessage".into(), json!(text(request, "message")));
                record.insert("isEdited".into(), json!(true));
            }
            Answer::Json(json!({"idMessage": id}))
        }
        "DeleteMessage" => {
            if let Some(Value::Object(record)) = state.message_mut(text(request, "idMessage")) {
                record.insert("isDeleted".into(), json!(true));
            }
            Answer::Empty
        }
        "SendTyping" => Answer::Empty,
        "SendTextStatus" | "SendMediaStatus" | "SendVoiceStatus" => {
            let id = state.new_id("BAE5");
            let mut record = json!({
                "type": "outgoing",
                "idMessage": id,
                "timestamp": now_s,
                "chatId": instance.wid,
                "statusMessage": "sent",
                "sendByApi": true,
            });
            if let Value::Object(fields) = &mut record {
                if meta.name == "SendTextStatus" {
                    fields.insert("typeMessage".into(), json!("extendedTextMessage"));
                    fields.insert("textMessage".into(), json!(text(request, "message")));
                } else {
                    let (file, _) = file_message(
                        text(request, "urlFile"),
                        text(request, "fileName"),
                        opt_text(request, "caption"),
                    );
                    if let Value::Object(file) = file {
                        fields.extend(file);
                    }
                }
            }
            state.outgoing_statuses.push(record);
            Answer::Json(json!({"idMessage": id}))
        }
        "DeleteStatus" => {
            let id = text(request, "idMessage");
            state
                .outgoing_statuses
                .retain(|s| s.get("idMessage").and_then(Value::as_str) != Some(id));
            Answer::Empty
        }
        "GetOutgoingStatuses" | "GetIncomingStatuses" => {
            let minutes = int(request, "minutes").unwrap_or(1440);
            let from = now_s.saturating_sub(minutes.saturating_mul(60));
            let list = if meta.name == "GetOutgoingStatuses" {
                &state.outgoing_statuses
            } else {
                &state.incoming_statuses
            };
            Answer::Json(Value::Array(newest_first(list.iter().filter(|r| {
                r.get("timestamp").and_then(Value::as_i64).unwrap_or(0) >= from
            }))))
        }
        "LastOutgoingMessages" | "LastIncomingMessages" => {
            let minutes = int(request, "minutes").unwrap_or(1440);
            let from = now_s.saturating_sub(minutes.saturating_mul(60));
            let kind = if meta.name == "LastOutgoingMessages" {
                "outgoing"
            } else {
                "incoming"
            };
            Answer::Json(Value::Array(since(&state.journal, kind, from)))
        }
        "LastIncomingCalls" => {
            let minutes = int(request, "minutes").unwrap_or(1440);
            let from = now_s.saturating_sub(minutes.saturating_mul(60));
            Answer::Json(Value::Array(newest_first(
                state
                    .incoming_calls
                    .iter()
                    .filter(|r| r.get("timestamp").and_then(Value::as_i64).unwrap_or(0) >= from),
            )))
        }
        "LastOutgoingCalls" => Answer::Json(json!([])),
        "GetChatHistory" => {
            let count = usize::try_from(int(request, "count").unwrap_or(100)).unwrap_or(0);
            let history: Vec<Value> = state
                .journal
                .iter()
                .rev()
                .filter(|r| r.get("chatId").and_then(Value::as_str) == Some(&chat_id))
                .take(count)
                .cloned()
                .collect();
            Answer::Json(Value::Array(history))
        }
        "GetMessage" => {
            let id = text(request, "idMessage");
            match state
                .message(id)
                .filter(|r| r.get("chatId").and_then(Value::as_str) == Some(&chat_id))
            {
                Some(record) => Answer::Json(record.clone()),
                None => Answer::Error(400, documented(meta, "Message not found by id", &[id])),
            }
        }
        "DownloadFile" => {
            let id = text(request, "idMessage");
            match state
                .message(id)
                .filter(|r| r.get("chatId").and_then(Value::as_str) == Some(&chat_id))
                .and_then(|r| r.get("downloadUrl"))
                .and_then(Value::as_str)
            {
                Some(url) => Answer::Json(json!({"downloadUrl": url})),
                None => {
                    let text = documented(
                        meta,
                        "File message encrypted url not found",
                        &[&chat_id, id],
                    );
                    Answer::Error(400, text)
                }
            }
        }
        "UploadFile" => {
            let Some(upload) = upload else {
                return Answer::Error(400, standard(400, "bad request"));
            };
            let path = app.files.store(
                instance.id,
                &upload.file_name,
                &upload.content_type,
                upload.bytes,
            );
            Answer::Json(json!({"urlFile": format!("{}{path}", app.base_url)}))
        }
        "GetSettings" => Answer::Json(Value::Object(state.settings.clone())),
        "SetSettings" => {
            let old_url = state.webhook_url();
            if let Value::Object(fields) = request {
                for (key, value) in fields {
                    state.settings.insert(key.clone(), value.clone());
                }
            }
            if state.webhook_url() != old_url {
                state.retry_at_ms = None;
            }
            ok("saveSettings")
        }
        "GetStateInstance" => Answer::Json(json!({"stateInstance": state.state_instance})),
        "GetStatusInstance" => {
            let status = if state.state_instance == "authorized" {
                "online"
            } else {
                "offline"
            };
            Answer::Json(json!({"statusInstance": status}))
        }
        "GetStateInstanceHistory" => {
            let count = usize::try_from(int(request, "count").unwrap_or(100)).unwrap_or(0);
            Answer::Json(Value::Array(
                state
                    .state_history
                    .iter()
                    .rev()
                    .take(count)
                    .cloned()
                    .collect(),
            ))
        }
        "Reboot" => ok("isReboot"),
        "Logout" => {
            state.set_state("notAuthorized", now, instance);
            ok("isLogout")
        }
        "QR" | "ScanQrCode" => {
            if state.state_instance == "authorized" {
                Answer::Json(
                    json!({"type": "alreadyLogged", "message": "instance account already authorized"}),
                )
            } else {
                Answer::Json(json!({"type": "qrCode", "message": QR_PNG_BASE64}))
            }
        }
        "UpdateApiToken" => {
            let seed = state.new_id("");
            state.token = format!("{:0>50}", seed.to_ascii_lowercase());
            Answer::Json(json!({"apiTokenInstance": state.token}))
        }
        "GetWaSettings" => Answer::Json(json!({
            "avatar": "",
            "phone": instance.wid.trim_end_matches("@c.us"),
            "stateInstance": state.state_instance,
            "deviceId": format!("{}:1@s.whatsapp.net", instance.wid.trim_end_matches("@c.us")),
        })),
        "SetSystemProxy" => ok("setSystemProxy"),
        "CheckWhatsapp" => ok("existsWhatsapp"),
        "GetWebhooksCount" => Answer::Json(json!({"count": state.queue.len()})),
        "GetMessagesCount" => Answer::Json(json!({"count": state.send_queue.len()})),
        "ShowMessagesQueue" => Answer::Json(Value::Array(
            state
                .send_queue
                .iter()
                .map(|p| json!({"messageID": p.id_message, "type": p.kind, "body": p.request}))
                .collect(),
        )),
        "ClearMessagesQueue" => {
            state.send_queue.clear();
            ok("isCleared")
        }
        "ClearWebhooksQueue" => {
            // The documented limit (once a minute) is answered in the body.
            let interval_ms = meta
                .rate_limit_per_second
                .filter(|r| *r > 0.0)
                .map_or(60_000, |r| (1000.0 / r).round() as i64);
            if let Some(at) = state.webhooks_cleared_at_ms
                && now < at.saturating_add(interval_ms)
                && app.rate_limits.load(std::sync::atomic::Ordering::Relaxed)
            {
                let left = (at.saturating_add(interval_ms) - now + 999) / 1000;
                // The documented failure's shape, with the seconds left.
                let mut body = meta
                    .errors
                    .iter()
                    .find_map(|e| e.shape)
                    .and_then(|shape| serde_json::from_str::<Value>(shape).ok())
                    .unwrap_or_else(|| json!({"isCleared": false}));
                if let Some(object) = body.as_object_mut() {
                    object.insert("leftTime".to_owned(), json!(left));
                }
                return Answer::Json(body);
            }
            state.webhooks_cleared_at_ms = Some(now);
            state.queue.clear();
            state.retry_at_ms = None;
            Answer::Json(json!({"isCleared": true, "reason": ""}))
        }
        "ReceiveNotification" => {
            if state.webhook_url().is_some() {
                let id = instance.id.to_string();
                let text = documented(meta, "Message cannot be received", &[&id]);
                return Answer::Error(400, text);
            }
            match state.queue.front() {
                Some(item) => Answer::Text(format!(
                    "{{\"receiptId\":{},\"body\":{}}}",
                    item.receipt_id, item.body
                )),
                None => Answer::Text("null".to_owned()),
            }
        }
        "DeleteNotification" => {
            if state.webhook_url().is_some() {
                let id = instance.id.to_string();
                let text = documented(meta, "Message cannot be received", &[&id]);
                return Answer::Error(400, text);
            }
            let receipt = int(request, "receiptId").and_then(|r| u64::try_from(r).ok());
            let result = receipt.is_some_and(|r| state.delete(r));
            Answer::Json(json!({"result": result}))
        }
        "ReadChat" => {
            let chat = state.chat(&chat_id);
            chat.read_up_to = Some(now_s);
            ok("setRead")
        }
        "ArchiveChat" | "UnarchiveChat" => {
            state.chat(&chat_id).archived = meta.name == "ArchiveChat";
            Answer::Empty
        }
        "SetDisappearingChat" => {
            let expiration = int(request, "ephemeralExpiration").unwrap_or(0);
            let chat = state.chat(&chat_id);
            chat.ephemeral_expiration = expiration;
            chat.ephemeral_setting_timestamp = now_s;
            Answer::Json(json!({
                "chatId": chat_id,
                "disappearingMessagesInChat": expiration > 0,
                "ephemeralExpiration": expiration,
            }))
        }
        "GetChats" => {
            let count = int(request, "count").and_then(|c| usize::try_from(c).ok());
            let chats: Vec<Value> = state
                .chats
                .iter()
                .take(count.unwrap_or(usize::MAX))
                .map(|(id, chat)| {
                    json!({
                        "archive": chat.archived,
                        "id": id,
                        "ephemeralExpiration": chat.ephemeral_expiration,
                        "ephemeralSettingTimestamp": chat.ephemeral_setting_timestamp,
                        "name": chat.name,
                        "type": if id.ends_with("@g.us") { "group" } else { "user" },
                    })
                })
                .collect();
            Answer::Json(Value::Array(chats))
        }
        "AddContact" | "EditContact" => {
            let name = format!(
                "{} {}",
                text(request, "firstName"),
                text(request, "lastName")
            )
            .trim()
            .to_owned();
            state.contacts.insert(
                chat_id.clone(),
                json!({"id": chat_id, "name": name, "contactName": name, "type": "user"}),
            );
            state.chat(&chat_id).name = name;
            ok(if meta.name == "AddContact" {
                "addContact"
            } else {
                "editContact"
            })
        }
        "DeleteContact" => {
            state.contacts.remove(&chat_id);
            ok("deleteContact")
        }
        "GetContacts" => Answer::Json(Value::Array(state.contacts.values().cloned().collect())),
        "CreateGroup" => {
            let n = state.new_id("");
            let digits: String = n.chars().filter(char::is_ascii_hexdigit).collect();
            let number = u64::from_str_radix(&digits, 16).unwrap_or(0);
            let id = format!("120363{number:012}@g.us");
            let mut participants = vec![(instance.wid.clone(), true, true)];
            for member in request
                .get("chatIds")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
            {
                participants.push((member.to_owned(), false, false));
            }
            let invite_link = format!("https://chat.whatsapp.com/SBX{number:018}");
            let subject = text(request, "groupName").to_owned();
            state.chat(&id).name = subject.clone();
            state.groups.insert(
                id.clone(),
                Group {
                    subject,
                    owner: instance.wid.clone(),
                    creation: now_s,
                    subject_time: now_s,
                    participants,
                    invite_link: invite_link.clone(),
                    left: false,
                },
            );
            Answer::Json(json!({"created": true, "chatId": id, "groupInviteLink": invite_link}))
        }
        "GetGroupData" => {
            let id = text(request, "groupId");
            match state.groups.get(id) {
                Some(group) if !group.left => Answer::Json(group_data(id, group)),
                _ => Answer::Error(200, documented(meta, "Error: item-not-found", &[])),
            }
        }
        "UpdateGroupName" => {
            let name = text(request, "groupName").to_owned();
            let id = text(request, "groupId");
            let found = match state.groups.get_mut(id) {
                Some(group) => {
                    group.subject = name.clone();
                    group.subject_time = now_s;
                    true
                }
                None => false,
            };
            if found {
                state.chat(id).name = name;
            }
            Answer::Json(json!({"updateGroupName": found}))
        }
        "UpdateGroupSettings" => {
            let found = state.groups.contains_key(text(request, "groupId"));
            Answer::Json(json!({"updateGroupSettings": found}))
        }
        "AddGroupParticipant" | "RemoveGroupParticipant" | "SetGroupAdmin" | "RemoveAdmin" => {
            let participant = text(request, "participantChatId").to_owned();
            let group = state.groups.get_mut(text(request, "groupId"));
            let done = match (meta.name, group) {
                ("AddGroupParticipant", Some(g)) => {
                    if !g.participants.iter().any(|(p, ..)| *p == participant) {
                        g.participants.push((participant, false, false));
                    }
                    true
                }
                ("RemoveGroupParticipant", Some(g)) => {
                    let before = g.participants.len();
                    g.participants.retain(|(p, ..)| *p != participant);
                    g.participants.len() != before
                }
                (name, Some(g)) => {
                    let admin = name == "SetGroupAdmin";
                    g.participants
                        .iter_mut()
                        .filter(|(p, ..)| *p == participant)
                        .map(|member| member.1 = admin)
                        .count()
                        > 0
                }
                (_, None) => false,
            };
            let key = match meta.name {
                "AddGroupParticipant" => "addParticipant",
                "RemoveGroupParticipant" => "removeParticipant",
                "SetGroupAdmin" => "setGroupAdmin",
                _ => "removeAdmin",
            };
            let mut map = serde_json::Map::new();
            map.insert(key.to_owned(), Value::Bool(done));
            Answer::Json(Value::Object(map))
        }
        "LeaveGroup" => {
            let left = match state.groups.get_mut(text(request, "groupId")) {
                Some(group) => {
                    group.left = true;
                    true
                }
                None => false,
            };
            Answer::Json(json!({"leaveGroup": left}))
        }
        "SetGroupPicture" | "SetProfilePicture" => {
            let url = upload.map(|u| {
                let path = app
                    .files
                    .store(instance.id, &u.file_name, &u.content_type, u.bytes);
                format!("{}{path}", app.base_url)
            });
            if meta.name == "SetGroupPicture" {
                let found = state.groups.contains_key(text(request, "groupId"));
                Answer::Json(json!({"setGroupPicture": found, "urlAvatar": url, "reason": ""}))
            } else {
                Answer::Json(
                    json!({"reason": null, "urlAvatar": url, "setProfilePicture": url.is_some()}),
                )
            }
        }
        name => match app.examples.response(name) {
            Some(example) => Answer::Json(example.clone()),
            None => Answer::Empty,
        },
    }
}
