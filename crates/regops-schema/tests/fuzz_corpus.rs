//! Replays the schema fuzzer's regression corpus (`tests/fuzz-corpus/`): each input goes
//! through what the `load_schema` fuzz target does and must not panic. Inputs that once
//! crashed the fuzzer are added there.

#[path = "../fuzz/src/load.rs"]
mod load;

#[test]
fn fuzz_corpus_replays_without_panic() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fuzz-corpus");
    let mut n = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let bytes = std::fs::read(entry.unwrap().path()).unwrap();
        load::load_everything(&bytes, true);
        n += 1;
    }
    assert!(n >= 10, "the corpus has {n} inputs");
}
