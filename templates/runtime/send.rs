//! Sending one request: authentication, the read timeout, the body limit, and retries.

use super::client::{Auth, Chosen, Client};
use super::error::{BodyTooLarge, InsufficientScope, PaginationError, TimeoutError};
use super::request::{multipart_form, RequestBody, RequestParts, Target};
use super::{retry, style};
use super::response::{request_id, RawResponse, Response};
use super::Error;
use reqwest::header::{HeaderMap, HeaderValue, AUTHORIZATION, USER_AGENT};
use std::future::Future;
use std::time::Duration;

/// URLs longer than this are shortened in transport errors, so that a huge path parameter
/// cannot make a huge message.
const URL_IN_ERRORS: usize = 256;

impl Client {
    /// Sends a request, retrying on 429 as configured, and sorts the response into success or
    /// error. With the `tracing` feature, in a span named `request` that records the
    /// operationId, the method, the path template (never the path with its values), the
    /// status and the attempt, with an event for each retry.
    pub(crate) async fn execute(&self, parts: &RequestParts) -> Result<RawResponse, Error> {
        match self.execute_traced(parts, false).await? {
            Received::Whole(raw) => Ok(raw),
            // Only a streamed request gets its success unread.
            Received::Streaming(head) => head.read_whole(self).await,
        }
    }

    /// Sends a request whose success body is streamed: the body of a 2xx is left unread,
    /// with no body limit and no overall timeout; an error's body is read as usual.
    pub(crate) async fn execute_streaming(&self, parts: &RequestParts) -> Result<Received, Error> {
        self.execute_traced(parts, true).await
    }

    /// Sends with retries, in a tracing span when the feature is on.
    async fn execute_traced(&self, parts: &RequestParts, stream: bool) -> Result<Received, Error> {
        #[cfg(feature = "tracing")]
        {
            use tracing::Instrument;
            let span = tracing::info_span!(
                "request",
                operation = parts.operation,
                method = %parts.method,
                path = parts.path_template,
                status = tracing::field::Empty,
                attempt = tracing::field::Empty,
            );
            self.execute_with_retries(parts, stream).instrument(span).await
        }
        #[cfg(not(feature = "tracing"))]
        self.execute_with_retries(parts, stream).await
    }

    /// Sends, and sends again as the retry policy allows (see [`super::RetryPolicy`]).
    async fn execute_with_retries(&self, parts: &RequestParts, stream: bool) -> Result<Received, Error> {
        let policy = parts.retry.as_ref().unwrap_or(&self.inner.limits.retry);
        // A streamed body is read once: its request is never sent again.
        let replayable = parts.body.as_ref().is_none_or(|body| body.is_replayable());
        let max_retries = if replayable { policy.max_retries } else { 0 };
        let idempotent = retry::idempotent(parts, policy);
        let mut retry_for: Option<String> = None;
        let mut attempt = 0u32;
        let mut reauthorized = false;
        // The credentials the operation's security requirements name, once per request.
        let chosen = self.inner.chosen(parts.security);
        loop {
            let mut request = self.build_request(parts, &chosen, attempt, retry_for.as_deref(), stream).await?;
            let authorized = match chosen.bearer {
                Some(Auth::Custom(auth)) => Some((auth, auth.authorize(self, &mut request).await?, request.url().clone())),
                _ => None,
            };
            let received = match self.receive_head(request, parts.read_timeout.or(self.inner.limits.read_timeout)).await {
                Ok(head) if stream && (200..300).contains(&head.status) => Ok(Received::Streaming(head)),
                Ok(head) => head.read_whole(self).await.map(Received::Whole),
                Err(err) => Err(err),
            };
            let raw = match received {
                Ok(Received::Streaming(head)) => {
                    if let Some((auth, generation, url)) = &authorized {
                        auth.learn(url, *generation, head.status, &head.headers);
                    }
                    #[cfg(feature = "tracing")]
                    tracing::Span::current().record("status", head.status).record("attempt", attempt);
                    return Ok(Received::Streaming(head));
                }
                Ok(Received::Whole(raw)) => raw,
                Err(err) if attempt < max_retries && retry::retried_failure(&err, idempotent) => {
                    let wait = retry::backoff(policy, attempt);
                    attempt += 1;
                    #[cfg(feature = "tracing")]
                    tracing::info!(attempt, wait_ms = wait.as_millis() as u64, "the request failed; retrying");
                    tokio::time::sleep(wait).await;
                    continue;
                }
                Err(err) => return Err(err),
            };
            if let Some((auth, generation, url)) = authorized {
                // Once per request, whatever other requests do: a token the API rejected, or
                // a DPoP nonce it asked for, gets one more try with fresh credentials.
                if auth.learn(&url, generation, raw.status, &raw.headers) && !reauthorized && replayable {
                    reauthorized = true;
                    continue;
                }
            }
            #[cfg(feature = "tracing")]
            tracing::Span::current().record("status", raw.status).record("attempt", attempt);
            if (200..300).contains(&raw.status) {
                return Ok(Received::Whole(raw));
            }
            if attempt < max_retries && retry::retried_status(raw.status, idempotent) {
                // The server's wait when it gives one, unless it is longer than the policy
                // accepts: then the error comes back now, with that wait in its headers.
                let wait = match retry::server_wait(&raw.headers) {
                    Some(wait) if wait.asked <= policy.max_wait => Some((wait.asked + wait.margin).min(policy.max_wait)),
                    Some(_) => None,
                    None => Some(retry::backoff(policy, attempt)),
                };
                if let Some(wait) = wait {
                    retry_for = request_id(&raw.headers).map(str::to_string);
                    attempt += 1;
                    #[cfg(feature = "tracing")]
                    tracing::info!(attempt, status = raw.status, wait_ms = wait.as_millis() as u64, "retrying");
                    tokio::time::sleep(wait).await;
                    continue;
                }
            }
            let scope_challenge = (raw.status == 403).then(|| super::challenge::with_error(&raw.headers, None, "insufficient_scope")).flatten();
            if let Some(challenge) = scope_challenge {
                return Err(Error::InsufficientScope(Box::new(InsufficientScope {
                    status: raw.status,
                    scope: challenge.param("scope").map(str::to_string),
                    error_description: challenge.param("error_description").map(str::to_string),
                    headers: raw.headers,
                })));
            }
            let documented = parts.has_default_error || parts.error_statuses.contains(&raw.status);
            return Err(raw.into_error(documented));
        }
    }

    /// Sends one try and reads its response, bounding silence by the read timeout and the
    /// body by the body limit.
    pub(crate) async fn receive(&self, request: reqwest::Request) -> Result<RawResponse, Error> {
        self.receive_head(request, self.inner.limits.read_timeout).await?.read_whole(self).await
    }

    /// Sends one try and waits for the response's head, bounding silence by `read_timeout`.
    async fn receive_head(&self, request: reqwest::Request, read_timeout: Option<Duration>) -> Result<Head, Error> {
        let sent = self.inner.http.execute(request);
        let mut response = silence_bounded(read_timeout, "the response headers", None, sent)
            .await?
            .map_err(|err| self.transport(err))?;
        let status = response.status().as_u16();
        let headers = std::mem::take(response.headers_mut());
        let url = response.url().clone();
        Ok(Head { status, headers, url, response })
    }

    /// Builds the `reqwest` request for one try.
    async fn build_request(&self, parts: &RequestParts, chosen: &Chosen<'_>, attempt: u32, retry_for: Option<&str>, stream: bool) -> Result<reqwest::Request, Error> {
        let inner = &self.inner;
        let mut url = match &parts.target {
            Target::Path(path) => {
                let mut url = inner.base_url.clone();
                let joined = format!("{}{}", url.path().trim_end_matches('/'), path);
                url.set_path(&joined);
                url
            }
            Target::Url(url) => {
                if url.origin() != inner.base_url.origin() {
                    let origin = url.origin().ascii_serialization();
                    return Err(Error::Pagination(Box::new(PaginationError::OtherOrigin { origin })));
                }
                url.clone()
            }
        };
        let mut query = parts.query.clone();
        for key in &chosen.keys {
            if let Auth::Query { name, value } = key {
                query.push(format!("{}={}", style::encode(name), style::encode(&value.0)));
            }
        }
        if !query.is_empty() {
            let joined = query.join("&");
            match url.query().filter(|q| !q.is_empty()) {
                Some(existing) => {
                    let both = format!("{existing}&{joined}");
                    url.set_query(Some(&both));
                }
                None => url.set_query(Some(&joined)),
            }
        }
        let mut headers = HeaderMap::new();
        headers.insert(USER_AGENT, inner.user_agent.clone());
        // The spec's media types; one that no header can carry falls back to JSON. An
        // operation whose responses document no body asks for none in particular.
        if !parts.accept.is_empty() {
            let accept = HeaderValue::from_str(parts.accept).unwrap_or_else(|_| HeaderValue::from_static("application/json"));
            headers.insert(reqwest::header::ACCEPT, accept);
        }
        for (name, value) in &parts.headers {
            let header = reqwest::header::HeaderName::from_bytes(name.as_bytes()).map_err(|_| Error::Config(format!("`{name}` cannot be a header name")))?;
            let value = HeaderValue::from_str(value).map_err(|_| Error::Config(format!("header `{name}` has a value that cannot be sent")))?;
            headers.append(header, value);
        }
        for key in &chosen.keys {
            if let Auth::Header { name, value } = key {
                headers.insert(name.clone(), sensitive(&value.0)?);
            }
        }
        match chosen.bearer {
            // Keys are sent above; a custom authenticator signs the built request.
            None | Some(Auth::None | Auth::Header { .. } | Auth::Query { .. } | Auth::Custom(_)) => {}
            Some(Auth::Bearer(token)) => {
                headers.insert(AUTHORIZATION, sensitive(&format!("Bearer {}", token.0))?);
            }
            Some(Auth::Provider(provider)) => {
                let token = provider.token().await.map_err(Error::Auth)?;
                headers.insert(AUTHORIZATION, sensitive(&format!("Bearer {token}"))?);
            }
        }
        if !parts.cookies.is_empty() {
            let cookies = HeaderValue::from_str(&parts.cookies.join("; ")).map_err(|_| Error::Config("a cookie has a value that cannot be sent".to_string()))?;
            headers.insert(reqwest::header::COOKIE, cookies);
        }
        if attempt > 0 {
            if let Some(id) = retry_for.and_then(|id| HeaderValue::from_str(id).ok()) {
                headers.insert("x-okta-retry-for", id);
            }
            headers.insert("x-okta-retry-count", HeaderValue::from(attempt));
        }
        let mut builder = inner.http.request(parts.method.clone(), url).headers(headers);
        // A streamed body may take as long as it takes; the read timeout bounds its silence.
        if let Some(timeout) = inner.limits.timeout.filter(|_| !stream) {
            builder = builder.timeout(timeout);
        }
        builder = match &parts.body {
            None => builder,
            Some(RequestBody::Bytes { content_type, bytes }) => builder.header(reqwest::header::CONTENT_TYPE, *content_type).body(bytes.clone()),
            Some(RequestBody::Multipart(fields)) => builder.multipart(multipart_form(fields)?),
            Some(RequestBody::Stream { content_type, body, length }) => {
                let taken = body.lock().ok().and_then(|mut body| body.take());
                let body = taken.ok_or_else(|| Error::Config("this request's streamed body was sent already, and a stream cannot be sent twice".to_string()))?;
                let builder = builder.header(reqwest::header::CONTENT_TYPE, *content_type);
                let builder = match length {
                    Some(length) => builder.header(reqwest::header::CONTENT_LENGTH, *length),
                    None => builder,
                };
                builder.body(body)
            }
        };
        builder.build().map_err(|err| self.transport(err))
    }

    /// Wraps a `reqwest` error: a timeout as [`Error::Timeout`], any other as
    /// [`Error::Transport`] without a URL that could carry a secret, and with a long URL shortened.
    fn transport(&self, err: reqwest::Error) -> Error {
        let limits = &self.inner.limits;
        if err.is_timeout() {
            let (waiting_for, after) = if err.is_connect() { ("a connection", limits.connect_timeout) } else { ("the whole request", limits.timeout) };
            return Error::Timeout(Box::new(TimeoutError { waiting_for, after, status: err.status().map(|s| s.as_u16()) }));
        }
        let long = err.url().filter(|url| url.as_str().len() > URL_IN_ERRORS).map(shortened);
        let query_key = self.inner.keys.iter().any(|key| matches!(key.auth, Auth::Query { .. }));
        match (query_key, long) {
            (true, _) => Error::Transport(err.without_url()),
            (_, Some(short)) => Error::Transport(err.without_url().with_url(short)),
            _ => Error::Transport(err),
        }
    }
}

/// What a request gave: a whole response, or the head of a success whose body streams.
pub(crate) enum Received {
    Whole(RawResponse),
    Streaming(Head),
}

/// A response whose body has not been read.
pub(crate) struct Head {
    pub(crate) status: u16,
    pub(crate) headers: HeaderMap,
    pub(crate) url: url::Url,
    pub(crate) response: reqwest::Response,
}

impl Head {
    /// Reads the whole body, bounding silence by the read timeout and the size by the limit.
    async fn read_whole(self, client: &Client) -> Result<RawResponse, Error> {
        let limits = &client.inner.limits;
        let Head { status, headers, url, mut response } = self;
        let too_large = |content_length, headers| {
            Error::BodyTooLarge(Box::new(BodyTooLarge { status, limit: limits.max_body_size, content_length, headers }))
        };
        let announced = response.content_length();
        if announced.is_some_and(|length| length > limits.max_body_size) {
            return Err(too_large(announced, headers));
        }
        let mut body = Vec::with_capacity(announced.unwrap_or(0).min(limits.max_body_size) as usize);
        loop {
            let chunk = silence_bounded(limits.read_timeout, "more of the response body", Some(status), response.chunk()).await?;
            match chunk.map_err(|err| client.transport(err))? {
                None => break,
                Some(chunk) if (body.len() + chunk.len()) as u64 > limits.max_body_size => {
                    return Err(too_large(announced, headers));
                }
                Some(chunk) => body.extend_from_slice(&chunk),
            }
        }
        Ok(RawResponse { status, headers, url, body: body.into(), strict: limits.strict_decoding })
    }
}

/// Sends a request and decodes its JSON body. Operations call this rather than an `async fn`
/// of their own, so there is one state machine per body type, shared by every operation that
/// returns it, not one per operation: less for the compiler to build.
pub(crate) async fn json<T: serde::de::DeserializeOwned>(client: Client, parts: Result<RequestParts, Error>) -> Result<Response<T>, Error> {
    client.execute(&parts?).await?.json()
}

/// Sends a request whose success has no body.
pub(crate) async fn empty(client: Client, parts: Result<RequestParts, Error>) -> Result<Response<()>, Error> {
    client.execute(&parts?).await?.empty()
}

/// Sends a request whose success body is text.
pub(crate) async fn text(client: Client, parts: Result<RequestParts, Error>) -> Result<Response<String>, Error> {
    client.execute(&parts?).await?.text()
}

/// Sends a request whose success body is bytes.
pub(crate) async fn bytes(client: Client, parts: Result<RequestParts, Error>) -> Result<Response<Vec<u8>>, Error> {
    client.execute(&parts?).await?.bytes()
}

/// The body of a response, for `send`.
pub(crate) fn body<T>(response: Result<Response<T>, Error>) -> Result<T, Error> {
    response.map(Response::into_body)
}

/// Awaits `future`, failing with [`Error::Timeout`] when `limit` passes first.
pub(crate) async fn silence_bounded<T>(limit: Option<Duration>, waiting_for: &'static str, status: Option<u16>, future: impl Future<Output = T>) -> Result<T, Error> {
    match limit {
        None => Ok(future.await),
        Some(limit) => tokio::time::timeout(limit, future)
            .await
            .map_err(|_| Error::Timeout(Box::new(TimeoutError { waiting_for, after: Some(limit), status }))),
    }
}

/// The URL with its query dropped and its path cut short, for error messages.
fn shortened(url: &url::Url) -> url::Url {
    let mut short = url.clone();
    short.set_query(None);
    short.set_fragment(None);
    let path = url.path();
    if path.len() > URL_IN_ERRORS / 2 {
        let cut = (0..=URL_IN_ERRORS / 2).rev().find(|i| path.is_char_boundary(*i)).unwrap_or(0);
        short.set_path(&format!("{}...", &path[..cut]));
    }
    short
}

/// A header value marked sensitive, so that `reqwest` and `http` never print it.
pub(crate) fn sensitive(value: &str) -> Result<HeaderValue, Error> {
    let mut value = HeaderValue::from_str(value).map_err(|_| Error::Config("the credential contains characters a header cannot carry".to_string()))?;
    value.set_sensitive(true);
    Ok(value)
}
