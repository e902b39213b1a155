//! The library's entry points: generating a crate in memory, and `Config` for build scripts.

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::emit::{self, Provenance};
use crate::options::Options;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::fmt;
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

/// Why generation failed.
#[derive(Debug)]
pub enum GenerateError {
    /// The spec could not be read.
    Io {
        path: PathBuf,
        error: std::io::Error,
    },
    /// The spec is invalid or uses something the generator cannot express.
    Spec(Diagnostics),
    /// The generator produced code that does not parse: a bug in oas-codegen.
    Internal(String),
}

impl fmt::Display for GenerateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GenerateError::Io { path, error } => write!(f, "error: cannot read {}: {error}", path.display()),
            GenerateError::Spec(diagnostics) => write!(f, "{diagnostics}"),
            GenerateError::Internal(message) => write!(
                f,
                "error: internal error in oas-codegen: {message}\n  = hint: this is a bug; please report it with the spec that caused it"
            ),
        }
    }
}

impl std::error::Error for GenerateError {}

/// Generates a crate from spec text, in memory.
///
/// `spec_path` is used for messages and the header of each file; nothing is read or written.
pub fn generate_crate(
    spec_text: &str,
    spec_path: &Path,
    options: &Options,
    command: &str,
) -> Result<GeneratedCrate, GenerateError> {
    let (api, mut warnings) = match crate::parse::parse(spec_text, options) {
        Ok(ok) => ok,
        Err(mut diagnostics) => {
            diagnostics.locate(spec_path, spec_text);
            return Err(GenerateError::Spec(diagnostics));
        }
    };
    warnings.locate(spec_path, spec_text);
    let provenance = Provenance {
        spec_label: spec_path.display().to_string().replace('\\', "/"),
        spec_sha256: sha256_hex(spec_text.as_bytes()),
        command: command.to_string(),
    };
    let files = emit::emit_crate(&api, options, &provenance).map_err(GenerateError::Internal)?;
    Ok(GeneratedCrate {
        files,
        warnings,
        counts: (api.operations.len(), api.types.len()),
    })
}

/// The SHA-256 of some bytes, in lower-case hex.
fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Configuration for generating a client from a build script, in the style of prost-build.
#[derive(Debug, Clone, Default)]
pub struct Config {
    spec: Option<PathBuf>,
    options: Options,
}

impl Config {
    /// A configuration with the defaults.
    pub fn new() -> Self {
        Config::default()
    }

    /// The spec to read.
    pub fn spec(&mut self, path: impl Into<PathBuf>) -> &mut Self {
        self.spec = Some(path.into());
        self
    }

    /// Reads the spec and generates the crate in memory.
    pub fn generate(&self) -> Result<GeneratedCrate, GenerateError> {
        let path = self.spec.clone().unwrap_or_default();
        let text = std::fs::read_to_string(&path).map_err(|error| GenerateError::Io {
            path: path.clone(),
            error,
        })?;
        generate_crate(&text, &path, &self.options, "cargo build")
    }

    /// The options, for the CLI.
    pub fn options_mut(&mut self) -> &mut Options {
        &mut self.options
    }
}

impl From<Diagnostic> for GenerateError {
    fn from(diagnostic: Diagnostic) -> Self {
        let mut diagnostics = Diagnostics::default();
        diagnostics.push(diagnostic);
        GenerateError::Spec(diagnostics)
    }
}
