//! `empty="none"` members: an empty string on the wire means "no value".

use std::fmt;
use std::marker::PhantomData;

use serde::Deserialize;
use serde::de::{self, Deserializer, IntoDeserializer, SeqAccess, Visitor};

use crate::Nullable;
use crate::reenter::reenter_visits;

/// Decodes a [`Nullable<T>`] where the vendor sends `""` for "no value" (Gandi's `date_start`
/// before an operation starts): `""` is [`Nullable::Empty`], nil is [`Nullable::Null`], the
/// rest is `T`. [`Nullable`]'s own `Serialize` writes each back as it came.
///
/// Anything but an empty string or nil is handed to `T::deserialize` without buffering; a
/// non-empty string arrives as a string, which is how [`DateTime`](crate::DateTime) expects it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct EmptyOrNull<T>(pub Nullable<T>);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for EmptyOrNull<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(EmptyOrNullVisitor(PhantomData))
    }
}

/// Wraps a decoded value.
fn value<T>(value: T) -> EmptyOrNull<T> {
    EmptyOrNull(Nullable::Value(value))
}

/// Maps empty strings to `Empty`, nil to `Null`, the rest to `T`.
struct EmptyOrNullVisitor<T>(PhantomData<fn() -> T>);

impl<'de, T: Deserialize<'de>> Visitor<'de> for EmptyOrNullVisitor<T> {
    type Value = EmptyOrNull<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a value, an empty string or nil")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        if v.is_empty() {
            return Ok(EmptyOrNull(Nullable::Empty));
        }
        T::deserialize(IntoDeserializer::<E>::into_deserializer(v)).map(value)
    }

    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        if v.is_empty() {
            return Ok(EmptyOrNull(Nullable::Empty));
        }
        T::deserialize(de::value::BorrowedStrDeserializer::<E>::new(v)).map(value)
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        if v.is_empty() {
            return Ok(EmptyOrNull(Nullable::Empty));
        }
        T::deserialize(IntoDeserializer::<E>::into_deserializer(v)).map(value)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(EmptyOrNull(Nullable::Null))
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(EmptyOrNull(Nullable::Null))
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        T::deserialize(de::value::SeqAccessDeserializer::new(seq)).map(value)
    }

    reenter_visits!('de, T, value);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::DateTime;

    fn from_json<T: for<'de> Deserialize<'de>>(json: &str) -> Nullable<T> {
        serde_json::from_str::<EmptyOrNull<T>>(json).unwrap().0
    }

    #[test]
    fn empty_string_and_null_stay_apart() {
        assert_eq!(from_json::<DateTime>(r#""""#), Nullable::Empty);
        assert_eq!(from_json::<DateTime>("null"), Nullable::Null);
        assert_eq!(from_json::<i64>(r#""""#), Nullable::Empty);
    }

    #[test]
    fn other_values_go_to_t() {
        let expected = DateTime::new(2026, 11, 22, 10, 11, 12).unwrap();
        assert_eq!(
            from_json::<DateTime>(r#""20261122T10:11:12""#),
            Nullable::Value(expected)
        );
        assert_eq!(
            from_json::<DateTime>(r#""2026-11-22\u005410:11:12""#),
            Nullable::Value(expected)
        );
        assert_eq!(
            from_json::<String>(r#"" ""#),
            Nullable::Value(" ".to_owned())
        );
        assert_eq!(from_json::<i64>("42"), Nullable::Value(42));
        assert_eq!(from_json::<Vec<i64>>("[1]"), Nullable::Value(vec![1]));
    }

    #[test]
    fn errors_come_from_t() {
        let error = serde_json::from_str::<EmptyOrNull<DateTime>>(r#""soon""#).unwrap_err();
        assert!(
            error.to_string().contains("invalid date-time `soon`"),
            "{error}"
        );
    }

    #[test]
    fn each_state_is_written_back_as_it_came() {
        for json in [r#""""#, "null", r#""2026-01-02T03:04:05""#] {
            let value = from_json::<DateTime>(json);
            assert_eq!(serde_json::to_string(&value).unwrap(), json);
        }
    }
}
