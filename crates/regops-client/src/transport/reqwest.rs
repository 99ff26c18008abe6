//! [`ReqwestTransport`]: the default [`Transport`], reqwest on hyper with rustls (ring), no
//! OpenSSL.

use std::time::Duration;

use bytes::Bytes;

use super::{
    HttpRequest, HttpResponse, ResponseBody, Transport, TransportError, TransportErrorKind,
};

/// The default transport: one pooled reqwest client (HTTP/1.1 keep-alive, rustls with the
/// ring provider, the platform's trusted roots).
///
/// Errors never carry the URL (it could hold credentials); the client's errors name the
/// method instead.
#[derive(Debug, Clone)]
pub struct ReqwestTransport {
    client: reqwest::Client,
}

impl ReqwestTransport {
    /// A transport that gives up connecting after `connect_timeout`.
    pub fn new(connect_timeout: Duration) -> Result<Self, TransportError> {
        // Only installs ring when the process has no rustls provider yet.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let client = reqwest::Client::builder()
            .connect_timeout(connect_timeout)
            .tcp_nodelay(true)
            .pool_idle_timeout(Duration::from_secs(50))
            .build()
            .map_err(|e| {
                TransportError::new(TransportErrorKind::Connect, "cannot build the HTTP client")
                    .with_source(e.without_url())
            })?;
        Ok(Self { client })
    }

    /// A transport on this reqwest client (its TLS, proxy and pool settings).
    pub fn from_client(client: reqwest::Client) -> Self {
        Self { client }
    }
}

impl Transport for ReqwestTransport {
    type Body = ReqwestBody;

    async fn send(
        &self,
        request: HttpRequest,
    ) -> Result<HttpResponse<ReqwestBody>, TransportError> {
        let method = reqwest::Method::from_bytes(request.verb.as_str().as_bytes())
            .unwrap_or(reqwest::Method::POST);
        let mut headers = reqwest::header::HeaderMap::with_capacity(request.headers.len());
        for header in &request.headers {
            let mut value =
                reqwest::header::HeaderValue::from_str(&header.value).map_err(|_| {
                    TransportError::new(
                        TransportErrorKind::Connect,
                        format!(
                            "header `{}` holds characters HTTP cannot carry",
                            header.name
                        ),
                    )
                })?;
            value.set_sensitive(header.sensitive);
            headers.insert(header.name, value);
        }
        let response = self
            .client
            .request(method, &request.url)
            .headers(headers)
            .body(request.body)
            .send()
            .await
            .map_err(|e| error(e, TransportErrorKind::Request))?;
        Ok(HttpResponse {
            status: response.status().as_u16(),
            retry_after: header(&response, reqwest::header::RETRY_AFTER),
            content_length: response.content_length(),
            content_type: header(&response, reqwest::header::CONTENT_TYPE),
            content_encoding: header(&response, reqwest::header::CONTENT_ENCODING),
            body: ReqwestBody(response),
        })
    }
}

/// A response header as text, when it is some.
fn header(response: &reqwest::Response, name: reqwest::header::HeaderName) -> Option<String> {
    response
        .headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

/// The body of a reqwest response.
#[derive(Debug)]
pub struct ReqwestBody(reqwest::Response);

impl ResponseBody for ReqwestBody {
    async fn chunk(&mut self) -> Result<Option<Bytes>, TransportError> {
        self.0
            .chunk()
            .await
            .map_err(|e| error(e, TransportErrorKind::Body))
    }
}

/// A reqwest error as a transport error: `Connect` only when no connection was made.
fn error(e: reqwest::Error, otherwise: TransportErrorKind) -> TransportError {
    let kind = if e.is_connect() {
        TransportErrorKind::Connect
    } else if e.is_timeout() {
        TransportErrorKind::Timeout
    } else {
        otherwise
    };
    TransportError::new(kind, "").with_source(e.without_url())
}
