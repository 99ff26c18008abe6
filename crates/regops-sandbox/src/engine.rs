//! Moving operations: every change of state is one declared transition of the vendor's
//! machine, written in the caller's transaction with the state it expects to leave, and
//! recorded in the operation's history.

use regops_model::gandi::{ErrorId, Step};
use regops_model::netim::OperationStatus;
use rusqlite::Connection;

use crate::error::{CoreError, CoreResult};
use crate::machine::{self, Machine};
use crate::outcome::{self, Outcome};
use crate::plan::{self, Vendor};
use crate::store::{NewOperation, OpRow, rows};
use crate::vendor;

/// The wire value of the state `to` reached from `from` by the transition `name` of
/// `vendor`'s machine, if the schema declares it.
pub fn declared(vendor: Vendor, from: &str, name: &str) -> Option<&'static str> {
    fn to<M: Machine>(from: &str, name: &str) -> Option<&'static str> {
        machine::find(&M::parse(from), name).map(|t| t.to.wire())
    }
    match vendor {
        Vendor::Gandi => to::<Step>(from, name),
        Vendor::Netim => to::<OperationStatus>(from, name),
    }
}

/// The name of the declared transition from `from` to `to`, if any.
pub fn name_towards(vendor: Vendor, from: &str, to: &str) -> Option<&'static str> {
    fn find<M: Machine>(from: &str, to: &str) -> Option<&'static str> {
        let (from, to) = (M::parse(from), M::parse(to));
        M::transitions()
            .iter()
            .find(|t| t.from == from && t.to == to)
            .map(|t| t.name)
    }
    match vendor {
        Vendor::Gandi => find::<Step>(from, to),
        Vendor::Netim => find::<OperationStatus>(from, to),
    }
}

/// The names of the shortest chain of declared transitions from `from` to `to`.
pub fn path_names(vendor: Vendor, from: &str, to: &str) -> Option<Vec<&'static str>> {
    fn names<M: Machine>(from: &str, to: &str) -> Option<Vec<&'static str>> {
        let to = M::parse(to);
        if !M::known().contains(&to) {
            return None;
        }
        machine::path(&M::parse(from), &to).map(|p| p.iter().map(|t| t.name).collect())
    }
    match vendor {
        Vendor::Gandi => names::<Step>(from, to),
        Vendor::Netim => names::<OperationStatus>(from, to),
    }
}

/// The initial state of `vendor`'s machine.
pub fn initial(vendor: Vendor) -> &'static str {
    match vendor {
        Vendor::Gandi => Step::initial().wire(),
        Vendor::Netim => OperationStatus::initial().wire(),
    }
}

/// Inserts `op` in its machine's initial state, then makes every move due at once (an
/// `instant` outcome), all in `tx`.
pub fn create(tx: &Connection, op: NewOperation) -> CoreResult<OpRow> {
    let id = rows::insert(tx, &op)?;
    let mut row =
        rows::get_any(tx, id)?.ok_or_else(|| CoreError::NotFound(format!("operation {id}")))?;
    schedule(&mut row, op.created_ms);
    rows::update_guarded(tx, &row, &op.state)?;
    settle(tx, row, op.created_ms)
}

/// Makes every move of `row` due at or before `now_ms`, in `tx`.
pub fn settle(tx: &Connection, mut row: OpRow, now_ms: i64) -> CoreResult<OpRow> {
    // Bounded: a machine's path is at most as long as its transition list.
    for _ in 0..16 {
        match (&row.next_move, row.due_ms) {
            (Some(name), Some(due)) if due <= now_ms => {
                let name = name.clone();
                row = apply(tx, row, &name, due)?;
            }
            _ => break,
        }
    }
    Ok(row)
}

/// Applies the transition `name` to `row` at `at_ms`: checks the schema declares it from the
/// current state, sets what the step means (start date, error), schedules the next move,
/// writes the row guarded by its old state, and records the transition.
pub fn apply(tx: &Connection, mut row: OpRow, name: &str, at_ms: i64) -> CoreResult<OpRow> {
    let from = row.state.clone();
    let Some(to) = declared(row.vendor, &from, name) else {
        return Err(CoreError::Refused {
            code: regops_validate::ViolationCode::InvalidTransition,
            path: String::new(),
            message: format!(
                "operation {} in state {from} has no transition `{name}` in the {} machine",
                row.id,
                row.vendor.as_str()
            ),
        });
    };
    row.state = to.to_string();
    row.updated_ms = at_ms;
    let outcome = Outcome::from_stored(&row.outcome);
    match (row.vendor, name) {
        (Vendor::Gandi, "start") => row.started_ms = Some(at_ms),
        (_, "fail") => {
            let error = match &outcome {
                Outcome::Failure(id) => id.clone(),
                _ => ErrorId::Unknown,
            };
            row.last_error = match (row.vendor, &outcome) {
                (Vendor::Netim, Outcome::Support) => format!(
                    "Processing of {} stopped: contact Netim support, who may restart it",
                    row.target
                ),
                _ => outcome::failure_message(&error, &row.target),
            };
            row.error_id = Some(error.as_str().to_string());
        }
        (Vendor::Gandi, "escalate") => {
            row.error_id = Some(ErrorId::AuthorizationError.as_str().to_string());
            row.last_error = format!(
                "Processing of {} needs Gandi support: contact Gandi support",
                row.target
            );
        }
        (_, "relaunch" | "resume" | "restart_by_support") => {
            row.error_id = None;
            row.last_error.clear();
            row.attempt += 1;
            row.outcome = Outcome::Success.to_stored();
        }
        _ => {}
    }
    schedule(&mut row, at_ms);
    if !rows::update_guarded(tx, &row, &from)? {
        return Err(CoreError::Conflict(format!("operation {}", row.id)));
    }
    rows::record_transition(tx, row.id, name, &from, to, at_ms)?;
    if row.vendor == Vendor::Netim {
        vendor::netim::effects(tx, &row, at_ms)?;
    }
    Ok(row)
}

/// Sets `row`'s next move from its outcome and state, counted from `at_ms`.
fn schedule(row: &mut OpRow, at_ms: i64) {
    let outcome = Outcome::from_stored(&row.outcome);
    match plan::next_move(row.vendor, &row.state, &outcome) {
        Some((name, secs)) => {
            row.next_move = Some(name.to_string());
            row.due_ms = Some(at_ms + secs * 1000);
        }
        None => {
            row.next_move = None;
            row.due_ms = None;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;

    fn new_op(vendor: Vendor, target: &str) -> NewOperation {
        NewOperation {
            vendor,
            kind: "domain_create".into(),
            state: initial(vendor).into(),
            target: target.into(),
            outcome: Outcome::for_target(target).to_stored(),
            created_ms: 0,
            started_ms: None,
            params: "{}".into(),
        }
    }

    #[test]
    fn a_transition_is_applied_once_from_the_state_it_expects() {
        let store = Store::open(":memory:").unwrap();
        store
            .write(|tx| -> CoreResult<()> {
                let row = create(tx, new_op(Vendor::Gandi, "example.com"))?;
                assert_eq!(row.next_move.as_deref(), Some("billed"));
                let stale = row.clone();
                let moved = apply(tx, row, "billed", 60_000)?;
                assert_eq!(moved.state, "WAIT");
                // The same move again from the stale copy: the guard refuses it.
                assert!(matches!(
                    apply(tx, stale, "billed", 60_000),
                    Err(CoreError::Conflict(_))
                ));
                assert_eq!(rows::history(tx, moved.id)?.len(), 1);
                Ok(())
            })
            .unwrap();
    }

    #[test]
    fn undeclared_transitions_are_refused() {
        let store = Store::open(":memory:").unwrap();
        store
            .write(|tx| -> CoreResult<()> {
                let row = create(tx, new_op(Vendor::Gandi, "example.com"))?;
                // BILL has no `finish`; DONE is reached only through WAIT and RUN.
                let err = apply(tx, row.clone(), "finish", 1).unwrap_err();
                assert!(matches!(
                    err,
                    CoreError::Refused {
                        code: regops_validate::ViolationCode::InvalidTransition,
                        ..
                    }
                ));
                let netim = create(tx, new_op(Vendor::Netim, "example.fr"))?;
                assert!(
                    apply(tx, netim, "relaunch", 1).is_err(),
                    "Netim has no restart"
                );
                assert_eq!(path_names(Vendor::Gandi, "DONE", "RUN"), None);
                assert_eq!(path_names(Vendor::Gandi, "BILL", "NOPE"), None);
                Ok(())
            })
            .unwrap();
    }

    #[test]
    fn instant_operations_settle_in_the_creating_transaction() {
        let store = Store::open(":memory:").unwrap();
        let row = store
            .write(|tx| create(tx, new_op(Vendor::Gandi, "instant.com")))
            .unwrap();
        assert_eq!(row.state, "DONE");
        let names: Vec<String> = store
            .read(|c| rows::history(c, row.id))
            .unwrap()
            .into_iter()
            .map(|t| t.name)
            .collect();
        assert_eq!(names, ["billed", "start", "finish"]);
    }
}
