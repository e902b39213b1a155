//! Editions and Rust versions agree: the workspace's, every generated crate's (with a client
//! or types alone), and what the locked dependencies need. Clippy's `incompatible_msrv` lint,
//! run with warnings denied, checks that our own code uses nothing newer.

use oas_codegen_tests::{okta_crate, workspace};
use std::path::Path;

/// The value of the first `key = "value"` line of a manifest.
fn field(manifest: &str, key: &str) -> Option<String> {
    manifest.lines().find_map(|line| {
        let (name, value) = line.split_once('=')?;
        (name.trim() == key).then(|| value.trim().trim_matches('"').to_string())
    })
}

/// A Rust version as numbers (`1.88` is `[1, 88, 0]`).
fn numbers(version: &str) -> Vec<u32> {
    let mut parts: Vec<u32> = version
        .split('.')
        .map(|part| part.parse().expect("a numeric Rust version"))
        .collect();
    parts.resize(3, 0);
    parts
}

/// The workspace's edition and Rust version.
fn claimed() -> (String, String) {
    let manifest = std::fs::read_to_string(workspace().join("Cargo.toml")).unwrap();
    let edition = field(&manifest, "edition").expect("the workspace sets an edition");
    let rust = field(&manifest, "rust-version").expect("the workspace sets a rust-version");
    (edition, rust)
}

#[test]
fn every_crate_says_the_same_edition_and_rust_version() {
    let (edition, rust) = claimed();
    let least = match edition.as_str() {
        "2024" => "1.85",
        "2021" => "1.56",
        other => panic!("an edition this test does not know: {other}"),
    };
    assert!(
        numbers(&rust) >= numbers(least),
        "edition {edition} needs Rust {least}, and the workspace says {rust}"
    );
    let types = {
        let text = std::fs::read_to_string(workspace().join("spec/okta.yaml")).unwrap();
        let options = oas_codegen::Options {
            types_only: true,
            ..Default::default()
        };
        oas_codegen::generate_crate(&text, Path::new("spec/okta.yaml"), &options, "test")
            .expect("the types generate")
    };
    let manifests = [
        (
            "generated/Cargo.toml",
            okta_crate().files["Cargo.toml"].clone(),
        ),
        ("a types-only Cargo.toml", types.files["Cargo.toml"].clone()),
        (
            "generated/Cargo.toml on disk",
            std::fs::read_to_string(workspace().join("generated/Cargo.toml")).unwrap(),
        ),
    ];
    for (what, manifest) in manifests {
        assert_eq!(field(&manifest, "edition"), Some(edition.clone()), "{what}");
        assert_eq!(
            field(&manifest, "rust-version"),
            Some(rust.clone()),
            "{what}"
        );
    }
}

#[test]
fn every_locked_dependency_builds_with_the_rust_version_we_claim() {
    let (_, rust) = claimed();
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
    let output = std::process::Command::new(cargo)
        .args(["metadata", "--format-version", "1", "--locked"])
        .current_dir(workspace())
        .output()
        .expect("cargo metadata runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let metadata: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let newer: Vec<String> = metadata["packages"]
        .as_array()
        .expect("packages")
        .iter()
        .filter_map(|package| {
            let needs = package["rust_version"].as_str()?;
            (numbers(needs) > numbers(&rust)).then(|| {
                format!(
                    "{} {} needs Rust {needs}",
                    package["name"].as_str().unwrap_or("?"),
                    package["version"].as_str().unwrap_or("?")
                )
            })
        })
        .collect();
    assert!(
        newer.is_empty(),
        "the workspace says rust-version {rust}, but Cargo.lock holds:\n{}",
        newer.join("\n")
    );
}
