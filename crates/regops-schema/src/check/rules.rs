//! `<rule>` inside `<struct>` (or `<method>`, over its parameters): checks across members,
//! for validators.

use crate::diagnostic::{Code, Diagnostic};
use crate::ir::{Field, NamedKind, Rule, RuleKind, RuleSeverity, Type};
use crate::naming;
use crate::xml::{Attribute, Element};

use super::Cx;
use super::element::Reader;

/// Which attributes each kind takes besides `name`, `kind` and `fields`.
const KIND_ATTRIBUTES: &[(&str, &[&str])] = &[
    ("required", &[]),
    ("requires-when", &["when", "equals"]),
    ("max-total-items", &["max"]),
    ("min-total-items", &["min"]),
    ("pattern", &["pattern"]),
    ("required-for-tld", &[]),
];

pub(super) fn lower(cx: &mut Cx, element: &Element, fields: &[Field]) -> Option<Rule> {
    let before = cx.errors.len();
    let mut reader = Reader::new(
        cx,
        element,
        &[
            "name", "kind", "fields", "when", "equals", "max", "min", "pattern", "severity",
        ],
        &["doc"],
    );
    let name = reader.required("name");
    let kind_attribute = reader.required("kind");
    let targets = reader.required("fields");
    let severity = match reader.optional("severity") {
        Some(attribute) => reader.choice(attribute, RuleSeverity::ALL),
        None => Some(RuleSeverity::Error),
    };
    let doc = reader.doc_text();
    let known = kind_attribute.and_then(|k| KIND_ATTRIBUTES.iter().find(|(n, _)| *n == k.value));
    let extras: Vec<Option<&Attribute>> = known
        .map(|(_, extra)| extra.iter().map(|n| reader.required(n)).collect())
        .unwrap_or_default();
    let kind_attribute = kind_attribute?;
    let Some(&(kind, extra)) = known else {
        cx.error(
            Diagnostic::new(
                Code::InvalidAttribute,
                kind_attribute.span,
                format!("`{}` is not a kind of rule", kind_attribute.value),
            )
            .label(format!(
                "expected {}",
                super::list(RuleKind::NAMES.iter().copied())
            )),
        );
        return None;
    };
    // `pattern` may be conditional: it then takes `when` and `equals` too.
    let optional: &[&str] = if kind == "pattern" {
        &["when", "equals"]
    } else {
        &[]
    };
    // Attributes of other kinds are mistakes, not silently ignored.
    for attribute in &element.attributes {
        let own = ["name", "kind", "fields", "severity"].contains(&attribute.name.as_str())
            || extra.contains(&attribute.name.as_str())
            || optional.contains(&attribute.name.as_str());
        if !own
            && KIND_ATTRIBUTES
                .iter()
                .any(|(_, e)| e.contains(&attribute.name.as_str()))
        {
            cx.error(
                Diagnostic::new(
                    Code::InvalidRule,
                    attribute.span,
                    format!("a `{kind}` rule does not take `{}`", attribute.name),
                )
                .label("not used by this kind")
                .help(if extra.is_empty() {
                    format!("`{kind}` takes only name, kind, fields and severity")
                } else {
                    format!(
                        "`{kind}` takes name, kind, fields, severity and {}",
                        super::list(extra.iter().copied())
                    )
                }),
            );
        }
    }
    if let Some(name) = name
        && !naming::is_snake(&name.value)
    {
        cx.error(
            Diagnostic::new(
                Code::InvalidAttribute,
                name.span,
                format!("rule name `{}` is not snake_case", name.value),
            )
            .label("expected a snake_case name"),
        );
    }
    let indexes: Vec<usize> = targets
        .map(|t| {
            t.value
                .split_whitespace()
                .filter_map(|wire| member(cx, t, fields, wire))
                .collect()
        })
        .unwrap_or_default();
    let kind = match kind {
        "requires-when" => {
            let (when_index, values) = condition(cx, extras[0]?, extras[1]?, fields)?;
            refuse_always_present(cx, targets?, fields, &indexes);
            RuleKind::RequiresWhen {
                fields: indexes,
                when: when_index,
                values,
            }
        }
        "required" => {
            refuse_always_present(cx, targets?, fields, &indexes);
            RuleKind::Required { fields: indexes }
        }
        "max-total-items" | "min-total-items" => {
            let bound_attribute = extras[0]?;
            let Ok(bound) = bound_attribute.value.trim().parse::<u64>() else {
                rule_error(
                    cx,
                    bound_attribute,
                    &format!("`{}` must be a non-negative integer", bound_attribute.name),
                );
                return None;
            };
            for &i in &indexes {
                if !matches!(
                    fields[i].ty,
                    Type::Array(_) | Type::OneOrArray(_) | Type::MapOf(_)
                ) {
                    rule_error(
                        cx,
                        targets?,
                        &format!("`{}` is not an array or map member", fields[i].wire),
                    );
                }
            }
            if kind == "max-total-items" {
                RuleKind::MaxTotalItems {
                    fields: indexes,
                    max: bound,
                }
            } else {
                RuleKind::MinTotalItems {
                    fields: indexes,
                    min: bound,
                }
            }
        }
        "pattern" => {
            let pattern = extras[0]?;
            let alternatives: Vec<String> = pattern.value.split('|').map(str::to_string).collect();
            if alternatives.iter().any(String::is_empty) {
                rule_error(cx, pattern, "a pattern alternative is empty");
            }
            for &i in &indexes {
                if !is_text(&fields[i].ty) {
                    rule_error(
                        cx,
                        targets?,
                        &format!("`{}` is not a string member", fields[i].wire),
                    );
                }
            }
            let when = match (element.attribute("when"), element.attribute("equals")) {
                (Some(when), Some(equals)) => Some(condition(cx, when, equals, fields)?),
                (None, None) => None,
                (Some(one), None) | (None, Some(one)) => {
                    rule_error(
                        cx,
                        one,
                        "a conditional pattern takes both `when` and `equals`",
                    );
                    return None;
                }
            };
            RuleKind::Pattern {
                fields: indexes,
                alternatives,
                when,
            }
        }
        _ => {
            for &i in &indexes {
                if fields[i].tlds.is_empty() {
                    rule_error(cx, targets?, &format!("`{}` has no `tlds`", fields[i].wire));
                }
            }
            RuleKind::RequiredForTld { fields: indexes }
        }
    };
    if cx.errors.len() > before {
        return None;
    }
    Some(Rule {
        name: name?.value.clone(),
        doc,
        kind,
        severity: severity?,
        span: element.span,
    })
}

fn is_text(ty: &Type) -> bool {
    *ty == Type::String
}

fn rule_error(cx: &mut Cx, at: &Attribute, message: &str) {
    cx.error(
        Diagnostic::new(Code::InvalidRule, at.span, message.to_string()).label("in this rule"),
    );
}

/// The index of the member `wire`, or an error naming the struct's members.
fn member(cx: &mut Cx, at: &Attribute, fields: &[Field], wire: &str) -> Option<usize> {
    let found = fields.iter().position(|f| f.wire == wire);
    if found.is_none() {
        cx.error(
            Diagnostic::new(
                Code::InvalidRule,
                at.span,
                format!("the struct has no member `{wire}`"),
            )
            .label("unknown member")
            .help("rules name members by their wire names, declared before the rule or after it"),
        );
    }
    found
}

/// `when="member" equals="A|B"`: the member's index and the wire values that trigger a rule.
fn condition(
    cx: &mut Cx,
    when: &Attribute,
    equals: &Attribute,
    fields: &[Field],
) -> Option<(usize, Vec<String>)> {
    let when_index = member(cx, when, fields, when.value.trim())?;
    // `|`-separated, so that wire values may contain spaces.
    let values: Vec<String> = equals
        .value
        .split('|')
        .map(|v| v.trim().to_string())
        .collect();
    if values.iter().any(String::is_empty) {
        rule_error(cx, equals, "an `equals` value is empty");
    }
    if let Type::Named(path, NamedKind::Enum) = &fields[when_index].ty
        && let Some(e) = cx.enums.get(path)
    {
        let known: Vec<String> = e.values.iter().map(|v| v.wire.clone()).collect();
        for value in &values {
            if !known.contains(value) {
                cx.error(
                    Diagnostic::new(
                        Code::InvalidRule,
                        equals.span,
                        format!("`{value}` is not a value of `{path}`"),
                    )
                    .label("not a value of the `when` member")
                    .help(format!(
                        "the values are {}",
                        super::list(known.iter().map(String::as_str))
                    )),
                );
            }
        }
    } else if fields[when_index].ty != Type::String {
        rule_error(
            cx,
            when,
            "the `when` member must be an enum or string member",
        );
    }
    Some((when_index, values))
}

/// A presence rule over members that are always there can never fail: that is a schema error.
fn refuse_always_present(cx: &mut Cx, targets: &Attribute, fields: &[Field], indexes: &[usize]) {
    for &i in indexes {
        if fields[i].required {
            rule_error(
                cx,
                targets,
                &format!(
                    "`{}` is always present; the rule is useless",
                    fields[i].wire
                ),
            );
        }
    }
}
