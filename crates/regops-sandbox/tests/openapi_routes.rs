//! The routes of the generated OpenAPI document of Netim (`schema/openapi/netim.json`) against
//! the running sandbox: every path and verb it lists is served (routed to a method: the answer
//! is not a "no route" 404 nor a 405), and the sandbox serves no Netim route it does not list.

mod support;

use serde_json::{Value, json};
use support::start;

fn sample(segment: &str) -> &str {
    match segment {
        "{idOpe}" => "1",
        "{domain}" => "example.fr",
        "{idContact}" => "SO1",
        "{host}" => "ns1.example.fr",
        other => other,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_openapi_route_is_served() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../schema/openapi/netim.json"
    );
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let s = start().await;
    // An operation and a domain exist, so routes that find them answer with their data.
    s.create(json!({"vendor": "netim", "domain": "example.fr"}))
        .await;
    let token = s.netim_session().await;
    let mut served = 0;
    for (template, verbs) in doc["paths"].as_object().unwrap() {
        let concrete: Vec<&str> = template.split('/').map(sample).collect();
        let concrete = concrete.join("/");
        for verb in verbs.as_object().unwrap().keys() {
            let verb = verb.to_ascii_uppercase();
            let (status, v) = s
                .netim(
                    &verb,
                    concrete.trim_start_matches('/'),
                    Some(&token),
                    Some(json!({})),
                )
                .await;
            let message = v["message"].as_str().unwrap_or_default();
            assert!(
                status != 405 && !(status == 404 && message.starts_with("no route")),
                "{verb} {template}: {status} {v}"
            );
            served += 1;
        }
    }
    assert_eq!(served, 19, "the document lists every Netim method");
    // A route outside the document is not served.
    let (status, _) = s.netim("GET", "nowhere/", Some(&token), None).await;
    assert_eq!(status, 404);
    s.stop().await;
}
