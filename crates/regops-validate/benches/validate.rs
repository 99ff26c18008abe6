//! Validation cost, measured next to serde_json decoding of the same payloads for scale.
//!
//! `cargo bench -p regops-validate --bench validate`

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use regops_model::gandi::{OperationListReturn, RelaunchOperationParameters};
use regops_validate::Validate;

const RELAUNCH: &str = include_str!("../../../tests/fixtures/payloads/gandi-relaunch-full.json");

fn operation_list() -> String {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/bench-data/operation_list_100.json"
    );
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn bench(c: &mut Criterion) {
    let params: RelaunchOperationParameters = serde_json::from_str(RELAUNCH).unwrap();
    assert!(params.validate_at("params").is_clean());
    let mut group = c.benchmark_group("relaunch_full");
    group.bench_function("validate", |b| {
        b.iter(|| black_box(&params).validate_at("params"))
    });
    group.bench_function("validate_for_domain_ca", |b| {
        b.iter(|| black_box(&params).validate_for_domain(Some("params"), black_box("example.ca")))
    });
    group.bench_function("serde_json_decode", |b| {
        b.iter(|| serde_json::from_str::<RelaunchOperationParameters>(black_box(RELAUNCH)).unwrap())
    });
    group.finish();

    let text = operation_list();
    let page: Vec<OperationListReturn> = serde_json::from_str(&text).unwrap();
    assert_eq!(page.len(), 100);
    let report = page.validate();
    assert!(report.is_valid(), "{report}");
    let mut group = c.benchmark_group("operation_list_100");
    group.bench_function("validate", |b| b.iter(|| black_box(&page).validate()));
    group.bench_function("serde_json_decode", |b| {
        b.iter(|| serde_json::from_str::<Vec<OperationListReturn>>(black_box(&text)).unwrap())
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
