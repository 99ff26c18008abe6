//! The model and validators follow the vendors' texts: Netim's answers decode whatever their
//! dates and tracking numbers look like, mandatory members and minimum counts are checked where
//! a text states them, every violation says where, and what is only inferred is a warning.

use regops_model::gandi::RelaunchOperationParameters;
use regops_model::netim::{
    Contact, DomainChangeDnsParams, DomainCreateParams, DomainInfo, DomainSetPreferenceParams,
    Host, OperationResponse, PendingOperation,
};
use regops_model::{DateTime, IntOrDigits};
use regops_validate::{Report, Severity, Validate, ViolationCode};
use serde_json::{Value, json};

fn decode<T: serde::de::DeserializeOwned>(value: Value) -> T {
    serde_json::from_value(value).expect("payload decodes")
}

/// Parameters of a method, decoded from their positional list.
fn params<T: serde::de::DeserializeOwned>(list: Value) -> T {
    decode(list)
}

fn paths(report: &Report, code: ViolationCode) -> Vec<(String, Severity)> {
    report
        .violations()
        .iter()
        .filter(|v| v.code == code)
        .map(|v| (v.path.clone(), v.severity))
        .collect()
}

// --- 1. tracking numbers ---------------------------------------------------------------

#[test]
fn pending_operation_ids_are_numbers_or_strings_of_digits() {
    let answer: Vec<PendingOperation> = decode(json!([
        {"id_ope": 4, "code_ope": "domainCreate", "date_ope": "2026-01-01 10:00:00", "data_ope": "a.fr"},
        {"id_ope": "5", "code_ope": "domainRenew", "date_ope": "2026-01-01", "data_ope": "b.fr"},
    ]));
    let ids: Vec<i64> = answer
        .iter()
        .map(|op| op.id_ope.as_ref().unwrap().value())
        .collect();
    assert_eq!(ids, [4, 5]);
    // The form is kept: written back as it came.
    let back = serde_json::to_value(&answer).unwrap();
    assert_eq!(
        (&back[0]["id_ope"], &back[1]["id_ope"]),
        (&json!(4), &json!("5"))
    );
    assert_eq!(answer[1].id_ope, Some(IntOrDigits::as_digits(5)));
}

// --- 2. answer dates keep their text -----------------------------------------------------

#[test]
fn netim_answer_dates_that_are_not_date_times_still_decode() {
    for date in [
        "",
        "2026-01-01",
        "0000-00-00 00:00:00",
        "2026-01-01 10:11:12",
    ] {
        let op: OperationResponse = decode(json!({
            "ID_OPE": 4, "STATUS": "Done", "TYPE": "domainCreate", "DATE": date,
        }));
        assert_eq!(op.date.as_ref().unwrap().as_str(), date);
        let pending: PendingOperation = decode(json!({"id_ope": "4", "date_ope": date}));
        assert_eq!(pending.date_ope.as_ref().unwrap().as_str(), date);
        // Written back unchanged.
        assert_eq!(serde_json::to_value(&op).unwrap()["DATE"], json!(date));
    }
}

#[test]
fn netim_answer_dates_give_the_instant_and_validators_report_other_text() {
    let op: OperationResponse =
        decode(json!({"ID_OPE": 4, "STATUS": "Done", "DATE": "2026-01-01 10:11:12"}));
    assert_eq!(
        op.date.as_ref().unwrap().datetime(),
        DateTime::new(2026, 1, 1, 10, 11, 12)
    );
    assert!(op.validate().is_clean());
    // A day alone is midnight.
    let day: PendingOperation = decode(json!({"id_ope": 4, "date_ope": "2026-01-01"}));
    assert_eq!(
        day.date_ope.as_ref().unwrap().datetime(),
        DateTime::new(2026, 1, 1, 0, 0, 0)
    );
    assert!(day.validate().is_clean());
    for date in ["", "0000-00-00 00:00:00", "soon"] {
        let op: OperationResponse = decode(json!({"ID_OPE": 4, "STATUS": "Done", "DATE": date}));
        assert_eq!(op.date.as_ref().unwrap().datetime(), None);
        let report = op.validate();
        assert_eq!(
            paths(&report, ViolationCode::InvalidDate),
            [("DATE".to_string(), Severity::Error)],
            "{report}"
        );
        let pending: PendingOperation = decode(json!({"id_ope": 4, "date_ope": date}));
        assert_eq!(
            paths(&pending.validate(), ViolationCode::InvalidDate),
            [("date_ope".to_string(), Severity::Error)]
        );
    }
}

#[test]
fn domain_info_dates_keep_their_text_and_validators_report_non_dates() {
    let info: DomainInfo = decode(json!({
        "domain": "a.fr", "dateCreate": "2026-01-01", "dateExpiration": "",
        "dateMaxRenew": "0000-00-00", "dateMaxRestore": "2027-02-30",
    }));
    assert_eq!(info.date_max_renew.as_deref(), Some("0000-00-00"));
    assert_eq!(
        regops_model::Date::parse(info.date_create.as_deref().unwrap()).ok(),
        regops_model::Date::new(2026, 1, 1)
    );
    let report = info.validate();
    assert_eq!(
        paths(&report, ViolationCode::InvalidFormat),
        [
            ("dateExpiration".to_string(), Severity::Error),
            ("dateMaxRenew".to_string(), Severity::Error),
            ("dateMaxRestore".to_string(), Severity::Error),
        ],
        "{report}"
    );
}

// --- 3. a contact's general information is mandatory -------------------------------------

fn full_contact() -> Value {
    json!({
        "firstName": "Ada", "lastName": "Lovelace", "bodyForm": "IND", "address1": "1 rue X",
        "zipCode": "75001", "city": "Paris", "country": "FR", "phone": "+33 123456789",
        "email": "ada@example.fr", "language": "EN", "isOwner": 1,
    })
}

#[test]
fn an_empty_contact_misses_its_general_information() {
    let report = decode::<Contact>(json!({})).validate_at("contact");
    let missing: Vec<String> = paths(&report, ViolationCode::Required)
        .into_iter()
        .map(|(path, severity)| {
            assert_eq!(severity, Severity::Error);
            path
        })
        .collect();
    assert_eq!(
        missing,
        [
            "contact.firstName",
            "contact.lastName",
            "contact.bodyForm",
            "contact.address1",
            "contact.zipCode",
            "contact.city",
            "contact.country",
            "contact.phone",
            "contact.email",
            "contact.language",
            "contact.isOwner",
        ],
        "{report}"
    );
    assert!(
        report
            .violations()
            .iter()
            .all(|v| v.rule == Some("general_information"))
    );
}

#[test]
fn a_contact_with_its_general_information_is_clean() {
    let report = decode::<Contact>(full_contact()).validate();
    assert!(report.is_clean(), "{report}");
    // An empty text is no value.
    let mut blank = full_contact();
    blank["city"] = json!("");
    let report = decode::<Contact>(blank).validate();
    assert_eq!(
        paths(&report, ViolationCode::Required),
        [("city".into(), Severity::Error)]
    );
    // The model stays open: the empty contact decodes.
    assert_eq!(decode::<Contact>(json!({})), Contact::default());
}

// --- 4. name servers ---------------------------------------------------------------------

#[test]
fn change_dns_needs_ns1_and_ns2() {
    for ns in [json!({}), json!({"1": {"name": "ns1.example.net"}})] {
        let p: DomainChangeDnsParams = params(json!(["a.fr", ns]));
        let report = p.validate();
        let v = &report.violations()[0];
        assert_eq!(report.violations().len(), 1, "{report}");
        assert_eq!(
            (v.path.as_str(), v.code, v.severity, v.rule),
            (
                "nameservers",
                ViolationCode::TooFewItemsTotal,
                Severity::Error,
                Some("nameserver_count")
            )
        );
        assert!(v.message.contains("at least 2"), "{}", v.message);
    }
    let two: DomainChangeDnsParams = params(json!(["a.fr", {
        "1": {"name": "ns1.example.net"}, "2": {"name": "ns2.example.net"},
    }]));
    assert!(two.validate().is_clean());
}

#[test]
fn create_without_name_servers_is_a_warning() {
    let p: DomainCreateParams = params(json!(["a.fr", "AB1", "AB2", "AB2", "AB2", {}, 1]));
    let report = p.validate();
    assert!(!report.has_errors(), "{report}");
    assert_eq!(
        paths(&report, ViolationCode::TooFewItemsTotal),
        [("nameservers".into(), Severity::Warning)]
    );
}

// --- 5. flags of domainSetPreference -----------------------------------------------------

#[test]
fn flag_preferences_take_1_or_0() {
    for code in ["whois_privacy", "registrar_lock", "auto_renew"] {
        for value in ["2", "yes", "true", "10"] {
            let p: DomainSetPreferenceParams = params(json!(["a.fr", code, value]));
            let report = p.validate();
            assert_eq!(
                paths(&report, ViolationCode::PatternMismatch),
                [("value".into(), Severity::Error)],
                "{code}={value}: {report}"
            );
        }
        for value in ["1", "0"] {
            let p: DomainSetPreferenceParams = params(json!(["a.fr", code, value]));
            assert!(p.validate().is_clean(), "{code}={value}");
        }
    }
    // `tag` and `note` take text.
    for code in ["tag", "note"] {
        let p: DomainSetPreferenceParams = params(json!(["a.fr", code, "anything at all"]));
        assert!(p.validate().is_clean(), "{code}");
    }
}

// --- 6. every violation says where -------------------------------------------------------

#[test]
fn thirteen_addresses_rule_names_the_member_that_goes_over() {
    let ipv4 = |n: usize| (1..=n).map(|i| format!("192.0.2.{i}")).collect::<Vec<_>>();
    let ipv6 = |n: usize| {
        (1..=n)
            .map(|i| format!("2001:db8::{i}"))
            .collect::<Vec<_>>()
    };
    for (v4, v6, at) in [
        (14, 0, "ipv4"),
        (7, 7, "ipv6"),
        (13, 1, "ipv6"),
        (0, 14, "ipv6"),
    ] {
        let host: Host =
            decode(json!({"host": "ns1.example.net", "ipv4": ipv4(v4), "ipv6": ipv6(v6)}));
        let report = host.validate();
        let total: Vec<_> = report
            .violations()
            .iter()
            .filter(|v| v.code == ViolationCode::TooManyItemsTotal)
            .collect();
        assert_eq!(total.len(), 1, "{report}");
        let v = total[0];
        assert_eq!(v.path, at);
        assert_eq!(
            v.message,
            format!(
                "expected at most 13 items in ipv4 and ipv6 together, found {}",
                v4 + v6
            )
        );
        // Netim's message for it (the sandbox's 400) names the member too.
        assert_eq!(
            regops_validate::netim::message(v),
            format!("{at}: {}", v.message)
        );
    }
}

#[test]
fn no_rule_violation_of_a_struct_is_reported_without_a_path() {
    let host: Host = decode(json!({"host": "ns1.example.net", "ipv4": vec!["192.0.2.1"; 20]}));
    let contact: Contact = decode(json!({"bodyForm": "ORG", "country": "IT"}));
    let relaunch: RelaunchOperationParameters =
        decode(json!({"x-ca_legaltype": "LGR", "x-it_pin": "x", "x-ru_registrant_tin": "1"}));
    for report in [host.validate(), contact.validate(), relaunch.validate()] {
        assert!(!report.is_clean());
        for v in report.violations() {
            assert!(!v.path.is_empty(), "{v:?}");
        }
    }
}

// --- 7. stated formats are errors, inferred ones warnings --------------------------------

fn relaunch_report(value: Value, domain: &str) -> Report {
    decode::<RelaunchOperationParameters>(value).validate_for_domain("params", domain)
}

#[test]
fn russian_tins_have_10_digits_for_legal_entities_and_12_for_individuals() {
    for tin in ["1234567890", "123456789012"] {
        let report = relaunch_report(json!({"x-ru_registrant_tin": tin}), "example.ru");
        assert!(report.is_clean(), "{tin}: {report}");
    }
    for tin in ["12345", "12345678901", "1234567890123", "12345678901a"] {
        let report = relaunch_report(json!({"x-ru_registrant_tin": tin}), "example.ru");
        assert_eq!(
            paths(&report, ViolationCode::PatternMismatch),
            [("params.x-ru_registrant_tin".into(), Severity::Error)],
            "{tin}"
        );
    }
}

#[test]
fn inferred_formats_are_warnings() {
    let cases = [
        ("x-it_pin", "12345", "example.it"),
        ("x-ee_birthdate", "31-12-1990", "example.ee"),
        ("x-fi_birthdate", "1990/12/31", "example.fi"),
        ("x-hk_registrant_birth_date", "31.12.1990", "example.hk"),
        ("x-vn_registrant_birth_date", "1990-1-2", "example.vn"),
        ("x-fi_business_number", "12345678", "example.fi"),
        ("x-fi_ident_number", "131052-30", "example.fi"),
        ("x-hr_ident_number", "1234", "example.hr"),
        ("x-pt_admin_vatid", "PT123", "example.pt"),
        ("x-swiss_enterpriseid", "123456789", "example.swiss"),
    ];
    for (member, value, domain) in cases {
        let report = relaunch_report(json!({member: value}), domain);
        assert!(!report.has_errors(), "{member}={value}: {report}");
        assert_eq!(
            paths(&report, ViolationCode::PatternMismatch),
            [(format!("params.{member}"), Severity::Warning)],
            "{member}={value}"
        );
        assert!(report.violations()[0].message.contains("inferred"));
    }
    let clean = [
        ("x-it_pin", "RSSMRA85T10A562S", "example.it"),
        ("x-it_pin", "12345678901", "example.it"),
        ("x-ee_birthdate", "1990-12-31", "example.ee"),
        ("x-fi_business_number", "1234567-8", "example.fi"),
        ("x-fi_ident_number", "131052-308T", "example.fi"),
        ("x-fi_ident_number", "131052A308T", "example.fi"),
        ("x-hr_ident_number", "12345678901", "example.hr"),
        ("x-pt_admin_vatid", "123456789", "example.pt"),
        ("x-swiss_enterpriseid", "CHE-123.456.789", "example.swiss"),
    ];
    for (member, value, domain) in clean {
        let report = relaunch_report(json!({member: value}), domain);
        assert!(report.is_clean(), "{member}={value}: {report}");
    }
}

#[test]
fn australian_ids_have_their_inferred_lengths_as_warnings() {
    let bad = [("ABN", "123456789"), ("ACN", "12345678901")];
    for (kind, number) in bad {
        let report = relaunch_report(
            json!({"x-au_registrant_id_type": kind, "x-au_registrant_id_number": number}),
            "example.com.au",
        );
        assert!(!report.has_errors(), "{report}");
        assert_eq!(
            paths(&report, ViolationCode::PatternMismatch),
            [("params.x-au_registrant_id_number".into(), Severity::Warning)],
            "{kind} {number}"
        );
    }
    let good = [
        ("ABN", "51824753556"),
        ("ACN", "004085616"),
        ("Business Registration Number", "anything"),
    ];
    for (kind, number) in good {
        let report = relaunch_report(
            json!({"x-au_registrant_id_type": kind, "x-au_registrant_id_number": number}),
            "example.com.au",
        );
        assert!(report.is_clean(), "{kind} {number}: {report}");
    }
}

#[test]
fn stated_formats_stay_errors() {
    let cases = [
        ("x-ru_registrant_kpp", "12345"),
        ("x-uk_co_no", "1234"),
        ("x-no_registrant_identity", "12345"),
    ];
    for (member, value) in cases {
        let report = decode::<RelaunchOperationParameters>(json!({member: value})).validate();
        assert_eq!(
            paths(&report, ViolationCode::PatternMismatch),
            [(member.to_string(), Severity::Error)],
            "{member}"
        );
    }
}
