//! `schemars::JsonSchema` on the generated types: wire names, open enums, kept members.

use regops_model::gandi::{OperationListOptions, OperationListReturn, RelaunchOperationParameters};
use regops_model::lifecycle::Phase;
use regops_model::netim::{Contact, DomainInfo};

#[test]
fn schemas_use_wire_names_and_keep_unknown_members() {
    let schema = serde_json::to_value(schemars::schema_for!(OperationListOptions)).unwrap();
    let properties = schema["properties"].as_object().unwrap();
    assert_eq!(properties.len(), 29, "{:?}", properties.keys());
    for key in [
        "<date_created",
        ">date_updated",
        "cert.hostname",
        "items_per_page",
        "sort_by",
    ] {
        assert!(properties.contains_key(key), "{key} missing");
    }
    assert_ne!(
        schema.get("additionalProperties"),
        Some(&serde_json::Value::Bool(false))
    );

    let relaunch =
        serde_json::to_value(schemars::schema_for!(RelaunchOperationParameters)).unwrap();
    assert_eq!(relaunch["properties"].as_object().unwrap().len(), 140);
    assert!(relaunch["properties"]["x-xn--55qx5d_registrant_document_type"].is_object());
}

#[test]
fn required_members_are_required_and_enums_list_their_values() {
    let schema = serde_json::to_value(schemars::schema_for!(OperationListReturn)).unwrap();
    let required: Vec<&str> = schema["required"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|v| v.as_str())
        .collect();
    for key in ["id", "step", "type", "date_created", "date_updated"] {
        assert!(required.contains(&key), "{key} not required: {required:?}");
    }
    assert!(!required.contains(&"eta"));
    let text = schema.to_string();
    assert!(text.contains("\"SUPPORT\""), "the Step values are listed");

    let phase = serde_json::to_value(schemars::schema_for!(Phase)).unwrap();
    assert_eq!(
        phase["enum"].as_array().map(Vec::len),
        Some(Phase::VALUES.len()),
        "{phase}"
    );
    for schema in [
        schemars::schema_for!(Contact),
        schemars::schema_for!(DomainInfo),
    ] {
        assert!(serde_json::to_value(schema).unwrap()["properties"].is_object());
    }
}
