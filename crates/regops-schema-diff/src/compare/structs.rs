//! `<struct>` with its members, and `<status-list>`.

use std::collections::BTreeSet;

use regops_schema::ir::{
    Comparison, Constraints, Field, ItemPath, Literal, RuleKind, StatusList, Struct, Type,
    UnknownFields,
};

use crate::change::{Bump, Effect, Flow, Level, Strictness};
use crate::rules::Rule;
use crate::side::Side;
use crate::subject::Subject;

use super::types::crossing;
use super::{Cx, list, matching, strictness};

pub(super) fn compare(cx: &mut Cx<'_>, path: &ItemPath, old: &Struct, new: &Struct) {
    let Struct {
        name: _,
        doc: old_doc,
        unknown_fields: old_unknown,
        fields: old_fields,
        rules: old_rules,
        span: old_span,
    } = old;
    let Struct {
        name: _,
        doc: new_doc,
        unknown_fields: new_unknown,
        fields: new_fields,
        rules: new_rules,
        span: new_span,
    } = new;
    let item = Subject::Item(path.clone());
    cx.doc(
        item.clone(),
        "docs",
        (old_doc, *old_span),
        (new_doc, *new_span),
    );
    if old_unknown != new_unknown {
        unknown_fields_changed(cx, path, old, new);
    }
    fields(cx, path, old, new, old_fields, new_fields);
    super::checks::compare(cx, path, (old_fields, old_rules), (new_fields, new_rules));
}

/// Whether users build the struct with `..Default::default()`.
fn builds_with_default(s: &Struct) -> bool {
    s.all_optional()
}

fn receiver_keeps(s: &Struct, side: &str, wire: &str) -> Flow {
    match s.unknown_fields {
        UnknownFields::Keep => Flow::new(
            Level::Kept,
            format!("the {side} side keeps `{wire}` in `extra_fields`"),
        ),
        UnknownFields::Ignore => Flow::new(
            Level::Dropped,
            format!("the {side} side skips `{wire}` (unknown-fields=\"ignore\")"),
        ),
    }
}

fn unknown_fields_changed(cx: &mut Cx<'_>, path: &ItemPath, old: &Struct, new: &Struct) {
    let draft = cx
        .change(
            Rule::UnknownFieldsChanged,
            Subject::Item(path.clone()),
            match new.unknown_fields {
                UnknownFields::Keep => format!("`{path}` now keeps unknown members"),
                UnknownFields::Ignore => format!("`{path}` now skips unknown members"),
            },
        )
        .spans(old.span, new.span);
    let draft = match new.unknown_fields {
        UnknownFields::Ignore => draft
            .wire(
                Flow::new(
                    Level::Dropped,
                    "members old peers kept are skipped by the new side",
                ),
                Flow::compatible(),
            )
            .rust_api(Bump::Major, "`extra_fields` is gone")
            .validation(
                Strictness::Looser,
                "unknown members are skipped, no longer warned about",
            ),
        UnknownFields::Keep => {
            let (bump, note) = if builds_with_default(old) {
                (
                    Bump::Minor,
                    "new member `extra_fields`; the struct derives `Default`",
                )
            } else {
                (
                    Bump::Major,
                    "new member `extra_fields`: struct literals must name it",
                )
            };
            draft
                .wire(
                    Flow::compatible(),
                    Flow::new(
                        Level::Dropped,
                        "members new peers keep and forward are skipped by the old side",
                    ),
                )
                .rust_api(bump, note)
                .validation(
                    Strictness::Stricter,
                    "unknown members are kept and warned about (`unknown_member`)",
                )
        }
    };
    draft.push();
}

fn fields(
    cx: &mut Cx<'_>,
    path: &ItemPath,
    old: &Struct,
    new: &Struct,
    old_fields: &[Field],
    new_fields: &[Field],
) {
    let matching = matching(
        old_fields,
        new_fields,
        |f| f.wire.clone(),
        |f| f.wire.clone(),
        |o, n| {
            cx.same_apart_from(&[Rule::FieldRustRenamed], |scratch| {
                compare_field(scratch, path, (old, o), (new, n))
            })
        },
    );
    for (field, partner) in old_fields.iter().zip(&matching.partners) {
        match *partner {
            Some((j, false)) => compare_field(cx, path, (old, field), (new, &new_fields[j])),
            Some((j, true)) => field_renamed(cx, path, (old, field), (new, &new_fields[j])),
            None => field_removed(cx, path, old, new, field),
        }
    }
    for &i in &matching.added {
        field_added(cx, path, old, new, &new_fields[i]);
    }
    if matching.reordered() {
        cx.change(
            Rule::FieldsReordered,
            Subject::Item(path.clone()),
            format!("the members of `{path}` change order"),
        )
        .spans(old.span, new.span)
        .rust_api(
            Bump::Patch,
            "field order does not matter to struct literals",
        )
        .push();
    }
}

fn constrained(f: &Field) -> bool {
    !f.constraints.is_empty() || !f.tlds.is_empty()
}

fn field_added(cx: &mut Cx<'_>, path: &ItemPath, old: &Struct, new: &Struct, f: &Field) {
    let wire = &f.wire;
    let old_to_new = if f.required {
        Flow::new(
            Level::Breaking,
            format!("old peers do not send `{wire}`, which the new side requires"),
        )
    } else {
        Flow::compatible()
    };
    let (bump, note) = if !f.required && builds_with_default(old) && builds_with_default(new) {
        (
            Bump::Minor,
            format!(
                "new member `{}`; the struct derives `Default`, so literals ending in `..Default::default()` still compile",
                f.rust_name
            ),
        )
    } else if f.required {
        (
            Bump::Major,
            format!("new required member `{}`", f.rust_name),
        )
    } else {
        (
            Bump::Major,
            format!(
                "new member `{}`: the struct has no `Default`, so its literals must name it",
                f.rust_name
            ),
        )
    };
    let mut draft = cx
        .change(
            Rule::FieldAdded,
            Subject::Field(path.clone(), wire.clone()),
            format!(
                "`{path}` gains the {} member `{wire}` ({})",
                if f.required { "required" } else { "optional" },
                f.ty
            ),
        )
        .at_new(f.span)
        .wire(old_to_new, receiver_keeps(old, "old", wire))
        .rust_api(bump, note);
    // Before, the member was unknown: warned about where the struct kept it, unchecked.
    let warned = old.unknown_fields == UnknownFields::Keep;
    if let Some(effect) = strictness(constrained(f), warned) {
        let note = match effect {
            Strictness::Looser => {
                format!("`{wire}` is no longer warned about as an unknown member")
            }
            Strictness::Stricter => {
                format!("`{wire}` was an unknown member; its constraints now apply")
            }
            Strictness::StricterAndLooser => format!(
                "`{wire}` is no longer warned about as an unknown member; its constraints now apply"
            ),
        };
        draft = draft.validation(effect, note);
    }
    draft.push();
}

fn field_removed(cx: &mut Cx<'_>, path: &ItemPath, _old: &Struct, new: &Struct, f: &Field) {
    let wire = &f.wire;
    let new_to_old = if f.required {
        Flow::new(
            Level::Breaking,
            format!("the old side requires `{wire}`, which new peers do not send"),
        )
    } else {
        Flow::compatible()
    };
    let mut draft = cx
        .change(
            Rule::FieldRemoved,
            Subject::Field(path.clone(), wire.clone()),
            format!("`{path}` loses the member `{wire}`"),
        )
        .at_old(f.span)
        .wire(receiver_keeps(new, "new", wire), new_to_old)
        .rust_api(Bump::Major, format!("the field `{}` is gone", f.rust_name));
    // Now the member is unknown: warned about where the struct keeps it, unchecked.
    let warned = new.unknown_fields == UnknownFields::Keep;
    if let Some(effect) = strictness(warned, constrained(f)) {
        let note = match effect {
            Strictness::Stricter => format!("`{wire}` is warned about as an unknown member"),
            Strictness::Looser => format!("`{wire}` is no longer checked"),
            Strictness::StricterAndLooser => format!(
                "`{wire}` is warned about as an unknown member; its constraints no longer apply"
            ),
        };
        draft = draft.validation(effect, note);
    }
    draft.push();
}

fn field_renamed(
    cx: &mut Cx<'_>,
    path: &ItemPath,
    (old_struct, old): (&Struct, &Field),
    (new_struct, new): (&Struct, &Field),
) {
    let (a, b) = (&old.wire, &new.wire);
    let direction = |receiver: &Struct, side: &str, sent: &str, missing: &Field| {
        let kept = receiver_keeps(receiver, side, sent);
        if missing.required {
            Flow::new(
                Level::Breaking,
                format!(
                    "{}; `{}`, which it requires, is missing",
                    kept.note, missing.wire
                ),
            )
        } else {
            kept
        }
    };
    let (bump, note) = if old.rust_name == new.rust_name {
        (
            Bump::Patch,
            format!("the Rust field `{}` stays", new.rust_name),
        )
    } else {
        (
            Bump::Major,
            format!("the field `{}` is now `{}`", old.rust_name, new.rust_name),
        )
    };
    let mut draft = cx
        .change(
            Rule::FieldRenamed,
            Subject::Field(path.clone(), a.clone()),
            format!("the member `{a}` of `{path}` is renamed `{b}` on the wire"),
        )
        .spans(old.span, new.span)
        .wire(
            direction(new_struct, "new", a, new),
            direction(old_struct, "old", b, old),
        )
        .rust_api(bump, note);
    // Structs that keep unknown members warn about them: `a` now, `b` before.
    let warned_now = new_struct.unknown_fields == UnknownFields::Keep;
    let warned_before = old_struct.unknown_fields == UnknownFields::Keep;
    if let Some(effect) = strictness(warned_now, warned_before) {
        let mut notes = Vec::new();
        if warned_now {
            notes.push(format!("`{a}` is warned about as an unknown member"));
        }
        if warned_before {
            notes.push(format!("`{b}` no longer is"));
        }
        draft = draft.validation(effect, notes.join("; "));
    }
    draft.push();
    // Docs may differ too; the Rust name is covered above.
    let subject = Subject::Field(path.clone(), a.clone());
    cx.doc(subject, "docs", (&old.doc, old.span), (&new.doc, new.span));
}

/// A default as written in the schema, for comparison across sides.
fn literal_text(side: &Side, f: &Field) -> Option<String> {
    Some(match f.default.as_ref()? {
        Literal::Int(n) => n.to_string(),
        Literal::Bool(b) => b.to_string(),
        Literal::Double(d) => d.to_string(),
        Literal::String(s) => s.clone(),
        Literal::EnumValue(i) => match &f.ty {
            Type::Named(path, _) => side.schema.enumeration(path)?.values.get(*i)?.wire.clone(),
            _ => return None,
        },
    })
}

/// TLDs where a member is expected without warning; `None` for every TLD.
fn tld_scope(tlds: &[String]) -> Option<BTreeSet<&str>> {
    (!tlds.is_empty()).then(|| tlds.iter().map(String::as_str).collect())
}

/// Whether a `required-for-tld` rule of `s` names the member `wire`.
fn required_for_tld(s: &Struct, wire: &str) -> bool {
    s.rules.iter().any(|r| match &r.kind {
        RuleKind::RequiredForTld { fields } => fields.iter().any(|&i| s.fields[i].wire == wire),
        RuleKind::Required { .. }
        | RuleKind::RequiresWhen { .. }
        | RuleKind::MaxTotalItems { .. }
        | RuleKind::MinTotalItems { .. }
        | RuleKind::Pattern { .. } => false,
    })
}

fn compare_field(
    cx: &mut Cx<'_>,
    path: &ItemPath,
    (old_struct, old): (&Struct, &Field),
    (new_struct, new): (&Struct, &Field),
) {
    let Field {
        wire,
        rust_name: old_rust,
        ty: old_ty,
        required: old_required,
        default: _,
        deprecated: old_deprecated,
        tlds: old_tlds,
        empty_is_none: old_empty,
        nil_allowed: old_nil,
        sensitive: old_sensitive,
        constraints: old_constraints,
        doc: old_doc,
        filter: old_filter,
        span: old_span,
    } = old;
    let Field {
        wire: _,
        rust_name: new_rust,
        ty: new_ty,
        required: new_required,
        default: _,
        deprecated: new_deprecated,
        tlds: new_tlds,
        empty_is_none: new_empty,
        nil_allowed: new_nil,
        sensitive: new_sensitive,
        constraints: new_constraints,
        doc: new_doc,
        filter: new_filter,
        span: new_span,
    } = new;
    let spans = (*old_span, *new_span);
    let subject = Subject::Field(path.clone(), wire.clone());
    if old_rust != new_rust {
        cx.change(
            Rule::FieldRustRenamed,
            subject.clone(),
            format!("the Rust field of `{wire}` is renamed `{new_rust}`"),
        )
        .spans(spans.0, spans.1)
        .rust_api(
            Bump::Major,
            format!("the field `{old_rust}` is now `{new_rust}`"),
        )
        .push();
    }
    if let Some(wire_verdict) = crossing(cx, old_ty, new_ty) {
        let message = format!(
            "`{path}.{wire}` changes type from `{}` to `{}`",
            old_ty, new_ty
        );
        let mut draft = cx
            .change(Rule::FieldTypeChanged, subject.clone(), message)
            .spans(spans.0, spans.1)
            .rust_api(Bump::Major, "the field's Rust type changes");
        draft = draft.wire(wire_verdict.old_to_new, wire_verdict.new_to_old);
        draft.push();
    }
    if old_required != new_required {
        let draft = cx
            .change(
                Rule::FieldRequiredChanged,
                subject.clone(),
                format!(
                    "`{path}.{wire}` becomes {}",
                    if *new_required {
                        "required"
                    } else {
                        "optional"
                    }
                ),
            )
            .spans(spans.0, spans.1);
        let draft = if *new_required {
            draft.wire(
                Flow::new(
                    Level::Breaking,
                    format!("old peers may leave `{wire}` out; the new side requires it"),
                ),
                Flow::compatible(),
            )
        } else {
            draft.wire(
                Flow::compatible(),
                Flow::new(
                    Level::Breaking,
                    format!("new peers may leave `{wire}` out; the old side requires it"),
                ),
            )
        };
        let (bump, note) = holder_change(old, new);
        draft.rust_api(bump, note).push();
    }
    default_changed(cx, &subject, old, new);
    cx.deprecation(
        subject.clone(),
        (old_deprecated.as_ref(), spans.0),
        (new_deprecated.as_ref(), spans.1),
    );
    tlds_changed(
        cx,
        &subject,
        (old_struct, old_tlds),
        (new_struct, new_tlds),
        spans,
        wire,
    );
    if old_empty != new_empty {
        let draft = cx
            .change(
                Rule::FieldEmptyChanged,
                subject.clone(),
                format!(
                    "`{path}.{wire}` {} `empty=\"none\"`",
                    if *new_empty { "gets" } else { "loses" }
                ),
            )
            .spans(spans.0, spans.1);
        let empty = |side: &str| {
            Flow::new(
                Level::Breaking,
                format!(
                    "the {side} side may send an empty string, which the other side cannot read"
                ),
            )
        };
        let draft = if *new_empty {
            draft.wire(Flow::compatible(), empty("new"))
        } else {
            draft.wire(empty("old"), Flow::compatible())
        };
        let (bump, note) = holder_change(old, new);
        draft.rust_api(bump, note).push();
    }
    if old_nil != new_nil {
        // The receiver of a nil it does not expect refuses it (required member), or reads it
        // as `None` and keeps it in `extra_fields` (optional member; skipped if the struct
        // ignores what it does not model).
        let nil = |side: &str, (receiver_struct, receiver): (&Struct, &Field)| {
            if receiver.required {
                Flow::new(
                    Level::Breaking,
                    format!(
                        "the {side} side may send nil, which the other side refuses for a required member"
                    ),
                )
            } else if receiver_struct.unknown_fields == UnknownFields::Keep {
                Flow::new(
                    Level::Kept,
                    format!(
                        "the {side} side may send nil, which the other side keeps in `extra_fields` and writes back"
                    ),
                )
            } else {
                Flow::new(
                    Level::Dropped,
                    format!(
                        "the {side} side may send nil, which the other side reads as absent and skips (unknown-fields=\"ignore\")"
                    ),
                )
            }
        };
        let draft = cx
            .change(
                Rule::FieldNilChanged,
                subject.clone(),
                format!(
                    "`{path}.{wire}` {} `nil=\"allowed\"`",
                    if *new_nil { "gets" } else { "loses" }
                ),
            )
            .spans(spans.0, spans.1);
        let draft = if *new_nil {
            draft.wire(Flow::compatible(), nil("new", (old_struct, old)))
        } else {
            draft.wire(nil("old", (new_struct, new)), Flow::compatible())
        };
        let (bump, note) = holder_change(old, new);
        draft.rust_api(bump, note).push();
    }
    if old_sensitive != new_sensitive {
        cx.change(
            Rule::FieldSensitiveChanged,
            subject.clone(),
            format!(
                "`{path}.{wire}` is {} sensitive",
                if *new_sensitive { "now" } else { "no longer" }
            ),
        )
        .spans(spans.0, spans.1)
        .rust_api(Bump::Patch, "only `Debug` output changes")
        .push();
    }
    constraints_changed(cx, &subject, old_constraints, new_constraints, spans);
    cx.doc(
        subject.clone(),
        "docs",
        (old_doc, spans.0),
        (new_doc, spans.1),
    );
    if old_filter != new_filter {
        let describe = |filter: &Option<(String, Option<Comparison>)>| match filter {
            None => "a plain member".to_string(),
            Some((base, None)) => format!("the filter `{base}`"),
            Some((base, Some(c))) => format!("the filter `{}{base}`", c.prefix()),
        };
        cx.change(
            Rule::FieldFilterChanged,
            subject.clone(),
            format!(
                "`{path}.{wire}` was {}, is {}",
                describe(old_filter),
                describe(new_filter)
            ),
        )
        .spans(spans.0, spans.1)
        .rust_api(Bump::Patch, "documentation only")
        .push();
    }
}

/// What holds a member's value in Rust.
fn holder(f: &Field) -> &'static str {
    if f.is_nullable() {
        "Nullable<T>"
    } else if f.required {
        "T"
    } else {
        "Option<T>"
    }
}

/// The Rust API verdict of a change of `required`, `empty` or `nil`.
fn holder_change(old: &Field, new: &Field) -> (Bump, String) {
    let (a, b) = (holder(old), holder(new));
    if a == b {
        (Bump::Patch, format!("the Rust type stays `{a}`"))
    } else {
        (Bump::Major, format!("`{a}` becomes `{b}`"))
    }
}

fn default_changed(cx: &mut Cx<'_>, subject: &Subject, old: &Field, new: &Field) {
    let (a, b) = (literal_text(cx.old, old), literal_text(cx.new, new));
    let accessor = format!("{}_or_default()", new.rust_name.trim_start_matches("r#"));
    let draft = match (&a, &b) {
        (None, Some(b)) => cx
            .change(
                Rule::FieldDefaultChanged,
                subject.clone(),
                format!("{subject} gets the vendor default `{b}`"),
            )
            .rust_api(Bump::Minor, format!("new accessor `{accessor}`")),
        (Some(a), None) => cx
            .change(
                Rule::FieldDefaultChanged,
                subject.clone(),
                format!("{subject} loses its vendor default `{a}`"),
            )
            .rust_api(
                Bump::Major,
                format!(
                    "the accessor `{}_or_default()` is gone",
                    old.rust_name.trim_start_matches("r#")
                ),
            ),
        (Some(a), Some(b)) if a != b => cx
            .change(
                Rule::FieldDefaultChanged,
                subject.clone(),
                format!("the vendor default of {subject} changes from `{a}` to `{b}`"),
            )
            .rust_api(Bump::Patch, "the same accessor")
            .behaviour(
                Effect::Changed,
                format!("`{accessor}` returns `{b}` for an absent member, not `{a}`"),
            ),
        _ => return,
    };
    draft.spans(old.span, new.span).push();
}

fn tlds_changed(
    cx: &mut Cx<'_>,
    subject: &Subject,
    (old_struct, old): (&Struct, &[String]),
    (new_struct, new): (&Struct, &[String]),
    spans: (regops_schema::Span, regops_schema::Span),
    wire: &str,
) {
    if old == new {
        return;
    }
    let (a, b) = (tld_scope(old), tld_scope(new));
    // Warned about for TLDs outside the scope.
    let (mut stricter, mut looser) = match (&a, &b) {
        (None, Some(_)) => (true, false),
        (Some(_), None) => (false, true),
        (Some(a), Some(b)) => (!a.is_subset(b), !b.is_subset(a)),
        (None, None) => (false, false),
    };
    // Required for its TLDs by a `required-for-tld` rule.
    if required_for_tld(old_struct, wire) || required_for_tld(new_struct, wire) {
        let all = BTreeSet::new();
        let (a, b) = (a.as_ref().unwrap_or(&all), b.as_ref().unwrap_or(&all));
        stricter |= !b.is_subset(a);
        looser |= !a.is_subset(b);
    }
    let show = |t: &[String]| {
        if t.is_empty() {
            "every TLD".to_string()
        } else {
            list(t.iter().map(String::as_str))
        }
    };
    let message = format!(
        "the TLDs of {subject} change from {} to {}",
        show(old),
        show(new)
    );
    let mut draft = cx
        .change(Rule::FieldTldsChanged, subject.clone(), message)
        .spans(spans.0, spans.1);
    if let Some(effect) = strictness(stricter, looser) {
        draft = draft.validation(
            effect,
            "validators warn about members used outside their TLDs and require some for theirs",
        );
    }
    draft.push();
}

fn constraints_changed(
    cx: &mut Cx<'_>,
    subject: &Subject,
    old: &Constraints,
    new: &Constraints,
    spans: (regops_schema::Span, regops_schema::Span),
) {
    let Constraints {
        min: old_min,
        max: old_max,
        max_length: old_length,
        format: old_format,
    } = old;
    let Constraints {
        min: new_min,
        max: new_max,
        max_length: new_length,
        format: new_format,
    } = new;
    // An upper bound: appearing or shrinking is stricter.
    fn upper<T: Ord + Copy>(a: Option<T>, b: Option<T>) -> (bool, bool) {
        match (a, b) {
            (None, Some(_)) => (true, false),
            (Some(_), None) => (false, true),
            (Some(a), Some(b)) => (b < a, b > a),
            (None, None) => (false, false),
        }
    }
    let show = |v: Option<String>| v.unwrap_or_else(|| "none".to_string());
    if old_min != new_min || old_max != new_max {
        let (min_stricter, min_looser) = upper(old_min.map(|v| -v), new_min.map(|v| -v));
        let (max_stricter, max_looser) = upper(*old_max, *new_max);
        let range = |min: &Option<i64>, max: &Option<i64>| {
            format!(
                "{}..={}",
                min.map_or(String::new(), |v| v.to_string()),
                max.map_or(String::new(), |v| v.to_string())
            )
        };
        let mut draft = cx
            .change(
                Rule::FieldBoundsChanged,
                subject.clone(),
                format!(
                    "the bounds of {subject} change from `{}` to `{}`",
                    range(old_min, old_max),
                    range(new_min, new_max)
                ),
            )
            .spans(spans.0, spans.1);
        if let Some(effect) = strictness(min_stricter || max_stricter, min_looser || max_looser) {
            draft = draft.validation(effect, "validators check `min` and `max`");
        }
        draft.push();
    }
    if old_length != new_length {
        let (stricter, looser) = upper(*old_length, *new_length);
        let mut draft = cx
            .change(
                Rule::FieldMaxLengthChanged,
                subject.clone(),
                format!(
                    "the max-length of {subject} changes from {} to {}",
                    show(old_length.map(|v| v.to_string())),
                    show(new_length.map(|v| v.to_string()))
                ),
            )
            .spans(spans.0, spans.1);
        if let Some(effect) = strictness(stricter, looser) {
            draft = draft.validation(effect, "validators check `max-length`");
        }
        draft.push();
    }
    if old_format != new_format {
        let effect = match (old_format, new_format) {
            (None, Some(_)) => Strictness::Stricter,
            (Some(_), None) => Strictness::Looser,
            _ => Strictness::StricterAndLooser,
        };
        cx.change(
            Rule::FieldFormatChanged,
            subject.clone(),
            format!(
                "the format of {subject} changes from {} to {}",
                show(old_format.map(|f| f.as_str().to_string())),
                show(new_format.map(|f| f.as_str().to_string()))
            ),
        )
        .spans(spans.0, spans.1)
        .validation(effect, "validators check `format`")
        .push();
    }
}

pub(super) fn compare_status_list(
    cx: &mut Cx<'_>,
    path: &ItemPath,
    old: &StatusList,
    new: &StatusList,
) {
    let StatusList {
        name: _,
        doc: old_doc,
        separator: old_separator,
        state: old_state,
        flags: old_flags,
        span: old_span,
    } = old;
    let StatusList {
        name: _,
        doc: new_doc,
        separator: new_separator,
        state: new_state,
        flags: new_flags,
        span: new_span,
    } = new;
    let subject = Subject::Item(path.clone());
    cx.doc(
        subject.clone(),
        "docs",
        (old_doc, *old_span),
        (new_doc, *new_span),
    );
    let enums_changed = cx.renamed(old_state) != new_state || cx.renamed(old_flags) != new_flags;
    if old_separator == new_separator && !enums_changed {
        return;
    }
    let mut what = Vec::new();
    if old_separator != new_separator {
        what.push(format!("separator `{old_separator}` → `{new_separator}`"));
    }
    if cx.renamed(old_state) != new_state {
        what.push(format!("state `{old_state}` → `{new_state}`"));
    }
    if cx.renamed(old_flags) != new_flags {
        what.push(format!("flags `{old_flags}` → `{new_flags}`"));
    }
    let (bump, note) = if enums_changed {
        (Bump::Major, "`state()` or `flags()` returns another type")
    } else {
        (Bump::Patch, "the same Rust API")
    };
    cx.change(
        Rule::StatusListChanged,
        subject,
        format!("status list `{path}`: {}", what.join(", ")),
    )
    .spans(*old_span, *new_span)
    .rust_api(bump, note)
    .behaviour(
        Effect::Changed,
        "the text is kept, but `state()` and `flags()` read it differently",
    )
    .push();
}
