//! Shared helpers for the tests of oas-codegen and okta-management: where the workspace is,
//! how `generated/` is made, and the recorded Okta payloads.

pub mod conformance;
pub mod hostile;

/// The README's Rust examples, compiled (and the mock kit's run) as doctests.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct ReadmeDoctests;

use oas_codegen::{generate_crate, GeneratedCrate, Options};
use std::path::{Path, PathBuf};

/// The crate name `generated/` is built with.
pub const OKTA_CRATE: &str = "okta-management";

/// The command that regenerates `generated/`, exactly as the CLI writes it into each file.
pub const REGENERATE: &str = "cargo run -p oas-codegen -- generate --spec spec/okta.yaml --out generated --crate-name okta-management";

/// The workspace root.
pub fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ has a parent")
        .to_path_buf()
}

/// Generates the Okta crate in memory, as `generate` would write it into `generated/`.
pub fn okta_crate() -> GeneratedCrate {
    let text = std::fs::read_to_string(workspace().join("spec/okta.yaml"))
        .expect("spec/okta.yaml is readable");
    let options = Options {
        crate_name: OKTA_CRATE.to_string(),
        ..Options::default()
    };
    match generate_crate(&text, Path::new("spec/okta.yaml"), &options, REGENERATE) {
        Ok(generated) => generated,
        Err(err) => panic!("spec/okta.yaml does not generate:\n{err}"),
    }
}

/// A recorded Okta payload from `tests/fixtures/okta`, as text.
pub fn payload(name: &str) -> String {
    let path = workspace().join("tests/fixtures/okta").join(name);
    std::fs::read_to_string(&path)
        .unwrap_or_else(|err| panic!("cannot read {}: {err}", path.display()))
}

/// The peak resident memory of this process in KiB (Linux's `VmHWM`), or 0 where it cannot
/// be read, for tests that bound what a large transfer holds.
pub fn peak_memory_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|value| value.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}
