//! Deterministic payloads for tests and benchmarks, generated in the repository so that
//! nothing reads data from outside it.
//!
//! [`OperationList::generate`] builds Gandi `operation.list` answers: N operations, each with
//! the 13 documented members of `OperationListReturn` (three `dateTime.iso8601` dates,
//! `errortype` structs, `infos` lists, `params` with `x-` members), strings with `&`, `<`,
//! `>` and non-ASCII text. The steps and how they follow each other, the operation types,
//! the error ids with their class and the `x-` members with their TLDs and values are read
//! from `schema/`; the same N gives the same bytes on every machine, and the first operations
//! of a larger list are those of a smaller one.
//!
//! Each list is written three ways: XML-RPC exactly as Python's
//! `xmlrpc.client.dumps((ops,), methodresponse=True)` lays it out, the same document without
//! whitespace between elements, and JSON.
//!
//! ```
//! let list = regops_testdata::OperationList::generate(10);
//! assert_eq!(list.len(), 10);
//! assert!(list.python_xml().starts_with("<?xml version='1.0'?>\n<methodResponse>\n"));
//! assert!(list.json().starts_with("[{\"date_created\":"));
//! ```
//!
//! `cargo xtask bench-data [DIR]` writes the files for peers that want them.

mod calendar;
mod catalog;
mod operation_list;
mod rng;
mod tree;

use std::sync::OnceLock;

pub use calendar::Timestamp;
pub use tree::{Layout, Node};

/// The list sizes the benchmarks use.
pub const SIZES: [usize; 3] = [10, 100, 1000];

/// Seed of every generated list.
const SEED: u64 = 0x0005_EED0_F0BE_2026;

fn catalog() -> &'static catalog::Catalog {
    static CATALOG: OnceLock<catalog::Catalog> = OnceLock::new();
    CATALOG.get_or_init(catalog::Catalog::load)
}

/// A generated `operation.list` answer.
#[derive(Debug, Clone, PartialEq)]
pub struct OperationList {
    value: Node,
}

impl OperationList {
    /// The first `n` operations of the generated sequence.
    pub fn generate(n: usize) -> Self {
        let mut generator = operation_list::Generator::new(catalog(), SEED);
        let ops = (0..n).map(|_| generator.operation()).collect();
        OperationList {
            value: Node::Array(ops),
        }
    }

    /// The number of operations.
    pub fn len(&self) -> usize {
        match &self.value {
            Node::Array(ops) => ops.len(),
            _ => 0,
        }
    }

    /// Whether the list is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The list as a value tree.
    pub fn value(&self) -> &Node {
        &self.value
    }

    /// The `methodResponse` in `layout`.
    pub fn xml(&self, layout: Layout) -> String {
        tree::method_response(&self.value, layout)
    }

    /// The `methodResponse` as Python's `xmlrpc.client` writes it.
    pub fn python_xml(&self) -> String {
        self.xml(Layout::Python)
    }

    /// The `methodResponse` without whitespace between elements.
    pub fn compact_xml(&self) -> String {
        self.xml(Layout::Compact)
    }

    /// The same values as JSON (dates as `2026-11-22T10:11:12`).
    pub fn json(&self) -> String {
        tree::json(&self.value)
    }
}

/// Every payload file for `sizes`: `(file name, contents)`, as `cargo xtask bench-data`
/// writes them (`operation_list_N.xml`, `operation_list_N.compact.xml`,
/// `operation_list_N.json`).
pub fn files(sizes: &[usize]) -> Vec<(String, String)> {
    let mut files = Vec::new();
    for &n in sizes {
        let list = OperationList::generate(n);
        files.push((format!("operation_list_{n}.xml"), list.python_xml()));
        files.push((
            format!("operation_list_{n}.compact.xml"),
            list.compact_xml(),
        ));
        files.push((format!("operation_list_{n}.json"), list.json()));
    }
    files
}
