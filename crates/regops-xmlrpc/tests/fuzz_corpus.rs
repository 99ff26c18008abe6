//! Replays the fuzzers' regression corpus (`tests/fuzz-corpus/`): each input goes through
//! what the `decode_value` fuzz target does, and must not panic. Inputs that once crashed
//! the fuzzer are added here.

#[path = "../fuzz/src/decode.rs"]
mod decode;

#[test]
fn fuzz_corpus_replays_without_panic() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fuzz-corpus");
    let mut n = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let bytes = std::fs::read(&path).unwrap();
        decode::decode_everything(&bytes);
        n += 1;
    }
    assert!(n >= 10, "the corpus has {n} inputs");
}
