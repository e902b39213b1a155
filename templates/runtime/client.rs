//! The client: configuration, authentication, the User-Agent and the limits that protect it
//! from a broken or hostile server. Sending is in `send.rs`.

use super::Error;
use reqwest::header::HeaderValue;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

/// The future a [`TokenProvider`] returns.
pub type TokenFuture<'a> = Pin<Box<dyn Future<Output = Result<String, Box<dyn std::error::Error + Send + Sync>>> + Send + 'a>>;

/// Supplies an OAuth 2.0 access token for each request, so tokens can be refreshed.
///
/// Implement it for a type that caches a token and renews it before it expires; the client
/// calls [`TokenProvider::token`] once per request (and per retry) and sends
/// `Authorization: Bearer <token>`.
pub trait TokenProvider: Send + Sync {
    /// Returns a valid access token.
    fn token(&self) -> TokenFuture<'_>;
}

/// The future of [`Authenticate::authorize`].
pub(crate) type AuthorizeFuture<'a> = Pin<Box<dyn Future<Output = Result<u64, Error>> + Send + 'a>>;

/// A way of authenticating that is more than a fixed header: it may fetch and cache tokens,
/// sign each request, and learn from the answers (OAuth 2.0 client credentials with DPoP).
pub(crate) trait Authenticate: Send + Sync + fmt::Debug {
    /// Checks the settings when the client is built.
    fn check(&self, base_url: &url::Url) -> Result<(), Error>;

    /// Adds the credentials to a request about to be sent, and returns the generation of
    /// the token it used, for [`Authenticate::learn`].
    fn authorize<'a>(&'a self, client: &'a Client, request: &'a mut reqwest::Request) -> AuthorizeFuture<'a>;

    /// Learns from the response to a request it authorized (a new nonce, a token the API
    /// rejected); `true` when the request should be sent once more with fresh credentials.
    fn learn(&self, url: &url::Url, generation: u64, status: u16, headers: &reqwest::header::HeaderMap) -> bool;
}

/// A secret that never shows in `Debug` output.
#[derive(Clone)]
pub(crate) struct Secret(pub(crate) String);

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("\"<redacted>\"")
    }
}

/// How requests are authenticated.
#[derive(Clone)]
pub(crate) enum Auth {
    None,
    Header { name: reqwest::header::HeaderName, value: Secret },
    Query { name: String, value: Secret },
    Bearer(Secret),
    Provider(Arc<dyn TokenProvider>),
    Custom(Arc<dyn Authenticate>),
}

impl fmt::Debug for Auth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Auth::None => f.write_str("None"),
            Auth::Header { name, .. } => write!(f, "Header({name}: <redacted>)"),
            Auth::Query { name, .. } => write!(f, "Query({name}=<redacted>)"),
            Auth::Bearer(_) => f.write_str("Bearer(<redacted>)"),
            Auth::Provider(_) => f.write_str("TokenProvider"),
            Auth::Custom(auth) => fmt::Debug::fmt(auth, f),
        }
    }
}

/// The slot of the `Authorization: Bearer` credential (a token, a provider, or OAuth 2.0
/// client credentials) in an operation's security requirements; every other scheme is named
/// by its key, which cannot hold a space.
pub(crate) const BEARER: &str = "Authorization: Bearer";

/// An API key or basic credential, held for the security scheme it belongs to.
#[derive(Clone, Debug)]
pub(crate) struct Key {
    pub(crate) scheme: &'static str,
    pub(crate) auth: Auth,
}

/// The credentials one request sends: the bearer slot's or not, and which keys.
pub(crate) struct Chosen<'a> {
    pub(crate) bearer: Option<&'a Auth>,
    pub(crate) keys: Vec<&'a Auth>,
}

impl Inner {
    /// The credentials a request with these security requirements sends (OpenAPI's
    /// security requirement objects): those of the first alternative that needs some and
    /// that the client holds whole; else none, when there is no alternative (`security: []`)
    /// or one needs none (`{}`); else those it holds that an alternative names, and the
    /// bearer credential the caller set, so the server's refusal says what is missing. A
    /// key goes only to an operation that names its scheme. Without requirements, every
    /// credential it holds.
    pub(crate) fn chosen(&self, security: Option<&[&[&str]]>) -> Chosen<'_> {
        let held = |slot: &str| {
            if slot == BEARER { !matches!(self.auth, Auth::None) } else { self.keys.iter().any(|key| key.scheme == slot) }
        };
        let slots: Vec<&str> = match security {
            None => std::iter::once(BEARER).chain(self.keys.iter().map(|key| key.scheme)).collect(),
            Some(alternatives) => {
                let whole = alternatives.iter().find(|needed| !needed.is_empty() && needed.iter().all(|slot| held(slot)));
                match whole {
                    Some(needed) => needed.to_vec(),
                    None if alternatives.is_empty() || alternatives.iter().any(|needed| needed.is_empty()) => Vec::new(),
                    None => std::iter::once(BEARER).chain(alternatives.iter().flat_map(|needed| needed.iter().copied())).collect(),
                }
            }
        };
        Chosen {
            bearer: Some(&self.auth).filter(|auth| slots.contains(&BEARER) && !matches!(auth, Auth::None)),
            keys: self.keys.iter().filter(|key| slots.contains(&key.scheme)).map(|key| &key.auth).collect(),
        }
    }
}

/// The API client. Cheap to clone: clones share one connection pool and configuration.
///
/// The defaults protect a caller from a broken or hostile server:
/// - **connect timeout** 30 s, and a **read timeout** of 60 s: a call fails with
///   [`Error::Timeout`] when the server sends nothing (no header, no byte of the body) for
///   that long, even though the **overall timeout** is unset, as in Okta's SDKs;
/// - **body limit** 32 MiB: a larger response fails with [`Error::BodyTooLarge`] before it
///   is read whole (a page of 200 Okta users is about 1 MB);
/// - **redirects** are followed only within the base URL's origin (at most 10); a redirect
///   to another origin is not followed, so neither a body nor a credential goes there, and
///   the 3xx comes back as an error;
/// - **retries** follow a [`RetryPolicy`]: a 429 is retried for every method (the server
///   did not act on it), and a 503, 502 or 504 or a failure after sending only for idempotent
///   requests, each after the wait the server asks for (`Retry-After`, the `RateLimit`
///   headers, `X-RateLimit-Reset`, `X-Rate-Limit-Reset`) or an exponential backoff with
///   jitter; a longer wait than 30 s is not waited for: the error comes back;
/// - **pagination** stops with [`Error::Pagination`] when a next link repeats a page
///   already fetched, leads to another origin, or after 16 empty pages in a row.
///
/// ```no_run
/// # fn run() -> Result<(), {{crate}}::Error> {
/// let client = {{crate}}::Client::builder("https://example.com")
///     .bearer_token("an access token")
///     .max_retries(3)
///     .build()?;
/// # Ok(()) }
/// ```
#[derive(Clone, Debug)]
pub struct Client {
    pub(crate) inner: Arc<Inner>,
}

#[derive(Debug)]
pub(crate) struct Inner {
    pub(crate) http: reqwest::Client,
    pub(crate) base_url: url::Url,
    pub(crate) auth: Auth,
    pub(crate) keys: Vec<Key>,
    pub(crate) user_agent: HeaderValue,
    pub(crate) limits: Limits,
}

/// When and how a request is sent again: the client's (see [`ClientBuilder::retry_policy`]),
/// or a request's own (its builder's `retry_policy`).
///
/// - A **429** is retried for every method: the server did not act on the request.
/// - A **502, 503 or 504**, a **timeout** or a **failure after the request was sent** is
///   retried only for an idempotent request: `GET`, `HEAD`, `PUT`, `DELETE`, `OPTIONS`, one
///   carrying an `Idempotency-Key` header (sent again with the same key), or one marked with
///   [`RetryPolicy::idempotent`].
/// - A **failure to connect** is retried for every method: nothing was sent.
/// - The wait is the server's when it gives one (`Retry-After` in seconds or as an HTTP date,
///   measured against the response's `Date`; the `RateLimit` and `RateLimit-Reset` headers;
///   `X-RateLimit-Reset`; `X-Rate-Limit-Reset`), else an exponential backoff with full
///   jitter. A server that asks for more than [`RetryPolicy::max_wait`] gets no retry: the
///   error comes back at once, and [`Error::retry_after`] says how long it asked for.
///
/// ```
/// use std::time::Duration;
/// let policy = {{crate}}::RetryPolicy::default()
///     .max_retries(4)
///     .max_wait(Duration::from_secs(60))
///     .backoff(Duration::from_millis(200), Duration::from_secs(5));
/// # drop(policy);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    pub(crate) max_retries: u32,
    pub(crate) max_wait: Duration,
    pub(crate) initial_backoff: Duration,
    pub(crate) max_backoff: Duration,
    pub(crate) idempotent: Option<bool>,
}

impl Default for RetryPolicy {
    /// Two retries, waits of at most 30 s, a backoff from 0.5 s doubling up to 8 s.
    fn default() -> Self {
        RetryPolicy {
            max_retries: 2,
            max_wait: Duration::from_secs(30),
            initial_backoff: Duration::from_millis(500),
            max_backoff: Duration::from_secs(8),
            idempotent: None,
        }
    }
}

impl RetryPolicy {
    /// How many times a request is sent again (0 disables retries).
    pub fn max_retries(mut self, retries: u32) -> Self {
        self.max_retries = retries;
        self
    }

    /// The longest wait the client accepts before a retry; a server asking for more gets
    /// the error back at once.
    pub fn max_wait(mut self, wait: Duration) -> Self {
        self.max_wait = wait;
        self
    }

    /// The backoff when the server gives no wait: a random wait up to `initial`, doubling
    /// with each retry, never more than `max`.
    pub fn backoff(mut self, initial: Duration, max: Duration) -> Self {
        self.initial_backoff = initial;
        self.max_backoff = max;
        self
    }

    /// Whether the request may be sent again after a 5xx or a failure once it was sent:
    /// `true` for a `POST` the server deduplicates, `false` to retry nothing but 429s and
    /// failures to connect. By default the method and an `Idempotency-Key` header decide.
    pub fn idempotent(mut self, idempotent: bool) -> Self {
        self.idempotent = Some(idempotent);
        self
    }
}

/// What the client allows a server, and how it retries.
#[derive(Debug, Clone)]
pub(crate) struct Limits {
    pub(crate) retry: RetryPolicy,
    pub(crate) connect_timeout: Option<Duration>,
    pub(crate) read_timeout: Option<Duration>,
    pub(crate) timeout: Option<Duration>,
    pub(crate) max_body_size: u64,
    pub(crate) max_item_size: usize,
    pub(crate) max_empty_pages: u32,
    pub(crate) strict_decoding: bool,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            retry: RetryPolicy::default(),
            connect_timeout: Some(Duration::from_secs(30)),
            read_timeout: Some(Duration::from_secs(60)),
            timeout: None,
            max_body_size: 32 * 1024 * 1024,
            max_item_size: 16 * 1024 * 1024,
            max_empty_pages: 16,
            strict_decoding: false,
        }
    }
}

/// Builds a [`Client`]; start with [`Client::builder`].
#[must_use]
#[derive(Debug)]
pub struct ClientBuilder {
    base_url: String,
    auth: Auth,
    keys: Vec<Key>,
    http: Option<reqwest::Client>,
    user_agent_suffix: Option<String>,
    limits: Limits,
}

impl Client {
    /// Starts building a client for the API at `base_url` (such as `https://example.okta.com`).
    pub fn builder(base_url: impl Into<String>) -> ClientBuilder {
        ClientBuilder {
            base_url: base_url.into(),
            auth: Auth::None,
            keys: Vec::new(),
            http: None,
            user_agent_suffix: None,
            limits: Limits::default(),
        }
    }

    /// The base URL every request path is joined to.
    pub fn base_url(&self) -> &url::Url {
        &self.inner.base_url
    }
}

impl ClientBuilder {
    /// Sends `Authorization: Bearer <token>` (an OAuth 2.0 access token) with each request
    /// whose operation accepts a bearer scheme.
    ///
    /// A client may hold this and each API key of the spec at once: every request sends
    /// the credentials of the first alternative of its operation's security requirements
    /// that the client holds whole, and none where the operation needs none. Where it holds
    /// no alternative whole, it sends the keys an alternative names and this token; where
    /// the spec names no requirement, all it holds.
    pub fn bearer_token(mut self, token: impl Into<String>) -> Self {
        self.auth = Auth::Bearer(Secret(token.into()));
        self
    }

    /// Asks `provider` for an OAuth 2.0 access token before each request whose operation
    /// accepts a bearer scheme.
    pub fn token_provider(mut self, provider: impl TokenProvider + 'static) -> Self {
        self.auth = Auth::Provider(Arc::new(provider));
        self
    }

    /// Holds a credential of the security scheme `scheme`, sent in a header of the given
    /// name (such as `Authorization`) with each request whose security requirement names it.
    pub(crate) fn api_key_header(self, scheme: &'static str, name: &'static str, value: String) -> Self {
        self.hold_key(scheme, Auth::Header { name: reqwest::header::HeaderName::from_static(name), value: Secret(value) })
    }

    /// Holds `auth` for `scheme`, in place of the one it held.
    fn hold_key(mut self, scheme: &'static str, auth: Auth) -> Self {
        self.keys.retain(|key| key.scheme != scheme);
        self.keys.push(Key { scheme, auth });
        self
    }

    /// Authenticates each request whose operation accepts a bearer scheme with `auth`.
    pub(crate) fn authenticator(mut self, auth: Arc<dyn Authenticate>) -> Self {
        self.auth = Auth::Custom(auth);
        self
    }

    /// Holds a credential of the security scheme `scheme`, sent as a query parameter of the
    /// given name with each request whose security requirement names it.
    #[allow(dead_code)]
    pub(crate) fn api_key_query(self, scheme: &'static str, name: &str, value: String) -> Self {
        self.hold_key(scheme, Auth::Query { name: name.to_string(), value: Secret(value) })
    }

    /// Uses this `reqwest::Client` (for its proxy, TLS or pool settings) instead of a new one.
    /// The connect timeout and the same-origin redirect policy of the builder then do not
    /// apply: set them on your client (`redirect::Policy::none()` is the safe choice). The
    /// read timeout, the overall timeout and the body limit still apply.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
        self
    }

    /// How long to wait for a connection (default 30 s).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.limits.connect_timeout = Some(timeout);
        self
    }

    /// How long the server may send nothing: no response headers, or no byte of the body,
    /// for this long ends the call with [`Error::Timeout`] (default 60 s). `None` waits forever.
    pub fn read_timeout(mut self, timeout: Option<Duration>) -> Self {
        self.limits.read_timeout = timeout;
        self
    }

    /// How long one try of a request may take in all, from connecting to the end of the body
    /// (default: no limit; the read timeout still bounds silence).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.limits.timeout = Some(timeout);
        self
    }

    /// The largest response body the client reads, in bytes (default 32 MiB); a larger one
    /// ends the call with [`Error::BodyTooLarge`], without reading the rest.
    pub fn max_body_size(mut self, bytes: u64) -> Self {
        self.limits.max_body_size = bytes;
        self
    }

    /// The largest item of an event stream or JSON stream, in bytes (default 16 MiB): an
    /// event, or a line, that grows past it ends the stream with [`Error::Stream`]. The stream
    /// as a whole has no limit.
    pub fn max_item_size(mut self, bytes: usize) -> Self {
        self.limits.max_item_size = bytes;
        self
    }

    /// Refuses what a vendor's server types otherwise than its spec (default: off). By
    /// default the client decodes a number sent as a numeric string (`"-0.0025"`), a string
    /// sent as an integer or a boolean (`1`), and a boolean sent as `"true"` or `"false"`,
    /// when the conversion is exact, and
    /// traces a warning naming the field (the `tracing` feature); what it encodes still
    /// follows the spec. Strict, such a body is an [`Error::Decode`].
    pub fn strict_decoding(mut self, strict: bool) -> Self {
        self.limits.strict_decoding = strict;
        self
    }

    /// How many empty pages in a row a stream accepts, each with a link to another page,
    /// before it stops with [`Error::Pagination`] (default 16).
    pub fn max_empty_pages(mut self, pages: u32) -> Self {
        self.limits.max_empty_pages = pages;
        self
    }

    /// Text added to the end of the User-Agent, such as `my-app/1.2`.
    pub fn user_agent_suffix(mut self, suffix: impl Into<String>) -> Self {
        self.user_agent_suffix = Some(suffix.into());
        self
    }

    /// How many times a request is retried (default 2; 0 disables retries); see
    /// [`RetryPolicy`] for which requests are.
    pub fn max_retries(mut self, retries: u32) -> Self {
        self.limits.retry.max_retries = retries;
        self
    }

    /// The longest wait the client accepts before one retry (default 30 s); a server that
    /// asks for more gets no retry, and the error comes back at once.
    pub fn max_retry_wait(mut self, wait: Duration) -> Self {
        self.limits.retry.max_wait = wait;
        self
    }

    /// How requests are retried, unless a request sets its own (default
    /// [`RetryPolicy::default`]).
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.limits.retry = policy;
        self
    }

    /// Builds the client, checking the base URL and the User-Agent.
    pub fn build(self) -> Result<Client, Error> {
        let base_url = url::Url::parse(&self.base_url).map_err(|err| Error::Config(format!("invalid base URL `{}`: {err}", self.base_url)))?;
        if base_url.cannot_be_a_base() || !matches!(base_url.scheme(), "http" | "https") {
            return Err(Error::Config(format!("invalid base URL `{}`: it must be an http or https URL", self.base_url)));
        }
        let mut user_agent = format!(
            "{}-rust/{} rust/{} {}/{}",
            super::SDK_NAME,
            super::SDK_VERSION,
            option_env!("OAS_CODEGEN_RUSTC_VERSION").unwrap_or("unknown"),
            std::env::consts::OS,
            std::env::consts::ARCH
        );
        if let Some(suffix) = &self.user_agent_suffix {
            user_agent.push(' ');
            user_agent.push_str(suffix);
        }
        if let Auth::Custom(auth) = &self.auth {
            auth.check(&base_url)?;
        }
        let user_agent = HeaderValue::from_str(&user_agent).map_err(|_| Error::Config("the User-Agent suffix contains characters a header cannot carry".to_string()))?;
        let http = match self.http {
            Some(http) => http,
            None => {
                let mut builder = reqwest::Client::builder().redirect(same_origin_redirects(&base_url));
                if let Some(timeout) = self.limits.connect_timeout {
                    builder = builder.connect_timeout(timeout);
                }
                builder.build().map_err(|err| Error::Config(format!("the HTTP client could not be built: {err}")))?
            }
        };
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                base_url,
                auth: self.auth,
                keys: self.keys,
                user_agent,
                limits: self.limits,
            }),
        })
    }
}

/// Follows at most 10 redirects, and only within the origin of `base_url`: a redirect
/// elsewhere is not followed, so no body or credential is sent to another origin.
fn same_origin_redirects(base_url: &url::Url) -> reqwest::redirect::Policy {
    let origin = base_url.origin();
    reqwest::redirect::Policy::custom(move |attempt| {
        if attempt.previous().len() >= 10 {
            attempt.error("too many redirects")
        } else if attempt.url().origin() == origin {
            attempt.follow()
        } else {
            attempt.stop()
        }
    })
}
