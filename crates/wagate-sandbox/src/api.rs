//! The Green API surface: routing by the documented verb and path, then
//! what the server checks before a method runs, in the order it checks:
//! the body size, the instance and its token, the rate, the JSON, the
//! request's rules (wagate, strictly), and the answers it gives for each.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::Ordering;

use axum::body::{Body, Bytes};
use axum::extract::{FromRequest, Multipart, Request};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::Response;
use http_body_util::BodyExt as _;
use serde_json::{Map, Value};
use wagate::endpoint::{BodyKind, EndpointMeta};
use wagate::green_api::errors::CATALOGUE;
use wagate::registry::EndpointEntry;
use wagate::{ErrorCode, Errors, ReadMode};

use crate::App;
use crate::state::State;

/// Bytes read past a refused body before the connection is given up, so
/// that a client still writing gets its answer.
const DRAIN_CAP: usize = 16 * 1024 * 1024;

/// The largest upload (multipart or raw): the documents' 100 MB file limit.
const MAX_UPLOAD_BYTES: usize = 100 * 1024 * 1024;

/// Bodies of methods that take none are read and dropped up to this size.
const MAX_IGNORED_BODY: usize = 1024 * 1024;

/// One method on its documented path.
pub(crate) struct Route {
    pub(crate) entry: &'static EndpointEntry,
    /// Path fields after `{apiTokenInstance}` (`receiptId`).
    path_fields: Vec<&'static str>,
}

/// Green API's methods by their path segment (case-insensitive, as the
/// server's router matches).
pub(crate) struct Endpoints {
    by_segment: HashMap<String, Route>,
}

impl Endpoints {
    pub(crate) fn load() -> Self {
        let mut by_segment = HashMap::new();
        for entry in wagate::registry::endpoints() {
            if entry.meta.provider != "green-api" {
                continue;
            }
            let mut segments = entry.meta.path.split('/').skip(2);
            let Some(segment) = segments.next() else {
                continue;
            };
            let path_fields = segments
                .skip(1)
                .filter_map(|s| s.strip_prefix('{').and_then(|s| s.strip_suffix('}')))
                .collect();
            by_segment.insert(segment.to_ascii_lowercase(), Route { entry, path_fields });
        }
        Self { by_segment }
    }

    fn find(&self, segment: &str) -> Option<&Route> {
        self.by_segment.get(&segment.to_ascii_lowercase())
    }
}

/// What a method answers.
pub(crate) enum Answer {
    /// A JSON body.
    Json(Value),
    /// A JSON body already written.
    Text(String),
    /// An empty 200 (the methods whose documented answer is empty).
    Empty,
    /// An error: the status and the server's text.
    Error(u16, String),
}

/// A file sent with a request (multipart or raw upload).
pub(crate) struct Upload {
    pub(crate) file_name: String,
    pub(crate) content_type: String,
    pub(crate) bytes: Bytes,
}

pub(crate) fn text_response(status: u16, content_type: &'static str, body: String) -> Response {
    let mut response = Response::new(Body::from(body));
    *response.status_mut() = StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_REQUEST);
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    response
}

/// An error answer: the server's text, as text.
pub(crate) fn error(status: u16, text: impl Into<String>) -> Response {
    text_response(status, "text/plain; charset=utf-8", text.into())
}

pub(crate) fn json(value: &Value) -> Response {
    text_response(200, "application/json", value.to_string())
}

/// The provider's standard error text of `status` that contains `part`.
pub(crate) fn standard(status: u16, part: &str) -> String {
    CATALOGUE
        .http_errors
        .iter()
        .find(|e| e.status == status && e.text.contains(part))
        .map_or_else(|| part.to_owned(), |e| e.text.to_owned())
}

/// A method's documented error text that starts with `start`; where the
/// text varies, its fixed parts with `values` between them, in order (the
/// answer the row's `parts` match).
pub(crate) fn documented(meta: &EndpointMeta, start: &str, values: &[&str]) -> String {
    let Some(row) = meta.errors.iter().find(|e| e.text.starts_with(start)) else {
        return start.to_owned();
    };
    let Some(parts) = row.parts.filter(|p| !p.is_empty()) else {
        return row.text.to_owned();
    };
    let mut text = String::new();
    for (i, part) in parts.iter().enumerate() {
        text.push_str(part);
        text.push_str(values.get(i).copied().unwrap_or_default());
    }
    text
}

impl Answer {
    fn into_response(self) -> Response {
        match self {
            Self::Json(value) => json(&value),
            Self::Text(text) => text_response(200, "application/json", text),
            Self::Empty => text_response(200, "application/json", String::new()),
            Self::Error(status, text) => error(status, text),
        }
    }
}

enum ReadBody {
    Whole(Bytes),
    TooLarge,
    Broken,
}

async fn read_body(mut body: Body, limit: usize) -> ReadBody {
    let mut buffer = Vec::new();
    let mut total = 0usize;
    while let Some(frame) = body.frame().await {
        let Ok(frame) = frame else {
            return ReadBody::Broken;
        };
        if let Ok(data) = frame.into_data() {
            total = total.saturating_add(data.len());
            if total > limit {
                buffer = Vec::new();
                if total > DRAIN_CAP {
                    return ReadBody::TooLarge;
                }
            } else {
                buffer.extend_from_slice(&data);
            }
        }
    }
    if total > limit {
        ReadBody::TooLarge
    } else {
        ReadBody::Whole(Bytes::from(buffer))
    }
}

/// `GET /media/…`: an uploaded file.
pub(crate) fn media(app: &App, request: &Request) -> Response {
    match app.files.get(request.uri().path()) {
        Some((content_type, bytes)) if request.method() == axum::http::Method::GET => {
            let mut response = Response::new(Body::from(bytes));
            if let Ok(value) = HeaderValue::from_str(&content_type) {
                response.headers_mut().insert(header::CONTENT_TYPE, value);
            }
            response
        }
        _ => error(404, standard(404, "")),
    }
}

/// Whether a request over the method's documented rate comes too soon.
/// Windows are measured on the sandbox clock: `n` per second for a rate of
/// `n` ≥ 1, one per `1/r` seconds for a rate `r` < 1.
fn rate_limited(state: &mut State, name: &'static str, per_second: f64, now_ms: i64) -> bool {
    let (window_ms, max) = if per_second >= 1.0 {
        (1000, per_second.floor() as u32)
    } else {
        (((1000.0 / per_second).round() as i64).max(1), 1)
    };
    let window = now_ms.div_euclid(window_ms);
    let slot = state.rate.entry(name).or_insert((window, 0));
    if slot.0 != window {
        *slot = (window, 0);
    }
    if slot.1 >= max {
        return true;
    }
    slot.1 += 1;
    false
}

/// Reads a request document of `method` strictly, as the server's validator.
pub(crate) fn check(method: &str, bytes: &[u8]) -> Result<(), Errors> {
    match wagate::registry::find(&format!("green-api/{method}.request")) {
        Some(entry) => (entry.read)(bytes, ReadMode::Strict).map(|_| ()),
        None => Ok(()),
    }
}

/// Fields that arrive as text (query, path, multipart): read as strings,
/// and where the method documents another type (a number, a boolean) the
/// text is read as that JSON value, as the server's validator converts.
fn from_texts(method: &str, fields: Vec<(String, String)>) -> (Vec<u8>, Result<Value, Errors>) {
    let mut object: Map<String, Value> = fields
        .iter()
        .map(|(k, v)| (k.clone(), Value::String(v.clone())))
        .collect();
    let mut bytes = Value::Object(object.clone()).to_string().into_bytes();
    let Err(errors) = check(method, &bytes) else {
        return (bytes, Ok(Value::Object(object)));
    };
    let mut converted = false;
    for issue in errors.iter() {
        if issue.code != ErrorCode::InvalidType {
            continue;
        }
        let Some(key) = issue.path.strip_prefix('/') else {
            continue;
        };
        if let Some(Value::String(text)) = object.get(key)
            && let Ok(value @ (Value::Number(_) | Value::Bool(_))) =
                serde_json::from_str::<Value>(text)
        {
            object.insert(key.to_owned(), value);
            converted = true;
        }
    }
    if !converted {
        return (bytes, Err(errors));
    }
    bytes = Value::Object(object.clone()).to_string().into_bytes();
    match check(method, &bytes) {
        Ok(()) => (bytes, Ok(Value::Object(object))),
        Err(errors) => (bytes, Err(errors)),
    }
}

/// The answer to a request wagate refuses: the JSON parser's text for a
/// body that is not JSON, else the server's text for the first problem.
pub(crate) fn refusal(errors: &Errors, bytes: &[u8]) -> Response {
    let Some(first) = errors.first() else {
        return error(400, standard(400, "Validation failed"));
    };
    match first.code {
        ErrorCode::Syntax => error(400, unexpected_token(bytes)),
        ErrorCode::TooDeep | ErrorCode::InputTooLarge => error(400, standard(400, "bad request")),
        _ => {
            let text = errors
                .iter()
                .find_map(|i| i.server_message.clone())
                .unwrap_or_else(|| standard(400, "Validation failed"));
            error(400, text)
        }
    }
}

/// `Unexpected token _ in JSON at position XX`, filled in as Node's parser
/// does: the character where parsing stopped and its UTF-16 position.
fn unexpected_token(bytes: &[u8]) -> String {
    let template = standard(400, "Unexpected token");
    let (line, column) = match serde_json::from_slice::<Value>(bytes) {
        Err(e) => (e.line(), e.column()),
        Ok(_) => (1, 1),
    };
    let mut offset = 0usize;
    for _ in 1..line {
        match bytes
            .get(offset..)
            .and_then(|rest| rest.iter().position(|b| *b == b'\n'))
        {
            Some(newline) => offset += newline + 1,
            None => break,
        }
    }
    let offset = (offset + column.saturating_sub(1)).min(bytes.len());
    let before = String::from_utf8_lossy(bytes.get(..offset).unwrap_or_default());
    let position = before.encode_utf16().count();
    let token = String::from_utf8_lossy(bytes.get(offset..).unwrap_or_default())
        .chars()
        .next()
        .map(String::from)
        .unwrap_or_default();
    template
        .replacen('_', &token, 1)
        .replace("XX", &position.to_string())
}

fn query_pairs(query: Option<&str>) -> Vec<(String, String)> {
    let decode = |s: &str| {
        let s = s.replace('+', " ");
        percent_encoding::percent_decode_str(&s)
            .decode_utf8_lossy()
            .into_owned()
    };
    query
        .unwrap_or_default()
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|pair| match pair.split_once('=') {
            Some((k, v)) => (decode(k), decode(v)),
            None => (decode(pair), String::new()),
        })
        .collect()
}

async fn multipart(
    content_type: Option<HeaderValue>,
    bytes: Bytes,
) -> Option<(Vec<(String, String)>, Option<(String, Upload)>)> {
    let mut request = Request::new(Body::from(bytes));
    if let Some(content_type) = content_type {
        request
            .headers_mut()
            .insert(header::CONTENT_TYPE, content_type);
    }
    let mut form = Multipart::from_request(request, &()).await.ok()?;
    let mut fields = Vec::new();
    let mut file = None;
    while let Some(field) = form.next_field().await.ok()? {
        let name = field.name().unwrap_or_default().to_owned();
        match field.file_name().map(str::to_owned) {
            Some(file_name) => {
                let content_type = field
                    .content_type()
                    .unwrap_or("application/octet-stream")
                    .to_owned();
                let bytes = field.bytes().await.ok()?;
                file = Some((
                    name,
                    Upload {
                        file_name,
                        content_type,
                        bytes,
                    },
                ));
            }
            None => fields.push((name, field.text().await.ok()?)),
        }
    }
    Some((fields, file))
}

/// A Green API request.
pub(crate) async fn handle(app: Arc<App>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let path = parts.uri.path().to_owned();
    let Some(rest) = path.strip_prefix("/waInstance") else {
        return error(404, standard(404, ""));
    };
    let segments: Vec<&str> = rest.split('/').collect();
    let (Some(id), Some(segment), Some(token)) =
        (segments.first(), segments.get(1), segments.get(2))
    else {
        return error(404, standard(404, ""));
    };
    let Some(route) = app.endpoints.find(segment) else {
        return error(404, standard(404, ""));
    };
    let meta = route.entry.meta;
    if parts.method == axum::http::Method::OPTIONS {
        let mut response = text_response(204, "text/plain; charset=utf-8", String::new());
        *response.status_mut() = StatusCode::NO_CONTENT;
        return response;
    }
    let path_values: Vec<&str> = segments.iter().skip(3).copied().collect();
    if parts.method != meta.verb.to_http() || path_values.len() != route.path_fields.len() {
        return error(404, standard(404, ""));
    }
    let limit = match meta.body {
        BodyKind::Json => meta.max_json_body_bytes.unwrap_or(MAX_UPLOAD_BYTES),
        BodyKind::None => MAX_IGNORED_BODY,
        _ => MAX_UPLOAD_BYTES,
    };
    let bytes = match read_body(body, limit).await {
        ReadBody::Whole(bytes) => bytes,
        ReadBody::TooLarge => return error(500, standard(500, "request entity too large")),
        ReadBody::Broken => return error(400, standard(400, "bad request")),
    };
    let Some(instance) = id.parse::<u64>().ok().and_then(|id| app.instances.get(&id)) else {
        return error(403, standard(403, ""));
    };
    let instance = Arc::clone(instance);
    {
        let mut state = instance.lock();
        if state.token != *token {
            return error(401, standard(401, ""));
        }
        if app.rate_limits.load(Ordering::Relaxed)
            && let Some(rate) = meta.rate_limit_per_second
            && meta.name != "ClearWebhooksQueue"
            && rate_limited(&mut state, meta.name, rate, app.clock.now_ms())
        {
            return error(429, standard(429, ""));
        }
    }
    let mut upload = None;
    let request = match meta.body {
        BodyKind::Json => {
            let document: &[u8] = if bytes.iter().all(u8::is_ascii_whitespace) {
                b"{}"
            } else {
                &bytes
            };
            if let Err(errors) = check(meta.name, document) {
                return refusal(&errors, document);
            }
            // No JSON method takes query parameters: the body is the request.
            serde_json::from_slice::<Value>(document).unwrap_or(Value::Null)
        }
        BodyKind::None => {
            let mut fields = query_pairs(parts.uri.query());
            fields.extend(
                route
                    .path_fields
                    .iter()
                    .zip(&path_values)
                    .map(|(name, value)| {
                        let value = percent_encoding::percent_decode_str(value)
                            .decode_utf8_lossy()
                            .into_owned();
                        ((*name).to_owned(), value)
                    }),
            );
            match from_texts(meta.name, fields) {
                (_, Ok(value)) => value,
                (bytes, Err(errors)) => return refusal(&errors, &bytes),
            }
        }
        BodyKind::Multipart => {
            let content_type = parts.headers.get(header::CONTENT_TYPE).cloned();
            let Some((mut fields, file)) = multipart(content_type, bytes).await else {
                return error(400, standard(400, "bad request"));
            };
            if let Some((name, file)) = &file
                && let (_, Err(errors)) = from_texts(meta.name, fields.clone())
                && errors
                    .iter()
                    .any(|i| i.code == ErrorCode::MissingField && i.path == format!("/{name}"))
            {
                // The method documents the file part as a field of its own.
                fields.push((name.clone(), file.file_name.clone()));
            }
            upload = file.map(|(_, f)| f);
            match from_texts(meta.name, fields) {
                (_, Ok(value)) => value,
                (bytes, Err(errors)) => return refusal(&errors, &bytes),
            }
        }
        _ => {
            let header_text = |name: &str| {
                parts
                    .headers
                    .get(name)
                    .and_then(|v| v.to_str().ok())
                    .map(str::to_owned)
            };
            let content_type = header_text("content-type")
                .unwrap_or_else(|| "application/octet-stream".to_owned());
            let file_name = header_text("ga-filename").unwrap_or_else(|| {
                let extension = content_type.rsplit('/').next().unwrap_or("bin");
                format!("file.{extension}")
            });
            upload = Some(Upload {
                file_name,
                content_type,
                bytes,
            });
            match from_texts(meta.name, Vec::new()) {
                (_, Ok(value)) => value,
                (bytes, Err(errors)) => return refusal(&errors, &bytes),
            }
        }
    };
    if meta.name == "ReceiveNotification" && app.config.realtime {
        let seconds = request
            .get("receiveTimeout")
            .and_then(Value::as_u64)
            .unwrap_or(5)
            .min(60);
        long_poll(&instance, std::time::Duration::from_secs(seconds)).await;
    }
    let answer = crate::methods::call(&app, &instance, meta, &request, upload);
    crate::delivery::kick(&app, &instance);
    answer.into_response()
}

/// Waits (real time) until the HTTP queue has a notification, a webhook is
/// set, or `timeout` passes: ReceiveNotification's documented long polling.
/// Only with the real-time clock; with the manual clock it answers at once.
async fn long_poll(instance: &crate::state::Instance, timeout: std::time::Duration) {
    let deadline = tokio::time::Instant::now() + timeout;
    loop {
        let arrived = instance.arrived.notified();
        {
            let state = instance.lock();
            if !state.queue.is_empty() || state.webhook_url().is_some() {
                return;
            }
        }
        if tokio::time::timeout_at(deadline, arrived).await.is_err() {
            return;
        }
    }
}

/// Whether an instance must be authorized for the method to run.
pub(crate) fn needs_authorization(meta: &EndpointMeta) -> bool {
    meta.name.starts_with("Send") || meta.name == "ForwardMessages"
}
