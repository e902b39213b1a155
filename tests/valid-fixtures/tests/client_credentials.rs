//! A spec that is not Okta's, with a client credentials flow: the token URL, relative
//! without a leading slash, resolves under the base URL's path whether or not it ends in a
//! slash, and the scopes each operation needs are in its docs.

use oas_codegen_tests::hostile::{json, response, Reply, Server};
use valid_fixtures::client_credentials::{Client, ClientCredentials, Error, ENV_PREFIX};

#[tokio::test]
async fn the_relative_token_url_resolves_under_the_base_path() {
    assert_eq!(ENV_PREFIX, "CLIENT_CREDENTIALS");
    for suffix in ["", "/"] {
        let server = Server::start(|_, request| match request.target.as_str() {
            "/v2/oauth/token" => Reply::Send(json(
                &[],
                r#"{"access_token":"tok","token_type":"Bearer","expires_in":60}"#,
            )),
            "/v2/widgets/w1" if request.header("authorization") == Some("Bearer tok") => {
                Reply::Send(json(&[], r#"{"id":"w1"}"#))
            }
            _ => Reply::Send(response(404, &[], "")),
        })
        .await;
        let client = Client::builder(format!("{}/v2{suffix}", server.url))
            .client_credentials(
                ClientCredentials::client_secret("id", "secret").scopes(["widgets.read"]),
            )
            .build()
            .unwrap();
        let widget = client.get_widget("w1").send().await.unwrap();
        assert_eq!(
            widget.id.as_deref(),
            Some("w1"),
            "base URL ending in {suffix:?}"
        );
        let token = &server.requests()[0];
        assert_eq!(token.method, "POST");
        assert_eq!(token.header("authorization"), Some("Basic aWQ6c2VjcmV0"));
    }
}

#[test]
fn the_prefix_comes_from_the_crate_name() {
    let err = valid_fixtures::client_credentials::ClientBuilder::from_env().unwrap_err();
    assert!(matches!(err, Error::Config(_)));
    assert!(
        err.to_string()
            .contains("`CLIENT_CREDENTIALS_ORGURL` is not set"),
        "{err}"
    );
}

#[test]
fn each_operation_names_its_scopes() {
    let code = std::fs::read_to_string(concat!(env!("OUT_DIR"), "/client_credentials.rs"));
    // The module form is in the build script's OUT_DIR, which tests of this package share.
    let code = code.expect("the build script wrote the module");
    assert!(code.contains("With OAuth 2.0, the access token needs the scope `widgets.read`."));
    assert!(code.contains("needs the scopes `widgets.read`, `widgets.write`."));
}
