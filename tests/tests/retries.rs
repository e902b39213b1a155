//! Retries as RFC 9110 and real servers say, against raw servers on 127.0.0.1 that record
//! when each request came: every wait header form, the backoff's bounds, which methods are
//! sent again after a 5xx or a failure, and per-request policies.

use oas_codegen_tests::hostile::{json, response, Reply, Server};
use okta_management::{models, Client, Error, RetryPolicy};
use std::time::{Duration, Instant};

/// The longest any call here may take before the test fails.
const BOUND: Duration = Duration::from_secs(30);

async fn bounded<T>(future: impl std::future::Future<Output = T>) -> T {
    tokio::time::timeout(BOUND, future)
        .await
        .expect("the client hung")
}

fn client(server: &Server) -> Client {
    Client::builder(&server.url)
        .api_token("token")
        .build()
        .unwrap()
}

const CONFIGURATION: &str = r#"{"action":"none"}"#;

/// The gaps between the requests the server received.
fn gaps(server: &Server) -> Vec<Duration> {
    let requests = server.requests();
    requests.windows(2).map(|w| w[1].at - w[0].at).collect()
}

/// A server that answers the first request with `status` and `headers`, then 200.
async fn once_then_ok(status: u16, headers: Vec<(String, String)>) -> Server {
    Server::start(move |n, _| {
        if n == 0 {
            let refs: Vec<(&str, &str)> = headers
                .iter()
                .map(|(k, v)| (k.as_str(), v.as_str()))
                .collect();
            Reply::Send(response(status, &refs, "{}"))
        } else {
            Reply::Send(json(&[], CONFIGURATION))
        }
    })
    .await
}

/// An HTTP date `seconds` after the Unix epoch, as servers write `Date`.
fn http_date(seconds: i64) -> String {
    chrono::DateTime::from_timestamp(seconds, 0)
        .unwrap()
        .format("%a, %d %b %Y %H:%M:%S GMT")
        .to_string()
}

#[tokio::test]
async fn a_get_with_503_and_retry_after_is_retried_as_the_server_asks() {
    let server = once_then_ok(503, vec![("retry-after".into(), "1".into())]).await;
    bounded(client(&server).get_current_configuration().send())
        .await
        .unwrap();
    let gaps = gaps(&server);
    assert_eq!(gaps.len(), 1);
    assert!(
        gaps[0] >= Duration::from_millis(950) && gaps[0] < Duration::from_secs(3),
        "{gaps:?}"
    );
}

#[tokio::test]
async fn every_header_form_of_the_wait_is_read() {
    // A server whose clock is far behind ours: waits given as dates or epochs are measured
    // against its `Date`, so each is two seconds, not decades.
    let date = 1_500_000_000; // 2017-07-14, years behind
    let forms: Vec<Vec<(&str, String)>> = vec![
        vec![("retry-after", "2".into())],
        vec![
            ("retry-after", http_date(date + 2)),
            ("date", http_date(date)),
        ],
        vec![(
            "ratelimit",
            r#""hourly";r=40;t=3000, "burst";r=0;t=2"#.into(),
        )],
        vec![
            ("ratelimit-reset", "2".into()),
            ("ratelimit-remaining", "0".into()),
        ],
        vec![("x-ratelimit-reset", "2".into())],
        vec![
            ("x-ratelimit-reset", (date + 2).to_string()),
            ("date", http_date(date)),
        ],
        // Okta's: an epoch, and a second more, as Okta's SDKs wait.
        vec![
            ("x-rate-limit-reset", (date + 1).to_string()),
            ("date", http_date(date)),
        ],
    ];
    for form in forms {
        let headers: Vec<(String, String)> = form
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect();
        let server = once_then_ok(429, headers).await;
        bounded(client(&server).get_current_configuration().send())
            .await
            .unwrap();
        let gaps = gaps(&server);
        assert!(
            gaps[0] >= Duration::from_millis(1900) && gaps[0] < Duration::from_millis(3500),
            "{form:?}: waited {gaps:?}"
        );
    }
}

#[tokio::test]
async fn the_backoff_doubles_from_its_start_up_to_its_cap_with_jitter() {
    let server = Server::start(|n, _| match n {
        0..=4 => Reply::Send(response(502, &[], "bad gateway")),
        _ => Reply::Send(json(&[], CONFIGURATION)),
    })
    .await;
    let client = Client::builder(&server.url)
        .retry_policy(
            RetryPolicy::default()
                .max_retries(5)
                .backoff(Duration::from_millis(100), Duration::from_millis(300)),
        )
        .build()
        .unwrap();
    bounded(client.get_current_configuration().send())
        .await
        .unwrap();
    let gaps = gaps(&server);
    assert_eq!(gaps.len(), 5);
    // Full jitter: each wait is at most 100, 200, 300, 300, 300 ms (plus the round trip).
    for (gap, ceiling) in gaps.iter().zip([100u64, 200, 300, 300, 300]) {
        assert!(*gap <= Duration::from_millis(ceiling + 150), "{gaps:?}");
    }
    let total: Duration = gaps.iter().sum();
    assert!(total < Duration::from_millis(1200 + 500), "{gaps:?}");
}

#[tokio::test]
async fn idempotent_methods_are_retried_after_502_503_504_and_failures() {
    for status in [502u16, 503, 504] {
        let server = once_then_ok(status, Vec::new()).await;
        bounded(client(&server).get_current_configuration().send())
            .await
            .unwrap();
        assert_eq!(server.requests().len(), 2, "GET after HTTP {status}");
        let server = Server::start(move |n, _| match n {
            0 => Reply::Send(response(status, &[], "")),
            _ => Reply::Send(response(204, &[], "")),
        })
        .await;
        bounded(client(&server).delete_origin("tos1").send())
            .await
            .unwrap();
        assert_eq!(server.requests().len(), 2, "DELETE after HTTP {status}");
    }
    // A reset connection after a GET was sent: sent again.
    let server = Server::start(|n, _| {
        if n == 0 {
            Reply::Reset
        } else {
            Reply::Send(json(&[], CONFIGURATION))
        }
    })
    .await;
    bounded(client(&server).get_current_configuration().send())
        .await
        .unwrap();
    assert_eq!(server.requests().len(), 2);
}

fn new_user() -> models::CreateUserRequest {
    models::CreateUserRequest::default()
}

#[tokio::test]
async fn a_post_with_503_is_tried_exactly_once() {
    for reply in [503u16, 502, 504] {
        let server =
            Server::start(move |_, _| Reply::Send(response(reply, &[("retry-after", "0")], "{}")))
                .await;
        let err = bounded(client(&server).create_user(new_user()).send())
            .await
            .unwrap_err();
        assert_eq!(err.status(), Some(reply));
        assert!(err.is_retryable(), "trying later may work");
        assert_eq!(
            server.requests().len(),
            1,
            "HTTP {reply}: a POST is not sent again"
        );
    }
}

#[tokio::test]
async fn a_post_marked_idempotent_is_retried_with_the_same_body() {
    let server = Server::start(|n, _| match n {
        0 => Reply::Send(response(503, &[("retry-after", "0")], "{}")),
        _ => Reply::Send(json(&[], r#"{"id":"00u1"}"#)),
    })
    .await;
    let user = bounded(
        client(&server)
            .create_user(new_user())
            .retry_policy(RetryPolicy::default().idempotent(true))
            .send(),
    )
    .await
    .unwrap();
    assert_eq!(user.id.as_deref(), Some("00u1"));
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    assert_eq!(requests[0].body, requests[1].body);
}

#[tokio::test]
async fn a_get_marked_not_idempotent_is_not_retried_after_a_5xx() {
    let server = once_then_ok(503, Vec::new()).await;
    let err = bounded(
        client(&server)
            .get_current_configuration()
            .retry_policy(RetryPolicy::default().idempotent(false))
            .send(),
    )
    .await
    .unwrap_err();
    assert_eq!(err.status(), Some(503));
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn any_method_is_retried_when_the_connection_failed_before_sending() {
    // Nothing listens on the port at first: the POST cannot have been sent, so it is tried
    // again, and reaches the server once it listens.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    drop(listener);
    let client = Client::builder(format!("http://{address}"))
        .api_token("token")
        .retry_policy(
            RetryPolicy::default()
                .max_retries(8)
                .backoff(Duration::from_millis(200), Duration::from_millis(200)),
        )
        .build()
        .unwrap();
    let call = tokio::spawn(client.create_user(new_user()).send());
    tokio::time::sleep(Duration::from_millis(50)).await;
    let listener = tokio::net::TcpListener::bind(address).await.unwrap();
    let (mut socket, _) = bounded(listener.accept()).await.unwrap();
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut buffer = vec![0u8; 64 * 1024];
    let mut read = 0;
    while !buffer[..read].windows(4).any(|w| w == b"\r\n\r\n") {
        read += socket.read(&mut buffer[read..]).await.unwrap();
    }
    socket
        .write_all(&json(&[], r#"{"id":"00u1"}"#))
        .await
        .unwrap();
    let user = bounded(call).await.unwrap().unwrap();
    assert_eq!(user.id.as_deref(), Some("00u1"));
}

#[tokio::test]
async fn the_rate_limit_state_is_read_from_every_header_family() {
    let date = 1_500_000_000;
    let families: Vec<Vec<(&str, String)>> = vec![
        vec![
            ("ratelimit", r#""default";r=5;t=30"#.into()),
            ("ratelimit-policy", r#""default";q=100;w=60"#.into()),
            ("date", http_date(date)),
        ],
        vec![
            ("ratelimit-limit", "100".into()),
            ("ratelimit-remaining", "5".into()),
            ("ratelimit-reset", "30".into()),
            ("date", http_date(date)),
        ],
        vec![
            ("x-ratelimit-limit", "100".into()),
            ("x-ratelimit-remaining", "5".into()),
            ("x-ratelimit-reset", (date + 30).to_string()),
        ],
        vec![
            ("x-rate-limit-limit", "100".into()),
            ("x-rate-limit-remaining", "5".into()),
            ("x-rate-limit-reset", (date + 30).to_string()),
        ],
    ];
    for family in families {
        let headers: Vec<(String, String)> = family
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect();
        let server = Server::start(move |_, _| {
            let refs: Vec<(&str, &str)> = headers
                .iter()
                .map(|(k, v)| (k.as_str(), v.as_str()))
                .collect();
            Reply::Send(json(&refs, CONFIGURATION))
        })
        .await;
        let response = bounded(
            client(&server)
                .get_current_configuration()
                .send_with_response(),
        )
        .await
        .unwrap();
        let limit = response.rate_limit();
        assert_eq!(limit.limit, Some(100), "{family:?}");
        assert_eq!(limit.remaining, Some(5), "{family:?}");
        assert_eq!(limit.reset, Some(date as u64 + 30), "{family:?}");
    }
}

#[tokio::test]
async fn a_wait_longer_than_the_policy_accepts_comes_back_at_once() {
    let server = once_then_ok(503, vec![("retry-after".into(), "120".into())]).await;
    let started = Instant::now();
    let err = bounded(client(&server).get_current_configuration().send())
        .await
        .unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(2));
    assert_eq!(err.retry_after(), Some(Duration::from_secs(120)));
    assert!(
        matches!(err, Error::Api(_) | Error::UnexpectedStatus(_)),
        "{err:?}"
    );
    assert!(err.to_string().contains("wait 120 s"), "{err}");
    assert_eq!(server.requests().len(), 1);
}
