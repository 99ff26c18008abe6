//! What the `decode_value` fuzz target does with one input; also replayed over the
//! regression corpus by `tests/fuzz_corpus.rs` in the ordinary test suite.

use regops_model::Value;
use regops_model::gandi::{OperationInfo, OperationList, OperationListReturn};

/// Decodes `data` every way the codec can, and checks that whatever decodes re-encodes to a
/// document that decodes to the same encoding. Panics only on a bug.
pub fn decode_everything(data: &[u8]) {
    if let Ok(value) = regops_xmlrpc::from_slice::<Value>(data) {
        check_stable(&value);
    }
    if let Ok(value) = regops_xmlrpc::read_response::<Value>(data) {
        check_stable(&value);
    }
    let _ = regops_xmlrpc::read_response::<Vec<OperationListReturn>>(data);
    // Typed values (nil members, date filters in either form) are written back stably too.
    if let Ok(op) = regops_xmlrpc::read_method_response::<OperationInfo>(data) {
        check_typed_stable(
            &op,
            regops_xmlrpc::write_method_response::<OperationInfo>,
            regops_xmlrpc::read_method_response::<OperationInfo>,
        );
    }
    if let Ok(params) = regops_xmlrpc::read_method_call::<OperationList>(data) {
        check_typed_stable(
            &params,
            regops_xmlrpc::write_method_call::<OperationList>,
            regops_xmlrpc::read_method_call::<OperationList>,
        );
    }
    if let Ok((_, params)) = regops_xmlrpc::read_call(data) {
        let _ = params.decode::<Vec<Value>>();
    }
    match regops_xmlrpc::read_document(data) {
        Ok(regops_xmlrpc::Document::Call { params, .. }) => {
            let _ = params.decode::<Vec<Value>>();
        }
        Ok(regops_xmlrpc::Document::Response(response)) => {
            let _ = response.decode::<Value>();
        }
        Ok(regops_xmlrpc::Document::Fault(_)) | Err(_) => {}
    }
}

/// encode(v) decodes to v' with encode(v') == encode(v). (Comparing encodings rather than
/// values lets NaN through; strings holding characters XML cannot carry do not encode.)
fn check_stable(value: &Value) {
    let Ok(xml) = regops_xmlrpc::to_vec(value) else {
        return;
    };
    let back: Value = match regops_xmlrpc::from_slice(&xml) {
        Ok(back) => back,
        Err(e) => panic!(
            "our own encoding does not decode: {e}\n{}",
            String::from_utf8_lossy(&xml)
        ),
    };
    let again = regops_xmlrpc::to_vec(&back).expect("re-encodes");
    assert_eq!(again, xml, "encoding is not stable");
}

/// What [`check_stable`] checks, for a typed value with its own writer and reader.
fn check_typed_stable<T>(
    value: &T,
    write: impl Fn(&T) -> regops_xmlrpc::Result<Vec<u8>>,
    read: impl Fn(&[u8]) -> regops_xmlrpc::Result<T>,
) {
    let Ok(xml) = write(value) else {
        return;
    };
    let back = read(&xml).unwrap_or_else(|e| {
        panic!(
            "our own encoding does not decode: {e}\n{}",
            String::from_utf8_lossy(&xml)
        )
    });
    assert_eq!(
        write(&back).expect("re-encodes"),
        xml,
        "encoding is not stable"
    );
}
