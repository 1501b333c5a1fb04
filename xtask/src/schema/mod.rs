//! JSON Schema (draft 2020-12) for every TYPE and an OpenAPI 3.1 document per
//! provider, generated from the checked spec.
//!
//! The schemas are built here, from spec/, rather than derived from the Rust
//! types: the same Rust type (a `ChatId`, an enum) is strict in a request and
//! lenient in received data, and the limits with their UTF-16 meaning live in
//! spec/. Each schema is a `schemars::Schema` in the 2020-12 dialect.
//!
//! They are written for the tools people generate code and validate with
//! (openapi-typescript, Ajv in strict mode, datamodel-code-generator, Redocly):
//! unions are `oneOf`s of members that fix their tag, alternatives are
//! `anyOf` (never a `type` array), open objects say `additionalProperties:
//! true`, and every required member is defined where it is required.
//!
//! What JSON Schema cannot say exactly is stated with `x-` keywords (the list:
//! `wagate schema --keywords`): `x-max-length-utf16` / `x-min-length-utf16`
//! (JSON Schema counts code points; the server counts UTF-16 units, so
//! `maxLength` is the same number, a looser bound, and `minLength` half of
//! it, rounded up), `x-unique-by`, `x-digits`, `x-open-enum`,
//! `x-known-values`, `x-secret`, `x-unix-seconds`, `x-dispatch-on`, and in
//! the OpenAPI documents `x-server-default`.

mod openapi;
mod types;
mod unions;

use std::collections::{BTreeMap, BTreeSet};

use schemars::Schema;
use serde_json::{Map, Value, json};

use crate::spec::{Limit, Method, Provider, Spec, type_names};

/// Where the schema files live, relative to the repository root.
pub const DIR: &str = "crates/wagate-cli/schema";

const DIALECT: &str = "https://json-schema.org/draft/2020-12/schema";

#[derive(Clone, Copy, PartialEq, Eq)]
enum Side {
    Request,
    Received,
}

/// What is being written: a standalone schema of one TYPE, or an OpenAPI
/// document (closed unions for generators; see `unions`).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Target {
    Standalone,
    OpenApi,
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
    target: Target,
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

impl<'a> Builder<'a> {
    fn new(p: &'a Provider, target: Target, js_max_safe: u64) -> Self {
        Builder {
            p,
            defs: BTreeMap::new(),
            ref_prefix: match target {
                Target::Standalone => "#/$defs/",
                Target::OpenApi => "#/components/schemas/",
            },
            js_max_safe,
            target,
        }
    }

    fn reference(&self, name: &str) -> Value {
        json!({ "$ref": format!("{}{name}", self.ref_prefix) })
    }

    /// The definitions reachable from `roots`, and only those: a member's
    /// fixed tag replaces the open enum it was built with.
    fn take_reachable(&mut self, roots: &[&Value]) -> BTreeMap<String, Value> {
        let mut reached = BTreeSet::new();
        let mut pending: Vec<String> = Vec::new();
        for r in roots {
            refs(r, self.ref_prefix, &mut pending);
        }
        while let Some(name) = pending.pop() {
            if reached.insert(name.clone())
                && let Some(d) = self.defs.get(&name)
            {
                refs(d, self.ref_prefix, &mut pending);
            }
        }
        std::mem::take(&mut self.defs)
            .into_iter()
            .filter(|(name, _)| reached.contains(name))
            .collect()
    }
}

/// The definition names a value refers to.
fn refs(v: &Value, prefix: &str, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            for (k, v) in m {
                match (k.as_str(), v) {
                    ("$ref", Value::String(r)) => {
                        if let Some(name) = r.strip_prefix(prefix) {
                            out.push(name.to_owned());
                        }
                    }
                    _ => refs(v, prefix, out),
                }
            }
        }
        Value::Array(a) => a.iter().for_each(|v| refs(v, prefix, out)),
        _ => {}
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
    let mut b = Builder::new(p, Target::Standalone, js_max_safe);
    let (root, description) = match rest {
        "webhook" => {
            b.notification();
            let root = b.defs.get("Notification").cloned()?;
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
    let defs = b.take_reachable(&[&root]);
    Some(document(ty, &description, root, defs))
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
            text: pretty(&openapi::document(p, version, spec.wire.safe_integer.max)),
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

#[cfg(test)]
mod tests;
