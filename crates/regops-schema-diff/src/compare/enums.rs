//! `<enum>`: set, values, groups.

use std::collections::BTreeSet;

use regops_schema::ir::{Enum, EnumSet, EnumValue, Format, Group, ItemPath};

use crate::change::{Bump, Effect, Flow, Level, Strictness};
use crate::rules::Rule;
use crate::subject::Subject;

use super::types::unknown_value;
use super::{Cx, list, matching};

fn set_name(set: EnumSet) -> &'static str {
    match set {
        EnumSet::Open => "open",
        EnumSet::Closed => "closed",
        EnumSet::Exact => "exact",
    }
}

pub(super) fn compare(cx: &mut Cx<'_>, path: &ItemPath, old: &Enum, new: &Enum) {
    let Enum {
        name: _,
        doc: old_doc,
        set: old_set,
        format: old_format,
        values: old_values,
        groups: old_groups,
        span: old_span,
    } = old;
    let Enum {
        name: _,
        doc: new_doc,
        set: new_set,
        format: new_format,
        values: new_values,
        groups: new_groups,
        span: new_span,
    } = new;
    let item = Subject::Item(path.clone());
    cx.doc(item, "docs", (old_doc, *old_span), (new_doc, *new_span));
    if old_set != new_set {
        set_changed(cx, path, old, new);
    }
    if old_format != new_format {
        format_changed(cx, path, old, new);
    }
    values(cx, path, old, new, old_values, new_values);
    groups(cx, path, old, new, old_groups, new_groups);
}

fn set_changed(cx: &mut Cx<'_>, path: &ItemPath, old: &Enum, new: &Enum) {
    let (from, to) = (old.set, new.set);
    let message = format!(
        "`{path}` changes from `{}` to `{}`",
        set_name(from),
        set_name(to)
    );
    let draft = cx
        .change(Rule::EnumSetChanged, Subject::Item(path.clone()), message)
        .spans(old.span, new.span);
    let others = "values outside the list";
    let draft = match (from, to) {
        (EnumSet::Open, EnumSet::Closed) => draft
            .wire(
                Flow::new(
                    Level::Breaking,
                    format!("old peers keep and forward {others}; the new side's validators refuse them"),
                ),
                Flow::compatible(),
            )
            .rust_api(Bump::Patch, "the same Rust type")
            .validation(Strictness::Stricter, format!("{others} are refused, not warned about")),
        (EnumSet::Closed, EnumSet::Open) => draft
            .wire(
                Flow::compatible(),
                Flow::new(
                    Level::Breaking,
                    format!("new peers keep and forward {others}; the old side's validators refuse them"),
                ),
            )
            .rust_api(Bump::Patch, "the same Rust type")
            .validation(Strictness::Looser, format!("{others} are warned about, not refused")),
        (_, EnumSet::Exact) => draft
            .wire(
                Flow::new(
                    Level::Breaking,
                    format!("old peers keep and forward {others}; the new side fails to decode them"),
                ),
                Flow::compatible(),
            )
            .rust_api(
                Bump::Major,
                "`Unrecognized` goes and the enum is no longer `#[non_exhaustive]`; parsing becomes fallible",
            ),
        (EnumSet::Exact, _) => draft
            .wire(
                Flow::compatible(),
                Flow::new(
                    Level::Breaking,
                    format!("new peers keep and forward {others}; the old side fails to decode them"),
                ),
            )
            .rust_api(
                Bump::Major,
                "the enum gains `Unrecognized`, becomes `#[non_exhaustive]` and loses `Copy`",
            ),
        (EnumSet::Open | EnumSet::Closed, EnumSet::Open | EnumSet::Closed) => draft,
    };
    draft.push();
}

/// `format`: the shape a validator checks an unlisted value against before calling it unknown.
/// Listed values are known, whatever their shape. An enum that becomes `exact` (which the
/// checker allows no `format`) is reported by `enum-set-changed` alone: it never holds an
/// unlisted value.
fn format_changed(cx: &mut Cx<'_>, path: &ItemPath, old: &Enum, new: &Enum) {
    let shape = |f: Option<Format>| f.map_or("none".to_string(), |f| format!("`{}`", f.as_str()));
    let message = format!(
        "the format of `{path}` changes from {} to {}",
        shape(old.format),
        shape(new.format)
    );
    let draft = cx
        .change(
            Rule::EnumFormatChanged,
            Subject::Item(path.clone()),
            message,
        )
        .spans(old.span, new.span);
    let draft = match new.set {
        EnumSet::Open => {
            let (stricter, looser) = (new.format.is_some(), old.format.is_some());
            let effect = super::strictness(stricter, looser).unwrap_or(Strictness::Stricter);
            let note = match (old.format, new.format) {
                (None, Some(f)) => format!(
                    "unlisted values that are not {} are `invalid_format` errors, not warnings",
                    shape(Some(f))
                ),
                (Some(f), None) => format!(
                    "unlisted values that are not {} are warnings, not `invalid_format` errors",
                    shape(Some(f))
                ),
                (_, _) => format!(
                    "unlisted values are errors when they are not {}, no longer when they are not {}",
                    shape(new.format),
                    shape(old.format)
                ),
            };
            draft.validation(effect, note)
        }
        // Unlisted values are errors either way: only their code changes.
        EnumSet::Closed => draft.validate_api(
            Bump::Patch,
            match new.format {
                Some(f) => format!(
                    "unlisted values that are not {} are reported as `invalid_format`, not `invalid_enum_value`",
                    shape(Some(f))
                ),
                None => "every unlisted value is reported as `invalid_enum_value`".to_string(),
            },
        ),
        EnumSet::Exact => return,
    };
    draft.push();
}

fn values(
    cx: &mut Cx<'_>,
    path: &ItemPath,
    old: &Enum,
    new: &Enum,
    old_values: &[EnumValue],
    new_values: &[EnumValue],
) {
    // A rename keeps the Rust variant and changes the wire spelling.
    let matching = matching(
        old_values,
        new_values,
        |v| v.wire.clone(),
        |v| v.wire.clone(),
        |o, n| o.rust_name == n.rust_name,
    );
    for (value, partner) in old_values.iter().zip(&matching.partners) {
        match *partner {
            Some((j, false)) => compare_value(cx, path, value, &new_values[j]),
            Some((j, true)) => wire_changed(cx, path, old, new, value, &new_values[j]),
            None => value_removed(cx, path, new, value),
        }
    }
    for &i in &matching.added {
        value_added(cx, path, old, &new_values[i]);
    }
    if matching.reordered() {
        cx.change(
            Rule::EnumValuesReordered,
            Subject::Item(path.clone()),
            format!("the values of `{path}` change order"),
        )
        .spans(old.span, new.span)
        .rust_api(Bump::Patch, "the same variants")
        .behaviour(
            Effect::Changed,
            "`Ord`, `VALUES` and `KNOWN` follow the new order",
        )
        .push();
    }
}

fn compare_value(cx: &mut Cx<'_>, path: &ItemPath, old: &EnumValue, new: &EnumValue) {
    let EnumValue {
        wire,
        rust_name: old_rust,
        label: old_label,
        deprecated: old_deprecated,
        doc: old_doc,
        span: old_span,
    } = old;
    let EnumValue {
        wire: _,
        rust_name: new_rust,
        label: new_label,
        deprecated: new_deprecated,
        doc: new_doc,
        span: new_span,
    } = new;
    let subject = Subject::Value(path.clone(), wire.clone());
    if old_rust != new_rust {
        cx.change(
            Rule::EnumValueRenamed,
            subject.clone(),
            format!("the variant of `{wire}` is renamed `{path}::{new_rust}`"),
        )
        .spans(*old_span, *new_span)
        .rust_api(Bump::Major, format!("`{}::{old_rust}` is gone", path.name))
        .push();
    }
    let label = |l: &Option<String>| l.clone().unwrap_or_default();
    cx.doc(
        subject.clone(),
        "label",
        (&label(old_label), *old_span),
        (&label(new_label), *new_span),
    );
    cx.deprecation(
        subject.clone(),
        (old_deprecated.as_ref(), *old_span),
        (new_deprecated.as_ref(), *new_span),
    );
    cx.doc(subject, "docs", (old_doc, *old_span), (new_doc, *new_span));
}

fn wire_changed(
    cx: &mut Cx<'_>,
    path: &ItemPath,
    old: &Enum,
    new: &Enum,
    old_value: &EnumValue,
    new_value: &EnumValue,
) {
    let (a, b) = (&old_value.wire, &new_value.wire);
    let mut draft = cx
        .change(
            Rule::EnumValueWireChanged,
            Subject::Value(path.clone(), a.clone()),
            format!(
                "`{path}::{}` is spelled `{b}` on the wire, not `{a}`",
                new_value.rust_name
            ),
        )
        .spans(old_value.span, new_value.span)
        .wire(
            unknown_value(new.set, "new", &new.name, &format!("`{a}`")),
            unknown_value(old.set, "old", &old.name, &format!("`{b}`")),
        )
        .rust_api(Bump::Patch, format!("`as_str()` and `VALUES` give `{b}`"));
    if new.set != EnumSet::Exact {
        draft = draft.validation(
            Strictness::StricterAndLooser,
            format!("`{a}` is no longer a known value; `{b}` is"),
        );
    }
    draft.push();
    compare_value(cx, path, old_value, new_value);
}

fn value_removed(cx: &mut Cx<'_>, path: &ItemPath, new: &Enum, value: &EnumValue) {
    let wire = &value.wire;
    let mut draft = cx
        .change(
            Rule::EnumValueRemoved,
            Subject::Value(path.clone(), wire.clone()),
            format!("`{path}` loses the value `{wire}`"),
        )
        .at_old(value.span)
        .wire(
            unknown_value(new.set, "new", &new.name, &format!("`{wire}`")),
            Flow::compatible(),
        )
        .rust_api(
            Bump::Major,
            format!("the variant `{}::{}` is gone", path.name, value.rust_name),
        );
    draft = match new.set {
        EnumSet::Open => draft.validation(
            Strictness::Stricter,
            format!("`{wire}` is warned about as an unknown value"),
        ),
        EnumSet::Closed => draft.validation(Strictness::Stricter, format!("`{wire}` is refused")),
        EnumSet::Exact => draft,
    };
    draft.push();
}

fn value_added(cx: &mut Cx<'_>, path: &ItemPath, old: &Enum, value: &EnumValue) {
    let wire = &value.wire;
    let mut draft = cx
        .change(
            Rule::EnumValueAdded,
            Subject::Value(path.clone(), wire.clone()),
            format!("`{path}` gains the value `{wire}`"),
        )
        .at_new(value.span)
        .wire(
            Flow::compatible(),
            unknown_value(old.set, "old", &old.name, &format!("`{wire}`")),
        );
    let variant = format!("`{}::{}`", path.name, value.rust_name);
    draft = match old.set {
        EnumSet::Open => draft
            .rust_api(
                Bump::Minor,
                format!("new variant {variant} of a `#[non_exhaustive]` enum"),
            )
            .validation(
                Strictness::Looser,
                format!("`{wire}` is no longer warned about"),
            ),
        EnumSet::Closed => draft
            .rust_api(
                Bump::Minor,
                format!("new variant {variant} of a `#[non_exhaustive]` enum"),
            )
            .validation(Strictness::Looser, format!("`{wire}` is accepted")),
        EnumSet::Exact => draft.rust_api(
            Bump::Major,
            format!("new variant {variant}: exhaustive `match`es of the exact enum break"),
        ),
    };
    draft.push();
}

fn groups(
    cx: &mut Cx<'_>,
    path: &ItemPath,
    old: &Enum,
    new: &Enum,
    old_groups: &[Group],
    new_groups: &[Group],
) {
    let members = |e: &Enum, g: &Group| -> BTreeSet<String> {
        g.members
            .iter()
            .map(|&i| e.values[i].wire.clone())
            .collect()
    };
    let matching = matching(
        old_groups,
        new_groups,
        |g| g.name.clone(),
        |g| g.name.clone(),
        |o, n| o.doc == n.doc && members(old, o) == members(new, n),
    );
    for (group, partner) in old_groups.iter().zip(&matching.partners) {
        let Group {
            name,
            doc: old_doc,
            members: _,
            span: old_span,
        } = group;
        let subject = Subject::Group(path.clone(), name.clone());
        let Some((j, _)) = *partner else {
            cx.change(
                Rule::GroupRemoved,
                subject,
                format!("`{path}` loses the group `{name}`"),
            )
            .at_old(*old_span)
            .rust_api(Bump::Major, format!("`{}::{name}()` is gone", path.name))
            .behaviour(
                Effect::Changed,
                format!("nothing answers `{name}` any more"),
            )
            .push();
            continue;
        };
        let new_group = &new_groups[j];
        if new_group.name != *name {
            cx.change(
                Rule::GroupRenamed,
                subject.clone(),
                format!(
                    "the group `{name}` of `{path}` is renamed `{}`",
                    new_group.name
                ),
            )
            .spans(*old_span, new_group.span)
            .rust_api(
                Bump::Major,
                format!("`{}::{name}()` is now `{}()`", path.name, new_group.name),
            )
            .push();
        }
        cx.doc(
            subject.clone(),
            "docs",
            (old_doc, *old_span),
            (&new_group.doc, new_group.span),
        );
        // Values that exist on both sides and changed membership.
        let (before, after) = (members(old, group), members(new, new_group));
        let both = |w: &String| {
            old.values.iter().any(|v| v.wire == *w) && new.values.iter().any(|v| v.wire == *w)
        };
        let left: Vec<&str> = before
            .difference(&after)
            .filter(|w| both(w))
            .map(String::as_str)
            .collect();
        let joined: Vec<&str> = after
            .difference(&before)
            .filter(|w| both(w))
            .map(String::as_str)
            .collect();
        let Some(effect) = super::strictness(!left.is_empty(), !joined.is_empty()) else {
            continue;
        };
        let mut what = Vec::new();
        if !joined.is_empty() {
            what.push(format!("joined by {}", list(joined.iter().copied())));
        }
        if !left.is_empty() {
            what.push(format!("left by {}", list(left.iter().copied())));
        }
        let what = what.join("; ");
        // Preconditions limited to the group (`when`) on both sides follow it; where the
        // limit itself changes, `precondition-condition-changed` compares the members.
        let now = super::preconditions::limited_by(cx.new, cx.renamed(path), &new_group.name);
        let limited: Vec<String> = super::preconditions::limited_by(cx.old, path, name)
            .into_iter()
            .filter(|m| now.contains(m))
            .collect();
        let mut draft = cx
            .change(
                Rule::GroupMembersChanged,
                subject,
                format!("group `{name}` of `{path}`: {what}"),
            )
            .spans(*old_span, new_group.span)
            .behaviour(
                Effect::Changed,
                format!("`{}()` answers differently", new_group.name),
            );
        if !limited.is_empty() {
            draft = draft.validation(
                effect,
                format!(
                    "the preconditions of {} follow the group",
                    list(limited.iter().map(String::as_str))
                ),
            );
        }
        draft.push();
    }
    for &i in &matching.added {
        let group = &new_groups[i];
        cx.change(
            Rule::GroupAdded,
            Subject::Group(path.clone(), group.name.clone()),
            format!("`{path}` gains the group `{}`", group.name),
        )
        .at_new(group.span)
        .rust_api(
            Bump::Minor,
            format!("new method `{}::{}()`", path.name, group.name),
        )
        .behaviour(Effect::Added, "a new predicate")
        .push();
    }
}
