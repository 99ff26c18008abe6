//! Validation cost, measured next to serde_json decoding of the same payloads for scale.
//!
//! `cargo bench -p regops-validate --bench validate`
//!
//! Every payload is in the repository or built here: the fully populated relaunch of
//! `tests/fixtures/payloads/`, a relaunch for one `.ca` domain, one for an IDN domain, and a
//! page of 100 operations of Gandi's `operation.list` generated from the schema (`regops-testdata`).

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use regops_model::gandi::{OperationListReturn, RelaunchOperationParameters};
use regops_validate::Validate;
use serde_json::json;

const RELAUNCH: &str = include_str!("../../../tests/fixtures/payloads/gandi-relaunch-full.json");

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

    let text = regops_testdata::OperationList::generate(100).json();
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
