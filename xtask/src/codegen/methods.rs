//! One module per method: its wire facts (`META`), `Request`, `Response`,
//! `parse_response`, and the types only it uses.

use std::fmt::Write as _;

use super::model::{Gen, Side};
use super::names::{Imports, header, lit, opt_lit};
use super::rules::Collected;
use super::structs::{StructSpec, received, request};
use super::types::named_types;
use crate::spec::{Body, Method};

/// The text of a method's module.
pub fn method_module(g: &Gen, m: &Method, c: &mut Collected) -> String {
    let d = &m.def;
    let unit = m.module.as_str();
    let mut imports = Imports::default();
    let mut body = meta(g, m, c, &mut imports);
    match &d.request {
        Some(r) => {
            let s = StructSpec {
                name: "Request",
                owner: &d.name,
                doc: format!(
                    "The `{}` request{}.\n\nSource: {}.",
                    d.name,
                    r.doc
                        .as_deref()
                        .map(|x| format!(": {x}"))
                        .unwrap_or_default(),
                    r.seed.as_deref().unwrap_or(&d.seed)
                ),
                fields: &r.fields,
                rules: &r.rules,
                file: m.file.clone(),
                top_level: true,
            };
            body.push_str(&request(g, &s, unit, c, &mut imports));
            body.push_str(&document(
                "Request",
                &format!("{}/{}.request", g.p.dir, d.name),
                Side::Request,
                &m.file,
                &r.fields,
                c,
                &mut imports,
            ));
        }
        None => {
            let _ = writeln!(body, "endpoint::no_params_request!({});\n", lit(&d.name));
            imports.add("crate::endpoint", "self");
            c.used.insert("TEXTS");
        }
    }
    body.push_str(&endpoint_impl(m, &mut imports));
    if let Some(r) = &d.response {
        let text = format!(
            "The `{}` success body{}.\n\nSource: {}.",
            d.name,
            r.doc
                .as_deref()
                .map(|x| format!(": {x}"))
                .unwrap_or_default(),
            r.seed.as_deref().unwrap_or(&d.seed)
        );
        body.push_str(&received_body(
            g,
            "Response",
            text,
            r,
            unit,
            &m.file,
            &mut imports,
        ));
        body.push_str(&document(
            "Response",
            &format!("{}/{}.response", g.p.dir, d.name),
            Side::Received,
            &m.file,
            r.fields.as_slice(),
            c,
            &mut imports,
        ));
    }
    body.push_str(&named_types(g, unit, c, &mut imports));
    let mut out = header(&m.file);
    let _ = writeln!(out, "//!\n//! `{} {}`: {}.\n//!", d.verb, d.path, d.name);
    for line in d.summary.lines() {
        let _ = writeln!(out, "//! {line}");
    }
    out.push('\n');
    out.push_str(&imports.render());
    out.push_str(&body);
    out
}

/// `META`, the wire facts.
fn meta(g: &Gen, m: &Method, c: &mut Collected, imports: &mut Imports) -> String {
    let d = &m.def;
    for item in ["AuthKind", "BodyKind", "EndpointMeta", "HostKind", "Verb"] {
        imports.add("crate::endpoint", item);
    }
    if !d.errors.is_empty() {
        imports.add("crate::endpoint", "DocumentedError");
    }
    let verb = match d.verb.as_str() {
        "GET" => "Verb::Get",
        "DELETE" => "Verb::Delete",
        _ => "Verb::Post",
    };
    let host = if d.host == "media" {
        "HostKind::Media"
    } else {
        "HostKind::Api"
    };
    let body = match d.content_type.as_str() {
        "json" => "BodyKind::Json",
        "multipart" => "BodyKind::Multipart",
        "binary" => "BodyKind::Binary",
        _ => "BodyKind::None",
    };
    let auth = match g.p.def.auth.split_once(' ') {
        Some((_, name)) => format!("AuthKind::Header({})", lit(name)),
        None => match g.p.def.auth.as_str() {
            "bearer" => "AuthKind::Bearer".to_owned(),
            "body_token" => "AuthKind::BodyToken".to_owned(),
            _ => "AuthKind::PathToken".to_owned(),
        },
    };
    let mut errors = String::new();
    for e in &d.errors {
        let status = e
            .status
            .map_or_else(|| "None".to_owned(), |s| format!("Some({s})"));
        let _ = writeln!(
            errors,
            "        DocumentedError {{ status: {status}, text: {}, meaning: {}, shape: {}, parts: {} }},",
            lit(&e.text),
            lit(&e.meaning),
            opt_lit(e.shape.as_deref()),
            parts_lit(e.parts.as_deref())
        );
    }
    let catalogue = if g.p.errors.is_some() {
        "&super::errors::CATALOGUE"
    } else {
        "&ErrorCatalogue::EMPTY"
    };
    if g.p.errors.is_none() {
        imports.add("crate::catalogue", "ErrorCatalogue");
    }
    let max_body = match (&g.p.def.max_json_body, d.content_type.as_str()) {
        (Some(b), "json") => {
            let doc = format!(
                "The largest JSON request body {} accepts, in bytes.\n\nSource: {}.",
                g.p.def.title, b.seed
            );
            format!(
                "Some({})",
                c.constant(
                    imports,
                    "MAX_JSON_BODY_BYTES".to_owned(),
                    "usize",
                    b.bytes.to_string(),
                    doc
                )
            )
        }
        _ => "None".to_owned(),
    };
    let rate = d.rate_limit.as_ref().map_or_else(
        || "None".to_owned(),
        |r| format!("Some({:?})", r.per_second),
    );
    let success = d.response.as_ref().and_then(|r| r.status).unwrap_or(200);
    format!(
        "/// What the documents say about `{name}` on the wire.
pub const META: EndpointMeta = EndpointMeta {{
    name: {name_lit},
    provider: {provider},
    verb: {verb},
    host: {host},
    path: {path},
    body: {body},
    auth: {auth},
    success_status: {success},
    rate_limit_per_second: {rate},
    errors: &[
{errors}    ],
    catalogue: {catalogue},
    max_json_body_bytes: {max_body},
    deprecated: {deprecated},
}};

",
        name = d.name,
        name_lit = lit(&d.name),
        provider = lit(&g.p.dir),
        path = lit(&d.path),
        deprecated = d.deprecated.is_some(),
    )
}

/// `Endpoint` for `Request`, and `parse_response`.
fn endpoint_impl(m: &Method, imports: &mut Imports) -> String {
    let d = &m.def;
    imports.add("crate::endpoint", "Endpoint");
    imports.add("crate::endpoint", "ResponseError");
    imports.add("crate::endpoint", "self");
    imports.add("crate", "ReadMode");
    imports.add("crate", "Received");
    let names = |loc: &str| -> Vec<String> {
        d.request
            .iter()
            .flat_map(|r| r.fields.iter())
            .filter(|f| f.location == loc)
            .map(|f| lit(&f.name))
            .collect()
    };
    let mut consts = String::new();
    for (name, loc) in [("PATH_FIELDS", "path"), ("QUERY_FIELDS", "query")] {
        let list = names(loc);
        if !list.is_empty() {
            let _ = writeln!(
                consts,
                "    const {name}: &'static [&'static str] = &[{}];",
                list.join(", ")
            );
        }
    }
    let response = if d.response.is_some() {
        "Response"
    } else {
        imports.add("crate::endpoint", "NoContent");
        "NoContent"
    };
    format!(
        "impl Endpoint for Request {{
    const META: EndpointMeta = META;
{consts}    type Response = {response};
}}

/// Reads an HTTP response of `{name}`: the success body (typed where it
/// conforms, kept where it drifts) with its drift, or a typed error.
#[inline]
pub fn parse_response(status: u16, body: &[u8]) -> Result<Received<{response}>, ResponseError> {{
    endpoint::parse_response::<Request>(status, body, ReadMode::Lenient)
}}

",
        name = d.name
    )
}

/// `Document` for a TYPE.
pub fn document(
    name: &str,
    type_name: &str,
    side: Side,
    file: &str,
    fields: &[crate::spec::Field],
    c: &mut Collected,
    imports: &mut Imports,
) -> String {
    imports.add("crate", "document");
    let secrets: Vec<String> = fields
        .iter()
        .filter(|f| f.ty == "secret")
        .map(|f| lit(&format!("/{}", f.name)))
        .collect();
    let secrets = if secrets.is_empty() {
        String::new()
    } else {
        format!(", secrets = [{}]", secrets.join(", "))
    };
    match side {
        Side::Request => {
            c.used.insert("TEXTS");
            format!(
                "document::document!({name}, {}, Request, super::TEXTS{secrets});\n\n",
                lit(type_name)
            )
        }
        Side::Received => format!(
            "document::document!({name}, {}, Received, {}{secrets});\n\n",
            lit(type_name),
            lit(file)
        ),
    }
}

/// A received body: a struct of fields, a list, or a newtype over its root type.
pub fn received_body(
    g: &Gen,
    name: &str,
    text: String,
    b: &Body,
    unit: &str,
    file: &str,
    imports: &mut Imports,
) -> String {
    imports.add("crate", "de");
    if let Some(root) = &b.root_type {
        if let (Some(item), false) = (
            root.strip_prefix("array<")
                .and_then(|t| t.strip_suffix('>')),
            b.nullable,
        ) {
            let item = g.rust(item, Side::Received, unit, imports);
            imports.add("crate::ser", "Whole");
            imports.add("serde_json", "Value");
            let mut out = String::new();
            super::names::doc(&mut out, "", &text);
            let _ = write!(
                out,
                "#[derive(Clone, Debug, Default, PartialEq)]
#[non_exhaustive]
pub struct {name} {{
    /// The items, each typed where it conforms (an item that is not an
    /// object is kept whole in its place).
    pub items: Vec<{item}>,
    whole: Whole,
}}

impl {name} {{
    /// The value received in place of the array when it was not one, kept
    /// whole (`items` is then empty).
    pub fn kept_whole(&self) -> Option<&Value> {{
        self.whole.get()
    }}
}}

de::read_as_list!({name}, {item});

"
            );
            return out;
        }
        let mut inner = g.rust(root, Side::Received, unit, imports);
        if b.nullable {
            inner = format!("Option<{inner}>");
        }
        imports.add("serde", "Serialize");
        let mut out = String::new();
        super::names::doc(&mut out, "", &text);
        let default = if inner.starts_with("Option<") || inner == "Value" || g.is_struct(root) {
            "Default, "
        } else {
            ""
        };
        let _ = writeln!(
            out,
            "#[derive(Clone, Debug, {default}PartialEq, Serialize)]\n#[serde(transparent)]\npub struct {name}(pub {inner});\n"
        );
        let _ = writeln!(out, "de::read_as_newtype!({name}, {inner});\n");
        return out;
    }
    let s = StructSpec {
        name: if b.nullable { "ResponseBody" } else { name },
        owner: name,
        doc: text.clone(),
        fields: &b.fields,
        rules: &[],
        file: file.to_owned(),
        top_level: false,
    };
    let mut out = received(g, &s, unit, imports);
    if b.nullable {
        imports.add("serde", "Serialize");
        let _ = writeln!(
            out,
            "/// {}\n///\n/// `null` means there is none.\n#[derive(Clone, Debug, Default, PartialEq, Serialize)]\n#[serde(transparent)]\npub struct {name}(pub Option<ResponseBody>);\n",
            text.lines().next().unwrap_or_default()
        );
        let _ = writeln!(out, "de::read_as_newtype!({name}, Option<ResponseBody>);\n");
    }
    out
}

/// `Some(&["a", "b"])` or `None`: the parts an error row matches by.
pub(super) fn parts_lit(parts: Option<&[String]>) -> String {
    parts.map_or_else(
        || "None".to_owned(),
        |parts| {
            let parts: Vec<String> = parts.iter().map(|p| lit(p)).collect();
            format!("Some(&[{}])", parts.join(", "))
        },
    )
}
