//! Load benchmark: `operation.info` and `operation.list` (100 items) requests per second over
//! loopback with 1 and 16 concurrent clients, the regops sandbox against Python's threaded
//! `xmlrpc.server` serving the same operations in the same run; then the peak memory (VmHWM)
//! of a sandbox process holding 1,000,000 operations.
//!
//! `cargo bench -p regops-sandbox --bench load` (`-- --seconds 3 --operations 1000000`).
//! Every server gets the same client: HTTP/1.1 connections (hyper), one per concurrent client,
//! kept alive when the server allows, the same request bytes. Python runs twice: as it comes
//! (`SimpleXMLRPCRequestHandler` speaks HTTP/1.0, a connection per request) and with its
//! handler set to HTTP/1.1 so it keeps connections, its fastest setting.

use std::io::{BufRead as _, BufReader, Write as _};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use http_body_util::{BodyExt as _, Full};
use hyper::body::Bytes;
use regops_model::ApiKey;
use regops_model::gandi::{
    OperationInfo, OperationInfoParams, OperationList, OperationListOptions, OperationListParams,
};
use regops_sandbox::{ClockMode, Config, Sandbox};
use serde_json::json;

const PYTHON_SERVER: &str = r#"
import sys, socketserver, xmlrpc.client
from xmlrpc.server import SimpleXMLRPCServer, SimpleXMLRPCRequestHandler
ops = xmlrpc.client.loads(open(sys.argv[1], "rb").read())[0][0]
by_id = {op["id"]: op for op in ops}
class Handler(SimpleXMLRPCRequestHandler):
    protocol_version = sys.argv[2]
    rpc_paths = ("/xmlrpc/",)
class Server(socketserver.ThreadingMixIn, SimpleXMLRPCServer):
    daemon_threads = True
server = Server(("127.0.0.1", 0), requestHandler=Handler, logRequests=False, allow_none=True)
def info(apikey, operation):
    return by_id[operation]
def list_(apikey, opts=None):
    opts = opts or {}
    per, page = opts.get("items_per_page", 100), opts.get("page", 0)
    return ops[page * per:(page + 1) * per]
server.register_function(info, "operation.info")
server.register_function(list_, "operation.list")
print(server.server_address[1], flush=True)
server.serve_forever()
"#;

struct Args {
    seconds: f64,
    operations: u32,
}

fn args() -> Args {
    let mut a = Args {
        seconds: 3.0,
        operations: 1_000_000,
    };
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--seconds" => a.seconds = it.next().and_then(|v| v.parse().ok()).unwrap_or(a.seconds),
            "--operations" => {
                a.operations = it
                    .next()
                    .and_then(|v| v.parse().ok())
                    .unwrap_or(a.operations)
            }
            _ => {} // cargo bench passes --bench
        }
    }
    a
}

fn main() {
    if let Ok(db) = std::env::var("REGOPS_BENCH_SERVE") {
        serve_only(&db);
        return;
    }
    let args = args();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(throughput(&args));
    memory(args.operations);
}

/// Child mode: a sandbox on `db`, its address on stdout, until killed.
fn serve_only(db: &str) {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let sandbox = Sandbox::open(Config {
            db: db.into(),
            clock: ClockMode::Virtual,
            seed: Some(1),
            ..Config::default()
        })
        .unwrap();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        println!("{}", listener.local_addr().unwrap());
        std::io::stdout().flush().unwrap();
        regops_sandbox::http::serve(sandbox, listener, std::future::pending())
            .await
            .unwrap();
    });
}

/// A sandbox in a child process (this binary, serving only), on a database in `dir`.
fn spawn_sandbox(dir: &std::path::Path, name: &str) -> (Reaped, String) {
    let mut child = Command::new(std::env::current_exe().unwrap())
        .env("REGOPS_BENCH_SERVE", dir.join(name))
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut addr = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut addr)
        .unwrap();
    (Reaped(child), addr.trim().to_string())
}

async fn admin(http: &reqwest::Client, addr: &str, path: &str, body: serde_json::Value) {
    let r = http
        .post(format!("http://{addr}/_sandbox{path}"))
        .json(&body)
        .timeout(Duration::from_secs(1800))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
}

async fn throughput(args: &Args) {
    let dir = tempfile::tempdir().unwrap();
    let (sandbox, regops_addr) = spawn_sandbox(dir.path(), "bench.db");
    let key = ApiKey::new(regops_sandbox::Credentials::from_seed(1).gandi_api_key);
    // reqwest has no default TLS provider in this workspace (see the root Cargo.toml).
    let _ = rustls::crypto::ring::default_provider().install_default();
    let http = reqwest::Client::new();
    admin(
        &http,
        &regops_addr,
        "/operations",
        json!({"vendor": "gandi", "domain": "example.com", "count": 1000}),
    )
    .await;
    admin(
        &http,
        &regops_addr,
        "/clock/advance",
        json!({"seconds": 120}),
    )
    .await; // a mix of steps
    admin(
        &http,
        &regops_addr,
        "/operations",
        json!({"vendor": "gandi", "domain": "fail-duplicate.com", "count": 200, "state": "ERROR"}),
    )
    .await;

    // The same operations for Python: the sandbox's own answer, as a document.
    let all = regops_xmlrpc::write_method_call::<OperationList>(&OperationListParams {
        apikey: key.clone(),
        opts: Some(OperationListOptions {
            items_per_page: Some(1000),
            ..Default::default()
        }),
    })
    .unwrap();
    let data = post(&regops_addr, Bytes::from(all)).await;
    let data_file = dir.path().join("operations.xml");
    std::fs::write(&data_file, &data).unwrap();
    let python = |protocol: &str| {
        let mut child = Command::new("python3")
            .args(["-c", PYTHON_SERVER, data_file.to_str().unwrap(), protocol])
            .stdout(Stdio::piped())
            .spawn()
            .expect("python3");
        let mut port = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut port)
            .unwrap();
        (Reaped(child), format!("127.0.0.1:{}", port.trim()))
    };
    let (_python_11, python_addr) = python("HTTP/1.1");
    let (_python_10, python_10_addr) = python("HTTP/1.0");

    let info = Bytes::from(
        regops_xmlrpc::write_method_call::<OperationInfo>(&OperationInfoParams {
            apikey: key.clone(),
            operation: 500,
        })
        .unwrap(),
    );
    let list = Bytes::from(
        regops_xmlrpc::write_method_call::<OperationList>(&OperationListParams {
            apikey: key.clone(),
            opts: Some(OperationListOptions {
                items_per_page: Some(100),
                page: Some(3),
                ..Default::default()
            }),
        })
        .unwrap(),
    );
    // The servers answer the same operations (equal once decoded into the model).
    let decode_info = |b: Bytes| regops_xmlrpc::read_method_response::<OperationInfo>(&b).unwrap();
    let decode_list = |b: Bytes| regops_xmlrpc::read_method_response::<OperationList>(&b).unwrap();
    let op = decode_info(post(&regops_addr, info.clone()).await);
    let page = decode_list(post(&regops_addr, list.clone()).await);
    assert_eq!(page.len(), 100);
    for addr in [&python_addr, &python_10_addr] {
        assert_eq!(op, decode_info(post(addr, info.clone()).await));
        assert_eq!(page, decode_list(post(addr, list.clone()).await));
    }
    let duration = Duration::from_secs_f64(args.seconds);
    println!(
        "\n| request | clients | regops req/s | Python keep-alive (HTTP/1.1) req/s | ratio | Python as it comes (HTTP/1.0) req/s | ratio |"
    );
    println!("|---|---|---|---|---|---|---|");
    for (name, body) in [
        ("operation.info", &info),
        ("operation.list (100 items)", &list),
    ] {
        for clients in [1, 16] {
            // Rounds alternate the servers; the best round of each counts (the machine is shared).
            let (mut ours, mut keep, mut plain) = (0f64, 0f64, 0f64);
            for _ in 0..ROUNDS {
                ours = ours.max(load(&regops_addr, body, clients, duration).await);
                keep = keep.max(load(&python_addr, body, clients, duration).await);
                plain = plain.max(load(&python_10_addr, body, clients, duration).await);
            }
            println!(
                "| {name} | {clients} | {ours:.0} | {keep:.0} | {:.1}× | {plain:.0} | {:.1}× |",
                ours / keep,
                ours / plain
            );
        }
    }
    drop(sandbox);
}

/// A child process killed when dropped, so that a failing benchmark leaves no server behind.
struct Reaped(Child);

impl Drop for Reaped {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Rounds per cell of the table.
const ROUNDS: usize = 2;

fn count_structs(body: &[u8]) -> usize {
    String::from_utf8_lossy(body)
        .matches("<name>id</name>")
        .count()
}

async fn connect(addr: &str) -> hyper::client::conn::http1::SendRequest<Full<Bytes>> {
    let stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    stream.set_nodelay(true).unwrap();
    let (sender, conn) =
        hyper::client::conn::http1::handshake(hyper_util::rt::TokioIo::new(stream))
            .await
            .unwrap();
    tokio::spawn(conn);
    sender
}

fn request(body: Bytes) -> hyper::Request<Full<Bytes>> {
    hyper::Request::post("/xmlrpc/")
        .header("host", "127.0.0.1")
        .header("content-type", "text/xml")
        .body(Full::new(body))
        .unwrap()
}

async fn post(addr: &str, body: Bytes) -> Bytes {
    let mut sender = connect(addr).await;
    let resp = sender.send_request(request(body)).await.unwrap();
    resp.into_body().collect().await.unwrap().to_bytes()
}

/// Requests per second of `clients` keep-alive connections sending `body` for `duration`.
async fn load(addr: &str, body: &Bytes, clients: usize, duration: Duration) -> f64 {
    let start = Instant::now();
    let stop = start + duration;
    let mut tasks = Vec::new();
    for _ in 0..clients {
        let addr = addr.to_string();
        let body = body.clone();
        tasks.push(tokio::spawn(async move {
            let mut sender = connect(&addr).await;
            let mut done = 0u64;
            while Instant::now() < stop {
                if sender.ready().await.is_err() {
                    sender = connect(&addr).await;
                }
                // A server that closes each connection (HTTP/1.0) may race a reuse: reconnect.
                let Ok(resp) = sender.send_request(request(body.clone())).await else {
                    sender = connect(&addr).await;
                    continue;
                };
                assert_eq!(resp.status(), 200);
                let bytes = resp.into_body().collect().await.unwrap().to_bytes();
                // A fault starts `<methodResponse><fault>`: the head tells.
                let head = &bytes[..bytes.len().min(64)];
                assert!(bytes.starts_with(b"<?xml") && !head.windows(7).any(|w| w == b"<fault>"));
                done += 1;
            }
            done
        }));
    }
    let mut total = 0;
    for t in tasks {
        total += t.await.unwrap();
    }
    total as f64 / start.elapsed().as_secs_f64()
}

/// Peak resident memory of a sandbox process holding `operations` operations.
fn memory(operations: u32) {
    let dir = tempfile::tempdir().unwrap();
    let (child, addr) = spawn_sandbox(dir.path(), "million.db");
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let started = Instant::now();
    rt.block_on(async {
        // reqwest has no default TLS provider in this workspace (see the root Cargo.toml).
        let _ = rustls::crypto::ring::default_provider().install_default();
        let http = reqwest::Client::new();
        admin(
            &http,
            &addr,
            "/operations",
            json!({"vendor": "gandi", "domain": "example.com", "count": operations}),
        )
        .await;
    });
    let filled = started.elapsed();
    // Serve from the full store: pages across it and point reads.
    rt.block_on(async {
        let key = ApiKey::new(regops_sandbox::Credentials::from_seed(1).gandi_api_key);
        for page in
            (0..i64::from(operations) / 100).step_by((operations as usize / 100 / 200).max(1))
        {
            let body = regops_xmlrpc::write_method_call::<OperationList>(&OperationListParams {
                apikey: key.clone(),
                opts: Some(OperationListOptions {
                    items_per_page: Some(100),
                    page: Some(page),
                    ..Default::default()
                }),
            })
            .unwrap();
            assert_eq!(count_structs(&post(&addr, Bytes::from(body)).await), 100);
        }
    });
    let status =
        std::fs::read_to_string(format!("/proc/{}/status", child.0.id())).unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find(|l| l.starts_with(name))
            .map(|l| l[name.len()..].trim().to_string())
            .unwrap_or_else(|| "n/a".into())
    };
    let size: u64 = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok()?.metadata().ok())
        .map(|m| m.len())
        .sum();
    println!(
        "\nsandbox holding {operations} operations: peak RSS (VmHWM) {}, RSS {}, database {:.0} MiB, filled in {:.1} s",
        field("VmHWM:"),
        field("VmRSS:"),
        size as f64 / 1048576.0,
        filled.as_secs_f64()
    );
}
