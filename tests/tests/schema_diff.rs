//! The breaking-change report of every old/new schema pair under `fixtures/schema-diff/`,
//! pinned with insta as text and as JSON, and the rule table kept complete.

use std::collections::BTreeSet;
use std::path::Path;

use regops_schema_diff::{Category, Rule};
use regops_tests::diff_fixtures;

#[test]
fn each_fixture_reports_its_changes_as_text_and_json() {
    insta::glob!("../fixtures/schema-diff", "*.xml", |path| {
        let fixture = diff_fixtures::load(path);
        let (old, new) = fixture.sides();
        let report = regops_schema_diff::diff(&old, &new);
        assert!(
            !report.changes.is_empty(),
            "fixture {} reports nothing",
            fixture.name
        );
        insta::assert_snapshot!("text", regops_schema_diff::text(&report));
        let json = serde_json::to_string_pretty(&regops_schema_diff::json(&report)).unwrap();
        insta::assert_snapshot!("json", json);
    });
}

#[test]
fn every_rule_is_covered_by_a_fixture() {
    let mut seen = BTreeSet::new();
    for fixture in diff_fixtures::all() {
        let (old, new) = fixture.sides();
        for change in regops_schema_diff::diff(&old, &new).changes {
            seen.insert(change.rule);
        }
    }
    let missing: Vec<&str> = Rule::ALL
        .iter()
        .filter(|r| !seen.contains(r))
        .map(|r| r.id())
        .collect();
    assert!(missing.is_empty(), "rules without a fixture: {missing:?}");
}

/// A change only affects the categories its rule documents.
#[test]
fn changes_stay_within_their_rules_categories() {
    for fixture in diff_fixtures::all() {
        let (old, new) = fixture.sides();
        for change in regops_schema_diff::diff(&old, &new).changes {
            for category in Category::ALL {
                if change.affects(category) {
                    assert!(
                        !change.rule.info().verdict(category).is_empty(),
                        "{}: {} affects {} but its rule documents no such effect",
                        fixture.name,
                        change.rule.id(),
                        category.as_str()
                    );
                }
            }
        }
    }
}

/// A schema compared with itself has no changes.
#[test]
fn the_real_schema_has_no_changes_against_itself() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../schema");
    let files = regops_schema::read_dir(&root, "schema/").unwrap();
    let side = regops_schema_diff::Side::load("schema", files).unwrap();
    assert_eq!(regops_schema_diff::diff(&side, &side).changes, vec![]);
}

/// `schema/README.md` carries the rule table as `--rules` prints it.
#[test]
fn the_schema_readme_lists_every_rule() {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../schema/README.md"))
            .unwrap();
    let table = regops_schema_diff::markdown_table();
    assert!(
        readme.contains(&table),
        "schema/README.md does not contain the rule table; paste the output of `cargo xtask schema-diff --rules`"
    );
}
