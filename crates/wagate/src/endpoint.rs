//! Sans-IO endpoint metadata: what a method looks like on the wire.
//! No IO happens here; an HTTP client of the caller's choice sends the bytes.

/// The HTTP verb of a method.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Verb {
    /// GET
    Get,
    /// POST
    Post,
    /// DELETE
    Delete,
}

impl Verb {
    /// The `http` crate's method.
    pub fn to_http(self) -> http::Method {
        match self {
            Self::Get => http::Method::GET,
            Self::Post => http::Method::POST,
            Self::Delete => http::Method::DELETE,
        }
    }
}

/// Which of the instance's hosts serves a method.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum HostKind {
    /// `apiUrl`, e.g. `https://api.green-api.com`.
    Api,
    /// `mediaUrl`, e.g. `https://media.green-api.com` (file uploads).
    Media,
}

/// How the request body is encoded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum BodyKind {
    /// No body.
    None,
    /// `application/json`.
    Json,
    /// `multipart/form-data`: the request's fields plus a file part.
    Multipart,
    /// The raw file bytes, with the file's MIME type as `Content-Type`.
    Binary,
}

/// A documented error response of a method.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DocumentedError {
    /// HTTP status (some failures are answered with 200).
    pub status: u16,
    /// The error text exactly as documented.
    pub text: &'static str,
    /// What it means and what to do, in English.
    pub meaning: &'static str,
    /// Where the documents list it.
    pub seed: &'static str,
}

/// Everything the documents say about a method's wire form.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct EndpointMeta {
    /// The method name as documented (`SendMessage`).
    pub name: &'static str,
    /// Provider (`green-api`).
    pub provider: &'static str,
    /// HTTP verb.
    pub verb: Verb,
    /// Host kind.
    pub host: HostKind,
    /// Path template with `{idInstance}`, `{apiTokenInstance}` and path fields.
    pub path: &'static str,
    /// Body encoding.
    pub body: BodyKind,
    /// Documented requests per second per instance, if the rate table lists it.
    pub rate_limit_per_second: Option<f64>,
    /// Documented errors.
    pub errors: &'static [DocumentedError],
    /// Where the documents describe the method.
    pub seed: &'static str,
}

/// Implemented by each method's request type.
pub trait Endpoint {
    /// The method's metadata.
    const META: EndpointMeta;
    /// The success body.
    type Response;
}
