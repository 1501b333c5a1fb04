//! The OpenAPI 3.1 document of a provider: every method under `paths`, the
//! notification under `webhooks`, the bodies as components named
//! `<Method>Request`, `<Method>Response`, `Notification` and `ErrorBody`.

use std::collections::BTreeMap;

use serde_json::{Map, Value, json};

use crate::spec::{Body, Field, MethodFile, Provider};

use super::{Builder, DIALECT, Side, Target, obj};

/// The component name of a method's body: the method name with a capital
/// first letter (`sendMessage` -> `SendMessageRequest`).
fn component(method: &str, part: &str) -> String {
    let mut chars = method.chars();
    let first: String = chars
        .next()
        .map(|c| c.to_ascii_uppercase())
        .into_iter()
        .collect();
    format!("{first}{}{part}", chars.as_str())
}

const ERROR_BODY: &str = "ErrorBody";

/// The provider's typed error body: the statuses it is documented for
/// (empty with `any_status`).
struct ErrorBody {
    statuses: Vec<u16>,
    any_status: bool,
}

impl ErrorBody {
    fn covers(&self, status: &str) -> bool {
        self.any_status || self.statuses.iter().any(|s| s.to_string() == status)
    }
}

/// The security schemes, and the root `security`: a scheme for a header or
/// bearer credential; none (`[]`) where the credentials are path segments or
/// body fields, which no OpenAPI scheme describes.
fn security(p: &Provider) -> (Map<String, Value>, Value, String) {
    let mut schemes = Map::new();
    let words: Vec<&str> = p.def.auth.split_whitespace().collect();
    let (security, text) = match words.as_slice() {
        ["bearer"] => {
            schemes.insert(
                "bearer".into(),
                json!({ "type": "http", "scheme": "bearer" }),
            );
            (json!([{ "bearer": [] }]), "a bearer token (`Authorization: Bearer`).".to_owned())
        }
        ["header", name] => {
            schemes.insert(
                "apiKey".into(),
                json!({ "type": "apiKey", "in": "header", "name": name }),
            );
            (json!([{ "apiKey": [] }]), format!("the `{name}` header."))
        }
        ["path_token"] => (
            json!([]),
            "the instance id and its API token are path segments (`{idInstance}`, `{apiTokenInstance}`), so no security scheme applies.".to_owned(),
        ),
        _ => (
            json!([]),
            "the credentials are fields of the request body, so no security scheme applies.".to_owned(),
        ),
    };
    (schemes, security, text)
}

/// The path placeholders of a method.
fn placeholders(path: &str) -> Vec<String> {
    path.split('{')
        .skip(1)
        .filter_map(|s| s.split_once('}').map(|(n, _)| n.to_owned()))
        .collect()
}

impl Builder<'_> {
    /// Path and query parameters.
    fn parameters(&mut self, d: &MethodFile) -> Vec<Value> {
        let fields: Vec<&Field> = d.request.iter().flat_map(|r| r.fields.iter()).collect();
        let mut parameters = Vec::new();
        for name in placeholders(&d.path) {
            let (schema, description) = match name.as_str() {
                "idInstance" => (
                    json!({ "type": "integer", "minimum": 0 }),
                    "The instance id.".to_owned(),
                ),
                "apiTokenInstance" => (
                    json!({ "type": "string", "x-secret": true }),
                    "The instance's API token (a secret: never log it).".to_owned(),
                ),
                other => match fields.iter().find(|f| f.name == other) {
                    Some(f) => (
                        self.field_type(&f.ty, Side::Request, &f.limits, true),
                        f.doc.clone().unwrap_or_default(),
                    ),
                    None => (
                        json!({ "type": "string" }),
                        self.p
                            .def
                            .instance
                            .iter()
                            .find(|i| i.name == other)
                            .and_then(|i| i.doc.clone())
                            .unwrap_or_default(),
                    ),
                },
            };
            parameters.push(json!({ "name": name, "in": "path", "required": true, "description": description, "schema": schema }));
        }
        for f in fields.iter().filter(|f| f.location == "query") {
            parameters.push(json!({
                "name": f.name,
                "in": "query",
                "required": f.required,
                "description": f.doc.clone().unwrap_or_default(),
                "schema": self.field_type(&f.ty, Side::Request, &f.limits, f.required),
            }));
        }
        parameters
    }

    /// The request body, when the method sends one.
    fn request_body(&mut self, d: &MethodFile) -> Option<Value> {
        let name = component(&d.name, "Request");
        let (media, schema) = match (d.content_type.as_str(), d.request.as_ref()) {
            ("json", Some(r)) if r.fields.iter().any(|f| f.location == "body") => {
                let s = self.body(r, Side::Request, true);
                self.defs.insert(name.clone(), s);
                ("application/json", self.reference(&name))
            }
            ("multipart", r) => {
                let s = self.multipart(r);
                self.defs.insert(name.clone(), s);
                ("multipart/form-data", self.reference(&name))
            }
            ("binary", _) => ("application/octet-stream", file_part()),
            _ => return None,
        };
        Some(json!({ "required": true, "content": { media: { "schema": schema } } }))
    }

    /// A multipart body: the documented text fields (none when the method
    /// documents only the file), and the file part.
    fn multipart(&mut self, r: Option<&Body>) -> Value {
        let mut schema = match r {
            Some(r) => obj(self.body(r, Side::Request, true)),
            None => {
                obj(json!({ "type": "object", "properties": {}, "additionalProperties": false }))
            }
        };
        if let Some(Value::Object(props)) = schema.get_mut("properties") {
            let mut file = obj(file_part());
            if let Some(d) = props.get("file").and_then(|f| f.get("description")) {
                file.insert("description".into(), d.clone());
            }
            props.insert("file".into(), Value::Object(file));
        }
        if let Value::Array(a) = schema.entry("required").or_insert(json!([]))
            && !a.contains(&json!("file"))
        {
            a.push(json!("file"));
        }
        Value::Object(schema)
    }

    /// The success response.
    fn success(&mut self, d: &MethodFile) -> (String, Value) {
        let status = d
            .response
            .as_ref()
            .and_then(|r| r.status)
            .unwrap_or(200)
            .to_string();
        let response = match &d.response {
            Some(r) => {
                let name = component(&d.name, "Response");
                let schema = self.body(r, Side::Received, false);
                self.defs.insert(name.clone(), schema);
                json!({ "description": "The documented success body.", "content": { "application/json": { "schema": self.reference(&name) } } })
            }
            None => json!({ "description": "Success; the documents give no body." }),
        };
        (status, response)
    }

    /// Every response: success, the documented errors by status (with the
    /// error body where it is documented), and `4XX` / `default` carrying the
    /// error body so that typed clients see it.
    fn responses(&mut self, d: &MethodFile, error_body: Option<&ErrorBody>) -> Map<String, Value> {
        let mut responses = Map::new();
        let (status, success) = self.success(d);
        responses.insert(status, success);
        for (status, lines) in documented_errors(self.p, d) {
            if let Some(Value::Object(r)) = responses.get_mut(&status) {
                // A failure answered with the success status: say so in the description.
                let text = format!(
                    "{} Also answered with this status: {}",
                    r.get("description")
                        .and_then(Value::as_str)
                        .unwrap_or_default(),
                    lines.join("; ")
                );
                r.insert("description".into(), json!(text));
                continue;
            }
            let mut r = obj(json!({ "description": lines.join("; ") }));
            if error_body.is_some_and(|e| e.covers(&status) || status == "default") {
                r.insert("content".into(), self.error_content());
            }
            responses.insert(status, Value::Object(r));
        }
        for (status, what) in [("4XX", "client error"), ("default", "status")] {
            if responses.contains_key(status) {
                continue;
            }
            let r = match error_body {
                Some(e) => {
                    let description = if e.any_status {
                        format!("Any other {what}, with the provider's error body.")
                    } else {
                        let listed: Vec<String> = e.statuses.iter().map(u16::to_string).collect();
                        format!(
                            "Any other {what}. The documents give this body for {} only; another status may carry another body.",
                            listed.join(", ")
                        )
                    };
                    json!({ "description": description, "content": self.error_content() })
                }
                None if status == "4XX" => {
                    json!({ "description": "A client error; the documents give no body." })
                }
                None => continue,
            };
            responses.insert(status.to_owned(), r);
        }
        responses
    }

    fn error_content(&self) -> Value {
        json!({ "application/json": { "schema": self.reference(ERROR_BODY) } })
    }

    /// One operation.
    fn operation(&mut self, d: &MethodFile, error_body: Option<&ErrorBody>) -> Value {
        let mut op = Map::new();
        op.insert("operationId".into(), json!(d.name));
        op.insert("summary".into(), json!(d.summary));
        op.insert("description".into(), json!(format!("Seed: {}.", d.seed)));
        let parameters = self.parameters(d);
        if !parameters.is_empty() {
            op.insert("parameters".into(), Value::Array(parameters));
        }
        if let Some(body) = self.request_body(d) {
            op.insert("requestBody".into(), body);
        }
        op.insert(
            "responses".into(),
            Value::Object(self.responses(d, error_body)),
        );
        if d.host == "media" {
            op.insert("servers".into(), json!([{ "url": "{mediaUrl}", "variables": { "mediaUrl": { "default": host(self.p, "media"), "description": "The instance's mediaUrl." } } }]));
        }
        Value::Object(op)
    }

    /// The notification, as the webhook the provider calls.
    fn webhooks(&mut self) -> Option<Value> {
        self.p.webhooks.as_ref()?;
        self.notification();
        Some(json!({
            "notification": {
                "post": {
                    "operationId": "notification",
                    "summary": "A notification the provider posts to the instance's webhook URL.",
                    "description": format!("TYPE {}/webhook; a `oneOf` of the documented kinds, each fixing `typeWebhook` (and, in `messageData`, `typeMessage`).", self.p.dir),
                    "requestBody": {
                        "required": true,
                        "content": { "application/json": { "schema": self.reference("Notification") } }
                    },
                    "responses": {
                        "2XX": { "description": "The receiver's answer; the documents do not specify it." }
                    }
                }
            }
        }))
    }
}

/// A method's documented errors and the provider's standard ones, by status.
fn documented_errors(p: &Provider, d: &MethodFile) -> BTreeMap<String, Vec<String>> {
    let mut by_status: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for e in &d.errors {
        let status = e.status.map_or("default".to_owned(), |s| s.to_string());
        by_status
            .entry(status)
            .or_default()
            .push(format!("`{}`: {}", e.text, e.meaning));
    }
    for e in p.errors.iter().flat_map(|e| e.http_errors.iter()) {
        by_status
            .entry(e.status.to_string())
            .or_default()
            .push(format!("`{}`: {} {}", e.text, e.meaning, e.action));
    }
    by_status
}

/// The documented host example of a kind (`api`, `media`).
fn host(p: &Provider, kind: &str) -> String {
    p.def
        .hosts
        .iter()
        .find(|h| h.get("kind").and_then(toml::Value::as_str) == Some(kind))
        .and_then(|h| h.get("example").and_then(toml::Value::as_str))
        .unwrap_or("https://example.invalid")
        .to_owned()
}

/// An OpenAPI 3.1 document for a provider.
pub(super) fn document(p: &Provider, version: &str, js_max_safe: u64) -> Value {
    let mut b = Builder::new(p, Target::OpenApi, js_max_safe);
    let error_body = p.errors.as_ref().and_then(|e| {
        let body = e.body.as_ref()?;
        let s = b.body(body, Side::Received, false);
        b.defs.insert(ERROR_BODY.into(), s);
        Some(ErrorBody {
            statuses: e.body_statuses.clone(),
            any_status: e.body_any_status,
        })
    });
    let mut paths: BTreeMap<String, Map<String, Value>> = BTreeMap::new();
    for m in &p.methods {
        let op = b.operation(&m.def, error_body.as_ref());
        paths
            .entry(m.def.path.clone())
            .or_default()
            .insert(m.def.verb.to_lowercase(), op);
    }
    let paths = Value::Object(
        paths
            .into_iter()
            .map(|(k, v)| (k, Value::Object(v)))
            .collect(),
    );
    let webhooks = b.webhooks();
    let (schemes, security, auth) = security(p);
    let mut doc = Map::new();
    doc.insert("openapi".into(), json!("3.1.0"));
    doc.insert(
        "info".into(),
        json!({
            "title": p.def.title,
            "version": version,
            "description": format!("Generated by wagate from spec/{}/ (seed {}). Schemas are draft 2020-12; x- keywords state what JSON Schema cannot (UTF-16 lengths, open enums; `wagate schema --keywords` lists them). Authentication: {auth}", p.dir, p.def.seed),
        }),
    );
    doc.insert("jsonSchemaDialect".into(), json!(DIALECT));
    doc.insert("servers".into(), json!([{ "url": "{apiUrl}", "variables": { "apiUrl": { "default": host(p, "api"), "description": "The provider's API host." } } }]));
    doc.insert("security".into(), security);
    doc.insert("paths".into(), paths);
    if let Some(w) = webhooks {
        doc.insert("webhooks".into(), w);
    }
    let roots: Vec<&Value> = doc.values().collect();
    let schemas = b.take_reachable(&roots);
    let mut components = Map::new();
    components.insert(
        "schemas".into(),
        Value::Object(schemas.into_iter().collect()),
    );
    if !schemes.is_empty() {
        components.insert("securitySchemes".into(), Value::Object(schemes));
    }
    doc.insert("components".into(), Value::Object(components));
    Value::Object(doc)
}

/// A file's bytes (a multipart file part or a raw upload body).
fn file_part() -> Value {
    json!({ "type": "string", "contentMediaType": "application/octet-stream" })
}
