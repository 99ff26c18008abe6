//! Every XML-RPC type, both ways, with the serde mapping of the crate documentation.

use std::borrow::Cow;
use std::collections::BTreeMap;

use regops_model::{Bytes, DateTime, Map, Value};
use regops_xmlrpc::{ErrorKind, from_str, to_string};
use serde::{Deserialize, Serialize};

fn v(inner: &str) -> String {
    format!("<value>{inner}</value>")
}

#[test]
fn integers() {
    assert_eq!(from_str::<i32>(&v("<int>-42</int>")).unwrap(), -42);
    assert_eq!(
        from_str::<i64>(&v("<i4>2147483647</i4>")).unwrap(),
        2_147_483_647
    );
    assert_eq!(
        from_str::<i64>(&v("<i8>-9223372036854775808</i8>")).unwrap(),
        i64::MIN
    );
    assert_eq!(from_str::<u8>(&v("<int> +7 </int>")).unwrap(), 7);
    assert_eq!(from_str::<Value>(&v("<i8>5</i8>")).unwrap(), Value::Int(5));
    assert!(from_str::<u8>(&v("<int>300</int>")).is_err());
    assert!(from_str::<u64>(&v("<int>-1</int>")).is_err());

    assert_eq!(to_string(&7i8).unwrap(), v("<int>7</int>"));
    assert_eq!(to_string(&i32::MIN).unwrap(), v("<int>-2147483648</int>"));
    assert_eq!(
        to_string(&2_147_483_648i64).unwrap(),
        v("<i8>2147483648</i8>")
    );
    assert_eq!(
        to_string(&i64::MIN).unwrap(),
        v("<i8>-9223372036854775808</i8>")
    );
    assert_eq!(
        to_string(&(i64::MAX as u64)).unwrap(),
        v("<i8>9223372036854775807</i8>")
    );
    let err = to_string(&(i64::MAX as u64 + 1)).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::Unsupported(_)), "{err}");
    assert!(to_string(&i128::MAX).is_err());
    assert_eq!(to_string(&5u128).unwrap(), v("<int>5</int>"));
}

#[test]
fn booleans_are_zero_or_one() {
    assert!(from_str::<bool>(&v("<boolean>1</boolean>")).unwrap());
    assert!(!from_str::<bool>(&v("<boolean>0</boolean>")).unwrap());
    assert!(from_str::<bool>(&v("<boolean>true</boolean>")).is_err());
    assert!(from_str::<bool>(&v("<int>1</int>")).is_err());
    assert_eq!(to_string(&true).unwrap(), v("<boolean>1</boolean>"));
    assert_eq!(to_string(&false).unwrap(), v("<boolean>0</boolean>"));
}

#[test]
fn strings_typed_and_untyped() {
    assert_eq!(
        from_str::<String>(&v("<string>abc</string>")).unwrap(),
        "abc"
    );
    assert_eq!(from_str::<String>(&v("abc")).unwrap(), "abc");
    assert_eq!(from_str::<String>(&v("  spaced  ")).unwrap(), "  spaced  ");
    assert_eq!(
        from_str::<String>(&v("<string> a </string>")).unwrap(),
        " a "
    );
    assert_eq!(from_str::<String>(&v("")).unwrap(), "");
    assert_eq!(from_str::<String>("<value/>").unwrap(), "");
    assert_eq!(from_str::<String>(&v("<string/>")).unwrap(), "");
    assert_eq!(from_str::<String>(&v("<string></string>")).unwrap(), "");
    assert_eq!(
        from_str::<Value>(&v("x")).unwrap(),
        Value::String("x".into())
    );
    assert_eq!(from_str::<char>(&v("é")).unwrap(), 'é');
    assert_eq!(to_string("é").unwrap(), v("<string>é</string>"));
    assert_eq!(to_string("").unwrap(), v("<string></string>"));
    assert_eq!(to_string(&'x').unwrap(), v("<string>x</string>"));
}

#[test]
fn strings_borrow_from_the_input_when_they_hold_no_entity() {
    let doc = v("<string>plain</string>");
    let s: &str = from_str(&doc).unwrap();
    assert_eq!(s, "plain");
    let s: Cow<'_, str> = from_str(&v("untyped")).unwrap();
    assert_eq!(s, "untyped");
    // With an entity the text must be built, so `&str` cannot be had.
    assert!(from_str::<&str>(&v("<string>a&amp;b</string>")).is_err());
    #[derive(Deserialize)]
    struct Borrowing<'a> {
        #[serde(borrow)]
        name: Cow<'a, str>,
    }
    let doc = v("<struct><member><name>name</name><value>n</value></member></struct>");
    let b: Borrowing<'_> = from_str(&doc).unwrap();
    assert!(matches!(b.name, Cow::Borrowed("n")));
}

#[test]
fn entities_char_refs_and_cdata() {
    let s: String = from_str(&v("<string>&amp;&lt;&gt;&quot;&apos;</string>")).unwrap();
    assert_eq!(s, "&<>\"'");
    let s: String = from_str(&v("<string>caf&#233; caf&#xE9; &#x1F600;</string>")).unwrap();
    assert_eq!(s, "café café 😀");
    let s: String = from_str(&v("<string>a<![CDATA[<b>&amp;</b>]]>c</string>")).unwrap();
    assert_eq!(s, "a<b>&amp;</b>c");
    let s: String = from_str(&v("a&amp;<![CDATA[]]>b<!-- comment -->c")).unwrap();
    assert_eq!(s, "a&bc");
    // Line ends are normalized as XML requires; `&#13;` keeps a carriage return.
    let s: String = from_str(&v("<string>a\r\nb\rc&#13;</string>")).unwrap();
    assert_eq!(s, "a\nb\nc\r");
    assert_eq!(
        to_string("a&b<c>d\re\t\n").unwrap(),
        v("<string>a&amp;b&lt;c&gt;d&#13;e\t\n</string>")
    );
    let back: String = from_str(&to_string("x\r\ny").unwrap()).unwrap();
    assert_eq!(back, "x\r\ny");
}

#[test]
fn characters_xml_cannot_carry_are_refused_on_encode() {
    for s in ["a\u{0}b", "\u{1}", "\u{1F}", "\u{FFFE}", "x\u{FFFF}"] {
        let err = to_string(s).unwrap_err();
        assert!(
            err.to_string().contains("cannot be written in XML 1.0"),
            "{err}"
        );
    }
    // U+EFxx and other characters starting with byte 0xEF are fine.
    assert_eq!(
        to_string("\u{F000}\u{FFFD}").unwrap(),
        v("<string>\u{F000}\u{FFFD}</string>")
    );
}

#[test]
fn doubles() {
    assert_eq!(from_str::<f64>(&v("<double>-1.5</double>")).unwrap(), -1.5);
    assert_eq!(from_str::<f64>(&v("<double>1e3</double>")).unwrap(), 1000.0);
    assert_eq!(from_str::<f64>(&v("<int>3</int>")).unwrap(), 3.0);
    assert!(
        from_str::<f64>(&v("<double>inf</double>"))
            .unwrap()
            .is_infinite()
    );
    assert!(
        from_str::<f64>(&v("<double>nan</double>"))
            .unwrap()
            .is_nan()
    );
    assert_eq!(to_string(&1.0f64).unwrap(), v("<double>1.0</double>"));
    assert_eq!(to_string(&0.1f64).unwrap(), v("<double>0.1</double>"));
    assert_eq!(to_string(&-2.5f32).unwrap(), v("<double>-2.5</double>"));
    assert_eq!(
        to_string(&f64::INFINITY).unwrap(),
        v("<double>inf</double>")
    );
    for x in [1e300, 5e-324, -0.0, 123456.789, f64::MAX, f64::MIN_POSITIVE] {
        let back: f64 = from_str(&to_string(&x).unwrap()).unwrap();
        assert_eq!(back.to_bits(), x.to_bits());
    }
}

#[test]
fn datetimes_both_forms_in_compact_form_out() {
    let compact: DateTime =
        from_str(&v("<dateTime.iso8601>20261122T10:11:12</dateTime.iso8601>")).unwrap();
    let extended: DateTime = from_str(&v(
        "<dateTime.iso8601>2026-11-22T10:11:12</dateTime.iso8601>",
    ))
    .unwrap();
    assert_eq!(compact, extended);
    assert_eq!(
        to_string(&extended).unwrap(),
        v("<dateTime.iso8601>20261122T10:11:12</dateTime.iso8601>")
    );
    // A date-time may also come as a string.
    let s: DateTime = from_str(&v("<string>2026-11-22T10:11:12</string>")).unwrap();
    assert_eq!(s, compact);
    // Outside value mode a dateTime reads as its text.
    let text: String =
        from_str(&v("<dateTime.iso8601>20261122T10:11:12</dateTime.iso8601>")).unwrap();
    assert_eq!(text, "20261122T10:11:12");
    // In a Value, it stays a date-time.
    let value: Value =
        from_str(&v("<dateTime.iso8601>20261122T10:11:12</dateTime.iso8601>")).unwrap();
    assert_eq!(value, Value::DateTime(compact));
    assert_eq!(
        to_string(&value).unwrap(),
        v("<dateTime.iso8601>20261122T10:11:12</dateTime.iso8601>")
    );
}

#[test]
fn base64_bytes() {
    let b: Bytes = from_str(&v("<base64>aGVs\nbG8=</base64>")).unwrap();
    assert_eq!(b.0, b"hello");
    assert_eq!(to_string(&b).unwrap(), v("<base64>aGVsbG8=</base64>"));
    let value: Value = from_str(&v("<base64>aGVsbG8=</base64>")).unwrap();
    assert_eq!(value, Value::Base64(Bytes(b"hello".to_vec())));
    assert_eq!(to_string(&value).unwrap(), v("<base64>aGVsbG8=</base64>"));
    // Plain serde bytes.
    struct Raw(Vec<u8>);
    impl Serialize for Raw {
        fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            s.serialize_bytes(&self.0)
        }
    }
    assert_eq!(
        to_string(&Raw(vec![0, 255, 7])).unwrap(),
        v("<base64>AP8H</base64>")
    );
    assert_eq!(to_string(&Raw(vec![])).unwrap(), v("<base64></base64>"));
    let err = from_str::<Bytes>(&v("<base64>***</base64>")).unwrap_err();
    assert!(err.to_string().contains("base64"), "{err}");
}

#[test]
fn nil_unit_and_options() {
    assert_eq!(from_str::<Option<i32>>(&v("<nil/>")).unwrap(), None);
    assert_eq!(from_str::<Option<i32>>(&v("<nil></nil>")).unwrap(), None);
    assert_eq!(
        from_str::<Option<i32>>(&v("<int>1</int>")).unwrap(),
        Some(1)
    );
    from_str::<()>(&v("<nil/>")).unwrap();
    assert_eq!(from_str::<Value>(&v("<nil/>")).unwrap(), Value::Nil);
    assert_eq!(to_string(&None::<i32>).unwrap(), v("<nil/>"));
    assert_eq!(to_string(&()).unwrap(), v("<nil/>"));
    assert_eq!(
        to_string(&vec![Some(1), None]).unwrap(),
        v("<array><data><value><int>1</int></value><value><nil/></value></data></array>")
    );

    #[derive(Serialize, Deserialize, Debug, PartialEq)]
    struct S {
        a: Option<i32>,
        b: Option<String>,
    }
    let s = S {
        a: None,
        b: Some("x".into()),
    };
    let xml = to_string(&s).unwrap();
    assert_eq!(
        xml,
        v("<struct><member><name>b</name><value><string>x</string></value></member></struct>")
    );
    assert_eq!(from_str::<S>(&xml).unwrap(), s);
    // A nil member decodes as None too.
    let nil = v(
        "<struct><member><name>a</name><value><nil/></value></member><member><name>b</name><value><nil/></value></member></struct>",
    );
    assert_eq!(from_str::<S>(&nil).unwrap(), S { a: None, b: None });
    let mut m = BTreeMap::new();
    m.insert("gone", None);
    m.insert("kept", Some(1));
    assert_eq!(
        to_string(&m).unwrap(),
        v("<struct><member><name>kept</name><value><int>1</int></value></member></struct>")
    );
}

#[test]
fn structs_arrays_maps_tuples() {
    #[derive(Serialize, Deserialize, Debug, PartialEq)]
    struct Inner {
        x: i64,
    }
    #[derive(Serialize, Deserialize, Debug, PartialEq)]
    struct Outer {
        name: String,
        inner: Inner,
        list: Vec<Inner>,
        pair: (i32, String),
        empty: Vec<i32>,
        map: BTreeMap<String, i64>,
        #[serde(rename = "x-weird & name")]
        weird: bool,
    }
    let o = Outer {
        name: "n".into(),
        inner: Inner { x: 1 },
        list: vec![Inner { x: 2 }, Inner { x: 3 }],
        pair: (4, "five".into()),
        empty: vec![],
        map: [("k".to_owned(), 6)].into_iter().collect(),
        weird: true,
    };
    let xml = to_string(&o).unwrap();
    assert!(xml.contains("<name>x-weird &amp; name</name>"));
    assert!(xml.contains("<value><array><data></data></array></value>"));
    assert_eq!(from_str::<Outer>(&xml).unwrap(), o);

    assert_eq!(
        from_str::<Vec<i32>>(&v("<array><data/></array>")).unwrap(),
        Vec::<i32>::new()
    );
    assert_eq!(
        from_str::<Vec<i32>>(&v("<array/>")).unwrap(),
        Vec::<i32>::new()
    );
    assert_eq!(from_str::<Map>(&v("<struct/>")).unwrap(), Map::new());
    assert_eq!(
        from_str::<Map>(&v("<struct></struct>")).unwrap(),
        Map::new()
    );
    // Unknown members are skipped, whatever they hold.
    let doc = v(
        "<struct><member><name>x</name><value><int>1</int></value></member>\
        <member><name>junk</name><value><struct><member><name>a</name><value><array><data><value>&amp;</value></data></array></value></member></struct></value></member></struct>",
    );
    assert_eq!(from_str::<Inner>(&doc).unwrap(), Inner { x: 1 });
    // Integer map keys.
    let m: BTreeMap<i32, String> = from_str(&v(
        "<struct><member><name>7</name><value>seven</value></member></struct>",
    ))
    .unwrap();
    assert_eq!(m[&7], "seven");
    assert_eq!(
        to_string(&m).unwrap(),
        v("<struct><member><name>7</name><value><string>seven</string></value></member></struct>")
    );
    let err = to_string(&[((), 1)].into_iter().collect::<BTreeMap<(), i32>>()).unwrap_err();
    assert!(err.to_string().contains("member names must be strings"));
}

#[test]
fn enums_are_externally_tagged() {
    #[derive(Serialize, Deserialize, Debug, PartialEq)]
    enum E {
        Unit,
        New(i32),
        Tuple(i32, String),
        Named { a: bool },
    }
    for (e, xml) in [
        (E::Unit, v("<string>Unit</string>")),
        (
            E::New(1),
            v("<struct><member><name>New</name><value><int>1</int></value></member></struct>"),
        ),
        (
            E::Tuple(1, "x".into()),
            v(
                "<struct><member><name>Tuple</name><value><array><data><value><int>1</int></value><value><string>x</string></value></data></array></value></member></struct>",
            ),
        ),
        (
            E::Named { a: true },
            v(
                "<struct><member><name>Named</name><value><struct><member><name>a</name><value><boolean>1</boolean></value></member></struct></value></member></struct>",
            ),
        ),
    ] {
        assert_eq!(to_string(&e).unwrap(), xml);
        assert_eq!(from_str::<E>(&xml).unwrap(), e);
    }
    assert_eq!(from_str::<E>(&v("Unit")).unwrap(), E::Unit);
    assert!(from_str::<E>(&v("<string>Nope</string>")).is_err());
}

#[test]
fn markup_around_values_is_tolerated() {
    let doc = "\u{feff}<?xml version='1.0' encoding='UTF-8'?>\n<!-- c -->\n<?pi x?>\n\
               <value attr=\"ignored\">\n  <struct>\n    <!-- c -->\n    <member>\n      <name>a</name>\n      \
               <value>\n        <int>1</int>\n      </value>\n    </member>\n  </struct>\n</value>\n<!-- end -->\n";
    let m: BTreeMap<String, i64> = from_str(doc).unwrap();
    assert_eq!(m["a"], 1);
}

#[test]
fn value_round_trip_keeps_every_type() {
    let mut map = Map::new();
    map.insert("nil".into(), Value::Nil);
    map.insert("bool".into(), Value::Bool(true));
    map.insert("int".into(), Value::Int(-5));
    map.insert("big".into(), Value::Int(1 << 40));
    map.insert("double".into(), Value::Double(2.5));
    map.insert("string".into(), Value::String("a&<>é".into()));
    map.insert("empty".into(), Value::String(String::new()));
    map.insert(
        "when".into(),
        Value::DateTime(DateTime::parse("2026-11-22T10:11:12").unwrap()),
    );
    map.insert("bin".into(), Value::Base64(Bytes(vec![1, 2, 3])));
    map.insert(
        "list".into(),
        Value::Array(vec![Value::Int(1), Value::Array(vec![])]),
    );
    map.insert("nested".into(), Value::Struct(Map::new()));
    let value = Value::Struct(map);
    let xml = to_string(&value).unwrap();
    assert_eq!(from_str::<Value>(&xml).unwrap(), value);
}

#[test]
fn error_positions_and_paths() {
    let doc = "<value><struct>\n  <member><name>list</name><value><array><data>\n    <value><int>1</int></value>\n    <value><string>two</string></value>\n  </data></array></value></member>\n</struct></value>";
    #[derive(Deserialize, Debug)]
    #[allow(dead_code)]
    struct S {
        list: Vec<i32>,
    }
    let err = from_str::<S>(doc).unwrap_err();
    assert_eq!(err.line(), Some(4));
    assert_eq!(err.column(), Some(12));
    assert_eq!(err.path(), "list[1]");
    assert_eq!(
        err.to_string(),
        "line 4, column 12 (list[1]): expected an integer, found <string>"
    );
    // Columns count characters, not bytes.
    let err = from_str::<i32>("<value>é<int>1</int></value>").unwrap_err();
    assert_eq!(err.column(), Some(9));
}
