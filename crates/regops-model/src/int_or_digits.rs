//! [`IntOrDigits`]: an integer that some clients send as a string of digits.

use std::fmt;

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

/// An integer a client may send as a number (`2`) or as a string of digits (`"2"`);
/// `int-or-digits` in the schema.
///
/// Netim's Java client sends `duration` as `String.valueOf(duration)` where the PHP client
/// sends a number: a server must take both. The value keeps the form it came in, so it is
/// written back the same way (`"007"` stays `"007"`); [`value`](Self::value) is the number.
///
/// ```
/// use regops_model::IntOrDigits;
/// let n: IntOrDigits = serde_json::from_str(r#""12""#)?;
/// assert_eq!(n.value(), 12);
/// assert_eq!(serde_json::to_string(&n)?, r#""12""#);
/// assert_eq!(serde_json::to_string(&IntOrDigits::from(12))?, "12");
/// assert!(serde_json::from_str::<IntOrDigits>(r#""12a""#).is_err());
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct IntOrDigits {
    value: i64,
    /// The text, when the value came as a string.
    digits: Option<Box<str>>,
}

impl IntOrDigits {
    /// The value, whatever its form.
    pub fn value(&self) -> i64 {
        self.value
    }

    /// The string it came as, when it came as a string of digits.
    pub fn digits(&self) -> Option<&str> {
        self.digits.as_deref()
    }

    /// The value written as a string of digits (`"2"`), as the Java client sends it.
    pub fn as_digits(value: i64) -> Self {
        Self {
            value,
            digits: Some(value.to_string().into()),
        }
    }

    /// Parses a string of ASCII digits, optionally after a `-`; `None` for anything else or a
    /// number beyond `i64`.
    pub fn parse_digits(text: &str) -> Option<Self> {
        let unsigned = text.strip_prefix('-').unwrap_or(text);
        if unsigned.is_empty() || !unsigned.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        Some(Self {
            value: text.parse().ok()?,
            digits: Some(text.into()),
        })
    }
}

impl From<i64> for IntOrDigits {
    /// A value written as a number.
    fn from(value: i64) -> Self {
        Self {
            value,
            digits: None,
        }
    }
}

impl fmt::Display for IntOrDigits {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.digits {
            Some(text) => f.write_str(text),
            None => write!(f, "{}", self.value),
        }
    }
}

impl Serialize for IntOrDigits {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match &self.digits {
            Some(text) => serializer.serialize_str(text),
            None => serializer.serialize_i64(self.value),
        }
    }
}

impl<'de> Deserialize<'de> for IntOrDigits {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct IntOrDigitsVisitor;

        impl Visitor<'_> for IntOrDigitsVisitor {
            type Value = IntOrDigits;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an integer, or a string of digits")
            }

            fn visit_i64<E: de::Error>(self, v: i64) -> Result<IntOrDigits, E> {
                Ok(IntOrDigits::from(v))
            }

            fn visit_u64<E: de::Error>(self, v: u64) -> Result<IntOrDigits, E> {
                i64::try_from(v)
                    .map(IntOrDigits::from)
                    .map_err(|_| E::invalid_value(de::Unexpected::Unsigned(v), &self))
            }

            fn visit_str<E: de::Error>(self, v: &str) -> Result<IntOrDigits, E> {
                IntOrDigits::parse_digits(v)
                    .ok_or_else(|| E::invalid_value(de::Unexpected::Str(v), &self))
            }
        }

        deserializer.deserialize_any(IntOrDigitsVisitor)
    }
}

#[cfg(feature = "schemars")]
impl schemars::JsonSchema for IntOrDigits {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> std::borrow::Cow<'static, str> {
        "IntOrDigits".into()
    }

    fn schema_id() -> std::borrow::Cow<'static, str> {
        "regops_model::IntOrDigits".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "anyOf": [{ "type": "integer" }, { "type": "string", "pattern": "^-?[0-9]+$" }]
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_forms_round_trip() {
        for text in [
            "1",
            "\"1\"",
            "\"007\"",
            "-3",
            "\"-3\"",
            "9223372036854775807",
        ] {
            let n: IntOrDigits = serde_json::from_str(text).unwrap();
            assert_eq!(serde_json::to_string(&n).unwrap(), text);
        }
        let n: IntOrDigits = serde_json::from_str("\"007\"").unwrap();
        assert_eq!((n.value(), n.digits()), (7, Some("007")));
        assert_ne!(n, IntOrDigits::from(7));
        assert_eq!(IntOrDigits::as_digits(7).to_string(), "7");
    }

    #[test]
    fn anything_else_is_refused_with_what_was_expected() {
        for text in [
            "\"\"",
            "\"-\"",
            "\"1a\"",
            "\" 1\"",
            "1.5",
            "true",
            "\"99999999999999999999\"",
        ] {
            let error = serde_json::from_str::<IntOrDigits>(text).unwrap_err();
            assert!(
                error
                    .to_string()
                    .contains("expected an integer, or a string of digits"),
                "{text}: {error}"
            );
        }
        assert!(serde_json::from_str::<IntOrDigits>("18446744073709551615").is_err());
    }
}
