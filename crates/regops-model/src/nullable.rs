//! [`Nullable`]: a member that may be absent, sent as nil, or sent with a value.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

/// A member the vendor may send as nil (`nil="allowed"` in the schema), or as an empty string
/// that means "no value" (`empty="none"`), kept apart from a member that was not sent at all.
///
/// Gandi sends `errortype` as `<nil/>` for an operation not in error and `date_start` as nil or
/// as `""` before the operation starts. An `Option` would fold these into `None` and write
/// them back differently (or not at all); a `Nullable` writes each back exactly as it came:
///
/// | variant | XML-RPC | JSON |
/// |---|---|---|
/// | [`Absent`](Self::Absent) | the member is left out | the key is left out |
/// | [`Null`](Self::Null) | `<value><nil/></value>` | `null` |
/// | [`Empty`](Self::Empty) | `<value><string></string></value>` | `""` |
/// | [`Value`](Self::Value) | the value | the value |
///
/// `Empty` only ever comes from members whose schema says `empty="none"`; elsewhere an empty
/// string is a `Value` like any other. Most code only asks for the value:
///
/// ```
/// use regops_model::{DateTime, Nullable};
///
/// let started: Nullable<DateTime> = Nullable::Null;
/// assert_eq!(started.value(), None);
/// assert!(started.is_null() && !started.is_absent());
/// let started = Nullable::from(DateTime::new(2026, 3, 9, 20, 11, 24).unwrap());
/// assert_eq!(started.value().map(|t| t.to_string()).as_deref(), Some("2026-03-09T20:11:24"));
/// assert_eq!(Nullable::<i64>::default(), Nullable::Absent);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Nullable<T> {
    /// Not sent.
    Absent,
    /// Sent as nil (XML-RPC `<nil/>`, JSON `null`).
    Null,
    /// Sent as an empty string standing for "no value" (members marked `empty="none"`).
    Empty,
    /// Sent with a value.
    Value(T),
}

/// Absent: the member is not sent.
impl<T> Default for Nullable<T> {
    fn default() -> Self {
        Self::Absent
    }
}

impl<T> Nullable<T> {
    /// Whether the member was not sent.
    pub fn is_absent(&self) -> bool {
        matches!(self, Self::Absent)
    }

    /// Whether the member was sent as nil.
    pub fn is_null(&self) -> bool {
        matches!(self, Self::Null)
    }

    /// Whether the member was sent as the empty string that means "no value"; an empty
    /// [`Value`](Self::Value) (an empty `String`, say) is not.
    pub fn is_empty(&self) -> bool {
        matches!(self, Self::Empty)
    }

    /// The value, if one was sent.
    pub fn value(&self) -> Option<&T> {
        match self {
            Self::Value(value) => Some(value),
            Self::Absent | Self::Null | Self::Empty => None,
        }
    }

    /// The value, mutably, if one was sent.
    pub fn value_mut(&mut self) -> Option<&mut T> {
        match self {
            Self::Value(value) => Some(value),
            Self::Absent | Self::Null | Self::Empty => None,
        }
    }

    /// The value, if one was sent, forgetting how a missing one was spelled.
    pub fn into_value(self) -> Option<T> {
        match self {
            Self::Value(value) => Some(value),
            Self::Absent | Self::Null | Self::Empty => None,
        }
    }

    /// Borrows the value, keeping the state.
    pub fn as_ref(&self) -> Nullable<&T> {
        match self {
            Self::Absent => Nullable::Absent,
            Self::Null => Nullable::Null,
            Self::Empty => Nullable::Empty,
            Self::Value(value) => Nullable::Value(value),
        }
    }

    /// Maps the value, keeping the state.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Nullable<U> {
        match self {
            Self::Absent => Nullable::Absent,
            Self::Null => Nullable::Null,
            Self::Empty => Nullable::Empty,
            Self::Value(value) => Nullable::Value(f(value)),
        }
    }
}

impl<T> From<T> for Nullable<T> {
    fn from(value: T) -> Self {
        Self::Value(value)
    }
}

/// `Null` as a unit (XML-RPC `<nil/>`, JSON `null`), `Empty` as `""`, `Absent` as none (a
/// struct member the XML-RPC codec then leaves out; generated structs skip it themselves).
impl<T: Serialize> Serialize for Nullable<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Absent => serializer.serialize_none(),
            Self::Null => serializer.serialize_unit(),
            Self::Empty => serializer.serialize_str(""),
            Self::Value(value) => value.serialize(serializer),
        }
    }
}

/// Nil (or JSON `null`) is [`Null`](Nullable::Null); anything else goes to `T::deserialize`
/// unbuffered. Never gives `Absent` (a member that is there) nor `Empty` (only members marked
/// `empty="none"` read `""` as that, through generated code).
impl<'de, T: Deserialize<'de>> Deserialize<'de> for Nullable<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_option(NullableVisitor(PhantomData))
    }
}

struct NullableVisitor<T>(PhantomData<fn() -> T>);

impl<'de, T: Deserialize<'de>> Visitor<'de> for NullableVisitor<T> {
    type Value = Nullable<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a value or nil")
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Nullable::Null)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Nullable::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        T::deserialize(deserializer).map(Nullable::Value)
    }
}

/// `T`'s schema, or `null`. The empty string of `empty="none"` members is described by the
/// schema files `cargo xtask codegen` writes, which know which members have it.
#[cfg(feature = "schemars")]
impl<T: schemars::JsonSchema> schemars::JsonSchema for Nullable<T> {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> std::borrow::Cow<'static, str> {
        format!("Nullable_of_{}", T::schema_name()).into()
    }

    fn schema_id() -> std::borrow::Cow<'static, str> {
        format!("regops_model::Nullable<{}>", T::schema_id()).into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let value = generator.subschema_for::<T>();
        schemars::json_schema!({ "anyOf": [value, { "type": "null" }] })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::DateTime;

    #[derive(Debug, PartialEq, serde::Deserialize, serde::Serialize)]
    struct Operation {
        #[serde(default, skip_serializing_if = "Nullable::is_absent")]
        errortype: Nullable<String>,
    }

    fn json(text: &str) -> Operation {
        serde_json::from_str(text).unwrap()
    }

    #[test]
    fn absent_null_and_value_stay_apart_through_json() {
        for (text, expected) in [
            ("{}", Nullable::Absent),
            (r#"{"errortype":null}"#, Nullable::Null),
            (r#"{"errortype":""}"#, Nullable::Value(String::new())),
            (r#"{"errortype":"x"}"#, Nullable::Value("x".to_owned())),
        ] {
            let op = json(text);
            assert_eq!(op.errortype, expected, "{text}");
            assert_eq!(serde_json::to_string(&op).unwrap(), text);
        }
    }

    #[test]
    fn empty_is_written_as_an_empty_string() {
        let op = Operation {
            errortype: Nullable::Empty,
        };
        assert_eq!(serde_json::to_string(&op).unwrap(), r#"{"errortype":""}"#);
    }

    #[test]
    fn accessors() {
        let mut value = Nullable::from(3);
        assert_eq!(value.value(), Some(&3));
        if let Some(n) = value.value_mut() {
            *n = 4;
        }
        assert_eq!(value.as_ref().map(|n| n * 2), Nullable::Value(8));
        assert_eq!(value.into_value(), Some(4));
        for missing in [Nullable::<i64>::Absent, Nullable::Null, Nullable::Empty] {
            assert_eq!(missing.value(), None);
            assert_eq!(missing.map(|n| n + 1).into_value(), None);
        }
        assert!(Nullable::<i64>::Null.is_null());
        assert!(Nullable::<i64>::Empty.is_empty());
        assert!(!Nullable::Value(String::new()).is_empty());
        assert!(Nullable::<i64>::default().is_absent());
    }

    #[test]
    fn typed_values_keep_their_own_decoding() {
        let value: Nullable<DateTime> = serde_json::from_str(r#""20261122T10:11:12""#).unwrap();
        assert_eq!(
            value,
            Nullable::Value(DateTime::new(2026, 11, 22, 10, 11, 12).unwrap())
        );
        let error = serde_json::from_str::<Nullable<DateTime>>(r#""soon""#).unwrap_err();
        assert!(
            error.to_string().contains("invalid date-time `soon`"),
            "{error}"
        );
    }
}
