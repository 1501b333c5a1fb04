//! The `wagate` command's library: the example-file format, the runner of
//! the documented examples, the audit of the documents, and what the
//! command bundles (examples, drifts, schemas). The tests and the fuzz
//! targets use it too.

pub mod example_file;

#[cfg(feature = "model")]
pub mod audit;
#[cfg(feature = "model")]
pub mod examples;

#[cfg(feature = "model")]
mod generated {
    pub mod changes;
    pub mod drifts;
    pub mod examples;
    pub mod schemas;
}

/// Every schema file, by TYPE or `openapi/<provider>`: exactly the committed
/// files of `schema/`.
#[cfg(feature = "model")]
pub fn schema(key: &str) -> Option<&'static str> {
    generated::schemas::SCHEMAS
        .iter()
        .find(|(k, _)| *k == key)
        .map(|(_, text)| *text)
}
