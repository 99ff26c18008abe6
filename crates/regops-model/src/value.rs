//! [`Value`] and [`Map`]: untyped data (`any` and `map` in the schema), kept as it came.

mod de;

use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Serialize, Serializer};

use crate::{Bytes, DateTime};

/// An untyped struct: member name → [`Value`] (`map` in the schema), sorted by name.
pub type Map = std::collections::BTreeMap<String, Value>;

/// Any value the wire can carry (`any` in the schema): the XML-RPC data model, which JSON
/// values also fit.
///
/// Used where the vendor documents no structure. Decoding through the XML-RPC codec keeps
/// `dateTime.iso8601` and `base64` values typed; JSON has no such types, so they arrive as
/// [`Value::String`].
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// XML-RPC `nil`, JSON `null`.
    Nil,
    /// A boolean.
    Bool(bool),
    /// An integer.
    Int(i64),
    /// A floating-point number (also integers above `i64::MAX`).
    Double(f64),
    /// A string.
    String(String),
    /// An XML-RPC `dateTime.iso8601`.
    DateTime(DateTime),
    /// An XML-RPC `base64`.
    Base64(Bytes),
    /// An array.
    Array(Vec<Value>),
    /// A struct (JSON object).
    Struct(Map),
}

impl Value {
    /// The text of a [`Value::String`].
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Self::String(text) => Some(text),
            _ => None,
        }
    }

    /// The number of a [`Value::Int`].
    pub fn as_i64(&self) -> Option<i64> {
        match self {
            Self::Int(number) => Some(*number),
            _ => None,
        }
    }

    /// The flag of a [`Value::Bool`].
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Self::Bool(flag) => Some(*flag),
            _ => None,
        }
    }

    /// The number of a [`Value::Double`] (not of an `Int`: the wire tells them apart).
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Self::Double(number) => Some(*number),
            _ => None,
        }
    }

    /// The instant of a [`Value::DateTime`].
    pub fn as_datetime(&self) -> Option<&DateTime> {
        match self {
            Self::DateTime(instant) => Some(instant),
            _ => None,
        }
    }

    /// The data of a [`Value::Base64`].
    pub fn as_bytes(&self) -> Option<&[u8]> {
        match self {
            Self::Base64(bytes) => Some(bytes),
            _ => None,
        }
    }

    /// The elements of a [`Value::Array`].
    pub fn as_array(&self) -> Option<&[Value]> {
        match self {
            Self::Array(values) => Some(values),
            _ => None,
        }
    }

    /// The members of a [`Value::Struct`].
    pub fn as_struct(&self) -> Option<&Map> {
        match self {
            Self::Struct(members) => Some(members),
            _ => None,
        }
    }

    /// Whether this is [`Value::Nil`].
    pub fn is_nil(&self) -> bool {
        matches!(self, Self::Nil)
    }
}

/// Implements `From<$from> for Value` by wrapping in `$variant` after `$convert`.
macro_rules! value_from {
    ($($from:ty => $variant:ident $(via $convert:path)?),* $(,)?) => {$(
        impl From<$from> for Value {
            fn from(value: $from) -> Self {
                Self::$variant($($convert)?(value))
            }
        }
    )*};
}

value_from! {
    bool => Bool,
    i64 => Int,
    i32 => Int via i64::from,
    f64 => Double,
    String => String,
    &str => String via String::from,
    DateTime => DateTime,
    Bytes => Base64,
    Vec<Value> => Array,
    Map => Struct,
}

impl Serialize for Value {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Nil => serializer.serialize_unit(),
            Self::Bool(flag) => serializer.serialize_bool(*flag),
            Self::Int(number) => serializer.serialize_i64(*number),
            Self::Double(number) => serializer.serialize_f64(*number),
            Self::String(text) => serializer.serialize_str(text),
            Self::DateTime(instant) => instant.serialize_as_datetime_type(serializer),
            Self::Base64(bytes) => bytes.serialize(serializer),
            Self::Array(values) => {
                let mut seq = serializer.serialize_seq(Some(values.len()))?;
                for value in values {
                    seq.serialize_element(value)?;
                }
                seq.end()
            }
            Self::Struct(members) => {
                let mut map = serializer.serialize_map(Some(members.len()))?;
                for (name, value) in members {
                    map.serialize_entry(name, value)?;
                }
                map.end()
            }
        }
    }
}

/// Any value: the schema says nothing about it.
#[cfg(feature = "schemars")]
impl schemars::JsonSchema for Value {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Value".into()
    }

    fn schema_id() -> std::borrow::Cow<'static, str> {
        "regops_model::Value".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!(true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accessors_match_their_variant_only() {
        assert_eq!(Value::from("a").as_str(), Some("a"));
        assert_eq!(Value::from(3).as_i64(), Some(3));
        assert_eq!(Value::from(3_i64).as_f64(), None);
        assert_eq!(Value::from(1.5).as_f64(), Some(1.5));
        assert_eq!(Value::from(true).as_bool(), Some(true));
        assert_eq!(Value::from(String::from("a")).as_i64(), None);
        assert!(Value::Nil.is_nil());
        assert!(!Value::from(false).is_nil());
        assert_eq!(
            Value::from(vec![Value::Nil]).as_array(),
            Some(&[Value::Nil][..])
        );
        assert_eq!(Value::from(Map::new()).as_struct(), Some(&Map::new()));
        assert_eq!(Value::from(Bytes(vec![1])).as_bytes(), Some(&[1][..]));
        let instant = DateTime::new(2026, 1, 2, 3, 4, 5).unwrap();
        assert_eq!(Value::from(instant).as_datetime(), Some(&instant));
    }

    #[test]
    fn serializes_to_json() {
        let mut members = Map::new();
        members.insert(
            "when".into(),
            DateTime::new(2026, 11, 22, 10, 11, 12).unwrap().into(),
        );
        members.insert("data".into(), Bytes(b"hi".to_vec()).into());
        members.insert(
            "list".into(),
            vec![Value::Nil, 1.into(), 2.5.into(), true.into(), "x".into()].into(),
        );
        let json = serde_json::to_string(&Value::Struct(members)).unwrap();
        assert_eq!(
            json,
            r#"{"data":"aGk=","list":[null,1,2.5,true,"x"],"when":"2026-11-22T10:11:12"}"#
        );
    }
}
