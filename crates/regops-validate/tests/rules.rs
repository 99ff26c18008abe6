//! Every rule of issue 4 with a payload that breaks it and one that passes.

use std::time::Duration;

use regops_model::StateMachine;
use regops_model::gandi::{
    OperationListOptions, OperationListParams, OperationListReturn, RelaunchOperationParameters,
    Step,
};
use regops_model::lifecycle::Phase;
use regops_model::netim::{Contact, DomainState, Host, OperationStatus};
use regops_model::openwork::WorkRequestState;
use regops_validate::contacts::{ContactRole, check_role, validate_domain_contacts};
use regops_validate::ops::{PollPolicy, check_transition};
use regops_validate::{Format, Report, Severity, Validate, Validator, ViolationCode, gandi, netim};
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

/// A Netim contact with every mandatory member (seed 003's "general information"), with the
/// members of `changes` set over it.
fn netim_contact(changes: Value) -> Contact {
    let mut value = json!({
        "firstName": "Ana", "lastName": "Lima", "bodyForm": "IND", "address1": "1 rue de la Paix",
        "zipCode": "75002", "city": "Paris", "country": "FR", "phone": "+33 123456789",
        "email": "ana@example.com", "language": "EN", "isOwner": 1,
    });
    for (key, member) in changes.as_object().expect("an object") {
        value[key] = member.clone();
    }
    decode(value)
}

/// Asserts exactly one violation with `code` at `path`, and returns it.
fn only<'r>(report: &'r Report, path: &str, code: &str) -> &'r regops_validate::Violation {
    assert_eq!(report.violations().len(), 1, "{report}");
    let v = &report.violations()[0];
    assert_eq!((v.path.as_str(), v.code.as_str()), (path, code), "{report}");
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
    assert!(
        report.contains("opts.page", ViolationCode::OutOfRange),
        "{report}"
    );
    assert!(
        report.contains("opts.items_per_page", ViolationCode::OutOfRange),
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
        report.contains("opts.items_per_page", ViolationCode::OutOfRange),
        "{report}"
    );
    assert!(
        report.contains("opts.step[1]", ViolationCode::UnknownEnumValue),
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
        // ISO 8601 forms a `DateTime` reads, but not date filters: Gandi's dates carry no
        // offset (in an unstated zone) and whole seconds, so an offset cannot be honoured.
        "2026-01-15T00:00:00+01:00",
        "20260115T00:00:00Z",
        "2026-01-15 00:00:00.5",
        "20260115T000000",
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
    assert!(
        report.contains("host.host", ViolationCode::TooLong),
        "{report}"
    );
    assert!(
        report.contains("host.host", ViolationCode::InvalidFormat),
        "{report}"
    );
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
        report.contains("host.ipv4[1]", ViolationCode::InvalidFormat),
        "{report}"
    );
    assert!(
        report.contains("host.ipv6[3]", ViolationCode::InvalidFormat),
        "{report}"
    );
    assert_eq!(report.violations().len(), 2, "{report}");
}

#[test]
fn contact_lengths_email_and_country() {
    let bad: Contact = netim_contact(json!({
        "firstName": "x".repeat(31),
        "zipCode": "12345678901",
        "email": "not-an-address",
        "country": "XX",
        "isOwner": 2,
    }));
    let report = bad.validate_at("contact");
    assert!(
        report.contains("contact.firstName", ViolationCode::TooLong),
        "{report}"
    );
    assert!(
        report.contains("contact.zipCode", ViolationCode::TooLong),
        "{report}"
    );
    assert!(
        report.contains("contact.email", ViolationCode::InvalidFormat),
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
        report.contains("contact.isOwner", ViolationCode::OutOfRange),
        "{report}"
    );
    let good: Contact = netim_contact(
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
    // Gandi documents no layout for birth dates: `YYYY-MM-DD` is inferred, so another
    // layout is a warning, and the shape alone is checked.
    assert!(
        !report.contains("params.x-ee_birthdate", ViolationCode::InvalidFormat),
        "{report}"
    );
    let v = report
        .violations()
        .iter()
        .find(|v| v.path == "params.x-fi_birthdate")
        .expect("x-fi_birthdate is reported");
    assert_eq!(
        (v.code, v.severity),
        (ViolationCode::PatternMismatch, Severity::Warning)
    );
    assert!(!report.contains("params.x-document_country", ViolationCode::RequiredWhen));
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
            .contains("opts.sort_by", ViolationCode::InvalidEnumValue)
    );
}

#[test]
fn formats_accept_and_reject() {
    for (format, good, bad) in [
        (Format::Hostname, "ns1.example.com.", "a..b"),
        (Format::Ipv4, "192.0.2.1", "192.0.2"),
        (Format::Ipv6, "2001:db8::1", "2001:db8:::1"),
        (Format::Country, "FR", "XX"),
        (Format::Date, "2024-02-29", "2023-02-29"),
        (Format::Email, "a.b@example.com", "a@b"),
        (Format::Phone, "+33.123456789", "0123456789"),
    ] {
        assert!(format.matches(good), "{format:?} {good}");
        assert!(!format.matches(bad), "{format:?} {bad}");
    }
}

/// Review: `Contact.country = "XX"` was a warning. User-assigned codes can never name a
/// country (ISO 3166-1 §8.1.3): an error; a well-formed code the table does not list stays a
/// warning; anything but two ASCII letters is an error.
#[test]
fn country_codes_that_can_never_exist_are_errors() {
    let contact = |country: &str| -> Contact { netim_contact(json!({ "country": country })) };
    for code in [
        "XX", "AA", "ZZ", "QM", "QZ", "XA", "XK", "XZ", "qz", "FRA", "F1", "F", "", "ÉÉ", "F R",
    ] {
        let report = contact(code).validate_at("contact");
        let v = only(&report, "contact.country", "invalid_format");
        assert_eq!(v.severity, Severity::Error, "{code}");
        assert!(v.message.contains("ISO 3166-1"), "{v}");
    }
    let v = contact("XX").validate_at("contact");
    assert!(v.violations()[0].message.contains("private use"), "{v}");
    for code in ["UK", "EU", "QL", "AP"] {
        let report = contact(code).validate_at("contact");
        let v = only(&report, "contact.country", "unknown_enum_value");
        assert_eq!(v.severity, Severity::Warning, "{code}");
    }
    let report = contact("fr").validate_at("contact");
    let v = only(&report, "contact.country", "unknown_enum_value");
    assert!(v.message.contains("did you mean FR"), "{v}");
    for code in ["FR", "IT", "AQ", "GB"] {
        let mut value = json!({ "country": code });
        if code == "IT" {
            value["area"] = json!("MI");
        }
        let report = netim_contact(value).validate_at("contact");
        assert!(report.is_clean(), "{code}: {report}");
    }
    // The same shape applies to every country-typed member of Gandi.
    let report = relaunch(json!({"x-document_country": "ZZ", "x-it_nationality": "UK", "x-eu_country_of_citizenship": "XE"}))
        .validate_at("params");
    assert!(report.contains("params.x-document_country", ViolationCode::InvalidFormat));
    assert!(report.contains("params.x-it_nationality", ViolationCode::UnknownEnumValue));
    assert!(report.contains(
        "params.x-eu_country_of_citizenship",
        ViolationCode::InvalidFormat
    ));
    // Every code the table lists has the shape.
    for code in regops_model::common::CountryCode::VALUES {
        assert!(Format::Country.matches(code), "{code}");
    }
}

/// Review: Netim's `+CC.NNNN…` / `+xx xxxxxxxxxx` was not checked: `0123456789` passed.
#[test]
fn phone_numbers_have_netim_s_format() {
    for good in [
        "+33 123456789",
        "+33.123456789",
        "+1 2025550123",
        "+358.401234567",
    ] {
        let contact: Contact = netim_contact(json!({"phone": good, "fax": good}));
        assert!(contact.validate_at("contact").is_clean(), "{good}");
    }
    for bad in [
        "0123456789",
        "+33123456789",
        "33 123456789",
        "+33 12 34 56 78 9",
        "+33-123456789",
        "+1234 5678",
        "+33 ",
        "+ 123",
        "+33.1234567890123456",
    ] {
        let contact: Contact = netim_contact(json!({ "phone": bad }));
        let report = contact.validate_at("contact");
        let v = only(&report, "contact.phone", "invalid_format");
        assert!(v.message.contains("+CC.NNNN"), "{v}");
    }
    let contact: Contact = netim_contact(json!({"fax": "01 23 45 67 89"}));
    only(
        &contact.validate_at("contact"),
        "contact.fax",
        "invalid_format",
    );
}

// --- cross-field rules ------------------------------------------------------------------------

#[test]
fn ca_lgr_needs_representative_and_capacity() {
    let bad = relaunch(json!({"x-ca_legaltype": "LGR", "x-ca_official_rep": ""}));
    let report = bad.validate_at("params");
    assert!(
        report.contains("params.x-ca_official_rep", ViolationCode::RequiredWhen),
        "{report}"
    );
    assert!(
        report.contains(
            "params.x-ca_official_rep_capacity",
            ViolationCode::RequiredWhen
        ),
        "{report}"
    );
    let v = &report.violations()[0];
    assert_eq!(v.rule, Some("ca_legal_representative"));
    // The report is vendor-neutral; Gandi's module says what Gandi answers.
    assert!(!v.to_string().contains("Gandi"), "{v}");
    assert_eq!(
        gandi::error_id(v),
        Some(regops_model::gandi::ErrorId::MissingParameter)
    );
    assert_eq!(
        gandi::error_class(v),
        Some(regops_model::gandi::ErrorClass::ClientRecoverable)
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
    let v = only(&report, "host.ipv6", "too_many_items_total");
    assert!(v.message.contains("at most 13"), "{v}");
    let good: Host = decode(json!({"host": "ns1.example.com", "ipv4": v4, "ipv6": &v6[..6]}));
    assert!(good.validate_at("host").is_clean());
    let bad: Host = decode(
        json!({"host": "ns1.example.com", "ipv4": (1..=14).map(|i| format!("192.0.2.{i}")).collect::<Vec<_>>()}),
    );
    assert!(
        bad.validate_at("host")
            .contains("host.ipv4", ViolationCode::TooManyItems)
    );
}

#[test]
fn organisation_contact_needs_body_name() {
    let bad: Contact = netim_contact(json!({"bodyForm": "ORG"}));
    only(
        &bad.validate_at("contact"),
        "contact.bodyName",
        "required_when",
    );
    let good: Contact = netim_contact(json!({"bodyForm": "ORG", "bodyName": "Example SARL"}));
    assert!(good.validate_at("contact").is_clean());
    let person: Contact = netim_contact(json!({"bodyForm": "IND"}));
    assert!(person.validate_at("contact").is_clean());
}

#[test]
fn italian_contact_needs_area() {
    let bad: Contact = netim_contact(json!({"country": "IT"}));
    only(&bad.validate_at("contact"), "contact.area", "required_when");
    let good: Contact = netim_contact(json!({"country": "IT", "area": "MI"}));
    assert!(good.validate_at("contact").is_clean());
}

#[test]
fn registrant_is_an_owner_contact_and_others_are_not() {
    let owner: Contact = netim_contact(json!({"isOwner": 1}));
    let simple: Contact = netim_contact(json!({"isOwner": 0}));
    let mut unset = simple.clone();
    unset.is_owner = None;
    assert!(validate_domain_contacts(&owner, &simple, &simple, &simple).is_clean());
    // An unset isOwner is a simple contact for the roles, but a missing mandatory member.
    let report = validate_domain_contacts(&owner, &simple, &unset, &simple);
    only(&report, "tech.isOwner", "required");
    let report = validate_domain_contacts(&simple, &owner, &simple, &owner);
    assert!(
        report.contains("owner.isOwner", ViolationCode::OwnerContact),
        "{report}"
    );
    assert!(
        report.contains("admin.isOwner", ViolationCode::OwnerContact),
        "{report}"
    );
    assert!(
        report.contains("billing.isOwner", ViolationCode::OwnerContact),
        "{report}"
    );
    assert_eq!(report.violations().len(), 3, "{report}");
    let mut report = Report::new();
    check_role(
        &owner,
        ContactRole::Tech,
        &mut Validator::new(&mut report, "tech"),
    );
    only(&report, "tech.isOwner", "owner_contact");
}

// --- TLD context --------------------------------------------------------------------------------

#[test]
fn members_of_other_tlds_are_warnings() {
    let params = relaunch(
        json!({"x-ca_legaltype": "CCT", "x-ca_business_entity_type": "corporation", "x-uk_co_no": "01234567"}),
    );
    let report = params.validate_for_domain("params", "example.ca");
    let v = only(&report, "params.x-uk_co_no", "field_for_other_tld");
    assert_eq!(v.severity, Severity::Warning);
    assert!(v.message.contains(".co.uk"), "{v}");
    assert!(params.validate().is_clean(), "no domain, no TLD context");
}

/// Review: `{}` for `example.se` reported `x-se_ident_number` and `x-se_registrant_vatid`, and
/// `{"authinfo":"a"}` for `example.ca` reported `x-ca_business_entity_type`. Seed 001 marks
/// every member of `RelaunchOperationParameters` Mandatory "no".
#[test]
fn relaunch_parameters_are_never_required() {
    for (value, domain) in [
        (json!({}), "example.se"),
        (json!({"authinfo": "a"}), "example.ca"),
        (json!({}), "example.swiss"),
        (json!({}), "shop.com.au"),
        (json!({"x-ca_legaltype": "CCT"}), "example.ca"),
    ] {
        let report = relaunch(value.clone()).validate_for_domain("params", domain);
        assert!(report.is_clean(), "{value} for {domain}: {report}");
    }
}

#[test]
fn required_for_tld_applies_where_a_schema_declares_it() {
    let mut report = Report::new();
    let mut v = Validator::for_domain(&mut report, "contact", "example.se");
    v.required_for_tld(
        false,
        "x-se_ident_number",
        &[".se"],
        Severity::Error,
        "se_rule",
    );
    v.required_for_tld(
        false,
        "x-ca_business_entity_type",
        &[".ca"],
        Severity::Error,
        "ca_rule",
    );
    v.required_for_tld(
        true,
        "x-se_registrant_vatid",
        &[".se"],
        Severity::Error,
        "se_rule",
    );
    let v = only(&report, "contact.x-se_ident_number", "required_for_tld");
    assert_eq!(v.rule, Some("se_rule"));
    assert_eq!(
        gandi::error_id(v),
        Some(regops_model::gandi::ErrorId::MissingParameter)
    );
}

/// Review: `例子.公司` warned that the `.xn--55qx5d` members belong to another TLD.
#[test]
fn idn_domains_are_normalised_before_matching_tlds() {
    let params = relaunch(
        json!({"x-xn--55qx5d_registrant_document_number": "110101199001011234", "x-xn--55qx5d_registrant_document_type": "SFZ"}),
    );
    for domain in [
        "例子.公司",
        "example.xn--55qx5d",
        "EXAMPLE.XN--55QX5D",
        "例子.公司.",
    ] {
        let report = params.validate_for_domain("params", domain);
        assert!(report.is_clean(), "{domain}: {report}");
    }
    let report = params.validate_for_domain("params", "例子.中国");
    assert_eq!(report.warnings().count(), 2, "{report}");
    let china = relaunch(json!({"x-xn--fiqs8s_registrant_document_number": "X1"}));
    assert!(china.validate_for_domain("", "例子.中国").is_clean());
    assert!(
        relaunch(json!({"x-ca_legaltype": "CCT"}))
            .validate_for_domain("", "École.CA")
            .is_clean()
    );
}

#[test]
fn a_domain_that_is_not_a_name_is_reported() {
    let params = relaunch(json!({"x-ca_legaltype": "CCT"}));
    for bad in ["", "ex ample.ca", "-bad.ca", "a..ca", "foo_bar.ca"] {
        let report = params.validate_for_domain("params", bad);
        let v = only(&report, "params", "invalid_domain");
        assert_eq!(v.severity, Severity::Error);
        assert!(v.message.contains("is not a valid domain name"), "{v}");
    }
}

#[test]
fn roots_are_any_text_known_at_run_time() {
    let bad = relaunch(json!({"x-ca_legaltype": "LGR"}));
    let root = format!("calls[{}].params", 3);
    let report = bad.validate_at(&root);
    assert!(report.contains(
        "calls[3].params.x-ca_official_rep",
        ViolationCode::RequiredWhen
    ));
    let report = bad.validate_for_domain(&root, "example.ca");
    assert!(report.contains(
        "calls[3].params.x-ca_official_rep",
        ViolationCode::RequiredWhen
    ));
    let report = bad.validate_for_domain("", "example.ca");
    assert!(report.contains("x-ca_official_rep", ViolationCode::RequiredWhen));
}

// --- unknown members ---------------------------------------------------------------------------

/// Review: a Gandi-like server refuses `foo`, `Step` and `x-brandnew`; they passed silently.
#[test]
fn unknown_members_are_warnings_at_their_path() {
    let params = relaunch(json!({"authinfo": "a", "foo": 1, "x-brandnew": "b"}));
    let report = params.validate_at("params");
    assert_eq!(report.violations().len(), 2, "{report}");
    assert!(report.contains("params.foo", ViolationCode::UnknownMember));
    assert!(report.contains("params.x-brandnew", ViolationCode::UnknownMember));
    assert!(report.is_valid(), "warnings only");
    assert!(
        report.violations()[0]
            .message
            .contains("RelaunchOperationParameters")
    );

    let opts: OperationListOptions = decode(json!({"Step": "BILL", "step": "BILL"}));
    let report = opts.validate_at("opts");
    only(&report, "opts.Step", "unknown_member");

    let params: OperationListParams = decode(json!(["key", {"Step": ["BILL"]}]));
    only(&params.validate(), "opts.Step", "unknown_member");

    // Nested structs report at their own path.
    let op: OperationListReturn = decode(
        json!({"id": 1, "type": "domain_create", "step": "DONE", "date_created": "2026-02-20T08:42:46", "date_updated": "2026-02-20T08:42:46", "date_start": "", "errortype": {"id": "timeout", "code": 3}, "infos": [{"label": "a"}, {"label": "b", "colour": "red"}]}),
    );
    let report = op.validate();
    assert!(
        report.contains("errortype.code", ViolationCode::UnknownMember),
        "{report}"
    );
    assert!(
        report.contains("infos[1].colour", ViolationCode::UnknownMember),
        "{report}"
    );
    assert_eq!(report.violations().len(), 2, "{report}");

    let contact: Contact = netim_contact(json!({"firstName": "Ana", "nickname": "A"}));
    only(
        &contact.validate_at("contact"),
        "contact.nickname",
        "unknown_member",
    );
}

/// A known optional member sent as nil is kept in `extra_fields` as nil: it is not unknown.
#[test]
fn members_sent_as_nil_are_not_unknown_members() {
    let mut op: OperationListReturn = decode(
        json!({"id": 1, "type": "domain_create", "step": "DONE", "date_created": "2026-02-20T08:42:46", "date_updated": "2026-02-20T08:42:46", "date_start": "", "eta": null, "source": null, "infos": {"label": null}, "colour": null}),
    );
    assert_eq!(op.extra_fields.get("eta"), Some(&regops_model::Value::Nil));
    let report = op.validate();
    only(&report, "colour", "unknown_member");
    // A value other than nil under a member's name is not one the decoder keeps: reported.
    op.extra_fields
        .insert("eta".into(), regops_model::Value::Int(3));
    assert!(
        op.validate().contains("eta", ViolationCode::UnknownMember),
        "{}",
        op.validate()
    );
    let contact: Contact = netim_contact(json!({"fax": null, "nickname": null}));
    only(
        &contact.validate_at("contact"),
        "contact.nickname",
        "unknown_member",
    );
}

// --- state machines ---------------------------------------------------------------------------

#[test]
fn every_machine_checks_transitions_and_names_the_next_states() {
    assert!(check_transition(&Step::Bill, &Step::Wait).is_clean());
    let report = check_transition(&Step::Bill, &Step::Done);
    let err = only(&report, "", "invalid_transition");
    assert_eq!(
        err.message,
        "gandi.Step cannot move from BILL to DONE; expected one of WAIT, CANCEL"
    );
    let report = check_transition(&Step::Done, &Step::Run);
    assert!(
        report.violations()[0].message.contains("DONE is terminal"),
        "{report}"
    );

    let next = OperationStatus::Pending.next_states();
    assert!(!next.is_empty());
    assert!(check_transition(&OperationStatus::Pending, &next[0]).is_clean());
    assert!(check_transition(&OperationStatus::Done, &OperationStatus::Pending).has_errors());

    let from = DomainState::VALUES
        .iter()
        .map(|v| DomainState::from(*v))
        .find(|s| !s.next_states().is_empty())
        .unwrap();
    assert!(check_transition(&from, &from.next_states()[0]).is_clean());
    let not_next = DomainState::VALUES
        .iter()
        .map(|v| DomainState::from(*v))
        .find(|s| !from.can_transition_to(s))
        .unwrap();
    let report = check_transition(&from, &not_next);
    assert!(
        report.violations()[0].message.contains("netim.DomainState"),
        "{report}"
    );

    let from = WorkRequestState::Processing;
    assert!(check_transition(&from, &WorkRequestState::Finished).is_clean());
    let report = check_transition(&WorkRequestState::Finished, &WorkRequestState::Processing);
    assert!(
        report.violations()[0]
            .message
            .contains("openwork.WorkRequestState"),
        "{report}"
    );

    let phase = Phase::VALUES
        .iter()
        .map(|v| Phase::try_parse(v).unwrap())
        .find(|p| !p.next_states().is_empty())
        .unwrap();
    assert!(check_transition(&phase, &phase.next_states()[0]).is_clean());
}

// --- operation preconditions --------------------------------------------------------------

fn op(kind: &str, step: &str) -> OperationListReturn {
    decode(
        json!({"id": 42, "type": kind, "step": step, "date_created": "2026-02-20T08:42:46", "date_updated": "2026-02-20T08:42:46", "date_start": ""}),
    )
}

#[test]
fn operation_cancel_only_before_processing() {
    for step in ["BILL", "WAIT"] {
        let op = op("domain_renew", step);
        assert!(gandi::operation_cancel(&op.step).is_clean(), "{step}");
    }
    for step in ["RUN", "DONE", "ERROR", "CANCEL", "SUPPORT", "LIMBO"] {
        let op = op("domain_renew", step);
        let report = gandi::operation_cancel(&op.step);
        let err = only(&report, "step", "precondition_failed");
        assert_eq!(err.rule, Some("operation.cancel"));
        assert!(err.message.contains("expected step BILL or WAIT"), "{err}");
        // A server answers with Gandi's fault: data error on the operation, invalid step.
        let (code, string) = gandi::fault(&report).unwrap();
        assert_eq!(code.code(), 510290, "{code}");
        assert!(
            string.contains("OBJECT_OPERATION (CAUSE_INVALID_STEP)"),
            "{string}"
        );
    }
    let report = gandi::operation_cancel(&Step::Done);
    assert!(report.violations()[0].message.contains("DONE is terminal"));
    let report = gandi::operation_cancel(&Step::from("LIMBO"));
    assert!(report.violations()[0].message.contains("does not know"));
}

#[test]
fn operation_relaunch_only_failed_operations_of_five_types() {
    for kind in [
        "domain_create",
        "domain_transfer_in",
        "domain_ns_set",
        "domain_transfer_reseller",
        "domain_change_owner",
    ] {
        let failed = op(kind, "ERROR");
        assert!(
            gandi::operation_relaunch(&failed.r#type, &failed.step).is_clean(),
            "{kind}"
        );
        let done = op(kind, "DONE");
        let report = gandi::operation_relaunch(&done.r#type, &done.step);
        let err = only(&report, "step", "precondition_failed");
        assert!(err.message.contains("DONE is terminal"), "{err}");
        assert!(err.message.contains("expected step ERROR"), "{err}");
        let running = op(kind, "RUN");
        assert!(gandi::operation_relaunch(&running.r#type, &running.step).has_errors());
    }
    let renew = op("domain_renew", "ERROR");
    let report = gandi::operation_relaunch(&renew.r#type, &renew.step);
    let err = only(&report, "type", "precondition_failed");
    assert!(err.message.contains("domain_change_owner"), "{err}");
    assert_eq!(gandi::fault(&report).unwrap().0.code(), 525191);
    // Both inputs wrong: both reported.
    let both = op("vm_create", "RUN");
    let report = gandi::operation_relaunch(&both.r#type, &both.step);
    assert_eq!(report.errors().count(), 2, "{report}");
}

/// The preconditions read the machine: every step allowed by a precondition has a transition
/// performed by that method, and every other step is refused.
#[test]
fn preconditions_agree_with_the_machine() {
    for wire in Step::VALUES {
        let step = Step::from(*wire);
        let by = |method: &str| {
            Step::TRANSITIONS
                .iter()
                .any(|t| t.from == step && t.method == Some(method))
        };
        assert_eq!(
            gandi::operation_cancel(&step).is_clean(),
            by("operation.cancel"),
            "{wire}"
        );
        assert_eq!(
            gandi::operation_relaunch(&regops_model::gandi::OperationType::DomainCreate, &step)
                .is_clean(),
            by("operation.relaunch"),
            "{wire}"
        );
    }
    for wire in OperationStatus::VALUES {
        let status = OperationStatus::from(*wire);
        let by = OperationStatus::TRANSITIONS
            .iter()
            .any(|t| t.from == status && t.method == Some("cancelOpe"));
        assert_eq!(netim::cancel_ope(&status).is_clean(), by, "{wire}");
    }
}

#[test]
fn cancel_ope_while_pending() {
    assert!(netim::cancel_ope(&OperationStatus::Pending).is_clean());
    for status in [
        OperationStatus::Done,
        OperationStatus::Failed,
        OperationStatus::Cancelled,
    ] {
        let report = netim::cancel_ope(&status);
        let err = only(&report, "STATUS", "precondition_failed");
        assert_eq!(err.rule, Some("cancelOpe"));
        let message = netim::error_body(&report).unwrap();
        assert!(
            message.starts_with("STATUS: cancelOpe is not possible"),
            "{message}"
        );
        assert!(!message.contains("Gandi"), "{message}");
    }
}

#[test]
fn poll_policy_rejects_under_five_minutes() {
    assert_eq!(PollPolicy::default().interval(), Duration::from_secs(600));
    assert!(PollPolicy::new(Duration::from_secs(300)).is_ok());
    let err = PollPolicy::new(Duration::from_secs(299)).unwrap_err();
    assert_eq!(err.code, ViolationCode::PollTooFrequent);
}
