//! Open enumerations: every enumeration keeps values the documents do not
//! list (`Unknown`) and re-serializes them unchanged.

use std::fmt;

/// A value an open enumeration did not know, kept exactly as received.
/// It has no public constructor, so `Unknown` never holds a known value.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UnknownValue(Box<str>);

impl UnknownValue {
    #[cfg_attr(not(all_providers), allow(dead_code))]
    pub(crate) fn new(value: &str) -> Self {
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

/// Implemented by every enumeration of the model.
pub trait OpenEnum {
    /// Every documented value, in the documents' order.
    const KNOWN: &'static [&'static str];
    /// The value as written on the wire.
    fn as_str(&self) -> &str;
    /// Whether the documents list the value.
    fn is_known(&self) -> bool;
}

/// Defines an open enumeration: its variants with their wire strings (a
/// spelling variant names its canonical value after `=>`), `Unknown`, and
/// the conversions, serde and reading through the wire string.
#[cfg_attr(not(all_providers), allow(unused_macros))]
macro_rules! open_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $wire:literal $(=> $canonical:ident)?, )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )*
            /// A value the documents do not list, kept as received.
            Unknown($crate::open_enum::UnknownValue),
        }

        impl $name {
            /// The value as written on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $( Self::$variant => $wire, )*
                    Self::Unknown(value) => value.as_str(),
                }
            }

            /// The canonical value: a spelling the documents print for
            /// another value reads as that value.
            pub fn canonical(&self) -> Self {
                match self {
                    $( Self::$variant => $crate::open_enum::open_enum!(@canonical $variant $($canonical)?), )*
                    Self::Unknown(value) => Self::Unknown(value.clone()),
                }
            }
        }

        impl From<&str> for $name {
            fn from(wire: &str) -> Self {
                match wire {
                    $( $wire => Self::$variant, )*
                    other => Self::Unknown($crate::open_enum::UnknownValue::new(other)),
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl $crate::open_enum::OpenEnum for $name {
            const KNOWN: &'static [&'static str] = &[$($wire),*];

            fn as_str(&self) -> &str {
                $name::as_str(self)
            }

            fn is_known(&self) -> bool {
                !matches!(self, Self::Unknown(_))
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl $crate::de::Scalar for $name {
            const EXPECTED: &'static str = "a string";
            fn from_prim(
                prim: $crate::de::Prim<'_>,
            ) -> Result<Self, ($crate::de::Prim<'_>, $crate::ErrorCode)> {
                match prim {
                    $crate::de::Prim::Str(wire) => Ok(Self::from(&*wire)),
                    other => other.refuse(false),
                }
            }
        }

        $crate::de::read_as_scalar!($name);
        $crate::de::deserialize_via_read!($name, Received);
    };
    (@canonical $variant:ident) => { Self::$variant };
    (@canonical $variant:ident $canonical:ident) => { Self::$canonical };
}
#[cfg_attr(not(all_providers), allow(unused_imports))]
pub(crate) use open_enum;
