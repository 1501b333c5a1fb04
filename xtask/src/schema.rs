//! JSON Schema (draft 2020-12) for every TYPE and an OpenAPI 3.1 document per
//! provider, generated from the checked spec.
//!
//! The schemas are built here, from spec/, rather than derived from the Rust
//! types: the same Rust type (a `ChatId`, an enum) is strict in a request and
//! lenient in received data, and the limits with their UTF-16 meaning live in
//! spec/. Each schema is a `schemars::Schema` in the 2020-12 dialect.
//!
//! What JSON Schema cannot say exactly is stated with `x-` keywords:
//! `x-max-length-utf16` / `x-min-length-utf16` (JSON Schema counts code
//! points; the server counts UTF-16 units, so `maxLength` is the same number,
//! a looser bound, and `minLength` half of it, rounded up), `x-unique-by`,
//! `x-open-enum`, `x-known-values`.

use std::collections::{BTreeMap, BTreeSet};

use schemars::Schema;
use serde_json::{Map, Value, json};

use crate::spec::{Body, Field, Limit, Method, Provider, Spec, type_names};

/// Where the schema files live, relative to the repository root.
pub const DIR: &str = "crates/wagate-cli/schema";

const DIALECT: &str = "https://json-schema.org/draft/2020-12/schema";

#[derive(Clone, Copy, PartialEq, Eq)]
enum Side {
    Request,
    Received,
}

/// Collects the named definitions a schema refers to.
struct Builder<'a> {
    p: &'a Provider,
    /// Definition name -> schema.
    defs: BTreeMap<String, Value>,
    /// Prefix of `$ref`s: `#/$defs/` or `#/components/schemas/`.
    ref_prefix: &'static str,
    /// The bound of `safe_integer` rules (spec/wire.toml).
    js_max_safe: u64,
}

fn obj(v: Value) -> Map<String, Value> {
    match v {
        Value::Object(m) => m,
        _ => Map::new(),
    }
}

fn int(l: &Limit) -> i64 {
    l.value
        .as_ref()
        .and_then(toml::Value::as_integer)
        .unwrap_or(0)
}

/// A regex-safe literal.
fn escape(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if "\\^$.|?*+()[]{}/-".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// The pattern of the chat ids a provider's requests accept.
fn chat_id_pattern(p: &Provider) -> String {
    let kinds: Vec<String> = match &p.def.chat_ids {
        Some(c) => c.kinds.clone(),
        None => vec!["personal".into(), "group".into()],
    };
    kinds_pattern(&kinds)
}

/// The pattern of chat ids of these kinds.
fn kinds_pattern(kinds: &[String]) -> String {
    let alternatives: Vec<&str> = kinds
        .iter()
        .map(|k| match k.as_str() {
            "personal" => "[0-9]+@c\\.us",
            "group" => "[0-9]+(-[0-9]+)?@g\\.us",
            "lid" => "[0-9]+@lid",
            "newsletter" => "[0-9]+@newsletter",
            _ => "status@broadcast",
        })
        .collect();
    format!("^({})$", alternatives.join("|"))
}

impl Builder<'_> {
    fn reference(&self, name: &str) -> Value {
        json!({ "$ref": format!("{}{name}", self.ref_prefix) })
    }

    /// The schema of a field type, with the field's limits (requests).
    fn field_type(&mut self, ty: &str, side: Side, limits: &[Limit], required: bool) -> Value {
        if let Some(inner) = ty.strip_prefix("array<").and_then(|t| t.strip_suffix('>')) {
            let mut s =
                obj(json!({ "type": "array", "items": self.field_type(inner, side, &[], false) }));
            for l in limits {
                match l.rule.as_str() {
                    "max_items" => {
                        s.insert("maxItems".into(), json!(int(l)));
                    }
                    "min_items" => {
                        s.insert("minItems".into(), json!(int(l)));
                    }
                    "unique_by" => {
                        // Exact when the items are objects of only that field, as
                        // request items are (additionalProperties: false).
                        s.insert("uniqueItems".into(), json!(true));
                        s.insert(
                            "x-unique-by".into(),
                            json!(l.field.clone().unwrap_or_default()),
                        );
                    }
                    _ => {}
                }
            }
            return Value::Object(s);
        }
        let mut s = match (ty, side) {
            ("string", _) => obj(json!({ "type": "string" })),
            ("bool", _) => obj(json!({ "type": "boolean" })),
            ("integer", _) => obj(json!({ "type": "integer" })),
            ("unsigned", _) => obj(json!({ "type": "integer", "minimum": 0 })),
            ("number", _) => obj(json!({ "type": "number" })),
            ("json", _) => Map::new(),
            ("message_id", _) => obj(json!({ "type": "string" })),
            ("chat_id", Side::Request) => {
                obj(json!({ "type": "string", "pattern": chat_id_pattern(self.p) }))
            }
            ("chat_id", Side::Received) => obj(json!({ "type": "string" })),
            ("phone_number", Side::Request) => {
                let mut s = obj(json!({ "type": "integer" }));
                if let Some(l) = limits.iter().find(|l| l.rule == "digits") {
                    let (min, max) = (l.min.unwrap_or(1), l.max.unwrap_or(1));
                    let lowest = 10_i64
                        .checked_pow(u32::try_from(min - 1).unwrap_or(0))
                        .unwrap_or(i64::MAX);
                    let highest = 10_i64
                        .checked_pow(u32::try_from(max).unwrap_or(0))
                        .map_or(i64::MAX, |n| n - 1);
                    s.insert("minimum".into(), json!(lowest));
                    s.insert("maximum".into(), json!(highest));
                    s.insert("x-digits".into(), json!({ "min": min, "max": max }));
                }
                s
            }
            ("phone_number", Side::Received) => obj(json!({ "type": "integer" })),
            ("phone_or_chat_id", _) => {
                obj(json!({ "type": "string", "pattern": "^([0-9]+|[0-9]+(-[0-9]+)?@g\\.us)$" }))
            }
            ("secret", _) => obj(json!({ "type": "string", "writeOnly": true, "x-secret": true })),
            ("int_or_string", _) => {
                obj(json!({ "type": ["integer", "string"], "pattern": "^-?[0-9]+$" }))
            }
            ("long", _) => obj(json!({
                "anyOf": [
                    { "type": "integer" },
                    { "type": "string", "pattern": "^-?[0-9]+$" },
                    {
                        "type": "object",
                        "properties": {
                            "low": { "type": "integer" },
                            "high": { "type": "integer" },
                            "unsigned": { "type": "boolean" }
                        },
                        "required": ["low", "high"],
                        "additionalProperties": false
                    }
                ]
            })),
            ("timestamp", _) => obj(
                json!({ "type": ["integer", "string"], "pattern": "^-?[0-9]+$", "x-unix-seconds": true }),
            ),
            ("notification", _) => {
                self.notification();
                return self.reference("Notification");
            }
            (name, _) => {
                if let Some((_, e)) = self.p.enums.get(name) {
                    let wires: Vec<&str> = e.values.iter().map(|v| v.wire.as_str()).collect();
                    if side == Side::Request {
                        obj(json!({ "type": "string", "enum": wires }))
                    } else {
                        self.open_enum(name);
                        return self.reference(name);
                    }
                } else {
                    self.struct_def(name, side);
                    return self.reference(name);
                }
            }
        };
        if side == Side::Request {
            if ty == "string" && required {
                s.insert("minLength".into(), json!(1));
            }
            for l in limits {
                match l.rule.as_str() {
                    "max_length" => {
                        s.insert("maxLength".into(), json!(int(l)));
                        s.insert("x-max-length-utf16".into(), json!(int(l)));
                    }
                    "min_length" => {
                        s.insert("minLength".into(), json!((int(l) + 1) / 2));
                        s.insert("x-min-length-utf16".into(), json!(int(l)));
                    }
                    "minimum" => {
                        s.insert("minimum".into(), json!(int(l)));
                    }
                    "maximum" => {
                        s.insert("maximum".into(), json!(int(l)));
                    }
                    "one_of" => {
                        let values: Vec<Value> = l
                            .values
                            .iter()
                            .flatten()
                            .filter_map(|v| serde_json::to_value(v).ok())
                            .collect();
                        s.insert("enum".into(), Value::Array(values));
                    }
                    "starts_with" => {
                        let prefixes: Vec<String> = l
                            .values
                            .iter()
                            .flatten()
                            .filter_map(|v| v.as_str().map(escape))
                            .chain(l.value.as_ref().and_then(|v| v.as_str()).map(escape))
                            .collect();
                        s.insert(
                            "pattern".into(),
                            json!(format!("^({})", prefixes.join("|"))),
                        );
                    }
                    "safe_integer" | "safe_number" => {
                        let max = i64::try_from(self.js_max_safe).unwrap_or(i64::MAX);
                        s.entry("minimum").or_insert(json!(-max));
                        s.entry("maximum").or_insert(json!(max));
                    }
                    _ => {}
                }
            }
        }
        Value::Object(s)
    }

    fn open_enum(&mut self, name: &str) {
        if self.defs.contains_key(name) {
            return;
        }
        let Some((_, e)) = self.p.enums.get(name) else {
            return;
        };
        let wires: Vec<&str> = e.values.iter().map(|v| v.wire.as_str()).collect();
        let mut s = obj(json!({
            "type": "string",
            "x-open-enum": true,
            "x-known-values": wires,
        }));
        if let Some(d) = &e.doc {
            s.insert("description".into(), json!(d));
        }
        self.defs.insert(name.to_owned(), Value::Object(s));
    }

    /// An object schema from fields.
    fn object(
        &mut self,
        fields: &[Field],
        rules: &[Limit],
        side: Side,
        only_body: bool,
        top_level: bool,
    ) -> Map<String, Value> {
        let mut properties = Map::new();
        let mut required = Vec::new();
        for f in fields {
            if only_body && f.location != "body" {
                continue;
            }
            let limits = self.limits_of(f, side, top_level);
            let mut s = obj(self.field_type(&f.ty, side, &limits, f.required));
            if let (Side::Request, Some(kinds)) = (side, &f.chat_ids) {
                let target = if f.ty.starts_with("array<") {
                    s.get_mut("items").and_then(Value::as_object_mut)
                } else {
                    Some(&mut s)
                };
                if let Some(t) = target {
                    t.insert("pattern".into(), json!(kinds_pattern(kinds)));
                }
            }
            if f.nullable {
                s = obj(json!({ "anyOf": [Value::Object(s), { "type": "null" }] }));
            }
            if let Some(d) = &f.doc {
                s.insert("description".into(), json!(d));
            }
            if let Some(d) = &f.default {
                s.insert("default".into(), json!(d));
            }
            properties.insert(f.name.clone(), Value::Object(s));
            if f.required {
                required.push(f.name.clone());
            }
        }
        let mut s = obj(json!({ "type": "object", "properties": properties }));
        if !required.is_empty() {
            s.insert("required".into(), json!(required));
        }
        if side == Side::Request {
            s.insert("additionalProperties".into(), json!(false));
            for l in rules {
                match l.rule.as_str() {
                    "at_least_one_of" => {
                        let any: Vec<Value> = l
                            .fields
                            .iter()
                            .flatten()
                            .map(|n| json!({ "required": [n] }))
                            .collect();
                        s.insert("anyOf".into(), Value::Array(any));
                    }
                    "min_properties" => {
                        s.insert("minProperties".into(), json!(int(l)));
                    }
                    _ => {}
                }
            }
        }
        s
    }

    /// A field's limits, with the provider's message id rule where it applies.
    fn limits_of(&self, f: &Field, side: Side, top_level: bool) -> Vec<Limit> {
        let mut limits = f.limits.clone();
        if let Some(rule) = &self.p.def.message_id
            && side == Side::Request
            && top_level
            && f.ty == "message_id"
            && rule.fields.contains(&f.name)
        {
            limits.push(Limit {
                rule: "min_length".into(),
                value: i64::try_from(rule.min_length)
                    .ok()
                    .map(toml::Value::Integer),
                values: None,
                field: None,
                fields: None,
                min: None,
                max: None,
                seed: rule.seed.clone(),
                server_message: rule.server_message.clone(),
                note: None,
            });
        }
        limits
    }

    fn struct_def(&mut self, name: &str, side: Side) {
        if self.defs.contains_key(name) {
            return;
        }
        let Some((_, def)) = self.p.structs.get(name) else {
            return;
        };
        let def = def.clone();
        // Reserve the name first: structs may refer to themselves.
        self.defs.insert(name.to_owned(), Value::Null);
        let mut s = self.object(&def.fields, &def.rules, side, false, false);
        if let Some(d) = &def.doc {
            s.insert("description".into(), json!(d));
        }
        if let Some(tag) = &def.dispatch_on {
            s = self.dispatched(name, tag, s);
        }
        self.defs.insert(name.to_owned(), Value::Object(s));
    }

    /// A struct selected by `tag`: a known value must match the struct (and
    /// carry its kind's data key); any other value is kept, so only the tag is required.
    fn dispatched(
        &mut self,
        name: &str,
        tag: &str,
        typed: Map<String, Value>,
    ) -> Map<String, Value> {
        let Some((_, def)) = self.p.structs.get(name) else {
            return typed;
        };
        let tag_enum = def
            .fields
            .iter()
            .find(|f| f.name == tag)
            .and_then(|f| self.p.enums.get(&f.ty))
            .map(|(_, e)| e.clone());
        let Some(tag_enum) = tag_enum else {
            return typed;
        };
        let known: Vec<&str> = tag_enum.values.iter().map(|v| v.wire.as_str()).collect();
        let mut all_of = vec![json!({
            "if": { "properties": { tag: { "enum": known } } },
            "then": Value::Object(typed),
        })];
        if let Some(w) = &self.p.webhooks
            && w.message_data == name
        {
            for k in &w.message_kinds {
                let spellings: Vec<&str> = tag_enum
                    .values
                    .iter()
                    .filter(|v| {
                        v.wire == k.type_message || v.alias_of.as_deref() == Some(&k.type_message)
                    })
                    .map(|v| v.wire.as_str())
                    .collect();
                all_of.push(json!({
                    "if": { "properties": { tag: { "enum": spellings } } },
                    "then": { "required": [k.data_key] },
                }));
            }
        }
        obj(json!({
            "type": "object",
            "required": [tag],
            "properties": { tag: { "type": "string" } },
            "allOf": all_of,
            "x-dispatch-on": tag,
        }))
    }

    /// The notification body: dispatched on typeWebhook.
    fn notification(&mut self) {
        if self.defs.contains_key("Notification") {
            return;
        }
        let Some(w) = &self.p.webhooks else { return };
        self.defs.insert("Notification".into(), Value::Null);
        let mut all_of = Vec::new();
        let mut kinds = Vec::new();
        for h in &w.webhooks {
            let name = h.struct_name();
            match &h.body {
                Some(b) => self.struct_def(b, Side::Received),
                None => {
                    let mut s = self.object(&h.fields, &[], Side::Received, false, false);
                    s.insert("description".into(), json!(h.doc));
                    self.defs.insert(name.clone(), Value::Object(s));
                }
            }
            all_of.push(json!({
                "if": { "properties": { "typeWebhook": { "const": h.name } } },
                "then": self.reference(&name),
            }));
            kinds.push(h.name.clone());
        }
        let s = json!({
            "type": "object",
            "description": "A notification body, dispatched on typeWebhook: a known kind must match its schema; any other kind is kept.",
            "required": ["typeWebhook"],
            "properties": { "typeWebhook": { "type": "string", "x-known-values": kinds } },
            "allOf": all_of,
            "x-dispatch-on": "typeWebhook",
        });
        self.defs.insert("Notification".into(), s);
    }

    /// The schema of a body section.
    fn body(&mut self, b: &Body, side: Side, only_body: bool) -> Value {
        let mut s = match &b.root_type {
            Some(t) => obj(self.field_type(t, side, &[], false)),
            None => self.object(&b.fields, &b.rules, side, only_body, true),
        };
        if b.nullable {
            s = obj(json!({ "anyOf": [Value::Object(s), { "type": "null" }] }));
        }
        Value::Object(s)
    }
}

/// Wraps a root schema with its dialect, title and definitions.
fn document(title: &str, description: &str, root: Value, defs: BTreeMap<String, Value>) -> Value {
    let mut out = Map::new();
    out.insert("$schema".into(), json!(DIALECT));
    out.insert("title".into(), json!(title));
    out.insert("description".into(), json!(description));
    for (k, v) in obj(root) {
        out.insert(k, v);
    }
    if !defs.is_empty() {
        out.insert("$defs".into(), Value::Object(defs.into_iter().collect()));
    }
    // Built as a schemars `Schema` (2020-12 dialect).
    Schema::from(out).to_value()
}

fn builder<'a>(p: &'a Provider, ref_prefix: &'static str, js_max_safe: u64) -> Builder<'a> {
    Builder {
        p,
        defs: BTreeMap::new(),
        ref_prefix,
        js_max_safe,
    }
}

/// One generated file: path relative to the repository root, and its text.
pub struct File {
    pub path: String,
    pub text: String,
}

fn pretty(v: &Value) -> String {
    let mut s = serde_json::to_string_pretty(v).unwrap_or_default();
    s.push('\n');
    s
}

/// The JSON Schema of one TYPE, or None when the spec has no such TYPE.
fn type_schema(p: &Provider, ty: &str, js_max_safe: u64) -> Option<Value> {
    let rest = ty.strip_prefix(&format!("{}/", p.dir))?;
    let mut b = builder(p, "#/$defs/", js_max_safe);
    let (root, description) = match rest {
        "webhook" => {
            b.notification();
            let root = b.defs.remove("Notification")?;
            (root, "A notification body (any typeWebhook).".to_owned())
        }
        "error" => {
            let e = p.errors.as_ref()?;
            let body = e.body.as_ref()?;
            (
                b.body(body, Side::Received, false),
                "The provider's error body.".to_owned(),
            )
        }
        _ => {
            let (method, part) = rest.rsplit_once('.')?;
            let m: &Method = p.methods.iter().find(|m| m.def.name == method)?;
            match part {
                "request" => (
                    b.body(m.def.request.as_ref()?, Side::Request, false),
                    format!(
                        "{}: the request document (path and query fields included). {}",
                        m.def.name, m.def.summary
                    ),
                ),
                "response" => (
                    b.body(m.def.response.as_ref()?, Side::Received, false),
                    format!("{}: the success body. {}", m.def.name, m.def.summary),
                ),
                _ => return None,
            }
        }
    };
    // The root of a webhook schema refers to its own kinds.
    let defs = std::mem::take(&mut b.defs);
    Some(document(ty, &description, root, defs))
}

/// An OpenAPI 3.1 document for a provider.
fn openapi(p: &Provider, version: &str, js_max_safe: u64) -> Value {
    let mut b = builder(p, "#/components/schemas/", js_max_safe);
    let mut paths: BTreeMap<String, Map<String, Value>> = BTreeMap::new();
    let auth = p.def.auth.as_str();
    let mut security_schemes = Map::new();
    let security = match auth.split_whitespace().collect::<Vec<_>>().as_slice() {
        ["bearer"] => {
            security_schemes.insert(
                "bearer".into(),
                json!({ "type": "http", "scheme": "bearer" }),
            );
            Some(json!([{ "bearer": [] }]))
        }
        ["header", name] => {
            security_schemes.insert(
                "apiKey".into(),
                json!({ "type": "apiKey", "in": "header", "name": name }),
            );
            Some(json!([{ "apiKey": [] }]))
        }
        _ => None,
    };
    let error_body = p.errors.as_ref().and_then(|e| {
        let body = e.body.as_ref()?;
        Some((e.body_statuses.clone(), body))
    });
    if let Some((_, body)) = &error_body {
        let s = b.body(body, Side::Received, false);
        b.defs.insert("error".into(), s);
    }
    for m in &p.methods {
        let d = &m.def;
        let mut parameters = Vec::new();
        let placeholders: Vec<String> = d
            .path
            .split('{')
            .skip(1)
            .filter_map(|s| s.split_once('}').map(|(n, _)| n.to_owned()))
            .collect();
        let fields: Vec<&Field> = d.request.iter().flat_map(|r| r.fields.iter()).collect();
        for name in &placeholders {
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
                        b.field_type(&f.ty, Side::Request, &f.limits, true),
                        f.doc.clone().unwrap_or_default(),
                    ),
                    None => (json!({ "type": "string" }), String::new()),
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
                "schema": b.field_type(&f.ty, Side::Request, &f.limits, f.required),
            }));
        }
        let mut op = Map::new();
        op.insert("operationId".into(), json!(d.name));
        op.insert("summary".into(), json!(d.summary));
        op.insert("description".into(), json!(format!("Seed: {}.", d.seed)));
        if !parameters.is_empty() {
            op.insert("parameters".into(), Value::Array(parameters));
        }
        if let Some(r) = &d.request
            && d.content_type != "none"
        {
            let has_body_fields = r.fields.iter().any(|f| f.location == "body");
            let content = match d.content_type.as_str() {
                "json" => {
                    let name = format!("{}.request", d.name);
                    let schema = b.body(r, Side::Request, true);
                    b.defs.insert(name.clone(), schema);
                    json!({ "application/json": { "schema": b.reference(&name) } })
                }
                "multipart" => {
                    let mut schema = obj(b.body(r, Side::Request, true));
                    if let Some(Value::Object(props)) = schema.get_mut("properties") {
                        props.insert("file".into(), json!({ "type": "string", "contentMediaType": "application/octet-stream" }));
                    }
                    let req = schema.entry("required").or_insert(json!([]));
                    if let Value::Array(a) = req {
                        a.push(json!("file"));
                    }
                    json!({ "multipart/form-data": { "schema": Value::Object(schema) } })
                }
                _ => {
                    json!({ "application/octet-stream": { "schema": { "type": "string", "contentMediaType": "application/octet-stream" } } })
                }
            };
            if has_body_fields || d.content_type != "json" {
                op.insert(
                    "requestBody".into(),
                    json!({ "required": true, "content": content }),
                );
            }
        }
        let mut responses = Map::new();
        let status = d
            .response
            .as_ref()
            .and_then(|r| r.status)
            .unwrap_or(200)
            .to_string();
        match &d.response {
            Some(r) => {
                let name = format!("{}.response", d.name);
                let schema = b.body(r, Side::Received, false);
                b.defs.insert(name.clone(), schema);
                responses.insert(status, json!({ "description": "The documented success body.", "content": { "application/json": { "schema": b.reference(&name) } } }));
            }
            None => {
                responses.insert(
                    status,
                    json!({ "description": "Success; the documents give no body." }),
                );
            }
        }
        // Documented errors, grouped by status.
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
        for (status, lines) in by_status {
            if responses.contains_key(&status) {
                // A failure answered with the success status: say so in the description.
                if let Some(Value::Object(r)) = responses.get_mut(&status) {
                    let text = format!(
                        "{} Also answered with this status: {}",
                        r.get("description")
                            .and_then(Value::as_str)
                            .unwrap_or_default(),
                        lines.join("; ")
                    );
                    r.insert("description".into(), json!(text));
                }
                continue;
            }
            let mut r = obj(json!({ "description": lines.join("; ") }));
            if let Some((statuses, _)) = &error_body
                && (statuses.is_empty() || statuses.iter().any(|s| s.to_string() == status))
            {
                r.insert(
                    "content".into(),
                    json!({ "application/json": { "schema": b.reference("error") } }),
                );
            }
            responses.insert(status, Value::Object(r));
        }
        op.insert("responses".into(), Value::Object(responses));
        if d.host == "media" {
            op.insert("servers".into(), json!([{ "url": "{mediaUrl}", "variables": { "mediaUrl": { "default": host(p, "media"), "description": "The instance's mediaUrl." } } }]));
        }
        paths
            .entry(d.path.clone())
            .or_default()
            .insert(d.verb.to_lowercase(), Value::Object(op));
    }
    if p.webhooks.is_some() {
        b.notification();
    }
    let mut doc = Map::new();
    doc.insert("openapi".into(), json!("3.1.0"));
    doc.insert(
        "info".into(),
        json!({
            "title": p.def.title,
            "version": version,
            "description": format!("Generated by wagate from spec/{}/ (seed {}). Schemas are draft 2020-12; x- keywords state what JSON Schema cannot (UTF-16 lengths, open enums).", p.dir, p.def.seed),
        }),
    );
    doc.insert("jsonSchemaDialect".into(), json!(DIALECT));
    doc.insert("servers".into(), json!([{ "url": "{apiUrl}", "variables": { "apiUrl": { "default": host(p, "api"), "description": "The provider's API host." } } }]));
    doc.insert(
        "paths".into(),
        Value::Object(
            paths
                .into_iter()
                .map(|(k, v)| (k, Value::Object(v)))
                .collect(),
        ),
    );
    let mut components = Map::new();
    components.insert(
        "schemas".into(),
        Value::Object(b.defs.into_iter().collect()),
    );
    if !security_schemes.is_empty() {
        components.insert("securitySchemes".into(), Value::Object(security_schemes));
    }
    doc.insert("components".into(), Value::Object(components));
    if let Some(s) = security {
        doc.insert("security".into(), s);
    }
    Value::Object(doc)
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

/// Every schema file: one per TYPE, one OpenAPI document per provider.
pub fn generate(spec: &Spec, version: &str) -> Vec<File> {
    let mut out = Vec::new();
    let mut seen = BTreeSet::new();
    for p in &spec.providers {
        for ty in type_names(p) {
            if let Some(schema) = type_schema(p, &ty, spec.wire.safe_integer.max)
                && seen.insert(ty.clone())
            {
                out.push(File {
                    path: format!("{DIR}/{ty}.json"),
                    text: pretty(&schema),
                });
            }
        }
        out.push(File {
            path: format!("{DIR}/openapi/{}.json", p.dir),
            text: pretty(&openapi(p, version, spec.wire.safe_integer.max)),
        });
    }
    out
}

/// The CLI's bundle of the schema files (`wagate schema`, `wagate openapi`).
pub fn bundle(files: &[File]) -> File {
    let mut text = String::from(
        "//! @generated by `cargo xtask codegen` from spec/ (the files in crates/wagate-cli/schema/); do not edit.\n//!\n//! Every schema file, bundled so that `wagate schema` and `wagate openapi` print exactly the committed files.\n\n/// (TYPE, or `openapi/<provider>`; file text)\npub const SCHEMAS: &[(&str, &str)] = &[\n",
    );
    for f in files {
        let rel = f.path.strip_prefix(&format!("{DIR}/")).unwrap_or(&f.path);
        let key = rel.strip_suffix(".json").unwrap_or(rel);
        text.push_str(&format!(
            "    ({key:?}, include_str!(\"../../schema/{rel}\")),\n"
        ));
    }
    text.push_str("];\n");
    File {
        path: "crates/wagate-cli/src/generated/schemas.rs".into(),
        text,
    }
}
