//! GandiClient against a Gandi-like server written with Python's `xmlrpc.server` (another
//! XML-RPC implementation, serving where it serves: `/RPC2`): every method of the schema, nil
//! members, `dateTime.iso8601` values, `x-` parameters, and faults decoded and classified.
//! Python is on every machine of this project and on CI: a missing `python3` fails the test.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

use regops_client::{Error, GandiApi, GandiClient};
use regops_model::gandi::{ErrorClass, OperationListOptions, RelaunchOperationParameters, Step};
use regops_model::{ApiKey, Nullable};

const KEY: &str = "python-gandi-key";

/// A Gandi-like `operation` module: two operations, one failed (with an `errortype`), one
/// running (its `errortype` and `last_error` nil, as Gandi sends them).
const SERVER: &str = r#"
import sys
from xmlrpc.client import DateTime, Fault
from xmlrpc.server import SimpleXMLRPCServer

KEY = sys.argv[1]
OPS = {
    41: {"id": 41, "type": "domain_create", "step": "ERROR", "session_id": 7, "source": "API",
         "date_created": DateTime("20261122T10:11:12"), "date_updated": DateTime("20261122T10:21:12"),
         "date_start": DateTime("20261122T10:12:00"), "eta": 0,
         "errortype": {"id": "duplicate", "type": "client_recoverable"},
         "last_error": "object exists", "infos": {"label": "example.ca", "product_action": "create",
         "product_name": "ca", "product_type": "domain", "quantity": 1, "extras": {}, "id": ""},
         "params": {"domain": "example.ca", "x-ca_legaltype": "CCO", "period": 1}},
    42: {"id": 42, "type": "domain_renew", "step": "RUN", "session_id": 7, "source": "API",
         "date_created": DateTime("20261122T11:00:00"), "date_updated": DateTime("20261122T11:05:00"),
         "date_start": "", "eta": 300, "errortype": None, "last_error": None,
         "infos": {"label": "example.com", "product_action": "renew", "product_name": "com",
                   "product_type": "domain", "quantity": 1, "extras": {}, "id": ""},
         "params": {"domain": "example.com", "duration": 1}},
}

def check(key):
    if key != KEY:
        raise Fault(510150, "Error on object : OBJECT_APIKEY (CAUSE_NOTFOUND) [Invalid API key]")

def find(key, op):
    check(key)
    if op not in OPS:
        raise Fault(510042, "Error on object : OBJECT_OPERATION (CAUSE_NOTFOUND) [unknown %d]" % op)
    return OPS[op]

def listed(key, opts=None):
    check(key)
    opts = opts or {}
    steps = opts.get("step")
    if isinstance(steps, str):
        steps = [steps]
    return [o for o in OPS.values() if not steps or o["step"] in steps]

def count(key, opts=None):
    return len(listed(key, opts))

def cancel(key, op):
    o = find(key, op)
    if o["step"] not in ("BILL", "WAIT"):
        raise Fault(510241, "Error on object : OBJECT_OPERATION (CAUSE_BADPARAMETER) [not cancellable]")
    return True

def relaunch(key, op, params=None):
    o = find(key, op)
    if o["step"] != "ERROR":
        raise Fault(510241, "Error on object : OBJECT_OPERATION (CAUSE_BADPARAMETER) [not relaunchable]")
    o["params"].update(params or {})
    o["step"] = "BILL"
    return True

server = SimpleXMLRPCServer(("127.0.0.1", 0), allow_none=True, logRequests=False)
for name, f in [("operation.info", find), ("operation.list", listed), ("operation.count", count),
                ("operation.cancel", cancel), ("operation.relaunch", relaunch)]:
    server.register_function(f, name)
print(server.server_address[1], flush=True)
server.serve_forever()
"#;

/// The Python server, killed when dropped.
struct PythonServer {
    child: Child,
    url: String,
}

impl PythonServer {
    fn start() -> Self {
        let mut child = Command::new("python3")
            .args(["-c", SERVER, KEY])
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("python3 must be installed (it is on every machine of this project and on CI)");
        let mut line = String::new();
        BufReader::new(child.stdout.take().expect("stdout"))
            .read_line(&mut line)
            .expect("the server prints its port");
        let port: u16 = line.trim().parse().expect("a port number");
        Self {
            child,
            url: format!("http://127.0.0.1:{port}/RPC2"),
        }
    }
}

impl Drop for PythonServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn client(server: &PythonServer, key: &str) -> GandiClient {
    GandiClient::new(&server.url, ApiKey::new(key)).unwrap()
}

#[tokio::test]
async fn every_method_of_a_python_gandi_server_decodes_into_the_model() {
    let server = PythonServer::start();
    let gandi = client(&server, KEY);
    assert_eq!(
        gandi.url(),
        server.url,
        "a path given is where the server answers"
    );

    let failed = gandi.operation_info(41).await.unwrap();
    assert_eq!((failed.id, &failed.step), (41, &Step::Error));
    assert_eq!(failed.date_created.to_string(), "2026-11-22T10:11:12");
    let Nullable::Value(errortype) = &failed.errortype else {
        panic!("{:?}", failed.errortype)
    };
    assert_eq!(errortype.r#type, Some(ErrorClass::ClientRecoverable));
    assert_eq!(
        failed.params.as_ref().unwrap()["x-ca_legaltype"].as_str(),
        Some("CCO")
    );

    // nil members stay nil (not absent), so writing the answer back gives Python's document.
    let running = gandi.operation_info(42).await.unwrap();
    assert_eq!(running.step, Step::Run);
    assert!(
        matches!(running.errortype, Nullable::Null),
        "{:?}",
        running.errortype
    );
    assert!(
        matches!(running.last_error, Nullable::Null),
        "{:?}",
        running.last_error
    );
    let json = serde_json::to_value(&running).unwrap();
    assert!(json["errortype"].is_null() && json.as_object().unwrap().contains_key("errortype"));

    assert_eq!(gandi.operation_count(None).await.unwrap(), 2);
    // Python's server also answers at `/`: a URL ending in `/` is posted to `/`.
    let root = server.url.trim_end_matches("RPC2");
    let at_root = GandiClient::new(root, ApiKey::new(KEY)).unwrap();
    assert_eq!(at_root.url(), root);
    assert_eq!(at_root.operation_count(None).await.unwrap(), 2);
    let errors: OperationListOptions =
        serde_json::from_value(serde_json::json!({"step": "ERROR"})).unwrap();
    let listed = gandi.operation_list(Some(errors.clone())).await.unwrap();
    assert_eq!(listed.iter().map(|o| o.id).collect::<Vec<_>>(), [41]);
    assert_eq!(gandi.operation_count(Some(errors)).await.unwrap(), 1);

    let fix: RelaunchOperationParameters =
        serde_json::from_value(serde_json::json!({"x-ca_legaltype": "CCT"})).unwrap();
    assert!(gandi.operation_relaunch(41, Some(fix)).await.unwrap());
    let relaunched = gandi.operation_info(41).await.unwrap();
    assert_eq!(relaunched.step, Step::Bill);
    assert_eq!(
        relaunched.params.as_ref().unwrap()["x-ca_legaltype"].as_str(),
        Some("CCT")
    );
    assert!(gandi.operation_cancel(41).await.unwrap());
}

#[tokio::test]
async fn python_faults_are_typed_and_classified_by_the_schema() {
    let server = PythonServer::start();

    let error = client(&server, "wrong key")
        .operation_info(41)
        .await
        .unwrap_err();
    let Error::Gandi { fault, method } = &error else {
        panic!("{error}")
    };
    assert_eq!((fault.code, *method), (510_150, "operation.info"));
    assert_eq!(error.gandi_class(), Some(ErrorClass::SupportRecoverable));
    assert!(!error.to_string().contains("wrong key"), "{error}");

    let gandi = client(&server, KEY);
    let error = gandi.operation_cancel(42).await.unwrap_err();
    assert_eq!(error.gandi_class(), Some(ErrorClass::Fatal), "{error}");
    let error = gandi.operation_info(999).await.unwrap_err();
    let Error::Gandi { fault, .. } = &error else {
        panic!("{error}")
    };
    assert_eq!(fault.code, 510_042);
}
