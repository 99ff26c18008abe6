//! Every class of schema error, as a user sees it: one minimal bad schema per
//! error code under `fixtures/schema-errors/`, its rendered report pinned with insta.

use std::path::Path;

use regops_schema::{Code, SourceFile};

fn load_fixture(path: &Path) -> regops_schema::Diagnostics {
    let name = format!(
        "tests/fixtures/schema-errors/{}",
        path.file_name().unwrap().to_string_lossy()
    );
    let text = std::fs::read_to_string(path).unwrap();
    match regops_schema::load(vec![SourceFile::new(name, text)]) {
        Ok(_) => panic!("{} loaded without errors", path.display()),
        Err(diagnostics) => diagnostics,
    }
}

#[test]
fn each_error_fixture_renders_a_located_report() {
    insta::glob!("../fixtures/schema-errors", "*.xml", |path| {
        let diagnostics = load_fixture(path);
        let code = path.file_name().unwrap().to_string_lossy()[..5].to_uppercase();
        assert!(
            diagnostics.iter().any(|d| d.code.as_str() == code),
            "{} does not report {code}:\n{diagnostics}",
            path.display()
        );
        insta::assert_snapshot!(diagnostics.render());
    });
}

#[test]
fn every_error_code_has_a_fixture() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/schema-errors");
    let names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    for code in Code::ALL {
        assert!(
            names
                .iter()
                .any(|n| n.to_uppercase().starts_with(code.as_str())),
            "no fixture for {}",
            code.as_str()
        );
    }
}

#[test]
fn all_errors_of_a_run_are_reported_together() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/schema-errors");
    let files: Vec<SourceFile> = [
        "e0102-unknown-type.xml",
        "e0303-invalid-default.xml",
        "e0001-malformed-xml.xml",
    ]
    .iter()
    .map(|n| {
        SourceFile::new(
            format!("schema/{n}"),
            std::fs::read_to_string(dir.join(n)).unwrap(),
        )
    })
    .collect();
    let diagnostics = regops_schema::load(files).unwrap_err();
    let codes: Vec<&str> = diagnostics.iter().map(|d| d.code.as_str()).collect();
    for expected in ["E0001", "E0102", "E0303"] {
        assert!(
            codes.contains(&expected),
            "{expected} missing from {codes:?}"
        );
    }
    // Every report names file:line:column.
    for diagnostic in diagnostics.iter() {
        let location = diagnostics.location(diagnostic);
        assert!(location.starts_with("schema/e0"), "{location}");
        assert_eq!(location.matches(':').count(), 2, "{location}");
    }
}

/// No input makes the loader panic: every prefix of every fixture is loaded.
#[test]
fn truncated_schemas_never_panic() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/codegen/every-construct.xml");
    let text = std::fs::read_to_string(dir).unwrap();
    let complete = text.trim_end().len();
    for end in (0..complete)
        .filter(|&i| text.is_char_boundary(i))
        .step_by(7)
    {
        let result = regops_schema::load(vec![SourceFile::new("schema/t.xml", &text[..end])]);
        assert!(result.is_err(), "a truncated schema ({end} bytes) loaded");
    }
}

/// A module filled by several files has one main file, the one with the module's summary.
#[test]
fn a_module_of_several_files_needs_exactly_one_summary() {
    let file = |name: &str, summary: &str| {
        SourceFile::new(
            format!("schema/{name}.xml"),
            format!(
                "<module name=\"demo\" title=\"{name}\">\n  {summary}<doc>What {name} models.</doc>\n</module>\n"
            ),
        )
    };
    let diagnostics =
        regops_schema::load(vec![file("demo-a", ""), file("demo-b", "")]).unwrap_err();
    let text = diagnostics.render();
    assert!(
        text.contains("module `demo` is filled by 2 files and none has a `<summary>`"),
        "{text}"
    );
    let two = "<summary>The demo module.</summary>";
    let diagnostics =
        regops_schema::load(vec![file("demo-a", two), file("demo-b", two)]).unwrap_err();
    assert!(
        diagnostics
            .render()
            .contains("module `demo` has a second `<summary>`"),
        "{}",
        diagnostics.render()
    );
    let schema = regops_schema::load(vec![file("demo-a", two), file("demo-b", "")]).unwrap();
    assert_eq!(schema.module_summary("demo"), "The demo module.");
    // One file needs no summary: its title and docs serve.
    let schema = regops_schema::load(vec![file("demo-a", "")]).unwrap();
    assert_eq!(
        schema.module_summary("demo"),
        "demo-a\n\nWhat demo-a models."
    );
}
