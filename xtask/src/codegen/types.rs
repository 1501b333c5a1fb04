//! Named types: the structs and enums a module holds (a method's own, or
//! `types`, those several modules share).

use std::fmt::Write as _;

use super::enums::open_enum;
use super::model::{Gen, SHARED, Side};
use super::names::{Imports, header, lit};
use super::rules::Collected;
use super::structs::{StructSpec, received, request};

/// Every named type whose home is `unit`.
pub fn named_types(g: &Gen, unit: &str, c: &mut Collected, imports: &mut Imports) -> String {
    let mut out = String::new();
    for name in g.types_in(unit) {
        if let Some((_, e)) = g.p.enums.get(name) {
            out.push_str(&open_enum(e, imports));
            continue;
        }
        let Some(def) = g.struct_def(name) else {
            continue;
        };
        let text = format!(
            "{}\n\nSource: {}.",
            def.doc.clone().unwrap_or_else(|| format!("`{name}`.")),
            def.seed
        );
        let s = StructSpec {
            name,
            owner: name,
            doc: text,
            fields: &def.fields,
            rules: &def.rules,
            file: g.file_of(name),
            top_level: false,
        };
        match g.side_of(name) {
            Side::Request => out.push_str(&request(g, &s, unit, c, imports)),
            Side::Received => out.push_str(&received(g, &s, unit, imports)),
        }
        if let Some(tag) = &def.dispatch_on {
            out.push_str(&dispatch_impl(g, name, tag, imports));
        }
    }
    out
}

/// `Dispatch` of a struct chosen by one of its fields: a tag value the
/// documents list starts the struct with the tag set.
fn dispatch_impl(g: &Gen, name: &str, tag: &str, imports: &mut Imports) -> String {
    imports.add("crate::de", "Dispatch");
    let tag_ty = g
        .struct_def(name)
        .and_then(|s| s.fields.iter().find(|f| f.name == tag))
        .map(|f| f.ty.clone())
        .unwrap_or_default();
    let field = super::names::ident(tag);
    let mut out = String::new();
    let _ = write!(
        out,
        "impl Dispatch for {name} {{
    const TAG: &'static str = {tag_lit};

    fn start(tag: &str) -> Option<Self> {{
        let kind = {tag_ty}::from(tag);
        kind.is_known().then(|| Self {{ {field}: Some(kind), ..Self::default() }})
    }}
}}

",
        tag_lit = lit(tag),
    );
    imports.add("crate::open_enum", "OpenEnum as _");
    out
}

/// The `types` module: what several modules of the provider share.
pub fn shared_module(g: &Gen, c: &mut Collected) -> Option<String> {
    if g.types_in(SHARED).is_empty() {
        return None;
    }
    let mut imports = Imports::default();
    let body = named_types(g, SHARED, c, &mut imports);
    let mut out = header(&format!("spec/{}/", g.p.dir));
    let _ = writeln!(
        out,
        "//!\n//! Types that several {} methods and notifications share.\n",
        g.p.def.title
    );
    out.push_str(&imports.render());
    out.push_str(&body);
    Some(out)
}
