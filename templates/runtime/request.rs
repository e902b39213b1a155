//! Requests: the parts of one call (method, path, query, headers, body) before auth and retries.

use super::style::{self, ParamValue, Style};
use super::Error;

/// The body of a request, kept as bytes so that a retry can send it again.
#[derive(Debug, Clone)]
pub(crate) enum RequestBody {
    /// Bytes with their content type.
    Bytes { content_type: &'static str, bytes: bytes::Bytes },
    /// A multipart form, rebuilt on each try from its parts.
    Multipart(Vec<(String, MultipartValue)>),
    /// A streamed body, taken when the request is sent (so sent once), with its length when
    /// it is known.
    Stream { content_type: &'static str, body: StreamSlot, length: Option<u64> },
}

/// A streamed body, shared by clones of a request builder until one of them sends it.
pub(crate) type StreamSlot = std::sync::Arc<std::sync::Mutex<Option<reqwest::Body>>>;

impl RequestBody {
    /// Whether the body can be sent again on a retry.
    pub(crate) fn is_replayable(&self) -> bool {
        match self {
            RequestBody::Stream { .. } => false,
            RequestBody::Multipart(parts) => !parts.iter().any(|(_, part)| matches!(part, MultipartValue::Stream { .. })),
            RequestBody::Bytes { .. } => true,
        }
    }
}

/// One part of a multipart form.
#[derive(Debug, Clone)]
pub(crate) enum MultipartValue {
    /// A text field.
    Text(String),
    /// A field with its own content type (JSON for an object, or what `encoding` says).
    Typed { text: String, content_type: &'static str },
    /// A file in memory, sent again on a retry.
    #[allow(dead_code)]
    Bytes { bytes: bytes::Bytes, file_name: Option<String> },
    /// A file streamed once, with its length when it is known.
    #[allow(dead_code)]
    Stream { body: StreamSlot, length: Option<u64>, file_name: Option<String> },
}

/// One request, before authentication, retries and sending.
#[derive(Debug, Clone)]
pub(crate) struct RequestParts {
    /// The HTTP method.
    pub method: reqwest::Method,
    /// The path, with its parameters already encoded, or a full URL for a next page.
    pub target: Target,
    /// The query's components (`name=value`), encoded, in order.
    pub query: Vec<String>,
    /// Extra headers, by name as the spec writes it.
    pub headers: Vec<(String, String)>,
    /// The cookies (`name=value`), sent in one `Cookie` header.
    pub cookies: Vec<String>,
    /// The body, if any.
    pub body: Option<RequestBody>,
    /// The error statuses the operation documents; others are unexpected.
    pub error_statuses: &'static [u16],
    /// Whether the operation documents a `default` response, which covers every status.
    pub has_default_error: bool,
    /// The operationId, for tracing.
    #[allow(dead_code)]
    pub operation: &'static str,
    /// The path template (`/users/{userId}`), for tracing: never the path with its values.
    #[allow(dead_code)]
    pub path_template: &'static str,
    /// The request's own retry policy, instead of the client's.
    pub retry: Option<super::RetryPolicy>,
    /// The `Accept` header: the media types of the operation's documented responses.
    pub accept: &'static str,
    /// The request's own read timeout, instead of the client's, for a stream that may stay
    /// quiet for long.
    pub read_timeout: Option<std::time::Duration>,
    /// The operation's security requirements: alternatives, each the schemes it needs
    /// together (see [`super::client::BEARER`]); `None` when the spec gives none.
    pub security: Option<&'static [&'static [&'static str]]>,
}

/// Where a request goes.
#[derive(Debug, Clone)]
pub(crate) enum Target {
    /// A path below the client's base URL.
    Path(String),
    /// A full URL from a `Link` header; it must share the base URL's origin.
    Url(url::Url),
}

impl RequestParts {
    /// The `Accept` header, when it is not `application/json`.
    pub fn accept(mut self, accept: &'static str) -> Self {
        self.accept = accept;
        self
    }

    /// The request's own read timeout, if it has one.
    pub fn read_timeout(mut self, timeout: Option<std::time::Duration>) -> Self {
        self.read_timeout = self.read_timeout.or(timeout);
        self
    }

    /// The request's own retry policy, if it has one.
    pub fn retry(mut self, policy: &Option<super::RetryPolicy>) -> Self {
        self.retry.clone_from(policy);
        self
    }

    /// The operation's security requirements, so that a request sends the credentials
    /// they name and no others.
    pub fn security(mut self, requirements: &'static [&'static [&'static str]]) -> Self {
        self.security = Some(requirements);
        self
    }

    /// A request of the operation `operation` for `method` and an encoded `path`, filled in
    /// from `path_template`.
    pub fn new(method: reqwest::Method, path: String, operation: &'static str, path_template: &'static str) -> Self {
        RequestParts {
            method,
            target: Target::Path(path),
            query: Vec::new(),
            headers: Vec::new(),
            cookies: Vec::new(),
            body: None,
            error_statuses: &[],
            has_default_error: false,
            operation,
            path_template,
            retry: None,
            accept: "application/json",
            read_timeout: None,
            security: None,
        }
    }

    /// Declares the error statuses of the operation.
    pub fn errors(mut self, statuses: &'static [u16], has_default: bool) -> Self {
        self.error_statuses = statuses;
        self.has_default_error = has_default;
        self
    }

    /// Adds a fixed query pair, written in the path key itself (`?tempPassword=true`).
    pub fn query(&mut self, name: &str, value: &str) {
        self.query.push(format!("{}={}", style::encode(name), style::encode(value)));
    }

    /// Adds a query parameter in its style.
    pub fn query_param<V: ParamValue + ?Sized>(&mut self, name: &str, value: &V, style: Style, explode: bool) -> Result<(), Error> {
        self.query.extend(style::query(name, value.shape(style)?, style, explode));
        Ok(())
    }

    /// Adds a header parameter in its style.
    pub fn header_param<V: ParamValue + ?Sized>(&mut self, name: &str, value: &V, style: Style, explode: bool) -> Result<(), Error> {
        self.headers.push((name.to_string(), style::header(value.shape(style)?, explode)));
        Ok(())
    }

    /// Adds a cookie parameter.
    pub fn cookie_param<V: ParamValue + ?Sized>(&mut self, name: &str, value: &V, style: Style) -> Result<(), Error> {
        self.cookies.push(style::cookie(name, value.shape(style)?));
        Ok(())
    }

    /// Sets a JSON body.
    pub fn json<B: serde::Serialize>(&mut self, body: &B) -> Result<(), Error> {
        let bytes = serde_json::to_vec(body).map_err(|err| Error::Config(format!("the request body could not be encoded: {err}")))?;
        self.body = Some(RequestBody::Bytes { content_type: "application/json", bytes: bytes.into() });
        Ok(())
    }

    /// Sets a form-urlencoded body from the properties of an object, each written as its
    /// `encoding` entry says (style, explode, allowReserved, a JSON content type), or by
    /// OpenAPI's default: form style, exploded, so an array is one `name=item` pair per item
    /// and an object is its properties.
    pub fn form<B: serde::Serialize>(&mut self, body: &B, encodings: &[FieldEncoding]) -> Result<(), Error> {
        let mut components = Vec::new();
        for (name, value) in fields(body)? {
            let encoding = FieldEncoding::of(&name, encodings);
            let shape = match encoding.content_type {
                Some(media) if is_json(media) => style::Shape::Primitive(value.to_string()),
                _ => style::shape_of(value, encoding.style),
            };
            components.extend(style::form(&name, shape, encoding.style, encoding.explode, encoding.allow_reserved));
        }
        self.body = Some(RequestBody::Bytes { content_type: "application/x-www-form-urlencoded", bytes: components.join("&").into_bytes().into() });
        Ok(())
    }

    /// Sets a multipart body from the properties of an object: a primitive is a text part,
    /// an array one part per item (each by the same rule), an object a JSON part; a part's
    /// `encoding` content type wins (JSON written as JSON, any other type as the text).
    pub fn multipart<B: serde::Serialize>(&mut self, body: &B, encodings: &[FieldEncoding]) -> Result<(), Error> {
        let mut parts = Vec::new();
        for (name, value) in fields(body)? {
            let content_type = FieldEncoding::of(&name, encodings).content_type;
            let items = match value {
                serde_json::Value::Array(items) => items,
                other => vec![other],
            };
            for item in items.into_iter().filter(|item| !item.is_null()) {
                parts.push((name.clone(), part(item, content_type)));
            }
        }
        self.body = Some(RequestBody::Multipart(parts));
        Ok(())
    }

    /// Sets a raw body with its content type.
    pub fn raw(&mut self, content_type: &'static str, bytes: Vec<u8>) {
        self.body = Some(RequestBody::Bytes { content_type, bytes: bytes.into() });
    }

    /// Adds a header the client sets itself, such as `Last-Event-ID`.
    pub fn header(&mut self, name: &str, value: &str) {
        self.headers.push((name.to_string(), value.to_string()));
    }
}

/// How one property of a form or multipart body is written: its entry in the media type's
/// `encoding` map. A property without one takes [`FieldEncoding::DEFAULT`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct FieldEncoding {
    /// The property's name.
    pub name: &'static str,
    /// Its style (form bodies).
    pub style: Style,
    /// Whether arrays and objects are exploded (form bodies).
    pub explode: bool,
    /// Whether reserved characters stay as they are (form bodies).
    pub allow_reserved: bool,
    /// Its content type, when the spec names one.
    pub content_type: Option<&'static str>,
}

impl FieldEncoding {
    /// OpenAPI's default: form style, exploded, reserved characters encoded.
    pub const DEFAULT: FieldEncoding = FieldEncoding { name: "", style: Style::Form, explode: true, allow_reserved: false, content_type: None };

    /// The encoding of the property `name`.
    fn of(name: &str, encodings: &[FieldEncoding]) -> FieldEncoding {
        encodings.iter().find(|encoding| encoding.name == name).copied().unwrap_or(FieldEncoding::DEFAULT)
    }
}

/// Whether a media type is JSON (`application/json`, `*/*+json`).
fn is_json(media: &str) -> bool {
    let essence = media.split(';').next().unwrap_or("").trim();
    essence.eq_ignore_ascii_case("application/json") || essence.to_ascii_lowercase().ends_with("+json")
}

/// One multipart part of a value: an object (or any value whose content type is JSON) as
/// JSON, anything else as text, with the content type the spec names.
fn part(value: serde_json::Value, content_type: Option<&'static str>) -> MultipartValue {
    match (value, content_type) {
        (value, Some(media)) if is_json(media) => MultipartValue::Typed { text: value.to_string(), content_type: media },
        (value @ serde_json::Value::Object(_), None) => MultipartValue::Typed { text: value.to_string(), content_type: "application/json" },
        (serde_json::Value::String(text), Some(media)) => MultipartValue::Typed { text, content_type: media },
        (serde_json::Value::String(text), None) => MultipartValue::Text(text),
        (other, Some(media)) => MultipartValue::Typed { text: other.to_string(), content_type: media },
        (other, None) => MultipartValue::Text(other.to_string()),
    }
}

/// The properties of a serializable object, those that are `null` left out, for forms.
fn fields<B: serde::Serialize>(body: &B) -> Result<Vec<(String, serde_json::Value)>, Error> {
    let value = serde_json::to_value(body).map_err(|err| Error::Config(format!("the request body could not be encoded: {err}")))?;
    let serde_json::Value::Object(map) = value else {
        return Err(Error::Config("a form body must be an object".to_string()));
    };
    Ok(map.into_iter().filter(|(_, v)| !v.is_null()).collect())
}

/// Builds a multipart form from its parts; a streamed part is taken, so it is sent once.
pub(crate) fn multipart_form(parts: &[(String, MultipartValue)]) -> Result<reqwest::multipart::Form, Error> {
    use reqwest::multipart::Part;
    let mut form = reqwest::multipart::Form::new();
    for (name, value) in parts {
        let (part, file_name) = match value {
            MultipartValue::Text(text) => {
                form = form.text(name.clone(), text.clone());
                continue;
            }
            MultipartValue::Typed { text, content_type } => {
                let part = Part::text(text.clone()).mime_str(content_type).map_err(|err| Error::Config(format!("the content type `{content_type}` of the part `{name}`: {err}")))?;
                form = form.part(name.clone(), part);
                continue;
            }
            MultipartValue::Bytes { bytes, file_name } => (Part::stream_with_length(bytes.clone(), bytes.len() as u64), file_name),
            MultipartValue::Stream { body, length, file_name } => {
                let taken = body.lock().ok().and_then(|mut body| body.take());
                let body = taken.ok_or_else(|| Error::Config(format!("the streamed part `{name}` was sent already, and a stream cannot be sent twice")))?;
                let part = match length {
                    Some(length) => Part::stream_with_length(body, *length),
                    None => Part::stream(body),
                };
                (part, file_name)
            }
        };
        let part = part.mime_str("application/octet-stream").map_err(|err| Error::Config(err.to_string()))?;
        form = form.part(name.clone(), match file_name {
            Some(file_name) => part.file_name(file_name.clone()),
            None => part,
        });
    }
    Ok(form)
}

/// Standard base64 with padding, for HTTP basic auth.
pub(crate) fn base64(input: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(input.len().div_ceil(3) * 4);
    for chunk in input.chunks(3) {
        let bytes = [chunk[0], *chunk.get(1).unwrap_or(&0), *chunk.get(2).unwrap_or(&0)];
        let n = (u32::from(bytes[0]) << 16) | (u32::from(bytes[1]) << 8) | u32::from(bytes[2]);
        for (index, shift) in [18u32, 12, 6, 0].into_iter().enumerate() {
            if index <= chunk.len() {
                out.push(char::from(ALPHABET[((n >> shift) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}
