//! A fault-injecting HTTP/1.1 proxy on loopback, in front of a real `regops sandbox`: each
//! request is matched against a script of faults (503, a stall, a rate limit, a connection
//! closed mid-body), before or after it reaches the sandbox; what it did is recorded.

#![allow(dead_code)]

use std::sync::{Arc, Mutex};

use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::{TcpListener, TcpStream};

/// What the proxy does with one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// Forwards it and relays the answer.
    Forward,
    /// Answers 503 without forwarding: the sandbox never sees it.
    Unavailable,
    /// Answers 429 with `Retry-After: 1` without forwarding.
    RateLimited,
    /// Forwards it, throws the answer away and answers 503: the sandbox did the work.
    ForwardThenUnavailable,
    /// Forwards it and never answers (the client times out).
    ForwardThenStall,
    /// Forwards it and relays half of the answer's body, then closes the connection.
    ForwardThenCut,
}

/// One request the proxy saw.
#[derive(Debug, Clone)]
pub struct Seen {
    pub method: String,
    pub path: String,
    /// The XML-RPC method name, for Gandi calls.
    pub xmlrpc: Option<String>,
    pub fault: Fault,
}

type Matcher = Box<dyn Fn(&Seen) -> bool + Send>;

#[derive(Clone)]
pub struct Proxy {
    pub base: String,
    upstream: String,
    script: Arc<Mutex<Vec<(Matcher, Fault)>>>,
    seen: Arc<Mutex<Vec<Seen>>>,
}

impl Proxy {
    /// A proxy to `upstream` (`127.0.0.1:PORT`), serving until the runtime ends.
    pub async fn start(upstream: &str) -> Proxy {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let proxy = Proxy {
            base: format!("http://{}", listener.local_addr().unwrap()),
            upstream: upstream.trim_start_matches("http://").to_string(),
            script: Arc::default(),
            seen: Arc::default(),
        };
        let server = proxy.clone();
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                tokio::spawn(server.clone().connection(stream));
            }
        });
        proxy
    }

    /// The next request matching `matcher` gets `fault` (faults are used in order, once each).
    pub fn then(&self, matcher: impl Fn(&Seen) -> bool + Send + 'static, fault: Fault) {
        self.script.lock().unwrap().push((Box::new(matcher), fault));
    }

    /// Every request seen so far.
    pub fn seen(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }

    /// How many requests matched `matcher`.
    pub fn count(&self, matcher: impl Fn(&Seen) -> bool) -> usize {
        self.seen().iter().filter(|s| matcher(s)).count()
    }

    fn decide(&self, mut seen: Seen) -> Fault {
        let mut script = self.script.lock().unwrap();
        let fault = match script.iter().position(|(matcher, _)| matcher(&seen)) {
            Some(i) => script.remove(i).1,
            None => Fault::Forward,
        };
        seen.fault = fault;
        self.seen.lock().unwrap().push(seen);
        fault
    }

    /// One request per connection: every answer says `connection: close`.
    async fn connection(self, mut client: TcpStream) {
        let Some((head, body)) = read_request(&mut client).await else {
            return;
        };
        let text = String::from_utf8_lossy(&head).to_string();
        let mut words = text.split_whitespace();
        let method = words.next().unwrap_or_default().to_string();
        let path = words.next().unwrap_or_default().to_string();
        let body_text = String::from_utf8_lossy(&body);
        let xmlrpc = body_text
            .split_once("<methodName>")
            .and_then(|(_, rest)| rest.split_once("</methodName>"))
            .map(|(name, _)| name.to_string());
        let fault = self.decide(Seen {
            method,
            path,
            xmlrpc,
            fault: Fault::Forward,
        });
        let answer = match fault {
            Fault::Unavailable => status(503, ""),
            Fault::RateLimited => status(429, "retry-after: 1\r\n"),
            _ => match self.forward(&head, &body).await {
                Some(answer) => answer,
                None => return,
            },
        };
        match fault {
            Fault::ForwardThenUnavailable => {
                let _ = client.write_all(&status(503, "")).await;
            }
            Fault::ForwardThenStall => {
                // Holds the connection until the client gives up and closes it.
                let mut sink = [0u8; 1024];
                while matches!(client.read(&mut sink).await, Ok(n) if n > 0) {}
            }
            Fault::ForwardThenCut => {
                let split = find(&answer, b"\r\n\r\n").map_or(0, |i| i + 4);
                let cut = split + (answer.len() - split) / 2;
                let _ = client.write_all(&answer[..cut]).await;
            }
            Fault::Forward | Fault::Unavailable | Fault::RateLimited => {
                let _ = client.write_all(&answer).await;
            }
        }
    }

    /// Sends the request to the sandbox on a new connection it closes after the answer; gives
    /// the whole answer.
    async fn forward(&self, head: &[u8], body: &[u8]) -> Option<Vec<u8>> {
        let mut upstream = TcpStream::connect(&self.upstream).await.ok()?;
        let text = String::from_utf8_lossy(head);
        let mut rewritten = String::new();
        for line in text.split("\r\n").filter(|l| !l.is_empty()) {
            if line.to_ascii_lowercase().starts_with("connection:") {
                continue;
            }
            rewritten.push_str(line);
            rewritten.push_str("\r\n");
        }
        rewritten.push_str("connection: close\r\n\r\n");
        upstream.write_all(rewritten.as_bytes()).await.ok()?;
        upstream.write_all(body).await.ok()?;
        let mut answer = Vec::new();
        upstream.read_to_end(&mut answer).await.ok()?;
        Some(answer)
    }
}

fn status(code: u16, extra: &str) -> Vec<u8> {
    format!("HTTP/1.1 {code} Fault\r\ncontent-length: 0\r\nconnection: close\r\n{extra}\r\n")
        .into_bytes()
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// One request: its head (through the blank line) and its body (by `content-length`).
async fn read_request(stream: &mut TcpStream) -> Option<(Vec<u8>, Vec<u8>)> {
    let mut buffer = Vec::new();
    let mut chunk = [0u8; 8192];
    let end = loop {
        if let Some(i) = find(&buffer, b"\r\n\r\n") {
            break i + 4;
        }
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 || buffer.len() > 1 << 20 {
            return None;
        }
        buffer.extend_from_slice(&chunk[..n]);
    };
    let head = buffer[..end].to_vec();
    let length = String::from_utf8_lossy(&head)
        .lines()
        .find_map(|l| {
            let (name, value) = l.split_once(':')?;
            name.eq_ignore_ascii_case("content-length")
                .then(|| value.trim().parse::<usize>().ok())?
        })
        .unwrap_or(0);
    let mut body = buffer[end..].to_vec();
    while body.len() < length {
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        body.extend_from_slice(&chunk[..n]);
    }
    Some((head, body))
}
