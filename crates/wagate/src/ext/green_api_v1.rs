//! The identity model and Green API `/v1`'s `recipient_type` + `to`.

use crate::green_api_v1::messages::RecipientType;
use crate::ids::identity::{digits, group_from_digits, malformed};
use crate::ids::{Chat, IdForm, IdentityError};

impl Chat {
    /// Reads Green API `/v1`'s `recipient_type` and `to`: a bare phone for
    /// `individual`, a group id without `@g.us` for `group`.
    pub fn from_v1(recipient_type: &RecipientType, to: &str) -> Result<Self, IdentityError> {
        match recipient_type {
            RecipientType::Individual if digits(to) => Ok(Self::Personal(to.to_owned())),
            RecipientType::Individual => Err(malformed(
                IdForm::GreenApiV1,
                "an individual's `to` is the phone number's digits",
            )),
            RecipientType::Group => Ok(Self::Group(group_from_digits(to, IdForm::GreenApiV1)?)),
            RecipientType::Unknown(v) => Err(malformed(
                IdForm::GreenApiV1,
                format_args!("unknown recipient_type `{}`", v.as_str()),
            )),
        }
    }

    /// Writes `recipient_type` and `to` for Green API `/v1` (persons and groups only).
    pub fn to_v1(&self) -> Result<(RecipientType, String), IdentityError> {
        match self {
            Self::Personal(p) => Ok((RecipientType::Individual, p.clone())),
            Self::Group(g) => Ok((RecipientType::Group, g.to_string())),
            other => Err(IdentityError::NotRepresentable {
                kind: other.kind(),
                form: IdForm::GreenApiV1,
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::ChatId;

    fn chat(id: &str) -> Chat {
        Chat::from_chat_id(&ChatId::new_unchecked(id)).unwrap_or(Chat::StatusBroadcast)
    }

    #[test]
    fn v1_recipients_convert_both_ways() {
        let person = chat("79001234567@c.us");
        assert_eq!(
            person.to_v1(),
            Ok((RecipientType::Individual, "79001234567".to_owned()))
        );
        assert_eq!(
            Chat::from_v1(&RecipientType::Individual, "79001234567"),
            Ok(person)
        );
        let legacy = chat("79001234567-1581234048@g.us");
        let (t, to) = legacy
            .to_v1()
            .unwrap_or((RecipientType::Individual, String::new()));
        assert_eq!(
            (&t, to.as_str()),
            (&RecipientType::Group, "79001234567-1581234048")
        );
        assert_eq!(Chat::from_v1(&t, &to), Ok(legacy));
        let modern = chat("120363043968066561@g.us");
        assert_eq!(
            modern.to_v1().map(|(_, to)| to),
            Ok("120363043968066561".to_owned())
        );
    }

    #[test]
    fn v1_cannot_write_lid_newsletter_or_status() {
        for id in ["4639135154355@lid", "1203@newsletter", "status@broadcast"] {
            let c = chat(id);
            assert_eq!(
                c.to_v1(),
                Err(IdentityError::NotRepresentable {
                    kind: c.kind(),
                    form: IdForm::GreenApiV1
                })
            );
        }
        assert!(matches!(
            Chat::from_v1(&RecipientType::Individual, "79001234567-1581234048"),
            Err(IdentityError::Malformed {
                form: IdForm::GreenApiV1,
                ..
            })
        ));
        assert!(Chat::from_v1(&RecipientType::from("channel"), "1").is_err());
    }
}
