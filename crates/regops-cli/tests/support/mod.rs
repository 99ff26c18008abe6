//! Real processes on loopback: a `regops sandbox` child and `regops` commands run against it.

#![allow(dead_code)]

pub mod proxy;

use std::io::{BufRead as _, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};

/// Every setting the commands read: removed from the children's environment so that the
/// caller's shell does not leak into a test.
pub const SETTINGS: &[&str] = &[
    "REGOPS_SANDBOX_URL",
    "REGOPS_GANDI_URL",
    "REGOPS_GANDI_API_KEY",
    "REGOPS_NETIM_URL",
    "REGOPS_NETIM_ID",
    "REGOPS_NETIM_SECRET",
    "REGOPS_ENDPOINT",
    "REGOPS_TRACKER_DB",
    "REGOPS_CONFIG",
];

/// A `regops sandbox --clock virtual --demo` child, killed when dropped.
pub struct Sandbox {
    child: Child,
    /// `http://127.0.0.1:PORT`.
    pub base: String,
    /// The `--demo` operations: (vendor, id, domain).
    pub demo: Vec<(String, i64, String)>,
    /// Everything it printed at start (credentials included: never shown by a test).
    pub banner: Vec<String>,
}

impl Sandbox {
    pub fn start(extra: &[&str]) -> Sandbox {
        let mut child = Command::new(env!("CARGO_BIN_EXE_regops"))
            .args([
                "sandbox",
                "--listen",
                "127.0.0.1:0",
                "--clock",
                "virtual",
                "--seed",
                "7",
                "--db",
                ":memory:",
                "--demo",
            ])
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("regops sandbox starts");
        let mut lines = BufReader::new(child.stdout.take().expect("stdout")).lines();
        let mut banner = Vec::new();
        let mut demo = Vec::new();
        // The banner is a bounded number of lines; the demo lines come last.
        for line in lines.by_ref().take(20) {
            let line = line.expect("a banner line");
            let words: Vec<&str> = line.split_whitespace().collect();
            if let [vendor @ ("gandi" | "netim"), id, domain] = words.as_slice() {
                demo.push((vendor.to_string(), id.parse().unwrap(), domain.to_string()));
            }
            banner.push(line);
            if demo.len() == 4 {
                break;
            }
        }
        assert_eq!(demo.len(), 4, "the demo operations are printed: {banner:?}");
        let base = banner[0]
            .split_whitespace()
            .find(|w| w.starts_with("http://"))
            .expect("the address is printed")
            .to_string();
        // Keep reading stdout so that the child never blocks on a full pipe.
        std::thread::spawn(move || for _ in lines {});
        Sandbox {
            child,
            base,
            demo,
            banner,
        }
    }

    /// The demo operation of `vendor` whose domain starts with `prefix`.
    pub fn demo_id(&self, vendor: &str, failing: bool) -> i64 {
        self.demo
            .iter()
            .find(|(v, _, d)| v == vendor && d.starts_with("fail") == failing)
            .map(|(_, id, _)| *id)
            .expect("a demo operation")
    }

    /// `POST /_sandbox/…` with a JSON body, from a test without a runtime.
    pub fn admin(&self, path: &str, body: serde_json::Value) -> serde_json::Value {
        runtime().block_on(self.post(path, body))
    }

    /// `GET /_sandbox/…`, from a test without a runtime.
    pub fn admin_get(&self, path: &str) -> serde_json::Value {
        runtime().block_on(self.get(path))
    }

    /// `POST /_sandbox/…` with a JSON body.
    pub async fn post(&self, path: &str, body: serde_json::Value) -> serde_json::Value {
        let url = format!("{}/_sandbox{path}", self.base);
        let response = http()
            .post(url)
            .json(&body)
            .send()
            .await
            .expect("admin call");
        response.json().await.expect("admin JSON")
    }

    /// `GET /_sandbox/…`.
    pub async fn get(&self, path: &str) -> serde_json::Value {
        let url = format!("{}/_sandbox{path}", self.base);
        http()
            .get(url)
            .send()
            .await
            .expect("admin call")
            .json()
            .await
            .expect("admin JSON")
    }

    /// The Gandi API key, Netim login and secret the sandbox was started with.
    pub async fn credentials(&self) -> (String, String, String) {
        let index = self.get("").await;
        let text = |v: &serde_json::Value| v.as_str().expect("a credential").to_string();
        (
            text(&index["gandi"]["apikey"]),
            text(&index["netim"]["login"]),
            text(&index["netim"]["secret"]),
        )
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

pub fn http() -> reqwest::Client {
    // reqwest has no default TLS provider in this workspace (see the root Cargo.toml).
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::new()
}

/// `regops ARGS` with only the given settings in its environment, in `dir`.
pub fn regops(dir: &Path, env: &[(&str, &str)], args: &[&str]) -> Output {
    command(dir, env, args).output().expect("regops runs")
}

pub fn command(dir: &Path, env: &[(&str, &str)], args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_regops"));
    command.current_dir(dir).args(args).stdin(Stdio::null());
    for key in SETTINGS {
        command.env_remove(key);
    }
    command.env_remove("RUST_LOG");
    for (key, value) in env {
        command.env(key, value);
    }
    command
}

/// Standard output as text; panics with standard error when the command failed unexpectedly.
pub fn stdout_of(output: &Output, expected_code: i32) -> String {
    assert_eq!(
        output.status.code(),
        Some(expected_code),
        "stdout: {}\nstderr: {}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout.clone()).expect("UTF-8 output")
}

/// Replaces the tracker's wall-clock timestamps (`2026-11-27T13:37:34.028Z`) by `[TIME]`.
pub fn scrub_times(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < bytes.len() {
        if is_time(&bytes[i..]) {
            out.push_str("[TIME]");
            i += 24;
        } else {
            let c = text[i..].chars().next().unwrap();
            out.push(c);
            i += c.len_utf8();
        }
    }
    out
}

fn is_time(b: &[u8]) -> bool {
    const SHAPE: &[u8] = b"dddd-dd-ddTdd:dd:dd.dddZ";
    b.len() >= SHAPE.len()
        && SHAPE.iter().zip(b).all(|(s, c)| match s {
            b'd' => c.is_ascii_digit(),
            other => other == c,
        })
}

/// A fresh directory for one test's tracker database and hook files.
pub fn workdir() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().to_path_buf();
    (dir, path)
}

/// `domainCreate` at Netim for `domain`, with the sandbox's contacts (owner `SO1`, the others
/// `SC2`), one name server and a one-year duration.
pub async fn netim_domain_create(
    netim: &regops_client::NetimClient,
    domain: &str,
) -> Result<regops_model::netim::OperationResponse, regops_client::Error> {
    use regops_client::NetimApi as _;
    let nameservers = [(
        "1".to_string(),
        regops_model::netim::Nameserver {
            name: "ns1.example.net".into(),
            extra_fields: Default::default(),
        },
    )];
    netim
        .domain_create(
            domain.into(),
            "SO1".into(),
            "SC2".into(),
            "SC2".into(),
            "SC2".into(),
            nameservers.into(),
            regops_model::IntOrDigits::from(1),
            None,
        )
        .await
}
