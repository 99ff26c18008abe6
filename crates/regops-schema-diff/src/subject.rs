//! What a change is about, named the way the schema names it.

use std::fmt;

use regops_schema::ir::ItemPath;

/// The declaration a change concerns. Paths are the old schema's when the declaration was
/// there (what users of the old crates know), the new schema's otherwise.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Subject {
    /// A Rust module.
    Module(String),
    /// A schema file (by generated file stem).
    File(String),
    /// A module's `<runtime>`: module and Rust module name.
    Runtime(String, String),
    /// An enum, struct or status list.
    Item(ItemPath),
    /// An enum value, by wire spelling.
    Value(ItemPath, String),
    /// An enum's group, by predicate name.
    Group(ItemPath, String),
    /// A struct member, by wire name.
    Field(ItemPath, String),
    /// A struct's `<rule>`, by name.
    Rule(ItemPath, String),
    /// The machine of an enum.
    Machine(ItemPath),
    /// A transition of an enum's machine: from and to, by wire spelling.
    Transition(ItemPath, String, String),
    /// The precondition a machine gives a vendor method: the machine's enum and the method's
    /// wire name.
    Precondition(ItemPath, String),
    /// A mapping, by the enum it maps from and its name.
    Mapping(ItemPath, String),
    /// A method, by module and wire name.
    Method(String, String),
    /// A method's parameter, by module, method wire name and 0-based position.
    Param(String, String, usize),
    /// A method's result.
    Returns(String, String),
}

impl Subject {
    /// The enum, struct or status list whose Rust API the change touches, if any.
    pub fn item(&self) -> Option<&ItemPath> {
        match self {
            Subject::Item(p)
            | Subject::Value(p, _)
            | Subject::Group(p, _)
            | Subject::Field(p, _)
            | Subject::Rule(p, _)
            | Subject::Machine(p)
            | Subject::Transition(p, _, _)
            | Subject::Mapping(p, _) => Some(p),
            Subject::Module(_)
            | Subject::File(_)
            | Subject::Runtime(..)
            | Subject::Precondition(..)
            | Subject::Method(..)
            | Subject::Param(..)
            | Subject::Returns(..) => None,
        }
    }

    /// The method a change touches: module and wire name.
    pub fn method(&self) -> Option<(&str, &str)> {
        match self {
            Subject::Method(m, w) | Subject::Param(m, w, _) | Subject::Returns(m, w) => {
                Some((m, w))
            }
            _ => None,
        }
    }
}

impl fmt::Display for Subject {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Subject::Module(m) => write!(f, "module {m}"),
            Subject::File(stem) => write!(f, "file {stem}"),
            Subject::Runtime(m, name) => write!(f, "{m} runtime {name}"),
            Subject::Item(p) => write!(f, "{p}"),
            Subject::Value(p, wire) => write!(f, "{p} value {wire:?}"),
            Subject::Group(p, name) => write!(f, "{p} group {name}"),
            Subject::Field(p, wire) => write!(f, "{p}.{wire}"),
            Subject::Rule(p, name) => write!(f, "{p} rule {name}"),
            Subject::Machine(p) => write!(f, "{p} machine"),
            Subject::Transition(p, from, to) => write!(f, "{p} machine {from} -> {to}"),
            Subject::Precondition(p, method) => write!(f, "{p} precondition {method}"),
            Subject::Mapping(p, name) => write!(f, "{p} mapping {name}"),
            Subject::Method(m, wire) => write!(f, "{m} method {wire}"),
            Subject::Param(m, wire, i) => write!(f, "{m} method {wire} parameter {}", i + 1),
            Subject::Returns(m, wire) => write!(f, "{m} method {wire} result"),
        }
    }
}
