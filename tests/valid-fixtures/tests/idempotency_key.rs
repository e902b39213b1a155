//! A POST is sent again after a 503 only when it carries an `Idempotency-Key`, and then with
//! the same key: the server deduplicates it, as Stripe's does.

use oas_codegen_tests::hostile::{json, response, Reply, Server};
use valid_fixtures::idempotency_key::{models, Client};

async fn flaky() -> Server {
    Server::start(|n, _| match n {
        0 => Reply::Send(response(503, &[("retry-after", "0")], "")),
        _ => Reply::Send(json(&[], r#"{"id":"ch_1"}"#)),
    })
    .await
}

fn body() -> models::CreateChargeBody {
    models::CreateChargeBody {
        amount: Some(100),
        ..Default::default()
    }
}

#[tokio::test]
async fn a_post_with_an_idempotency_key_is_retried_with_the_same_key() {
    let server = flaky().await;
    let client = Client::builder(&server.url).build().unwrap();
    let charge = client
        .create_charge(body())
        .idempotency_key("key-1")
        .send()
        .await
        .unwrap();
    assert_eq!(charge.id.as_deref(), Some("ch_1"));
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    for request in &requests {
        assert_eq!(request.header("idempotency-key"), Some("key-1"));
    }
    assert_eq!(requests[0].body, requests[1].body);
}

#[tokio::test]
async fn a_post_without_one_is_not() {
    let server = flaky().await;
    let client = Client::builder(&server.url).build().unwrap();
    let err = client.create_charge(body()).send().await.unwrap_err();
    assert_eq!(err.status(), Some(503));
    assert_eq!(server.requests().len(), 1);
}
