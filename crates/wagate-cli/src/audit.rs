//! `wagate audit`: every documented example that breaks a documented rule,
//! and every drift of the documents' examples from their own tables, with
//! the source lines: what a vendor would have to fix in its documentation.

use serde_json::Value;

use crate::example_file::{ExampleFile, Verdict};

/// Where the documents' examples drift from their tables (generated from
/// `[[variants]]` of `spec/<provider>/webhooks.toml`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Drift {
    /// The provider.
    pub provider: &'static str,
    /// spelling, type, placement, shape, presence, value, …
    pub kind: &'static str,
    /// Where in the body.
    pub path: &'static str,
    /// What the table documents.
    pub documented: &'static str,
    /// What the examples show.
    pub shown: &'static str,
    /// Explanation.
    pub text: &'static str,
    /// Source lines.
    pub seeds: &'static [&'static str],
    /// The example files that show it (under spec/examples/).
    pub examples: &'static [&'static str],
}

pub use crate::generated::drifts::DRIFTS;

/// A difference between the reference spec/ was first written from and
/// today's documents (generated from `spec/<provider>/changes.toml`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Change {
    /// The provider.
    pub provider: &'static str,
    /// Its row in the documents' own list of changes.
    pub number: u32,
    /// What changed.
    pub item: &'static str,
    /// added, removed, loosened, tightened, shape changed, renamed,
    /// deprecated, corrected, conflict (one or two).
    pub kinds: &'static [&'static str],
    /// What the old reference says.
    pub old: &'static str,
    /// Where it says it (empty when it is silent).
    pub old_seeds: &'static [&'static str],
    /// What today's documents say.
    pub now: &'static str,
    /// Where they say it.
    pub now_seeds: &'static [&'static str],
}

pub use crate::generated::changes::CHANGES;

/// The audit rule of a change's first kind.
fn change_rule(kind: &str) -> &'static str {
    match kind {
        "added" => "today_added",
        "removed" => "today_removed",
        "loosened" => "today_loosened",
        "tightened" => "today_tightened",
        "shape changed" => "today_shape_changed",
        "renamed" => "today_renamed",
        "deprecated" => "today_deprecated",
        "corrected" => "today_corrected",
        _ => "today_conflict",
    }
}

/// One problem of one documented example.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Finding {
    /// The example file (path under spec/examples/), or the drift's examples.
    pub example: String,
    /// A stable snake_case name of the broken rule.
    pub rule: &'static str,
    /// Where the documents print it.
    pub seed: String,
    /// What is wrong, briefly.
    pub detail: String,
}

/// Whether the part after `@` is one the documents define (the suffixes of
/// [`crate::ids::ChatId`]'s grammar).
fn known_domain(domain: &str) -> bool {
    use wagate::ids::{
        GROUP_SUFFIX, LID_SUFFIX, NEWSLETTER_SUFFIX, PERSONAL_SUFFIX, STATUS_BROADCAST,
    };
    [
        PERSONAL_SUFFIX,
        GROUP_SUFFIX,
        LID_SUFFIX,
        NEWSLETTER_SUFFIX,
        STATUS_BROADCAST,
    ]
    .iter()
    .any(|known| known.rsplit_once('@').is_some_and(|(_, d)| d == domain))
}

/// Strings that look like chat ids (`<user>@<domain>`) in a JSON value.
fn id_like_strings(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::String(s) if looks_like_chat_id(s) => out.push(s.clone()),
        Value::Array(items) => items.iter().for_each(|i| id_like_strings(i, out)),
        Value::Object(map) => map.values().for_each(|i| id_like_strings(i, out)),
        _ => {}
    }
}

/// Quoted strings in text that is not JSON (a broken example as printed).
fn id_like_in_text(text: &str, out: &mut Vec<String>) {
    for (i, part) in text.split('"').enumerate() {
        // Odd parts are inside quotes.
        if i % 2 == 1 && looks_like_chat_id(part) {
            out.push(part.to_owned());
        }
    }
}

fn looks_like_chat_id(s: &str) -> bool {
    match s.rsplit_once('@') {
        Some((user, domain)) => {
            !user.is_empty()
                && user.chars().any(|c| c.is_ascii_digit())
                && !domain.is_empty()
                && domain.len() <= 16
                && !s.contains(char::is_whitespace)
                && !domain.contains('/')
        }
        None => false,
    }
}

fn chat_id_findings(rel: &str, seed: &str, ids: &[String], out: &mut Vec<Finding>) {
    for id in ids {
        let domain = id.rsplit_once('@').map_or("", |(_, d)| d);
        if let Some(c) = id.chars().find(|c| !c.is_ascii()) {
            out.push(Finding {
                example: rel.to_owned(),
                rule: "non_latin_letter_in_chat_id",
                seed: seed.to_owned(),
                detail: format!("{id:?} contains {c:?} (U+{:04X})", u32::from(c)),
            });
        } else if !known_domain(domain) {
            out.push(Finding {
                example: rel.to_owned(),
                rule: "unknown_chat_id_domain",
                seed: seed.to_owned(),
                detail: format!(
                    "{id:?}: @{domain} is none of @c.us, @g.us, @lid, @newsletter, @broadcast"
                ),
            });
        }
    }
}

/// Audits example files: `(path under spec/examples/, file text)`.
pub fn audit(files: &[(&str, &str)]) -> Vec<Finding> {
    let mut out = Vec::new();
    for (rel, text) in files {
        let Ok(file) = ExampleFile::parse(text) else {
            continue;
        };
        let seed = file.seed.as_str();
        let mut ids = Vec::new();
        match (&file.document, &file.document_text) {
            (Some(doc), _) => id_like_strings(doc, &mut ids),
            (None, Some(t)) => id_like_in_text(t, &mut ids),
            (None, None) => {}
        }
        ids.dedup();
        chat_id_findings(rel, seed, &ids, &mut out);
        if let Some(repair) = &file.repair {
            let rule = if repair.contains("page break") {
                "split_by_page_break"
            } else {
                "not_json_as_printed"
            };
            out.push(Finding {
                example: (*rel).to_owned(),
                rule,
                seed: seed.to_owned(),
                detail: format!("repaired: {repair}"),
            });
        }
        if let Verdict::Invalid { rule: code, path } = file.verdict() {
            let rule = match code.as_str() {
                "syntax" => "not_json_as_printed",
                "duplicate_field" => "duplicate_key",
                "invalid_chat_id" => "invalid_chat_id",
                "unknown_field" => "undocumented_field",
                "missing_field" => "missing_required_field",
                _ => "breaks_a_documented_limit",
            };
            out.push(Finding {
                example: (*rel).to_owned(),
                rule,
                seed: seed.to_owned(),
                detail: format!("wagate: {code} at {path:?}"),
            });
        }
    }
    for d in DRIFTS {
        out.push(Finding {
            example: if d.examples.is_empty() {
                format!("{}/webhook (tables)", d.provider)
            } else {
                d.examples.join(", ")
            },
            rule: match d.kind {
                "type" | "type+placement" => "table_vs_example_type_drift",
                "spelling" => "table_vs_example_spelling",
                "placement" | "shape" => "table_vs_example_shape",
                "presence" => "table_vs_example_presence",
                _ => "table_vs_example_value",
            },
            seed: d.seeds.join(", "),
            detail: format!("{}: documented {}, shown {}", d.path, d.documented, d.shown),
        });
    }
    for c in CHANGES {
        let seeds: Vec<&str> = c.old_seeds.iter().chain(c.now_seeds).copied().collect();
        out.push(Finding {
            example: format!("{} change {}: {}", c.provider, c.number, c.item),
            rule: change_rule(c.kinds.first().copied().unwrap_or_default()),
            seed: seeds.join(", "),
            detail: format!("{}: was {}; now {}", c.kinds.join(" + "), c.old, c.now),
        });
    }
    out.sort();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cyrillic_chat_id_is_found_in_a_document_and_in_text() {
        let doc = r#"{"type":"green-api/SendMessage.request","seed":"000_x.txt:1","title":"t","verdict":"invalid","rule":"invalid_chat_id","path":"/chatId","document":{"chatId":"11001234567@с.us"}}"#;
        let text = r#"{"type":"t","seed":"s","title":"t","verdict":"invalid","rule":"syntax","path":"","document_text":"{\"wid\": \"7900@с.us\" // x"}"#;
        let found = audit(&[("a.json", doc), ("b.json", text)]);
        let rules: Vec<(&str, &str)> = found
            .iter()
            .filter(|f| f.example.ends_with(".json"))
            .map(|f| (f.example.as_str(), f.rule))
            .collect();
        assert!(rules.contains(&("a.json", "non_latin_letter_in_chat_id")));
        assert!(rules.contains(&("b.json", "non_latin_letter_in_chat_id")));
        assert!(rules.contains(&("b.json", "not_json_as_printed")));
    }

    #[test]
    fn ordinary_ids_and_urls_are_not_flagged() {
        for s in [
            "11001234567@c.us",
            "120363@g.us",
            "https://x.y/a@b/c",
            "mail me",
            "a@c.us",
        ] {
            let mut ids = Vec::new();
            id_like_strings(&Value::String(s.to_owned()), &mut ids);
            let mut out = Vec::new();
            chat_id_findings("x", "s", &ids, &mut out);
            assert!(out.is_empty(), "{s}");
        }
    }
}
