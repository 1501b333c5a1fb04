//! The `webhook` module: `Notification`, chosen by `typeWebhook`, a struct
//! per kind, and the types only notifications use.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::methods::document;
use super::model::{Gen, Side};
use super::names::{Imports, doc, header, lit};
use super::rules::Collected;
use super::structs::{StructSpec, received};
use super::types::named_types;
use crate::spec::{Field, WebhooksFile, upper_camel};

const UNIT: &str = "webhook";

/// The text of the `webhook` module.
pub fn webhook_module(g: &Gen, w: &WebhooksFile, c: &mut Collected) -> String {
    let mut imports = Imports::default();
    let file = format!("spec/{}/webhooks.toml", g.p.dir);
    let mut body = notification(g, w, &file, &mut imports);
    body.push_str(&accessors(g, w, &mut imports));
    body.push_str(&document(
        "Notification",
        &format!("{}/webhook", g.p.dir),
        Side::Received,
        &file,
        &[],
        c,
        &mut imports,
    ));
    for h in w.webhooks.iter().filter(|h| h.body.is_none()) {
        let s = StructSpec {
            name: &upper_camel(&h.name),
            owner: &h.name,
            doc: format!("`{}`: {}\n\nSource: {}.", h.name, h.doc, h.seed),
            fields: &h.fields,
            rules: &[],
            file: file.clone(),
            top_level: false,
        };
        body.push_str(&received(g, &s, UNIT, &mut imports));
    }
    body.push_str(&named_types(g, UNIT, c, &mut imports));
    let mut out = header(&file);
    let _ = writeln!(
        out,
        "//!\n//! {} notifications: TYPE `{}/webhook`. A known `typeWebhook` is typed\n//! where it conforms and kept where it drifts; any other kind is kept whole.\n",
        g.p.def.title, g.p.dir
    );
    out.push_str(&imports.render());
    out.push_str(&body);
    out
}

/// The fields of each kind's body.
fn kind_fields<'a>(g: &'a Gen, w: &'a WebhooksFile) -> Vec<(String, String, &'a [Field])> {
    w.webhooks
        .iter()
        .map(|h| {
            let s = h.struct_name();
            let fields: &[Field] = match &h.body {
                Some(b) => g.struct_def(b).map_or(&[], |d| d.fields.as_slice()),
                None => &h.fields,
            };
            (upper_camel(&h.name), s, fields)
        })
        .collect()
}

/// `Notification` and how it is read and written.
fn notification(g: &Gen, w: &WebhooksFile, file: &str, imports: &mut Imports) -> String {
    for (path, item) in [
        ("crate::de", "Build"),
        ("crate::de", "Fill"),
        ("crate::de", "Ctx"),
        ("crate::de", "Key"),
        ("crate::de", "Tagged"),
        ("serde::de", "IgnoredAny"),
        ("serde::de", "MapAccess"),
        ("serde", "Serialize"),
        ("serde", "Serializer"),
        ("serde_json", "Value"),
        ("crate", "de"),
    ] {
        imports.add(path, item);
    }
    let kinds = kind_fields(g, w);
    let tag_enum = kinds
        .iter()
        .flat_map(|(_, _, fields)| fields.iter())
        .find(|f| f.name == "typeWebhook")
        .map(|f| f.ty.clone())
        .unwrap_or_default();
    let mut out = String::new();
    doc(
        &mut out,
        "",
        "A notification body, chosen by `typeWebhook`: a kind the documents list is\nread into its struct (typed where it conforms, kept where it drifts); any\nother kind, or a body without a usable `typeWebhook`, is kept whole and\nre-serialized unchanged.",
    );
    out.push_str(
        "#[derive(Clone, Debug, PartialEq)]\n#[non_exhaustive]\npub enum Notification {\n",
    );
    for (h, (variant, s, _)) in w.webhooks.iter().zip(&kinds) {
        let _ = writeln!(
            out,
            "    /// `{}`: {}",
            h.name,
            h.doc.lines().next().unwrap_or_default()
        );
        let _ = writeln!(out, "    {variant}(Box<{s}>),");
    }
    out.push_str("    /// A kind the documents do not describe, kept as received.\n    Unknown(Value),\n}\n\n");
    // Tagged
    let mut starts = String::new();
    for (variant, s, _) in &kinds {
        let _ = writeln!(
            starts,
            "            {tag_enum}::{variant} => Self::{variant}(Box::new({s} {{ type_webhook: Some(kind), ..{s}::default() }})),"
        );
    }
    let _ = write!(
        out,
        "impl Tagged for Notification {{
    const TAG: &'static str = \"typeWebhook\";
    const SPEC: &'static str = {file};
    type Kind = Self;
    type Known = Self;

    fn start(tag: &str) -> Option<Self> {{
        let kind = {tag_enum}::from(tag);
        Some(match kind {{
{starts}            _ => return None,
        }})
    }}

    fn known(known: Self) -> Self {{
        known
    }}

    fn unknown(value: Value) -> Self {{
        Self::Unknown(value)
    }}
}}

",
        file = lit(file)
    );
    out.push_str(&build_and_serialize(&kinds));
    out.push_str("de::read_as_tagged!(Notification);\nde::deserialize_via_read!(Notification, Received);\n\n");
    out
}

/// Variants grouped by the struct they hold: `A(n) | B(n)` share one arm.
fn grouped<'a>(kinds: &'a [(String, String, &[Field])]) -> Vec<(String, &'a str)> {
    let mut groups: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    let mut order = Vec::new();
    for (variant, s, _) in kinds {
        if !groups.contains_key(s.as_str()) {
            order.push(s.as_str());
        }
        groups
            .entry(s)
            .or_default()
            .push(format!("Self::{variant}(n)"));
    }
    order
        .into_iter()
        .map(|s| (groups.get(s).map(|v| v.join(" | ")).unwrap_or_default(), s))
        .collect()
}

fn build_and_serialize(kinds: &[(String, String, &[Field])]) -> String {
    let mut entry = String::new();
    let mut serialize = String::new();
    for (pattern, _) in grouped(kinds) {
        let _ = writeln!(
            entry,
            "            {pattern} => Fill::entry(n, key, map, cx),"
        );
        let _ = writeln!(
            serialize,
            "            {pattern} => n.serialize(serializer),"
        );
    }
    let mut check = String::new();
    for (pattern, _) in grouped(kinds) {
        let _ = writeln!(check, "            {pattern} => n.check(cx),");
    }
    format!(
        "impl Build for Notification {{
    type Out = Self;

    fn entry<'de, A: MapAccess<'de>>(&mut self, key: Key<'de>, map: &mut A, cx: &mut Ctx) -> Result<(), A::Error> {{
        match self {{
{entry}            // Never built: an unknown kind is kept, not read field by field.
            Self::Unknown(_) => map.next_value::<IgnoredAny>().map(drop),
        }}
    }}

    fn finish(mut self, cx: &mut Ctx) -> Option<Self> {{
        // Each kind is checked in its box: the value is never moved.
        match &mut self {{
{check}            Self::Unknown(_) => {{}}
        }}
        Some(self)
    }}
}}

impl Serialize for Notification {{
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {{
        match self {{
{serialize}            Self::Unknown(value) => value.serialize(serializer),
        }}
    }}
}}

"
    )
}

/// Accessors of the fields every kind has (`instanceData`, `timestamp`),
/// and `type_webhook` as received.
fn accessors(g: &Gen, w: &WebhooksFile, imports: &mut Imports) -> String {
    let kinds = kind_fields(g, w);
    let Some((_, _, first)) = kinds.first() else {
        return String::new();
    };
    let common: Vec<&Field> = first
        .iter()
        .filter(|f| f.name != "typeWebhook")
        .filter(|f| {
            kinds
                .iter()
                .all(|(_, _, fields)| fields.iter().any(|o| o.name == f.name && o.ty == f.ty))
        })
        .collect();
    let mut out = String::from("impl Notification {\n");
    let mut tag_arms = String::new();
    for (pattern, _) in grouped(&kinds) {
        let _ = writeln!(
            tag_arms,
            "            {pattern} => n.type_webhook.as_ref().map(|t| t.as_str()),"
        );
    }
    let _ = write!(
        out,
        "    /// The `typeWebhook` as received, also for kinds the documents do not know.
    pub fn type_webhook(&self) -> Option<&str> {{
        match self {{
{tag_arms}            Self::Unknown(value) => value.get(\"typeWebhook\").and_then(Value::as_str),
        }}
    }}

    /// True for a kind the documents do not describe (kept whole).
    pub fn is_unknown(&self) -> bool {{
        matches!(self, Self::Unknown(_))
    }}
"
    );
    for f in common {
        let ty = g.rust(&f.ty, Side::Received, UNIT, imports);
        let (ty, access) = if g.is_struct(&f.ty) {
            (ty, "as_deref")
        } else {
            (ty, "as_ref")
        };
        let mut arms = String::new();
        for (pattern, _) in grouped(&kinds) {
            let _ = writeln!(
                arms,
                "            {pattern} => n.{}.{access}(),",
                f.rust_ident()
            );
        }
        let _ = write!(
            out,
            "\n    /// `{}`, in whichever kind it came.\n    pub fn {}(&self) -> Option<&{ty}> {{\n        match self {{\n{arms}            Self::Unknown(_) => None,\n        }}\n    }}\n",
            f.name,
            f.rust_ident()
        );
    }
    out.push_str("}\n\n");
    out
}
