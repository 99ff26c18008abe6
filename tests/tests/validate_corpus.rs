//! A corpus of bad payloads under `fixtures/validate/`, each with an insta snapshot of its
//! validation report. A fixture is `{"type": "module.Name", "root"?: "params",
//! "domain"?: "example.ca", "value": …}`; the value is decoded with serde_json and validated.

use regops_validate::{Report, Validate};
use serde::de::DeserializeOwned;
use serde_json::Value;

fn run<T: DeserializeOwned + Validate>(value: Value, root: &str, domain: Option<&str>) -> Report {
    let decoded: T = serde_json::from_value(value).expect("fixture value decodes");
    match domain {
        Some(domain) => decoded.validate_for_domain(root, domain),
        None => decoded.validate_at(root),
    }
}

fn validate(fixture: &Value) -> Report {
    // Roots and domains are read at run time.
    let root = fixture["root"].as_str().unwrap_or_default();
    let domain = fixture["domain"].as_str();
    let value = fixture["value"].clone();
    match fixture["type"].as_str().expect("fixture names its type") {
        "gandi.RelaunchOperationParameters" => {
            run::<regops_model::gandi::RelaunchOperationParameters>(value, root, domain)
        }
        "gandi.OperationListParams" => {
            run::<regops_model::gandi::OperationListParams>(value, root, domain)
        }
        "gandi.OperationListOptions" => {
            run::<regops_model::gandi::OperationListOptions>(value, root, domain)
        }
        "gandi.OperationRelaunchParams" => {
            run::<regops_model::gandi::OperationRelaunchParams>(value, root, domain)
        }
        "gandi.OperationListReturn" => {
            run::<regops_model::gandi::OperationListReturn>(value, root, domain)
        }
        "netim.Host" => run::<regops_model::netim::Host>(value, root, domain),
        "netim.Contact" => run::<regops_model::netim::Contact>(value, root, domain),
        "netim.DomainInfo" => run::<regops_model::netim::DomainInfo>(value, root, domain),
        other => panic!("the corpus test does not know the type {other}"),
    }
}

#[test]
fn each_bad_payload_gives_a_readable_report() {
    insta::glob!("../fixtures/validate", "*.json", |path| {
        let fixture: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        let report = validate(&fixture);
        assert!(
            !report.is_clean(),
            "{} is a bad payload but validates cleanly",
            path.display()
        );
        insta::assert_snapshot!(report.to_string());
    });
}

/// Every struct and every method's parameter list of the real schema gets its generated
/// `Validate` impl, and every vendor method a machine names gets its precondition.
#[test]
fn every_struct_params_and_machine_is_covered() {
    use regops_schema::ir::Item;
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let schema = regops_schema::load_dir(&root.join("schema"), "schema/").unwrap();
    let output = regops_codegen::generate(&schema);
    let generated: String = output
        .iter()
        .filter(|(path, _)| path.starts_with("crates/regops-validate/"))
        .map(|(_, text)| text.as_str())
        .collect();
    let mut count = 0;
    let mut preconditions = 0;
    for (file, item) in schema.items() {
        let name = match item {
            Item::Struct(s) => &s.name,
            Item::Method(m) => &m.params_name,
            Item::Machine(m) => {
                for (method, _) in m.methods() {
                    let function = method.replace('.', "_");
                    let function = regops_schema::naming::snake(&function).unwrap();
                    let needle = format!("pub fn {function}(");
                    assert!(generated.contains(&needle), "missing `{needle}`");
                    preconditions += 1;
                }
                continue;
            }
            _ => continue,
        };
        let module = file.module.as_str();
        let needle = format!("impl crate::Validate for ::regops_model::{module}::{name} ");
        assert!(generated.contains(&needle), "missing `{needle}`");
        count += 1;
    }
    assert!(count >= 30, "only {count} impls");
    assert_eq!(
        preconditions, 3,
        "operation.cancel, operation.relaunch, cancelOpe"
    );
}
