//! Credentials of the right kind for any method, for tests and fuzzing: the
//! values are fixed, so tests can look for them in built requests.

use wagate::endpoint::{AuthKind, Credentials, EndpointMeta};
use wagate::ids::{ApiKey, ApiTokenInstance, BearerToken, IdInstance};

/// The API host of every credential built here.
pub const API_URL: &str = "https://api.example.invalid";
/// Green API's media host (uploads).
pub const MEDIA_URL: &str = "https://media.example.invalid";
/// Green API's `idInstance`.
pub const ID_INSTANCE: u64 = 1101;
/// The secret of every kind: `apiTokenInstance`, the Bearer token, the Maytapi key.
pub const SECRET: &str = "devtools-secret";
/// Maytapi's product id (a path segment).
pub const PRODUCT_ID: &str = "product-1";
/// Maytapi's phone id (a path segment).
pub const PHONE_ID: &str = "phone-1";

/// Credentials of the kind the method's provider authenticates with: Green
/// API's path token, the `/v1` Bearer token, Maytapi's key and account path
/// segments, or nothing for a provider whose requests carry their own
/// (Wawp's `instance_id` and `access_token` in the body).
pub fn credentials_for(meta: &EndpointMeta) -> Credentials {
    match meta.auth {
        AuthKind::Bearer => Credentials::bearer(API_URL, BearerToken::new(SECRET)),
        AuthKind::Header(_) => {
            Credentials::maytapi(API_URL, PRODUCT_ID, PHONE_ID, ApiKey::new(SECRET))
        }
        AuthKind::BodyToken => Credentials::in_body(API_URL),
        // Path tokens, and any kind added later: the builder answers
        // `WrongCredentials` for a mismatch, which the callers report.
        _ => Credentials::green_api(
            API_URL,
            MEDIA_URL,
            IdInstance::new(ID_INSTANCE),
            ApiTokenInstance::new(SECRET),
        ),
    }
}

#[cfg(test)]
mod tests {
    use wagate::endpoint::{Auth, AuthKind};

    use super::*;

    #[test]
    fn every_endpoint_gets_credentials_of_its_kind() {
        let endpoints = wagate::registry::endpoints();
        assert!(!endpoints.is_empty());
        for endpoint in endpoints {
            let meta = endpoint.meta;
            let credentials = credentials_for(meta);
            let fits = match (meta.auth, &credentials.auth) {
                (AuthKind::PathToken, Auth::Instance { .. })
                | (AuthKind::Bearer, Auth::Bearer(_))
                | (AuthKind::BodyToken, Auth::InBody) => true,
                (AuthKind::Header(_), Auth::Header { path, .. }) => {
                    // Every placeholder of the path is the request's own or the account's.
                    path.iter()
                        .all(|(name, _)| meta.path.contains(&format!("{{{name}}}")))
                }
                _ => false,
            };
            assert!(
                fits,
                "{}/{}: {:?} with {credentials:?}",
                meta.provider, meta.name, meta.auth
            );
        }
    }
}
