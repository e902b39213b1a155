//! Running a command: the spec read, the crate generated in memory, then written or compared.

use super::args::{Cli, Command, Shared};
use oas_codegen::output::{self, WriteOptions};
use oas_codegen::{generate_crate, DateTimeType, GenerateError, GeneratedCrate, Options};
use std::collections::BTreeMap;
use std::path::Path;
use std::process::ExitCode;

/// Runs a parsed command line; the exit code follows the module docs of `main.rs`.
pub fn run(cli: Cli) -> ExitCode {
    let (shared, force, is_check) = match cli.command {
        Command::Generate { shared, force } => (shared, force, false),
        Command::Check { shared } => (shared, false, true),
    };
    let text = match std::fs::read_to_string(&shared.spec) {
        Ok(text) => text,
        Err(error) => {
            let path = shared.spec.clone();
            eprintln!("{}", GenerateError::Io { path, error });
            return ExitCode::from(2);
        }
    };
    let mut options = match options(&shared) {
        Ok(options) => options,
        Err(message) => {
            eprintln!("{}", GenerateError::Config(message));
            return ExitCode::from(2);
        }
    };
    for path in &shared.overlays {
        match oas_codegen::Overlay::read(path) {
            Ok(overlay) => options.overlays.push(overlay),
            Err(error) => {
                let path = path.clone();
                eprintln!("{}", GenerateError::Io { path, error });
                return ExitCode::from(2);
            }
        }
    }
    let command = regenerate_command(&shared, &options);
    let generated = match generate_crate(&text, &shared.spec, &options, &command) {
        Ok(generated) => generated,
        Err(err) => {
            eprintln!("{err}");
            return ExitCode::from(2);
        }
    };
    for remark in generated
        .warnings
        .warnings()
        .chain(generated.warnings.notes())
    {
        eprintln!("{remark}");
    }
    if is_check {
        check(&shared.out, &generated.files, &command)
    } else {
        write(&shared.out, &generated, force)
    }
}

/// The generator's options from the arguments; a `--package-meta` that is not one is the
/// error.
fn options(shared: &Shared) -> Result<Options, String> {
    let mut package = oas_codegen::PackageMeta::default();
    let mut named = None;
    if let Some(version) = &shared.crate_version {
        package.set("version", version)?;
    }
    for (key, value) in &shared.package_meta {
        match key.as_str() {
            "name" => named = Some(value.clone()),
            _ => package.set(key, value)?,
        }
    }
    let crate_name = shared
        .crate_name
        .clone()
        .or(named)
        .or_else(|| existing_crate_name(&shared.out))
        .unwrap_or_else(|| Options::crate_name_for(&shared.spec));
    Ok(Options {
        crate_name,
        package,
        schema_names: shared.schema_names.iter().cloned().collect(),
        operation_names: shared.operation_names.iter().cloned().collect(),
        extra_derives: shared.extra_derives.clone(),
        date_time: match shared.date_time.as_str() {
            "string" => DateTimeType::String,
            _ => DateTimeType::Chrono,
        },
        keep_unknown_fields: !shared.drop_unknown_fields,
        deny_warnings: shared.deny_warnings,
        mock_kit: None,
        tracing: false,
        oauth: true,
        env_prefix: shared.env_prefix.clone(),
        pagination: shared.pagination.iter().cloned().collect(),
        overlays: Vec::new(),
        subset: oas_codegen::Subset {
            tags: shared.tags.clone(),
            operations: shared.operations.clone(),
            exclude_tags: shared.exclude_tags.clone(),
            exclude_operations: shared.exclude_operations.clone(),
        },
        types_only: shared.types_only,
    })
}

/// The command that regenerates the crate, as written into each file: every option that is
/// not the default, and always the crate's name, so the files are the same whether or not
/// `--crate-name` was given.
fn regenerate_command(shared: &Shared, options: &Options) -> String {
    let mut command = format!(
        "cargo run -p oas-codegen -- generate --spec {} --out {} --crate-name {}",
        shared.spec.display(),
        shared.out.display(),
        options.crate_name
    );
    if let Some(version) = &shared.crate_version {
        command.push_str(&format!(" --crate-version {version}"));
    }
    for (key, value) in &shared.package_meta {
        if key != "name" {
            command.push_str(&format!(" --package-meta '{key}={value}'"));
        }
    }
    for derive in &shared.extra_derives {
        command.push_str(&format!(" --extra-derive {derive}"));
    }
    for (id, declaration) in &shared.pagination {
        command.push_str(&format!(" --pagination '{id}={declaration}'"));
    }
    if let Some(prefix) = &shared.env_prefix {
        command.push_str(&format!(" --env-prefix {prefix}"));
    }
    if shared.date_time != "chrono" {
        command.push_str(&format!(" --date-time {}", shared.date_time));
    }
    for (flag, pairs) in [
        ("schema-name", &shared.schema_names),
        ("operation-name", &shared.operation_names),
    ] {
        for (key, value) in pairs {
            command.push_str(&format!(" --{flag} {key}={value}"));
        }
    }
    if shared.drop_unknown_fields {
        command.push_str(" --drop-unknown-fields");
    }
    if shared.types_only {
        command.push_str(" --types-only");
    }
    for overlay in &shared.overlays {
        command.push_str(&format!(" --overlay {}", overlay.display()));
    }
    for (flag, values) in [
        ("tag", &shared.tags),
        ("operation", &shared.operations),
        ("exclude-tag", &shared.exclude_tags),
        ("exclude-operation", &shared.exclude_operations),
    ] {
        for value in values {
            command.push_str(&format!(" --{flag} {value}"));
        }
    }
    command
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

/// Writes the crate, reporting what was written.
fn write(out: &Path, generated: &GeneratedCrate, force: bool) -> ExitCode {
    match output::write_crate(out, &generated.files, WriteOptions { force }) {
        Ok(written) => {
            let (operations, types) = generated.counts;
            eprintln!(
                "generated {} and {} into {} ({} written, {} unchanged, {} removed)",
                counted(operations, "operation"),
                counted(types, "type"),
                out.display(),
                counted(written.written.len(), "file"),
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

/// Compares the crate on disk with what would be generated; exit 1 names what differs.
fn check(out: &Path, files: &BTreeMap<String, String>, command: &str) -> ExitCode {
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

/// `1 operation`, `2 operations`.
fn counted(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("{n} {noun}")
    } else {
        format!("{n} {noun}s")
    }
}
