//! The preconditions `regops-validate` generates from the machines: one function per vendor
//! method that transitions name (`method`), accepting the states those transitions leave and,
//! when they carry `when="Enum.group"`, only the values of that group (an extra argument).

use std::collections::BTreeSet;

use regops_schema::Span;
use regops_schema::ir::{Item, ItemPath};
use regops_schema::naming;

use crate::change::{Bump, Strictness};
use crate::rules::Rule;
use crate::side::Side;
use crate::subject::Subject;

use super::{Cx, list};

/// One generated precondition, as the schema of one side gives it.
struct Precondition<'s> {
    /// The machine's enum.
    machine: &'s ItemPath,
    /// The module whose validators hold the function (the machine's).
    module: &'s str,
    /// The vendor method's wire name.
    method: &'s str,
    /// The states it accepts, by wire spelling, in schema order.
    states: Vec<&'s str>,
    /// Where each accepted state comes from: the first transition leaving it.
    spans: Vec<Span>,
    /// The group that limits it: the enum and the group's name.
    when: Option<(&'s ItemPath, &'s str)>,
}

impl Precondition<'_> {
    /// `regops_validate::gandi::operation_cancel`
    fn function(&self) -> String {
        let name = naming::snake(&self.method.replace('.', "_"))
            .unwrap_or_else(|| "precondition".to_string());
        format!("regops_validate::{}::{name}", self.module)
    }

    /// The first transition that names the method (a method is listed for its transitions,
    /// so there is one).
    fn span(&self) -> Span {
        self.spans[0]
    }

    fn subject(&self) -> Subject {
        Subject::Precondition(self.machine.clone(), self.method.to_string())
    }
}

fn preconditions_of(side: &Side) -> Vec<Precondition<'_>> {
    let mut out = Vec::new();
    for (file, item) in side.schema.items() {
        let Item::Machine(machine) = item else {
            continue;
        };
        let Some(states) = side.schema.enumeration(&machine.enumeration) else {
            continue;
        };
        for (method, transitions) in machine.methods() {
            let mut precondition = Precondition {
                machine: &machine.enumeration,
                module: &file.module,
                method,
                states: Vec::new(),
                spans: Vec::new(),
                // The checker makes every transition of one method carry the same `when`.
                when: transitions[0].when.as_ref().and_then(|w| {
                    let group = side
                        .schema
                        .enumeration(&w.enumeration)?
                        .groups
                        .get(w.group)?;
                    Some((&w.enumeration, group.name.as_str()))
                }),
            };
            for t in transitions {
                let state = states.values[t.from].wire.as_str();
                if !precondition.states.contains(&state) {
                    precondition.states.push(state);
                    precondition.spans.push(t.span);
                }
            }
            out.push(precondition);
        }
    }
    out
}

/// The vendor methods whose preconditions the group `group` of `enumeration` limits.
pub(super) fn limited_by(side: &Side, enumeration: &ItemPath, group: &str) -> Vec<String> {
    preconditions_of(side)
        .into_iter()
        .filter(|p| p.when == Some((enumeration, group)))
        .map(|p| p.method.to_string())
        .collect()
}

pub(super) fn preconditions(cx: &mut Cx<'_>) {
    let old = preconditions_of(cx.old);
    let new = preconditions_of(cx.new);
    let mut matched = BTreeSet::new();
    for before in &old {
        let machine = cx.renamed(before.machine).clone();
        let found = new
            .iter()
            .position(|p| *p.machine == machine && p.method == before.method);
        match found {
            Some(j) => {
                matched.insert(j);
                compare(cx, before, &new[j]);
            }
            None => cx
                .change(
                    Rule::PreconditionRemoved,
                    before.subject(),
                    format!(
                        "no transition of `{}` names `{}` any more",
                        before.machine, before.method
                    ),
                )
                .at_old(before.span())
                .validate_api(Bump::Major, format!("`{}` is gone", before.function()))
                .push(),
        }
    }
    for (j, after) in new.iter().enumerate() {
        if matched.contains(&j) {
            continue;
        }
        let limit = after
            .when
            .map(|(e, g)| format!(", limited to `{e}.{g}`"))
            .unwrap_or_default();
        cx.change(
            Rule::PreconditionAdded,
            after.subject(),
            format!(
                "transitions of `{}` name `{}`: it gets a precondition{limit}",
                after.machine, after.method
            ),
        )
        .at_new(after.span())
        .validate_api(Bump::Minor, format!("new function `{}`", after.function()))
        .push();
    }
}

fn compare(cx: &mut Cx<'_>, old: &Precondition<'_>, new: &Precondition<'_>) {
    states(cx, old, new);
    condition(cx, old, new);
}

fn states(cx: &mut Cx<'_>, old: &Precondition<'_>, new: &Precondition<'_>) {
    let left: Vec<(&str, Span)> = old
        .states
        .iter()
        .zip(&old.spans)
        .filter(|(s, _)| !new.states.contains(s))
        .map(|(s, span)| (*s, *span))
        .collect();
    let joined: Vec<(&str, Span)> = new
        .states
        .iter()
        .zip(&new.spans)
        .filter(|(s, _)| !old.states.contains(s))
        .map(|(s, span)| (*s, *span))
        .collect();
    fn states<'s>(list: &[(&'s str, Span)]) -> Vec<&'s str> {
        list.iter().map(|(s, _)| *s).collect()
    }
    let Some((effect, what)) = verdict(&states(&joined), &states(&left)) else {
        return;
    };
    // Placed at the transitions that make the difference.
    let old_span = left.first().map_or(old.span(), |(_, s)| *s);
    let new_span = joined.first().map_or(new.span(), |(_, s)| *s);
    cx.change(
        Rule::PreconditionStatesChanged,
        old.subject(),
        format!(
            "`{}` is possible with `{}` {}; it was with {}",
            new.method,
            new.machine,
            list(new.states.iter().copied()),
            list(old.states.iter().copied())
        ),
    )
    .spans(old_span, new_span)
    .validation(effect, format!("`{}` {what}", new.function()))
    .push();
}

/// The strictness of accepting `joined` and refusing `left`, and what that is in words;
/// `None` when both are empty.
fn verdict(joined: &[&str], left: &[&str]) -> Option<(Strictness, String)> {
    let effect = super::strictness(!left.is_empty(), !joined.is_empty())?;
    let mut what = Vec::new();
    if !joined.is_empty() {
        what.push(format!("accepts {}", list(joined.iter().copied())));
    }
    if !left.is_empty() {
        what.push(format!("refuses {}", list(left.iter().copied())));
    }
    Some((effect, what.join(" and ")))
}

/// The members of a group, by wire spelling.
fn members<'s>(side: &'s Side, (enumeration, group): (&ItemPath, &str)) -> BTreeSet<&'s str> {
    let Some(e) = side.schema.enumeration(enumeration) else {
        return BTreeSet::new();
    };
    e.groups
        .iter()
        .filter(|g| g.name == group)
        .flat_map(|g| g.members.iter().map(|&i| e.values[i].wire.as_str()))
        .collect()
}

fn condition(cx: &mut Cx<'_>, old: &Precondition<'_>, new: &Precondition<'_>) {
    let named = |w: (&ItemPath, &str)| format!("`{}.{}`", w.0, w.1);
    let function = new.function();
    let (message, api, validation) = match (old.when, new.when) {
        (None, None) => return,
        // The same group: `group-members-changed` reports what its members do.
        (Some(a), Some(b)) if cx.renamed(a.0) == b.0 && a.1 == b.1 => return,
        (Some(a), Some(b)) if cx.renamed(a.0) == b.0 => {
            let (before, after) = (members(cx.old, a), members(cx.new, b));
            let left: Vec<&str> = before.difference(&after).copied().collect();
            let joined: Vec<&str> = after.difference(&before).copied().collect();
            let Some((effect, what)) = verdict(&joined, &left) else {
                return; // Another group with the same members: the same check.
            };
            (
                format!(
                    "`{}` is limited to {}, not {}",
                    new.method,
                    named(b),
                    named(a)
                ),
                None,
                (effect, format!("`{function}` {what}")),
            )
        }
        (Some(a), Some(b)) => (
            format!(
                "`{}` is limited to {}, not {}",
                new.method,
                named(b),
                named(a)
            ),
            Some(format!(
                "`{function}` takes a `{}`, not a `{}`, as its first argument",
                b.0, a.0
            )),
            (
                Strictness::StricterAndLooser,
                format!("`{function}` checks a value of another enum"),
            ),
        ),
        (None, Some(b)) => (
            format!("`{}` is limited to {}", new.method, named(b)),
            Some(format!(
                "`{function}` takes a `{}` as a new first argument",
                b.0
            )),
            (
                Strictness::Stricter,
                format!("`{function}` refuses values outside {}", named(b)),
            ),
        ),
        (Some(a), None) => (
            format!("`{}` is no longer limited to {}", new.method, named(a)),
            Some(format!(
                "`{function}` no longer takes a `{}` as its first argument",
                a.0
            )),
            (
                Strictness::Looser,
                format!("`{function}` accepts values outside {}", named(a)),
            ),
        ),
    };
    let mut draft = cx
        .change(Rule::PreconditionConditionChanged, old.subject(), message)
        .spans(old.span(), new.span());
    if let Some(note) = api {
        draft = draft.validate_api(Bump::Major, note);
    }
    draft.validation(validation.0, validation.1).push();
}
