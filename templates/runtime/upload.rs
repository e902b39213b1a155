//! Uploads of any size: a request body in memory (which can be sent again), or a stream of
//! chunks (sent once, with its length when it is known, so not chunked).

use super::request::{MultipartValue, RequestBody, RequestParts, StreamSlot};
use bytes::Bytes;
use std::sync::{Arc, Mutex};

/// A binary request body: bytes in memory, or a stream read as it is sent.
///
/// In-memory bodies (`Vec<u8>`, `Bytes`, `String`, `&'static [u8]`, `&'static str`) are sent
/// again when the retry policy retries. A streamed body ([`Body::wrap_stream`],
/// [`Body::from_file`]) is read once, so a request carrying one is never retried, not even
/// after a 429. A streamed body with a known length ([`Body::with_length`], and every file)
/// is sent with `Content-Length`, which S3-style uploads and many gateways require.
///
/// ```no_run
/// # async fn example() -> Result<(), std::io::Error> {
/// let file = tokio::fs::File::open("backup.tar").await?;
/// let body = {{crate}}::Body::from_file(file).await?; // streamed, with its length
/// # drop(body); Ok(()) }
/// ```
#[derive(Clone)]
pub struct Body {
    kind: Kind,
    /// The file name a multipart part gives the server.
    file_name: Option<String>,
}

#[derive(Clone)]
enum Kind {
    Bytes(Bytes),
    /// Taken when the request is sent; shared by clones of the request builder.
    Stream { body: StreamSlot, length: Option<u64> },
}

impl std::fmt::Debug for Body {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.kind {
            Kind::Bytes(bytes) => write!(f, "Body({} bytes)", bytes.len()),
            Kind::Stream { length, .. } => write!(f, "Body(stream, length {length:?})"),
        }
    }
}

impl Body {
    /// A body read from `stream` as it is sent, chunked unless [`Body::with_length`] says
    /// how long it is.
    pub fn wrap_stream<S, E>(stream: S) -> Self
    where
        S: futures_util::Stream<Item = Result<Bytes, E>> + Send + 'static,
        E: Into<Box<dyn std::error::Error + Send + Sync>> + 'static,
    {
        Body { file_name: None, kind: Kind::Stream { body: Arc::new(Mutex::new(Some(reqwest::Body::wrap_stream(stream)))), length: None } }
    }

    /// A file's contents, streamed, with its length, so it is sent with `Content-Length`.
    pub async fn from_file(file: tokio::fs::File) -> Result<Self, std::io::Error> {
        let length = file.metadata().await?.len();
        Ok(Body { file_name: None, kind: Kind::Stream { body: Arc::new(Mutex::new(Some(reqwest::Body::from(file)))), length: Some(length) } })
    }

    /// Says how many bytes a streamed body holds, so that it is sent with `Content-Length`
    /// rather than chunked. The stream must hold exactly that many.
    pub fn with_length(mut self, length: u64) -> Self {
        if let Kind::Stream { length: known, .. } = &mut self.kind {
            *known = Some(length);
        }
        self
    }

    /// The file name to give the server when the body is a part of a multipart form.
    pub fn with_file_name(mut self, name: impl Into<String>) -> Self {
        self.file_name = Some(name.into());
        self
    }

    /// Whether the body can be sent again (it is in memory).
    pub fn is_replayable(&self) -> bool {
        matches!(self.kind, Kind::Bytes(_))
    }
}

impl RequestParts {
    /// Sets a binary body, in memory or streamed, with its content type.
    pub fn upload(&mut self, content_type: &'static str, body: &Body) {
        self.body = Some(match &body.kind {
            Kind::Bytes(bytes) => RequestBody::Bytes { content_type, bytes: bytes.clone() },
            Kind::Stream { body, length } => RequestBody::Stream { content_type, body: Arc::clone(body), length: *length },
        });
    }

    /// Adds a file part to a multipart body, in place of any field of that name.
    pub fn multipart_file(&mut self, name: &str, body: &Body) {
        let file_name = body.file_name.clone();
        let part = match &body.kind {
            Kind::Bytes(bytes) => MultipartValue::Bytes { bytes: bytes.clone(), file_name },
            Kind::Stream { body, length } => MultipartValue::Stream { body: Arc::clone(body), length: *length, file_name },
        };
        if !matches!(self.body, Some(RequestBody::Multipart(_))) {
            self.body = Some(RequestBody::Multipart(Vec::new()));
        }
        if let Some(RequestBody::Multipart(parts)) = &mut self.body {
            parts.retain(|(field, value)| field != name || !matches!(value, MultipartValue::Text(_) | MultipartValue::Typed { .. }));
            parts.push((name.to_string(), part));
        }
    }
}

impl From<Vec<u8>> for Body {
    fn from(bytes: Vec<u8>) -> Self {
        Body { file_name: None, kind: Kind::Bytes(bytes.into()) }
    }
}

impl From<Bytes> for Body {
    fn from(bytes: Bytes) -> Self {
        Body { file_name: None, kind: Kind::Bytes(bytes) }
    }
}

impl From<String> for Body {
    fn from(text: String) -> Self {
        Body { file_name: None, kind: Kind::Bytes(text.into()) }
    }
}

impl From<&'static [u8]> for Body {
    fn from(bytes: &'static [u8]) -> Self {
        Body { file_name: None, kind: Kind::Bytes(Bytes::from_static(bytes)) }
    }
}

impl From<&'static str> for Body {
    fn from(text: &'static str) -> Self {
        Body { file_name: None, kind: Kind::Bytes(Bytes::from_static(text.as_bytes())) }
    }
}
