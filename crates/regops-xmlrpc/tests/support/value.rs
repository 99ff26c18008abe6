//! A stand-in for `regops_model::Value` (the model crate is generated in parallel): a generic
//! XML-RPC value that follows the same serde protocol, so the codec's "value mode" is tested
//! exactly as the model will use it. Shared by the tests and the benchmark.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};

pub const VALUE_TOKEN: &str = "$regops::Value";
pub const DATETIME_TOKEN: &str = "$regops::DateTime";
pub const BASE64_TOKEN: &str = "$regops::Base64";
pub const DATETIME_KEY: &str = "$regops::dateTime.iso8601";
pub const BASE64_KEY: &str = "$regops::base64";

/// Any XML-RPC value, kept as it came.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Nil,
    Bool(bool),
    Int(i64),
    Double(f64),
    String(String),
    /// The text of a `dateTime.iso8601`, as on the wire.
    DateTime(String),
    /// The base64 text of a `base64`.
    Base64(String),
    Array(Vec<Value>),
    Struct(BTreeMap<String, Value>),
}

impl Value {
    /// The equivalent JSON (dates in extended form), as the bench-data `.json` files hold it.
    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::Value as J;
        match self {
            Value::Nil => J::Null,
            Value::Bool(b) => J::Bool(*b),
            Value::Int(i) => J::from(*i),
            Value::Double(d) => J::from(*d),
            Value::String(s) | Value::Base64(s) => J::String(s.clone()),
            Value::DateTime(s) => J::String(extended(s)),
            Value::Array(a) => J::Array(a.iter().map(Value::to_json).collect()),
            Value::Struct(m) => J::Object(m.iter().map(|(k, v)| (k.clone(), v.to_json())).collect()),
        }
    }
}

/// `20261122T10:11:12` → `2026-11-22T10:11:12`.
pub fn extended(s: &str) -> String {
    if s.len() >= 9 && s.as_bytes()[8] == b'T' && !s.contains('-') {
        format!("{}-{}-{}", &s[0..4], &s[4..6], &s[6..])
    } else {
        s.to_owned()
    }
}

impl Serialize for Value {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Value::Nil => s.serialize_unit(),
            Value::Bool(b) => s.serialize_bool(*b),
            Value::Int(i) => s.serialize_i64(*i),
            Value::Double(d) => s.serialize_f64(*d),
            Value::String(v) => s.serialize_str(v),
            Value::DateTime(v) => s.serialize_newtype_struct(DATETIME_TOKEN, v),
            Value::Base64(v) => s.serialize_newtype_struct(BASE64_TOKEN, v),
            Value::Array(a) => {
                let mut seq = s.serialize_seq(Some(a.len()))?;
                for v in a {
                    seq.serialize_element(v)?;
                }
                seq.end()
            }
            Value::Struct(m) => {
                let mut map = s.serialize_map(Some(m.len()))?;
                for (k, v) in m {
                    map.serialize_entry(k, v)?;
                }
                map.end()
            }
        }
    }
}

struct ValueVisitor;

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any XML-RPC value")
    }
    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(ValueVisitor)
    }
    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Int(v))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Value, E> {
        i64::try_from(v).map(Value::Int).map_err(E::custom)
    }
    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(Value::Double(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }
    fn visit_bytes<E>(self, v: &[u8]) -> Result<Value, E> {
        use base64::Engine as _;
        Ok(Value::Base64(base64::engine::general_purpose::STANDARD.encode(v)))
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Nil)
    }
    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Nil)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        Value::deserialize(d)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1024));
        while let Some(v) = seq.next_element::<Value>()? {
            out.push(v);
        }
        Ok(Value::Array(out))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut out = BTreeMap::new();
        let Some(first) = map.next_key::<String>()? else {
            return Ok(Value::Struct(out));
        };
        if first == DATETIME_KEY || first == BASE64_KEY {
            let text: String = map.next_value()?;
            if map.next_key::<String>()?.is_none() {
                return Ok(if first == DATETIME_KEY {
                    Value::DateTime(text)
                } else {
                    Value::Base64(text)
                });
            }
            return Err(de::Error::custom("a typed value marker with other members"));
        }
        out.insert(first, map.next_value()?);
        while let Some(k) = map.next_key::<String>()? {
            let v = map.next_value()?;
            out.insert(k, v);
        }
        Ok(Value::Struct(out))
    }
}

impl<'de> Deserialize<'de> for Value {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_newtype_struct(VALUE_TOKEN, ValueVisitor)
    }
}
