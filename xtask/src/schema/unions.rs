//! Bodies chosen by a tag: the notification (by `typeWebhook`) and the
//! message data (by `typeMessage`).
//!
//! Both are a `oneOf` of object schemas, each fixing its tag by `const` or
//! `enum`: the form generators turn into a discriminated union (TypeScript's
//! `A | B`, pydantic's `Union[A, B]`) and validators check exactly (the tag
//! values are disjoint, so one member matches). The standalone schemas add
//! one open member for a tag no document names, because wagate keeps such a
//! body whole instead of refusing it; the OpenAPI documents leave it out, so
//! that the generated union stays narrowable by its tag.

use serde_json::{Map, Value, json};

use crate::spec::{StructDef, upper_camel};

use super::types::{at_least_one_of, push_all_of};
use super::{Builder, Side, Target, obj};

/// One member of a union: its definition name, the tag values it fixes, and
/// the members that must be present (any one of them).
struct Member {
    name: String,
    tags: Vec<String>,
    data_keys: Vec<String>,
    doc: String,
}

/// The tag fixed to these values: `const` for one, `enum` for several.
fn tag_schema(tags: &[String]) -> Value {
    match tags {
        [one] => json!({ "type": "string", "const": one }),
        _ => json!({ "type": "string", "enum": tags }),
    }
}

/// The open member: a tag that is none of the known values.
fn unknown_member(tag: &str, known: &[String], what: &str) -> Value {
    json!({
        "type": "object",
        "description": format!("A {what} of a kind the documents do not name: kept whole, only `{tag}` is known."),
        "properties": { tag: { "type": "string", "not": { "enum": known } } },
        "required": [tag],
        "additionalProperties": true,
    })
}

impl Builder<'_> {
    /// A struct selected by `tag` (the message data): a `oneOf` of one member
    /// per message kind, each with the struct's fields, its tag values and
    /// its data key; one for the known values no kind carries data for.
    pub(super) fn dispatched(&mut self, def: &StructDef, tag: &str) {
        let name = def.name.clone();
        let fields_name = format!("{name}Fields");
        let mut fields = self.object(&def.fields, &def.rules, Side::Received, false, false);
        fields.insert(
            "description".into(),
            json!(format!(
                "The members of {name} every kind may carry; {name} fixes `{tag}` and the kind's data key."
            )),
        );
        self.defs.insert(fields_name.clone(), Value::Object(fields));
        let members = self.message_members(def, tag);
        let known: Vec<String> = members.iter().flat_map(|m| m.tags.clone()).collect();
        let mut one_of = Vec::new();
        for m in &members {
            let s = self.member_schema(&fields_name, tag, m);
            self.defs.insert(m.name.clone(), s);
            one_of.push(self.reference(&m.name));
        }
        if self.target == Target::Standalone {
            one_of.push(unknown_member(tag, &known, "message"));
        }
        let mut s = obj(json!({
            "oneOf": one_of,
            "x-dispatch-on": tag,
        }));
        if let Some(d) = &def.doc {
            s.insert("description".into(), json!(d));
        }
        self.defs.insert(name, Value::Object(s));
    }

    /// The members of the message data union: one per message kind (its
    /// canonical value and the spellings read as it), then the other known values.
    fn message_members(&self, def: &StructDef, tag: &str) -> Vec<Member> {
        let Some(values) = def
            .fields
            .iter()
            .find(|f| f.name == tag)
            .and_then(|f| self.p.enums.get(&f.ty))
            .map(|(_, e)| e.values.clone())
        else {
            return Vec::new();
        };
        let mut members = Vec::new();
        let mut claimed = Vec::new();
        let kinds = self
            .p
            .webhooks
            .iter()
            .filter(|w| w.message_data == def.name)
            .flat_map(|w| w.message_kinds.iter());
        for k in kinds {
            let tags: Vec<String> = values
                .iter()
                .filter(|v| {
                    v.wire == k.type_message || v.alias_of.as_deref() == Some(&k.type_message)
                })
                .map(|v| v.wire.clone())
                .collect();
            claimed.extend(tags.iter().cloned());
            let mut data_keys = vec![k.data_key.clone()];
            data_keys.extend(k.data_key_aliases.iter().cloned());
            members.push(Member {
                name: format!("{}{}", def.name, upper_camel(&k.type_message)),
                tags,
                data_keys,
                doc: k.doc.clone(),
            });
        }
        let rest: Vec<String> = values
            .iter()
            .map(|v| v.wire.clone())
            .filter(|w| !claimed.contains(w))
            .collect();
        if !rest.is_empty() {
            members.push(Member {
                name: format!("{}Other", def.name),
                tags: rest,
                data_keys: Vec::new(),
                doc: format!("A known `{tag}` whose kind has no data key of its own."),
            });
        }
        members
    }

    /// One member: the shared fields (by reference), its tag values and its
    /// data key, required.
    fn member_schema(&self, fields_name: &str, tag: &str, m: &Member) -> Value {
        let all = self.defs.get(fields_name).cloned().unwrap_or_default();
        let all_props = all.get("properties").and_then(Value::as_object);
        let mut properties = Map::new();
        properties.insert(tag.to_owned(), tag_schema(&m.tags));
        let mut required = vec![json!(tag)];
        let mut s = obj(json!({ "type": "object", "description": m.doc }));
        push_all_of(&mut s, self.reference(fields_name));
        match m.data_keys.as_slice() {
            [] => {}
            [key] => {
                if let Some(p) = all_props.and_then(|p| p.get(key)) {
                    properties.insert(key.clone(), p.clone());
                }
                required.push(json!(key));
            }
            keys => {
                let props = all_props.cloned().unwrap_or_default();
                let rule = at_least_one_of(&obj(json!({ "properties": props })), keys);
                push_all_of(&mut s, rule);
            }
        }
        s.insert("properties".into(), Value::Object(properties));
        s.insert("required".into(), Value::Array(required));
        s.insert("additionalProperties".into(), json!(true));
        Value::Object(s)
    }

    /// The notification body: a `oneOf` of its kinds, each fixing `typeWebhook`.
    pub(super) fn notification(&mut self) {
        if self.defs.contains_key("Notification") {
            return;
        }
        // The provider outlives the builder: no borrow of `self`.
        let p = self.p;
        let Some(w) = &p.webhooks else {
            return;
        };
        self.defs.insert("Notification".into(), Value::Null);
        // Kinds that share a body (the message notifications) are one member.
        let mut members: Vec<(String, Vec<String>)> = Vec::new();
        for h in &w.webhooks {
            let name = h.struct_name();
            match members.iter_mut().find(|(n, _)| *n == name) {
                Some((_, tags)) => tags.push(h.name.clone()),
                None => members.push((name, vec![h.name.clone()])),
            }
        }
        let mut one_of = Vec::new();
        for (name, tags) in &members {
            let h = w.webhooks.iter().find(|h| h.struct_name() == *name);
            match h {
                Some(h) if h.body.is_none() => {
                    let mut s = self.object(&h.fields, &[], Side::Received, false, false);
                    s.insert("description".into(), json!(h.doc));
                    self.defs.insert(name.clone(), Value::Object(s));
                }
                _ => self.struct_def(name, Side::Received),
            }
            self.fix_tag(name, "typeWebhook", tags);
            one_of.push(self.reference(name));
        }
        let known: Vec<String> = members.into_iter().flat_map(|(_, t)| t).collect();
        let s = match self.target {
            Target::OpenApi => json!({
                "description": "A notification body: one member per typeWebhook.",
                "oneOf": one_of,
                "x-dispatch-on": "typeWebhook",
            }),
            Target::Standalone => {
                one_of.push(unknown_member("typeWebhook", &known, "notification"));
                json!({
                    "description": "A notification body: one member per typeWebhook, and one for a kind the documents do not name (wagate keeps it whole).",
                    "type": "object",
                    "required": ["typeWebhook"],
                    "properties": { "typeWebhook": { "type": "string" } },
                    "oneOf": one_of,
                    "x-dispatch-on": "typeWebhook",
                })
            }
        };
        self.defs.insert("Notification".into(), s);
    }

    /// Fixes a definition's tag property to these values.
    fn fix_tag(&mut self, name: &str, tag: &str, tags: &[String]) {
        let Some(Value::Object(s)) = self.defs.get_mut(name) else {
            return;
        };
        let Some(Value::Object(props)) = s.get_mut("properties") else {
            return;
        };
        let mut fixed = obj(tag_schema(tags));
        if let Some(d) = props.get(tag).and_then(|p| p.get("description")).cloned() {
            fixed.insert("description".into(), d);
        }
        props.insert(tag.to_owned(), Value::Object(fixed));
    }
}
