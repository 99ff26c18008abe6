//! `<enum>`: values, Rust variant names, groups.

use std::collections::BTreeMap;

use crate::diagnostic::{Code, Diagnostic};
use crate::ir::{Enum, EnumSet, EnumValue, Format, Group};
use crate::naming;
use crate::source::Span;
use crate::xml::Element;

use super::Cx;
use super::element::Reader;

/// Name of the catch-all variant that keeps unknown values.
pub(crate) const CATCH_ALL: &str = "Unrecognized";

/// Methods the generator puts on every enum: groups and mappings may not reuse them.
pub(crate) const RESERVED_METHODS: &[&str] = &[
    "as_str",
    "label",
    "try_parse",
    "from_wire",
    "is_recognized",
    "is_deprecated",
    "is_initial",
    "is_terminal",
    "can_transition_to",
    "next_states",
    "transition_to",
];

pub(super) fn lower(cx: &mut Cx, element: &Element) -> Option<Enum> {
    let before = cx.errors.len();
    let mut reader = Reader::new(
        cx,
        element,
        &["name", "set", "format"],
        &["doc", "value", "group"],
    );
    let name = reader.required("name");
    let set = reader.required("set").and_then(|a| {
        reader.choice(
            a,
            &[
                ("open", EnumSet::Open),
                ("closed", EnumSet::Closed),
                ("exact", EnumSet::Exact),
            ],
        )
    });
    let format = reader
        .optional("format")
        .and_then(|a| reader.choice(a, Format::ALL).map(|f| (f, a)));
    let doc = reader.doc_text();
    let value_elements: Vec<&Element> = reader.children("value").collect();
    let group_elements: Vec<&Element> = reader.children("group").collect();

    let mut values = Vec::new();
    let mut wires: BTreeMap<String, Span> = BTreeMap::new();
    let mut rust_names: BTreeMap<String, (Span, String)> = BTreeMap::new();
    for value in value_elements {
        if let Some(v) = lower_value(cx, value, &mut wires, &mut rust_names) {
            values.push(v);
        }
    }
    if set == Some(EnumSet::Exact) && values.is_empty() {
        cx.error(
            Diagnostic::new(
                Code::InvalidDeclaration,
                element.span,
                "an `exact` enum needs at least one value",
            )
            .help("an enum whose values are not known yet is `set=\"open\"`"),
        );
    }
    if let (Some(EnumSet::Exact), Some((_, attribute))) = (set, format) {
        cx.error(
            Diagnostic::new(
                Code::InvalidDeclaration,
                attribute.span,
                "`format` applies to `open` and `closed` enums",
            )
            .label("an `exact` enum never holds an unknown value")
            .help("remove `format`, or make the enum `open`"),
        );
    }
    let mut groups = Vec::new();
    let mut group_names: BTreeMap<String, Span> = BTreeMap::new();
    for group in group_elements {
        if let Some(g) = lower_group(cx, group, &values, &mut group_names) {
            groups.push(g);
        }
    }
    if cx.errors.len() > before {
        return None;
    }
    Some(Enum {
        name: name?.value.clone(),
        doc,
        set: set?,
        format: format.map(|(f, _)| f),
        values,
        groups,
        span: element.span,
    })
}

fn lower_value(
    cx: &mut Cx,
    element: &Element,
    wires: &mut BTreeMap<String, Span>,
    rust_names: &mut BTreeMap<String, (Span, String)>,
) -> Option<EnumValue> {
    let mut reader = Reader::new(
        cx,
        element,
        &["wire", "rust-name", "label", "deprecated"],
        &["doc"],
    );
    let wire = reader.required("wire");
    let given = reader.optional("rust-name");
    let label = reader.optional("label").map(|a| a.value.clone());
    let deprecated = reader.optional("deprecated").map(|a| a.value.clone());
    let doc = reader.doc_text();
    let wire = wire?;
    if let Some(first) = wires.insert(wire.value.clone(), wire.span) {
        cx.error(
            Diagnostic::new(
                Code::DuplicateWireName,
                wire.span,
                format!("value `{}` is listed twice", wire.value),
            )
            .label("second time")
            .also(first, "first time"),
        );
        return None;
    }
    let (rust_name, span) = match given {
        Some(given) => match naming::given(&given.value) {
            Some(n) if naming::is_upper_camel(n.trim_start_matches("r#")) => (n, given.span),
            _ => {
                cx.error(
                    Diagnostic::new(
                        Code::InvalidRustName,
                        given.span,
                        format!("`{}` is not an UpperCamelCase identifier", given.value),
                    )
                    .label("variant names are UpperCamelCase"),
                );
                return None;
            }
        },
        None => match naming::upper_camel(&wire.value) {
            Some(n) => (n, wire.span),
            None => {
                cx.error(
                    Diagnostic::new(
                        Code::InvalidRustName,
                        wire.span,
                        format!("value `{}` does not give a Rust variant name", wire.value),
                    )
                    .label("no identifier comes out of this")
                    .help("add rust-name=\"…\" with an UpperCamelCase name that says what the value means"),
                );
                return None;
            }
        },
    };
    if rust_name == CATCH_ALL {
        cx.error(
            Diagnostic::new(
                Code::RustNameCollision,
                span,
                format!("value `{}` becomes `{CATCH_ALL}`, the name of the variant that keeps unknown values", wire.value),
            )
            .help("add rust-name=\"…\" with another name"),
        );
        return None;
    }
    if let Some((first, first_wire)) = rust_names.get(&rust_name) {
        cx.error(
            Diagnostic::new(
                Code::RustNameCollision,
                span,
                format!(
                    "values `{first_wire}` and `{}` both become the Rust variant `{rust_name}`",
                    wire.value
                ),
            )
            .label("second value")
            .also(*first, "first value")
            .help("add rust-name=\"…\" to one of them"),
        );
        return None;
    }
    rust_names.insert(rust_name.clone(), (span, wire.value.clone()));
    Some(EnumValue {
        wire: wire.value.clone(),
        rust_name,
        label,
        deprecated,
        doc,
        span: element.span,
    })
}

fn lower_group(
    cx: &mut Cx,
    element: &Element,
    values: &[EnumValue],
    names: &mut BTreeMap<String, Span>,
) -> Option<Group> {
    let mut reader = Reader::new(cx, element, &["name"], &["doc", "member"]);
    let name = reader.required("name");
    let doc = reader.doc_text();
    let member_elements: Vec<&Element> = reader.children("member").collect();
    let mut members = Vec::new();
    for member in member_elements {
        let mut reader = Reader::new(cx, member, &["value"], &[]);
        let Some(value) = reader.required("value") else {
            continue;
        };
        match values.iter().position(|v| v.wire == value.value) {
            Some(i) if members.contains(&i) => cx.error(Diagnostic::new(
                Code::DuplicateWireName,
                value.span,
                format!("`{}` is listed twice in this group", value.value),
            )),
            Some(i) => members.push(i),
            None => cx.error(
                Diagnostic::new(
                    Code::UnknownEnumValue,
                    value.span,
                    format!("`{}` is not a value of this enum", value.value),
                )
                .label("unknown value")
                .help(format!(
                    "the values are {}",
                    super::list(values.iter().map(|v| v.wire.as_str()))
                )),
            ),
        }
    }
    let name = name?;
    if !naming::is_snake(&name.value) || RESERVED_METHODS.contains(&name.value.as_str()) {
        cx.error(
            Diagnostic::new(
                Code::InvalidRustName,
                name.span,
                format!(
                    "group name `{}` must be a snake_case method name the generator does not use",
                    name.value
                ),
            )
            .help(format!(
                "reserved: {}",
                super::list(RESERVED_METHODS.iter().copied())
            )),
        );
        return None;
    }
    if let Some(first) = names.insert(name.value.clone(), name.span) {
        cx.error(
            Diagnostic::new(
                Code::RustNameCollision,
                name.span,
                format!("group `{}` is defined twice", name.value),
            )
            .also(first, "first definition"),
        );
        return None;
    }
    Some(Group {
        name: name.value.clone(),
        doc,
        members,
        span: element.span,
    })
}
