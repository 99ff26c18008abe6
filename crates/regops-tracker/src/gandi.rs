//! Gandi's side of the tracker: `operation.info` answers and the pending list.

use regops_model::OneOrMany;
use regops_model::gandi::{OperationListOptions, OperationListReturn, Step};
use regops_model::lifecycle::Phase;

use crate::vendor::{PendingEntry, PendingPage, VendorOperation};

/// The vendor's key in the store: `tracker.add(gandi::VENDOR, id)`.
pub const VENDOR: &str = "gandi";

/// Items asked for per page of `operation.list` when importing.
pub const PENDING_PAGE_SIZE: i64 = 100;

impl VendorOperation for OperationListReturn {
    const VENDOR: &'static str = VENDOR;

    fn tracking_number(&self) -> i64 {
        self.id
    }

    fn status(&self) -> &str {
        self.step.as_str()
    }

    fn phase(&self) -> Option<Phase> {
        self.step.phase()
    }

    fn message(&self) -> Option<&str> {
        self.last_error.value().map(String::as_str)
    }
}

impl PendingEntry for OperationListReturn {
    fn tracking_number(&self) -> Option<i64> {
        Some(self.id)
    }
}

/// The steps of an operation still under way: those the schema maps to `queued` or
/// `running` (`BILL`, `WAIT`, `RUN`).
pub fn pending_steps() -> Vec<Step> {
    Step::VALUES
        .iter()
        .map(|wire| Step::from(*wire))
        .filter(|step| matches!(step.phase(), Some(Phase::Queued | Phase::Running)))
        .collect()
}

/// The `operation.list` options of page `page` of the pending operations: `step` in
/// [`pending_steps`], [`PENDING_PAGE_SIZE`] items per page, sorted by id so pages are stable.
pub fn pending_list_options(page: u32) -> OperationListOptions {
    OperationListOptions {
        step: Some(OneOrMany::Many(pending_steps())),
        items_per_page: Some(PENDING_PAGE_SIZE),
        page: Some(i64::from(page)),
        sort_by: Some(regops_model::gandi::SortKey::Id),
        ..Default::default()
    }
}

/// Wraps one `operation.list` page: another follows when this one is full.
pub fn pending_page(items: Vec<OperationListReturn>) -> PendingPage<OperationListReturn> {
    let more = items.len() as i64 >= PENDING_PAGE_SIZE;
    PendingPage { items, more }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pending_steps_come_from_the_schema_mapping() {
        assert_eq!(pending_steps(), vec![Step::Bill, Step::Wait, Step::Run]);
        let options = pending_list_options(2);
        assert_eq!(options.page, Some(2));
        assert_eq!(options.items_per_page, Some(PENDING_PAGE_SIZE));
    }
}
