//! The schema of a field, a struct and a body section: what both the
//! standalone schemas and the OpenAPI components are made of.

use serde_json::{Map, Value, json};

use crate::spec::{Body, Field, Limit};

use super::{Builder, Side, Target, int, obj};

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

/// The pattern of chat ids of these kinds.
pub(super) fn kinds_pattern(kinds: &[String]) -> String {
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

/// An integer, or a string of digits: written as `anyOf` (no union `type`
/// arrays, which strict validators and generators refuse).
fn int_or_digits() -> Vec<Value> {
    vec![
        json!({ "type": "integer" }),
        json!({ "type": "string", "pattern": "^-?[0-9]+$" }),
    ]
}

impl Builder<'_> {
    /// The schema of a field type, with the field's limits (requests).
    pub(super) fn field_type(
        &mut self,
        ty: &str,
        side: Side,
        limits: &[Limit],
        required: bool,
    ) -> Value {
        if let Some(inner) = ty.strip_prefix("array<").and_then(|t| t.strip_suffix('>')) {
            return self.array_type(inner, side, limits);
        }
        let Some(mut s) = self.scalar_type(ty, side, limits) else {
            return self.named_type(ty, side);
        };
        if side == Side::Request {
            if ty == "string" && required {
                s.insert("minLength".into(), json!(1));
            }
            self.request_limits(&mut s, limits);
        }
        Value::Object(s)
    }

    fn array_type(&mut self, inner: &str, side: Side, limits: &[Limit]) -> Value {
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
        Value::Object(s)
    }

    /// A type that is not a struct or an enum; None for a named type.
    fn scalar_type(&self, ty: &str, side: Side, limits: &[Limit]) -> Option<Map<String, Value>> {
        Some(match (ty, side) {
            ("string" | "message_id", _) | ("chat_id", Side::Received) => {
                obj(json!({ "type": "string" }))
            }
            ("bool", _) => obj(json!({ "type": "boolean" })),
            ("integer", _) | ("phone_number", Side::Received) => obj(json!({ "type": "integer" })),
            ("unsigned", _) => obj(json!({ "type": "integer", "minimum": 0 })),
            ("number", _) => obj(json!({ "type": "number" })),
            ("json", _) => Map::new(),
            ("chat_id", Side::Request) => {
                obj(json!({ "type": "string", "pattern": kinds_pattern(&self.chat_kinds()) }))
            }
            ("phone_number", Side::Request) => phone_number(limits),
            ("phone_or_chat_id", _) => {
                obj(json!({ "type": "string", "pattern": "^([0-9]+|[0-9]+(-[0-9]+)?@g\\.us)$" }))
            }
            ("secret", _) => obj(json!({ "type": "string", "writeOnly": true, "x-secret": true })),
            ("int_or_string", _) => obj(json!({ "anyOf": int_or_digits() })),
            ("timestamp", _) => obj(json!({ "anyOf": int_or_digits(), "x-unix-seconds": true })),
            ("long", _) => {
                let mut any = int_or_digits();
                any.push(json!({
                    "type": "object",
                    "properties": {
                        "low": { "type": "integer" },
                        "high": { "type": "integer" },
                        "unsigned": { "type": "boolean" }
                    },
                    "required": ["low", "high"],
                    "additionalProperties": false
                }));
                obj(json!({ "anyOf": any }))
            }
            _ => return None,
        })
    }

    /// The chat id kinds of the provider's requests.
    fn chat_kinds(&self) -> Vec<String> {
        match &self.p.def.chat_ids {
            Some(c) => c.kinds.clone(),
            None => vec!["personal".into(), "group".into()],
        }
    }

    /// A notification, an enum or a struct: a reference to its definition
    /// (request enums are closed and written in place).
    fn named_type(&mut self, name: &str, side: Side) -> Value {
        if name == "notification" {
            self.notification();
            return self.reference("Notification");
        }
        if let Some((_, e)) = self.p.enums.get(name) {
            if side == Side::Request {
                let wires: Vec<&str> = e.values.iter().map(|v| v.wire.as_str()).collect();
                return json!({ "type": "string", "enum": wires });
            }
            self.open_enum(name);
        } else {
            self.struct_def(name, side);
        }
        self.reference(name)
    }

    fn request_limits(&self, s: &mut Map<String, Value>, limits: &[Limit]) {
        for l in limits {
            match l.rule.as_str() {
                "max_length" => {
                    s.insert("maxLength".into(), json!(int(l)));
                    s.insert("x-max-length-utf16".into(), json!(int(l)));
                }
                "min_length" => {
                    // A code point is one or two UTF-16 units.
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

    pub(super) fn open_enum(&mut self, name: &str) {
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

    /// The schema of one field as a property.
    fn property(&mut self, f: &Field, side: Side, top_level: bool) -> Value {
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
        // Any JSON value (`json`) already takes null.
        if f.nullable && !s.is_empty() {
            s = obj(json!({ "anyOf": [Value::Object(s), { "type": "null" }] }));
        }
        if let Some(d) = &f.doc {
            s.insert("description".into(), json!(d));
        }
        if let Some(d) = &f.default {
            // Generators read `default` as "always present" (openapi-typescript
            // makes such a field required); the server's default is not that.
            let key = match self.target {
                Target::Standalone => "default",
                Target::OpenApi => "x-server-default",
            };
            s.insert(key.into(), json!(d));
        }
        Value::Object(s)
    }

    /// An object schema from fields: closed for requests, open (and saying
    /// so) for received data.
    pub(super) fn object(
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
            let s = self.property(f, side, top_level);
            properties.insert(f.name.clone(), s);
            if f.required {
                required.push(f.name.clone());
            }
        }
        let mut s = obj(json!({ "type": "object", "properties": properties }));
        if !required.is_empty() {
            s.insert("required".into(), json!(required));
        }
        s.insert("additionalProperties".into(), json!(side == Side::Received));
        if side == Side::Request {
            body_rules(&mut s, rules);
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

    pub(super) fn struct_def(&mut self, name: &str, side: Side) {
        if self.defs.contains_key(name) {
            return;
        }
        let Some((_, def)) = self.p.structs.get(name) else {
            return;
        };
        let def = def.clone();
        // Reserve the name first: structs may refer to themselves.
        self.defs.insert(name.to_owned(), Value::Null);
        if let Some(tag) = &def.dispatch_on {
            self.dispatched(&def, tag);
            return;
        }
        let mut s = self.object(&def.fields, &def.rules, side, false, false);
        if let Some(d) = &def.doc {
            s.insert("description".into(), json!(d));
        }
        self.defs.insert(name.to_owned(), Value::Object(s));
    }

    /// The schema of a body section.
    pub(super) fn body(&mut self, b: &Body, side: Side, only_body: bool) -> Value {
        let mut s = match &b.root_type {
            Some(t) => obj(self.field_type(t, side, &[], false)),
            None => self.object(&b.fields, &b.rules, side, only_body, true),
        };
        if b.nullable && !s.is_empty() {
            s = obj(json!({ "anyOf": [Value::Object(s), { "type": "null" }] }));
        }
        Value::Object(s)
    }
}

/// The schema of a request phone number: an integer of so many digits.
fn phone_number(limits: &[Limit]) -> Map<String, Value> {
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

/// A request object's body-level rules.
fn body_rules(s: &mut Map<String, Value>, rules: &[Limit]) {
    for l in rules {
        match l.rule.as_str() {
            "at_least_one_of" => {
                let names: Vec<String> = l.fields.iter().flatten().cloned().collect();
                let any = at_least_one_of(s, &names);
                push_all_of(s, any);
            }
            "min_properties" => {
                s.insert("minProperties".into(), json!(int(l)));
            }
            _ => {}
        }
    }
}

/// "At least one of these members": an `anyOf` of objects that each define
/// and require one of them. Its own `allOf` member, not beside `properties`:
/// a generator reads `anyOf` beside `properties` as "either these properties
/// or the branch" (openapi-typescript's `T | unknown`), and a strict
/// validator wants every required member defined where it is required.
pub(super) fn at_least_one_of(s: &Map<String, Value>, names: &[String]) -> Value {
    let props = s.get("properties").and_then(Value::as_object);
    let any: Vec<Value> = names
        .iter()
        .map(|n| {
            let mut p = props
                .and_then(|p| p.get(n))
                .and_then(Value::as_object)
                .cloned()
                .unwrap_or_default();
            p.remove("description");
            json!({ "type": "object", "properties": { n.as_str(): p }, "required": [n] })
        })
        .collect();
    json!({ "anyOf": any })
}

/// Adds a member to the schema's `allOf`.
pub(super) fn push_all_of(s: &mut Map<String, Value>, member: Value) {
    match s.get_mut("allOf") {
        Some(Value::Array(a)) => a.push(member),
        _ => {
            s.insert("allOf".into(), json!([member]));
        }
    }
}
