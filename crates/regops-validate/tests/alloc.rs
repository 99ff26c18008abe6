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

fn allocations(f: impl FnOnce()) -> usize {
    let before = ALLOCATIONS.load(Ordering::SeqCst);
    f();
    ALLOCATIONS.load(Ordering::SeqCst) - before
}

#[test]
fn validating_a_valid_value_allocates_nothing() {
    let text = include_str!("../../../tests/fixtures/payloads/gandi-relaunch-full.json");
    let params: RelaunchOperationParameters = serde_json::from_str(text).unwrap();
    let keys = text.matches("\"x-").count();
    assert!(keys >= 130, "the payload sets {keys} x- members");
    let root = String::from("params");

    let mut report = None;
    let count = allocations(|| report = Some(params.validate_at(&root)));
    assert!(report.unwrap().is_clean());
    assert_eq!(count, 0, "validate_at allocated");

    // Sent for its own domain, a value with only that TLD's members is valid too, with
    // the domain normalised by IDNA on the way.
    let ca: RelaunchOperationParameters = serde_json::from_value(serde_json::json!({
        "authinfo": "s3cr3t",
        "x-ca_legaltype": "LGR",
        "x-ca_official_rep": "Jane Roe",
        "x-ca_official_rep_capacity": "Guardian",
        "x-ca_business_entity_type": "corporation",
    }))
    .unwrap();
    let mut report = None;
    let count = allocations(|| report = Some(ca.validate_for_domain(&root, "example.ca")));
    assert!(report.unwrap().is_clean());
    assert_eq!(count, 0, "validate_for_domain allocated");

    // The counter works: a report with violations allocates.
    let count = allocations(|| drop(params.validate_for_domain(&root, "example.ca")));
    assert!(count > 0);
}
