//! OAuth 2.0 client credentials (RFC 6749 §4.4): the client authenticates to the token
//! endpoint with a secret or a private-key JWT (RFC 7523), caches the access token and
//! renews it before it expires, and binds it with DPoP (RFC 9449) when asked or told to.

use super::client::{Authenticate, AuthorizeFuture, Client, ClientBuilder, Secret};
use super::environment::Vars;
use super::error::OAuthError;
use super::jose::{self, AssertionClaims, DpopKey, PrivateKey};
use super::send::sensitive;
use super::{challenge, Error};
use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use reqwest::header::{HeaderMap, HeaderValue, ACCEPT, AUTHORIZATION, CONTENT_TYPE, USER_AGENT};
use std::collections::BTreeMap;
use std::fmt;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

/// The `client_assertion_type` of a private-key JWT (RFC 7523 §2.2).
const ASSERTION_TYPE: &str = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
/// How long a client assertion is valid, in seconds (at most an hour, as Okta requires).
const ASSERTION_LIFETIME: u64 = 300;
/// A token is renewed when less than this, or half its lifetime, remains.
const RENEW_BEFORE: Duration = Duration::from_secs(60);
/// The longest nonce kept from a `DPoP-Nonce` header.
const MAX_NONCE: usize = 1024;

/// How the client proves who it is to the token endpoint.
#[derive(Clone)]
enum ClientAuth {
    /// `client_secret_basic`: the id and secret in an `Authorization: Basic` header.
    SecretBasic(Secret),
    /// `client_secret_post`: the id and secret in the form.
    SecretPost(Secret),
    /// `private_key_jwt`: a client assertion signed with this key (PEM or JWK text).
    PrivateKey(Secret),
}

/// The settings of an OAuth 2.0 service app: who it is, how it proves it, which scopes it
/// asks for, and whether it binds its tokens with DPoP. Give it to
/// [`ClientBuilder::client_credentials`].
///
/// ```no_run
/// # fn run(pem: &str) -> Result<(), {{crate}}::Error> {
/// use {{crate}}::{Client, ClientCredentials};
///
/// let client = Client::builder("https://example.okta.com")
///     .client_credentials(
///         ClientCredentials::private_key("0oa1a2b3c4d5e6f7g8h9", pem)
///             .key_id("my-key-id")
///             .scopes(["okta.users.read", "okta.users.manage"])
///             .dpop(true),
///     )
///     .build()?;
/// # Ok(()) }
/// ```
#[derive(Clone)]
#[must_use]
pub struct ClientCredentials {
    client_id: String,
    auth: ClientAuth,
    scopes: Vec<String>,
    key_id: Option<String>,
    dpop: bool,
    token_url: Option<String>,
}

impl fmt::Debug for ClientCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let method = match self.auth {
            ClientAuth::SecretBasic(_) => "client_secret_basic",
            ClientAuth::SecretPost(_) => "client_secret_post",
            ClientAuth::PrivateKey(_) => "private_key_jwt",
        };
        f.debug_struct("ClientCredentials")
            .field("client_id", &self.client_id)
            .field("method", &method)
            .field("scopes", &self.scopes)
            .field("key_id", &self.key_id)
            .field("dpop", &self.dpop)
            .field("token_url", &self.token_url)
            .finish()
    }
}

impl ClientCredentials {
    /// Authenticates with a private-key JWT (`private_key_jwt`): `key` is the PEM (PKCS#1,
    /// PKCS#8 or SEC1) or JWK text of an RSA key (RS256) or a P-256 key (ES256).
    pub fn private_key(client_id: impl Into<String>, key: impl Into<String>) -> Self {
        Self::new(client_id.into(), ClientAuth::PrivateKey(Secret(key.into())))
    }

    /// Authenticates with a client secret in an `Authorization: Basic` header
    /// (`client_secret_basic`, both parts form-urlencoded as RFC 6749 §2.3.1 says).
    pub fn client_secret(client_id: impl Into<String>, secret: impl Into<String>) -> Self {
        Self::new(client_id.into(), ClientAuth::SecretBasic(Secret(secret.into())))
    }

    /// Authenticates with a client secret in the form body (`client_secret_post`).
    pub fn client_secret_post(client_id: impl Into<String>, secret: impl Into<String>) -> Self {
        Self::new(client_id.into(), ClientAuth::SecretPost(Secret(secret.into())))
    }

    fn new(client_id: String, auth: ClientAuth) -> Self {
        ClientCredentials { client_id, auth, scopes: Vec::new(), key_id: None, dpop: false, token_url: None }
    }

    /// The scopes to ask for; at least one is needed. Each operation's documentation names
    /// the scopes it needs.
    pub fn scopes<S: Into<String>>(mut self, scopes: impl IntoIterator<Item = S>) -> Self {
        self.scopes = scopes.into_iter().map(Into::into).collect();
        self
    }

    /// The `kid` of the client assertion's header; without it, a JWK's own `kid`, else none.
    pub fn key_id(mut self, key_id: impl Into<String>) -> Self {
        self.key_id = Some(key_id.into());
        self
    }

    /// Binds every token to an ephemeral key with DPoP proofs (RFC 9449). Off by default; it
    /// switches on by itself when the token endpoint answers `invalid_dpop_proof`.
    pub fn dpop(mut self, enabled: bool) -> Self {
        self.dpop = enabled;
        self
    }

    /// The token endpoint, instead of the spec's (absolute, or relative to the base URL).
    pub fn token_url(mut self, url: impl Into<String>) -> Self {
        self.token_url = Some(url.into());
        self
    }
}

impl ClientBuilder {
    /// Authenticates as an OAuth 2.0 service app with the client credentials grant: the
    /// client fetches an access token, caches it, renews it before it expires, and sends it
    /// as `Authorization: DPoP` (with a proof) or `Authorization: Bearer`.
    pub fn client_credentials(self, credentials: ClientCredentials) -> Self {
        self.authenticator(Arc::new(OAuth::new(credentials)))
    }
}

/// The settings of the `PrivateKey` and `ClientSecret` modes of `Client::from_env`.
pub(crate) fn from_env(builder: ClientBuilder, mode: &str, vars: &Vars<'_>) -> Result<ClientBuilder, Error> {
    let client_id = vars.require("CLIENTID")?;
    let credentials = if mode.eq_ignore_ascii_case("PrivateKey") {
        vars.forbid("CLIENTSECRET", mode)?;
        let credentials = ClientCredentials::private_key(client_id, vars.require("PRIVATEKEY")?);
        match vars.get("PRIVATEKEYID")? {
            Some(kid) => credentials.key_id(kid),
            None => credentials,
        }
    } else {
        vars.forbid("PRIVATEKEY", mode)?;
        vars.forbid("PRIVATEKEYID", mode)?;
        ClientCredentials::client_secret(client_id, vars.require("CLIENTSECRET")?)
    };
    let scopes = vars.require("SCOPES")?;
    let scopes = scopes.split([',', ' ', '\t', '\n']).filter(|s| !s.is_empty());
    Ok(builder.client_credentials(credentials.scopes(scopes).dpop(vars.flag("DPOP")?)))
}

/// An access token as the cache holds it.
#[derive(Clone)]
struct Token {
    value: Secret,
    /// Sent as `DPoP` with a proof, or else as `Bearer`.
    dpop: bool,
    /// When to fetch a new one; `None` when the server gave no lifetime.
    renew_at: Option<Instant>,
    /// Which fetch it came from, so a rejection drops only the token that was rejected.
    generation: u64,
}

/// What the token endpoint issued.
struct Issued {
    value: String,
    dpop: bool,
    lifetime: Option<Duration>,
}

/// The client credentials grant, its token cache and its DPoP state.
pub(crate) struct OAuth {
    credentials: ClientCredentials,
    /// The client's key, or why it cannot be used (reported when the client is built).
    key: Option<Result<PrivateKey, String>>,
    dpop_key: Result<DpopKey, String>,
    dpop: AtomicBool,
    token_url: OnceLock<url::Url>,
    cache: Mutex<Option<Token>>,
    /// Held while a token is fetched, so that concurrent requests share one fetch.
    fetching: tokio::sync::Mutex<()>,
    generations: AtomicU64,
    /// The latest `DPoP-Nonce` of each origin (the token endpoint's and the API's may differ).
    nonces: Mutex<BTreeMap<String, String>>,
}

impl fmt::Debug for OAuth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OAuth")
            .field("credentials", &self.credentials)
            .field("dpop", &self.dpop.load(Ordering::Relaxed))
            .finish_non_exhaustive()
    }
}

impl OAuth {
    fn new(credentials: ClientCredentials) -> OAuth {
        let key = match &credentials.auth {
            ClientAuth::PrivateKey(text) => Some(PrivateKey::parse(&text.0).map_err(|err| err.to_string())),
            _ => None,
        };
        OAuth {
            dpop: AtomicBool::new(credentials.dpop),
            credentials,
            key,
            dpop_key: DpopKey::generate().map_err(|err| err.to_string()),
            token_url: OnceLock::new(),
            cache: Mutex::new(None),
            fetching: tokio::sync::Mutex::new(()),
            generations: AtomicU64::new(0),
            nonces: Mutex::new(BTreeMap::new()),
        }
    }

    /// A token that need not be renewed yet, if the cache holds one.
    fn cached(&self) -> Option<Token> {
        let cache = self.cache.lock().ok()?;
        cache
            .as_ref()
            .filter(|token| match token.renew_at {
                Some(at) => Instant::now() < at,
                None => true,
            })
            .cloned()
    }

    /// A valid token: the cached one, or one fetched now, once for all who wait.
    async fn token(&self, client: &Client) -> Result<Token, Error> {
        if let Some(token) = self.cached() {
            return Ok(token);
        }
        let _turn = self.fetching.lock().await;
        if let Some(token) = self.cached() {
            return Ok(token);
        }
        let started = Instant::now();
        let issued = self.fetch(client).await?;
        // Renewed when less than min(60 s, half its lifetime) remains, counted from before
        // the request, so an expired token is never sent. A lifetime past what the clock
        // can hold is no lifetime.
        let renew_at = issued.lifetime.and_then(|lifetime| started.checked_add(lifetime - RENEW_BEFORE.min(lifetime / 2)));
        if issued.lifetime.and_then(|lifetime| started.checked_add(lifetime)).is_some_and(|expiry| Instant::now() >= expiry) {
            return Err(Error::OAuth(Box::new(OAuthError {
                status: 200,
                error: "invalid_response".to_string(),
                error_description: Some("the access token expired before it arrived".to_string()),
                error_uri: None,
            })));
        }
        let token = Token {
            value: Secret(issued.value),
            dpop: issued.dpop,
            renew_at,
            generation: self.generations.fetch_add(1, Ordering::Relaxed) + 1,
        };
        if let Ok(mut cache) = self.cache.lock() {
            *cache = Some(token.clone());
        }
        Ok(token)
    }

    /// The token URL, resolved when the client was built.
    fn token_url(&self) -> Result<&url::Url, Error> {
        self.token_url.get().ok_or_else(|| Error::Config("the token URL was not resolved".to_string()))
    }

    /// The latest nonce of `url`'s origin.
    fn nonce(&self, url: &url::Url) -> Option<String> {
        self.nonces.lock().ok()?.get(&url.origin().ascii_serialization()).cloned()
    }

    /// Keeps the `DPoP-Nonce` a response carried, and returns whether there was one.
    fn keep_nonce(&self, url: &url::Url, headers: &HeaderMap) -> bool {
        let Some(nonce) = headers.get("dpop-nonce").and_then(|v| v.to_str().ok()).filter(|n| !n.is_empty() && n.len() <= MAX_NONCE) else {
            return false;
        };
        if let Ok(mut nonces) = self.nonces.lock() {
            nonces.insert(url.origin().ascii_serialization(), nonce.to_string());
        }
        true
    }

    /// The DPoP key, or why there is none.
    fn dpop_key(&self) -> Result<&DpopKey, Error> {
        self.dpop_key.as_ref().map_err(|why| Error::Config(why.clone()))
    }

    /// Asks the token endpoint for a token: once, again with the nonce it asks for, and
    /// again with DPoP if it demands DPoP of a request that carried no proof.
    async fn fetch(&self, client: &Client) -> Result<Issued, Error> {
        let url = self.token_url()?;
        let mut nonce_retried = false;
        let mut switched = false;
        loop {
            let dpop = self.dpop.load(Ordering::Relaxed);
            let request = self.token_request(client, url, dpop)?;
            let raw = client.receive(request).await?;
            let new_nonce = self.keep_nonce(url, &raw.headers);
            let body: serde_json::Value = serde_json::from_slice(&raw.body).unwrap_or_default();
            if (200..300).contains(&raw.status) {
                return issued(raw.status, &body, dpop);
            }
            let error = oauth_error(raw.status, &body);
            if dpop && error.error == "use_dpop_nonce" && new_nonce && !nonce_retried {
                nonce_retried = true;
                continue;
            }
            if !dpop && error.error == "invalid_dpop_proof" && !switched {
                self.dpop.store(true, Ordering::Relaxed);
                switched = true;
                continue;
            }
            return Err(Error::OAuth(Box::new(error)));
        }
    }

    /// One token request, with a fresh client assertion and a fresh proof.
    fn token_request(&self, client: &Client, url: &url::Url, dpop: bool) -> Result<reqwest::Request, Error> {
        let credentials = &self.credentials;
        let mut form = url::form_urlencoded::Serializer::new(String::new());
        form.append_pair("grant_type", "client_credentials").append_pair("scope", &credentials.scopes.join(" "));
        let mut headers = HeaderMap::new();
        headers.insert(USER_AGENT, client.inner.user_agent.clone());
        headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
        headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/x-www-form-urlencoded"));
        match &credentials.auth {
            ClientAuth::SecretBasic(secret) => {
                let encode = |text: &str| url::form_urlencoded::byte_serialize(text.as_bytes()).collect::<String>();
                let pair = format!("{}:{}", encode(&credentials.client_id), encode(&secret.0));
                headers.insert(AUTHORIZATION, sensitive(&format!("Basic {}", STANDARD.encode(pair)))?);
            }
            ClientAuth::SecretPost(secret) => {
                form.append_pair("client_id", &credentials.client_id).append_pair("client_secret", &secret.0);
            }
            ClientAuth::PrivateKey(_) => {
                let key = match &self.key {
                    Some(Ok(key)) => key,
                    Some(Err(why)) => return Err(Error::Config(why.clone())),
                    None => return Err(Error::Config("no private key".to_string())),
                };
                let iat = jose::now();
                let claims = AssertionClaims {
                    iss: &credentials.client_id,
                    sub: &credentials.client_id,
                    aud: url.as_str(),
                    iat,
                    exp: iat + ASSERTION_LIFETIME,
                    jti: jose::random_id()?,
                };
                let assertion = key.sign(credentials.key_id.as_deref(), &claims)?;
                form.append_pair("client_id", &credentials.client_id)
                    .append_pair("client_assertion_type", ASSERTION_TYPE)
                    .append_pair("client_assertion", &assertion);
            }
        }
        if dpop {
            let proof = self.dpop_key()?.proof("POST", url, self.nonce(url).as_deref(), None)?;
            headers.insert("dpop", sensitive(&proof)?);
        }
        let mut builder = client.inner.http.post(url.clone()).headers(headers).body(form.finish());
        if let Some(timeout) = client.inner.limits.timeout {
            builder = builder.timeout(timeout);
        }
        // The form holds secrets: a failure to build must not show it, and reqwest's error
        // names only the URL.
        builder.build().map_err(|err| Error::Transport(err.without_url()))
    }
}

impl Authenticate for OAuth {
    fn check(&self, base_url: &url::Url) -> Result<(), Error> {
        if self.credentials.scopes.is_empty() {
            return Err(Error::Config("OAuth 2.0 client credentials need at least one scope: set them with `ClientCredentials::scopes`".to_string()));
        }
        if let Some(Err(why)) = &self.key {
            return Err(Error::Config(why.clone()));
        }
        if self.credentials.dpop {
            self.dpop_key()?;
        }
        // The token URL is resolved against the base URL as a directory, so that it is the
        // same whether the base URL ends in a slash or not.
        let mut base = base_url.clone();
        if !base.path().ends_with('/') {
            let path = format!("{}/", base.path());
            base.set_path(&path);
        }
        let configured = self.credentials.token_url.as_deref().unwrap_or(super::operations::TOKEN_URL);
        let token_url = base.join(configured).map_err(|err| Error::Config(format!("invalid token URL `{configured}`: {err}")))?;
        if !matches!(token_url.scheme(), "http" | "https") {
            return Err(Error::Config(format!("invalid token URL `{configured}`: it must be an http or https URL")));
        }
        let _ = self.token_url.set(token_url);
        Ok(())
    }

    fn authorize<'a>(&'a self, client: &'a Client, request: &'a mut reqwest::Request) -> AuthorizeFuture<'a> {
        Box::pin(async move {
            let token = self.token(client).await?;
            let scheme = if token.dpop { "DPoP" } else { "Bearer" };
            let value = sensitive(&format!("{scheme} {}", token.value.0))?;
            if token.dpop {
                let nonce = self.nonce(request.url());
                let proof = self.dpop_key()?.proof(request.method().as_str(), request.url(), nonce.as_deref(), Some(&token.value.0))?;
                request.headers_mut().insert("dpop", sensitive(&proof)?);
            }
            request.headers_mut().insert(AUTHORIZATION, value);
            Ok(token.generation)
        })
    }

    fn learn(&self, url: &url::Url, generation: u64, status: u16, headers: &HeaderMap) -> bool {
        let new_nonce = self.keep_nonce(url, headers);
        if status != 401 {
            return false;
        }
        if new_nonce && challenge::with_error(headers, Some("DPoP"), "use_dpop_nonce").is_some() {
            return true;
        }
        if challenge::with_error(headers, None, "invalid_token").is_some() {
            let rejected = self.cache.lock().ok().filter(|cache| cache.as_ref().is_some_and(|token| token.generation == generation));
            if let Some(mut cache) = rejected {
                *cache = None;
            }
            return true;
        }
        false
    }
}

/// A token response, read leniently: `expires_in` may be a number or a numeric string.
fn issued(status: u16, body: &serde_json::Value, dpop: bool) -> Result<Issued, Error> {
    let invalid = |why: &str| {
        Error::OAuth(Box::new(OAuthError { status, error: "invalid_response".to_string(), error_description: Some(why.to_string()), error_uri: None }))
    };
    let value = body.get("access_token").and_then(|v| v.as_str()).filter(|v| !v.is_empty()).ok_or_else(|| invalid("the token response has no access_token"))?;
    if HeaderValue::from_str(value).is_err() {
        return Err(invalid("the access token has characters a header cannot carry"));
    }
    let token_type = body.get("token_type").and_then(|v| v.as_str()).unwrap_or("Bearer");
    let lifetime = match body.get("expires_in") {
        Some(serde_json::Value::Number(n)) => n.as_u64(),
        Some(serde_json::Value::String(s)) => s.parse().ok(),
        _ => None,
    };
    Ok(Issued { value: value.to_string(), dpop: dpop && token_type.eq_ignore_ascii_case("DPoP"), lifetime: lifetime.map(Duration::from_secs) })
}

/// A token endpoint's error (RFC 6749 §5.2), or `invalid_response` for any other answer.
fn oauth_error(status: u16, body: &serde_json::Value) -> OAuthError {
    let text = |name: &str| body.get(name).and_then(|v| v.as_str()).map(|v| super::response::cap(v).into_owned());
    match text("error") {
        Some(error) => OAuthError { status, error, error_description: text("error_description"), error_uri: text("error_uri") },
        None => OAuthError {
            status,
            error: "invalid_response".to_string(),
            error_description: Some(format!("the token endpoint answered HTTP {status} without an OAuth 2.0 error")),
            error_uri: None,
        },
    }
}
