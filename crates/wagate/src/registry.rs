//! The TYPE registry: every TYPE by name, with the function that checks it.

use crate::document::Direction;
use crate::error::Errors;

/// One TYPE (`green-api/SendMessage.request`).
#[derive(Clone, Copy, Debug)]
pub struct TypeEntry {
    /// The TYPE name.
    pub name: &'static str,
    /// Request (strict) or received (lenient).
    pub direction: Direction,
    /// Parses, validates and re-serializes a document of this TYPE.
    pub check: fn(&[u8]) -> Result<serde_json::Value, Errors>,
}

/// Every TYPE, sorted by name.
pub fn types() -> &'static [TypeEntry] {
    crate::generated::registry::TYPES
}

/// The TYPE of that name.
pub fn find(name: &str) -> Option<&'static TypeEntry> {
    types().iter().find(|t| t.name == name)
}

/// Reads a request from JSON and builds its `http::Request`.
pub type BuildFromJson = fn(
    &[u8],
    &crate::endpoint::Credentials,
) -> Result<http::Request<Vec<u8>>, crate::endpoint::BuildError>;

/// One method's endpoint: its metadata and a builder from JSON.
#[derive(Clone, Copy, Debug)]
pub struct EndpointEntry {
    /// The method's wire facts.
    pub meta: &'static crate::endpoint::EndpointMeta,
    /// Reads the request from JSON and builds the `http::Request`.
    pub build_from_json: BuildFromJson,
}

/// Every method of every provider.
pub fn endpoints() -> &'static [EndpointEntry] {
    crate::generated::registry::ENDPOINTS
}
