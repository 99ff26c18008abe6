//! Fuzz target: the XML-RPC decoder on arbitrary bytes.
//!
//! `cargo +nightly fuzz run decode_value` from `crates/regops-xmlrpc` (seed corpus:
//! `../tests/fuzz-corpus`).

#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../src/decode.rs"]
mod decode;

fuzz_target!(|data: &[u8]| {
    decode::decode_everything(data);
});
