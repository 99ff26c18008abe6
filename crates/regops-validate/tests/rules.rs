//! Every rule of issue 4 with a payload that breaks it and one that passes.

use std::time::Duration;

use regops_model::gandi::{
    ErrorClass, ErrorId, OperationListOptions, OperationListParams, OperationListReturn,
    RelaunchOperationParameters, Step,
};
use regops_model::lifecycle::Phase;
use regops_model::netim::{Contact, DomainState, Host, OperationStatus};
use regops_model::openwork::WorkRequestState;
use regops_validate::contacts::{ContactRole, check_role, validate_domain_contacts};
use regops_validate::ops::{
    PollPolicy, check_transition, gandi_can_cancel, gandi_can_relaunch, netim_can_cancel,
    netim_can_restart,
};
use regops_validate::{Format, Report, Severity, Validate, Validator};
use serde_json::{Value, json};

fn decode<T: serde::de::DeserializeOwned>(value: Value) -> T {
    serde_json::from_value(value).expect("test payload decodes")
}

fn relaunch(value: Value) -> RelaunchOperationParameters {
    decode(value)
}

fn full_relaunch() -> RelaunchOperationParameters {
    let text = include_str!("../../../tests/fixtures/payloads/gandi-relaunch-full.json");
    serde_json::from_str(text).unwrap()
}

/// Asserts exactly one violation with `code` at `path`, and returns it.
fn only<'r>(report: &'r Report, path: &str, code: &str) -> &'r regops_validate::Violation {
    assert_eq!(report.violations().len(), 1, "{report}");
    let v = &report.violations()[0];
    assert_eq!((v.path.as_str(), v.code), (path, code), "{report}");
    v
}

// --- field rules -------------------------------------------------------------------------

#[test]
fn full_relaunch_parameters_are_clean() {
    let report = full_relaunch().validate_at("params");
    assert!(report.is_clean(), "{report}");
}

#[test]
fn page_and_items_per_page_have_a_lower_bound() {
    let bad: OperationListOptions = decode(json!({"page": -1, "items_per_page": -5}));
    let report = bad.validate_at("opts");
    assert!(report.contains("opts.page", "out_of_range"), "{report}");
    assert!(
        report.contains("opts.items_per_page", "out_of_range"),
        "{report}"
    );
    assert_eq!(report.errors().count(), 2);
    let good: OperationListOptions = decode(json!({"page": 0, "items_per_page": 100}));
    assert!(good.validate_at("opts").is_clean());
}

#[test]
fn method_parameters_report_positional_names() {
    let bad: OperationListParams =
        decode(json!(["key", {"items_per_page": -1, "step": ["BILL", "LATER"]}]));
    let report = bad.validate();
    assert!(
        report.contains("opts.items_per_page", "out_of_range"),
        "{report}"
    );
    assert!(
        report.contains("opts.step[1]", "unknown_enum_value"),
        "{report}"
    );
    let good: OperationListParams =
        decode(json!(["key", {"<date_created": "2026-01-01", "step": "BILL"}]));
    assert!(good.validate().is_clean());
}

#[test]
fn date_filters_must_be_dates_in_an_accepted_layout() {
    for bad in [
        "yesterday",
        "2026-13-45",
        "2026-02-30 10:00:00",
        "15/01/2026",
        "",
    ] {
        let params: OperationListParams = decode(json!(["key", {"<date_created": bad}]));
        let report = params.validate();
        let v = only(&report, "opts.<date_created", "invalid_date");
        assert_eq!(v.severity, Severity::Error);
        assert_eq!(
            v.message,
            format!(
                "expected a date-time in one of the layouts YYYY-MM-DD HH:MM:SS, \
                 YYYY-MM-DDTHH:MM:SS, YYYYMMDDTHH:MM:SS, YYYY-MM-DD; found {bad:?}"
            )
        );
        // The same text sent as a dateTime.iso8601 is no better.
        let typed: OperationListOptions =
            decode(json!({">date_updated": {"dateTime.iso8601": bad}}));
        only(
            &typed.validate_at("opts"),
            "opts.>date_updated",
            "invalid_date",
        );
    }
    let good: OperationListOptions = decode(json!({
        "<date_created": "2026-01-15 00:00:00", ">date_created": "2026-01-15T00:00:00",
        "date_start": "20260115T00:00:00", "<date_start": "2026-01-15",
        ">date_updated": {"dateTime.iso8601": "20260115T10:11:12"},
    }));
    assert!(
        good.validate_at("opts").is_clean(),
        "{}",
        good.validate_at("opts")
    );
}

#[test]
fn host_name_length_and_format() {
    let long = format!("{}.example.com", "a".repeat(250));
    let bad: Host = decode(json!({"host": long}));
    let report = bad.validate_at("host");
    assert!(report.contains("host.host", "too_long"), "{report}");
    assert!(report.contains("host.host", "invalid_format"), "{report}");
    let bad: Host = decode(json!({"host": "-ns1.example.com"}));
    only(&bad.validate_at("host"), "host.host", "invalid_format");
    let good: Host =
        decode(json!({"host": "ns1.example.com", "ipv4": ["192.0.2.1"], "ipv6": ["2001:db8::1"]}));
    assert!(good.validate_at("host").is_clean());
}

#[test]
fn host_addresses_are_checked_with_their_index() {
    let bad: Host = decode(
        json!({"host": "ns1.example.com", "ipv4": ["192.0.2.1", "192.0.2.300"], "ipv6": ["::1", "2001:db8::1", "fe80::1", "2001:db8::zz"]}),
    );
    let report = bad.validate_at("host");
    assert!(
        report.contains("host.ipv4[1]", "invalid_format"),
        "{report}"
    );
    assert!(
        report.contains("host.ipv6[3]", "invalid_format"),
        "{report}"
    );
    assert_eq!(report.violations().len(), 2, "{report}");
}

#[test]
fn contact_lengths_email_and_country() {
    let bad: Contact = decode(json!({
        "firstName": "x".repeat(31),
        "zipCode": "12345678901",
        "email": "not-an-address",
        "country": "XX",
        "isOwner": 2,
    }));
    let report = bad.validate_at("contact");
    assert!(report.contains("contact.firstName", "too_long"), "{report}");
    assert!(report.contains("contact.zipCode", "too_long"), "{report}");
    assert!(
        report.contains("contact.email", "invalid_format"),
        "{report}"
    );
    assert!(
        report
            .violations()
            .iter()
            .any(|v| v.path == "contact.country"),
        "{report}"
    );
    assert!(
        report.contains("contact.isOwner", "out_of_range"),
        "{report}"
    );
    let good: Contact = decode(
        json!({"firstName": "Ana", "email": "ana@example.com", "country": "FR", "isOwner": 1, "bodyForm": "IND"}),
    );
    assert!(
        good.validate_at("contact").is_clean(),
        "{}",
        good.validate_at("contact")
    );
}

#[test]
fn dates_and_countries_of_relaunch_parameters() {
    let bad = relaunch(
        json!({"x-ee_birthdate": "1985-02-30", "x-fi_birthdate": "10-12-1985", "x-document_country": "ZZ"}),
    );
    let report = bad.validate_at("params");
    assert!(
        report.contains("params.x-ee_birthdate", "invalid_format"),
        "{report}"
    );
    assert!(
        report.contains("params.x-fi_birthdate", "invalid_format"),
        "{report}"
    );
    assert!(!report.contains("params.x-document_country", "required_when"));
    assert!(
        report
            .violations()
            .iter()
            .any(|v| v.path == "params.x-document_country"),
        "{report}"
    );
    let good = relaunch(json!({"x-ee_birthdate": "2000-02-29", "x-document_country": "FR"}));
    assert!(good.validate_at("params").is_clean());
}

#[test]
fn open_enum_unknown_value_is_a_warning() {
    let report = op("domain_teleport", "BILL").validate();
    let v = only(&report, "type", "unknown_enum_value");
    assert_eq!(v.severity, Severity::Warning);
    assert!(report.is_valid());
    assert!(v.message.contains("domain_create"), "{}", v.message);
}

#[test]
fn closed_enum_unknown_value_is_an_error() {
    let bad = relaunch(json!({"x-us_app_purpose": "P9"}));
    let report = bad.validate_at("params");
    let v = only(&report, "params.x-us_app_purpose", "invalid_enum_value");
    assert_eq!(v.severity, Severity::Error);
    assert!(
        v.message.contains("expected one of P1, P2, P3, P4, P5"),
        "{v}"
    );
    assert!(
        relaunch(json!({"x-us_app_purpose": "P3"}))
            .validate()
            .is_clean()
    );
    let bad: OperationListOptions = decode(json!({"sort_by": "colour"}));
    assert!(
        bad.validate_at("opts")
            .contains("opts.sort_by", "invalid_enum_value")
    );
}

#[test]
fn formats_accept_and_reject() {
    for (format, good, bad) in [
        (Format::Hostname, "ns1.example.com.", "a..b"),
        (Format::Ipv4, "192.0.2.1", "192.0.2"),
        (Format::Ipv6, "2001:db8::1", "2001:db8:::1"),
        (Format::Country, "FR", "fr"),
        (Format::Date, "2024-02-29", "2023-02-29"),
        (Format::Email, "a.b@example.com", "a@b"),
    ] {
        assert!(format.matches(good), "{format:?} {good}");
        assert!(!format.matches(bad), "{format:?} {bad}");
    }
}

// --- cross-field rules ------------------------------------------------------------------------

#[test]
fn ca_lgr_needs_representative_and_capacity() {
    let bad = relaunch(json!({"x-ca_legaltype": "LGR", "x-ca_official_rep": ""}));
    let report = bad.validate_at("params");
    assert!(
        report.contains("params.x-ca_official_rep", "required_when"),
        "{report}"
    );
    assert!(
        report.contains("params.x-ca_official_rep_capacity", "required_when"),
        "{report}"
    );
    let v = &report.violations()[0];
    assert_eq!(v.vendor_error, Some(ErrorId::MissingParameter));
    assert_eq!(v.vendor_class(), Some(ErrorClass::ClientRecoverable));
    assert_eq!(v.rule, Some("ca_legal_representative"));
    assert!(
        v.to_string()
            .contains("missing_parameter (client_recoverable)"),
        "{v}"
    );
    let good = relaunch(
        json!({"x-ca_legaltype": "LGR", "x-ca_official_rep": "Jane Roe", "x-ca_official_rep_capacity": "Guardian"}),
    );
    assert!(good.validate_at("params").is_clean());
    let other = relaunch(json!({"x-ca_legaltype": "CCT"}));
    assert!(other.validate_at("params").is_clean());
}

#[test]
fn ie_company_needs_cro_number_and_charity_a_supporting_number() {
    let report = relaunch(json!({"x-ie_registrant_type": "COM"})).validate_at("params");
    only(
        &report,
        "params.x-ie_registrant_cro_number",
        "required_when",
    );
    let report = relaunch(json!({"x-ie_registrant_type": "CHA"})).validate_at("params");
    only(
        &report,
        "params.x-ie_registrant_supporting_number",
        "required_when",
    );
    assert!(
        relaunch(json!({"x-ie_registrant_type": "COM", "x-ie_registrant_cro_number": "123456"}))
            .validate()
            .is_clean()
    );
    assert!(
        relaunch(
            json!({"x-ie_registrant_type": "CHA", "x-ie_registrant_supporting_number": "CHY 1234"})
        )
        .validate()
        .is_clean()
    );
}

#[test]
fn hk_other_document_needs_its_type() {
    for kind in ["OTHIDV", "OTHORG"] {
        let report = relaunch(json!({"x-hk_registrant_document_type": kind})).validate_at("params");
        only(
            &report,
            "params.x-hk_registrant_other_document_type",
            "required_when",
        );
        assert!(relaunch(json!({"x-hk_registrant_document_type": kind, "x-hk_registrant_other_document_type": "Seaman's book"})).validate().is_clean());
    }
    assert!(
        relaunch(json!({"x-hk_registrant_document_type": "HKID"}))
            .validate()
            .is_clean()
    );
}

#[test]
fn identifier_patterns() {
    for (key, bad, good) in [
        ("x-ru_registrant_tin", "77070838", "7707083893"),
        ("x-ru_registrant_kpp", "7736010010", "773601001"),
        ("x-uk_co_no", "SC12345X", "SC123456"),
        ("x-uk_co_no", "1234567", "01234567"),
        ("x-no_registrant_identity", "N.PRI.1234", "N.PRI.12345678"),
        ("x-no_registrant_identity", "12345678", "123456789"),
        ("x-it_pin", "RSSMRA85T10A562", "12345678901"),
    ] {
        let report = relaunch(json!({ key: bad })).validate_at("params");
        let v = only(&report, &format!("params.{key}"), "pattern_mismatch");
        assert!(v.message.starts_with("expected "), "{v}");
        assert!(
            relaunch(json!({ key: good })).validate().is_clean(),
            "{key} {good}"
        );
    }
}

#[test]
fn spanish_identification_shape_depends_on_its_type() {
    // Type 1 (DNI/NIF): 8 digits and a letter, or a company CIF.
    for good in ["12345678M", "B12345678"] {
        let ok = relaunch(
            json!({"x-es_owner_tipo_identification": "1", "x-es_owner_identification": good}),
        );
        assert!(ok.validate().is_clean(), "{good}");
    }
    let bad = relaunch(
        json!({"x-es_owner_tipo_identification": "1", "x-es_owner_identification": "1234567"}),
    );
    let report = bad.validate_at("params");
    let v = only(
        &report,
        "params.x-es_owner_identification",
        "pattern_mismatch",
    );
    assert_eq!(v.rule, Some("es_owner_dni_nif_shape"), "{v}");
    // Type 3 (NIE): a letter, 7 digits and a letter; a DNI is wrong there.
    let nie = relaunch(
        json!({"x-es_admin_tipo_identification": "3", "x-es_admin_identification": "Y1234567X"}),
    );
    assert!(nie.validate().is_clean());
    let wrong = relaunch(
        json!({"x-es_admin_tipo_identification": "3", "x-es_admin_identification": "12345678M"}),
    );
    only(
        &wrong.validate_at("params"),
        "params.x-es_admin_identification",
        "pattern_mismatch",
    );
    // Type 0 (other, e.g. a passport) has no fixed shape.
    let other =
        relaunch(json!({"x-es_tech_tipo_identification": "0", "x-es_tech_identification": "X-99"}));
    assert!(other.validate().is_clean());
}

#[test]
fn pattern_message_names_the_shapes() {
    let report = relaunch(json!({"x-no_registrant_identity": "x"})).validate_at("params");
    assert_eq!(
        report.violations()[0].message,
        "expected 9 digits, or \"N.PRI.\" then 8 digits, found \"x\""
    );
}

#[test]
fn host_has_at_most_13_addresses_in_total() {
    let v4: Vec<String> = (1..=7).map(|i| format!("192.0.2.{i}")).collect();
    let v6: Vec<String> = (1..=7).map(|i| format!("2001:db8::{i}")).collect();
    let bad: Host = decode(json!({"host": "ns1.example.com", "ipv4": v4, "ipv6": v6}));
    let report = bad.validate_at("host");
    let v = only(&report, "host", "too_many_items_total");
    assert!(v.message.contains("at most 13"), "{v}");
    let good: Host = decode(json!({"host": "ns1.example.com", "ipv4": v4, "ipv6": &v6[..6]}));
    assert!(good.validate_at("host").is_clean());
    let bad: Host = decode(
        json!({"host": "ns1.example.com", "ipv4": (1..=14).map(|i| format!("192.0.2.{i}")).collect::<Vec<_>>()}),
    );
    assert!(
        bad.validate_at("host")
            .contains("host.ipv4", "too_many_items")
    );
}

#[test]
fn organisation_contact_needs_body_name() {
    let bad: Contact = decode(json!({"bodyForm": "ORG"}));
    only(
        &bad.validate_at("contact"),
        "contact.bodyName",
        "required_when",
    );
    let good: Contact = decode(json!({"bodyForm": "ORG", "bodyName": "Example SARL"}));
    assert!(good.validate_at("contact").is_clean());
    let person: Contact = decode(json!({"bodyForm": "IND"}));
    assert!(person.validate_at("contact").is_clean());
}

#[test]
fn italian_contact_needs_area() {
    let bad: Contact = decode(json!({"country": "IT"}));
    only(&bad.validate_at("contact"), "contact.area", "required_when");
    let good: Contact = decode(json!({"country": "IT", "area": "MI"}));
    assert!(good.validate_at("contact").is_clean());
}

#[test]
fn registrant_is_an_owner_contact_and_others_are_not() {
    let owner: Contact = decode(json!({"isOwner": 1}));
    let simple: Contact = decode(json!({"isOwner": 0}));
    let unset: Contact = decode(json!({}));
    assert!(validate_domain_contacts(&owner, &simple, &unset, &simple).is_clean());
    let report = validate_domain_contacts(&simple, &owner, &simple, &owner);
    assert!(
        report.contains("owner.isOwner", "owner_contact"),
        "{report}"
    );
    assert!(
        report.contains("admin.isOwner", "owner_contact"),
        "{report}"
    );
    assert!(
        report.contains("billing.isOwner", "owner_contact"),
        "{report}"
    );
    assert_eq!(report.violations().len(), 3, "{report}");
    let mut report = Report::new();
    check_role(
        &owner,
        ContactRole::Tech,
        &mut Validator::new(&mut report, Some("tech"), None),
    );
    only(&report, "tech.isOwner", "owner_contact");
}

// --- TLD context --------------------------------------------------------------------------------

#[test]
fn members_of_other_tlds_are_warnings() {
    let params = relaunch(
        json!({"x-ca_legaltype": "CCT", "x-ca_business_entity_type": "corporation", "x-uk_co_no": "01234567"}),
    );
    let report = params.validate_for_domain(Some("params"), "example.ca");
    let v = only(&report, "params.x-uk_co_no", "field_for_other_tld");
    assert_eq!(v.severity, Severity::Warning);
    assert!(v.message.contains(".co.uk"), "{v}");
    assert!(params.validate().is_clean(), "no domain, no TLD context");
}

#[test]
fn members_required_for_the_tld_are_errors() {
    let params = relaunch(json!({}));
    let report = params.validate_for_domain(Some("params"), "example.swiss");
    assert!(
        report.contains("params.x-swiss_enterpriseid", "required_for_tld"),
        "{report}"
    );
    assert!(
        report.contains("params.x-swiss_intendeduse", "required_for_tld"),
        "{report}"
    );
    assert_eq!(report.errors().count(), 2, "{report}");
    let good =
        relaunch(json!({"x-swiss_enterpriseid": "CHE-123.456.789", "x-swiss_intendeduse": "Shop"}));
    assert!(
        good.validate_for_domain(Some("params"), "example.swiss")
            .is_clean()
    );
    assert!(
        relaunch(json!({}))
            .validate_for_domain(None, "example.fr")
            .is_clean()
    );
    let report = relaunch(json!({})).validate_for_domain(None, "shop.com.au");
    only(&report, "x-au_registrant_id_number", "required_for_tld");
}

// --- state machines ---------------------------------------------------------------------------

#[test]
fn every_machine_checks_transitions_and_names_the_next_states() {
    assert!(check_transition(&Step::Bill, &Step::Wait).is_ok());
    let err = check_transition(&Step::Bill, &Step::Done).unwrap_err();
    assert_eq!(err.code, "invalid_transition");
    assert_eq!(
        err.message,
        "gandi.Step cannot move from BILL to DONE; expected one of WAIT, CANCEL"
    );
    let err = check_transition(&Step::Done, &Step::Run).unwrap_err();
    assert!(err.message.contains("DONE is terminal"), "{err}");

    let next = OperationStatus::Pending.next_states();
    assert!(!next.is_empty());
    assert!(check_transition(&OperationStatus::Pending, &next[0]).is_ok());
    assert!(check_transition(&OperationStatus::Done, &OperationStatus::Pending).is_err());

    let from = DomainState::VALUES
        .iter()
        .map(|v| DomainState::from(*v))
        .find(|s| !s.next_states().is_empty())
        .unwrap();
    assert!(check_transition(&from, &from.next_states()[0]).is_ok());
    let not_next = DomainState::VALUES
        .iter()
        .map(|v| DomainState::from(*v))
        .find(|s| !from.can_transition_to(s))
        .unwrap();
    let err = check_transition(&from, &not_next).unwrap_err();
    assert!(err.message.contains("netim.DomainState"), "{err}");

    let from = WorkRequestState::Processing;
    assert!(check_transition(&from, &WorkRequestState::Finished).is_ok());
    let err =
        check_transition(&WorkRequestState::Finished, &WorkRequestState::Processing).unwrap_err();
    assert!(err.message.contains("openwork.WorkRequestState"), "{err}");

    let phase = Phase::VALUES
        .iter()
        .map(|v| Phase::try_parse(v).unwrap())
        .find(|p| !p.next_states().is_empty())
        .unwrap();
    assert!(check_transition(&phase, &phase.next_states()[0]).is_ok());
    assert!(check_transition(&phase, &phase).is_err() || phase.can_transition_to(&phase));
}

// --- operation preconditions --------------------------------------------------------------

fn op(kind: &str, step: &str) -> OperationListReturn {
    decode(
        json!({"id": 42, "type": kind, "step": step, "date_created": "2026-02-20T08:42:46", "date_updated": "2026-02-20T08:42:46", "date_start": ""}),
    )
}

#[test]
fn gandi_cancel_only_before_processing() {
    assert!(gandi_can_cancel(&op("domain_renew", "BILL")).is_ok());
    assert!(gandi_can_cancel(&op("domain_renew", "WAIT")).is_ok());
    for step in ["RUN", "DONE", "ERROR", "CANCEL", "SUPPORT"] {
        let err = gandi_can_cancel(&op("domain_renew", step)).unwrap_err();
        assert_eq!(
            (err.path.as_str(), err.code),
            ("step", "precondition_failed")
        );
        assert!(err.message.contains("expected step BILL or WAIT"), "{err}");
    }
}

#[test]
fn gandi_relaunch_only_failed_operations_of_five_types() {
    for kind in [
        "domain_create",
        "domain_transfer_in",
        "domain_ns_set",
        "domain_transfer_reseller",
        "domain_change_owner",
    ] {
        assert!(gandi_can_relaunch(&op(kind, "ERROR")).is_ok(), "{kind}");
        let err = gandi_can_relaunch(&op(kind, "DONE")).unwrap_err();
        assert!(
            err.message
                .contains("a successful operation can never be restarted"),
            "{err}"
        );
        assert!(gandi_can_relaunch(&op(kind, "RUN")).is_err());
    }
    let err = gandi_can_relaunch(&op("domain_renew", "ERROR")).unwrap_err();
    assert_eq!(err.path, "type");
    assert!(err.message.contains("domain_change_owner"), "{err}");
}

#[test]
fn netim_cancel_while_pending_and_never_restart() {
    assert!(netim_can_cancel(&OperationStatus::Pending).is_ok());
    assert!(netim_can_cancel(&OperationStatus::Done).is_err());
    for status in [
        OperationStatus::Failed,
        OperationStatus::Done,
        OperationStatus::Pending,
    ] {
        let err = netim_can_restart(&status).unwrap_err();
        assert!(err.message.contains("no restart function"), "{err}");
    }
}

#[test]
fn poll_policy_rejects_under_five_minutes() {
    assert_eq!(PollPolicy::default().interval(), Duration::from_secs(600));
    assert!(PollPolicy::new(Duration::from_secs(300)).is_ok());
    let err = PollPolicy::new(Duration::from_secs(299)).unwrap_err();
    assert_eq!(err.code, "poll_too_frequent");
}
