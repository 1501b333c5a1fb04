//! The identity model and Wawp's whatsapp-web.js message key.

use crate::ids::identity::malformed;
use crate::ids::{Chat, IdForm, IdentityError, MessageId, MessageKey};
use crate::wawp::send_text;

impl MessageKey {
    /// Reads a Wawp (whatsapp-web.js) message key; `_serialized` must agree
    /// with `fromMe`, `remote` and `id`, and all four must be present.
    pub fn from_wawp(key: &send_text::MessageKey) -> Result<Self, IdentityError> {
        let missing =
            |name: &str| malformed(IdForm::SerializedKey, format_args!("`{name}` is absent"));
        let serialized = key
            .serialized
            .as_ref()
            .map(MessageId::as_str)
            .ok_or_else(|| missing("_serialized"))?;
        let remote = key.remote.as_ref().ok_or_else(|| missing("remote"))?;
        let parsed = Self::parse_serialized(serialized)?;
        let expected = Self {
            from_me: key.from_me.ok_or_else(|| missing("fromMe"))?,
            chat: Chat::from_chat_id(remote)?,
            id: key.id.clone().ok_or_else(|| missing("id"))?,
            participant: parsed.participant.clone(),
        };
        if parsed == expected {
            Ok(parsed)
        } else {
            Err(IdentityError::Inconsistent {
                serialized: serialized.to_owned(),
                expected: expected.to_serialized(),
            })
        }
    }
}
