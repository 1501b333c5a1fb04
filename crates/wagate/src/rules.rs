//! Request validation: garde runs the rules the generator attaches to each
//! request type; this module supplies the rules garde does not have and turns
//! garde's report into [`Issue`]s with code, limit and server text.

use std::borrow::Cow;
use std::fmt::Display;

use crate::error::{ErrorCode, Issue, joi_label, pointer_push};
use crate::ids::{ChatId, PhoneNumber};

/// The largest integer JavaScript represents exactly (`Number.MAX_SAFE_INTEGER`).
pub const JS_MAX_SAFE_INTEGER: u64 = 9_007_199_254_740_991;

/// What a rule of the spec is, as the generator records it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum RuleKind {
    /// `max_length` on a string.
    MaxLength,
    /// `min_length` on a string.
    MinLength,
    /// `max_items` on an array.
    MaxItems,
    /// `min_items` on an array.
    MinItems,
    /// `maximum` on a number.
    Maximum,
    /// `minimum` on a number.
    Minimum,
    /// A rule of this module, reporting its own code.
    Custom(ErrorCode),
}

/// A documented rule of a request type, located by a path pattern.
#[derive(Clone, Copy, Debug)]
pub struct RuleMeta {
    /// JSON Pointer with `*` for array indexes, e.g. `/options/*/optionName`.
    pub pattern: &'static str,
    /// The same path with Rust field names, as garde reports it.
    pub rust_pattern: &'static str,
    /// The rule.
    pub kind: RuleKind,
    /// The documented limit, if the rule has one.
    pub limit: Option<u64>,
    /// The server's documented error text; `{label}` is replaced by the Joi label.
    pub server_message: Option<&'static str>,
    /// Where the documents state the rule (`FILE:LINE`).
    pub seed: &'static str,
}

impl RuleKind {
    fn code(self) -> ErrorCode {
        match self {
            Self::MaxLength => ErrorCode::TooLong,
            Self::MinLength => ErrorCode::TooShort,
            Self::MaxItems => ErrorCode::TooManyItems,
            Self::MinItems => ErrorCode::TooFewItems,
            Self::Maximum => ErrorCode::TooLarge,
            Self::Minimum => ErrorCode::TooSmall,
            Self::Custom(code) => code,
        }
    }
}

/// Separates the code from the human text in messages that rules give garde.
const SEP: &str = "\u{1f}";

fn custom(code: ErrorCode, message: impl Display) -> garde::Error {
    garde::Error::new(format!("{}{SEP}{message}", code.as_str()))
}

/// garde's built-in messages, made machine-readable so they can be mapped
/// back to the spec's rules.
struct MachineMessages;

impl garde::i18n::I18n for MachineMessages {
    fn length_lower_than(&self, min: usize) -> Cow<'static, str> {
        format!("length_lower_than{SEP}{min}").into()
    }
    fn length_greater_than(&self, max: usize) -> Cow<'static, str> {
        format!("length_greater_than{SEP}{max}").into()
    }
    fn range_lower_than(&self, min: &dyn Display) -> Cow<'static, str> {
        format!("range_lower_than{SEP}{min}").into()
    }
    fn range_greater_than(&self, max: &dyn Display) -> Cow<'static, str> {
        format!("range_greater_than{SEP}{max}").into()
    }
    fn credit_card_invalid(&self, _: garde::i18n::InvalidCreditCard) -> Cow<'static, str> {
        "invalid".into()
    }
    fn pattern_no_match(&self, p: &dyn Display) -> Cow<'static, str> {
        format!("bad_format{SEP}does not match {p}").into()
    }
    fn contains_missing(&self, p: &dyn Display) -> Cow<'static, str> {
        format!("bad_format{SEP}does not contain {p}").into()
    }
    fn url_invalid(&self, _: garde::i18n::InvalidUrl) -> Cow<'static, str> {
        "bad_format\u{1f}not a URL".into()
    }
    fn prefix_missing(&self, p: &dyn Display) -> Cow<'static, str> {
        format!("bad_format{SEP}does not start with {p}").into()
    }
    fn suffix_missing(&self, p: &dyn Display) -> Cow<'static, str> {
        format!("bad_format{SEP}does not end with {p}").into()
    }
    fn phone_number_invalid(&self, _: garde::i18n::InvalidPhoneNumber) -> Cow<'static, str> {
        "bad_phone_number\u{1f}not a phone number".into()
    }
    fn ip_invalid(&self, _: garde::i18n::IpKind) -> Cow<'static, str> {
        "bad_format\u{1f}not an IP address".into()
    }
    fn matches_field_mismatch(&self, f: &dyn Display) -> Cow<'static, str> {
        format!("invalid_value{SEP}does not match {f}").into()
    }
    fn email_invalid(&self, _: garde::i18n::InvalidEmail) -> Cow<'static, str> {
        "bad_format\u{1f}not an email address".into()
    }
    fn ascii_invalid(&self) -> Cow<'static, str> {
        "bad_format\u{1f}not ASCII".into()
    }
    fn alphanumeric_invalid(&self) -> Cow<'static, str> {
        "bad_format\u{1f}not alphanumeric".into()
    }
    fn required_not_set(&self) -> Cow<'static, str> {
        "missing_field\u{1f}required".into()
    }
}

/// Converts garde's path display (`options[1].optionName`) to a JSON Pointer
/// and to the pattern the rule table uses (`/options/*/optionName`).
fn garde_path_to_pointer(path: &str) -> (String, String) {
    let mut pointer = String::new();
    let mut pattern = String::new();
    for part in path.split('.').filter(|p| !p.is_empty()) {
        let (key, rest) = match part.find('[') {
            Some(i) => part.split_at(i),
            None => (part, ""),
        };
        // Keywords are raw identifiers in Rust (`r#type`).
        let key = key.trim_start_matches("r#");
        if !key.is_empty() {
            pointer_push(&mut pointer, key);
            pointer_push(&mut pattern, key);
        }
        for index in rest.split(['[', ']']).filter(|s| !s.is_empty()) {
            pointer_push(&mut pointer, index);
            pattern.push_str("/*");
        }
    }
    (pointer, pattern)
}

fn describe(kind: RuleKind, limit: Option<u64>) -> String {
    let n = limit.map(|l| l.to_string()).unwrap_or_default();
    match kind {
        RuleKind::MaxLength => {
            format!("must be at most {n} characters (UTF-16 code units, as the server counts)")
        }
        RuleKind::MinLength => {
            format!("must be at least {n} characters (UTF-16 code units, as the server counts)")
        }
        RuleKind::MaxItems => format!("must have at most {n} items"),
        RuleKind::MinItems => format!("must have at least {n} items"),
        RuleKind::Maximum => format!("must be at most {n}"),
        RuleKind::Minimum => format!("must be at least {n}"),
        RuleKind::Custom(code) => code.as_str().replace('_', " "),
    }
}

/// Validates `value` with garde and translates every failure, using the
/// generated rule table of its type.
pub fn validate<T>(value: &T, rules: &[RuleMeta]) -> Vec<Issue>
where
    T: garde::Validate<Context = ()>,
{
    let report = match garde::i18n::with_i18n(MachineMessages, || value.validate()) {
        Ok(()) => return Vec::new(),
        Err(report) => report,
    };
    report
        .iter()
        .map(|(path, error)| translate(&path.to_string(), error.message(), rules))
        .collect()
}

fn translate(garde_path: &str, message: &str, rules: &[RuleMeta]) -> Issue {
    let (rust_pointer, rust_pattern) = garde_path_to_pointer(garde_path);
    let (head, text) = message.split_once(SEP).unwrap_or((message, ""));
    let wanted: &[RuleKind] = match head {
        "length_lower_than" => &[
            RuleKind::MinLength,
            RuleKind::MinItems,
            RuleKind::Custom(ErrorCode::Empty),
        ],
        "length_greater_than" => &[RuleKind::MaxLength, RuleKind::MaxItems],
        "range_lower_than" => &[RuleKind::Minimum],
        "range_greater_than" => &[RuleKind::Maximum],
        _ => &[],
    };
    let custom_code = ErrorCode::from_name(head);
    let meta = rules.iter().find(|r| {
        r.rust_pattern == rust_pattern
            && (wanted.contains(&r.kind)
                || custom_code.is_some_and(|c| r.kind == RuleKind::Custom(c)))
    });
    match meta {
        Some(meta) => {
            let pointer = wire_pointer(&rust_pointer, meta.pattern);
            let label = joi_label(&pointer);
            let human = if wanted.is_empty() && !text.is_empty() {
                text.to_owned()
            } else {
                describe(meta.kind, meta.limit)
            };
            Issue {
                limit: meta.limit,
                server_message: meta.server_message.map(|m| m.replace("{label}", &label)),
                ..Issue::new(pointer, meta.kind.code(), human)
            }
        }
        // A rule garde ran that the table does not describe: still a precise issue.
        None => {
            let code = custom_code.unwrap_or(ErrorCode::InvalidValue);
            let human = if text.is_empty() {
                head.to_owned()
            } else {
                text.to_owned()
            };
            Issue::new(rust_pointer, code, human)
        }
    }
}

/// Puts the wire names of `pattern` on the indexes of a garde pointer:
/// (`/options/1/option_name`, `/options/*/optionName`) → `/options/1/optionName`.
fn wire_pointer(rust_pointer: &str, pattern: &str) -> String {
    let mut out = String::new();
    let mut indexes = rust_pointer.split('/').skip(1);
    for segment in pattern.split('/').skip(1) {
        let actual = indexes.next().unwrap_or(segment);
        out.push('/');
        out.push_str(if segment == "*" { actual } else { segment });
    }
    out
}

/// garde rule: a chat id of a request has the documented shape.
pub fn chat_id(value: &ChatId, _: &()) -> garde::Result {
    ChatId::check_strict(value.as_str()).map_err(|e| custom(ErrorCode::InvalidChatId, e))
}

/// garde rule factory: a chat id of a request is one of the provider's kinds
/// (`chat_ids` in provider.toml).
pub fn chat_id_of(
    kinds: &'static [crate::ids::ChatIdKind],
) -> impl FnOnce(&ChatId, &()) -> garde::Result {
    move |value, _| {
        ChatId::check_kinds(value.as_str(), kinds)
            .map(|_| ())
            .map_err(|e| custom(ErrorCode::InvalidChatId, e))
    }
}

/// garde rule: digits with the country code, or a group id (Maytapi `to_number`).
pub fn phone_or_chat_id(value: &crate::ids::PhoneOrChatId, _: &()) -> garde::Result {
    use crate::ids::{PhoneOrChatId, PhoneOrChatIdError};
    match PhoneOrChatId::check_strict(value.as_str()) {
        Ok(_) => Ok(()),
        Err(e @ PhoneOrChatIdError::BadPhoneNumber) => Err(custom(ErrorCode::BadPhoneNumber, e)),
        Err(e) => Err(custom(ErrorCode::InvalidChatId, e)),
    }
}

/// garde rule: a required string is not empty (Joi's default for strings).
pub fn not_empty(value: &str, _: &()) -> garde::Result {
    if value.is_empty() {
        Err(custom(ErrorCode::Empty, "must not be empty"))
    } else {
        Ok(())
    }
}

/// garde rule: the documented 11–12 digit rule for phone numbers.
pub fn phone_digits(value: &PhoneNumber, _: &()) -> garde::Result {
    value
        .check_digits()
        .map_err(|e| custom(ErrorCode::BadPhoneNumber, e))
}

/// Numbers the server's JavaScript validator calls "safe": |x| ≤ 2^53−1.
pub trait JsSafe {
    /// Whether JavaScript represents the value exactly as a safe number.
    fn is_js_safe(&self) -> bool;
}

impl JsSafe for f64 {
    fn is_js_safe(&self) -> bool {
        // JS_MAX_SAFE_INTEGER is exactly representable as f64.
        #[allow(clippy::cast_precision_loss)]
        let max = JS_MAX_SAFE_INTEGER as f64;
        self.is_finite() && self.abs() <= max
    }
}

impl JsSafe for i64 {
    fn is_js_safe(&self) -> bool {
        self.unsigned_abs() <= JS_MAX_SAFE_INTEGER
    }
}

impl JsSafe for u64 {
    fn is_js_safe(&self) -> bool {
        *self <= JS_MAX_SAFE_INTEGER
    }
}

impl JsSafe for PhoneNumber {
    fn is_js_safe(&self) -> bool {
        self.get() <= JS_MAX_SAFE_INTEGER
    }
}

/// garde rule: a number JavaScript accepts as "safe" (finite, |x| ≤ 2^53−1).
pub fn safe_number<T: JsSafe>(value: &T, _: &()) -> garde::Result {
    if value.is_js_safe() {
        Ok(())
    } else {
        Err(custom(
            ErrorCode::UnsafeNumber,
            "must be a safe number (|x| at most 2^53-1)",
        ))
    }
}

/// garde rule factory: a string starts with one of the given prefixes.
pub fn starts_with(prefixes: &'static [&'static str]) -> impl FnOnce(&str, &()) -> garde::Result {
    move |value, _| {
        if prefixes.iter().any(|p| value.starts_with(p)) {
            Ok(())
        } else {
            Err(custom(
                ErrorCode::BadFormat,
                format!("must start with {}", prefixes.join(" or ")),
            ))
        }
    }
}

/// garde rule factory: an integer is one of the allowed values.
pub fn one_of(allowed: &'static [i64]) -> impl FnOnce(&i64, &()) -> garde::Result {
    move |value, _| {
        if allowed.contains(value) {
            Ok(())
        } else {
            let list: Vec<String> = allowed.iter().map(i64::to_string).collect();
            Err(custom(
                ErrorCode::NotAllowed,
                format!("must be one of {}", list.join(", ")),
            ))
        }
    }
}

/// garde rule factory: the items of an array are unique by a key.
///
/// Reports the first item (in array order) whose key an earlier item has.
/// Sorting the keys makes it O(n log n): a hostile array of many items costs
/// no quadratic pairwise comparison, whatever its length (the item-count
/// rule runs separately).
pub fn unique_by<T, K: Ord>(key: fn(&T) -> K) -> impl FnOnce(&Vec<T>, &()) -> garde::Result {
    move |items, _| match first_repeat(items.iter().map(key)) {
        Some(i) => Err(custom(
            ErrorCode::NotUnique,
            format!("item {i} repeats an earlier item"),
        )),
        None => Ok(()),
    }
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

/// garde rule factory: at least one of the named fields is present.
pub fn at_least_one_of(present: &[bool], names: &'static [&'static str]) -> garde::Result {
    if present.iter().any(|p| *p) {
        Ok(())
    } else {
        Err(custom(
            ErrorCode::MissingOneOf,
            format!("at least one of {} is required", names.join(", ")),
        ))
    }
}

/// garde rule: at least `min` of the fields are present.
pub fn min_properties(present: &[bool], min: usize) -> garde::Result {
    if present.iter().filter(|p| **p).count() >= min {
        Ok(())
    } else {
        Err(custom(
            ErrorCode::TooFewProperties,
            format!("at least {min} field(s) must be given"),
        ))
    }
}

/// garde rule: an enumeration value of a request is one the documents list.
pub fn known<E: crate::open_enum::OpenEnum>(value: &E, _: &()) -> garde::Result {
    if value.is_known() {
        Ok(())
    } else {
        Err(custom(
            ErrorCode::UnknownValue,
            format!("'{}' is not a documented value", value.as_str()),
        ))
    }
}

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
    fn garde_paths_become_pointers() {
        assert_eq!(
            garde_path_to_pointer("options[1].optionName"),
            (
                "/options/1/optionName".into(),
                "/options/*/optionName".into()
            )
        );
        assert_eq!(
            garde_path_to_pointer("message"),
            ("/message".into(), "/message".into())
        );
        assert_eq!(garde_path_to_pointer(""), (String::new(), String::new()));
    }
}
