//! Every operation of okta-management against Stoplight Prism mocking spec/okta.yaml, which
//! validates each request against the spec and answers from the spec's schemas and examples.
//!
//! `.ci/test` starts Prism and sets `OKTA_PRISM_URL`. Without it the suite cannot run: it
//! fails under CI (`CI` set) and says it was skipped elsewhere.

use oas_codegen_tests::conformance::cases;
use okta_management::Client;

#[tokio::test]
async fn every_operation_passes_prism_validation() {
    let Ok(base) = std::env::var("OKTA_PRISM_URL") else {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must start Prism and set OKTA_PRISM_URL (see .ci/test)"
        );
        eprintln!("skipped: OKTA_PRISM_URL is not set; run `bash .ci/test` to start Prism");
        return;
    };
    let client = Client::builder(base)
        .api_token("00abcdefghijklmnopqrstuvwxyz")
        .max_retries(0)
        .build()
        .unwrap();
    let mut failures = Vec::new();
    let table = cases();
    for case in &table {
        match (case.call)(&client).await {
            Ok(outcome) => {
                if let Some(violations) = outcome.headers.get("sl-violations") {
                    failures.push(format!("{}: sl-violations {:?}", case.id, violations));
                } else if !(200..300).contains(&outcome.status) {
                    failures.push(format!("{}: status {}", case.id, outcome.status));
                }
            }
            Err(err) => failures.push(format!("{}: {err}", case.id)),
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} operations failed against Prism:\n{}",
        failures.len(),
        table.len(),
        failures.join("\n")
    );
    assert_eq!(table.len(), 50);
}
