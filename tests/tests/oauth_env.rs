//! `Client::from_env` in each mode, with Okta's SDK variable names. The process's
//! environment is shared by every test of a binary, so this binary holds one test, which
//! sets the variables of each case in turn.

use okta_management::mock::MockServer;
use okta_management::{models, Client, ClientBuilder, PrivateKey};
use std::path::Path;
use std::time::Duration;

const NAMES: &[&str] = &[
    "ORGURL",
    "AUTHORIZATIONMODE",
    "TOKEN",
    "CLIENTID",
    "CLIENTSECRET",
    "SCOPES",
    "PRIVATEKEY",
    "PRIVATEKEYID",
    "DPOP",
];

/// Sets exactly these `OKTA_CLIENT_*` variables, unsetting the others.
fn set(vars: &[(&str, &str)]) {
    for name in NAMES {
        std::env::remove_var(format!("OKTA_CLIENT_{name}"));
    }
    for (name, value) in vars {
        std::env::set_var(format!("OKTA_CLIENT_{name}"), value);
    }
}

fn key(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/keys")
        .join(name);
    std::fs::read_to_string(path).unwrap()
}

/// The error `from_env` gives for these variables.
fn error_for(vars: &[(&str, &str)]) -> String {
    set(vars);
    ClientBuilder::from_env().unwrap_err().to_string()
}

/// Gets a user with a client from the environment, returning the API request's
/// `Authorization` header.
async fn authorization_sent(server: &MockServer) -> String {
    let client = Client::from_env().unwrap();
    let user = tokio::time::timeout(Duration::from_secs(20), client.get_user("00u1").send())
        .await
        .expect("the client hung")
        .unwrap();
    assert_eq!(user.id.as_deref(), Some("00u1"));
    let requests = server.received_requests().await;
    let last = requests
        .iter()
        .rev()
        .find(|r| r.url.path() != "/oauth2/v1/token")
        .unwrap();
    last.headers
        .get("authorization")
        .unwrap()
        .to_str()
        .unwrap()
        .to_string()
}

async fn api() -> MockServer {
    let server = MockServer::start().await;
    let user = models::User {
        id: Some("00u1".to_string()),
        ..Default::default()
    };
    server.expect_get_user("00u1").respond_with(user).await;
    server
}

#[tokio::test]
async fn from_env_reads_oktas_sdk_variables_in_every_mode() {
    assert_eq!(okta_management::ENV_PREFIX, "OKTA_CLIENT");

    // SSWS: the API token.
    let server = api().await;
    set(&[
        ("ORGURL", &server.uri()),
        ("AUTHORIZATIONMODE", "SSWS"),
        ("TOKEN", "00abc"),
    ]);
    assert_eq!(authorization_sent(&server).await, "SSWS 00abc");
    // Without a mode, a token alone means SSWS.
    set(&[("ORGURL", &server.uri()), ("TOKEN", "00abc")]);
    assert_eq!(authorization_sent(&server).await, "SSWS 00abc");

    // Bearer: an access token got elsewhere.
    let server = api().await;
    set(&[
        ("ORGURL", &server.uri()),
        ("AUTHORIZATIONMODE", "Bearer"),
        ("TOKEN", "eyJ"),
    ]);
    assert_eq!(authorization_sent(&server).await, "Bearer eyJ");

    // ClientSecret: client credentials with a secret.
    let server = api().await;
    let oauth = server
        .token_endpoint()
        .client_secret("0oa-app", "secret")
        .mount()
        .await;
    set(&[
        ("ORGURL", &server.uri()),
        ("AUTHORIZATIONMODE", "ClientSecret"),
        ("CLIENTID", "0oa-app"),
        ("CLIENTSECRET", "secret"),
        ("SCOPES", "okta.users.read okta.users.manage"),
    ]);
    assert!(authorization_sent(&server).await.starts_with("Bearer "));
    assert_eq!(oauth.tokens_issued(), 1);

    // PrivateKey with DPoP: the six variables of an Okta API service app.
    for (private, dpop) in [
        ("rsa-pkcs8.pem", "true"),
        ("ec.jwk", "TRUE"),
        ("ec-sec1.pem", "1"),
    ] {
        let server = api().await;
        let public = PrivateKey::parse(&key(private)).unwrap().public_jwk();
        let oauth = server
            .token_endpoint()
            .private_key_jwt("0oa-app", &public)
            .require_dpop(true)
            .mount()
            .await;
        set(&[
            ("ORGURL", &server.uri()),
            ("AUTHORIZATIONMODE", "PrivateKey"),
            ("CLIENTID", "0oa-app"),
            ("SCOPES", "okta.users.read,okta.users.manage"),
            ("PRIVATEKEY", &key(private)),
            ("PRIVATEKEYID", "kid-1"),
            ("DPOP", dpop),
        ]);
        assert!(
            authorization_sent(&server).await.starts_with("DPoP "),
            "{private}"
        );
        assert_eq!(
            oauth.token_requests(),
            2,
            "{private}: one, and one with the nonce"
        );
        let requests = server.received_requests().await;
        let form = String::from_utf8_lossy(&requests[0].body).into_owned();
        assert!(
            form.contains("scope=okta.users.read+okta.users.manage"),
            "{form}"
        );
    }

    // What is missing, unreadable or contradictory is named.
    let missing = error_for(&[("TOKEN", "x")]);
    assert!(
        missing.contains("`OKTA_CLIENT_ORGURL` is not set"),
        "{missing}"
    );
    let mode = error_for(&[
        ("ORGURL", "https://x.okta.com"),
        ("AUTHORIZATIONMODE", "Kerberos"),
    ]);
    assert!(
        mode.contains("`OKTA_CLIENT_AUTHORIZATIONMODE` is `Kerberos`"),
        "{mode}"
    );
    let no_secret = error_for(&[
        ("ORGURL", "https://x.okta.com"),
        ("AUTHORIZATIONMODE", "ClientSecret"),
        ("CLIENTID", "0oa"),
        ("SCOPES", "x"),
    ]);
    assert!(
        no_secret.contains("`OKTA_CLIENT_CLIENTSECRET` is not set"),
        "{no_secret}"
    );
    let both = error_for(&[
        ("ORGURL", "https://x.okta.com"),
        ("AUTHORIZATIONMODE", "PrivateKey"),
        ("CLIENTID", "0oa"),
        ("CLIENTSECRET", "s"),
        ("PRIVATEKEY", "k"),
        ("SCOPES", "x"),
    ]);
    assert!(both.contains("`OKTA_CLIENT_CLIENTSECRET` is set"), "{both}");
    let dpop = error_for(&[
        ("ORGURL", "https://x.okta.com"),
        ("TOKEN", "x"),
        ("DPOP", "yes"),
    ]);
    assert!(dpop.contains("`OKTA_CLIENT_DPOP` must be"), "{dpop}");
    let dpop_ssws = error_for(&[
        ("ORGURL", "https://x.okta.com"),
        ("TOKEN", "x"),
        ("DPOP", "true"),
    ]);
    assert!(
        dpop_ssws.contains("`OKTA_CLIENT_DPOP` is set"),
        "{dpop_ssws}"
    );
    let ambiguous = error_for(&[
        ("ORGURL", "https://x.okta.com"),
        ("TOKEN", "x"),
        ("CLIENTSECRET", "s"),
    ]);
    assert!(
        ambiguous.contains("set `OKTA_CLIENT_AUTHORIZATIONMODE`"),
        "{ambiguous}"
    );
    let nothing = error_for(&[("ORGURL", "https://x.okta.com")]);
    assert!(nothing.contains("neither is a credential"), "{nothing}");
    let no_scopes = error_for(&[
        ("ORGURL", "https://x.okta.com"),
        ("CLIENTID", "0oa"),
        ("PRIVATEKEY", "k"),
    ]);
    assert!(
        no_scopes.contains("`OKTA_CLIENT_SCOPES` is not set"),
        "{no_scopes}"
    );
    set(&[
        ("ORGURL", "https://x.okta.com"),
        ("CLIENTID", "0oa"),
        ("PRIVATEKEY", "garbage"),
        ("SCOPES", "x"),
    ]);
    let bad_key = Client::from_env().unwrap_err().to_string();
    assert!(bad_key.contains("private key"), "{bad_key}");
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStringExt;
        set(&[("TOKEN", "x")]);
        std::env::set_var(
            "OKTA_CLIENT_ORGURL",
            std::ffi::OsString::from_vec(vec![0xff, 0xfe]),
        );
        let unreadable = ClientBuilder::from_env().unwrap_err().to_string();
        assert!(
            unreadable.contains("`OKTA_CLIENT_ORGURL` is not valid Unicode"),
            "{unreadable}"
        );
    }
    set(&[]);
}
