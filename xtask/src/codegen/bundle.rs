//! What the `wagate` command bundles, inside its own package: every
//! documented example with its verdict, and the documents' own drifts
//! (`webhooks.toml` `[[variants]]`) for `wagate audit`. xtask is the one
//! reader of the example files; the command reads these tables.

use std::fmt::Write as _;

use super::Output;
use super::names::{header, lit};
use crate::spec::Spec;

const CLI: &str = "crates/wagate-cli/src/generated";

pub fn bundles(spec: &Spec) -> Vec<Output> {
    vec![examples(spec), drifts(spec), changes(spec)]
}

fn list(items: &[String]) -> String {
    let items: Vec<String> = items.iter().map(|s| lit(s)).collect();
    format!("&[{}]", items.join(", "))
}

fn changes(spec: &Spec) -> Output {
    let mut out = header("spec/*/changes.toml");
    out.push_str("//!\n//! Every difference between the reference spec/ was first written from and\n//! today's documents, with both sides' citations.\n\nuse crate::audit::Change;\n\n/// Every recorded change, by provider and number.\npub const CHANGES: &[Change] = &[\n");
    for p in &spec.providers {
        for c in p.changes.iter().flat_map(|c| c.changes.iter()) {
            let kinds: Vec<String> = c.kind.list().iter().map(|k| (*k).to_owned()).collect();
            let _ = writeln!(
                out,
                "    Change {{\n        provider: {},\n        number: {},\n        item: {},\n        kinds: {},\n        old: {},\n        old_seeds: {},\n        now: {},\n        now_seeds: {},\n    }},",
                lit(&p.dir),
                c.number,
                lit(&c.item),
                list(&kinds),
                lit(&c.old),
                list(&c.old_seeds),
                lit(&c.now),
                list(&c.now_seeds)
            );
        }
    }
    out.push_str("];\n");
    Output {
        path: format!("{CLI}/changes.rs"),
        text: out,
    }
}

fn examples(spec: &Spec) -> Output {
    let mut out = header("spec/examples/");
    out.push_str("//!\n//! Every documented example file, bundled so that `wagate examples` and\n//! `wagate audit` need no files.\n\n/// (path under spec/examples/, file text), by path.\npub const EXAMPLES: &[(&str, &str)] = &[\n");
    for e in &spec.examples {
        let _ = writeln!(
            out,
            "    (\n        {},\n        {},\n    ),",
            lit(&e.rel),
            lit(&e.text)
        );
    }
    out.push_str("];\n");
    Output {
        path: format!("{CLI}/examples.rs"),
        text: out,
    }
}

fn drifts(spec: &Spec) -> Output {
    let mut out = header("spec/*/webhooks.toml");
    out.push_str("//!\n//! Where the documents' examples drift from their own tables.\n\nuse crate::audit::Drift;\n\n/// Every recorded drift, by provider.\npub const DRIFTS: &[Drift] = &[\n");
    for p in &spec.providers {
        for v in p.webhooks.iter().flat_map(|w| w.variants.iter()) {
            let seeds: Vec<String> = v.seeds.iter().map(|s| lit(s)).collect();
            let examples: Vec<String> = v
                .examples
                .iter()
                .map(|e| lit(e.strip_prefix("examples/").unwrap_or(e)))
                .collect();
            let _ = writeln!(
                out,
                "    Drift {{ provider: {}, kind: {}, path: {}, documented: {}, shown: {}, text: {}, seeds: &[{}], examples: &[{}] }},",
                lit(&p.dir),
                lit(&v.kind),
                lit(&v.path),
                lit(&v.documented),
                lit(&v.shown),
                lit(&v.text),
                seeds.join(", "),
                examples.join(", ")
            );
        }
    }
    out.push_str("];\n");
    Output {
        path: format!("{CLI}/drifts.rs"),
        text: out,
    }
}
