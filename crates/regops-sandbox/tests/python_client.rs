//! Python's `xmlrpc.client` calls every Gandi method of the sandbox and reads the results.
//! Python is on every machine of this project and on CI: a missing `python3` fails the test.

mod support;

use serde_json::{Value, json};
use support::start;

const SCRIPT: &str = r#"
import json, sys, xmlrpc.client
url, key, created, failed = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
api = xmlrpc.client.ServerProxy(url)
out = {}
info = api.operation.info(key, created)
out["info"] = {"id": info["id"], "step": info["step"], "type": info["type"],
               "date_created": str(info["date_created"]), "date_start": info["date_start"],
               "errortype": info["errortype"], "domain": info["params"]["domain"]}
out["count"] = api.operation.count(key)
out["count_filtered"] = api.operation.count(key, {"step": ["BILL", "WAIT", "RUN"]})
out["list"] = [op["id"] for op in api.operation.list(key, {"items_per_page": 2, "page": 0, "sort_by": "id"})]
out["cancel"] = api.operation.cancel(key, created)
out["relaunch"] = api.operation.relaunch(key, failed, {"authinfo": "new-code"})
out["after"] = {str(op["id"]): op["step"] for op in api.operation.list(key)}
try:
    api.operation.cancel(key, created)
    out["refused"] = None
except xmlrpc.client.Fault as f:
    out["refused"] = f.faultCode
print(json.dumps(out))
"#;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn python_xmlrpc_client_calls_every_gandi_method() {
    let s = start().await;
    let created = s
        .create(json!({"vendor": "gandi", "domain": "example.com"}))
        .await[0];
    let failed = s
        .create(json!({"vendor": "gandi", "domain": "fail-timeout.com", "state": "ERROR"}))
        .await[0];
    let url = format!("{}/xmlrpc/", s.base);
    let key = s.sandbox.credentials().gandi_api_key.clone();
    let out = tokio::task::spawn_blocking(move || {
        std::process::Command::new("python3")
            .args([
                "-c",
                SCRIPT,
                &url,
                &key,
                &created.to_string(),
                &failed.to_string(),
            ])
            .output()
            .expect("python3 must be installed (it is on every machine of this project and on CI)")
    })
    .await
    .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        v["info"],
        json!({"id": created, "step": "BILL", "type": "domain_create", "date_created": "20260101T00:00:00",
               "date_start": "", "errortype": null, "domain": "example.com"})
    );
    assert_eq!(v["count"], 2);
    assert_eq!(v["count_filtered"], 1);
    assert_eq!(v["list"], json!([created, failed]));
    assert_eq!(v["cancel"], true);
    assert_eq!(v["relaunch"], true);
    assert_eq!(
        v["after"],
        json!({created.to_string(): "CANCEL", failed.to_string(): "WAIT"})
    );
    assert_eq!(
        v["refused"], 510290,
        "a cancelled operation cannot be cancelled again"
    );
    s.stop().await;
}
