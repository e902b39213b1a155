//! JSON streams: a response of JSON texts one per line (`application/x-ndjson`,
//! `application/jsonl`) or each after a record separator (`application/json-seq`, RFC 7464),
//! decoded item by item as they arrive, each item capped, the whole not.

use super::byte_stream::{streamed, ByteStream};
use super::client::Client;
use super::error::{StreamError, StreamErrorKind, UndecodedItem};
use super::request::RequestParts;
use super::response::Response;
use super::Error;
use bytes::BytesMut;
use futures_util::stream::{self, BoxStream, Stream, StreamExt};
use std::pin::Pin;
use std::task::{Context, Poll};

/// How the items of a stream's body decode from their text.
pub(crate) type Decode<T> = fn(&str) -> Result<T, String>;

/// Decodes an item as JSON.
pub(crate) fn json<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, String> {
    serde_json::from_str(text).map_err(|err| err.to_string())
}

/// Keeps an item as its text.
pub(crate) fn text(text: &str) -> Result<String, String> {
    Ok(text.to_string())
}

/// How the items of a JSON stream are separated.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Framing {
    /// One JSON text per line (ndjson, JSON Lines).
    Lines,
    /// Each JSON text after an ASCII record separator (RFC 7464).
    Sequence,
}

impl Framing {
    fn separator(self) -> u8 {
        match self {
            Framing::Lines => b'\n',
            Framing::Sequence => 0x1e,
        }
    }
}

/// The items of a JSON stream, decoded one by one as the server sends them.
///
/// It is a `Stream` of `Result<T, Error>`, `Send` and `Unpin`. An item that does not decode
/// is an [`Error::UndecodedItem`] carrying its text, and the stream goes on; an item longer
/// than [`ClientBuilder::max_item_size`](super::ClientBuilder::max_item_size) ends it with
/// [`Error::Stream`]. The read timeout applies to each chunk, not to the whole.
///
/// ```no_run
/// # async fn example(mut items: {{crate}}::JsonStream<serde_json::Value>) -> Result<(), {{crate}}::Error> {
/// use futures_util::TryStreamExt;
/// while let Some(item) = items.try_next().await? {
///     println!("{item}");
/// }
/// # Ok(()) }
/// ```
pub struct JsonStream<T> {
    inner: BoxStream<'static, Result<T, Error>>,
}

impl<T> std::fmt::Debug for JsonStream<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("JsonStream").finish_non_exhaustive()
    }
}

/// Where reading a JSON stream has got to.
struct Reader<T> {
    bytes: ByteStream,
    buffer: BytesMut,
    /// How much of `buffer` is known to hold no separator.
    scanned: usize,
    ended: bool,
    framing: Framing,
    decode: Decode<T>,
    limit: usize,
    status: u16,
}

impl<T: Send + 'static> JsonStream<T> {
    /// The items of `bytes`, framed by `framing`, each decoded by `decode` and at most
    /// `limit` bytes long.
    pub(crate) fn new(bytes: ByteStream, framing: Framing, decode: Decode<T>, limit: usize) -> Self {
        let status = bytes.status;
        let reader = Reader { bytes, buffer: BytesMut::new(), scanned: 0, ended: false, framing, decode, limit, status };
        JsonStream { inner: stream::unfold(reader, |mut reader| async move { reader.next_item().await.map(|item| (item, reader)) }).boxed() }
    }
}

impl<T> Reader<T> {
    /// The next item, or `None` at the end of the body or after an error that ends it.
    async fn next_item(&mut self) -> Option<Result<T, Error>> {
        loop {
            if self.ended && self.buffer.is_empty() {
                return None;
            }
            let separator = self.framing.separator();
            let found = self.buffer[self.scanned..].iter().position(|byte| *byte == separator);
            let item = match found {
                Some(at) => {
                    let item = self.buffer.split_to(self.scanned + at + 1);
                    self.scanned = 0;
                    item
                }
                None if self.ended => std::mem::take(&mut self.buffer),
                None => {
                    self.scanned = self.buffer.len();
                    if self.buffer.len() > self.limit {
                        self.end();
                        return Some(Err(self.stopped(StreamErrorKind::ItemTooLarge(self.limit))));
                    }
                    match self.bytes.next().await {
                        Some(Ok(chunk)) => self.buffer.extend_from_slice(&chunk),
                        Some(Err(err)) => {
                            self.end();
                            return Some(Err(err));
                        }
                        None => self.ended = true,
                    }
                    continue;
                }
            };
            let trimmed = item.trim_ascii_start();
            let trimmed = trimmed.strip_suffix(&[separator]).unwrap_or(trimmed).trim_ascii();
            if trimmed.is_empty() {
                continue;
            }
            return Some(self.decoded(trimmed));
        }
    }

    /// One item's text, decoded; an item that does not decode is an error item.
    fn decoded(&self, item: &[u8]) -> Result<T, Error> {
        let undecoded = |data: String, message: String| Error::UndecodedItem(Box::new(UndecodedItem { status: self.status, event: None, id: None, data, message }));
        match std::str::from_utf8(item) {
            Ok(text) => (self.decode)(text).map_err(|message| undecoded(text.to_string(), message)),
            Err(err) => Err(undecoded(String::from_utf8_lossy(item).into_owned(), format!("the item is not UTF-8: {err}"))),
        }
    }

    /// Stops reading: what is buffered is dropped.
    fn end(&mut self) {
        self.ended = true;
        self.buffer = BytesMut::new();
    }

    /// The error that ends the stream.
    fn stopped(&self, kind: StreamErrorKind) -> Error {
        Error::Stream(Box::new(StreamError { status: self.status, kind }))
    }
}

impl<T> Stream for JsonStream<T> {
    type Item = Result<T, Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.inner.as_mut().poll_next(cx)
    }
}

/// Sends a request whose success body is a JSON stream.
pub(crate) async fn items<T: Send + 'static>(client: Client, parts: Result<RequestParts, Error>, framing: Framing, decode: Decode<T>) -> Result<Response<JsonStream<T>>, Error> {
    let limit = client.inner.limits.max_item_size;
    let response = streamed(&client, &parts?).await?;
    Ok(response.map(|bytes| JsonStream::new(bytes, framing, decode, limit)))
}
