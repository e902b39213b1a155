//! The typed mock server of the `mock` feature, for tests of code that calls the API.
//!
//! It is built on wiremock: [`MockServer::start`] listens on 127.0.0.1, [`MockServer::client`]
//! is a [`Client`](super::Client) already pointed at it, and each operation has an
//! `expect_*` method whose path parameters are arguments and whose request and response
//! bodies are the API's models, so a model change breaks a test at compile time.

use std::marker::PhantomData;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use wiremock::{Match, Mock, Request, ResponseTemplate};

/// What an expectation matches, kept to explain requests that match none.
#[derive(Debug, Clone)]
struct Described {
    operation: &'static str,
    method: &'static str,
    path: String,
    query: Vec<(String, String)>,
    contains: Vec<(String, String)>,
}

/// A mock of the API on 127.0.0.1, with typed expectations per operation.
///
/// Expectations are checked when the server is dropped (or by [`MockServer::verify`]): an
/// expectation with [`Expectation::times`] that was not met fails the test. A request that
/// matches no expectation gets a 404 whose error body names the closest expectation.
///
/// ```no_run
/// # async fn example() {
/// let server = {{crate}}::mock::MockServer::start().await;
/// // Mount typed expectations with the `expect_*` methods, then run your code with:
/// let client = server.client();
/// # drop(client);
/// server.verify().await;
/// # }
/// ```
pub struct MockServer {
    server: wiremock::MockServer,
    expectations: Arc<Mutex<Vec<Described>>>,
}

impl MockServer {
    /// Starts a server on a free port of 127.0.0.1.
    pub async fn start() -> Self {
        let server = wiremock::MockServer::start().await;
        let expectations: Arc<Mutex<Vec<Described>>> = Arc::default();
        let known = expectations.clone();
        Mock::given(|_: &Request| true)
            .respond_with(move |request: &Request| unmatched(request, &known.lock().map(|e| e.clone()).unwrap_or_default()))
            .with_priority(u8::MAX)
            .named("the fallback for requests no expectation matches")
            .mount(&server)
            .await;
        MockServer { server, expectations }
    }

    /// The base URL of the server.
    pub fn uri(&self) -> String {
        self.server.uri()
    }

    /// A client for the server, with a bearer token and retry waits of at most 10 ms so that
    /// tests of rate limiting stay fast.
    pub fn client(&self) -> super::Client {
        self.client_builder().build().expect("the mock server's URL is a valid base URL")
    }

    /// A client builder for the server, to change its settings before building.
    pub fn client_builder(&self) -> super::ClientBuilder {
        super::Client::builder(self.uri()).bearer_token("mock-token").max_retry_wait(Duration::from_millis(10))
    }

    /// Checks now that every expectation got the calls it expects.
    pub async fn verify(&self) {
        self.server.verify().await;
    }

    /// Every request the server received, in order.
    pub async fn received_requests(&self) -> Vec<Request> {
        self.server.received_requests().await.unwrap_or_default()
    }

    /// The underlying wiremock server, for anything the typed API does not cover.
    pub fn wiremock(&self) -> &wiremock::MockServer {
        &self.server
    }

    /// The `after` cursor the mock writes into the `Link` header that leads to page `index`
    /// (counting from 0) of [`Expectation::respond_with_pages`].
    pub fn page_cursor(index: usize) -> String {
        format!("page-{index}")
    }

    /// Mounts a mock, remembering what it matches for the answer to unmatched requests.
    async fn mount(&self, mock: Mock, described: &Described) {
        if let Ok(mut known) = self.expectations.lock() {
            known.push(described.clone());
        }
        mock.mount(&self.server).await;
    }

    /// Starts an expectation; the generated `expect_*` methods call this.
    pub(crate) fn expectation<R, B>(
        &self,
        operation: &'static str,
        method: &'static str,
        path: String,
        fixed_query: &[(&str, &str)],
        success: u16,
    ) -> Expectation<'_, R, B> {
        let query = fixed_query.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        Expectation {
            server: self,
            described: Described { operation, method, path, query, contains: Vec::new() },
            body: None,
            contains: Vec::new(),
            times: None,
            success,
            types: PhantomData,
        }
    }
}

/// One expected call of one operation: what it must look like, how often, and the answer.
///
/// `R` is the operation's success body and `B` its request body. Finish it with one of the
/// `respond_*` methods, which mount it on the server.
#[must_use = "an expectation does nothing until a `respond_*` method mounts it"]
pub struct Expectation<'s, R, B = ()> {
    server: &'s MockServer,
    described: Described,
    body: Option<serde_json::Value>,
    contains: Vec<(String, String)>,
    times: Option<(u64, Option<u64>)>,
    success: u16,
    types: PhantomData<fn(B) -> R>,
}

impl<R, B: serde::Serialize> Expectation<'_, R, B> {
    /// Matches only requests with this query parameter value.
    pub fn query(mut self, name: &str, value: impl ToString) -> Self {
        self.described.query.push((name.to_string(), value.to_string()));
        self
    }

    /// Matches only requests whose query parameter contains `fragment` (a search filter, say).
    pub fn query_contains(mut self, name: &str, fragment: impl ToString) -> Self {
        self.contains.push((name.to_string(), fragment.to_string()));
        self.described.contains.push((name.to_string(), fragment.to_string()));
        self
    }

    /// Matches only requests whose JSON body equals `body`.
    pub fn body(mut self, body: &B) -> Self {
        self.body = Some(serde_json::to_value(body).expect("the request body serializes"));
        self
    }

    /// Expects exactly `n` matching calls.
    pub fn times(mut self, n: u64) -> Self {
        self.times = Some((n, Some(n)));
        self
    }

    /// Expects at least one matching call.
    pub fn at_least_once(mut self) -> Self {
        self.times = Some((1, None));
        self
    }

    /// Answers with the operation's success status and no body.
    pub async fn respond_ok(self) {
        let status = self.success;
        self.mount(ResponseTemplate::new(status), 5).await;
    }

    /// Answers with an API error body and the given status.
    pub async fn respond_error(self, status: u16, error: &super::ErrorBody) {
        self.mount(ResponseTemplate::new(status).set_body_json(error).insert_header("x-okta-request-id", "mock-request"), 5).await;
    }

    /// Answers once with 429 and rate-limit headers whose reset is now, then lets later
    /// requests through to the other expectations. The client retries after its wait.
    pub async fn respond_rate_limited(self) {
        let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0);
        let template = ResponseTemplate::new(429)
            .set_body_json(serde_json::json!({
                "errorCode": "E0000047",
                "errorSummary": "API call exceeded rate limit due to too many requests."
            }))
            .insert_header("x-rate-limit-limit", "600")
            .insert_header("x-rate-limit-remaining", "0")
            .insert_header("x-rate-limit-reset", now.to_string().as_str())
            .insert_header("x-okta-request-id", "mock-rate-limited");
        self.mount_with(template, 1, Some(1)).await;
    }

    /// Answers with a raw wiremock response, for anything the typed answers do not cover.
    pub async fn respond_raw(self, template: ResponseTemplate) {
        self.mount(template, 5).await;
    }

    async fn mount(self, template: ResponseTemplate, priority: u8) {
        self.mount_with(template, priority, None).await;
    }

    /// Mounts the expectation with its matchers, call counts and answer.
    async fn mount_with(self, template: ResponseTemplate, priority: u8, up_to: Option<u64>) {
        let mut mock = Mock::given(self.matcher()).respond_with(template).with_priority(priority).named(self.name());
        if let Some(n) = up_to {
            mock = mock.up_to_n_times(n);
        }
        self.server.mount(with_times(mock, self.times), &self.described).await;
    }

    /// How the expectation reads in wiremock's reports.
    fn name(&self) -> String {
        describe(&self.described)
    }

    /// A matcher for method, path, query and body.
    fn matcher(&self) -> impl wiremock::Match + 'static {
        let described = self.described.clone();
        let contains = self.contains.clone();
        let body = self.body.clone();
        move |request: &Request| {
            request.method.as_str() == described.method
                && request.url.path() == described.path
                && described.query.iter().all(|(k, v)| request.url.query_pairs().any(|(rk, rv)| rk == k.as_str() && rv == v.as_str()))
                && contains.iter().all(|(k, v)| request.url.query_pairs().any(|(rk, rv)| rk == k.as_str() && rv.contains(v.as_str())))
                && body.as_ref().is_none_or(|expected| serde_json::from_slice::<serde_json::Value>(&request.body).is_ok_and(|sent| &sent == expected))
        }
    }
}

impl<R: serde::Serialize, B: serde::Serialize> Expectation<'_, R, B> {
    /// Answers with the operation's success status and `body`.
    pub async fn respond_with(self, body: R) {
        let status = self.success;
        self.mount(ResponseTemplate::new(status).set_body_json(body), 5).await;
    }
}

impl<T: serde::Serialize, B: serde::Serialize> Expectation<'_, Vec<T>, B> {
    /// Answers with `pages` in turn: each page but the last carries a
    /// `Link: <…?after=page-N>; rel="next"` header, so the client's pagination is exercised.
    pub async fn respond_with_pages(self, pages: Vec<Vec<T>>) {
        let count = pages.len();
        for (index, items) in pages.into_iter().enumerate() {
            let mut page = Expectation::<Vec<T>, B> {
                server: self.server,
                described: self.described.clone(),
                body: self.body.clone(),
                contains: self.contains.clone(),
                times: self.times,
                success: self.success,
                types: PhantomData,
            };
            let cursor_matches: Box<dyn Fn(&Request) -> bool + Send + Sync> = if index == 0 {
                Box::new(|request: &Request| !request.url.query_pairs().any(|(k, _)| k == "after"))
            } else {
                let cursor = MockServer::page_cursor(index);
                page.described.query.push(("after".to_string(), cursor.clone()));
                Box::new(move |request: &Request| request.url.query_pairs().any(|(k, v)| k == "after" && v == cursor.as_str()))
            };
            let template = ResponseTemplate::new(page.success).set_body_json(&items);
            let next_cursor = (index + 1 < count).then(|| MockServer::page_cursor(index + 1));
            // Like the real API, the next link repeats the request's query with a new cursor.
            let base_uri = self.server.uri();
            let respond = move |request: &Request| match &next_cursor {
                Some(cursor) => {
                    let mut next = url::Url::parse(&format!("{base_uri}{}", request.url.path())).expect("the mock's own URL parses");
                    let kept: Vec<(String, String)> = request.url.query_pairs().filter(|(k, _)| k != "after").map(|(k, v)| (k.into_owned(), v.into_owned())).collect();
                    next.query_pairs_mut().clear().extend_pairs(kept).append_pair("after", cursor);
                    template.clone().insert_header("link", format!("<{next}>; rel=\"next\"").as_str())
                }
                None => template.clone(),
            };
            let base = page.matcher();
            let mock = Mock::given(move |request: &Request| cursor_matches(request) && base.matches(request))
                .respond_with(respond)
                .named(format!("{} (page {index})", page.name()));
            self.server.mount(with_times(mock, page.times), &page.described).await;
        }
    }
}

impl<T: serde::Serialize, B: serde::Serialize> Expectation<'_, Vec<T>, B> {
    /// Answers an operation that streams events with `text/event-stream`: one event per item,
    /// its data the item as JSON (a string item as its text).
    pub async fn respond_with_events(self, items: Vec<T>) {
        let body: String = items.iter().map(|item| format!("data: {}\n\n", sequence_text(item))).collect();
        let status = self.success;
        self.mount(ResponseTemplate::new(status).set_body_raw(body, "text/event-stream"), 5).await;
    }

    /// Answers an operation that streams JSON lines with `application/x-ndjson`: one item
    /// per line.
    pub async fn respond_with_lines(self, items: Vec<T>) {
        let body: String = items.iter().map(|item| format!("{}\n", sequence_text(item))).collect();
        let status = self.success;
        self.mount(ResponseTemplate::new(status).set_body_raw(body, "application/x-ndjson"), 5).await;
    }
}

/// An item of a stream as the server writes it: JSON, or a string's own text.
fn sequence_text<T: serde::Serialize>(item: &T) -> String {
    match serde_json::to_value(item).expect("a mock answer serializes") {
        serde_json::Value::String(text) => text,
        value => value.to_string(),
    }
}

/// A mock with the call counts an expectation asks for.
fn with_times(mock: Mock, times: Option<(u64, Option<u64>)>) -> Mock {
    match times {
        Some((min, Some(max))) => mock.expect(min..=max),
        Some((min, None)) => mock.expect(min..),
        None => mock,
    }
}

/// An expectation as a line of text.
fn describe(described: &Described) -> String {
    let query: Vec<String> = described
        .query
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .chain(described.contains.iter().map(|(k, v)| format!("{k}~{v}")))
        .collect();
    let query = if query.is_empty() { String::new() } else { format!("?{}", query.join("&")) };
    format!("{} ({} {}{})", described.operation, described.method, described.path, query)
}

/// The answer to a request no expectation matched: a 404 whose error body names the
/// closest expectation, so the failing test says what differed.
fn unmatched(request: &Request, known: &[Described]) -> ResponseTemplate {
    let path = request.url.path();
    let closest = known.iter().max_by_key(|d| {
        let same_method = usize::from(d.method == request.method.as_str());
        let common = d.path.split('/').zip(path.split('/')).take_while(|(a, b)| a == b).count();
        (same_method, common)
    });
    let query = request.url.query().map(|q| format!("?{q}")).unwrap_or_default();
    let summary = match closest {
        Some(closest) => format!(
            "no expectation matched {} {path}{query}; the closest is {}",
            request.method,
            describe(closest)
        ),
        None => format!("no expectation matched {} {path}{query}, and none are mounted", request.method),
    };
    ResponseTemplate::new(404).set_body_json(serde_json::json!({
        "errorCode": "E_MOCK_UNMATCHED",
        "errorSummary": summary,
        "errorCauses": []
    }))
}
