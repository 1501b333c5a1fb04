//! The modules that tie the generated code together: each provider's
//! `mod.rs`, `limits.rs`, the `generated` root and the TYPE registry.

use std::fmt::Write as _;

use super::model::Gen;
use super::names::{doc, header, lit, opt_lit};
use super::rules::{Collected, Const};
use crate::spec::{Spec, upper_camel};

/// A provider's `mod.rs`: its modules and the texts and chat id kinds its
/// requests use.
pub fn provider_module(g: &Gen, modules: &[String], c: &Collected) -> String {
    let p = g.p;
    let mut out = header(&format!("spec/{}/", p.dir));
    let _ = writeln!(
        out,
        "//!\n//! {}: one module per method; `types` holds what several share.\n//!",
        p.def.title
    );
    let _ = writeln!(out, "//! Source: {}.\n", p.def.seed);
    if c.used.contains("CHAT_IDS") || c.used.contains("TEXTS") {
        if c.used.contains("CHAT_IDS") {
            out.push_str("use crate::ids::ChatIdKind;\n");
        }
        if c.used.contains("TEXTS") {
            out.push_str("use crate::de::Texts;\n");
        }
        out.push('\n');
    }
    for m in modules {
        let _ = writeln!(out, "pub mod {m};");
    }
    out.push('\n');
    let text = |key: &str| {
        p.def
            .validation_messages
            .get(key)
            .map(|t| t.template.as_str())
    };
    if c.used.contains("TEXTS") {
        let _ = writeln!(
            out,
            "/// The server's texts for unknown, missing and mistyped request fields.\nconst TEXTS: Texts = Texts {{\n    unknown_field: {},\n    missing_field: {},\n    not_a_string: {},\n    not_a_number: {},\n    not_a_boolean: {},\n    not_an_array: {},\n}};\n",
            opt_lit(text("unknown_field")),
            opt_lit(text("missing_field")),
            opt_lit(text("not_a_string")),
            opt_lit(text("not_a_number")),
            opt_lit(text("not_a_boolean")),
            opt_lit(text("not_an_array")),
        );
    }
    if c.used.contains("EMPTY_TEXT") {
        let _ = writeln!(
            out,
            "/// The server's text for an empty string.\nconst EMPTY_TEXT: Option<&str> = {};\n",
            opt_lit(text("empty_string"))
        );
    }
    if c.used.contains("CHAT_ID_TEXT") {
        let _ = writeln!(
            out,
            "/// The server's text for a chat id of another shape.\nconst CHAT_ID_TEXT: Option<&str> = {};\n",
            opt_lit(text("chat_id"))
        );
    }
    if c.used.contains("MESSAGE_ID_TEXT") {
        let message_id = p
            .def
            .message_id
            .as_ref()
            .and_then(|m| m.server_message.as_deref());
        let _ = writeln!(
            out,
            "/// The server's text for a message id that is too short.\nconst MESSAGE_ID_TEXT: Option<&str> = {};\n",
            opt_lit(message_id)
        );
    }
    if c.used.contains("CHAT_IDS") {
        let kinds: Vec<String> = match &p.def.chat_ids {
            Some(ids) => ids
                .kinds
                .iter()
                .map(|k| format!("ChatIdKind::{}", upper_camel(k)))
                .collect(),
            None => vec!["ChatIdKind::Personal".into(), "ChatIdKind::Group".into()],
        };
        let source = p
            .def
            .chat_ids
            .as_ref()
            .map_or_else(String::new, |c| format!(" (source: {})", c.seed));
        let _ = writeln!(
            out,
            "/// The chat id kinds the provider's requests accept{source}.\nconst CHAT_IDS: &[ChatIdKind] = &[{}];\n",
            kinds.join(", ")
        );
    }
    out
}

/// `limits.rs`: every documented limit as a constant, a module per provider.
pub fn limits(spec: &Spec, per_provider: &[(String, String, Vec<Const>)]) -> String {
    let mut out = header("spec/");
    out.push_str("//!\n//! Every documented limit as a constant: validation, docs and tests use\n//! these; the numbers are written once, in spec/.\n\n");
    let w = &spec.wire.safe_integer;
    let _ = writeln!(
        out,
        "/// The largest integer the servers' JavaScript represents exactly\n/// (`Number.MAX_SAFE_INTEGER`, 2^53−1): `safe_integer` rules.\n///\n/// Source: {}.\npub const JS_MAX_SAFE_INTEGER: u64 = {};\n",
        w.seed, w.max
    );
    for (module, feature, consts) in per_provider {
        let mut consts: Vec<&Const> = consts.iter().collect();
        consts.sort_by(|a, b| a.name.cmp(&b.name));
        let _ = writeln!(
            out,
            "/// Limits of `{feature}`.\n#[cfg(feature = {})]\npub mod {module} {{",
            lit(feature)
        );
        for k in consts {
            doc(&mut out, "    ", &k.doc);
            let _ = writeln!(out, "    pub const {}: {} = {};", k.name, k.ty, k.value);
        }
        out.push_str("}\n\n");
    }
    out
}

/// The root of the generated code: the provider modules (one feature each)
/// and the typed error body of every provider.
pub fn root(spec: &Spec, error_bodies: &[(String, String)]) -> String {
    let mut out = header("spec/");
    out.push_str(
        "//!\n//! The model generated from spec/: a module per provider, behind its feature.\n\n",
    );
    out.push_str("use serde::{Serialize, Serializer};\n\npub mod limits;\n#[cfg(feature = \"registry\")]\npub mod registry;\n\n");
    for p in &spec.providers {
        let module = p.dir.replace('-', "_");
        let _ = writeln!(out, "#[cfg(feature = {})]\npub mod {module};", lit(&p.dir));
    }
    out.push_str("\n/// A provider's typed error body (`PROVIDER/error`), read by\n/// `parse_response` for the statuses the provider documents it on.\n#[derive(Clone, Debug, PartialEq)]\n#[non_exhaustive]\npub enum ErrorBody {\n");
    for (dir, module) in error_bodies {
        let _ = writeln!(
            out,
            "    /// `{dir}/error`.\n    #[cfg(feature = {})]\n    {}({module}::errors::ErrorBody),",
            lit(dir),
            upper_camel(module)
        );
    }
    out.push_str("}\n\nimpl Serialize for ErrorBody {\n    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {\n        match *self {\n");
    for (dir, module) in error_bodies {
        let _ = writeln!(
            out,
            "            #[cfg(feature = {})]\n            Self::{}(ref body) => body.serialize(serializer),",
            lit(dir),
            upper_camel(module)
        );
    }
    out.push_str("            #[allow(unreachable_patterns)]\n            _ => serializer.serialize_unit(),\n        }\n    }\n}\n");
    out
}

/// One TYPE of the registry: (name, provider, Rust path, direction).
pub type TypeRow = (String, String, String, &'static str);
/// One endpoint of the registry: (provider, module path, has a `.request`, has a `.response`).
pub type EndpointRow = (String, String, bool, bool);

/// `registry.rs`: every TYPE and endpoint by name, a table per provider.
pub fn registry(spec: &Spec, types: &[TypeRow], endpoints: &[EndpointRow]) -> String {
    let mut out = header("spec/");
    out.push_str("//!\n//! Every TYPE and every endpoint, a table per provider (behind its feature).\n\nuse crate::registry::{EndpointEntry, TypeEntry};\n\n");
    out.push_str("/// The tables of the enabled providers: (provider, TYPEs, endpoints).\npub(crate) const TABLES: &[(&str, &[TypeEntry], &[EndpointEntry])] = &[\n");
    for p in &spec.providers {
        let upper = p.dir.replace('-', "_").to_uppercase();
        let _ = writeln!(
            out,
            "    #[cfg(feature = {})]\n    ({}, {upper}_TYPES, {upper}_ENDPOINTS),",
            lit(&p.dir),
            lit(&p.dir)
        );
    }
    out.push_str("];\n\n");
    for p in &spec.providers {
        let upper = p.dir.replace('-', "_").to_uppercase();
        let feature = lit(&p.dir);
        let _ = writeln!(
            out,
            "#[cfg(feature = {feature})]\nconst {upper}_TYPES: &[TypeEntry] = &["
        );
        for (name, _, path, dir) in types.iter().filter(|t| t.1 == p.dir) {
            let _ = writeln!(
                out,
                "    TypeEntry::new::<super::{path}>({}, crate::Direction::{dir}),",
                lit(name)
            );
        }
        let _ = writeln!(
            out,
            "];\n\n#[cfg(feature = {feature})]\nconst {upper}_ENDPOINTS: &[EndpointEntry] = &["
        );
        for (_, module, _, _) in endpoints.iter().filter(|e| e.0 == p.dir) {
            let _ = writeln!(
                out,
                "    EndpointEntry::new::<super::{module}::Request>(&super::{module}::META),"
            );
        }
        out.push_str("];\n\n");
    }
    out
}
