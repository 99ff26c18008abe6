//! `dateTime.iso8601` in the ISO 8601 forms other XML-RPC peers write: read in typed fields
//! and in unknown members (`Value`), written back losslessly, and read the way Python's
//! `datetime.fromisoformat` (an independent ISO 8601 reader) reads them. python3 is on every
//! machine of this project (and on CI): its absence fails the test.

#[path = "support/python.rs"]
mod support;

use std::error::Error as _;

use regops_model::gandi::{OperationList, OperationListReturn};
use regops_model::{DateTime, Nullable, Value};
use regops_xmlrpc::{
    ErrorKind, from_str, read_method_response, read_response, to_string, write_method_response,
    write_response,
};

/// What peers write, and what regops writes back (XML-RPC's date and time, then the fraction
/// and zone as they came).
const FORMS: &[(&str, &str)] = &[
    // The specification's form, Python's and Apache's.
    ("19980717T14:08:55", "19980717T14:08:55"),
    // xmlrpc-c: microseconds.
    ("19980717T14:08:55.123456", "19980717T14:08:55.123456"),
    // Node's `xmlrpc` and Go with milliseconds and a zone.
    ("2026-11-27T15:40:57.123Z", "20261127T15:40:57.123Z"),
    (
        "2026-11-27T15:40:57.123+01:00",
        "20261127T15:40:57.123+01:00",
    ),
    ("20261127T15:40:57Z", "20261127T15:40:57Z"),
    // Times without colons, offsets in every spelling.
    ("19980717T140855", "19980717T14:08:55"),
    ("2026-11-27T154057-0530", "20261127T15:40:57-0530"),
    ("20010909T00:46:40-01", "20010909T00:46:40-01"),
    ("2001-09-08T21:46:40-0400", "20010908T21:46:40-0400"),
    ("20261127T15:40:57-00:00", "20261127T15:40:57-00:00"),
    // Fraction digits as written, comma included.
    ("20261127T15:40:57.500", "20261127T15:40:57.500"),
    ("20261127T15:40:57,5+14", "20261127T15:40:57,5+14"),
    ("20261127T15:40:57.000000001", "20261127T15:40:57.000000001"),
];

/// A Gandi `operation.list` answer with `when` in its typed date fields and in unknown members
/// (one known to be free-form, `params`, and one the schema does not know), written as regops
/// writes an untyped value (members in name order).
fn answer(when: &str) -> String {
    let date = format!("<value><dateTime.iso8601>{when}</dateTime.iso8601></value>");
    format!(
        "<?xml version=\"1.0\"?><methodResponse><params><param><value><array><data><value><struct>\
         <member><name>date_created</name>{date}</member>\
         <member><name>date_start</name>{date}</member>\
         <member><name>date_updated</name>{date}</member>\
         <member><name>id</name><value><int>7</int></value></member>\
         <member><name>params</name><value><struct><member><name>queued_at</name>{date}</member>\
         </struct></value></member>\
         <member><name>seen_at</name>{date}</member>\
         <member><name>step</name><value><string>DONE</string></value></member>\
         <member><name>type</name><value><string>domain_renew</string></value></member>\
         </struct></value></data></array></value></param></params></methodResponse>"
    )
}

fn text(bytes: &[u8]) -> &str {
    std::str::from_utf8(bytes).unwrap()
}

#[test]
fn every_form_is_read_in_typed_fields_and_unknown_members_and_written_back() {
    for &(input, written) in FORMS {
        let expected = DateTime::parse(input).unwrap();
        let doc = answer(input);
        let ops = read_method_response::<OperationList>(doc.as_bytes())
            .unwrap_or_else(|e| panic!("{input}: {e}"));
        let op: &OperationListReturn = &ops[0];
        assert_eq!(op.date_created, expected, "{input}");
        assert_eq!(op.date_updated, expected, "{input}");
        assert_eq!(op.date_start, Nullable::Value(expected), "{input}");
        let params = op.params.as_ref().unwrap();
        assert_eq!(params["queued_at"], Value::DateTime(expected), "{input}");
        assert_eq!(
            op.extra_fields["seen_at"],
            Value::DateTime(expected),
            "{input}"
        );

        let ours = write_method_response::<OperationList>(&ops).unwrap();
        let wire = format!("<value><dateTime.iso8601>{written}</dateTime.iso8601></value>");
        assert_eq!(
            text(&ours).matches(&wire).count(),
            5,
            "{input}: {}",
            text(&ours)
        );
        // Decoded again: equal, and written the same way again.
        let back = read_method_response::<OperationList>(&ours).unwrap();
        assert_eq!(back, ops, "{input}");
        assert_eq!(write_method_response::<OperationList>(&back).unwrap(), ours);

        // The whole answer as an untyped value: a document already in our form comes back
        // byte for byte.
        let value: Value = read_response(doc.as_bytes()).unwrap();
        let ours = write_response(&value).unwrap();
        let expected_doc = answer(written);
        assert_eq!(text(&ours), expected_doc, "{input}");
    }
}

#[test]
fn a_bare_value_keeps_its_spelling() {
    for &(input, written) in FORMS {
        let doc = format!("<value><dateTime.iso8601>{input}</dateTime.iso8601></value>");
        let ours = format!("<value><dateTime.iso8601>{written}</dateTime.iso8601></value>");
        let typed: DateTime = from_str(&doc).unwrap();
        assert_eq!(to_string(&typed).unwrap(), ours, "{input}");
        let value: Value = from_str(&doc).unwrap();
        assert_eq!(to_string(&value).unwrap(), ours, "{input}");
        // Outside value mode, a string reads the text as it came.
        let as_text: String = from_str(&doc).unwrap();
        assert_eq!(as_text, input);
        // JSON writes the extended form, fraction and zone included.
        let json = serde_json::to_string(&typed).unwrap();
        let back: DateTime = serde_json::from_str(&json).unwrap();
        assert_eq!(back, typed, "{json}");
        assert_eq!(to_string(&back).unwrap(), ours, "{json}");
    }
}

#[test]
fn netim_layout_inside_a_date_time_stays_a_date_time_in_a_value() {
    let doc = "<value><dateTime.iso8601>2026-11-22 10:11:12.5+01:00</dateTime.iso8601></value>";
    let value: Value = from_str(doc).unwrap();
    assert!(value.as_datetime().unwrap().uses_space_layout());
    assert_eq!(to_string(&value).unwrap(), doc);
    // A typed field in Netim's layout is a string, as Netim's dates are.
    let typed: DateTime = from_str(doc).unwrap();
    assert_eq!(
        to_string(&typed).unwrap(),
        "<value><string>2026-11-22 10:11:12.5+01:00</string></value>"
    );
    let back: DateTime = from_str(&to_string(&typed).unwrap()).unwrap();
    assert_eq!(back, typed);
}

#[test]
fn other_text_is_an_invalid_value_at_its_path() {
    for bad in [
        "2026-W48-5T15:40:57",
        "2026-331T15:40:57",
        "20261127T24:00:00",
        "20261127T23:59:60",
        "20261127T15:40",
        "20261127T15",
        " 20261127T15:40:57",
        "20261127T15:40:57 ",
        "20261127T15:40:57+24:00",
        "20261127T15:40:57.1234567890",
        "120261127T15:40:57",
        "20261127t15:40:57z",
    ] {
        // In an unknown member (a `Value`) as in typed fields, the whole answer is refused
        // with the date's path.
        for member in ["seen_at", "date_created", "date_start"] {
            let good = format!("<name>{member}</name><value><dateTime.iso8601>20261127T15:40:57");
            let doc = answer("20261127T15:40:57").replacen(
                &good,
                &good.replace("20261127T15:40:57", bad),
                1,
            );
            let err = read_method_response::<OperationList>(doc.as_bytes()).unwrap_err();
            assert!(
                matches!(err.kind(), ErrorKind::InvalidValue(_)),
                "{bad}: {err:?}"
            );
            assert_eq!(err.path(), format!("params[0][0].{member}"), "{bad}");
            let expected = format!("invalid date-time `{bad}`: expected an ISO 8601 date-time");
            assert!(err.to_string().contains(&expected), "{err}");
            let source = err.source().expect("the parser's error");
            assert!(source.is::<regops_model::DateTimeParseError>());
        }
    }
}

/// Python writes each text as a `DateTime` (it keeps the text), reads what regops writes back
/// (keeping the text again), and reads every text with `datetime.fromisoformat`: regops must
/// read the same wall-clock time (to the microsecond, Python's precision) and offset.
const PY: &str = r#"
import sys, json, datetime, xmlrpc.client as x

mode = sys.argv[1]
if mode == "make":
    texts = json.load(sys.stdin)
    sys.stdout.write(x.dumps(([x.DateTime(t) for t in texts],), methodresponse=True))
elif mode == "texts":
    (got,), _ = x.loads(sys.stdin.read())
    print(json.dumps([v.value if isinstance(v, x.DateTime) else repr(v) for v in got]))
elif mode == "read":
    out = []
    for t in json.load(sys.stdin):
        d = datetime.datetime.fromisoformat(t)
        off = d.utcoffset()
        out.append([d.replace(tzinfo=None).isoformat(timespec="microseconds"),
                    None if off is None else int(off.total_seconds())])
    print(json.dumps(out))
"#;

fn python(mode: &str, stdin: &[u8]) -> serde_json::Value {
    let out = support::run(PY, &[mode], stdin);
    if mode == "make" {
        return serde_json::Value::String(String::from_utf8(out).unwrap());
    }
    serde_json::from_slice(&out).unwrap()
}

/// Every combination of the grammar's parts, with dates and times that vary (years from 1:
/// Python's `datetime` has no year 0).
fn grammar_samples() -> Vec<String> {
    let mut texts = Vec::new();
    let fractions = [
        "",
        ".5",
        ",123",
        ".123456",
        ".000001",
        ".999999999",
        ",1234567",
    ];
    let zones = [
        "", "Z", "+01:00", "-0530", "+14", "-00:00", "+23:59", "-2359", "+0000",
    ];
    let mut n: u32 = 12_345;
    for date in 0..2 {
        for separator in 0..2 {
            for colons in 0..2 {
                for fraction in fractions {
                    for zone in zones {
                        if separator == 1 && date == 0 {
                            continue; // the space only follows YYYY-MM-DD
                        }
                        n = n.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                        let (y, mo, d) = (1 + n % 9999, 1 + n / 7 % 12, 1 + n / 11 % 28);
                        let (h, mi, s) = (n / 13 % 24, n / 17 % 60, n / 19 % 60);
                        let mut t = if date == 0 {
                            format!("{y:04}{mo:02}{d:02}")
                        } else {
                            format!("{y:04}-{mo:02}-{d:02}")
                        };
                        t.push(if separator == 0 { 'T' } else { ' ' });
                        t.push_str(&if colons == 0 {
                            format!("{h:02}:{mi:02}:{s:02}")
                        } else {
                            format!("{h:02}{mi:02}{s:02}")
                        });
                        t.push_str(fraction);
                        t.push_str(zone);
                        texts.push(t);
                    }
                }
            }
        }
    }
    texts
}

#[test]
fn python_reads_the_same_instants_and_keeps_our_text() {
    let mut texts: Vec<String> = FORMS.iter().map(|(input, _)| input.to_string()).collect();
    texts.extend(grammar_samples());
    let json = serde_json::to_vec(&texts).unwrap();

    // Python's reading of each text against regops'.
    let python_reads = python("read", &json);
    for (text, read) in texts.iter().zip(python_reads.as_array().unwrap()) {
        let ours = DateTime::parse(text).unwrap_or_else(|e| panic!("{e}"));
        // Both truncate to the microsecond.
        let wall = ours.as_naive().format("%Y-%m-%dT%H:%M:%S%.6f").to_string();
        let offset = ours.offset().map(|o| i64::from(o.local_minus_utc()));
        assert_eq!(read[0].as_str().unwrap(), wall, "{text}");
        assert_eq!(read[1].as_i64(), offset, "{text}");
    }

    // Python's document (it writes each text as it is) through regops and back.
    let doc = python("make", &json);
    let value: Value = read_response(doc.as_str().unwrap().as_bytes()).unwrap();
    let ours = write_response(&value).unwrap();
    let kept = python("texts", &ours);
    let kept: Vec<&str> = kept
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t.as_str().unwrap())
        .collect();
    for (text, kept) in texts.iter().zip(&kept) {
        let ours = DateTime::parse(text).unwrap();
        let value = ours
            .write_compact(&mut [0; DateTime::MAX_COMPACT_LEN])
            .to_owned();
        let value = if ours.uses_space_layout() {
            ours.to_string()
        } else {
            value
        };
        assert_eq!(*kept, value, "{text}");
        assert_eq!(DateTime::parse(kept).unwrap(), ours, "{text}");
    }
    assert_eq!(kept.len(), texts.len());
}
