//! Support for open enumerations: every enumeration that comes from a server
//! keeps values the documents do not list, and re-serializes them unchanged.

use std::fmt;

/// A value an open enumeration did not know, kept exactly as received.
/// It has no public constructor, so `Unknown` can never shadow a known value.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UnknownValue(Box<str>);

impl UnknownValue {
    /// Only generated code makes these, from values that matched no known one.
    #[doc(hidden)]
    pub fn __new(value: &str) -> Self {
        Self(value.into())
    }

    /// The value as received.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for UnknownValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.0, f)
    }
}

/// Implemented by every generated open enumeration.
pub trait OpenEnum {
    /// Every documented value, in spec order.
    const KNOWN: &'static [&'static str];
    /// The wire string.
    fn as_str(&self) -> &str;
    /// Whether the value is one the documents list.
    fn is_known(&self) -> bool;
}

/// `Serialize` and `Deserialize` of a generated open enumeration through its
/// wire string: one definition instead of a copy per enumeration.
macro_rules! serde_via_wire {
    ($name:ident) => {
        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(crate::open_enum::OpenEnum::as_str(self))
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                // Borrowed when the input allows: no allocation for known values.
                let value = crate::stream::Key::deserialize(deserializer)?;
                Ok(Self::from_wire(&value))
            }
        }
    };
}
pub(crate) use serde_via_wire;
