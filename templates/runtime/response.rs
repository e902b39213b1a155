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
    /// Decodes a JSON body, naming the JSON path where decoding failed. The path is found
    /// from where serde_json stopped, by a scan that is not generic: one copy serves every
    /// type, where a path-tracking deserializer would be compiled again for each.
    pub fn json<T: serde::de::DeserializeOwned>(self) -> Result<Response<T>, Error> {
        match serde_json::from_slice(&self.body) {
            Ok(body) => Ok(self.with_body(body)),
            Err(err) => Err(self.decode_error(&err)),
        }
    }

    /// The decode error for a body serde_json could not decode.
    fn decode_error(self, err: &serde_json::Error) -> Error {
        let path = json_path_at(&self.body, err.line(), err.column());
        let message = err.to_string();
        let message = message.split(" at line ").next().unwrap_or(&message);
        Error::Decode(Box::new(DecodeError {
            status: self.status,
            path: cap(&path).into_owned(),
            message: cap(message).into_owned(),
            body_excerpt: excerpt(&self.body),
            headers: self.headers,
        }))
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

/// The rate-limit state of a response, whichever header family the server used: the IETF
/// `RateLimit` and `RateLimit-Policy` fields (or `RateLimit-Limit`, `-Remaining`, `-Reset`),
/// `X-RateLimit-*` (GitHub and many others), or Okta's `X-Rate-Limit-*`.
///
/// When several values are given, the most restrictive is kept: the lowest limit and
/// remaining count, and the latest reset.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RateLimit {
    /// Requests allowed in the current window.
    pub limit: Option<u64>,
    /// Requests left in the current window.
    pub remaining: Option<u64>,
    /// When the window resets, in seconds since the Unix epoch (a reset given in seconds
    /// from now is counted from the response's `Date`).
    pub reset: Option<u64>,
}

impl RateLimit {
    /// Reads the rate-limit headers.
    pub fn from_headers(headers: &HeaderMap) -> Self {
        RateLimit {
            limit: super::retry::limit(headers),
            remaining: super::retry::remaining(headers),
            reset: super::retry::reset_at(headers),
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

/// The JSON path (`[3].profile.login`) of the value at a line and column of a JSON text, as
/// serde_json reports where it stopped; `.` for the document itself.
pub(crate) fn json_path_at(body: &[u8], line: usize, column: usize) -> String {
    let line_start = body
        .split(|b| *b == b'\n')
        .take(line.saturating_sub(1))
        .map(|l| l.len() + 1)
        .sum::<usize>();
    let end = (line_start + column).min(body.len());
    // Each open object holds the key being read; each open array the index.
    enum Frame {
        Object(Option<String>),
        Array(usize),
    }
    let mut stack: Vec<Frame> = Vec::new();
    let mut expecting_key = false;
    let mut at = 0;
    while at < end {
        match body[at] {
            b'"' => {
                let start = at + 1;
                at += 1;
                while at < body.len() && body[at] != b'"' {
                    at += if body[at] == b'\\' { 2 } else { 1 };
                }
                if expecting_key {
                    if let Some(Frame::Object(key)) = stack.last_mut() {
                        *key = Some(String::from_utf8_lossy(&body[start..at.min(body.len())]).into_owned());
                    }
                    expecting_key = false;
                }
            }
            b'{' => {
                stack.push(Frame::Object(None));
                expecting_key = true;
            }
            b'[' => stack.push(Frame::Array(0)),
            b'}' | b']' => {
                stack.pop();
            }
            b',' => match stack.last_mut() {
                Some(Frame::Array(index)) => *index += 1,
                Some(Frame::Object(_)) => expecting_key = true,
                None => {}
            },
            _ => {}
        }
        at += 1;
    }
    let mut path = String::new();
    for frame in &stack {
        match frame {
            Frame::Object(Some(key)) if path.is_empty() => path.push_str(key),
            Frame::Object(Some(key)) => {
                path.push('.');
                path.push_str(key);
            }
            Frame::Object(None) => {}
            Frame::Array(index) => path.push_str(&format!("[{index}]")),
        }
    }
    if path.is_empty() {
        path.push('.');
    }
    path
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
