//! Requests as `http::Request`s: validated first, then the path, query,
//! headers and body the method's metadata prescribes.

use super::{Auth, AuthKind, BodyKind, Credentials, Endpoint, EndpointMeta, HostKind};
use crate::error::Errors;

/// Why a request could not be built.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum BuildError {
    /// The request breaks documented rules; nothing is sent.
    #[error("the request is invalid: {0}")]
    Invalid(Errors),
    /// The method sends a file (multipart or raw upload): use the file builders.
    #[error("{0} sends a file: use build_multipart_request or build_upload_request")]
    NeedsFile(&'static str),
    /// The base URL and path do not form a URI (a bad `api_url`, say).
    #[error("the URL of {0} is not a valid URI; check api_url and media_url")]
    InvalidUrl(&'static str),
    /// A credential cannot be sent as a header value (a control character, say).
    #[error("the credential is not a valid HTTP header value")]
    InvalidCredential,
    /// A request field could not be written as JSON.
    #[error("the request cannot be written as JSON: {0}")]
    Encode(#[source] serde_json::Error),
    /// The JSON body is larger than the server accepts; it would answer
    /// `request entity too large`.
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

fn encode(segment: &str) -> String {
    percent_encoding::utf8_percent_encode(segment, SEGMENT).to_string()
}

/// The method's URL with the host and the credentials' placeholders filled
/// in; the request's own path fields are still placeholders.
fn instance_url(meta: &EndpointMeta, credentials: &Credentials) -> Result<String, BuildError> {
    let host = match meta.host {
        HostKind::Api => &credentials.api_url,
        HostKind::Media => &credentials.media_url,
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
            .replace("{apiTokenInstance}", &encode(api_token.expose_secret())),
        (AuthKind::Header(_), Auth::Header { path, .. }) => path
            .iter()
            .fold(meta.path.to_owned(), |url, (name, value)| {
                url.replace(&format!("{{{name}}}"), &encode(value))
            }),
        (AuthKind::Bearer, Auth::Bearer(_)) | (AuthKind::BodyToken, Auth::InBody) => {
            meta.path.to_owned()
        }
        _ => {
            return Err(BuildError::WrongCredentials {
                provider: meta.provider,
                expected: meta.auth,
            });
        }
    };
    Ok(format!("{}{path}", host.trim_end_matches('/')))
}

/// Adds the provider's authentication header, if it uses one. The value is
/// marked sensitive, so `http`'s `Debug` hides it too.
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
            .map_err(|_| BuildError::InvalidCredential)
    };
    match (meta.auth, &credentials.auth) {
        (AuthKind::Bearer, Auth::Bearer(token)) => Ok(builder.header(
            http::header::AUTHORIZATION,
            sensitive(format!("Bearer {}", token.expose_secret()))?,
        )),
        (AuthKind::Header(name), Auth::Header { key, .. }) => {
            Ok(builder.header(name, sensitive(key.expose_secret().to_owned())?))
        }
        _ => Ok(builder),
    }
}

/// Validates, then gives the URL and the body fields left after path and
/// query fields are taken out.
fn url_and_rest<E: Endpoint>(
    request: &E,
    credentials: &Credentials,
) -> Result<(String, serde_json::Map<String, serde_json::Value>), BuildError> {
    if let Some(errors) = Errors::new(request.rule_issues()) {
        return Err(BuildError::Invalid(errors));
    }
    let mut fields = match serde_json::to_value(request).map_err(BuildError::Encode)? {
        serde_json::Value::Object(map) => map,
        _ => serde_json::Map::new(),
    };
    let mut url = instance_url(&E::META, credentials)?;
    for name in E::PATH_FIELDS {
        let value = fields
            .shift_remove(*name)
            .map(|v| scalar_text(&v))
            .unwrap_or_default();
        url = url.replace(&format!("{{{name}}}"), &encode(&value));
    }
    let mut separator = '?';
    for name in E::QUERY_FIELDS {
        if let Some(value) = fields.shift_remove(*name) {
            url.push(separator);
            separator = '&';
            url.push_str(name);
            url.push('=');
            url.push_str(&encode(&scalar_text(&value)));
        }
    }
    Ok((url, fields))
}

fn start(meta: &EndpointMeta, url: String) -> Result<http::request::Builder, BuildError> {
    let uri = http::Uri::try_from(url).map_err(|_| BuildError::InvalidUrl(meta.name))?;
    Ok(http::Request::builder()
        .method(meta.verb.to_http())
        .uri(uri))
}

fn finish(
    builder: http::request::Builder,
    meta: &EndpointMeta,
    body: Vec<u8>,
) -> Result<http::Request<Vec<u8>>, BuildError> {
    // The URI and every header were checked when they were added.
    builder
        .body(body)
        .map_err(|_| BuildError::InvalidUrl(meta.name))
}

/// Builds the `http::Request` of a JSON or parameter-only method. Invalid
/// requests are refused before anything is built, and so are JSON bodies over
/// the provider's documented size (`EndpointMeta::max_json_body_bytes`; a
/// body can exceed it within every field limit: 20000 control characters
/// are written as 120000 bytes of `\uXXXX`).
pub fn build_request<E: Endpoint>(
    request: &E,
    credentials: &Credentials,
) -> Result<http::Request<Vec<u8>>, BuildError> {
    let meta = &E::META;
    let (url, rest) = url_and_rest(request, credentials)?;
    let builder = authenticate(meta, credentials, start(meta, url)?)?;
    match meta.body {
        BodyKind::None => finish(builder, meta, Vec::new()),
        BodyKind::Json => {
            let body = serde_json::to_vec(&rest).map_err(BuildError::Encode)?;
            if let Some(limit) = meta.max_json_body_bytes
                && body.len() > limit
            {
                return Err(BuildError::BodyTooLarge {
                    provider: meta.provider,
                    size: body.len(),
                    limit,
                });
            }
            let builder = builder.header(http::header::CONTENT_TYPE, "application/json");
            finish(builder, meta, body)
        }
        BodyKind::Multipart | BodyKind::Binary => Err(BuildError::NeedsFile(meta.name)),
    }
}

/// The multipart boundary's fixed part.
const BOUNDARY: &str = "wagate-boundary-7MA4YWxkTrZu0gW";

/// A boundary that does not occur in `bytes`: [`BOUNDARY`] followed by one
/// more `x` than the longest run of `x` after any occurrence of it in the
/// file. One pass (occurrences cannot overlap: the fixed part starts with
/// `w` and ends with `W`, and a run of `x` contains neither), so a hostile
/// file costs linear time.
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
    let meta = &E::META;
    let (url, rest) = url_and_rest(request, credentials)?;
    let boundary = boundary_for(&file.bytes);
    let mut body = Vec::new();
    for (name, value) in &rest {
        let part = format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{}\r\n",
            scalar_text(value)
        );
        body.extend_from_slice(part.as_bytes());
    }
    let file_name = file.file_name.replace(['"', '\r', '\n'], "_");
    let content_type = file
        .content_type
        .as_deref()
        .unwrap_or("application/octet-stream");
    let head = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{file_name}\"\r\nContent-Type: {content_type}\r\n\r\n"
    );
    body.extend_from_slice(head.as_bytes());
    body.extend_from_slice(&file.bytes);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    let builder = start(meta, url)?.header(
        http::header::CONTENT_TYPE,
        format!("multipart/form-data; boundary={boundary}"),
    );
    finish(authenticate(meta, credentials, builder)?, meta, body)
}

/// Builds a raw upload (UploadFile): the body is the file; `Content-Type` is
/// its MIME type, or, when unknown, `GA-Filename` carries the name instead.
pub fn build_upload_request(
    meta: &EndpointMeta,
    file: &FilePart,
    credentials: &Credentials,
) -> Result<http::Request<Vec<u8>>, BuildError> {
    let builder = start(meta, instance_url(meta, credentials)?)?;
    let builder = authenticate(meta, credentials, builder)?;
    let builder = match &file.content_type {
        Some(ct) => builder.header(http::header::CONTENT_TYPE, ct.as_str()),
        None => builder.header("GA-Filename", file.file_name.as_str()),
    };
    finish(builder, meta, file.bytes.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boundary_avoids_the_file() {
        assert_eq!(boundary_for(b"plain"), BOUNDARY);
        let file = format!("{BOUNDARY}xx and {BOUNDARY}");
        assert_eq!(boundary_for(file.as_bytes()), format!("{BOUNDARY}xxx"));
    }
}
