//! The downstream crate's own code, tested against a mock Okta.

use chrono::{Duration, TimeZone, Utc};
use downstream_dep::deactivate_idle_users;
use okta_management::Client;
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::test]
async fn deactivates_only_users_idle_for_ninety_days() {
    let server = MockServer::start().await;
    let users = serde_json::json!([
        { "id": "00u-recent", "status": "ACTIVE", "lastLogin": "2026-11-01T10:00:00.000Z" },
        { "id": "00u-idle", "status": "ACTIVE", "lastLogin": "2026-01-01T10:00:00.000Z" },
        { "id": "00u-never", "status": "ACTIVE", "lastLogin": null }
    ]);
    Mock::given(method("GET"))
        .and(path("/api/v1/users"))
        .respond_with(ResponseTemplate::new(200).set_body_json(users))
        .expect(1)
        .mount(&server)
        .await;
    for id in ["00u-idle", "00u-never"] {
        Mock::given(method("POST"))
            .and(path(format!("/api/v1/users/{id}/lifecycle/deactivate")))
            .and(query_param("sendEmail", "false"))
            .respond_with(ResponseTemplate::new(200))
            .expect(1)
            .mount(&server)
            .await;
    }
    let client = Client::builder(server.uri())
        .api_token("token")
        .build()
        .unwrap();
    let now = Utc.with_ymd_and_hms(2026, 11, 28, 0, 0, 0).unwrap();
    let done = deactivate_idle_users(&client, now, Duration::days(90))
        .await
        .unwrap();
    assert_eq!(done, ["00u-idle", "00u-never"]);
}
