//! [`ApiKey`]: a credential that stays out of logs.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// An API connection key (`apikey` in the schema), sent as a plain string.
///
/// Its `Debug` never shows the key and it has no `Display`, so logging a request cannot leak
/// it; [`expose_secret`](Self::expose_secret) makes every read of the key explicit.
#[derive(Clone, PartialEq, Eq)]
pub struct ApiKey(String);

impl ApiKey {
    /// Wraps a key.
    pub fn new(key: impl Into<String>) -> Self {
        Self(key.into())
    }

    /// The key itself, for the code that has to send it.
    pub fn expose_secret(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ApiKey(<redacted>)")
    }
}

impl Serialize for ApiKey {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for ApiKey {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(Self)
    }
}

#[cfg(feature = "schemars")]
impl schemars::JsonSchema for ApiKey {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> std::borrow::Cow<'static, str> {
        "ApiKey".into()
    }

    fn schema_id() -> std::borrow::Cow<'static, str> {
        "regops_model::ApiKey".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({ "type": "string" })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_hides_the_key() {
        let key = ApiKey::new("s3cr3t-key");
        let debug = format!("{key:?} {:?} {:#?}", Some(&key), [&key]);
        assert!(!debug.contains("s3cr3t"), "{debug}");
        assert_eq!(format!("{key:?}"), "ApiKey(<redacted>)");
    }

    #[test]
    fn json_round_trip() {
        let key: ApiKey = serde_json::from_str(r#""s3cr3t""#).unwrap();
        assert_eq!(key.expose_secret(), "s3cr3t");
        assert_eq!(key, ApiKey::new("s3cr3t"));
        assert_eq!(serde_json::to_string(&key).unwrap(), r#""s3cr3t""#);
    }
}
