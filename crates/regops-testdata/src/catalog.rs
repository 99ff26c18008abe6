//! What the payloads take from the schema: Gandi's steps and how they follow each other,
//! the operation types, the error ids with their class, and the `x-` fields of
//! `RelaunchOperationParameters` with their TLDs and value types. Nothing here is retyped
//! from the vendor texts: a value added to the schema shows up in the payloads.

use std::path::Path;

use regops_schema::ir::{self, Format, Item, ItemPath, Type};

/// The schema facts the generator draws from.
#[derive(Debug)]
pub(crate) struct Catalog {
    /// `gandi.Step` wire values.
    pub(crate) steps: Vec<String>,
    /// Index of the step every operation starts in.
    pub(crate) initial_step: usize,
    /// Steps an operation never leaves.
    pub(crate) terminal_steps: Vec<usize>,
    /// `(from, to)` transitions of the step machine, in schema order (the first one out of a
    /// step is its usual outcome).
    pub(crate) transitions: Vec<(usize, usize)>,
    /// `gandi.OperationType` values of domain operations (`domain_*`).
    pub(crate) domain_types: Vec<String>,
    /// `gandi.ErrorId` values, each with its `gandi.ErrorClass` (the `class` mapping).
    pub(crate) errors: Vec<(String, String)>,
    /// `x-` members of `gandi.RelaunchOperationParameters` that are not deprecated.
    pub(crate) x_fields: Vec<XField>,
}

/// One `x-` member: its name, the TLDs it applies to (empty: every TLD) and its values.
#[derive(Debug)]
pub(crate) struct XField {
    pub(crate) wire: String,
    pub(crate) tlds: Vec<String>,
    pub(crate) kind: XKind,
}

/// What values an `x-` member takes.
#[derive(Debug)]
pub(crate) enum XKind {
    /// One of these wire values (empty: the schema knows none, so any token).
    Enum(Vec<String>),
    /// Free text, at most this many characters, maybe in a format.
    Text {
        max_length: Option<u64>,
        format: Option<Format>,
    },
}

/// The repository's `schema/` folder.
pub(crate) fn schema_dir() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../schema"))
}

fn gandi(name: &str) -> ItemPath {
    ItemPath::new("gandi", name)
}

fn wire_values(schema: &ir::Schema, path: &ItemPath) -> Vec<String> {
    schema
        .enumeration(path)
        .map(|e| e.values.iter().map(|v| v.wire.clone()).collect())
        .unwrap_or_default()
}

impl Catalog {
    /// Reads the catalog from the checked schema; panics with the loader's report if the
    /// schema does not load or lacks what the payloads are made of.
    pub(crate) fn load() -> Self {
        let schema = match regops_schema::load_dir(schema_dir(), "schema/") {
            Ok(schema) => schema,
            Err(e) => panic!("the schema must load to generate payloads:\n{e}"),
        };
        Self::from_schema(&schema)
    }

    pub(crate) fn from_schema(schema: &ir::Schema) -> Self {
        let step = gandi("Step");
        let steps = wire_values(schema, &step);
        let machine = schema
            .items()
            .find_map(|(_, item)| match item {
                Item::Machine(m) if m.enumeration == step => Some(m),
                _ => None,
            })
            .expect("gandi.Step has a <machine>");
        let domain_types = wire_values(schema, &gandi("OperationType"))
            .into_iter()
            .filter(|t| t.starts_with("domain_"))
            .collect();
        let ids = wire_values(schema, &gandi("ErrorId"));
        let classes = wire_values(schema, &gandi("ErrorClass"));
        let mapping = schema
            .items()
            .find_map(|(_, item)| match item {
                Item::Mapping(m) if m.from == gandi("ErrorId") && m.to == gandi("ErrorClass") => {
                    Some(m)
                }
                _ => None,
            })
            .expect("gandi.ErrorId maps to gandi.ErrorClass");
        let errors = ids
            .iter()
            .zip(&mapping.images)
            .map(|(id, &class)| (id.clone(), classes[class].clone()))
            .collect();
        let relaunch = match schema.item(&gandi("RelaunchOperationParameters")) {
            Some(Item::Struct(s)) => s,
            _ => panic!("gandi.RelaunchOperationParameters is a struct"),
        };
        let x_fields = relaunch
            .fields
            .iter()
            .filter(|f| f.wire.starts_with("x-") && f.deprecated.is_none())
            .filter_map(|f| {
                let kind = match &f.ty {
                    Type::Named(path, ir::NamedKind::Enum) => {
                        XKind::Enum(wire_values(schema, path))
                    }
                    Type::String => XKind::Text {
                        max_length: f.constraints.max_length,
                        format: f.constraints.format,
                    },
                    _ => return None,
                };
                Some(XField {
                    wire: f.wire.clone(),
                    tlds: f.tlds.clone(),
                    kind,
                })
            })
            .collect();
        Catalog {
            steps,
            initial_step: machine.initial[0],
            terminal_steps: machine.terminal.clone(),
            transitions: machine.transitions.iter().map(|t| (t.from, t.to)).collect(),
            domain_types,
            errors,
            x_fields,
        }
    }

    /// Every TLD some `x-` member names, in schema order, without repeats.
    pub(crate) fn x_field_tlds(&self) -> Vec<&str> {
        let mut tlds: Vec<&str> = Vec::new();
        for tld in self.x_fields.iter().flat_map(|f| &f.tlds) {
            if !tlds.contains(&tld.as_str()) {
                tlds.push(tld);
            }
        }
        tlds
    }
}
