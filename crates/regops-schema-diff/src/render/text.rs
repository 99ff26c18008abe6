//! The text report: one block per change, then a summary line per category.

use std::fmt::Write as _;

use crate::change::{Bump, Change, Crate, Flow};
use crate::report::{MODEL_CRATE, Report, SERVICE_CRATE, VALIDATE_CRATE};

fn with_note(word: &str, note: &str) -> String {
    if note.is_empty() {
        word.to_string()
    } else {
        format!("{word}: {note}")
    }
}

fn flow(flow: &Flow) -> String {
    with_note(flow.level.as_str(), &flow.note)
}

fn bump(bump: Option<Bump>) -> &'static str {
    bump.map_or("unchanged", Bump::as_str)
}

fn change(out: &mut String, change: &Change) {
    let location = change
        .location()
        .map_or_else(|| "(no location)".to_string(), ToString::to_string);
    let _ = writeln!(out, "{location}: {} {}", change.rule.id(), change.subject);
    let _ = writeln!(out, "    {}", change.message);
    if let Some(wire) = &change.wire {
        let _ = writeln!(out, "    wire        old→new {}", flow(&wire.old_to_new));
        let _ = writeln!(out, "                new→old {}", flow(&wire.new_to_old));
    }
    for api in &change.rust_api {
        let what = match api.krate {
            Crate::Model => api.bump.as_str().to_string(),
            Crate::Validate | Crate::Service => {
                format!("{} ({})", api.bump.as_str(), api.krate.as_str())
            }
        };
        let _ = writeln!(out, "    rust-api    {}", with_note(&what, &api.note));
    }
    if let Some(v) = &change.validation {
        let _ = writeln!(
            out,
            "    validation  {}",
            with_note(v.effect.as_str(), &v.note)
        );
    }
    if let Some(b) = &change.behaviour {
        let _ = writeln!(
            out,
            "    behaviour   {}",
            with_note(b.effect.as_str(), &b.note)
        );
    }
}

/// The report as text.
pub fn text(report: &Report) -> String {
    let mut out = String::new();
    let n = report.changes.len();
    let _ = writeln!(
        out,
        "schema-diff: {} → {}: {n} change{}",
        report.old,
        report.new,
        if n == 1 { "" } else { "s" }
    );
    for c in &report.changes {
        out.push('\n');
        change(&mut out, c);
    }
    let s = report.summary();
    out.push('\n');
    let line = |out: &mut String, name: &str, count: usize, detail: String| {
        let detail = if count == 0 {
            "none".to_string()
        } else {
            detail
        };
        let _ = writeln!(out, "{name:<12}{detail}");
    };
    line(
        &mut out,
        "wire",
        s.wire,
        format!(
            "{} breaking (old→new {}, new→old {}), {} dropped, {} kept, {} compatible",
            s.wire_breaking,
            s.wire_breaking_old_to_new,
            s.wire_breaking_new_to_old,
            s.wire_dropped,
            s.wire_kept,
            s.wire_compatible
        ),
    );
    line(
        &mut out,
        "rust-api",
        s.major + s.minor + s.patch,
        format!("{} major, {} minor, {} patch", s.major, s.minor, s.patch),
    );
    line(
        &mut out,
        "validation",
        s.stricter + s.looser,
        format!("{} stricter, {} looser", s.stricter, s.looser),
    );
    line(
        &mut out,
        "behaviour",
        s.behaviour_changed + s.behaviour_added,
        format!(
            "{} changed, {} added",
            s.behaviour_changed, s.behaviour_added
        ),
    );
    let _ = writeln!(
        out,
        "semver      {MODEL_CRATE} {}, {VALIDATE_CRATE} {}, {SERVICE_CRATE} {}",
        bump(report.model_bump()),
        bump(report.validate_bump()),
        bump(report.service_bump())
    );
    out
}
