//! Structs: read entry by entry into a builder (generated for each struct).
//! A received struct is its own builder: every field is optional, a value
//! that does not fit goes to `extra` under its key. A request struct has a
//! builder of [`Slot`]s, so that a missing required field is reported, not
//! defaulted.

use std::marker::PhantomData;

use serde::de::{Deserializer, IgnoredAny, MapAccess, Visitor};

use super::value::keep_entry;
use super::{Ctx, Fit, Json, Key, LeftOver, Object, Read, ReadSeed};

/// Takes the entries of one object (generated for each request struct and
/// for notifications; a received struct builds itself through [`Fill`]).
pub trait Build {
    /// What is built.
    type Out;
    /// Takes one entry whose key is read; the value is the map's next.
    fn entry<'de, A: MapAccess<'de>>(
        &mut self,
        key: Key<'de>,
        map: &mut A,
        cx: &mut Ctx,
    ) -> Result<(), A::Error>;
    /// The value, after the last entry: `None` when a request misses a
    /// required field (recorded).
    fn finish(self, cx: &mut Ctx) -> Option<Self::Out>;
}

/// A received struct, its own builder: every field optional, filled in
/// place (generated for each struct).
pub trait Fill: Default {
    /// The spec file that documents the struct (drift reports cite it).
    const SPEC: &'static str;
    /// Takes one entry whose key is read; the value is the map's next.
    fn entry<'de, A: MapAccess<'de>>(
        &mut self,
        key: Key<'de>,
        map: &mut A,
        cx: &mut Ctx,
    ) -> Result<(), A::Error>;
    /// After the last entry: records the documented fields that are absent.
    fn check(&mut self, _cx: &mut Ctx) {}
}

impl<T: Fill> Build for T {
    type Out = T;

    #[inline]
    fn entry<'de, A: MapAccess<'de>>(
        &mut self,
        key: Key<'de>,
        map: &mut A,
        cx: &mut Ctx,
    ) -> Result<(), A::Error> {
        Fill::entry(self, key, map, cx)
    }

    #[inline]
    fn finish(mut self, cx: &mut Ctx) -> Option<T> {
        self.check(cx);
        Some(self)
    }
}

/// A boxed struct is filled in its box: the value is never moved.
impl<T: Fill> Fill for Box<T> {
    const SPEC: &'static str = T::SPEC;

    #[inline]
    fn entry<'de, A: MapAccess<'de>>(
        &mut self,
        key: Key<'de>,
        map: &mut A,
        cx: &mut Ctx,
    ) -> Result<(), A::Error> {
        T::entry(self, key, map, cx)
    }

    #[inline]
    fn check(&mut self, cx: &mut Ctx) {
        T::check(self, cx);
    }
}

/// [`Read::read`] of a struct whose builder starts empty.
pub fn read_object<'de, B: Build + Default, D: Deserializer<'de>>(
    deserializer: D,
    cx: &mut Ctx,
) -> Result<Fit<B::Out>, D::Error> {
    deserializer.deserialize_any(ObjectVisitor::<B> {
        cx,
        builder: PhantomData,
    })
}

struct ObjectVisitor<'a, B> {
    cx: &'a mut Ctx,
    builder: PhantomData<B>,
}

impl<'de, B: Build + Default> Visitor<'de> for ObjectVisitor<'_, B> {
    type Value = Fit<B::Out>;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("an object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut builder = B::default();
        while let Some(key) = map.next_key::<Key<'de>>()? {
            builder.entry(key, &mut map, self.cx)?;
        }
        Ok(builder.finish(self.cx).map_or(Fit::Dropped, Fit::Typed))
    }

    super::other_shapes_unfit!(bool, number, string, null, seq);
}

/// The fields of one received struct being read: typed slots, and `extra`
/// for what the documents do not describe or what does not fit.
pub struct Fields<'a> {
    cx: &'a mut Ctx,
    extra: &'a mut Object,
    spec: &'static str,
}

impl Ctx {
    /// Starts on the fields of a received struct documented in `spec`.
    pub fn fields<'a>(&'a mut self, extra: &'a mut Object, spec: &'static str) -> Fields<'a> {
        Fields {
            cx: self,
            extra,
            spec,
        }
    }

    /// Starts on the fields of a request struct.
    pub fn request_fields(&mut self) -> RequestFields<'_> {
        RequestFields { cx: self }
    }
}

impl Fields<'_> {
    /// A documented field: typed when it fits, else kept in `extra` with a drift record.
    ///
    /// Generic only where it must be, and never inlined: one copy per
    /// field type serves every struct, so the code a document runs stays
    /// small (reading is bound by the instruction cache).
    #[inline(never)]
    pub fn field<'de, A: MapAccess<'de>, T: Read>(
        &mut self,
        key: Key<'de>,
        map: &mut A,
        slot: &mut Option<T>,
    ) -> Result<(), A::Error> {
        let mark = self.cx.enter(&key);
        if slot.is_some() || self.extra.contains_key(&*key) {
            let result = self.cx.duplicate::<A::Error>();
            return self.cx.leave_ok(mark, result);
        }
        let fit = map.next_value_seed(ReadSeed::<T>::new(self.cx))?;
        match fit.typed() {
            Ok(t) => *slot = Some(t),
            Err(left) => self.left_over(key, left, T::EXPECTED, T::JSON),
        }
        self.cx.leave(mark);
        Ok(())
    }

    /// A documented field whose value is not typed: kept in `extra`, with a
    /// drift record when it does not fit.
    #[cold]
    #[inline(never)]
    fn left_over(&mut self, key: Key<'_>, left: LeftOver, expected: &'static str, json: Json) {
        match left {
            LeftOver::Unfit(value, code) => {
                self.cx
                    .depart_as(code, &value, expected, json, Some(self.spec));
                self.extra.insert(key.0.into_owned(), value);
            }
            LeftOver::Kept(value) => {
                self.extra.insert(key.0.into_owned(), value);
            }
            LeftOver::Dropped => {}
        }
    }

    /// A key the documents do not describe: kept in `extra`.
    pub fn other<'de, A: MapAccess<'de>>(
        &mut self,
        key: Key<'de>,
        map: &mut A,
    ) -> Result<(), A::Error> {
        keep_entry(key, map, self.extra, self.cx)
    }

    /// One of several spellings of a field must be present (`present` says
    /// which are, by name): drift at the first name when none is.
    pub fn require_one(&mut self, names: &[&str], present: &[bool]) {
        let kept = names.iter().any(|n| self.extra.contains_key(*n));
        if let (false, false, Some(first)) = (present.iter().any(|p| *p), kept, names.first()) {
            self.cx.missing(first, Some(self.spec));
        }
    }

    /// A documented field that must be present: drift when it is absent
    /// (a present value that did not fit is recorded already).
    pub fn require<T>(&mut self, name: &str, slot: &Option<T>) {
        if slot.is_none() && !self.extra.contains_key(name) {
            self.cx.missing(name, Some(self.spec));
        }
    }
}

/// A field of a request being read.
#[derive(Default)]
pub enum Slot<T> {
    /// Not seen yet.
    #[default]
    Absent,
    /// Seen, but of another shape (recorded).
    Bad,
    /// Seen and read.
    Set(T),
}

impl<T> Slot<T> {
    /// An optional field's value.
    pub fn optional(self) -> Option<T> {
        match self {
            Self::Set(t) => Some(t),
            Self::Absent | Self::Bad => None,
        }
    }
}

/// The fields of one request struct being read.
pub struct RequestFields<'a> {
    cx: &'a mut Ctx,
}

impl RequestFields<'_> {
    /// A documented field: read, or an error recorded at its path.
    #[inline(never)]
    pub fn field<'de, A: MapAccess<'de>, T: Read>(
        &mut self,
        key: Key<'de>,
        map: &mut A,
        slot: &mut Slot<T>,
    ) -> Result<(), A::Error> {
        let mark = self.cx.enter(&key);
        if !matches!(slot, Slot::Absent) {
            let result = self
                .cx
                .duplicate::<A::Error>()
                .and_then(|()| map.next_value::<IgnoredAny>().map(drop));
            return self.cx.leave_ok(mark, result);
        }
        let fit = map.next_value_seed(ReadSeed::<T>::new(self.cx))?;
        *slot = match fit.typed() {
            Ok(t) => Slot::Set(t),
            Err(left) => {
                self.left_over(left, T::EXPECTED, T::JSON);
                Slot::Bad
            }
        };
        self.cx.leave(mark);
        Ok(())
    }

    /// A field whose value could not be read: its departure, if any, is recorded.
    #[cold]
    #[inline(never)]
    fn left_over(&mut self, left: LeftOver, expected: &'static str, json: Json) {
        if let LeftOver::Unfit(value, code) = left {
            self.cx.depart_as(code, &value, expected, json, None);
        }
    }

    /// A key the method does not document: an error; its value is skipped.
    pub fn unknown<'de, A: MapAccess<'de>>(
        &mut self,
        key: Key<'de>,
        map: &mut A,
    ) -> Result<(), A::Error> {
        let mark = self.cx.enter(&key);
        self.cx.unknown_field();
        let result = map.next_value::<IgnoredAny>().map(drop);
        self.cx.leave_ok(mark, result)
    }

    /// A required field's value; its absence is recorded.
    pub fn required<T>(&mut self, name: &str, slot: Slot<T>) -> Option<T> {
        match slot {
            Slot::Set(t) => Some(t),
            Slot::Bad => None,
            Slot::Absent => {
                self.cx.missing(name, None);
                None
            }
        }
    }
}

/// `Read` of a received struct (its own builder), and its kept-whole form.
macro_rules! read_as_received {
    ($ty:ident) => {
        impl $crate::de::Read for $ty {
            const EXPECTED: &'static str = "an object";

            fn read<'de, D: serde::Deserializer<'de>>(
                deserializer: D,
                cx: &mut $crate::de::Ctx,
            ) -> Result<$crate::de::Fit<Self>, D::Error> {
                $crate::de::read_object::<Self, D>(deserializer, cx)
            }

            fn read_boxed<'de, D: serde::Deserializer<'de>>(
                deserializer: D,
                cx: &mut $crate::de::Ctx,
            ) -> Result<$crate::de::Fit<Box<Self>>, D::Error> {
                $crate::de::read_object::<Box<Self>, D>(deserializer, cx)
            }

            fn keep_whole(value: serde_json::Value) -> Result<Self, serde_json::Value> {
                Ok(Self {
                    whole: $crate::ser::Whole::new(value),
                    ..Self::default()
                })
            }
        }
    };
}
pub(crate) use read_as_received;

/// `Read`, `Serialize` and `Deserialize` of a body that is an array of items.
macro_rules! read_as_list {
    ($ty:ident, $item:ty) => {
        impl $crate::de::Read for $ty {
            const EXPECTED: &'static str = "an array";

            fn read<'de, D: serde::Deserializer<'de>>(
                deserializer: D,
                cx: &mut $crate::de::Ctx,
            ) -> Result<$crate::de::Fit<Self>, D::Error> {
                let items = <Vec<$item> as $crate::de::Read>::read(deserializer, cx)?;
                Ok(items.map(|items| Self {
                    items,
                    whole: $crate::ser::Whole::default(),
                }))
            }

            fn keep_whole(value: serde_json::Value) -> Result<Self, serde_json::Value> {
                Ok(Self {
                    items: Vec::new(),
                    whole: $crate::ser::Whole::new(value),
                })
            }
        }

        impl serde::Serialize for $ty {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                match self.whole.get() {
                    Some(value) => value.serialize(serializer),
                    None => self.items.serialize(serializer),
                }
            }
        }

        $crate::de::deserialize_via_read!($ty, Received);
    };
}
pub(crate) use read_as_list;

/// `Read` and `Deserialize` of a body that is a newtype over its root type.
macro_rules! read_as_newtype {
    ($ty:ident, $inner:ty) => {
        impl $crate::de::Read for $ty {
            const EXPECTED: &'static str = <$inner as $crate::de::Read>::EXPECTED;

            fn read<'de, D: serde::Deserializer<'de>>(
                deserializer: D,
                cx: &mut $crate::de::Ctx,
            ) -> Result<$crate::de::Fit<Self>, D::Error> {
                Ok(<$inner as $crate::de::Read>::read(deserializer, cx)?.map(Self))
            }

            fn keep_whole(value: serde_json::Value) -> Result<Self, serde_json::Value> {
                <$inner as $crate::de::Read>::keep_whole(value).map(Self)
            }
        }

        $crate::de::deserialize_via_read!($ty, Received);
    };
}
pub(crate) use read_as_newtype;
