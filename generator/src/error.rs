//! Why generation failed: the one error of the library and the CLI.

use crate::diagnostics::{Diagnostic, Diagnostics};
use std::fmt;
use std::path::PathBuf;

/// Why generation failed. Its `Debug` output is the same readable text as its `Display`,
/// so that a build script that returns it from `main` fails with the diagnostics, not a dump.
pub enum GenerateError {
    /// A file could not be read or written.
    Io {
        path: PathBuf,
        error: std::io::Error,
    },
    /// The spec is invalid or uses something the generator cannot express.
    Spec(Diagnostics),
    /// The output could not be written without touching files the generator did not write.
    Output(crate::output::OutputError),
    /// The configuration is incomplete or invalid.
    Config(String),
    /// The generator produced code that does not parse: a bug in oas-codegen.
    Internal(String),
}

impl fmt::Display for GenerateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GenerateError::Io { path, error } if error.kind() == std::io::ErrorKind::InvalidData => write!(
                f,
                "error: cannot read {}: it is not UTF-8 text\n  = hint: specs and overlays are YAML or JSON text; save this one as UTF-8",
                path.display()
            ),
            GenerateError::Io { path, error } => write!(f, "error: cannot access {}: {error}", path.display()),
            GenerateError::Spec(diagnostics) => write!(f, "{}", diagnostics.to_string().trim_end()),
            GenerateError::Output(err) => write!(f, "{err}"),
            GenerateError::Config(message) => write!(f, "error: {message}"),
            GenerateError::Internal(message) => write!(
                f,
                "error: internal error in oas-codegen: {message}\n  = hint: this is a bug; please report it with the spec that caused it"
            ),
        }
    }
}

impl fmt::Debug for GenerateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "\n{self}")
    }
}

impl std::error::Error for GenerateError {}

impl From<Diagnostic> for GenerateError {
    fn from(diagnostic: Diagnostic) -> Self {
        let mut diagnostics = Diagnostics::default();
        diagnostics.push(diagnostic);
        GenerateError::Spec(diagnostics)
    }
}
