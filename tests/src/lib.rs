//! Workspace-level tests live in `tests/*.rs`; this library holds what they share (the
//! schema-diff fixtures, a schema-driven random value generator, and scratch workspaces that
//! compile code generated from test schemas) and compiles README's Rust snippets as doctests,
//! so the README stays true.

#![deny(missing_docs)]

pub mod diff_fixtures;
pub mod scratch;
pub mod values;

/// The workspace README: its Rust snippets run as doctests of this crate.
#[doc = include_str!("../../README.md")]
pub mod readme {}
