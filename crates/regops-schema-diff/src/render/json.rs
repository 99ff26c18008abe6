//! The JSON report: the same facts as the text, for tools.

use serde_json::{Value, json};

use crate::change::{Bump, Change, Flow, Location};
use crate::report::{MODEL_CRATE, Report, SERVICE_CRATE, VALIDATE_CRATE};

fn location(location: Option<&Location>) -> Value {
    location.map_or(
        Value::Null,
        |l| json!({ "file": l.file, "line": l.line, "column": l.column }),
    )
}

fn flow(flow: &Flow) -> Value {
    json!({ "level": flow.level.as_str(), "note": flow.note })
}

fn change(c: &Change) -> Value {
    json!({
        "rule": c.rule.id(),
        "subject": c.subject.to_string(),
        "message": c.message,
        "old": location(c.old.as_ref()),
        "new": location(c.new.as_ref()),
        "wire": c.wire.as_ref().map(|w| json!({
            "old_to_new": flow(&w.old_to_new),
            "new_to_old": flow(&w.new_to_old),
        })),
        "rust_api": c.rust_api.iter().map(|a| json!({ "crate": a.krate.as_str(), "bump": a.bump.as_str(), "note": a.note })).collect::<Vec<_>>(),
        "validation": c.validation.as_ref().map(|v| json!({ "effect": v.effect.as_str(), "note": v.note })),
        "behaviour": c.behaviour.as_ref().map(|b| json!({ "effect": b.effect.as_str(), "note": b.note })),
    })
}

/// The report as a JSON value (keys sorted).
pub fn json(report: &Report) -> Value {
    let s = report.summary();
    let bump = |b: Option<Bump>| b.map_or(Value::Null, |b| json!(b.as_str()));
    json!({
        "old": report.old,
        "new": report.new,
        "changes": report.changes.iter().map(change).collect::<Vec<_>>(),
        "summary": {
            "wire": {
                "breaking": s.wire_breaking,
                "breaking_old_to_new": s.wire_breaking_old_to_new,
                "breaking_new_to_old": s.wire_breaking_new_to_old,
                "dropped": s.wire_dropped,
                "kept": s.wire_kept,
                "compatible": s.wire_compatible,
            },
            "rust_api": { "major": s.major, "minor": s.minor, "patch": s.patch },
            "validation": { "stricter": s.stricter, "looser": s.looser },
            "behaviour": { "changed": s.behaviour_changed, "added": s.behaviour_added },
        },
        "semver": {
            MODEL_CRATE: bump(report.model_bump()),
            VALIDATE_CRATE: bump(report.validate_bump()),
            SERVICE_CRATE: bump(report.service_bump()),
        },
    })
}
