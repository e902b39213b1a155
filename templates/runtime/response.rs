//! Responses: status, headers and body of one call, decoding, and the rate-limit headers.

use super::error::{ApiError, DecodeError, UnexpectedStatus};
use super::Error;
use reqwest::header::HeaderMap;

/// How many characters of a body an error keeps.
const EXCERPT_CHARS: usize = 512;

/// A raw response: status, headers and body bytes.
#[derive(Debug)]
pub(crate) struct RawResponse {
    /// The HTTP status.
    pub status: u16,
    /// The headers.
    pub headers: HeaderMap,
    /// The URL that answered, after redirects; relative links resolve against it.
    pub url: url::Url,
    /// The body.
    pub body: bytes::Bytes,
}

impl RawResponse {
    /// Decodes a JSON body, naming the JSON path where decoding failed.
    pub fn json<T: serde::de::DeserializeOwned>(self) -> Result<Response<T>, Error> {
        let mut deserializer = serde_json::Deserializer::from_slice(&self.body);
        match serde_path_to_error::deserialize(&mut deserializer) {
            Ok(body) => Ok(self.with_body(body)),
            Err(err) => Err(Error::Decode(Box::new(DecodeError {
                status: self.status,
                path: cap(&err.path().to_string()).into_owned(),
                message: cap(&err.into_inner().to_string()).into_owned(),
                body_excerpt: excerpt(&self.body),
                headers: self.headers,
            }))),
        }
    }

    /// Ignores the body.
    pub fn empty(self) -> Result<Response<()>, Error> {
        Ok(self.with_body(()))
    }

    /// Reads the body as UTF-8 text.
    pub fn text(self) -> Result<Response<String>, Error> {
        let text = String::from_utf8_lossy(&self.body).into_owned();
        Ok(self.with_body(text))
    }

    /// Keeps the body as bytes.
    pub fn bytes(self) -> Result<Response<Vec<u8>>, Error> {
        let bytes = self.body.to_vec();
        Ok(self.with_body(bytes))
    }

    /// A typed response with these status and headers.
    fn with_body<T>(self, body: T) -> Response<T> {
        Response { status: self.status, headers: self.headers, body }
    }

    /// Turns an error status into the matching error.
    pub fn into_error(self, documented: bool) -> Error {
        let body_excerpt = excerpt(&self.body);
        if documented {
            let body = serde_json::from_slice(&self.body).ok();
            Error::Api(Box::new(ApiError { status: self.status, body, headers: self.headers, body_excerpt, raw_body: self.body }))
        } else {
            Error::UnexpectedStatus(Box::new(UnexpectedStatus { status: self.status, headers: self.headers, body_excerpt }))
        }
    }
}

/// A decoded response with its status and headers.
#[derive(Debug, Clone)]
pub struct Response<T> {
    /// The HTTP status.
    pub status: u16,
    /// The response headers.
    pub headers: HeaderMap,
    /// The decoded body.
    pub body: T,
}

impl<T> Response<T> {
    /// The decoded body.
    pub fn into_body(self) -> T {
        self.body
    }

    /// The same response with its body changed by `f`.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Response<U> {
        Response { status: self.status, headers: self.headers, body: f(self.body) }
    }

    /// The rate-limit headers of the response.
    pub fn rate_limit(&self) -> RateLimit {
        RateLimit::from_headers(&self.headers)
    }

    /// The id the server gave the request.
    pub fn request_id(&self) -> Option<&str> {
        request_id(&self.headers)
    }
}

/// The rate-limit headers of a response (`X-Rate-Limit-Limit`, `-Remaining`, `-Reset`).
///
/// When a header appears more than once, the most restrictive value is kept: the lowest
/// limit and remaining count, and the latest reset.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RateLimit {
    /// Requests allowed in the current window.
    pub limit: Option<u64>,
    /// Requests left in the current window.
    pub remaining: Option<u64>,
    /// When the window resets, in seconds since the Unix epoch.
    pub reset: Option<u64>,
}

impl RateLimit {
    /// Reads the rate-limit headers.
    pub fn from_headers(headers: &HeaderMap) -> Self {
        RateLimit {
            limit: numbers(headers, "x-rate-limit-limit").min(),
            remaining: numbers(headers, "x-rate-limit-remaining").min(),
            reset: numbers(headers, "x-rate-limit-reset").max(),
        }
    }
}

/// Every number in every value of a header, including comma-joined duplicates.
pub(crate) fn numbers<'h>(headers: &'h HeaderMap, name: &str) -> impl Iterator<Item = u64> + 'h {
    headers
        .get_all(name)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .filter_map(|part| part.trim().parse().ok())
}

/// The id the server gave the request (at most [`EXCERPT_CHARS`] bytes of it).
pub(crate) fn request_id(headers: &HeaderMap) -> Option<&str> {
    ["x-okta-request-id", "x-request-id"]
        .iter()
        .find_map(|name| headers.get(*name)?.to_str().ok())
        .map(|id| &id[..id.len().min(EXCERPT_CHARS)])
}

/// The start of a body, as text, for error messages.
pub(crate) fn excerpt(body: &[u8]) -> String {
    let start = &body[..body.len().min(EXCERPT_CHARS * 4)];
    let text = String::from_utf8_lossy(start);
    let capped = cap(&text).into_owned();
    if start.len() < body.len() && !capped.ends_with('…') {
        format!("{capped}…")
    } else {
        capped
    }
}

/// Text from a server or a caller, cut to [`EXCERPT_CHARS`] characters for error messages,
/// so that no error echoes an unbounded value.
pub(crate) fn cap(text: &str) -> std::borrow::Cow<'_, str> {
    match text.char_indices().nth(EXCERPT_CHARS) {
        Some((index, _)) => format!("{}…", &text[..index]).into(),
        None => text.into(),
    }
}

/// A one-line summary of an error body: its code, summary and causes where it has them.
pub(crate) fn describe_error_body<B: serde::Serialize>(body: &B) -> String {
    let value = serde_json::to_value(body).unwrap_or_default();
    let field = |name: &str| value.get(name).and_then(serde_json::Value::as_str).map(str::to_string);
    let summary = ["errorSummary", "message", "error_description", "detail", "title", "error"].iter().find_map(|name| field(name));
    let code = ["errorCode", "code"].iter().find_map(|name| field(name));
    let causes: Vec<String> = value
        .get("errorCauses")
        .and_then(serde_json::Value::as_array)
        .map(|causes| causes.iter().filter_map(|c| c.get("errorSummary")?.as_str().map(str::to_string)).collect())
        .unwrap_or_default();
    let mut text = match (code, summary) {
        (Some(code), Some(summary)) => format!("{code} {summary}"),
        (None, Some(summary)) => summary,
        (Some(code), None) => code,
        (None, None) => value.to_string(),
    };
    if !causes.is_empty() {
        text.push_str(&format!(" ({})", causes.join("; ")));
    }
    cap(&text).into_owned()
}
