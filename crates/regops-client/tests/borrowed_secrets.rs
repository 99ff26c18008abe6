//! A call borrows the client's credentials: sending it copies neither Gandi's API key nor
//! Netim's session token, and its future stays `Send` for multi-threaded runtimes.
//!
//! Its own test binary: it installs a counting global allocator (the one place that needs
//! `unsafe`, a `GlobalAlloc` impl forwarding to `System`) that counts, on the watching thread
//! only, allocations of exactly the secret's length. A copy of a secret (`String::clone`,
//! `str::to_owned`) is one such allocation; nothing else in a call has that size, which the
//! tests check by counting a copy made on purpose. The transports below answer in memory, so
//! every allocation of a call happens on the test's thread.

#![allow(unsafe_code)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use bytes::Bytes;
use regops_client::transport::{HttpRequest, HttpResponse, ResponseBody};
use regops_client::{
    ClientOptions, GandiApi, GandiClient, NetimApi, NetimClient, Secret, Transport, TransportError,
};
use regops_model::ApiKey;
use regops_model::gandi::{OperationInfo, OperationInfoParams, OperationListReturn, Step};
use regops_model::netim::{QueryOpe, QueryOpeParams};

struct Counting;

thread_local! {
    /// The size being watched on this thread, if any.
    static WATCHED: Cell<Option<usize>> = const { Cell::new(None) };
    /// Allocations of the watched size seen on this thread.
    static SEEN: Cell<usize> = const { Cell::new(0) };
}

fn note(size: usize) {
    // `try_with`: the allocator also runs while a thread's locals are being torn down.
    let _ = WATCHED.try_with(|watched| {
        if watched.get() == Some(size) {
            let _ = SEEN.try_with(|seen| seen.set(seen.get() + 1));
        }
    });
}

// SAFETY: every method forwards its arguments unchanged to `System`; it only counts calls.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        note(layout.size());
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        note(layout.size());
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        note(new_size);
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// How many allocations of exactly `size` bytes `f` makes on this thread.
fn allocations_of(size: usize, f: impl FnOnce()) -> usize {
    WATCHED.with(|w| w.set(Some(size)));
    SEEN.with(|s| s.set(0));
    f();
    WATCHED.with(|w| w.set(None));
    SEEN.with(Cell::get)
}

/// A secret of `len` characters that XML and JSON carry unescaped.
fn secret(len: usize) -> String {
    (0..len)
        .map(|i| char::from(b"abcdefghijklmnopqrstuvwxyz0123456789"[i % 36]))
        .collect()
}

/// Lengths no other allocation of a call has (odd, far from the buffers' power-of-two growth).
const KEY_LEN: usize = 1237;
const TOKEN_LEN: usize = 1531;

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .unwrap()
}

/// A response body already in memory.
struct InMemory(Option<Bytes>);

impl ResponseBody for InMemory {
    async fn chunk(&mut self) -> Result<Option<Bytes>, TransportError> {
        Ok(self.0.take())
    }
}

fn answer(body: &Bytes) -> HttpResponse<InMemory> {
    HttpResponse {
        status: 200,
        retry_after: None,
        content_length: Some(body.len() as u64),
        content_type: Some("text/xml".into()),
        content_encoding: None,
        body: InMemory(Some(body.clone())),
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// A Gandi in memory: answers each method (by the `methodName` its call starts with) and
/// counts the calls whose body carried the key.
struct FakeGandi {
    key: Arc<str>,
    answers: Vec<(&'static [u8], Bytes)>,
    sent_with_key: Arc<AtomicUsize>,
}

impl Transport for FakeGandi {
    type Body = InMemory;

    async fn send(&self, request: HttpRequest) -> Result<HttpResponse<InMemory>, TransportError> {
        if contains(&request.body, self.key.as_bytes()) {
            self.sent_with_key.fetch_add(1, Ordering::SeqCst);
        }
        let (_, body) = self
            .answers
            .iter()
            .find(|(method, _)| contains(&request.body, method))
            .expect("a method the fake answers");
        Ok(answer(body))
    }
}

fn gandi(key: &str) -> (GandiClient<FakeGandi>, Arc<AtomicUsize>) {
    let operation: OperationListReturn = serde_json::from_value(serde_json::json!({
        "id": 42, "step": "RUN", "type": "domain_create", "date_start": "",
        "date_created": "2026-01-15T10:00:00", "date_updated": "2026-01-15T10:00:00",
    }))
    .unwrap();
    macro_rules! write {
        ($answer:expr) => {
            Bytes::from(regops_xmlrpc::write_response($answer).unwrap())
        };
    }
    let sent_with_key = Arc::new(AtomicUsize::new(0));
    let transport = FakeGandi {
        key: key.into(),
        answers: vec![
            (b"<methodName>operation.info<", write!(&operation)),
            (b"<methodName>operation.list<", write!(&[&operation])),
            (b"<methodName>operation.count<", write!(&1)),
            (b"<methodName>operation.cancel<", write!(&true)),
            (b"<methodName>operation.relaunch<", write!(&true)),
        ],
        sent_with_key: sent_with_key.clone(),
    };
    let client = GandiClient::with_transport(
        "http://127.0.0.1:9/xmlrpc/",
        ApiKey::new(key),
        ClientOptions::default(),
        transport,
    )
    .unwrap();
    (client, sent_with_key)
}

#[test]
fn gandi_calls_send_the_key_without_copying_it() {
    let key = secret(KEY_LEN);
    let (client, sent_with_key) = gandi(&key);
    let rt = runtime();
    rt.block_on(client.operation_info(42)).unwrap(); // first-use setup out of the count

    let copies = allocations_of(KEY_LEN, || {
        let op = rt.block_on(client.operation_info(42)).unwrap();
        assert_eq!((op.id, op.step), (42, Step::Run));
        assert!(rt.block_on(client.operation_cancel(42)).unwrap());
        assert!(rt.block_on(client.operation_relaunch(42, None)).unwrap());
        assert_eq!(rt.block_on(client.operation_count(None)).unwrap(), 1);
        assert_eq!(rt.block_on(client.operation_list(None)).unwrap()[0].id, 42);
    });
    assert_eq!(copies, 0, "a typed method copied the API key");

    // `call` with the key borrowed, or with owned parameters lent by reference.
    let owned = OperationInfoParams {
        apikey: client.api_key().clone(),
        operation: 42,
    };
    let copies = allocations_of(KEY_LEN, || {
        let borrowed = OperationInfoParams {
            apikey: client.api_key(),
            operation: 42,
        };
        rt.block_on(client.call::<OperationInfo>(borrowed)).unwrap();
        rt.block_on(client.call::<OperationInfo>(&owned)).unwrap();
    });
    assert_eq!(copies, 0, "`call` copied the API key");

    // The counter sees a copy of the key: owned parameters, cloned for the call.
    let copies = allocations_of(KEY_LEN, || {
        rt.block_on(client.call::<OperationInfo>(owned.clone()))
            .unwrap();
    });
    assert_eq!(copies, 1, "the counter must see the one clone made here");
    assert_eq!(
        sent_with_key.load(Ordering::SeqCst),
        9,
        "every call sent the key"
    );
}

/// A Netim in memory: opens a session with a fixed token, answers a cancellation with `null`
/// and every other route with an operation, and counts the calls that carried the token.
struct FakeNetim {
    token: Arc<str>,
    opened: Bytes,
    operation: Bytes,
    nothing: Bytes,
    sent_with_token: Arc<AtomicUsize>,
}

impl Transport for FakeNetim {
    type Body = InMemory;

    async fn send(&self, request: HttpRequest) -> Result<HttpResponse<InMemory>, TransportError> {
        let bearer = request
            .headers
            .iter()
            .filter(|h| h.name == "authorization")
            .any(|h| h.value.strip_prefix("Bearer ") == Some(&*self.token));
        if bearer {
            self.sent_with_token.fetch_add(1, Ordering::SeqCst);
        }
        let opening = request.url.ends_with("/session/") && !bearer;
        let cancelling = request.url.ends_with("/cancel/");
        Ok(answer(match (opening, cancelling) {
            (true, _) => &self.opened,
            (_, true) => &self.nothing,
            _ => &self.operation,
        }))
    }
}

#[test]
fn netim_calls_send_the_session_token_without_copying_it() {
    let token = secret(TOKEN_LEN);
    let sent_with_token = Arc::new(AtomicUsize::new(0));
    let transport = FakeNetim {
        token: token.as_str().into(),
        opened: serde_json::to_vec(&serde_json::json!({ "access_token": token }))
            .unwrap()
            .into(),
        operation: Bytes::from_static(br#"{"ID_OPE": 4242, "STATUS": "Pending"}"#),
        nothing: Bytes::from_static(b"null"),
        sent_with_token: sent_with_token.clone(),
    };
    let client = NetimClient::with_transport(
        "http://127.0.0.1:9/3.0/",
        "NR1",
        Secret::new("reseller-secret"),
        ClientOptions::default(),
        transport,
    )
    .unwrap();
    let rt = runtime();

    // The first call opens the session: the counter sees the token arrive.
    let copies = allocations_of(TOKEN_LEN, || {
        assert_eq!(rt.block_on(client.query_ope(4242)).unwrap().id_ope, 4242);
    });
    assert!(copies >= 1, "the counter must see the token decoded");

    // Calls on the open session lend it: written into `Authorization`, copied nowhere.
    let copies = allocations_of(TOKEN_LEN, || {
        assert_eq!(rt.block_on(client.query_ope(4242)).unwrap().id_ope, 4242);
        rt.block_on(client.cancel_ope(4242)).unwrap();
    });
    assert_eq!(copies, 0, "a call on the open session copied its token");
    assert_eq!(sent_with_token.load(Ordering::SeqCst), 3);
}

fn assert_send<T: Send>(_: &T) {}

/// Compile-time: the futures of the typed methods and of `call`, with a borrowed key, may move
/// between the threads of a multi-threaded runtime (the trait promises it to every caller;
/// this holds the clients to it with their own types).
#[test]
fn call_futures_are_send() {
    let (gandi, _) = gandi("key");
    assert_send(&gandi.operation_info(1));
    assert_send(&gandi.call::<OperationInfo>(OperationInfoParams {
        apikey: gandi.api_key(),
        operation: 1,
    }));
    let netim = NetimClient::with_transport(
        "http://127.0.0.1:9/3.0/",
        "NR1",
        Secret::new("reseller-secret"),
        ClientOptions::default(),
        FakeNetim {
            token: "t".into(),
            opened: Bytes::new(),
            operation: Bytes::new(),
            nothing: Bytes::new(),
            sent_with_token: Arc::default(),
        },
    )
    .unwrap();
    assert_send(&netim.query_ope(1));
    assert_send(&netim.call::<QueryOpe>(QueryOpeParams { id_ope: 1 }));
}
