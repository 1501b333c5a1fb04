//! Request validation: the rules of the spec, applied by generated
//! `Validate` impls that walk a request with a [`Validator`]. Each rule
//! records an [`Issue`] at the current JSON Pointer with its code, limit and
//! the server's own text; every broken rule is reported, not only the first.

use std::borrow::Cow;

use crate::error::{ErrorCode, Issue, pointer_push, pointer_push_index, server_text};
use crate::ids::chat_id::kind_name;
use crate::ids::{ChatId, ChatIdError, ChatIdKind, PhoneNumber, PhoneOrChatId, PhoneOrChatIdError};
use crate::open_enum::OpenEnum;

/// Implemented by every request struct (generated).
pub trait Validate {
    /// Checks every documented rule, recording what is broken.
    fn validate(&self, v: &mut Validator);
}

/// Walks a request, recording broken rules at their JSON Pointers.
pub struct Validator {
    /// Whether `pointer` follows the walk: a first walk does not track it
    /// (most requests keep every rule); one that finds a broken rule walks
    /// again, tracked, for the reports.
    track: bool,
    pointer: String,
    issues: Vec<Issue>,
}

/// A server text template (`{label}` is the field's Joi label), if documented.
pub type Text = Option<&'static str>;

impl Validator {
    /// The issues of one value.
    pub fn issues_of<T: Validate + ?Sized>(value: &T) -> Vec<Issue> {
        let mut v = Self::new(false);
        value.validate(&mut v);
        if v.issues.is_empty() {
            return v.issues;
        }
        let mut v = Self::new(true);
        value.validate(&mut v);
        v.issues
    }

    fn new(track: bool) -> Self {
        Self {
            track,
            pointer: String::new(),
            issues: Vec::new(),
        }
    }

    /// Checks the member `key`.
    pub fn at(&mut self, key: &str, check: impl FnOnce(&mut Self)) {
        let mark = self.pointer.len();
        if self.track {
            pointer_push(&mut self.pointer, key);
        }
        check(self);
        self.pointer.truncate(mark);
    }

    /// Checks every item of an array.
    pub fn each<T>(&mut self, items: &[T], mut check: impl FnMut(&mut Self, &T)) {
        for (index, item) in items.iter().enumerate() {
            let mark = self.pointer.len();
            if self.track {
                pointer_push_index(&mut self.pointer, index);
            }
            check(self, item);
            self.pointer.truncate(mark);
        }
    }

    fn fail(
        &mut self,
        code: ErrorCode,
        message: impl Into<Cow<'static, str>>,
        limit: Option<u64>,
        text: Text,
    ) {
        self.issues.push(Issue {
            limit,
            server_message: text.map(|t| server_text(t, &self.pointer)),
            ..Issue::new(self.pointer.clone(), code, message.into())
        });
    }

    /// A string is at most `max` UTF-16 code units long (JavaScript's length).
    pub fn max_length(&mut self, value: impl AsRef<str>, max: usize, text: Text) {
        if utf16_len(value.as_ref()) > max {
            let message = format!(
                "must be at most {max} characters (UTF-16 code units, as the server counts)"
            );
            self.fail(ErrorCode::TooLong, message, Some(max as u64), text);
        }
    }

    /// A string is at least `min` UTF-16 code units long.
    pub fn min_length(&mut self, value: impl AsRef<str>, min: usize, text: Text) {
        if utf16_len(value.as_ref()) < min {
            let message = format!(
                "must be at least {min} characters (UTF-16 code units, as the server counts)"
            );
            self.fail(ErrorCode::TooShort, message, Some(min as u64), text);
        }
    }

    /// A required string is not empty (Joi's default for strings).
    pub fn not_empty(&mut self, value: impl AsRef<str>, text: Text) {
        if value.as_ref().is_empty() {
            self.fail(ErrorCode::Empty, "must not be empty", None, text);
        }
    }

    /// A string starts with one of the prefixes.
    pub fn starts_with(&mut self, value: impl AsRef<str>, prefixes: &[&str], text: Text) {
        if !prefixes.iter().any(|p| value.as_ref().starts_with(p)) {
            let message = format!("must start with {}", prefixes.join(" or "));
            self.fail(ErrorCode::BadFormat, message, None, text);
        }
    }

    /// An array has at most `max` items.
    pub fn max_items(&mut self, len: usize, max: usize, text: Text) {
        if len > max {
            self.fail(
                ErrorCode::TooManyItems,
                format!("must have at most {max} items"),
                Some(max as u64),
                text,
            );
        }
    }

    /// An array has at least `min` items.
    pub fn min_items(&mut self, len: usize, min: usize, text: Text) {
        if len < min {
            self.fail(
                ErrorCode::TooFewItems,
                format!("must have at least {min} items"),
                Some(min as u64),
                text,
            );
        }
    }

    /// A number is at least `min`.
    pub fn minimum(&mut self, value: impl Number, min: i64, text: Text) {
        if value.below(min) {
            self.fail(
                ErrorCode::TooSmall,
                format!("must be at least {min}"),
                u64::try_from(min).ok(),
                text,
            );
        }
    }

    /// A number is at most `max`.
    pub fn maximum(&mut self, value: impl Number, max: i64, text: Text) {
        if value.above(max) {
            self.fail(
                ErrorCode::TooLarge,
                format!("must be at most {max}"),
                u64::try_from(max).ok(),
                text,
            );
        }
    }

    /// An integer is one of the allowed values.
    pub fn one_of(&mut self, value: i64, allowed: &[i64], text: Text) {
        if !allowed.contains(&value) {
            let list: Vec<String> = allowed.iter().map(i64::to_string).collect();
            self.fail(
                ErrorCode::NotAllowed,
                format!("must be one of {}", list.join(", ")),
                None,
                text,
            );
        }
    }

    /// A number JavaScript calls safe: finite, |x| ≤ 2^53−1.
    pub fn safe_integer(&mut self, value: impl Number, text: Text) {
        if !value.is_js_safe() {
            self.fail(
                ErrorCode::UnsafeNumber,
                "must be a safe number (|x| at most 2^53-1)",
                None,
                text,
            );
        }
    }

    /// A phone number has `min` to `max` digits.
    pub fn digits(&mut self, value: PhoneNumber, min: u32, max: u32, text: Text) {
        if let Err(e) = value.check_digits(min, max) {
            self.fail(ErrorCode::BadPhoneNumber, e.to_string(), None, text);
        }
    }

    /// The items are unique by a key; reports the first repeat, in array
    /// order. Sorting keeps it O(n log n) whatever the input.
    pub fn unique_by<T, K: Ord>(&mut self, items: &[T], key: impl Fn(&T) -> K, text: Text) {
        if let Some(i) = first_repeat(items.iter().map(key)) {
            self.fail(
                ErrorCode::NotUnique,
                format!("item {i} repeats an earlier item"),
                None,
                text,
            );
        }
    }

    /// A chat id of one of the kinds the field accepts; the message says
    /// what is wrong and what the field takes.
    pub fn chat_id(&mut self, id: &ChatId, kinds: &[ChatIdKind], text: Text) {
        if let Err(e) = ChatId::check_kinds(id.as_str(), kinds) {
            let takes: Vec<&str> = kinds.iter().map(|k| kind_name(*k)).collect();
            let message = match e {
                ChatIdError::BadNumber(_) => e.to_string(),
                _ => format!("{e}; this field takes {}", takes.join(", or ")),
            };
            self.fail(ErrorCode::InvalidChatId, message, None, text);
        }
    }

    /// Digits with the country code, or a group id (Maytapi `to_number`).
    #[cfg_attr(not(feature = "maytapi"), allow(dead_code))]
    pub fn phone_or_chat_id(&mut self, value: &PhoneOrChatId, text: Text) {
        match PhoneOrChatId::check_strict(value.as_str()) {
            Ok(_) => {}
            Err(e @ PhoneOrChatIdError::BadPhoneNumber) => {
                self.fail(ErrorCode::BadPhoneNumber, e.to_string(), None, text);
            }
            Err(e) => self.fail(ErrorCode::InvalidChatId, e.to_string(), None, text),
        }
    }

    /// An enumeration value the documents list.
    pub fn known<E: OpenEnum>(&mut self, value: &E, text: Text) {
        if !value.is_known() {
            let message = format!("'{}' is not a documented value", value.as_str());
            self.fail(ErrorCode::UnknownValue, message, None, text);
        }
    }

    /// At least one of the named fields is present.
    pub fn at_least_one_of(&mut self, present: &[bool], names: &[&str], text: Text) {
        if !present.iter().any(|p| *p) {
            let message = format!("at least one of {} is required", names.join(", "));
            self.fail(ErrorCode::MissingOneOf, message, None, text);
        }
    }

    /// At least `min` of the fields are present.
    pub fn min_properties(&mut self, present: &[bool], min: usize, text: Text) {
        if present.iter().filter(|p| **p).count() < min {
            let message = format!("at least {min} field(s) must be given");
            self.fail(ErrorCode::TooFewProperties, message, Some(min as u64), text);
        }
    }
}

/// JavaScript's string length: UTF-16 code units.
fn utf16_len(s: &str) -> usize {
    s.encode_utf16().count()
}

/// The index of the first key equal to an earlier one, in O(n log n).
pub fn first_repeat<K: Ord>(keys: impl Iterator<Item = K>) -> Option<usize> {
    let mut keyed: Vec<(K, usize)> = keys.enumerate().map(|(i, k)| (k, i)).collect();
    keyed.sort_unstable();
    // Among equal keys (sorted by index), every one after the first repeats it.
    keyed
        .windows(2)
        .filter_map(|pair| match pair {
            [(a, _), (b, j)] if a == b => Some(*j),
            _ => None,
        })
        .min()
}

/// Numbers the rules compare: the server's JavaScript sees them as doubles.
pub trait Number: Copy {
    /// Below an integer bound.
    fn below(self, min: i64) -> bool;
    /// Above an integer bound.
    fn above(self, max: i64) -> bool;
    /// Finite and |x| ≤ 2^53−1 (`Number.isSafeInteger` bound).
    fn is_js_safe(self) -> bool;
}

impl Number for i64 {
    fn below(self, min: i64) -> bool {
        self < min
    }
    fn above(self, max: i64) -> bool {
        self > max
    }
    fn is_js_safe(self) -> bool {
        self.unsigned_abs() <= crate::limits::JS_MAX_SAFE_INTEGER
    }
}

impl Number for u64 {
    fn below(self, min: i64) -> bool {
        i128::from(self) < i128::from(min)
    }
    fn above(self, max: i64) -> bool {
        i128::from(self) > i128::from(max)
    }
    fn is_js_safe(self) -> bool {
        self <= crate::limits::JS_MAX_SAFE_INTEGER
    }
}

impl Number for PhoneNumber {
    fn below(self, min: i64) -> bool {
        self.get().below(min)
    }
    fn above(self, max: i64) -> bool {
        self.get().above(max)
    }
    fn is_js_safe(self) -> bool {
        self.get().is_js_safe()
    }
}

// Bounds are small integers, exactly representable as doubles.
#[allow(clippy::cast_precision_loss)]
impl Number for f64 {
    fn below(self, min: i64) -> bool {
        self < min as f64
    }
    fn above(self, max: i64) -> bool {
        self > max as f64
    }
    fn is_js_safe(self) -> bool {
        self.is_finite() && self.abs() <= crate::limits::JS_MAX_SAFE_INTEGER as f64
    }
}

/// garde's `Validate` for a request type, through its generated rules:
/// `request.validate()` reports wire-named paths and readable messages.
pub(crate) fn into_garde<T: Validate>(
    value: &T,
    parent: &mut dyn FnMut() -> garde::Path,
    report: &mut garde::Report,
) {
    for issue in Validator::issues_of(value) {
        let mut path = parent();
        for token in issue.path.split('/').skip(1) {
            let token = token.replace("~1", "/").replace("~0", "~");
            path = match token.parse::<usize>() {
                Ok(index) => path.join(index),
                Err(_) => path.join(token),
            };
        }
        report.append(path, garde::Error::new(issue.message));
    }
}

/// `garde::Validate` through [`Validate`], for a generated request type.
macro_rules! garde_via_validator {
    ($ty:ty) => {
        impl garde::Validate for $ty {
            type Context = ();

            fn validate_into(
                &self,
                _: &(),
                parent: &mut dyn FnMut() -> garde::Path,
                report: &mut garde::Report,
            ) {
                $crate::validate::into_garde(self, parent, report);
            }
        }
    };
}
pub(crate) use garde_via_validator;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_repeat_finds_the_earliest_repeat_in_array_order() {
        assert_eq!(first_repeat(["a", "b", "c"].into_iter()), None);
        assert_eq!(first_repeat(Vec::<&str>::new().into_iter()), None);
        assert_eq!(first_repeat(["b", "a", "c", "a", "b"].into_iter()), Some(3));
        assert_eq!(first_repeat(["x", "x", "x"].into_iter()), Some(1));
    }

    #[test]
    fn lengths_are_utf16_units() {
        let mut v = Validator::new(true);
        v.at("m", |v| v.max_length("😀", 1, None));
        v.at("n", |v| v.max_length("жж", 2, None));
        assert_eq!(v.issues.len(), 1);
        assert_eq!(v.issues.first().map(|i| i.path.as_str()), Some("/m"));
    }
}
