//! Client benchmark: `operation.info` calls per second against the sandbox over loopback,
//! regops' `GandiClient` against Python's `xmlrpc.client.ServerProxy`, in the same run, with 1
//! and 16 concurrent callers.
//!
//! `cargo bench -p regops-client --bench operation_info` (`-- --seconds 3`).
//!
//! Both clients call the same sandbox (a child process: this binary in serving mode) for the
//! same operations, over keep-alive connections, and decode every answer: regops into the
//! typed model, Python into dicts. Python's 16 callers are threads, one `ServerProxy` each.
//! Rounds alternate the clients; the best round of each counts (the machine is shared).

use std::io::{BufRead as _, BufReader, Write as _};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use regops_client::{ClientOptions, GandiApi, GandiClient, Transport as _};
use regops_model::ApiKey;
use regops_sandbox::{ClockMode, Config, Credentials, Sandbox};

const PYTHON_CLIENT: &str = r#"
import sys, threading, time, xmlrpc.client
url, key, seconds, callers, first, count = sys.argv[1], sys.argv[2], float(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6])
done = [0] * callers
def call(n):
    proxy = xmlrpc.client.ServerProxy(url)
    assert proxy.operation.info(key, first)["id"] == first
    stop = time.monotonic() + seconds
    i = n
    while time.monotonic() < stop:
        op = proxy.operation.info(key, first + i % count)
        assert op["id"] == first + i % count
        i += callers
        done[n] += 1
start, cpu = time.monotonic(), time.process_time()
threads = [threading.Thread(target=call, args=(n,)) for n in range(callers)]
for t in threads: t.start()
for t in threads: t.join()
print(sum(done) / (time.monotonic() - start), (time.process_time() - cpu) / sum(done))
"#;

/// Operations created in the sandbox, and asked for in turn.
const OPERATIONS: i64 = 1000;
const ROUNDS: usize = 2;

fn seconds() -> f64 {
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        if arg == "--seconds" {
            return args.next().and_then(|v| v.parse().ok()).unwrap_or(3.0);
        }
    }
    3.0
}

fn main() {
    if std::env::var_os("REGOPS_BENCH_SANDBOX").is_some() {
        serve();
        return;
    }
    let seconds = seconds();
    let (_sandbox, addr) = spawn_sandbox();
    let url = format!("http://{addr}");
    let key = Credentials::from_seed(1).gandi_api_key;
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let first = rt.block_on(fill(&url));
    let client =
        GandiClient::with_options(&url, ApiKey::new(key.clone()), ClientOptions::default())
            .unwrap();
    let python = python3();

    println!(
        "\n| callers | regops GandiClient calls/s | Python xmlrpc.client calls/s | ratio | regops client CPU µs/call | Python client CPU µs/call | ratio |"
    );
    println!("|---|---|---|---|---|---|---|");
    for callers in [1, 16] {
        let (mut ours, mut theirs) = (Run::default(), Run::default());
        for _ in 0..ROUNDS {
            ours = ours.best(rt.block_on(regops(&client, callers, first, seconds)));
            theirs = theirs.best(python_calls(&python, &url, &key, callers, first, seconds));
        }
        println!(
            "| {callers} | {:.0} | {:.0} | {:.1}× | {:.1} | {:.1} | {:.1}× |",
            ours.calls_per_second,
            theirs.calls_per_second,
            ours.calls_per_second / theirs.calls_per_second,
            ours.cpu_per_call * 1e6,
            theirs.cpu_per_call * 1e6,
            theirs.cpu_per_call / ours.cpu_per_call,
        );
    }
}

/// One client's round: calls per second, and the client process's CPU seconds per call (the
/// sandbox is another process, so this is the client's own cost).
#[derive(Debug, Clone, Copy, Default)]
struct Run {
    calls_per_second: f64,
    cpu_per_call: f64,
}

impl Run {
    /// The faster round, and the lower CPU cost seen.
    fn best(self, other: Run) -> Run {
        Run {
            calls_per_second: self.calls_per_second.max(other.calls_per_second),
            cpu_per_call: if self.cpu_per_call == 0.0 {
                other.cpu_per_call
            } else {
                self.cpu_per_call.min(other.cpu_per_call)
            },
        }
    }
}

/// CPU seconds (user + system) this process has used, from `/proc/self/stat`.
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // Fields after the command name (which is in parentheses): utime and stime are 14 and 15.
    let fields: Vec<&str> = stat
        .rsplit_once(')')
        .map_or("", |(_, rest)| rest)
        .split_whitespace()
        .collect();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|f| f.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    // Fields counted from the state (field 3) at index 0; clock ticks are 100 per second.
    (ticks(11) + ticks(12)) / 100.0
}

/// `callers` tasks calling `operation.info` on the operations in turn for `seconds`.
async fn regops(client: &GandiClient, callers: usize, first: i64, seconds: f64) -> Run {
    let done = Arc::new(AtomicU64::new(0));
    let cpu = cpu_seconds();
    let start = Instant::now();
    let stop = start + Duration::from_secs_f64(seconds);
    let mut tasks = Vec::new();
    for n in 0..callers {
        let (client, done) = (client.clone(), done.clone());
        tasks.push(tokio::spawn(async move {
            let mut i = n as i64;
            while Instant::now() < stop {
                let id = first + i % OPERATIONS;
                let op = client.operation_info(id).await.unwrap();
                assert_eq!(op.id, id);
                i += callers as i64;
                done.fetch_add(1, Ordering::Relaxed);
            }
        }));
    }
    for task in tasks {
        task.await.unwrap();
    }
    let calls = done.load(Ordering::Relaxed) as f64;
    Run {
        calls_per_second: calls / start.elapsed().as_secs_f64(),
        cpu_per_call: (cpu_seconds() - cpu) / calls,
    }
}

fn python_calls(
    python: &str,
    url: &str,
    key: &str,
    callers: usize,
    first: i64,
    seconds: f64,
) -> Run {
    let output = Command::new(python)
        .args([
            "-c",
            PYTHON_CLIENT,
            &format!("{url}/xmlrpc/"),
            key,
            &seconds.to_string(),
            &callers.to_string(),
            &first.to_string(),
            &OPERATIONS.to_string(),
        ])
        .output()
        .expect("python3 runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let text = String::from_utf8_lossy(&output.stdout);
    let mut numbers = text.split_whitespace().map(|n| n.parse::<f64>().unwrap());
    Run {
        calls_per_second: numbers.next().unwrap(),
        cpu_per_call: numbers.next().unwrap(),
    }
}

fn python3() -> String {
    std::env::var("PYTHON").unwrap_or_else(|_| "python3".into())
}

/// Creates the operations (through the admin API) and gives the first id.
async fn fill(url: &str) -> i64 {
    // The client crate's own transport carries the admin call too.
    use regops_client::transport::{Header, HttpRequest, ResponseBody as _, Verb};
    let transport = regops_client::ReqwestTransport::new(Duration::from_secs(5)).unwrap();
    let body = serde_json::json!({"vendor": "gandi", "domain": "example.com", "count": OPERATIONS});
    let mut response = transport
        .send(HttpRequest {
            verb: Verb::Post,
            url: format!("{url}/_sandbox/operations"),
            headers: vec![Header::new("content-type", "application/json")],
            body: serde_json::to_vec(&body).unwrap().into(),
        })
        .await
        .unwrap();
    assert_eq!(response.status, 200);
    let mut bytes = Vec::new();
    while let Some(chunk) = response.body.chunk().await.unwrap() {
        bytes.extend_from_slice(&chunk);
    }
    let answer: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    let ids = answer["ids"].as_array().expect("created operations");
    let first = ids.iter().filter_map(|id| id.as_i64()).min().unwrap();
    assert_eq!(ids.len() as i64, OPERATIONS);
    first
}

/// Serving mode: a sandbox on an in-memory store, its address on stdout, until killed.
fn serve() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let sandbox = Sandbox::open(Config {
            db: ":memory:".into(),
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

fn spawn_sandbox() -> (Reaped, String) {
    let mut child = Command::new(std::env::current_exe().unwrap())
        .env("REGOPS_BENCH_SANDBOX", "1")
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut addr = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut addr)
        .unwrap();
    (Reaped(child), addr.trim().to_string())
}

/// A child process killed when dropped.
struct Reaped(Child);

impl Drop for Reaped {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}
