//! The downstream crate's own code, tested with okta-management's typed mock server:
//! several pages, a 429 in the middle, and call counts verified.

use chrono::{Duration, TimeZone, Utc};
use downstream_dep::deactivate_idle_users;
use okta_management::mock::MockServer;
use okta_management::models::{User, UserStatus};

include!("../../scenario/with_the_mock_kit.rs");

#[tokio::test]
async fn an_unmatched_request_names_the_closest_expectation() {
    let server = MockServer::start().await;
    server
        .expect_get_user("00u1")
        .respond_with(user("00u1", None))
        .await;
    let err = server.client().get_user("00u2").send().await.unwrap_err();
    let okta_management::Error::Api(api) = &err else {
        panic!("{err:?}")
    };
    let summary = api
        .body
        .as_ref()
        .and_then(|b| b.error_summary.clone())
        .unwrap();
    assert!(
        summary.contains("GET /api/v1/users/00u2")
            && summary.contains("getUser (GET /api/v1/users/00u1)"),
        "{summary}"
    );
}

#[tokio::test]
async fn typed_bodies_and_errors() {
    use okta_management::models::{CreateUserRequest, Error as OktaError, UserProfile};
    let server = MockServer::start().await;
    let request = CreateUserRequest {
        profile: UserProfile {
            login: Some("a@example.com".into()),
            ..Default::default()
        },
        ..Default::default()
    };
    server
        .expect_create_user()
        .query("activate", false)
        .body(&request)
        .times(1)
        .respond_with(user("00u-new", None))
        .await;
    let error = OktaError {
        error_code: Some("E0000007".into()),
        error_summary: Some("Not found".into()),
        ..Default::default()
    };
    server
        .expect_get_user("missing")
        .respond_error(404, &error)
        .await;

    let client = server.client();
    let created = client
        .create_user(request)
        .activate(false)
        .send()
        .await
        .unwrap();
    assert_eq!(created.id.as_deref(), Some("00u-new"));
    let err = client.get_user("missing").send().await.unwrap_err();
    assert_eq!(err.status(), Some(404));
}
