//! Uploads of any size, against servers on 127.0.0.1: a GiB streamed with its length (so not
//! chunked) and hashed by the server, in bounded memory; a file body that knows its length;
//! and the retry rules of bodies that can and cannot be sent again.

use oas_codegen_runtime::bytes::Bytes;
use oas_codegen_runtime::futures_util::stream;
use oas_codegen_tests::hostile::{json, response, Reply, Server};
use sha2::{Digest, Sha256};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use valid_fixtures::downloads::{Body, Client};

/// A server that reads one request, hashing its body as it comes (never holding it), and
/// answers with the hash, the length, and whether the body came with `Content-Length`.
async fn hashing_server() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        let (mut socket, _) = listener.accept().await.unwrap();
        let mut buffer = vec![0u8; 256 * 1024];
        let mut head = Vec::new();
        let body_start = loop {
            let n = socket.read(&mut buffer).await.unwrap();
            head.extend_from_slice(&buffer[..n]);
            if let Some(end) = head.windows(4).position(|w| w == b"\r\n\r\n") {
                break end + 4;
            }
        };
        let text = String::from_utf8_lossy(&head[..body_start]).to_ascii_lowercase();
        let length: u64 = text
            .lines()
            .find_map(|l| l.strip_prefix("content-length:"))
            .map(|v| v.trim().parse().unwrap())
            .expect("the upload is sent with Content-Length, not chunked");
        let mut hash = Sha256::new();
        hash.update(&head[body_start..]);
        let mut read = (head.len() - body_start) as u64;
        while read < length {
            let n = socket.read(&mut buffer).await.unwrap();
            assert!(n > 0, "the body ended early");
            hash.update(&buffer[..n]);
            read += n as u64;
        }
        let hex: String = hash.finalize().iter().map(|b| format!("{b:02x}")).collect();
        let body = format!(r#"{{"sha256":"{hex}","length":{read}}}"#);
        socket.write_all(&json(&[], &body)).await.unwrap();
    });
    url
}

#[tokio::test]
async fn a_gibibyte_upload_streams_with_its_length_in_bounded_memory() {
    const CHUNK: usize = 256 * 1024;
    const COUNT: usize = 4096; // 1 GiB
    let chunk = Bytes::from((0..CHUNK).map(|i| (i * 7 % 253) as u8).collect::<Vec<u8>>());
    let mut expected = Sha256::new();
    for _ in 0..COUNT {
        expected.update(&chunk);
    }
    let expected: String = expected
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let chunks = stream::iter((0..COUNT).map(move |_| Ok::<_, std::io::Error>(chunk.clone())));
    let body = Body::wrap_stream(chunks).with_length((CHUNK * COUNT) as u64);
    let url = hashing_server().await;
    let client = Client::builder(url).build().unwrap();
    let stored = tokio::time::timeout(
        Duration::from_secs(120),
        client.upload_file("big", body).send(),
    )
    .await
    .expect("not hung")
    .unwrap();
    assert_eq!(stored.length, Some((CHUNK * COUNT) as i64));
    assert_eq!(stored.sha256.as_deref(), Some(expected.as_str()));
    let peak = oas_codegen_tests::peak_memory_kib();
    assert!(peak < 128 * 1024, "peak memory {peak} KiB");
}

#[tokio::test]
async fn a_file_body_knows_its_length() {
    let path = std::env::temp_dir().join(format!("oas-codegen-upload-{}", std::process::id()));
    std::fs::write(&path, vec![42u8; 100_000]).unwrap();
    let body = Body::from_file(tokio::fs::File::open(&path).await.unwrap())
        .await
        .unwrap();
    let url = hashing_server().await;
    let stored = Client::builder(url)
        .build()
        .unwrap()
        .upload_file("f", body)
        .send()
        .await
        .unwrap();
    assert_eq!(stored.length, Some(100_000));
    let _ = std::fs::remove_file(&path);
}

#[tokio::test]
async fn a_streamed_body_is_never_sent_again_and_one_in_memory_is() {
    for status in [429u16, 503] {
        // The first two requests fail: the streamed one's, and the first try of the other.
        let server = Server::start(move |n, _| match n {
            0 | 1 => Reply::Send(response(status, &[("retry-after", "0")], "")),
            _ => Reply::Send(json(&[], r#"{"length":3}"#)),
        })
        .await;
        let client = Client::builder(&server.url).build().unwrap();
        let streamed = Body::wrap_stream(stream::iter([Ok::<_, std::io::Error>(
            Bytes::from_static(b"abc"),
        )]))
        .with_length(3);
        let err = client.upload_file("f", streamed).send().await.unwrap_err();
        assert_eq!(err.status(), Some(status));
        assert_eq!(
            server.requests().len(),
            1,
            "HTTP {status}: a stream cannot be replayed"
        );
        // Bytes in memory: a PUT is retried after either.
        let stored = client
            .upload_file("f", b"abc".as_slice())
            .send()
            .await
            .unwrap();
        assert_eq!(stored.length, Some(3));
        let requests = server.requests();
        assert_eq!(requests.len(), 3);
        assert_eq!(requests[1].body, b"abc");
        assert_eq!(requests[2].body, b"abc");
    }
}

#[tokio::test]
async fn multipart_files_stream_and_replace_their_text_fields() {
    // Small, so that the GiB tests beside it keep their memory bound.
    const LENGTH: usize = 1024 * 1024;
    let server = Server::start(|_, _| Reply::Send(response(201, &[], ""))).await;
    let client = Client::builder(&server.url).build().unwrap();
    let form = valid_fixtures::downloads::models::SubmitFormBody {
        title: Some("hello".into()),
        file: Some("replaced by the part".into()),
        ..Default::default()
    };
    let chunks =
        (0..LENGTH / 65_536).map(|_| Ok::<_, std::io::Error>(Bytes::from(vec![b'z'; 65_536])));
    let streamed = Body::wrap_stream(stream::iter(chunks))
        .with_length(LENGTH as u64)
        .with_file_name("data.bin");
    client
        .submit_form(form)
        .part("file", streamed)
        .part(
            "attachments",
            Body::from(b"first".to_vec()).with_file_name("a.txt"),
        )
        .part("attachments", Body::from("second"))
        .send()
        .await
        .unwrap();
    let request = &server.requests()[0];
    let body = &request.body;
    assert!(
        body.len() > LENGTH,
        "the whole file arrived, with Content-Length"
    );
    let text = String::from_utf8_lossy(body);
    assert!(text.contains("name=\"title\"\r\n\r\nhello\r\n"));
    assert!(text.contains("name=\"file\"; filename=\"data.bin\""));
    assert!(!text.contains("replaced by the part"));
    assert!(text.contains("name=\"attachments\"; filename=\"a.txt\"\r\nContent-Type: application/octet-stream\r\n\r\nfirst\r\n"));
    assert!(text.contains(
        "name=\"attachments\"\r\nContent-Type: application/octet-stream\r\n\r\nsecond\r\n"
    ));
    assert_eq!(text.matches(&"z".repeat(1024)).count(), LENGTH / 1024);
}

#[tokio::test]
async fn a_form_with_a_streamed_file_is_never_sent_again() {
    let server = Server::start(|n, _| match n {
        0 | 1 => Reply::Send(response(429, &[("retry-after", "0")], "")),
        _ => Reply::Send(response(201, &[], "")),
    })
    .await;
    let client = Client::builder(&server.url).build().unwrap();
    let form = valid_fixtures::downloads::models::SubmitFormBody::default();
    let chunks = [Ok::<_, std::io::Error>(Bytes::from_static(b"once"))];
    let streamed = Body::wrap_stream(stream::iter(chunks)).with_length(4);
    let result = client
        .submit_form(form.clone())
        .part("file", streamed)
        .send()
        .await;
    assert_eq!(result.unwrap_err().status(), Some(429));
    assert_eq!(server.requests().len(), 1);
    // In memory, the same form is sent again after the 429.
    client
        .submit_form(form)
        .part("file", Body::from("again"))
        .send()
        .await
        .unwrap();
    assert_eq!(server.requests().len(), 3);
}
