//! What the `decode_value` fuzz target does with one input; also replayed over the
//! regression corpus by `tests/fuzz_corpus.rs` in the ordinary test suite.

use regops_model::Value;
use regops_model::gandi::OperationListReturn;

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
    let _ = regops_xmlrpc::from_slice::<Vec<(i64, String, Option<bool>)>>(data);
    if let Ok((_, params)) = regops_xmlrpc::read_call(data) {
        let _ = params.decode::<Vec<Value>>();
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
