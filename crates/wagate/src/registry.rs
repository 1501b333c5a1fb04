//! Every TYPE and every endpoint by name, for tools that choose a TYPE at
//! run time: the `wagate` command, bindings for other languages, fuzzers.
//! Behind the `registry` feature, so that an SDK embedding the model does
//! not compile a reader for every TYPE it never names.

// With no provider enabled, no table uses the constructors.
#![cfg_attr(not(all_providers), allow(dead_code))]

use serde_json::Value;

use crate::endpoint::{BuildError, Credentials, Endpoint, EndpointMeta, ResponseError};
use crate::{Direction, Document, Errors, ReadMode, Received};

/// A typed document of any TYPE, behind a trait object.
pub trait AnyDocument: std::fmt::Debug + Send + Sync {
    /// The TYPE name.
    fn type_name(&self) -> &'static str;
    /// The document as JSON bytes.
    fn to_json(&self) -> Result<Vec<u8>, serde_json::Error>;
    /// The document as JSON, secrets as `***`.
    fn to_redacted_value(&self) -> Result<Value, serde_json::Error>;
}

impl<T: Document + std::fmt::Debug + Send + Sync> AnyDocument for T {
    fn type_name(&self) -> &'static str {
        T::TYPE
    }

    fn to_json(&self) -> Result<Vec<u8>, serde_json::Error> {
        serde_json::to_vec(self)
    }

    fn to_redacted_value(&self) -> Result<Value, serde_json::Error> {
        crate::to_redacted_value(self)
    }
}

/// Reads a document of one TYPE into its typed value, behind a trait object.
pub type ReadAny = fn(&[u8], ReadMode) -> Result<Received<Box<dyn AnyDocument>>, Errors>;

/// One TYPE (`green-api/SendMessage.request`).
#[derive(Clone, Copy, Debug)]
#[non_exhaustive]
pub struct TypeEntry {
    /// The TYPE name.
    pub name: &'static str,
    /// Request (strict) or received (typed where it conforms, kept where it drifts).
    pub direction: Direction,
    /// Reads a document of this TYPE ([`crate::read_with`]).
    pub read: ReadAny,
}

fn read_any<T: Document + std::fmt::Debug + Send + Sync + 'static>(
    bytes: &[u8],
    mode: ReadMode,
) -> Result<Received<Box<dyn AnyDocument>>, Errors> {
    crate::read_with::<T>(bytes, mode).map(|r| r.map(|t| Box::new(t) as Box<dyn AnyDocument>))
}

impl TypeEntry {
    pub(crate) const fn new<T: Document + std::fmt::Debug + Send + Sync + 'static>(
        name: &'static str,
        direction: Direction,
    ) -> Self {
        Self {
            name,
            direction,
            read: read_any::<T>,
        }
    }
}

/// Reads a request from JSON and builds its `http::Request`.
pub type BuildFromJson = fn(&[u8], &Credentials) -> Result<http::Request<Vec<u8>>, BuildError>;

/// Reads an HTTP response of one method, keeping only the outcome.
pub type ParseResponse = fn(u16, &[u8], ReadMode) -> Result<Vec<crate::Issue>, ResponseError>;

/// One method's endpoint: its metadata, a builder from JSON and a response reader.
#[derive(Clone, Copy, Debug)]
#[non_exhaustive]
pub struct EndpointEntry {
    /// The method's wire facts.
    pub meta: &'static EndpointMeta,
    /// Request fields that go into the URL path (wire names).
    pub path_fields: &'static [&'static str],
    /// Request fields that go into the query string (wire names).
    pub query_fields: &'static [&'static str],
    /// Reads the request from JSON (strictly) and builds the `http::Request`.
    pub build_from_json: BuildFromJson,
    /// Reads an HTTP response ([`crate::endpoint::parse_response`]): the
    /// success body's drift, or the error.
    pub parse_response: ParseResponse,
}

fn build_from_json<E: Endpoint>(
    bytes: &[u8],
    credentials: &Credentials,
) -> Result<http::Request<Vec<u8>>, BuildError> {
    let request = crate::document::read_request::<E>(bytes).map_err(BuildError::Invalid)?;
    crate::endpoint::build_request(&request, credentials)
}

fn parse_response<E: Endpoint>(
    status: u16,
    body: &[u8],
    mode: ReadMode,
) -> Result<Vec<crate::Issue>, ResponseError> {
    crate::endpoint::parse_response::<E>(status, body, mode).map(|r| r.into_parts().1)
}

impl EndpointEntry {
    pub(crate) const fn new<E: Endpoint>(meta: &'static EndpointMeta) -> Self {
        Self {
            meta,
            path_fields: E::PATH_FIELDS,
            query_fields: E::QUERY_FIELDS,
            build_from_json: build_from_json::<E>,
            parse_response: parse_response::<E>,
        }
    }
}

/// Every TYPE of the enabled providers, sorted by name.
pub fn types() -> Vec<&'static TypeEntry> {
    let mut all: Vec<&'static TypeEntry> = crate::generated::registry::TABLES
        .iter()
        .flat_map(|(_, types, _)| types.iter())
        .collect();
    all.sort_by_key(|t| t.name);
    all
}

/// The TYPE of that name.
pub fn find(name: &str) -> Option<&'static TypeEntry> {
    crate::generated::registry::TABLES
        .iter()
        .flat_map(|(_, types, _)| types.iter())
        .find(|t| t.name == name)
}

/// Every method of the enabled providers, by provider then spec order.
pub fn endpoints() -> Vec<&'static EndpointEntry> {
    crate::generated::registry::TABLES
        .iter()
        .flat_map(|(_, _, endpoints)| endpoints.iter())
        .collect()
}

/// The enabled providers (`green-api`, …), in the spec's order.
pub fn providers() -> Vec<&'static str> {
    crate::generated::registry::TABLES
        .iter()
        .map(|(name, _, _)| *name)
        .collect()
}
