//! Every operation of okta-management against wiremock, driven by the conformance table and
//! checked against the spec's own IR: method, path, query, headers and body of the request;
//! a realistic Okta response decoded; and every documented error status decoded into the
//! typed error.

use oas_codegen::ir::{Api, Operation, StatusCode, TypeRef};
use oas_codegen_tests::conformance::cases;
use oas_codegen_tests::{payload, workspace};
use okta_management::{Client, Error};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// The spec lowered to the generator's IR.
fn api() -> Api {
    let text = std::fs::read_to_string(workspace().join("spec/okta.yaml")).unwrap();
    oas_codegen::pipeline::parse(&text, &oas_codegen::Options::default())
        .expect("the spec parses")
        .0
}

/// A recorded payload for a response type: the schema's fixture, or an empty object or list.
fn fixture_for(ty: &TypeRef) -> serde_json::Value {
    let manifest = payload("MANIFEST.tsv");
    let find = |schema: &str, list: bool| {
        manifest.lines().skip(1).find_map(|line| {
            let cols: Vec<&str> = line.split('\t').collect();
            (cols.get(1) == Some(&schema)
                && cols.get(2) == Some(&if list { "true" } else { "false" }))
            .then(|| serde_json::from_str::<serde_json::Value>(&payload(cols[0])).unwrap())
        })
    };
    match ty {
        TypeRef::Named(name) => find(name, false)
            .or_else(|| find(name, true).map(|list| list[0].clone()))
            .unwrap_or_else(|| serde_json::json!({})),
        TypeRef::Array(item) => match item.as_ref() {
            TypeRef::Named(name) => find(name, true)
                .or_else(|| find(name, false).map(|one| serde_json::json!([one])))
                .unwrap_or_else(|| serde_json::json!([])),
            _ => serde_json::json!([]),
        },
        _ => serde_json::json!({}),
    }
}

/// The first documented success: its status and body.
fn success_response(op: &Operation) -> (u16, Option<serde_json::Value>) {
    let response = op
        .responses
        .iter()
        .find(|r| r.status.is_success())
        .expect("a success response");
    let StatusCode::Exact(status) = response.status else {
        panic!("{}: success status is a range", op.id)
    };
    (
        status,
        response.body.as_ref().map(|(_, ty)| fixture_for(ty)),
    )
}

/// The path the table's arguments lead to: the template with its braces removed.
fn expected_path(op: &Operation) -> String {
    op.path.replace(['{', '}'], "")
}

async fn client(server: &MockServer) -> Client {
    Client::builder(server.uri())
        .api_token("test-token")
        .max_retries(0)
        .build()
        .unwrap()
}

#[tokio::test]
async fn every_operation_round_trips() {
    let api = api();
    let table = cases();
    assert_eq!(table.len(), 50, "the table covers every operation");
    assert_eq!(api.operations.len(), 50);
    let server = MockServer::start().await;
    let client = client(&server).await;
    let mut passed = 0;
    for case in &table {
        let op = api
            .operations
            .iter()
            .find(|op| op.id == case.id)
            .unwrap_or_else(|| panic!("no operation `{}` in the spec", case.id));
        server.reset().await;
        let (status, body) = success_response(op);
        let mut response = ResponseTemplate::new(status);
        if let Some(body) = &body {
            response = response.set_body_json(body);
        }
        Mock::given(any())
            .respond_with(response)
            .expect(1)
            .mount(&server)
            .await;
        let outcome = (case.call)(&client)
            .await
            .unwrap_or_else(|err| panic!("{}: {err}", case.id));
        assert_eq!(outcome.status, status, "{}", case.id);
        let requests = server.received_requests().await.unwrap();
        let request = &requests[0];
        assert_eq!(
            request.method.as_str(),
            op.http_method,
            "{}: method",
            case.id
        );
        assert_eq!(request.url.path(), expected_path(op), "{}: path", case.id);
        let query: Vec<(String, String)> = request
            .url
            .query_pairs()
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        for fixed in &op.fixed_query {
            assert!(
                query.contains(fixed),
                "{}: fixed query {fixed:?} missing from {query:?}",
                case.id
            );
        }
        for (name, _) in &query {
            let declared = op.params.iter().any(|p| &p.name == name)
                || op.fixed_query.iter().any(|(k, _)| k == name);
            assert!(
                declared,
                "{}: query parameter `{name}` is not in the spec",
                case.id
            );
        }
        for param in op
            .params
            .iter()
            .filter(|p| p.required && p.location == oas_codegen::ir::ParamLocation::Query)
        {
            assert!(
                query.iter().any(|(k, _)| k == &param.name),
                "{}: required `{}` not sent",
                case.id,
                param.name
            );
        }
        let header = |name: &str| {
            request
                .headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .unwrap_or("")
                .to_string()
        };
        assert_eq!(header("authorization"), "SSWS test-token", "{}", case.id);
        assert!(
            header("user-agent").starts_with("okta-management-rust/"),
            "{}",
            case.id
        );
        assert_eq!(header("accept"), "application/json", "{}", case.id);
        match (&case.body, &op.body) {
            (Some(expected), Some(_)) => {
                assert_eq!(header("content-type"), "application/json", "{}", case.id);
                let sent: serde_json::Value = serde_json::from_slice(&request.body).unwrap();
                assert_eq!(&sent, expected, "{}: body", case.id);
            }
            (None, None) => assert!(request.body.is_empty(), "{}: unexpected body", case.id),
            _ => panic!(
                "{}: the table and the spec disagree about the body",
                case.id
            ),
        }
        passed += 1;
    }
    assert_eq!(passed, 50);
}

#[tokio::test]
async fn every_documented_error_status_is_typed() {
    let api = api();
    let server = MockServer::start().await;
    let client = client(&server).await;
    let error_body = payload("Error__ErrorAccessDenied.json");
    let mut checked = 0;
    for case in cases() {
        let op = api.operations.iter().find(|op| op.id == case.id).unwrap();
        let statuses: Vec<u16> = op
            .responses
            .iter()
            .filter(|r| !r.status.is_success())
            .filter_map(|r| match r.status {
                StatusCode::Exact(code) => Some(code),
                _ => None,
            })
            .collect();
        assert!(
            statuses.contains(&401) && statuses.contains(&429),
            "{}: documents 401 and 429",
            case.id
        );
        for status in statuses {
            server.reset().await;
            Mock::given(any())
                .respond_with(
                    ResponseTemplate::new(status)
                        .set_body_raw(error_body.clone(), "application/json")
                        .insert_header("x-okta-request-id", "req-1"),
                )
                .mount(&server)
                .await;
            let err = (case.call)(&client)
                .await
                .expect_err("an error status is an error");
            let Error::Api(api_error) = &err else {
                panic!("{} {status}: expected Error::Api, got {err:?}", case.id)
            };
            assert_eq!(api_error.status, status);
            assert_eq!(api_error.request_id(), Some("req-1"));
            assert_eq!(
                api_error
                    .body
                    .as_ref()
                    .and_then(|b| b.error_code.as_deref()),
                Some("E0000006"),
                "{} {status}",
                case.id
            );
            checked += 1;
        }
    }
    assert!(checked >= 200, "checked {checked} error responses");
}
