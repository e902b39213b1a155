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
    /// The operations to generate; all of them when empty.
    pub subset: Subset,
}

/// A subset of a spec's operations, by tag and by operationId. An operation is kept when
/// nothing is included, or its id or one of its tags is; and then only when neither its id
/// nor any of its tags is excluded. The types kept are those the kept operations reach.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Subset {
    /// Tags whose operations to keep.
    pub tags: Vec<String>,
    /// operationIds to keep.
    pub operations: Vec<String>,
    /// Tags whose operations to leave out.
    pub exclude_tags: Vec<String>,
    /// operationIds to leave out.
    pub exclude_operations: Vec<String>,
}

impl Subset {
    /// Whether every operation is kept.
    pub fn is_everything(&self) -> bool {
        *self == Subset::default()
    }

    /// Whether the subset keeps an operation with this id and these tags.
    pub fn keeps(&self, id: &str, tags: &[String]) -> bool {
        let has = |list: &[String], name: &str| list.iter().any(|item| item == name);
        let nothing_included = self.tags.is_empty() && self.operations.is_empty();
        let included = nothing_included
            || has(&self.operations, id)
            || tags.iter().any(|tag| has(&self.tags, tag));
        let excluded = has(&self.exclude_operations, id)
            || tags.iter().any(|tag| has(&self.exclude_tags, tag));
        included && !excluded
    }

    /// The subset in words, for the header of every generated file.
    pub fn describe(&self) -> String {
        let parts: Vec<String> = [
            ("tags", &self.tags),
            ("operations", &self.operations),
            ("not tags", &self.exclude_tags),
            ("not operations", &self.exclude_operations),
        ]
        .into_iter()
        .filter(|(_, list)| !list.is_empty())
        .map(|(label, list)| format!("{label} {}", list.join(", ")))
        .collect();
        parts.join("; ")
    }
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
            subset: Subset::default(),
        }
    }
}
