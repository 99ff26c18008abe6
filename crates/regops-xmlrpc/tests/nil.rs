//! Nil is kept apart from absence: an `operation.info` answer as Gandi sends it, with
//! `<nil/>` for `errortype`, `date_start` and `last_error`, decodes into the model and is
//! written back with the same members, as regops and Python's `xmlrpc.client` both see it.

#[path = "support/python.rs"]
mod support;

use regops_model::gandi::{OperationInfo, OperationListReturn};
use regops_model::{Nullable, OneOrMany, Value};

use regops_xmlrpc::{read_method_response, read_response, write_method_response};

/// The first operation of gandi.cli's `operation.list` fixture, as Gandi's Python server
/// writes it (`allow_none=True`): the pretty layout of Python's `xmlrpc.client`.
const GANDI_INFO: &str = r#"<?xml version='1.0'?>
<methodResponse>
<params>
<param>
<value><struct>
<member>
<name>date_created</name>
<value><dateTime.iso8601>20150915T18:29:16</dateTime.iso8601></value>
</member>
<member>
<name>date_start</name>
<value><nil/></value></member>
<member>
<name>date_updated</name>
<value><dateTime.iso8601>20150915T18:29:17</dateTime.iso8601></value>
</member>
<member>
<name>errortype</name>
<value><nil/></value></member>
<member>
<name>eta</name>
<value><int>-1863666</int></value>
</member>
<member>
<name>id</name>
<value><int>100100</int></value>
</member>
<member>
<name>cert_id</name>
<value><nil/></value></member>
<member>
<name>infos</name>
<value><struct>
<member>
<name>extras</name>
<value><struct>
</struct></value>
</member>
<member>
<name>id</name>
<value><string></string></value>
</member>
<member>
<name>label</name>
<value><string>iheartcli.com</string></value>
</member>
<member>
<name>product_action</name>
<value><string>renew</string></value>
</member>
<member>
<name>product_name</name>
<value><string>com</string></value>
</member>
<member>
<name>product_type</name>
<value><string>domain</string></value>
</member>
<member>
<name>quantity</name>
<value><nil/></value></member>
</struct></value>
</member>
<member>
<name>last_error</name>
<value><nil/></value></member>
<member>
<name>params</name>
<value><struct>
<member>
<name>auth_id</name>
<value><int>99999999</int></value>
</member>
<member>
<name>domain</name>
<value><string>iheartcli.com</string></value>
</member>
<member>
<name>remote_addr</name>
<value><nil/></value></member>
</struct></value>
</member>
<member>
<name>session_id</name>
<value><int>2920674</int></value>
</member>
<member>
<name>source</name>
<value><string>PXP561-GANDI</string></value>
</member>
<member>
<name>step</name>
<value><string>BILL</string></value>
</member>
<member>
<name>type</name>
<value><string>domain_renew</string></value>
</member>
</struct></value>
</param>
</params>
</methodResponse>
"#;

#[test]
fn operation_info_with_nil_members_is_written_back_member_for_member() {
    let op: OperationListReturn =
        read_method_response::<OperationInfo>(GANDI_INFO.as_bytes()).expect("decodes");
    assert_eq!(op.errortype, Nullable::Null);
    assert_eq!(op.date_start, Nullable::Null);
    assert_eq!(op.last_error, Nullable::Null);
    assert_eq!(op.cert_id, Nullable::Null);
    let Some(OneOrMany::One(infos)) = &op.infos else {
        panic!("one infos struct: {:?}", op.infos)
    };
    assert_eq!(infos.quantity, Some(Value::Nil), "`any` keeps nil");
    assert_eq!(infos.id, Some(Value::String(String::new())));

    let ours = write_method_response::<OperationInfo>(&op).expect("encodes");
    let text = String::from_utf8(ours.clone()).unwrap();
    for member in [
        "errortype",
        "date_start",
        "last_error",
        "cert_id",
        "quantity",
    ] {
        let written = format!("<member><name>{member}</name><value><nil/></value></member>");
        assert!(
            text.contains(&written),
            "{member} is not written as nil:\n{text}"
        );
    }
    // Member for member, the same document: every member, nil included, with its type.
    let original: Value = read_response(GANDI_INFO.as_bytes()).unwrap();
    let again: Value = read_response(&ours).unwrap();
    assert_eq!(again, original);
    // And a second pass changes nothing, byte for byte.
    let twice = read_method_response::<OperationInfo>(&ours).unwrap();
    assert_eq!(twice, op);
    assert_eq!(
        write_method_response::<OperationInfo>(&twice).unwrap(),
        ours
    );
}

#[test]
fn python_sees_the_same_answer_before_and_after() {
    const PY: &str = r#"
import sys, xmlrpc.client as x
original, ours = sys.stdin.read().split("\0")
(a,), _ = x.loads(original)
(b,), _ = x.loads(ours)
if a != b or b["errortype"] is not None or "errortype" not in b:
    print("MISMATCH", repr(a), repr(b)); sys.exit(1)
print("OK")
"#;
    let op = read_method_response::<OperationInfo>(GANDI_INFO.as_bytes()).unwrap();
    let ours = write_method_response::<OperationInfo>(&op).unwrap();
    let mut input = GANDI_INFO.as_bytes().to_vec();
    input.push(0);
    input.extend_from_slice(&ours);
    assert_eq!(support::run(PY, &[], &input), b"OK\n");
}

#[test]
fn json_null_keeps_its_key() {
    let json = serde_json::json!({
        "id": 100100, "type": "domain_renew", "step": "BILL",
        "date_created": "2015-09-15T18:29:16", "date_updated": "2015-09-15T18:29:17",
        "date_start": null, "errortype": null, "last_error": null, "cert_id": null,
    });
    let op: OperationListReturn = serde_json::from_value(json.clone()).unwrap();
    assert!(op.errortype.is_null() && op.date_start.is_null() && op.last_error.is_null());
    assert_eq!(serde_json::to_value(&op).unwrap(), json);
    // JSON → model → XML-RPC → model → JSON.
    let xml = regops_xmlrpc::to_vec(&op).unwrap();
    let back: OperationListReturn = regops_xmlrpc::from_slice(&xml).unwrap();
    assert_eq!(serde_json::to_value(&back).unwrap(), json);
}

#[test]
fn nil_empty_and_absent_stay_apart() {
    let base = serde_json::json!({
        "id": 1, "type": "domain_renew", "step": "RUN", "date_start": "2015-09-15T18:30:00",
        "date_created": "2015-09-15T18:29:16", "date_updated": "2015-09-15T18:29:17",
    });
    let with = |member: &str, value: serde_json::Value| {
        let mut json = base.clone();
        json[member] = value;
        json
    };
    let cases = [
        (
            with("date_start", "".into()),
            "date_start",
            "<value><string></string></value>",
        ),
        (
            with("date_start", serde_json::Value::Null),
            "date_start",
            "<value><nil/></value>",
        ),
        (
            with("last_error", "".into()),
            "last_error",
            "<value><string></string></value>",
        ),
        (
            with("errortype", serde_json::json!({})),
            "errortype",
            "<value><struct></struct></value>",
        ),
    ];
    for (json, member, wire) in cases {
        let op: OperationListReturn = serde_json::from_value(json.clone()).unwrap();
        let xml = String::from_utf8(regops_xmlrpc::to_vec(&op).unwrap()).unwrap();
        assert!(
            xml.contains(&format!("<member><name>{member}</name>{wire}</member>")),
            "{member}: {xml}"
        );
        let back: OperationListReturn = regops_xmlrpc::from_slice(xml.as_bytes()).unwrap();
        assert_eq!(back, op);
        assert_eq!(serde_json::to_value(&back).unwrap(), json);
    }
    // `date_start` is always sent: leaving it out is an error, not a silent `Absent`.
    let mut without = base.clone();
    without.as_object_mut().unwrap().remove("date_start");
    let error = serde_json::from_value::<OperationListReturn>(without).unwrap_err();
    assert!(error.to_string().contains("date_start"), "{error}");
    // Absent optional members stay absent.
    let op: OperationListReturn = serde_json::from_value(base).unwrap();
    assert!(op.errortype.is_absent() && op.last_error.is_absent());
    let xml = String::from_utf8(regops_xmlrpc::to_vec(&op).unwrap()).unwrap();
    assert!(
        !xml.contains("errortype") && !xml.contains("last_error"),
        "{xml}"
    );
}

#[test]
fn unmarked_members_read_nil_as_absent_or_refuse_it() {
    let doc = |member: &str, value: &str| {
        let was = format!("<name>{member}</name>\n<value><int>{value}</int></value>");
        assert!(GANDI_INFO.contains(&was));
        GANDI_INFO.replace(
            &was,
            &format!("<name>{member}</name>\n<value><nil/></value>"),
        )
    };
    // An optional member the schema does not mark: nil reads as absent (documented).
    let op = read_method_response::<OperationInfo>(doc("eta", "-1863666").as_bytes()).unwrap();
    assert_eq!(op.eta, None);
    // A required one: an error that says where and what was expected.
    let error = read_method_response::<OperationInfo>(doc("id", "100100").as_bytes()).unwrap_err();
    let message = error.to_string();
    assert!(
        message.contains("params[0].id") && message.contains("<nil"),
        "{message}"
    );
}
