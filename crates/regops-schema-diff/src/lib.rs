//! Compares two versions of the regops schema and classifies every change.
//!
//! A snapshot diff of the generated code shows *what* changed; this says what the change
//! does to the programs and peers built on the schema, in four categories:
//!
//! - **wire**: whether what one side sends still decodes on the other, per direction, knowing
//!   that open enums keep unknown values and structs keep unknown members;
//! - **rust-api**: source compatibility of the generated crates, with the semver bump;
//! - **validation**: whether the validators became stricter or looser;
//! - **behaviour**: state machines, mappings, groups and method signatures.
//!
//! Each change has a stable rule id ([`Rule`]), a location in the new (or old) schema and a
//! one-line explanation. `cargo xtask schema-diff` loads the two schemas (the old one from
//! git) and prints the [`Report`].
//!
//! ```
//! use regops_schema::SourceFile;
//! use regops_schema_diff::{Category, Side, diff};
//!
//! let schema = |values: &str| {
//!     let text = format!(
//!         r#"<module name="demo" title="Demo"><doc>Demo.</doc>
//!   <enum name="Step" set="open"><doc>A step.</doc>{values}</enum>
//! </module>"#
//!     );
//!     vec![SourceFile::new("schema/demo.xml", text)]
//! };
//! let old = Side::load("old", schema(r#"<value wire="RUN"><doc>Running.</doc></value>"#))?;
//! let new = Side::load("new", schema(
//!     r#"<value wire="RUN"><doc>Running.</doc></value><value wire="HOLD"><doc>Held.</doc></value>"#,
//! ))?;
//! let report = diff(&old, &new);
//! assert_eq!(report.changes[0].rule.id(), "enum-value-added");
//! // An open enum keeps `HOLD` on the old side: no wire break in either direction.
//! assert!(!report.is_breaking(Category::Wire));
//! # Ok::<(), regops_schema::Diagnostics>(())
//! ```

#![deny(missing_docs)]

mod change;
mod compare;
mod render;
mod report;
mod rules;
mod side;
mod subject;

pub use change::{
    Behaviour, Bump, Category, Change, Crate, Effect, Flow, Level, Location, RustApi, Strictness,
    Validation, Wire,
};
pub use render::{json, text};
pub use report::{MODEL_CRATE, Report, SERVICE_CRATE, Summary, VALIDATE_CRATE};
pub use rules::{Rule, RuleInfo, markdown_table};
pub use side::Side;
pub use subject::Subject;

/// Compares `old` with `new`.
pub fn diff(old: &Side, new: &Side) -> Report {
    Report {
        old: old.label.clone(),
        new: new.label.clone(),
        changes: compare::compare(old, new),
    }
}
