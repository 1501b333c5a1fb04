//! What the tools that consume the exports need, checked on the generated
//! files themselves (the tools run in `.ci/exports/run.sh`).

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use crate::spec::{self, Spec};

fn spec() -> Spec {
    match spec::load(&crate::root()) {
        Ok(s) => s,
        Err(problems) => panic!("spec/ does not load:\n{}", problems.join("\n")),
    }
}

/// Every generated file by key (`green-api/SendMessage.request`, `openapi/green-api`).
fn files(spec: &Spec) -> BTreeMap<String, Value> {
    super::generate(spec, "0.0.0")
        .into_iter()
        .map(|f| {
            let key = f
                .path
                .trim_start_matches(&format!("{}/", super::DIR))
                .trim_end_matches(".json")
                .to_owned();
            (key, serde_json::from_str(&f.text).unwrap())
        })
        .collect()
}

/// Every JSON object in a value, with its JSON Pointer.
fn objects<'a>(
    v: &'a Value,
    at: String,
    out: &mut Vec<(String, &'a serde_json::Map<String, Value>)>,
) {
    match v {
        Value::Object(m) => {
            out.push((at.clone(), m));
            for (k, x) in m {
                objects(x, format!("{at}/{k}"), out);
            }
        }
        Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                objects(x, format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
}

fn all_objects(v: &Value) -> Vec<(String, &serde_json::Map<String, Value>)> {
    let mut out = Vec::new();
    objects(v, String::new(), &mut out);
    out
}

/// A `$ref` resolved inside its document.
fn resolve<'a>(doc: &'a Value, schema: &'a Value) -> &'a Value {
    match schema.get("$ref").and_then(Value::as_str) {
        Some(r) => doc
            .pointer(r.trim_start_matches('#'))
            .unwrap_or(&Value::Null),
        None => schema,
    }
}

#[test]
fn no_union_type_arrays_and_every_required_member_is_defined_beside_it() {
    for (key, doc) in files(&spec()) {
        for (at, o) in all_objects(&doc) {
            assert!(
                !o.get("type").is_some_and(Value::is_array),
                "{key} {at}: a union `type` array (strict Ajv and generators want anyOf)"
            );
            // Ajv's strictRequired: a required member is defined in the same schema.
            if let Some(Value::Array(required)) = o.get("required") {
                let props = o.get("properties").and_then(Value::as_object);
                for name in required.iter().filter_map(Value::as_str) {
                    assert!(
                        props.is_some_and(|p| p.contains_key(name)),
                        "{key} {at}: `{name}` is required but not defined beside it"
                    );
                }
            }
        }
    }
}

#[test]
fn received_objects_say_they_are_open_and_requests_stay_closed() {
    for (key, doc) in files(&spec()) {
        let request = key.ends_with(".request");
        for (at, o) in all_objects(&doc) {
            // A union's members say it (the union itself only names its
            // tag); an alternative (`anyOf`: Long.js's {low, high}, "one of
            // these members") describes part of a value, not a body.
            let alternative = at
                .rsplit('/')
                .nth(1)
                .is_some_and(|parent| parent == "anyOf");
            if o.get("type").and_then(Value::as_str) != Some("object")
                || o.contains_key("oneOf")
                || alternative
                || key.starts_with("openapi/")
            {
                continue;
            }
            let open = o.get("additionalProperties");
            if request {
                assert_ne!(open, Some(&Value::Bool(true)), "{key} {at}");
            } else {
                assert_eq!(
                    open,
                    Some(&Value::Bool(true)),
                    "{key} {at}: an open body says so"
                );
            }
        }
    }
}

/// The values a union member fixes its tag to.
fn fixed(doc: &Value, member: &Value, tag: &str) -> Vec<String> {
    let t = &resolve(doc, member)["properties"][tag];
    match (t.get("const"), t.get("enum")) {
        (Some(Value::String(c)), _) => vec![c.clone()],
        (_, Some(Value::Array(e))) => e
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_owned)
            .collect(),
        _ => Vec::new(),
    }
}

/// Checks a tagged union: every member but the open one fixes the tag to
/// values no other member has; returns the known values and whether an open member is there.
fn union(doc: &Value, union: &Value, tag: &str, what: &str) -> (BTreeSet<String>, bool) {
    let members = union["oneOf"]
        .as_array()
        .unwrap_or_else(|| panic!("{what}: not a oneOf"));
    let mut known = BTreeSet::new();
    let mut open = false;
    for m in members {
        let values = fixed(doc, m, tag);
        if values.is_empty() {
            let not: BTreeSet<String> = resolve(doc, m)["properties"][tag]["not"]["enum"]
                .as_array()
                .unwrap_or_else(|| panic!("{what}: a member fixes no {tag}: {m}"))
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect();
            open = true;
            known.extend(not);
            continue;
        }
        for v in values {
            assert!(known.insert(v.clone()), "{what}: {tag} {v} in two members");
        }
    }
    (known, open)
}

#[test]
fn notifications_are_a_union_of_kinds_fixing_their_tags() {
    let spec = spec();
    let files = files(&spec);
    for p in spec.providers.iter().filter(|p| p.webhooks.is_some()) {
        let Some(w) = &p.webhooks else { continue };
        let kinds: BTreeSet<String> = w.webhooks.iter().map(|h| h.name.clone()).collect();
        let openapi = &files[&format!("openapi/{}", p.dir)];
        let schemas = &openapi["components"]["schemas"];
        let (known, open) = union(
            openapi,
            &schemas["Notification"],
            "typeWebhook",
            "openapi Notification",
        );
        assert_eq!(
            (known, open),
            (kinds.clone(), false),
            "{}: closed for generators",
            p.dir
        );
        assert_eq!(
            openapi["webhooks"]["notification"]["post"]["requestBody"]["content"]["application/json"]
                ["schema"]["$ref"],
            "#/components/schemas/Notification"
        );
        let (_, open) = union(
            openapi,
            &schemas[&w.message_data],
            "typeMessage",
            "openapi message data",
        );
        assert!(!open);
        let standalone = &files[&format!("{}/webhook", p.dir)];
        let (known, open) = union(standalone, standalone, "typeWebhook", "webhook schema");
        assert_eq!(
            (known, open),
            (kinds, true),
            "{}: open for a new kind",
            p.dir
        );
        let data = &standalone["$defs"][&w.message_data];
        let (known_messages, open) = union(standalone, data, "typeMessage", "webhook message data");
        assert!(open);
        for k in &w.message_kinds {
            assert!(
                known_messages.contains(&k.type_message),
                "{}",
                k.type_message
            );
        }
    }
}

#[test]
fn openapi_components_operations_security_and_error_bodies() {
    let spec = spec();
    let files = files(&spec);
    for p in &spec.providers {
        let doc = &files[&format!("openapi/{}", p.dir)];
        assert!(doc["security"].is_array(), "{}: root security", p.dir);
        let schemas = doc["components"]["schemas"].as_object().unwrap();
        for name in schemas.keys() {
            assert!(
                name.chars().next().is_some_and(|c| c.is_ascii_uppercase())
                    && name.chars().all(|c| c.is_ascii_alphanumeric()),
                "{}: component {name} is not PascalCase",
                p.dir
            );
        }
        let error_body = p.errors.as_ref().and_then(|e| e.body.as_ref()).is_some();
        assert_eq!(schemas.contains_key("ErrorBody"), error_body, "{}", p.dir);
        for m in &p.methods {
            let d = &m.def;
            let op = &doc["paths"][&d.path][d.verb.to_lowercase()];
            assert_eq!(op["operationId"], d.name.as_str());
            let capital = format!("{}{}", d.name[..1].to_uppercase(), &d.name[1..]);
            let body = &op["requestBody"]["content"]["application/json"]["schema"]["$ref"];
            if !body.is_null() {
                assert_eq!(
                    body,
                    &format!("#/components/schemas/{capital}Request"),
                    "{}",
                    d.name
                );
            }
            if d.response.is_some() {
                let status = d
                    .response
                    .as_ref()
                    .and_then(|r| r.status)
                    .unwrap_or(200)
                    .to_string();
                assert_eq!(
                    op["responses"][&status]["content"]["application/json"]["schema"]["$ref"],
                    format!("#/components/schemas/{capital}Response").as_str()
                );
            }
            let responses = op["responses"].as_object().unwrap();
            assert!(responses.contains_key("4XX"), "{}", d.name);
            if error_body {
                for status in ["4XX", "default"] {
                    assert_eq!(
                        responses[status]["content"]["application/json"]["schema"]["$ref"],
                        "#/components/schemas/ErrorBody",
                        "{} {status}",
                        d.name
                    );
                }
            }
        }
    }
}

#[test]
fn a_server_default_is_not_a_generator_default() {
    let spec = spec();
    let files = files(&spec);
    let mut seen = 0;
    for (key, doc) in &files {
        for (at, o) in all_objects(doc) {
            // `default` here is a keyword, not the `default` response or a
            // server variable's default.
            let keyword = !at.ends_with("/responses") && !at.contains("/variables/");
            if key.starts_with("openapi/") && keyword {
                assert!(!o.contains_key("default"), "{key} {at}");
                seen += usize::from(o.contains_key("x-server-default"));
            }
        }
    }
    let defaults = spec
        .providers
        .iter()
        .flat_map(|p| p.methods.iter())
        .flat_map(|m| m.def.request.iter().flat_map(|r| r.fields.iter()))
        .filter(|f| f.default.is_some())
        .count();
    assert!(defaults > 0);
    assert_eq!(seen, defaults);
}
