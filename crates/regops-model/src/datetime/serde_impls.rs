//! Serde for [`DateTime`] and [`Date`].
//!
//! An ISO 8601 [`DateTime`] goes through the private newtype token
//! `__private::DATETIME_TOKEN`: JSON ignores it and reads or writes a
//! plain string, while the XML-RPC codec recognises it and uses `<dateTime.iso8601>`.
//! Netim's space layout and [`Date`] are plain strings everywhere (except a Netim-layout
//! date-time inside a [`Value`](crate::Value), which came as a `dateTime.iso8601`).

use std::fmt;

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

use super::{Date, DateTime, Layout};
use crate::__private::DATETIME_TOKEN;

impl Serialize for DateTime {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.layout {
            Layout::Iso8601 => self.serialize_as_datetime_type(serializer),
            Layout::Space => {
                serializer.serialize_str(self.write_extended(&mut [0; DateTime::MAX_EXTENDED_LEN]))
            }
        }
    }
}

impl DateTime {
    /// Through the token whatever the layout: a [`Value::DateTime`](crate::Value::DateTime)
    /// came as a `dateTime.iso8601` and goes back as one, even in Netim's layout (which the
    /// XML-RPC codec then writes as it came).
    pub(crate) fn serialize_as_datetime_type<S: Serializer>(
        &self,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        let mut buf = [0; DateTime::MAX_EXTENDED_LEN];
        serializer.serialize_newtype_struct(DATETIME_TOKEN, self.write_extended(&mut buf))
    }
}

impl<'de> Deserialize<'de> for DateTime {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_newtype_struct(DATETIME_TOKEN, DateTimeVisitor)
    }
}

/// Accepts the token's newtype wrapper or the text itself.
struct DateTimeVisitor;

impl<'de> Visitor<'de> for DateTimeVisitor {
    type Value = DateTime;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a date-time string")
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<DateTime, D::Error> {
        deserializer.deserialize_str(self)
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<DateTime, E> {
        DateTime::parse(text).map_err(E::custom)
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.write(&mut [0; 10]))
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(DateVisitor)
    }
}

/// Accepts `YYYY-MM-DD` text.
struct DateVisitor;

impl<'de> Visitor<'de> for DateVisitor {
    type Value = Date;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a date string YYYY-MM-DD")
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Date, E> {
        Date::parse(text).map_err(E::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_time_json_round_trip() {
        let value: DateTime = serde_json::from_str(r#""20261122T10:11:12""#).unwrap();
        assert_eq!(
            serde_json::to_string(&value).unwrap(),
            r#""2026-11-22T10:11:12""#
        );
        let back: DateTime = serde_json::from_str(r#""2026-11-22T10:11:12""#).unwrap();
        assert_eq!(back, value);
    }

    #[test]
    fn space_layout_survives_json() {
        let value: DateTime = serde_json::from_str(r#""2026-11-22 10:11:12""#).unwrap();
        assert!(value.uses_space_layout());
        assert_eq!(
            serde_json::to_string(&value).unwrap(),
            r#""2026-11-22 10:11:12""#
        );
    }

    #[test]
    fn date_time_json_errors() {
        let error = serde_json::from_str::<DateTime>(r#""2026-02-30T00:00:00""#).unwrap_err();
        assert!(error.to_string().starts_with(
            "invalid date-time `2026-02-30T00:00:00`: expected an ISO 8601 date-time"
        ));
        assert!(serde_json::from_str::<DateTime>("12").is_err());
    }

    #[test]
    fn fraction_and_zone_survive_json() {
        for text in [
            "2026-11-27T15:40:57.123+01:00",
            "2026-11-27T15:40:57,5Z",
            "2026-11-27T15:40:57.000-0000",
            "2026-11-27 15:40:57.1+05",
        ] {
            let json = format!("\"{text}\"");
            let value: DateTime = serde_json::from_str(&json).unwrap();
            assert_eq!(serde_json::to_string(&value).unwrap(), json);
        }
        // Other ISO 8601 spellings come back in the extended form.
        let value: DateTime = serde_json::from_str(r#""19980717T140855.25Z""#).unwrap();
        assert_eq!(
            serde_json::to_string(&value).unwrap(),
            r#""1998-07-17T14:08:55.25Z""#
        );
    }

    #[test]
    fn date_time_from_an_escaped_string() {
        let value: DateTime = serde_json::from_str(r#""2026-11-22\u005410:11:12""#).unwrap();
        assert_eq!(value, DateTime::new(2026, 11, 22, 10, 11, 12).unwrap());
    }

    #[test]
    fn date_json_round_trip() {
        let date: Date = serde_json::from_str(r#""2026-11-22""#).unwrap();
        assert_eq!(serde_json::to_string(&date).unwrap(), r#""2026-11-22""#);
        let error = serde_json::from_str::<Date>(r#""22/11/2026""#).unwrap_err();
        assert!(error.to_string().contains("expected YYYY-MM-DD"));
    }
}
