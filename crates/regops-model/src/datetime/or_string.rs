//! [`DateTimeOrString`]: a date the vendor documents as a string, which clients also send as an
//! XML-RPC `dateTime.iso8601`.

use std::fmt;

use chrono::NaiveTime;
use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Serialize, Serializer};

use super::{Date, DateTime};
use crate::__private::{
    BASE64_KEY, DATETIME_KEY, DATETIME_MEMBER, DATETIME_TEXT_TOKEN, Key, VALUE_TOKEN,
};

/// A date-time sent either as a string or as an XML-RPC `dateTime.iso8601`
/// (`datetime-or-string` in the schema), such as Gandi's list filters `<date_created` and
/// `>date_updated`.
///
/// Gandi documents these filters as strings, but a client written with Python's
/// `xmlrpc.client` naturally passes a `DateTime`, which travels as `dateTime.iso8601`. A
/// value keeps the text exactly as it came and the type that carried it, so a decoded request
/// is written back the same way:
///
/// | form | XML-RPC | JSON |
/// |---|---|---|
/// | string | `<string>2026-01-15 00:00:00</string>` | `"2026-01-15 00:00:00"` |
/// | `dateTime.iso8601` | `<dateTime.iso8601>20260115T00:00:00</dateTime.iso8601>` | `{"dateTime.iso8601": "20260115T00:00:00"}` |
///
/// Decoding never rejects the text (the model stays unconstrained): [`datetime`](Self::datetime)
/// reads it in one of [`LAYOUTS`](Self::LAYOUTS), and the validators of `regops-validate`
/// report any other text as `invalid_date`.
///
/// ```
/// use regops_model::{DateTime, DateTimeOrString};
///
/// let since = DateTimeOrString::from(DateTime::new(2026, 1, 15, 0, 0, 0).unwrap());
/// assert!(since.uses_datetime_type());
/// assert_eq!(since.as_str(), "20260115T00:00:00");
///
/// let day = DateTimeOrString::from("2026-01-15");
/// assert!(!day.uses_datetime_type());
/// assert_eq!(day.datetime(), since.datetime());
/// assert_eq!(DateTimeOrString::from("yesterday").datetime(), None);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct DateTimeOrString {
    text: String,
    datetime_type: bool,
}

impl DateTimeOrString {
    /// The layouts [`datetime`](Self::datetime) reads, as validators name them:
    /// `YYYY-MM-DD HH:MM:SS` (what gandi.cli sends Gandi for dates), `YYYY-MM-DDTHH:MM:SS`
    /// (ISO 8601), `YYYYMMDDTHH:MM:SS` (the text of Gandi's own `dateTime.iso8601` values, and
    /// of Python's `DateTime`) and a date alone, `YYYY-MM-DD`, read as midnight.
    ///
    /// Whole seconds and no zone, although [`DateTime`] reads offsets and fractions: the
    /// vendor documents these filters as plain strings and its own date-times carry neither
    /// (`20110324T15:49:32`), in a zone it does not state (XML-RPC leaves that to the
    /// server's documentation). An offset could not be honoured, only ignored or guessed, so
    /// a filter with one (`2026-01-15T00:00:00+01:00`) is reported as `invalid_date` rather
    /// than silently shifted; the same goes for a fraction the vendor's seconds cannot match.
    pub const LAYOUTS: &'static [&'static str] = &[
        "YYYY-MM-DD HH:MM:SS",
        "YYYY-MM-DDTHH:MM:SS",
        "YYYYMMDDTHH:MM:SS",
        "YYYY-MM-DD",
    ];

    /// A value sent as a string, with this text.
    pub fn string(text: impl Into<String>) -> Self {
        Self {
            text: text.into(),
            datetime_type: false,
        }
    }

    /// A value sent as a `dateTime.iso8601` with this text, as an XML-RPC peer wrote it.
    pub fn datetime_text(text: impl Into<String>) -> Self {
        Self {
            text: text.into(),
            datetime_type: true,
        }
    }

    /// The text, exactly as it came (or as built).
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Whether it travels as a `dateTime.iso8601` rather than as a string.
    pub fn uses_datetime_type(&self) -> bool {
        self.datetime_type
    }

    /// The date-time the text names in one of [`LAYOUTS`](Self::LAYOUTS); `None` for any
    /// other text (`yesterday`, `2026-13-45`), including the ISO 8601 forms
    /// [`DateTime::parse`] reads beyond them (`2026-01-15T00:00:00+01:00`,
    /// `20260115T00:00:00.5`, `20260115T000000`): see [`LAYOUTS`](Self::LAYOUTS) for why.
    pub fn datetime(&self) -> Option<DateTime> {
        match DateTime::parse(&self.text) {
            Ok(value) => value.is_plain_text(&self.text).then_some(value),
            Err(_) => {
                let day = Date::parse(&self.text).ok()?;
                DateTime::try_from(day.as_naive().and_time(NaiveTime::MIN)).ok()
            }
        }
    }
}

/// Sent as a `dateTime.iso8601` in XML-RPC's own layout, `YYYYMMDDTHH:MM:SS`, as Python's
/// `xmlrpc.client` sends a `DateTime`. A parsed value's fraction and zone are kept (and then
/// the text is in none of the [`LAYOUTS`](DateTimeOrString::LAYOUTS)).
impl From<DateTime> for DateTimeOrString {
    fn from(value: DateTime) -> Self {
        Self::datetime_text(value.write_compact(&mut [0; DateTime::MAX_COMPACT_LEN]))
    }
}

/// Sent as a string.
impl From<String> for DateTimeOrString {
    fn from(text: String) -> Self {
        Self::string(text)
    }
}

/// Sent as a string.
impl From<&str> for DateTimeOrString {
    fn from(text: &str) -> Self {
        Self::string(text)
    }
}

/// The text.
impl fmt::Display for DateTimeOrString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(&self.text)
    }
}

/// A string as a string; a `dateTime.iso8601` through the private newtype
/// `__private::DATETIME_TEXT_TOKEN` around the one-member map `{"dateTime.iso8601": text}`:
/// the XML-RPC codec writes the text as sent inside `<dateTime.iso8601>`, JSON shows the map.
impl Serialize for DateTimeOrString {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if self.datetime_type {
            serializer.serialize_newtype_struct(DATETIME_TEXT_TOKEN, &DateTimeMember(&self.text))
        } else {
            serializer.serialize_str(&self.text)
        }
    }
}

/// `{"dateTime.iso8601": text}`.
struct DateTimeMember<'a>(&'a str);

impl Serialize for DateTimeMember<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(1))?;
        map.serialize_entry(DATETIME_MEMBER, self.0)?;
        map.end()
    }
}

/// Asks for an untyped value (`__private::VALUE_TOKEN`), so the XML-RPC codec says which
/// type carried it: a string is a string, a `dateTime.iso8601` the one-member map
/// `{DATETIME_KEY: text}`; JSON gives a string or `{"dateTime.iso8601": text}`.
impl<'de> Deserialize<'de> for DateTimeOrString {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_newtype_struct(VALUE_TOKEN, DateTimeOrStringVisitor)
    }
}

struct DateTimeOrStringVisitor;

impl<'de> Visitor<'de> for DateTimeOrStringVisitor {
    type Value = DateTimeOrString;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a date-time string or {{\"{DATETIME_MEMBER}\": text}}")
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(DateTimeOrString::string(v))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(DateTimeOrString::string(v))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let key = map.next_key::<Key<'de>>()?;
        let text = match key.as_ref().map(|k| k.as_str()) {
            Some(DATETIME_KEY | DATETIME_MEMBER) => map.next_value::<String>()?,
            Some(BASE64_KEY) => {
                return Err(de::Error::invalid_type(
                    de::Unexpected::Other("base64"),
                    &self,
                ));
            }
            _ => return Err(de::Error::invalid_type(de::Unexpected::Map, &self)),
        };
        if map.next_key::<Key<'de>>()?.is_some() {
            return Err(de::Error::invalid_length(2, &self));
        }
        Ok(DateTimeOrString::datetime_text(text))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn from_json(json: &str) -> DateTimeOrString {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn both_forms_survive_json() {
        for json in [
            r#""2026-01-15 00:00:00""#,
            r#""yesterday""#,
            r#"{"dateTime.iso8601":"20260115T00:00:00"}"#,
            r#"{"dateTime.iso8601":"soon"}"#,
        ] {
            assert_eq!(serde_json::to_string(&from_json(json)).unwrap(), json);
        }
        assert!(from_json(r#"{"dateTime.iso8601":"x"}"#).uses_datetime_type());
        assert!(from_json(r#"{"$regops::dateTime.iso8601":"x"}"#).uses_datetime_type());
    }

    #[test]
    fn other_json_is_refused() {
        for json in [
            "12",
            "null",
            r#"{"when":"x"}"#,
            r#"{"dateTime.iso8601":"x","b":1}"#,
            "{}",
        ] {
            let error = serde_json::from_str::<DateTimeOrString>(json).unwrap_err();
            assert!(
                error.to_string().contains("dateTime.iso8601"),
                "{json}: {error}"
            );
        }
    }

    #[test]
    fn reads_every_layout() {
        let midnight = DateTime::new(2026, 1, 15, 0, 0, 0);
        for text in [
            "2026-01-15 00:00:00",
            "2026-01-15T00:00:00",
            "20260115T00:00:00",
            "2026-01-15",
        ] {
            assert_eq!(DateTimeOrString::from(text).datetime(), midnight, "{text}");
            assert_eq!(DateTimeOrString::datetime_text(text).datetime(), midnight);
        }
        for bad in [
            "yesterday",
            "2026-13-45",
            "",
            "2026-01-15Z",
            "15/01/2026",
            // ISO 8601 forms DateTime reads, but not filter layouts.
            "2026-01-15T00:00:00+01:00",
            "20260115T00:00:00Z",
            "2026-01-15 00:00:00.5",
            "20260115T000000",
            "2026-01-15T000000",
        ] {
            assert_eq!(DateTimeOrString::from(bad).datetime(), None, "{bad}");
        }
    }

    #[test]
    fn built_from_a_date_time_in_one_call() {
        let value: DateTimeOrString = DateTime::parse("2026-01-15 10:11:12").unwrap().into();
        assert_eq!(value, DateTimeOrString::datetime_text("20260115T10:11:12"));
        assert_eq!(value.to_string(), "20260115T10:11:12");
    }
}
