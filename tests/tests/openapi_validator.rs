//! The generated OpenAPI documents pass a real OpenAPI 3.1 validator: Python's
//! `openapi-spec-validator`, on the committed `schema/openapi/*.json` and on the document of
//! the REST codegen fixture.
//!
//! The test installs nothing. It runs the validator command named by `REGOPS_OPENAPI_VALIDATOR`
//! (words separated by spaces, e.g. `python3 -m openapi_spec_validator`), else
//! `openapi-spec-validator` from `PATH`; when neither runs it says loudly that it skipped,
//! unless `REGOPS_REQUIRE_OPENAPI_VALIDATOR` is set (`.ci/run` sets it after installing the
//! validator with pip), in which case it fails.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The validator's command line, when it runs.
fn validator() -> Option<Vec<String>> {
    let program = std::env::var("REGOPS_OPENAPI_VALIDATOR")
        .unwrap_or_else(|_| "openapi-spec-validator".to_string());
    let words: Vec<String> = program.split_whitespace().map(String::from).collect();
    let works = !words.is_empty()
        && Command::new(&words[0])
            .args(&words[1..])
            .arg("--help")
            .output()
            .is_ok_and(|o| o.status.success());
    if works {
        return Some(words);
    }
    let message = format!(
        "`{program}` cannot run: install it with `python3 -m pip install openapi-spec-validator`, or name it in REGOPS_OPENAPI_VALIDATOR"
    );
    if std::env::var_os("REGOPS_REQUIRE_OPENAPI_VALIDATOR").is_some() {
        panic!("{message} (REGOPS_REQUIRE_OPENAPI_VALIDATOR is set)");
    }
    eprintln!("\n*** SKIPPED: the OpenAPI documents were not validated. {message}. ***\n");
    None
}

fn validate(program: &[String], file: &Path) {
    let output = Command::new(&program[0])
        .args(&program[1..])
        .args(["--schema", "3.1"])
        .arg(file)
        .output()
        .unwrap_or_else(|e| panic!("cannot run {program:?}: {e}"));
    assert!(
        output.status.success(),
        "{} is not a valid OpenAPI 3.1 document:\n{}{}",
        file.display(),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn generated_openapi_documents_are_valid() {
    let Some(program) = validator() else {
        return;
    };
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let committed: Vec<PathBuf> = std::fs::read_dir(root.join("schema/openapi"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    assert!(
        !committed.is_empty(),
        "schema/openapi holds the Netim document"
    );
    for file in &committed {
        validate(&program, file);
    }

    let fixtures = root.join("tests/fixtures/codegen");
    let schema = regops_schema::load_dir(&fixtures, "tests/fixtures/codegen/").unwrap();
    let output = regops_codegen::generate(&schema);
    let dir = std::env::temp_dir().join(format!("regops-openapi-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut fixture_documents = 0;
    for (path, text) in output
        .iter()
        .filter(|(p, _)| p.starts_with("schema/openapi/"))
    {
        let file = dir.join(Path::new(path).file_name().unwrap());
        std::fs::write(&file, text).unwrap();
        validate(&program, &file);
        fixture_documents += 1;
    }
    std::fs::remove_dir_all(&dir).ok();
    assert_eq!(fixture_documents, 1, "the REST fixture has one document");
}
