//! Decoding a [`Value`] from any self-describing format.
//!
//! `Value` asks for the private newtype `__private::VALUE_TOKEN` first, so a codec can tell it
//! wants an untyped value; formats that do not know the token call `visit_newtype_struct`,
//! and the visitor falls back to `deserialize_any`.
//!
//! Typed XML-RPC scalars arrive as one-member maps keyed by `__private::DATETIME_KEY` or
//! `__private::BASE64_KEY`; any other map is a [`Value::Struct`]. A struct that names one
//! member twice is an error naming it: `serde_json::Value` keeps the last, which would drop
//! the first silently.

use std::fmt;

use serde::Deserialize;
use serde::de::{self, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

use super::{Map, Value};
use crate::__private::{BASE64_KEY, DATETIME_KEY, Key, VALUE_TOKEN, next_member};
use crate::{Bytes, DateTime};

impl<'de> Deserialize<'de> for Value {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_newtype_struct(VALUE_TOKEN, ValueVisitor)
    }
}

/// Builds a [`Value`] from whatever the format reports.
struct ValueVisitor;

/// Most elements a sequence's size hint may preallocate, so a lying hint cannot exhaust memory.
const MAX_PREALLOCATED: usize = 1024;

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any value")
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Int(v))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Value, E> {
        Ok(i64::try_from(v).map_or(Value::Double(v as f64), Value::Int))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Value, E> {
        Ok(Value::Double(v))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }

    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<Value, E> {
        Ok(Value::Base64(Bytes(v.to_vec())))
    }

    fn visit_byte_buf<E: de::Error>(self, v: Vec<u8>) -> Result<Value, E> {
        Ok(Value::Base64(Bytes(v)))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Nil)
    }

    fn visit_none<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Nil)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        Value::deserialize(deserializer)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut values = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(MAX_PREALLOCATED));
        while let Some(value) = seq.next_element()? {
            values.push(value);
        }
        Ok(Value::Array(values))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let Some(first) = map.next_key::<Key<'de>>()? else {
            return Ok(Value::Struct(Map::new()));
        };
        let value = match first.as_str() {
            DATETIME_KEY => Value::DateTime(map.next_value::<DateTime>()?),
            BASE64_KEY => Value::Base64(map.next_value::<Bytes>()?),
            _ => {
                let mut members = Map::new();
                next_member(&mut map, &mut members, first.into_owned())?;
                while let Some(name) = map.next_key::<String>()? {
                    next_member(&mut map, &mut members, name)?;
                }
                return Ok(Value::Struct(members));
            }
        };
        if map.next_key::<IgnoredAny>()?.is_some() {
            return Err(de::Error::custom(format_args!(
                "unexpected member after `{}`",
                first.as_str()
            )));
        }
        Ok(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn from_json(json: &str) -> Value {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn scalars() {
        assert_eq!(from_json("null"), Value::Nil);
        assert_eq!(from_json("true"), Value::Bool(true));
        assert_eq!(from_json("-3"), Value::Int(-3));
        assert_eq!(from_json("9223372036854775807"), Value::Int(i64::MAX));
        assert_eq!(
            from_json("9223372036854775808"),
            Value::Double(9_223_372_036_854_775_808.0)
        );
        assert_eq!(from_json("1.5"), Value::Double(1.5));
        assert_eq!(from_json(r#""a\nb""#), Value::String("a\nb".into()));
    }

    #[test]
    fn nested_round_trip() {
        let json = r#"{"a":[1,"x",null,{"b":false}],"c":{}}"#;
        let value = from_json(json);
        assert_eq!(value.as_struct().unwrap()["a"].as_array().unwrap().len(), 4);
        assert_eq!(serde_json::to_string(&value).unwrap(), json);
    }

    #[test]
    fn typed_scalars_from_private_keys() {
        let value = from_json(r#"{"$regops::dateTime.iso8601": "20261122T10:11:12"}"#);
        assert_eq!(
            value,
            Value::DateTime(DateTime::new(2026, 11, 22, 10, 11, 12).unwrap())
        );
        let value = from_json(r#"{"$regops::base64": "aGk="}"#);
        assert_eq!(value, Value::Base64(Bytes(b"hi".to_vec())));
        let nested = from_json(r#"[{"$regops::base64": ""}]"#);
        assert_eq!(nested, Value::Array(vec![Value::Base64(Bytes(Vec::new()))]));
    }

    #[test]
    fn bad_private_members_are_errors() {
        let bad_date = serde_json::from_str::<Value>(r#"{"$regops::dateTime.iso8601": "soon"}"#);
        assert!(
            bad_date
                .unwrap_err()
                .to_string()
                .contains("invalid date-time `soon`")
        );
        let extra = serde_json::from_str::<Value>(r#"{"$regops::base64": "", "x": 1}"#);
        assert!(extra.unwrap_err().to_string().contains("unexpected member"));
    }

    #[test]
    fn a_member_named_twice_is_an_error_that_names_it() {
        let error = serde_json::from_str::<Value>(r#"{"b": 1, "a": 1, "a": 2}"#).unwrap_err();
        assert_eq!(
            error.to_string(),
            r#"duplicate member "a" in a struct at line 1 column 20"#
        );
        let nested = serde_json::from_str::<Value>(r#"[{"x": {"a": null, "a": null}}]"#);
        assert!(nested.unwrap_err().to_string().contains(r#"member "a""#));
        // Distinct names, the first member included, still decode.
        assert_eq!(
            from_json(r#"{"a": 1, "b": 2}"#).as_struct().unwrap().len(),
            2
        );
    }

    #[test]
    fn datetime_becomes_a_string_in_json() {
        let value = Value::DateTime(DateTime::new(2026, 11, 22, 10, 11, 12).unwrap());
        let json = serde_json::to_string(&value).unwrap();
        assert_eq!(
            from_json(&json),
            Value::String("2026-11-22T10:11:12".into())
        );
    }
}
