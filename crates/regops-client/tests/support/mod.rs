//! A scriptable HTTP/1.1 server on loopback for fault tests: it answers from a script of
//! replies (statuses, delays, `Retry-After`, a connection closed mid-body) before falling back
//! to a handler, and records every request it read.
//!
//! Raw TCP on purpose: a connection closed in the middle of a body, or a body longer than it
//! claims, is something an HTTP server library will not do.

#![allow(dead_code)]

use std::collections::VecDeque;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// One request the server read.
#[derive(Debug, Clone)]
pub struct Recorded {
    pub verb: String,
    pub path: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    pub at: Instant,
}

impl Recorded {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn body_text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// What the server does with one request.
#[derive(Debug, Clone)]
pub enum Reply {
    /// A complete answer.
    Answer {
        status: u16,
        headers: Vec<(String, String)>,
        body: Vec<u8>,
    },
    /// Waits, then does the other reply.
    Delay(Duration, Box<Reply>),
    /// Sends the head announcing `claimed` bytes, then `body` (shorter), then closes.
    CloseMidBody {
        status: u16,
        body: Vec<u8>,
        claimed: usize,
    },
    /// Closes the connection without answering.
    Close,
    /// A chunked answer of `total` bytes of `x`, without `Content-Length`.
    Chunked { total: usize },
}

impl Reply {
    pub fn status(status: u16, body: &str) -> Reply {
        Reply::Answer {
            status,
            headers: Vec::new(),
            body: body.as_bytes().to_vec(),
        }
    }

    pub fn ok(content_type: &str, body: Vec<u8>) -> Reply {
        Reply::Answer {
            status: 200,
            headers: vec![("Content-Type".into(), content_type.into())],
            body,
        }
    }

    pub fn json(status: u16, body: &str) -> Reply {
        Reply::Answer {
            status,
            headers: vec![("Content-Type".into(), "application/json".into())],
            body: body.as_bytes().to_vec(),
        }
    }

    pub fn with_header(self, name: &str, value: &str) -> Reply {
        match self {
            Reply::Answer {
                status,
                mut headers,
                body,
            } => {
                headers.push((name.into(), value.into()));
                Reply::Answer {
                    status,
                    headers,
                    body,
                }
            }
            other => other,
        }
    }

    pub fn after(self, delay: Duration) -> Reply {
        Reply::Delay(delay, Box::new(self))
    }
}

type Handler = dyn Fn(&Recorded) -> Reply + Send + Sync;

/// The server: `script` replies first, then `handler`.
pub struct Server {
    pub addr: SocketAddr,
    requests: Arc<Mutex<Vec<Recorded>>>,
    script: Arc<Mutex<VecDeque<Reply>>>,
    task: tokio::task::JoinHandle<()>,
}

impl Server {
    pub async fn start(handler: impl Fn(&Recorded) -> Reply + Send + Sync + 'static) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let requests = Arc::new(Mutex::new(Vec::new()));
        let script = Arc::new(Mutex::new(VecDeque::new()));
        let handler: Arc<Handler> = Arc::new(handler);
        let task = {
            let requests = requests.clone();
            let script = script.clone();
            tokio::spawn(async move {
                loop {
                    let Ok((stream, _)) = listener.accept().await else {
                        return;
                    };
                    let (requests, script, handler) =
                        (requests.clone(), script.clone(), handler.clone());
                    tokio::spawn(async move {
                        let _ = serve(stream, requests, script, handler).await;
                    });
                }
            })
        };
        Server {
            addr,
            requests,
            script,
            task,
        }
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Replies used, in order, before the handler.
    pub fn script(&self, replies: impl IntoIterator<Item = Reply>) {
        self.script.lock().unwrap().extend(replies);
    }

    pub fn requests(&self) -> Vec<Recorded> {
        self.requests.lock().unwrap().clone()
    }

    /// Requests whose verb and path are these.
    pub fn count(&self, verb: &str, path: &str) -> usize {
        self.requests()
            .iter()
            .filter(|r| r.verb == verb && r.path == path)
            .count()
    }

    /// Waits (bounded) until `ready` holds for the recorded requests.
    pub async fn wait_for(&self, ready: impl Fn(&[Recorded]) -> bool) -> bool {
        for _ in 0..200 {
            if ready(&self.requests()) {
                return true;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        false
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn serve(
    mut stream: TcpStream,
    requests: Arc<Mutex<Vec<Recorded>>>,
    script: Arc<Mutex<VecDeque<Reply>>>,
    handler: Arc<Handler>,
) -> std::io::Result<()> {
    let mut buffer = Vec::new();
    loop {
        let Some(request) = read_request(&mut stream, &mut buffer).await? else {
            return Ok(());
        };
        requests.lock().unwrap().push(request.clone());
        let scripted = script.lock().unwrap().pop_front();
        let mut reply = scripted.unwrap_or_else(|| handler(&request));
        while let Reply::Delay(delay, next) = reply {
            tokio::time::sleep(delay).await;
            reply = *next;
        }
        match reply {
            Reply::Answer {
                status,
                headers,
                body,
            } => {
                let mut head = format!("HTTP/1.1 {status} X\r\nContent-Length: {}\r\n", body.len());
                for (name, value) in headers {
                    head.push_str(&format!("{name}: {value}\r\n"));
                }
                head.push_str("\r\n");
                stream.write_all(head.as_bytes()).await?;
                stream.write_all(&body).await?;
            }
            Reply::CloseMidBody {
                status,
                body,
                claimed,
            } => {
                let head = format!("HTTP/1.1 {status} X\r\nContent-Length: {claimed}\r\n\r\n");
                stream.write_all(head.as_bytes()).await?;
                stream.write_all(&body).await?;
                stream.flush().await?;
                return Ok(());
            }
            Reply::Close => return Ok(()),
            Reply::Chunked { total } => {
                stream
                    .write_all(b"HTTP/1.1 200 X\r\nTransfer-Encoding: chunked\r\n\r\n")
                    .await?;
                let chunk = vec![b'x'; 4096];
                let mut left = total;
                while left > 0 {
                    let n = left.min(chunk.len());
                    stream.write_all(format!("{n:x}\r\n").as_bytes()).await?;
                    stream.write_all(&chunk[..n]).await?;
                    stream.write_all(b"\r\n").await?;
                    left -= n;
                }
                stream.write_all(b"0\r\n\r\n").await?;
            }
            Reply::Delay(..) => unreachable!("delays are unwrapped above"),
        }
    }
}

/// Reads one request (head and `Content-Length` body); `None` at a clean end of stream.
async fn read_request(
    stream: &mut TcpStream,
    buffer: &mut Vec<u8>,
) -> std::io::Result<Option<Recorded>> {
    let head_end = loop {
        if let Some(end) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            break end;
        }
        let mut chunk = [0u8; 4096];
        let n = stream.read(&mut chunk).await?;
        if n == 0 {
            return Ok(None);
        }
        buffer.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8_lossy(&buffer[..head_end]).into_owned();
    let mut lines = head.split("\r\n");
    let mut start = lines.next().unwrap_or_default().split(' ');
    let verb = start.next().unwrap_or_default().to_string();
    let path = start.next().unwrap_or_default().to_string();
    let headers: Vec<(String, String)> = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    let length: usize = headers
        .iter()
        .find(|(n, _)| n == "content-length")
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    let body_start = head_end + 4;
    while buffer.len() < body_start + length {
        let mut chunk = [0u8; 4096];
        let n = stream.read(&mut chunk).await?;
        if n == 0 {
            return Ok(None);
        }
        buffer.extend_from_slice(&chunk[..n]);
    }
    let body = buffer[body_start..body_start + length].to_vec();
    buffer.drain(..body_start + length);
    Ok(Some(Recorded {
        verb,
        path,
        headers,
        body,
        at: Instant::now(),
    }))
}

/// What keeps a log capture on: the thread's default subscriber, and a second registered
/// dispatcher. With one dispatcher registered, `tracing` computes a callsite's interest from
/// the default of whichever thread reaches it first, once for the process: a parallel test
/// with no subscriber would switch the client's spans off for this capture too
/// (tokio-rs/tracing#3611). With two, it asks every registered dispatcher.
pub struct Capture {
    _default: tracing::subscriber::DefaultGuard,
    _anchor: tracing::Dispatch,
}

/// Captures everything `tracing` says during a test (all levels, spans included), to check
/// that no secret is ever logged.
pub fn capture_logs() -> (Arc<Mutex<Vec<u8>>>, Capture) {
    #[derive(Clone)]
    struct Sink(Arc<Mutex<Vec<u8>>>);
    impl std::io::Write for Sink {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let buffer = Arc::new(Mutex::new(Vec::new()));
    let sink = Sink(buffer.clone());
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_span_events(tracing_subscriber::fmt::format::FmtSpan::FULL)
        .with_ansi(false)
        .with_writer(move || sink.clone())
        .finish();
    let default = tracing::subscriber::set_default(subscriber);
    // Registered second: its registration also recomputes what was cached in between.
    let anchor = tracing::Dispatch::new(tracing::subscriber::NoSubscriber::default());
    (
        buffer,
        Capture {
            _default: default,
            _anchor: anchor,
        },
    )
}

/// Fast retries for tests: tiny backoffs, bounded attempts, short timeouts.
pub fn fast_options(attempts: u32) -> regops_client::ClientOptions {
    regops_client::ClientOptions::default()
        .timeout(Duration::from_millis(500))
        .connect_timeout(Duration::from_millis(500))
        .retry(
            regops_client::RetryPolicy::default()
                .max_attempts(attempts)
                .initial_backoff(Duration::from_millis(5))
                .max_backoff(Duration::from_millis(20))
                .max_retry_after(Duration::from_secs(2)),
        )
}
