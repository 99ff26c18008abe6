//! Nil is kept apart from absence: an `operation.info` answer as Gandi sends it, with
//! `<nil/>` for `errortype`, `date_start` and `last_error` (marked `nil="allowed"`) or for any
//! other optional member (kept in `extra_fields`), decodes into the model and is written back
//! with the same members, as regops and Python's `xmlrpc.client` both see it. A member named
//! twice is refused.

#[path = "support/python.rs"]
mod support;

use regops_model::gandi::{ErrorType, OperationDetails, OperationInfo, OperationListReturn};
use regops_model::netim::OperationResponse;
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
fn unmarked_optional_members_keep_nil_and_required_ones_refuse_it() {
    let doc = |member: &str, value: &str| {
        let was = format!("<name>{member}</name>\n<value><int>{value}</int></value>");
        assert!(GANDI_INFO.contains(&was));
        GANDI_INFO.replace(
            &was,
            &format!("<name>{member}</name>\n<value><nil/></value>"),
        )
    };
    // An optional member the schema does not mark: `None`, and nil waits in `extra_fields`.
    let sent = doc("eta", "-1863666");
    let op = read_method_response::<OperationInfo>(sent.as_bytes()).unwrap();
    assert_eq!(op.eta, None);
    assert_eq!(op.extra_fields.get("eta"), Some(&Value::Nil));
    let ours = write_method_response::<OperationInfo>(&op).unwrap();
    let text = String::from_utf8(ours.clone()).unwrap();
    assert_eq!(
        text.matches("<member><name>eta</name><value><nil/></value></member>")
            .count(),
        1,
        "{text}"
    );
    assert_eq!(
        read_response::<Value>(&ours).unwrap(),
        read_response::<Value>(sent.as_bytes()).unwrap()
    );
    // A required one: an error that says where and what was expected.
    let error = read_method_response::<OperationInfo>(doc("id", "100100").as_bytes()).unwrap_err();
    let message = error.to_string();
    assert!(
        message.contains("params[0].id") && message.contains("<nil"),
        "{message}"
    );
}

/// An `operation.info` answer written by Python's `xmlrpc.client` (`allow_none=True`, as
/// Gandi's server) with `None` for members the schema does not mark nil: `eta`,
/// `session_id`, `source`, `params`, `infos`, and inside `infos`, `label`.
const PY_NONE_MEMBERS: &str = r#"
import sys, xmlrpc.client as x
op = {
    "id": 7, "type": "domain_create", "step": "ERROR",
    "date_created": x.DateTime("20260101T00:00:00"),
    "date_updated": x.DateTime("20260102T03:04:05"),
    "date_start": None, "errortype": None, "last_error": "boom",
    "eta": None, "session_id": None, "source": None, "params": None,
    "infos": None,
}
if sys.argv[1:] == ["infos"]:
    op["infos"] = {"label": None, "product_name": "com", "quantity": None}
sys.stdout.write(x.dumps((op,), methodresponse=True, allow_none=True))
"#;

#[test]
fn python_none_members_the_schema_does_not_mark_are_written_back_member_for_member() {
    const SAME: &str = r#"
import sys, xmlrpc.client as x
original, ours = sys.stdin.read().split("\0")
(a,), _ = x.loads(original)
(b,), _ = x.loads(ours)
print("OK" if a == b else "MISMATCH %r %r" % (a, b))
"#;
    for args in [&[][..], &["infos"]] {
        let sent = support::run(PY_NONE_MEMBERS, args, b"");
        let op = read_method_response::<OperationInfo>(&sent).expect("decodes");
        assert_eq!(
            (&op.eta, &op.session_id, &op.source, &op.params),
            (&None, &None, &None, &None)
        );
        for member in ["eta", "session_id", "source", "params"] {
            assert_eq!(op.extra_fields.get(member), Some(&Value::Nil), "{member}");
        }
        match &op.infos {
            None => assert_eq!(op.extra_fields.get("infos"), Some(&Value::Nil)),
            Some(OneOrMany::One(infos)) => {
                assert_eq!(infos.label, None);
                assert_eq!(infos.extra_fields.get("label"), Some(&Value::Nil));
                assert_eq!(infos.quantity, Some(Value::Nil), "`any` keeps nil itself");
            }
            Some(other) => panic!("one infos struct: {other:?}"),
        }

        let ours = write_method_response::<OperationInfo>(&op).expect("encodes");
        // Member for member, with regops and with Python.
        assert_eq!(
            read_response::<Value>(&ours).unwrap(),
            read_response::<Value>(&sent).unwrap()
        );
        let mut input = sent.clone();
        input.push(0);
        input.extend_from_slice(&ours);
        assert_eq!(support::run(SAME, &[], &input), b"OK\n");
        // Decoding what we wrote gives the same model value; so does JSON (`--json` output).
        assert_eq!(read_method_response::<OperationInfo>(&ours).unwrap(), op);
        let json = serde_json::to_value(&op).unwrap();
        for member in ["eta", "session_id", "source", "params"] {
            assert_eq!(json.get(member), Some(&serde_json::Value::Null), "{member}");
        }
        assert_eq!(
            serde_json::from_value::<OperationListReturn>(json).unwrap(),
            op
        );
    }
}

#[test]
fn a_member_set_after_nil_was_kept_is_written_once() {
    let sent = support::run(PY_NONE_MEMBERS, &[], b"");
    let mut op = read_method_response::<OperationInfo>(&sent).unwrap();
    op.eta = Some(5);
    op.source = Some("AB1-GANDI".into());
    // `extra_fields` still holds their nil; the fields win, each member written once.
    assert_eq!(op.extra_fields.get("eta"), Some(&Value::Nil));
    let ours = write_method_response::<OperationInfo>(&op).unwrap();
    let text = String::from_utf8(ours.clone()).unwrap();
    assert_eq!(text.matches("<name>eta</name>").count(), 1, "{text}");
    assert!(
        text.contains("<member><name>eta</name><value><int>5</int></value></member>"),
        "{text}"
    );
    assert_eq!(text.matches("<name>source</name>").count(), 1, "{text}");
    let back = read_method_response::<OperationInfo>(&ours).expect("no duplicate member");
    assert_eq!(
        (back.eta, back.source.as_deref()),
        (Some(5), Some("AB1-GANDI"))
    );
    assert!(!back.extra_fields.contains_key("eta") && !back.extra_fields.contains_key("source"));
    assert_eq!(back.extra_fields.get("session_id"), Some(&Value::Nil));
    // JSON: one key each, and the declared length matches what is written.
    let json = serde_json::to_string(&op).unwrap();
    assert_eq!(json.matches("\"eta\"").count(), 1, "{json}");
    assert_eq!(json.matches("\"source\"").count(), 1, "{json}");
    // A required member's name in `extra_fields` (set by hand) never doubles it either.
    op.extra_fields.insert("id".into(), Value::Int(1));
    let text = String::from_utf8(write_method_response::<OperationInfo>(&op).unwrap()).unwrap();
    assert_eq!(text.matches("<name>id</name>").count(), 1, "{text}");
}

#[test]
fn netim_json_nulls_come_back() {
    let json = serde_json::json!({
        "ID_OPE": 4, "STATUS": "Done", "MESSAGE": null, "TYPE": null, "DATE": null, "DATA": null,
    });
    let answer: OperationResponse = serde_json::from_value(json.clone()).unwrap();
    assert_eq!((&answer.message, &answer.data), (&None, &None));
    assert_eq!(serde_json::to_value(&answer).unwrap(), json);
    // And through XML-RPC, as `<nil/>`.
    let xml = regops_xmlrpc::to_vec(&answer).unwrap();
    let text = String::from_utf8(xml.clone()).unwrap();
    assert!(
        text.contains("<member><name>MESSAGE</name><value><nil/></value></member>"),
        "{text}"
    );
    let back: OperationResponse = regops_xmlrpc::from_slice(&xml).unwrap();
    assert_eq!(back, answer);
    assert_eq!(serde_json::to_value(&back).unwrap(), json);
}

#[test]
fn a_member_named_twice_is_refused_with_its_place() {
    let doc = "<value><struct><member><name>a</name><value><int>1</int></value></member><member><name>a</name><value>2</value></member></struct></value>";
    let error = regops_xmlrpc::from_str::<Value>(doc).unwrap_err();
    // Column 82: the second `<name>`.
    assert_eq!(
        error.to_string(),
        "line 1, column 82 (a): duplicate member \"a\" in a struct"
    );
    // The same in a typed struct, for a member it does not model and for one it does.
    let doc = |name: &str| {
        format!(
            "<value><struct><member><name>id</name><value>duplicate</value></member>\
             <member><name>{name}</name><value>x</value></member>\
             <member><name>{name}</name><value>y</value></member></struct></value>"
        )
    };
    let error = regops_xmlrpc::from_str::<ErrorType>(&doc("x-note")).unwrap_err();
    assert_eq!(
        error.to_string(),
        "line 1, column 132 (x-note): duplicate member \"x-note\" in a struct"
    );
    let error = regops_xmlrpc::from_str::<ErrorType>(&doc("type")).unwrap_err();
    assert_eq!(
        error.to_string(),
        "line 1, column 130 (type): duplicate field `type`"
    );
    // JSON too: serde_json's own `Value` keeps the last, regops refuses.
    let error = serde_json::from_str::<ErrorType>(r#"{"x": 1, "x": 2}"#).unwrap_err();
    assert!(
        error.to_string().contains("duplicate member \"x\""),
        "{error}"
    );
    let error = serde_json::from_str::<OperationListReturn>(r#"{"id": 1, "eta": null, "eta": 3}"#)
        .unwrap_err();
    assert!(
        error.to_string().contains("duplicate field `eta`"),
        "{error}"
    );
    // A `map` member (`params`, `extras`) is an untyped struct too.
    let error = serde_json::from_str::<OperationListReturn>(
        r#"{"id": 1, "params": {"domain": "a.com", "domain": "b.com"}}"#,
    )
    .unwrap_err();
    assert!(
        error.to_string().contains("duplicate member \"domain\""),
        "{error}"
    );
    let doc = "<value><struct><member><name>extras</name><value><struct>\
        <member><name>k</name><value>1</value></member>\
        <member><name>k</name><value>2</value></member></struct></value></member></struct></value>";
    let error = regops_xmlrpc::from_str::<OperationDetails>(doc).unwrap_err();
    assert!(
        error
            .to_string()
            .contains("(extras.k): duplicate member \"k\" in a struct"),
        "{error}"
    );
}
