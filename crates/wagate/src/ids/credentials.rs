//! Instance credentials: `idInstance` and the secret `apiTokenInstance`.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The instance number (`idInstance`, e.g. `1101000001`). No length rule is
/// documented; it must be decimal digits because it is joined to `waInstance`
/// in every URL path.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
pub struct IdInstance(u64);

/// Why a string is not an instance id.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("idInstance must be decimal digits")]
pub struct IdInstanceError;

impl IdInstance {
    /// Wraps an instance number.
    pub const fn new(id: u64) -> Self {
        Self(id)
    }

    /// The number.
    pub const fn get(self) -> u64 {
        self.0
    }
}

impl fmt::Display for IdInstance {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl FromStr for IdInstance {
    type Err = IdInstanceError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
            return Err(IdInstanceError);
        }
        s.parse().map(Self).map_err(|_| IdInstanceError)
    }
}

impl Serialize for IdInstance {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_u64(self.0)
    }
}

impl<'de> Deserialize<'de> for IdInstance {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        u64::deserialize(deserializer).map(Self)
    }
}

/// The instance access key (`apiTokenInstance`). A secret: its `Debug` and
/// `Display` print `***`, and it deliberately has no `Serialize`. Read it with
/// [`ApiTokenInstance::expose_secret`] only where it must go on the wire.
#[derive(Clone, PartialEq, Eq)]
pub struct ApiTokenInstance(Box<str>);

impl ApiTokenInstance {
    /// Wraps a token.
    pub fn new(token: impl Into<String>) -> Self {
        Self(token.into().into_boxed_str())
    }

    /// The token itself, for building a request URL.
    pub fn expose_secret(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for ApiTokenInstance {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ApiTokenInstance(***)")
    }
}

impl fmt::Display for ApiTokenInstance {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_never_shows() {
        let secret = "bde035edae3fc00bc116bd112297908d8145e5ba8decc5d884";
        let token = ApiTokenInstance::new(secret);
        assert!(!format!("{token:?}").contains(secret));
        assert!(!format!("{token}").contains(secret));
        assert!(!format!("{token:#?}").contains("bde0"));
        assert_eq!(token.expose_secret(), secret);
    }

    #[test]
    fn instance_id_is_digits() {
        assert_eq!("1101".parse::<IdInstance>(), Ok(IdInstance::new(1101)));
        assert_eq!("+1101".parse::<IdInstance>(), Err(IdInstanceError));
        assert_eq!("".parse::<IdInstance>(), Err(IdInstanceError));
    }
}
