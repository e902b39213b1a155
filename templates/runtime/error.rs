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
    /// The request did not complete: connection, TLS, timeout or protocol failure.
    Transport(reqwest::Error),
    /// The response body did not match the expected type.
    Decode(Box<DecodeError>),
    /// The client or a request could not be built (an invalid base URL or header, say).
    Config(String),
    /// The token provider could not supply a token.
    Auth(Box<dyn std::error::Error + Send + Sync>),
}

impl Error {
    /// The HTTP status of the response, when there was one.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Api(err) => Some(err.status),
            Error::UnexpectedStatus(err) => Some(err.status),
            Error::Decode(err) => Some(err.status),
            Error::Transport(err) => err.status().map(|s| s.as_u16()),
            Error::Config(_) | Error::Auth(_) => None,
        }
    }

    /// Whether sending the same request again later may succeed (429, 5xx gateway errors,
    /// timeouts and connection failures).
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Transport(err) => err.is_timeout() || err.is_connect(),
            _ => matches!(self.status(), Some(429 | 500 | 502 | 503 | 504)),
        }
    }

    /// The response headers, when there was a response.
    pub fn headers(&self) -> Option<&reqwest::header::HeaderMap> {
        match self {
            Error::Api(err) => Some(&err.headers),
            Error::UnexpectedStatus(err) => Some(&err.headers),
            Error::Decode(err) => Some(&err.headers),
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
            Error::Decode(err) => fmt::Display::fmt(err, f),
            Error::Config(message) => write!(f, "invalid configuration: {message}"),
            Error::Auth(err) => write!(f, "could not get an access token: {err}"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Transport(err) => Some(err),
            Error::Auth(err) => Some(err.as_ref()),
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
