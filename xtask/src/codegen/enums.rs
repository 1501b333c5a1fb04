//! Open enumerations, written as `open_enum!` invocations.

use std::fmt::Write as _;

use super::names::{Imports, doc, lit};
use crate::spec::{EnumDef, variant_name};

pub fn open_enum(e: &EnumDef, imports: &mut Imports) -> String {
    imports.add("crate::open_enum", "open_enum");
    let mut out = String::from("open_enum! {\n");
    let text = e
        .doc
        .clone()
        .unwrap_or_else(|| format!("`{}` values.", e.name));
    doc(&mut out, "    ", &text);
    let _ = writeln!(out, "    pub enum {} {{", e.name);
    for v in &e.values {
        let mut d = v.doc.clone().unwrap_or_else(|| format!("`{}`.", v.wire));
        if let Some(a) = &v.alias_of {
            let _ = write!(
                d,
                "\n\nA spelling the documents print for `{a}`: kept as written, read as it by `canonical()`."
            );
        }
        doc(&mut out, "        ", &d);
        let canonical = v
            .alias_of
            .as_ref()
            .and_then(|a| e.values.iter().find(|c| &c.wire == a))
            .map(|c| format!(" => {}", variant_name(c)))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "        {} = {}{canonical},",
            variant_name(v),
            lit(&v.wire)
        );
    }
    out.push_str("    }\n}\n\n");
    out
}
