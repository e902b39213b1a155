//! The one error type of the client: API errors, transport failures, decode failures and more.

use std::fmt;

/// Anything that can go wrong when calling the API.
///
/// Match on it to tell an error the API reported (with its status and decoded body)
/// from a network failure, a response that did not decode, or a status the API does not
/// document:
///
/// ```
/// fn report<T>(result: Result<T, {{crate}}::Error>) -> Option<T> {
///     match result {
///         Ok(value) => Some(value),
///         Err({{crate}}::Error::Api(err)) if err.status() == 404 => None,
///         Err(err) if err.is_retryable() => {
///             eprintln!("try again later: {err}");
///             None
///         }
///         Err(err) => {
///             eprintln!("failed with status {:?}: {err}", err.status());
///             None
///         }
///     }
/// }
/// ```
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// The API answered with an error status it documents, and its error body.
    Api(Box<ApiError>),
    /// The API answered with a status the spec does not document for this operation.
    UnexpectedStatus(Box<UnexpectedStatus>),
    /// The request did not complete: connection, TLS or protocol failure.
    Transport(reqwest::Error),
    /// The server sent nothing for longer than the read timeout, or the request took longer
    /// than its overall timeout.
    Timeout(Box<TimeoutError>),
    /// The response body is larger than the client accepts
    /// ([`ClientBuilder::max_body_size`](super::ClientBuilder::max_body_size)).
    BodyTooLarge(Box<BodyTooLarge>),
    /// A list could not be followed to its end: its next link repeats a page already
    /// fetched, leads to another origin, or cannot be read.
    Pagination(Box<PaginationError>),
    /// The response body did not match the expected type.
    Decode(Box<DecodeError>),
    /// The client or a request could not be built (an invalid base URL or header, say).
    Config(String),
    /// The token provider could not supply a token.
    Auth(Box<dyn std::error::Error + Send + Sync>),
    /// Writing a downloaded body failed (`ByteStream::write_to`).
    Io(std::io::Error),
    /// The OAuth 2.0 token endpoint refused to issue an access token, with the `error` code
    /// of RFC 6749 §5.2 (`invalid_client`, `invalid_scope`, `invalid_dpop_proof`…).
    OAuth(Box<OAuthError>),
    /// The API answered 403 with `WWW-Authenticate: … error="insufficient_scope"`: the
    /// access token lacks a scope the operation needs (RFC 6750 §3.1).
    InsufficientScope(Box<InsufficientScope>),
    /// One item of an event stream or JSON stream did not decode as the spec's type (a
    /// `ping`, an `error` event, an event the spec does not list); it carries the raw item,
    /// and the stream goes on.
    UndecodedItem(Box<UndecodedItem>),
    /// An event stream or JSON stream cannot go on: an item grew past the client's cap, the
    /// bytes are not text, or the body ended inside an item.
    Stream(Box<StreamError>),
}

impl Error {
    /// The HTTP status of the response, when there was one.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Api(err) => Some(err.status),
            Error::UnexpectedStatus(err) => Some(err.status),
            Error::Decode(err) => Some(err.status),
            Error::Transport(err) => err.status().map(|s| s.as_u16()),
            Error::BodyTooLarge(err) => Some(err.status),
            Error::OAuth(err) => Some(err.status),
            Error::InsufficientScope(err) => Some(err.status),
            Error::UndecodedItem(err) => Some(err.status),
            Error::Stream(err) => Some(err.status),
            Error::Timeout(_) | Error::Pagination(_) | Error::Config(_) | Error::Auth(_) | Error::Io(_) => None,
        }
    }

    /// Whether sending the same request again later may succeed: a 429, 502, 503 or 504, a
    /// timeout, or a transport failure (a refused, reset or closed connection, a TLS or
    /// protocol failure), but not a request that could not be built or a body that could
    /// not be read.
    ///
    /// It says nothing about whether retrying is safe: after a 5xx or a failure once the
    /// request was sent, the server may have applied a `POST` already. The client has
    /// already retried what its [`RetryPolicy`](super::RetryPolicy) allows: a 429 for every
    /// method, the rest for idempotent requests.
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Transport(err) => !err.is_builder() && !err.is_decode() && !err.is_redirect(),
            Error::Timeout(_) => true,
            _ => matches!(self.status(), Some(429 | 502 | 503 | 504)),
        }
    }

    /// How long the server asked the client to wait before trying again (`Retry-After`, the
    /// `RateLimit` headers, `X-RateLimit-Reset`, `X-Rate-Limit-Reset`), when it did. A wait
    /// longer than the retry policy's `max_wait` is not waited for: the error comes back
    /// with it here.
    pub fn retry_after(&self) -> Option<std::time::Duration> {
        self.headers().and_then(super::retry::server_wait).map(|wait| wait.asked)
    }

    /// The response headers, when there was a response.
    pub fn headers(&self) -> Option<&reqwest::header::HeaderMap> {
        match self {
            Error::Api(err) => Some(&err.headers),
            Error::UnexpectedStatus(err) => Some(&err.headers),
            Error::Decode(err) => Some(&err.headers),
            Error::BodyTooLarge(err) => Some(&err.headers),
            Error::InsufficientScope(err) => Some(&err.headers),
            _ => None,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Api(err) => fmt::Display::fmt(err, f),
            Error::UnexpectedStatus(err) => write!(f, "unexpected HTTP status {}: {}", err.status, err.body_excerpt),
            Error::Transport(err) => write!(f, "request failed: {err}"),
            Error::Timeout(err) => fmt::Display::fmt(err, f),
            Error::BodyTooLarge(err) => fmt::Display::fmt(err, f),
            Error::Pagination(err) => fmt::Display::fmt(err, f),
            Error::Decode(err) => fmt::Display::fmt(err, f),
            Error::Config(message) => write!(f, "invalid configuration: {message}"),
            Error::Auth(err) => write!(f, "could not get an access token: {err}"),
            Error::Io(err) => write!(f, "could not write the downloaded body: {err}"),
            Error::OAuth(err) => fmt::Display::fmt(err, f),
            Error::InsufficientScope(err) => fmt::Display::fmt(err, f),
            Error::UndecodedItem(err) => fmt::Display::fmt(err, f),
            Error::Stream(err) => fmt::Display::fmt(err, f),
        }?;
        match (self.status(), self.retry_after()) {
            (Some(429 | 503), Some(wait)) => write!(f, " (the server asks to wait {} s)", wait.as_secs()),
            _ => Ok(()),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Transport(err) => Some(err),
            Error::Auth(err) => Some(err.as_ref()),
            Error::Io(err) => Some(err),
            _ => None,
        }
    }
}

/// An error status the API documents, with its decoded body.
#[derive(Debug)]
pub struct ApiError {
    /// The HTTP status.
    pub status: u16,
    /// The error body, when it decoded as the API's error type.
    pub body: Option<super::ErrorBody>,
    /// The response headers.
    pub headers: reqwest::header::HeaderMap,
    /// The start of the raw body, for bodies that did not decode.
    pub body_excerpt: String,
    /// The whole raw body.
    pub(crate) raw_body: bytes::Bytes,
}

impl ApiError {
    /// Decodes the raw body as another type, for operations whose error responses have a
    /// schema of their own.
    pub fn body_as<T: serde::de::DeserializeOwned>(&self) -> Result<T, serde_json::Error> {
        serde_json::from_slice(&self.raw_body)
    }

    /// The HTTP status.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The request id the server gave the request (`X-Okta-Request-Id` or `X-Request-Id`).
    pub fn request_id(&self) -> Option<&str> {
        super::response::request_id(&self.headers)
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "HTTP {}", self.status)?;
        match &self.body {
            Some(body) => write!(f, ": {}", super::response::describe_error_body(body))?,
            None if !self.body_excerpt.is_empty() => write!(f, ": {}", self.body_excerpt)?,
            None => {}
        }
        if let Some(id) = self.request_id() {
            write!(f, " (request id {id})")?;
        }
        Ok(())
    }
}

/// A status the spec does not document for the operation.
#[derive(Debug)]
pub struct UnexpectedStatus {
    /// The HTTP status.
    pub status: u16,
    /// The response headers.
    pub headers: reqwest::header::HeaderMap,
    /// The start of the body.
    pub body_excerpt: String,
}

/// A response body that did not match the expected type.
#[derive(Debug)]
pub struct DecodeError {
    /// The HTTP status of the response.
    pub status: u16,
    /// The JSON path at which decoding failed, such as `[3].profile.login`.
    pub path: String,
    /// What serde reported.
    pub message: String,
    /// The response headers.
    pub headers: reqwest::header::HeaderMap,
    /// The start of the body.
    pub body_excerpt: String,
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "could not decode the HTTP {} response at `{}`: {} (body starts: {})",
            self.status, self.path, self.message, self.body_excerpt
        )
    }
}

/// An item of a stream that did not decode: the raw event (or line), and why.
#[derive(Debug, Clone)]
pub struct UndecodedItem {
    /// The HTTP status of the response.
    pub status: u16,
    /// The event type, for an event stream that named one.
    pub event: Option<String>,
    /// The last event ID, for an event stream.
    pub id: Option<String>,
    /// The item as the server sent it: an event's data, or a line of a JSON stream.
    pub data: String,
    /// What serde reported.
    pub message: String,
}

impl fmt::Display for UndecodedItem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let excerpt: String = self.data.chars().take(200).collect();
        match &self.event {
            Some(event) => write!(f, "could not decode a `{event}` event: {} (data: {excerpt})", self.message),
            None => write!(f, "could not decode an item of the stream: {} (data: {excerpt})", self.message),
        }
    }
}

/// Why an event stream or JSON stream stopped.
#[derive(Debug)]
pub struct StreamError {
    /// The HTTP status of the response.
    pub status: u16,
    /// What went wrong.
    pub kind: StreamErrorKind,
}

/// What stopped a stream.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum StreamErrorKind {
    /// One event or line grew past this many bytes
    /// ([`ClientBuilder::max_item_size`](super::ClientBuilder::max_item_size)).
    ItemTooLarge(usize),
    /// The bytes are not UTF-8 text.
    NotText,
    /// The body ended inside an event.
    Truncated,
}

impl fmt::Display for StreamError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            StreamErrorKind::ItemTooLarge(limit) => write!(f, "an item of the HTTP {} stream is larger than the client's limit of {limit} bytes; raise it with `ClientBuilder::max_item_size`", self.status),
            StreamErrorKind::NotText => write!(f, "the HTTP {} event stream is not UTF-8 text", self.status),
            StreamErrorKind::Truncated => write!(f, "the HTTP {} event stream ended inside an event", self.status),
        }
    }
}

/// A request that ran out of time.
#[derive(Debug)]
pub struct TimeoutError {
    /// What the client was waiting for: `"the response headers"`, `"more of the response
    /// body"`, or `"the whole request"` (the overall timeout).
    pub waiting_for: &'static str,
    /// The limit that was reached, where the client set it.
    pub after: Option<std::time::Duration>,
    /// The HTTP status, when the headers had arrived.
    pub status: Option<u16>,
}

impl fmt::Display for TimeoutError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "timed out waiting for {}", self.waiting_for)?;
        if let Some(after) = self.after {
            write!(f, " after {} ms", after.as_millis())?;
        }
        if let Some(status) = self.status {
            write!(f, " (HTTP {status})")?;
        }
        Ok(())
    }
}

/// A response body larger than the client accepts.
#[derive(Debug)]
pub struct BodyTooLarge {
    /// The HTTP status.
    pub status: u16,
    /// The limit, in bytes.
    pub limit: u64,
    /// The `Content-Length` the server announced, if any.
    pub content_length: Option<u64>,
    /// The response headers.
    pub headers: reqwest::header::HeaderMap,
}

impl fmt::Display for BodyTooLarge {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the HTTP {} response body is larger than the client's limit of {} bytes", self.status, self.limit)?;
        if let Some(length) = self.content_length {
            write!(f, " (Content-Length: {length})")?;
        }
        write!(f, "; raise the limit with `ClientBuilder::max_body_size`")
    }
}

/// Why a list could not be followed to its end.
#[derive(Debug)]
#[non_exhaustive]
pub enum PaginationError {
    /// The next link names a page this stream has already fetched: following it would
    /// loop forever.
    Loop {
        /// The repeated URL.
        url: url::Url,
        /// How many pages the stream had fetched.
        pages: usize,
    },
    /// More pages in a row than the client accepts came back empty, each with a link to
    /// yet another page ([`ClientBuilder::max_empty_pages`](super::ClientBuilder::max_empty_pages)).
    EmptyPages {
        /// How many empty pages came in a row.
        count: u32,
    },
    /// The next link leads to another origin, where the credentials must not go.
    OtherOrigin {
        /// The other origin.
        origin: String,
    },
    /// A list that pages through its body gave a cursor, offset or token it had given
    /// before: following it would loop forever.
    RepeatedCursor {
        /// The repeated cursor.
        cursor: String,
        /// How many pages the stream had fetched.
        pages: usize,
    },
    /// A `Link` header could not be read.
    MalformedLink {
        /// What is wrong with it.
        message: String,
    },
}

impl fmt::Display for PaginationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PaginationError::Loop { url, pages } => write!(
                f,
                "pagination stopped: after {pages} pages, the next link repeats a page already fetched ({})",
                super::response::cap(url.as_str())
            ),
            PaginationError::EmptyPages { count } => {
                write!(f, "pagination stopped: {count} empty pages in a row, each linking to another page")
            }
            PaginationError::OtherOrigin { origin } => write!(
                f,
                "pagination stopped: refusing to follow a link to another origin ({})",
                super::response::cap(origin)
            ),
            PaginationError::RepeatedCursor { cursor, pages } => write!(
                f,
                "pagination stopped: after {pages} pages, the next cursor repeats one already followed ({})",
                super::response::cap(cursor)
            ),
            PaginationError::MalformedLink { message } => {
                write!(f, "pagination stopped: the Link header cannot be read: {}", super::response::cap(message))
            }
        }
    }
}

/// A token endpoint's error response (RFC 6749 §5.2). It holds what the server said and
/// nothing the client sent: no secret, assertion, proof or token.
#[derive(Debug, Clone)]
pub struct OAuthError {
    /// The HTTP status of the token endpoint's answer.
    pub status: u16,
    /// The `error` code, such as `invalid_client`; `invalid_response` when the answer was
    /// not an OAuth 2.0 error or token response.
    pub error: String,
    /// The `error_description`, if the server gave one.
    pub error_description: Option<String>,
    /// The `error_uri`, if the server gave one.
    pub error_uri: Option<String>,
}

impl fmt::Display for OAuthError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the token endpoint refused an access token: {} (HTTP {})", super::response::cap(&self.error), self.status)?;
        if let Some(description) = &self.error_description {
            write!(f, ": {}", super::response::cap(description))?;
        }
        Ok(())
    }
}

/// A 403 because the access token lacks a scope (RFC 6750 §3.1).
#[derive(Debug)]
pub struct InsufficientScope {
    /// The HTTP status (403).
    pub status: u16,
    /// The scope the server says the operation needs, from the challenge's `scope`.
    pub scope: Option<String>,
    /// The challenge's `error_description`, if any.
    pub error_description: Option<String>,
    /// The response headers.
    pub headers: reqwest::header::HeaderMap,
}

impl fmt::Display for InsufficientScope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.scope {
            Some(scope) => write!(f, "the access token lacks the scope `{}` (HTTP {} insufficient_scope)", super::response::cap(scope), self.status)?,
            None => write!(f, "the access token lacks a scope this operation needs (HTTP {} insufficient_scope)", self.status)?,
        }
        if let Some(description) = &self.error_description {
            write!(f, ": {}", super::response::cap(description))?;
        }
        Ok(())
    }
}
