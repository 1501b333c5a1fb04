//! The documented example responses, for the methods whose answer the
//! sandbox does not derive from its state.

use std::collections::HashMap;

use serde_json::Value;
use wagate_cli::example_file::{ExampleFile, Verdict};

/// Valid documented `.response` examples by method name, the one named
/// `response.json` first.
pub(crate) struct Examples {
    by_method: HashMap<String, Vec<Value>>,
}

impl Examples {
    pub(crate) fn load() -> Self {
        let mut by_method: HashMap<String, Vec<(bool, Value)>> = HashMap::new();
        for (path, text) in wagate_cli::examples::EXAMPLES {
            let Ok(file) = ExampleFile::parse(text) else {
                continue;
            };
            let Some(method) = file
                .type_name
                .strip_prefix("green-api/")
                .and_then(|t| t.strip_suffix(".response"))
            else {
                continue;
            };
            if file.verdict() != Verdict::Valid {
                continue;
            }
            let Some(document) = file.document else {
                continue;
            };
            let preferred = path.ends_with("/response.json");
            by_method
                .entry(method.to_owned())
                .or_default()
                .push((preferred, document));
        }
        let by_method = by_method
            .into_iter()
            .map(|(method, mut docs)| {
                docs.sort_by_key(|(preferred, _)| !preferred);
                (method, docs.into_iter().map(|(_, d)| d).collect())
            })
            .collect();
        Self { by_method }
    }

    /// The method's documented answer.
    pub(crate) fn response(&self, method: &str) -> Option<&Value> {
        self.by_method.get(method)?.first()
    }
}
