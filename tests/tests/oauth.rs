//! OAuth 2.0 client credentials end to end, against the mock kit's strict authorization
//! server on 127.0.0.1 (it verifies every signature with the public key, checks every claim,
//! demands DPoP nonces from the token endpoint and the API, and issues short-lived tokens),
//! and against raw servers that answer what no polite server would.

use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine as _;
use oas_codegen_tests::hostile::{json, response, Reply, Server};
use okta_management::mock::{AuthorizationServer, MockServer};
use okta_management::{models, Client, ClientCredentials, Error, PrivateKey};
use std::collections::BTreeMap;
use std::path::Path;
use std::time::Duration;

/// The longest any call here may take before the test fails.
const BOUND: Duration = Duration::from_secs(30);

/// Runs `future` within [`BOUND`].
async fn bounded<T>(future: impl std::future::Future<Output = T>) -> T {
    tokio::time::timeout(BOUND, future)
        .await
        .expect("the client hung")
}

/// A test key's text, from `tests/fixtures/keys`.
fn key(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/keys")
        .join(name);
    std::fs::read_to_string(path).unwrap()
}

fn user() -> models::User {
    models::User {
        id: Some("00u1".to_string()),
        ..Default::default()
    }
}

/// A mock server with one user to get, as often as asked.
async fn api() -> MockServer {
    let server = MockServer::start().await;
    server.expect_get_user("00u1").respond_with(user()).await;
    server
}

/// A client of `server` authenticating with `credentials`.
fn client(server: &MockServer, credentials: ClientCredentials) -> Client {
    server
        .client_builder()
        .client_credentials(credentials)
        .build()
        .unwrap()
}

/// The form of every token request the server received.
async fn token_forms(server: &MockServer) -> Vec<BTreeMap<String, String>> {
    server
        .received_requests()
        .await
        .into_iter()
        .filter(|r| r.url.path() == "/oauth2/v1/token")
        .map(|r| serde_json::from_value(form_json(&r.body)).unwrap())
        .collect()
}

fn form_json(body: &[u8]) -> serde_json::Value {
    let pairs: serde_json::Map<String, serde_json::Value> = url::form_urlencoded::parse(body)
        .map(|(k, v)| (k.into_owned(), serde_json::Value::String(v.into_owned())))
        .collect();
    serde_json::Value::Object(pairs)
}

/// The JSON of one part (0 header, 1 claims) of a JWT.
fn jwt_part(jwt: &str, index: usize) -> serde_json::Value {
    let part = jwt.split('.').nth(index).unwrap();
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(part).unwrap()).unwrap()
}

/// Mounts a strict token endpoint with one private-key client.
async fn endpoint(server: &MockServer, public_jwk: &str, dpop: bool) -> AuthorizationServer {
    server
        .token_endpoint()
        .private_key_jwt("0oa-client", public_jwk)
        .require_dpop(dpop)
        .mount()
        .await
}

#[tokio::test]
async fn every_key_format_signs_assertions_the_server_verifies() {
    let cases = [
        ("rsa-pkcs1.pem", "rsa-public.jwk", "RS256", None),
        ("rsa-pkcs8.pem", "rsa-public.jwk", "RS256", None),
        ("rsa.jwk", "rsa-public.jwk", "RS256", Some("rsa-jwk-kid")),
        ("ec-sec1.pem", "ec-public.jwk", "ES256", None),
        ("ec-pkcs8.pem", "ec-public.jwk", "ES256", None),
        ("ec.jwk", "ec-public.jwk", "ES256", Some("ec-jwk-kid")),
    ];
    for (private, public, algorithm, kid) in cases {
        let parsed = PrivateKey::parse(&key(private)).unwrap();
        assert_eq!(parsed.algorithm(), algorithm, "{private}");
        // The public half the client derives is the one Python's cryptography wrote.
        let derived: serde_json::Value = serde_json::from_str(&parsed.public_jwk()).unwrap();
        let expected: serde_json::Value = serde_json::from_str(&key(public)).unwrap();
        for field in ["n", "e", "x", "y"] {
            assert_eq!(
                derived.get(field),
                expected.get(field),
                "{private}: {field}"
            );
        }
        for dpop in [false, true] {
            let server = api().await;
            let oauth = endpoint(&server, &key(public), dpop).await;
            let credentials = ClientCredentials::private_key("0oa-client", key(private))
                .scopes(["okta.users.read"])
                .dpop(dpop);
            let client = client(&server, credentials);
            let got = bounded(client.get_user("00u1").send()).await;
            assert_eq!(
                got.unwrap().id.as_deref(),
                Some("00u1"),
                "{private}, DPoP {dpop}"
            );
            let forms = token_forms(&server).await;
            // Without DPoP, one request; with it, one more with the nonce asked for.
            assert_eq!(forms.len(), 1 + usize::from(dpop), "{private}");
            assert_eq!(oauth.tokens_issued(), 1);
            let assertion = &forms[0]["client_assertion"];
            let header = jwt_part(assertion, 0);
            assert_eq!(header["alg"], algorithm);
            match kid {
                Some(kid) => assert_eq!(header["kid"], kid),
                None => assert!(header.get("kid").is_none(), "{private}: {header}"),
            }
            let claims = jwt_part(assertion, 1);
            let url = format!("{}/oauth2/v1/token", server.uri());
            assert_eq!(claims["iss"], "0oa-client");
            assert_eq!(claims["sub"], "0oa-client");
            assert_eq!(claims["aud"], url.as_str());
            let (iat, exp) = (
                claims["iat"].as_u64().unwrap(),
                claims["exp"].as_u64().unwrap(),
            );
            assert!(exp > iat && exp - iat <= 3600, "{claims}");
            if dpop {
                assert_ne!(
                    claims["jti"],
                    jwt_part(&forms[1]["client_assertion"], 1)["jti"],
                    "each assertion has a fresh jti"
                );
            }
        }
    }
}

#[tokio::test]
async fn the_key_id_setting_wins_over_the_jwks_own() {
    let server = api().await;
    endpoint(&server, &key("ec-public.jwk"), false).await;
    let credentials = ClientCredentials::private_key("0oa-client", key("ec.jwk"))
        .key_id("set-by-user")
        .scopes(["okta.users.read"]);
    bounded(client(&server, credentials).get_user("00u1").send())
        .await
        .unwrap();
    let forms = token_forms(&server).await;
    assert_eq!(
        jwt_part(&forms[0]["client_assertion"], 0)["kid"],
        "set-by-user"
    );
    assert_eq!(forms[0]["scope"], "okta.users.read");
    assert_eq!(forms[0]["grant_type"], "client_credentials");
}

#[tokio::test]
async fn dpop_proofs_carry_each_servers_nonce_and_bind_the_token() {
    let server = api().await;
    let oauth = endpoint(&server, &key("rsa-public.jwk"), true).await;
    let credentials = ClientCredentials::private_key("0oa-client", key("rsa-pkcs8.pem"))
        .scopes(["okta.users.read"])
        .dpop(true);
    let client = client(&server, credentials);
    for _ in 0..3 {
        bounded(client.get_user("00u1").send()).await.unwrap();
    }
    // The token endpoint asked for its nonce once; the API asked for its own once; both
    // were kept for later requests.
    assert_eq!(oauth.token_requests(), 2);
    assert_eq!(oauth.api_rejections(), 1);
    let requests = server.received_requests().await;
    let api: Vec<_> = requests
        .iter()
        .filter(|r| r.url.path() != "/oauth2/v1/token")
        .collect();
    assert_eq!(api.len(), 4);
    for request in &api {
        let authorization = request
            .headers
            .get("authorization")
            .unwrap()
            .to_str()
            .unwrap();
        assert!(authorization.starts_with("DPoP "), "{authorization}");
        let proof = request.headers.get("dpop").unwrap().to_str().unwrap();
        let header = jwt_part(proof, 0);
        assert_eq!(header["typ"], "dpop+jwt");
        assert!(header["jwk"].get("d").is_none(), "the public key only");
        let claims = jwt_part(proof, 1);
        assert_eq!(claims["htm"], "GET");
        assert_eq!(claims["htu"], format!("{}/api/v1/users/00u1", server.uri()));
    }
}

#[tokio::test]
async fn dpop_switches_on_when_the_token_endpoint_demands_it() {
    let server = api().await;
    let oauth = endpoint(&server, &key("ec-public.jwk"), true).await;
    let credentials = ClientCredentials::private_key("0oa-client", key("ec-sec1.pem"))
        .scopes(["okta.users.read"]);
    bounded(client(&server, credentials).get_user("00u1").send())
        .await
        .unwrap();
    // No proof (invalid_dpop_proof), a proof without the nonce (use_dpop_nonce), then one
    // with it.
    assert_eq!(oauth.token_requests(), 3);
    assert_eq!(oauth.tokens_issued(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hundred_concurrent_calls_share_one_token_fetch() {
    let server = api().await;
    let oauth = endpoint(&server, &key("ec-public.jwk"), true).await;
    let credentials = ClientCredentials::private_key("0oa-client", key("ec-pkcs8.pem"))
        .scopes(["okta.users.read"])
        .dpop(true);
    let client = client(&server, credentials);
    // `send()` futures are `Send + 'static`: they can be spawned.
    let calls: Vec<_> = (0..100)
        .map(|_| tokio::spawn(client.get_user("00u1").send()))
        .collect();
    for call in calls {
        let user = bounded(call).await.unwrap().unwrap();
        assert_eq!(user.id.as_deref(), Some("00u1"));
    }
    // One token request, and one more with the nonce the token endpoint asked for.
    assert_eq!(oauth.token_requests(), 2);
    assert_eq!(oauth.tokens_issued(), 1);
    // Each call retried at most once, for the API's nonce.
    let api = server.received_requests().await.len() - oauth.token_requests();
    assert!((100..=200).contains(&api), "{api} API requests");
    assert_eq!(api - 100, oauth.api_rejections());
}

#[tokio::test]
async fn a_four_second_token_is_reused_for_two_and_never_sent_expired() {
    let server = api().await;
    let oauth = server
        .token_endpoint()
        .private_key_jwt("0oa-client", &key("rsa-public.jwk"))
        .lifetime(Some(Duration::from_secs(4)))
        .mount()
        .await;
    let credentials =
        ClientCredentials::private_key("0oa-client", key("rsa.jwk")).scopes(["okta.users.read"]);
    let client = client(&server, credentials);
    bounded(client.get_user("00u1").send()).await.unwrap();
    tokio::time::sleep(Duration::from_millis(1500)).await;
    bounded(client.get_user("00u1").send()).await.unwrap();
    assert_eq!(oauth.tokens_issued(), 1, "reused within the first 2 s");
    tokio::time::sleep(Duration::from_millis(1000)).await;
    bounded(client.get_user("00u1").send()).await.unwrap();
    assert_eq!(oauth.tokens_issued(), 2, "renewed after 2 s");
    for _ in 0..12 {
        tokio::time::sleep(Duration::from_millis(500)).await;
        bounded(client.get_user("00u1").send()).await.unwrap();
    }
    assert_eq!(oauth.expired_tokens_sent(), 0);
    assert_eq!(oauth.api_rejections(), 0);
    assert!(
        (4..=6).contains(&oauth.tokens_issued()),
        "{}",
        oauth.tokens_issued()
    );
}

#[tokio::test]
async fn a_token_without_a_lifetime_is_used_until_the_api_rejects_it() {
    let server = api().await;
    let oauth = server
        .token_endpoint()
        .client_secret("0oa-client", "secret")
        .lifetime(None)
        .mount()
        .await;
    let client = client(
        &server,
        ClientCredentials::client_secret("0oa-client", "secret").scopes(["okta.users.read"]),
    );
    for _ in 0..3 {
        bounded(client.get_user("00u1").send()).await.unwrap();
    }
    assert_eq!(oauth.tokens_issued(), 1);
    oauth.revoke_all();
    // 401 invalid_token: the token is dropped and the call retried once with a new one.
    bounded(client.get_user("00u1").send()).await.unwrap();
    assert_eq!(oauth.tokens_issued(), 2);
    assert_eq!(oauth.api_rejections(), 1);
}

#[tokio::test]
async fn a_wrong_key_is_a_typed_error_that_shows_no_secret() {
    let server = api().await;
    endpoint(&server, &key("rsa-public.jwk"), false).await;
    let credentials = ClientCredentials::private_key("0oa-client", key("wrong-rsa.pem"))
        .scopes(["okta.users.read"]);
    let err = bounded(client(&server, credentials).get_user("00u1").send())
        .await
        .unwrap_err();
    let Error::OAuth(oauth) = &err else {
        panic!("expected an OAuth error: {err:?}");
    };
    assert_eq!(oauth.error, "invalid_client");
    assert_eq!(oauth.status, 401);
    let (display, debug) = (err.to_string(), format!("{err:?}"));
    assert!(display.contains("invalid_client"), "{display}");
    assert!(debug.contains("invalid_client"), "{debug}");
    let assertion = token_forms(&server).await[0]["client_assertion"].clone();
    for text in [&display, &debug] {
        assert!(!text.contains(&assertion), "{text}");
        assert!(!text.contains("MII"), "no key material: {text}");
    }
}

#[tokio::test]
async fn client_secret_basic_form_urlencodes_both_parts() {
    let (id, secret) = ("0oa:client id", "s3cr3t+/=&%é");
    let server = api().await;
    let oauth = server
        .token_endpoint()
        .client_secret(id, secret)
        .mount()
        .await;
    let client = client(
        &server,
        ClientCredentials::client_secret(id, secret).scopes(["okta.users.read"]),
    );
    bounded(client.get_user("00u1").send()).await.unwrap();
    assert_eq!(oauth.tokens_issued(), 1);
    let requests = server.received_requests().await;
    let token = requests
        .iter()
        .find(|r| r.url.path() == "/oauth2/v1/token")
        .unwrap();
    let basic = token
        .headers
        .get("authorization")
        .unwrap()
        .to_str()
        .unwrap();
    let decoded = String::from_utf8(
        STANDARD
            .decode(basic.strip_prefix("Basic ").unwrap())
            .unwrap(),
    )
    .unwrap();
    assert_eq!(decoded, "0oa%3Aclient+id:s3cr3t%2B%2F%3D%26%25%C3%A9");
    // Nothing secret travels in the form.
    assert!(!String::from_utf8_lossy(&token.body).contains("s3cr3t"));
    assert!(format!("{client:?}").contains("0oa:client id"));
    assert!(!format!("{client:?}").contains("s3cr3t"));
}

#[tokio::test]
async fn client_secret_post_sends_the_secret_in_the_form() {
    let server = api().await;
    let oauth = server
        .token_endpoint()
        .client_secret("0oa-client", "secret")
        .mount()
        .await;
    let client = client(
        &server,
        ClientCredentials::client_secret_post("0oa-client", "secret").scopes(["a", "b"]),
    );
    bounded(client.get_user("00u1").send()).await.unwrap();
    assert_eq!(oauth.tokens_issued(), 1);
    let forms = token_forms(&server).await;
    assert_eq!(forms[0]["client_secret"], "secret");
    assert_eq!(forms[0]["scope"], "a b");
}

#[tokio::test]
async fn the_token_url_is_the_same_with_or_without_a_trailing_slash() {
    for suffix in ["", "/"] {
        let server = api().await;
        let oauth = server
            .token_endpoint()
            .client_secret("c", "s")
            .mount()
            .await;
        let client = Client::builder(format!("{}{suffix}", server.uri()))
            .client_credentials(ClientCredentials::client_secret("c", "s").scopes(["x"]))
            .build()
            .unwrap();
        bounded(client.get_user("00u1").send()).await.unwrap();
        assert_eq!(oauth.tokens_issued(), 1, "base URL ending in {suffix:?}");
    }
}

#[test]
fn settings_are_checked_when_the_client_is_built() {
    let build = |credentials: ClientCredentials| {
        Client::builder("https://example.okta.com")
            .client_credentials(credentials)
            .build()
            .unwrap_err()
            .to_string()
    };
    let no_scopes = build(ClientCredentials::client_secret("c", "s"));
    assert!(no_scopes.contains("at least one scope"), "{no_scopes}");
    let not_a_key = build(ClientCredentials::private_key("c", "not a key").scopes(["x"]));
    assert!(not_a_key.contains("not usable PEM"), "{not_a_key}");
    let public = build(ClientCredentials::private_key("c", key("rsa-public.jwk")).scopes(["x"]));
    assert!(public.contains("has no `d`"), "{public}");
    let hostile = build(
        ClientCredentials::private_key(
            "c",
            "{\"kty\":\"EC\",\"crv\":\"P-256\",\"d\":\"AA\",\"x\":\"AA\",\"y\":\"AA\"}",
        )
        .scopes(["x"]),
    );
    assert!(hostile.contains("32 bytes"), "{hostile}");
    let truncated = key("rsa-pkcs1.pem").replace("-----END RSA PRIVATE KEY-----", "");
    let truncated = build(ClientCredentials::private_key("c", truncated).scopes(["x"]));
    assert!(
        truncated.contains("-----END RSA PRIVATE KEY-----"),
        "{truncated}"
    );
    assert!(!truncated.contains("MII"), "no key material: {truncated}");
}

/// A raw server: a token endpoint answering `token`, and an API answering `api`.
async fn raw_server(
    token: impl Fn(&oas_codegen_tests::hostile::Request) -> Reply + Send + Sync + 'static,
    api: impl Fn(&oas_codegen_tests::hostile::Request) -> Reply + Send + Sync + 'static,
) -> Server {
    Server::start(move |_, request| {
        if request.target.starts_with("/oauth2/v1/token") {
            token(request)
        } else {
            api(request)
        }
    })
    .await
}

const USER: &str = r#"{"id":"00u1"}"#;

fn raw_client(server: &Server, dpop: bool) -> Client {
    Client::builder(&server.url)
        .read_timeout(Some(Duration::from_millis(500)))
        .client_credentials(
            ClientCredentials::client_secret("c", "s")
                .scopes(["okta.users.read"])
                .dpop(dpop),
        )
        .build()
        .unwrap()
}

#[tokio::test]
async fn a_bearer_token_type_despite_a_proof_is_sent_as_bearer() {
    let server = raw_server(
        |_| {
            Reply::Send(json(
                &[],
                r#"{"access_token":"tok","token_type":"Bearer","expires_in":3600}"#,
            ))
        },
        |request| match request.header("authorization") {
            Some("Bearer tok") if request.header("dpop").is_none() => Reply::Send(json(&[], USER)),
            _ => Reply::Send(response(401, &[], "")),
        },
    )
    .await;
    let got = bounded(raw_client(&server, true).get_user("00u1").send()).await;
    assert_eq!(got.unwrap().id.as_deref(), Some("00u1"));
    let token_request = &server.requests()[0];
    assert!(
        token_request.header("dpop").is_some(),
        "the token request carried a proof"
    );
}

#[tokio::test]
async fn insufficient_scope_names_the_scope() {
    let server = raw_server(
        |_| Reply::Send(json(&[], r#"{"access_token":"tok","token_type":"Bearer"}"#)),
        |_| {
            let challenge = r#"Bearer realm="IdP", error="insufficient_scope", error_description="The access token provided does not contain the required scopes.", scope="okta.users.manage""#;
            Reply::Send(response(403, &[("www-authenticate", challenge)], "{}"))
        },
    )
    .await;
    let err = bounded(raw_client(&server, false).get_user("00u1").send())
        .await
        .unwrap_err();
    let Error::InsufficientScope(scope) = &err else {
        panic!("{err:?}");
    };
    assert_eq!(scope.scope.as_deref(), Some("okta.users.manage"));
    assert!(err.to_string().contains("`okta.users.manage`"), "{err}");
    assert_eq!(err.status(), Some(403));
}

/// What a raw token endpoint answers, every time.
type Answer = Box<dyn Fn() -> Reply + Send + Sync>;

#[tokio::test]
async fn a_token_endpoint_that_misbehaves_cannot_hang_or_panic_the_client() {
    let cases: Vec<(&str, Answer)> = vec![
        ("silence", Box::new(|| Reply::Hang)),
        ("a reset", Box::new(|| Reply::Reset)),
        (
            "an HTML 502",
            Box::new(|| {
                Reply::Send(response(
                    502,
                    &[("content-type", "text/html")],
                    "<h1>bad gateway</h1>",
                ))
            }),
        ),
        (
            "no access_token",
            Box::new(|| Reply::Send(json(&[], r#"{"token_type":"Bearer"}"#))),
        ),
        (
            "a token no header can carry",
            Box::new(|| {
                Reply::Send(json(
                    &[],
                    r#"{"access_token":"a\nb","token_type":"Bearer"}"#,
                ))
            }),
        ),
        (
            "use_dpop_nonce forever",
            Box::new(|| {
                Reply::Send(response(
                    400,
                    &[("dpop-nonce", "n")],
                    r#"{"error":"use_dpop_nonce"}"#,
                ))
            }),
        ),
        (
            "invalid_dpop_proof forever",
            Box::new(|| Reply::Send(response(400, &[], r#"{"error":"invalid_dpop_proof"}"#))),
        ),
    ];
    for (what, reply) in cases {
        let server = raw_server(move |_| reply(), |_| Reply::Send(json(&[], USER))).await;
        let err = bounded(raw_client(&server, false).get_user("00u1").send())
            .await
            .unwrap_err();
        assert!(
            server.requests().len() <= 3,
            "{what}: {} token requests",
            server.requests().len()
        );
        assert!(!format!("{err:?}").contains("Basic"), "{what}: {err:?}");
    }
    // A lifetime past what the clock can hold is no lifetime, not a panic.
    let server = raw_server(
        |_| {
            Reply::Send(json(
                &[],
                r#"{"access_token":"tok","token_type":"Bearer","expires_in":18446744073709551615}"#,
            ))
        },
        |_| Reply::Send(json(&[], USER)),
    )
    .await;
    let client = raw_client(&server, false);
    for _ in 0..2 {
        bounded(client.get_user("00u1").send()).await.unwrap();
    }
    assert_eq!(server.requests().len(), 3, "one token, two calls");
}

#[tokio::test]
async fn an_api_that_rejects_every_token_gets_one_retry_per_call() {
    let server = raw_server(
        |_| {
            Reply::Send(json(
                &[],
                r#"{"access_token":"tok","token_type":"Bearer","expires_in":3600}"#,
            ))
        },
        |_| {
            Reply::Send(response(
                401,
                &[("www-authenticate", r#"Bearer error="invalid_token""#)],
                "{}",
            ))
        },
    )
    .await;
    let err = bounded(raw_client(&server, false).get_user("00u1").send())
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(401));
    // Token, call, new token, call again: then the 401 is the caller's.
    assert_eq!(server.requests().len(), 4);
}

#[test]
fn a_pem_key_on_one_line_with_escaped_line_breaks_is_read() {
    // As a key often sits in an environment file: `OKTA_CLIENT_PRIVATEKEY="-----BEGIN…\n…"`.
    for (file, algorithm) in [("rsa-pkcs1.pem", "RS256"), ("ec-sec1.pem", "ES256")] {
        let one_line = key(file).trim().replace('\n', "\\n");
        assert!(!one_line.contains('\n'));
        assert_eq!(PrivateKey::parse(&one_line).unwrap().algorithm(), algorithm);
    }
    let encrypted = "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00\n\nAAAA\n-----END RSA PRIVATE KEY-----";
    let err = PrivateKey::parse(encrypted).unwrap_err().to_string();
    assert!(err.contains("encrypted"), "{err}");
}
