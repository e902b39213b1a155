//! The client generated in `build.rs` works like `generated/`: auth, pagination, errors.

use downstream_build::{active_logins, okta};
use wiremock::matchers::{header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn user(login: &str) -> serde_json::Value {
    serde_json::json!({ "id": login, "status": "ACTIVE", "profile": { "login": login } })
}

#[tokio::test]
async fn lists_every_page_with_the_api_token() {
    let server = MockServer::start().await;
    let next = format!(
        "<{}/api/v1/users?after=2&limit=200>; rel=\"next\"",
        server.uri()
    );
    Mock::given(method("GET"))
        .and(path("/api/v1/users"))
        .and(query_param("after", "2"))
        .and(header("authorization", "SSWS secret"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(serde_json::json!([user("c@example.com")])),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/v1/users"))
        .and(query_param("filter", "status eq \"ACTIVE\""))
        .and(header("authorization", "SSWS secret"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(serde_json::json!([
                    user("a@example.com"),
                    user("b@example.com")
                ]))
                .insert_header("link", next.as_str()),
        )
        .mount(&server)
        .await;
    let client = okta::Client::builder(server.uri())
        .api_token("secret")
        .build()
        .unwrap();
    let logins = active_logins(&client).await.unwrap();
    assert_eq!(logins, ["a@example.com", "b@example.com", "c@example.com"]);
    let agent = server.received_requests().await.unwrap()[0]
        .headers
        .get("user-agent")
        .unwrap()
        .to_str()
        .unwrap()
        .to_string();
    assert!(agent.starts_with("okta-management-rust/0.1.0 "), "{agent}");
}

#[tokio::test]
async fn errors_and_extra_derives_come_through() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(404).set_body_json(serde_json::json!({ "errorCode": "E0000007", "errorSummary": "Not found: Resource not found: nobody (User)" })))
        .mount(&server)
        .await;
    let client = okta::Client::builder(server.uri())
        .api_token("secret")
        .build()
        .unwrap();
    let err = client.get_user("nobody").send().await.unwrap_err();
    let okta::Error::Api(api) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(
        api.body.as_ref().and_then(|b| b.error_code.as_deref()),
        Some("E0000007")
    );
    // `extra_derive("Eq")` reached the models.
    fn is_eq<T: Eq>() {}
    is_eq::<okta::models::TempPassword>();
}
