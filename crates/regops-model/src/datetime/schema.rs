//! JSON Schemas of [`DateTime`] and [`Date`] (feature `schemars`).

use std::borrow::Cow;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};

use super::{Date, DateTime};

/// Not `"format": "date-time"`: that format is RFC 3339, which requires an offset the APIs
/// never send, so format-checking validators would reject every value.
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
            "description": "ISO 8601 date-time without offset: YYYY-MM-DDTHH:MM:SS (also YYYYMMDDTHH:MM:SS or YYYY-MM-DD HH:MM:SS).",
            "pattern": "^[0-9]{4}(-[0-9]{2}-[0-9]{2}[T ]|[0-9]{4}T)[0-9]{2}:[0-9]{2}:[0-9]{2}$",
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
