//! `<method>`: wire name, positional parameters, result.

use std::collections::BTreeMap;

use crate::diagnostic::{Code, Diagnostic};
use crate::ir::{Effect, ItemPath, Method, Param, Returns, Type, Verb};
use crate::naming;
use crate::source::Span;
use crate::xml::Element;

use super::Cx;
use super::element::Reader;

pub(super) fn lower(cx: &mut Cx, module: &str, element: &Element) -> Option<Method> {
    let before = cx.errors.len();
    let mut reader = Reader::new(
        cx,
        element,
        &["wire", "rust-name", "effect"],
        &["doc", "param", "returns", "http", "rule"],
    );
    let wire = reader.required("wire");
    let effect_attribute = reader.optional("effect");
    let effect = effect_attribute.map(|a| reader.choice(a, Effect::ALL));
    let rust_name = method_rust_name(reader.cx, element);
    let doc = reader.doc_text();
    let param_elements: Vec<&Element> = reader.children("param").collect();
    let returns_elements: Vec<&Element> = reader.children("returns").collect();
    let http_elements: Vec<&Element> = reader.children("http").collect();
    let rule_elements: Vec<&Element> = reader.children("rule").collect();

    let mut params = Vec::new();
    let mut names: BTreeMap<String, Span> = BTreeMap::new();
    let mut first_optional: Option<Span> = None;
    for element in param_elements {
        let mut reader = Reader::new(
            cx,
            element,
            &["name", "type", "optional", "sensitive", "tracking-number"],
            &["doc"],
        );
        let name = reader.required("name");
        let type_attribute = reader.required("type");
        let optional = reader.flag("optional");
        let sensitive = reader.flag("sensitive");
        let tracking_number = reader.flag("tracking-number");
        let doc = reader.doc_text();
        let (Some(name), Some(type_attribute)) = (name, type_attribute) else {
            continue;
        };
        let Some(ty) = cx.resolve_type(module, type_attribute) else {
            continue;
        };
        let Some(rust) = naming::snake(&name.value) else {
            cx.error(Diagnostic::new(
                Code::InvalidRustName,
                name.span,
                format!("parameter `{}` does not give a Rust name", name.value),
            ));
            continue;
        };
        if let Some(first) = names.insert(rust.clone(), name.span) {
            cx.error(
                Diagnostic::new(
                    Code::RustNameCollision,
                    name.span,
                    format!(
                        "parameter `{}` clashes with an earlier one (`{rust}`)",
                        name.value
                    ),
                )
                .also(first, "earlier parameter"),
            );
            continue;
        }
        match (optional, first_optional) {
            (true, None) => first_optional = Some(element.span),
            (false, Some(optional_at)) => cx.error(
                Diagnostic::new(
                    Code::InvalidDeclaration,
                    element.span,
                    format!(
                        "required parameter `{}` follows an optional one",
                        name.value
                    ),
                )
                .also(optional_at, "optional parameter")
                .help("only trailing parameters can be optional: they are positional"),
            ),
            _ => {}
        }
        if tracking_number {
            check_tracking_number(cx, element, &name.value, &ty, optional, &params);
        }
        params.push(Param {
            wire: name.value.clone(),
            rust_name: rust,
            ty,
            optional,
            sensitive,
            tracking_number,
            doc,
            span: element.span,
        });
    }

    let mut returns = None;
    for (i, element) in returns_elements.iter().enumerate() {
        let mut reader = Reader::new(cx, element, &["type"], &["doc"]);
        let type_attribute = reader.required("type");
        let doc = reader.doc_text();
        if i > 0 {
            cx.error(Diagnostic::new(
                Code::UnknownElement,
                element.span,
                "a second `<returns>`",
            ));
            continue;
        }
        if let Some(ty) = type_attribute.and_then(|a| cx.resolve_type(module, a)) {
            returns = Some(Returns {
                ty,
                doc,
                span: element.span,
            });
        }
    }
    let mut http = None;
    for (i, element) in http_elements.iter().enumerate() {
        if i > 0 {
            cx.error(Diagnostic::new(
                Code::UnknownElement,
                element.span,
                "a second `<http>`",
            ));
            continue;
        }
        if cx.errors.len() == before {
            http = super::transport::lower_http(cx, element, &params);
        }
    }
    // Rules name parameters as the members of the parameter struct.
    let members: Vec<_> = params.iter().map(Param::as_field).collect();
    let rules: Vec<_> = rule_elements
        .into_iter()
        .filter_map(|r| super::rules::lower(cx, r, &members))
        .collect();
    if cx.errors.len() > before {
        return None;
    }
    let rust_name = rust_name?;
    // Unless the schema says otherwise, a `GET` route only reads and anything else changes
    // something: a client never repeats a call it cannot prove harmless.
    let effect = match effect {
        Some(effect) => effect?,
        None if http.as_ref().is_some_and(|h| h.verb == Verb::Get) => Effect::Read,
        None => Effect::Change,
    };
    // A method name gives no identifier only through `rust-name`, which is checked above.
    let fn_name = naming::snake(&rust_name).unwrap_or_else(|| rust_name.to_lowercase());
    Some(Method {
        wire: wire?.value.clone(),
        params_name: format!("{rust_name}Params"),
        fn_name,
        rust_name,
        doc,
        params,
        returns,
        http,
        rules,
        span: element.span,
        effect,
    })
}

/// A `tracking-number` parameter is a required `int`, and a method has at most one.
fn check_tracking_number(
    cx: &mut Cx,
    element: &Element,
    name: &str,
    ty: &Type,
    optional: bool,
    earlier: &[Param],
) {
    let span = element
        .attribute("tracking-number")
        .map_or(element.span, |a| a.span);
    if *ty != Type::Int || optional {
        cx.error(
            Diagnostic::new(
                Code::InvalidDeclaration,
                span,
                format!("tracking-number parameter `{name}` is not a required `int`"),
            )
            .help("a tracking number is the operation's integer id, always sent"),
        );
    } else if let Some(first) = earlier.iter().find(|p| p.tracking_number) {
        cx.error(Diagnostic::new(
            Code::InvalidDeclaration,
            span,
            format!(
                "parameter `{name}` is a second tracking number (`{}` is one already)",
                first.wire
            ),
        ));
    }
}

/// The marker type name: `rust-name`, or `UpperCamelCase` of the wire name.
fn method_rust_name(cx: &mut Cx, element: &Element) -> Option<String> {
    if let Some(given) = element.attribute("rust-name") {
        if naming::is_upper_camel(&given.value) {
            return Some(given.value.clone());
        }
        cx.error(Diagnostic::new(
            Code::InvalidRustName,
            given.span,
            format!("`{}` is not an UpperCamelCase identifier", given.value),
        ));
        return None;
    }
    let wire = element.attribute("wire")?;
    let name = naming::upper_camel(&wire.value);
    if name.is_none() {
        cx.error(
            Diagnostic::new(
                Code::InvalidRustName,
                wire.span,
                format!("method `{}` does not give a Rust type name", wire.value),
            )
            .help("add rust-name=\"…\""),
        );
    }
    name
}

/// Method wire names are unique in a module, and their generated type names
/// (`OperationList`, `OperationListParams`) clash neither with each other nor with types.
pub(super) fn check_module_names(
    cx: &mut Cx,
    roots: &[Element],
    modules: &[Option<(String, String)>],
) {
    let mut wires: BTreeMap<(String, String), Span> = BTreeMap::new();
    let mut names: BTreeMap<ItemPath, Span> = cx
        .declared
        .iter()
        .map(|(p, d)| (p.clone(), d.span))
        .collect();
    for (root, module) in roots.iter().zip(modules) {
        let Some((module, _)) = module else { continue };
        for child in root.children.iter().filter(|c| c.name == "method") {
            let Some(wire) = child.attribute("wire") else {
                continue;
            };
            if let Some(first) = wires.insert((module.clone(), wire.value.clone()), wire.span) {
                cx.error(
                    Diagnostic::new(
                        Code::DuplicateWireName,
                        wire.span,
                        format!(
                            "method `{}` is declared twice in module `{module}`",
                            wire.value
                        ),
                    )
                    .also(first, "first declaration"),
                );
                continue;
            }
            let base = match child.attribute("rust-name") {
                Some(given) => Some(given.value.clone()),
                None => naming::upper_camel(&wire.value),
            };
            let Some(base) = base else { continue };
            for name in [base.clone(), format!("{base}Params")] {
                let path = ItemPath::new(module, &name);
                if let Some(first) = names.insert(path.clone(), wire.span) {
                    cx.error(
                        Diagnostic::new(
                            Code::RustNameCollision,
                            wire.span,
                            format!(
                                "method `{}` generates the type `{path}`, which already exists",
                                wire.value
                            ),
                        )
                        .also(first, "already taken here")
                        .help("add rust-name=\"…\" to the method"),
                    );
                }
            }
        }
    }
}
