//! Downloads of any size, against a raw server on 127.0.0.1: a GiB streamed in bounded
//! memory and checked by SHA-256, a slow download that passes the per-chunk timeout, a
//! stalled one that fails, the `Accept` of each operation, and an error's body read as usual.

use oas_codegen_runtime::futures_util::StreamExt;
use oas_codegen_tests::hostile::{json, response, Reply, Server};
use sha2::{Digest, Sha256};
use std::time::Duration;
use valid_fixtures::downloads::{Client, Error};

/// The head of a binary response of `length` bytes.
fn head(length: u64, extra: &str) -> Vec<u8> {
    format!("HTTP/1.1 200 OK\r\ncontent-type: application/octet-stream\r\ncontent-length: {length}\r\n{extra}\r\n").into_bytes()
}

#[tokio::test]
async fn a_gibibyte_streams_in_bounded_memory() {
    const CHUNK: usize = 256 * 1024;
    const COUNT: u64 = 4096; // 1 GiB
    let chunk: Vec<u8> = (0..CHUNK).map(|i| (i * 31 % 251) as u8).collect();
    let mut expected = Sha256::new();
    for _ in 0..COUNT {
        expected.update(&chunk);
    }
    let expected = expected.finalize();
    let served = chunk.clone();
    let server = Server::start(move |_, _| Reply::Chunks {
        head: head(CHUNK as u64 * COUNT, ""),
        chunk: served.clone(),
        count: COUNT,
        every: Duration::ZERO,
        stall: false,
    })
    .await;
    let client = Client::builder(&server.url).build().unwrap();
    let mut body = client.download_file("big").send().await.unwrap();
    let mut hash = Sha256::new();
    let mut length = 0u64;
    while let Some(chunk) = body.next().await {
        let chunk = chunk.unwrap();
        length += chunk.len() as u64;
        hash.update(&chunk);
    }
    assert_eq!(length, CHUNK as u64 * COUNT);
    assert_eq!(hash.finalize(), expected);
    let peak = oas_codegen_tests::peak_memory_kib();
    assert!(peak < 128 * 1024, "peak memory {peak} KiB");
    let request = &server.requests()[0];
    assert_eq!(
        request.header("accept"),
        Some("application/octet-stream, application/json")
    );
}

#[tokio::test]
async fn a_slow_steady_download_finishes_and_a_stalled_one_fails() {
    let slow = Server::start(|_, _| Reply::Chunks {
        head: head(20, ""),
        chunk: b"xx".to_vec(),
        count: 10,
        every: Duration::from_millis(150),
        stall: false,
    })
    .await;
    // Each chunk comes within the read timeout, though the whole takes longer than it.
    let client = Client::builder(&slow.url)
        .read_timeout(Some(Duration::from_millis(500)))
        .timeout(Duration::from_millis(600))
        .build()
        .unwrap();
    let body = client.download_file("slow").send().await.unwrap();
    assert_eq!(body.to_bytes(1024).await.unwrap().len(), 20);

    let stalled = Server::start(|_, _| Reply::Chunks {
        head: head(100, ""),
        chunk: b"xx".to_vec(),
        count: 3,
        every: Duration::ZERO,
        stall: true,
    })
    .await;
    let client = Client::builder(&stalled.url)
        .read_timeout(Some(Duration::from_millis(300)))
        .build()
        .unwrap();
    let body = client.download_file("stalled").send().await.unwrap();
    let err = tokio::time::timeout(Duration::from_secs(10), body.to_bytes(1024))
        .await
        .expect("not hung")
        .unwrap_err();
    assert!(matches!(err, Error::Timeout(_)), "{err:?}");
}

#[tokio::test]
async fn to_bytes_and_write_to_and_the_headers_at_hand() {
    let server = Server::start(|_, _| {
        Reply::Send(response(
            200,
            &[
                ("content-type", "application/pdf"),
                ("content-disposition", "attachment; filename=\"report.pdf\""),
            ],
            "%PDF-1.7 not really",
        ))
    })
    .await;
    let client = Client::builder(&server.url).build().unwrap();
    let response = client.get_report().send_with_response().await.unwrap();
    assert_eq!(response.content_type(), Some("application/pdf"));
    assert_eq!(response.content_length(), Some(19));
    assert_eq!(response.file_name().as_deref(), Some("report.pdf"));
    let mut written = Vec::new();
    assert_eq!(response.body.write_to(&mut written).await.unwrap(), 19);
    assert_eq!(written, b"%PDF-1.7 not really");
    assert_eq!(
        server.requests()[0].header("accept"),
        Some("application/pdf")
    );
    let err = client
        .get_report()
        .send()
        .await
        .unwrap()
        .to_bytes(5)
        .await
        .unwrap_err();
    assert!(matches!(err, Error::BodyTooLarge(_)), "{err:?}");
}

#[tokio::test]
async fn an_error_is_read_as_usual() {
    let server = Server::start(|_, _| {
        Reply::Send({
            let mut bytes = json(&[], r#"{"message":"no such file"}"#);
            bytes.splice(9..12, b"404".iter().copied());
            bytes
        })
    })
    .await;
    let client = Client::builder(&server.url).build().unwrap();
    let err = client.download_file("missing").send().await.unwrap_err();
    assert_eq!(err.status(), Some(404));
    assert!(err.to_string().contains("no such file"), "{err}");
}

#[tokio::test]
async fn the_suggested_file_name_never_leaves_its_directory() {
    let cases: Vec<(&str, Option<&str>)> = vec![
        (
            "attachment; filename=\"a;b \\\"c\\\".pdf\"",
            Some("a;b \"c\".pdf"),
        ),
        (
            "attachment; filename=plain.txt; filename*=UTF-8''%E2%82%AC%20rates.csv",
            Some("€ rates.csv"),
        ),
        ("attachment; filename=\"../../etc/passwd\"", Some("passwd")),
        (
            "attachment; filename=\"C:\\\\Windows\\\\evil.exe\"",
            Some("evil.exe"),
        ),
        ("attachment; filename=\"..\"", None),
        (
            "attachment; filename*=UTF-8''..%2F..%2F%0Asecret",
            Some("secret"),
        ),
        ("inline", None),
    ];
    let headers: Vec<String> = cases.iter().map(|(header, _)| header.to_string()).collect();
    let server = Server::start(move |n, _| {
        Reply::Send(response(
            200,
            &[
                ("content-type", "application/pdf"),
                ("content-disposition", &headers[n]),
            ],
            "x",
        ))
    })
    .await;
    let client = Client::builder(&server.url).build().unwrap();
    for (header, expected) in cases {
        let response = client.get_report().send_with_response().await.unwrap();
        assert_eq!(response.file_name().as_deref(), expected, "{header}");
    }
}

#[tokio::test]
async fn a_binary_schema_under_a_wildcard_media_type_streams() {
    let server = Server::start(|_, _| {
        Reply::Send(response(200, &[("content-type", "text/csv")], "a,b\n1,2\n"))
    })
    .await;
    let client = Client::builder(&server.url).build().unwrap();
    let body: valid_fixtures::downloads::ByteStream = client.export_all().send().await.unwrap();
    assert_eq!(&body.to_bytes(1024).await.unwrap()[..], b"a,b\n1,2\n");
    assert_eq!(server.requests()[0].header("accept"), Some("*/*"));
}
