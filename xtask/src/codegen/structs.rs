//! Structs of both sides of the wire.
//!
//! A request struct has its required fields as plain values, derives
//! `Serialize`, reads through a builder of `Slot`s (unknown, missing and
//! mistyped fields are all reported) and validates every documented rule.
//! A received struct has every field optional, keeps what the documents do
//! not describe or what does not fit in `extra`, and reads and writes itself
//! exactly as received.

use std::fmt::Write as _;

use super::model::{Gen, Side};
use super::names::{Imports, camel, doc, ident, lit};
use super::rules::{Collected, validate_impl};
use crate::spec::{Field, Limit};

/// A struct to emit: its Rust name, docs and fields.
pub struct StructSpec<'a> {
    pub name: &'a str,
    /// Name of the owner for limit constants (the method for `Request`).
    pub owner: &'a str,
    pub doc: String,
    pub fields: &'a [Field],
    pub rules: &'a [Limit],
    /// The spec file that documents it (drift reports cite it).
    pub file: String,
    /// `Request` of a method: message-id rules of the provider apply.
    pub top_level: bool,
}

/// Docs of a field: its description and its limits.
fn field_doc(f: &Field) -> String {
    let mut text = f.doc.clone().unwrap_or_else(|| format!("`{}`.", f.name));
    let limits: Vec<String> = f
        .limits
        .iter()
        .filter_map(|l| {
            let n = l.value.as_ref().and_then(toml::Value::as_integer)?;
            Some(match l.rule.as_str() {
                "max_length" => format!("At most {n} UTF-16 code units (JavaScript's length)."),
                "min_length" => format!("At least {n} UTF-16 code units."),
                "max_items" => format!("At most {n} items."),
                "min_items" => format!("At least {n} items."),
                "minimum" => format!("At least {n}."),
                "maximum" => format!("At most {n}."),
                _ => return None,
            })
        })
        .collect();
    if !limits.is_empty() {
        let _ = write!(text, "\n\n{}", limits.join(" "));
    }
    if let Some(d) = &f.default {
        let _ = write!(text, "\n\nThe server assumes `{d}` when absent.");
    }
    text
}

/// A request struct: definition, constructor, reading, validation.
pub fn request(
    g: &Gen,
    s: &StructSpec,
    unit: &str,
    c: &mut Collected,
    imports: &mut Imports,
) -> String {
    imports.add("serde", "Serialize");
    let mut out = String::new();
    doc(&mut out, "", &s.doc);
    let required: Vec<&Field> = s.fields.iter().filter(|f| f.required).collect();
    let default = if required.is_empty() { "Default, " } else { "" };
    let _ = writeln!(
        out,
        "#[derive(Clone, Debug, {default}PartialEq, Serialize)]"
    );
    let renames: Vec<(String, &Field)> = s.fields.iter().map(|f| (f.rust_ident(), f)).collect();
    let use_camel = renames
        .iter()
        .any(|(i, f)| i.trim_start_matches("r#") != f.name && camel(i) == f.name);
    if use_camel {
        out.push_str("#[serde(rename_all = \"camelCase\")]\n");
    }
    let _ = writeln!(out, "#[non_exhaustive]\npub struct {} {{", s.name);
    for (rust, f) in &renames {
        doc(&mut out, "    ", &field_doc(f));
        let shown = if use_camel {
            camel(rust)
        } else {
            rust.trim_start_matches("r#").to_owned()
        };
        let mut attrs = Vec::new();
        if shown != f.name {
            attrs.push(format!("rename = {}", lit(&f.name)));
        }
        if !f.required {
            attrs.push("skip_serializing_if = \"Option::is_none\"".to_owned());
        }
        if !attrs.is_empty() {
            let _ = writeln!(out, "    #[serde({})]", attrs.join(", "));
        }
        let ty = g.field_type(f, Side::Request, unit, imports);
        let _ = writeln!(out, "    pub {rust}: {ty},");
    }
    out.push_str("}\n\n");
    out.push_str(&constructor(g, s, unit, Side::Request, imports));
    out.push_str(&validate_impl(g, s, c, imports));
    out.push_str(&request_reader(g, s, unit, imports));
    let _ = writeln!(out, "de::deserialize_via_read!({}, Request);", s.name);
    let _ = writeln!(out, "validate::garde_via_validator!({});\n", s.name);
    imports.add("crate", "de");
    imports.add("crate", "validate");
    out
}

/// `new` with the required fields, and `…_or_default` accessors.
fn constructor(g: &Gen, s: &StructSpec, unit: &str, side: Side, imports: &mut Imports) -> String {
    let mut methods = Vec::new();
    if side == Side::Request {
        let required: Vec<&Field> = s.fields.iter().filter(|f| f.required).collect();
        let params: Vec<String> = required
            .iter()
            .map(|f| {
                format!(
                    "{}: {}",
                    f.rust_ident(),
                    g.field_type(f, side, unit, imports)
                )
            })
            .collect();
        let inits: Vec<String> = s
            .fields
            .iter()
            .map(|f| {
                let id = f.rust_ident();
                if f.required {
                    id
                } else {
                    format!("{id}: None")
                }
            })
            .collect();
        let allow = if params.len() > 7 {
            "    #[allow(clippy::too_many_arguments)]\n"
        } else {
            ""
        };
        let what = if required.is_empty() {
            "With every field absent."
        } else {
            "With the required fields; the optional ones are absent."
        };
        methods.push(format!(
            "    /// {what}\n{allow}    pub fn new({}) -> Self {{\n        Self {{ {} }}\n    }}\n",
            params.join(", "),
            inits.join(", ")
        ));
    }
    for f in s
        .fields
        .iter()
        .filter(|f| f.default.is_some() && !f.required)
    {
        let d = f.default.as_deref().unwrap_or_default();
        let ty = g.rust(&f.ty, side, unit, imports);
        let value = if f.ty == "string" {
            format!("{}.to_owned()", lit(d))
        } else {
            format!("{ty}::from({})", lit(d))
        };
        let id = f.rust_ident();
        let name = format!("{}_or_default", id.trim_start_matches("r#"));
        methods.push(format!(
            "    /// `{}`, or the value the server assumes when it is absent (`{d}`).\n    pub fn {name}(&self) -> {ty} {{\n        self.{id}.clone().unwrap_or_else(|| {value})\n    }}\n",
            f.name
        ));
    }
    if side == Side::Received {
        imports.add("serde_json", "Value");
        methods.push("    /// The value received in this struct's place when it was not an\n    /// object, kept whole (every field then reads as absent).\n    pub fn kept_whole(&self) -> Option<&Value> {\n        self.whole.get()\n    }\n".to_owned());
    }
    if methods.is_empty() {
        return String::new();
    }
    format!("impl {} {{\n{}}}\n\n", s.name, methods.join("\n"))
}

/// The builder of a request struct, hidden in an anonymous const.
fn request_reader(g: &Gen, s: &StructSpec, unit: &str, imports: &mut Imports) -> String {
    imports.add("crate::de", "Build");
    imports.add("crate::de", "Ctx");
    imports.add("crate::de", "Fit");
    imports.add("crate::de", "Key");
    imports.add("crate::de", "Read");
    imports.add("crate::de", "Slot");
    imports.add("crate::de", "read_object");
    imports.add("serde::de", "MapAccess");
    imports.add("serde", "Deserializer");
    let mut slots = String::new();
    let mut arms = String::new();
    let mut lets = String::new();
    let mut inits = Vec::new();
    for f in s.fields {
        let id = f.rust_ident();
        let mut ty = g.rust(&f.ty, Side::Request, unit, imports);
        if f.nullable {
            ty = format!("Option<{ty}>");
        }
        let _ = writeln!(slots, "        {id}: Slot<{ty}>,");
        let _ = writeln!(
            arms,
            "                {} => fields.field(key, map, &mut self.{id}),",
            lit(&f.name)
        );
        if f.required {
            let _ = writeln!(
                lets,
                "            let {id} = fields.required({}, self.{id});",
                lit(&f.name)
            );
            inits.push(format!("{id}: {id}?"));
        } else {
            inits.push(format!("{id}: self.{id}.optional()"));
        }
    }
    let (finish_cx, fields_line) = if lets.is_empty() {
        ("_: &mut Ctx", String::new())
    } else {
        (
            "cx: &mut Ctx",
            "            let mut fields = cx.request_fields();\n".to_owned(),
        )
    };
    let entry = if s.fields.is_empty() {
        "            cx.request_fields().unknown(key, map)\n".to_owned()
    } else {
        format!(
            "            let mut fields = cx.request_fields();\n            match &*key {{\n{arms}                _ => fields.unknown(key, map),\n            }}\n"
        )
    };
    let name = s.name;
    format!(
        "const _: () = {{
    #[derive(Default)]
    struct Slots {{
{slots}    }}

    impl Build for Slots {{
        type Out = {name};

        fn entry<'de, A: MapAccess<'de>>(&mut self, key: Key<'de>, map: &mut A, cx: &mut Ctx) -> Result<(), A::Error> {{
{entry}        }}

        fn finish(self, {finish_cx}) -> Option<{name}> {{
{fields_line}{lets}            Some({name} {{ {} }})
        }}
    }}

    impl Read for {name} {{
        const EXPECTED: &'static str = \"an object\";

        fn read<'de, D: Deserializer<'de>>(deserializer: D, cx: &mut Ctx) -> Result<Fit<Self>, D::Error> {{
            read_object::<Slots, D>(deserializer, cx)
        }}
    }}
}};

",
        inits.join(", ")
    )
}

/// A received struct: definition, reading that keeps everything, writing
/// exactly what was read.
pub fn received(g: &Gen, s: &StructSpec, unit: &str, imports: &mut Imports) -> String {
    imports.add("serde_json", "Map");
    imports.add("serde_json", "Value");
    imports.add("crate::ser", "Whole");
    let mut out = String::new();
    doc(&mut out, "", &s.doc);
    out.push_str("#[derive(Clone, Debug, Default, PartialEq)]\n#[non_exhaustive]\n");
    let _ = writeln!(out, "pub struct {} {{", s.name);
    for f in s.fields {
        let mut d = field_doc(f);
        if f.required {
            d.push_str("\n\nDocumented as always present.");
        }
        doc(&mut out, "    ", &d);
        let _ = writeln!(
            out,
            "    pub {}: {},",
            f.rust_ident(),
            g.field_type(f, Side::Received, unit, imports)
        );
    }
    out.push_str("    /// Members the documents do not describe, and documented members\n    /// whose value did not fit, kept as received.\n    pub extra: Map<String, Value>,\n    whole: Whole,\n}\n\n");
    out.push_str(&constructor(g, s, unit, Side::Received, imports));
    out.push_str(&received_build(g, s, imports));
    out.push_str(&received_serialize(s, imports));
    let _ = writeln!(out, "de::read_as_received!({});", s.name);
    let _ = writeln!(out, "de::deserialize_via_read!({}, Received);\n", s.name);
    imports.add("crate", "de");
    out
}

/// The `Fill` impl of a received struct: the struct is its own builder.
fn received_build(g: &Gen, s: &StructSpec, imports: &mut Imports) -> String {
    imports.add("crate::de", "Fill");
    imports.add("crate::de", "Ctx");
    imports.add("crate::de", "Key");
    imports.add("serde::de", "MapAccess");
    let mut arms = String::new();
    for f in s.fields {
        let _ = writeln!(
            arms,
            "            {} => fields.field(key, map, &mut self.{}),",
            lit(&f.name),
            f.rust_ident()
        );
    }
    let mut requires = String::new();
    for f in s.fields.iter().filter(|f| f.required) {
        let _ = writeln!(
            requires,
            "        fields.require({}, &self.{});",
            lit(&f.name),
            f.rust_ident()
        );
    }
    requires.push_str(&data_key_requires(g, s));
    let check = if requires.is_empty() {
        String::new()
    } else {
        format!(
            "
    fn check(&mut self, cx: &mut Ctx) {{
        let mut fields = cx.fields(&mut self.extra, Self::SPEC);
{requires}    }}
"
        )
    };
    let entry = if arms.is_empty() {
        "        cx.fields(&mut self.extra, Self::SPEC).other(key, map)\n".to_owned()
    } else {
        format!(
            "        let mut fields = cx.fields(&mut self.extra, Self::SPEC);\n        match &*key {{\n{arms}            _ => fields.other(key, map),\n        }}\n"
        )
    };
    format!(
        "impl Fill for {name} {{
    const SPEC: &'static str = {file};

    fn entry<'de, A: MapAccess<'de>>(&mut self, key: Key<'de>, map: &mut A, cx: &mut Ctx) -> Result<(), A::Error> {{
{entry}    }}
{check}}}

",
        name = s.name,
        file = lit(&s.file),
    )
}

/// A kind named by the tag of a `dispatch_on` struct must carry its data key.
fn data_key_requires(g: &Gen, s: &StructSpec) -> String {
    let Some(def) = g.struct_def(s.name) else {
        return String::new();
    };
    let (Some(tag), Some(w)) = (&def.dispatch_on, &g.p.webhooks) else {
        return String::new();
    };
    let Some(tag_field) = s.fields.iter().find(|f| &f.name == tag) else {
        return String::new();
    };
    let Some((_, tag_enum)) = g.p.enums.get(&tag_field.ty) else {
        return String::new();
    };
    let mut arms = String::new();
    for k in &w.message_kinds {
        let Some(v) = tag_enum.values.iter().find(|v| v.wire == k.type_message) else {
            continue;
        };
        let keys: Vec<&Field> = std::iter::once(&k.data_key)
            .chain(&k.data_key_aliases)
            .filter_map(|key| s.fields.iter().find(|f| &f.name == key))
            .collect();
        let names: Vec<String> = keys.iter().map(|f| lit(&f.name)).collect();
        let present: Vec<String> = keys
            .iter()
            .map(|f| format!("self.{}.is_some()", f.rust_ident()))
            .collect();
        if keys.is_empty() {
            continue;
        }
        let _ = writeln!(
            arms,
            "            Some({}::{}) => fields.require_one(&[{}], &[{}]),",
            tag_enum.name,
            crate::spec::variant_name(v),
            names.join(", "),
            present.join(", ")
        );
    }
    format!(
        "        match self.{}.as_ref().map({}::canonical) {{\n{arms}            _ => {{}}\n        }}\n",
        ident(tag),
        tag_enum.name
    )
}

/// `Serialize` of a received struct: the kept whole value, or the present
/// fields and the kept members.
fn received_serialize(s: &StructSpec, imports: &mut Imports) -> String {
    imports.add("serde", "Serialize");
    imports.add("serde", "Serializer");
    imports.add("crate", "ser");
    let mut fields = String::new();
    for f in s.fields {
        let _ = writeln!(
            fields,
            "        ser::field(&mut map, {}, &self.{})?;",
            lit(&f.name),
            f.rust_ident()
        );
    }
    format!(
        "impl Serialize for {name} {{
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {{
        if let Some(value) = self.whole.get() {{
            return value.serialize(serializer);
        }}
        let {mutable}map = serializer.serialize_map(None)?;
{fields}        ser::end(map, &self.extra)
    }}
}}

",
        name = s.name,
        mutable = if s.fields.is_empty() { "" } else { "mut " },
    )
}
