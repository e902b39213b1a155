//! Takes operations of okta-management end to end against a wiremock server: the request
//! leaves with the right method, path, query, headers and body, and recorded Okta
//! responses decode into the models.

use futures_util::TryStreamExt;
use oas_codegen_tests::payload;
use okta_management::{models, Client, Error, Nullable};
use wiremock::matchers::{body_json, header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// A client for the mock server with an API token and no retry waits longer than a second.
fn client(server: &MockServer) -> Client {
    Client::builder(server.uri())
        .api_token("test-token")
        .max_retry_wait(std::time::Duration::from_secs(1))
        .build()
        .expect("the client builds")
}

/// A JSON response from a recorded payload.
fn json(status: u16, name: &str) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_raw(payload(name), "application/json")
}

#[tokio::test]
async fn get_user_sends_auth_and_decodes_a_real_user() {
    let server = MockServer::start().await;
    let users: serde_json::Value =
        serde_json::from_str(&payload("User__list__ListUsersResponse.json")).unwrap();
    Mock::given(method("GET"))
        .and(path("/api/v1/users/00u118oQYT4TBTemp0g4"))
        .and(header("authorization", "SSWS test-token"))
        .and(header("accept", "application/json"))
        .respond_with(ResponseTemplate::new(200).set_body_json(&users[0]))
        .expect(1)
        .mount(&server)
        .await;
    let user = client(&server)
        .get_user("00u118oQYT4TBTemp0g4")
        .send()
        .await
        .unwrap();
    assert_eq!(user.id.as_deref(), Some("00u118oQYT4TBTemp0g4"));
    assert_eq!(user.status, Some(models::UserStatus::Active));
    assert_eq!(
        user.activated,
        okta_management::Nullable::Null,
        "the live API sends null for activated, and the model keeps it"
    );
    let profile = user.profile.expect("a profile");
    assert_eq!(profile.login.as_deref(), Some("alice.smith@example.com"));
    assert_eq!(
        profile.mobile_phone,
        Nullable::Null,
        "an explicit null stays visible"
    );
    assert_eq!(profile.nick_name, Nullable::Absent);
    let user_agent = server.received_requests().await.unwrap()[0]
        .headers
        .get("user-agent")
        .unwrap()
        .to_str()
        .unwrap()
        .to_string();
    assert!(
        user_agent.starts_with("okta-management-rust/2.16.0 rust/"),
        "{user_agent}"
    );
}

#[tokio::test]
async fn create_user_sends_query_and_json_body() {
    let server = MockServer::start().await;
    let request: models::CreateUserRequest = serde_json::from_str(&payload(
        "CreateUserRequest__create-user-with-recovery-question-request.json",
    ))
    .unwrap();
    let expected_body: serde_json::Value = serde_json::from_str(&payload(
        "CreateUserRequest__create-user-with-recovery-question-request.json",
    ))
    .unwrap();
    let users: serde_json::Value =
        serde_json::from_str(&payload("User__list__ListUsersResponse.json")).unwrap();
    Mock::given(method("POST"))
        .and(path("/api/v1/users"))
        .and(query_param("activate", "false"))
        .and(header("content-type", "application/json"))
        .and(body_json(&expected_body))
        .respond_with(ResponseTemplate::new(200).set_body_json(&users[0]))
        .expect(1)
        .mount(&server)
        .await;
    let user = client(&server)
        .create_user(request)
        .activate(false)
        .send()
        .await
        .unwrap();
    assert_eq!(user.status, Some(models::UserStatus::Active));
}

#[tokio::test]
async fn activate_user_sends_its_required_query_parameter() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/v1/users/00u1/lifecycle/activate"))
        .and(query_param("sendEmail", "false"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "activationUrl": "https://example.okta.com/welcome/XE6wE17zmphl3KqAPFxO",
            "activationToken": "XE6wE17zmphl3KqAPFxO"
        })))
        .expect(1)
        .mount(&server)
        .await;
    let token = client(&server)
        .activate_user("00u1", false)
        .send()
        .await
        .unwrap();
    assert_eq!(
        token.activation_token.as_deref(),
        Some("XE6wE17zmphl3KqAPFxO")
    );
}

#[tokio::test]
async fn expire_password_with_temp_password_sends_the_literal_query_and_keeps_the_password() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/v1/users/00u1/lifecycle/expire_password"))
        .and(query_param("tempPassword", "true"))
        .respond_with(json(200, "TempPassword__ExpirePwdWithTempPwdResponse.json"))
        .expect(1)
        .mount(&server)
        .await;
    let temp = client(&server)
        .expire_password_and_get_temporary_password("00u1")
        .send()
        .await
        .unwrap();
    assert_eq!(temp.temp_password.as_deref(), Some("F46gy7X4"));
}

/// Mounts two pages of users: the first (one user, matched by `limit=1`) links to the
/// second (two users, matched by `after=cursor2`), which is expected `second_page_calls` times.
async fn mount_two_pages(server: &MockServer, second_page_calls: u64) {
    let users: Vec<serde_json::Value> =
        serde_json::from_str(&payload("User__list__ListUsersResponse.json")).unwrap();
    let next = format!(
        "<{}/api/v1/users?after=cursor2&limit=1>; rel=\"next\"",
        server.uri()
    );
    Mock::given(method("GET"))
        .and(path("/api/v1/users"))
        .and(query_param("after", "cursor2"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(serde_json::json!([users[0], users[0]])),
        )
        .expect(second_page_calls)
        .mount(server)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/v1/users"))
        .and(query_param("limit", "1"))
        .and(query_param("search", "profile.lastName eq \"Smith\""))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(serde_json::json!([users[0]]))
                .insert_header("link", next.as_str()),
        )
        .expect(1)
        .mount(server)
        .await;
}

#[tokio::test]
async fn list_users_gives_the_next_cursor() {
    let server = MockServer::start().await;
    mount_two_pages(&server, 0).await;
    let first = client(&server)
        .list_users()
        .limit(1)
        .search("profile.lastName eq \"Smith\"")
        .send()
        .await
        .unwrap();
    assert_eq!(first.items.len(), 1);
    assert_eq!(first.next_cursor().as_deref(), Some("cursor2"));
}

#[tokio::test]
async fn list_users_streams_every_page_to_the_end() {
    let server = MockServer::start().await;
    mount_two_pages(&server, 1).await;
    let all: Vec<models::User> = client(&server)
        .list_users()
        .limit(1)
        .search("profile.lastName eq \"Smith\"")
        .into_stream()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(
        all.len(),
        3,
        "one item on the first page, two on the second"
    );
}

#[tokio::test]
async fn an_okta_error_is_typed() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v1/users/nobody"))
        .respond_with(
            json(403, "Error__ErrorAccessDenied.json")
                .insert_header("x-okta-request-id", "req-123"),
        )
        .mount(&server)
        .await;
    let err = client(&server).get_user("nobody").send().await.unwrap_err();
    assert_eq!(err.status(), Some(403));
    assert!(!err.is_retryable());
    let Error::Api(api) = &err else {
        panic!("expected an API error, got {err:?}")
    };
    assert_eq!(api.request_id(), Some("req-123"));
    let body = api.body.as_ref().expect("the Okta error body decodes");
    assert_eq!(body.error_code.as_deref(), Some("E0000006"));
    let message = err.to_string();
    assert!(
        message.contains("E0000006") && message.contains("req-123"),
        "{message}"
    );
}

#[tokio::test]
async fn an_undocumented_status_is_unexpected() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v1/users/00u1"))
        .respond_with(ResponseTemplate::new(502).set_body_string("<html>bad gateway</html>"))
        .mount(&server)
        .await;
    let err = client(&server).get_user("00u1").send().await.unwrap_err();
    assert!(matches!(err, Error::UnexpectedStatus(_)), "{err:?}");
    assert!(err.is_retryable());
}

#[tokio::test]
async fn a_body_that_does_not_decode_names_its_path() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v1/users/00u1"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(serde_json::json!({"id": "00u1", "profile": {"login": 4.2}})),
        )
        .mount(&server)
        .await;
    let err = client(&server).get_user("00u1").send().await.unwrap_err();
    let Error::Decode(decode) = &err else {
        panic!("expected a decode error, got {err:?}")
    };
    assert_eq!(decode.path, "profile.login");
    assert_eq!(decode.status, 200);
}

#[tokio::test]
async fn delete_returns_no_body_and_path_parameters_stay_in_their_segment() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path("/api/v1/users/..%2F..%2Fgroups%3Fa%23b"))
        .and(query_param("sendEmail", "true"))
        .respond_with(ResponseTemplate::new(202))
        .expect(1)
        .mount(&server)
        .await;
    client(&server)
        .deactivate_or_delete_user("../../groups?a#b")
        .send_email(true)
        .send()
        .await
        .unwrap();
}

#[tokio::test]
async fn a_429_is_retried_after_the_reset_with_retry_headers() {
    let server = MockServer::start().await;
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    Mock::given(method("GET"))
        .and(path("/api/v1/threats/configuration"))
        .and(header("x-okta-retry-count", "1"))
        .and(header("x-okta-retry-for", "first-request"))
        .respond_with(json(
            200,
            "ThreatInsightConfiguration__ThreatInsightResponseExample.json",
        ))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/v1/threats/configuration"))
        .respond_with(
            json(429, "Error__ErrorTooManyRequests.json")
                .insert_header("x-rate-limit-reset", now.to_string().as_str())
                .insert_header("x-okta-request-id", "first-request"),
        )
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    let config = client(&server)
        .get_current_configuration()
        .send()
        .await
        .unwrap();
    assert!(config.action.is_some());
}
