//! Hostile inputs: every file under `tests/hostile/` must be refused with a clear error (the
//! `Display` of each is snapshotted), limits must hold, and no input may panic or hang.

use regops_model::Value;
use regops_xmlrpc::{ErrorKind, LimitKind, Limits, from_slice, from_slice_with_limits, from_str};

fn decode(bytes: &[u8]) -> Result<(), regops_xmlrpc::Error> {
    let text = String::from_utf8_lossy(bytes);
    if text.contains("<methodResponse") {
        regops_xmlrpc::read_response::<Value>(bytes).map(drop)
    } else if text.contains("<methodCall") {
        let (_, params) = regops_xmlrpc::read_call(bytes)?;
        params.decode::<Vec<Value>>().map(drop)
    } else {
        from_slice::<Value>(bytes).map(drop)
    }
}

#[test]
fn hostile_corpus_is_refused_with_clear_errors() {
    insta::glob!("hostile/*.xml", |path| {
        let bytes = std::fs::read(path).unwrap();
        let err = decode(&bytes).expect_err("a hostile input must be refused");
        insta::assert_snapshot!(err.to_string());
    });
}

#[test]
fn declarations_are_refused_by_kind() {
    for name in [
        "billion_laughs",
        "external_entity",
        "entity_declaration_in_body",
    ] {
        let bytes = std::fs::read(format!("tests/hostile/{name}.xml")).unwrap();
        let err = decode(&bytes).unwrap_err();
        assert_eq!(err.kind(), &ErrorKind::DeclarationRefused, "{name}");
        assert!(
            err.to_string()
                .contains("DOCTYPE/entity declarations are refused")
        );
    }
}

fn nested(open: &str, close: &str, levels: usize) -> String {
    let mut doc = String::with_capacity(levels * (open.len() + close.len()) + 32);
    for _ in 0..levels {
        doc.push_str(open);
    }
    doc.push_str("<value><int>1</int></value>");
    for _ in 0..levels {
        doc.push_str(close);
    }
    doc
}

fn array_nesting(levels: usize) -> String {
    nested("<value><array><data>", "</data></array></value>", levels)
}

#[test]
fn deep_nesting_of_100k_levels_is_refused() {
    let arrays = nested("<value><array><data>", "</data></array></value>", 100_000);
    let err = from_str::<Value>(&arrays).unwrap_err();
    assert_eq!(
        err.kind(),
        &ErrorKind::LimitExceeded {
            limit: LimitKind::Depth,
            max: 64
        }
    );
    insta::assert_snapshot!("deep_arrays", err.to_string());

    let structs = nested(
        "<value><struct><member><name>a</name>",
        "</member></struct></value>",
        100_000,
    );
    let err = from_str::<Value>(&structs).unwrap_err();
    insta::assert_snapshot!("deep_structs", err.to_string());
}

#[test]
fn deep_nesting_in_a_skipped_member_is_refused_too() {
    #[derive(serde::Deserialize, Debug)]
    struct OnlyId {
        #[allow(dead_code)]
        id: i64,
    }
    let doc = format!(
        "<value><struct><member><name>id</name><value><int>1</int></value></member>\
         <member><name>junk</name>{}</member></struct></value>",
        nested("<value><array><data>", "</data></array></value>", 100_000)
    );
    let err = from_str::<OnlyId>(&doc).unwrap_err();
    assert!(matches!(
        err.kind(),
        ErrorKind::LimitExceeded {
            limit: LimitKind::Depth,
            ..
        }
    ));
}

#[test]
fn depth_limit_is_exact() {
    let limits = Limits::default().with_max_depth(3);
    let ok = array_nesting(3);
    assert!(from_slice_with_limits::<Value>(ok.as_bytes(), limits).is_ok());
    let too_deep = array_nesting(4);
    let err = from_slice_with_limits::<Value>(too_deep.as_bytes(), limits).unwrap_err();
    assert_eq!(
        err.kind(),
        &ErrorKind::LimitExceeded {
            limit: LimitKind::Depth,
            max: 3
        }
    );
}

#[test]
fn string_limit_holds_for_every_kind_of_text() {
    let limits = Limits::default().with_max_string_bytes(100);
    let long = "x".repeat(101);
    let docs = [
        format!("<value><string>{long}</string></value>"),
        format!("<value>{long}</value>"),
        format!("<value><string>{}</string></value>", "&amp;".repeat(101)),
        format!(
            "<value><string>{}</string></value>",
            "<![CDATA[xxxxxxxxxx]]>".repeat(11)
        ),
        format!("<value><base64>{}</base64></value>", "QUFB".repeat(26)),
        format!(
            "<value><struct><member><name>{long}</name><value>1</value></member></struct></value>"
        ),
        format!("<value><int>{}</int></value>", "0".repeat(101)),
    ];
    for doc in &docs {
        let err = from_slice_with_limits::<Value>(doc.as_bytes(), limits).unwrap_err();
        assert_eq!(
            err.kind(),
            &ErrorKind::LimitExceeded {
                limit: LimitKind::StringBytes,
                max: 100
            },
            "{doc}"
        );
        // Exactly at the limit passes (for the plain string).
    }
    let at_limit = format!("<value><string>{}</string></value>", "x".repeat(100));
    let v: String = from_slice_with_limits(at_limit.as_bytes(), limits).unwrap();
    assert_eq!(v.len(), 100);
}

#[test]
fn document_limit_holds_before_parsing() {
    let limits = Limits::default().with_max_document_bytes(64);
    let doc = format!("<value><string>{}</string></value>", "x".repeat(64));
    let err = from_slice_with_limits::<Value>(doc.as_bytes(), limits).unwrap_err();
    assert_eq!(
        err.kind(),
        &ErrorKind::LimitExceeded {
            limit: LimitKind::DocumentBytes,
            max: 64
        }
    );
    let err =
        regops_xmlrpc::read_response_with_limits::<Value>(doc.as_bytes(), limits).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::LimitExceeded { .. }));
}

const RICH: &str = "<?xml version=\"1.0\"?>\n<methodResponse><params><param><value><struct>\
<member><name>a&amp;b</name><value><array><data><value><i4>-7</i4></value><value>untyped</value>\
<value><nil/></value><value><i8>9007199254740993</i8></value></data></array></value></member>\
<member><name>when</name><value><dateTime.iso8601>20261122T10:11:12</dateTime.iso8601></value></member>\
<member><name>bin</name><value><base64>aGVsbG8=</base64></value></member>\
<member><name>s</name><value><string><![CDATA[<x>]]>&#233;&#xE9;</string></value></member>\
<member><name>d</name><value><double>-1.5</double></value></member>\
<member><name>b</name><value><boolean>1</boolean></value></member>\
</struct></value></param></params></methodResponse>";

#[test]
fn every_truncation_of_a_document_is_an_error() {
    let full = RICH.as_bytes();
    regops_xmlrpc::read_response::<Value>(full).expect("the whole document decodes");
    for len in 0..full.len() {
        let prefix = &full[..len];
        assert!(
            regops_xmlrpc::read_response::<Value>(prefix).is_err(),
            "prefix of {len} bytes decoded"
        );
        // The typed and value-fragment paths must not panic either.
        let _ = from_slice::<Value>(prefix);
        let _ = from_slice::<std::collections::BTreeMap<String, String>>(prefix);
    }
}

#[test]
fn every_single_byte_corruption_is_handled() {
    let full = RICH.as_bytes();
    for i in 0..full.len() {
        for b in [b'<', b'>', b'&', b'/', 0xFF, b'x', b' '] {
            let mut doc = full.to_vec();
            doc[i] = b;
            let _ = regops_xmlrpc::read_response::<Value>(&doc);
        }
    }
}

#[test]
fn wrong_types_name_the_value() {
    #[derive(serde::Deserialize, Debug)]
    #[allow(dead_code)]
    struct Op {
        id: i64,
        step: String,
        done: bool,
        infos: Vec<Info>,
    }
    #[derive(serde::Deserialize, Debug)]
    #[allow(dead_code)]
    struct Info {
        quantity: i64,
    }
    let cases = [
        (
            "string_for_int",
            "<value><array><data><value><struct>\n\
             <member><name>id</name><value><string>12</string></value></member>\n\
             </struct></value></data></array></value>",
        ),
        (
            "int_for_string",
            "<value><array><data><value><struct>\n\
             <member><name>id</name><value><int>12</int></value></member>\n\
             <member><name>step</name><value><int>5</int></value></member>\n\
             </struct></value></data></array></value>",
        ),
        (
            "nested_path",
            "<value><array><data><value><struct>\n\
             <member><name>id</name><value><int>12</int></value></member>\n\
             <member><name>step</name><value>RUN</value></member>\n\
             <member><name>done</name><value><boolean>0</boolean></value></member>\n\
             <member><name>infos</name><value><array><data>\n\
             <value><struct><member><name>quantity</name><value><int>1</int></value></member></struct></value>\n\
             <value><struct><member><name>quantity</name><value><double>1.5</double></value></member></struct></value>\n\
             </data></array></value></member>\n\
             </struct></value></data></array></value>",
        ),
        (
            "missing_field",
            "<value><array><data><value><struct>\n\
             <member><name>id</name><value><int>12</int></value></member>\n\
             </struct></value></data></array></value>",
        ),
        (
            "array_for_struct",
            "<value><array><data><value><array><data/></array></value></data></array></value>",
        ),
    ];
    for (name, doc) in cases {
        let err = from_str::<Vec<Op>>(doc).unwrap_err();
        insta::assert_snapshot!(format!("wrong_type_{name}"), err.to_string());
    }
}
