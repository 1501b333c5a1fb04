//! Secrets other than `apiTokenInstance`: the `secret` scalar of the spec
//! (Wawp's `access_token`, sent in the JSON body), the `/v1` Bearer token and
//! the Maytapi `x-maytapi-key`. `Debug` and `Display` print `***`; the value
//! is read only through `expose_secret`.

use std::fmt;

use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

macro_rules! redacted {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, PartialEq, Eq)]
        pub struct $name(Box<str>);

        impl $name {
            /// Wraps a secret.
            pub fn new(secret: impl Into<String>) -> Self {
                Self(secret.into().into_boxed_str())
            }

            /// The secret itself, for putting it on the wire.
            pub fn expose_secret(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(concat!(stringify!($name), "(***)"))
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("***")
            }
        }
    };
}

redacted! {
    /// A credential sent as a request field (spec type `secret`: Wawp's
    /// `access_token`). It serializes to its value, because the request must
    /// carry it; `Debug`/`Display` print `***`, a deserialization error never
    /// quotes it, and `wagate check` prints `***` in its place.
    Secret
}

redacted! {
    /// The token of `Authorization: Bearer <token>` (Green API `/v1`). No `Serialize`.
    BearerToken
}

redacted! {
    /// An API key sent in a header (Maytapi `x-maytapi-key`). No `Serialize`.
    ApiKey
}

impl Serialize for Secret {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

struct SecretVisitor;

fn not_a_string<E: de::Error>(what: &str) -> E {
    // serde's own invalid_type error would quote the value; this one does not.
    E::custom(format_args!(
        "invalid type: {what}, expected a string (value not shown: a secret)"
    ))
}

impl<'de> Visitor<'de> for SecretVisitor {
    type Value = Secret;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Secret, E> {
        Ok(Secret::new(v))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Secret, E> {
        Ok(Secret::new(v))
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Secret, E> {
        Err(not_a_string("boolean"))
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Secret, E> {
        Err(not_a_string("integer"))
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Secret, E> {
        Err(not_a_string("integer"))
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Secret, E> {
        Err(not_a_string("number"))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Secret, E> {
        Err(not_a_string("null"))
    }
    fn visit_seq<A: de::SeqAccess<'de>>(self, _: A) -> Result<Secret, A::Error> {
        Err(not_a_string("array"))
    }
    fn visit_map<A: de::MapAccess<'de>>(self, _: A) -> Result<Secret, A::Error> {
        Err(not_a_string("object"))
    }
}

// Reports never quote a value, so a secret of the wrong type stays unseen.
impl crate::de::Scalar for Secret {
    const EXPECTED: &'static str = "a string (a secret)";
    fn from_prim(
        prim: crate::de::Prim<'_>,
    ) -> Result<Self, (crate::de::Prim<'_>, crate::ErrorCode)> {
        match prim {
            crate::de::Prim::Str(s) => Ok(Self::new(s.into_owned())),
            other => other.refuse(false),
        }
    }
}

crate::de::read_as_scalar!(Secret);

impl<'de> Deserialize<'de> for Secret {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(SecretVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const VALUE: &str = "wawp-access-token-7f3a9c";

    #[test]
    fn secret_never_shows_but_serializes() {
        let s = Secret::new(VALUE);
        assert_eq!(format!("{s:?}"), "Secret(***)");
        assert_eq!(format!("{s}"), "***");
        assert!(!format!("{s:#?}").contains(VALUE));
        assert_eq!(serde_json::to_string(&s).ok(), Some(format!("\"{VALUE}\"")));
        let back: Result<Secret, _> = serde_json::from_str(&format!("\"{VALUE}\""));
        assert_eq!(back.ok(), Some(s));
    }

    #[test]
    fn secret_decode_errors_do_not_quote_the_value() {
        for (json, shown) in [("123456789", "123456789"), ("[\"ab12cd\"]", "ab12cd")] {
            let err = serde_json::from_str::<Secret>(json)
                .err()
                .map(|e| e.to_string());
            let err = err.unwrap_or_default();
            assert!(err.starts_with("invalid type"), "{err}");
            assert!(!err.contains(shown), "{err}");
        }
    }

    #[test]
    fn bearer_token_never_shows() {
        let t = BearerToken::new(VALUE);
        assert_eq!(format!("{t:?}"), "BearerToken(***)");
        assert_eq!(format!("{t}"), "***");
        assert_eq!(t.expose_secret(), VALUE);
    }

    #[test]
    fn api_key_never_shows() {
        let k = ApiKey::new(VALUE);
        assert_eq!(format!("{k:?}"), "ApiKey(***)");
        assert_eq!(format!("{k}"), "***");
        assert!(!format!("{k:#?}").contains(VALUE));
        assert_eq!(k.expose_secret(), VALUE);
    }
}
