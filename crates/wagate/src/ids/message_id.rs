//! Message ids: opaque strings of varying length (`3EB0C767D097B7C7C030`, `BAE5DBB8DEABDA22`).

use std::fmt;

use serde::{Deserialize, Serialize};

/// An opaque message id. Lengths of 9, 16, 20 and 32 characters all appear in
/// the documents; requests apply the documented 16-symbol minimum where the
/// spec says so.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct MessageId(String);

impl MessageId {
    /// Wraps an id.
    pub fn new(id: impl Into<String>) -> Self {
        Self(id.into())
    }

    /// The id as sent on the wire.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for MessageId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("MessageId").field(&self.0).finish()
    }
}

impl fmt::Display for MessageId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl AsRef<str> for MessageId {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl crate::de::Scalar for MessageId {
    const EXPECTED: &'static str = "a message id (a string)";
    fn from_prim(
        prim: crate::de::Prim<'_>,
    ) -> Result<Self, (crate::de::Prim<'_>, crate::ErrorCode)> {
        match prim {
            crate::de::Prim::Str(s) => Ok(Self(s.into_owned())),
            other => other.refuse(false),
        }
    }
}

crate::de::read_as_scalar!(MessageId);
