//! Notifications for bots: the documented message kinds and drifts, typed
//! accessors across kinds, and a sans-IO receiver that checks the
//! `Authorization` header in constant time.

/// A documented message kind (generated: `green_api::webhook::MESSAGE_KINDS`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MessageKindInfo {
    /// The canonical `typeMessage`.
    pub type_message: &'static str,
    /// The `messageData` key that carries the kind's data.
    pub data_key: &'static str,
    /// What the documents say about it.
    pub doc: &'static str,
    /// Where.
    pub seed: &'static str,
}

/// Where an example drifts from its table (generated: `green_api::webhook::DRIFTS`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Drift {
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
    /// Seed lines.
    pub seeds: &'static [&'static str],
}
