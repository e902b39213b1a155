//! Writing a crate into its output directory without destroying anything: only files that
//! carry the generator's header are replaced or removed, and the switch from the old output
//! to the new one is committed by a journal, so that a crash leaves one or the other.
//!
//! The steps, for a directory that already exists:
//! 1. finish or discard what an interrupted run left in `.oas-codegen-staging/`;
//! 2. survey the directory, and refuse when a user's file stands where a generated file
//!    goes, or when the directory is neither empty nor an earlier output (unless forced);
//! 3. write every changed file into `.oas-codegen-staging/`, synced to disk;
//! 4. write the journal (`JOURNAL`, by rename): the commit point;
//! 5. rename each staged file into place and remove the generator's files that are no
//!    longer generated, then remove the staging directory.
//!
//! A kill before step 4 leaves the old output (and staged files the next run discards); a
//! kill during step 5 leaves a journal that the next `generate` replays to the end, and
//! that `check` reports. A directory that does not exist yet is staged beside it and
//! renamed into place in one step.

use super::survey::{is_generated, Survey, STAGING};
use super::OutputError;
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The journal's name inside the staging directory.
const JOURNAL: &str = "JOURNAL";

/// How to write.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WriteOptions {
    /// Write into a non-empty directory that is not an earlier output, beside the files
    /// already there. Even then, only the generator's own files are replaced or removed.
    pub force: bool,
}

/// What a write did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Written {
    /// Files created or replaced.
    pub written: Vec<String>,
    /// The generator's files removed because they are no longer generated.
    pub removed: Vec<String>,
    /// Files already up to date, left untouched.
    pub unchanged: usize,
    /// The user's files in the directory, left as they were.
    pub left_alone: Vec<String>,
}

/// Writes `files` (relative path to contents) into `out` as described in the module docs.
pub fn write_crate(
    out: &Path,
    files: &BTreeMap<String, String>,
    options: WriteOptions,
) -> Result<Written, OutputError> {
    Writer { steps: None }.write(out, files, options)
}

/// Writes one file unless it already holds exactly these bytes, so that cargo does not
/// rebuild what includes it. The file is written beside and renamed into place; a file at
/// `path` that the generator did not write is refused, never replaced. Returns whether it wrote.
pub fn write_file_if_changed(path: &Path, contents: &str) -> Result<bool, OutputError> {
    match std::fs::read(path) {
        Ok(existing) if existing == contents.as_bytes() => return Ok(false),
        Ok(_) if !is_generated(path) => {
            let dir = path.parent().unwrap_or(Path::new(".")).to_path_buf();
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            return Err(OutputError::InTheWay {
                dir,
                files: vec![name],
            });
        }
        _ => {}
    }
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(|error| io(dir, error))?;
    let name = path
        .file_name()
        .ok_or_else(|| OutputError::NotADirectory(path.to_path_buf()))?;
    let temporary = dir.join(format!(".{}.oas-codegen-tmp", name.to_string_lossy()));
    std::fs::write(&temporary, contents).map_err(|error| io(&temporary, error))?;
    std::fs::rename(&temporary, path).map_err(|error| {
        let _ = std::fs::remove_file(&temporary);
        io(path, error)
    })?;
    Ok(true)
}

/// One run of the writer. `steps` bounds the number of filesystem changes it may make, so
/// that tests can stop it at every point, as a kill would; `None` is unbounded.
pub(crate) struct Writer {
    pub steps: Option<usize>,
}

/// The writer stopped early, as a killed process would (tests only).
#[cfg(test)]
#[derive(Debug)]
pub(crate) struct Stopped;

/// A failure or an early stop.
enum Halt {
    Error(OutputError),
    Stopped,
}

impl From<OutputError> for Halt {
    fn from(err: OutputError) -> Self {
        Halt::Error(err)
    }
}

type Step<T = ()> = Result<T, Halt>;

impl Writer {
    /// Writes, reporting an early stop as a written nothing (only tests stop early).
    pub fn write(
        mut self,
        out: &Path,
        files: &BTreeMap<String, String>,
        options: WriteOptions,
    ) -> Result<Written, OutputError> {
        match self.run(out, files, options) {
            Ok(written) => Ok(written),
            Err(Halt::Error(err)) => Err(err),
            Err(Halt::Stopped) => Ok(Written::default()),
        }
    }

    /// Writes, telling an early stop apart (tests only).
    #[cfg(test)]
    pub fn write_or_stop(
        mut self,
        out: &Path,
        files: &BTreeMap<String, String>,
        options: WriteOptions,
    ) -> Result<Result<Written, Stopped>, OutputError> {
        match self.run(out, files, options) {
            Ok(written) => Ok(Ok(written)),
            Err(Halt::Error(err)) => Err(err),
            Err(Halt::Stopped) => Ok(Err(Stopped)),
        }
    }

    /// Uses up one step, or stops.
    fn step(&mut self) -> Step {
        match &mut self.steps {
            None => Ok(()),
            Some(0) => Err(Halt::Stopped),
            Some(left) => {
                *left -= 1;
                Ok(())
            }
        }
    }

    fn run(
        &mut self,
        out: &Path,
        files: &BTreeMap<String, String>,
        options: WriteOptions,
    ) -> Step<Written> {
        match std::fs::metadata(out) {
            Ok(meta) if meta.is_dir() => self.replace(out, files, options),
            Ok(_) => Err(OutputError::NotADirectory(out.to_path_buf()).into()),
            Err(_) if std::fs::symlink_metadata(out).is_ok() => {
                Err(OutputError::NotADirectory(out.to_path_buf()).into())
            }
            Err(_) => self.create(out, files),
        }
    }

    /// Writes a directory that does not exist yet: staged beside it, then renamed into place.
    fn create(&mut self, out: &Path, files: &BTreeMap<String, String>) -> Step<Written> {
        let name = out
            .file_name()
            .and_then(|n| n.to_str())
            .ok_or_else(|| OutputError::NotADirectory(out.to_path_buf()))?;
        let parent = out
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        create_dir_all(parent)?;
        let staging = parent.join(format!(".{name}.oas-codegen-staging"));
        self.discard(&staging)?;
        let paths: Vec<&String> = files.keys().collect();
        self.stage(&staging, files, &paths)?;
        self.step()?;
        std::fs::rename(&staging, out).map_err(|error| io(out, error))?;
        Ok(Written {
            written: files.keys().cloned().collect(),
            ..Written::default()
        })
    }

    /// Replaces the generator's files in an existing directory.
    fn replace(
        &mut self,
        out: &Path,
        files: &BTreeMap<String, String>,
        options: WriteOptions,
    ) -> Step<Written> {
        let staging = out.join(STAGING);
        if staging.join(JOURNAL).exists() {
            self.apply(out)?;
        } else {
            self.discard(&staging)?;
        }
        let survey = Survey::of(out).map_err(|error| io(out, error))?;
        let clashes = survey.in_the_way(files.keys());
        if !clashes.is_empty() {
            return Err(OutputError::InTheWay {
                dir: out.to_path_buf(),
                files: clashes,
            }
            .into());
        }
        if !survey.is_earlier_output() && !survey.foreign.is_empty() && !options.force {
            return Err(OutputError::NotEmpty {
                dir: out.to_path_buf(),
                files: survey.foreign.iter().cloned().collect(),
            }
            .into());
        }
        let changed: Vec<&String> = files
            .iter()
            .filter(|(path, contents)| {
                std::fs::read(out.join(path)).map_or(true, |bytes| bytes != contents.as_bytes())
            })
            .map(|(path, _)| path)
            .collect();
        let removed: Vec<String> = survey
            .ours
            .iter()
            .filter(|path| !files.contains_key(*path))
            .cloned()
            .collect();
        let written = Written {
            written: changed.iter().map(|p| p.to_string()).collect(),
            removed: removed.clone(),
            unchanged: files.len() - changed.len(),
            left_alone: survey.foreign.iter().cloned().collect(),
        };
        if changed.is_empty() && removed.is_empty() {
            return Ok(written);
        }
        self.stage(&staging, files, &changed)?;
        let journal: String = changed
            .iter()
            .map(|path| format!("write {path}\n"))
            .chain(removed.iter().map(|path| format!("remove {path}\n")))
            .collect();
        self.write_synced(&staging.join("JOURNAL.tmp"), journal.as_bytes())?;
        self.step()?;
        std::fs::rename(staging.join("JOURNAL.tmp"), staging.join(JOURNAL))
            .map_err(|error| io(&staging, error))?;
        self.apply(out)?;
        Ok(written)
    }

    /// Writes the files at `paths` into the staging directory.
    fn stage(
        &mut self,
        staging: &Path,
        files: &BTreeMap<String, String>,
        paths: &[&String],
    ) -> Step {
        self.step()?;
        create_dir_all(staging)?;
        for path in paths {
            let target = staging.join(path);
            if let Some(dir) = target.parent() {
                create_dir_all(dir)?;
            }
            self.write_synced(&target, files[*path].as_bytes())?;
        }
        Ok(())
    }

    /// Writes a file and waits until its bytes are on disk.
    fn write_synced(&mut self, path: &Path, bytes: &[u8]) -> Step {
        self.step()?;
        let mut file = std::fs::File::create(path).map_err(|error| io(path, error))?;
        file.write_all(bytes)
            .and_then(|()| file.sync_all())
            .map_err(|error| io(path, error))?;
        Ok(())
    }

    /// Replays the journal of `out`'s staging directory to its end, then removes the
    /// staging directory. Each entry can be replayed any number of times.
    fn apply(&mut self, out: &Path) -> Step {
        let staging = out.join(STAGING);
        let journal =
            std::fs::read_to_string(staging.join(JOURNAL)).map_err(|error| io(&staging, error))?;
        for line in journal.lines() {
            if let Some(path) = line.strip_prefix("write ") {
                let (from, to) = (staging.join(path), out.join(path));
                if from.exists() {
                    if let Some(dir) = to.parent() {
                        create_dir_all(dir)?;
                    }
                    self.step()?;
                    std::fs::rename(&from, &to).map_err(|error| io(&to, error))?;
                }
            } else if let Some(path) = line.strip_prefix("remove ") {
                let target = out.join(path);
                if is_generated(&target) {
                    self.step()?;
                    std::fs::remove_file(&target).map_err(|error| io(&target, error))?;
                    self.remove_empty_parents(out, path)?;
                }
            }
        }
        self.step()?;
        std::fs::remove_file(staging.join(JOURNAL)).map_err(|error| io(&staging, error))?;
        self.discard(&staging)
    }

    /// Removes the directories above a removed file that it left empty, up to `out`.
    fn remove_empty_parents(&mut self, out: &Path, path: &str) -> Step {
        let mut current = Path::new(path).parent();
        while let Some(dir) = current.filter(|d| !d.as_os_str().is_empty()) {
            let full = out.join(dir);
            let empty = std::fs::read_dir(&full)
                .map(|mut entries| entries.next().is_none())
                .unwrap_or(false);
            if !empty {
                break;
            }
            self.step()?;
            std::fs::remove_dir(&full).map_err(|error| io(&full, error))?;
            current = dir.parent();
        }
        Ok(())
    }

    /// Removes a staging directory left by an interrupted run: the generator's files, its
    /// journal and the directories they leave empty. Anything else in it stays, and is an error.
    fn discard(&mut self, staging: &Path) -> Step {
        if std::fs::symlink_metadata(staging).is_err() {
            return Ok(());
        }
        let mut dirs = vec![staging.to_path_buf()];
        let mut stack = vec![staging.to_path_buf()];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir)
                .map_err(|error| io(&dir, error))?
                .flatten()
            {
                let path = entry.path();
                let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
                let is_journal = entry.file_name() == JOURNAL || entry.file_name() == "JOURNAL.tmp";
                if is_dir {
                    dirs.push(path.clone());
                    stack.push(path);
                } else if is_journal || is_generated(&path) {
                    self.step()?;
                    std::fs::remove_file(&path).map_err(|error| io(&path, error))?;
                }
            }
        }
        for dir in dirs.iter().rev() {
            self.step()?;
            std::fs::remove_dir(dir).map_err(|error| io(dir, error))?;
        }
        Ok(())
    }
}

/// Creates a directory and its parents.
fn create_dir_all(dir: &Path) -> Step {
    std::fs::create_dir_all(dir).map_err(|error| io(dir, error).into())
}

/// An I/O error naming its path.
fn io(path: &Path, error: std::io::Error) -> OutputError {
    OutputError::Io {
        path: PathBuf::from(path),
        error,
    }
}
