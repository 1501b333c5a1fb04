//! Request validation: each documented limit becomes a constant of
//! `wagate::limits` and a call on the `Validator` in the struct's
//! `Validate` impl, with the server's own text.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use super::model::{Gen, is_array, item_type};
use super::names::{Imports, ident, lit, opt_lit};
use crate::spec::{Field, Limit, snake};

/// A limit constant of `wagate::limits::<provider>`.
pub struct Const {
    pub name: String,
    pub ty: &'static str,
    pub value: String,
    pub doc: String,
}

/// What the emitters collect for a provider while they write it.
#[derive(Default)]
pub struct Collected {
    /// The provider's module (`green_api`).
    pub module: String,
    pub consts: Vec<Const>,
    /// Provider-level items the generated modules refer to (`TEXTS`, `CHAT_IDS`, …).
    pub used: BTreeSet<&'static str>,
}

impl Collected {
    /// A constant; returns its path as generated code writes it.
    pub fn constant(
        &mut self,
        imports: &mut Imports,
        name: String,
        ty: &'static str,
        value: String,
        doc: String,
    ) -> String {
        imports.add(&format!("crate::limits::{} as limits", self.module), "self");
        if !self.consts.iter().any(|c| c.name == name) {
            self.consts.push(Const {
                name: name.clone(),
                ty,
                value,
                doc,
            });
        }
        format!("limits::{name}")
    }

    fn provider_item(&mut self, name: &'static str) -> String {
        self.used.insert(name);
        format!("super::{name}")
    }
}

/// One statement of a `Validate` impl: a call, or the checks of each item.
enum Check {
    Call(String, Vec<String>),
    Each(Vec<Check>),
}

fn call(method: &str, args: &[String]) -> Check {
    Check::Call(method.to_owned(), args.to_vec())
}

impl Check {
    /// The statement at `indent` spaces, its arguments one per line when
    /// the call is long (rustfmt leaves lines with long strings alone).
    fn render(&self, indent: usize) -> String {
        let pad = " ".repeat(indent);
        match self {
            Self::Call(method, args) => {
                let one = format!("{pad}{method}({});\n", args.join(", "));
                if one.len() <= 100 {
                    return one;
                }
                let mut out = format!("{pad}{method}(\n");
                for a in args {
                    let _ = writeln!(out, "{pad}    {a},");
                }
                let _ = writeln!(out, "{pad});");
                out
            }
            Self::Each(inner) => {
                let mut out = format!("{pad}v.each(value, |v, value| {{\n");
                for c in inner {
                    out.push_str(&c.render(indent + 4));
                }
                let _ = writeln!(out, "{pad}}});");
                out
            }
        }
    }
}

fn int(l: &Limit) -> i64 {
    l.value
        .as_ref()
        .and_then(toml::Value::as_integer)
        .unwrap_or_default()
}

fn text(l: &Limit) -> String {
    opt_lit(l.server_message.as_deref())
}

/// The `Validate` impl of a request struct.
pub fn validate_impl(
    g: &Gen,
    s: &super::structs::StructSpec,
    c: &mut Collected,
    imports: &mut Imports,
) -> String {
    let (name, owner, fields, rules, top_level) = (s.name, s.owner, s.fields, s.rules, s.top_level);
    imports.add("crate::validate", "Validate");
    imports.add("crate::validate", "Validator");
    let mut body = String::new();
    for f in fields {
        body.push_str(&field_checks(g, owner, f, top_level, c, imports));
    }
    for l in rules {
        body.push_str(&body_rule(fields, l));
    }
    let v = if body.is_empty() { "_" } else { "v" };
    format!(
        "impl Validate for {name} {{\n    fn validate(&self, {v}: &mut Validator) {{\n{body}    }}\n}}\n\n"
    )
}

/// Checks of one field, at its member.
fn field_checks(
    g: &Gen,
    owner: &str,
    f: &Field,
    top_level: bool,
    c: &mut Collected,
    imports: &mut Imports,
) -> String {
    let whole = whole_checks(owner, f, c, imports);
    let per_item = item_checks(g, owner, f, top_level, c, imports);
    let mut checks = whole;
    if !per_item.is_empty() {
        if is_array(&f.ty) {
            checks.push(Check::Each(per_item));
        } else {
            checks.extend(per_item);
        }
    }
    if checks.is_empty() {
        return String::new();
    }
    let wire = lit(&f.name);
    let field = f.rust_ident();
    let (open, close, depth) = match (f.required, f.nullable) {
        (true, false) => (String::new(), String::new(), 8),
        (_, true) => (
            format!("        if let Some(Some(value)) = &self.{field} {{\n"),
            "        }\n".to_owned(),
            12,
        ),
        (false, false) => (
            format!("        if let Some(value) = &self.{field} {{\n"),
            "        }\n".to_owned(),
            12,
        ),
    };
    let pad = " ".repeat(depth);
    let mut out = open;
    let _ = writeln!(out, "{pad}v.at({wire}, |v| {{");
    if f.required && !f.nullable {
        let _ = writeln!(out, "{pad}    let value = &self.{field};");
    }
    for check in &checks {
        out.push_str(&check.render(depth + 4));
    }
    let _ = writeln!(out, "{pad}}});");
    out.push_str(&close);
    out
}

fn const_name(owner: &str, field: &str, rule: &str) -> String {
    format!("{}_{}_{rule}", snake(owner), snake(field)).to_uppercase()
}

fn limit_doc(owner: &str, f: &Field, what: &str, l: &Limit) -> String {
    format!("`{}` of `{owner}`: {what}.\n\nSource: {}.", f.name, l.seed)
}

/// Rules on the field's value as a whole (a string, an array, a number).
fn whole_checks(owner: &str, f: &Field, c: &mut Collected, imports: &mut Imports) -> Vec<Check> {
    let mut checks = Vec::new();
    if f.ty == "string" && f.required {
        checks.push(call(
            "v.not_empty",
            &["value".into(), c.provider_item("EMPTY_TEXT")],
        ));
    }
    for l in &f.limits {
        let n = int(l);
        let check = match l.rule.as_str() {
            "max_length" | "min_length" | "max_items" | "min_items" => {
                // The rule is also the Validator method's name.
                let (word, unit, value) = match l.rule.as_str() {
                    "max_length" => ("at most", "UTF-16 code units", "value"),
                    "min_length" => ("at least", "UTF-16 code units", "value"),
                    "max_items" => ("at most", "items", "value.len()"),
                    _ => ("at least", "items", "value.len()"),
                };
                let what = format!("{word} {n} {unit}");
                let k = c.constant(
                    imports,
                    const_name(owner, &f.name, &l.rule),
                    "usize",
                    n.to_string(),
                    limit_doc(owner, f, &what, l),
                );
                call(&format!("v.{}", l.rule), &[value.into(), k, text(l)])
            }
            "minimum" | "maximum" => {
                let word = if l.rule == "minimum" {
                    "at least"
                } else {
                    "at most"
                };
                let k = c.constant(
                    imports,
                    const_name(owner, &f.name, &l.rule),
                    "i64",
                    n.to_string(),
                    limit_doc(owner, f, &format!("{word} {n}"), l),
                );
                call(&format!("v.{}", l.rule), &["*value".into(), k, text(l)])
            }
            "starts_with" => {
                let prefixes: Vec<String> = l
                    .values
                    .iter()
                    .flatten()
                    .filter_map(|v| v.as_str().map(lit))
                    .collect();
                let what = format!("starts with {}", prefixes.join(" or "));
                let k = c.constant(
                    imports,
                    const_name(owner, &f.name, "PREFIXES"),
                    "&[&str]",
                    format!("&[{}]", prefixes.join(", ")),
                    limit_doc(owner, f, &what, l),
                );
                call("v.starts_with", &["value".into(), k, text(l)])
            }
            "unique_by" => {
                let key = ident(l.field.as_deref().unwrap_or_default());
                call(
                    "v.unique_by",
                    &[
                        "value".into(),
                        format!("|item| item.{key}.clone()"),
                        text(l),
                    ],
                )
            }
            _ => continue,
        };
        checks.push(check);
    }
    checks
}

/// Rules on each value of the field's type (the field itself, or each item).
fn item_checks(
    g: &Gen,
    owner: &str,
    f: &Field,
    top_level: bool,
    c: &mut Collected,
    imports: &mut Imports,
) -> Vec<Check> {
    let ty = item_type(&f.ty);
    let mut checks = Vec::new();
    match ty {
        "chat_id" => {
            let kinds = match &f.chat_ids {
                Some(kinds) => {
                    let list: Vec<String> = kinds
                        .iter()
                        .map(|k| format!("ChatIdKind::{}", crate::spec::upper_camel(k)))
                        .collect();
                    imports.add("crate::ids", "ChatIdKind");
                    format!("&[{}]", list.join(", "))
                }
                None => c.provider_item("CHAT_IDS"),
            };
            checks.push(call(
                "v.chat_id",
                &["value".into(), kinds, c.provider_item("CHAT_ID_TEXT")],
            ));
        }
        "phone_or_chat_id" => {
            checks.push(call("v.phone_or_chat_id", &["value".into(), "None".into()]))
        }
        "message_id" => {
            if let Some(rule) = &g.p.def.message_id
                && top_level
                && rule.fields.contains(&f.name)
            {
                let doc = format!(
                    "Message ids of requests (`{}`): at least {} UTF-16 code units.\n\nSource: {}.",
                    rule.fields.join("`, `"),
                    rule.min_length,
                    rule.seed
                );
                let k = c.constant(
                    imports,
                    "MESSAGE_ID_MIN_LENGTH".to_owned(),
                    "usize",
                    rule.min_length.to_string(),
                    doc,
                );
                checks.push(call(
                    "v.min_length",
                    &["value".into(), k, c.provider_item("MESSAGE_ID_TEXT")],
                ));
            }
        }
        name if g.is_enum(name) => checks.push(call("v.known", &["value".into(), "None".into()])),
        name if g.is_struct(name) => checks.push(call("value.validate", &["v".into()])),
        _ => {}
    }
    for l in &f.limits {
        let check = match l.rule.as_str() {
            "one_of" => {
                let values: Vec<String> = l
                    .values
                    .iter()
                    .flatten()
                    .filter_map(toml::Value::as_integer)
                    .map(|v| v.to_string())
                    .collect();
                let what = format!("one of {}", values.join(", "));
                let k = c.constant(
                    imports,
                    const_name(owner, &f.name, "ALLOWED"),
                    "&[i64]",
                    format!("&[{}]", values.join(", ")),
                    limit_doc(owner, f, &what, l),
                );
                call("v.one_of", &["*value".into(), k, text(l)])
            }
            "digits" => {
                let (min, max) = (l.min.unwrap_or_default(), l.max.unwrap_or_default());
                let what = format!("{min} to {max} digits");
                let lo = c.constant(
                    imports,
                    const_name(owner, &f.name, "MIN_DIGITS"),
                    "u32",
                    min.to_string(),
                    limit_doc(owner, f, &what, l),
                );
                let hi = c.constant(
                    imports,
                    const_name(owner, &f.name, "MAX_DIGITS"),
                    "u32",
                    max.to_string(),
                    limit_doc(owner, f, &what, l),
                );
                call("v.digits", &["*value".into(), lo, hi, text(l)])
            }
            "safe_integer" | "safe_number" => call("v.safe_integer", &["*value".into(), text(l)]),
            _ => continue,
        };
        checks.push(check);
    }
    checks
}

/// A body-level rule of a struct (`at_least_one_of`, `min_properties`).
fn body_rule(fields: &[Field], l: &Limit) -> String {
    let present = |f: &Field| {
        if f.required {
            "true".to_owned()
        } else {
            format!("self.{}.is_some()", f.rust_ident())
        }
    };
    match l.rule.as_str() {
        "at_least_one_of" => {
            let names: Vec<&String> = l.fields.iter().flatten().collect();
            let flags: Vec<String> = names
                .iter()
                .map(|n| {
                    fields
                        .iter()
                        .find(|f| &&f.name == n)
                        .map_or_else(|| "false".to_owned(), present)
                })
                .collect();
            let list: Vec<String> = names.iter().map(|n| lit(n)).collect();
            call(
                "v.at_least_one_of",
                &[
                    format!("&[{}]", flags.join(", ")),
                    format!("&[{}]", list.join(", ")),
                    text(l),
                ],
            )
            .render(8)
        }
        "min_properties" => {
            let flags: Vec<String> = fields.iter().map(present).collect();
            call(
                "v.min_properties",
                &[
                    format!("&[{}]", flags.join(", ")),
                    int(l).to_string(),
                    text(l),
                ],
            )
            .render(8)
        }
        _ => String::new(),
    }
}
