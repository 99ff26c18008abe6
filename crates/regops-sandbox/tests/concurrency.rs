//! Several clients create and cancel at once while the clock moves: each operation exists
//! exactly once, each cancellation wins once, and every recorded transition is one the
//! vendor's machine declares, chained from the initial state to the current one.

mod support;

use std::sync::Arc;

use regops_model::StateMachine as _;
use regops_model::gandi::{OperationCancel, OperationCancelParams, Step};
use regops_model::netim::OperationStatus;
use serde_json::json;
use support::{Server, domain_create_body, start};

const CLIENTS: usize = 8;
const PER_CLIENT: usize = 10;

fn declared(vendor: &str, name: &str, from: &str, to: &str) -> bool {
    match vendor {
        "gandi" => Step::TRANSITIONS
            .iter()
            .any(|t| t.name == name && t.from.as_str() == from && t.to.as_str() == to),
        _ => OperationStatus::TRANSITIONS
            .iter()
            .any(|t| t.name == name && t.from.as_str() == from && t.to.as_str() == to),
    }
}

async fn check_history(s: &Server, id: i64) {
    let (_, v) = s
        .admin("GET", &format!("/operations/{id}"), serde_json::Value::Null)
        .await;
    let vendor = v["operation"]["vendor"].as_str().unwrap();
    let mut state = match vendor {
        "gandi" => "BILL",
        _ => "Pending",
    }
    .to_string();
    for (i, t) in v["history"].as_array().unwrap().iter().enumerate() {
        assert_eq!(
            t["seq"],
            i + 1,
            "operation {id}: transitions numbered once each"
        );
        let (name, from, to) = (
            t["name"].as_str().unwrap(),
            t["from"].as_str().unwrap(),
            t["to"].as_str().unwrap(),
        );
        assert_eq!(from, state, "operation {id}: chained");
        assert!(
            declared(vendor, name, from, to),
            "operation {id}: {name} {from}→{to} is not declared"
        );
        state = to.to_string();
    }
    assert_eq!(v["operation"]["state"], state.as_str(), "operation {id}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn clients_creating_and_cancelling_at_once() {
    let s = Arc::new(start().await);
    let token = s.netim_session().await;
    let gandi_ids = s
        .create(json!({"vendor": "gandi", "domain": "race.com", "count": CLIENTS * PER_CLIENT}))
        .await;
    let mut tasks = Vec::new();
    for client in 0..CLIENTS {
        let s = Arc::clone(&s);
        let token = token.clone();
        let gandi_ids = gandi_ids.clone();
        tasks.push(tokio::spawn(async move {
            let mut created = Vec::new();
            let mut cancelled = Vec::new();
            for i in 0..PER_CLIENT {
                let domain = format!("c{client}-{i}.fr");
                let (status, op) = s
                    .netim(
                        "POST",
                        &format!("domain/{domain}/"),
                        Some(&token),
                        Some(domain_create_body()),
                    )
                    .await;
                assert_eq!(status, 200, "{op}");
                created.push(op["ID_OPE"].as_i64().unwrap());
                // Two clients race for every Gandi operation: client c and c+1 (mod N).
                for target in [client, (client + 1) % CLIENTS] {
                    let id = gandi_ids[target * PER_CLIENT + i];
                    let r = s
                        .gandi::<OperationCancel>(&OperationCancelParams {
                            apikey: s.key(),
                            operation: id,
                        })
                        .await;
                    if r.is_ok() {
                        cancelled.push(id);
                    }
                }
                if client == 0 && i % 3 == 0 {
                    s.advance(45).await;
                }
            }
            (created, cancelled)
        }));
    }
    let mut created = Vec::new();
    let mut cancelled = Vec::new();
    for t in tasks {
        let (c, k) = t.await.unwrap();
        created.extend(c);
        cancelled.extend(k);
    }
    created.sort_unstable();
    created.dedup();
    assert_eq!(
        created.len(),
        CLIENTS * PER_CLIENT,
        "every create made one operation"
    );
    let mut once = cancelled.clone();
    once.sort_unstable();
    once.dedup();
    assert_eq!(
        once.len(),
        cancelled.len(),
        "no operation was cancelled twice"
    );
    s.advance(3600).await;
    for id in gandi_ids.iter().chain(&created) {
        check_history(&s, *id).await;
    }
    // Every Gandi operation either was cancelled (once) or ran to DONE.
    for id in &gandi_ids {
        let (_, v) = s
            .admin("GET", &format!("/operations/{id}"), serde_json::Value::Null)
            .await;
        let state = v["operation"]["state"].as_str().unwrap();
        assert_eq!(
            state == "CANCEL",
            cancelled.contains(id),
            "operation {id} in {state}"
        );
    }
    match Arc::try_unwrap(s) {
        Ok(s) => s.stop().await,
        Err(_) => panic!("clients still hold the server"),
    }
}
