//! Options: the choices a user can make about generated code, shared by the CLI and `Config`.

use std::collections::BTreeMap;

/// What to generate, beyond what the spec says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// The name of the generated package (`okta-management`).
    pub crate_name: String,
    /// The package version written into the generated `Cargo.toml`.
    pub crate_version: String,
    /// Rust names for schemas, by the schema's key in `components/schemas`.
    pub schema_names: BTreeMap<String, String>,
    /// Rust method names for operations, by operationId (or by `METHOD /path` without one).
    pub operation_names: BTreeMap<String, String>,
    /// Extra derives on every model, such as `Hash` or `schemars::JsonSchema`.
    pub extra_derives: Vec<String>,
    /// How `format: date-time` is represented.
    pub date_time: DateTimeType,
    /// Whether every object model keeps the properties the spec does not name, and sends
    /// them back when encoded (the default), or drops them on decode.
    pub keep_unknown_fields: bool,
    /// Whether a warning (a vendor's mistake the generator worked around) fails generation
    /// as an error would.
    pub deny_warnings: bool,
    /// The `include!` form only: the `cfg` predicate (`test`, `feature = "mock"`) under which
    /// it carries the typed mock kit, or `None` for no mock kit. A standalone crate always
    /// carries it, under its `mock` feature.
    pub mock_kit: Option<String>,
    /// The `include!` form only: whether the client's `tracing` spans are compiled in (the
    /// runtime crate then needs its `tracing` feature). A standalone crate has them under its
    /// `tracing` feature.
    pub tracing: bool,
    /// OpenAPI Overlay 1.0 documents applied to the spec, in order, before it is read.
    pub overlays: Vec<Overlay>,
}

/// An OpenAPI Overlay 1.0 document: edits of a spec kept beside it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Overlay {
    /// Where it was read from, for messages and file headers.
    pub path: std::path::PathBuf,
    /// Its text, YAML or JSON.
    pub text: String,
}

impl Overlay {
    /// Reads an overlay file.
    pub fn read(path: impl Into<std::path::PathBuf>) -> std::io::Result<Overlay> {
        let path = path.into();
        let text = std::fs::read_to_string(&path)?;
        Ok(Overlay { path, text })
    }
}

/// The Rust type of `format: date-time` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DateTimeType {
    /// `chrono::DateTime<chrono::Utc>`.
    #[default]
    Chrono,
    /// A plain `String`, for crates that do not want chrono.
    String,
}

impl Options {
    /// A package name made from a spec's file name: `okta.yaml` gives `okta`, and a name
    /// that would not start with a letter gets an `api-` prefix.
    pub fn crate_name_for(spec: &std::path::Path) -> String {
        let stem = spec
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("api-client");
        let name: String = stem
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() {
                    c.to_ascii_lowercase()
                } else {
                    '-'
                }
            })
            .collect();
        if name.starts_with(|c: char| c.is_ascii_alphabetic()) {
            name
        } else {
            format!("api-{name}")
        }
    }
}

impl Default for Options {
    fn default() -> Self {
        Options {
            crate_name: "api-client".to_string(),
            crate_version: "0.1.0".to_string(),
            schema_names: BTreeMap::new(),
            operation_names: BTreeMap::new(),
            extra_derives: Vec::new(),
            date_time: DateTimeType::Chrono,
            keep_unknown_fields: true,
            deny_warnings: false,
            mock_kit: None,
            tracing: false,
            overlays: Vec::new(),
        }
    }
}
