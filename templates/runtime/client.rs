//! The client: configuration, authentication, the User-Agent, and sending with rate-limit retries.

use super::request::{multipart_form, RequestBody, RequestParts, Target};
use super::response::{numbers, request_id, RawResponse};
use super::Error;
use reqwest::header::{HeaderMap, HeaderValue, AUTHORIZATION, DATE, USER_AGENT};
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

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

/// A secret that never shows in `Debug` output.
#[derive(Clone)]
struct Secret(String);

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("\"<redacted>\"")
    }
}

/// How requests are authenticated.
#[derive(Clone)]
enum Auth {
    None,
    Header { name: reqwest::header::HeaderName, value: Secret },
    Query { name: String, value: Secret },
    Bearer(Secret),
    Provider(Arc<dyn TokenProvider>),
}

impl fmt::Debug for Auth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Auth::None => f.write_str("None"),
            Auth::Header { name, .. } => write!(f, "Header({name}: <redacted>)"),
            Auth::Query { name, .. } => write!(f, "Query({name}=<redacted>)"),
            Auth::Bearer(_) => f.write_str("Bearer(<redacted>)"),
            Auth::Provider(_) => f.write_str("TokenProvider"),
        }
    }
}

/// The API client. Cheap to clone: clones share one connection pool and configuration.
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
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    http: reqwest::Client,
    base_url: url::Url,
    auth: Auth,
    user_agent: HeaderValue,
    max_retries: u32,
    max_retry_wait: Duration,
    timeout: Option<Duration>,
}

/// Builds a [`Client`]; start with [`Client::builder`].
#[must_use]
#[derive(Debug)]
pub struct ClientBuilder {
    base_url: String,
    auth: Auth,
    http: Option<reqwest::Client>,
    connect_timeout: Option<Duration>,
    timeout: Option<Duration>,
    user_agent_suffix: Option<String>,
    max_retries: u32,
    max_retry_wait: Duration,
}

impl Client {
    /// Starts building a client for the API at `base_url` (such as `https://example.okta.com`).
    pub fn builder(base_url: impl Into<String>) -> ClientBuilder {
        ClientBuilder {
            base_url: base_url.into(),
            auth: Auth::None,
            http: None,
            connect_timeout: Some(Duration::from_secs(30)),
            timeout: None,
            user_agent_suffix: None,
            max_retries: 2,
            max_retry_wait: Duration::from_secs(30),
        }
    }

    /// The base URL every request path is joined to.
    pub fn base_url(&self) -> &url::Url {
        &self.inner.base_url
    }

    /// Sends a request, retrying on 429 as configured, and sorts the response into success or error.
    pub(crate) async fn execute(&self, parts: &RequestParts) -> Result<RawResponse, Error> {
        let mut retry_for: Option<String> = None;
        let mut attempt = 0u32;
        loop {
            let request = self.build_request(parts, attempt, retry_for.as_deref()).await?;
            let mut response = self.inner.http.execute(request).await.map_err(|err| self.transport(err))?;
            let status = response.status().as_u16();
            let headers = std::mem::take(response.headers_mut());
            let body = response.bytes().await.map_err(|err| self.transport(err))?;
            let raw = RawResponse { status, headers, body };
            if (200..300).contains(&status) {
                return Ok(raw);
            }
            let wait = (status == 429 && attempt < self.inner.max_retries)
                .then(|| retry_wait(&raw.headers, self.inner.max_retry_wait))
                .flatten();
            if let Some(wait) = wait {
                retry_for = request_id(&raw.headers).map(str::to_string);
                attempt += 1;
                tokio::time::sleep(wait).await;
                continue;
            }
            let documented = parts.has_default_error || parts.error_statuses.contains(&status);
            return Err(raw.into_error(documented));
        }
    }

    /// Builds the `reqwest` request for one try.
    async fn build_request(&self, parts: &RequestParts, attempt: u32, retry_for: Option<&str>) -> Result<reqwest::Request, Error> {
        let mut url = match &parts.target {
            Target::Path(path) => {
                let mut url = self.inner.base_url.clone();
                let joined = format!("{}{}", url.path().trim_end_matches('/'), path);
                url.set_path(&joined);
                url
            }
            Target::Url(url) => {
                if url.origin() != self.inner.base_url.origin() {
                    return Err(Error::Config(format!("refusing to follow a link to another origin: {}", url.origin().ascii_serialization())));
                }
                url.clone()
            }
        };
        if !parts.query.is_empty() {
            url.query_pairs_mut().extend_pairs(parts.query.iter());
        }
        let mut builder = self.inner.http.request(parts.method.clone(), url.clone());
        let mut headers = HeaderMap::new();
        headers.insert(USER_AGENT, self.inner.user_agent.clone());
        headers.insert(reqwest::header::ACCEPT, HeaderValue::from_static("application/json"));
        for (name, value) in &parts.headers {
            let value = HeaderValue::from_str(value).map_err(|_| Error::Config(format!("header `{name}` has a value that cannot be sent")))?;
            headers.append(*name, value);
        }
        match &self.inner.auth {
            Auth::None => {}
            Auth::Header { name, value } => {
                headers.insert(name.clone(), sensitive(&value.0)?);
            }
            Auth::Query { name, value } => {
                let mut url = url;
                url.query_pairs_mut().append_pair(name, &value.0);
                builder = self.inner.http.request(parts.method.clone(), url);
            }
            Auth::Bearer(token) => {
                headers.insert(AUTHORIZATION, sensitive(&format!("Bearer {}", token.0))?);
            }
            Auth::Provider(provider) => {
                let token = provider.token().await.map_err(Error::Auth)?;
                headers.insert(AUTHORIZATION, sensitive(&format!("Bearer {token}"))?);
            }
        }
        if attempt > 0 {
            if let Some(id) = retry_for.and_then(|id| HeaderValue::from_str(id).ok()) {
                headers.insert("x-okta-retry-for", id);
            }
            headers.insert("x-okta-retry-count", HeaderValue::from(attempt));
        }
        builder = builder.headers(headers);
        if let Some(timeout) = self.inner.timeout {
            builder = builder.timeout(timeout);
        }
        builder = match &parts.body {
            None => builder,
            Some(RequestBody::Bytes { content_type, bytes }) => builder.header(reqwest::header::CONTENT_TYPE, *content_type).body(bytes.clone()),
            Some(RequestBody::Multipart(fields)) => builder.multipart(multipart_form(fields)),
        };
        builder.build().map_err(|err| self.transport(err))
    }

    /// Wraps a transport error, dropping the URL when it could carry a secret.
    fn transport(&self, err: reqwest::Error) -> Error {
        match self.inner.auth {
            Auth::Query { .. } => Error::Transport(err.without_url()),
            _ => Error::Transport(err),
        }
    }
}

/// A header value marked sensitive, so that `reqwest` and `http` never print it.
fn sensitive(value: &str) -> Result<HeaderValue, Error> {
    let mut value = HeaderValue::from_str(value).map_err(|_| Error::Config("the credential contains characters a header cannot carry".to_string()))?;
    value.set_sensitive(true);
    Ok(value)
}

/// How long to wait before retrying a 429: until `X-Rate-Limit-Reset`, measured against the
/// server's `Date`, plus one second, capped at `max`. `None` when the reset is unknown.
fn retry_wait(headers: &HeaderMap, max: Duration) -> Option<Duration> {
    let reset = numbers(headers, "x-rate-limit-reset").max()?;
    let now = headers
        .get(DATE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| chrono::DateTime::parse_from_rfc2822(v).ok())
        .and_then(|date| u64::try_from(date.timestamp()).ok())
        .unwrap_or_else(|| SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0));
    let wait = Duration::from_secs(reset.saturating_sub(now) + 1);
    Some(wait.min(max))
}

impl ClientBuilder {
    /// Sends `Authorization: Bearer <token>` with every request (an OAuth 2.0 access token).
    pub fn bearer_token(mut self, token: impl Into<String>) -> Self {
        self.auth = Auth::Bearer(Secret(token.into()));
        self
    }

    /// Asks `provider` for an OAuth 2.0 access token before every request.
    pub fn token_provider(mut self, provider: impl TokenProvider + 'static) -> Self {
        self.auth = Auth::Provider(Arc::new(provider));
        self
    }

    /// Sends a credential in a header of the given name, such as `Authorization`.
    pub(crate) fn api_key_header(mut self, name: &'static str, value: String) -> Self {
        self.auth = Auth::Header { name: reqwest::header::HeaderName::from_static(name), value: Secret(value) };
        self
    }

    /// Sends a credential as a query parameter of the given name.
    #[allow(dead_code)]
    pub(crate) fn api_key_query(mut self, name: &str, value: String) -> Self {
        self.auth = Auth::Query { name: name.to_string(), value: Secret(value) };
        self
    }

    /// Uses this `reqwest::Client` (for its proxy, TLS or pool settings) instead of a new one.
    /// The connect timeout of the builder then does not apply; set it on your client.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
        self
    }

    /// How long to wait for a connection (default 30 s).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = Some(timeout);
        self
    }

    /// How long one try of a request may take in all, from connecting to the end of the body
    /// (default: no limit).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Text added to the end of the User-Agent, such as `my-app/1.2`.
    pub fn user_agent_suffix(mut self, suffix: impl Into<String>) -> Self {
        self.user_agent_suffix = Some(suffix.into());
        self
    }

    /// How many times a request that got 429 is retried (default 2; 0 disables retries).
    pub fn max_retries(mut self, retries: u32) -> Self {
        self.max_retries = retries;
        self
    }

    /// The longest the client waits before one retry (default 30 s).
    pub fn max_retry_wait(mut self, wait: Duration) -> Self {
        self.max_retry_wait = wait;
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
        let user_agent = HeaderValue::from_str(&user_agent).map_err(|_| Error::Config("the User-Agent suffix contains characters a header cannot carry".to_string()))?;
        let http = match self.http {
            Some(http) => http,
            None => {
                let mut builder = reqwest::Client::builder();
                if let Some(timeout) = self.connect_timeout {
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
                user_agent,
                max_retries: self.max_retries,
                max_retry_wait: self.max_retry_wait,
                timeout: self.timeout,
            }),
        })
    }
}
