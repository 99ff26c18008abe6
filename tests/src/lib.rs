//! Workspace-level tests live in `tests/*.rs`; this library compiles README's Rust snippets
//! as doctests, so the README stays true.

#![deny(missing_docs)]

/// The workspace README: its Rust snippets run as doctests of this crate.
#[doc = include_str!("../../README.md")]
pub mod readme {}
