//! `empty="none"` fields: an empty string on the wire means "no value".

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserializer, IntoDeserializer, SeqAccess, Visitor};
use serde::{Deserialize, Serialize, Serializer};

use crate::reenter::reenter_visits;

/// Decodes an optional `T` where the vendor sends `""` (or nothing, or nil) for "no value",
/// e.g. Gandi's `date_start` before an operation starts.
///
/// Anything else is handed to `T::deserialize` without buffering; a non-empty string arrives
/// as a string, which is how [`DateTime`](crate::DateTime) expects it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct EmptyAsNone<T>(pub Option<T>);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for EmptyAsNone<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(EmptyAsNoneVisitor(PhantomData))
    }
}

/// Writes `None` as `""`, the vendor's "no value", and `Some(value)` as the value.
pub fn serialize_empty_as_none<S: Serializer, T: Serialize>(
    value: &Option<T>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match value {
        None => serializer.serialize_str(""),
        Some(value) => value.serialize(serializer),
    }
}

/// A borrowed `Option` that serializes through [`serialize_empty_as_none`], for
/// generated `serialize_entry` calls.
pub struct EmptyAsNoneRef<'a, T>(pub &'a Option<T>);

impl<T: Serialize> Serialize for EmptyAsNoneRef<'_, T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serialize_empty_as_none(self.0, serializer)
    }
}

/// Wraps a decoded value.
fn some<T>(value: T) -> EmptyAsNone<T> {
    EmptyAsNone(Some(value))
}

/// Maps empty strings and nil to `None`, the rest to `T`.
struct EmptyAsNoneVisitor<T>(PhantomData<fn() -> T>);

impl<'de, T: Deserialize<'de>> Visitor<'de> for EmptyAsNoneVisitor<T> {
    type Value = EmptyAsNone<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a value or an empty string")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        if v.is_empty() {
            return Ok(EmptyAsNone(None));
        }
        T::deserialize(IntoDeserializer::<E>::into_deserializer(v)).map(some)
    }

    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        if v.is_empty() {
            return Ok(EmptyAsNone(None));
        }
        T::deserialize(de::value::BorrowedStrDeserializer::<E>::new(v)).map(some)
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        if v.is_empty() {
            return Ok(EmptyAsNone(None));
        }
        T::deserialize(IntoDeserializer::<E>::into_deserializer(v)).map(some)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(EmptyAsNone(None))
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(EmptyAsNone(None))
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        T::deserialize(de::value::SeqAccessDeserializer::new(seq)).map(some)
    }

    reenter_visits!('de, T, some);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::DateTime;

    fn from_json<T: for<'de> Deserialize<'de>>(json: &str) -> Option<T> {
        serde_json::from_str::<EmptyAsNone<T>>(json).unwrap().0
    }

    #[test]
    fn empty_string_and_null_are_none() {
        assert_eq!(from_json::<DateTime>(r#""""#), None);
        assert_eq!(from_json::<DateTime>("null"), None);
        assert_eq!(from_json::<i64>(r#""""#), None);
    }

    #[test]
    fn other_values_go_to_t() {
        let expected = DateTime::new(2026, 11, 22, 10, 11, 12).unwrap();
        assert_eq!(
            from_json::<DateTime>(r#""20261122T10:11:12""#),
            Some(expected)
        );
        assert_eq!(
            from_json::<DateTime>(r#""2026-11-22\u005410:11:12""#),
            Some(expected)
        );
        assert_eq!(from_json::<String>(r#"" ""#), Some(" ".to_owned()));
        assert_eq!(from_json::<i64>("42"), Some(42));
        assert_eq!(from_json::<Vec<i64>>("[1]"), Some(vec![1]));
    }

    #[test]
    fn errors_come_from_t() {
        let error = serde_json::from_str::<EmptyAsNone<DateTime>>(r#""soon""#).unwrap_err();
        assert!(
            error.to_string().contains("invalid date-time `soon`"),
            "{error}"
        );
    }

    #[derive(Serialize)]
    struct Operation {
        #[serde(serialize_with = "serialize_empty_as_none")]
        date_start: Option<DateTime>,
    }

    #[test]
    fn none_is_written_as_an_empty_string() {
        let none = Operation { date_start: None };
        assert_eq!(
            serde_json::to_string(&none).unwrap(),
            r#"{"date_start":""}"#
        );
        let some = Operation {
            date_start: DateTime::new(2026, 1, 2, 3, 4, 5),
        };
        assert_eq!(
            serde_json::to_string(&some).unwrap(),
            r#"{"date_start":"2026-01-02T03:04:05"}"#
        );
    }
}
