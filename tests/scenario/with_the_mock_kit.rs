// The downstream scenario's test through the mock kit, written once and included by both
// downstream crates: it names `MockServer`, `User`, `UserStatus` and `deactivate_idle_users`
// as each imports them.

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
