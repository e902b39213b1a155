//! Downloads of any size: the body of a binary response as a stream of chunks, read as it
//! arrives, with no body limit and no overall timeout; the read timeout bounds each silence.

use super::client::Client;
use super::error::{BodyTooLarge, TimeoutError};
use super::request::RequestParts;
use super::response::Response;
use super::send::Received;
use super::Error;
use bytes::Bytes;
use futures_util::stream::{self, BoxStream, Stream, StreamExt};
use reqwest::header::HeaderMap;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

/// The body of a download, chunk by chunk as the server sends it.
///
/// It is a `Stream` of `Result<Bytes, Error>`, `Send` and `Unpin`. Neither the client's body
/// limit nor its overall timeout applies; its read timeout applies to each chunk, so a slow,
/// steady download finishes and a stalled one fails with [`Error::Timeout`].
///
/// Write it to a file (a `tokio::fs::File`) or any other `AsyncWrite`:
///
/// ```no_run
/// # async fn example(body: {{crate}}::ByteStream) -> Result<(), {{crate}}::Error> {
/// let mut file: Vec<u8> = Vec::new(); // or tokio::fs::File::create("export.zip").await?
/// let written = body.write_to(&mut file).await?;
/// # let _ = written; Ok(()) }
/// ```
pub struct ByteStream {
    inner: BoxStream<'static, Result<Bytes, Error>>,
    pub(crate) status: u16,
    headers: HeaderMap,
}

impl std::fmt::Debug for ByteStream {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ByteStream").field("status", &self.status).finish_non_exhaustive()
    }
}

impl ByteStream {
    /// The body of `response`, each chunk awaited for at most `read_timeout`.
    pub(crate) fn new(response: reqwest::Response, status: u16, headers: HeaderMap, read_timeout: Option<Duration>) -> Self {
        let chunks = stream::unfold(Some(response), move |response| async move {
            let mut response = response?;
            let next = response.chunk();
            let chunk = match read_timeout {
                Some(limit) => match tokio::time::timeout(limit, next).await {
                    Ok(chunk) => chunk,
                    Err(_) => {
                        let timeout = TimeoutError { waiting_for: "more of the response body", after: Some(limit), status: Some(status) };
                        return Some((Err(Error::Timeout(Box::new(timeout))), None));
                    }
                },
                None => next.await,
            };
            match chunk {
                Ok(Some(chunk)) => Some((Ok(chunk), Some(response))),
                Ok(None) => None,
                Err(err) => Some((Err(Error::Transport(err.without_url())), None)),
            }
        });
        ByteStream { inner: chunks.boxed(), status, headers }
    }

    /// A body that was read already.
    pub(crate) fn from_bytes(bytes: Bytes, status: u16, headers: HeaderMap) -> Self {
        ByteStream { inner: stream::iter([Ok(bytes)]).boxed(), status, headers }
    }

    /// Reads the whole body into memory, failing with [`Error::BodyTooLarge`] as soon as it
    /// passes `limit` bytes.
    pub async fn to_bytes(mut self, limit: u64) -> Result<Bytes, Error> {
        let mut body = bytes::BytesMut::new();
        while let Some(chunk) = self.inner.next().await {
            let chunk = chunk?;
            if (body.len() + chunk.len()) as u64 > limit {
                let content_length = self.headers.get(reqwest::header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()?.parse().ok());
                return Err(Error::BodyTooLarge(Box::new(BodyTooLarge { status: self.status, limit, content_length, headers: self.headers })));
            }
            body.extend_from_slice(&chunk);
        }
        Ok(body.freeze())
    }

    /// Copies the body into `writer` (a file, say) chunk by chunk, and returns how many
    /// bytes it wrote; a failure to write is [`Error::Io`].
    pub async fn write_to<W: tokio::io::AsyncWrite + Unpin>(mut self, writer: &mut W) -> Result<u64, Error> {
        use tokio::io::AsyncWriteExt;
        let mut written = 0u64;
        while let Some(chunk) = self.inner.next().await {
            let chunk = chunk?;
            writer.write_all(&chunk).await.map_err(Error::Io)?;
            written += chunk.len() as u64;
        }
        writer.flush().await.map_err(Error::Io)?;
        Ok(written)
    }
}

impl Stream for ByteStream {
    type Item = Result<Bytes, Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.inner.as_mut().poll_next(cx)
    }
}

/// Sends a request whose success body is bytes of any size, and streams it.
pub(crate) async fn download(client: Client, parts: Result<RequestParts, Error>) -> Result<Response<ByteStream>, Error> {
    streamed(&client, &parts?).await
}

/// Sends a request and leaves a success body unread, as a [`ByteStream`] bounded by the
/// request's read timeout, or else the client's.
pub(crate) async fn streamed(client: &Client, parts: &RequestParts) -> Result<Response<ByteStream>, Error> {
    let read_timeout = parts.read_timeout.or(client.inner.limits.read_timeout);
    match client.execute_streaming(parts).await? {
        Received::Streaming(head) => Ok(Response {
            status: head.status,
            body: ByteStream::new(head.response, head.status, head.headers.clone(), read_timeout),
            headers: head.headers,
        }),
        Received::Whole(raw) => Ok(Response { status: raw.status, headers: raw.headers.clone(), body: ByteStream::from_bytes(raw.body, raw.status, raw.headers) }),
    }
}

impl Response<ByteStream> {
    /// The media type the server gave the body (`Content-Type`), if any.
    pub fn content_type(&self) -> Option<&str> {
        self.headers.get(reqwest::header::CONTENT_TYPE)?.to_str().ok()
    }

    /// How many bytes the server announced (`Content-Length`), if it did.
    pub fn content_length(&self) -> Option<u64> {
        self.headers.get(reqwest::header::CONTENT_LENGTH)?.to_str().ok()?.parse().ok()
    }

    /// The file name the server suggests (`Content-Disposition`, RFC 6266: `filename*` in
    /// UTF-8 before `filename`), reduced to its last path segment without control
    /// characters, so that a hostile server cannot name a file outside the directory it is
    /// saved in. `None` when there is none, or nothing is left of it.
    pub fn file_name(&self) -> Option<String> {
        let header = self.headers.get(reqwest::header::CONTENT_DISPOSITION)?.to_str().ok()?;
        let mut plain = None;
        let mut extended = None;
        for parameter in parameters(header).into_iter().skip(1) {
            let Some((name, value)) = parameter.split_once('=') else {
                continue;
            };
            match name.trim().to_ascii_lowercase().as_str() {
                "filename*" => {
                    let mut parts = value.trim().splitn(3, '\'');
                    let (charset, _language, encoded) = (parts.next(), parts.next(), parts.next());
                    if charset.is_some_and(|c| c.eq_ignore_ascii_case("utf-8")) {
                        extended = encoded.and_then(|e| percent_encoding::percent_decode_str(e).decode_utf8().ok()).map(|name| name.into_owned());
                    }
                }
                "filename" => plain = Some(unquoted(value.trim())),
                _ => {}
            }
        }
        let name = extended.or(plain)?;
        let last = name.rsplit(['/', '\\']).next().unwrap_or("");
        let safe: String = last.chars().filter(|c| !c.is_control()).collect();
        (!safe.is_empty() && safe != "." && safe != "..").then_some(safe)
    }
}

/// The `;`-separated parts of a header value, a `;` inside a quoted string kept.
fn parameters(value: &str) -> Vec<&str> {
    let (mut parts, mut start, mut quoted, mut escaped) = (Vec::new(), 0, false, false);
    for (index, c) in value.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' if quoted => escaped = true,
            '"' => quoted = !quoted,
            ';' if !quoted => {
                parts.push(&value[start..index]);
                start = index + 1;
            }
            _ => {}
        }
    }
    parts.push(&value[start..]);
    parts
}

/// A token, or a quoted string with its escapes undone.
fn unquoted(value: &str) -> String {
    let Some(inner) = value.strip_prefix('"').and_then(|v| v.strip_suffix('"')) else {
        return value.to_string();
    };
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        out.push(if c == '\\' { chars.next().unwrap_or(c) } else { c });
    }
    out
}
