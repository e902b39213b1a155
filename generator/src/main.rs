//! The `oas-codegen` command: `generate` writes a crate from a spec, `check` verifies one.
//!
//! Exit codes: 0 on success, 1 when `check` finds stale files, 2 on bad input or usage.

use oas_codegen::output::{self, WriteOptions};
use oas_codegen::{generate_crate, GenerateError, GeneratedCrate, Options};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// The parsed command line.
struct Args {
    command: String,
    spec: PathBuf,
    out: PathBuf,
    crate_name: Option<String>,
    force: bool,
    drop_unknown_fields: bool,
    deny_warnings: bool,
}

const USAGE: &str =
    "usage: oas-codegen <generate|check> --spec FILE --out DIR [--crate-name NAME] [--force] [--drop-unknown-fields] [--deny-warnings]";

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
        keep_unknown_fields: !args.drop_unknown_fields,
        deny_warnings: args.deny_warnings,
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
    match args.command.as_str() {
        "generate" => write(&args, &generated),
        _ => check_crate(&args.out, &generated.files, &command),
    }
}

/// Writes the crate, reporting what was written and what was left alone.
fn write(args: &Args, generated: &GeneratedCrate) -> ExitCode {
    let options = WriteOptions { force: args.force };
    match output::write_crate(&args.out, &generated.files, options) {
        Ok(written) => {
            eprintln!(
                "generated {} operations and {} types into {} ({} files written, {} unchanged, {} removed)",
                generated.counts.0,
                generated.counts.1,
                args.out.display(),
                written.written.len(),
                written.unchanged,
                written.removed.len()
            );
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("{err}");
            ExitCode::from(2)
        }
    }
}

/// Reads the arguments after the program name.
fn parse_args(raw: Vec<String>) -> Result<Args, String> {
    let mut iter = raw.into_iter();
    let command = iter.next().ok_or("missing command")?;
    if command != "generate" && command != "check" {
        return Err(format!("unknown command `{command}`"));
    }
    let (mut spec, mut out, mut crate_name) = (None, None, None);
    let (mut force, mut drop_unknown_fields, mut deny_warnings) = (false, false, false);
    while let Some(flag) = iter.next() {
        let mut value = || iter.next().ok_or(format!("`{flag}` needs a value"));
        match flag.as_str() {
            "--spec" => spec = Some(PathBuf::from(value()?)),
            "--out" => out = Some(PathBuf::from(value()?)),
            "--crate-name" => crate_name = Some(value()?),
            "--force" => force = true,
            "--drop-unknown-fields" => drop_unknown_fields = true,
            "--deny-warnings" => deny_warnings = true,
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    Ok(Args {
        command,
        spec: spec.ok_or("missing `--spec FILE`")?,
        out: out.ok_or("missing `--out DIR`")?,
        crate_name,
        force,
        drop_unknown_fields,
        deny_warnings,
    })
}

/// The command that regenerates the crate, as written into each file. It always names the
/// crate, so the files are the same whether or not `--crate-name` was given.
fn regenerate_command(args: &Args, crate_name: &str) -> String {
    let drop = if args.drop_unknown_fields {
        " --drop-unknown-fields"
    } else {
        ""
    };
    format!(
        "cargo run -p oas-codegen -- generate --spec {} --out {} --crate-name {crate_name}{drop}",
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

/// Compares the crate on disk with what would be generated; exit 1 names what differs.
fn check_crate(out: &Path, files: &BTreeMap<String, String>, command: &str) -> ExitCode {
    let comparison = output::compare(out, files);
    if comparison.is_fresh() {
        eprintln!("{} is up to date", out.display());
        return ExitCode::SUCCESS;
    }
    eprintln!(
        "error: {} is stale; these files differ from what the spec generates:",
        out.display()
    );
    for (path, difference) in &comparison.stale {
        eprintln!("  {} ({difference})", out.join(path).display());
    }
    for diff in comparison.diffs.values() {
        eprintln!();
        for line in diff.lines() {
            eprintln!("    {line}");
        }
    }
    eprintln!("  = hint: regenerate with `{command}`");
    ExitCode::from(1)
}
