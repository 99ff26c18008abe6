//! JSON Schema of generated enums (feature `schemars`).

use schemars::{Schema, json_schema};

/// The JSON Schema of an enum whose known wire values are `values`.
///
/// `open` says whether other strings are accepted too (enums with an `Unrecognized`
/// catch-all): the schema then lists the known values but allows any string. Otherwise
/// (`exact` enums) only the known values are valid.
pub fn enum_schema(values: &[&str], open: bool, description: &str) -> Schema {
    if open {
        json_schema!({
            "description": description,
            "anyOf": [{ "enum": values }, { "type": "string" }],
        })
    } else {
        json_schema!({
            "description": description,
            "type": "string",
            "enum": values,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn open_and_exact_schemas() {
        let open = enum_schema(&["BILL", "RUN"], true, "Step.");
        assert_eq!(
            open.as_value(),
            &serde_json::json!({
                "description": "Step.",
                "anyOf": [{ "enum": ["BILL", "RUN"] }, { "type": "string" }],
            })
        );
        let exact = enum_schema(&["queued"], false, "Phase.");
        assert_eq!(
            exact.as_value(),
            &serde_json::json!({ "description": "Phase.", "type": "string", "enum": ["queued"] })
        );
    }

    /// Every runtime type can sit in a derived schema, as generated structs need.
    #[derive(schemars::JsonSchema)]
    #[allow(dead_code, reason = "only the schema is looked at")]
    struct Everything {
        when: Option<crate::DateTime>,
        day: crate::Date,
        data: crate::Bytes,
        key: crate::ApiKey,
        any: crate::Value,
        members: crate::Map,
        ids: crate::OneOrMany<i64>,
        maybe: crate::Nullable<i64>,
        since: crate::DateTimeOrString,
    }

    #[test]
    fn runtime_types_in_derived_schemas() {
        let schema = schemars::schema_for!(Everything);
        let properties = schema.get("properties").unwrap();
        assert_eq!(
            properties["day"],
            serde_json::json!({ "type": "string", "format": "date" })
        );
        assert_eq!(properties["any"], serde_json::json!(true));
        assert_eq!(properties["ids"]["anyOf"][1]["type"], "array");
        assert_eq!(properties["data"]["contentEncoding"], "base64");
        assert!(
            properties["when"]["pattern"].is_string() || properties["when"]["anyOf"].is_array()
        );
        assert_eq!(properties["maybe"]["anyOf"][1]["type"], "null");
        assert_eq!(
            properties["since"]["anyOf"][1]["required"],
            serde_json::json!(["dateTime.iso8601"])
        );
    }
}
