//! The API as clients and servers use it: bodies from readers and chunks with the size limit
//! enforced while reading, any document told apart, results paired with
//! `write_method_result`, errors that keep their cause and say where.

use std::error::Error as _;
use std::io::{self, BufReader, Read};

use regops_model::gandi::{OperationCount, OperationInfo, OperationInfoParams, OperationList};
use regops_model::{ApiKey, Bytes, DateTime, Value};
use regops_xmlrpc::{
    Body, Document, ErrorKind, Fault, LimitKind, Limits, read_document, read_method_call,
    read_method_result, read_response, write_call, write_fault, write_method_call,
    write_method_result, write_response,
};

/// A reader that never ends (a broken or hostile server), counting what it handed out.
struct Endless {
    served: u64,
}

impl Read for Endless {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        buf.fill(b' ');
        self.served += buf.len() as u64;
        Ok(buf.len())
    }
}

#[test]
fn a_body_never_grows_past_the_limit() {
    // The default limit (64 MiB) against an endless answer: refused having read one byte
    // more than the limit, not the whole stream.
    let mut endless = Endless { served: 0 };
    let err = Body::from_reader(&mut endless, Limits::default()).unwrap_err();
    assert_eq!(
        err.kind(),
        &ErrorKind::LimitExceeded {
            limit: LimitKind::DocumentBytes,
            max: 64 * 1024 * 1024
        }
    );
    assert!(
        endless.served <= 64 * 1024 * 1024 + 64 * 1024,
        "{}",
        endless.served
    );

    // 100 MB in chunks: refused at the chunk that crosses the limit.
    let limits = Limits::default().with_max_document_bytes(1 << 20);
    let chunk = vec![b' '; 64 * 1024];
    let mut pushed = 0usize;
    let mut body = Body::new(limits);
    let err = loop {
        match body.push(&chunk) {
            Ok(()) => pushed += chunk.len(),
            Err(e) => break e,
        }
        assert!(pushed < 100_000_000, "the limit never held");
    };
    assert_eq!(pushed, 1 << 20);
    assert_eq!(body.len(), 1 << 20);
    assert!(matches!(err.kind(), ErrorKind::LimitExceeded { .. }));
    let chunks = std::iter::repeat_n(&chunk[..], 100_000_000 / chunk.len());
    assert!(Body::from_chunks(chunks, limits).is_err());
}

#[test]
fn a_body_read_in_pieces_decodes_like_the_slice() {
    let xml = regops_testdata::OperationList::generate(100).python_xml();
    let from_slice = read_method_result::<OperationList>(xml.as_bytes()).unwrap();
    // A `BufRead` with a tiny buffer, and chunks of every size the network may give.
    let reader = BufReader::with_capacity(7, xml.as_bytes());
    let body = Body::from_reader(reader, Limits::default()).unwrap();
    assert_eq!(
        read_method_result::<OperationList>(&body).unwrap(),
        from_slice
    );
    for size in [1, 13, 1500, 65536] {
        let body = Body::from_chunks(xml.as_bytes().chunks(size), Limits::default()).unwrap();
        assert_eq!(body.as_bytes(), xml.as_bytes());
    }
    // Exactly at the limit is fine.
    let limits = Limits::default().with_max_document_bytes(xml.len());
    assert!(Body::from_reader(xml.as_bytes(), limits).is_ok());
    assert!(
        Body::from_reader(
            xml.as_bytes(),
            limits.with_max_document_bytes(xml.len() - 1)
        )
        .is_err()
    );
}

#[test]
fn io_errors_keep_their_cause() {
    struct Broken;
    impl Read for Broken {
        fn read(&mut self, _: &mut [u8]) -> io::Result<usize> {
            Err(io::Error::new(
                io::ErrorKind::ConnectionReset,
                "peer hung up",
            ))
        }
    }
    let err = Body::from_reader(Broken, Limits::default()).unwrap_err();
    assert_eq!(err.kind(), &ErrorKind::Io(io::ErrorKind::ConnectionReset));
    let source = err.source().expect("the I/O error");
    assert_eq!(source.to_string(), "peer hung up");
}

#[test]
fn results_pair_with_write_method_result() {
    let ok = write_method_result::<OperationCount>(&Ok(12)).unwrap();
    assert_eq!(read_method_result::<OperationCount>(&ok).unwrap(), Ok(12));
    let fault = Fault::new(
        510_150,
        "Error on object : OBJECT_OPERATION (CAUSE_NOTFOUND)",
    );
    let answer = write_method_result::<OperationCount>(&Err(fault.clone())).unwrap();
    assert_eq!(
        read_method_result::<OperationCount>(&answer).unwrap(),
        Err(fault)
    );
    // An answer that is neither is an error, not a fault.
    let wrong = write_response(&"twelve").unwrap();
    let err = read_method_result::<OperationCount>(&wrong).unwrap_err();
    assert!(!err.is_fault());
    assert_eq!(err.path(), "params[0]");
}

#[test]
fn any_document_says_what_it_is() {
    let key = ApiKey::new("k3y");
    let call = write_method_call::<OperationInfo>(&OperationInfoParams {
        apikey: &key,
        operation: 7,
    })
    .unwrap();
    match read_document(&call).unwrap() {
        Document::Call { method, params } => {
            assert_eq!(method, "operation.info");
            let params: OperationInfoParams =
                regops_xmlrpc::read_method_params::<OperationInfo>(params).unwrap();
            assert_eq!(params.apikey, key);
            assert_eq!(params.operation, 7);
        }
        other => panic!("{other:?}"),
    }
    let response = write_response(&vec![1, 2]).unwrap();
    let Document::Response(r) = read_document(&response).unwrap() else {
        panic!()
    };
    assert_eq!(r.decode::<Vec<i32>>().unwrap(), [1, 2]);
    let fault = write_fault(&Fault::new(4, "Too many parameters"));
    assert!(matches!(read_document(&fault).unwrap(), Document::Fault(f) if f.code == 4));
    // The rest of the document is checked when decoding.
    let two = b"<methodResponse><params><param><value>a</value></param>\
                <param><value>b</value></param></params></methodResponse>";
    let Document::Response(r) = read_document(two).unwrap() else {
        panic!()
    };
    assert!(r.decode::<String>().is_err());
    let err = read_document(b"<value><int>1</int></value>").unwrap_err();
    assert_eq!(
        err.to_string(),
        "line 1, column 1: expected <methodCall> or <methodResponse>, found <value>"
    );
}

#[test]
fn a_client_sends_its_key_borrowed() {
    let key = ApiKey::new("s3cr3t");
    let borrowed = OperationInfoParams {
        apikey: &key,
        operation: 42,
    };
    let owned = OperationInfoParams {
        apikey: key.clone(),
        operation: 42,
    };
    let call = write_method_call::<OperationInfo>(&borrowed).unwrap();
    assert_eq!(call, write_method_call::<OperationInfo>(&owned).unwrap());
    assert_eq!(read_method_call::<OperationInfo>(&call).unwrap(), owned);
    assert!(!format!("{borrowed:?}").contains("s3cr3t"));
}

#[test]
fn bad_base64_and_dates_are_invalid_values_at_their_path() {
    #[derive(serde::Deserialize, Debug)]
    #[allow(dead_code)]
    struct Blob {
        data: Bytes,
        when: DateTime,
    }
    let doc = |data: &str, when: &str| {
        format!(
            "<methodResponse><params><param><value><array><data><value><struct>\
             <member><name>data</name><value><base64>{data}</base64></value></member>\
             <member><name>when</name><value><dateTime.iso8601>{when}</dateTime.iso8601></value></member>\
             </struct></value></data></array></value></param></params></methodResponse>"
        )
    };
    let err = read_response::<Vec<Blob>>(doc("!!!", "20261122T10:11:12").as_bytes()).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::InvalidValue(_)), "{err:?}");
    assert_eq!(err.path(), "params[0][0].data");
    assert!(err.to_string().contains("invalid base64"), "{err}");
    assert!(err.source().is_some(), "the base64 error");

    let err =
        read_response::<Vec<Blob>>(doc("aGk=", "2026-13-45T10:11:12").as_bytes()).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::InvalidValue(_)), "{err:?}");
    assert_eq!(err.path(), "params[0][0].when");
    insta::assert_snapshot!(
        err.to_string(),
        @"line 1, column 169 (params[0][0].when): invalid date-time `2026-13-45T10:11:12`: expected an ISO 8601 date-time YYYYMMDDTHH:MM:SS or YYYY-MM-DDTHH:MM:SS (also HHMMSS; a space for the T after YYYY-MM-DD), with an optional fraction (.f or ,f, 1 to 9 digits) and zone (Z, ±HH:MM, ±HHMM or ±HH)"
    );
    let source = err.source().expect("the date-time parser's error");
    assert!(source.is::<regops_model::DateTimeParseError>());

    // The same through the generic value.
    let err = read_response::<Value>(doc("aGk=", "yesterday").as_bytes()).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::InvalidValue(_)), "{err:?}");
    assert_eq!(err.path(), "params[0][0].when");
    let err = read_response::<Value>(doc("a", "20261122T10:11:12").as_bytes()).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::InvalidValue(_)), "{err:?}");
    assert_eq!(err.path(), "params[0][0].data");
}

#[test]
fn malformed_xml_keeps_the_parser_error() {
    let err = read_response::<Value>(b"<methodResponse><params></param>").unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::Syntax(_)), "{err:?}");
    assert!(err.source().is_some());
    let err = read_response::<i32>(b"<methodResponse><params><param><value><int>1x</int></value></param></params></methodResponse>").unwrap_err();
    assert!(err.source().unwrap().is::<std::num::ParseIntError>());
}

#[test]
fn a_long_path_is_shortened_in_messages_only() {
    let depth = 70;
    let doc = format!(
        "{}<value><int>x</int></value>{}",
        "<value><array><data>".repeat(depth),
        "</data></array></value>".repeat(depth)
    );
    let limits = Limits::default().with_max_depth(100);
    let err = regops_xmlrpc::from_str_with_limits::<Value>(&doc, limits).unwrap_err();
    assert_eq!(err.path(), "[0]".repeat(depth));
    assert!(
        err.to_string()
            .contains("([0][0][0][0]…62 more…[0][0][0][0])"),
        "{err}"
    );
    let call = write_call("m", &("k",)).unwrap();
    assert!(read_document(&call).is_ok());
}

/// `<int>` and `<i4>` beyond 32 bits: read as Python and PHP do, up to 64 bits, never
/// truncated, never written (see the crate docs).
#[test]
fn int_beyond_32_bits() {
    let v = |body: &str| format!("<value>{body}</value>");
    assert_eq!(
        regops_xmlrpc::from_str::<i64>(&v("<int>5000000000</int>")).unwrap(),
        5_000_000_000
    );
    assert_eq!(
        regops_xmlrpc::from_str::<i64>(&v("<i4>-9223372036854775808</i4>")).unwrap(),
        i64::MIN
    );
    // The Rust type still checks its own range.
    assert!(regops_xmlrpc::from_str::<i32>(&v("<int>5000000000</int>")).is_err());
    // Beyond 64 bits: refused, never wrapped.
    let err = regops_xmlrpc::from_str::<Value>(&v("<int>9223372036854775808</int>")).unwrap_err();
    assert_eq!(
        err.to_string(),
        "line 1, column 8: integer `9223372036854775808` does not fit in <int> (64 bits)"
    );
    // Written as <i8>, which every 64-bit peer reads.
    assert_eq!(
        regops_xmlrpc::to_string(&5_000_000_000_i64).unwrap(),
        v("<i8>5000000000</i8>")
    );
}

/// A 100 MB document is refused before it is parsed, whichever way it comes.
#[test]
fn limits_hold_on_100_mb_inputs() {
    let mut doc = b"<methodResponse><params><param><value><string>".to_vec();
    doc.resize(100_000_000, b'x');
    let err = read_response::<Value>(&doc).unwrap_err();
    assert!(matches!(
        err.kind(),
        ErrorKind::LimitExceeded {
            limit: LimitKind::DocumentBytes,
            ..
        }
    ));
    assert!(read_document(&doc).is_err());
    assert!(Body::from_reader(&doc[..], Limits::default()).is_err());
    // Allowed in whole, one string of it still may not exceed its own limit.
    let limits = Limits::default()
        .with_max_document_bytes(128 << 20)
        .with_max_string_bytes(1 << 20);
    let err = regops_xmlrpc::read_response_with_limits::<Value>(&doc, limits).unwrap_err();
    assert!(matches!(
        err.kind(),
        ErrorKind::LimitExceeded {
            limit: LimitKind::StringBytes,
            ..
        }
    ));
}
