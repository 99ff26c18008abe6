//! The preconditions of vendor methods come from the schema's machines: editing the schema
//! changes them. Each case edits `schema/gandi-operation.xml` in memory, generates, and reads
//! the generated precondition.

use std::path::Path;

/// The real schema with `edit` applied to `gandi-operation.xml`, generated.
fn generate_with(edit: impl Fn(String) -> String) -> regops_codegen::Output {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../schema");
    let mut files = Vec::new();
    let mut names: Vec<_> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "xml"))
        .collect();
    names.sort();
    for path in names {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let mut text = std::fs::read_to_string(&path).unwrap();
        if name == "gandi-operation.xml" {
            let edited = edit(text.clone());
            text = edited;
        }
        files.push(regops_schema::SourceFile::new(
            format!("schema/{name}"),
            text,
        ));
    }
    let schema = regops_schema::load(files).unwrap_or_else(|e| panic!("{e}"));
    regops_codegen::generate(&schema)
}

/// The text of the generated function `name` (its signature and body).
fn function(output: &regops_codegen::Output, name: &str) -> String {
    let file = &output["crates/regops-validate/src/generated/gandi/gandi_operation.rs"];
    let start = file
        .find(&format!("pub fn {name}("))
        .unwrap_or_else(|| panic!("no `{name}` in\n{file}"));
    let end = file[start..].find("\n}\n").unwrap() + start;
    file[start..end].to_string()
}

fn replace(from: &'static str, to: &'static str) -> impl Fn(String) -> String {
    move |text: String| {
        assert!(text.contains(from), "the schema no longer has `{from}`");
        text.replace(from, to)
    }
}

#[test]
fn the_real_schema_gives_the_documented_preconditions() {
    let output = generate_with(|text| text);
    let cancel = function(&output, "operation_cancel");
    assert!(
        cancel.contains("Step::Bill | ::regops_model::gandi::Step::Wait"),
        "{cancel}"
    );
    let relaunch = function(&output, "operation_relaunch");
    assert!(relaunch.contains("r#type.relaunchable()"), "{relaunch}");
    assert!(
        relaunch.contains("matches!(step, ::regops_model::gandi::Step::Error)"),
        "{relaunch}"
    );
}

#[test]
fn a_transition_without_its_method_no_longer_allows_it() {
    let output = generate_with(replace(
        r#"<transition name="cancel_billing" from="BILL" to="CANCEL" method="operation.cancel">"#,
        r#"<transition name="cancel_billing" from="BILL" to="CANCEL">"#,
    ));
    let cancel = function(&output, "operation_cancel");
    assert!(!cancel.contains("Step::Bill"), "{cancel}");
    assert!(
        cancel.contains("matches!(step, ::regops_model::gandi::Step::Wait)"),
        "{cancel}"
    );
}

#[test]
fn a_new_transition_with_a_method_allows_it_from_there() {
    let output = generate_with(replace(
        r#"<transition name="resume" from="SUPPORT" to="RUN">"#,
        r#"<transition name="resume" from="SUPPORT" to="WAIT" method="operation.relaunch" when="OperationType.relaunchable">"#,
    ));
    let relaunch = function(&output, "operation_relaunch");
    assert!(
        relaunch.contains("Step::Error | ::regops_model::gandi::Step::Support"),
        "{relaunch}"
    );
}

#[test]
fn the_group_decides_which_types_a_method_accepts() {
    let output = generate_with(replace(
        r#"      <member value="domain_change_owner"/>
    </group>"#,
        r#"      <member value="domain_change_owner"/>
      <member value="domain_renew"/>
    </group>"#,
    ));
    let relaunch = function(&output, "operation_relaunch");
    assert!(relaunch.contains(r#""domain_renew""#), "{relaunch}");
    let model = &output["crates/regops-model/src/generated/gandi/gandi_operation.rs"];
    assert!(
        model.contains("Self::DomainChangeOwner | Self::DomainRenew"),
        "{model}"
    );

    // Without `when`, the precondition no longer takes the type at all.
    let output = generate_with(replace(
        r#" method="operation.relaunch" when="OperationType.relaunchable""#,
        r#" method="operation.relaunch""#,
    ));
    let relaunch = function(&output, "operation_relaunch");
    assert!(
        relaunch.starts_with("pub fn operation_relaunch(step: &"),
        "{relaunch}"
    );
}

#[test]
fn a_method_on_no_transition_has_no_precondition() {
    let output = generate_with(|text| text.replace(r#" method="operation.cancel""#, ""));
    let file = &output["crates/regops-validate/src/generated/gandi/gandi_operation.rs"];
    assert!(!file.contains("pub fn operation_cancel("));
    assert!(file.contains("pub fn operation_relaunch("));
}
