//! Validation cost, measured next to serde_json decoding of the same payloads for scale.
//!
//! `cargo bench -p regops-validate --bench validate`
//!
//! Every payload is in the repository or built here: the fully populated relaunch of
//! `tests/fixtures/payloads/`, a relaunch for one `.ca` domain, one for an IDN domain, and a
//! page of 100 operations shaped like Gandi's `operation.list` results.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use regops_model::gandi::{OperationListReturn, RelaunchOperationParameters};
use regops_validate::Validate;
use serde_json::json;

const RELAUNCH: &str = include_str!("../../../tests/fixtures/payloads/gandi-relaunch-full.json");

/// 100 operations of the kinds and steps Gandi lists, with products and parameters.
fn operation_list() -> String {
    const KINDS: &[&str] = &[
        "domain_create",
        "domain_renew",
        "domain_transfer_in",
        "vm_create",
    ];
    const STEPS: &[&str] = &["BILL", "WAIT", "RUN", "DONE", "ERROR", "CANCEL", "SUPPORT"];
    let page: Vec<_> = (0..100)
        .map(|i| {
            let domain = format!("example-{i}.org");
            json!({
                "id": 123_456_000 + i,
                "type": KINDS[i % KINDS.len()],
                "step": STEPS[i % STEPS.len()],
                "date_created": "2026-02-20T08:42:46",
                "date_start": if i % 3 == 0 { "" } else { "2026-02-20T08:48:28" },
                "date_updated": "2026-02-20T09:05:40",
                "eta": i,
                "errortype": if i % 7 == 4 { json!({"id": "missing_parameter", "type": "client_recoverable"}) } else { json!({}) },
                "infos": [{"label": domain, "product_action": "create", "product_name": "org", "product_type": "domain", "quantity": 1}],
                "last_error": "",
                "params": {"domain": domain, "duration": 1, "owner": "AB1234-GANDI"},
                "session_id": 43_766_637,
                "source": "AB1234-GANDI",
            })
        })
        .collect();
    serde_json::to_string(&page).unwrap()
}

fn bench(c: &mut Criterion) {
    let params: RelaunchOperationParameters = serde_json::from_str(RELAUNCH).unwrap();
    assert!(params.validate_at("params").is_clean());
    let mut group = c.benchmark_group("relaunch_full");
    group.bench_function("validate", |b| {
        b.iter(|| black_box(&params).validate_at(black_box("params")))
    });
    // ≈130 members of other TLDs: each warning is rendered, so this measures recording.
    group.bench_function("validate_for_domain_ca", |b| {
        b.iter(|| black_box(&params).validate_for_domain("params", black_box("example.ca")))
    });
    group.bench_function("serde_json_decode", |b| {
        b.iter(|| serde_json::from_str::<RelaunchOperationParameters>(black_box(RELAUNCH)).unwrap())
    });
    group.finish();

    let ca: RelaunchOperationParameters = serde_json::from_value(json!({
        "authinfo": "s3cr3t", "x-ca_legaltype": "LGR", "x-ca_official_rep": "Jane Roe",
        "x-ca_official_rep_capacity": "Guardian", "x-ca_business_entity_type": "corporation",
    }))
    .unwrap();
    let idn: RelaunchOperationParameters = serde_json::from_value(json!({
        "x-xn--55qx5d_registrant_document_number": "110101199001011234",
        "x-xn--55qx5d_registrant_document_type": "SFZ",
    }))
    .unwrap();
    assert!(ca.validate_for_domain("params", "example.ca").is_clean());
    assert!(idn.validate_for_domain("params", "例子.公司").is_clean());
    let mut group = c.benchmark_group("relaunch_for_its_domain");
    group.bench_function("ascii_example_ca", |b| {
        b.iter(|| black_box(&ca).validate_for_domain("params", black_box("example.ca")))
    });
    group.bench_function("idn_example_company_cn", |b| {
        b.iter(|| black_box(&idn).validate_for_domain("params", black_box("例子.公司")))
    });
    group.finish();

    let text = operation_list();
    let page: Vec<OperationListReturn> = serde_json::from_str(&text).unwrap();
    assert_eq!(page.len(), 100);
    let report = page.validate();
    assert!(report.is_clean(), "{report}");
    let mut group = c.benchmark_group("operation_list_100");
    group.bench_function("validate", |b| b.iter(|| black_box(&page).validate()));
    group.bench_function("serde_json_decode", |b| {
        b.iter(|| serde_json::from_str::<Vec<OperationListReturn>>(black_box(&text)).unwrap())
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
