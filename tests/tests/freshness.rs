//! Fails when `generated/` is not exactly what the generator makes from spec/okta.yaml,
//! naming the stale files and the command that fixes them. It uses the same comparison as
//! `oas-codegen check`, so stray files count too.

use oas_codegen_tests::{okta_crate, workspace, REGENERATE};

#[test]
fn generated_crate_is_fresh() {
    let generated = okta_crate();
    let comparison = oas_codegen::output::compare(&workspace().join("generated"), &generated.files);
    let stale: Vec<String> = comparison
        .stale
        .iter()
        .map(|(path, difference)| format!("generated/{path} ({difference})"))
        .collect();
    let diffs: Vec<&String> = comparison.diffs.values().collect();
    assert!(
        comparison.is_fresh(),
        "generated/ is stale: {}\nregenerate with `{REGENERATE}`\n{}",
        stale.join(", "),
        diffs
            .iter()
            .map(|d| d.as_str())
            .collect::<Vec<_>>()
            .join("\n\n")
    );
}

/// `cargo fmt --all` formats the generated crate's root (its modules are `rustfmt::skip`), so
/// the generator must write it exactly as rustfmt would; otherwise formatting the workspace
/// makes `generated/` stale.
#[test]
fn rustfmt_leaves_the_generated_root_as_generated() {
    let lib = workspace().join("generated/src/lib.rs");
    let output = std::process::Command::new("rustfmt")
        .args(["--edition", "2024", "--check"])
        .arg(&lib)
        .output()
        .expect("rustfmt runs");
    assert!(
        output.status.success(),
        "rustfmt would change generated/src/lib.rs:\n{}",
        String::from_utf8_lossy(&output.stdout)
    );
}
