//! What the Okta output must hold beyond its bytes: determinism and one method per
//! operation. The bytes themselves are pinned by `generated/` and the freshness test, which
//! compiles them too; a second copy as insta snapshots would only churn.

use oas_codegen_tests::okta_crate;

#[test]
fn generation_is_deterministic() {
    let first = okta_crate();
    let second = okta_crate();
    assert_eq!(first.files, second.files);
}

#[test]
fn all_fifty_operations_have_a_client_method() {
    let generated = okta_crate();
    assert_eq!(generated.counts.0, 50, "operations");
    // The operations module and its groups' files.
    let operations: String = generated
        .files
        .iter()
        .filter(|(path, _)| path.starts_with("src/operations"))
        .map(|(_, text)| text.as_str())
        .collect();
    let spec =
        std::fs::read_to_string(oas_codegen_tests::workspace().join("spec/okta.yaml")).unwrap();
    let ids: Vec<&str> = spec
        .lines()
        .filter_map(|line| line.trim().strip_prefix("operationId: "))
        .collect();
    assert_eq!(ids.len(), 50, "operationIds in the spec");
    for id in ids {
        let method = snake(id);
        assert!(
            operations.contains(&format!("pub fn {method}(")),
            "no client method `{method}` for `{id}`"
        );
    }
}

/// A plain snake_case conversion for operationIds, independent of the generator's.
fn snake(id: &str) -> String {
    let mut out = String::new();
    for (index, ch) in id.char_indices() {
        if ch.is_ascii_uppercase() {
            let previous_upper = id[..index]
                .chars()
                .last()
                .is_some_and(|c| c.is_ascii_uppercase());
            if index > 0 && !previous_upper {
                out.push('_');
            }
            out.push(ch.to_ascii_lowercase());
        } else {
            out.push(ch);
        }
    }
    out
}
