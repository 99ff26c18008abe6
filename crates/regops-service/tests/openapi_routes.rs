//! `schema/openapi/netim.json` and the generated dispatch describe the same API: every path and
//! verb of the document is routed by `netim::route` to the operation it names, with the same
//! path parameters, body members and credentials, and every route is in the document.

use std::collections::BTreeSet;
use std::path::Path;

use regops_service::netim;
use regops_service::rest::{Auth, RouteMatch, split_path};
use serde_json::Value as Json;

fn document() -> Json {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../schema/openapi/netim.json");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap()
}

/// A concrete path for a template: integers become `7`, anything else `example.com`.
fn concrete(template: &str, operation: &Json) -> String {
    let mut path = template.to_string();
    for parameter in operation["parameters"].as_array().into_iter().flatten() {
        let name = parameter["name"].as_str().unwrap();
        let value = if parameter["schema"]["type"] == "integer" {
            "7"
        } else {
            "example.com"
        };
        path = path.replace(&format!("{{{name}}}"), value);
    }
    assert!(
        !path.contains('{'),
        "{template}: a path parameter is not declared"
    );
    path
}

fn strings(value: &Json) -> BTreeSet<String> {
    value
        .as_array()
        .into_iter()
        .flatten()
        .map(|v| v.as_str().unwrap().to_string())
        .collect()
}

#[test]
fn every_operation_of_the_document_is_routed_to_itself() {
    let document = document();
    assert_eq!(
        document["servers"][0]["url"],
        netim::API.base.trim_end_matches('/')
    );
    let mut seen = BTreeSet::new();
    for (template, item) in document["paths"].as_object().unwrap() {
        for (verb, operation) in item.as_object().unwrap() {
            let verb = verb.to_uppercase();
            let id = operation["operationId"].as_str().unwrap();
            let path = concrete(template, operation);
            let segments = split_path(&path).unwrap();
            let segments: Vec<&str> = segments.iter().map(|s| s.as_ref()).collect();
            let RouteMatch::Found(index) = netim::route(&verb, &segments) else {
                panic!("{verb} {path} ({id}) is not routed by the dispatch");
            };
            let route = &netim::ROUTES[index];
            assert_eq!(route.method, id, "{verb} {template}");
            assert_eq!(format!("/{}", route.path), *template);
            assert_eq!(route.verb.as_str(), verb);
            let path_params: BTreeSet<String> = operation["parameters"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|p| p["name"].as_str().unwrap().to_string())
                .collect();
            let routed: BTreeSet<String> =
                route.path_params.iter().map(|p| p.to_string()).collect();
            assert_eq!(path_params, routed, "{id}: path parameters");
            let body = &operation["requestBody"]["content"]["application/json"]["schema"];
            let members: BTreeSet<String> = body["properties"]
                .as_object()
                .into_iter()
                .flatten()
                .map(|(k, _)| k.clone())
                .collect();
            let routed: BTreeSet<String> =
                route.body_params.iter().map(|p| p.name.into()).collect();
            assert_eq!(members, routed, "{id}: body members");
            let required: BTreeSet<String> = route
                .body_params
                .iter()
                .filter(|p| p.required)
                .map(|p| p.name.into())
                .collect();
            assert_eq!(
                strings(&body["required"]),
                required,
                "{id}: required members"
            );
            let scheme = operation["security"][0]
                .as_object()
                .and_then(|s| s.keys().next().cloned());
            let expected = match route.auth {
                Auth::None => None,
                Auth::Basic => Some("basic".to_string()),
                Auth::Bearer => Some("bearer".to_string()),
            };
            assert_eq!(scheme, expected, "{id}: security");
            assert!(seen.insert(id.to_string()), "{id} appears twice");
        }
    }
    let routed: BTreeSet<String> = netim::ROUTES.iter().map(|r| r.method.to_string()).collect();
    assert_eq!(
        seen, routed,
        "the document and the dispatch list the same operations"
    );
}

#[test]
fn the_router_refuses_what_the_document_does_not_have() {
    let document = document();
    for (template, item) in document["paths"].as_object().unwrap() {
        let operations = item.as_object().unwrap();
        let (_, any) = operations.iter().next().unwrap();
        let path = concrete(template, any);
        let segments = split_path(&path).unwrap();
        let segments: Vec<&str> = segments.iter().map(|s| s.as_ref()).collect();
        for verb in ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"] {
            let documented = operations.contains_key(&verb.to_lowercase());
            match netim::route(verb, &segments) {
                RouteMatch::Found(_) => {
                    assert!(documented, "{verb} {path} is routed but not documented")
                }
                RouteMatch::MethodNotAllowed(allow) => {
                    assert!(!documented, "{verb} {path}");
                    let allowed: BTreeSet<String> =
                        allow.iter().map(|v| v.as_str().to_lowercase()).collect();
                    let listed: BTreeSet<String> = operations.keys().cloned().collect();
                    assert!(
                        listed.is_subset(&allowed),
                        "{path}: Allow lists {allowed:?}"
                    );
                }
                RouteMatch::NotFound => panic!("{path} is documented but unknown to the router"),
            }
        }
    }
    assert_eq!(
        netim::route("GET", &["no", "such", "route"]),
        RouteMatch::NotFound
    );
}
