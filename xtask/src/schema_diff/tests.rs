//! The command against real git repositories made in a scratch folder.

use std::path::Path;
use std::process::Command;

use super::{Args, Error, report};

const GOOD: &str = r#"<module name="demo" title="Demo">
  <doc>Demo.</doc>
  <enum name="Step" set="open"><doc>A step.</doc>
    <value wire="RUN"><doc>Running.</doc></value>
  </enum>
</module>
"#;

fn git(root: &Path, args: &[&str]) {
    let status = Command::new("git")
        .arg("-C")
        .arg(root)
        .args([
            "-c",
            "user.name=regops",
            "-c",
            "user.email=regops@example.invalid",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .output()
        .expect("git runs");
    assert!(
        status.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&status.stderr)
    );
}

fn commit_schema(root: &Path, text: &str, message: &str) {
    std::fs::create_dir_all(root.join("schema")).unwrap();
    std::fs::write(root.join("schema/demo.xml"), text).unwrap();
    git(root, &["add", "-A"]);
    git(root, &["commit", "-q", "-m", message]);
}

fn repository() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    git(dir.path(), &["init", "-q", "-b", "main"]);
    dir
}

fn args(list: &[&str]) -> Args {
    Args::parse(list).unwrap()
}

#[test]
fn an_old_revision_that_does_not_load_reports_its_errors_not_changes() {
    let repo = repository();
    commit_schema(
        repo.path(),
        &GOOD.replace(
            "<value wire=\"RUN\">",
            "<value wire=\"RUN\" colour=\"red\">",
        ),
        "broken",
    );
    commit_schema(repo.path(), GOOD, "fixed");
    let error = report(repo.path(), &args(&["--against", "HEAD~1"])).unwrap_err();
    let shown = error.to_string();
    assert!(matches!(error, Error::Load { which: "old", .. }), "{shown}");
    assert!(shown.contains("the old schema ("), "{shown}");
    // Located in the old revision's file.
    assert!(shown.contains(":schema/demo.xml:4:"), "{shown}");
    assert!(shown.contains("unknown attribute `colour`"), "{shown}");
}

#[test]
fn the_default_base_is_the_merge_base_with_main_or_the_previous_commit() {
    let repo = repository();
    commit_schema(repo.path(), GOOD, "first");
    commit_schema(
        repo.path(),
        &GOOD.replace(
            "</enum>",
            "<value wire=\"DONE\"><doc>Done.</doc></value></enum>",
        ),
        "second",
    );
    // On main: against HEAD~1.
    let on_main = report(repo.path(), &args(&[])).unwrap();
    assert!(on_main.old.ends_with("(HEAD~1)"), "{}", on_main.old);
    assert_eq!(on_main.changes.len(), 1);
    assert_eq!(on_main.changes[0].rule.id(), "enum-value-added");

    // On a branch: against the merge base, whatever the branch committed since.
    git(repo.path(), &["checkout", "-q", "-b", "feature"]);
    commit_schema(
        repo.path(),
        &GOOD.replace("set=\"open\"", "set=\"closed\""),
        "feature",
    );
    std::fs::write(
        repo.path().join("schema/demo.xml"),
        GOOD.replace("set=\"open\"", "set=\"exact\""),
    )
    .unwrap();
    let on_branch = report(repo.path(), &args(&[])).unwrap();
    assert!(
        on_branch.old.ends_with("(merge base of HEAD and main)"),
        "{}",
        on_branch.old
    );
    let rules: Vec<&str> = on_branch.changes.iter().map(|c| c.rule.id()).collect();
    // The working tree against `second`: DONE is gone and the set is exact.
    assert_eq!(
        rules,
        ["enum-set-changed", "enum-value-removed"],
        "{on_branch:?}"
    );
}

#[test]
fn a_commit_without_parent_says_so() {
    let repo = repository();
    commit_schema(repo.path(), GOOD, "only");
    let error = report(repo.path(), &args(&[])).unwrap_err().to_string();
    assert!(error.contains("HEAD has no parent commit"), "{error}");
    let error = report(repo.path(), &args(&["--against", "nope"]))
        .unwrap_err()
        .to_string();
    assert!(error.contains("`nope` names no commit"), "{error}");
}

#[test]
fn an_old_folder_compares_with_the_working_tree() {
    let repo = repository();
    commit_schema(repo.path(), GOOD, "only");
    let old = tempfile::tempdir().unwrap();
    std::fs::write(
        old.path().join("demo.xml"),
        GOOD.replace("<value wire=\"RUN\"><doc>Running.</doc></value>", "<value wire=\"RUN\"><doc>Running.</doc></value><value wire=\"HOLD\"><doc>Held.</doc></value>"),
    )
    .unwrap();
    let old_dir = old.path().display().to_string();
    let report = report(repo.path(), &args(&["--old", &old_dir])).unwrap();
    assert_eq!(report.changes.len(), 1);
    let change = &report.changes[0];
    assert_eq!(change.rule.id(), "enum-value-removed");
    assert_eq!(
        change.old.as_ref().unwrap().to_string(),
        format!("{old_dir}/demo.xml:4:50")
    );
}
