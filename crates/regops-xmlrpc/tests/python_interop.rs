//! Interoperability with an independent implementation: Python's standard `xmlrpc.client`.
//! Python writes, regops decodes and re-encodes, Python reads back and compares. python3 is
//! on every machine of this project (and on CI): its absence fails the test.

#[path = "support/python.rs"]
mod support;

use regops_model::{Bytes, Value};
use regops_xmlrpc::{Fault, read_call, read_response, write_call, write_fault, write_response};

/// The Python side: `make` prints a document, `check` reads one on stdin and compares it.
const PY: &str = r#"
import sys, datetime, xmlrpc.client as x

def payload():
    return {
        "int": -2147483648, "int_max": 2147483647, "zero": 0,
        "true": True, "false": False,
        "double": -1.25, "tiny": 5e-324, "big": 1.7976931348623157e308,
        "string": "plain", "empty": "", "markup": "a & b < c > d \" ' ]]>",
        "unicode": "café ñ 日本語 😀 \u00a0", "spaces": "  lead and trail  ", "lines": "a\nb\tc",
        "when": datetime.datetime(2026, 11, 22, 10, 11, 12),
        "blob": x.Binary(bytes(range(256)) * 3), "no_blob": x.Binary(b""),
        "nothing": None,
        "list": [1, "two", [3.0, [None]], {}], "empty_list": [],
        "nested": {"x-key & more": {"deep": [{"a": 1}]}, "k": "v"},
    }

def normalize(v):
    if isinstance(v, x.Binary): return bytes(v.data)
    if isinstance(v, x.DateTime): return datetime.datetime.strptime(v.value, "%Y%m%dT%H:%M:%S")
    if isinstance(v, (bytearray,)): return bytes(v)
    if isinstance(v, list): return [normalize(i) for i in v]
    if isinstance(v, tuple): return tuple(normalize(i) for i in v)
    if isinstance(v, dict): return {k: normalize(i) for k, i in v.items()}
    return v

mode = sys.argv[1]
if mode == "make-response":
    sys.stdout.write(x.dumps((payload(),), methodresponse=True, allow_none=True))
elif mode == "check-response":
    (got,), _ = x.loads(sys.stdin.read(), use_builtin_types=True)
    want = normalize(payload())
    if normalize(got) != want:
        print("MISMATCH", repr(normalize(got)), repr(want)); sys.exit(1)
    print("OK")
elif mode == "make-call":
    sys.stdout.write(x.dumps(("k3y", {"items_per_page": 10, "step": ["BILL", "RUN"]}, payload()), methodname="operation.list", allow_none=True))
elif mode == "check-call":
    params, name = x.loads(sys.stdin.read(), use_builtin_types=True)
    want = ("k3y", {"items_per_page": 10, "step": ["BILL", "RUN"]}, normalize(payload()))
    if name != "operation.list" or normalize(params) != want:
        print("MISMATCH", name, repr(normalize(params))); sys.exit(1)
    print("OK")
elif mode == "make-fault":
    sys.stdout.write(x.dumps(x.Fault(510042, "Error on object : OBJECT_DOMAIN (CAUSE_NOTFOUND) & <more>"), methodresponse=True))
elif mode == "check-fault":
    try:
        x.loads(sys.stdin.read())
    except x.Fault as f:
        if f.faultCode == 510042 and f.faultString == "Error on object : OBJECT_DOMAIN (CAUSE_NOTFOUND) & <more>":
            print("OK"); sys.exit(0)
        print("MISMATCH", f.faultCode, f.faultString); sys.exit(1)
    print("NO FAULT"); sys.exit(1)
elif mode == "check-i8":
    (got,), _ = x.loads(sys.stdin.read(), use_builtin_types=True)
    if got != [1 << 40, -(1 << 62), 2147483648]:
        print("MISMATCH", got); sys.exit(1)
    print("OK")
"#;

fn python(mode: &str, stdin: &[u8]) -> Vec<u8> {
    support::run(PY, &[mode], stdin)
}

#[test]
fn python_response_decodes_and_python_accepts_ours() {
    let xml = python("make-response", b"");
    let value: Value = read_response(&xml).expect("regops decodes Python's response");
    let Value::Struct(members) = &value else {
        panic!("a struct: {value:?}")
    };
    assert_eq!(members["int"], Value::Int(-2_147_483_648));
    assert_eq!(
        members["markup"],
        Value::String("a & b < c > d \" ' ]]>".into())
    );
    assert_eq!(
        members["unicode"],
        Value::String("café ñ 日本語 😀 \u{a0}".into())
    );
    assert_eq!(
        members["spaces"],
        Value::String("  lead and trail  ".into())
    );
    assert_eq!(members["nothing"], Value::Nil);
    let blob: Vec<u8> = (0..=255u8).cycle().take(768).collect();
    assert_eq!(members["blob"], Value::Base64(Bytes(blob)));
    assert_eq!(
        members["when"].as_datetime().unwrap().to_string(),
        "2026-11-22T10:11:12"
    );

    let ours = write_response(&value).expect("regops encodes");
    assert_eq!(python("check-response", &ours), b"OK\n");
}

#[test]
fn python_call_decodes_and_python_accepts_ours() {
    let xml = python("make-call", b"");
    let (name, params) = read_call(&xml).expect("regops reads Python's call");
    assert_eq!(name, "operation.list");
    let params: Vec<Value> = params.decode().expect("params");
    assert_eq!(params.len(), 3);
    let ours = write_call(&name, &params).expect("regops encodes");
    assert_eq!(python("check-call", &ours), b"OK\n");
}

#[test]
fn python_fault_decodes_and_python_accepts_ours() {
    let xml = python("make-fault", b"");
    let fault = read_response::<Value>(&xml)
        .expect_err("a fault")
        .into_fault()
        .expect("a fault, not another error");
    assert_eq!(
        fault,
        Fault::new(
            510_042,
            "Error on object : OBJECT_DOMAIN (CAUSE_NOTFOUND) & <more>"
        )
    );
    assert_eq!(python("check-fault", &write_fault(&fault)), b"OK\n");
}

#[test]
fn python_reads_our_i8() {
    let ours = write_response(&[1i64 << 40, -(1i64 << 62), 2_147_483_648]).unwrap();
    assert_eq!(python("check-i8", &ours), b"OK\n");
}
