//! The admin API refuses what it cannot do, with the allowed range, and never panics.

mod support;

use std::fmt::Write as _;

use regops_sandbox::clock::{MAX_MS, VIRTUAL_EPOCH_MS};
use regops_sandbox::{ClockMode, Config};
use serde_json::{Value, json};
use support::{start, start_with};

async fn now_iso(s: &support::Server) -> String {
    let (status, v) = s.admin("GET", "/clock", Value::Null).await;
    assert_eq!(status, 200, "{v}");
    v["now"]["iso"].as_str().unwrap().to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_virtual_clock_refuses_advances_past_year_9999_and_never_wraps() {
    let s = start().await;
    let room = (MAX_MS - VIRTUAL_EPOCH_MS) / 1000;
    let mut out = String::new();
    for seconds in [i64::MAX, 9_223_372_036_854_775, room + 1, -1] {
        let (status, v) = s
            .admin("POST", "/clock/advance", json!({ "seconds": seconds }))
            .await;
        writeln!(out, "{seconds}: {status} {}", v["error"].as_str().unwrap()).unwrap();
        assert_eq!(now_iso(&s).await, "2026-01-01T00:00:00", "after {seconds}");
    }
    insta::assert_snapshot!(out);
    let (status, v) = s
        .admin("POST", "/clock/advance", json!({ "seconds": room }))
        .await;
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["now"]["iso"], "9999-12-31T23:59:59");
    let (status, v) = s
        .admin("POST", "/clock/advance", json!({ "seconds": 1 }))
        .await;
    assert_eq!(status, 400, "{v}");
    assert_eq!(
        v["error"],
        "seconds: expected 0 to 0 (the virtual clock stops at 9999-12-31T23:59:59Z), got 1"
    );
    assert_eq!(now_iso(&s).await, "9999-12-31T23:59:59");
    s.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_real_clock_is_not_advanced() {
    let s = start_with(Config {
        clock: ClockMode::Real,
        ..Config::default()
    })
    .await;
    let (status, v) = s
        .admin("POST", "/clock/advance", json!({ "seconds": i64::MAX }))
        .await;
    assert_eq!(status, 400, "{v}");
    assert_eq!(
        v["error"],
        "clock: the sandbox runs on the real clock; start it with --clock virtual"
    );
    s.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn operation_ids_out_of_range_get_a_json_error() {
    let s = start().await;
    let mut out = String::new();
    for (method, path) in [
        ("GET", "/operations/99999999999999999999"),
        ("GET", "/operations/abc"),
        ("POST", "/operations/99999999999999999999/transition"),
        ("GET", "/operations/424242"),
    ] {
        let (status, v) = s.admin(method, path, json!({"to": "RUN"})).await;
        writeln!(out, "{method} {path}: {status} {v}").unwrap();
    }
    insta::assert_snapshot!(out);
    s.stop().await;
}
