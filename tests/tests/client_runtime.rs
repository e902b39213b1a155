//! The client's runtime behaviour, as Okta's official SDKs define it: construction, auth,
//! secrets, rate-limit retries, forward compatibility, partial updates and path safety.

use okta_management::{models, Client, Error, Nullable, TokenFuture, TokenProvider};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use wiremock::matchers::{body_json, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

fn threat_insight() -> ResponseTemplate {
    ResponseTemplate::new(200)
        .set_body_json(serde_json::json!({ "action": "audit", "excludeZones": [] }))
}

fn too_many(reset: &str) -> ResponseTemplate {
    ResponseTemplate::new(429)
        .set_body_json(serde_json::json!({ "errorCode": "E0000047", "errorSummary": "API call exceeded rate limit due to too many requests." }))
        .insert_header("x-rate-limit-reset", reset)
        .insert_header("x-rate-limit-limit", "600")
        .insert_header("x-rate-limit-remaining", "0")
}

/// Answers the first GET with `first` (a 429), and every later one with a configuration.
async fn rate_limited_once(server: &MockServer, first: ResponseTemplate) {
    Mock::given(method("GET"))
        .respond_with(first)
        .up_to_n_times(1)
        .mount(server)
        .await;
    Mock::given(method("GET"))
        .respond_with(threat_insight())
        .mount(server)
        .await;
}

#[test]
fn an_invalid_base_url_fails_when_the_client_is_built() {
    for bad in [
        "not a url",
        "ftp://example.okta.com",
        "mailto:admin@example.com",
    ] {
        let err = Client::builder(bad).build().unwrap_err();
        assert!(matches!(err, Error::Config(_)), "{bad}: {err:?}");
    }
}

#[test]
fn secrets_never_show_in_debug_output() {
    let builder = Client::builder("https://example.okta.com").api_token("super-secret-token");
    assert!(!format!("{builder:?}").contains("super-secret-token"));
    let client = builder.build().unwrap();
    let debug = format!("{client:?}");
    assert!(!debug.contains("super-secret-token"), "{debug}");
    assert!(debug.contains("redacted"), "{debug}");
    let bearer = Client::builder("https://example.okta.com")
        .bearer_token("bearer-secret")
        .build()
        .unwrap();
    assert!(!format!("{bearer:?}").contains("bearer-secret"));
}

#[tokio::test]
async fn bearer_tokens_and_the_user_agent_suffix_are_sent() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(header("authorization", "Bearer at-123"))
        .respond_with(threat_insight())
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::builder(server.uri())
        .bearer_token("at-123")
        .user_agent_suffix("my-app/1.2")
        .http_client(reqwest_client())
        .build()
        .unwrap();
    client.get_current_configuration().send().await.unwrap();
    let request = &server.received_requests().await.unwrap()[0];
    let agent = request
        .headers
        .get("user-agent")
        .unwrap()
        .to_str()
        .unwrap()
        .to_string();
    let os = format!("{}/{}", std::env::consts::OS, std::env::consts::ARCH);
    assert!(
        agent.starts_with("okta-management-rust/2.16.0 rust/1."),
        "{agent}"
    );
    assert!(agent.ends_with(&format!("{os} my-app/1.2")), "{agent}");
}

/// A user-supplied reqwest client.
fn reqwest_client() -> okta_management::reqwest::Client {
    okta_management::reqwest::Client::builder().build().unwrap()
}

/// A token provider that counts how often it is asked.
struct Counting(Arc<AtomicUsize>);

impl TokenProvider for Counting {
    fn token(&self) -> TokenFuture<'_> {
        let n = self.0.fetch_add(1, Ordering::SeqCst) + 1;
        Box::pin(async move { Ok(format!("token-{n}")) })
    }
}

#[tokio::test]
async fn a_token_provider_is_asked_for_every_request() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(header("authorization", "Bearer token-1"))
        .respond_with(threat_insight())
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(header("authorization", "Bearer token-2"))
        .respond_with(threat_insight())
        .expect(1)
        .mount(&server)
        .await;
    let count = Arc::new(AtomicUsize::new(0));
    let client = Client::builder(server.uri())
        .token_provider(Counting(count.clone()))
        .build()
        .unwrap();
    client.get_current_configuration().send().await.unwrap();
    client.get_current_configuration().send().await.unwrap();
    assert_eq!(count.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn the_overall_timeout_applies_and_is_retryable() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(threat_insight().set_delay(Duration::from_secs(5)))
        .mount(&server)
        .await;
    let client = Client::builder(server.uri())
        .timeout(Duration::from_millis(200))
        .build()
        .unwrap();
    let err = client.get_current_configuration().send().await.unwrap_err();
    assert!(
        matches!(&err, Error::Timeout(t) if t.waiting_for == "the whole request"),
        "{err:?}"
    );
    assert!(
        err.to_string()
            .starts_with("timed out waiting for the whole request after 200 ms"),
        "{err}"
    );
    assert!(err.is_retryable());
}

#[tokio::test]
async fn retries_stop_after_max_retries_and_zero_disables_them() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(too_many(&now().to_string()))
        .mount(&server)
        .await;
    let client = Client::builder(server.uri())
        .max_retries(0)
        .build()
        .unwrap();
    let err = client.get_current_configuration().send().await.unwrap_err();
    assert_eq!(err.status(), Some(429));
    assert!(err.is_retryable());
    assert_eq!(
        server.received_requests().await.unwrap().len(),
        1,
        "0 retries means one request"
    );

    server.reset().await;
    Mock::given(method("GET"))
        .respond_with(too_many(&now().to_string()))
        .mount(&server)
        .await;
    let client = Client::builder(server.uri())
        .max_retries(2)
        .max_retry_wait(Duration::from_millis(50))
        .build()
        .unwrap();
    let err = client.get_current_configuration().send().await.unwrap_err();
    assert_eq!(err.status(), Some(429));
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 3, "one request and two retries");
    assert_eq!(requests[2].headers.get("x-okta-retry-count").unwrap(), "2");
}

#[tokio::test]
async fn a_longer_wait_than_the_policy_accepts_is_not_waited_for() {
    let server = MockServer::start().await;
    rate_limited_once(&server, too_many(&(now() + 3600).to_string())).await;
    let client = Client::builder(server.uri())
        .max_retry_wait(Duration::from_millis(100))
        .build()
        .unwrap();
    let started = Instant::now();
    let err = client.get_current_configuration().send().await.unwrap_err();
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(err.status(), Some(429));
    let wait = err.retry_after().expect("the wait the server asked for");
    assert!((3590..=3600).contains(&wait.as_secs()), "{wait:?}");
    assert!(err.to_string().contains("the server asks to wait"), "{err}");
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 1, "no early retry");
}

#[tokio::test]
async fn the_wait_is_measured_against_the_servers_date() {
    let server = MockServer::start().await;
    // The server's clock is far behind ours: its reset is in its own past-plus-zero seconds,
    // so the wait is one second, not years.
    rate_limited_once(
        &server,
        too_many("946684800").insert_header("date", "Sat, 01 Jan 2000 00:00:00 GMT"),
    )
    .await;
    let client = Client::builder(server.uri())
        .max_retry_wait(Duration::from_secs(10))
        .build()
        .unwrap();
    let started = Instant::now();
    client.get_current_configuration().send().await.unwrap();
    let waited = started.elapsed();
    assert!(
        waited >= Duration::from_millis(900) && waited < Duration::from_secs(5),
        "{waited:?}"
    );
}

#[tokio::test]
async fn duplicate_and_missing_reset_headers_neither_hang_nor_panic() {
    let server = MockServer::start().await;
    let reset = now().to_string();
    rate_limited_once(
        &server,
        too_many(&format!("{reset}, {reset}")).append_header("x-rate-limit-reset", reset.as_str()),
    )
    .await;
    let client = Client::builder(server.uri())
        .max_retry_wait(Duration::from_secs(2))
        .build()
        .unwrap();
    client
        .get_current_configuration()
        .send()
        .await
        .expect("retried once after a duplicated reset");

    server.reset().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(429)
                .set_body_json(serde_json::json!({ "errorCode": "E0000047" })),
        )
        .mount(&server)
        .await;
    let started = Instant::now();
    let err = client.get_current_configuration().send().await.unwrap_err();
    assert_eq!(
        err.status(),
        Some(429),
        "without a reset there is nothing to wait for"
    );
    assert!(started.elapsed() < Duration::from_secs(2));
}

#[tokio::test]
async fn rate_limit_headers_are_readable() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            threat_insight()
                .insert_header("x-rate-limit-limit", "600")
                .insert_header("x-rate-limit-remaining", "599")
                .insert_header("x-rate-limit-reset", "1700000000"),
        )
        .mount(&server)
        .await;
    let client = Client::builder(server.uri()).build().unwrap();
    let response = client
        .get_current_configuration()
        .send_with_response()
        .await
        .unwrap();
    let limit = response.rate_limit();
    assert_eq!(
        (limit.limit, limit.remaining, limit.reset),
        (Some(600), Some(599), Some(1_700_000_000))
    );
}

#[tokio::test]
async fn unknown_enum_values_and_fields_survive() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "id": "00u1", "status": "SOME_NEW_STATUS", "brandNewField": { "x": 1 },
            "profile": { "login": "a@example.com" }
        })))
        .mount(&server)
        .await;
    let client = Client::builder(server.uri()).build().unwrap();
    let user = client.get_user("00u1").send().await.unwrap();
    assert_eq!(
        user.status,
        Some(models::UserStatus::Unknown("SOME_NEW_STATUS".into()))
    );
    assert_eq!(
        serde_json::to_value(&user.status).unwrap(),
        "SOME_NEW_STATUS"
    );
    assert_eq!(
        models::UserStatus::from("ACTIVE"),
        models::UserStatus::Active
    );
}

#[tokio::test]
async fn custom_profile_attributes_survive_read_modify_write() {
    let server = MockServer::start().await;
    let stored = serde_json::json!({
        "id": "00u1",
        "profile": { "login": "a@example.com", "firstName": "Ann", "employeeBadge": { "level": 3, "tags": ["x"] }, "favouriteColour": "teal" }
    });
    Mock::given(method("GET"))
        .and(path("/api/v1/users/00u1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(&stored))
        .mount(&server)
        .await;
    let expected = serde_json::json!({
        "id": "00u1",
        "profile": { "login": "a@example.com", "firstName": "Annie", "employeeBadge": { "level": 3, "tags": ["x"] }, "favouriteColour": "teal" }
    });
    Mock::given(method("PUT"))
        .and(path("/api/v1/users/00u1"))
        .and(body_json(&expected))
        .respond_with(ResponseTemplate::new(200).set_body_json(&expected))
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::builder(server.uri()).build().unwrap();
    let mut user = client.get_user("00u1").send().await.unwrap();
    let profile = user.profile.as_mut().unwrap();
    assert_eq!(profile.additional_properties["favouriteColour"], "teal");
    profile.first_name = Some("Annie".into());
    let updated = client.update_user("00u1", user).send().await.unwrap();
    assert_eq!(
        updated.profile.unwrap().additional_properties["employeeBadge"]["level"],
        3
    );
}

#[tokio::test]
async fn partial_updates_tell_absent_null_and_value_apart() {
    let server = MockServer::start().await;
    let expected = serde_json::json!({ "profile": { "nickName": "Al", "mobilePhone": null } });
    Mock::given(method("POST"))
        .and(path("/api/v1/users/00u1"))
        .and(body_json(&expected))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({ "id": "00u1" })))
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::builder(server.uri()).build().unwrap();
    let change = models::User {
        profile: Some(models::UserProfile {
            nick_name: Nullable::Value("Al".into()),
            mobile_phone: Nullable::Null,
            // Every other attribute stays `Nullable::Absent` and is not sent.
            ..Default::default()
        }),
        ..Default::default()
    };
    client
        .partial_update_user("00u1", change)
        .send()
        .await
        .unwrap();
}

#[tokio::test]
async fn path_parameters_stay_inside_their_segment() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({})))
        .mount(&server)
        .await;
    let client = Client::builder(server.uri()).build().unwrap();
    for (value, encoded) in [
        ("../../groups", "..%2F..%2Fgroups"),
        ("a/b?c#d", "a%2Fb%3Fc%23d"),
        ("Zoë 🦀", "Zo%C3%AB%20%F0%9F%A6%80"),
        ("...", "..."),
    ] {
        client.get_user(value).send().await.unwrap();
        let requests = server.received_requests().await.unwrap();
        let last = requests.last().unwrap();
        assert_eq!(
            last.url.path(),
            format!("/api/v1/users/{encoded}"),
            "{value}"
        );
    }
    let sent = server.received_requests().await.unwrap().len();
    for value in ["", ".", ".."] {
        let err = client.get_user(value).send().await.unwrap_err();
        assert!(matches!(err, Error::Config(_)), "{value:?}: {err:?}");
    }
    assert_eq!(
        server.received_requests().await.unwrap().len(),
        sent,
        "refused values send nothing"
    );
}
