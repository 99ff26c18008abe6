//! The date filters of `operation.list` keep the wire form they came in: a client written with
//! Python's `xmlrpc.client` that passes a `DateTime` gets `<dateTime.iso8601>` back out of a
//! decode → encode, and a string stays a string, text unchanged.

#[path = "support/python.rs"]
mod support;

use regops_model::gandi::{OperationList, OperationListOptions, OperationListParams};
use regops_model::{ApiKey, DateTime, DateTimeOrString};
use regops_xmlrpc::{read_method_call, write_method_call};

/// `make` prints Python's call; `check` reads ours on stdin and compares it with Python's.
const PY: &str = r#"
import sys, datetime, xmlrpc.client as x

def options():
    return {
        ">date_created": x.DateTime("20260115T00:00:00"),
        "<date_created": "2026-02-01 00:00:00",
        ">date_updated": x.DateTime(datetime.datetime(2026, 1, 20, 8, 30, 5)),
        "<date_updated": "2026-02-01",
        "date_start": "yesterday",
        "items_per_page": 10,
    }

if sys.argv[1] == "make":
    sys.stdout.write(x.dumps(("k3y", options()), methodname="operation.list"))
else:
    params, name = x.loads(sys.stdin.read())
    got, want = params[1], options()
    kinds = {k: type(v).__name__ for k, v in got.items()}
    if name != "operation.list" or got != want or kinds != {k: type(v).__name__ for k, v in want.items()}:
        print("MISMATCH", name, repr(got), kinds); sys.exit(1)
    print("OK")
"#;

#[test]
fn a_python_datetime_filter_comes_back_as_a_datetime_and_a_string_as_a_string() {
    let xml = support::run(PY, &["make"], b"");
    let params = read_method_call::<OperationList>(&xml).expect("regops decodes Python's call");
    let opts = params.opts.as_ref().expect("options");

    let after = opts.date_created_gt.as_ref().unwrap();
    assert!(after.uses_datetime_type());
    assert_eq!(after.as_str(), "20260115T00:00:00");
    assert_eq!(after.datetime(), DateTime::new(2026, 1, 15, 0, 0, 0));
    let before = opts.date_created_lt.as_ref().unwrap();
    assert!(!before.uses_datetime_type());
    assert_eq!(before.datetime(), DateTime::new(2026, 2, 1, 0, 0, 0));
    let day = opts.date_updated_lt.as_ref().unwrap();
    assert_eq!(day.datetime(), DateTime::new(2026, 2, 1, 0, 0, 0));
    let updated = opts.date_updated_gt.as_ref().unwrap();
    assert_eq!(updated.datetime(), DateTime::new(2026, 1, 20, 8, 30, 5));
    // Text in no accepted layout is kept as sent; validators report it.
    let bad = opts.date_start.as_ref().unwrap();
    assert_eq!((bad.as_str(), bad.datetime()), ("yesterday", None));

    let ours = write_method_call::<OperationList>(&params).expect("regops encodes");
    let text = String::from_utf8(ours.clone()).unwrap();
    assert!(text.contains(
        "<member><name>&gt;date_created</name><value><dateTime.iso8601>20260115T00:00:00</dateTime.iso8601></value></member>"
    ), "{text}");
    assert!(text.contains(
        "<member><name>&lt;date_created</name><value><string>2026-02-01 00:00:00</string></value></member>"
    ), "{text}");
    assert_eq!(support::run(PY, &["check"], &ours), b"OK\n");
}

#[test]
fn built_in_rust_each_form_goes_out_as_built() {
    let params = OperationListParams {
        apikey: ApiKey::new("k3y"),
        opts: Some(OperationListOptions {
            date_created_gt: Some(DateTime::new(2026, 1, 15, 0, 0, 0).unwrap().into()),
            date_created_lt: Some("2026-02-01 00:00:00".into()),
            ..Default::default()
        }),
    };
    let xml = write_method_call::<OperationList>(&params).unwrap();
    let text = String::from_utf8(xml.clone()).unwrap();
    assert!(text.contains("<dateTime.iso8601>20260115T00:00:00</dateTime.iso8601>"));
    assert!(text.contains("<string>2026-02-01 00:00:00</string>"));
    assert_eq!(read_method_call::<OperationList>(&xml).unwrap(), params);
}

#[test]
fn a_peer_datetime_text_is_written_back_unchanged() {
    // Some peers write dateTime.iso8601 in the extended layout, or with text regops cannot
    // read; the filter keeps the text as it came either way.
    for text in ["2026-01-15T00:00:00", "20260115T00:00:00Z", "soon"] {
        let xml = format!(
            "<methodCall><methodName>operation.list</methodName><params>\
             <param><value><string>k3y</string></value></param><param><value><struct>\
             <member><name>&gt;date_created</name><value><dateTime.iso8601>{text}</dateTime.iso8601></value></member>\
             </struct></value></param></params></methodCall>"
        );
        let params = read_method_call::<OperationList>(xml.as_bytes()).unwrap();
        let filter = params
            .opts
            .as_ref()
            .unwrap()
            .date_created_gt
            .clone()
            .unwrap();
        assert_eq!(filter, DateTimeOrString::datetime_text(text));
        let ours = String::from_utf8(write_method_call::<OperationList>(&params).unwrap()).unwrap();
        assert!(
            ours.contains(&format!("<dateTime.iso8601>{text}</dateTime.iso8601>")),
            "{ours}"
        );
    }
}

#[test]
fn json_shows_which_form_it_is() {
    let json = serde_json::json!({
        ">date_created": {"dateTime.iso8601": "20260115T00:00:00"},
        "<date_created": "2026-02-01",
    });
    let opts: OperationListOptions = serde_json::from_value(json.clone()).unwrap();
    assert!(opts.date_created_gt.as_ref().unwrap().uses_datetime_type());
    assert!(!opts.date_created_lt.as_ref().unwrap().uses_datetime_type());
    let xml = regops_xmlrpc::to_vec(&opts).unwrap();
    let back: OperationListOptions = regops_xmlrpc::from_slice(&xml).unwrap();
    assert_eq!(serde_json::to_value(&back).unwrap(), json);
}

#[test]
fn other_types_are_refused_where_they_are() {
    for (value, found) in [
        ("<int>20260115</int>", "integer `20260115`"),
        ("<base64>aGk=</base64>", "base64"),
        ("<array><data></data></array>", "sequence"),
    ] {
        let xml = format!(
            "<methodCall><methodName>operation.list</methodName><params>\
             <param><value>k3y</value></param><param><value><struct>\
             <member><name>&lt;date_created</name><value>{value}</value></member>\
             </struct></value></param></params></methodCall>"
        );
        let error = read_method_call::<OperationList>(xml.as_bytes()).unwrap_err();
        let message = error.to_string();
        assert!(message.starts_with("line 1, column "), "{message}");
        assert!(
            message.ends_with(&format!(
                " (params[1].<date_created): invalid type: {found}, \
                 expected a date-time string or {{\"dateTime.iso8601\": text}}"
            )),
            "{message}"
        );
    }
}
