//! The comparison of an output directory with what would be generated: the one check that
//! the CLI's `check`, the freshness test and tools share. It reads and never writes.

use super::survey::{Survey, STAGING};
use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

/// How one path of the output directory differs from what would be generated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Difference {
    /// The file exists with other contents.
    Differs,
    /// The file would be generated but is not there.
    Missing,
    /// The file is there but would not be generated.
    NotGenerated,
    /// A replacement was interrupted; `generate` finishes or discards it.
    Interrupted,
}

impl fmt::Display for Difference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Difference::Differs => "differs",
            Difference::Missing => "missing",
            Difference::NotGenerated => "not generated; remove it",
            Difference::Interrupted => {
                "left by an interrupted `generate`; generate again to finish it"
            }
        })
    }
}

/// How many lines of a stale file's diff a comparison keeps.
const DIFF_LINES: usize = 20;

/// What differs between an output directory and what would be generated.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Comparison {
    /// Each path that differs, with how, sorted by path.
    pub stale: BTreeMap<String, Difference>,
    /// For each file that differs, the first lines of a unified diff from what is on disk to
    /// what would be generated.
    pub diffs: BTreeMap<String, String>,
}

impl Comparison {
    /// Whether the directory is exactly what would be generated.
    pub fn is_fresh(&self) -> bool {
        self.stale.is_empty()
    }
}

/// Compares `dir` with `files` (relative path to contents). Files a build leaves in a crate
/// (`target/` and `Cargo.lock`) are not counted; anything else the generator would not
/// write is.
pub fn compare(dir: &Path, files: &BTreeMap<String, String>) -> Comparison {
    let mut stale = BTreeMap::new();
    let mut diffs = BTreeMap::new();
    for (path, contents) in files {
        match std::fs::read(dir.join(path)) {
            Ok(existing) if existing == contents.as_bytes() => {}
            Ok(existing) => {
                stale.insert(path.clone(), Difference::Differs);
                diffs.insert(
                    path.clone(),
                    diff(path, &String::from_utf8_lossy(&existing), contents),
                );
            }
            Err(_) => {
                stale.insert(path.clone(), Difference::Missing);
            }
        }
    }
    if let Ok(survey) = Survey::of(dir) {
        for path in survey.ours.iter().chain(&survey.foreign) {
            if !files.contains_key(path) && path != "target/" && path != "Cargo.lock" {
                stale.insert(path.clone(), Difference::NotGenerated);
            }
        }
    }
    if dir.join(STAGING).exists() {
        stale.insert(format!("{STAGING}/"), Difference::Interrupted);
    }
    Comparison { stale, diffs }
}

/// The first [`DIFF_LINES`] lines of a unified diff, on disk against generated.
fn diff(path: &str, on_disk: &str, generated: &str) -> String {
    let text = similar::TextDiff::from_lines(on_disk, generated)
        .unified_diff()
        .context_radius(2)
        .header(&format!("{path} (on disk)"), &format!("{path} (generated)"))
        .to_string();
    let mut lines: Vec<&str> = text.lines().take(DIFF_LINES + 1).collect();
    if lines.len() > DIFF_LINES {
        lines[DIFF_LINES] = "…";
    }
    lines.join("\n")
}
