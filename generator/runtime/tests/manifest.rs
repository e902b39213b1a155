//! The runtime's dependencies are a standalone generated crate's: the same crates, versions
//! and features, read from both manifests.

use std::collections::BTreeMap;
use std::path::Path;

/// The `[dependencies]` lines of a manifest, by crate name, whitespace normalised.
fn dependencies(path: &Path) -> BTreeMap<String, String> {
    // A generated crate asks for the features its spec needs; the runtime has them all.
    let text = std::fs::read_to_string(path)
        .unwrap()
        .replace(
            "{{reqwest_features}}",
            r#""rustls-tls", "multipart", "stream""#,
        )
        .replace("{{tokio_features}}", r#""fs", "io-util", "sync", "time""#);
    let section = text.split("[dependencies]").nth(1).unwrap();
    dependencies_in(section.split("\n[").next().unwrap())
}

/// The dependency lines of a part of a manifest, by crate name, whitespace normalised.
fn dependencies_in(section: &str) -> BTreeMap<String, String> {
    section
        .lines()
        .filter(|line| !line.trim().is_empty() && !line.trim_start().starts_with('#'))
        .filter_map(|line| line.split_once('='))
        .map(|(name, spec)| {
            (
                name.trim().to_string(),
                spec.split_whitespace().collect::<Vec<_>>().join(" "),
            )
        })
        .collect()
}

#[test]
fn the_runtime_depends_on_what_a_generated_crate_depends_on() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let runtime = dependencies(&root.join("Cargo.toml"));
    let mut generated = dependencies(&root.join("../../templates/Cargo.toml.tmpl"));
    let oauth =
        std::fs::read_to_string(root.join("../../templates/Cargo.oauth.toml.tmpl")).unwrap();
    generated.extend(dependencies_in(&oauth));
    let events =
        std::fs::read_to_string(root.join("../../templates/Cargo.events.toml.tmpl")).unwrap();
    generated.extend(dependencies_in(&events));
    assert_eq!(runtime, generated);
}
