//! Turns the checked regops schema ([`regops_schema::ir::Schema`]) into Rust source.
//!
//! Emitters build `proc_macro2` token streams with `quote!`, `prettyplease`
//! formats them (no installed rustfmt needed, so output is byte-identical on
//! every machine), and every file starts with an `@generated` header naming
//! `cargo xtask codegen`. [`generate`] is a pure function of the schema: the
//! same schema always gives the same bytes.

#![deny(missing_docs)]

mod docs;
mod format;
mod json_schema;
mod model;
mod openapi;
mod rust;
mod service;
mod validate;

pub use format::{COMMAND, Output};

/// Folders the generator owns completely: a file there that [`generate`] does
/// not produce is stale and is removed (or reported by `--check`).
pub const OWNED_DIRS: &[&str] = &[
    model::DIR,
    validate::DIR,
    service::DIR,
    json_schema::DIR,
    openapi::DIR,
];

/// Every generated file for `schema`, keyed by workspace-relative path.
pub fn generate(schema: &regops_schema::ir::Schema) -> Output {
    let mut output = Output::new();
    model::emit(schema, &mut output);
    validate::emit(schema, &mut output);
    service::emit(schema, &mut output);
    json_schema::emit(schema, &mut output);
    openapi::emit(schema, &mut output);
    output
}
