//! [`NetimClient`]: Netim's REST API 3.0, on a session the client opens, renews and closes.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use base64::Engine as _;
use bytes::Bytes;
use regops_model::netim::{SessionClose, SessionOpen, SessionOpenParams, SessionPreferences};
use regops_model::{CallParams as _, Method as _};
use regops_service::netim::{API, NetimApi};
use regops_service::rest::{self, Auth, ResponseError, RestMethod};
use tracing::Instrument;

use crate::core::{ClientOptions, Core, base_url};
use crate::error::Error;
use crate::retry::RetryPolicy;
use crate::secret::{Secret, scrub};
use crate::transport::{Header, Transport};

/// A client of Netim's REST API 3.0: every method of the schema through [`NetimApi`]
/// (`client.query_ope(42)`), or any method by its marker type with
/// [`call`](NetimApi::call). Routes, verbs and bodies come from the schema
/// (`regops_service::netim::API`).
///
/// **Session.** The first call opens a session (`sessionOpen`, HTTP Basic `login:secret`) and
/// every call sends its token (`Authorization: Bearer`). Concurrent calls share it: one opens,
/// the others wait. A 401 means the session is gone: the client opens a new one and sends the
/// call once more (a 401 is answered before the call does anything). [`close`](Self::close)
/// ends it (`sessionClose`; 200 and 401 both mean closed) and so does dropping the last clone,
/// as far as async allows: the close is spawned on the current tokio runtime, which must still
/// be running for it to go out. Call `close().await` before the program ends: resellers have a
/// quota of open sessions.
///
/// **Retries.** Calls that only read (`GET` routes) are retried on transient failures (429,
/// 5xx, a timeout, a lost connection), honouring `Retry-After`; calls that change something
/// (`domainCreate`, `cancelOpe`, …) only when the request provably never left, so a retry
/// never creates a second operation.
///
/// The secret and the session token never show in `Debug`, logs or errors.
///
/// ```no_run
/// # async fn demo() -> Result<(), regops_client::Error> {
/// use regops_client::{NetimApi, NetimClient, Secret};
///
/// let client = NetimClient::new("https://oterest.netim.com/3.0/", "NR1234", Secret::new("…"))?;
/// let op = client.query_ope(4242).await?;
/// println!("{} {}", op.id_ope, op.status);
/// client.close().await?;
/// # Ok(()) }
/// ```
pub struct NetimClient<T: Transport = crate::DefaultTransport> {
    shared: Arc<Shared<T>>,
    retry: RetryPolicy,
}

impl<T: Transport> Clone for NetimClient<T> {
    fn clone(&self) -> Self {
        Self {
            shared: self.shared.clone(),
            retry: self.retry,
        }
    }
}

impl<T: Transport> std::fmt::Debug for NetimClient<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NetimClient")
            .field("url", &self.shared.base)
            .field("login", &self.shared.login)
            .field("secret", &self.shared.secret)
            .field("retry", &self.retry)
            .finish()
    }
}

/// What the clones of a client share: the transport, the credentials, the session.
struct Shared<T: Transport> {
    core: Core<T>,
    /// The API's base URL, ending with `/`.
    base: String,
    login: String,
    secret: Secret,
    session: tokio::sync::Mutex<Option<Session>>,
    sessions_opened: AtomicU64,
}

/// An open session: its token, and which one it is (so that a 401 seen by one call does not
/// end the new session another call has just opened).
#[derive(Clone)]
struct Session {
    token: Secret,
    number: u64,
}

#[cfg(feature = "reqwest")]
impl NetimClient {
    /// A client of the API at `url` (a server such as `http://127.0.0.1:8080` gets the
    /// schema's base `/3.0/`), logging in as `login`, with the default options and transport.
    pub fn new(url: &str, login: impl Into<String>, secret: Secret) -> Result<Self, Error> {
        Self::with_options(url, login, secret, ClientOptions::default())
    }

    /// A client with these options, on the default transport.
    pub fn with_options(
        url: &str,
        login: impl Into<String>,
        secret: Secret,
        options: ClientOptions,
    ) -> Result<Self, Error> {
        let transport = options.default_transport()?;
        Self::with_transport(url, login, secret, options, transport)
    }
}

impl<T: Transport> NetimClient<T> {
    /// A client on this transport.
    pub fn with_transport(
        url: &str,
        login: impl Into<String>,
        secret: Secret,
        options: ClientOptions,
        transport: T,
    ) -> Result<Self, Error> {
        let base = base_url(url, API.base)?;
        Ok(Self {
            retry: options.retry_policy(),
            shared: Arc::new(Shared {
                core: Core::new(transport, options),
                base,
                login: login.into(),
                secret,
                session: tokio::sync::Mutex::new(None),
                sessions_opened: AtomicU64::new(0),
            }),
        })
    }

    /// The same client (sharing its session and connections) with another retry policy, for
    /// the calls made through it.
    #[must_use]
    pub fn with_retry(&self, policy: RetryPolicy) -> Self {
        Self {
            shared: self.shared.clone(),
            retry: policy,
        }
    }

    /// The API's base URL.
    pub fn url(&self) -> &str {
        &self.shared.base
    }

    /// Whether a session is open.
    pub async fn has_session(&self) -> bool {
        self.shared.session.lock().await.is_some()
    }

    /// How many sessions this client (and its clones) opened so far.
    pub fn sessions_opened(&self) -> u64 {
        self.shared.sessions_opened.load(Ordering::Relaxed)
    }

    /// Closes the session, if one is open (`sessionClose`; 200 and 401 both mean closed). A
    /// later call opens a new one.
    pub async fn close(&self) -> Result<(), Error> {
        let session = self.shared.session.lock().await.take();
        match session {
            Some(session) => self.shared.close_session(&session.token, self.retry).await,
            None => Ok(()),
        }
    }

    /// The open session, opened first if there is none. Calls waiting here share the one
    /// that opens.
    async fn session(&self) -> Result<Session, Error> {
        let mut current = self.shared.session.lock().await;
        if let Some(session) = &*current {
            return Ok(session.clone());
        }
        let token = self.shared.open_session(self.retry).await?;
        let number = self.shared.sessions_opened.fetch_add(1, Ordering::Relaxed) + 1;
        tracing::info!(session = number, "Netim session opened");
        let session = Session { token, number };
        *current = Some(session.clone());
        Ok(session)
    }

    /// Forgets session `number` after a 401 (unless another call already replaced it).
    async fn forget(&self, number: u64) {
        let mut current = self.shared.session.lock().await;
        if current.as_ref().is_some_and(|s| s.number == number) {
            *current = None;
            tracing::info!(session = number, "Netim session gone (401)");
        }
    }

    /// All attempts of one call of `M` (not a session method).
    async fn run<M: RestMethod>(&self, url: String, body: Bytes) -> Result<M::Output, Error> {
        let mut retries = self.shared.core.retries(M::NAME, M::READ_ONLY, self.retry);
        let mut renewed = false;
        loop {
            tracing::Span::current().record("attempts", retries.attempt());
            let session = match M::ROUTE.auth {
                Auth::Bearer => Some(self.session().await?),
                Auth::Basic | Auth::None => None,
            };
            let credentials = match (&session, M::ROUTE.auth) {
                (Some(session), _) => Credentials::Bearer(&session.token),
                (None, Auth::Basic) => Credentials::Basic,
                (None, _) => Credentials::None,
            };
            // No result is held across an await: the future stays `Send` whatever the
            // method's output type.
            let error = match self
                .shared
                .attempt::<M>(&url, body.clone(), credentials)
                .await
            {
                Ok(output) => return Ok(output),
                Err(error) => error,
            };
            match session {
                Some(session) if error.status() == Some(401) && !renewed => {
                    renewed = true;
                    self.forget(session.number).await;
                }
                _ => retries.after(error).await?,
            }
        }
    }
}

/// The credentials one attempt sends. The session token is borrowed: an attempt writes it
/// into its `Authorization` header and copies it nowhere else.
#[derive(Clone, Copy)]
enum Credentials<'a> {
    None,
    /// `Authorization: Basic` with the login and secret (opening a session).
    Basic,
    /// `Authorization: Bearer` with a session's token.
    Bearer(&'a Secret),
}

impl<T: Transport> Shared<T> {
    /// `Authorization: Basic base64(login:secret)`.
    fn basic(&self) -> Header {
        let credentials = format!("{}:{}", self.login, self.secret.expose_secret());
        let encoded = base64::engine::general_purpose::STANDARD.encode(credentials);
        Header::sensitive("authorization", format!("Basic {encoded}"))
    }

    fn url_of<M: RestMethod>(&self, params: &M::Params) -> String {
        format!("{}{}", self.base, M::path(params))
    }

    /// One attempt of `M`, with these credentials.
    async fn attempt<M: RestMethod>(
        &self,
        url: &str,
        body: Bytes,
        credentials: Credentials<'_>,
    ) -> Result<M::Output, Error> {
        let mut request = self
            .core
            .request(M::ROUTE.verb, url, rest::Response::CONTENT_TYPE, body);
        let token = match credentials {
            Credentials::None => None,
            Credentials::Basic => {
                request.headers.push(self.basic());
                None
            }
            Credentials::Bearer(token) => {
                request.headers.push(bearer(token));
                Some(token)
            }
        };
        if M::ROUTE.auth == Auth::Basic {
            // Netim's clients ask for the language of the session's messages when opening it.
            request.headers.push(Header::new("accept-language", "EN"));
        }
        let answer = self.core.exchange(M::NAME, request).await?;
        rest::read_response::<M>(answer.status, &answer.body).map_err(|e| match e {
            ResponseError::Api(api) => Error::Netim {
                method: M::NAME,
                status: api.status(),
                message: scrub(
                    api.message().to_owned(),
                    &[
                        self.secret.expose_secret(),
                        token.map_or("", Secret::expose_secret),
                    ],
                ),
                retry_after: answer.retry_after,
            },
            ResponseError::Decode(e) => Error::Decode {
                method: M::NAME,
                source: Box::new(e),
            },
        })
    }

    /// Opens a session: `sessionOpen` with the credentials, sent again only if it never left
    /// (a second `POST session/` that did arrive would leave a session open).
    async fn open_session(&self, policy: RetryPolicy) -> Result<Secret, Error> {
        let params = SessionOpenParams {
            preferences: Some(SessionPreferences {
                lang: Some("EN".into()),
                ..Default::default()
            }),
        };
        let url = self.url_of::<SessionOpen>(&params);
        let body = encode::<SessionOpen>(&params)?;
        let mut retries = self.core.retries(SessionOpen::NAME, false, policy);
        loop {
            match self
                .attempt::<SessionOpen>(&url, body.clone(), Credentials::Basic)
                .await
            {
                Ok(opened) => return Ok(Secret::new(opened.access_token)),
                Err(error) => retries.after(error).await?,
            }
        }
    }

    /// Closes the session of `token`: `sessionClose`, where a 401 also means closed.
    async fn close_session(&self, token: &Secret, policy: RetryPolicy) -> Result<(), Error> {
        let params = Default::default();
        let url = self.url_of::<SessionClose>(&params);
        let body = encode::<SessionClose>(&params)?;
        let mut retries = self.core.retries(SessionClose::NAME, false, policy);
        loop {
            match self
                .attempt::<SessionClose>(&url, body.clone(), Credentials::Bearer(token))
                .await
            {
                Ok(()) => break,
                Err(error) if error.status() == Some(401) => break,
                Err(error) => retries.after(error).await?,
            }
        }
        tracing::info!("Netim session closed");
        Ok(())
    }
}

impl<T: Transport> Drop for Shared<T> {
    /// The last clone is gone: close the session on the current runtime, if any.
    fn drop(&mut self) {
        let Some(session) = self.session.get_mut().take() else {
            return;
        };
        let Ok(runtime) = tokio::runtime::Handle::try_current() else {
            tracing::warn!(
                "Netim client dropped outside a tokio runtime: its session stays open until it expires; call close() first"
            );
            return;
        };
        let params = Default::default();
        let Ok(body) = encode::<SessionClose>(&params) else {
            return;
        };
        let mut request = self.core.request(
            SessionClose::ROUTE.verb,
            &self.url_of::<SessionClose>(&params),
            rest::Response::CONTENT_TYPE,
            body,
        );
        request.headers.push(bearer(&session.token));
        let transport = self.core.transport.clone();
        let timeout = self.core.options.timeout_value();
        runtime.spawn(async move {
            let closed = tokio::time::timeout(timeout, transport.send(request)).await;
            match closed {
                Ok(Ok(response)) if matches!(response.status, 200..=299 | 401) => {
                    tracing::info!("Netim session closed on drop");
                }
                _ => tracing::warn!("Netim session could not be closed on drop"),
            }
        });
    }
}

/// `Authorization: Bearer <token>`.
fn bearer(token: &Secret) -> Header {
    Header::sensitive("authorization", format!("Bearer {}", token.expose_secret()))
}

fn encode<M: RestMethod>(params: &M::Params) -> Result<Bytes, Error> {
    M::body(params).map(Bytes::from).map_err(|e| Error::Encode {
        method: M::NAME,
        source: Box::new(e),
    })
}

impl<T: Transport> NetimApi for NetimClient<T> {
    type Error = Error;

    /// Calls `M`. Calling the session's close method closes the client's session
    /// ([`close`](NetimClient::close)); calling its open method opens a session the caller
    /// owns (and must close).
    fn call<M: RestMethod>(
        &self,
        params: M::Params,
    ) -> impl Future<Output = Result<M::Output, Error>> + Send {
        // Path and body are written before the future starts: it holds bytes, not parameters.
        let url = self.shared.url_of::<M>(&params);
        let body = encode::<M>(&params);
        let span = tracing::info_span!(
            "regops.call",
            vendor = "netim",
            method = M::NAME,
            tracking_number = tracing::field::Empty,
            attempts = tracing::field::Empty,
        );
        if let Some(id) = params.tracking_number() {
            span.record("tracking_number", id);
        }
        let closes_session = API.session.is_some_and(|s| s.close == M::ROUTE.method);
        async move {
            let body = body?;
            if closes_session {
                self.close().await?;
                return rest::read_response::<M>(200, b"null").map_err(|e| Error::Decode {
                    method: M::NAME,
                    source: Box::new(e),
                });
            }
            self.run::<M>(url, body).await
        }
        .instrument(span)
    }
}
