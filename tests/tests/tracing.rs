//! With its `tracing` feature, the client makes one span per request (operationId, method,
//! path template, status, attempt) and an event per retry, and no recorded field ever holds
//! the token or a path with its values.

use okta_management::Client;
use std::sync::{Arc, Mutex};
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// Records every field of every span and event as `name=value`, and each span's name; it
/// keeps the stack of entered spans, as real subscribers do, so `Span::current()` works.
#[derive(Clone, Default)]
struct Recorder {
    lines: Arc<Mutex<Vec<String>>>,
    spans: Arc<Mutex<Vec<&'static Metadata<'static>>>>,
    entered: Arc<Mutex<Vec<Id>>>,
}

struct Fields<'a>(&'a mut Vec<String>);

impl Visit for Fields<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        self.0.push(format!("{}={value:?}", field.name()));
    }
}

impl Subscriber for Recorder {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }

    fn new_span(&self, span: &Attributes<'_>) -> Id {
        let mut lines = self.lines.lock().unwrap();
        lines.push(format!("span {}", span.metadata().name()));
        span.record(&mut Fields(&mut lines));
        let mut spans = self.spans.lock().unwrap();
        spans.push(span.metadata());
        Id::from_u64(spans.len() as u64)
    }

    fn record(&self, _: &Id, values: &Record<'_>) {
        values.record(&mut Fields(&mut self.lines.lock().unwrap()));
    }

    fn record_follows_from(&self, _: &Id, _: &Id) {}

    fn event(&self, event: &Event<'_>) {
        let mut lines = self.lines.lock().unwrap();
        lines.push("event".to_string());
        event.record(&mut Fields(&mut lines));
    }

    fn enter(&self, id: &Id) {
        self.entered.lock().unwrap().push(id.clone());
    }

    fn exit(&self, _: &Id) {
        self.entered.lock().unwrap().pop();
    }

    fn current_span(&self) -> tracing_core::span::Current {
        match self.entered.lock().unwrap().last() {
            Some(id) => {
                let metadata = self.spans.lock().unwrap()[id.into_u64() as usize - 1];
                tracing_core::span::Current::new(id.clone(), metadata)
            }
            None => tracing_core::span::Current::none(),
        }
    }
}

/// Runs `work` on a runtime of its own under a [`Recorder`]; what it gives, and every line
/// recorded meanwhile.
fn traced<T>(work: impl std::future::Future<Output = T>) -> (T, String) {
    let recorder = Recorder::default();
    let _guard = tracing::subscriber::set_default(recorder.clone());
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let value = runtime.block_on(work);
    let text = recorder.lines.lock().unwrap().join("\n");
    (value, text)
}

#[test]
fn a_request_is_traced_without_its_token_or_its_values() {
    let ((), text) = traced(async {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .respond_with(ResponseTemplate::new(429).insert_header("x-rate-limit-reset", "0"))
            .up_to_n_times(1)
            .mount(&server)
            .await;
        Mock::given(method("GET"))
            .respond_with(
                ResponseTemplate::new(200)
                    .set_body_json(serde_json::json!({"id": "00u-secret-id"})),
            )
            .mount(&server)
            .await;
        let client = Client::builder(server.uri())
            .api_token("00-the-secret-token")
            .max_retry_wait(std::time::Duration::from_millis(10))
            .build()
            .unwrap();
        client.get_user("00u-secret-id").send().await.unwrap();
    });
    for expected in [
        "span request",
        "operation=\"getUser\"",
        "method=GET",
        "path=\"/api/v1/users/{userId}\"",
        "status=429",
        "status=200",
        "attempt=1",
        "wait_ms=",
    ] {
        assert!(text.contains(expected), "no `{expected}` in:\n{text}");
    }
    assert!(
        !text.contains("the-secret-token"),
        "the token was traced:\n{text}"
    );
    assert!(
        !text.contains("00u-secret-id"),
        "a path value was traced:\n{text}"
    );
    assert!(!text.contains("SSWS"), "the credential was traced:\n{text}");
}

#[test]
fn oauth_traces_no_secret_assertion_proof_or_token() {
    use oas_codegen_tests::hostile::{json, response, Reply, Server};
    use okta_management::ClientCredentials;
    let (sent, text) = traced(async {
        // The token endpoint asks for a nonce once, then issues a DPoP token; the API
        // answers.
        let server = Server::start(|n, request| {
            if !request.target.starts_with("/oauth2/v1/token") {
                return Reply::Send(json(&[], r#"{"id":"00u1"}"#));
            }
            if n == 0 {
                return Reply::Send(response(
                    400,
                    &[
                        ("dpop-nonce", "nonce-1"),
                        ("content-type", "application/json"),
                    ],
                    r#"{"error":"use_dpop_nonce"}"#,
                ));
            }
            Reply::Send(json(
                &[],
                r#"{"access_token":"the-access-token","token_type":"DPoP","expires_in":3600}"#,
            ))
        })
        .await;
        let pem = std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/keys/ec-pkcs8.pem"),
        )
        .unwrap();
        let client = Client::builder(&server.url)
            .client_credentials(
                ClientCredentials::private_key("0oa-client", pem)
                    .scopes(["okta.users.read"])
                    .dpop(true),
            )
            .build()
            .unwrap();
        client.get_user("00u1").send().await.unwrap();
        server.requests()
    });
    assert!(text.contains("operation=\"getUser\""), "{text}");
    assert_eq!(sent.len(), 3, "two token requests and the call");
    let mut secrets = vec!["the-access-token".to_string(), "PRIVATE KEY".to_string()];
    for request in &sent {
        secrets.extend(request.header("dpop").map(str::to_string));
        secrets.extend(request.header("authorization").map(str::to_string));
        let form = String::from_utf8_lossy(&request.body).into_owned();
        secrets.extend(
            form.split('&')
                .filter_map(|p| p.strip_prefix("client_assertion="))
                .map(str::to_string),
        );
    }
    assert!(secrets.len() >= 6, "{secrets:?}");
    for secret in &secrets {
        // Each JWT's signature is the part no other text can hold by chance.
        let tail = secret.rsplit('.').next().unwrap();
        assert!(!text.contains(tail), "traced: {tail}\n{text}");
    }
}

#[test]
fn a_value_the_spec_types_otherwise_is_decoded_with_a_warning_naming_its_place() {
    let (links, text) = traced(async {
        let server = MockServer::start().await;
        // `id` is a string and `sortOrder` an integer in the spec.
        Mock::given(method("GET"))
            .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!([
                {"id": 1, "sortOrder": "2"},
                {"id": "0oa2", "sortOrder": "3"}
            ])))
            .mount(&server)
            .await;
        let client = Client::builder(server.uri()).build().unwrap();
        client.list_app_links("00u1").send().await.unwrap()
    });
    let found: Vec<(Option<&str>, Option<i64>)> = links
        .items
        .iter()
        .map(|link| (link.id.as_deref(), link.sort_order))
        .collect();
    assert_eq!(found, [(Some("1"), Some(2)), (Some("0oa2"), Some(3))]);
    for expected in [
        "message=decoded a value the spec types otherwise",
        "path=[*].id",
        "path=[*].sortOrder",
    ] {
        assert!(text.contains(expected), "no `{expected}` in:\n{text}");
    }
}
