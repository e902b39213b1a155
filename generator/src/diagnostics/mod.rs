//! Diagnostics: what went wrong, where in the spec, and what to do about it. The messages
//! are in [`catalogue`]; pointers are built with [`Pointer`]; [`locate`] finds their line.

pub mod catalogue;
mod locate;
mod pointer;

pub use catalogue::{Entry, CATALOGUE};
pub use locate::locate;
pub use pointer::{unescape, Pointer};

use std::fmt;
use std::path::{Path, PathBuf};

/// How bad a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Generation goes on; it says what the generator inferred from the spec.
    Note,
    /// Generation goes on; the construct was skipped or approximated.
    Warning,
    /// Generation stops after the phase that found it.
    Error,
}

/// One problem found in a spec, located as precisely as the input allows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The code of its [`catalogue`] entry, such as `undeclared-path-parameter`.
    pub code: &'static str,
    /// How bad it is.
    pub severity: Severity,
    /// The spec file.
    pub file: PathBuf,
    /// A JSON pointer into the spec, such as `#/paths/~1users/get`.
    pub pointer: Pointer,
    /// The line and column (1-based), where known.
    pub position: Option<(usize, usize)>,
    /// What is wrong.
    pub message: String,
    /// What to do about it.
    pub hint: Option<String>,
}

impl Diagnostic {
    /// The same diagnostic placed in another file than the spec (an overlay), with its
    /// line and column found in that file's text.
    pub fn in_file(mut self, file: &Path, text: &str) -> Self {
        self.file = file.to_path_buf();
        if self.position.is_none() {
            self.position = locate(text, &self.pointer);
        }
        self
    }

    /// The same diagnostic with a line and column.
    pub fn with_position(mut self, line: usize, column: usize) -> Self {
        self.position = Some((line, column));
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self.severity {
            Severity::Note => "note",
            Severity::Warning => "warning",
            Severity::Error => "error",
        };
        writeln!(f, "{label}[{}]: {}", self.code, self.message)?;
        write!(f, "  --> {}", self.file.display())?;
        if let Some((line, column)) = self.position {
            write!(f, ":{line}:{column}")?;
        }
        if !self.pointer.is_whole() {
            write!(f, " at {}", self.pointer)?;
        }
        if let Some(hint) = &self.hint {
            write!(f, "\n  = hint: {hint}")?;
        }
        Ok(())
    }
}

/// The diagnostics of one run, sorted by location when rendered.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// Adds one diagnostic.
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    /// Whether any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    /// All diagnostics, sorted by position, then pointer, then message.
    pub fn sorted(&self) -> Vec<&Diagnostic> {
        let mut items: Vec<&Diagnostic> = self.items.iter().collect();
        items.sort_by(|a, b| {
            (a.position, &a.pointer, &a.message).cmp(&(b.position, &b.pointer, &b.message))
        });
        items.dedup();
        items
    }

    /// Only the warnings.
    pub fn warnings(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items
            .iter()
            .filter(|d| d.severity == Severity::Warning)
    }

    /// Sets the file of every diagnostic that has none yet (those of an overlay have theirs)
    /// and, where the source text allows, its position.
    pub fn locate(&mut self, file: &Path, source: &str) {
        let mut locator = locate::Locator::new(source);
        for item in self
            .items
            .iter_mut()
            .filter(|item| item.file.as_os_str().is_empty())
        {
            item.file = file.to_path_buf();
            if item.position.is_none() {
                item.position = locator.locate(&item.pointer);
            }
        }
    }

    /// Every warning made an error, for users who want a spec with no mistake to work around.
    /// Notes, which say what was inferred, stay notes.
    pub fn deny_warnings(&mut self) {
        for item in self
            .items
            .iter_mut()
            .filter(|item| item.severity == Severity::Warning)
        {
            item.severity = Severity::Error;
        }
    }

    /// Only the notes: what the generator inferred.
    pub fn notes(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter().filter(|d| d.severity == Severity::Note)
    }

    /// Whether there are no diagnostics at all.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (index, item) in self.sorted().into_iter().enumerate() {
            if index > 0 {
                writeln!(f)?;
            }
            writeln!(f, "{item}")?;
        }
        Ok(())
    }
}
