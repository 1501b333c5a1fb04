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

/// How a provider authenticates requests (`auth` in provider.toml).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum AuthKind {
    /// Green API: `{idInstance}` and `{apiTokenInstance}` are path segments.
    PathToken,
    /// `Authorization: Bearer <token>` (Green API `/v1`).
    Bearer,
    /// The token in the named header (Maytapi `x-maytapi-key`).
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
    /// Where the documents describe the method.
    pub seed: &'static str,
}

/// Where and as whom requests are sent. `Debug` never shows a token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Credentials {
    /// The API base URL, e.g. `https://api.green-api.com` (no trailing slash
    /// needed). For Maytapi it ends in the product id
    /// (`https://api.maytapi.com/api/<product_id>`).
    pub api_url: String,
    /// Green API's `mediaUrl`, e.g. `https://media.green-api.com`; the other
    /// providers have one host and use `api_url` here.
    pub media_url: String,
    /// The secret part, in the provider's form.
    pub auth: Auth,
}

/// The secret part of [`Credentials`]; it must match the method's [`AuthKind`].
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Auth {
    /// Green API: `idInstance` and `apiTokenInstance`, filled into the path.
    Instance {
        /// `idInstance`.
        id_instance: crate::ids::IdInstance,
        /// `apiTokenInstance`.
        api_token: crate::ids::ApiTokenInstance,
    },
    /// Sent as `Authorization: Bearer <token>`.
    Bearer(crate::ids::BearerToken),
    /// Sent in the header the method's [`AuthKind::Header`] names.
    Header(crate::ids::ApiKey),
    /// Nothing to add: the credentials are fields of the request itself.
    InBody,
}

impl Credentials {
    /// Green API: two hosts, the instance id and its token.
    pub fn green_api(
        api_url: impl Into<String>,
        media_url: impl Into<String>,
        id_instance: crate::ids::IdInstance,
        api_token: crate::ids::ApiTokenInstance,
    ) -> Self {
        Self {
            api_url: api_url.into(),
            media_url: media_url.into(),
            auth: Auth::Instance {
                id_instance,
                api_token,
            },
        }
    }

    /// One host and `Authorization: Bearer <token>` (Green API `/v1`).
    pub fn bearer(api_url: impl Into<String>, token: crate::ids::BearerToken) -> Self {
        let api_url = api_url.into();
        Self {
            media_url: api_url.clone(),
            api_url,
            auth: Auth::Bearer(token),
        }
    }

    /// One host and a key header (Maytapi `x-maytapi-key`).
    pub fn header(api_url: impl Into<String>, key: crate::ids::ApiKey) -> Self {
        let api_url = api_url.into();
        Self {
            media_url: api_url.clone(),
            api_url,
            auth: Auth::Header(key),
        }
    }

    /// One host; the request carries its own credentials (Wawp).
    pub fn in_body(api_url: impl Into<String>) -> Self {
        let api_url = api_url.into();
        Self {
            media_url: api_url.clone(),
            api_url,
            auth: Auth::InBody,
        }
    }
}

/// Why a request could not be built.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum BuildError {
    /// The request breaks documented rules; nothing is sent.
    #[error("the request is invalid: {0}")]
    Invalid(crate::error::Errors),
    /// The method needs a file (multipart or raw upload); use the file builders.
    #[error("{0} sends a file: use build_multipart_request or build_upload_request")]
    NeedsFile(&'static str),
    /// The URL or a header could not be formed (a bad `apiUrl`, say).
    #[error("cannot form the HTTP request: {0}")]
    Http(String),
    /// The JSON body is larger than the server accepts (see
    /// [`max_json_body_bytes`]); the server would answer `request entity too large`.
    #[error("the JSON body is {size} bytes; {provider} refuses bodies over {limit} bytes")]
    BodyTooLarge {
        /// The method's provider.
        provider: &'static str,
        /// The body's size in bytes.
        size: usize,
        /// The largest body the provider accepts.
        limit: usize,
    },
    /// The credentials are not of the kind the method's provider uses.
    #[error("{provider} authenticates with {expected:?}; the credentials are of another kind")]
    WrongCredentials {
        /// The method's provider.
        provider: &'static str,
        /// What it expects.
        expected: AuthKind,
    },
}

/// A file for multipart sending or raw upload.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FilePart {
    /// File name with extension (`test.jpg`): the server picks the type by it.
    pub file_name: String,
    /// MIME type, when known.
    pub content_type: Option<String>,
    /// The bytes.
    pub bytes: Vec<u8>,
}

/// Implemented by each method's request type (generated).
pub trait Endpoint: serde::Serialize {
    /// The method's metadata.
    const META: EndpointMeta;
    /// Wire names of the fields that are path segments.
    const PATH_FIELDS: &'static [&'static str];
    /// Wire names of the fields that are query parameters.
    const QUERY_FIELDS: &'static [&'static str];
    /// The success body.
    type Response: crate::document::Document;
    /// Every documented rule the request breaks (empty when valid).
    fn validate_request(&self) -> Vec<crate::error::Issue>;
}

fn scalar_text(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

const SEGMENT: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~')
    .remove(b'@');

/// The method's URL with the host (and, for Green API, the instance's id and
/// token) filled in; the method's own path fields are still placeholders.
fn instance_url(meta: &EndpointMeta, credentials: &Credentials) -> Result<String, BuildError> {
    let host = match meta.host {
        HostKind::Api => &credentials.api_url,
        HostKind::Media => &credentials.media_url,
    };
    let wrong = || BuildError::WrongCredentials {
        provider: meta.provider,
        expected: meta.auth,
    };
    let path = match (meta.auth, &credentials.auth) {
        (
            AuthKind::PathToken,
            Auth::Instance {
                id_instance,
                api_token,
            },
        ) => meta
            .path
            .replace("{idInstance}", &id_instance.to_string())
            .replace(
                "{apiTokenInstance}",
                &percent_encoding::utf8_percent_encode(api_token.expose_secret(), SEGMENT)
                    .to_string(),
            ),
        (AuthKind::Bearer, Auth::Bearer(_))
        | (AuthKind::Header(_), Auth::Header(_))
        | (AuthKind::BodyToken, Auth::InBody) => meta.path.to_owned(),
        _ => return Err(wrong()),
    };
    Ok(format!("{}{path}", host.trim_end_matches('/')))
}

/// Adds the provider's authentication header, if it uses one. The header
/// value is marked sensitive, so `http`'s `Debug` hides it too.
fn authenticate(
    meta: &EndpointMeta,
    credentials: &Credentials,
    builder: http::request::Builder,
) -> Result<http::request::Builder, BuildError> {
    let sensitive = |text: String| {
        http::HeaderValue::from_str(&text)
            .map(|mut v| {
                v.set_sensitive(true);
                v
            })
            // The error would not show the token, but say nothing of it anyway.
            .map_err(|_| BuildError::Http("the token is not a valid header value".into()))
    };
    match (meta.auth, &credentials.auth) {
        (AuthKind::Bearer, Auth::Bearer(token)) => Ok(builder.header(
            http::header::AUTHORIZATION,
            sensitive(format!("Bearer {}", token.expose_secret()))?,
        )),
        (AuthKind::Header(name), Auth::Header(key)) => {
            Ok(builder.header(name, sensitive(key.expose_secret().to_owned())?))
        }
        _ => Ok(builder),
    }
}

/// The URL and the JSON body fields left after path and query fields are taken out.
fn url_and_rest<E: Endpoint>(
    request: &E,
    credentials: &Credentials,
) -> Result<(String, serde_json::Map<String, serde_json::Value>), BuildError> {
    let issues = request.validate_request();
    if !issues.is_empty() {
        return Err(BuildError::Invalid(crate::error::Errors { errors: issues }));
    }
    let mut fields =
        match serde_json::to_value(request).map_err(|e| BuildError::Http(e.to_string()))? {
            serde_json::Value::Object(map) => map,
            _ => serde_json::Map::new(),
        };
    let mut url = instance_url(&E::META, credentials)?;
    for name in E::PATH_FIELDS {
        let value = fields
            .remove(*name)
            .map(|v| scalar_text(&v))
            .unwrap_or_default();
        url = url.replace(
            &format!("{{{name}}}"),
            &percent_encoding::utf8_percent_encode(&value, SEGMENT).to_string(),
        );
    }
    let mut separator = '?';
    for name in E::QUERY_FIELDS {
        if let Some(value) = fields.remove(*name) {
            url.push(separator);
            separator = '&';
            url.push_str(name);
            url.push('=');
            url.push_str(
                &percent_encoding::utf8_percent_encode(&scalar_text(&value), SEGMENT).to_string(),
            );
        }
    }
    Ok((url, fields))
}

fn finish(
    builder: http::request::Builder,
    body: Vec<u8>,
) -> Result<http::Request<Vec<u8>>, BuildError> {
    // The token is in the URL: an error text must not repeat it.
    builder
        .body(body)
        .map_err(|_| BuildError::Http("invalid URL or header".into()))
}

/// The largest JSON request body Green API accepts: 100 KB (`max_json_body`
/// in spec/green-api/provider.toml). The documents list `500 request entity
/// too large` for a JSON body over "100кб" (002_893fe9cfe9a53da2.txt:1241,
/// 1336, 1552, 1737, 1854, 9570); the text is that of Node's body-parser,
/// whose `100kb` is 100 × 1024 bytes.
///
/// A request within every field limit can still exceed it (20000 control
/// characters are escaped as `\uXXXX`: 120000 bytes), so [`build_request`]
/// measures the serialized body and refuses it with
/// [`BuildError::BodyTooLarge`]. The other providers document no cap.
pub use crate::generated::limits::GREEN_API_MAX_JSON_BODY_BYTES;

/// The largest JSON body the method's provider accepts, when documented.
pub fn max_json_body_bytes(meta: &EndpointMeta) -> Option<usize> {
    meta.max_json_body_bytes
}

/// Builds the `http::Request` of a JSON or parameter-only method. Invalid
/// requests are refused before anything is built, and so are JSON bodies over
/// the provider's documented size ([`max_json_body_bytes`]).
pub fn build_request<E: Endpoint>(
    request: &E,
    credentials: &Credentials,
) -> Result<http::Request<Vec<u8>>, BuildError> {
    let (url, rest) = url_and_rest(request, credentials)?;
    let builder = http::Request::builder()
        .method(E::META.verb.to_http())
        .uri(url);
    let builder = authenticate(&E::META, credentials, builder)?;
    match E::META.body {
        BodyKind::None => finish(builder, Vec::new()),
        BodyKind::Json => {
            let body = serde_json::to_vec(&rest).map_err(|e| BuildError::Http(e.to_string()))?;
            if let Some(limit) = max_json_body_bytes(&E::META)
                && body.len() > limit
            {
                return Err(BuildError::BodyTooLarge {
                    provider: E::META.provider,
                    size: body.len(),
                    limit,
                });
            }
            finish(
                builder.header(http::header::CONTENT_TYPE, "application/json"),
                body,
            )
        }
        BodyKind::Multipart | BodyKind::Binary => Err(BuildError::NeedsFile(E::META.name)),
    }
}

/// The multipart boundary's fixed part.
const BOUNDARY: &str = "wagate-boundary-7MA4YWxkTrZu0gW";

/// A boundary that does not occur in `bytes`: [`BOUNDARY`] followed by one
/// more `x` than the longest run of `x` after any occurrence of it in the
/// file. One pass over the file (occurrences cannot overlap: the fixed part
/// starts with `w` and ends with `W`, and a run of `x` contains neither), so
/// a hostile file costs linear time, not one rescan per added `x`.
fn boundary_for(bytes: &[u8]) -> String {
    let fixed = BOUNDARY.as_bytes();
    let mut longest_run: Option<usize> = None;
    let mut i = 0;
    while let Some(rest) = bytes.get(i..) {
        if rest.len() < fixed.len() {
            break;
        }
        if rest.starts_with(fixed) {
            let after = rest.get(fixed.len()..).unwrap_or_default();
            let run = after.iter().take_while(|b| **b == b'x').count();
            longest_run = Some(longest_run.map_or(run, |l| l.max(run)));
            i += fixed.len() + run;
        } else {
            i += 1;
        }
    }
    let extra = longest_run.map_or(0, |run| run + 1);
    format!("{BOUNDARY}{}", "x".repeat(extra))
}

/// Builds a `multipart/form-data` request: the request's fields as text parts
/// plus the file part `file`.
pub fn build_multipart_request<E: Endpoint>(
    request: &E,
    file: &FilePart,
    credentials: &Credentials,
) -> Result<http::Request<Vec<u8>>, BuildError> {
    let (url, rest) = url_and_rest(request, credentials)?;
    let boundary = boundary_for(&file.bytes);
    let mut body = Vec::new();
    for (name, value) in &rest {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{}\r\n",
                scalar_text(value)
            )
            .as_bytes(),
        );
    }
    let file_name = file.file_name.replace(['"', '\r', '\n'], "_");
    body.extend_from_slice(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{file_name}\"\r\nContent-Type: {}\r\n\r\n", file.content_type.as_deref().unwrap_or("application/octet-stream")).as_bytes());
    body.extend_from_slice(&file.bytes);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    let builder = http::Request::builder()
        .method(E::META.verb.to_http())
        .uri(url)
        .header(
            http::header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={boundary}"),
        );
    finish(authenticate(&E::META, credentials, builder)?, body)
}

/// Builds a raw upload (UploadFile): the body is the file; `Content-Type` is
/// its MIME type, or, when unknown, `GA-Filename` carries the name instead.
pub fn build_upload_request(
    meta: &EndpointMeta,
    file: &FilePart,
    credentials: &Credentials,
) -> Result<http::Request<Vec<u8>>, BuildError> {
    let builder = http::Request::builder()
        .method(meta.verb.to_http())
        .uri(instance_url(meta, credentials)?);
    let builder = authenticate(meta, credentials, builder)?;
    let builder = match &file.content_type {
        Some(ct) => builder.header(http::header::CONTENT_TYPE, ct.as_str()),
        None => builder.header("GA-Filename", file.file_name.as_str()),
    };
    finish(builder, file.bytes.clone())
}

/// What to do after a failed call, as the documents advise.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum RetryAdvice {
    /// Fix the request or the account; repeating it will fail again.
    DoNotRetry,
    /// Slow down and retry later (429, instance starting).
    RetryLater,
    /// Retry up to `attempts` times with a delay (502, 499).
    RetryWithDelay {
        /// How many times the documents say to try.
        attempts: u8,
    },
}

/// A response that is not the documented success.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ResponseError {
    /// A non-success status, matched to the method's documented errors and
    /// the provider's standard errors where possible.
    #[error("HTTP {status}: {text}")]
    Status {
        /// HTTP status.
        status: u16,
        /// The body as text.
        text: String,
        /// The method's documented error it matches.
        documented: Option<&'static DocumentedError>,
        /// The provider's standard error it matches.
        standard: Option<&'static crate::catalogue::StandardError>,
        /// What to do.
        advice: RetryAdvice,
    },
    /// A status whose body the provider documents (Green API's 466 quota body).
    #[error("HTTP {status} with a documented error body")]
    Body {
        /// HTTP status.
        status: u16,
        /// The typed body.
        body: Box<crate::generated::registry::ErrorBody>,
        /// The method's documented error it matches.
        documented: Option<&'static DocumentedError>,
        /// The provider's standard error it matches.
        standard: Option<&'static crate::catalogue::StandardError>,
        /// What to do.
        advice: RetryAdvice,
    },
    /// HTTP 200 carrying a failure: a documented error text or an `Error: …` text.
    #[error("HTTP 200 with a failure: {text}")]
    FailureWithOk {
        /// The body as text.
        text: String,
        /// The documented error it matches.
        documented: Option<&'static DocumentedError>,
    },
    /// The body is not the documented shape (of the success, or of the error body).
    #[error("unexpected body: {0}")]
    Decode(crate::error::Errors),
}

fn advice_for(status: u16, text: &str) -> RetryAdvice {
    match status {
        429 => RetryAdvice::RetryLater,
        400 if text.contains("starting") => RetryAdvice::RetryLater,
        499 | 502 => RetryAdvice::RetryWithDelay { attempts: 3 },
        _ => RetryAdvice::DoNotRetry,
    }
}

/// Turns a response into the typed success body or a typed error.
pub fn parse_response<E: Endpoint>(status: u16, body: &[u8]) -> Result<E::Response, ResponseError> {
    let text = String::from_utf8_lossy(body).trim().to_owned();
    let documented = E::META
        .errors
        .iter()
        .find(|e| e.status.is_none_or(|s| s == status) && text.contains(e.text));
    if !(200..300).contains(&status) {
        let standard = E::META.catalogue.find(status, &text);
        let advice = advice_for(status, &text);
        if let Some(decoded) =
            crate::generated::registry::decode_error_body(E::META.provider, status, body)
        {
            return Err(match decoded {
                Ok(body) => ResponseError::Body {
                    status,
                    body: Box::new(body),
                    documented,
                    standard,
                    advice,
                },
                Err(errors) => ResponseError::Decode(errors),
            });
        }
        return Err(ResponseError::Status {
            status,
            advice,
            text,
            documented,
            standard,
        });
    }
    if let Some(d) = documented {
        return Err(ResponseError::FailureWithOk {
            text,
            documented: Some(d),
        });
    }
    if text.starts_with("Error:") {
        return Err(ResponseError::FailureWithOk {
            text,
            documented: None,
        });
    }
    // An empty success body reads as JSON null.
    let bytes: &[u8] = if text.is_empty() { b"null" } else { body };
    crate::document::check::<E::Response>(bytes).map_err(ResponseError::Decode)
}

/// The success body of methods that document none: any body, or none, is accepted.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(transparent)]
pub struct NoContent(pub serde_json::Value);

impl crate::document::Document for NoContent {
    const TYPE: &'static str = "(no documented body)";
    const DIRECTION: crate::document::Direction = crate::document::Direction::Received;
    const MESSAGES: crate::document::ValidationMessages = crate::document::ValidationMessages {
        unknown_field: None,
        missing_field: None,
    };
    fn validate_document(&self) -> Vec<crate::error::Issue> {
        Vec::new()
    }
}

/// Reads a request of method `E` from JSON and builds its `http::Request`
/// (JSON and parameter-only methods); what the endpoint registry runs.
pub fn build_from_json<E: Endpoint + serde::de::DeserializeOwned>(
    bytes: &[u8],
    credentials: &Credentials,
) -> Result<http::Request<Vec<u8>>, BuildError> {
    let request: E = serde_json::from_slice(bytes).map_err(|e| BuildError::Http(e.to_string()))?;
    build_request(&request, credentials)
}

/// The `Request` of a method that takes no parameters: one definition, used
/// by every such generated module.
macro_rules! no_params_request {
    ($method:literal, $response:ty) => {
        #[doc = concat!("`", $method, "` takes no parameters.")]
        #[derive(
            Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize,
        )]
        #[serde(deny_unknown_fields)]
        #[non_exhaustive]
        pub struct Request {}

        impl Request {
            /// The request.
            pub fn new() -> Self {
                Self {}
            }
        }

        impl crate::endpoint::Endpoint for Request {
            const META: crate::endpoint::EndpointMeta = META;
            const PATH_FIELDS: &'static [&'static str] = &[];
            const QUERY_FIELDS: &'static [&'static str] = &[];
            type Response = $response;

            fn validate_request(&self) -> Vec<crate::error::Issue> {
                Vec::new()
            }
        }
    };
}
pub(crate) use no_params_request;
