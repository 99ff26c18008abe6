//! JSON Schemas of [`DateTime`], [`Date`] and [`DateTimeOrString`] (feature `schemars`).

use std::borrow::Cow;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};

use super::{Date, DateTime, DateTimeOrString};

/// Not `"format": "date-time"`: that format is RFC 3339, which requires an offset the APIs
/// rarely send, so format-checking validators would reject most values. The pattern is the
/// grammar of [`DateTime::parse`] (the calendar checks, such as February 30th, are left to
/// it); `regops-codegen`'s JSON Schema files carry the same pattern.
/// The text [`DateTime::parse`] reads, as a JSON Schema (ECMA 262) pattern.
const DATE_TIME_PATTERN: &str = "^[0-9]{4}(-[0-9]{2}-[0-9]{2}[T ]|[0-9]{4}T)([01][0-9]|2[0-3])(:[0-5][0-9]:[0-5][0-9]|[0-5][0-9][0-5][0-9])([.,][0-9]{1,9})?(Z|[+-]([01][0-9]|2[0-3])(:?[0-5][0-9])?)?$";

impl JsonSchema for DateTime {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> Cow<'static, str> {
        "DateTime".into()
    }

    fn schema_id() -> Cow<'static, str> {
        "regops_model::DateTime".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "description": "ISO 8601 date-time: YYYY-MM-DDTHH:MM:SS or YYYYMMDDTHH:MM:SS (also HHMMSS; a space for the T after YYYY-MM-DD), with an optional fraction (.f or ,f, 1 to 9 digits) and zone (Z, ±HH:MM, ±HHMM or ±HH).",
            "pattern": DATE_TIME_PATTERN,
        })
    }
}

/// Either form, with the text in one of [`DateTimeOrString::LAYOUTS`] (validators report other
/// text; the model keeps it).
impl JsonSchema for DateTimeOrString {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> Cow<'static, str> {
        "DateTimeOrString".into()
    }

    fn schema_id() -> Cow<'static, str> {
        "regops_model::DateTimeOrString".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        let text = json_schema!({
            "type": "string",
            "pattern": "^[0-9]{4}(-[0-9]{2}-[0-9]{2}([T ][0-9]{2}:[0-9]{2}:[0-9]{2})?|[0-9]{4}T[0-9]{2}:[0-9]{2}:[0-9]{2})$",
        });
        json_schema!({
            "description": "A date-time sent as a string, or as an XML-RPC dateTime.iso8601 (shown as {\"dateTime.iso8601\": text}); the text is YYYY-MM-DD HH:MM:SS, YYYY-MM-DDTHH:MM:SS, YYYYMMDDTHH:MM:SS or YYYY-MM-DD.",
            "anyOf": [
                text,
                {
                    "type": "object",
                    "properties": { "dateTime.iso8601": text },
                    "required": ["dateTime.iso8601"],
                    "additionalProperties": false,
                },
            ],
        })
    }
}

impl JsonSchema for Date {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> Cow<'static, str> {
        "Date".into()
    }

    fn schema_id() -> Cow<'static, str> {
        "regops_model::Date".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({ "type": "string", "format": "date" })
    }
}
