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
    /// Parses and validates into the typed value, behind a trait object.
    pub decode: DecodeAny,
}

/// Parses and validates a document into its typed value, behind a trait object.
pub type DecodeAny = fn(&[u8]) -> Result<Box<dyn AnyDocument>, Errors>;

/// A typed document of any TYPE: what [`TypeEntry::decode`] returns.
pub trait AnyDocument: std::fmt::Debug + Send + Sync {
    /// The TYPE name.
    fn type_name(&self) -> &'static str;
    /// Serializes the typed value to JSON bytes.
    fn to_json(&self) -> Result<Vec<u8>, serde_json::Error>;
}

impl<T: crate::document::Document + std::fmt::Debug + Send + Sync> AnyDocument for T {
    fn type_name(&self) -> &'static str {
        T::TYPE
    }

    fn to_json(&self) -> Result<Vec<u8>, serde_json::Error> {
        serde_json::to_vec(self)
    }
}

/// [`crate::document::check`] behind a trait object (the registry's `decode`).
pub fn decode_any<T: crate::document::Document + std::fmt::Debug + Send + Sync + 'static>(
    bytes: &[u8],
) -> Result<Box<dyn AnyDocument>, Errors> {
    crate::document::check::<T>(bytes).map(|t| Box::new(t) as Box<dyn AnyDocument>)
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
    /// Reads an HTTP response of the method ([`crate::endpoint::parse_response`]),
    /// keeping only whether it is a success.
    pub parse_response: ParseResponse,
}

/// [`crate::endpoint::parse_response`] of one method, the typed body dropped.
pub type ParseResponse = fn(u16, &[u8]) -> Result<(), crate::endpoint::ResponseError>;

/// [`crate::endpoint::parse_response`] with the typed body dropped (the registry's `parse_response`).
pub fn parse_response_of<E: crate::endpoint::Endpoint>(
    status: u16,
    body: &[u8],
) -> Result<(), crate::endpoint::ResponseError> {
    crate::endpoint::parse_response::<E>(status, body).map(|_| ())
}

/// Every method of every provider.
pub fn endpoints() -> &'static [EndpointEntry] {
    crate::generated::registry::ENDPOINTS
}
