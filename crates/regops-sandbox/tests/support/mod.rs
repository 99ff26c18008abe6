//! A sandbox served on a loopback port for the length of a test, and plain HTTP helpers.
#![allow(dead_code, reason = "each test file uses a part of the helpers")]

use std::sync::Arc;

use regops_model::{ApiKey, Method};
use regops_sandbox::{ClockMode, Config, Sandbox};
use regops_xmlrpc::{ErrorKind, Fault};
use serde_json::{Value, json};

/// A running sandbox.
pub struct Server {
    pub base: String,
    pub sandbox: Arc<Sandbox>,
    pub http: reqwest::Client,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    task: Option<tokio::task::JoinHandle<std::io::Result<()>>>,
}

/// A virtual-clock sandbox on `:memory:`.
pub async fn start() -> Server {
    start_with(Config {
        clock: ClockMode::Virtual,
        seed: Some(1),
        ..Config::default()
    })
    .await
}

pub async fn start_with(config: Config) -> Server {
    let sandbox = Sandbox::open(config).expect("sandbox opens");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let task = tokio::spawn(regops_sandbox::http::serve(
        Arc::clone(&sandbox),
        listener,
        async {
            let _ = stopped.await;
        },
    ));
    // reqwest has no default TLS provider in this workspace (see the root Cargo.toml).
    let _ = rustls::crypto::ring::default_provider().install_default();
    Server {
        base,
        sandbox,
        http: reqwest::Client::builder()
            .timeout(std::time::Duration::from_secs(20))
            .build()
            .unwrap(),
        stop: Some(stop),
        task: Some(task),
    }
}

impl Server {
    pub fn key(&self) -> ApiKey {
        ApiKey::new(self.sandbox.credentials().gandi_api_key.clone())
    }

    /// Stops the server and waits for it (graceful shutdown).
    pub async fn stop(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            task.await.unwrap().unwrap();
        }
    }

    /// Posts raw bytes to Gandi's endpoint; gives the status and body.
    pub async fn gandi_raw(&self, body: Vec<u8>) -> (u16, String) {
        let (status, bytes) = self.post_xml(body).await;
        (status, String::from_utf8_lossy(&bytes).into_owned())
    }

    async fn post_xml(&self, body: Vec<u8>) -> (u16, Vec<u8>) {
        let r = self
            .http
            .post(format!("{}/xmlrpc/", self.base))
            .header("content-type", "text/xml")
            .body(body)
            .send()
            .await
            .unwrap();
        (r.status().as_u16(), r.bytes().await.unwrap().to_vec())
    }

    /// Calls Gandi method `M` over HTTP.
    pub async fn gandi<M: Method>(&self, params: &M::Params) -> Result<M::Output, Fault> {
        let (status, bytes) = self
            .post_xml(regops_xmlrpc::write_method_call::<M>(params).unwrap())
            .await;
        assert_eq!(status, 200);
        match regops_xmlrpc::read_method_response::<M>(&bytes) {
            Ok(out) => Ok(out),
            Err(e) => match e.kind() {
                ErrorKind::Fault(f) => Err(f.clone()),
                other => panic!(
                    "undecodable answer ({other}): {}",
                    String::from_utf8_lossy(&bytes)
                ),
            },
        }
    }

    /// An admin request.
    pub async fn admin(&self, method: &str, path: &str, body: Value) -> (u16, Value) {
        let url = format!("{}/_sandbox{path}", self.base);
        let req = match method {
            "GET" => self.http.get(url),
            _ => self.http.post(url).json(&body),
        };
        let r = req.send().await.unwrap();
        let status = r.status().as_u16();
        (status, r.json().await.unwrap_or(Value::Null))
    }

    /// Creates operations through the admin API; gives their ids.
    pub async fn create(&self, body: Value) -> Vec<i64> {
        let (status, v) = self.admin("POST", "/operations", body).await;
        assert_eq!(status, 200, "{v}");
        v["ids"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i.as_i64().unwrap())
            .collect()
    }

    /// Moves the virtual clock.
    pub async fn advance(&self, seconds: i64) {
        let (status, v) = self
            .admin("POST", "/clock/advance", json!({ "seconds": seconds }))
            .await;
        assert_eq!(status, 200, "{v}");
    }

    /// A Netim request with an optional bearer token and JSON body: status and JSON answer.
    pub async fn netim(
        &self,
        method: &str,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> (u16, Value) {
        let url = format!("{}/netim/3.0/{path}", self.base);
        let mut req = self
            .http
            .request(reqwest::Method::from_bytes(method.as_bytes()).unwrap(), url)
            .header("content-type", "application/json");
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        if let Some(b) = body {
            req = req.body(b.to_string());
        }
        let r = req.send().await.unwrap();
        let status = r.status().as_u16();
        let text = r.text().await.unwrap();
        (
            status,
            serde_json::from_str(&text).unwrap_or(Value::String(text)),
        )
    }

    /// Opens a Netim session; gives the token.
    pub async fn netim_session(&self) -> String {
        let c = self.sandbox.credentials();
        let r = self
            .http
            .post(format!("{}/netim/3.0/session/", self.base))
            .basic_auth(&c.netim_login, Some(&c.netim_secret))
            .header("content-type", "application/json")
            .body(r#"{"preferences": {"lang": "EN"}}"#)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status().as_u16(), 200);
        let v: Value = r.json().await.unwrap();
        v["access_token"].as_str().unwrap().to_string()
    }

    /// The history of an operation: (name, from, to) per transition.
    pub async fn history(&self, id: i64) -> Vec<(String, String, String)> {
        let (_, v) = self
            .admin("GET", &format!("/operations/{id}"), Value::Null)
            .await;
        v["history"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| {
                (
                    t["name"].as_str().unwrap().to_string(),
                    t["from"].as_str().unwrap().to_string(),
                    t["to"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    }
}

/// The body of a Netim `domainCreate` with the seeded contacts.
pub fn domain_create_body() -> Value {
    json!({
        "idOwner": "SO1", "idAdmin": "SC2", "idTech": "SC2", "idBilling": "SC2",
        "nameservers": { "1": { "name": "ns1.example.net" }, "2": { "name": "ns2.example.net" } },
        "duration": 1
    })
}
