//! The harness: a sandbox on a free local port, a real HTTP client, and
//! strict checks of every answer and every notification.

use std::sync::{Arc, Mutex};

use reqwest::Method;
use serde_json::{Value, json};
use wagate::ReadMode;
use wagate::endpoint::ResponseError;
use wagate::registry::EndpointEntry;
use wagate_sandbox::{Config, InstanceConfig, Running};

pub const ID: u64 = 1101000001;
pub const TOKEN: &str = "d75b3a66374942c5b3c019c698abc2067e151558acbd412345";

pub struct Sandbox {
    pub running: Running,
    pub client: reqwest::Client,
    pub url: String,
    pub id: u64,
    pub token: String,
}

pub struct Reply {
    pub status: u16,
    pub body: Vec<u8>,
    pub content_type: String,
}

impl Reply {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| {
            panic!(
                "not JSON ({e}): {:?} (status {})",
                String::from_utf8_lossy(&self.body),
                self.status
            )
        })
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

pub fn config() -> Config {
    Config {
        instances: vec![InstanceConfig::new(ID, TOKEN)],
        ..Config::default()
    }
}

pub fn endpoint(name: &str) -> &'static EndpointEntry {
    wagate::registry::endpoints()
        .into_iter()
        .find(|e| e.meta.provider == "green-api" && e.meta.name == name)
        .unwrap_or_else(|| panic!("no endpoint {name}"))
}

/// A success answer of `method` reads strictly as its `.response` TYPE
/// (wagate's `parse_response` reads the method's `Response`, the TYPE's
/// type, with an empty body as JSON null, as the documents' empty answers).
pub fn assert_response(method: &str, reply: &Reply) {
    assert!(
        (200..300).contains(&reply.status),
        "{method}: status {} body {}",
        reply.status,
        reply.text()
    );
    let entry = endpoint(method);
    if let Err(e) = (entry.parse_response)(reply.status, &reply.body, ReadMode::Strict) {
        panic!(
            "{method}: the answer does not read strictly: {e:?}\n{}",
            reply.text()
        );
    }
    // ReceiveNotification's `body` is read as `Notification`, the type of
    // `green-api/webhook`: strict reading checks every queued notification.
}

/// A success answer read strictly, or one of the documented failures.
pub fn assert_answer(method: &str, reply: &Reply) {
    let entry = endpoint(method);
    match (entry.parse_response)(reply.status, &reply.body, ReadMode::Strict) {
        Err(ResponseError::FailureWithOk { documented, .. }) => {
            assert!(documented.is_some(), "{method}: {}", reply.text());
        }
        _ if (200..300).contains(&reply.status) => assert_response(method, reply),
        _ => {
            assert_documented_error(method, reply, reply.status);
        }
    }
}

/// An error answer is a documented one: the status and text of one of the
/// method's errors or of the provider's catalogue, as wagate matches them.
/// The documented text of the row it matches (the method's first).
pub fn assert_documented_error(method: &str, reply: &Reply, status: u16) -> &'static str {
    assert_eq!(reply.status, status, "{method}: {}", reply.text());
    let entry = endpoint(method);
    match (entry.parse_response)(reply.status, &reply.body, ReadMode::Strict) {
        Err(ResponseError::Status {
            documented,
            standard,
            ..
        }) => documented
            .map(|e| e.text)
            .or(standard.map(|e| e.text))
            .unwrap_or_else(|| {
                panic!(
                    "{method}: {status} {:?} matches no documented error",
                    reply.text()
                )
            }),
        Err(ResponseError::FailureWithOk { documented, .. }) => documented
            .map(|e| e.text)
            .unwrap_or_else(|| panic!("{method}: {}", reply.text())),
        other => panic!("{method}: expected a documented error, got {other:?}"),
    }
}

/// A notification reads strictly as `green-api/webhook`.
pub fn assert_notification(body: &Value) {
    let entry = wagate::registry::find("green-api/webhook").expect("the webhook TYPE");
    if let Err(e) = (entry.read)(body.to_string().as_bytes(), ReadMode::Strict) {
        panic!("not a strict green-api/webhook: {e:?}\n{body}");
    }
}

impl Sandbox {
    pub async fn start() -> Self {
        Self::start_with(config()).await
    }

    pub async fn start_with(config: Config) -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("a free port");
        let id = config.instances[0].id;
        let token = config.instances[0].token.clone();
        let running = wagate_sandbox::start(listener, config)
            .await
            .expect("the sandbox starts");
        let url = running.url();
        Self {
            running,
            client: reqwest::Client::builder()
                .tcp_nodelay(true)
                .build()
                .unwrap(),
            url,
            id,
            token,
        }
    }

    /// The documented URL of a method of this instance.
    pub fn method_url(&self, method: &str) -> String {
        let path = endpoint(method)
            .meta
            .path
            .replace("{idInstance}", &self.id.to_string())
            .replace("{apiTokenInstance}", &self.token);
        format!("{}{path}", self.url)
    }

    pub async fn send(&self, method: Method, url: &str, body: Option<Vec<u8>>) -> Reply {
        let mut request = self.client.request(method, url);
        if let Some(body) = body {
            request = request
                .header("content-type", "application/json")
                .body(body);
        }
        reply(request.send().await.expect("the sandbox answers")).await
    }

    /// Calls a method with the documented verb; `body` is JSON for JSON methods.
    pub async fn call(&self, method: &str, body: Option<&Value>) -> Reply {
        let meta = endpoint(method).meta;
        let verb = Method::from_bytes(meta.verb.to_http().as_str().as_bytes()).expect("a verb");
        let url = self.method_url(method);
        self.send(verb, &url, body.map(|b| b.to_string().into_bytes()))
            .await
    }

    /// Calls a method and checks its answer strictly.
    pub async fn ok(&self, method: &str, body: Option<&Value>) -> Value {
        let reply = self.call(method, body).await;
        assert_response(method, &reply);
        if reply.body.is_empty() {
            Value::Null
        } else {
            reply.json()
        }
    }

    pub async fn control(&self, action: &str, body: &Value) -> Value {
        let url = format!("{}/sandbox/waInstance{}/{action}", self.url, self.id);
        let response = self
            .client
            .post(url)
            .header("content-type", "application/json")
            .body(body.to_string())
            .send()
            .await
            .expect("the sandbox answers");
        let status = response.status();
        let bytes = response.bytes().await.expect("a body");
        let value: Value = serde_json::from_slice(&bytes).expect("JSON");
        assert!(status.is_success(), "{action}: {status} {value}");
        value
    }

    pub async fn clock(&self, seconds: i64) -> Value {
        self.control("clock", &json!({"seconds": seconds})).await
    }

    /// Receives and deletes every queued notification, checking each.
    pub async fn drain(&self) -> Vec<Value> {
        let mut seen = Vec::new();
        loop {
            let body = self.ok("ReceiveNotification", None).await;
            if body.is_null() {
                return seen;
            }
            let receipt = body["receiptId"].as_u64().expect("a receiptId");
            let url = self.delete_url(receipt);
            let reply = self.send(Method::DELETE, &url, None).await;
            assert_response("DeleteNotification", &reply);
            assert_eq!(reply.json()["result"], true);
            seen.push(body["body"].clone());
        }
    }

    pub fn delete_url(&self, receipt: u64) -> String {
        self.method_url("DeleteNotification")
            .replace("{receiptId}", &receipt.to_string())
    }
}

pub async fn reply(response: reqwest::Response) -> Reply {
    let status = response.status().as_u16();
    let content_type = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let body = response.bytes().await.expect("a body").to_vec();
    Reply {
        status,
        body,
        content_type,
    }
}

/// What a webhook receiver saw: the Authorization header, the body, and
/// the status it answered.
#[derive(Clone, Debug)]
pub struct Seen {
    pub authorization: Option<String>,
    pub body: Value,
    pub answered: u16,
}

/// A tiny webhook receiver: records every call; fails the next `fail`
/// calls with 500.
#[derive(Default)]
pub struct Receiver {
    pub seen: Vec<Seen>,
    pub fail: usize,
}

pub async fn receiver() -> (String, Arc<Mutex<Receiver>>) {
    use axum::extract::State;
    use axum::http::{HeaderMap, StatusCode};
    let shared = Arc::new(Mutex::new(Receiver::default()));
    async fn hook(
        State(shared): State<Arc<Mutex<Receiver>>>,
        headers: HeaderMap,
        body: axum::body::Bytes,
    ) -> StatusCode {
        let mut receiver = shared.lock().unwrap();
        let answered = if receiver.fail > 0 {
            receiver.fail -= 1;
            500
        } else {
            200
        };
        receiver.seen.push(Seen {
            authorization: headers
                .get("authorization")
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned),
            body: serde_json::from_slice(&body).unwrap_or(Value::Null),
            answered,
        });
        StatusCode::from_u16(answered).unwrap()
    }
    let app = axum::Router::new()
        .route("/hook", axum::routing::post(hook))
        .with_state(Arc::clone(&shared));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hook", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await });
    (url, shared)
}
