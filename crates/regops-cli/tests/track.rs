//! End to end, real processes on loopback: `regops sandbox --clock virtual`, domains registered
//! at Netim through `NetimClient`, Gandi domain operations, and `regops track run` following
//! them with hooks: PENDING first, then, once the sandbox clock moves, DONE and ERROR reported
//! once each and each hook run once per change, even when the tracker runs again.
//!
//! (SIGKILL restarts and two trackers on PostgreSQL are covered by regops-tracker's own tests.)

mod support;

use std::collections::BTreeSet;
use std::process::Stdio;
use std::time::{Duration, Instant};

use regops_client::{NetimClient, Secret};
use regops_model::netim::OperationStatus;
use serde_json::{Value, json};
use support::{Sandbox, command, regops, runtime, stdout_of, workdir};

/// Registers `domain` at the sandbox's Netim; gives the tracking number.
async fn register(netim: &NetimClient, domain: &str) -> i64 {
    let answer = support::netim_domain_create(netim, domain)
        .await
        .expect("domainCreate");
    assert_eq!(answer.status, OperationStatus::Pending, "{domain}");
    answer.id_ope
}

fn lines(path: &std::path::Path) -> Vec<String> {
    let mut lines: Vec<String> = std::fs::read_to_string(path)
        .unwrap_or_default()
        .lines()
        .map(str::to_string)
        .collect();
    lines.sort();
    lines
}

#[test]
fn operations_are_followed_to_done_and_error_once_each_with_hooks_once_each() {
    let sandbox = Sandbox::start(&[]);
    let (_keep, dir) = workdir();
    let rt = runtime();
    let (_, login, secret) = rt.block_on(sandbox.credentials());

    // Netim: two domains registered through the client (one scripted to fail).
    let url = format!("{}/netim/3.0/", sandbox.base);
    let netim = NetimClient::new(&url, login, Secret::new(secret)).unwrap();
    let (netim_ok, netim_fail) = rt.block_on(async {
        let ok = register(&netim, "followed.fr").await;
        let fail = register(&netim, "fail-followed.fr").await;
        netim.close().await.unwrap();
        (ok, fail)
    });
    // Gandi: two domain operations (the sandbox's admin API; the operation module has no
    // domain.create).
    let mut gandi = Vec::new();
    for domain in ["followed.com", "fail-duplicate-followed.com"] {
        let created = sandbox.admin(
            "/operations",
            json!({"vendor": "gandi", "type": "domain_create", "domain": domain}),
        );
        gandi.push(created["ids"][0].as_i64().expect("an id"));
    }
    let (gandi_ok, gandi_fail) = (gandi[0], gandi[1]);

    let env = [("REGOPS_SANDBOX_URL", sandbox.base.as_str())];
    let add = |vendor: &str, ids: [i64; 2]| {
        let ids: Vec<String> = ids.iter().map(ToString::to_string).collect();
        let mut args = vec!["track", "--interval", "1s", "add", vendor];
        args.extend(ids.iter().map(String::as_str));
        stdout_of(&regops(&dir, &env, &args), 0);
    };
    add("netim", [netim_ok, netim_fail]);
    add("gandi", [gandi_ok, gandi_fail]);

    let hook =
        |log: &str| format!("echo \"$REGOPS_VENDOR $REGOPS_OPERATION $REGOPS_STATUS\" >> {log}");
    let (on_done, on_error, on_change) = (hook("done.log"), hook("error.log"), hook("change.log"));
    let run_args = [
        "track",
        "run",
        "--interval",
        "1s",
        "--until-settled",
        "--json",
        "--on-done",
        &on_done,
        "--on-error",
        &on_error,
        "--on-change",
        &on_change,
    ];
    let out = std::fs::File::create(dir.join("run.out")).unwrap();
    let mut tracker = command(&dir, &env, &run_args)
        .stdout(Stdio::from(out))
        .stderr(Stdio::null())
        .spawn()
        .unwrap();

    // Every operation is seen pending first.
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let status: Value = serde_json::from_str(&stdout_of(
            &regops(&dir, &env, &["track", "status", "--json"]),
            0,
        ))
        .unwrap();
        let pending = status
            .as_array()
            .unwrap()
            .iter()
            .filter(|op| matches!(op["phase"].as_str(), Some("queued" | "running")))
            .count();
        if pending == 4 {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "never saw all four pending: {status}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    // A quarter of an hour later, every operation has ended.
    sandbox.admin("/clock/advance", json!({"seconds": 900}));
    let deadline = Instant::now() + Duration::from_secs(60);
    let exit = loop {
        if let Some(exit) = tracker.try_wait().unwrap() {
            break exit;
        }
        if Instant::now() > deadline {
            let _ = tracker.kill();
            panic!("track run --until-settled did not end");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(exit.success(), "track run exited with {exit}");

    let changes: Vec<Value> = std::fs::read_to_string(dir.join("run.out"))
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let key = |c: &Value| {
        (
            c["vendor"].as_str().unwrap().to_string(),
            c["operation"].as_i64().unwrap(),
            c["status"].as_str().unwrap().to_string(),
        )
    };
    let distinct: BTreeSet<_> = changes.iter().map(key).collect();
    assert_eq!(
        distinct.len(),
        changes.len(),
        "no change reported twice: {changes:?}"
    );
    let terminal: BTreeSet<_> = changes
        .iter()
        .filter(|c| matches!(c["phase"].as_str(), Some("succeeded" | "failed")))
        .map(key)
        .collect();
    let expected: BTreeSet<_> = [
        ("gandi".to_string(), gandi_ok, "DONE".to_string()),
        ("gandi".to_string(), gandi_fail, "ERROR".to_string()),
        ("netim".to_string(), netim_ok, "Done".to_string()),
        ("netim".to_string(), netim_fail, "Failed".to_string()),
    ]
    .into();
    assert_eq!(terminal, expected);
    // Each operation's first change is its pending status, its last the terminal one.
    for (vendor, id, end) in &expected {
        let mine: Vec<&Value> = changes
            .iter()
            .filter(|c| c["vendor"] == vendor.as_str() && c["operation"] == *id)
            .collect();
        assert!(mine[0]["from_status"].is_null(), "{mine:?}");
        assert!(
            matches!(mine[0]["phase"].as_str(), Some("queued" | "running")),
            "{mine:?}"
        );
        assert_eq!(mine.last().unwrap()["status"], end.as_str());
    }

    // Hooks: once per matching change.
    assert_eq!(
        lines(&dir.join("done.log")),
        vec![
            format!("gandi {gandi_ok} DONE"),
            format!("netim {netim_ok} Done")
        ]
    );
    assert_eq!(
        lines(&dir.join("error.log")),
        vec![
            format!("gandi {gandi_fail} ERROR"),
            format!("netim {netim_fail} Failed")
        ]
    );
    assert_eq!(lines(&dir.join("change.log")).len(), changes.len());

    // Running again reports nothing and runs no hook again.
    let again = regops(&dir, &env, &run_args);
    assert_eq!(stdout_of(&again, 0), "");
    assert_eq!(lines(&dir.join("done.log")).len(), 2);
    assert_eq!(lines(&dir.join("error.log")).len(), 2);
    assert_eq!(lines(&dir.join("change.log")).len(), changes.len());
}
