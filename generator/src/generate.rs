//! The library's entry points in memory, [`generate_crate`] and [`generate_module`], the
//! one-line [`generate`] for build scripts, and what they give: every step of
//! [`crate::pipeline`] but the writing.

use crate::diagnostics::Diagnostics;
use crate::emit::Provenance;
use crate::error::GenerateError;
use crate::options::Options;
use crate::pipeline;
use crate::Config;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// A generated crate: its files by relative path, and the warnings met on the way.
#[derive(Debug, Clone)]
pub struct GeneratedCrate {
    /// Every file, by path relative to the crate root (`src/models.rs`).
    pub files: BTreeMap<String, String>,
    /// Warnings: constructs skipped or approximated, with their location in the spec.
    pub warnings: Diagnostics,
    /// How many operations and named types were generated.
    pub counts: (usize, usize),
}

/// Where the spec came from, for the file headers.
fn provenance(spec_text: &str, spec_path: &Path, command: &str, options: &Options) -> Provenance {
    let label = |path: &Path| path.display().to_string().replace('\\', "/");
    Provenance {
        spec_label: label(spec_path),
        spec_sha256: sha256(spec_text),
        command: command.to_string(),
        overlays: options
            .overlays
            .iter()
            .map(|overlay| (label(&overlay.path), sha256(&overlay.text)))
            .collect(),
        subset: options.subset.describe(),
    }
}

/// The SHA-256 of text, in hex.
fn sha256(text: &str) -> String {
    Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Generates a standalone crate from spec text, in memory.
///
/// `spec_path` names the spec in messages and file headers, and `command` is the command
/// the headers say regenerates the files; nothing is read or written.
pub fn generate_crate(
    spec_text: &str,
    spec_path: &Path,
    options: &Options,
    command: &str,
) -> Result<GeneratedCrate, GenerateError> {
    let (api, warnings) = pipeline::to_ir(spec_text, spec_path, options)?;
    let files = pipeline::crate_files(
        &api,
        options,
        &provenance(spec_text, spec_path, command, options),
    )?;
    Ok(GeneratedCrate {
        files,
        warnings,
        counts: (api.operations.len(), api.types.len()),
    })
}

/// Generates the client as one file of items for `include!`, in memory.
pub fn generate_module(
    spec_text: &str,
    spec_path: &Path,
    options: &Options,
    command: &str,
) -> Result<(String, Diagnostics), GenerateError> {
    let (api, warnings) = pipeline::to_ir(spec_text, spec_path, options)?;
    let code = pipeline::module_text(
        &api,
        options,
        &provenance(spec_text, spec_path, command, options),
    )?;
    Ok((code, warnings))
}

/// Generates the client for `spec` into `OUT_DIR` with the default configuration; the
/// common case of a build script.
///
/// ```no_run
/// // build.rs
/// fn main() -> Result<(), oas_codegen::GenerateError> {
///     oas_codegen::generate("spec/okta.yaml")?;
///     Ok(())
/// }
/// ```
pub fn generate(spec: impl AsRef<Path>) -> Result<PathBuf, GenerateError> {
    Config::new().spec(spec.as_ref()).generate()
}

/// Writes `contents` to `path` unless the file already holds exactly these bytes, so that
/// cargo does not rebuild what includes it. A file the generator did not write (one without
/// its `@generated` header) is never replaced: that is an error.
pub fn write_if_changed(path: &Path, contents: &str) -> Result<(), GenerateError> {
    crate::output::write_file_if_changed(path, contents)
        .map(|_| ())
        .map_err(GenerateError::Output)
}
