//! What the `wagate` command bundles, inside its own package: every
//! documented example with its verdict, and the documents' own drifts
//! (`webhooks.toml` `[[variants]]`) for `wagate audit`. xtask is the one
//! reader of the example files; the command reads these tables.

use std::fmt::Write as _;

use super::Output;
use super::names::{header, lit, opt_lit};
use crate::spec::Spec;

const CLI: &str = "crates/wagate-cli/src/generated";

pub fn bundles(spec: &Spec) -> Vec<Output> {
    vec![examples(spec), drifts(spec)]
}

fn examples(spec: &Spec) -> Output {
    let mut out = header("spec/examples/");
    out.push_str("//!\n//! Every documented example, with its expected verdict.\n\nuse crate::examples::{Example, Verdict};\n\n/// Every example file of spec/examples/, by path.\npub const EXAMPLES: &[Example] = &[\n");
    for e in &spec.examples {
        let verdict = match &e.expected_error {
            None => "Verdict::Valid".to_owned(),
            Some((rule, path)) => format!("Verdict::Invalid {{ rule: {}, path: {} }}", lit(rule), lit(path)),
        };
        let _ = writeln!(
            out,
            "    Example {{\n        file: {},\n        type_name: {},\n        seed: {},\n        title: {},\n        verdict: {verdict},\n        text: {},\n        as_printed: {},\n        repair: {},\n    }},",
            lit(&e.rel),
            lit(&e.type_name),
            lit(&e.seed),
            lit(&e.title),
            lit(&e.text),
            e.as_printed,
            opt_lit(e.repair.as_deref())
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
