//! Every method of the schema over XML-RPC, end to end.
//!
//! For each `<method>` of `schema/*.xml` the fixture `tests/methods/<wire>.json` holds realistic
//! positional parameters and a result, as JSON: `{"params": [...], "result": ...}`. A client and
//! a server built only on regops crates exchange the call and the response, and Python's
//! standard `xmlrpc.client` (an independent implementation) reads every regops document, checks
//! it means the fixture, and writes its own, which regops decodes back to the same typed values.
//! python3 is on every machine of this project (and on CI): its absence fails the test.

#[path = "support/python.rs"]
mod support;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use regops_model::{Method, gandi, netim};
use regops_schema::ir::Item;
use regops_xmlrpc::{
    read_call, read_method_call, read_method_params, read_method_response, write_method_call,
    write_method_response, write_method_result,
};
use serde_json::{Value as Json, json};

/// One method: its names and the test steps, instantiated for its marker type.
struct Case {
    wire: &'static str,
    rust_name: &'static str,
    round_trip: fn(),
    encode: fn() -> Encoded,
    decode_python: fn(&[u8], &[u8]),
}

/// The documents regops writes for a method's fixture.
struct Encoded {
    call: Vec<u8>,
    response: Vec<u8>,
    /// The fixture as the typed values serialize to JSON, what Python must read.
    params: Json,
    result: Json,
}

/// Lists every method marker type; the completeness test holds this list to the schema.
macro_rules! cases {
    ($($module:ident :: $marker:ident),* $(,)?) => {
        const CASES: &[Case] = &[$(Case {
            wire: <$module::$marker as Method>::NAME,
            rust_name: stringify!($marker),
            round_trip: round_trip::<$module::$marker>,
            encode: encode::<$module::$marker>,
            decode_python: decode_python::<$module::$marker>,
        }),*];
    };
}

cases! {
    gandi::OperationCancel,
    gandi::OperationCount,
    gandi::OperationInfo,
    gandi::OperationList,
    gandi::OperationRelaunch,
    netim::QueryOpe,
    netim::QueryOpePending,
    netim::CancelOpe,
    netim::DomainCreate,
    netim::DomainTransferIn,
    netim::DomainTransferOwner,
    netim::DomainChangeDns,
    netim::DomainInfoQuery,
    netim::DomainSetPreference,
    netim::DomainSetDnsSec,
    netim::DomainAuthId,
    netim::DomainZoneInit,
    netim::ContactCreate,
    netim::ContactInfo,
    netim::HostCreate,
    netim::HostUpdate,
    netim::HostDelete,
    netim::SessionOpen,
    netim::SessionClose,
}

fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn fixtures_dir() -> PathBuf {
    manifest_dir().join("tests/methods")
}

/// The fixture of `M`, typed; also checks the typed values say what the fixture says.
fn fixture<M: Method>() -> (M::Params, M::Output) {
    let path = fixtures_dir().join(format!("{}.json", M::NAME));
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let mut doc: Json = serde_json::from_str(&text)
        .unwrap_or_else(|e| panic!("{} is not JSON: {e}", path.display()));
    let object = doc
        .as_object_mut()
        .unwrap_or_else(|| panic!("{}: an object", path.display()));
    let keys: BTreeSet<&str> = object.keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        BTreeSet::from(["params", "result"]),
        "{}: keys",
        path.display()
    );
    let params_json = object.remove("params").unwrap();
    let result_json = object.remove("result").unwrap();
    let params: M::Params = serde_json::from_value(params_json.clone())
        .unwrap_or_else(|e| panic!("{}: params of `{}`: {e}", path.display(), M::NAME));
    let result: M::Output = serde_json::from_value(result_json.clone())
        .unwrap_or_else(|e| panic!("{}: result of `{}`: {e}", path.display(), M::NAME));
    assert_eq!(
        to_json(&params),
        params_json,
        "{}: the typed params do not serialize back to the fixture",
        path.display()
    );
    assert_eq!(
        to_json(&result),
        result_json,
        "{}: the typed result does not serialize back to the fixture",
        path.display()
    );
    (params, result)
}

fn to_json<T: serde::Serialize>(value: &T) -> Json {
    serde_json::to_value(value).expect("serializes to JSON")
}

fn text(bytes: &[u8]) -> &str {
    std::str::from_utf8(bytes).unwrap_or("<not UTF-8>")
}

/// Client writes the call, server reads it and answers, client reads the answer.
fn round_trip<M: Method>() {
    let name = M::NAME;
    let (params, result) = fixture::<M>();

    // Client → server.
    let call = write_method_call::<M>(&params)
        .unwrap_or_else(|e| panic!("`{name}`: client cannot write the call: {e}"));
    let received = read_method_call::<M>(&call).unwrap_or_else(|e| {
        panic!(
            "`{name}`: server cannot read the call: {e}\n{}",
            text(&call)
        )
    });
    assert_eq!(
        to_json(&received),
        to_json(&params),
        "`{name}`: params changed on the way\n{}",
        text(&call)
    );
    // A server that dispatches on the method name gets the same parameters.
    let (wire, untyped) = read_call(&call).expect("read_call");
    assert_eq!(wire, name);
    let dispatched = read_method_params::<M>(untyped)
        .unwrap_or_else(|e| panic!("`{name}`: read_method_params: {e}"));
    assert_eq!(to_json(&dispatched), to_json(&params), "`{name}`: dispatch");

    // Server → client.
    let response = write_method_response::<M>(&result)
        .unwrap_or_else(|e| panic!("`{name}`: server cannot write the response: {e}"));
    let answer = write_method_result::<M>(&Ok(result_clone::<M>(&result)))
        .unwrap_or_else(|e| panic!("`{name}`: write_method_result: {e}"));
    assert_eq!(
        text(&answer),
        text(&response),
        "`{name}`: write_method_result(Ok) differs from write_method_response"
    );
    let output = read_method_response::<M>(&response).unwrap_or_else(|e| {
        panic!(
            "`{name}`: client cannot read the response: {e}\n{}",
            text(&response)
        )
    });
    assert_eq!(
        to_json(&output),
        to_json(&result),
        "`{name}`: result changed on the way\n{}",
        text(&response)
    );
}

/// `M::Output` has no `Clone` bound: a copy through JSON.
fn result_clone<M: Method>(result: &M::Output) -> M::Output {
    serde_json::from_value(to_json(result)).expect("the result reads back from JSON")
}

fn encode<M: Method>() -> Encoded {
    let (params, result) = fixture::<M>();
    Encoded {
        call: write_method_call::<M>(&params).expect("write_method_call"),
        response: write_method_response::<M>(&result).expect("write_method_response"),
        params: to_json(&params),
        result: to_json(&result),
    }
}

/// regops reads the documents Python wrote back to the fixture's typed values.
fn decode_python<M: Method>(call: &[u8], response: &[u8]) {
    let name = M::NAME;
    let (params, result) = fixture::<M>();
    let received = read_method_call::<M>(call).unwrap_or_else(|e| {
        panic!(
            "`{name}`: regops cannot read Python's call: {e}\n{}",
            text(call)
        )
    });
    assert_eq!(
        to_json(&received),
        to_json(&params),
        "`{name}`: Python's call decodes to other params\n{}",
        text(call)
    );
    let output = read_method_response::<M>(response).unwrap_or_else(|e| {
        panic!(
            "`{name}`: regops cannot read Python's response: {e}\n{}",
            text(response)
        )
    });
    assert_eq!(
        to_json(&output),
        to_json(&result),
        "`{name}`: Python's response decodes to another result\n{}",
        text(response)
    );
}

#[test]
fn every_method_round_trips_between_regops_client_and_server() {
    for case in CASES {
        (case.round_trip)();
    }
}

#[test]
fn every_schema_method_has_a_case_and_a_fixture() {
    let schema = regops_schema::load_dir(&manifest_dir().join("../../schema"), "schema/")
        .unwrap_or_else(|e| panic!("the schema loads: {e}"));
    let mut in_schema = BTreeSet::new();
    let mut rust_names = BTreeSet::new();
    for (_, item) in schema.items() {
        if let Item::Method(method) = item {
            assert!(
                in_schema.insert(method.wire.clone()),
                "`{}` declared twice",
                method.wire
            );
            rust_names.insert((method.wire.clone(), method.rust_name.clone()));
        }
    }
    assert!(!in_schema.is_empty(), "the schema declares methods");

    let covered: BTreeSet<String> = CASES.iter().map(|c| c.wire.to_owned()).collect();
    assert_eq!(
        covered.len(),
        CASES.len(),
        "a method is listed twice in `cases!`"
    );
    let listed: BTreeSet<(String, String)> = CASES
        .iter()
        .map(|c| (c.wire.to_owned(), c.rust_name.to_owned()))
        .collect();

    let mut fixtures = BTreeSet::new();
    for entry in std::fs::read_dir(fixtures_dir()).expect("tests/methods exists") {
        let path = entry.expect("directory entry").path();
        let file = path.file_name().unwrap().to_str().unwrap();
        let wire = file.strip_suffix(".json").unwrap_or_else(|| {
            panic!("tests/methods/{file}: only <wire>.json fixtures belong here")
        });
        fixtures.insert(wire.to_owned());
    }

    assert_eq!(
        covered, in_schema,
        "`cases!` must list exactly the methods of schema/*.xml"
    );
    assert_eq!(
        listed, rust_names,
        "marker types must be the schema's rust names"
    );
    assert_eq!(
        fixtures, in_schema,
        "tests/methods/ must hold exactly one fixture per schema method"
    );
}

/// Reads every regops document, compares what it read with the fixture (as JSON, date-times
/// written `YYYY-MM-DDTHH:MM:SS`, base64 as base64 text), and writes its own documents back.
const PY: &str = r#"
import sys, json, re, base64, xmlrpc.client as x

ISO = re.compile(r"^(\d{8}|\d{4}-\d\d-\d\d)T\d\d:\d\d:\d\d$")

def plain(v, where):
    if isinstance(v, bool) or v is None or isinstance(v, (int, float)):
        return v
    if isinstance(v, str):
        if ISO.match(v):
            raise SystemExit(f"{where}: date-time {v!r} arrived as a <string>, not <dateTime.iso8601>")
        return v
    if isinstance(v, x.DateTime):
        t = v.value
        return f"{t[0:4]}-{t[4:6]}-{t[6:8]}{t[8:]}"
    if isinstance(v, x.Binary):
        return base64.b64encode(v.data).decode()
    if isinstance(v, list):
        return [plain(i, where) for i in v]
    if isinstance(v, dict):
        return {k: plain(i, where) for k, i in v.items()}
    raise SystemExit(f"{where}: unexpected Python type {type(v).__name__}")

def same(a, b):
    # Strict: 1, 1.0 and True differ, as they do on the wire.
    if type(a) is not type(b):
        return False
    if isinstance(a, list):
        return len(a) == len(b) and all(same(i, j) for i, j in zip(a, b))
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    return a == b

out = []
for case in json.load(sys.stdin):
    wire = case["wire"]
    params, name = x.loads(case["call"])
    if name != wire:
        raise SystemExit(f"{wire}: methodName {name!r}")
    got = plain(list(params), f"{wire} call")
    if not same(got, case["params"]):
        raise SystemExit(f"{wire}: Python reads the call as {json.dumps(got)}, want {json.dumps(case['params'])}")
    (result,), none = x.loads(case["response"])
    if none is not None:
        raise SystemExit(f"{wire}: a response with a methodName")
    got = plain(result, f"{wire} response")
    if not same(got, case["result"]):
        raise SystemExit(f"{wire}: Python reads the response as {json.dumps(got)}, want {json.dumps(case['result'])}")
    out.append({
        "wire": wire,
        "call": x.dumps(params, methodname=name, allow_none=True),
        "response": x.dumps((result,), methodresponse=True, allow_none=True),
    })
json.dump(out, sys.stdout)
"#;

fn python(input: &[u8]) -> Vec<u8> {
    support::run(PY, &[], input)
}

#[test]
fn python_reads_every_method_and_regops_reads_python() {
    let input: Vec<Json> = CASES
        .iter()
        .map(|case| {
            let encoded = (case.encode)();
            json!({
                "wire": case.wire,
                "call": String::from_utf8(encoded.call).expect("regops writes UTF-8"),
                "response": String::from_utf8(encoded.response).expect("regops writes UTF-8"),
                "params": encoded.params,
                "result": encoded.result,
            })
        })
        .collect();
    let output = python(&serde_json::to_vec(&input).unwrap());
    let output: Vec<Json> = serde_json::from_slice(&output).expect("python3 prints JSON");
    assert_eq!(output.len(), CASES.len());
    for (case, doc) in CASES.iter().zip(&output) {
        assert_eq!(doc["wire"], case.wire);
        let call = doc["call"].as_str().expect("call");
        let response = doc["response"].as_str().expect("response");
        (case.decode_python)(call.as_bytes(), response.as_bytes());
    }
}
