//! The client against servers that misbehave on purpose, on 127.0.0.1: pagination loops,
//! unusual `Link` headers, silence, drip-fed and endless bodies, redirects to another
//! origin, hostile header values, resets and huge parameters. Every call is bounded by a
//! test timeout, so a regression fails instead of hanging.

use futures_util::TryStreamExt;
use oas_codegen_tests::hostile::{json, response, Reply, Server};
use okta_management::{models, Client, Error, PaginationError};
use std::time::Duration;

/// The longest any call here may take before the test fails.
const BOUND: Duration = Duration::from_secs(20);

/// Runs `future` within [`BOUND`].
async fn bounded<T>(future: impl std::future::Future<Output = T>) -> T {
    tokio::time::timeout(BOUND, future)
        .await
        .expect("the client hung")
}

fn client(server: &Server) -> Client {
    Client::builder(&server.url)
        .api_token("secret-token")
        .build()
        .unwrap()
}

/// Every item of `list_users`, and how the stream ended.
async fn list_all(client: &Client) -> (Vec<models::User>, Option<Error>) {
    let mut stream = client.list_users().into_stream();
    let mut users = Vec::new();
    loop {
        match bounded(stream.try_next()).await {
            Ok(Some(user)) => users.push(user),
            Ok(None) => return (users, None),
            Err(err) => return (users, Some(err)),
        }
    }
}

const ONE_USER: &str = r#"[{"id":"00u1","status":"ACTIVE"}]"#;

#[tokio::test]
async fn a_next_link_to_the_same_page_stops_with_an_error() {
    for body in [ONE_USER, "[]"] {
        let server = Server::start(move |_, request| {
            let link = format!("<{}>; rel=\"next\"", request.target);
            Reply::Send(json(&[("link", &link)], body))
        })
        .await;
        let (users, err) = list_all(&client(&server)).await;
        assert_eq!(users.len(), if body == "[]" { 0 } else { 1 });
        let err = err.expect("the stream ends with an error");
        assert!(
            matches!(&err, Error::Pagination(p) if matches!(**p, PaginationError::Loop { .. })),
            "{err:?}"
        );
        assert!(
            err.to_string().contains("repeats a page already fetched"),
            "{err}"
        );
        assert_eq!(
            server.requests().len(),
            1,
            "the repeated page is not fetched again"
        );
    }
}

#[tokio::test]
async fn a_cycle_of_two_pages_stops_with_an_error() {
    let server = Server::start(|_, request| {
        let next = if request.target.contains("after=b") {
            "/api/v1/users?after=a"
        } else {
            "/api/v1/users?after=b"
        };
        Reply::Send(json(
            &[("link", &format!("<{next}>; rel=\"next\""))],
            ONE_USER,
        ))
    })
    .await;
    let (users, err) = list_all(&client(&server)).await;
    assert!(matches!(err, Some(Error::Pagination(_))), "{err:?}");
    assert_eq!(
        users.len(),
        3,
        "the first page, after=b, after=a; then after=b repeats"
    );
    assert_eq!(server.requests().len(), 3);
}

#[tokio::test]
async fn empty_pages_that_never_end_are_bounded() {
    let server = Server::start(|n, _| {
        Reply::Send(json(
            &[("link", &format!("</api/v1/users?after={n}>; rel=\"next\""))],
            "[]",
        ))
    })
    .await;
    let client = Client::builder(&server.url)
        .max_empty_pages(3)
        .build()
        .unwrap();
    let (users, err) = list_all(&client).await;
    assert!(users.is_empty());
    let err = err.expect("the stream ends with an error");
    assert!(
        matches!(&err, Error::Pagination(p) if matches!(**p, PaginationError::EmptyPages { count: 4 })),
        "{err:?}"
    );
    assert_eq!(server.requests().len(), 4);
    // The default bound is 16.
    let (_, err) = list_all(&self::client(&server)).await;
    assert!(matches!(err, Some(Error::Pagination(_))));
    assert_eq!(server.requests().len(), 4 + 17);
}

#[tokio::test]
async fn unusual_but_valid_link_headers_are_followed() {
    let cases = [
        ("</api/v1/users?after=x>; rel=\"next\"", "/api/v1/users?after=x"),
        ("<{base}/api/v1/users?after=a,b>; rel=\"next\"", "/api/v1/users?after=a,b"),
        ("<{base}/api/v1/users?after=y>; rel=\"next last\"", "/api/v1/users?after=y"),
        ("<{base}/api/v1/users?after=z>; REL=next", "/api/v1/users?after=z"),
        ("<{base}/api/v1/users?prev=1>; rel=\"self\", <{base}/api/v1/users?after=w>; rel=\"next\"", "/api/v1/users?after=w"),
    ];
    for (link, expected) in cases {
        let template = link.to_string();
        let server = Server::start(move |n, request| {
            let base = format!("http://{}", request.header("host").unwrap());
            match n {
                0 => Reply::Send(json(
                    &[("link", &template.replace("{base}", &base))],
                    ONE_USER,
                )),
                _ => Reply::Send(json(&[], ONE_USER)),
            }
        })
        .await;
        let (users, err) = list_all(&client(&server)).await;
        assert!(err.is_none(), "{link}: {err:?}");
        assert_eq!(users.len(), 2, "{link}");
        assert_eq!(server.requests()[1].target, expected, "{link}");
    }
}

#[tokio::test]
async fn a_link_to_another_origin_is_refused_and_never_sent_there() {
    let elsewhere = Server::start(|_, _| Reply::Send(json(&[], "[]"))).await;
    let target = format!("{}/api/v1/users?after=x", elsewhere.url);
    let server = Server::start(move |_, _| {
        Reply::Send(json(
            &[("link", &format!("<{target}>; rel=\"next\""))],
            ONE_USER,
        ))
    })
    .await;
    let (users, err) = list_all(&client(&server)).await;
    assert_eq!(users.len(), 1);
    assert!(
        matches!(&err, Some(Error::Pagination(p)) if matches!(**p, PaginationError::OtherOrigin { .. })),
        "{err:?}"
    );
    assert!(
        elsewhere.requests().is_empty(),
        "the token went to another origin"
    );
}

#[tokio::test]
async fn a_link_header_that_cannot_be_read_is_an_error_not_the_last_page() {
    let server = Server::start(|_, _| {
        Reply::Send(json(
            &[("link", "</api/v1/users?after=x; rel=next")],
            ONE_USER,
        ))
    })
    .await;
    let (users, err) = list_all(&client(&server)).await;
    assert!(users.is_empty(), "the page is not half-read");
    assert!(
        matches!(&err, Some(Error::Pagination(p)) if matches!(**p, PaginationError::MalformedLink { .. })),
        "{err:?}"
    );
    // A value that never mentions `next` cannot hold a next link: the page is the last.
    let server = Server::start(|_, _| Reply::Send(json(&[("link", "string")], ONE_USER))).await;
    let (users, err) = list_all(&client(&server)).await;
    assert_eq!((users.len(), err.is_none()), (1, true), "{err:?}");
}

#[tokio::test]
async fn silence_before_the_headers_ends_with_a_timeout() {
    let server = Server::start(|_, _| Reply::Hang).await;
    let client = Client::builder(&server.url)
        .read_timeout(Some(Duration::from_millis(300)))
        .build()
        .unwrap();
    let err = bounded(client.get_current_configuration().send())
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::Timeout(t) if t.waiting_for == "the response headers"),
        "{err:?}"
    );
    assert_eq!(
        err.to_string(),
        "timed out waiting for the response headers after 300 ms"
    );
    assert!(err.is_retryable());
}

#[test]
fn the_read_timeout_and_body_limit_are_on_by_default() {
    let builder = format!("{:?}", Client::builder("https://example.okta.com"));
    assert!(builder.contains("read_timeout: Some(60s)"), "{builder}");
    assert!(builder.contains("max_body_size: 33554432"), "{builder}");
    assert!(builder.contains("timeout: None"), "{builder}");
}

#[tokio::test]
async fn a_body_that_stops_arriving_ends_with_a_timeout() {
    let head =
        b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 100000\r\n\r\n"
            .to_vec();
    let server = Server::start(move |_, _| Reply::Drip {
        head: head.clone(),
        every: Duration::from_secs(5),
    })
    .await;
    let client = Client::builder(&server.url)
        .read_timeout(Some(Duration::from_millis(300)))
        .build()
        .unwrap();
    let err = bounded(client.get_current_configuration().send())
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::Timeout(t) if t.waiting_for == "more of the response body" && t.status == Some(200)),
        "{err:?}"
    );
    assert!(
        err.to_string()
            .contains("timed out waiting for more of the response body"),
        "{err}"
    );
}

#[tokio::test]
async fn an_endless_body_is_cut_at_the_limit() {
    let head = b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n\r\n".to_vec();
    let server = Server::start(move |_, _| Reply::Flood {
        head: head.clone(),
        chunk: vec![b' '; 64 * 1024],
    })
    .await;
    // The default limit: 32 MiB.
    let err = bounded(client(&server).get_current_configuration().send())
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::BodyTooLarge(b) if b.limit == 32 * 1024 * 1024 && b.content_length.is_none()),
        "{err:?}"
    );
    assert!(
        err.to_string()
            .contains("larger than the client's limit of 33554432 bytes"),
        "{err}"
    );
    let client = Client::builder(&server.url)
        .max_body_size(1024)
        .build()
        .unwrap();
    let err = bounded(client.get_current_configuration().send())
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::BodyTooLarge(b) if b.limit == 1024),
        "{err:?}"
    );
}

#[tokio::test]
async fn an_announced_body_over_the_limit_is_not_read() {
    // The server announces 256 MiB and sends nothing: the client must not wait for it.
    let head =
        b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 268435456\r\n\r\n"
            .to_vec();
    let server = Server::start(move |_, _| Reply::Drip {
        head: head.clone(),
        every: Duration::from_secs(3600),
    })
    .await;
    let err = bounded(client(&server).get_current_configuration().send())
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::BodyTooLarge(b) if b.content_length == Some(268435456)),
        "{err:?}"
    );
}

fn new_user() -> models::CreateUserRequest {
    serde_json::from_value(serde_json::json!({
        "profile": { "login": "a@example.com", "email": "a@example.com", "firstName": "A", "lastName": "B" },
        "credentials": { "password": { "value": "hunter2-password" } }
    }))
    .unwrap()
}

#[tokio::test]
async fn a_redirect_to_another_origin_is_not_followed() {
    let elsewhere = Server::start(|_, _| Reply::Send(json(&[], r#"{"id":"stolen"}"#))).await;
    let location = format!("{}/steal", elsewhere.url);
    let server =
        Server::start(move |_, _| Reply::Send(response(307, &[("location", &location)], ""))).await;
    let err = bounded(client(&server).create_user(new_user()).send())
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(307), "{err:?}");
    assert!(
        elsewhere.requests().is_empty(),
        "the password and the token went to another origin"
    );
}

#[tokio::test]
async fn a_redirect_within_the_origin_is_followed_with_its_body() {
    let server = Server::start(|n, _| match n {
        0 => Reply::Send(response(307, &[("location", "/api/v1/users/moved")], "")),
        _ => Reply::Send(json(&[], r#"{"id":"00u1"}"#)),
    })
    .await;
    let user = bounded(client(&server).create_user(new_user()).send())
        .await
        .unwrap();
    assert_eq!(user.id.as_deref(), Some("00u1"));
    let requests = server.requests();
    assert_eq!(requests[1].target, "/api/v1/users/moved");
    assert_eq!(requests[0].body, requests[1].body);
    assert_eq!(
        requests[1].header("authorization"),
        Some("SSWS secret-token")
    );
}

#[tokio::test]
async fn no_header_value_makes_the_client_panic() {
    let hostile: &[&[(&str, &str)]] = &[
        &[
            ("x-rate-limit-reset", "18446744073709551615"),
            ("date", "Thu, 01 Jan 1970 00:00:00 GMT"),
        ],
        &[
            ("x-rate-limit-reset", "99999999999999999999999999"),
            ("date", "not a date"),
        ],
        &[("x-rate-limit-reset", "-1")],
        &[("x-rate-limit-reset", "1e99"), ("x-rate-limit-limit", "ÿÿ")],
        &[
            ("x-rate-limit-reset", ",,,"),
            ("x-rate-limit-remaining", "18446744073709551616"),
        ],
        &[
            ("x-rate-limit-reset", "0"),
            ("date", "Fri, 31 Dec 9999 23:59:59 GMT"),
        ],
        &[("link", "<>; rel=next"), ("x-okta-request-id", "\u{1}")],
        &[("link", "<http://[::1>; rel=next")],
        &[("link", ";;;,,,<<<>>>")],
    ];
    for headers in hostile {
        let headers: Vec<(String, String)> = headers
            .iter()
            .map(|(n, v)| (n.to_string(), v.to_string()))
            .collect();
        let server = Server::start(move |n, _| {
            let refs: Vec<(&str, &str)> = headers
                .iter()
                .map(|(n, v)| (n.as_str(), v.as_str()))
                .collect();
            let status = if n == 0 { 429 } else { 200 };
            Reply::Send(response(status, &refs, "[]"))
        })
        .await;
        let client = Client::builder(&server.url)
            .max_retry_wait(Duration::from_millis(10))
            .build()
            .unwrap();
        // Whatever the outcome, it is a value, not a panic or a hang.
        let _ = bounded(client.list_users().send()).await;
        let _ = list_all(&client).await;
    }
}

#[tokio::test]
async fn a_reset_connection_is_retryable_but_not_retried() {
    let server = Server::start(|_, _| Reply::Reset).await;
    let err = bounded(client(&server).create_user(new_user()).send())
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Transport(_)), "{err:?}");
    assert!(err.is_retryable(), "a reset connection may work next time");
    assert_eq!(
        server.requests().len(),
        1,
        "a POST is not sent again after a transport failure"
    );
}

#[tokio::test]
async fn a_post_that_gets_429_is_sent_again_with_its_body() {
    let server = Server::start(|n, _| match n {
        0 => Reply::Send(response(
            429,
            &[
                ("x-rate-limit-reset", "0"),
                ("content-type", "application/json"),
            ],
            "{}",
        )),
        _ => Reply::Send(json(&[], r#"{"id":"00u1"}"#)),
    })
    .await;
    let user = bounded(client(&server).create_user(new_user()).send())
        .await
        .unwrap();
    assert_eq!(user.id.as_deref(), Some("00u1"));
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    assert_eq!(requests[0].body, requests[1].body);
    assert_eq!(requests[1].header("x-okta-retry-count"), Some("1"));
}

#[tokio::test]
async fn errors_never_echo_a_huge_value() {
    let huge = "a".repeat(100_000);
    let echo = Server::start(|_, request| {
        let body = format!(
            r#"{{"errorCode":"E0000007","errorSummary":"Not found: {}","errorCauses":[]}}"#,
            request.target
        );
        Reply::Send(response(
            404,
            &[
                ("content-type", "application/json"),
                ("x-okta-request-id", &"r".repeat(5000)),
            ],
            &body,
        ))
    })
    .await;
    let reset = Server::start(|_, _| Reply::Reset).await;
    let undocumented =
        Server::start(|_, request| Reply::Send(response(418, &[], &request.target))).await;
    let bad_json = Server::start(|_, request| {
        Reply::Send(json(
            &[],
            &format!(
                r#"{{"id":"00u1","status":"{}","created":"{}"}}"#,
                request.target, request.target
            ),
        ))
    })
    .await;
    for server in [&echo, &reset, &undocumented, &bad_json] {
        let err = bounded(client(server).get_user(huge.as_str()).send())
            .await
            .unwrap_err();
        let message = err.to_string();
        assert!(
            message.len() < 2_000,
            "{} characters: {}…",
            message.len(),
            &message[..200]
        );
    }
}
