//! Chat ids: `79001234567@c.us`, `120363043968066561@g.us`, `11001234567-1581234040@g.us`,
//! and the newer forms `…@lid`, `…@newsletter` and `status@broadcast`.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A WhatsApp chat id as Green API writes it.
///
/// Deserialization never fails on the shape: ids received from the server are
/// kept exactly as sent (the documents themselves contain `@с.us` with a
/// Cyrillic `с`, `@cs.us` and `@ec.us`). [`ChatId::parse_strict`] and the
/// request validation apply the documented rule.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ChatId(String);

/// What a chat id looks like.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ChatIdKind {
    /// `<phone digits>@c.us`: a personal chat (a correspondent).
    Personal,
    /// `<digits>-<digits>@g.us` (older groups) or `<digits>@g.us`.
    Group,
    /// `<digits>@lid`: a personal chat by WhatsApp's linked id instead of the phone.
    Lid,
    /// `<digits>@newsletter`: a channel.
    Newsletter,
    /// `status@broadcast`: the status (stories) feed.
    StatusBroadcast,
    /// Anything else; kept unchanged in received data, refused in requests.
    Other,
}

/// Why a string is not a chat id a request may carry.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ChatIdError {
    /// The suffix is none of the known ones (`@c.us`, `@lid`, `@g.us`, …).
    #[error("the suffix is none of @c.us, @lid, @g.us, @newsletter, status@broadcast")]
    BadSuffix,
    /// The suffix names a kind, but the part before `@` is not its form.
    #[error("{}", bad_number(*.0))]
    BadNumber(ChatIdKind),
    /// A well-formed id of a kind this field does not accept.
    #[error("{} is not accepted here", kind_name(*.0))]
    KindNotAccepted(ChatIdKind),
}

fn bad_number(kind: ChatIdKind) -> &'static str {
    match kind {
        ChatIdKind::Personal => {
            "the part before '@c.us' must be the phone number's digits, country code first, no '+'"
        }
        ChatIdKind::Lid => {
            "the part before '@lid' must be digits: a linked id as the server issues it"
        }
        ChatIdKind::Group => "the part before '@g.us' must be <digits>-<digits> or <digits>",
        ChatIdKind::Newsletter => "the part before '@newsletter' must be digits",
        _ => "the part before '@' is not of the documented form",
    }
}

/// How a kind is written, for messages.
pub(crate) fn kind_name(kind: ChatIdKind) -> &'static str {
    match kind {
        ChatIdKind::Personal => "a personal chat id (<phone>@c.us)",
        ChatIdKind::Lid => "a personal chat id by linked id (<digits>@lid)",
        ChatIdKind::Group => "a group chat id (<digits>-<digits>@g.us or <digits>@g.us)",
        ChatIdKind::Newsletter => "a channel id (<digits>@newsletter)",
        ChatIdKind::StatusBroadcast => "the status feed (status@broadcast)",
        ChatIdKind::Other => "an id of another form",
    }
}

/// The suffix of a personal chat id.
pub const PERSONAL_SUFFIX: &str = "@c.us";
/// The suffix of a group chat id.
pub const GROUP_SUFFIX: &str = "@g.us";
/// The suffix of a linked-id (lid) chat id.
pub const LID_SUFFIX: &str = "@lid";
/// The suffix of a newsletter (channel) id.
pub const NEWSLETTER_SUFFIX: &str = "@newsletter";
/// The id of the status feed.
pub const STATUS_BROADCAST: &str = "status@broadcast";

fn all_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

impl ChatId {
    /// Keeps any string, as received data must.
    pub fn new_unchecked(id: impl Into<String>) -> Self {
        Self(id.into())
    }

    /// Accepts only the documented request shapes.
    pub fn parse_strict(id: &str) -> Result<Self, ChatIdError> {
        Self::check_strict(id)?;
        Ok(Self(id.to_owned()))
    }

    /// A personal chat id for a phone number given as digits.
    pub fn personal(phone: &crate::ids::PhoneNumber) -> Self {
        Self(format!("{}{PERSONAL_SUFFIX}", phone.get()))
    }

    /// A personal (`<digits>@c.us`, `<digits>@lid`) or group
    /// (`<digits>-<digits>@g.us`, `<digits>@g.us`) chat id: what Green API's
    /// requests take where a field accepts any chat.
    pub fn check_strict(id: &str) -> Result<(), ChatIdError> {
        Self::check_kinds(
            id,
            &[ChatIdKind::Personal, ChatIdKind::Lid, ChatIdKind::Group],
        )
        .map(drop)
    }

    /// The rule of a provider that lists the kinds it accepts.
    pub fn check_kinds(id: &str, accepted: &[ChatIdKind]) -> Result<ChatIdKind, ChatIdError> {
        let kind = Self::classify(id)?;
        if accepted.contains(&kind) {
            Ok(kind)
        } else {
            Err(ChatIdError::KindNotAccepted(kind))
        }
    }

    /// What a well-formed id is; `Err` when it has none of the known shapes.
    pub fn classify(id: &str) -> Result<ChatIdKind, ChatIdError> {
        if id == STATUS_BROADCAST {
            return Ok(ChatIdKind::StatusBroadcast);
        }
        for (suffix, kind) in [
            (LID_SUFFIX, ChatIdKind::Lid),
            (NEWSLETTER_SUFFIX, ChatIdKind::Newsletter),
        ] {
            if let Some(number) = id.strip_suffix(suffix) {
                return if all_digits(number) {
                    Ok(kind)
                } else {
                    Err(ChatIdError::BadNumber(kind))
                };
            }
        }
        Self::classify_green_api(id)
    }

    fn classify_green_api(id: &str) -> Result<ChatIdKind, ChatIdError> {
        if let Some(number) = id.strip_suffix(PERSONAL_SUFFIX) {
            return if all_digits(number) {
                Ok(ChatIdKind::Personal)
            } else {
                Err(ChatIdError::BadNumber(ChatIdKind::Personal))
            };
        }
        if let Some(group) = id.strip_suffix(GROUP_SUFFIX) {
            let ok = match group.split_once('-') {
                Some((creator, created)) => all_digits(creator) && all_digits(created),
                None => all_digits(group),
            };
            return if ok {
                Ok(ChatIdKind::Group)
            } else {
                Err(ChatIdError::BadNumber(ChatIdKind::Group))
            };
        }
        Err(ChatIdError::BadSuffix)
    }

    /// The id as sent on the wire.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Personal, group, lid, newsletter, status feed, or something else.
    pub fn kind(&self) -> ChatIdKind {
        Self::classify(&self.0).unwrap_or(ChatIdKind::Other)
    }

    /// The phone digits of a personal chat id.
    pub fn phone_digits(&self) -> Option<&str> {
        match self.kind() {
            ChatIdKind::Personal => self.0.strip_suffix(PERSONAL_SUFFIX),
            _ => None,
        }
    }
}

impl fmt::Debug for ChatId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("ChatId").field(&self.0).finish()
    }
}

impl fmt::Display for ChatId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl FromStr for ChatId {
    type Err = ChatIdError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse_strict(s)
    }
}

impl AsRef<str> for ChatId {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl Serialize for ChatId {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl crate::de::Scalar for ChatId {
    const EXPECTED: &'static str = "a chat id (a string)";
    fn from_prim(
        prim: crate::de::Prim<'_>,
    ) -> Result<Self, (crate::de::Prim<'_>, crate::ErrorCode)> {
        match prim {
            crate::de::Prim::Str(s) => Ok(Self(s.into_owned())),
            other => other.refuse(false),
        }
    }
}

crate::de::read_as_scalar!(ChatId);

impl<'de> Deserialize<'de> for ChatId {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(Self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn newer_kinds_are_classified() {
        for (id, kind) in [
            ("120363025246125486@newsletter", ChatIdKind::Newsletter),
            ("4639135154355@lid", ChatIdKind::Lid),
            ("status@broadcast", ChatIdKind::StatusBroadcast),
        ] {
            assert_eq!(ChatId::classify(id), Ok(kind), "{id}");
            assert_eq!(ChatId::new_unchecked(id).kind(), kind);
        }
        assert_eq!(
            ChatId::classify("abc@lid"),
            Err(ChatIdError::BadNumber(ChatIdKind::Lid))
        );
        assert_eq!(ChatId::classify("x@broadcast"), Err(ChatIdError::BadSuffix));
        let wawp = [
            ChatIdKind::Personal,
            ChatIdKind::Group,
            ChatIdKind::Newsletter,
        ];
        assert_eq!(
            ChatId::check_kinds("1@newsletter", &wawp),
            Ok(ChatIdKind::Newsletter)
        );
        assert_eq!(
            ChatId::check_kinds("1@lid", &wawp),
            Err(ChatIdError::KindNotAccepted(ChatIdKind::Lid))
        );
    }

    #[test]
    fn documented_shapes_are_accepted() {
        for id in [
            "11001234567@c.us",
            "120363043968066561@g.us",
            "11001234567-1581234040@g.us",
        ] {
            assert_eq!(ChatId::check_strict(id), Ok(()), "{id}");
        }
        assert_eq!(
            ChatId::new_unchecked("11001234567@c.us").kind(),
            ChatIdKind::Personal
        );
        assert_eq!(
            ChatId::new_unchecked("120363043968066561@g.us").kind(),
            ChatIdKind::Group
        );
    }

    #[test]
    fn typos_of_the_documents_are_refused_but_kept() {
        // Cyrillic "с" (U+0441), as in seed 000 line 45 and seed 002 line 9436.
        assert_eq!(
            ChatId::check_strict("11001234567@\u{441}.us"),
            Err(ChatIdError::BadSuffix)
        );
        assert_eq!(
            ChatId::check_strict("11001234567@cs.us"),
            Err(ChatIdError::BadSuffix)
        );
        assert_eq!(
            ChatId::check_strict("+11001234567@c.us"),
            Err(ChatIdError::BadNumber(ChatIdKind::Personal))
        );
        assert_eq!(
            ChatId::check_strict("1-2-3@g.us"),
            Err(ChatIdError::BadNumber(ChatIdKind::Group))
        );
        assert_eq!(
            ChatId::check_strict("@c.us"),
            Err(ChatIdError::BadNumber(ChatIdKind::Personal))
        );
        // Well-formed ids of kinds Green API's rule does not list.
        assert_eq!(
            ChatId::check_strict("123456789@newsletter"),
            Err(ChatIdError::KindNotAccepted(ChatIdKind::Newsletter))
        );
        assert_eq!(ChatId::check_strict("120650379300963@lid"), Ok(()));
        let kept = ChatId::new_unchecked("12036304684212345@ec.us");
        assert_eq!(kept.kind(), ChatIdKind::Other);
        assert_eq!(kept.as_str(), "12036304684212345@ec.us");
    }
}
