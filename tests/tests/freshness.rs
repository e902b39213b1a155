//! Fails when `generated/` is not exactly what the generator makes from spec/okta.yaml,
//! naming the stale files and the command that fixes them.

use oas_codegen_tests::{okta_crate, workspace, REGENERATE};

#[test]
fn generated_crate_is_fresh() {
    let generated = okta_crate();
    let root = workspace().join("generated");
    let stale: Vec<String> = generated
        .files
        .iter()
        .filter(|(path, contents)| {
            std::fs::read_to_string(root.join(path)).ok().as_ref() != Some(*contents)
        })
        .map(|(path, _)| format!("generated/{path}"))
        .collect();
    assert!(
        stale.is_empty(),
        "generated/ is stale: {}\nregenerate with `{REGENERATE}`",
        stale.join(", ")
    );
}
