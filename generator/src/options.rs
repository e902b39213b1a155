//! Options: the choices a user can make about generated code, shared by the CLI and `Config`.

use std::collections::BTreeMap;

/// What to generate, beyond what the spec says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// The name of the generated package (`okta-management`).
    pub crate_name: String,
    /// What the generated `Cargo.toml` says about the package beyond its name.
    pub package: crate::PackageMeta,
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
    /// The `include!` form only: whether OAuth 2.0 client credentials are compiled in, for a
    /// spec with such a flow (`true` by default; the runtime crate's `oauth` feature, on by
    /// default, brings what they need). A standalone crate has them under its `oauth` feature.
    pub oauth: bool,
    /// The prefix of the environment variables `Client::from_env` reads (`OKTA_CLIENT` for
    /// `OKTA_CLIENT_ORGURL`); `None` takes the spec's `info.x-codegen-env-prefix`, else one
    /// made from the crate name.
    pub env_prefix: Option<String>,
    /// How operations page through their body, by operationId, in the shape of
    /// `x-speakeasy-pagination`; each wins over the operation's own declaration.
    pub pagination: BTreeMap<String, serde_json::Value>,
    /// OpenAPI Overlay 1.0 documents applied to the spec, in order, before it is read.
    pub overlays: Vec<Overlay>,
    /// The operations to generate; all of them when empty.
    pub subset: Subset,
    /// Only the models, with serde: no client, no runtime, and no HTTP crates among the
    /// dependencies.
    pub types_only: bool,
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
    /// `chrono::DateTime<chrono::FixedOffset>`: the instant with the offset the server wrote,
    /// so that a value read and written back keeps its zone.
    #[default]
    Chrono,
    /// A plain `String`, for crates that do not want chrono.
    String,
}

impl Options {
    /// Checks what goes into the generated `Cargo.toml`, so that a bad name or version is an
    /// error here rather than a crate that Cargo refuses or that code cannot name.
    pub fn check(&self) -> Result<(), String> {
        check_crate_name(&self.crate_name)?;
        for (schema, name) in &self.schema_names {
            crate::ident::chosen(name)
                .map_err(|err| format!("the Rust name for the schema `{schema}`: {err}"))?;
        }
        self.package.check()?;
        match &self.env_prefix {
            Some(prefix) => check_env_prefix(prefix),
            None => Ok(()),
        }
    }

    /// The prefix of `Client::from_env`'s variables: the option, else the spec's, else the
    /// crate name in upper snake case (`okta-management` gives `OKTA_MANAGEMENT`).
    pub fn env_prefix_for(&self, spec_prefix: Option<&str>) -> String {
        self.env_prefix
            .as_deref()
            .or(spec_prefix.filter(|p| check_env_prefix(p).is_ok()))
            .map(str::to_string)
            .unwrap_or_else(|| self.crate_ident().to_ascii_uppercase())
    }

    /// The crate's name as Rust code names it (`okta-management` is `okta_management`): the
    /// one place the name's `-` becomes `_`.
    pub fn crate_ident(&self) -> String {
        crate_ident(&self.crate_name)
    }

    /// A package name made from a spec's file name: `okta.yaml` gives `okta`, and a name
    /// that would not start with a letter, or is a keyword, gets an `api-` prefix.
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
        if name.starts_with(|c: char| c.is_ascii_alphabetic())
            && !crate::ident::is_keyword(&crate_ident(&name))
        {
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
            package: crate::PackageMeta::default(),
            schema_names: BTreeMap::new(),
            operation_names: BTreeMap::new(),
            extra_derives: Vec::new(),
            date_time: DateTimeType::Chrono,
            keep_unknown_fields: true,
            deny_warnings: false,
            mock_kit: None,
            tracing: false,
            oauth: true,
            env_prefix: None,
            pagination: BTreeMap::new(),
            overlays: Vec::new(),
            subset: Subset::default(),
            types_only: false,
        }
    }
}

/// A crate name as Rust code names it: `-` becomes `_`.
fn crate_ident(name: &str) -> String {
    name.replace('-', "_")
}

/// An environment variable prefix: ASCII letters, digits and underscores, not starting with
/// a digit, so that every variable name made from it is portable.
pub fn check_env_prefix(prefix: &str) -> Result<(), String> {
    let valid = prefix
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '_')
        && prefix.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_');
    if valid {
        Ok(())
    } else {
        Err(format!(
            "`{prefix}` cannot start environment variable names: use ASCII letters, digits and underscores, not starting with a digit (such as `OKTA_CLIENT`)"
        ))
    }
}

/// A package name Cargo accepts and code can name: ASCII letters, digits, `-` and `_`,
/// starting with a letter, and not a Rust keyword (Cargo reads such a manifest, but
/// `use final::Client` does not parse; `cargo new` refuses them for that reason).
fn check_crate_name(name: &str) -> Result<(), String> {
    let hint = "\n  = hint: a crate name is ASCII letters, digits, `-` and `_`, starting with a letter, such as `okta-management`";
    if !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return Err(format!(
            "the crate name `{name}` does not start with a letter{hint}"
        ));
    }
    if let Some(bad) = name
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || *c == '-' || *c == '_'))
    {
        return Err(format!("the crate name `{name}` holds {bad:?}{hint}"));
    }
    if crate::ident::is_keyword(&crate_ident(name)) {
        return Err(format!(
            "the crate name `{name}` is a Rust keyword, which code cannot name in a path (`cargo new` refuses it too){hint}"
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crate_names_are_checked_as_cargo_does() {
        for good in ["okta-management", "okta_management", "a", "api2"] {
            assert_eq!(check_crate_name(good), Ok(()), "{good}");
        }
        for bad in [
            "", "9lives", "-x", "bad name", "a/b", "é", "self", "crate", "type", "async",
        ] {
            assert!(check_crate_name(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_name_made_from_a_spec_file_is_always_valid() {
        for file in [
            "okta.yaml",
            "self.yaml",
            "9.json",
            "My Spec.yaml",
            "type.yml",
            ".yaml",
        ] {
            let name = Options::crate_name_for(std::path::Path::new(file));
            assert_eq!(check_crate_name(&name), Ok(()), "{file} gave {name}");
        }
    }
}
