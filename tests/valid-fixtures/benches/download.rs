//! Download throughput: a 256 MiB body streamed through the generated client's `ByteStream`
//! against bare reqwest reading the same responses chunk by chunk; and event throughput:
//! 500,000 server-sent events decoded through the generated client's `EventStream` against
//! bare reqwest feeding the same parser (sse-stream) and serde_json. Each from the same local
//! server, interleaved so that both see the same machine.
//!
//! Run: `cargo bench -p valid-fixtures --bench download`.

use oas_codegen_runtime::futures_util::StreamExt;
use oas_codegen_tests::hostile::{Reply, Server};
use std::time::{Duration, Instant};
use valid_fixtures::downloads::Client;

const CHUNK: usize = 256 * 1024;
const COUNT: u64 = 1024; // 256 MiB

fn main() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let chunk = vec![7u8; CHUNK];
        let server = Server::start(move |_, _| Reply::Chunks {
            head: format!(
                "HTTP/1.1 200 OK\r\ncontent-type: application/octet-stream\r\ncontent-length: {}\r\n\r\n",
                CHUNK as u64 * COUNT
            )
            .into_bytes(),
            chunk: chunk.clone(),
            count: COUNT,
            every: Duration::ZERO,
            stall: false,
        })
        .await;
        let client = Client::builder(&server.url).build().unwrap();
        let http = oas_codegen_runtime::reqwest::Client::new();
        let url = format!("{}/files/f", server.url);
        let (mut ours, mut bare) = (Vec::new(), Vec::new());
        for _ in 0..5 {
            let start = Instant::now();
            let mut body = client.download_file("f").send().await.unwrap();
            let mut length = 0usize;
            while let Some(chunk) = body.next().await {
                length += chunk.unwrap().len();
            }
            assert_eq!(length as u64, CHUNK as u64 * COUNT);
            ours.push(start.elapsed());
            let start = Instant::now();
            let mut response = http.get(&url).send().await.unwrap();
            let mut length = 0usize;
            while let Some(chunk) = response.chunk().await.unwrap() {
                length += chunk.len();
            }
            assert_eq!(length as u64, CHUNK as u64 * COUNT);
            bare.push(start.elapsed());
        }
        ours.sort();
        bare.sort();
        let mib = (CHUNK as u64 * COUNT) as f64 / (1024.0 * 1024.0);
        let (ours, bare) = (ours[2], bare[2]);
        println!("| measurement | generated client | bare reqwest | throughput ratio |");
        println!("|---|---:|---:|---:|");
        println!(
            "| download 256 MiB, local server (median of 5) | {:.0} MiB/s | {:.0} MiB/s | {:.2} |",
            mib / ours.as_secs_f64(),
            mib / bare.as_secs_f64(),
            bare.as_secs_f64() / ours.as_secs_f64()
        );
        events().await;
    });
}

/// How many events the event benchmark streams.
const EVENTS: usize = 500_000;

/// Events per second through `send_stream`, and through bare reqwest with the same parser.
async fn events() {
    use oas_codegen_runtime::sse_stream::SseByteStream;
    use valid_fixtures::events::models::{ChatChunk, ChatRequest};
    let event = b"id: 1\ndata: {\"delta\":\"a token or two\"}\n\n".to_vec();
    let server = Server::start(move |_, _| Reply::Chunks {
        head: format!(
            "HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ncontent-length: {}\r\n\r\n",
            event.len() * EVENTS
        )
        .into_bytes(),
        chunk: event.clone(),
        count: EVENTS as u64,
        every: Duration::ZERO,
        stall: false,
    })
    .await;
    let client = valid_fixtures::events::Client::builder(&server.url)
        .build()
        .unwrap();
    let http = oas_codegen_runtime::reqwest::Client::new();
    let url = format!("{}/chat", server.url);
    let (mut ours, mut bare) = (Vec::new(), Vec::new());
    for _ in 0..5 {
        let start = Instant::now();
        let mut events = client
            .create_chat(ChatRequest::default())
            .send_stream()
            .await
            .unwrap();
        let mut count = 0usize;
        while let Some(event) = events.next().await {
            count += event.unwrap().data.delta.len();
        }
        assert_eq!(count, EVENTS * 14);
        ours.push(start.elapsed());
        let start = Instant::now();
        let response = http.post(&url).body("{}").send().await.unwrap();
        let mut events = SseByteStream::new(response.bytes_stream());
        let mut count = 0usize;
        while let Some(event) = events.next().await {
            let data = event.unwrap().data.unwrap();
            count += oas_codegen_runtime::serde_json::from_str::<ChatChunk>(&data)
                .unwrap()
                .delta
                .len();
        }
        assert_eq!(count, EVENTS * 14);
        bare.push(start.elapsed());
    }
    ours.sort();
    bare.sort();
    let (ours, bare) = (ours[2], bare[2]);
    println!(
        "| 500,000 events, decoded (median of 5) | {:.0} k/s | {:.0} k/s | {:.2} |",
        EVENTS as f64 / ours.as_secs_f64() / 1000.0,
        EVENTS as f64 / bare.as_secs_f64() / 1000.0,
        bare.as_secs_f64() / ours.as_secs_f64()
    );
}
