//! The arguments of `oas-codegen`, one flag for each option of `oas_codegen::Config`.

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

/// Generates Rust models and an async HTTP client from an OpenAPI 3 description.
#[derive(Debug, Parser)]
#[command(name = "oas-codegen", version, propagate_version = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

/// What to do.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Writes a complete, standalone crate for the spec into DIR.
    ///
    /// DIR may be new, empty, or an earlier output: oas-codegen replaces and removes only the
    /// files it wrote (those starting with its `@generated` header), atomically.
    Generate {
        #[command(flatten)]
        shared: Shared,
        /// Writes into a non-empty DIR that holds no earlier output, beside the files there;
        /// even then nothing that oas-codegen did not write is replaced or removed.
        #[arg(long)]
        force: bool,
    },
    /// Compares DIR with what `generate` would write, changing nothing.
    ///
    /// Exit 0 when it is the same; 1 when it is stale, naming each stale file with the start
    /// of a diff, and the command that fixes it.
    Check {
        #[command(flatten)]
        shared: Shared,
    },
}

/// The arguments `generate` and `check` share: `check` takes the ones `generate` was given.
#[derive(Debug, Args)]
pub struct Shared {
    /// The OpenAPI 3.0 or 3.1 description, YAML or JSON.
    #[arg(long, value_name = "FILE")]
    pub spec: PathBuf,
    /// The crate's directory.
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// The package name [default: the name in DIR/Cargo.toml, else the spec's file name].
    #[arg(long, value_name = "NAME")]
    pub crate_name: Option<String>,
    /// The package version [default: the spec's `info.version` when it is a semantic
    /// version, else 0.1.0]; the same as `--package-meta version=VERSION`.
    #[arg(long, value_name = "VERSION")]
    pub crate_version: Option<String>,
    /// Sets what the package's `Cargo.toml` says (repeatable): `name`, `version`,
    /// `description`, `license` (SPDX), `repository`, `keywords` (comma-separated) or
    /// `publish` (`true` makes the crate publishable; it is `false` by default).
    #[arg(long = "package-meta", value_name = "KEY=VALUE", value_parser = pair)]
    pub package_meta: Vec<(String, String)>,
    /// Adds a derive to every model, such as `Hash` or `schemars::JsonSchema` (repeatable).
    #[arg(long = "extra-derive", value_name = "PATH")]
    pub extra_derives: Vec<String>,
    /// How `format: date-time` is represented.
    #[arg(long, value_name = "TYPE", default_value = "chrono", value_parser = ["chrono", "string"])]
    pub date_time: String,
    /// Names the Rust type of a schema, by its key in `components/schemas` (repeatable).
    #[arg(long = "schema-name", value_name = "KEY=NAME", value_parser = pair)]
    pub schema_names: Vec<(String, String)>,
    /// Names the client method of an operation, by its operationId or `METHOD /path`
    /// (repeatable).
    #[arg(long = "operation-name", value_name = "ID=NAME", value_parser = pair)]
    pub operation_names: Vec<(String, String)>,
    /// Drops the properties the spec does not name when decoding, instead of keeping them
    /// in each model's `additional_properties` and sending them back.
    #[arg(long)]
    pub drop_unknown_fields: bool,
    /// Makes every warning (a vendor's mistake worked around) an error.
    #[arg(long)]
    pub deny_warnings: bool,
    /// Declares how an operation pages through its body, by operationId, in the shape of
    /// `x-speakeasy-pagination` as JSON (repeatable): `listThings={"type":"cursor",…}`.
    #[arg(long = "pagination", value_name = "ID=JSON", value_parser = pagination)]
    pub pagination: Vec<(String, serde_json::Value)>,
    /// The prefix of the environment variables `Client::from_env` reads (default: the spec's
    /// `info.x-codegen-env-prefix`, else the crate name in upper snake case).
    #[arg(long, value_name = "PREFIX")]
    pub env_prefix: Option<String>,
    /// Applies an OpenAPI Overlay 1.0 document to the spec before reading it (repeatable,
    /// applied in order).
    #[arg(long = "overlay", value_name = "FILE")]
    pub overlays: Vec<PathBuf>,
    /// Generates only the operations with this tag, and the types they reach (repeatable).
    #[arg(long = "tag", value_name = "TAG")]
    pub tags: Vec<String>,
    /// Generates only the operation with this operationId, besides those of the tags given
    /// (repeatable).
    #[arg(long = "operation", value_name = "ID")]
    pub operations: Vec<String>,
    /// Leaves out the operations with this tag (repeatable).
    #[arg(long = "exclude-tag", value_name = "TAG")]
    pub exclude_tags: Vec<String>,
    /// Leaves out the operation with this operationId (repeatable).
    #[arg(long = "exclude-operation", value_name = "ID")]
    pub exclude_operations: Vec<String>,
    /// Generates the models alone, with serde: no client, no runtime, and no HTTP crates
    /// among the dependencies (serde, serde_json and chrono only).
    #[arg(long)]
    pub types_only: bool,
}

/// A `KEY=VALUE` argument.
fn pair(text: &str) -> Result<(String, String), String> {
    match text.split_once('=') {
        Some((key, value)) if !key.is_empty() && !value.is_empty() => {
            Ok((key.to_string(), value.to_string()))
        }
        _ => Err(format!("`{text}` is not KEY=VALUE")),
    }
}

/// `ID=JSON`: an operation and its pagination declaration.
fn pagination(text: &str) -> Result<(String, serde_json::Value), String> {
    let (id, json) = pair(text)?;
    let value: serde_json::Value = serde_json::from_str(&json)
        .map_err(|err| format!("the pagination of `{id}` is not JSON: {err}"))?;
    if !value.is_object() {
        return Err(format!("the pagination of `{id}` is not a JSON object in the shape of `x-speakeasy-pagination`"));
    }
    Ok((id, value))
}
