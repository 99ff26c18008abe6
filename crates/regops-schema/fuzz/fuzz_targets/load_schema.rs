#![no_main]

#[path = "../src/load.rs"]
mod load;

libfuzzer_sys::fuzz_target!(|data: &[u8]| load::load_everything(data, false));
