//! [`GandiClient`]: Gandi's XML-RPC API, the API key sent as every call's first parameter.

use std::sync::Arc;

use bytes::Bytes;
use regops_model::{ApiKey, CallParams, Method};
use regops_service::gandi::{ENDPOINT, GandiApi};
use regops_service::xml_rpc::XmlRpcMethod;
use tracing::Instrument;

use crate::core::{ClientOptions, Core, endpoint_url};
use crate::error::Error;
use crate::retry::RetryPolicy;
use crate::secret::scrub;
use crate::transport::{Transport, Verb};

/// A client of Gandi's XML-RPC API (`operation.*`): every method of the schema through
/// [`GandiApi`] (`client.operation_info(42)`), or any method by its marker type with
/// [`call`](GandiApi::call).
///
/// Each call is one `POST` of a `methodCall` to the endpoint, decoded with the codec's limits.
/// Calls that only read (the schema's `effect`) are retried on transient failures (a fault of
/// class `temporary`, a 429 or 5xx, a timeout, a lost connection) with exponential backoff
/// and full jitter; calls that change something (`operation.cancel`, `operation.relaunch`)
/// only when the request provably never left. The API key never shows in `Debug`, logs or
/// errors.
///
/// Clones share the connection pool.
///
/// ```no_run
/// # async fn demo() -> Result<(), regops_client::Error> {
/// use regops_client::{GandiApi, GandiClient};
/// use regops_model::ApiKey;
///
/// let client = GandiClient::new("https://rpc.ote.gandi.net/xmlrpc/", ApiKey::new("…"))?;
/// let op = client.operation_info(42).await?;
/// println!("{} {}", op.id, op.step);
/// # Ok(()) }
/// ```
pub struct GandiClient<T = crate::DefaultTransport> {
    core: Arc<Core<T>>,
    url: Arc<str>,
    api_key: ApiKey,
    retry: RetryPolicy,
}

impl<T> Clone for GandiClient<T> {
    fn clone(&self) -> Self {
        Self {
            core: self.core.clone(),
            url: self.url.clone(),
            api_key: self.api_key.clone(),
            retry: self.retry,
        }
    }
}

impl<T> std::fmt::Debug for GandiClient<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GandiClient")
            .field("url", &self.url)
            .field("api_key", &self.api_key)
            .field("retry", &self.retry)
            .finish()
    }
}

#[cfg(feature = "reqwest")]
impl GandiClient {
    /// A client of the endpoint at `url`, with the default options and transport. A bare
    /// server (`http://127.0.0.1:8080`) gets the schema's path `/xmlrpc/`; a URL with a path,
    /// even `/` (`https://rpc.gandi.net/xmlrpc/`, `http://127.0.0.1:8000/RPC2`), is posted to
    /// as it is.
    pub fn new(url: &str, api_key: ApiKey) -> Result<Self, Error> {
        Self::with_options(url, api_key, ClientOptions::default())
    }

    /// A client with these options, on the default transport.
    pub fn with_options(url: &str, api_key: ApiKey, options: ClientOptions) -> Result<Self, Error> {
        let transport = options.default_transport()?;
        Self::with_transport(url, api_key, options, transport)
    }
}

impl<T: Transport> GandiClient<T> {
    /// A client on this transport.
    pub fn with_transport(
        url: &str,
        api_key: ApiKey,
        options: ClientOptions,
        transport: T,
    ) -> Result<Self, Error> {
        let url = endpoint_url(url, ENDPOINT.path)?;
        Ok(Self {
            retry: options.retry_policy(),
            core: Arc::new(Core::new(transport, options)),
            url: url.into(),
            api_key,
        })
    }

    /// The same client (sharing its connections) with another retry policy, for the calls
    /// made through it.
    #[must_use]
    pub fn with_retry(&self, policy: RetryPolicy) -> Self {
        Self {
            retry: policy,
            ..self.clone()
        }
    }

    /// The endpoint URL calls are posted to.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// One attempt of `M`.
    async fn attempt<M: Method>(&self, body: Bytes) -> Result<M::Output, Error> {
        let request = self.core.request(Verb::Post, &self.url, "text/xml", body);
        let answer = self.core.exchange(M::NAME, request).await?;
        if !(200..300).contains(&answer.status) {
            return Err(Error::Status {
                method: M::NAME,
                status: answer.status,
                retry_after: answer.retry_after,
            });
        }
        // The transport's charset wins over the XML declaration (RFC 7303 §3.2).
        let limits = self.core.options.decoding_limits();
        match answer.charset() {
            Some(charset) => regops_xmlrpc::read_response_with_charset::<M::Output>(
                &answer.body,
                charset,
                limits,
            ),
            None => regops_xmlrpc::read_response_with_limits::<M::Output>(&answer.body, limits),
        }
        .map_err(|e| match e.fault() {
            Some(fault) => Error::Gandi {
                method: M::NAME,
                fault: regops_xmlrpc::Fault::new(
                    fault.code,
                    scrub(fault.string.clone(), &[self.api_key.expose_secret()]),
                ),
            },
            None => Error::Decode {
                method: M::NAME,
                source: Box::new(e),
            },
        })
    }
}

impl<T: Transport> GandiApi for GandiClient<T> {
    type Error = Error;

    fn api_key(&self) -> &ApiKey {
        &self.api_key
    }

    /// Calls `M`. The typed methods lend the client's key (no copy per call); `params` may
    /// also be `M::Params` or a reference (see [`GandiApi::call`]).
    fn call<M: XmlRpcMethod>(
        &self,
        params: impl CallParams<M> + Send,
    ) -> impl Future<Output = Result<M::Output, Error>> + Send {
        // Encoded before the future starts, so the future holds bytes, not the parameters
        // (nor the key they may borrow).
        let body = regops_xmlrpc::write_method_call::<M>(&params)
            .map(Bytes::from)
            .map_err(|e| Error::Encode {
                method: M::NAME,
                source: Box::new(e),
            });
        let span = tracing::info_span!(
            "regops.call",
            vendor = "gandi",
            method = M::NAME,
            tracking_number = tracing::field::Empty,
            attempts = tracing::field::Empty,
        );
        if let Some(id) = params.tracking_number() {
            span.record("tracking_number", id);
        }
        let client = self;
        async move {
            let body = body?;
            let mut retries = client.core.retries(M::NAME, M::READ_ONLY, client.retry);
            loop {
                tracing::Span::current().record("attempts", retries.attempt());
                // No result is held across the backoff's await: the future stays `Send`
                // whatever the method's output type.
                let error = match client.attempt::<M>(body.clone()).await {
                    Ok(output) => return Ok(output),
                    Err(error) => error,
                };
                retries.after(error).await?;
            }
        }
        .instrument(span)
    }
}
