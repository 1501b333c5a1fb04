//! What an instance remembers: settings, the authorization state, the
//! journal of messages, the send queue, the notification queue, chats,
//! contacts, groups, statuses and calls; and the events the clock brings.

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use serde_json::{Map, Value, json};
use wagate::bot::WebhookToken;

use crate::InstanceConfig;

/// One instance.
pub(crate) struct Instance {
    pub(crate) id: u64,
    pub(crate) wid: String,
    state: Mutex<State>,
    /// Held while webhooks are being delivered: deliveries of one instance
    /// happen one at a time, in queue order.
    pub(crate) delivery: tokio::sync::Mutex<()>,
    /// A delivery run is scheduled and has not started yet.
    pub(crate) kicked: AtomicBool,
    /// Wakes ReceiveNotification calls waiting for a notification.
    pub(crate) arrived: tokio::sync::Notify,
}

impl Instance {
    pub(crate) fn new(config: &InstanceConfig, now_ms: i64) -> Self {
        let wid = format!("{}@c.us", config.phone);
        Self {
            id: config.id,
            state: Mutex::new(State::new(config, &wid, now_ms)),
            wid,
            delivery: tokio::sync::Mutex::new(()),
            kicked: AtomicBool::new(false),
            arrived: tokio::sync::Notify::new(),
        }
    }

    pub(crate) fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// `instanceData` of this instance's notifications.
    pub(crate) fn instance_data(&self) -> Value {
        json!({"idInstance": self.id, "wid": self.wid, "typeInstance": "whatsapp"})
    }
}

/// A queued notification.
pub(crate) struct Queued {
    pub(crate) receipt_id: u64,
    pub(crate) body: Arc<str>,
}

/// A message waiting in the send queue.
pub(crate) struct Pending {
    pub(crate) id_message: String,
    /// The method (`sendMessage`), as ShowMessagesQueue prints it.
    pub(crate) kind: String,
    /// The request as received.
    pub(crate) request: Value,
    /// The journal record it becomes once sent.
    pub(crate) record: Value,
    /// The `messageData` of its notification.
    pub(crate) message_data: Value,
    pub(crate) chat_id: String,
    /// When it entered the queue.
    pub(crate) enqueued_ms: i64,
}

/// What the clock brings at a given time.
pub(crate) enum Event {
    /// A sent message changes status.
    Status {
        id_message: String,
        chat_id: String,
        status: &'static str,
    },
}

/// A group the instance created or belongs to.
pub(crate) struct Group {
    pub(crate) subject: String,
    pub(crate) owner: String,
    pub(crate) creation: i64,
    pub(crate) subject_time: i64,
    pub(crate) participants: Vec<(String, bool, bool)>,
    pub(crate) invite_link: String,
    pub(crate) left: bool,
}

/// A chat the instance has seen.
#[derive(Default)]
pub(crate) struct Chat {
    pub(crate) archived: bool,
    pub(crate) ephemeral_expiration: i64,
    pub(crate) ephemeral_setting_timestamp: i64,
    pub(crate) name: String,
    pub(crate) read_up_to: Option<i64>,
}

/// Counters of webhook deliveries, for `/sandbox/…/deliveries`.
#[derive(Default)]
pub(crate) struct DeliveryStats {
    pub(crate) attempts: u64,
    pub(crate) delivered: u64,
    pub(crate) failed: u64,
}

pub(crate) struct State {
    pub(crate) token: String,
    pub(crate) settings: Map<String, Value>,
    pub(crate) state_instance: String,
    pub(crate) state_history: Vec<Value>,
    pub(crate) queue: VecDeque<Queued>,
    next_receipt: u64,
    pub(crate) retry_at_ms: Option<i64>,
    pub(crate) webhooks_cleared_at_ms: Option<i64>,
    pub(crate) deliveries: DeliveryStats,
    pub(crate) journal: Vec<Value>,
    pub(crate) by_id: HashMap<String, usize>,
    pub(crate) scheduled: BTreeMap<(i64, u64), Event>,
    seq: u64,
    pub(crate) send_queue: VecDeque<Pending>,
    pub(crate) next_send_ms: i64,
    pub(crate) rate: HashMap<&'static str, (i64, u32)>,
    pub(crate) chats: BTreeMap<String, Chat>,
    pub(crate) contacts: BTreeMap<String, Value>,
    pub(crate) groups: BTreeMap<String, Group>,
    pub(crate) outgoing_statuses: Vec<Value>,
    pub(crate) incoming_statuses: Vec<Value>,
    pub(crate) incoming_calls: Vec<Value>,
    counter: u64,
}

/// The notification kinds and the setting that switches each on (all of
/// them must say `yes`); kinds not listed cannot be switched off.
const SWITCHES: &[(&str, &[&str])] = &[
    ("incomingMessageReceived", &["incomingWebhook"]),
    ("outgoingMessageReceived", &["outgoingMessageWebhook"]),
    ("outgoingAPIMessageReceived", &["outgoingAPIMessageWebhook"]),
    ("outgoingMessageStatus", &["outgoingWebhook"]),
    ("stateInstanceChanged", &["stateWebhook"]),
    ("statusInstanceChanged", &["stateWebhook"]),
    ("deviceInfo", &["deviceWebhook"]),
    ("incomingCall", &["incomingWebhook", "incomingCallWebhook"]),
    ("incomingBlock", &["incomingBlockWebhook"]),
    ("outgoingCall", &["outgoingCallWebhook"]),
];

impl State {
    fn new(config: &InstanceConfig, wid: &str, now_ms: i64) -> Self {
        let settings = match json!({
            "wid": wid,
            "countryInstance": "",
            "typeAccount": "",
            "webhookUrl": "",
            "webhookUrlToken": "",
            // The sandbox sends at once until SetSettings asks for an interval.
            "delaySendMessagesMilliseconds": 0,
            "markIncomingMessagesReaded": "no",
            "markIncomingMessagesReadedOnReply": "no",
            "sharedSession": "no",
            "outgoingWebhook": "yes",
            "outgoingMessageWebhook": "yes",
            "outgoingAPIMessageWebhook": "yes",
            "incomingWebhook": "yes",
            "deviceWebhook": "no",
            "statusInstanceWebhook": "no",
            "stateWebhook": "yes",
            "enableMessagesHistory": "no",
            "keepOnlineStatus": "no",
            "pollMessageWebhook": "yes",
            "incomingBlockWebhook": "yes",
            "incomingCallWebhook": "yes",
            "editedMessageWebhook": "yes",
            "deletedMessageWebhook": "yes",
            "outgoingCallWebhook": "yes",
        }) {
            Value::Object(map) => map,
            _ => Map::new(),
        };
        Self {
            token: config.token.clone(),
            settings,
            state_instance: "authorized".to_owned(),
            state_history: vec![json!({
                "stateInstance": "authorized",
                "timestamp": now_ms / 1000,
                "phoneNumber": wid,
            })],
            queue: VecDeque::new(),
            next_receipt: 1,
            retry_at_ms: None,
            webhooks_cleared_at_ms: None,
            deliveries: DeliveryStats::default(),
            journal: Vec::new(),
            by_id: HashMap::new(),
            scheduled: BTreeMap::new(),
            seq: 0,
            send_queue: VecDeque::new(),
            next_send_ms: i64::MIN,
            rate: HashMap::new(),
            chats: BTreeMap::new(),
            contacts: BTreeMap::new(),
            groups: BTreeMap::new(),
            outgoing_statuses: Vec::new(),
            incoming_statuses: Vec::new(),
            incoming_calls: Vec::new(),
            counter: 0,
        }
    }

    pub(crate) fn setting(&self, key: &str) -> &str {
        self.settings.get(key).and_then(Value::as_str).unwrap_or("")
    }

    pub(crate) fn webhook_url(&self) -> Option<String> {
        let url = self.setting("webhookUrl");
        (!url.is_empty()).then(|| url.to_owned())
    }

    /// The `Authorization` header of webhook calls, when a token is set.
    pub(crate) fn webhook_authorization(&self) -> Option<String> {
        let token = self.setting("webhookUrlToken");
        (!token.is_empty()).then(|| WebhookToken::new(token).authorization_header())
    }

    /// A fresh message id: 16 or more characters, as requests require.
    pub(crate) fn new_id(&mut self, prefix: &str) -> String {
        self.counter += 1;
        format!("{prefix}{:016X}", self.counter)
    }

    /// Whether the settings produce a notification of this kind.
    pub(crate) fn wants(&self, type_webhook: &str) -> bool {
        SWITCHES
            .iter()
            .find(|(kind, _)| *kind == type_webhook)
            .is_none_or(|(_, keys)| keys.iter().all(|k| self.setting(k) == "yes"))
    }

    /// Queues a notification the server produced; the settings were asked
    /// before. Returns its receipt id.
    pub(crate) fn push(&mut self, body: &Value) -> u64 {
        let receipt_id = self.next_receipt;
        self.next_receipt += 1;
        let body: Arc<str> = Arc::from(body.to_string());
        self.queue.push_back(Queued { receipt_id, body });
        receipt_id
    }

    /// Queues a notification when the settings ask for its kind.
    pub(crate) fn notify(&mut self, body: Value) -> Option<u64> {
        let kind = body.get("typeWebhook").and_then(Value::as_str)?;
        if !self.wants(kind) {
            return None;
        }
        Some(self.push(&body))
    }

    /// Deletes a notification by receipt id.
    pub(crate) fn delete(&mut self, receipt_id: u64) -> bool {
        // Receipt ids increase along the queue.
        match self
            .queue
            .binary_search_by_key(&receipt_id, |q| q.receipt_id)
        {
            Ok(index) => self.queue.remove(index).is_some(),
            Err(_) => false,
        }
    }

    pub(crate) fn schedule(&mut self, at_ms: i64, event: Event) {
        self.seq += 1;
        self.scheduled.insert((at_ms, self.seq), event);
    }

    pub(crate) fn record(&mut self, record: Value) {
        if let Some(id) = record.get("idMessage").and_then(Value::as_str) {
            self.by_id.insert(id.to_owned(), self.journal.len());
        }
        self.journal.push(record);
    }

    pub(crate) fn message_mut(&mut self, id_message: &str) -> Option<&mut Value> {
        let index = *self.by_id.get(id_message)?;
        self.journal.get_mut(index)
    }

    pub(crate) fn message(&self, id_message: &str) -> Option<&Value> {
        self.journal.get(*self.by_id.get(id_message)?)
    }

    pub(crate) fn chat(&mut self, chat_id: &str) -> &mut Chat {
        self.chats.entry(chat_id.to_owned()).or_default()
    }

    /// Sets the authorization state, remembering it in the history, and
    /// tells the settings' listeners.
    pub(crate) fn set_state(&mut self, state: &str, now_ms: i64, instance: &Instance) {
        self.state_instance = state.to_owned();
        self.state_history.push(json!({
            "stateInstance": state,
            "timestamp": now_ms / 1000,
            "phoneNumber": instance.wid,
        }));
        self.notify(json!({
            "typeWebhook": "stateInstanceChanged",
            "instanceData": instance.instance_data(),
            "timestamp": now_ms / 1000,
            "stateInstance": state,
        }));
    }
}

/// Uploaded files, served back under `/media/`.
#[derive(Default)]
pub(crate) struct Files {
    files: Mutex<HashMap<String, StoredFile>>,
    counter: Mutex<u64>,
}

pub(crate) struct StoredFile {
    pub(crate) content_type: String,
    pub(crate) bytes: axum::body::Bytes,
}

impl Files {
    /// Stores a file; returns its path (`/media/<id>/<n>/<name>`).
    pub(crate) fn store(
        &self,
        id_instance: u64,
        file_name: &str,
        content_type: &str,
        bytes: axum::body::Bytes,
    ) -> String {
        let n = {
            let mut counter = self.counter.lock().unwrap_or_else(PoisonError::into_inner);
            *counter += 1;
            *counter
        };
        let name: String = file_name
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        let name = if name.is_empty() {
            "file".to_owned()
        } else {
            name
        };
        let path = format!("/media/{id_instance}/{n}/{name}");
        self.files
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(
                path.clone(),
                StoredFile {
                    content_type: content_type.to_owned(),
                    bytes,
                },
            );
        path
    }

    pub(crate) fn get(&self, path: &str) -> Option<(String, axum::body::Bytes)> {
        let files = self.files.lock().unwrap_or_else(PoisonError::into_inner);
        files
            .get(path)
            .map(|f| (f.content_type.clone(), f.bytes.clone()))
    }
}
