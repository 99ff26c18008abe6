//! What the `load_schema` fuzz target does with one input; shared with the ordinary test
//! that replays the regression corpus (`crates/regops-schema/tests/fuzz_corpus.rs`).

/// Loads `bytes` as one schema file (and, to reach cross-file checks, next to a copy of
/// itself under another name). With `generate`, an input that loads must also generate code
/// without panicking; an input that does not must render its diagnostics without panicking.
/// The fuzzer runs the loader alone (fast); the corpus replay also generates.
pub fn load_everything(bytes: &[u8], generate: bool) {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return;
    };
    let one = vec![regops_schema::SourceFile::new("schema/fuzz.xml", text)];
    let two = vec![
        regops_schema::SourceFile::new("schema/fuzz.xml", text),
        regops_schema::SourceFile::new("schema/fuzz-copy.xml", text),
    ];
    for files in [one, two] {
        match regops_schema::load(files) {
            Ok(schema) => {
                if generate {
                    let _ = regops_codegen::generate(&schema);
                }
            }
            Err(diagnostics) => {
                let rendered = diagnostics.render();
                assert!(!rendered.is_empty());
                for diagnostic in diagnostics.iter() {
                    let _ = diagnostics.location(diagnostic);
                }
            }
        }
    }
}
