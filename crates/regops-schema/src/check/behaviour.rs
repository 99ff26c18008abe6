//! `<machine>` (states and transitions over an enum) and `<mapping>` (enum → enum).

use std::collections::BTreeMap;

use crate::diagnostic::{Code, Diagnostic};
use crate::ir::{GroupRef, ItemPath, Machine, Mapping, NamedKind, Transition};
use crate::naming;
use crate::source::Span;
use crate::xml::{Attribute, Element};

use super::Cx;
use super::element::Reader;
use super::enums::RESERVED_METHODS;

pub(super) fn lower_machine(cx: &mut Cx, module: &str, element: &Element) -> Option<Machine> {
    let before = cx.errors.len();
    let mut reader = Reader::new(
        cx,
        element,
        &["enum"],
        &["doc", "initial", "terminal", "transition"],
    );
    let enum_attribute = reader.required("enum");
    let doc = reader.doc_text();
    let initial_elements: Vec<&Element> = reader.children("initial").collect();
    let terminal_elements: Vec<&Element> = reader.children("terminal").collect();
    let transition_elements: Vec<&Element> = reader.children("transition").collect();
    let path = enum_attribute.and_then(|a| cx.resolve_enum(module, a));

    let states = |cx: &mut Cx, elements: &[&Element]| -> Vec<usize> {
        let mut out = Vec::new();
        for element in elements {
            let mut reader = Reader::new(cx, element, &["value"], &[]);
            let value = reader.required("value");
            if let (Some(path), Some(value)) = (&path, value)
                && let Some(i) = cx.enum_value(path, value)
            {
                if out.contains(&i) {
                    cx.error(Diagnostic::new(
                        Code::DuplicateWireName,
                        value.span,
                        format!("`{}` is listed twice", value.value),
                    ));
                }
                out.push(i);
            }
        }
        out
    };
    let initial = states(cx, &initial_elements);
    let terminal = states(cx, &terminal_elements);
    if path.is_some() && initial_elements.is_empty() {
        cx.error(
            Diagnostic::new(
                Code::InvalidDeclaration,
                element.span,
                "a machine needs at least one `<initial value=\"…\"/>`",
            )
            .label("no initial state"),
        );
    }

    let mut transitions = Vec::new();
    let mut transition_spans = Vec::new();
    let mut names: BTreeMap<String, Span> = BTreeMap::new();
    let mut pairs: BTreeMap<(usize, usize), Span> = BTreeMap::new();
    for element in transition_elements {
        let mut reader = Reader::new(
            cx,
            element,
            &["name", "from", "to", "method", "when"],
            &["doc"],
        );
        let name = reader.required("name");
        let from = reader.required("from");
        let to = reader.required("to");
        let method = reader.optional("method");
        let when_attribute = reader.optional("when");
        let doc = reader.doc_text();
        let when = when_attribute.and_then(|a| resolve_group(cx, module, a));
        if let Some(method) = method
            && !cx
                .methods
                .contains(&(module.to_string(), method.value.clone()))
        {
            let known = super::list(
                cx.methods
                    .iter()
                    .filter(|(m, _)| m == module)
                    .map(|(_, w)| w.as_str()),
            );
            cx.error(
                Diagnostic::new(
                    Code::InvalidDeclaration,
                    method.span,
                    format!("module `{module}` has no method `{}`", method.value),
                )
                .label("unknown method")
                .help(format!("the methods of `{module}` are {known}")),
            );
        }
        if let (Some(when), None) = (&when_attribute, &method) {
            cx.error(
                Diagnostic::new(
                    Code::InvalidDeclaration,
                    when.span,
                    "`when` limits the vendor method of a transition, and this one names none",
                )
                .help("add method=\"…\" naming the `<method>` that performs the transition"),
            );
        }
        let (Some(path), Some(name), Some(from), Some(to)) = (&path, name, from, to) else {
            continue;
        };
        if !naming::is_snake(&name.value) {
            cx.error(Diagnostic::new(
                Code::InvalidRustName,
                name.span,
                format!("transition name `{}` is not snake_case", name.value),
            ));
            continue;
        }
        if let Some(first) = names.insert(name.value.clone(), name.span) {
            cx.error(
                Diagnostic::new(
                    Code::DuplicateWireName,
                    name.span,
                    format!("transition `{}` is defined twice", name.value),
                )
                .also(first, "first definition"),
            );
            continue;
        }
        let (Some(from_index), Some(to_index)) =
            (cx.enum_value(path, from), cx.enum_value(path, to))
        else {
            continue;
        };
        if terminal.contains(&from_index) {
            cx.error(
                Diagnostic::new(
                    Code::InvalidDeclaration,
                    from.span,
                    format!("`{}` is terminal, so no transition leaves it", from.value),
                )
                .label("transition from a terminal state"),
            );
            continue;
        }
        if let Some(first) = pairs.insert((from_index, to_index), element.span) {
            cx.error(
                Diagnostic::new(
                    Code::DuplicateWireName,
                    element.span,
                    format!(
                        "a transition from `{}` to `{}` is already declared",
                        from.value, to.value
                    ),
                )
                .also(first, "first declaration"),
            );
            continue;
        }
        transitions.push(Transition {
            name: name.value.clone(),
            doc,
            from: from_index,
            to: to_index,
            method: method.map(|m| m.value.clone()),
            when,
            span: element.span,
        });
        transition_spans.push(element.span);
    }
    check_method_conditions(cx, &transitions, &transition_spans);
    if let Some(path) = &path {
        check_one_machine_per_method(cx, module, path, &transitions);
    }
    if cx.errors.len() > before {
        return None;
    }
    Some(Machine {
        enumeration: path?,
        doc,
        initial,
        terminal,
        transitions,
        span: element.span,
    })
}

/// `Enum.group` or `module.Enum.group`: a group of an enum.
fn resolve_group(cx: &mut Cx, module: &str, attribute: &Attribute) -> Option<GroupRef> {
    let Some((enum_name, group)) = attribute.value.rsplit_once('.') else {
        cx.error(
            Diagnostic::new(
                Code::InvalidAttribute,
                attribute.span,
                format!("`{}` does not name a group", attribute.value),
            )
            .label("expected `Enum.group` or `module.Enum.group`"),
        );
        return None;
    };
    let (path, kind) = cx.resolve_name(module, enum_name, attribute.span)?;
    let enumeration = cx.enums.get(&path).filter(|_| kind == NamedKind::Enum);
    let Some(enumeration) = enumeration else {
        cx.error(
            Diagnostic::new(
                Code::UnknownType,
                attribute.span,
                format!("`{enum_name}` is not an enum"),
            )
            .label("expected `Enum.group`"),
        );
        return None;
    };
    match enumeration.groups.iter().position(|g| g.name == group) {
        Some(index) => Some(GroupRef {
            enumeration: path,
            group: index,
        }),
        None => {
            let known = super::list(enumeration.groups.iter().map(|g| g.name.as_str()));
            cx.error(
                Diagnostic::new(
                    Code::UnknownEnumValue,
                    attribute.span,
                    format!("`{path}` has no group `{group}`"),
                )
                .label("unknown group")
                .help(format!("the groups of `{path}` are {known}")),
            );
            None
        }
    }
}

/// The transitions one method performs carry the same `when` (or none): the generated
/// precondition checks one group.
fn check_method_conditions(cx: &mut Cx, transitions: &[Transition], spans: &[Span]) {
    for (i, t) in transitions.iter().enumerate() {
        let Some(method) = &t.method else { continue };
        let clash = transitions[..i]
            .iter()
            .zip(spans)
            .find(|(other, _)| other.method.as_ref() == Some(method) && other.when != t.when);
        if let Some((_, first)) = clash {
            cx.error(
                Diagnostic::new(
                    Code::InvalidDeclaration,
                    spans[i],
                    format!("the transitions of `{method}` differ in `when`"),
                )
                .also(*first, "another transition of the same method")
                .help("give every transition a method performs the same `when`, or none"),
            );
        }
    }
}

/// A method is performed by the transitions of one machine: its generated precondition asks
/// for the state of one enum.
fn check_one_machine_per_method(
    cx: &mut Cx,
    module: &str,
    machine: &ItemPath,
    transitions: &[Transition],
) {
    for t in transitions {
        let Some(method) = &t.method else { continue };
        let key = (module.to_string(), method.clone());
        match cx.performed_by.get(&key) {
            None => {
                cx.performed_by.insert(key, (machine.clone(), t.span));
            }
            Some((other, _)) if other == machine => {}
            Some((other, first)) => {
                let (other, first) = (other.clone(), *first);
                cx.error(
                    Diagnostic::new(
                        Code::InvalidDeclaration,
                        t.span,
                        format!("`{method}` is performed by the machines of `{other}` and `{machine}`"),
                    )
                    .label("a second machine names this method")
                    .also(first, "first performed here")
                    .help("a method's precondition checks the state of one enum: name the method in one machine only"),
                );
            }
        }
    }
}

pub(super) fn lower_mapping(cx: &mut Cx, module: &str, element: &Element) -> Option<Mapping> {
    let before = cx.errors.len();
    let mut reader = Reader::new(cx, element, &["name", "from", "to"], &["doc", "map"]);
    let name = reader.required("name");
    let from_attribute = reader.required("from");
    let to_attribute = reader.required("to");
    let doc = reader.doc_text();
    let pair_elements: Vec<&Element> = reader.children("map").collect();
    let from = from_attribute.and_then(|a| cx.resolve_enum(module, a));
    let to = to_attribute.and_then(|a| cx.resolve_enum(module, a));
    let name = name.filter(|name| {
        let valid = naming::is_snake(&name.value) && !RESERVED_METHODS.contains(&name.value.as_str());
        if !valid {
            cx.error(
                Diagnostic::new(Code::InvalidRustName, name.span, format!("mapping name `{}` must be a snake_case method name the generator does not use", name.value))
                    .help(format!("reserved: {}", super::list(RESERVED_METHODS.iter().copied()))),
            );
        }
        valid
    });
    let (Some(from), Some(to), Some(name)) = (from, to, name) else {
        return None;
    };

    let count = cx.enums[&from].values.len();
    let mut images: Vec<Option<(usize, Span)>> = vec![None; count];
    for element in pair_elements {
        let mut reader = Reader::new(cx, element, &["from", "to"], &[]);
        let (Some(a), Some(b)) = (reader.required("from"), reader.required("to")) else {
            continue;
        };
        let (Some(i), Some(j)) = (cx.enum_value(&from, a), cx.enum_value(&to, b)) else {
            continue;
        };
        if let Some((_, first)) = images[i] {
            cx.error(
                Diagnostic::new(
                    Code::IncompleteMapping,
                    a.span,
                    format!("`{}` is mapped twice", a.value),
                )
                .label("second mapping")
                .also(first, "first mapping"),
            );
            continue;
        }
        images[i] = Some((j, a.span));
    }
    let missing: Vec<&str> = images
        .iter()
        .zip(&cx.enums[&from].values)
        .filter(|(image, _)| image.is_none())
        .map(|(_, v)| v.wire.as_str())
        .collect();
    if !missing.is_empty() {
        let message = format!(
            "mapping `{}` does not map {} of `{from}`",
            name.value,
            super::list(missing.iter().copied())
        );
        cx.error(
            Diagnostic::new(Code::IncompleteMapping, element.span, message)
                .label("incomplete mapping")
                .help(format!("add `<map from=\"{}\" to=\"…\"/>`; every value of `{from}` must have an image in `{to}`", missing[0])),
        );
    }
    check_method_name(cx, &from, &name.value, name.span);
    if cx.errors.len() > before {
        return None;
    }
    Some(Mapping {
        name: name.value.clone(),
        doc,
        from,
        to,
        images: images
            .into_iter()
            .map(|i| i.map_or(0, |(j, _)| j))
            .collect(),
        span: element.span,
    })
}

/// A mapping's method must not clash with a group of the same enum.
fn check_method_name(cx: &mut Cx, enumeration: &ItemPath, name: &str, span: Span) {
    if cx.enums[enumeration].groups.iter().any(|g| g.name == name) {
        cx.error(
            Diagnostic::new(
                Code::RustNameCollision,
                span,
                format!("`{enumeration}` already has a group called `{name}`"),
            )
            .help("mappings and groups both become methods of the enum; rename one"),
        );
    }
}

/// At most one machine per enum; two mappings with the same name on one enum.
pub(super) fn check_one_machine_per_enum(
    cx: &mut Cx,
    roots: &[Element],
    modules: &[Option<(String, String)>],
) {
    let mut machines: BTreeMap<ItemPath, Span> = BTreeMap::new();
    let mut mappings: BTreeMap<(ItemPath, String), Span> = BTreeMap::new();
    for (root, module) in roots.iter().zip(modules) {
        let Some((module, _)) = module else { continue };
        for child in &root.children {
            let path_of = |attribute: &str| {
                child
                    .attribute(attribute)
                    .map(|a| match a.value.split_once('.') {
                        Some((m, n)) => ItemPath::new(m, n),
                        None => ItemPath::new(module, &a.value),
                    })
            };
            if child.name == "machine" {
                if let Some(path) = path_of("enum")
                    && let Some(first) = machines.insert(path.clone(), child.span)
                {
                    cx.error(
                        Diagnostic::new(
                            Code::InvalidDeclaration,
                            child.span,
                            format!("`{path}` has a second machine"),
                        )
                        .also(first, "first machine")
                        .help("one enum has at most one machine"),
                    );
                }
            } else if child.name == "mapping"
                && let (Some(path), Some(name)) = (path_of("from"), child.attribute("name"))
                && let Some(first) = mappings.insert((path.clone(), name.value.clone()), name.span)
            {
                cx.error(
                    Diagnostic::new(
                        Code::RustNameCollision,
                        name.span,
                        format!("`{path}` has two mappings called `{}`", name.value),
                    )
                    .also(first, "first mapping"),
                );
            }
        }
    }
}
