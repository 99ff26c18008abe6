//! Apache XML-RPC's extensions (`<ex:nil/>`, `<ex:i1>`, `<ex:i2>`, `<ex:i8>`, `<ex:float>`,
//! `<ex:biginteger>`, `<ex:bigdecimal>` in the namespace
//! `http://ws.apache.org/xmlrpc/namespaces/extensions`): decoded as Python's `xmlrpc.client`
//! decodes them, found through namespace declarations (any prefix, default namespace), and
//! never written (regops writes standard types).

#[path = "support/python.rs"]
mod support;

use regops_model::Value;
use regops_model::gandi::OperationListReturn;
use regops_xmlrpc::{ErrorKind, read_response, write_response};

const NS: &str = "http://ws.apache.org/xmlrpc/namespaces/extensions";

/// A `methodResponse` as Apache XML-RPC writes it: the prefix declared on the root element,
/// no whitespace.
fn apache(prefix: &str, value: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><methodResponse xmlns:{prefix}=\"{NS}\">\
         <params><param><value>{value}</value></param></params></methodResponse>"
    )
}

/// Every extension type (and standard ones beside them), in a struct, with prefix `p`.
fn every_extension(p: &str) -> String {
    format!(
        "<struct>\
         <member><name>nothing</name><value><{p}:nil/></value></member>\
         <member><name>nothing_long</name><value><{p}:nil></{p}:nil></value></member>\
         <member><name>byte</name><value><{p}:i1>-128</{p}:i1></value></member>\
         <member><name>short</name><value><{p}:i2>32767</{p}:i2></value></member>\
         <member><name>long</name><value><{p}:i8>9007199254740993</{p}:i8></value></member>\
         <member><name>float</name><value><{p}:float>1.5</{p}:float></value></member>\
         <member><name>big</name><value><{p}:biginteger>-9223372036854775808</{p}:biginteger></value></member>\
         <member><name>decimal</name><value><{p}:bigdecimal>123.25</{p}:bigdecimal></value></member>\
         <member><name>list</name><value><array><data><value><{p}:i8>1</{p}:i8></value><value><{p}:nil/></value><value><i4>2</i4></value></data></array></value></member>\
         <member><name>text</name><value><string>ex:nil &amp; more</string></value></member>\
         </struct>"
    )
}

/// Python's view of a response, as JSON (decimals as numbers).
fn python_view(doc: &str) -> serde_json::Value {
    const PY: &str = r#"
import sys, json, decimal, xmlrpc.client as x
(value,), _ = x.loads(sys.stdin.buffer.read(), use_builtin_types=True)
def plain(v):
    if isinstance(v, decimal.Decimal): return float(v)
    if isinstance(v, dict): return {k: plain(i) for k, i in v.items()}
    if isinstance(v, list): return [plain(i) for i in v]
    return v
sys.stdout.write(json.dumps(plain(value)))
"#;
    let out = support::run(PY, &[], doc.as_bytes());
    serde_json::from_slice(&out).unwrap()
}

fn regops_view(doc: &str) -> serde_json::Value {
    let value: Value = read_response(doc.as_bytes()).unwrap_or_else(|e| panic!("{e}\n{doc}"));
    serde_json::to_value(value).unwrap()
}

#[test]
fn apache_extensions_decode_as_python_sees_them() {
    let doc = apache("ex", &every_extension("ex"));
    let theirs = python_view(&doc);
    assert_eq!(regops_view(&doc), theirs);
    assert_eq!(theirs["nothing"], serde_json::Value::Null);
    assert_eq!(theirs["long"], 9_007_199_254_740_993_i64);
}

#[test]
fn the_prefix_is_whatever_the_document_declares() {
    let want = regops_view(&apache("ex", &every_extension("ex")));
    // Another prefix on the root.
    assert_eq!(
        regops_view(&apache("apache", &every_extension("apache"))),
        want
    );
    // Declared on the value itself, or on an inner element only.
    let inner = format!(
        "<?xml version=\"1.0\"?><methodResponse><params><param><value xmlns:j=\"{NS}\">{}</value>\
         </param></params></methodResponse>",
        every_extension("j")
    );
    assert_eq!(regops_view(&inner), want);
    // The extension namespace as the default namespace of the type element.
    let default = format!(
        "<?xml version=\"1.0\"?><methodResponse><params><param><value><array><data>\
         <value><nil xmlns=\"{NS}\"/></value><value><i8 xmlns=\"{NS}\">5</i8></value>\
         <value><float xmlns='{NS}'>0.25</float></value><value><i4>7</i4></value>\
         </data></array></value></param></params></methodResponse>"
    );
    assert_eq!(regops_view(&default), serde_json::json!([null, 5, 0.25, 7]));
    assert_eq!(regops_view(&default), python_view(&default));
}

#[test]
fn typed_targets_take_the_extensions() {
    #[derive(serde::Deserialize, Debug, PartialEq)]
    struct Java {
        nothing: Option<String>,
        byte: i8,
        short: i16,
        long: i64,
        float: f32,
        big: i64,
        decimal: f64,
    }
    let doc = apache("ex", &every_extension("ex"));
    let java: Java = read_response(doc.as_bytes()).unwrap();
    assert_eq!(
        java,
        Java {
            nothing: None,
            byte: -128,
            short: 32767,
            long: 9_007_199_254_740_993,
            float: 1.5,
            big: i64::MIN,
            decimal: 123.25,
        }
    );

    // Beyond 64 bits: a 128-bit integer, or the exact digits as a string (so is a
    // `bigdecimal`, which no Rust float holds exactly).
    #[derive(serde::Deserialize, Debug, PartialEq)]
    struct Big {
        wide: i128,
        digits: String,
        unsigned: u64,
        exact: String,
    }
    let doc = apache(
        "ex",
        "<struct>\
         <member><name>wide</name><value><ex:biginteger>-123456789012345678901234567890</ex:biginteger></value></member>\
         <member><name>digits</name><value><ex:biginteger>123456789012345678901234567890</ex:biginteger></value></member>\
         <member><name>unsigned</name><value><ex:biginteger>18446744073709551615</ex:biginteger></value></member>\
         <member><name>exact</name><value><ex:bigdecimal>0.1000000000000000000000000001</ex:bigdecimal></value></member>\
         </struct>",
    );
    let big: Big = read_response(doc.as_bytes()).unwrap();
    assert_eq!(
        big,
        Big {
            wide: -123_456_789_012_345_678_901_234_567_890,
            digits: "123456789012345678901234567890".into(),
            unsigned: u64::MAX,
            exact: "0.1000000000000000000000000001".into(),
        }
    );
}

#[test]
fn a_gandi_answer_from_an_apache_server_decodes_into_the_model() {
    let doc = apache(
        "ex",
        "<struct>\
         <member><name>id</name><value><ex:i8>123456093</ex:i8></value></member>\
         <member><name>type</name><value>domain_create</value></member>\
         <member><name>step</name><value><string>DONE</string></value></member>\
         <member><name>date_created</name><value><dateTime.iso8601>20260309T20:05:42</dateTime.iso8601></value></member>\
         <member><name>date_updated</name><value><dateTime.iso8601>20260309T20:28:36</dateTime.iso8601></value></member>\
         <member><name>date_start</name><value><dateTime.iso8601>20260309T20:11:24</dateTime.iso8601></value></member>\
         <member><name>eta</name><value><ex:i2>0</ex:i2></value></member>\
         <member><name>errortype</name><value><ex:nil/></value></member>\
         <member><name>session_id</name><value><i4>43766637</i4></value></member>\
         </struct>",
    );
    let op: OperationListReturn = read_response(doc.as_bytes()).unwrap();
    assert_eq!(op.id, 123_456_093);
    assert_eq!(op.eta, Some(0));
    assert_eq!(op.step.as_str(), "DONE");
}

#[test]
fn extensions_are_written_as_standard_types() {
    let doc = apache("ex", &every_extension("ex"));
    let value: Value = read_response(doc.as_bytes()).unwrap();
    let again = String::from_utf8(write_response(&value).unwrap()).unwrap();
    assert!(!again.contains("<ex:"), "{again}");
    assert!(again.contains("<nil/>") && again.contains("<i8>9007199254740993</i8>"));
    // What regops writes, Python reads as it read Apache's document.
    assert_eq!(python_view(&again), python_view(&doc));
}

fn refused(doc: &str) -> regops_xmlrpc::Error {
    read_response::<Value>(doc.as_bytes()).expect_err(doc)
}

#[test]
fn extension_names_need_the_extension_namespace() {
    // An undeclared prefix is not namespace-well-formed (Python, which does not process
    // namespaces, strips any prefix; Apache always declares it).
    let undeclared = "<?xml version=\"1.0\"?><methodResponse><params><param><value><ex:nil/>\
                      </value></param></params></methodResponse>";
    insta::assert_snapshot!(
        refused(undeclared).to_string(),
        @"line 1, column 60 (params[0]): malformed XML: namespace prefix `ex` is not declared (an `xmlns:ex=\"…\"` attribute on this element or an enclosing one)"
    );
    // `ex` bound to another namespace names another element.
    let other = "<?xml version=\"1.0\"?><methodResponse xmlns:ex=\"urn:other\"><params><param>\
                 <value><ex:nil/></value></param></params></methodResponse>";
    assert!(matches!(refused(other).kind(), ErrorKind::Expected { .. }));
    // A declaration on a sibling is out of scope.
    let sibling = format!(
        "<?xml version=\"1.0\"?><methodResponse><params><param><value><array><data>\
         <value xmlns:ex=\"{NS}\"><ex:nil/></value><value><ex:nil/></value>\
         </data></array></value></param></params></methodResponse>"
    );
    assert!(
        refused(&sibling)
            .to_string()
            .contains("prefix `ex` is not declared")
    );
    // The extensions Apache writes for Java objects are refused, as Python refuses them.
    for java in [
        "<ex:dom>x</ex:dom>",
        "<ex:serializable>AAA=</ex:serializable>",
    ] {
        let err = refused(&apache("ex", java));
        assert!(matches!(err.kind(), ErrorKind::Expected { .. }), "{err}");
    }
    // Standard names in the extension namespace are not XML-RPC's.
    let err = refused(&apache("ex", "<ex:string>x</ex:string>"));
    assert!(matches!(err.kind(), ErrorKind::Expected { .. }), "{err}");
}

#[test]
fn java_ranges_hold() {
    for (doc, message) in [
        (
            "<ex:i1>128</ex:i1>",
            "integer `128` does not fit in <ex:i1> (8 bits)",
        ),
        (
            "<ex:i2>-32769</ex:i2>",
            "integer `-32769` does not fit in <ex:i2> (16 bits)",
        ),
        (
            "<ex:i8>9223372036854775808</ex:i8>",
            "integer `9223372036854775808` does not fit in <i8> (64 bits)",
        ),
        ("<ex:i1>1.5</ex:i1>", "invalid integer `1.5`"),
        ("<ex:float>fast</ex:float>", "invalid double `fast`"),
    ] {
        let err = refused(&apache("ex", doc));
        assert!(err.to_string().ends_with(message), "{err}");
        assert!(std::error::Error::source(&err).is_some() || message.contains("bits"));
    }
}
