//! Where and as whom requests are sent.

use crate::ids::{ApiKey, ApiTokenInstance, BearerToken, IdInstance};

/// Where and as whom requests are sent. `Debug` never shows a secret.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Credentials {
    /// The API base URL, e.g. `https://api.green-api.com` (a trailing slash
    /// is ignored).
    pub api_url: String,
    /// Green API's `mediaUrl`, e.g. `https://media.green-api.com`; the other
    /// providers have one host and use `api_url` here.
    pub media_url: String,
    /// The identity and secret, in the provider's form.
    pub auth: Auth,
}

/// The identity and secret part of [`Credentials`]; it must match the
/// method's [`AuthKind`](super::AuthKind).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Auth {
    /// Green API: `idInstance` and `apiTokenInstance`, filled into the path.
    Instance {
        /// `idInstance`.
        id_instance: IdInstance,
        /// `apiTokenInstance`.
        api_token: ApiTokenInstance,
    },
    /// Sent as `Authorization: Bearer <token>`.
    Bearer(BearerToken),
    /// Sent in the header the method's `AuthKind::Header` names, with the
    /// account's path segments (Maytapi: `product_id`, `phone_id`).
    Header {
        /// The key.
        key: ApiKey,
        /// Values of the path's instance placeholders, by name.
        path: Vec<(String, String)>,
    },
    /// Nothing to add: the credentials are fields of the request itself.
    InBody,
}

impl Credentials {
    /// Green API: two hosts, the instance id and its token.
    pub fn green_api(
        api_url: impl Into<String>,
        media_url: impl Into<String>,
        id_instance: IdInstance,
        api_token: ApiTokenInstance,
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
    pub fn bearer(api_url: impl Into<String>, token: BearerToken) -> Self {
        Self::one_host(api_url.into(), Auth::Bearer(token))
    }

    /// Maytapi: the host (`https://api.maytapi.com`), the product id and the
    /// phone id of the account (path segments of every method), and the
    /// `x-maytapi-key`.
    pub fn maytapi(
        api_url: impl Into<String>,
        product_id: impl Into<String>,
        phone_id: impl Into<String>,
        key: ApiKey,
    ) -> Self {
        let path = vec![
            ("product_id".to_owned(), product_id.into()),
            ("phone_id".to_owned(), phone_id.into()),
        ];
        Self::one_host(api_url.into(), Auth::Header { key, path })
    }

    /// One host; the request carries its own credentials (Wawp).
    pub fn in_body(api_url: impl Into<String>) -> Self {
        Self::one_host(api_url.into(), Auth::InBody)
    }

    fn one_host(api_url: String, auth: Auth) -> Self {
        Self {
            media_url: api_url.clone(),
            api_url,
            auth,
        }
    }
}
