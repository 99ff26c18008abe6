//! Faults between the clients and a real `regops sandbox`, injected by a proxy on loopback:
//! 503, a stalled answer (timeout), 429 with `Retry-After`, a connection closed mid-body.
//! Reads go through with a bounded number of attempts; a request that creates or changes
//! something is never sent twice, checked in the sandbox's own state; the tracker (`regops
//! track run`, a real process) reports each end once through the same faults.

mod support;

use std::time::Duration;

use regops_client::{ClientOptions, GandiApi as _, GandiClient, NetimApi as _, NetimClient};
use regops_client::{RetryPolicy, Secret};
use regops_model::ApiKey;
use serde_json::json;
use support::proxy::{Fault, Proxy, Seen};
use support::{Sandbox, command, stdout_of, workdir};

fn options() -> ClientOptions {
    ClientOptions::default()
        .timeout(Duration::from_millis(500))
        .retry(
            RetryPolicy::default()
                .max_attempts(5)
                .initial_backoff(Duration::from_millis(10))
                .max_backoff(Duration::from_millis(50)),
        )
}

fn info(seen: &Seen) -> bool {
    seen.xmlrpc.as_deref() == Some("operation.info")
}

fn query_ope(seen: &Seen) -> bool {
    seen.method == "GET" && seen.path.contains("/operation/")
}

async fn clients(sandbox: &Sandbox, proxy: &Proxy) -> (GandiClient, NetimClient) {
    let (key, login, secret) = sandbox.credentials().await;
    let gandi = GandiClient::with_options(
        &format!("{}/xmlrpc/", proxy.base),
        ApiKey::new(key),
        options(),
    )
    .unwrap();
    let netim = NetimClient::with_options(
        &format!("{}/netim/3.0/", proxy.base),
        login,
        Secret::new(secret),
        options(),
    )
    .unwrap();
    (gandi, netim)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reads_go_through_every_fault_with_bounded_attempts() {
    let sandbox = Sandbox::start(&[]);
    let proxy = Proxy::start(&sandbox.base).await;
    let (gandi, netim) = clients(&sandbox, &proxy).await;
    let gandi_id = sandbox.demo_id("gandi", false);
    let netim_id = sandbox.demo_id("netim", false);

    for fault in [
        Fault::Unavailable,
        Fault::ForwardThenStall,
        Fault::RateLimited,
        Fault::ForwardThenCut,
    ] {
        proxy.then(info, fault);
        proxy.then(query_ope, fault);
    }
    assert_eq!(gandi.operation_info(gandi_id).await.unwrap().id, gandi_id);
    assert_eq!(netim.query_ope(netim_id).await.unwrap().id_ope, netim_id);
    assert_eq!(proxy.count(info), 5, "4 faults, then the answer");
    assert_eq!(proxy.count(query_ope), 5, "4 faults, then the answer");

    // Past the bound, the last error is returned: 5 attempts, no more.
    for _ in 0..6 {
        proxy.then(info, Fault::Unavailable);
    }
    let error = gandi.operation_info(gandi_id).await.unwrap_err();
    assert_eq!(error.status(), Some(503), "{error}");
    assert_eq!(proxy.count(info), 10);
    netim.close().await.unwrap();
}

/// Operations the sandbox holds for `domain` (asked directly, not through the proxy).
async fn netim_operations_for(sandbox: &Sandbox, domain: &str) -> usize {
    let (_, login, secret) = sandbox.credentials().await;
    let direct = NetimClient::new(
        &format!("{}/netim/3.0/", sandbox.base),
        login,
        Secret::new(secret),
    )
    .unwrap();
    let pending = direct.query_ope_pending().await.unwrap();
    direct.close().await.unwrap();
    pending
        .iter()
        .filter(|op| op.data_ope.as_deref() == Some(domain))
        .count()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_create_or_a_cancel_is_never_sent_twice() {
    let sandbox = Sandbox::start(&[]);
    let proxy = Proxy::start(&sandbox.base).await;
    let (gandi, netim) = clients(&sandbox, &proxy).await;

    // (fault, whether the request reached the sandbox)
    let cases = [
        (Fault::ForwardThenUnavailable, true),
        (Fault::ForwardThenStall, true),
        (Fault::ForwardThenCut, true),
        (Fault::Unavailable, false),
        (Fault::RateLimited, false),
    ];
    for (n, (fault, reached)) in cases.into_iter().enumerate() {
        let domain = format!("once-{n}.fr");
        let path = format!("/domain/{domain}");
        let creates = move |seen: &Seen| seen.method == "POST" && seen.path.contains(&path);
        proxy.then(creates.clone(), fault);
        let result = support::netim_domain_create(&netim, &domain).await;
        assert!(result.is_err(), "{fault:?} is reported, not hidden");
        assert_eq!(
            proxy.count(&creates),
            1,
            "{fault:?}: domainCreate sent once"
        );
        assert_eq!(
            netim_operations_for(&sandbox, &domain).await,
            usize::from(reached),
            "{fault:?}: one operation when it arrived, none when it did not"
        );
    }
    netim.close().await.unwrap();

    // Gandi operation.cancel, answer lost mid-body: sent once, cancelled once.
    let id = sandbox.demo_id("gandi", false);
    let cancels = |seen: &Seen| seen.xmlrpc.as_deref() == Some("operation.cancel");
    proxy.then(cancels, Fault::ForwardThenCut);
    assert!(gandi.operation_cancel(id).await.is_err());
    assert_eq!(proxy.count(cancels), 1);
    let state = sandbox.get(&format!("/operations/{id}")).await;
    assert_eq!(state["operation"]["state"], "CANCEL", "{state}");
    let cancelled = state["history"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["to"] == "CANCEL")
        .count();
    assert_eq!(cancelled, 1, "{state}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_tracker_reports_each_end_once_through_faults() {
    let sandbox = Sandbox::start(&[]);
    let proxy = Proxy::start(&sandbox.base).await;
    let (key, login, secret) = sandbox.credentials().await;
    let (_keep, dir) = workdir();
    // Every demo operation has ended; each first poll of a vendor meets four faults.
    sandbox
        .post("/clock/advance", json!({"seconds": 900}))
        .await;
    for fault in [
        Fault::Unavailable,
        Fault::ForwardThenCut,
        Fault::RateLimited,
        Fault::Unavailable,
    ] {
        proxy.then(info, fault);
        proxy.then(query_ope, fault);
    }
    let gandi_url = format!("{}/xmlrpc/", proxy.base);
    let netim_url = format!("{}/netim/3.0/", proxy.base);
    let env = [
        ("REGOPS_GANDI_URL", gandi_url.as_str()),
        ("REGOPS_GANDI_API_KEY", key.as_str()),
        ("REGOPS_NETIM_URL", netim_url.as_str()),
        ("REGOPS_NETIM_ID", login.as_str()),
        ("REGOPS_NETIM_SECRET", secret.as_str()),
        ("REGOPS_ENDPOINT", "sandbox"),
    ];
    let ids = |vendor| {
        [
            sandbox.demo_id(vendor, false).to_string(),
            sandbox.demo_id(vendor, true).to_string(),
        ]
    };
    let (gandi_ids, netim_ids) = (ids("gandi"), ids("netim"));
    let run = {
        let dir = dir.clone();
        let env: Vec<(String, String)> = env
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move |args: Vec<String>| {
            let env: Vec<(&str, &str)> =
                env.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            command(&dir, &env, &args).output().unwrap()
        }
    };
    let owned = |args: &[&str]| args.iter().map(|a| a.to_string()).collect::<Vec<_>>();
    for (vendor, ids) in [("gandi", &gandi_ids), ("netim", &netim_ids)] {
        let args = owned(&["track", "--interval", "1s", "add", vendor, &ids[0], &ids[1]]);
        let run = run.clone();
        let output = tokio::task::spawn_blocking(move || run(args))
            .await
            .unwrap();
        stdout_of(&output, 0);
    }
    let args = owned(&[
        "track",
        "run",
        "--interval",
        "1s",
        "--until-settled",
        "--json",
    ]);
    let output = tokio::task::spawn_blocking(move || run(args))
        .await
        .unwrap();
    let text = stdout_of(&output, 0);
    let mut ends: Vec<String> = text
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .map(|c| format!("{} {} {}", c["vendor"], c["operation"], c["status"]))
        .collect();
    ends.sort();
    let mut expected = vec![
        format!("\"gandi\" {} \"DONE\"", gandi_ids[0]),
        format!("\"gandi\" {} \"ERROR\"", gandi_ids[1]),
        format!("\"netim\" {} \"Done\"", netim_ids[0]),
        format!("\"netim\" {} \"Failed\"", netim_ids[1]),
    ];
    expected.sort();
    assert_eq!(ends, expected, "each end once");
    // Two answers per vendor, and the four faults each: nothing polled twice.
    assert_eq!(proxy.count(info), 2 + 4);
    assert_eq!(proxy.count(query_ope), 2 + 4);
}
