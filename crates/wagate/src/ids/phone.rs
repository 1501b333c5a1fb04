//! Phone numbers as Green API sends them: a JSON integer of digits, in
//! international format without `+` and without `00` (`79001234567`).

use std::fmt;

use serde::{Deserialize, Serialize};

/// A phone number as a JSON integer (`79001234567`).
///
/// Received values are kept whatever their length; requests are checked with
/// the documented digit rule of their field (`digits` in spec/, for example
/// 11–16 for CheckWhatsapp), and, with the `phone-strict` feature,
/// `PhoneNumber::check_strict` asks the `phonenumber` crate whether such a
/// number can exist at all.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct PhoneNumber(u64);

impl crate::de::Scalar for PhoneNumber {
    const EXPECTED: &'static str = "a phone number (an integer of digits)";
    const JSON: crate::de::Json = crate::de::Json::Number;
    fn from_prim(
        prim: crate::de::Prim<'_>,
    ) -> Result<Self, (crate::de::Prim<'_>, crate::ErrorCode)> {
        use crate::de::Prim;
        match prim {
            Prim::U64(n) => Ok(Self(n)),
            Prim::I64(n) => Prim::I64(n).refuse(true),
            other => other.refuse(false),
        }
    }
}

crate::de::read_as_scalar!(PhoneNumber);

/// Why a phone number was refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PhoneNumberError {
    /// Not as many digits as the field documents.
    #[error(
        "phone number must have {min} to {max} digits (country code included, no '+'), found {found}"
    )]
    DigitCount {
        /// The documented minimum.
        min: u32,
        /// The documented maximum.
        max: u32,
        /// How many digits the number has.
        found: u32,
    },
    /// `phonenumber` could not parse `+<digits>`.
    #[error("not a phone number: {0}")]
    Unparsable(String),
    /// `phonenumber` parsed it but no such number can exist.
    #[error("no such number can exist{}", country.as_deref().map(|c| format!(" in {c}")).unwrap_or_default())]
    Impossible {
        /// ISO 3166-1 alpha-2 code of the country the prefix belongs to, if any.
        country: Option<String>,
    },
}

/// A phone number that `phonenumber` accepted, with its country.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StrictPhoneNumber {
    /// The number.
    pub number: PhoneNumber,
    /// ISO 3166-1 alpha-2 country code (`RU`, `GB`), when the prefix names one.
    pub country: Option<String>,
}

impl PhoneNumber {
    /// Wraps the digits.
    pub const fn new(digits: u64) -> Self {
        Self(digits)
    }

    /// The digits as an integer.
    pub const fn get(self) -> u64 {
        self.0
    }

    /// How many decimal digits the number has.
    pub fn digit_count(self) -> u32 {
        self.0.checked_ilog10().map_or(1, |l| l + 1)
    }

    /// A field's documented digit rule: `min` to `max` digits.
    pub fn check_digits(self, min: u32, max: u32) -> Result<(), PhoneNumberError> {
        let found = self.digit_count();
        if (min..=max).contains(&found) {
            Ok(())
        } else {
            Err(PhoneNumberError::DigitCount { min, max, found })
        }
    }

    /// Opt-in strict check: parses `+<digits>` with the `phonenumber` crate,
    /// names the country and refuses numbers that cannot exist.
    #[cfg(feature = "phone-strict")]
    pub fn check_strict(self) -> Result<StrictPhoneNumber, PhoneNumberError> {
        // phonenumber needs the leading '+' to read the country code.
        let text = format!("+{}", self.0);
        let parsed = phonenumber::parse(None, &text)
            .map_err(|e| PhoneNumberError::Unparsable(e.to_string()))?;
        let country = parsed.country().id().map(|id| id.as_ref().to_owned());
        if phonenumber::is_valid(&parsed) {
            Ok(StrictPhoneNumber {
                number: self,
                country,
            })
        } else {
            Err(PhoneNumberError::Impossible { country })
        }
    }
}

impl fmt::Debug for PhoneNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("PhoneNumber").field(&self.0).finish()
    }
}

impl fmt::Display for PhoneNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digit_rule_boundaries() {
        let rule = |n: u64| PhoneNumber::new(n).check_digits(11, 12);
        assert!(rule(9_999_999_999).is_err()); // 10
        assert!(rule(79_001_234_568).is_ok()); // 11
        assert!(rule(441_234_567_890).is_ok()); // 12
        assert!(rule(1_000_000_000_000).is_err()); // 13
        assert_eq!(PhoneNumber::new(0).digit_count(), 1);
    }

    #[cfg(feature = "phone-strict")]
    #[test]
    fn strict_check_names_the_country() {
        let ok = PhoneNumber::new(79_001_234_567).check_strict();
        assert_eq!(ok.map(|s| s.country), Ok(Some("RU".to_owned())));
        assert!(PhoneNumber::new(11_001_234_567).check_strict().is_err());
    }
}
