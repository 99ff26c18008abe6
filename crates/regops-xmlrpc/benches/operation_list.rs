//! Decode and encode of Gandi `operation.list` responses (N = 10, 100, 1000), against
//! quick-xml's raw tokenization (the floor: 0.41, which the codec runs on; 0.42, the
//! workspace's and dxr's version, for reference), the `dxr` crate, and serde_json on the
//! equivalent JSON.
//!
//! Run: `cargo bench -p regops-xmlrpc --bench operation_list -- --warm-up-time 1 --measurement-time 3`

use std::hint::black_box;
use std::path::PathBuf;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};

use regops_model::Value;
use regops_model::gandi::OperationListReturn;

/// Structs equivalent to `regops_model::gandi::OperationListReturn` for dxr (its derive has
/// no renaming, `r#type` gives the member `type`; it cannot leave members out, so every
/// member is required; `step` and `type` stay strings where the model has open enums).
mod dxr_types {
    use std::collections::BTreeMap;

    use dxr::{TryFromValue, TryToValue};

    #[derive(Debug, TryFromValue, TryToValue)]
    pub struct OperationListReturn {
        pub date_created: dxr::DateTime,
        pub date_start: dxr::DateTime,
        pub date_updated: dxr::DateTime,
        pub errortype: BTreeMap<String, String>,
        pub eta: i32,
        pub id: i32,
        pub infos: Vec<OperationInfo>,
        pub last_error: String,
        pub params: BTreeMap<String, dxr::Value>,
        pub session_id: i32,
        pub source: String,
        pub step: String,
        pub r#type: String,
    }

    #[derive(Debug, TryFromValue, TryToValue)]
    pub struct OperationInfo {
        pub label: String,
        pub product_action: String,
        pub product_name: String,
        pub product_type: String,
        pub quantity: i32,
    }
}

fn data_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/bench-data")
}

/// The floor: quick-xml 0.41 (the version the codec runs on) reading every event.
fn quick_xml_tokenize(input: &str) -> usize {
    let mut reader = quick_xml::Reader::from_str(input);
    let mut n = 0;
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Eof) => break,
            Ok(_) => n += 1,
            Err(e) => panic!("{e}"),
        }
    }
    n
}

/// quick-xml 0.42 (the workspace's version, and dxr's) reading every event, for reference.
fn quick_xml_042_tokenize(input: &str) -> usize {
    let mut reader = quick_xml_042::Reader::from_str(input);
    let mut n = 0;
    loop {
        match reader.read_event() {
            Ok(quick_xml_042::events::Event::Eof) => break,
            Ok(_) => n += 1,
            Err(e) => panic!("{e}"),
        }
    }
    n
}

fn dxr_decode(input: &str) -> Vec<dxr_types::OperationListReturn> {
    use dxr::TryFromValue;
    let response = dxr::MethodResponse::from_xml(input).expect("dxr decodes");
    Vec::<dxr_types::OperationListReturn>::try_from_value(&response.value).expect("dxr types")
}

fn dxr_encode(ops: &[dxr_types::OperationListReturn]) -> String {
    use dxr::TryToValue;
    let value = ops.try_to_value().expect("dxr value");
    dxr::MethodResponse { value }.to_xml().expect("dxr encodes")
}

fn bench(c: &mut Criterion) {
    let dir = data_dir();
    for n in [10usize, 100, 1000] {
        let xml = std::fs::read_to_string(dir.join(format!("operation_list_{n}.xml")))
            .expect("bench data (shared/bench-data beside the repository)");
        let json = std::fs::read_to_string(dir.join(format!("operation_list_{n}.json")))
            .expect("bench data");

        // Sanity: every decoder agrees on the count.
        let typed: Vec<OperationListReturn> =
            regops_xmlrpc::read_response(xml.as_bytes()).expect("regops decodes");
        assert_eq!(typed.len(), n);
        let dxr_typed = dxr_decode(&xml);
        assert_eq!(dxr_typed.len(), n);
        let from_json: Vec<OperationListReturn> = serde_json::from_str(&json).expect("json");
        assert_eq!(from_json, typed);

        let mut g = c.benchmark_group(format!("operation_list_{n}"));
        g.throughput(Throughput::Bytes(xml.len() as u64));
        g.bench_function("decode/quick_xml_0.41_tokenize", |b| {
            b.iter(|| quick_xml_tokenize(black_box(&xml)))
        });
        g.bench_function("decode/quick_xml_0.42_tokenize", |b| {
            b.iter(|| quick_xml_042_tokenize(black_box(&xml)))
        });
        g.bench_function("decode/regops_xmlrpc_typed", |b| {
            b.iter(|| {
                regops_xmlrpc::read_response::<Vec<OperationListReturn>>(black_box(xml.as_bytes()))
                    .expect("decodes")
            })
        });
        g.bench_function("decode/regops_xmlrpc_value", |b| {
            b.iter(|| {
                regops_xmlrpc::read_response::<Value>(black_box(xml.as_bytes())).expect("decodes")
            })
        });
        g.bench_function("decode/dxr_typed", |b| {
            b.iter(|| dxr_decode(black_box(&xml)))
        });
        g.bench_function("encode/regops_xmlrpc_typed", |b| {
            b.iter(|| regops_xmlrpc::write_response(black_box(&typed)).expect("encodes"))
        });
        g.bench_function("encode/dxr_typed", |b| {
            b.iter(|| dxr_encode(black_box(&dxr_typed)))
        });
        g.finish();

        // serde_json on the equivalent JSON, with its own byte count.
        let mut g = c.benchmark_group(format!("operation_list_{n}_json"));
        g.throughput(Throughput::Bytes(json.len() as u64));
        g.bench_function("decode/serde_json_typed", |b| {
            b.iter(|| {
                serde_json::from_str::<Vec<OperationListReturn>>(black_box(&json)).expect("json")
            })
        });
        g.bench_function("decode/serde_json_value", |b| {
            b.iter(|| serde_json::from_str::<serde_json::Value>(black_box(&json)).expect("json"))
        });
        g.bench_function("encode/serde_json_typed", |b| {
            b.iter(|| serde_json::to_vec(black_box(&from_json)).expect("json"))
        });
        g.finish();
    }

    // The same 100 operations without whitespace between elements.
    let compact =
        std::fs::read_to_string(dir.join("operation_list_100.compact.xml")).expect("bench data");
    let mut g = c.benchmark_group("operation_list_100_compact");
    g.throughput(Throughput::Bytes(compact.len() as u64));
    g.bench_function("decode/quick_xml_0.41_tokenize", |b| {
        b.iter(|| quick_xml_tokenize(black_box(&compact)))
    });
    g.bench_function("decode/quick_xml_0.42_tokenize", |b| {
        b.iter(|| quick_xml_042_tokenize(black_box(&compact)))
    });
    g.bench_function("decode/regops_xmlrpc_typed", |b| {
        b.iter(|| {
            regops_xmlrpc::read_response::<Vec<OperationListReturn>>(black_box(compact.as_bytes()))
                .expect("decodes")
        })
    });
    g.bench_function("decode/dxr_typed", |b| {
        b.iter(|| dxr_decode(black_box(&compact)))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
