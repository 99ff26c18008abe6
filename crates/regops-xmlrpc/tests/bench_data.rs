//! The benchmark payloads (`shared/bench-data`, beside the repository) decode completely:
//! into a generic value that matches the equivalent JSON exactly, and into the model's
//! `OperationListReturn`; both layouts (Python's and compact) give the same result.

use regops_model::Value;
use regops_model::gandi::OperationListReturn;

fn read(name: &str) -> Vec<u8> {
    let path = format!(
        "{}/../../../shared/bench-data/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn count(v: &serde_json::Value, counts: &mut [usize; 4]) {
    match v {
        serde_json::Value::Array(a) => {
            counts[0] += 1;
            a.iter().for_each(|v| count(v, counts));
        }
        serde_json::Value::Object(m) => {
            counts[1] += 1;
            counts[2] += m.len();
            m.values().for_each(|v| count(v, counts));
        }
        _ => counts[3] += 1,
    }
}

#[test]
fn bench_payloads_decode_to_exactly_the_json() {
    for n in [10, 100, 1000] {
        let xml = read(&format!("operation_list_{n}.xml"));
        let json: serde_json::Value =
            serde_json::from_slice(&read(&format!("operation_list_{n}.json"))).unwrap();
        let value: Value = regops_xmlrpc::read_response(&xml).unwrap();
        let as_json = serde_json::to_value(&value).unwrap();
        let (mut ours, mut theirs) = ([0; 4], [0; 4]);
        count(&as_json, &mut ours);
        count(&json, &mut theirs);
        assert_eq!(
            ours, theirs,
            "arrays, structs, members, scalars for N = {n}"
        );
        assert_eq!(as_json, json, "N = {n}");
        let Value::Array(ops) = &value else { panic!() };
        assert_eq!(ops.len(), n);

        let typed: Vec<OperationListReturn> = regops_xmlrpc::read_response(&xml).unwrap();
        let from_json: Vec<OperationListReturn> = serde_json::from_value(json).unwrap();
        assert_eq!(typed, from_json, "N = {n}");
        // Encode → decode is lossless.
        let again = regops_xmlrpc::write_response(&typed).unwrap();
        let back: Vec<OperationListReturn> = regops_xmlrpc::read_response(&again).unwrap();
        assert_eq!(back, typed);
    }
}

#[test]
fn compact_layout_decodes_the_same() {
    let pretty: Value = regops_xmlrpc::read_response(&read("operation_list_100.xml")).unwrap();
    let compact: Value =
        regops_xmlrpc::read_response(&read("operation_list_100.compact.xml")).unwrap();
    assert_eq!(pretty, compact);
}
