//! Sans-IO endpoints: what a method looks like on the wire, requests built
//! as `http::Request`s, and responses read back into typed bodies or typed
//! errors. No IO happens here; the caller's HTTP client sends the bytes.

mod auth;
mod build;
mod response;

pub use auth::{Auth, Credentials};
pub use build::{
    BuildError, FilePart, build_multipart_request, build_request, build_upload_request,
};
pub use response::{ErrorBody, NoContent, ResponseError, RetryAdvice, parse_response};

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

/// How a provider authenticates requests (`auth` in provider.toml).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum AuthKind {
    /// Green API: `{idInstance}` and `{apiTokenInstance}` are path segments.
    PathToken,
    /// `Authorization: Bearer <token>` (Green API `/v1`).
    Bearer,
    /// The key in the named header (Maytapi `x-maytapi-key`); the path's
    /// instance placeholders (`{product_id}`, `{phone_id}`) come from the
    /// credentials too.
    Header(&'static str),
    /// The credentials are fields of the JSON body (Wawp `instance_id`, `access_token`).
    BodyToken,
}

/// A documented error response of a method.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DocumentedError {
    /// HTTP status (some failures are answered with 200); `None` when the
    /// documents name the error but give no status (Wawp `wawp_upstream_error`).
    pub status: Option<u16>,
    /// The error text exactly as documented.
    pub text: &'static str,
    /// The failure as a JSON value or members, when `text` as printed is
    /// not JSON: a success-status body is matched against it.
    pub shape: Option<&'static str>,
    /// The parts of `text` that name the error, in order, where the rest
    /// varies (a chat id, an instance number, the status's reason phrase);
    /// `None` when the whole text does.
    pub parts: Option<&'static [&'static str]>,
    /// What it means and what to do, in English.
    pub meaning: &'static str,
}

impl DocumentedError {
    /// Whether a failure answered with `status` and `text` is this error:
    /// the status agrees (when documented) and the text holds the whole
    /// documented text, or else every part in order.
    pub fn matches(&self, status: u16, text: &str) -> bool {
        self.status.is_none_or(|s| s == status)
            && crate::catalogue::holds(text, self.text, self.parts)
    }
}

/// Everything the documents say about a method's wire form.
#[derive(Clone, Copy, Debug)]
#[non_exhaustive]
pub struct EndpointMeta {
    /// The method name as documented (`SendMessage`).
    pub name: &'static str,
    /// Provider (`green-api`).
    pub provider: &'static str,
    /// HTTP verb.
    pub verb: Verb,
    /// Host kind.
    pub host: HostKind,
    /// Path template with the credentials' placeholders (`{idInstance}`,
    /// `{apiTokenInstance}`, `{product_id}`, …) and the request's path fields.
    pub path: &'static str,
    /// Body encoding.
    pub body: BodyKind,
    /// How requests authenticate.
    pub auth: AuthKind,
    /// The documented success status (200 unless the documents say otherwise:
    /// `/v1/messages` answers 201).
    pub success_status: u16,
    /// Documented requests per second per instance, if the rate table lists it.
    pub rate_limit_per_second: Option<f64>,
    /// Documented errors of this method.
    pub errors: &'static [DocumentedError],
    /// The provider's errors common to every method.
    pub catalogue: &'static crate::catalogue::ErrorCatalogue,
    /// The largest JSON body the provider accepts (JSON methods), when documented.
    pub max_json_body_bytes: Option<usize>,
    /// True when today's documents withdraw or deprecate the method.
    pub deprecated: bool,
}

/// A method's request type (generated): its metadata, and the rules it
/// must keep before it is sent.
pub trait Endpoint: serde::Serialize + crate::document::sealed::Sealed {
    /// The method's metadata.
    const META: EndpointMeta;
    /// Wire names of the fields that are path segments.
    const PATH_FIELDS: &'static [&'static str] = &[];
    /// Wire names of the fields that are query parameters.
    const QUERY_FIELDS: &'static [&'static str] = &[];
    /// The success body.
    type Response: crate::Document;
}

/// The `Request` of a method that takes no parameters.
#[cfg_attr(not(all_providers), allow(unused_macros))]
macro_rules! no_params_request {
    ($method:literal) => {
        #[doc = concat!("`", $method, "` takes no parameters.")]
        #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
        #[non_exhaustive]
        pub struct Request {}

        impl Request {
            /// The request.
            pub fn new() -> Self {
                Self {}
            }
        }

        #[derive(Default)]
        struct NoFields;

        impl $crate::de::Build for NoFields {
            type Out = Request;

            fn entry<'de, A: serde::de::MapAccess<'de>>(
                &mut self,
                key: $crate::de::Key<'de>,
                map: &mut A,
                cx: &mut $crate::de::Ctx,
            ) -> Result<(), A::Error> {
                cx.request_fields().unknown(key, map)
            }

            fn finish(self, _: &mut $crate::de::Ctx) -> Option<Request> {
                Some(Request {})
            }
        }

        impl $crate::de::Read for Request {
            const EXPECTED: &'static str = "an object";

            fn read<'de, D: serde::Deserializer<'de>>(
                deserializer: D,
                cx: &mut $crate::de::Ctx,
            ) -> Result<$crate::de::Fit<Self>, D::Error> {
                $crate::de::read_object::<NoFields, D>(deserializer, cx)
            }
        }

        impl $crate::validate::Validate for Request {
            fn validate(&self, _: &mut $crate::validate::Validator) {}
        }

        $crate::de::deserialize_via_read!(Request, Request);

        impl $crate::document::sealed::Sealed for Request {
            const TEXTS: $crate::de::Texts = super::TEXTS;
        }
    };
}
#[cfg_attr(not(all_providers), allow(unused_imports))]
pub(crate) use no_params_request;
