//! NetimClient against a real HTTP server on loopback: the session (opened on first use,
//! shared, reopened once on 401, closed on request and on drop), typed calls, faults, secrets.

mod support;

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use base64::Engine as _;
use regops_client::{Error, NetimApi, NetimClient, Secret};
use regops_model::netim::{OperationStatus, QueryOpe, QueryOpeParams, SessionClose};
use support::{Recorded, Reply, Server, capture_logs, fast_options};

const LOGIN: &str = "NR1";
const SECRET: &str = "netim-s3cr3t-password";

/// A Netim: sessions `tok-1`, `tok-2`, …; `GET operation/{id}` answers it Pending; creating a
/// domain answers a new operation; a bearer token it did not issue (or has closed) is a 401.
#[derive(Clone, Default)]
struct Netim {
    issued: Arc<AtomicU64>,
    open: Arc<Mutex<Vec<String>>>,
}

impl Netim {
    fn handle(&self, request: &Recorded) -> Reply {
        let path = request.path.trim_start_matches("/3.0/");
        let auth = request.header("authorization").unwrap_or("");
        if path == "session/" && request.verb == "POST" {
            let expected = format!(
                "Basic {}",
                base64::engine::general_purpose::STANDARD.encode(format!("{LOGIN}:{SECRET}"))
            );
            if auth != expected {
                return Reply::json(401, r#"{"message":"bad credentials"}"#);
            }
            let token = format!("tok-{}", self.issued.fetch_add(1, Ordering::SeqCst) + 1);
            self.open.lock().unwrap().push(token.clone());
            return Reply::json(200, &format!(r#"{{"access_token":"{token}"}}"#));
        }
        let token = auth.strip_prefix("Bearer ").unwrap_or("").to_string();
        let mut open = self.open.lock().unwrap();
        let Some(index) = open.iter().position(|t| *t == token) else {
            return Reply::json(401, r#"{"message":"session expired"}"#);
        };
        match (request.verb.as_str(), path) {
            ("DELETE", "session/") => {
                open.remove(index);
                Reply::json(200, "null")
            }
            ("GET", p) if p.starts_with("operation/") => {
                let id = p.trim_start_matches("operation/");
                Reply::json(
                    200,
                    &format!(
                        r#"{{"ID_OPE":{id},"STATUS":"Pending","TYPE":"domainCreate","DATA":"example.fr"}}"#
                    ),
                )
            }
            ("POST", p) if p.starts_with("domain/") => Reply::json(
                200,
                r#"{"ID_OPE":5001,"STATUS":"Pending","TYPE":"domainCreate"}"#,
            ),
            _ => Reply::json(404, r#"{"message":"no route"}"#),
        }
    }

    fn open_sessions(&self) -> usize {
        self.open.lock().unwrap().len()
    }
}

async fn start() -> (Server, Netim) {
    let netim = Netim::default();
    let handler = netim.clone();
    (Server::start(move |r| handler.handle(r)).await, netim)
}

fn netim_client(server: &Server, attempts: u32) -> NetimClient {
    NetimClient::with_options(
        &server.url(),
        LOGIN,
        Secret::new(SECRET),
        fast_options(attempts),
    )
    .unwrap()
}

fn nameservers() -> std::collections::BTreeMap<String, regops_model::netim::Nameserver> {
    [(
        "1".to_string(),
        regops_model::netim::Nameserver {
            name: "ns1.example.net".into(),
            extra_fields: Default::default(),
        },
    )]
    .into()
}

async fn create(client: &NetimClient) -> Result<regops_model::netim::OperationResponse, Error> {
    client
        .domain_create(
            "example.fr".into(),
            "SO1".into(),
            "SC2".into(),
            "SC2".into(),
            "SC2".into(),
            nameservers(),
            regops_model::IntOrDigits::from(1),
            None,
        )
        .await
}

#[tokio::test]
async fn the_first_call_opens_one_session_that_every_call_shares() {
    let (server, netim) = start().await;
    let client = netim_client(&server, 3);
    assert!(!client.has_session().await);
    let (a, b, c) = tokio::join!(
        client.query_ope(1),
        client.query_ope(2),
        client.query_ope(3)
    );
    assert_eq!(a.unwrap().status, OperationStatus::Pending);
    assert_eq!((b.unwrap().id_ope, c.unwrap().id_ope), (2, 3));
    assert_eq!(
        server.count("POST", "/3.0/session/"),
        1,
        "one session for all"
    );
    assert_eq!(client.sessions_opened(), 1);

    let open = &server.requests()[0];
    assert_eq!(open.header("accept-language"), Some("EN"));
    assert_eq!(open.body_text(), r#"{"preferences":{"lang":"EN"}}"#);
    let query = server
        .requests()
        .into_iter()
        .find(|r| r.path == "/3.0/operation/1")
        .unwrap();
    assert_eq!(query.verb, "GET");
    assert_eq!(query.header("authorization"), Some("Bearer tok-1"));
    assert_eq!(query.header("content-type"), Some("application/json"));

    // The generic form.
    let op = client
        .call::<QueryOpe>(QueryOpeParams { id_ope: 9 })
        .await
        .unwrap();
    assert_eq!(op.id_ope, 9);
    client.close().await.unwrap();
    assert_eq!(netim.open_sessions(), 0);
}

#[tokio::test]
async fn a_401_reopens_the_session_once() {
    let (server, netim) = start().await;
    let client = netim_client(&server, 3);
    client.query_ope(1).await.unwrap();
    netim.open.lock().unwrap().clear(); // the session expires server-side
    let op = client.query_ope(2).await.unwrap();
    assert_eq!(op.id_ope, 2);
    assert_eq!(server.count("POST", "/3.0/session/"), 2);
    assert_eq!(client.sessions_opened(), 2);

    // A server that refuses every token: one reopen, then the 401 surfaces (no loop).
    let (server, _) = start().await;
    let client = netim_client(&server, 3);
    server.script([
        Reply::json(200, r#"{"access_token":"unknown-1"}"#),
        Reply::json(401, r#"{"message":"session expired"}"#),
        Reply::json(200, r#"{"access_token":"unknown-2"}"#),
        Reply::json(401, r#"{"message":"session expired"}"#),
    ]);
    let error = client.query_ope(3).await.unwrap_err();
    assert!(
        matches!(&error, Error::Netim { status: 401, message, .. } if message == "session expired"),
        "{error}"
    );
    assert_eq!(server.requests().len(), 4);

    // A change refused with 401 was not acted on: it goes again on the new session, once.
    let (server, netim) = start().await;
    let client = netim_client(&server, 3);
    client.query_ope(1).await.unwrap();
    netim.open.lock().unwrap().clear();
    assert_eq!(create(&client).await.unwrap().id_ope, 5001);
    assert_eq!(server.count("POST", "/3.0/domain/example.fr/"), 2);
}

#[tokio::test]
async fn bad_credentials_are_a_netim_error_naming_the_method() {
    let (server, _) = start().await;
    let client = NetimClient::with_options(
        &server.url(),
        LOGIN,
        Secret::new("wrong-password"),
        fast_options(3),
    )
    .unwrap();
    let error = client.query_ope(1).await.unwrap_err();
    assert_eq!(error.method(), Some("sessionOpen"));
    assert_eq!(error.status(), Some(401));
    assert_eq!(server.requests().len(), 1, "opening is not repeated");
}

#[tokio::test]
async fn close_ends_the_session_and_takes_401_as_closed() {
    let (server, netim) = start().await;
    let client = netim_client(&server, 3);
    client.query_ope(1).await.unwrap();
    client.close().await.unwrap();
    assert!(!client.has_session().await);
    assert_eq!(netim.open_sessions(), 0);
    let close = server
        .requests()
        .into_iter()
        .find(|r| r.verb == "DELETE")
        .unwrap();
    assert_eq!(close.path, "/3.0/session/");
    assert_eq!(close.header("authorization"), Some("Bearer tok-1"));
    client.close().await.unwrap(); // nothing open: nothing sent
    assert_eq!(server.count("DELETE", "/3.0/session/"), 1);

    // The session already expired: the close is answered 401, which means closed too.
    client.query_ope(2).await.unwrap();
    netim.open.lock().unwrap().clear();
    client.close().await.unwrap();
    assert_eq!(server.count("DELETE", "/3.0/session/"), 2);

    // `call::<SessionClose>` is the same close.
    client.query_ope(3).await.unwrap();
    client
        .call::<SessionClose>(Default::default())
        .await
        .unwrap();
    assert_eq!(netim.open_sessions(), 0);
}

#[tokio::test]
async fn dropping_the_last_clone_closes_the_session() {
    let (server, netim) = start().await;
    let client = netim_client(&server, 3);
    let clone = client.clone();
    clone.query_ope(1).await.unwrap();
    drop(clone);
    assert_eq!(netim.open_sessions(), 1, "a clone is still alive");
    drop(client);
    assert!(
        server
            .wait_for(|requests| requests.iter().any(|r| r.verb == "DELETE"))
            .await,
        "the drop closes the session"
    );
    assert!(
        server.wait_for(|_| netim.open_sessions() == 0).await,
        "no session left open"
    );
}

#[tokio::test]
async fn a_create_is_sent_once_whatever_happens_after_it_left() {
    for reply in [
        Reply::json(503, r#"{"message":"busy"}"#),
        Reply::json(429, r#"{"message":"slow down"}"#).with_header("Retry-After", "1"),
        Reply::json(200, r#"{"ID_OPE":5001}"#).after(Duration::from_millis(900)),
        Reply::Close,
        Reply::CloseMidBody {
            status: 200,
            body: br#"{"ID_OPE":50"#.to_vec(),
            claimed: 300,
        },
    ] {
        let (server, _) = start().await;
        let client = netim_client(&server, 4);
        client.query_ope(1).await.unwrap(); // the session is open
        server.script([reply.clone()]);
        let error = create(&client).await.unwrap_err();
        assert_eq!(
            server.count("POST", "/3.0/domain/example.fr/"),
            1,
            "{reply:?} gave {error}: domainCreate was sent again"
        );
    }
}

#[tokio::test]
async fn reads_are_retried_through_rate_limits_and_outages() {
    let (server, _) = start().await;
    let client = netim_client(&server, 4);
    client.query_ope(1).await.unwrap();
    server.script([
        Reply::json(429, r#"{"message":"too many requests"}"#).with_header("Retry-After", "0"),
        Reply::json(503, r#"{"message":"maintenance"}"#),
        Reply::CloseMidBody {
            status: 200,
            body: br#"{"ID_OPE":"#.to_vec(),
            claimed: 200,
        },
    ]);
    assert_eq!(client.query_ope(2).await.unwrap().id_ope, 2);
    assert_eq!(server.count("GET", "/3.0/operation/2"), 4);

    // Bounded: an API that stays down gives its error after the last attempt.
    let (server, _) = start().await;
    let client = netim_client(&server, 3);
    client.query_ope(1).await.unwrap();
    server.script(std::iter::repeat_n(
        Reply::json(503, r#"{"message":"maintenance"}"#),
        10,
    ));
    let error = client.query_ope(2).await.unwrap_err();
    assert!(
        matches!(&error, Error::Netim { status: 503, message, .. } if message == "maintenance"),
        "{error}"
    );
    assert_eq!(server.count("GET", "/3.0/operation/2"), 3);
}

#[tokio::test]
async fn secrets_never_show_in_debug_errors_or_logs() {
    let (logs, _guard) = capture_logs();
    let (server, _) = start().await;
    let client = netim_client(&server, 2);
    client.query_ope(1).await.unwrap();
    // A server echoing the token and the secret in its message.
    server.script([Reply::json(
        400,
        &format!(r#"{{"message":"token tok-1 and {SECRET} refused"}}"#),
    )]);
    let error = client.query_ope(2).await.unwrap_err();
    let shown = format!("{error} {error:?} {client:?}");
    for secret in [SECRET, "tok-1"] {
        assert!(!shown.contains(secret), "{shown}");
    }
    assert!(
        shown.contains("token <redacted> and <redacted> refused"),
        "{shown}"
    );
    let basic = base64::engine::general_purpose::STANDARD.encode(format!("{LOGIN}:{SECRET}"));
    let logs = String::from_utf8(logs.lock().unwrap().clone()).unwrap();
    for secret in [SECRET, "tok-1", basic.as_str()] {
        assert!(!logs.contains(secret), "{secret} in {logs}");
    }
    assert!(logs.contains("vendor=\"netim\""), "{logs}");
    assert!(logs.contains("tracking_number=2"), "{logs}");
    client.close().await.unwrap();
}
