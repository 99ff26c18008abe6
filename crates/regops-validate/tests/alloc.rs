//! Validating a valid, fully populated `RelaunchOperationParameters` allocates nothing.
//!
//! Its own test binary: it installs a counting global allocator, the one place that needs
//! `unsafe` (a `GlobalAlloc` impl forwarding to `System`).

#![allow(unsafe_code)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

use regops_model::gandi::RelaunchOperationParameters;
use regops_validate::Validate;

struct Counting;

static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every method forwards its arguments unchanged to `System`; it only counts calls.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::SeqCst);
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::SeqCst);
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

#[test]
fn validating_a_valid_full_relaunch_allocates_nothing() {
    let text = include_str!("../../../tests/fixtures/payloads/gandi-relaunch-full.json");
    let params: RelaunchOperationParameters = serde_json::from_str(text).unwrap();
    let keys = text.matches("\"x-").count();
    assert!(keys >= 130, "the payload sets {keys} x- members");

    let before = ALLOCATIONS.load(Ordering::SeqCst);
    let report = params.validate_at("params");
    let domain_report = params.validate_for_domain(Some("params"), "example.ca");
    let after = ALLOCATIONS.load(Ordering::SeqCst);
    assert!(report.is_clean());
    // Members of other TLDs are reported for a .ca domain, so only count the plain pass.
    drop(domain_report);

    let before_plain = ALLOCATIONS.load(Ordering::SeqCst);
    let report = params.validate_at("params");
    let after_plain = ALLOCATIONS.load(Ordering::SeqCst);
    assert!(report.is_clean());
    assert_eq!(after_plain - before_plain, 0, "validation allocated");
    assert!(
        after > before,
        "the counter works: a report with violations allocates"
    );
}
