//! Server-sent events, against raw servers on 127.0.0.1: every WHATWG corner case with the
//! body split at every byte boundary, typed events from a discriminated oneOf (the types it
//! does not list kept whole in its `Unknown` variant, and data that does not decode yielded
//! as error items that carry the raw event), raw mode, `[DONE]`, `send` and `send_stream` on one
//! operation with their own `Accept`, `Last-Event-ID`, the per-request read timeout, an error
//! sent as events, and hostile servers: an endless event, bytes that are not text, a body
//! cut inside an event.

use oas_codegen_runtime::futures_util::StreamExt;
use oas_codegen_tests::hostile::{response, Reply, Server};
use std::time::Duration;
use valid_fixtures::events::models::{ChatChunk, ChatRequest, MessageEvent};
use valid_fixtures::events::{Client, Error, Event, StreamErrorKind};

/// The head of an event stream whose body is `length` bytes long.
fn head(length: usize) -> Vec<u8> {
    format!(
        "HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ncontent-length: {length}\r\n\r\n"
    )
    .into_bytes()
}

/// The head of an event stream that ends when the connection closes.
fn open_head() -> Vec<u8> {
    b"HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\nconnection: close\r\n\r\n".to_vec()
}

/// Every WHATWG corner case in one stream: a byte order mark, comments, LF, CR and CRLF line
/// ends, a field with no colon, one leading space dropped and a second kept, data lines
/// joined, the last event ID carried over and cleared, `retry` valid and not, an unknown
/// field, an event type, characters of two, three and four bytes, and `[DONE]` before an
/// event that must never come.
const CORNERS: &str = "\u{feff}: a comment\n\
data: first\n\n\
event: add\r\ndata: a\r\ndata:  b\r\n\r\n\
id: 7\rdata: x\r\r\
data\n\n\
data: y\n\n\
id\n\n\
data: z\n\n\
retry: 1500\ndata: r\n\n\
retry: 15x\ndata: s\n\n\
unknown: field\n: another comment\ndata:é€😀\n\n\
event:\ndata: unnamed\n\n\
data: [DONE]\n\n\
data: after the end\n\n";

/// An event as the tests compare it: (event, data, id, retry in ms).
type Seen = (Option<String>, String, Option<String>, Option<u64>);

/// What [`CORNERS`] holds, event by event.
fn expected() -> Vec<Seen> {
    let event = |event: Option<&str>, data: &str, id: Option<&str>, retry: Option<u64>| {
        (
            event.map(String::from),
            data.to_string(),
            id.map(String::from),
            retry,
        )
    };
    vec![
        event(None, "first", None, None),
        event(Some("add"), "a\n b", None, None),
        event(None, "x", Some("7"), None),
        event(None, "", Some("7"), None),
        event(None, "y", Some("7"), None),
        event(None, "z", None, None),
        event(None, "r", None, Some(1500)),
        event(None, "s", None, None),
        event(None, "é€😀", None, None),
        event(None, "unnamed", None, None),
    ]
}

/// The events of one response, as (event, data, id, retry in ms), until the stream ends;
/// an error fails the test.
async fn collect(client: &Client) -> Vec<Seen> {
    let mut events = client.raw_events().send().await.unwrap();
    let mut seen = Vec::new();
    while let Some(event) = events.next().await {
        let Event {
            data,
            event,
            id,
            retry,
            ..
        } = event.unwrap();
        seen.push((event, data, id, retry.map(|r| r.as_millis() as u64)));
    }
    seen
}

#[tokio::test]
async fn every_corner_case_parses_at_every_byte_boundary() {
    let body = CORNERS.as_bytes().to_vec();
    let served = body.clone();
    // Request `k` gets the body cut after byte `k`; the last gets it one byte at a time.
    let server = Server::start(move |n, _| {
        let pieces = if n <= served.len() {
            vec![served[..n].to_vec(), served[n..].to_vec()]
        } else {
            served.iter().map(|b| vec![*b]).collect()
        };
        Reply::Pieces {
            head: head(served.len()),
            pieces,
            every: Duration::from_millis(1),
        }
    })
    .await;
    let client = Client::builder(&server.url).build().unwrap();
    let want = expected();
    for cut in 0..=body.len() + 1 {
        assert_eq!(collect(&client).await, want, "cut after byte {cut}");
    }
    assert_eq!(
        server.requests()[0].header("accept"),
        Some("text/event-stream")
    );
}

#[tokio::test]
async fn typed_events_decode_and_those_that_do_not_are_error_items() {
    let body = "event: message_start\ndata: {\"type\":\"message_start\",\"id\":\"m1\"}\n\n\
        event: ping\ndata: {\"type\": \"ping\"}\n\n\
        event: content_delta\ndata: {\"type\":\"content_delta\",\"text\":\"Hel\"}\n\n\
        event: content_delta\ndata: {\"type\":\"content_delta\"}\n\n\
        event: content_delta\ndata: {\"type\":\"content_delta\",\"text\":\"lo\"}\n\n\
        event: error\ndata: {\"type\": \"error\", \"error\": {\"type\": \"overloaded_error\"}}\n\n\
        data: keep-alive\n\n\
        event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n";
    let server = Server::start(move |_, _| {
        Reply::Send([head(body.len()), body.as_bytes().to_vec()].concat())
    })
    .await;
    let client = Client::builder(&server.url).build().unwrap();
    let mut events = client.stream_messages().send().await.unwrap();
    let mut text = String::new();
    let mut skipped = Vec::new();
    let mut unknown = Vec::new();
    let mut started = None;
    let mut stopped = false;
    while let Some(item) = events.next().await {
        match item {
            Ok(event) => match event.data {
                MessageEvent::MessageStart(start) => started = Some(start.id),
                MessageEvent::ContentDelta(delta) => text.push_str(&delta.text),
                MessageEvent::MessageStop(_) => stopped = true,
                // A type the spec does not list is kept whole, as every union keeps it.
                MessageEvent::Unknown(value) => unknown.push(value["type"].clone()),
            },
            Err(Error::UndecodedItem(item)) => {
                skipped.push((item.event.clone(), item.data.clone()))
            }
            Err(err) => panic!("{err}"),
        }
    }
    assert_eq!(started.as_deref(), Some("m1"));
    assert_eq!(text, "Hello");
    assert!(stopped);
    assert_eq!(unknown, ["ping", "error"]);
    let want = [
        (
            Some("content_delta".to_string()),
            "{\"type\":\"content_delta\"}".to_string(),
        ),
        (None, "keep-alive".to_string()),
    ];
    assert_eq!(skipped, want);
}

#[tokio::test]
async fn raw_mode_gives_every_events_text() {
    let body = "data: {\"type\":\"message_start\",\"id\":\"m1\"}\n\ndata: not json\n\n";
    let server = Server::start(move |_, _| {
        Reply::Send([head(body.len()), body.as_bytes().to_vec()].concat())
    })
    .await;
    let client = Client::builder(&server.url).build().unwrap();
    let events = client.stream_messages().send().await.unwrap().into_raw();
    let data: Vec<String> = events.map(|event| event.unwrap().data).collect().await;
    assert_eq!(
        data,
        ["{\"type\":\"message_start\",\"id\":\"m1\"}", "not json"]
    );
}

#[tokio::test]
async fn one_operation_answers_as_json_or_as_events_each_with_its_accept() {
    let body =
        "id: 41\ndata: {\"delta\":\"Hel\"}\n\nid: 42\ndata: {\"delta\":\"lo\"}\n\ndata: [DONE]\n\n";
    let server = Server::start(move |_, request| {
        if request.header("accept") == Some("application/json") {
            Reply::Send(response(
                200,
                &[("content-type", "application/json")],
                "{\"text\":\"Hello\"}",
            ))
        } else {
            Reply::Send([head(body.len()), body.as_bytes().to_vec()].concat())
        }
    })
    .await;
    let client = Client::builder(&server.url).build().unwrap();
    let request = ChatRequest {
        prompt: Some("Hi".into()),
        stream: Some(false),
        ..Default::default()
    };
    let whole = client.create_chat(request.clone()).send().await.unwrap();
    assert_eq!(whole.text, "Hello");

    let streamed = ChatRequest {
        stream: Some(true),
        ..request
    };
    let mut events = client
        .create_chat(streamed)
        .last_event_id("40")
        .send_stream()
        .await
        .unwrap();
    let mut deltas = Vec::new();
    while let Some(event) = events.next().await {
        let event: Event<ChatChunk> = event.unwrap();
        deltas.push((event.data.delta, event.id));
    }
    assert_eq!(
        deltas,
        [
            ("Hel".to_string(), Some("41".to_string())),
            ("lo".to_string(), Some("42".to_string()))
        ]
    );
    assert_eq!(events.last_event_id(), Some("42"));
    let requests = server.requests();
    assert_eq!(requests[0].header("accept"), Some("application/json"));
    assert_eq!(requests[0].header("last-event-id"), None);
    assert_eq!(
        requests[1].header("accept"),
        Some("text/event-stream, application/json")
    );
    assert_eq!(requests[1].header("last-event-id"), Some("40"));
    let sent: serde_json::Value = serde_json::from_slice(&requests[1].body).unwrap();
    assert_eq!(sent["stream"], true);
}

#[tokio::test]
async fn an_error_sent_as_events_is_read_as_the_error_body() {
    let body = "event: error\ndata: {\"error\":\"overloaded\"}\n\n";
    let server = Server::start(move |_, _| {
        Reply::Send(response(
            429,
            &[("content-type", "text/event-stream"), ("retry-after", "0")],
            body,
        ))
    })
    .await;
    let client = Client::builder(&server.url).max_retries(0).build().unwrap();
    let request = ChatRequest::default();
    let Err(Error::Api(err)) = client.create_chat(request).send_stream().await else {
        panic!("an API error");
    };
    assert_eq!(err.status(), 429);
    let problem: valid_fixtures::events::models::Problem = err.body_as().unwrap();
    assert_eq!(problem.error.as_deref(), Some("overloaded"));
}

#[tokio::test]
async fn the_read_timeout_bounds_each_chunk_and_a_request_can_wait_longer() {
    let event = b"data: tick\n\n".to_vec();
    let server = Server::start(move |_, _| Reply::Chunks {
        head: open_head(),
        chunk: event.clone(),
        count: 4,
        every: Duration::from_millis(300),
        stall: false,
    })
    .await;
    // The whole stream takes longer than the overall timeout, which streams ignore; each
    // chunk comes later than the client's read timeout, which the request raises.
    let client = Client::builder(&server.url)
        .read_timeout(Some(Duration::from_millis(150)))
        .timeout(Duration::from_millis(200))
        .build()
        .unwrap();
    let events = client
        .raw_events()
        .read_timeout(Duration::from_secs(2))
        .send()
        .await
        .unwrap();
    let ticks: Vec<_> = events.map(|e| e.unwrap().data).collect().await;
    assert_eq!(ticks.len(), 4);

    let mut events = client.raw_events().send().await.unwrap();
    let mut outcome = Vec::new();
    while let Some(event) = events.next().await {
        outcome.push(event.map(|e| e.data));
    }
    assert!(
        matches!(outcome.last(), Some(Err(Error::Timeout(_)))),
        "{outcome:?}"
    );
}

#[tokio::test]
async fn an_endless_event_stops_at_the_cap() {
    let server = Server::start(|_, _| Reply::Flood {
        head: open_head(),
        chunk: b"data: xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n".to_vec(),
    })
    .await;
    let client = Client::builder(&server.url)
        .max_item_size(1 << 20)
        .build()
        .unwrap();
    let mut events = client.raw_events().send().await.unwrap();
    let Some(Err(Error::Stream(err))) = events.next().await else {
        panic!("the cap");
    };
    assert_eq!(err.kind, StreamErrorKind::ItemTooLarge(1 << 20));
    assert!(events.next().await.is_none());
    let peak = oas_codegen_tests::peak_memory_kib();
    assert!(peak < 128 * 1024, "peak memory {peak} KiB");
}

/// The first event's data of `body`, served whole, and the kind of the error that then ends
/// the stream.
async fn one_event_then_an_error(body: Vec<u8>) -> (String, StreamErrorKind) {
    let server =
        Server::start(move |_, _| Reply::Send([head(body.len()), body.clone()].concat())).await;
    let client = Client::builder(&server.url).build().unwrap();
    let mut events = client.raw_events().send().await.unwrap();
    let first = events.next().await.unwrap().unwrap().data;
    let Some(Err(Error::Stream(err))) = events.next().await else {
        panic!("the stream ends with an error");
    };
    assert!(events.next().await.is_none());
    (first, err.kind)
}

#[tokio::test]
async fn bytes_that_are_not_text_end_the_stream_with_an_error() {
    let mut body = b"data: fine\n\ndata: ".to_vec();
    body.extend_from_slice(&[0xff, 0xfe, 0x80, b'\n', b'\n']);
    body.extend_from_slice(b"data: never\n\n");
    let ended = one_event_then_an_error(body).await;
    assert_eq!(ended, ("fine".to_string(), StreamErrorKind::NotText));
}

#[tokio::test]
async fn a_body_cut_inside_an_event_ends_with_an_error() {
    let ended = one_event_then_an_error(b"data: whole\n\ndata: cut in th".to_vec()).await;
    assert_eq!(ended, ("whole".to_string(), StreamErrorKind::Truncated));
}

#[tokio::test]
async fn garbage_never_panics_and_always_ends() {
    // Bytes of every value, line ends among them, in a stream that then closes.
    let garbage: Vec<u8> = (0..20_000u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    let server =
        Server::start(move |_, _| Reply::Send([head(garbage.len()), garbage.clone()].concat()))
            .await;
    let client = Client::builder(&server.url).build().unwrap();
    let events = client.raw_events().send().await.unwrap();
    let items: Vec<_> = tokio::time::timeout(Duration::from_secs(10), events.collect::<Vec<_>>())
        .await
        .expect("the stream ends");
    assert!(
        items.iter().filter(|item| item.is_err()).count() <= 1,
        "one error at most ends it"
    );
}

#[tokio::test]
async fn the_mock_kit_answers_with_streams() {
    use valid_fixtures::events::mock::MockServer;
    use valid_fixtures::events::models::{ContentDelta, Item};
    let server = MockServer::start().await;
    let delta = |text: &str| {
        MessageEvent::ContentDelta(ContentDelta {
            r#type: "content_delta".into(),
            text: text.into(),
            ..Default::default()
        })
    };
    server
        .expect_stream_messages()
        .respond_with_events(vec![delta("Hel"), delta("lo")])
        .await;
    server
        .expect_list_lines()
        .respond_with_lines(vec![Item {
            n: 1,
            ..Default::default()
        }])
        .await;
    let client = server.client();
    let events: Vec<MessageEvent> = client
        .stream_messages()
        .send()
        .await
        .unwrap()
        .map(|event| event.unwrap().data)
        .collect()
        .await;
    assert_eq!(events, [delta("Hel"), delta("lo")]);
    let items: Vec<Item> = client
        .list_lines()
        .send()
        .await
        .unwrap()
        .map(Result::unwrap)
        .collect()
        .await;
    assert_eq!(items[0].n, 1);
}
