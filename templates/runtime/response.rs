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
    /// Whether a value the spec types otherwise fails decoding rather than being corrected.
    pub strict: bool,
}

impl RawResponse {
    /// Decodes a JSON body, correcting what a vendor typed otherwise unless the client is
    /// strict ([`decode`]), and naming the JSON path where decoding failed.
    pub fn json<T: serde::de::DeserializeOwned>(self) -> Result<Response<T>, Error> {
        match decode(&self.body, self.strict) {
            Ok(body) => Ok(self.with_body(body)),
            Err(failure) => Err(self.decode_error(failure)),
        }
    }

    /// The decode error for a body that did not decode.
    fn decode_error(self, failure: Failure) -> Error {
        Error::Decode(Box::new(DecodeError {
            status: self.status,
            path: cap(&failure.path).into_owned(),
            message: cap(&failure.message).into_owned(),
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
            let body = decode(&self.body, self.strict).ok();
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

/// How many corrections one body gets before decoding gives up.
const MAX_CORRECTIONS: usize = 32;

/// Why a body did not decode: where, and serde's message.
#[derive(Debug)]
pub(crate) struct Failure {
    /// The JSON path of the value (`[3].price`).
    pub path: String,
    /// serde's message, without its position.
    pub message: String,
}

impl Failure {
    /// The failure serde_json reported while decoding `body`.
    fn of(err: &serde_json::Error, body: &[u8]) -> Failure {
        let path = json_path_at(body, err.line(), err.column());
        let message = err.to_string();
        let message = message.split(" at line ").next().unwrap_or(&message).to_string();
        Failure { path, message }
    }
}

/// What a value should have been, by serde's message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Wanted {
    /// A number (an integer when `integer`), sent as a string.
    Number { integer: bool },
    /// A string, sent as an integer or a boolean.
    Text,
    /// A boolean, sent as the string `"true"` or `"false"`.
    Boolean,
}

/// Decodes JSON as `T`. Unless `strict`, a value the spec types otherwise is corrected where
/// the conversion is exact, and decoding is tried again: a number sent as a numeric string
/// (`"-0.0025"` for a number), a string sent as an integer or a boolean (`1` for a string),
/// a boolean sent as `"true"` or `"false"`.
/// A correction applies to the value at that place in every item of the arrays above it
/// (`items[*].price`), is traced as a warning naming the place, and is never made in what
/// the client encodes. The path is found from where serde_json stopped, by a scan that is
/// not generic: one copy serves every type.
pub(crate) fn decode<T: serde::de::DeserializeOwned>(body: &[u8], strict: bool) -> Result<T, Failure> {
    let mut decoded = None;
    let mut attempt = |bytes: &[u8]| match serde_json::from_slice::<T>(bytes) {
        Ok(value) => {
            decoded = Some(value);
            None
        }
        Err(err) => Some(err),
    };
    corrected(body, strict, &mut attempt)?;
    decoded.ok_or_else(|| Failure { path: ".".to_string(), message: "nothing was decoded".to_string() })
}

/// The loop of [`decode`], not generic, so compiled once: `attempt` decodes a text and
/// returns serde's error, if any.
fn corrected(body: &[u8], strict: bool, attempt: &mut dyn FnMut(&[u8]) -> Option<serde_json::Error>) -> Result<(), Failure> {
    let Some(mut err) = attempt(body) else {
        return Ok(());
    };
    if strict || !err.is_data() {
        return Err(Failure::of(&err, body));
    }
    let Ok(mut value) = serde_json::from_slice::<serde_json::Value>(body) else {
        return Err(Failure::of(&err, body));
    };
    let mut corrected: Option<Vec<u8>> = None;
    for _ in 0..MAX_CORRECTIONS {
        let bytes = corrected.as_deref().unwrap_or(body);
        let Some(wanted) = wanted(&err) else { break };
        let place = json_segments_at(bytes, err.line(), err.column());
        if correct(&mut value, &place, wanted) == 0 {
            break;
        }
        #[cfg(feature = "tracing")]
        tracing::warn!(path = %format_path(&place, true), wanted = ?wanted, "decoded a value the spec types otherwise");
        let Ok(next) = serde_json::to_vec(&value) else { break };
        match attempt(&next) {
            None => return Ok(()),
            Some(next_err) => err = next_err,
        }
        corrected = Some(next);
    }
    Err(Failure::of(&err, corrected.as_deref().unwrap_or(body)))
}

/// What serde wanted where it met another JSON type, when that is a correction [`decode`]
/// makes: `invalid type: string "1.5", expected f64`, or `invalid type: integer `1`,
/// expected a string`.
fn wanted(err: &serde_json::Error) -> Option<Wanted> {
    let message = err.to_string();
    let rest = message.strip_prefix("invalid type: ")?;
    let (unexpected, expected) = rest.split_once(", expected ")?;
    let expected = expected.split(" at line ").next().unwrap_or(expected);
    let integer = ["i8", "i16", "i32", "i64", "i128", "u8", "u16", "u32", "u64", "u128"].contains(&expected);
    let float = ["f32", "f64"].contains(&expected);
    if unexpected.starts_with("string ") && (integer || float) {
        Some(Wanted::Number { integer })
    } else if (unexpected.starts_with("integer ") || unexpected.starts_with("boolean ")) && expected == "a string" {
        Some(Wanted::Text)
    } else if unexpected.starts_with("string ") && expected == "a boolean" {
        Some(Wanted::Boolean)
    } else {
        None
    }
}

/// Corrects the values at `place`, every array index standing for all of them; the number
/// of values corrected.
fn correct(value: &mut serde_json::Value, place: &[Segment], wanted: Wanted) -> usize {
    let Some((first, rest)) = place.split_first() else {
        return usize::from(convert(value, wanted));
    };
    match (first, value) {
        (Segment::Key(key), serde_json::Value::Object(map)) => map.get_mut(key).map_or(0, |inner| correct(inner, rest, wanted)),
        (Segment::Index(_), serde_json::Value::Array(items)) => items.iter_mut().map(|item| correct(item, rest, wanted)).sum(),
        _ => 0,
    }
}

/// Converts one value when the conversion is exact: a string holding a JSON number (an
/// integer where one is wanted) to that number, an integer or a boolean to its text.
fn convert(value: &mut serde_json::Value, wanted: Wanted) -> bool {
    let converted = match (&*value, wanted) {
        // Only the characters of a JSON number: serde_json would skip whitespace around it.
        (serde_json::Value::String(text), Wanted::Number { integer }) => Some(text)
            .filter(|text| text.bytes().all(|b| b.is_ascii_digit() || b"+-.eE".contains(&b)))
            .and_then(|text| serde_json::from_str::<serde_json::Number>(text).ok())
            .filter(|number| !integer || number.is_i64() || number.is_u64())
            .map(serde_json::Value::Number),
        (serde_json::Value::Number(number), Wanted::Text) if number.is_i64() || number.is_u64() => Some(serde_json::Value::String(number.to_string())),
        (serde_json::Value::Bool(flag), Wanted::Text) => Some(serde_json::Value::String(flag.to_string())),
        (serde_json::Value::String(text), Wanted::Boolean) => match text.as_str() {
            "true" => Some(serde_json::Value::Bool(true)),
            "false" => Some(serde_json::Value::Bool(false)),
            _ => None,
        },
        _ => None,
    };
    match converted {
        Some(converted) => {
            *value = converted;
            true
        }
        None => false,
    }
}

/// One step of a JSON path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Segment {
    /// An object's property.
    Key(String),
    /// An array's item.
    Index(usize),
}

/// A path as text: `[3].profile.login`, or with `[*]` for every index; `.` for the whole.
fn format_path(place: &[Segment], any_index: bool) -> String {
    let mut path = String::new();
    for segment in place {
        match segment {
            Segment::Key(key) if path.is_empty() => path.push_str(key),
            Segment::Key(key) => {
                path.push('.');
                path.push_str(key);
            }
            Segment::Index(_) if any_index => path.push_str("[*]"),
            Segment::Index(index) => path.push_str(&format!("[{index}]")),
        }
    }
    if path.is_empty() {
        path.push('.');
    }
    path
}

/// The JSON path (`[3].profile.login`) of the value at a line and column of a JSON text, as
/// serde_json reports where it stopped; `.` for the document itself.
pub(crate) fn json_path_at(body: &[u8], line: usize, column: usize) -> String {
    format_path(&json_segments_at(body, line, column), false)
}

/// The steps to the value at a line and column of a JSON text.
fn json_segments_at(body: &[u8], line: usize, column: usize) -> Vec<Segment> {
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
                        // The key with its escapes read, so that it names the property.
                        let quoted = &body[start - 1..(at + 1).min(body.len())];
                        let raw = || String::from_utf8_lossy(&body[start..at.min(body.len())]).into_owned();
                        *key = Some(serde_json::from_slice::<String>(quoted).unwrap_or_else(|_| raw()));
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
    stack
        .into_iter()
        .filter_map(|frame| match frame {
            Frame::Object(key) => key.map(Segment::Key),
            Frame::Array(index) => Some(Segment::Index(index)),
        })
        .collect()
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
