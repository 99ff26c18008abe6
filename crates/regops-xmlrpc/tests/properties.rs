//! Property tests: any `regops_model::Value` tree survives encode → decode unchanged, through
//! a bare value and through a response; no input, however broken, makes the decoder panic.

use proptest::prelude::*;
use regops_model::{Bytes, DateTime, Map, Value};

/// Text XML 1.0 can carry (what an XML-RPC string can hold): no C0 controls other than tab,
/// line feed and carriage return, no U+FFFE/U+FFFF.
fn xml_text() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            4 => prop::char::range(' ', '~'),
            1 => prop::sample::select(vec!['\t', '\n', '\r', '&', '<', '>', '"', '\'', ']']),
            2 => any::<char>().prop_filter("XML 1.0 character", |c| {
                !matches!(*c, '\u{0}'..='\u{8}' | '\u{B}' | '\u{C}' | '\u{E}'..='\u{1F}' | '\u{FFFE}' | '\u{FFFF}')
            }),
        ],
        0..24,
    )
    .prop_map(|chars| chars.into_iter().collect())
}

/// Date-times in every spelling `DateTime::parse` reads: the value remembers it, so a tree
/// must also be written back byte for byte.
fn datetime() -> impl Strategy<Value = DateTime> {
    let fraction = prop_oneof![
        Just(String::new()),
        (prop::sample::select(vec!['.', ',']), "[0-9]{1,9}")
            .prop_map(|(separator, digits)| format!("{separator}{digits}")),
    ];
    let zone = prop_oneof![
        Just(String::new()),
        Just("Z".to_owned()),
        "[+-]([01][0-9]|2[0-3])(:?[0-5][0-9])?",
    ];
    (
        0i32..=9999,
        1u32..=12,
        1u32..=28,
        0u32..24,
        0u32..60,
        0u32..60,
        0u8..4,
        fraction,
        zone,
    )
        .prop_map(|(y, mo, d, h, mi, s, layout, fraction, zone)| {
            let text = match layout {
                0 => format!("{y:04}{mo:02}{d:02}T{h:02}:{mi:02}:{s:02}"),
                1 => format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}"),
                2 => format!("{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02}"),
                _ => format!("{y:04}{mo:02}{d:02}T{h:02}{mi:02}{s:02}"),
            };
            DateTime::parse(&format!("{text}{fraction}{zone}")).expect("valid")
        })
}

fn leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Nil),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::Int),
        any::<f64>()
            .prop_filter("NaN is not equal to itself", |f| !f.is_nan())
            .prop_map(Value::Double),
        xml_text().prop_map(Value::String),
        datetime().prop_map(Value::DateTime),
        prop::collection::vec(any::<u8>(), 0..40).prop_map(|b| Value::Base64(Bytes(b))),
    ]
}

fn value() -> impl Strategy<Value = Value> {
    leaf().prop_recursive(6, 64, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..8).prop_map(Value::Array),
            prop::collection::btree_map(xml_text(), inner, 0..8)
                .prop_map(|m| Value::Struct(m.into_iter().collect::<Map>())),
        ]
    })
}

/// Fragments of XML-RPC, to build inputs that get past the first element.
fn xmlish() -> impl Strategy<Value = String> {
    let pieces = vec![
        "<value>",
        "</value>",
        "<value/>",
        "<struct>",
        "</struct>",
        "<member>",
        "</member>",
        "<name>",
        "</name>",
        "<array>",
        "</array>",
        "<data>",
        "</data>",
        "<int>",
        "</int>",
        "<i8>",
        "</i8>",
        "<string>",
        "</string>",
        "<boolean>",
        "</boolean>",
        "<double>",
        "</double>",
        "<dateTime.iso8601>",
        "</dateTime.iso8601>",
        "<base64>",
        "</base64>",
        "<nil/>",
        "<methodResponse>",
        "</methodResponse>",
        "<params>",
        "</params>",
        "<param>",
        "</param>",
        "<fault>",
        "</fault>",
        "<methodCall>",
        "<methodName>",
        "</methodName>",
        "1",
        "0",
        "-7",
        "x",
        " ",
        "\n",
        "&amp;",
        "&#233;",
        "&bogus;",
        "<![CDATA[<]]>",
        "<!-- c -->",
        "<?xml version='1.0'?>",
        "<!DOCTYPE x>",
        "20261122T10:11:12",
        "2026-11-22 101112,5-0130",
        "Z",
        "aGk=",
        "1.5",
        "faultCode",
        "faultString",
        "&",
        "<",
        ">",
    ];
    prop::collection::vec(prop::sample::select(pieces), 0..40).prop_map(|p| p.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn value_round_trips(v in value()) {
        let xml = regops_xmlrpc::to_vec(&v).unwrap();
        let back: Value = regops_xmlrpc::from_slice(&xml).unwrap();
        prop_assert_eq!(&back, &v);
        // Nothing is lost that equality does not see (a date-time's spelling).
        prop_assert_eq!(regops_xmlrpc::to_vec(&back).unwrap(), xml);
        let response = regops_xmlrpc::write_response(&v).unwrap();
        let back: Value = regops_xmlrpc::read_response(&response).unwrap();
        prop_assert_eq!(&back, &v);
        let call = regops_xmlrpc::write_call("m", &(&v, 1)).unwrap();
        let (_, params) = regops_xmlrpc::read_call(&call).unwrap();
        let (back, one): (Value, i32) = params.decode().unwrap();
        prop_assert_eq!(&back, &v);
        prop_assert_eq!(one, 1);
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        let _ = regops_xmlrpc::from_slice::<Value>(&bytes);
        let _ = regops_xmlrpc::read_response::<Value>(&bytes);
        if let Ok((_, params)) = regops_xmlrpc::read_call(&bytes) {
            let _ = params.decode::<Vec<Value>>();
        }
    }

    #[test]
    fn xmlish_input_never_panics(doc in xmlish()) {
        let _ = regops_xmlrpc::from_str::<Value>(&doc);
        let _ = regops_xmlrpc::from_str::<Vec<(i32, String)>>(&doc);
        let _ = regops_xmlrpc::read_response::<Value>(doc.as_bytes());
        let _ = regops_xmlrpc::read_response::<Option<Vec<i64>>>(doc.as_bytes());
        if let Ok((_, params)) = regops_xmlrpc::read_call(doc.as_bytes()) {
            let _ = params.decode::<Vec<Value>>();
        }
    }
}
