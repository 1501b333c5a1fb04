//! One identity model across providers.
//!
//! The same chat is written differently by each API:
//!
//! | provider | person | group | other |
//! |---|---|---|---|
//! | Green API | `79001234567@c.us` | `79001234567-1581234048@g.us`, `120363043968066561@g.us` | `…@lid`, `…@newsletter`, `status@broadcast` |
//! | Green API `/v1` | `to: "79001234567"` | `recipient_type: "group"`, `to: "79001234567-1581234048"` | — |
//! | Maytapi | `to_number: "905301234567"` | `to_number: "905301234567-1574073754@g.us"` | — |
//! | whatsapp-web.js (Wawp) | `{server: "c.us", user, _serialized}` | `{server: "g.us", …}` | `lid`, `newsletter`, `broadcast` |
//!
//! [`Chat`] is the common form. Every conversion into it checks the shape;
//! every conversion out of it is lossless, or fails with
//! [`IdentityError::NotRepresentable`] when the target has no way to write
//! that kind of chat. Message keys are [`MessageKey`]: whatsapp-web.js's
//! `true_<chat>_<id>` and Green API's `idMessage` (the `<id>` part).
//!
//! ```
//! use wagate::ids::{Chat, ChatId, MessageKey};
//!
//! let chat = Chat::from_chat_id(&ChatId::new_unchecked("905301234567-1574073754@g.us"))?;
//! let to_number = chat.to_maytapi()?; // Maytapi writes groups as chat ids
//! assert_eq!(Chat::from_maytapi(&to_number)?, chat);
//! assert_eq!(chat.to_wid().serialized, "905301234567-1574073754@g.us");
//!
//! let key = MessageKey::parse_serialized("true_000000000000@c.us_MSG_ID_123456")?;
//! assert_eq!(key.green_api_id().as_str(), "MSG_ID_123456");
//! assert_eq!(key.to_serialized(), "true_000000000000@c.us_MSG_ID_123456");
//! # Ok::<(), wagate::ids::IdentityError>(())
//! ```

use std::fmt;

use serde::{Deserialize, Serialize};

use super::chat_id::{ChatId, ChatIdError, ChatIdKind, STATUS_BROADCAST};
use super::message_id::MessageId;
use super::recipient::PhoneOrChatId;

/// A group id in either of its forms.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum GroupId {
    /// The older `<creator phone>-<creation time>` form.
    Legacy {
        /// Phone digits of the creator.
        creator: String,
        /// Creation time (Unix seconds), as digits.
        created: String,
    },
    /// The newer form: digits only (`120363043968066561`).
    Id(String),
}

impl fmt::Display for GroupId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Legacy { creator, created } => write!(f, "{creator}-{created}"),
            Self::Id(id) => f.write_str(id),
        }
    }
}

/// One chat, whatever provider wrote it.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Chat {
    /// A person by phone number (digits, country code first).
    Personal(String),
    /// A group.
    Group(GroupId),
    /// A person by WhatsApp linked id (`…@lid`).
    Lid(String),
    /// A channel (`…@newsletter`).
    Newsletter(String),
    /// The status feed (`status@broadcast`).
    StatusBroadcast,
}

/// Which written form a conversion was reading or writing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum IdForm {
    /// A Green API chat id (`…@c.us`, `…@g.us`, …).
    ChatId,
    /// Green API `/v1`: `recipient_type` and `to`.
    GreenApiV1,
    /// Maytapi `to_number`.
    Maytapi,
    /// whatsapp-web.js `{server, user, _serialized}`.
    Wid,
    /// whatsapp-web.js message key `<fromMe>_<chat>_<id>`.
    SerializedKey,
}

/// Why an identity could not be read or written.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum IdentityError {
    /// The value does not have the shape of `form`.
    #[error("not a valid {form:?} identity: {reason}")]
    Malformed {
        /// The form being read.
        form: IdForm,
        /// What is wrong.
        reason: String,
    },
    /// The target form has no way to write this kind of chat.
    #[error("a {kind:?} chat cannot be written as {form:?}")]
    NotRepresentable {
        /// The chat's kind.
        kind: ChatIdKind,
        /// The target form.
        form: IdForm,
    },
    /// whatsapp-web.js `_serialized` disagrees with `user@server`.
    #[error("_serialized `{serialized}` is not `{expected}`")]
    Inconsistent {
        /// What `_serialized` says.
        serialized: String,
        /// `user@server`.
        expected: String,
    },
}

pub(crate) fn malformed(form: IdForm, reason: impl fmt::Display) -> IdentityError {
    IdentityError::Malformed {
        form,
        reason: reason.to_string(),
    }
}

pub(crate) fn digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

pub(crate) fn group_from_digits(text: &str, form: IdForm) -> Result<GroupId, IdentityError> {
    match text.split_once('-') {
        Some((creator, created)) if digits(creator) && digits(created) => Ok(GroupId::Legacy {
            creator: creator.to_owned(),
            created: created.to_owned(),
        }),
        None if digits(text) => Ok(GroupId::Id(text.to_owned())),
        _ => Err(malformed(
            form,
            "a group id is <digits>-<digits> or <digits>",
        )),
    }
}

impl Chat {
    /// The kind, in [`ChatId`]'s terms.
    pub fn kind(&self) -> ChatIdKind {
        match self {
            Self::Personal(_) => ChatIdKind::Personal,
            Self::Group(_) => ChatIdKind::Group,
            Self::Lid(_) => ChatIdKind::Lid,
            Self::Newsletter(_) => ChatIdKind::Newsletter,
            Self::StatusBroadcast => ChatIdKind::StatusBroadcast,
        }
    }

    /// Reads a chat id of any known kind.
    pub fn from_chat_id(id: &ChatId) -> Result<Self, IdentityError> {
        let text = id.as_str();
        let kind = ChatId::classify(text).map_err(|e: ChatIdError| malformed(IdForm::ChatId, e))?;
        let (user, _) = text.rsplit_once('@').unwrap_or((text, ""));
        Ok(match kind {
            ChatIdKind::Personal => Self::Personal(user.to_owned()),
            ChatIdKind::Group => Self::Group(group_from_digits(user, IdForm::ChatId)?),
            ChatIdKind::Lid => Self::Lid(user.to_owned()),
            ChatIdKind::Newsletter => Self::Newsletter(user.to_owned()),
            _ => Self::StatusBroadcast,
        })
    }

    /// `(user, server)` as whatsapp-web.js splits the id.
    fn user_server(&self) -> (String, &'static str) {
        match self {
            Self::Personal(p) => (p.clone(), "c.us"),
            Self::Group(g) => (g.to_string(), "g.us"),
            Self::Lid(l) => (l.clone(), "lid"),
            Self::Newsletter(n) => (n.clone(), "newsletter"),
            Self::StatusBroadcast => ("status".to_owned(), "broadcast"),
        }
    }

    /// The chat id (lossless for every kind).
    pub fn to_chat_id(&self) -> ChatId {
        let (user, server) = self.user_server();
        ChatId::new_unchecked(format!("{user}@{server}"))
    }

    /// Reads Maytapi's `to_number`: digits, or a group id.
    pub fn from_maytapi(to_number: &PhoneOrChatId) -> Result<Self, IdentityError> {
        PhoneOrChatId::check_strict(to_number.as_str())
            .map_err(|e| malformed(IdForm::Maytapi, e))?;
        if to_number.as_str().contains('@') {
            Self::from_chat_id(&ChatId::new_unchecked(to_number.as_str()))
        } else {
            Ok(Self::Personal(to_number.as_str().to_owned()))
        }
    }

    /// Writes Maytapi's `to_number` (persons and groups only).
    pub fn to_maytapi(&self) -> Result<PhoneOrChatId, IdentityError> {
        match self {
            Self::Personal(p) => Ok(PhoneOrChatId::new_unchecked(p.clone())),
            Self::Group(_) => Ok(PhoneOrChatId::new_unchecked(
                self.to_chat_id().as_str().to_owned(),
            )),
            other => Err(IdentityError::NotRepresentable {
                kind: other.kind(),
                form: IdForm::Maytapi,
            }),
        }
    }

    /// Reads a whatsapp-web.js id object; `_serialized` must be `user@server`.
    pub fn from_wid(wid: &Wid) -> Result<Self, IdentityError> {
        let expected = format!("{}@{}", wid.user, wid.server);
        if wid.serialized != expected {
            return Err(IdentityError::Inconsistent {
                serialized: wid.serialized.clone(),
                expected,
            });
        }
        if expected == STATUS_BROADCAST {
            return Ok(Self::StatusBroadcast);
        }
        Self::from_chat_id(&ChatId::new_unchecked(expected)).map_err(|e| match e {
            IdentityError::Malformed { reason, .. } => malformed(IdForm::Wid, reason),
            other => other,
        })
    }

    /// The whatsapp-web.js id object (lossless for every kind).
    pub fn to_wid(&self) -> Wid {
        let (user, server) = self.user_server();
        Wid {
            serialized: format!("{user}@{server}"),
            server: server.to_owned(),
            user,
            extra: serde_json::Map::new(),
        }
    }
}

/// whatsapp-web.js's id object (`_data.from`, `_data.to` of a Wawp message).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Wid {
    /// `c.us`, `g.us`, `lid`, `newsletter`, `broadcast`.
    pub server: String,
    /// The part before `@`.
    pub user: String,
    /// `user@server`.
    #[serde(rename = "_serialized")]
    pub serialized: String,
    /// Fields the documents do not describe, kept as received.
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

/// A message key: whose chat, sent by me or not, and WhatsApp's message id.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct MessageKey {
    /// Whether the account itself sent the message.
    pub from_me: bool,
    /// The chat.
    pub chat: Chat,
    /// WhatsApp's message id (Green API's `idMessage`).
    pub id: String,
    /// In groups, the author (whatsapp-web.js appends `_<participant>`).
    pub participant: Option<Chat>,
}

impl MessageKey {
    /// Reads whatsapp-web.js's `_serialized` form `true_<chat>_<id>[_<participant>]`.
    pub fn parse_serialized(text: &str) -> Result<Self, IdentityError> {
        let form = IdForm::SerializedKey;
        let (from_me, rest) = match text.split_once('_') {
            Some(("true", rest)) => (true, rest),
            Some(("false", rest)) => (false, rest),
            _ => return Err(malformed(form, "must start with true_ or false_")),
        };
        // Chat ids hold no '_'; the id may ("MSG_ID_123456").
        let (chat, rest) = rest
            .split_once('_')
            .ok_or_else(|| malformed(form, "no message id after the chat"))?;
        let chat =
            Chat::from_chat_id(&ChatId::new_unchecked(chat)).map_err(|e| malformed(form, e))?;
        let (id, participant) = match rest.rsplit_once('_') {
            Some((id, p)) if p.contains('@') => (
                id,
                Some(
                    Chat::from_chat_id(&ChatId::new_unchecked(p))
                        .map_err(|e| malformed(form, e))?,
                ),
            ),
            _ => (rest, None),
        };
        if id.is_empty() {
            return Err(malformed(form, "the message id is empty"));
        }
        Ok(Self {
            from_me,
            chat,
            id: id.to_owned(),
            participant,
        })
    }

    /// The `_serialized` form (lossless).
    pub fn to_serialized(&self) -> String {
        let mut out = format!("{}_{}_{}", self.from_me, self.chat.to_chat_id(), self.id);
        if let Some(p) = &self.participant {
            out.push('_');
            out.push_str(p.to_chat_id().as_str());
        }
        out
    }

    /// A key from Green API's `idMessage` and what Green API gives beside it
    /// (the chat id, and whether the message is outgoing).
    pub fn from_green_api(
        chat: &ChatId,
        id_message: &MessageId,
        from_me: bool,
    ) -> Result<Self, IdentityError> {
        if id_message.as_str().is_empty() || id_message.as_str().contains('_') {
            return Err(malformed(
                IdForm::SerializedKey,
                "an idMessage is a non-empty id without '_'",
            ));
        }
        Ok(Self {
            from_me,
            chat: Chat::from_chat_id(chat)?,
            id: id_message.as_str().to_owned(),
            participant: None,
        })
    }

    /// Green API's `idMessage`: the id part of the key.
    pub fn green_api_id(&self) -> MessageId {
        MessageId::new(self.id.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chat(id: &str) -> Chat {
        Chat::from_chat_id(&ChatId::new_unchecked(id)).unwrap_or(Chat::StatusBroadcast)
    }

    #[test]
    fn every_chat_id_kind_round_trips() {
        for id in [
            "79001234567@c.us",
            "79001234567-1581234048@g.us",
            "120363043968066561@g.us",
            "4639135154355@lid",
            "120363025246125486@newsletter",
            "status@broadcast",
        ] {
            let c = Chat::from_chat_id(&ChatId::new_unchecked(id));
            assert_eq!(
                c.as_ref().map(Chat::to_chat_id).ok(),
                Some(ChatId::new_unchecked(id)),
                "{id}"
            );
            // And through whatsapp-web.js's object.
            let c = chat(id);
            let wid = c.to_wid();
            assert_eq!(wid.serialized, id);
            assert_eq!(Chat::from_wid(&wid), Ok(c));
        }
        assert!(matches!(
            Chat::from_chat_id(&ChatId::new_unchecked("7900@cs.us")),
            Err(IdentityError::Malformed {
                form: IdForm::ChatId,
                ..
            })
        ));
    }

    #[test]
    fn maytapi_numbers_and_groups_convert_both_ways() {
        let n = PhoneOrChatId::new_unchecked("905301234567");
        let c = Chat::from_maytapi(&n);
        assert_eq!(c, Ok(Chat::Personal("905301234567".into())));
        assert_eq!(c.and_then(|c| c.to_maytapi()), Ok(n));
        let g = PhoneOrChatId::new_unchecked("905301234567-1574073754@g.us");
        assert_eq!(Chat::from_maytapi(&g).and_then(|c| c.to_maytapi()), Ok(g));
        assert!(matches!(
            Chat::from_maytapi(&PhoneOrChatId::new_unchecked("+905301111111")),
            Err(IdentityError::Malformed {
                form: IdForm::Maytapi,
                ..
            })
        ));
        assert_eq!(
            chat("4639135154355@lid").to_maytapi(),
            Err(IdentityError::NotRepresentable {
                kind: ChatIdKind::Lid,
                form: IdForm::Maytapi
            })
        );
    }

    #[test]
    fn wid_must_agree_with_serialized() {
        let wid: Wid = serde_json::from_value(serde_json::json!(
            {"server": "c.us", "user": "111111111111", "_serialized": "111111111111@c.us"}
        ))
        .unwrap_or_else(|_| Chat::StatusBroadcast.to_wid());
        assert_eq!(
            Chat::from_wid(&wid),
            Ok(Chat::Personal("111111111111".into()))
        );
        assert_eq!(
            serde_json::to_value(&wid)
                .ok()
                .and_then(|v| v.get("_serialized").cloned()),
            Some("111111111111@c.us".into())
        );
        let bad = Wid {
            serialized: "222@c.us".into(),
            ..wid
        };
        assert!(matches!(
            Chat::from_wid(&bad),
            Err(IdentityError::Inconsistent { .. })
        ));
    }

    #[test]
    fn message_keys_convert_both_ways() {
        let text = "true_000000000000@c.us_MSG_ID_123456";
        let key = MessageKey::parse_serialized(text);
        assert_eq!(
            key.as_ref().map(MessageKey::to_serialized).ok().as_deref(),
            Some(text)
        );
        let key = key.unwrap_or_else(|_| MessageKey {
            from_me: false,
            chat: Chat::StatusBroadcast,
            id: String::new(),
            participant: None,
        });
        assert!(key.from_me);
        assert_eq!(key.green_api_id().as_str(), "MSG_ID_123456");
        let group = "false_120363043968066561@g.us_3EB0C767D097B7C7C030_79001234567@c.us";
        let g = MessageKey::parse_serialized(group);
        assert_eq!(
            g.as_ref().map(|k| k.participant.clone()).ok().flatten(),
            Some(Chat::Personal("79001234567".into()))
        );
        assert_eq!(g.map(|k| k.to_serialized()).ok().as_deref(), Some(group));
        let from_ga = MessageKey::from_green_api(
            &ChatId::new_unchecked("11001234567@c.us"),
            &MessageId::new("BAE5DBB8DEABDA22"),
            true,
        );
        assert_eq!(
            from_ga.map(|k| k.to_serialized()).ok().as_deref(),
            Some("true_11001234567@c.us_BAE5DBB8DEABDA22")
        );
    }

    #[test]
    fn malformed_message_keys_are_typed_errors() {
        for bad in [
            "yes_1@c.us_X",
            "true_1@c.us",
            "true_1@c.us_",
            "true_abc@c.us_X",
        ] {
            assert!(
                matches!(
                    MessageKey::parse_serialized(bad),
                    Err(IdentityError::Malformed {
                        form: IdForm::SerializedKey,
                        ..
                    })
                ),
                "{bad}"
            );
        }
        assert!(
            MessageKey::from_green_api(
                &ChatId::new_unchecked("1@c.us"),
                &MessageId::new("a_b"),
                false
            )
            .is_err()
        );
    }
}
