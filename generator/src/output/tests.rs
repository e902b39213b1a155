//! The writer stopped at every step, as a kill would stop it: the directory always holds
//! the old output or the new one (or a journal that the next run replays to the new one),
//! and the user's files are never touched.

use super::survey::STAGING;
use super::write::Writer;
use super::{compare, write_crate, Difference, WriteOptions};
use crate::emit::GENERATED_MARKER;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// A generated file's contents.
fn generated(body: &str) -> String {
    format!("// {GENERATED_MARKER}0.1.0 from test.yaml\n{body}\n")
}

fn crate_files(entries: &[(&str, &str)]) -> BTreeMap<String, String> {
    entries
        .iter()
        .map(|(path, body)| (path.to_string(), generated(body)))
        .collect()
}

fn old_output() -> BTreeMap<String, String> {
    crate_files(&[
        ("Cargo.toml", "old"),
        ("src/lib.rs", "old"),
        ("src/old/mod.rs", "old"),
        ("src/same.rs", "same"),
    ])
}

fn new_output() -> BTreeMap<String, String> {
    crate_files(&[
        ("Cargo.toml", "new"),
        ("src/lib.rs", "new"),
        ("src/new.rs", "new"),
        ("src/same.rs", "same"),
    ])
}

/// The user's files, which must survive everything.
const USER_FILES: &[(&str, &str)] = &[
    ("notes.txt", "keep"),
    ("src/keep.rs", "fn keep() {}"),
    ("target/debug/x", "build"),
];

/// A fresh scratch directory.
fn scratch(name: &str) -> PathBuf {
    let dir =
        std::env::temp_dir().join(format!("oas-codegen-output-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn put(dir: &Path, files: impl IntoIterator<Item = (String, String)>) {
    for (path, contents) in files {
        let target = dir.join(path);
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::write(target, contents).unwrap();
    }
}

/// Every file under `dir` but the staging directory, with its contents.
fn on_disk(dir: &Path) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(current) = stack.pop() {
        for entry in std::fs::read_dir(&current).unwrap().flatten() {
            let path = entry.path();
            let relative = path
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            if relative == STAGING {
                continue;
            }
            if path.is_dir() {
                stack.push(path);
            } else {
                out.insert(relative, std::fs::read_to_string(&path).unwrap());
            }
        }
    }
    out
}

fn user_files() -> BTreeMap<String, String> {
    USER_FILES
        .iter()
        .map(|(p, c)| (p.to_string(), c.to_string()))
        .collect()
}

fn with_user_files(mut files: BTreeMap<String, String>) -> BTreeMap<String, String> {
    files.extend(user_files());
    files
}

#[test]
fn a_replacement_stopped_at_any_step_leaves_the_old_or_the_new_output() {
    let (old, new) = (with_user_files(old_output()), with_user_files(new_output()));
    let mut interrupted_after_commit = 0;
    for steps in 0.. {
        let dir = scratch(&format!("replace-{steps}"));
        put(&dir, old.clone());
        let outcome = Writer { steps: Some(steps) }
            .write_or_stop(&dir, &new_output(), WriteOptions::default())
            .unwrap();
        if outcome.is_ok() {
            assert_eq!(
                on_disk(&dir),
                new,
                "a run that finishes leaves the new output"
            );
            assert!(!dir.join(STAGING).exists());
            assert!(steps > 5, "the writer takes several steps");
            std::fs::remove_dir_all(&dir).unwrap();
            break;
        }
        let state = on_disk(&dir);
        if dir.join(STAGING).join("JOURNAL").exists() {
            interrupted_after_commit += 1;
            let comparison = compare(&dir, &new_output());
            assert_eq!(
                comparison.stale.get(&format!("{STAGING}/")),
                Some(&Difference::Interrupted)
            );
            // The next run (even one asked for the old output) replays the journal first.
            write_crate(&dir, &old_output(), WriteOptions::default()).unwrap();
            assert_eq!(
                on_disk(&dir),
                old,
                "stopped after {steps} steps, then regenerated"
            );
        } else {
            assert!(
                state == old || state == new,
                "stopped after {steps} steps: {state:#?}"
            );
            write_crate(&dir, &new_output(), WriteOptions::default()).unwrap();
            assert_eq!(
                on_disk(&dir),
                new,
                "stopped after {steps} steps, then regenerated"
            );
        }
        assert!(
            !dir.join(STAGING).exists(),
            "the next run leaves no staging directory"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
    assert!(
        interrupted_after_commit > 0,
        "some stops fall between the commit and the end"
    );
}

#[test]
fn a_new_directory_stopped_at_any_step_is_absent_or_complete() {
    for steps in 0.. {
        let parent = scratch(&format!("create-{steps}"));
        let out = parent.join("client");
        let outcome = Writer { steps: Some(steps) }
            .write_or_stop(&out, &new_output(), WriteOptions::default())
            .unwrap();
        if outcome.is_ok() {
            assert_eq!(on_disk(&out), new_output());
            assert_eq!(
                std::fs::read_dir(&parent).unwrap().count(),
                1,
                "nothing is left beside it"
            );
            std::fs::remove_dir_all(&parent).unwrap();
            break;
        }
        assert!(
            !out.exists(),
            "stopped after {steps} steps: no half-written directory"
        );
        write_crate(&out, &new_output(), WriteOptions::default()).unwrap();
        assert_eq!(on_disk(&out), new_output());
        assert_eq!(
            std::fs::read_dir(&parent).unwrap().count(),
            1,
            "the next run cleans up"
        );
        std::fs::remove_dir_all(&parent).unwrap();
    }
}

#[test]
fn unchanged_files_keep_their_modification_time() {
    let dir = scratch("mtime");
    write_crate(&dir, &old_output(), WriteOptions::default()).unwrap();
    let before = std::fs::metadata(dir.join("src/same.rs"))
        .unwrap()
        .modified()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(20));
    let written = write_crate(&dir, &new_output(), WriteOptions::default()).unwrap();
    assert_eq!(written.unchanged, 1);
    assert_eq!(written.removed, ["src/old/mod.rs"]);
    assert!(
        !dir.join("src/old").exists(),
        "a directory the generator emptied is removed"
    );
    assert_eq!(
        std::fs::metadata(dir.join("src/same.rs"))
            .unwrap()
            .modified()
            .unwrap(),
        before
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_build_script_file_replaces_only_its_own_earlier_output() {
    let dir = scratch("one-file");
    let path = dir.join("okta.rs");
    assert!(super::write_file_if_changed(&path, &generated("v1")).unwrap());
    assert!(
        !super::write_file_if_changed(&path, &generated("v1")).unwrap(),
        "same bytes: not rewritten"
    );
    assert!(super::write_file_if_changed(&path, &generated("v2")).unwrap());
    std::fs::write(&path, "// the user's own file\n").unwrap();
    let err = super::write_file_if_changed(&path, &generated("v3")).unwrap_err();
    assert!(err.to_string().contains("okta.rs"), "{err}");
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "// the user's own file\n"
    );
    assert_eq!(
        std::fs::read_dir(&dir).unwrap().count(),
        1,
        "no temporary file is left"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}
