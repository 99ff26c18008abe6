//! Stand-ins for `regops_model::DateTime` and `regops_model::Bytes` (the model crate is
//! generated in parallel), following the serde protocol the codec expects of them.

#![allow(dead_code)]

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, Visitor};
use serde::ser::{Serialize, Serializer};

use super::value::{BASE64_TOKEN, DATETIME_TOKEN};

/// A date and time without time zone, as Gandi sends them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateTime(pub chrono::NaiveDateTime);

impl DateTime {
    /// Parses `YYYYMMDDTHH:MM:SS` or `YYYY-MM-DDTHH:MM:SS`.
    pub fn parse(s: &str) -> Option<DateTime> {
        let b = s.as_bytes();
        let (date, time) = match b.len() {
            17 if b[8] == b'T' => ((&b[0..4], &b[4..6], &b[6..8]), &b[9..]),
            19 if b[4] == b'-' && b[7] == b'-' && b[10] == b'T' => {
                ((&b[0..4], &b[5..7], &b[8..10]), &b[11..])
            }
            _ => return None,
        };
        if time.len() != 8 || time[2] != b':' || time[5] != b':' {
            return None;
        }
        fn num(d: &[u8]) -> Option<u32> {
            d.iter().try_fold(0u32, |acc, &c| {
                c.is_ascii_digit().then(|| acc * 10 + u32::from(c - b'0'))
            })
        }
        let date = chrono::NaiveDate::from_ymd_opt(
            i32::try_from(num(date.0)?).ok()?,
            num(date.1)?,
            num(date.2)?,
        )?;
        let t = date.and_hms_opt(num(&time[0..2])?, num(&time[3..5])?, num(&time[6..8])?)?;
        Some(DateTime(t))
    }

    /// `YYYY-MM-DDTHH:MM:SS`.
    pub fn extended(&self) -> String {
        use chrono::{Datelike, Timelike};
        let d = self.0;
        format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
            d.year(),
            d.month(),
            d.day(),
            d.hour(),
            d.minute(),
            d.second()
        )
    }
}

impl Serialize for DateTime {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_newtype_struct(DATETIME_TOKEN, &self.extended())
    }
}

struct DateTimeVisitor;

impl<'de> Visitor<'de> for DateTimeVisitor {
    type Value = DateTime;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a date-time YYYYMMDDTHH:MM:SS or YYYY-MM-DDTHH:MM:SS")
    }
    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<DateTime, D::Error> {
        d.deserialize_str(DateTimeVisitor)
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<DateTime, E> {
        DateTime::parse(v).ok_or_else(|| E::invalid_value(de::Unexpected::Str(v), &self))
    }
}

impl<'de> Deserialize<'de> for DateTime {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_newtype_struct(DATETIME_TOKEN, DateTimeVisitor)
    }
}

/// Binary data, `base64` on the wire.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bytes(pub Vec<u8>);

impl Serialize for Bytes {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use base64::Engine as _;
        let text = base64::engine::general_purpose::STANDARD.encode(&self.0);
        s.serialize_newtype_struct(BASE64_TOKEN, &text)
    }
}

struct BytesVisitor;

impl<'de> Visitor<'de> for BytesVisitor {
    type Value = Bytes;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("base64 text")
    }
    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<Bytes, D::Error> {
        d.deserialize_str(BytesVisitor)
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Bytes, E> {
        use base64::Engine as _;
        base64::engine::general_purpose::STANDARD
            .decode(v)
            .map(Bytes)
            .map_err(E::custom)
    }
}

impl<'de> Deserialize<'de> for Bytes {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_newtype_struct(BASE64_TOKEN, BytesVisitor)
    }
}
