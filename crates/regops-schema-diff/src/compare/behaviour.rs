//! `<machine>` and `<mapping>`: what the schema says about an enum's values.

use std::collections::BTreeMap;

use regops_schema::ir::{Enum, Item, ItemPath, Machine, Mapping, Transition};

use crate::change::{Bump, Effect, Strictness};
use crate::rules::Rule;
use crate::side::Side;
use crate::subject::Subject;

use super::{Cx, matching};

fn machines_of(side: &Side) -> BTreeMap<&ItemPath, &Machine> {
    side.schema
        .items()
        .filter_map(|(_, item)| match item {
            Item::Machine(m) => Some((&m.enumeration, m)),
            Item::Enum(_)
            | Item::Struct(_)
            | Item::StatusList(_)
            | Item::Mapping(_)
            | Item::Method(_) => None,
        })
        .collect()
}

fn mappings_of(side: &Side) -> Vec<&Mapping> {
    side.schema
        .items()
        .filter_map(|(_, item)| match item {
            Item::Mapping(m) => Some(m),
            Item::Enum(_)
            | Item::Struct(_)
            | Item::StatusList(_)
            | Item::Machine(_)
            | Item::Method(_) => None,
        })
        .collect()
}

/// The wire spelling of value `i` of the enum at `path`.
fn wire<'s>(side: &'s Side, path: &ItemPath, i: usize) -> &'s str {
    side.schema
        .enumeration(path)
        .and_then(|e| e.values.get(i))
        .map_or("?", |v| v.wire.as_str())
}

pub(super) fn machines(cx: &mut Cx<'_>) {
    let old = machines_of(cx.old);
    let new = machines_of(cx.new);
    let mut matched = Vec::new();
    for (path, machine) in &old {
        let target = cx.renamed(path).clone();
        match new.get(&target) {
            Some(new_machine) => {
                matched.push(target);
                compare_machine(cx, path, machine, new_machine);
            }
            None => cx
                .change(
                    Rule::MachineRemoved,
                    Subject::Machine((*path).clone()),
                    format!("`{path}` loses its state machine"),
                )
                .at_old(machine.span)
                .rust_api(
                    Bump::Major,
                    "its `StateMachine` impl (`is_initial()`, `next_states()`, `TRANSITIONS`, …) is gone",
                )
                .behaviour(Effect::Changed, "no transition is checked any more")
                .push(),
        }
    }
    for (path, machine) in &new {
        if matched.contains(path) {
            continue;
        }
        cx.change(
            Rule::MachineAdded,
            Subject::Machine((*path).clone()),
            format!("`{path}` gains a state machine"),
        )
        .at_new(machine.span)
        .rust_api(
            Bump::Minor,
            "it implements `StateMachine` (`is_initial()`, `next_states()`, `TRANSITIONS`, …)",
        )
        .behaviour(Effect::Added, "a new state machine")
        .push();
    }
}

fn compare_machine(cx: &mut Cx<'_>, path: &ItemPath, old: &Machine, new: &Machine) {
    let Machine {
        enumeration: _,
        doc: old_doc,
        initial: old_initial,
        terminal: old_terminal,
        transitions: old_transitions,
        span: old_span,
    } = old;
    let Machine {
        enumeration: new_path,
        doc: new_doc,
        initial: new_initial,
        terminal: new_terminal,
        transitions: new_transitions,
        span: new_span,
    } = new;
    let spans = (*old_span, *new_span);
    cx.doc(
        Subject::Machine(path.clone()),
        "docs",
        (old_doc, spans.0),
        (new_doc, spans.1),
    );
    let (old_side, new_side) = (cx.old, cx.new);
    let (Some(old_enum), Some(new_enum)) = (
        old_side.schema.enumeration(path),
        new_side.schema.enumeration(new_path),
    ) else {
        return;
    };
    for (rule, noun, method, a, b) in [
        (
            Rule::InitialChanged,
            "initial",
            "is_initial()",
            old_initial,
            new_initial,
        ),
        (
            Rule::TerminalChanged,
            "terminal",
            "is_terminal()",
            old_terminal,
            new_terminal,
        ),
    ] {
        let in_old = |w: &str| a.iter().any(|&i| old_enum.values[i].wire == w);
        let in_new = |w: &str| b.iter().any(|&i| new_enum.values[i].wire == w);
        for value in &new_enum.values {
            let w = value.wire.as_str();
            let existed = old_enum.values.iter().any(|v| v.wire == w);
            if in_new(w) && !in_old(w) {
                let (effect, message) = if existed {
                    (Effect::Changed, format!("`{path}::{w}` becomes {noun}"))
                } else {
                    (
                        Effect::Added,
                        format!("the new value `{path}::{w}` is {noun}"),
                    )
                };
                cx.change(rule, Subject::Value(path.clone(), w.to_string()), message)
                    .spans(spans.0, spans.1)
                    .behaviour(effect, format!("`{method}` is true for `{w}`"))
                    .push();
            }
        }
        for value in &old_enum.values {
            let w = value.wire.as_str();
            let remains = new_enum.values.iter().any(|v| v.wire == w);
            if remains && in_old(w) && !in_new(w) {
                cx.change(
                    rule,
                    Subject::Value(path.clone(), w.to_string()),
                    format!("`{path}::{w}` is no longer {noun}"),
                )
                .spans(spans.0, spans.1)
                .behaviour(Effect::Changed, format!("`{method}` is false for `{w}`"))
                .push();
            }
        }
    }
    transitions(
        cx,
        path,
        (old_enum, old_transitions),
        (new_enum, new_transitions),
    );
}

fn transitions(
    cx: &mut Cx<'_>,
    path: &ItemPath,
    (old_enum, old): (&Enum, &[Transition]),
    (new_enum, new): (&Enum, &[Transition]),
) {
    let key =
        |e: &Enum, t: &Transition| (e.values[t.from].wire.clone(), e.values[t.to].wire.clone());
    for t in old {
        // `when` only limits the method's precondition: compared with the preconditions.
        let Transition {
            name,
            doc: old_doc,
            from: _,
            to: _,
            method: old_method,
            when: _,
            span: old_span,
        } = t;
        let (from, to) = key(old_enum, t);
        let subject = Subject::Transition(path.clone(), from.clone(), to.clone());
        let Some(n) = new
            .iter()
            .find(|n| key(new_enum, n) == (from.clone(), to.clone()))
        else {
            cx.change(
                Rule::TransitionRemoved,
                subject,
                format!("`{path}` can no longer go from `{from}` to `{to}` (`{name}`)"),
            )
            .at_old(*old_span)
            .validation(Strictness::Stricter, "transition checks refuse it")
            .behaviour(
                Effect::Changed,
                format!("`can_transition_to` is false for `{from}` → `{to}`"),
            )
            .push();
            continue;
        };
        if n.name != *name {
            cx.change(
                Rule::TransitionRenamed,
                subject.clone(),
                format!(
                    "the transition `{name}` ({from} → {to}) of `{path}` is renamed `{}`",
                    n.name
                ),
            )
            .spans(*old_span, n.span)
            .behaviour(
                Effect::Changed,
                format!("`TRANSITIONS` names it `{}`", n.name),
            )
            .push();
        }
        if n.method != *old_method {
            method_changed(cx, path, (&from, &to), (t, n));
        }
        cx.doc(subject, "docs", (old_doc, *old_span), (&n.doc, n.span));
    }
    for t in new {
        let (from, to) = key(new_enum, t);
        if old
            .iter()
            .any(|o| key(old_enum, o) == (from.clone(), to.clone()))
        {
            continue;
        }
        cx.change(
            Rule::TransitionAdded,
            Subject::Transition(path.clone(), from.clone(), to.clone()),
            format!("`{path}` can go from `{from}` to `{to}` (`{}`)", t.name),
        )
        .at_new(t.span)
        .validation(Strictness::Looser, "transition checks allow it")
        .behaviour(
            Effect::Added,
            format!("`can_transition_to` is true for `{from}` → `{to}`"),
        )
        .push();
    }
}

/// A transition performed by another vendor method, or by a named one where none was named.
fn method_changed(
    cx: &mut Cx<'_>,
    path: &ItemPath,
    (from, to): (&str, &str),
    (old, new): (&Transition, &Transition),
) {
    let name = &new.name;
    let message = match (&old.method, &new.method) {
        (None, Some(m)) => {
            format!("`{m}` performs the transition `{name}` ({from} → {to}) of `{path}`")
        }
        (Some(m), None) => {
            format!("the transition `{name}` ({from} → {to}) of `{path}` no longer names `{m}`")
        }
        (Some(a), Some(b)) => format!(
            "`{b}`, not `{a}`, performs the transition `{name}` ({from} → {to}) of `{path}`"
        ),
        (None, None) => return,
    };
    let shown = new
        .method
        .as_ref()
        .map_or("None".to_string(), |m| format!("Some({m:?})"));
    cx.change(
        Rule::TransitionMethodChanged,
        Subject::Transition(path.clone(), from.to_string(), to.to_string()),
        message,
    )
    .spans(old.span, new.span)
    .behaviour(
        Effect::Changed,
        format!("its `Transition::method` is `{shown}`"),
    )
    .push();
}

pub(super) fn mappings(cx: &mut Cx<'_>) {
    let old = mappings_of(cx.old);
    let new = mappings_of(cx.new);
    let matching = matching(
        &old,
        &new,
        |m| (cx.renamed(&m.from).clone(), m.name.clone()),
        |m| (m.from.clone(), m.name.clone()),
        |o, n| {
            n.from == *cx.renamed(&o.from)
                && n.to == *cx.renamed(&o.to)
                && n.doc == o.doc
                && same_images(&images(cx.old, o), &images(cx.new, n))
        },
    );
    for (mapping, partner) in old.iter().zip(&matching.partners) {
        let subject = Subject::Mapping(mapping.from.clone(), mapping.name.clone());
        let Some((j, _)) = *partner else {
            cx.change(
                Rule::MappingRemoved,
                subject,
                format!("`{}` loses the mapping `{}`", mapping.from, mapping.name),
            )
            .at_old(mapping.span)
            .rust_api(
                Bump::Major,
                format!("`{}::{}()` is gone", mapping.from.name, mapping.name),
            )
            .behaviour(Effect::Changed, "nothing maps these values any more")
            .push();
            continue;
        };
        compare_mapping(cx, mapping, new[j]);
    }
    for &j in &matching.added {
        let mapping = new[j];
        cx.change(
            Rule::MappingAdded,
            Subject::Mapping(mapping.from.clone(), mapping.name.clone()),
            format!(
                "`{}` gains the mapping `{}` to `{}`",
                mapping.from, mapping.name, mapping.to
            ),
        )
        .at_new(mapping.span)
        .rust_api(
            Bump::Minor,
            format!("new method `{}::{}()`", mapping.from.name, mapping.name),
        )
        .behaviour(Effect::Added, "a new mapping")
        .push();
    }
}

/// Each `from` value's image, by wire spelling.
fn images(side: &Side, m: &Mapping) -> BTreeMap<String, String> {
    m.images
        .iter()
        .enumerate()
        .map(|(i, &j)| {
            (
                wire(side, &m.from, i).to_string(),
                wire(side, &m.to, j).to_string(),
            )
        })
        .collect()
}

/// Whether every value mapped on both sides has the same image (new values aside).
fn same_images(a: &BTreeMap<String, String>, b: &BTreeMap<String, String>) -> bool {
    a.iter()
        .all(|(value, image)| b.get(value).is_none_or(|other| other == image))
}

fn compare_mapping(cx: &mut Cx<'_>, old: &Mapping, new: &Mapping) {
    let Mapping {
        name,
        doc: old_doc,
        from,
        to: old_to,
        images: _,
        span: old_span,
    } = old;
    let Mapping {
        name: new_name,
        doc: new_doc,
        from: _,
        to: new_to,
        images: _,
        span: new_span,
    } = new;
    let subject = Subject::Mapping(from.clone(), name.clone());
    let spans = (*old_span, *new_span);
    if new_name != name {
        cx.change(
            Rule::MappingRenamed,
            subject.clone(),
            format!("the mapping `{name}` of `{from}` is renamed `{new_name}`"),
        )
        .spans(spans.0, spans.1)
        .rust_api(
            Bump::Major,
            format!("`{}::{name}()` is now `{new_name}()`", from.name),
        )
        .push();
    }
    cx.doc(
        subject.clone(),
        "docs",
        (old_doc, spans.0),
        (new_doc, spans.1),
    );
    if cx.renamed(old_to) != new_to {
        cx.change(
            Rule::MappingTargetChanged,
            subject,
            format!("the mapping `{name}` of `{from}` maps to `{new_to}`, not `{old_to}`"),
        )
        .spans(spans.0, spans.1)
        .rust_api(Bump::Major, format!("`{name}()` returns another type"))
        .behaviour(Effect::Changed, "every image changes")
        .push();
        return;
    }
    let (a, b) = (images(cx.old, old), images(cx.new, new));
    for (value, after) in &b {
        let (effect, message) = match a.get(value) {
            Some(before) if before == after => continue,
            Some(before) => (
                Effect::Changed,
                format!("`{name}` maps `{from}::{value}` to `{after}`, not `{before}`"),
            ),
            None => (
                Effect::Added,
                format!("`{name}` maps the new value `{from}::{value}` to `{after}`"),
            ),
        };
        cx.change(
            Rule::MappingImageChanged,
            Subject::Mapping(from.clone(), name.clone()),
            message,
        )
        .spans(spans.0, spans.1)
        .behaviour(effect, format!("`{value}` maps to `{after}`"))
        .push();
    }
}
