//! JSON streams, against raw servers on 127.0.0.1: 100,000 JSON lines decoded as they
//! arrive, a JSON text sequence (RFC 7464), a line that does not decode yielded as an error
//! item while the stream goes on, a line past the cap, and OpenAPI 3.2's `itemSchema` for
//! events and for JSON lines.

use oas_codegen_runtime::futures_util::StreamExt;
use oas_codegen_tests::hostile::{Reply, Server};
use std::time::Duration;
use valid_fixtures::events::{Client, Error, StreamErrorKind};

/// A response of `media` that ends when the connection closes.
fn open_head(media: &str) -> Vec<u8> {
    format!("HTTP/1.1 200 OK\r\ncontent-type: {media}\r\nconnection: close\r\n\r\n").into_bytes()
}

/// A response of `media` with `body`, ended by closing the connection.
fn closed(media: &str, body: &[u8]) -> Reply {
    Reply::Pieces {
        head: open_head(media),
        pieces: vec![body.to_vec()],
        every: Duration::ZERO,
    }
}

#[tokio::test]
async fn a_hundred_thousand_lines_decode_one_by_one() {
    const COUNT: i64 = 100_000;
    let mut body = Vec::new();
    for n in 0..COUNT {
        // CRLF and LF both end a line; blank lines are skipped.
        let end = if n % 2 == 0 { "\n" } else { "\r\n\n" };
        body.extend_from_slice(format!("{{\"n\":{n}}}{end}").as_bytes());
    }
    // In 64 KiB pieces, so that lines are cut across them.
    let pieces: Vec<Vec<u8>> = body.chunks(65_536).map(<[u8]>::to_vec).collect();
    let server = Server::start(move |_, _| Reply::Pieces {
        head: open_head("application/x-ndjson"),
        pieces: pieces.clone(),
        every: Duration::ZERO,
    })
    .await;
    let client = Client::builder(&server.url).build().unwrap();
    let mut items = client.list_lines().send().await.unwrap();
    let (mut count, mut sum) = (0i64, 0i64);
    while let Some(item) = items.next().await {
        let item = item.unwrap();
        assert_eq!(item.n, count);
        count += 1;
        sum += item.n;
    }
    assert_eq!(count, COUNT);
    assert_eq!(sum, COUNT * (COUNT - 1) / 2);
    assert_eq!(
        server.requests()[0].header("accept"),
        Some("application/x-ndjson")
    );
}

#[tokio::test]
async fn a_json_text_sequence_splits_at_record_separators() {
    let body = b"\x1e{\"n\":1}\n\x1e{\"n\":\n2}\n\x1e{\"n\":\"three\"}\n\x1e{\"n\":4}".to_vec();
    let server = Server::start(move |_, _| closed("application/json-seq", &body)).await;
    let client = Client::builder(&server.url).build().unwrap();
    let items: Vec<_> = client.list_sequence().send().await.unwrap().collect().await;
    assert_eq!(items.len(), 4);
    assert_eq!(items[0].as_ref().unwrap().n, 1);
    assert_eq!(items[1].as_ref().unwrap().n, 2);
    let Err(Error::UndecodedItem(item)) = &items[2] else {
        panic!("an error item");
    };
    assert_eq!(item.data, "{\"n\":\"three\"}");
    // The last record has no line feed after it, and still counts.
    assert_eq!(items[3].as_ref().unwrap().n, 4);
}

#[tokio::test]
async fn a_line_past_the_cap_ends_the_stream() {
    let server = Server::start(|_, _| Reply::Flood {
        head: open_head("application/x-ndjson"),
        chunk: b"[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15]".to_vec(),
    })
    .await;
    let client = Client::builder(&server.url)
        .max_item_size(1 << 20)
        .build()
        .unwrap();
    let mut items = client.list_lines().send().await.unwrap();
    let Some(Err(Error::Stream(err))) = items.next().await else {
        panic!("the cap");
    };
    assert_eq!(err.kind, StreamErrorKind::ItemTooLarge(1 << 20));
    assert!(items.next().await.is_none());
}

#[tokio::test]
async fn openapi_3_2_item_schemas_type_events_and_lines() {
    use valid_fixtures::events_32::models::Tick;
    let events =
        "data: {\"price\": 1.5, \"symbol\": \"ABC\"}\n\ndata: {\"price\": 2, \"symbol\": null}\n\n";
    let lines = "{\"price\": 3.25}\n";
    let server = Server::start(move |_, request| {
        if request.target.ends_with("/lines") {
            closed("application/jsonl", lines.as_bytes())
        } else {
            closed("text/event-stream", events.as_bytes())
        }
    })
    .await;
    let client = valid_fixtures::events_32::Client::builder(&server.url)
        .build()
        .unwrap();
    let ticks: Vec<Tick> = client
        .stream_ticks()
        .send()
        .await
        .unwrap()
        .map(|e| e.unwrap().data)
        .collect()
        .await;
    assert_eq!(
        ticks.iter().map(|t| t.price).collect::<Vec<_>>(),
        [1.5, 2.0]
    );
    assert_eq!(ticks[0].symbol.as_option().map(String::as_str), Some("ABC"));
    assert!(ticks[1].symbol.is_null());
    let lines: Vec<Tick> = client
        .list_ticks()
        .send()
        .await
        .unwrap()
        .map(Result::unwrap)
        .collect()
        .await;
    assert_eq!(lines[0].price, 3.25);
}
