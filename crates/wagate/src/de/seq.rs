//! Arrays. Each item is read on its own: an item of a struct type that does
//! not fit is kept whole in its place, so one drifted item never changes how
//! the others are typed. An array of scalars with an item that does not fit
//! is kept whole, as received.

use std::marker::PhantomData;

use serde::Serialize;
use serde::de::{self, Deserializer, SeqAccess, Visitor};
use serde_json::Value;

use super::{Ctx, Fit, Read, Side};
use crate::{ErrorCode, Issue};

impl<T: Read + Serialize> Read for Vec<T> {
    const EXPECTED: &'static str = "an array";
    const JSON: super::Json = super::Json::Array;

    fn read<'de, D: Deserializer<'de>>(
        deserializer: D,
        cx: &mut Ctx,
    ) -> Result<Fit<Self>, D::Error> {
        deserializer.deserialize_any(SeqVisitor::<T> {
            cx,
            item: PhantomData,
        })
    }
}

struct SeqVisitor<'a, T> {
    cx: &'a mut Ctx,
    item: PhantomData<T>,
}

/// The items read so far: typed, or (once one could not be typed) kept.
enum Items<T> {
    Typed(Vec<T>),
    Kept(Vec<Value>),
    Dropped,
}

impl<T: Read + Serialize> Items<T> {
    /// Takes one item read at the context's pointer.
    fn push<E: de::Error>(&mut self, fit: Fit<T>, cx: &mut Ctx) -> Result<(), E> {
        if cx.side() == Side::Request {
            if let Fit::Unfit(value, code) = &fit {
                cx.depart::<T>(*code, value, None);
                *self = Self::Dropped;
            } else if let (Self::Typed(items), Fit::Typed(t)) = (&mut *self, fit) {
                items.push(t);
            } else {
                *self = Self::Dropped;
            }
            return Ok(());
        }
        let value = match fit {
            Fit::Typed(t) => return self.push_typed(t, cx),
            Fit::Unfit(value, code) => {
                cx.depart::<T>(code, &value, None);
                value
            }
            Fit::Kept(value) => value,
            Fit::Dropped => return Ok(()),
        };
        match T::keep_whole(value) {
            Ok(t) => self.push_typed(t, cx),
            Err(value) => {
                self.keep_all(cx)?;
                if let Self::Kept(values) = self {
                    values.push(value);
                }
                Ok(())
            }
        }
    }

    fn push_typed<E: de::Error>(&mut self, t: T, cx: &mut Ctx) -> Result<(), E> {
        match self {
            Self::Typed(items) => items.push(t),
            Self::Kept(values) => values.push(to_kept(&t, cx)?),
            Self::Dropped => {}
        }
        Ok(())
    }

    /// From now on the array is kept as received.
    fn keep_all<E: de::Error>(&mut self, cx: &mut Ctx) -> Result<(), E> {
        if let Self::Typed(items) = self {
            let values = items
                .iter()
                .map(|t| to_kept(t, cx))
                .collect::<Result<_, E>>()?;
            *self = Self::Kept(values);
        }
        Ok(())
    }
}

/// A typed item back as the value it was read from (re-serializing a
/// received value is exact; failing to is refused, never silently lossy).
fn to_kept<T: Serialize, E: de::Error>(t: &T, cx: &mut Ctx) -> Result<Value, E> {
    serde_json::to_value(t).map_err(|e| {
        cx.refuse(Issue::new(
            cx.pointer().to_owned(),
            ErrorCode::InvalidValue,
            format!("cannot keep the value: {e}"),
        ))
    })
}

/// Reads one item at its index: the pointer descends only once the item
/// itself is read, so a broken separator is reported at the array.
struct ItemSeed<'a, T> {
    cx: &'a mut Ctx,
    index: usize,
    item: PhantomData<T>,
}

impl<'de, T: Read> serde::de::DeserializeSeed<'de> for ItemSeed<'_, T> {
    type Value = Fit<T>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Fit<T>, D::Error> {
        let mark = self.cx.enter_index(self.index);
        let fit = T::read(deserializer, self.cx);
        self.cx.leave_ok(mark, fit)
    }
}

impl<'de, T: Read + Serialize> Visitor<'de> for SeqVisitor<'_, T> {
    type Value = Fit<Vec<T>>;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("an array")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut items = Items::Typed(Vec::with_capacity(seq.size_hint().unwrap_or(0).min(256)));
        let mut index = 0;
        loop {
            let seed = ItemSeed::<T> {
                cx: &mut *self.cx,
                index,
                item: PhantomData,
            };
            let Some(fit) = seq.next_element_seed(seed)? else {
                break;
            };
            let mark = self.cx.enter_index(index);
            let pushed = items.push::<A::Error>(fit, self.cx);
            self.cx.leave_ok(mark, pushed)?;
            index += 1;
        }
        Ok(match items {
            Items::Typed(items) => Fit::Typed(items),
            Items::Kept(values) => Fit::Kept(Value::Array(values)),
            Items::Dropped => Fit::Dropped,
        })
    }

    super::other_shapes_unfit!(bool, number, string, null, map);
}
