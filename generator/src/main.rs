//! The `oas-codegen` command: `generate` writes a crate from a spec, `check` verifies one.
//!
//! Exit codes: 0 on success, 1 when `check` finds stale files, 2 on bad input or usage.

use oas_codegen::{generate_crate, GenerateError, Options};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// The parsed command line.
struct Args {
    command: String,
    spec: PathBuf,
    out: PathBuf,
    crate_name: Option<String>,
}

const USAGE: &str = "usage: oas-codegen <generate|check> --spec FILE --out DIR [--crate-name NAME]";

fn main() -> ExitCode {
    let args = match parse_args(std::env::args().skip(1).collect()) {
        Ok(args) => args,
        Err(message) => {
            eprintln!("error: {message}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let text = match std::fs::read_to_string(&args.spec) {
        Ok(text) => text,
        Err(error) => {
            eprintln!(
                "{}",
                GenerateError::Io {
                    path: args.spec.clone(),
                    error
                }
            );
            return ExitCode::from(2);
        }
    };
    let crate_name = args
        .crate_name
        .clone()
        .or_else(|| existing_crate_name(&args.out))
        .unwrap_or_else(|| Options::crate_name_for(&args.spec));
    let options = Options {
        crate_name,
        ..Options::default()
    };
    let command = regenerate_command(&args, &options.crate_name);
    let generated = match generate_crate(&text, &args.spec, &options, &command) {
        Ok(generated) => generated,
        Err(err) => {
            eprintln!("{err}");
            return ExitCode::from(2);
        }
    };
    for warning in generated.warnings.sorted() {
        if warning.severity == oas_codegen::Severity::Warning {
            eprintln!("{warning}");
        }
    }
    let result = match args.command.as_str() {
        "generate" => write_crate(&args.out, &generated.files).map(|()| {
            eprintln!(
                "generated {} operations and {} types into {}",
                generated.counts.0,
                generated.counts.1,
                args.out.display()
            );
            ExitCode::SUCCESS
        }),
        _ => Ok(check_crate(&args.out, &generated.files, &command)),
    };
    result.unwrap_or_else(|message| {
        eprintln!("error: {message}");
        ExitCode::from(2)
    })
}

/// Reads the arguments after the program name.
fn parse_args(raw: Vec<String>) -> Result<Args, String> {
    let mut iter = raw.into_iter();
    let command = iter.next().ok_or("missing command")?;
    if command != "generate" && command != "check" {
        return Err(format!("unknown command `{command}`"));
    }
    let (mut spec, mut out, mut crate_name) = (None, None, None);
    while let Some(flag) = iter.next() {
        let mut value = || iter.next().ok_or(format!("`{flag}` needs a value"));
        match flag.as_str() {
            "--spec" => spec = Some(PathBuf::from(value()?)),
            "--out" => out = Some(PathBuf::from(value()?)),
            "--crate-name" => crate_name = Some(value()?),
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    Ok(Args {
        command,
        spec: spec.ok_or("missing `--spec FILE`")?,
        out: out.ok_or("missing `--out DIR`")?,
        crate_name,
    })
}

/// The command that regenerates the crate, as written into each file. It always names the
/// crate, so the files are the same whether or not `--crate-name` was given.
fn regenerate_command(args: &Args, crate_name: &str) -> String {
    format!(
        "cargo run -p oas-codegen -- generate --spec {} --out {} --crate-name {crate_name}",
        args.spec.display(),
        args.out.display()
    )
}

/// The package name of a crate already in `out`, so that regenerating it without
/// `--crate-name` keeps its name.
fn existing_crate_name(out: &Path) -> Option<String> {
    let manifest = std::fs::read_to_string(out.join("Cargo.toml")).ok()?;
    let package = manifest.split("[package]").nth(1)?;
    let section = package.split("\n[").next()?;
    section.lines().find_map(|line| {
        let value = line
            .trim()
            .strip_prefix("name")?
            .trim_start()
            .strip_prefix('=')?
            .trim();
        Some(value.trim_matches('"').to_string()).filter(|name| !name.is_empty())
    })
}

/// Writes the crate atomically: into a sibling temporary directory, then renamed into place.
fn write_crate(
    out: &Path,
    files: &std::collections::BTreeMap<String, String>,
) -> Result<(), String> {
    let parent = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = out
        .file_name()
        .and_then(|n| n.to_str())
        .ok_or_else(|| format!("{} is not a directory name", out.display()))?;
    let staging = parent.join(format!(".{name}.oas-codegen-tmp"));
    let _ = std::fs::remove_dir_all(&staging);
    let result = (|| {
        for (path, contents) in files {
            let target = staging.join(path);
            if let Some(dir) = target.parent() {
                std::fs::create_dir_all(dir)
                    .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
            }
            std::fs::write(&target, contents)
                .map_err(|e| format!("cannot write {}: {e}", target.display()))?;
        }
        if out.exists() {
            let old = parent.join(format!(".{name}.oas-codegen-old"));
            let _ = std::fs::remove_dir_all(&old);
            std::fs::rename(out, &old)
                .map_err(|e| format!("cannot move {} aside: {e}", out.display()))?;
            std::fs::rename(&staging, out)
                .map_err(|e| format!("cannot move the new crate into {}: {e}", out.display()))?;
            let _ = std::fs::remove_dir_all(&old);
        } else {
            std::fs::rename(&staging, out)
                .map_err(|e| format!("cannot move the new crate into {}: {e}", out.display()))?;
        }
        Ok(())
    })();
    if result.is_err() {
        let _ = std::fs::remove_dir_all(&staging);
    }
    result
}

/// Compares the crate on disk with what would be generated; exit 1 names what differs.
fn check_crate(
    out: &Path,
    files: &std::collections::BTreeMap<String, String>,
    command: &str,
) -> ExitCode {
    let mut stale = BTreeSet::new();
    for (path, contents) in files {
        match std::fs::read_to_string(out.join(path)) {
            Ok(existing) if &existing == contents => {}
            Ok(_) => {
                stale.insert(format!("{path} (differs)"));
            }
            Err(_) => {
                stale.insert(format!("{path} (missing)"));
            }
        }
    }
    for path in on_disk(out) {
        if !files.contains_key(&path) && !path.starts_with("target/") && path != "Cargo.lock" {
            stale.insert(format!("{path} (not generated; remove it)"));
        }
    }
    if stale.is_empty() {
        eprintln!("{} is up to date", out.display());
        return ExitCode::SUCCESS;
    }
    eprintln!(
        "error: {} is stale; these files differ from what the spec generates:",
        out.display()
    );
    for path in &stale {
        eprintln!("  {}", out.join(path).display());
    }
    eprintln!("  = hint: regenerate with `{command}`");
    ExitCode::from(1)
}

/// Every file under `dir`, as relative paths with `/` separators.
fn on_disk(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(current) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&current) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if let Ok(relative) = path.strip_prefix(dir) {
                out.push(relative.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    out
}
