//! The mock kit's OAuth 2.0 authorization server, for offline tests of the whole client
//! credentials flow: a token endpoint that checks client secrets and private-key JWTs
//! (RFC 7523), DPoP proofs and nonces (RFC 9449), and a guard in front of the API's
//! expectations that lets through only unexpired tokens it issued, with valid proofs.

use super::jose::{self, now};
use super::mock_kit::MockServer;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine as _;
use jsonwebtoken::jwk::{AlgorithmParameters, Jwk};
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use wiremock::{Mock, Request, ResponseTemplate};

/// How far a proof's `iat` may be from the server's clock.
const IAT_WINDOW: u64 = 60;

/// How a registered client proves who it is.
enum Credential {
    Secret(String),
    PublicKey(Box<DecodingKey>, Algorithm),
}

/// A token the server issued.
struct Issued {
    expires: Instant,
    /// The JWK thumbprint of the DPoP key it is bound to (RFC 9449 §6).
    jkt: Option<String>,
}

/// What the server knows and counts.
#[derive(Default)]
struct State {
    clients: BTreeMap<String, Credential>,
    tokens: HashMap<String, Issued>,
    seen_jti: BTreeSet<String>,
    /// Rejections the guard's matcher found, for its responder, by the request's credentials.
    rejections: HashMap<String, ResponseTemplate>,
}

/// Counters of what the mock authorization server saw.
#[derive(Default)]
struct Counters {
    token_requests: AtomicUsize,
    tokens_issued: AtomicUsize,
    api_rejections: AtomicUsize,
    expired_tokens_sent: AtomicUsize,
}

/// A mock authorization server, strict as a real one: start it with
/// [`MockServer::token_endpoint`], register clients, and mount it.
///
/// ```no_run
/// # async fn example(pem: &str) {
/// use {{crate}}::mock::MockServer;
/// use {{crate}}::{ClientCredentials, PrivateKey};
///
/// let server = MockServer::start().await;
/// let public_jwk = PrivateKey::parse(pem).unwrap().public_jwk();
/// let oauth = server.token_endpoint().private_key_jwt("my-client", &public_jwk).require_dpop(true).mount().await;
/// let client = server
///     .client_builder()
///     .client_credentials(ClientCredentials::private_key("my-client", pem).scopes(["read"]).dpop(true))
///     .build()
///     .unwrap();
/// // … mount expectations, call the API with `client` …
/// assert_eq!(oauth.token_requests(), 2); // one, and one more with the nonce it asked for
/// # }
/// ```
#[must_use = "the token endpoint does nothing until `mount` mounts it"]
pub struct TokenEndpoint<'s> {
    server: &'s MockServer,
    path: String,
    clients: BTreeMap<String, Credential>,
    require_dpop: bool,
    require_nonces: bool,
    lifetime: Option<Duration>,
}

impl MockServer {
    /// Starts a mock authorization server on this server, at the spec's token URL path.
    pub fn token_endpoint(&self) -> TokenEndpoint<'_> {
        let path = match url::Url::parse(super::operations::TOKEN_URL) {
            Ok(absolute) => absolute.path().to_string(),
            Err(_) => format!("/{}", super::operations::TOKEN_URL.trim_start_matches('/')),
        };
        TokenEndpoint { server: self, path, clients: BTreeMap::new(), require_dpop: false, require_nonces: true, lifetime: Some(Duration::from_secs(3600)) }
    }
}

impl TokenEndpoint<'_> {
    /// Registers a client that authenticates with a secret (basic or post).
    pub fn client_secret(mut self, client_id: &str, secret: &str) -> Self {
        self.clients.insert(client_id.to_string(), Credential::Secret(secret.to_string()));
        self
    }

    /// Registers a client that signs assertions with the private half of `public_jwk`
    /// (see [`PrivateKey::public_jwk`](super::PrivateKey::public_jwk)).
    ///
    /// # Panics
    /// When `public_jwk` is not an RSA or P-256 public JWK: a mistake in the test.
    pub fn private_key_jwt(mut self, client_id: &str, public_jwk: &str) -> Self {
        let jwk: Jwk = serde_json::from_str(public_jwk).expect("the public JWK parses");
        let algorithm = match jwk.algorithm {
            AlgorithmParameters::EllipticCurve(_) => Algorithm::ES256,
            _ => Algorithm::RS256,
        };
        let key = DecodingKey::from_jwk(&jwk).expect("the public JWK is a key");
        self.clients.insert(client_id.to_string(), Credential::PublicKey(Box::new(key), algorithm));
        self
    }

    /// Demands DPoP: a token request without a proof gets `invalid_dpop_proof`, as an Okta
    /// service app with "Require DPoP" does.
    pub fn require_dpop(mut self, required: bool) -> Self {
        self.require_dpop = required;
        self
    }

    /// Demands a server nonce in every DPoP proof, from the token endpoint and the API
    /// alike (on by default), answering `use_dpop_nonce` until the client sends it.
    pub fn require_nonces(mut self, required: bool) -> Self {
        self.require_nonces = required;
        self
    }

    /// The lifetime of the tokens it issues (default an hour); `None` issues tokens without
    /// `expires_in`, valid until the server forgets them.
    pub fn lifetime(mut self, lifetime: Option<Duration>) -> Self {
        self.lifetime = lifetime;
        self
    }

    /// Mounts the token endpoint, and a guard before every other expectation that answers
    /// 401 to a request without a valid token and, for DPoP-bound tokens, a valid proof.
    pub async fn mount(self) -> AuthorizationServer {
        let server = AuthorizationServer {
            inner: Arc::new(Inner {
                base: self.server.uri(),
                path: self.path.clone(),
                require_dpop: self.require_dpop,
                require_nonces: self.require_nonces,
                lifetime: self.lifetime,
                token_nonce: random_text(),
                api_nonce: random_text(),
                state: Mutex::new(State { clients: self.clients, ..State::default() }),
                counters: Counters::default(),
            }),
        };
        let token = server.inner.clone();
        let path = self.path.clone();
        Mock::given(move |request: &Request| request.url.path() == path)
            .respond_with(move |request: &Request| token.token_response(request))
            .with_priority(1)
            .named("the mock token endpoint")
            .mount(self.server.wiremock())
            .await;
        let (check, answer, path) = (server.inner.clone(), server.inner.clone(), self.path);
        Mock::given(move |request: &Request| request.url.path() != path && check.rejects(request))
            .respond_with(move |request: &Request| answer.rejection(request))
            .with_priority(1)
            .named("the mock API's access token check")
            .mount(self.server.wiremock())
            .await;
        server
    }
}

/// A mounted mock authorization server: what it counted.
#[derive(Clone)]
pub struct AuthorizationServer {
    inner: Arc<Inner>,
}

impl AuthorizationServer {
    /// How many token requests came, accepted or not.
    pub fn token_requests(&self) -> usize {
        self.inner.counters.token_requests.load(Ordering::SeqCst)
    }

    /// How many tokens it issued.
    pub fn tokens_issued(&self) -> usize {
        self.inner.counters.tokens_issued.load(Ordering::SeqCst)
    }

    /// How many API requests the guard answered with 401.
    pub fn api_rejections(&self) -> usize {
        self.inner.counters.api_rejections.load(Ordering::SeqCst)
    }

    /// How many API requests carried a token after it expired.
    pub fn expired_tokens_sent(&self) -> usize {
        self.inner.counters.expired_tokens_sent.load(Ordering::SeqCst)
    }

    /// Forgets every token it issued, as a server does when it revokes them: the next API
    /// request with one gets 401 `invalid_token`.
    pub fn revoke_all(&self) {
        if let Ok(mut state) = self.inner.state.lock() {
            state.tokens.clear();
        }
    }
}

struct Inner {
    base: String,
    path: String,
    require_dpop: bool,
    require_nonces: bool,
    lifetime: Option<Duration>,
    token_nonce: String,
    api_nonce: String,
    state: Mutex<State>,
    counters: Counters,
}

/// An OAuth 2.0 error response (RFC 6749 §5.2).
fn oauth_error(status: u16, error: &str, description: &str) -> ResponseTemplate {
    ResponseTemplate::new(status)
        .set_body_json(serde_json::json!({ "error": error, "error_description": description }))
        .insert_header("cache-control", "no-store")
}

impl Inner {
    /// The token endpoint's answer to one request.
    fn token_response(&self, request: &Request) -> ResponseTemplate {
        self.counters.token_requests.fetch_add(1, Ordering::SeqCst);
        let token_url = format!("{}{}", self.base, self.path);
        if request.method.as_str() != "POST" {
            return oauth_error(405, "invalid_request", "the token endpoint takes POST");
        }
        let form: BTreeMap<String, String> = url::form_urlencoded::parse(&request.body).into_owned().collect();
        if form.get("grant_type").map(String::as_str) != Some("client_credentials") {
            return oauth_error(400, "unsupported_grant_type", "only client_credentials is served");
        }
        if let Err(description) = self.authenticate_client(request, &form, &token_url) {
            return oauth_error(401, "invalid_client", &description);
        }
        if form.get("scope").is_none_or(|scope| scope.trim().is_empty()) {
            return oauth_error(400, "invalid_scope", "no scope was asked for");
        }
        let jkt = match header(request, "dpop") {
            None if self.require_dpop => return oauth_error(400, "invalid_dpop_proof", "this client must send a DPoP proof"),
            None => None,
            Some(proof) => match self.check_proof(proof, "POST", &token_url, None, &self.token_nonce) {
                Ok(jkt) => Some(jkt),
                Err(Rejected::Nonce) => {
                    return oauth_error(400, "use_dpop_nonce", "the proof must carry the server's nonce").insert_header("dpop-nonce", self.token_nonce.as_str())
                }
                Err(Rejected::Invalid(why)) => return oauth_error(400, "invalid_dpop_proof", &why),
            },
        };
        let token = random_text();
        let expires = Instant::now() + self.lifetime.unwrap_or(Duration::from_secs(24 * 3600));
        let token_type = if jkt.is_some() { "DPoP" } else { "Bearer" };
        if let Ok(mut state) = self.state.lock() {
            state.tokens.insert(token.clone(), Issued { expires, jkt });
        }
        self.counters.tokens_issued.fetch_add(1, Ordering::SeqCst);
        let mut body = serde_json::json!({
            "access_token": token,
            "token_type": token_type,
            "scope": form.get("scope"),
        });
        if let Some(lifetime) = self.lifetime {
            body["expires_in"] = lifetime.as_secs().into();
        }
        ResponseTemplate::new(200).set_body_json(body).insert_header("cache-control", "no-store")
    }

    /// The id of the client the request authenticates, or why it does not.
    fn authenticate_client(&self, request: &Request, form: &BTreeMap<String, String>, token_url: &str) -> Result<String, String> {
        let state = self.state.lock().map_err(|_| "the mock's state is poisoned".to_string())?;
        if let Some(basic) = header(request, "authorization").and_then(|v| v.strip_prefix("Basic ")) {
            let decoded = STANDARD.decode(basic).map_err(|_| "the Basic credentials are not base64".to_string())?;
            let decoded = String::from_utf8(decoded).map_err(|_| "the Basic credentials are not UTF-8".to_string())?;
            let (id, secret) = decoded.split_once(':').ok_or("the Basic credentials have no `:`")?;
            // RFC 6749 §2.3.1: both parts are form-urlencoded before they are joined.
            let decode = |part: &str| url::form_urlencoded::parse(format!("x={part}").as_bytes()).next().map(|(_, v)| v.into_owned()).unwrap_or_default();
            let (id, secret) = (decode(id), decode(secret));
            return match state.clients.get(&id) {
                Some(Credential::Secret(expected)) if *expected == secret => Ok(id),
                _ => Err("unknown client or wrong secret".to_string()),
            };
        }
        let id = form.get("client_id").cloned().ok_or("no client_id")?;
        let key = match (state.clients.get(&id), form.get("client_secret"), form.get("client_assertion")) {
            (Some(Credential::Secret(expected)), Some(secret), None) if expected == secret => return Ok(id),
            (Some(Credential::PublicKey(key, algorithm)), None, Some(_)) => ((**key).clone(), *algorithm),
            _ => return Err("unknown client or wrong credentials".to_string()),
        };
        drop(state);
        if form.get("client_assertion_type").map(String::as_str) != Some("urn:ietf:params:oauth:client-assertion-type:jwt-bearer") {
            return Err("wrong client_assertion_type".to_string());
        }
        let assertion = form.get("client_assertion").map(String::as_str).unwrap_or_default();
        self.check_assertion(assertion, &id, &key.0, key.1, token_url).map(|()| id)
    }

    /// Checks a client assertion: its signature, `iss` = `sub` = the client, `aud` = the
    /// token URL, `exp` in the future and at most an hour after `iat`, and an unused `jti`.
    fn check_assertion(&self, assertion: &str, client_id: &str, key: &DecodingKey, algorithm: Algorithm, token_url: &str) -> Result<(), String> {
        let mut validation = Validation::new(algorithm);
        validation.set_audience(&[token_url]);
        validation.set_issuer(&[client_id]);
        validation.sub = Some(client_id.to_string());
        validation.leeway = 0;
        validation.set_required_spec_claims(&["exp", "iat", "iss", "sub", "aud", "jti"]);
        let claims = jsonwebtoken::decode::<serde_json::Value>(assertion, key, &validation).map_err(|err| format!("the client assertion is invalid: {err}"))?.claims;
        let number = |name: &str| claims.get(name).and_then(|v| v.as_u64()).unwrap_or(0);
        if number("exp") > number("iat") + 3600 {
            return Err("the client assertion is valid for more than an hour".to_string());
        }
        if number("iat") > now() + IAT_WINDOW {
            return Err("the client assertion was issued in the future".to_string());
        }
        let jti = claims.get("jti").and_then(|v| v.as_str()).unwrap_or_default();
        self.fresh_jti(&format!("assertion:{jti}"))
    }

    /// Checks a DPoP proof and returns the thumbprint of its key.
    fn check_proof(&self, proof: &str, method: &str, url: &str, token: Option<&str>, nonce: &str) -> Result<String, Rejected> {
        let invalid = |why: &str| Rejected::Invalid(why.to_string());
        let header_part = proof.split('.').next().unwrap_or_default();
        let header: serde_json::Value = URL_SAFE_NO_PAD.decode(header_part).ok().and_then(|h| serde_json::from_slice(&h).ok()).ok_or_else(|| invalid("the proof's header is not JSON"))?;
        if header.get("typ").and_then(|v| v.as_str()) != Some("dpop+jwt") {
            return Err(invalid("the proof's typ is not dpop+jwt"));
        }
        let jwk_value = header.get("jwk").ok_or_else(|| invalid("the proof has no jwk"))?;
        if ["d", "p", "q", "dp", "dq", "qi", "k"].iter().any(|private| jwk_value.get(private).is_some()) {
            return Err(invalid("the proof's jwk holds a private key"));
        }
        let jwk: Jwk = serde_json::from_value(jwk_value.clone()).map_err(|_| invalid("the proof's jwk is not a JWK"))?;
        let algorithm = match header.get("alg").and_then(|v| v.as_str()) {
            Some("ES256") => Algorithm::ES256,
            Some("RS256") => Algorithm::RS256,
            _ => return Err(invalid("the proof's alg is not ES256 or RS256")),
        };
        let key = DecodingKey::from_jwk(&jwk).map_err(|_| invalid("the proof's jwk is not a key"))?;
        let mut validation = Validation::new(algorithm);
        validation.validate_exp = false;
        validation.validate_aud = false;
        validation.set_required_spec_claims::<&str>(&[]);
        let claims = jsonwebtoken::decode::<serde_json::Value>(proof, &key, &validation).map_err(|err| invalid(&format!("the proof's signature does not verify: {err}")))?.claims;
        let text = |name: &str| claims.get(name).and_then(|v| v.as_str());
        if text("htm") != Some(method) {
            return Err(invalid("the proof's htm is not the request's method"));
        }
        if text("htu") != Some(url) {
            return Err(invalid("the proof's htu is not the request's URL"));
        }
        let iat = claims.get("iat").and_then(|v| v.as_u64()).ok_or_else(|| invalid("the proof has no iat"))?;
        if iat.abs_diff(now()) > IAT_WINDOW {
            return Err(invalid("the proof's iat is too far from now"));
        }
        let expected_ath = token.map(|token| URL_SAFE_NO_PAD.encode(ring::digest::digest(&ring::digest::SHA256, token.as_bytes())));
        if text("ath").map(str::to_string) != expected_ath {
            return Err(invalid("the proof's ath does not match the token"));
        }
        let jti = text("jti").filter(|jti| !jti.is_empty()).ok_or_else(|| invalid("the proof has no jti"))?;
        if self.require_nonces && text("nonce") != Some(nonce) {
            return Err(Rejected::Nonce);
        }
        self.fresh_jti(&format!("proof:{jti}")).map_err(|why| invalid(&why))?;
        thumbprint(&jwk).ok_or_else(|| invalid("the proof's jwk is neither RSA nor EC"))
    }

    /// Records a `jti`, refusing one already seen.
    fn fresh_jti(&self, jti: &str) -> Result<(), String> {
        let mut state = self.state.lock().map_err(|_| "the mock's state is poisoned".to_string())?;
        if state.seen_jti.insert(jti.to_string()) {
            Ok(())
        } else {
            Err(format!("the jti {jti} was used before"))
        }
    }

    /// Whether the guard rejects an API request; the rejection is kept for [`Inner::rejection`].
    fn rejects(&self, request: &Request) -> bool {
        let Some(answer) = self.check_api(request) else {
            return false;
        };
        self.counters.api_rejections.fetch_add(1, Ordering::SeqCst);
        if let Ok(mut state) = self.state.lock() {
            state.rejections.insert(request_key(request), answer);
        }
        true
    }

    /// The 401 the guard's matcher decided on.
    fn rejection(&self, request: &Request) -> ResponseTemplate {
        let kept = self.state.lock().ok().and_then(|mut state| state.rejections.remove(&request_key(request)));
        kept.unwrap_or_else(|| challenge("Bearer", "invalid_token", "the access token is not valid"))
    }

    /// `None` when an API request carries a valid token (and proof), else the 401 for it.
    fn check_api(&self, request: &Request) -> Option<ResponseTemplate> {
        let authorization = header(request, "authorization").unwrap_or_default();
        let (scheme, token) = authorization.split_once(' ').unwrap_or(("", ""));
        let jkt = {
            let state = self.state.lock().ok()?;
            let Some(issued) = state.tokens.get(token) else {
                return Some(challenge("Bearer", "invalid_token", "the access token is unknown"));
            };
            if Instant::now() >= issued.expires {
                self.counters.expired_tokens_sent.fetch_add(1, Ordering::SeqCst);
                return Some(challenge("Bearer", "invalid_token", "the access token expired"));
            }
            issued.jkt.clone()
        };
        let Some(jkt) = jkt else {
            return (scheme != "Bearer").then(|| challenge("Bearer", "invalid_token", "a Bearer token is sent as Bearer"));
        };
        if scheme != "DPoP" {
            return Some(challenge("DPoP", "invalid_token", "a DPoP-bound token is sent as DPoP"));
        }
        let Some(proof) = header(request, "dpop") else {
            return Some(challenge("DPoP", "invalid_dpop_proof", "no DPoP proof"));
        };
        // wiremock's request URL names `localhost`; the client's names the server's address.
        let url = format!("{}{}", self.base, request.url.path());
        match self.check_proof(proof, request.method.as_str(), &url, Some(token), &self.api_nonce) {
            Ok(thumbprint) if thumbprint == jkt => None,
            Ok(_) => Some(challenge("DPoP", "invalid_dpop_proof", "the proof's key is not the token's")),
            Err(Rejected::Nonce) => Some(challenge("DPoP", "use_dpop_nonce", "the proof must carry the server's nonce").insert_header("dpop-nonce", self.api_nonce.as_str())),
            Err(Rejected::Invalid(why)) => Some(challenge("DPoP", "invalid_dpop_proof", &why)),
        }
    }
}

/// Why a proof was refused.
enum Rejected {
    /// It lacks the server's current nonce.
    Nonce,
    /// It is wrong.
    Invalid(String),
}

/// A 401 with a `WWW-Authenticate` challenge (RFC 6750 §3, RFC 9449 §7.1).
fn challenge(scheme: &str, error: &str, description: &str) -> ResponseTemplate {
    ResponseTemplate::new(401)
        .insert_header("www-authenticate", format!("{scheme} error=\"{error}\", error_description=\"{description}\"").as_str())
        .set_body_json(serde_json::json!({ "errorCode": "E0000011", "errorSummary": description }))
}

/// A header's value as text.
fn header<'r>(request: &'r Request, name: &str) -> Option<&'r str> {
    request.headers.get(name).and_then(|v| v.to_str().ok())
}

/// What tells one request's credentials from another's.
fn request_key(request: &Request) -> String {
    format!("{} {} {}", request.url, header(request, "authorization").unwrap_or_default(), header(request, "dpop").unwrap_or_default())
}

/// The RFC 7638 thumbprint of a public JWK.
fn thumbprint(jwk: &Jwk) -> Option<String> {
    let canonical = match &jwk.algorithm {
        AlgorithmParameters::EllipticCurve(ec) => format!(r#"{{"crv":"P-256","kty":"EC","x":"{}","y":"{}"}}"#, ec.x, ec.y),
        AlgorithmParameters::RSA(rsa) => format!(r#"{{"e":"{}","kty":"RSA","n":"{}"}}"#, rsa.e, rsa.n),
        _ => return None,
    };
    Some(URL_SAFE_NO_PAD.encode(ring::digest::digest(&ring::digest::SHA256, canonical.as_bytes())))
}

/// A random token or nonce.
fn random_text() -> String {
    jose::random_id().expect("the system's random source works")
}
