//! `<rule>`s of a struct (or of a method, across its parameters): what the validators check
//! across members.

use std::collections::BTreeSet;

use regops_schema::ir::{Field, ItemPath, Rule as Check, RuleKind, RuleSeverity};

use crate::change::{Crate, Effect};
use crate::rules::Rule;
use crate::subject::Subject;

use super::{Cx, matching, strictness};

/// A rule with member indexes replaced by wire names, comparable across schemas.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Shape {
    Required {
        fields: BTreeSet<String>,
    },
    RequiresWhen {
        fields: BTreeSet<String>,
        when: String,
        values: BTreeSet<String>,
    },
    MaxTotalItems {
        fields: BTreeSet<String>,
        max: u64,
    },
    MinTotalItems {
        fields: BTreeSet<String>,
        min: u64,
    },
    Pattern {
        fields: BTreeSet<String>,
        alternatives: BTreeSet<String>,
        when: Option<(String, BTreeSet<String>)>,
    },
    RequiredForTld {
        fields: BTreeSet<String>,
    },
}

fn shape(members: &[Field], kind: &RuleKind) -> Shape {
    let wires = |indexes: &[usize]| -> BTreeSet<String> {
        indexes.iter().map(|&i| members[i].wire.clone()).collect()
    };
    let set = |values: &[String]| -> BTreeSet<String> { values.iter().cloned().collect() };
    match kind {
        RuleKind::Required { fields } => Shape::Required {
            fields: wires(fields),
        },
        RuleKind::RequiresWhen {
            fields,
            when,
            values,
        } => Shape::RequiresWhen {
            fields: wires(fields),
            when: members[*when].wire.clone(),
            values: set(values),
        },
        RuleKind::MaxTotalItems { fields, max } => Shape::MaxTotalItems {
            fields: wires(fields),
            max: *max,
        },
        RuleKind::MinTotalItems { fields, min } => Shape::MinTotalItems {
            fields: wires(fields),
            min: *min,
        },
        RuleKind::Pattern {
            fields,
            alternatives,
            when,
        } => Shape::Pattern {
            fields: wires(fields),
            alternatives: set(alternatives),
            when: when
                .as_ref()
                .map(|(i, values)| (members[*i].wire.clone(), set(values))),
        },
        RuleKind::RequiredForTld { fields } => Shape::RequiredForTld {
            fields: wires(fields),
        },
    }
}

/// Grows (stricter when `grow_is_stricter`) or shrinks a set.
fn set_flags(a: &BTreeSet<String>, b: &BTreeSet<String>, grow_is_stricter: bool) -> (bool, bool) {
    let grew = !b.is_subset(a);
    let shrank = !a.is_subset(b);
    if grow_is_stricter {
        (grew, shrank)
    } else {
        (shrank, grew)
    }
}

/// (stricter, looser) from one rule shape to another.
fn direction(a: &Shape, b: &Shape) -> (bool, bool) {
    let or = |x: (bool, bool), y: (bool, bool)| (x.0 || y.0, x.1 || y.1);
    match (a, b) {
        (Shape::Required { fields: f1 }, Shape::Required { fields: f2 }) => set_flags(f1, f2, true),
        (
            Shape::RequiresWhen {
                fields: f1,
                when: w1,
                values: v1,
            },
            Shape::RequiresWhen {
                fields: f2,
                when: w2,
                values: v2,
            },
        ) => {
            if w1 != w2 {
                return (true, true);
            }
            or(set_flags(f1, f2, true), set_flags(v1, v2, true))
        }
        (
            Shape::MaxTotalItems {
                fields: f1,
                max: m1,
            },
            Shape::MaxTotalItems {
                fields: f2,
                max: m2,
            },
        ) => or(set_flags(f1, f2, true), (m2 < m1, m2 > m1)),
        (
            Shape::MinTotalItems {
                fields: f1,
                min: m1,
            },
            Shape::MinTotalItems {
                fields: f2,
                min: m2,
            },
        ) => or(set_flags(f1, f2, true), (m2 > m1, m2 < m1)),
        (
            Shape::Pattern {
                fields: f1,
                alternatives: a1,
                when: w1,
            },
            Shape::Pattern {
                fields: f2,
                alternatives: a2,
                when: w2,
            },
        ) => {
            let condition = match (w1, w2) {
                (None, None) => (false, false),
                // A condition limits where the pattern applies.
                (None, Some(_)) => (false, true),
                (Some(_), None) => (true, false),
                (Some((m1, v1)), Some((m2, v2))) if m1 == m2 => set_flags(v1, v2, true),
                (Some(_), Some(_)) => (true, true),
            };
            or(
                or(set_flags(f1, f2, true), set_flags(a1, a2, false)),
                condition,
            )
        }
        (Shape::RequiredForTld { fields: f1 }, Shape::RequiredForTld { fields: f2 }) => {
            set_flags(f1, f2, true)
        }
        (
            Shape::Required { .. }
            | Shape::RequiresWhen { .. }
            | Shape::MaxTotalItems { .. }
            | Shape::MinTotalItems { .. }
            | Shape::Pattern { .. }
            | Shape::RequiredForTld { .. },
            _,
        ) => (true, true),
    }
}

pub(super) fn compare(
    cx: &mut Cx<'_>,
    path: &ItemPath,
    (old_members, old): (&[Field], &[Check]),
    (new_members, new): (&[Field], &[Check]),
) {
    let matching = matching(
        old,
        new,
        |r| r.name.clone(),
        |r| r.name.clone(),
        |o, n| {
            o.doc == n.doc
                && o.severity == n.severity
                && shape(old_members, &o.kind) == shape(new_members, &n.kind)
        },
    );
    for (rule, partner) in old.iter().zip(&matching.partners) {
        let Check {
            name,
            doc: old_doc,
            kind: old_kind,
            severity: old_severity,
            span: old_span,
        } = rule;
        let subject = Subject::Rule(path.clone(), name.clone());
        let Some((j, _)) = *partner else {
            cx.change(
                Rule::RuleRemoved,
                subject,
                format!("`{path}` loses the rule `{name}`"),
            )
            .at_old(*old_span)
            .validation(
                crate::change::Strictness::Looser,
                "payloads it refused pass",
            )
            .push();
            continue;
        };
        let Check {
            name: new_name,
            doc: new_doc,
            kind: new_kind,
            severity: new_severity,
            span: new_span,
        } = &new[j];
        if new_name != name {
            cx.change(
                Rule::RuleRenamed,
                subject.clone(),
                format!("the rule `{name}` of `{path}` is renamed `{new_name}`"),
            )
            .spans(*old_span, *new_span)
            .behaviour_of(
                Crate::Validate,
                Effect::Changed,
                format!("violations name it `{new_name}`, not `{name}`"),
            )
            .push();
        }
        let (a, b) = (shape(old_members, old_kind), shape(new_members, new_kind));
        if a != b || old_severity != new_severity {
            let (stricter, looser) = if a == b {
                (false, false)
            } else {
                direction(&a, &b)
            };
            // An error that becomes a warning lets its payloads pass, and the reverse.
            let (stricter, looser) = match (old_severity, new_severity) {
                (RuleSeverity::Warning, RuleSeverity::Error) => (true, looser),
                (RuleSeverity::Error, RuleSeverity::Warning) => (stricter, true),
                _ => (stricter, looser),
            };
            let mut described = if a == b {
                String::new()
            } else {
                describe(&a, &b)
            };
            if old_severity != new_severity {
                if !described.is_empty() {
                    described.push_str("; ");
                }
                described.push_str(&format!(
                    "severity {} → {}",
                    severity_name(*old_severity),
                    severity_name(*new_severity)
                ));
            }
            let mut draft = cx
                .change(
                    Rule::RuleChanged,
                    subject.clone(),
                    format!("the rule `{name}` of `{path}` changes: {described}"),
                )
                .spans(*old_span, *new_span);
            if let Some(effect) = strictness(stricter, looser) {
                draft = draft.validation(effect, "the rule checks other payloads");
            }
            draft.push();
        }
        cx.doc(subject, "docs", (old_doc, *old_span), (new_doc, *new_span));
    }
    for &i in &matching.added {
        let rule = &new[i];
        cx.change(
            Rule::RuleAdded,
            Subject::Rule(path.clone(), rule.name.clone()),
            format!("`{path}` gains the rule `{}`", rule.name),
        )
        .at_new(rule.span)
        .validation(
            crate::change::Strictness::Stricter,
            match rule.severity {
                RuleSeverity::Error => "payloads that break it are refused",
                RuleSeverity::Warning => "payloads that break it are reported (a warning)",
            },
        )
        .push();
    }
}

fn severity_name(s: RuleSeverity) -> &'static str {
    match s {
        RuleSeverity::Error => "error",
        RuleSeverity::Warning => "warning",
    }
}

fn kind_name(s: &Shape) -> &'static str {
    match s {
        Shape::Required { .. } => "required",
        Shape::RequiresWhen { .. } => "requires-when",
        Shape::MaxTotalItems { .. } => "max-total-items",
        Shape::MinTotalItems { .. } => "min-total-items",
        Shape::Pattern { .. } => "pattern",
        Shape::RequiredForTld { .. } => "required-for-tld",
    }
}

/// What differs between two rule shapes, in a few words.
fn describe(a: &Shape, b: &Shape) -> String {
    let fields = |s: &Shape| match s {
        Shape::Required { fields }
        | Shape::RequiresWhen { fields, .. }
        | Shape::MaxTotalItems { fields, .. }
        | Shape::MinTotalItems { fields, .. }
        | Shape::Pattern { fields, .. }
        | Shape::RequiredForTld { fields } => fields.clone(),
    };
    let show = |set: &BTreeSet<String>| super::list(set.iter().map(String::as_str));
    if kind_name(a) != kind_name(b) {
        return format!("kind `{}` → `{}`", kind_name(a), kind_name(b));
    }
    let mut parts = Vec::new();
    let (f1, f2) = (fields(a), fields(b));
    if f1 != f2 {
        parts.push(format!("members {} → {}", show(&f1), show(&f2)));
    }
    match (a, b) {
        (
            Shape::RequiresWhen {
                when: w1,
                values: v1,
                ..
            },
            Shape::RequiresWhen {
                when: w2,
                values: v2,
                ..
            },
        ) => {
            if w1 != w2 {
                parts.push(format!("when `{w1}` → `{w2}`"));
            }
            if v1 != v2 {
                parts.push(format!("equals {} → {}", show(v1), show(v2)));
            }
        }
        (Shape::MaxTotalItems { max: m1, .. }, Shape::MaxTotalItems { max: m2, .. })
            if m1 != m2 =>
        {
            parts.push(format!("max {m1} → {m2}"));
        }
        (Shape::MinTotalItems { min: m1, .. }, Shape::MinTotalItems { min: m2, .. })
            if m1 != m2 =>
        {
            parts.push(format!("min {m1} → {m2}"));
        }
        (
            Shape::Pattern {
                alternatives: a1,
                when: w1,
                ..
            },
            Shape::Pattern {
                alternatives: a2,
                when: w2,
                ..
            },
        ) => {
            if a1 != a2 {
                parts.push(format!("pattern {} → {}", show(a1), show(a2)));
            }
            if w1 != w2 {
                let cond = |w: &Option<(String, BTreeSet<String>)>| match w {
                    None => "always".to_string(),
                    Some((m, v)) => format!("when `{m}` is {}", show(v)),
                };
                parts.push(format!("applies {} → {}", cond(w1), cond(w2)));
            }
        }
        _ => {}
    }
    parts.join("; ")
}
