//! Maytapi's `to_number`: a phone number as a string of digits that starts
//! with the country code (`905301234567`), or a group id
//! (`905301234567-1574073754@g.us`).

use std::fmt;

use serde::{Deserialize, Serialize};

use super::chat_id::{ChatId, ChatIdError, ChatIdKind};

/// A recipient written as bare digits or as a group id. Received values are
/// kept unchanged; [`PhoneOrChatId::check_strict`] applies the documented rule.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct PhoneOrChatId(String);

impl crate::de::Scalar for PhoneOrChatId {
    const EXPECTED: &'static str = "digits with the country code, or a group id (a string)";
    fn from_prim(
        prim: crate::de::Prim<'_>,
    ) -> Result<Self, (crate::de::Prim<'_>, crate::ErrorCode)> {
        match prim {
            crate::de::Prim::Str(s) => Ok(Self(s.into_owned())),
            other => other.refuse(false),
        }
    }
}

crate::de::read_as_scalar!(PhoneOrChatId);

/// What a valid [`PhoneOrChatId`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum PhoneOrChatIdKind {
    /// Digits, country code first.
    Phone,
    /// A group id (`…@g.us`).
    Group,
}

/// Why a `to_number` was refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PhoneOrChatIdError {
    /// No `@`, and not only digits (a `+`, spaces, dashes, …).
    #[error(
        "a phone number must be digits that start with the country code, without '+' or any other character"
    )]
    BadPhoneNumber,
    /// An id with `@` that is not a group id.
    #[error("an id must be a group id (<digits>-<digits>@g.us or <digits>@g.us): {0}")]
    BadChatId(ChatIdError),
}

impl PhoneOrChatId {
    /// Keeps any string, as received data must.
    pub fn new_unchecked(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// Accepts only the documented shapes.
    pub fn parse_strict(value: &str) -> Result<Self, PhoneOrChatIdError> {
        Self::check_strict(value)?;
        Ok(Self(value.to_owned()))
    }

    /// The documented rule: digits (the `phone` form) when there is no `@`,
    /// else a group id.
    pub fn check_strict(value: &str) -> Result<PhoneOrChatIdKind, PhoneOrChatIdError> {
        if !value.contains('@') {
            return if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
                Ok(PhoneOrChatIdKind::Phone)
            } else {
                Err(PhoneOrChatIdError::BadPhoneNumber)
            };
        }
        ChatId::check_kinds(value, &[ChatIdKind::Group])
            .map(|_| PhoneOrChatIdKind::Group)
            .map_err(PhoneOrChatIdError::BadChatId)
    }

    /// The value as sent on the wire.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for PhoneOrChatId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("PhoneOrChatId").field(&self.0).finish()
    }
}

impl fmt::Display for PhoneOrChatId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl AsRef<str> for PhoneOrChatId {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documented_forms_and_the_curl_plus() {
        assert_eq!(
            PhoneOrChatId::check_strict("905301234567"),
            Ok(PhoneOrChatIdKind::Phone)
        );
        assert_eq!(
            PhoneOrChatId::check_strict("905301234567-1574073754@g.us"),
            Ok(PhoneOrChatIdKind::Group)
        );
        // 003:13 sends "+905301111111"; 003:28 forbids special characters.
        assert_eq!(
            PhoneOrChatId::check_strict("+905301111111"),
            Err(PhoneOrChatIdError::BadPhoneNumber)
        );
        assert_eq!(
            PhoneOrChatId::check_strict(""),
            Err(PhoneOrChatIdError::BadPhoneNumber)
        );
        assert!(matches!(
            PhoneOrChatId::check_strict("905301234567@c.us"),
            Err(PhoneOrChatIdError::BadChatId(_))
        ));
    }
}
