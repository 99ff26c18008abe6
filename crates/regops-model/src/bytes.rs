//! [`Bytes`]: binary data, `base64` on the wire.

use std::fmt;
use std::ops::Deref;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD_PAD_INDIFFERENT;
use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

use crate::__private::BASE64_TOKEN;

/// Binary data (`base64` in the schema).
///
/// Serialized as a newtype struct with a private name that the XML-RPC codec recognises and
/// writes as a `<base64>` element; JSON ignores the name and writes standard base64 text.
/// Decoding accepts text with or without `=` padding or with line breaks, and raw bytes from
/// formats that have them.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Bytes(pub Vec<u8>);

impl Deref for Bytes {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        &self.0
    }
}

impl From<Vec<u8>> for Bytes {
    fn from(bytes: Vec<u8>) -> Self {
        Self(bytes)
    }
}

impl From<&[u8]> for Bytes {
    fn from(bytes: &[u8]) -> Self {
        Self(bytes.to_vec())
    }
}

impl Serialize for Bytes {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let text = STANDARD_PAD_INDIFFERENT.encode(&self.0);
        serializer.serialize_newtype_struct(BASE64_TOKEN, &text)
    }
}

impl<'de> Deserialize<'de> for Bytes {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_newtype_struct(BASE64_TOKEN, BytesVisitor)
    }
}

/// Accepts the token's newtype wrapper, base64 text or raw bytes.
struct BytesVisitor;

impl<'de> Visitor<'de> for BytesVisitor {
    type Value = Bytes;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("base64 text or bytes")
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<Bytes, D::Error> {
        deserializer.deserialize_str(self)
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Bytes, E> {
        decode(text)
            .map(Bytes)
            .map_err(|error| E::custom(format_args!("invalid base64: {error}")))
    }

    fn visit_bytes<E: de::Error>(self, bytes: &[u8]) -> Result<Bytes, E> {
        Ok(Bytes(bytes.to_vec()))
    }

    fn visit_byte_buf<E: de::Error>(self, bytes: Vec<u8>) -> Result<Bytes, E> {
        Ok(Bytes(bytes))
    }
}

/// Decodes standard base64, padded or not. Line breaks and other ASCII whitespace are
/// skipped: Python's `xmlrpc.client` wraps `<base64>` text every 76 characters.
fn decode(text: &str) -> Result<Vec<u8>, base64::DecodeError> {
    STANDARD_PAD_INDIFFERENT.decode(text).or_else(|error| {
        if !text.bytes().any(|b| b.is_ascii_whitespace()) {
            return Err(error);
        }
        let compact: Vec<u8> = text.bytes().filter(|b| !b.is_ascii_whitespace()).collect();
        STANDARD_PAD_INDIFFERENT.decode(compact)
    })
}

#[cfg(feature = "schemars")]
impl schemars::JsonSchema for Bytes {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Bytes".into()
    }

    fn schema_id() -> std::borrow::Cow<'static, str> {
        "regops_model::Bytes".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({ "type": "string", "contentEncoding": "base64" })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::de::IntoDeserializer;
    use serde::de::value::{BytesDeserializer, Error};

    #[test]
    fn json_round_trip() {
        let bytes = Bytes::from(&b"hello"[..]);
        let json = serde_json::to_string(&bytes).unwrap();
        assert_eq!(json, r#""aGVsbG8=""#);
        assert_eq!(serde_json::from_str::<Bytes>(&json).unwrap(), bytes);
        assert_eq!(&*bytes, b"hello");
    }

    #[test]
    fn accepts_missing_padding() {
        assert_eq!(
            serde_json::from_str::<Bytes>(r#""aGVsbG8""#).unwrap().0,
            b"hello"
        );
        assert_eq!(serde_json::from_str::<Bytes>(r#""""#).unwrap().0, b"");
    }

    #[test]
    fn skips_line_breaks() {
        let wrapped = serde_json::from_str::<Bytes>(r#""aGVs\nbG8=\n""#).unwrap();
        assert_eq!(wrapped.0, b"hello");
    }

    #[test]
    fn rejects_bad_base64() {
        let error = serde_json::from_str::<Bytes>(r#""a*b""#).unwrap_err();
        assert!(error.to_string().starts_with("invalid base64"), "{error}");
    }

    #[test]
    fn accepts_raw_bytes() {
        let raw = BytesDeserializer::<Error>::new(&[1, 2, 3]);
        assert_eq!(Bytes::deserialize(raw).unwrap().0, [1, 2, 3]);
        let text: serde::de::value::StrDeserializer<'_, Error> = "AQID".into_deserializer();
        assert_eq!(Bytes::deserialize(text).unwrap().0, [1, 2, 3]);
    }
}
