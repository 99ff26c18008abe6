//! `<struct>` with its `<field>`s and `<filter>`s, and `<status-list>`.

use std::collections::BTreeMap;

use crate::diagnostic::{Code, Diagnostic};
use crate::ir::{
    Comparison, Constraints, EXTRA_FIELDS, Field, Format, Literal, NamedKind, Rule, StatusList,
    Struct, Type, UnknownFields,
};
use crate::naming;
use crate::source::Span;
use crate::xml::{Attribute, Element};

use super::Cx;
use super::element::Reader;

const COMMON_FIELD_ATTRIBUTES: &[&str] = &[
    "wire",
    "type",
    "rust-name",
    "deprecated",
    "tlds",
    "sensitive",
    "min",
    "max",
    "max-length",
    "format",
];

/// Names already taken in one struct: Rust name → (where, wire name).
type Taken = BTreeMap<String, (Span, String)>;

pub(super) fn lower(cx: &mut Cx, module: &str, element: &Element) -> Option<Struct> {
    let before = cx.errors.len();
    let mut reader = Reader::new(
        cx,
        element,
        &["name", "unknown-fields"],
        &["doc", "field", "filter", "rule"],
    );
    let name = reader.required("name");
    let unknown_fields = reader.required("unknown-fields").and_then(|a| {
        reader.choice(
            a,
            &[
                ("keep", UnknownFields::Keep),
                ("ignore", UnknownFields::Ignore),
            ],
        )
    });
    let doc = reader.doc_text();
    let members: Vec<&Element> = element
        .children
        .iter()
        .filter(|c| c.name == "field" || c.name == "filter")
        .collect();

    let mut fields = Vec::new();
    let mut wires: BTreeMap<String, Span> = BTreeMap::new();
    let mut rust_names: Taken = BTreeMap::new();
    if unknown_fields == Some(UnknownFields::Keep) {
        rust_names.insert(
            EXTRA_FIELDS.to_string(),
            (element.span, "(unknown members)".to_string()),
        );
    }
    for member in members {
        let lowered = if member.name == "field" {
            lower_field(cx, module, member).map(|f| vec![f])
        } else {
            lower_filter(cx, module, member)
        };
        for field in lowered.into_iter().flatten() {
            let span = member.attribute("wire").map_or(member.span, |a| a.span);
            if let Some(first) = wires.insert(field.wire.clone(), span) {
                cx.error(
                    Diagnostic::new(
                        Code::DuplicateWireName,
                        span,
                        format!("member `{}` is declared twice", field.wire),
                    )
                    .label("second declaration")
                    .also(first, "first declaration"),
                );
                continue;
            }
            if let Some((first, first_wire)) = rust_names.get(&field.rust_name) {
                let message = if field.rust_name == EXTRA_FIELDS {
                    format!(
                        "member `{}` becomes `{EXTRA_FIELDS}`, where unknown members are kept",
                        field.wire
                    )
                } else {
                    format!(
                        "members `{first_wire}` and `{}` both become the Rust field `{}`",
                        field.wire, field.rust_name
                    )
                };
                cx.error(
                    Diagnostic::new(Code::RustNameCollision, span, message)
                        .also(*first, "taken here")
                        .help("add rust-name=\"…\" to one of them"),
                );
                continue;
            }
            rust_names.insert(field.rust_name.clone(), (span, field.wire.clone()));
            fields.push(field);
        }
    }
    let rules: Vec<Rule> = element
        .children
        .iter()
        .filter(|c| c.name == "rule")
        .filter_map(|r| super::rules::lower(cx, r, &fields))
        .collect();
    if cx.errors.len() > before {
        return None;
    }
    Some(Struct {
        name: name?.value.clone(),
        doc,
        unknown_fields: unknown_fields?,
        fields,
        rules,
        span: element.span,
    })
}

/// What `<field>` and `<filter>` share.
struct Member<'e> {
    wire: &'e Attribute,
    rust_name: String,
    ty: Type,
    type_attribute: &'e Attribute,
    deprecated: Option<String>,
    tlds: Vec<String>,
    sensitive: bool,
    constraints: Constraints,
    doc: String,
}

fn lower_member<'e>(module: &str, reader: &mut Reader<'_, 'e>) -> Option<Member<'e>> {
    let wire = reader.required("wire");
    let type_attribute = reader.required("type");
    let given = reader.optional("rust-name");
    let deprecated = reader.optional("deprecated").map(|a| a.value.clone());
    let tlds_attribute = reader.optional("tlds");
    let sensitive = reader.flag("sensitive");
    let min = reader.optional("min");
    let max = reader.optional("max");
    let max_length = reader.optional("max-length");
    let format = reader
        .optional("format")
        .and_then(|a| reader.choice(a, Format::ALL).map(|f| (f, a)));
    let doc = reader.doc_text();
    let cx = &mut *reader.cx;
    let wire = wire?;
    let type_attribute = type_attribute?;
    let ty = cx.resolve_type(module, type_attribute)?;

    let rust_name = match given {
        Some(given) => naming::given(&given.value)
            .filter(|n| naming::is_snake(n.trim_start_matches("r#")))
            .or_else(|| {
                cx.error(
                    Diagnostic::new(
                        Code::InvalidRustName,
                        given.span,
                        format!("`{}` is not a snake_case identifier", given.value),
                    )
                    .label("field names are snake_case"),
                );
                None
            })?,
        None => naming::snake(&wire.value).or_else(|| {
            cx.error(
                Diagnostic::new(
                    Code::InvalidRustName,
                    wire.span,
                    format!("member `{}` does not give a Rust field name", wire.value),
                )
                .help("add rust-name=\"…\" with a snake_case name"),
            );
            None
        })?,
    };

    let mut tlds = Vec::new();
    if let Some(attribute) = tlds_attribute {
        for tld in attribute.value.split_whitespace() {
            let valid = tld.len() > 1
                && tld.starts_with('.')
                && tld[1..].split('.').all(|label| {
                    !label.is_empty()
                        && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
                });
            if valid {
                tlds.push(tld.to_ascii_lowercase());
            } else {
                cx.error(
                    Diagnostic::new(
                        Code::InvalidAttribute,
                        attribute.span,
                        format!("`{tld}` is not a TLD"),
                    )
                    .label("expected space-separated TLDs such as `.ca .com.au .xn--55qx5d`"),
                );
            }
        }
    }

    let mut constraints = Constraints::default();
    let base = match &ty {
        Type::Array(inner) | Type::OneOrArray(inner) => inner.as_ref(),
        other => other,
    };
    for (attribute, slot) in [(min, &mut constraints.min), (max, &mut constraints.max)] {
        let Some(attribute) = attribute else { continue };
        match attribute.value.parse::<i64>() {
            Ok(_) if *base != Type::Int => cx.error(
                Diagnostic::new(
                    Code::InvalidDeclaration,
                    attribute.span,
                    format!(
                        "`{}` applies to int members, not to `{}`",
                        attribute.name, type_attribute.value
                    ),
                )
                .also(type_attribute.span, "type declared here"),
            ),
            Ok(n) => *slot = Some(n),
            Err(_) => cx.error(
                Diagnostic::new(
                    Code::InvalidAttribute,
                    attribute.span,
                    format!("`{}` is not an integer", attribute.value),
                )
                .label("expected an integer such as `0` or `255`"),
            ),
        }
    }
    if let (Some(lo), Some(hi), Some(at)) = (constraints.min, constraints.max, max)
        && lo > hi
    {
        cx.error(Diagnostic::new(
            Code::InvalidDeclaration,
            at.span,
            format!("max {hi} is below min {lo}"),
        ));
    }
    if let Some(attribute) = max_length {
        let fits = matches!(
            ty,
            Type::String | Type::ApiKey | Type::Array(_) | Type::OneOrArray(_)
        );
        match attribute.value.parse::<u64>() {
            Ok(_) if !fits => cx.error(
                Diagnostic::new(
                    Code::InvalidDeclaration,
                    attribute.span,
                    format!(
                        "`max-length` applies to strings and arrays, not to `{}`",
                        type_attribute.value
                    ),
                )
                .also(type_attribute.span, "type declared here"),
            ),
            Ok(n) => constraints.max_length = Some(n),
            Err(_) => cx.error(
                Diagnostic::new(
                    Code::InvalidAttribute,
                    attribute.span,
                    format!("`{}` is not a length", attribute.value),
                )
                .label("expected a whole number of characters"),
            ),
        }
    }
    if let Some((format, attribute)) = format {
        if *base == Type::String {
            constraints.format = Some(format);
        } else {
            cx.error(
                Diagnostic::new(
                    Code::InvalidDeclaration,
                    attribute.span,
                    format!(
                        "`format` applies to string members, not to `{}`",
                        type_attribute.value
                    ),
                )
                .also(type_attribute.span, "type declared here"),
            );
        }
    }
    Some(Member {
        wire,
        rust_name,
        ty,
        type_attribute,
        deprecated,
        tlds,
        sensitive,
        constraints,
        doc,
    })
}

fn lower_field(cx: &mut Cx, module: &str, element: &Element) -> Option<Field> {
    let mut allowed = COMMON_FIELD_ATTRIBUTES.to_vec();
    allowed.extend(["required", "default", "empty", "nil"]);
    let mut reader = Reader::new(cx, element, &allowed, &["doc"]);
    let required = reader.flag("required");
    let default = reader.optional("default");
    let empty = reader
        .optional("empty")
        .and_then(|a| reader.choice(a, &[("none", a)]));
    let nil = reader
        .optional("nil")
        .and_then(|a| reader.choice(a, &[("allowed", a)]));
    let member = lower_member(module, &mut reader)?;

    let default = match default {
        None => None,
        Some(attribute) if required => {
            cx.error(
                Diagnostic::new(Code::InvalidDeclaration, attribute.span, "a required member has no default")
                    .help("a default is what the vendor uses when the member is absent; drop `default` or `required`"),
            );
            return None;
        }
        Some(attribute) => Some(default_literal(cx, &member, attribute)?),
    };
    if let Some(attribute) = nil {
        let problem = if member.ty == Type::Any {
            Some((
                "`nil=\"allowed\"` on an `any` member",
                "`any` already keeps nil, as `Value::Nil`; drop `nil`",
            ))
        } else if default.is_some() {
            Some((
                "`default` on a member that may be nil",
                "a default stands for an absent member, and nil is kept apart from absent; drop `default` or `nil`",
            ))
        } else {
            None
        };
        if let Some((message, help)) = problem {
            cx.error(
                Diagnostic::new(Code::InvalidDeclaration, attribute.span, message)
                    .also(member.type_attribute.span, "type declared here")
                    .help(help),
            );
            return None;
        }
    }
    if let Some(attribute) = empty
        && (!required || !matches!(member.ty, Type::DateTime | Type::Date))
    {
        cx.error(
                Diagnostic::new(Code::InvalidDeclaration, attribute.span, "`empty=\"none\"` is for required `datetime` or `date` members")
                    .help("it describes a member that is always sent, as an empty string until it has a value"),
            );
        return None;
    }
    Some(Field {
        wire: member.wire.value.clone(),
        rust_name: member.rust_name,
        ty: member.ty,
        required,
        default,
        deprecated: member.deprecated,
        tlds: member.tlds,
        empty_is_none: empty.is_some(),
        nil_allowed: nil.is_some(),
        sensitive: member.sensitive,
        constraints: member.constraints,
        doc: member.doc,
        filter: None,
        span: element.span,
    })
}

/// Checks that a default fits the member's type and bounds.
fn default_literal(cx: &mut Cx, member: &Member<'_>, attribute: &Attribute) -> Option<Literal> {
    let text = attribute.value.as_str();
    let type_name = &member.type_attribute.value;
    let literal = match &member.ty {
        Type::Int => text.parse().ok().map(Literal::Int),
        Type::Bool => match text {
            "true" => Some(Literal::Bool(true)),
            "false" => Some(Literal::Bool(false)),
            _ => None,
        },
        Type::Double => text
            .parse::<f64>()
            .ok()
            .filter(|f| f.is_finite())
            .map(Literal::Double),
        Type::String => Some(Literal::String(text.to_string())),
        Type::Named(path, NamedKind::Enum) => {
            let values = cx
                .enums
                .get(path)
                .map(|e| e.values.iter().map(|v| v.wire.clone()).collect::<Vec<_>>());
            let values = values?;
            match values.iter().position(|v| v == text) {
                Some(i) => Some(Literal::EnumValue(i)),
                None => {
                    cx.error(
                        Diagnostic::new(
                            Code::InvalidDefault,
                            attribute.span,
                            format!("default `{text}` is not a value of `{path}`"),
                        )
                        .also(member.type_attribute.span, "type declared here")
                        .help(format!(
                            "the values are {}",
                            super::list(values.iter().map(String::as_str))
                        )),
                    );
                    return None;
                }
            }
        }
        _ => {
            cx.error(
                Diagnostic::new(
                    Code::InvalidDefault,
                    attribute.span,
                    format!("a `{type_name}` member cannot have a default"),
                )
                .also(member.type_attribute.span, "type declared here")
                .help("defaults are allowed for int, bool, double, string and enum members"),
            );
            return None;
        }
    };
    let Some(literal) = literal else {
        let expected = match member.ty {
            Type::Int => "an integer",
            Type::Bool => "`true` or `false`",
            _ => "a finite number",
        };
        cx.error(
            Diagnostic::new(
                Code::InvalidDefault,
                attribute.span,
                format!("default `{text}` does not fit the type `{type_name}`"),
            )
            .label(format!("expected {expected}"))
            .also(member.type_attribute.span, "type declared here"),
        );
        return None;
    };
    if let Literal::Int(n) = literal {
        let Constraints { min, max, .. } = member.constraints;
        if min.is_some_and(|lo| n < lo) || max.is_some_and(|hi| n > hi) {
            cx.error(
                Diagnostic::new(
                    Code::InvalidDefault,
                    attribute.span,
                    format!("default {n} is outside the member's bounds"),
                )
                .label(format!(
                    "expected {}..={}",
                    min.map_or(String::new(), |v| v.to_string()),
                    max.map_or(String::new(), |v| v.to_string())
                )),
            );
            return None;
        }
    }
    Some(literal)
}

/// `<filter compare="lt gt">` → the base member and one member per comparison.
fn lower_filter(cx: &mut Cx, module: &str, element: &Element) -> Option<Vec<Field>> {
    let mut allowed = COMMON_FIELD_ATTRIBUTES.to_vec();
    allowed.push("compare");
    let mut reader = Reader::new(cx, element, &allowed, &["doc"]);
    let compare = reader.required("compare");
    let member = lower_member(module, &mut reader)?;
    let compare = compare?;
    let mut comparisons = Vec::new();
    for word in compare.value.split_whitespace() {
        let comparison = match word {
            "lt" => Comparison::Lt,
            "gt" => Comparison::Gt,
            _ => {
                cx.error(
                    Diagnostic::new(
                        Code::InvalidAttribute,
                        compare.span,
                        format!("`{word}` is not a comparison"),
                    )
                    .label("expected `lt`, `gt` or both"),
                );
                return None;
            }
        };
        if comparisons.contains(&comparison) {
            cx.error(Diagnostic::new(
                Code::InvalidAttribute,
                compare.span,
                format!("`{word}` is listed twice"),
            ));
            return None;
        }
        comparisons.push(comparison);
    }
    let base = member.wire.value.clone();
    let field =
        |wire: String, rust_name: String, doc: String, comparison: Option<Comparison>| Field {
            wire,
            rust_name,
            ty: member.ty.clone(),
            required: false,
            default: None,
            deprecated: member.deprecated.clone(),
            tlds: member.tlds.clone(),
            empty_is_none: false,
            nil_allowed: false,
            sensitive: member.sensitive,
            constraints: member.constraints.clone(),
            doc,
            filter: Some((base.clone(), comparison)),
            span: element.span,
        };
    let mut fields = vec![field(
        base.clone(),
        member.rust_name.clone(),
        member.doc.clone(),
        None,
    )];
    for comparison in comparisons {
        let relation = match comparison {
            Comparison::Lt => "less than (before)",
            Comparison::Gt => "greater than (after)",
        };
        let doc = format!(
            "{}\n\nFilter: only items whose `{base}` is {relation} this value.",
            member.doc
        );
        fields.push(field(
            format!("{}{base}", comparison.prefix()),
            format!(
                "{}{}",
                member.rust_name.trim_start_matches("r#"),
                comparison.suffix()
            ),
            doc,
            Some(comparison),
        ));
    }
    Some(fields)
}

pub(super) fn lower_status_list(
    cx: &mut Cx,
    module: &str,
    element: &Element,
) -> Option<StatusList> {
    let before = cx.errors.len();
    let mut reader = Reader::new(
        cx,
        element,
        &["name", "separator", "state", "flags"],
        &["doc"],
    );
    let name = reader.required("name");
    let separator = reader.required("separator");
    let state = reader.required("state");
    let flags = reader.required("flags");
    let doc = reader.doc_text();
    let state = state.and_then(|a| cx.resolve_enum(module, a));
    let flags = flags.and_then(|a| cx.resolve_enum(module, a));
    if cx.errors.len() > before {
        return None;
    }
    Some(StatusList {
        name: name?.value.clone(),
        doc,
        separator: separator?.value.trim().to_string(),
        state: state?,
        flags: flags?,
        span: element.span,
    })
}
