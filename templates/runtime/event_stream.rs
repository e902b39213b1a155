//! Server-sent events (`text/event-stream`, WHATWG HTML §9.2): a response read event by event
//! as it arrives, each event's data decoded, each event capped, the stream as a whole not.
//! The sse-stream crate parses the lines; this module carries the last event ID over, ends
//! at `[DONE]`, caps each event and decodes its data.

use super::byte_stream::{streamed, ByteStream};
use super::client::Client;
use super::error::{StreamError, StreamErrorKind, UndecodedItem};
use super::json_stream::{text, Decode};
use super::request::RequestParts;
use super::response::Response;
use super::Error;
use bytes::Bytes;
use futures_util::stream::{BoxStream, Stream, StreamExt};
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

/// One server-sent event.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Event<T> {
    /// The event's data, decoded.
    pub data: T,
    /// The event type, when the stream named one; `None` is what WHATWG calls `message`.
    pub event: Option<String>,
    /// The last event ID: the `id` this event set, or the one an earlier event set, as
    /// WHATWG carries it over. Resume with it (`.last_event_id(…)` on the request).
    pub id: Option<String>,
    /// The reconnection time this event set (its `retry` field, or that of the field-only
    /// block before it), if any.
    pub retry: Option<Duration>,
}

/// The events of a `text/event-stream` response, decoded one by one as the server sends them.
///
/// It is a `Stream` of `Result<Event<T>, Error>`, `Send` and `Unpin`:
/// - An event whose data is `[DONE]` ends it, as OpenAI ends its streams.
/// - An event whose data does not decode as `T` (a `ping`, an `error` event, a type the spec
///   does not list) is an [`Error::UndecodedItem`] carrying the raw event, and the stream
///   goes on; [`EventStream::into_raw`] gives every event's data as text instead.
/// - An event longer than [`ClientBuilder::max_item_size`](super::ClientBuilder::max_item_size)
///   (16 MiB by default), bytes that are not UTF-8, and a body that ends inside an event end
///   it with [`Error::Stream`].
/// - The read timeout applies to each chunk, never to the whole; set it per request for
///   streams that stay quiet for long.
///
/// ```no_run
/// # async fn example(mut events: {{crate}}::EventStream<serde_json::Value>) -> Result<(), {{crate}}::Error> {
/// use futures_util::StreamExt;
/// while let Some(event) = events.next().await {
///     match event {
///         Ok(event) => println!("{:?}: {}", event.event, event.data),
///         Err({{crate}}::Error::UndecodedItem(item)) => eprintln!("skipped: {item}"),
///         Err(err) => return Err(err),
///     }
/// }
/// # Ok(()) }
/// ```
pub struct EventStream<T> {
    blocks: BoxStream<'static, Result<sse_stream::Sse, Error>>,
    decode: Decode<T>,
    status: u16,
    last_event_id: Option<String>,
    retry: Option<Duration>,
    done: bool,
}

impl<T> std::fmt::Debug for EventStream<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EventStream").field("status", &self.status).field("last_event_id", &self.last_event_id).finish_non_exhaustive()
    }
}

impl<T> EventStream<T> {
    /// The events of `bytes`, each at most `limit` bytes, each one's data decoded by `decode`.
    pub(crate) fn new(bytes: ByteStream, decode: Decode<T>, limit: usize) -> Self {
        let status = bytes.status;
        let capped = Capped { bytes, cut: EventCut::new(limit), status, ended: false };
        let blocks = sse_stream::SseByteStream::new(capped).map(move |block| block.map_err(|err| from_parser(err, status))).boxed();
        EventStream { blocks, decode, status, last_event_id: None, retry: None, done: false }
    }

    /// The last event ID the stream has set so far, to resume it from.
    pub fn last_event_id(&self) -> Option<&str> {
        self.last_event_id.as_deref()
    }

    /// The same stream, with each event's data as the text the server sent, for decoding by
    /// hand.
    pub fn into_raw(self) -> EventStream<String> {
        EventStream { blocks: self.blocks, decode: text, status: self.status, last_event_id: self.last_event_id, retry: self.retry, done: self.done }
    }
}

impl<T> Stream for EventStream<T> {
    type Item = Result<Event<T>, Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        loop {
            if this.done {
                return Poll::Ready(None);
            }
            let block = match this.blocks.as_mut().poll_next(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(None) => {
                    this.done = true;
                    return Poll::Ready(None);
                }
                Poll::Ready(Some(Err(err))) => {
                    this.done = true;
                    return Poll::Ready(Some(Err(err)));
                }
                Poll::Ready(Some(Ok(block))) => block,
            };
            // WHATWG: an `id` with U+0000 is ignored; an empty one clears the last event ID.
            if let Some(id) = block.id.filter(|id| !id.contains('\0')) {
                this.last_event_id = Some(id).filter(|id| !id.is_empty());
            }
            if let Some(millis) = block.retry {
                this.retry = Some(Duration::from_millis(millis));
            }
            // A block without data sets the ID or the retry time and dispatches nothing.
            let Some(data) = block.data else {
                continue;
            };
            if data == "[DONE]" {
                this.done = true;
                return Poll::Ready(None);
            }
            let event = block.event.filter(|event| !event.is_empty());
            let (id, retry) = (this.last_event_id.clone(), this.retry.take());
            return Poll::Ready(Some(match (this.decode)(&data) {
                Ok(data) => Ok(Event { data, event, id, retry }),
                Err(message) => Err(Error::UndecodedItem(Box::new(UndecodedItem { status: this.status, event, id, data, message }))),
            }));
        }
    }
}

/// The parser's error as the client's: its own errors come back as they were.
fn from_parser(err: sse_stream::Error, status: u16) -> Error {
    let kind = match err {
        sse_stream::Error::Body(inner) => match inner.downcast::<Error>() {
            Ok(err) => return *err,
            Err(_) => StreamErrorKind::NotText,
        },
        _ => StreamErrorKind::NotText,
    };
    Error::Stream(Box::new(StreamError { status, kind }))
}

/// Where the events of a stream begin and end, counted in bytes: an event ends at a blank
/// line, whichever of CRLF, LF and CR ends the lines.
struct EventCut {
    limit: usize,
    /// The bytes since the last blank line, line ends not counted.
    pending: usize,
    at_line_start: bool,
    after_cr: bool,
}

impl EventCut {
    fn new(limit: usize) -> Self {
        EventCut { limit, pending: 0, at_line_start: true, after_cr: false }
    }

    /// Counts `chunk`; false when the event under way has grown past the limit.
    fn feed(&mut self, mut chunk: &[u8]) -> bool {
        while let Some(&first) = chunk.first() {
            if std::mem::take(&mut self.after_cr) && first == b'\n' {
                chunk = &chunk[1..];
                continue;
            }
            let Some(end) = memchr::memchr2(b'\r', b'\n', chunk) else {
                self.at_line_start = false;
                self.pending += chunk.len();
                return self.pending <= self.limit;
            };
            if end > 0 {
                self.at_line_start = false;
                self.pending += end;
                if self.pending > self.limit {
                    return false;
                }
            }
            // A line end right after another ends the event.
            if self.at_line_start {
                self.pending = 0;
            }
            self.at_line_start = true;
            self.after_cr = chunk[end] == b'\r';
            chunk = &chunk[end + 1..];
        }
        true
    }
}

/// The body's chunks, ended with an error when an event grows past the limit or the body
/// ends inside one.
struct Capped {
    bytes: ByteStream,
    cut: EventCut,
    status: u16,
    ended: bool,
}

impl Capped {
    fn stop(&mut self, kind: StreamErrorKind) -> Poll<Option<Result<Bytes, Error>>> {
        self.ended = true;
        Poll::Ready(Some(Err(Error::Stream(Box::new(StreamError { status: self.status, kind })))))
    }
}

impl Stream for Capped {
    type Item = Result<Bytes, Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        if self.ended {
            return Poll::Ready(None);
        }
        match self.bytes.poll_next_unpin(cx) {
            Poll::Ready(Some(Ok(chunk))) => {
                if self.cut.feed(&chunk) {
                    Poll::Ready(Some(Ok(chunk)))
                } else {
                    let limit = self.cut.limit;
                    self.stop(StreamErrorKind::ItemTooLarge(limit))
                }
            }
            Poll::Ready(None) if self.cut.pending > 0 => self.stop(StreamErrorKind::Truncated),
            Poll::Ready(None) => {
                self.ended = true;
                Poll::Ready(None)
            }
            Poll::Ready(Some(Err(err))) => {
                self.ended = true;
                Poll::Ready(Some(Err(err)))
            }
            Poll::Pending => Poll::Pending,
        }
    }
}

/// Sends a request whose success body is an event stream. An error response sent as events
/// (as some servers send them) has its first event's data read as the error body, for
/// [`ApiError::body_as`](super::ApiError::body_as) too.
pub(crate) async fn events<T: Send + 'static>(client: Client, parts: Result<RequestParts, Error>, decode: Decode<T>) -> Result<Response<EventStream<T>>, Error> {
    let limit = client.inner.limits.max_item_size;
    let response = streamed(&client, &parts?).await.map_err(error_as_event)?;
    Ok(response.map(|bytes| EventStream::new(bytes, decode, limit)))
}

/// An API error whose body is events, with the first event's data as its body.
fn error_as_event(err: Error) -> Error {
    let Error::Api(mut api) = err else {
        return err;
    };
    let is_events = api.headers.get(reqwest::header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|v| v.starts_with("text/event-stream"));
    if api.body.is_none() && is_events {
        let chunks = futures_util::stream::iter([Ok::<_, std::convert::Infallible>(api.raw_body.clone())]);
        let first = futures_util::FutureExt::now_or_never(sse_stream::SseByteStream::new(chunks).next()).flatten();
        if let Some(Ok(sse_stream::Sse { data: Some(data), .. })) = first {
            api.body = serde_json::from_str(&data).ok();
            api.raw_body = Bytes::from(data);
        }
    }
    Error::Api(api)
}
