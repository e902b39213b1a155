//! The downstream crate's own code, tested with okta-management's typed mock server:
//! several pages, a 429 in the middle, and call counts verified.

use chrono::{Duration, TimeZone, Utc};
use downstream_dep::deactivate_idle_users;
use okta_management::mock::MockServer;
use okta_management::models::{User, UserStatus};

fn user(id: &str, last_login: Option<&str>) -> User {
    User {
        id: Some(id.into()),
        status: Some(UserStatus::Active),
        last_login: last_login.map(|t| t.parse().unwrap()).into(),
        ..Default::default()
    }
}

#[tokio::test]
async fn deactivates_idle_users_across_pages_despite_a_rate_limit() {
    let server = MockServer::start().await;
    // Three pages of users; the second page is rate-limited once before it is served.
    server
        .expect_list_users()
        .query_contains("filter", "ACTIVE")
        .respond_with_pages(vec![
            vec![
                user("00u-recent", Some("2026-11-20T10:00:00Z")),
                user("00u-idle-1", Some("2026-01-02T10:00:00Z")),
            ],
            vec![user("00u-never", None)],
            vec![user("00u-idle-2", Some("2025-12-31T23:59:59Z"))],
        ])
        .await;
    server
        .expect_list_users()
        .query("after", MockServer::page_cursor(1))
        .respond_rate_limited()
        .await;
    for id in ["00u-idle-1", "00u-never", "00u-idle-2"] {
        server
            .expect_deactivate_user(id)
            .query("sendEmail", false)
            .times(1)
            .respond_ok()
            .await;
    }
    server
        .expect_deactivate_user("00u-recent")
        .times(0)
        .respond_ok()
        .await;

    let now = Utc.with_ymd_and_hms(2026, 11, 28, 0, 0, 0).unwrap();
    let done = deactivate_idle_users(&server.client(), now, Duration::days(90))
        .await
        .unwrap();

    assert_eq!(done, ["00u-idle-1", "00u-never", "00u-idle-2"]);
    let second_page_tries = server
        .received_requests()
        .await
        .iter()
        .filter(|r| r.url.query().is_some_and(|q| q.contains("after=page-1")))
        .count();
    assert_eq!(
        second_page_tries, 2,
        "the rate-limited page was retried once"
    );
    server.verify().await;
}

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
