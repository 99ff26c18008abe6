//! [`OneOrMany`]: a member that is either one value or an array of them.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserializer, IntoDeserializer, SeqAccess, Visitor};
use serde::{Deserialize, Serialize, Serializer};

use crate::reenter::reenter_visits;

/// One `T`, or an array of `T` (`one-or-array(T)` in the schema).
///
/// Some API members accept either form (`id: 5` or `id: [5, 6]`). The form is kept, so a
/// decoded value is written back exactly as it came; read it through
/// [`as_slice`](Self::as_slice) or [`iter`](Self::iter) to treat both alike.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum OneOrMany<T> {
    /// A single value, not wrapped in an array.
    One(T),
    /// An array of values (possibly empty or of length one).
    Many(Vec<T>),
}

impl<T> OneOrMany<T> {
    /// The values as a slice; a single value is a slice of one.
    pub fn as_slice(&self) -> &[T] {
        match self {
            Self::One(value) => std::slice::from_ref(value),
            Self::Many(values) => values,
        }
    }

    /// Iterates over the values.
    pub fn iter(&self) -> std::slice::Iter<'_, T> {
        self.as_slice().iter()
    }

    /// Number of values (1 for [`One`](Self::One)).
    pub fn len(&self) -> usize {
        self.as_slice().len()
    }

    /// Whether there is no value (only an empty [`Many`](Self::Many)).
    pub fn is_empty(&self) -> bool {
        self.as_slice().is_empty()
    }

    /// The values as a vector, forgetting the form.
    pub fn into_vec(self) -> Vec<T> {
        match self {
            Self::One(value) => vec![value],
            Self::Many(values) => values,
        }
    }
}

impl<T> From<T> for OneOrMany<T> {
    fn from(value: T) -> Self {
        Self::One(value)
    }
}

impl<T> From<Vec<T>> for OneOrMany<T> {
    fn from(values: Vec<T>) -> Self {
        Self::Many(values)
    }
}

impl<'a, T> IntoIterator for &'a OneOrMany<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl<T> IntoIterator for OneOrMany<T> {
    type Item = T;
    type IntoIter = std::vec::IntoIter<T>;

    fn into_iter(self) -> Self::IntoIter {
        self.into_vec().into_iter()
    }
}

impl<T: Serialize> Serialize for OneOrMany<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::One(value) => value.serialize(serializer),
            Self::Many(values) => values.serialize(serializer),
        }
    }
}

/// Decodes without buffering: a sequence becomes [`Many`](OneOrMany::Many), anything else is
/// handed back to `T::deserialize` and becomes [`One`](OneOrMany::One). Needs a
/// self-describing format (`deserialize_any`), as JSON and XML-RPC are.
impl<'de, T: Deserialize<'de>> Deserialize<'de> for OneOrMany<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(OneOrManyVisitor(PhantomData))
    }
}

/// Most elements a sequence's size hint may preallocate, so a lying hint cannot exhaust memory.
const MAX_PREALLOCATED: usize = 1024;

/// Tells a sequence from a single value.
struct OneOrManyVisitor<T>(PhantomData<fn() -> T>);

impl<'de, T: Deserialize<'de>> Visitor<'de> for OneOrManyVisitor<T> {
    type Value = OneOrMany<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a value or an array of values")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut values = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(MAX_PREALLOCATED));
        while let Some(value) = seq.next_element()? {
            values.push(value);
        }
        Ok(OneOrMany::Many(values))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        T::deserialize(IntoDeserializer::<E>::into_deserializer(v)).map(OneOrMany::One)
    }

    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        let d = de::value::BorrowedStrDeserializer::<E>::new(v);
        T::deserialize(d).map(OneOrMany::One)
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        T::deserialize(IntoDeserializer::<E>::into_deserializer(v)).map(OneOrMany::One)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        T::deserialize(IntoDeserializer::<E>::into_deserializer(())).map(OneOrMany::One)
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        self.visit_unit()
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }

    reenter_visits!('de, T, OneOrMany::One);
}

#[cfg(feature = "schemars")]
impl<T: schemars::JsonSchema> schemars::JsonSchema for OneOrMany<T> {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> std::borrow::Cow<'static, str> {
        format!("OneOrMany_{}", T::schema_name()).into()
    }

    fn schema_id() -> std::borrow::Cow<'static, str> {
        format!("regops_model::OneOrMany<{}>", T::schema_id()).into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let one = generator.subschema_for::<T>();
        schemars::json_schema!({
            "anyOf": [one, { "type": "array", "items": one }],
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn from_json<T: for<'de> Deserialize<'de>>(json: &str) -> OneOrMany<T> {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn one_number() {
        let value = from_json::<i64>("5");
        assert_eq!(value, OneOrMany::One(5));
        assert_eq!(value.as_slice(), &[5]);
        assert_eq!(value.len(), 1);
        assert!(!value.is_empty());
        assert_eq!(serde_json::to_string(&value).unwrap(), "5");
    }

    #[test]
    fn many_numbers() {
        let value = from_json::<i64>("[1, 2]");
        assert_eq!(value, OneOrMany::Many(vec![1, 2]));
        assert_eq!(serde_json::to_string(&value).unwrap(), "[1,2]");
        assert_eq!(value.iter().sum::<i64>(), 3);
        assert_eq!((&value).into_iter().count(), 2);
        assert_eq!(value.into_vec(), vec![1, 2]);
    }

    #[test]
    fn array_of_one_keeps_its_form() {
        let value = from_json::<i64>("[7]");
        assert_eq!(value, OneOrMany::Many(vec![7]));
        assert_eq!(serde_json::to_string(&value).unwrap(), "[7]");
        assert!(from_json::<i64>("[]").is_empty());
    }

    #[test]
    fn strings_borrowed_or_escaped() {
        assert_eq!(
            from_json::<String>(r#""BILL""#),
            OneOrMany::One("BILL".to_owned())
        );
        assert_eq!(
            from_json::<String>(r#""a\"b""#),
            OneOrMany::One("a\"b".to_owned())
        );
        assert_eq!(from_json::<String>(r#"["BILL","RUN"]"#).len(), 2);
    }

    #[test]
    fn unsigned_and_float_values() {
        assert_eq!(
            from_json::<u64>("18446744073709551615"),
            OneOrMany::One(u64::MAX)
        );
        assert_eq!(from_json::<f64>("1.5"), OneOrMany::One(1.5));
        assert_eq!(from_json::<bool>("true"), OneOrMany::One(true));
        assert_eq!(from_json::<Option<i64>>("null"), OneOrMany::One(None));
    }

    #[derive(Debug, PartialEq, Deserialize)]
    struct Contact {
        handle: String,
        id: i64,
    }

    #[test]
    fn structs_from_maps() {
        let one = from_json::<Contact>(r#"{"handle": "AB1", "id": 3}"#);
        assert_eq!(
            one,
            OneOrMany::One(Contact {
                handle: "AB1".into(),
                id: 3
            })
        );
        let many =
            from_json::<Contact>(r#"[{"handle": "AB1", "id": 3}, {"handle": "CD2", "id": 4}]"#);
        assert_eq!(many.len(), 2);
        let map = from_json::<BTreeMap<String, i64>>(r#"{"a": 1}"#);
        assert_eq!(map.as_slice()[0]["a"], 1);
    }

    #[test]
    fn errors_name_the_element_type() {
        let error = serde_json::from_str::<OneOrMany<i64>>(r#""five""#).unwrap_err();
        assert!(error.to_string().contains("expected i64"), "{error}");
        assert!(serde_json::from_str::<OneOrMany<i64>>(r#"[1, "x"]"#).is_err());
    }

    #[test]
    fn conversions() {
        assert_eq!(OneOrMany::from(3), OneOrMany::One(3));
        assert_eq!(OneOrMany::from(vec![3]), OneOrMany::Many(vec![3]));
        assert_eq!(OneOrMany::One(3).into_iter().collect::<Vec<_>>(), vec![3]);
    }
}
