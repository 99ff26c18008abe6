//! `<method>`: wire name, positional parameters, result.

use regops_schema::ir::{File, Item, ItemPath, Method, Param, Returns};

use crate::change::{Bump, Effect, Flow, Level};
use crate::rules::Rule;
use crate::side::Side;
use crate::subject::Subject;

use super::types::crossing;
use super::{Cx, matching, transports};

fn methods_of(side: &Side) -> Vec<(&File, &Method)> {
    side.schema
        .items()
        .filter_map(|(file, item)| match item {
            Item::Method(m) => Some((file, m)),
            Item::Enum(_)
            | Item::Struct(_)
            | Item::StatusList(_)
            | Item::Machine(_)
            | Item::Mapping(_) => None,
        })
        .collect()
}

pub(super) fn methods(cx: &mut Cx<'_>) {
    let old = methods_of(cx.old);
    let new = methods_of(cx.new);
    let key = |(file, method): &(&File, &Method)| (file.module.clone(), method.wire.clone());
    let matching = matching(&old, &new, key, key, |&o, &n| {
        o.0.module == n.0.module
            && cx.same_apart_from(&[Rule::MethodRustRenamed], |scratch| {
                compare(scratch, &o.0.module, o, n, true)
            })
    });
    for (&(file, method), partner) in old.iter().zip(&matching.partners) {
        let module = &file.module;
        let subject = Subject::Method(module.clone(), method.wire.clone());
        if let Some((j, false)) = *partner {
            compare(cx, module, (file, method), new[j], true);
        } else if let Some((j, true)) = *partner {
            let (_, new_method) = new[j];
            let (bump, note) = if new_method.rust_name == method.rust_name {
                (
                    Bump::Patch,
                    format!("`{}` keeps its Rust name", method.rust_name),
                )
            } else {
                (
                    Bump::Major,
                    format!(
                        "`{}` and `{}` are now `{}` and `{}`",
                        method.rust_name,
                        method.params_name,
                        new_method.rust_name,
                        new_method.params_name
                    ),
                )
            };
            let note_both = |side: &str| {
                Flow::new(
                    Level::Breaking,
                    format!(
                        "{side} servers do not serve `{}`",
                        if side == "new" {
                            &method.wire
                        } else {
                            &new_method.wire
                        }
                    ),
                )
            };
            let rest = transports::is_rest(cx.old, module) && transports::is_rest(cx.new, module);
            let mut draft = cx
                .change(
                    Rule::MethodRenamed,
                    subject,
                    format!("method `{}` is renamed `{}`", method.wire, new_method.wire),
                )
                .spans(method.span, new_method.span)
                .rust_api(bump, note);
            // Over REST the route, not the name, is on the wire.
            if !rest {
                draft = draft.wire(note_both("new"), note_both("old"));
            }
            draft.push();
            compare(cx, module, (file, method), new[j], false);
        } else {
            cx.change(
                Rule::MethodRemoved,
                subject,
                format!("method `{}` of `{module}` is gone", method.wire),
            )
            .at_old(method.span)
            .wire(
                Flow::new(
                    Level::Breaking,
                    format!(
                        "old clients call `{}`, which new servers do not serve",
                        method.wire
                    ),
                ),
                Flow::compatible(),
            )
            .rust_api(
                Bump::Major,
                format!(
                    "`{}` and `{}` are gone",
                    method.rust_name, method.params_name
                ),
            )
            .behaviour(Effect::Changed, "the method is no longer available")
            .push();
        }
    }
    for &j in &matching.added {
        let (file, method) = new[j];
        let served = transports::has_service(cx.old, &file.module)
            && transports::has_service(cx.new, &file.module);
        let mut draft = cx
            .change(
                Rule::MethodAdded,
                Subject::Method(file.module.clone(), method.wire.clone()),
                format!("method `{}` of `{}` is new", method.wire, file.module),
            )
            .at_new(method.span)
            .rust_api(
                Bump::Minor,
                format!(
                    "new types `{}` and `{}`",
                    method.rust_name, method.params_name
                ),
            )
            .behaviour(Effect::Added, "a new method");
        // The server trait has no default methods: every implementor must add it.
        if served {
            draft = draft.service_api(
                Bump::Major,
                format!(
                    "the server trait gains `fn {}`, which every implementor must add",
                    method.fn_name
                ),
            );
        }
        draft.push();
    }
}

/// Compares two methods of one module: the same wire name, or a rename, whose report
/// already says how the Rust name changed (`rust_rename` is then false).
fn compare(
    cx: &mut Cx<'_>,
    module: &str,
    (old_file, old): (&File, &Method),
    (new_file, new): (&File, &Method),
    rust_rename: bool,
) {
    // `params_name` and `fn_name` derive from `rust_name`.
    let Method {
        wire,
        rust_name: old_rust,
        fn_name: _,
        params_name: _,
        doc: old_doc,
        params: old_params,
        returns: old_returns,
        http: old_http,
        rules: old_rules,
        effect: old_effect,
        span: old_span,
    } = old;
    let Method {
        wire: _,
        rust_name: new_rust,
        fn_name: _,
        params_name: _,
        doc: new_doc,
        params: new_params,
        returns: new_returns,
        http: new_http,
        rules: new_rules,
        effect: new_effect,
        span: new_span,
    } = new;
    let spans = (*old_span, *new_span);
    // Rules name parameters as the members of the parameter struct.
    super::checks::compare(
        cx,
        &ItemPath::new(module, wire),
        (&old.param_fields(), old_rules),
        (&new.param_fields(), new_rules),
    );
    let subject = Subject::Method(module.to_string(), wire.clone());
    if old_file.stem != new_file.stem {
        cx.change(
            Rule::ItemMoved,
            subject.clone(),
            format!(
                "method `{wire}` moves from `{}` to `{}`",
                old_file.source, new_file.source
            ),
        )
        .spans(spans.0, spans.1)
        .rust_api(Bump::Patch, "the Rust path is unchanged")
        .push();
    }
    if rust_rename && old_rust != new_rust {
        cx.change(
            Rule::MethodRustRenamed,
            subject.clone(),
            format!("the Rust name of method `{wire}` changes from `{old_rust}` to `{new_rust}`"),
        )
        .spans(spans.0, spans.1)
        .rust_api(
            Bump::Major,
            format!(
                "`{old_rust}` and `{}` are now `{new_rust}` and `{}`",
                old.params_name, new.params_name
            ),
        )
        .push();
    }
    if old_effect != new_effect {
        let reads = *new_effect == regops_schema::ir::Effect::Read;
        cx.change(
            Rule::MethodEffectChanged,
            subject.clone(),
            format!(
                "method `{wire}` {}",
                if reads {
                    "now only reads"
                } else {
                    "now changes something"
                }
            ),
        )
        .spans(spans.0, spans.1)
        .rust_api(Bump::Patch, "`Method::READ_ONLY` changes")
        .behaviour(
            Effect::Changed,
            if reads {
                "clients repeat the call after any transient failure"
            } else {
                "clients repeat the call only when it never reached the server"
            },
        )
        .push();
    }
    super::transports::http(cx, &subject, spans, old_http.as_ref(), new_http.as_ref());
    cx.doc(subject, "docs", (old_doc, spans.0), (new_doc, spans.1));
    params(cx, module, old, new, old_params, new_params);
    returns(
        cx,
        module,
        old,
        new,
        old_returns.as_ref(),
        new_returns.as_ref(),
    );
}

fn params(cx: &mut Cx<'_>, module: &str, old: &Method, new: &Method, a: &[Param], b: &[Param]) {
    let rest = transports::is_rest(cx.old, module) && transports::is_rest(cx.new, module);
    let wire = &old.wire;
    let subject = |i: usize| Subject::Param(module.to_string(), wire.clone(), i);
    for (i, (p, q)) in a.iter().zip(b).enumerate() {
        let Param {
            wire: old_name,
            rust_name: old_rust,
            ty: old_ty,
            optional: old_optional,
            sensitive: old_sensitive,
            tracking_number: old_tracking,
            doc: old_doc,
            span: old_span,
        } = p;
        let Param {
            wire: new_name,
            rust_name: new_rust,
            ty: new_ty,
            optional: new_optional,
            sensitive: new_sensitive,
            tracking_number: new_tracking,
            doc: new_doc,
            span: new_span,
        } = q;
        let spans = (*old_span, *new_span);
        if old_name != new_name || old_rust != new_rust {
            let (bump, note) = if old_rust == new_rust {
                (Bump::Patch, "the Rust field stays".to_string())
            } else {
                (
                    Bump::Major,
                    format!(
                        "the field `{old_rust}` of `{}` is now `{new_rust}`",
                        new.params_name
                    ),
                )
            };
            let mut draft = cx
                .change(
                    Rule::ParamRenamed,
                    subject(i),
                    format!(
                        "parameter {} of `{wire}` is renamed from `{old_name}` to `{new_name}`",
                        i + 1
                    ),
                )
                .spans(spans.0, spans.1)
                .rust_api(bump, note);
            // Over REST, a parameter the path does not bind is a body member named after it.
            let in_body = |m: &Method| !m.http.iter().any(|h| h.path_params().any(|p| p == i));
            if rest && in_body(old) && in_body(new) {
                draft = draft.wire(
                    Flow::new(
                        Level::Breaking,
                        format!("old clients send the body member `{old_name}`"),
                    ),
                    Flow::new(
                        Level::Breaking,
                        format!("new clients send the body member `{new_name}`"),
                    ),
                );
            }
            draft.push();
        }
        if let Some(verdict) = crossing(cx, old_ty, new_ty) {
            cx.change(
                Rule::ParamTypeChanged,
                subject(i),
                format!(
                    "parameter `{new_name}` of `{wire}` changes type from `{}` to `{}`",
                    old_ty, new_ty
                ),
            )
            .spans(spans.0, spans.1)
            .wire(verdict.old_to_new, verdict.new_to_old)
            .rust_api(Bump::Major, "the parameter's Rust type changes")
            .behaviour(Effect::Changed, "the method takes another parameter type")
            .push();
        }
        if old_optional != new_optional {
            let draft = cx
                .change(
                    Rule::ParamOptionalChanged,
                    subject(i),
                    format!(
                        "parameter `{new_name}` of `{wire}` becomes {}",
                        if *new_optional {
                            "optional"
                        } else {
                            "required"
                        }
                    ),
                )
                .spans(spans.0, spans.1)
                .behaviour(Effect::Changed, "the method's parameters change");
            let draft = if *new_optional {
                draft
                    .wire(
                        Flow::compatible(),
                        Flow::new(
                            Level::Breaking,
                            format!(
                                "new clients may leave `{new_name}` out; old servers require it"
                            ),
                        ),
                    )
                    .rust_api(Bump::Major, "`T` becomes `Option<T>`")
            } else {
                draft
                    .wire(
                        Flow::new(
                            Level::Breaking,
                            format!(
                                "old clients may leave `{new_name}` out; new servers require it"
                            ),
                        ),
                        Flow::compatible(),
                    )
                    .rust_api(Bump::Major, "`Option<T>` becomes `T`")
            };
            draft.push();
        }
        if old_sensitive != new_sensitive {
            cx.change(
                Rule::FieldSensitiveChanged,
                subject(i),
                format!(
                    "parameter `{new_name}` of `{wire}` is {} sensitive",
                    if *new_sensitive { "now" } else { "no longer" }
                ),
            )
            .spans(spans.0, spans.1)
            .rust_api(Bump::Patch, "only `Debug` output changes")
            .push();
        }
        if old_tracking != new_tracking {
            cx.change(
                Rule::ParamTrackingNumberChanged,
                subject(i),
                format!(
                    "parameter `{new_name}` of `{wire}` is {} the tracking number",
                    if *new_tracking { "now" } else { "no longer" }
                ),
            )
            .spans(spans.0, spans.1)
            .rust_api(Bump::Patch, "`Method::tracking_number` changes")
            .push();
        }
        cx.doc(subject(i), "docs", (old_doc, spans.0), (new_doc, spans.1));
    }
    let all_optional = |params: &[Param]| params.iter().all(|p| p.optional);
    for (i, q) in b.iter().enumerate().skip(a.len()) {
        let (bump, note) = if q.optional && all_optional(a) && all_optional(b) {
            (
                Bump::Minor,
                format!(
                    "new field `{}`; `{}` derives `Default`",
                    q.rust_name, new.params_name
                ),
            )
        } else {
            (
                Bump::Major,
                format!("`{}` gains the field `{}`", new.params_name, q.rust_name),
            )
        };
        let old_to_new = if q.optional {
            Flow::compatible()
        } else {
            Flow::new(
                Level::Breaking,
                format!("old clients do not send `{}`", q.wire),
            )
        };
        cx.change(
            Rule::ParamAdded,
            subject(i),
            format!(
                "`{wire}` gains the {} parameter `{}` ({})",
                if q.optional { "optional" } else { "required" },
                q.wire,
                q.ty
            ),
        )
        .at_new(q.span)
        .wire(
            old_to_new,
            Flow::new(
                Level::Breaking,
                format!(
                    "old servers refuse a parameter `{}` they do not know",
                    q.wire
                ),
            ),
        )
        .rust_api(bump, note)
        .behaviour(Effect::Changed, "the method's parameters change")
        .push();
    }
    for (i, p) in a.iter().enumerate().skip(b.len()) {
        let new_to_old = if p.optional {
            Flow::compatible()
        } else {
            Flow::new(
                Level::Breaking,
                format!(
                    "old servers require `{}`, which new clients do not send",
                    p.wire
                ),
            )
        };
        cx.change(
            Rule::ParamRemoved,
            subject(i),
            format!("`{wire}` loses the parameter `{}`", p.wire),
        )
        .at_old(p.span)
        .wire(
            Flow::new(
                Level::Breaking,
                format!(
                    "old clients may send `{}`; new servers refuse an extra parameter",
                    p.wire
                ),
            ),
            new_to_old,
        )
        .rust_api(Bump::Major, format!("the field `{}` is gone", p.rust_name))
        .behaviour(Effect::Changed, "the method's parameters change")
        .push();
    }
}

fn returns(
    cx: &mut Cx<'_>,
    module: &str,
    old: &Method,
    new: &Method,
    a: Option<&Returns>,
    b: Option<&Returns>,
) {
    let wire = &old.wire;
    let subject = Subject::Returns(module.to_string(), wire.clone());
    let nothing = |side: &str| {
        Flow::new(
            Level::Breaking,
            format!("the {side} side reads a result where the other sends none, or the reverse"),
        )
    };
    match (a, b) {
        (None, None) => {}
        (Some(r), Some(s)) => {
            let Returns {
                ty: old_ty,
                doc: old_doc,
                span: old_span,
            } = r;
            let Returns {
                ty: new_ty,
                doc: new_doc,
                span: new_span,
            } = s;
            if let Some(verdict) = crossing(cx, old_ty, new_ty) {
                cx.change(
                    Rule::ReturnsChanged,
                    subject.clone(),
                    format!("`{wire}` returns `{}`, not `{}`", new_ty, old_ty),
                )
                .spans(*old_span, *new_span)
                .wire(verdict.old_to_new, verdict.new_to_old)
                .rust_api(Bump::Major, "`Method::Output` changes")
                .behaviour(Effect::Changed, "the method returns another type")
                .push();
            }
            cx.doc(subject, "docs", (old_doc, *old_span), (new_doc, *new_span));
        }
        (None, Some(_)) | (Some(_), None) => {
            let (message, spans, output) = match (a, b) {
                (None, Some(s)) => (
                    format!("`{wire}` now returns `{}`", s.ty),
                    (old.span, s.span),
                    "is no longer `()`",
                ),
                (Some(r), _) => (
                    format!("`{wire}` no longer returns `{}`", r.ty),
                    (r.span, new.span),
                    "becomes `()`",
                ),
                (None, None) => return,
            };
            cx.change(Rule::ReturnsChanged, subject, message)
                .spans(spans.0, spans.1)
                .wire(nothing("new"), nothing("old"))
                .rust_api(Bump::Major, format!("`Method::Output` {output}"))
                .behaviour(Effect::Changed, "the method's result appears or disappears")
                .push();
        }
    }
}
