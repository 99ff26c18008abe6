//! JSON round trips of real-shaped payloads through the generated model: every
//! wire name, unknown enum values and unknown members survive decode → encode.

use regops_model::gandi::{
    ErrorClass, ErrorId, OperationList, OperationListOptions, OperationListParams,
    OperationListReturn, OperationType, RelaunchOperationParameters, SortKey, Step,
};
use regops_model::lifecycle::Phase;
use regops_model::netim::{
    DomainFlag, DomainInfo, DomainState, DomainStatus, OperationResponse, OperationStatus,
};
use regops_model::openwork::WorkRequestState;
use regops_model::{ApiKey, Method, Nullable, OneOrMany, StateMachine, WireEnum};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

/// Decodes `value` as `T`, encodes it again and checks nothing changed.
fn round_trip<T: DeserializeOwned + Serialize>(value: &Value) -> T {
    let decoded: T =
        serde_json::from_value(value.clone()).unwrap_or_else(|e| panic!("decode: {e}\n{value:#}"));
    let encoded = serde_json::to_value(&decoded).unwrap();
    assert_eq!(&encoded, value, "the round trip changed the payload");
    decoded
}

fn fixture(name: &str) -> String {
    std::fs::read_to_string(format!("{}/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

#[test]
fn gandi_operation_list_page_round_trips() {
    let page: Value =
        serde_json::from_str(&fixture("payloads/gandi-operation-list-10.json")).unwrap();
    let ops: Vec<OperationListReturn> = round_trip(&page);
    assert_eq!(ops.len(), 10);
    assert_eq!(ops[0].step, Step::Done);
    assert_eq!(ops[0].r#type, OperationType::DomainCreate);
    assert!(ops.iter().all(|op| op.date_start.value().is_some()));
}

#[test]
fn operation_info_with_empty_start_unknown_step_and_unknown_members() {
    let info = json!({
        "date_created": "2026-03-09T20:05:42",
        "date_start": "",
        "date_updated": "2026-03-09T20:28:36",
        "errortype": {"id": "missing_parameter", "type": "client_recoverable", "hint": "x-ca_legaltype"},
        "eta": -1863666,
        "id": 123456093,
        "infos": {"extras": {}, "id": "", "label": "iheartcli.com", "product_action": "renew",
                  "product_name": "com", "product_type": "domain", "quantity": ""},
        "last_error": "",
        "params": {"auth_id": 99, "tracker_id": "3f1c", "inner_step": "wait_sync"},
        "session_id": 2920674,
        "source": "AB3917-GANDI",
        "step": "PAUSED",
        "type": "domain_frobnicate",
        "vm_id": 42,
        "colour": "red"
    });
    let op: OperationListReturn = round_trip(&info);
    assert_eq!(op.date_start, Nullable::Empty);
    assert!(!op.step.is_recognized());
    assert_eq!(op.step.as_str(), "PAUSED");
    assert_eq!(op.step.phase(), None);
    assert_eq!(op.r#type.as_str(), "domain_frobnicate");
    assert_eq!(op.vm_id, Nullable::Value(42));
    assert_eq!(op.extra_fields["colour"].as_str(), Some("red"));
    let errortype = op.errortype.value().unwrap();
    assert_eq!(errortype.id, Some(ErrorId::MissingParameter));
    assert_eq!(
        errortype.id.as_ref().unwrap().class(),
        Some(ErrorClass::ClientRecoverable)
    );
    assert!(matches!(op.infos, Some(OneOrMany::One(_))));
}

#[test]
fn every_list_option_key_round_trips() {
    let opts = json!({
        "<date_created": "2026-01-01", "<date_start": "2026-01-02", "<date_updated": "2026-01-03",
        ">date_created": "2025-01-01", ">date_start": "2025-01-02", ">date_updated": "2025-01-03",
        "cert.hostname": "www.example.com", "cert_id": [1, 2], "contact_id": 3,
        "date_created": "2026-02-01", "date_start": "2026-02-02", "date_updated": "2026-02-03",
        "disk.name": "sys", "disk_id": 4, "domain": "example.com", "id": 5, "iface_id": 6,
        "items_per_page": 50, "mbox_id": 7, "paas.name": "p", "paas_id": 8, "page": 2,
        "site.name": "s", "site_id": 9, "sort_by": "date_created", "step": ["BILL", "WAIT", "RUN"],
        "type": "domain_create", "vm.hostname": "vm1", "vm_id": 10
    });
    assert_eq!(opts.as_object().unwrap().len(), 29);
    let decoded: OperationListOptions = round_trip(&opts);
    assert!(
        decoded.extra_fields.is_empty(),
        "every key is a known member: {:?}",
        decoded.extra_fields
    );
    assert_eq!(decoded.id, Some(OneOrMany::One(5)));
    assert_eq!(decoded.cert_id, Some(OneOrMany::Many(vec![1, 2])));
    assert_eq!(decoded.sort_by, Some(SortKey::DateCreated));
    let lt = decoded.date_created_lt.as_ref().unwrap();
    assert_eq!(lt.as_str(), "2026-01-01");
    assert!(!lt.uses_datetime_type(), "a string stays a string");
    assert_eq!(
        lt.datetime(),
        regops_model::DateTime::new(2026, 1, 1, 0, 0, 0)
    );
    let gt = decoded.date_created_gt.as_ref().and_then(|d| d.datetime());
    assert_eq!(gt, regops_model::DateTime::new(2025, 1, 1, 0, 0, 0));
    // Defaults are the vendor's, and an absent member stays absent on the wire.
    let empty = OperationListOptions::default();
    assert_eq!(empty.items_per_page_or_default(), 100);
    assert_eq!(empty.page_or_default(), 0);
    assert_eq!(serde_json::to_value(&empty).unwrap(), json!({}));
}

#[test]
fn every_relaunch_key_round_trips() {
    let x_keys: Vec<String> = fixture("gandi-relaunch-x-keys.txt")
        .lines()
        .map(str::to_string)
        .collect();
    assert_eq!(x_keys.len(), 139);
    let mut payload = serde_json::Map::new();
    payload.insert("authinfo".into(), json!("s3cr3t&"));
    for (i, key) in x_keys.iter().enumerate() {
        // Enum-typed members take unknown values too: they must survive.
        payload.insert(key.clone(), json!(format!("value-{i}")));
    }
    payload.insert("x-ca_legaltype".into(), json!("LGR"));
    payload.insert("x-future_field".into(), json!({"nested": [1, "two"]}));
    let value = Value::Object(payload);
    let params: RelaunchOperationParameters = round_trip(&value);
    assert_eq!(
        params.extra_fields.len(),
        1,
        "only x-future_field is unknown"
    );
    assert_eq!(
        params.x_ca_legaltype.as_ref().map(|v| v.as_str()),
        Some("LGR")
    );
    assert!(params.x_ca_legaltype.as_ref().unwrap().is_recognized());
    assert!(
        !format!("{params:?}").contains("s3cr3t"),
        "Debug shows authinfo"
    );
}

#[test]
fn every_wire_name_is_in_the_generated_model() {
    let dir = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../crates/regops-model/src/generated/gandi"
    );
    let source: String = ["gandi_operation.rs", "gandi_extension.rs"]
        .iter()
        .map(|f| std::fs::read_to_string(format!("{dir}/{f}")).unwrap())
        .collect();
    let list_keys = [
        "<date_created",
        "<date_start",
        "<date_updated",
        ">date_created",
        ">date_start",
        ">date_updated",
        "cert.hostname",
        "cert_id",
        "contact_id",
        "date_created",
        "date_start",
        "date_updated",
        "disk.name",
        "disk_id",
        "domain",
        "id",
        "iface_id",
        "items_per_page",
        "mbox_id",
        "paas.name",
        "paas_id",
        "page",
        "site.name",
        "site_id",
        "sort_by",
        "step",
        "type",
        "vm.hostname",
        "vm_id",
    ];
    let relaunch = fixture("gandi-relaunch-x-keys.txt");
    let relaunch_keys = std::iter::once("authinfo").chain(relaunch.lines());
    for key in list_keys.iter().copied().chain(relaunch_keys) {
        assert!(
            source.contains(&format!("\"{key}\"")),
            "`{key}` is missing from the generated model"
        );
    }
}

#[test]
fn netim_responses_round_trip_with_mixed_case_statuses() {
    for status in ["Done", "Failed", "Pending", "Cancelled", "Archived"] {
        let response = json!({"ID_OPE": 4711, "STATUS": status, "MESSAGE": "", "TYPE": "domainCreate",
                              "DATE": "2026-11-22 10:11:12", "DATA": "example.fr"});
        let decoded: OperationResponse = round_trip(&response);
        assert_eq!(decoded.status.as_str(), status);
        assert_eq!(decoded.status.is_recognized(), status != "Archived");
    }
    assert_eq!(
        OperationStatus::VALUES,
        &["Done", "Failed", "Pending", "Cancelled"]
    );
    assert_eq!(
        "Done".parse::<OperationStatus>().unwrap(),
        OperationStatus::Done
    );
    assert!(
        OperationStatus::try_parse("DONE").is_err(),
        "wire values are case-sensitive"
    );
}

#[test]
fn netim_domain_status_is_parsed_and_written_back_unchanged() {
    let cases: &[(&str, Option<DomainState>, &[DomainFlag])] = &[
        (
            "ACTIVE, NOT DELEGATED",
            Some(DomainState::Active),
            &[DomainFlag::NotDelegated],
        ),
        (
            "ACTIVE, DELEGATED",
            Some(DomainState::Active),
            &[DomainFlag::Delegated],
        ),
        (
            "EXPIRED, HOLD, NOT DELEGATED",
            Some(DomainState::Expired),
            &[DomainFlag::Hold, DomainFlag::NotDelegated],
        ),
        (
            "HOLD, NOT DELEGATED",
            None,
            &[DomainFlag::Hold, DomainFlag::NotDelegated],
        ),
        ("PENDING", Some(DomainState::Pending), &[]),
        (
            "QUARANTINE,NOT DELEGATED",
            Some(DomainState::Quarantine),
            &[DomainFlag::NotDelegated],
        ),
    ];
    for (text, state, flags) in cases {
        let info: DomainInfo = round_trip(&json!({"domain": "example.fr", "status": text}));
        let status = info.status.unwrap();
        assert_eq!(status.as_str(), *text);
        assert_eq!(status.state(), state.as_ref(), "{text}");
        assert_eq!(status.flags(), *flags, "{text}");
    }
    let unknown = DomainStatus::parse("LOCKED, HOLD");
    assert_eq!(unknown.state().map(|s| s.as_str()), Some("LOCKED"));
    assert!(unknown.has_flag(&DomainFlag::Hold));
    let built = DomainStatus::new(Some(DomainState::Active), vec![DomainFlag::NotDelegated]);
    assert_eq!(built.as_str(), "ACTIVE, NOT DELEGATED");
}

#[test]
fn unknown_values_cannot_be_forged() {
    assert_eq!(Step::from("DONE"), Step::Done);
    assert_eq!(Step::from(String::from("DONE")), Step::Done);
    assert_ne!(Step::from("done"), Step::Done);
    let error = Step::try_parse("done").unwrap_err();
    assert_eq!(
        error.to_string(),
        "unknown Step value `done`; expected one of BILL, WAIT, RUN, DONE, ERROR, CANCEL, SUPPORT"
    );
    assert_eq!(<Step as WireEnum>::VALUES, Step::VALUES);
    assert_eq!(Step::Done.to_string(), "DONE");
}

#[test]
fn state_machines_and_the_lifecycle() {
    assert!(Step::Bill.is_initial());
    assert!(Step::Done.is_terminal() && Step::Cancel.is_terminal());
    assert!(Step::Wait.can_transition_to(&Step::Run));
    assert!(!Step::Done.can_transition_to(&Step::Run));
    assert!(!Step::from("PAUSED").can_transition_to(&Step::Run));
    assert_eq!(Step::Support.phase(), Some(Phase::NeedsSupport));
    assert_eq!(OperationStatus::Pending.phase(), Some(Phase::Running));
    assert_eq!(WorkRequestState::Limbo.phase(), Some(Phase::NeedsSupport));
    assert!(WorkRequestState::Limbo.needs_attention());
    assert!(!WorkRequestState::Finished.needs_attention());
    assert!(WorkRequestState::Finished.is_terminal());
    for phase in Phase::KNOWN {
        let terminal = matches!(phase, Phase::Succeeded | Phase::Failed | Phase::Cancelled);
        assert_eq!(phase.is_terminal(), terminal, "{phase}");
    }
    // Every known vendor state maps onto the lifecycle.
    assert!(Step::KNOWN.iter().all(|s| s.phase().is_some()));
    assert!(OperationStatus::KNOWN.iter().all(|s| s.phase().is_some()));
    assert!(WorkRequestState::KNOWN.iter().all(|s| s.phase().is_some()));
    assert!(OperationType::DomainCreate.relaunchable());
    assert!(!OperationType::DomainRenew.relaunchable());
}

#[test]
fn method_parameters_are_positional() {
    assert_eq!(OperationList::NAME, "operation.list");
    let bare = OperationListParams {
        apikey: ApiKey::new("k"),
        opts: None,
    };
    assert_eq!(serde_json::to_value(&bare).unwrap(), json!(["k"]));
    let with_opts = OperationListParams {
        apikey: ApiKey::new("k"),
        opts: Some(OperationListOptions {
            page: Some(1),
            ..Default::default()
        }),
    };
    let value = serde_json::to_value(&with_opts).unwrap();
    assert_eq!(value, json!(["k", {"page": 1}]));
    let back: OperationListParams = serde_json::from_value(value).unwrap();
    assert_eq!(back, with_opts);
    let error = serde_json::from_value::<OperationListParams>(json!(["k", {}, 3])).unwrap_err();
    assert!(
        error
            .to_string()
            .contains("1 to 2 parameters of `operation.list`"),
        "{error}"
    );
    assert!(
        !format!("{with_opts:?}").contains("\"k\""),
        "Debug shows the API key"
    );
}

/// Review: one set member of `RelaunchOperationParameters` printed 4,100 characters of `None`s.
#[test]
fn debug_shows_the_members_that_are_set() {
    let params = RelaunchOperationParameters {
        x_ca_legaltype: Some("LGR".into()),
        ..Default::default()
    };
    assert_eq!(
        format!("{params:?}"),
        "RelaunchOperationParameters { x_ca_legaltype: Some(Lgr) }"
    );
    assert_eq!(
        format!("{:?}", RelaunchOperationParameters::default()),
        "RelaunchOperationParameters"
    );
    // Required members always show, sensitive ones never show their value, unknown members
    // show when there are some.
    let op: regops_model::gandi::OperationListReturn = serde_json::from_value(json!({
        "id": 7, "type": "domain_create", "step": "DONE", "date_created": "2026-02-20T08:42:46",
        "date_updated": "2026-02-20T08:42:46", "date_start": "", "colour": "red",
    }))
    .unwrap();
    let text = format!("{op:?}");
    assert!(
        text.starts_with("OperationListReturn { id: 7, type: DomainCreate, step: Done,"),
        "{text}"
    );
    assert!(
        text.contains("date_start: Empty"),
        "sent empty: shown; {text}"
    );
    assert!(text.contains(r#"extra_fields: {"colour": "#), "{text}");
    assert!(!text.contains("eta"), "{text}");
    let info: regops_model::netim::DomainInfo =
        serde_json::from_value(json!({"domain": "example.com", "authID": "s3cr3t"})).unwrap();
    let text = format!("{info:?}");
    assert_eq!(
        text,
        r#"DomainInfo { domain: Some("example.com"), auth_id: Some("<redacted>") }"#
    );
}
