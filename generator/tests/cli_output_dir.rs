//! `generate --out DIR` never destroys a user's files, and `check` never touches anything:
//! every case as users meet it, through the CLI.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The workspace's spec.
fn spec() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/okta.yaml")
}

/// A fresh, empty scratch directory for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("oas-codegen-out-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn oas_codegen(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_oas-codegen"))
        .args(args)
        .current_dir(cwd)
        .output()
        .expect("the binary runs")
}

/// `generate` (or `check`) of the workspace's spec into `out`, with extra arguments.
fn run(command: &str, out: &Path, extra: &[&str]) -> Output {
    let spec = spec();
    let mut args = vec![
        command,
        "--spec",
        spec.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    oas_codegen(&args, out.parent().unwrap_or(Path::new("/")))
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Every file under `dir` with its bytes, by relative path.
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(current) = stack.pop() {
        for entry in std::fs::read_dir(&current).unwrap().flatten() {
            let path = entry.path();
            if entry.file_type().unwrap().is_dir() {
                stack.push(path);
            } else {
                let relative = path
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                out.insert(relative, std::fs::read(&path).unwrap());
            }
        }
    }
    out
}

/// A user's project: notes, a source file, a repository and a build directory.
fn users_project(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    for (path, contents) in [
        ("notes.txt", "my notes"),
        ("src/keep.rs", "pub fn keep() {}"),
        (".git/HEAD", "ref: refs/heads/main"),
        ("target/debug/app", "binary"),
    ] {
        let target = dir.join(path);
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::write(target, contents).unwrap();
    }
    files(dir)
}

/// Asserts the run refused with exit 2 and named each of `in_the_way`.
fn assert_refused(output: &Output, in_the_way: &[&str]) {
    let message = stderr(output);
    assert_eq!(output.status.code(), Some(2), "{message}");
    assert!(message.contains("nothing was written"), "{message}");
    for path in in_the_way {
        assert!(message.contains(path), "{path} is not named in:\n{message}");
    }
}

/// The files in `dir`'s parent, to see that nothing was left beside it.
fn siblings(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir.parent().unwrap())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn a_users_directory_is_refused_and_left_as_it_was() {
    let dir = scratch("users-dir").join("project");
    let before = users_project(&dir);
    let output = run("generate", &dir, &[]);
    assert_refused(
        &output,
        &["notes.txt", "src/keep.rs", ".git/", "target/", "--force"],
    );
    assert_eq!(files(&dir), before);
    assert_eq!(siblings(&dir), ["project"], "nothing is left beside it");
}

#[test]
fn the_working_directory_is_refused() {
    let dir = scratch("cwd");
    let before = users_project(&dir);
    let spec = spec();
    for out in [".", dir.to_str().unwrap()] {
        let output = oas_codegen(
            &["generate", "--spec", spec.to_str().unwrap(), "--out", out],
            &dir,
        );
        assert_refused(&output, &["notes.txt"]);
        assert_eq!(files(&dir), before, "--out {out}");
    }
}

#[test]
fn a_spec_inside_the_directory_survives_with_and_without_force() {
    let dir = scratch("spec-inside").join("client");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy(spec(), dir.join("okta.yaml")).unwrap();
    let spec_inside = dir.join("okta.yaml");
    let generate = |extra: &[&str]| {
        let mut args = vec!["generate", "--spec", "okta.yaml", "--out", "."];
        args.extend_from_slice(extra);
        oas_codegen(&args, &dir)
    };
    assert_refused(&generate(&[]), &["okta.yaml"]);
    assert_eq!(files(&dir).len(), 1);
    let output = generate(&["--force"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        std::fs::read(&spec_inside).unwrap(),
        std::fs::read(spec()).unwrap()
    );
    assert!(dir.join("src/lib.rs").exists());
    // Now an earlier output: regenerating needs no flag and keeps the spec.
    let output = generate(&[]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(spec_inside.exists());
}

#[test]
fn a_plain_file_as_out_is_refused_and_nothing_is_left_beside_it() {
    let dir = scratch("plain-file");
    let out = dir.join("client");
    std::fs::write(&out, "a file").unwrap();
    let output = run("generate", &out, &["--force"]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("is not a directory"),
        "{}",
        stderr(&output)
    );
    assert_eq!(std::fs::read(&out).unwrap(), b"a file");
    assert_eq!(siblings(&out), ["client"]);
}

#[test]
fn force_writes_beside_the_users_files_and_removes_none_of_them() {
    let dir = scratch("force").join("project");
    let before = users_project(&dir);
    let output = run("generate", &dir, &["--force"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let after = files(&dir);
    for (path, contents) in &before {
        assert_eq!(after.get(path), Some(contents), "{path} was changed");
    }
    assert!(after.contains_key("src/lib.rs") && after.contains_key("Cargo.toml"));
    // Regenerating under another name replaces only the generator's files.
    let output = run("generate", &dir, &["--crate-name", "other"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let again = files(&dir);
    for (path, contents) in &before {
        assert_eq!(again.get(path), Some(contents), "{path} was changed");
    }
    assert!(String::from_utf8_lossy(&again["Cargo.toml"]).contains("name = \"other\""));
    assert_eq!(again.len(), after.len());
}

#[test]
fn a_generated_file_the_user_took_over_is_never_replaced() {
    let dir = scratch("taken-over").join("client");
    assert!(run("generate", &dir, &[]).status.success());
    // The user removes the header: the file is theirs now.
    std::fs::write(dir.join("src/models.rs"), "// mine now\n").unwrap();
    for extra in [&[][..], &["--force"][..]] {
        let output = run("generate", &dir, extra);
        assert_refused(&output, &["src/models.rs"]);
        assert_eq!(
            std::fs::read(dir.join("src/models.rs")).unwrap(),
            b"// mine now\n"
        );
    }
}

#[test]
fn files_the_generator_no_longer_writes_are_removed_only_when_it_wrote_them() {
    let dir = scratch("stale-own").join("client");
    assert!(run("generate", &dir, &[]).status.success());
    let header = std::fs::read_to_string(dir.join("src/lib.rs")).unwrap();
    let header = header.lines().next().unwrap();
    std::fs::create_dir_all(dir.join("src/apis")).unwrap();
    std::fs::write(
        dir.join("src/apis/users.rs"),
        format!("{header}\nfn old() {{}}\n"),
    )
    .unwrap();
    std::fs::write(dir.join("src/mine.rs"), "fn mine() {}\n").unwrap();
    let output = run("generate", &dir, &[]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(
        !dir.join("src/apis").exists(),
        "a file it wrote earlier, and its directory, are gone"
    );
    assert_eq!(
        std::fs::read(dir.join("src/mine.rs")).unwrap(),
        b"fn mine() {}\n"
    );
}

#[test]
fn check_reports_unknown_files_and_touches_nothing() {
    let dir = scratch("check").join("client");
    assert!(run("generate", &dir, &[]).status.success());
    std::fs::write(dir.join("notes.txt"), "mine").unwrap();
    std::fs::write(dir.join("src/models.rs"), "// edited\n").unwrap();
    std::fs::create_dir_all(dir.join("target/debug")).unwrap();
    std::fs::write(dir.join("target/debug/x"), "build").unwrap();
    std::fs::write(dir.join("Cargo.lock"), "# lock").unwrap();
    let before = files(&dir);
    let output = run("check", &dir, &[]);
    let message = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{message}");
    assert!(
        message.contains("notes.txt (not generated; remove it)"),
        "{message}"
    );
    assert!(message.contains("src/models.rs (differs)"), "{message}");
    assert!(
        !message.contains("target") && !message.contains("Cargo.lock"),
        "build outputs are not stale: {message}"
    );
    assert_eq!(files(&dir), before, "check changed the directory");
    // check of a directory that does not exist creates nothing.
    let missing = dir.parent().unwrap().join("missing");
    assert_eq!(run("check", &missing, &[]).status.code(), Some(1));
    assert!(!missing.exists());
}

#[test]
fn a_generate_killed_at_any_moment_leaves_a_directory_the_next_run_completes() {
    let dir = scratch("killed").join("client");
    assert!(run("generate", &dir, &["--crate-name", "name-0"])
        .status
        .success());
    std::fs::write(dir.join("notes.txt"), "mine").unwrap();
    let spec = spec();
    // Kill points spread over a whole run (about 0.1 s here; 0 to 150 ms).
    for round in 1..=30u64 {
        let name = format!("name-{round}");
        let mut child = Command::new(env!("CARGO_BIN_EXE_oas-codegen"))
            .args([
                "generate",
                "--spec",
                spec.to_str().unwrap(),
                "--out",
                dir.to_str().unwrap(),
                "--crate-name",
                &name,
            ])
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(round * 37 % 150));
        let _ = child.kill();
        let _ = child.wait();
        assert_eq!(
            std::fs::read(dir.join("notes.txt")).unwrap(),
            b"mine",
            "round {round}"
        );
    }
    let output = run("generate", &dir, &["--crate-name", "name-final"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    std::fs::remove_file(dir.join("notes.txt")).unwrap();
    let output = run("check", &dir, &["--crate-name", "name-final"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
}
