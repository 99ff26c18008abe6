//! GandiClient against a real HTTP server on loopback: typed calls, and every fault the
//! issue names (503, timeouts, rate limits with Retry-After, a connection closed mid-body)
//! with bounded retries and never a second operation.

mod support;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use regops_client::transport::{HttpRequest, HttpResponse, TransportErrorKind};
use regops_client::{
    ClientOptions, Error, GandiApi, GandiClient, ReqwestTransport, RetryPolicy, Transport,
    TransportError,
};
use regops_model::ApiKey;
use regops_model::gandi::{
    ErrorClass, OperationInfo, OperationInfoParams, OperationListReturn, Step,
};
use regops_xmlrpc::Fault;
use support::{Recorded, Reply, Server, capture_logs, fast_options};

const KEY: &str = "gandi-s3cr3t-api-key";

fn operation(id: i64, step: Step) -> OperationListReturn {
    // From JSON, so that members the schema adds later need no change here.
    serde_json::from_value(serde_json::json!({
        "id": id,
        "step": step.as_str(),
        "type": "domain_create",
        "date_created": "2026-01-15T10:00:00",
        "date_updated": "2026-01-15T10:00:00",
        "date_start": "",
    }))
    .unwrap()
}

/// A Gandi that answers `operation.info` with the operation asked for (RUN), cancels and
/// relaunches with `true`, and counts how often each method was called.
fn gandi(request: &Recorded) -> Reply {
    let (name, params) = regops_xmlrpc::read_call(&request.body).unwrap();
    let xml = match &*name {
        "operation.info" => {
            let params: OperationInfoParams = params.decode().unwrap();
            regops_xmlrpc::write_method_response::<OperationInfo>(&operation(
                params.operation,
                Step::Run,
            ))
            .unwrap()
        }
        "operation.list" => regops_xmlrpc::write_response(&vec![operation(1, Step::Bill)]).unwrap(),
        _ => regops_xmlrpc::write_response(&true).unwrap(),
    };
    Reply::ok("text/xml", xml)
}

fn fault(code: i32, string: &str) -> Reply {
    Reply::ok(
        "text/xml",
        regops_xmlrpc::write_fault(&Fault::new(code, string)),
    )
}

fn calls(server: &Server, method: &str) -> usize {
    let marker = format!("<methodName>{method}</methodName>");
    server
        .requests()
        .iter()
        .filter(|r| r.body_text().contains(&marker))
        .count()
}

fn client(server: &Server, attempts: u32) -> GandiClient {
    GandiClient::with_options(&server.url(), ApiKey::new(KEY), fast_options(attempts)).unwrap()
}

#[tokio::test]
async fn typed_calls_send_the_key_first_and_decode_the_model() {
    let server = Server::start(gandi).await;
    let client = client(&server, 4);
    assert_eq!(client.url(), format!("{}/xmlrpc/", server.url()));
    let op = client.operation_info(42).await.unwrap();
    assert_eq!((op.id, op.step), (42, Step::Run));
    assert!(client.operation_cancel(42).await.unwrap());
    let listed = client.operation_list(None).await.unwrap();
    assert_eq!(listed[0].step, Step::Bill);
    // The generic form, with the marker type.
    let op = client
        .call::<OperationInfo>(OperationInfoParams {
            apikey: client.api_key().clone(),
            operation: 7,
        })
        .await
        .unwrap();
    assert_eq!(op.id, 7);

    let first = &server.requests()[0];
    assert_eq!(
        (first.verb.as_str(), first.path.as_str()),
        ("POST", "/xmlrpc/")
    );
    assert_eq!(first.header("content-type"), Some("text/xml"));
    assert_eq!(first.header("user-agent"), Some(regops_client::USER_AGENT));
    let (name, params) = regops_xmlrpc::read_call(&first.body).unwrap();
    assert_eq!(name, "operation.info");
    let params: OperationInfoParams = params.decode().unwrap();
    assert_eq!((params.apikey.expose_secret(), params.operation), (KEY, 42));
}

#[tokio::test]
async fn a_read_is_retried_through_503_and_stops_at_the_bound() {
    let server = Server::start(gandi).await;
    server.script([Reply::status(503, "busy"), Reply::status(503, "busy")]);
    let op = client(&server, 4).operation_info(1).await.unwrap();
    assert_eq!(op.id, 1);
    assert_eq!(calls(&server, "operation.info"), 3);

    let server = Server::start(|_| Reply::status(503, "down for maintenance")).await;
    let error = client(&server, 3).operation_info(1).await.unwrap_err();
    assert!(
        matches!(error, Error::Status { status: 503, .. }),
        "{error}"
    );
    assert_eq!(
        calls(&server, "operation.info"),
        3,
        "exactly the bounded attempts"
    );
}

#[tokio::test]
async fn a_change_is_never_sent_twice_once_it_may_have_arrived() {
    // 503, a timeout, a connection closed before or during the answer: the server got the
    // request, so `operation.cancel` (effect "change" in the schema) is not repeated.
    let replies = [
        Reply::status(503, "busy"),
        gandi_true().after(Duration::from_millis(900)),
        Reply::Close,
        Reply::CloseMidBody {
            status: 200,
            body: b"<?xml version=\"1.0\"?><methodResp".to_vec(),
            claimed: 500,
        },
        fault(160_004, "Error on object : OBJECT_SERVICE (CAUSE_TOOMANY)"),
    ];
    for reply in replies {
        let server = Server::start(gandi).await;
        server.script([reply.clone()]);
        let error = client(&server, 4).operation_cancel(9).await.unwrap_err();
        assert_eq!(
            calls(&server, "operation.cancel"),
            1,
            "{reply:?} gave {error}: the cancel was sent again"
        );
        assert!(!error.never_sent(), "{error}");
    }
}

fn gandi_true() -> Reply {
    Reply::ok("text/xml", regops_xmlrpc::write_response(&true).unwrap())
}

#[tokio::test]
async fn a_read_survives_a_timeout_and_a_connection_closed_mid_body() {
    let server = Server::start(gandi).await;
    server.script([
        gandi_true().after(Duration::from_millis(900)), // past the 500 ms timeout
        Reply::CloseMidBody {
            status: 200,
            body: b"<?xml version=\"1.0\"?><methodResponse><params>".to_vec(),
            claimed: 4000,
        },
        Reply::Close,
    ]);
    let op = client(&server, 4).operation_info(5).await.unwrap();
    assert_eq!(op.id, 5);
    assert_eq!(calls(&server, "operation.info"), 4);
}

#[tokio::test]
async fn transport_errors_say_what_failed() {
    let server = Server::start(gandi).await;
    server.script([gandi_true().after(Duration::from_millis(900))]);
    let error = client(&server, 1).operation_info(5).await.unwrap_err();
    let Error::Transport { source, .. } = &error else {
        panic!("{error}")
    };
    assert_eq!(source.kind(), TransportErrorKind::Timeout);

    server.script([Reply::CloseMidBody {
        status: 200,
        body: b"<?xml".to_vec(),
        claimed: 100,
    }]);
    let error = client(&server, 1).operation_info(5).await.unwrap_err();
    let Error::Transport { source, .. } = &error else {
        panic!("{error}")
    };
    assert_eq!(source.kind(), TransportErrorKind::Body);
    assert!(std::error::Error::source(&error).is_some());
}

#[tokio::test]
async fn rate_limits_honour_retry_after() {
    let server = Server::start(gandi).await;
    server.script([Reply::status(429, "slow down").with_header("Retry-After", "1")]);
    let op = client(&server, 3).operation_info(3).await.unwrap();
    assert_eq!(op.id, 3);
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    let waited = requests[1].at - requests[0].at;
    assert!(waited >= Duration::from_secs(1), "waited {waited:?}");

    // Longer than the client waits: the error comes back at once, with the wait.
    server.script([Reply::status(429, "slow down").with_header("Retry-After", "300")]);
    let error = client(&server, 3).operation_info(3).await.unwrap_err();
    assert_eq!(error.retry_after(), Some(Duration::from_secs(300)));
    assert_eq!(server.requests().len(), 3);
}

#[tokio::test]
async fn faults_are_retried_by_their_schema_class() {
    // Temporary (server, service, toomany): retried.
    let server = Server::start(gandi).await;
    server.script([fault(
        160_004,
        "Error on object : OBJECT_SERVICE (CAUSE_TOOMANY)",
    )]);
    assert_eq!(client(&server, 3).operation_info(8).await.unwrap().id, 8);
    assert_eq!(calls(&server, "operation.info"), 2);

    // client_recoverable, support_recoverable, fatal, unknown: surfaced at once.
    for (code, class) in [
        (510_242, Some(ErrorClass::ClientRecoverable)),
        (510_150, Some(ErrorClass::SupportRecoverable)),
        (510_241, Some(ErrorClass::Fatal)),
        (500_000, Some(ErrorClass::Unknown)),
        (999, None),
    ] {
        let server = Server::start(gandi).await;
        server.script([fault(code, "Error on object : OBJECT_OPERATION (CAUSE_X)")]);
        let error = client(&server, 4).operation_info(8).await.unwrap_err();
        let Error::Gandi { fault, method } = &error else {
            panic!("{error}")
        };
        assert_eq!((fault.code, *method), (code, "operation.info"));
        assert_eq!(error.gandi_class(), class);
        assert_eq!(calls(&server, "operation.info"), 1, "{code}");
    }
}

#[tokio::test]
async fn answers_are_read_within_the_size_limit() {
    let server = Server::start(|_| Reply::Chunked { total: 100_000 }).await;
    let small = fast_options(1).max_body_bytes(10_000);
    let client = GandiClient::with_options(&server.url(), ApiKey::new(KEY), small).unwrap();
    let error = client.operation_info(1).await.unwrap_err();
    assert!(
        matches!(error, Error::TooLarge { limit: 10_000, .. }),
        "{error}"
    );

    let server = Server::start(|_| Reply::ok("text/xml", vec![b' '; 20_000])).await;
    let small = fast_options(1).max_body_bytes(10_000);
    let client = GandiClient::with_options(&server.url(), ApiKey::new(KEY), small).unwrap();
    let error = client.operation_info(1).await.unwrap_err();
    assert!(matches!(error, Error::TooLarge { .. }), "{error}");
}

#[tokio::test]
async fn malformed_answers_are_decode_errors_naming_the_place() {
    let server = Server::start(|_| Reply::ok("text/xml", b"<methodResponse><params><param><value><int>5</int></value></param></params></methodResponse>".to_vec())).await;
    let error = client(&server, 3).operation_info(1).await.unwrap_err();
    assert!(matches!(error, Error::Decode { .. }), "{error}");
    assert!(error.to_string().contains("line 1"), "{error}");
    assert_eq!(server.requests().len(), 1, "a decode error is not retried");
}

/// A transport that fails to connect the first `failures` times (the request never leaves),
/// then delegates.
struct FlakyConnect {
    inner: ReqwestTransport,
    failures: usize,
    sent: Arc<AtomicUsize>,
}

impl Transport for FlakyConnect {
    type Body = <ReqwestTransport as Transport>::Body;

    async fn send(&self, request: HttpRequest) -> Result<HttpResponse<Self::Body>, TransportError> {
        let n = self.sent.fetch_add(1, Ordering::SeqCst);
        if n < self.failures {
            return Err(TransportError::new(TransportErrorKind::Connect, "refused"));
        }
        self.inner.send(request).await
    }
}

#[tokio::test]
async fn a_change_is_retried_when_it_never_left() {
    let server = Server::start(gandi).await;
    let sent = Arc::new(AtomicUsize::new(0));
    let transport = FlakyConnect {
        inner: ReqwestTransport::new(Duration::from_secs(1)).unwrap(),
        failures: 2,
        sent: sent.clone(),
    };
    let client =
        GandiClient::with_transport(&server.url(), ApiKey::new(KEY), fast_options(4), transport)
            .unwrap();
    assert!(client.operation_relaunch(9, None).await.unwrap());
    assert_eq!(sent.load(Ordering::SeqCst), 3);
    assert_eq!(
        calls(&server, "operation.relaunch"),
        1,
        "one relaunch reached the server"
    );
}

#[tokio::test]
async fn a_refused_connection_proves_nothing_was_sent() {
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let client = GandiClient::with_options(
        &format!("http://127.0.0.1:{port}"),
        ApiKey::new(KEY),
        fast_options(2),
    )
    .unwrap();
    let error = client.operation_cancel(1).await.unwrap_err();
    assert!(error.never_sent(), "{error:?}");
    assert!(
        matches!(&error, Error::Transport { source, .. } if source.kind() == TransportErrorKind::Connect)
    );
}

#[tokio::test]
async fn the_key_never_shows_in_debug_errors_or_logs() {
    let (logs, _guard) = capture_logs();
    let server = Server::start(gandi).await;
    // A server that echoes the key in its fault, and another failure kind or two.
    server.script([
        Reply::status(503, "busy"),
        fault(
            510_150,
            &format!("Error on object : OBJECT_ACCOUNT (CAUSE_NORIGHT) [bad key {KEY}]"),
        ),
    ]);
    let client = client(&server, 3);
    let error = client.operation_info(77).await.unwrap_err();
    let shown = format!("{error} {error:?} {client:?}");
    assert!(!shown.contains(KEY), "{shown}");
    assert!(shown.contains("<redacted>"), "{shown}");
    let logs = String::from_utf8(logs.lock().unwrap().clone()).unwrap();
    assert!(!logs.contains(KEY), "{logs}");
    assert!(logs.contains("regops.call"), "{logs}");
    assert!(logs.contains("method=\"operation.info\""), "{logs}");
    assert!(logs.contains("tracking_number=77"), "{logs}");
}

#[tokio::test]
async fn urls_with_credentials_are_refused() {
    let error = GandiClient::new("http://user:secret@127.0.0.1/", ApiKey::new(KEY)).unwrap_err();
    assert!(matches!(error, Error::Config(_)));
    assert!(!error.to_string().contains("secret"));
    let options = ClientOptions::default().retry(RetryPolicy::never());
    assert!(GandiClient::with_options("ftp://127.0.0.1/", ApiKey::new(KEY), options).is_err());
}

/// An `operation.info` answer whose `last_error` holds `text`, as ISO-8859-1 bytes with no
/// encoding in the XML declaration (only the HTTP charset says how to read it).
fn latin1_answer(text: &str) -> Vec<u8> {
    let mut value = serde_json::to_value(operation(7, Step::Error)).unwrap();
    value["last_error"] = text.into();
    let op: OperationListReturn = serde_json::from_value(value).unwrap();
    let xml = String::from_utf8(regops_xmlrpc::write_response(&op).unwrap()).unwrap();
    assert!(xml.starts_with("<?xml version=\"1.0\"?>"), "{xml}");
    xml.chars()
        .map(|c| u8::try_from(u32::from(c)).unwrap())
        .collect()
}

#[tokio::test]
async fn the_charset_of_the_content_type_says_how_to_read_the_answer() {
    let text = "Échec : déjà enregistré";
    let server =
        Server::start(move |_| Reply::ok("text/xml; charset=ISO-8859-1", latin1_answer(text)))
            .await;
    let op = client(&server, 1).operation_info(7).await.unwrap();
    let json = serde_json::to_string(&op).unwrap();
    assert!(json.contains(text), "{json}");

    // Quoted, any case (RFC 9110 §8.3.1).
    let server =
        Server::start(move |_| Reply::ok("text/xml;Charset=\"iso-8859-1\"", latin1_answer(text)))
            .await;
    client(&server, 1).operation_info(7).await.unwrap();

    let server =
        Server::start(move |_| Reply::ok("text/xml; charset=KOI8-R", latin1_answer(text))).await;
    let error = client(&server, 3).operation_info(7).await.unwrap_err();
    assert!(matches!(error, Error::Decode { .. }), "{error}");
    assert_eq!(
        error.to_string(),
        "operation.info: the answer is not the expected result: unsupported encoding `KOI8-R` \
         (UTF-8, US-ASCII, ISO-8859-1 and windows-1252 are read)"
    );
    assert_eq!(server.requests().len(), 1, "a decode error is not retried");
}

#[tokio::test]
async fn a_content_coded_answer_is_named_as_such() {
    let server = Server::start(|_| {
        Reply::ok(
            "text/xml",
            b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03".to_vec(),
        )
        .with_header("Content-Encoding", "gzip")
    })
    .await;
    let error = client(&server, 3).operation_info(7).await.unwrap_err();
    assert!(matches!(error, Error::Decode { .. }), "{error}");
    assert_eq!(
        error.to_string(),
        "operation.info: the answer is not the expected result: the answer is gzip-encoded \
         (Content-Encoding: gzip), which this client does not decode; it asked for an unencoded \
         answer (Accept-Encoding: identity)"
    );
    let requests = server.requests();
    assert_eq!(requests.len(), 1, "a decode error is not retried");
    assert_eq!(requests[0].header("accept-encoding"), Some("identity"));
}
