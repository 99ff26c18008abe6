//! What a module's root elements say besides its items: the module's `<summary>` and its
//! `<runtime>`s. Both belong to the module, whichever of its files carries them.

use regops_schema::ir::{File, Runtime};

use crate::change::Bump;
use crate::rules::Rule;
use crate::side::Side;
use crate::subject::Subject;

use super::Cx;

/// The files of `module`, in file order.
fn files_of<'s>(side: &'s Side, module: &str) -> Vec<&'s File> {
    side.schema
        .files
        .iter()
        .filter(|f| f.module == module)
        .collect()
}

/// Modules on both sides.
fn shared_modules(cx: &Cx<'_>) -> Vec<String> {
    let new = cx.new.schema.modules();
    cx.old
        .schema
        .modules()
        .into_keys()
        .filter(|m| new.contains_key(m))
        .map(str::to_string)
        .collect()
}

/// The summary of each module present on both sides (the generated module docs, where the
/// file's title and docs stand in for a missing summary: those are compared per file).
pub(super) fn summaries(cx: &mut Cx<'_>) {
    for module in shared_modules(cx) {
        let summary = |side: &Side| {
            let files = files_of(side, &module);
            let main = files.iter().find(|f| f.summary.is_some()).or(files.first());
            main.map(|f| (f.summary.clone().unwrap_or_default(), f.span))
        };
        let (Some(old), Some(new)) = (summary(cx.old), summary(cx.new)) else {
            continue;
        };
        cx.doc(
            Subject::Module(module),
            "summary",
            (&old.0, old.1),
            (&new.0, new.1),
        );
    }
}

/// The runtimes of each module present on both sides, by name.
pub(super) fn runtimes(cx: &mut Cx<'_>) {
    for module in shared_modules(cx) {
        let runtimes = |side| -> Vec<(&File, &Runtime)> {
            files_of(side, &module)
                .into_iter()
                .flat_map(|f| f.runtimes.iter().map(move |r| (f, r)))
                .collect()
        };
        let (old, new) = (runtimes(cx.old), runtimes(cx.new));
        for &(old_file, runtime) in &old {
            let Runtime {
                name,
                doc: old_doc,
                span: old_span,
            } = runtime;
            let subject = Subject::Runtime(module.clone(), name.clone());
            let source = format!("`src/{module}/{name}.rs`");
            let Some(&(new_file, partner)) = new.iter().find(|(_, r)| r.name == *name) else {
                cx.change(
                    Rule::RuntimeRemoved,
                    subject,
                    format!("module `{module}` no longer includes the runtime `{name}`"),
                )
                .at_old(*old_span)
                .rust_api(
                    Bump::Major,
                    format!("the public items of {source} leave `regops_model::{module}`"),
                )
                .push();
                continue;
            };
            if old_file.stem != new_file.stem {
                cx.change(
                    Rule::ItemMoved,
                    subject.clone(),
                    format!(
                        "the runtime `{name}` moves from `{}` to `{}`",
                        old_file.source, new_file.source
                    ),
                )
                .spans(*old_span, partner.span)
                .rust_api(Bump::Patch, "the Rust paths are unchanged")
                .push();
            }
            cx.doc(
                subject,
                "docs",
                (old_doc, *old_span),
                (&partner.doc, partner.span),
            );
        }
        for &(_, runtime) in &new {
            if old.iter().any(|(_, r)| r.name == runtime.name) {
                continue;
            }
            let name = &runtime.name;
            cx.change(
                Rule::RuntimeAdded,
                Subject::Runtime(module.clone(), name.clone()),
                format!("module `{module}` includes the runtime `{name}`"),
            )
            .at_new(runtime.span)
            .rust_api(
                Bump::Minor,
                format!(
                    "the public items of `src/{module}/{name}.rs` join `regops_model::{module}`"
                ),
            )
            .push();
        }
    }
}
