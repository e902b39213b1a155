//! Each request sends the credentials its operation's security requirements name: the
//! first alternative the client holds whole (two API keys together, as Appwrite needs),
//! nothing where the operation needs nothing, and where it holds no alternative whole, the
//! keys an alternative names and the bearer token; a key never goes where it is not named.

use oas_codegen_tests::hostile::{response, Reply, Server};
use valid_fixtures::security::Client;

async fn server() -> Server {
    Server::start(|_, _| Reply::Send(response(204, &[], ""))).await
}

/// The credentials a request carried: its `X-Project`, `X-Key` and `Authorization`
/// headers, and whether its target carries the session key.
fn sent(
    request: &oas_codegen_tests::hostile::Request,
) -> (Option<&str>, Option<&str>, Option<&str>, bool) {
    (
        request.header("x-project"),
        request.header("x-key"),
        request.header("authorization"),
        request.target.contains("session="),
    )
}

#[tokio::test]
async fn each_request_sends_what_its_requirement_names() {
    let server = server().await;
    let client = Client::builder(&server.url)
        .project("p")
        .key("k")
        .session("s")
        .bearer_token("t")
        .basic_auth("user", "password")
        .build()
        .unwrap();
    client.get_both().send().await.unwrap();
    client.get_public().send().await.unwrap();
    client.get_optional().send().await.unwrap();
    client.get_basic().send().await.unwrap();
    client.get_bearer_or_key().send().await.unwrap();
    let requests = server.requests();
    assert_eq!(
        sent(&requests[0]),
        (Some("p"), Some("k"), None, false),
        "project and key together"
    );
    assert_eq!(
        sent(&requests[1]),
        (None, None, None, false),
        "security: [] sends nothing"
    );
    assert_eq!(sent(&requests[2]), (None, None, Some("Bearer t"), false));
    assert_eq!(
        sent(&requests[3]),
        (None, None, Some("Basic dXNlcjpwYXNzd29yZA=="), false)
    );
    assert_eq!(
        sent(&requests[4]),
        (None, None, Some("Bearer t"), false),
        "the first alternative held"
    );
}

#[tokio::test]
async fn the_second_alternative_and_what_is_held_without_a_whole_one() {
    let server = server().await;
    let client = Client::builder(&server.url)
        .project("p")
        .session("s")
        .build()
        .unwrap();
    client.get_both().send().await.unwrap();
    client.get_optional().send().await.unwrap();
    client.get_bearer_or_key().send().await.unwrap();
    let requests = server.requests();
    assert_eq!(
        sent(&requests[0]),
        (Some("p"), None, None, true),
        "project and session"
    );
    assert_eq!(
        sent(&requests[1]),
        (None, None, None, false),
        "anonymous is an alternative"
    );
    // Neither a bearer token nor the key: no key goes where its scheme is not named.
    assert_eq!(sent(&requests[2]), (None, None, None, false));
}

#[tokio::test]
async fn without_a_whole_alternative_the_named_keys_and_the_bearer_go() {
    let server = server().await;
    let client = Client::builder(&server.url)
        .project("p")
        .bearer_token("t")
        .build()
        .unwrap();
    client.get_both().send().await.unwrap();
    client.get_basic().send().await.unwrap();
    let requests = server.requests();
    // Project without key or session: the project key, which both alternatives name, and
    // the bearer token the caller set, so the server's refusal says what is missing.
    assert_eq!(
        sent(&requests[0]),
        (Some("p"), None, Some("Bearer t"), false)
    );
    assert_eq!(sent(&requests[1]), (None, None, Some("Bearer t"), false));
}

#[tokio::test]
async fn a_credential_set_twice_is_replaced() {
    let server = server().await;
    let client = Client::builder(&server.url)
        .project("old")
        .key("k")
        .project("new")
        .build()
        .unwrap();
    client.get_both().send().await.unwrap();
    assert_eq!(
        sent(&server.requests()[0]),
        (Some("new"), Some("k"), None, false)
    );
}
