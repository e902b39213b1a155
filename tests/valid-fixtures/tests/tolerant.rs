//! Tolerant decoding: a number sent as a numeric string, a string sent as an integer or a
//! boolean, and a boolean sent as `"true"` or `"false"`, decode when the conversion is exact; an inexact one fails with the place and
//! serde's message; encoding still follows the schema; `strict_decoding(true)` refuses all.

use oas_codegen_tests::hostile::{json, Reply, Server};
use valid_fixtures::tolerant::{Client, Error};

/// A client of a server that answers every request with `body`.
async fn answering(body: serde_json::Value, strict: bool) -> (Server, Client) {
    let text = body.to_string();
    let server = Server::start(move |_, _| Reply::Send(json(&[], &text))).await;
    let client = Client::builder(&server.url)
        .strict_decoding(strict)
        .build()
        .unwrap();
    (server, client)
}

#[tokio::test]
async fn exact_conversions_decode_and_encoding_follows_the_schema() {
    let body = serde_json::json!({
        "price": "-0.0025",
        "count": "3",
        "id": 1,
        "label": true,
        "active": "false",
        "lines": [{"amount": "1.5"}, {"amount": 2}, {"amount": "-3e2"}]
    });
    let (_server, client) = answering(body, false).await;
    let quote = client.get_quote("q1").send().await.unwrap();
    assert_eq!(quote.price, -0.0025);
    assert_eq!(quote.count, Some(3));
    assert_eq!(quote.id.as_deref(), Some("1"));
    assert_eq!(quote.label.as_deref(), Some("true"));
    assert_eq!(quote.active, Some(false));
    let amounts: Vec<Option<f64>> = quote.lines.unwrap().iter().map(|l| l.amount).collect();
    assert_eq!(amounts, [Some(1.5), Some(2.0), Some(-300.0)]);
    let encoded = serde_json::to_value(client.get_quote("q1").send().await.unwrap()).unwrap();
    assert_eq!(encoded["price"], serde_json::json!(-0.0025));
    assert_eq!(encoded["count"], serde_json::json!(3));
    assert_eq!(encoded["id"], serde_json::json!("1"));
}

#[tokio::test]
async fn inexact_conversions_fail_with_the_place_and_the_reason() {
    let cases = [
        (
            serde_json::json!({"price": 1, "count": "3.5"}),
            "count",
            "expected i64",
        ),
        (
            serde_json::json!({"price": 1, "id": 1.5}),
            "id",
            "expected a string",
        ),
        (serde_json::json!({"price": "abc"}), "price", "expected f64"),
        (
            serde_json::json!({"price": 1, "active": "False"}),
            "active",
            "expected a boolean",
        ),
        (
            serde_json::json!({"price": 1, "active": 1}),
            "active",
            "expected a boolean",
        ),
        (serde_json::json!({"price": " 1"}), "price", "expected f64"),
        (
            serde_json::json!({"price": "0x10"}),
            "price",
            "expected f64",
        ),
        (
            serde_json::json!({"price": 1, "lines": [{"amount": "1"}, {"amount": "one"}]}),
            "lines[1].amount",
            "expected f64",
        ),
    ];
    for (body, path, reason) in cases {
        let (_server, client) = answering(body.clone(), false).await;
        match client.get_quote("q1").send().await {
            Err(Error::Decode(err)) => {
                assert_eq!(err.path, path, "{body}");
                assert!(err.message.contains(reason), "{body}: {}", err.message);
            }
            other => panic!("{body} gave {other:?}"),
        }
    }
}

#[tokio::test]
async fn strict_decoding_refuses_what_the_spec_types_otherwise() {
    let (_server, client) = answering(serde_json::json!({"price": "-0.0025"}), true).await;
    match client.get_quote("q1").send().await {
        Err(Error::Decode(err)) => {
            assert_eq!(err.path, "price");
            assert!(err.message.contains("expected f64"), "{}", err.message);
        }
        other => panic!("a strict client decoded {other:?}"),
    }
}
