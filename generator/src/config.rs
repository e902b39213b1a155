//! [`Config`]: the builder a build script configures, in the style of prost-build.

use crate::error::GenerateError;
use crate::generate::{generate_module, write_if_changed};
use crate::options::{DateTimeType, Options};
use std::path::PathBuf;

/// Configuration for generating a client from a build script, in the style of prost-build.
///
/// The generated file holds items, not a crate root, so a crate includes it as a module:
///
/// ```ignore
/// mod okta {
///     include!(concat!(env!("OUT_DIR"), "/okta.rs"));
/// }
/// ```
///
/// The module reaches every crate it names through `oas-codegen-runtime`, so the including
/// crate needs that one dependency (and this crate, `default-features = false`, as a build
/// dependency), whatever the spec uses:
///
/// ```toml
/// [dependencies]
/// oas-codegen-runtime = { path = "…/generator/runtime" }
///
/// [build-dependencies]
/// oas-codegen = { path = "…/generator", default-features = false }
/// ```
#[derive(Debug, Clone, Default)]
pub struct Config {
    spec: Option<PathBuf>,
    out_dir: Option<PathBuf>,
    file_name: Option<String>,
    options: Options,
    crate_name_set: bool,
    overlay_paths: Vec<PathBuf>,
}

impl Config {
    /// A configuration with the defaults: output to `OUT_DIR`, a file named after the spec.
    pub fn new() -> Self {
        Config::default()
    }

    /// The spec to read (YAML or JSON, OpenAPI 3.0 or 3.1).
    ///
    /// ```no_run
    /// oas_codegen::Config::new().spec("spec/okta.yaml").generate().unwrap();
    /// ```
    pub fn spec(&mut self, path: impl Into<PathBuf>) -> &mut Self {
        self.spec = Some(path.into());
        self
    }

    /// The directory to write into; `OUT_DIR` by default.
    ///
    /// ```no_run
    /// oas_codegen::Config::new().spec("spec/okta.yaml").out_dir("src/generated").generate().unwrap();
    /// ```
    pub fn out_dir(&mut self, path: impl Into<PathBuf>) -> &mut Self {
        self.out_dir = Some(path.into());
        self
    }

    /// The name of the file to write; the spec's file stem with `.rs` by default (`okta.rs`).
    ///
    /// ```no_run
    /// oas_codegen::Config::new().spec("spec/okta.yaml").file_name("okta_client.rs").generate().unwrap();
    /// ```
    pub fn file_name(&mut self, name: impl Into<String>) -> &mut Self {
        self.file_name = Some(name.into());
        self
    }

    /// The name the client gives itself in its User-Agent (`<name>-rust/<version>`) and in
    /// its docs; the spec's file stem by default. The name must be one a crate could have
    /// (ASCII letters, digits, `-`, `_`, starting with a letter, not a keyword) and the
    /// version a semantic version; otherwise generation fails with [`GenerateError::Config`].
    ///
    /// ```no_run
    /// oas_codegen::Config::new().spec("spec/okta.yaml").client_name("okta-management", "0.1.0").generate().unwrap();
    /// ```
    pub fn client_name(
        &mut self,
        name: impl Into<String>,
        version: impl Into<String>,
    ) -> &mut Self {
        self.options.crate_name = name.into();
        self.options.package.version = Some(version.into());
        self.crate_name_set = true;
        self
    }

    /// Sets what the standalone crate's `Cargo.toml` says about the package beyond its
    /// name: version, description, license, repository, keywords, and whether it may be
    /// published (not by default). Each value left empty comes from the spec's `info` where
    /// it fits. A bad value fails generation with [`GenerateError::Config`].
    ///
    /// ```no_run
    /// let mut meta = oas_codegen::PackageMeta::default();
    /// meta.set("license", "Apache-2.0").unwrap();
    /// meta.publish = true;
    /// oas_codegen::Config::new().spec("spec/okta.yaml").package(meta).generate().unwrap();
    /// ```
    pub fn package(&mut self, meta: crate::PackageMeta) -> &mut Self {
        self.options.package = meta;
        self
    }

    /// Generates the models alone, with serde's derives: no client, no runtime, and nothing
    /// of an HTTP stack. The `include!` form then names `serde` (with `derive`),
    /// `serde_json` and `chrono` (with `serde`) itself, so the including crate depends on
    /// those three instead of the runtime crate.
    ///
    /// ```no_run
    /// oas_codegen::Config::new().spec("spec/okta.yaml").types_only(true).generate().unwrap();
    /// ```
    pub fn types_only(&mut self, types_only: bool) -> &mut Self {
        self.options.types_only = types_only;
        self
    }

    /// Adds a derive to every model, such as `Eq` or `schemars::JsonSchema`.
    ///
    /// ```no_run
    /// oas_codegen::Config::new().spec("spec/okta.yaml").extra_derive("Hash").generate().unwrap();
    /// ```
    pub fn extra_derive(&mut self, path: impl Into<String>) -> &mut Self {
        self.options.extra_derives.push(path.into());
        self
    }

    /// How `format: date-time` is represented: `chrono::DateTime<FixedOffset>` (the default,
    /// keeping the offset the server wrote) or `String`.
    ///
    /// ```no_run
    /// use oas_codegen::{Config, DateTimeType};
    /// Config::new().spec("spec/okta.yaml").date_time(DateTimeType::String).generate().unwrap();
    /// ```
    pub fn date_time(&mut self, representation: DateTimeType) -> &mut Self {
        self.options.date_time = representation;
        self
    }

    /// Whether every object model keeps the properties the spec does not name, in a flattened
    /// `additional_properties` map, and sends them back when encoded (`true`, the default).
    /// Servers add properties over time; keeping them means a read-modify-write through a
    /// full-replace `PUT` does not erase them. `false` drops them on decode.
    ///
    /// ```no_run
    /// oas_codegen::Config::new().spec("spec/okta.yaml").keep_unknown_fields(false).generate().unwrap();
    /// ```
    pub fn keep_unknown_fields(&mut self, keep: bool) -> &mut Self {
        self.options.keep_unknown_fields = keep;
        self
    }

    /// Emits the typed mock kit (`mock::MockServer`) beside the client, compiled only under
    /// `cfg(predicate)`: `"test"` for unit tests, or `"feature = \"mock\""` for a feature of
    /// your crate that enables `oas-codegen-runtime/mock`. The runtime dependency needs its
    /// `mock` feature wherever the predicate holds (a dev-dependency with
    /// `features = ["mock"]` does it for tests).
    ///
    /// ```no_run
    /// oas_codegen::Config::new().spec("spec/okta.yaml").mock_kit("test").generate().unwrap();
    /// ```
    pub fn mock_kit(&mut self, predicate: impl Into<String>) -> &mut Self {
        self.options.mock_kit = Some(predicate.into());
        self
    }

    /// Compiles the client's tracing in (`false` by default): a `tracing` span for every
    /// request (operationId, method, path template, status, attempt) and an event for every
    /// retry, never a token. The runtime dependency then needs its `tracing` feature.
    ///
    /// ```no_run
    /// oas_codegen::Config::new().spec("spec/okta.yaml").tracing(true).generate().unwrap();
    /// ```
    pub fn tracing(&mut self, enabled: bool) -> &mut Self {
        self.options.tracing = enabled;
        self
    }

    /// Compiles OAuth 2.0 client credentials in (`true` by default), for a spec with such a
    /// flow: `ClientCredentials`, private-key JWTs, the token cache and DPoP. The runtime
    /// dependency then needs its `oauth` feature, which is on by default; turn both off when
    /// the client authenticates with API keys alone.
    ///
    /// ```no_run
    /// oas_codegen::Config::new().spec("spec/okta.yaml").oauth(false).generate().unwrap();
    /// ```
    pub fn oauth(&mut self, enabled: bool) -> &mut Self {
        self.options.oauth = enabled;
        self
    }

    /// The prefix of the environment variables `Client::from_env` reads: `OKTA_CLIENT` makes it
    /// read `OKTA_CLIENT_ORGURL`, `OKTA_CLIENT_AUTHORIZATIONMODE` and the rest. Without it, the
    /// spec's `info.x-codegen-env-prefix` is used, else the crate name in upper snake case.
    ///
    /// ```no_run
    /// oas_codegen::Config::new().spec("spec/okta.yaml").env_prefix("OKTA_CLIENT").generate().unwrap();
    /// ```
    pub fn env_prefix(&mut self, prefix: impl Into<String>) -> &mut Self {
        self.options.env_prefix = Some(prefix.into());
        self
    }

    /// Declares how an operation pages through its body, by its operationId, in the shape of
    /// Speakeasy's `x-speakeasy-pagination` (a cursor, or an offset and a limit); it wins over
    /// a declaration in the spec. Call it again for more operations.
    ///
    /// ```no_run
    /// let declaration = serde_json::json!({
    ///     "type": "cursor",
    ///     "inputs": [{"name": "cursor", "in": "parameters", "type": "cursor"}],
    ///     "outputs": {"nextCursor": "$.next_cursor", "results": "$.data"}
    /// });
    /// oas_codegen::Config::new().spec("vendor.yaml").pagination("listThings", declaration).generate().unwrap();
    /// ```
    pub fn pagination(
        &mut self,
        operation_id: impl Into<String>,
        declaration: serde_json::Value,
    ) -> &mut Self {
        self.options
            .pagination
            .insert(operation_id.into(), declaration);
        self
    }

    /// Applies an OpenAPI Overlay 1.0 document to the spec before reading it; call it again
    /// for more, applied in order. Cargo is told to rerun the build script when it changes.
    ///
    /// ```no_run
    /// oas_codegen::Config::new().spec("vendor.yaml").overlay("fixes.overlay.yaml").generate().unwrap();
    /// ```
    pub fn overlay(&mut self, path: impl Into<PathBuf>) -> &mut Self {
        self.overlay_paths.push(path.into());
        self
    }

    /// Generates only the operations with this tag (call it again for more), and the types
    /// they reach. With no tag and no operation given, every operation is generated.
    ///
    /// ```no_run
    /// oas_codegen::Config::new().spec("spec/okta.yaml").tag("User").generate().unwrap();
    /// ```
    pub fn tag(&mut self, tag: impl Into<String>) -> &mut Self {
        self.options.subset.tags.push(tag.into());
        self
    }

    /// Generates only the operation with this operationId (call it again for more), besides
    /// those of the tags given, and the types they reach.
    ///
    /// ```no_run
    /// oas_codegen::Config::new().spec("spec/okta.yaml").operation("getUser").generate().unwrap();
    /// ```
    pub fn operation(&mut self, operation_id: impl Into<String>) -> &mut Self {
        self.options.subset.operations.push(operation_id.into());
        self
    }

    /// Leaves out the operations with this tag, even when included otherwise.
    ///
    /// ```no_run
    /// oas_codegen::Config::new().spec("spec/okta.yaml").exclude_tag("Schema").generate().unwrap();
    /// ```
    pub fn exclude_tag(&mut self, tag: impl Into<String>) -> &mut Self {
        self.options.subset.exclude_tags.push(tag.into());
        self
    }

    /// Leaves out the operation with this operationId, even when included otherwise.
    ///
    /// ```no_run
    /// oas_codegen::Config::new().spec("spec/okta.yaml").exclude_operation("deleteUser").generate().unwrap();
    /// ```
    pub fn exclude_operation(&mut self, operation_id: impl Into<String>) -> &mut Self {
        self.options
            .subset
            .exclude_operations
            .push(operation_id.into());
        self
    }

    /// Whether a warning fails generation (`false` by default): the generator works around
    /// a vendor's mistakes (an undeclared path parameter, a duplicate operationId, …) and
    /// says what it assumed; with `true`, each such warning is an error instead.
    ///
    /// ```no_run
    /// oas_codegen::Config::new().spec("spec/okta.yaml").deny_warnings(true).generate().unwrap();
    /// ```
    pub fn deny_warnings(&mut self, deny: bool) -> &mut Self {
        self.options.deny_warnings = deny;
        self
    }

    /// Names the Rust type of a schema, by its key in `components/schemas`.
    ///
    /// ```no_run
    /// oas_codegen::Config::new().spec("spec/okta.yaml").schema_name("User", "OktaUser").generate().unwrap();
    /// ```
    pub fn schema_name(
        &mut self,
        schema: impl Into<String>,
        rust_name: impl Into<String>,
    ) -> &mut Self {
        self.options
            .schema_names
            .insert(schema.into(), rust_name.into());
        self
    }

    /// Names the client method of an operation, by its operationId (or `METHOD /path`).
    ///
    /// ```no_run
    /// oas_codegen::Config::new().spec("spec/okta.yaml").operation_name("listUsers", "users").generate().unwrap();
    /// ```
    pub fn operation_name(
        &mut self,
        operation: impl Into<String>,
        method_name: impl Into<String>,
    ) -> &mut Self {
        self.options
            .operation_names
            .insert(operation.into(), method_name.into());
        self
    }

    /// The options as the CLI and `generate_crate` take them.
    pub fn options(&self) -> Options {
        let mut options = self.options.clone();
        if let (false, Some(spec)) = (self.crate_name_set, &self.spec) {
            options.crate_name = Options::crate_name_for(spec);
        }
        options
    }

    /// Generates the module in memory, without touching the output directory.
    pub fn generate_string(&self) -> Result<String, GenerateError> {
        let spec = self.spec.clone().ok_or_else(|| {
            GenerateError::Config("no spec given; call `Config::spec` first".to_string())
        })?;
        let text = std::fs::read_to_string(&spec).map_err(|error| GenerateError::Io {
            path: spec.clone(),
            error,
        })?;
        let mut options = self.options();
        for path in &self.overlay_paths {
            let overlay = crate::Overlay::read(path).map_err(|error| GenerateError::Io {
                path: path.clone(),
                error,
            })?;
            options.overlays.push(overlay);
        }
        let (code, warnings) = generate_module(
            &text,
            &spec,
            &options,
            "cargo build (build.rs calls oas_codegen::Config)",
        )?;
        for warning in warnings.warnings() {
            for line in warning.to_string().lines() {
                println!("cargo:warning={line}");
            }
        }
        Ok(code)
    }

    /// Generates the module into the output directory, rewriting the file only when its
    /// bytes change, and tells cargo to rerun when the spec changes. Returns the file's path.
    pub fn generate(&self) -> Result<PathBuf, GenerateError> {
        let spec = self.spec.clone().ok_or_else(|| {
            GenerateError::Config("no spec given; call `Config::spec` first".to_string())
        })?;
        println!("cargo:rerun-if-changed={}", spec.display());
        for overlay in &self.overlay_paths {
            println!("cargo:rerun-if-changed={}", overlay.display());
        }
        let code = self.generate_string()?;
        let out_dir = match &self.out_dir {
            Some(dir) => dir.clone(),
            None => std::env::var_os("OUT_DIR")
                .map(PathBuf::from)
                .ok_or_else(|| {
                    GenerateError::Config(
                        "OUT_DIR is not set; call `Config::out_dir` outside a build script"
                            .to_string(),
                    )
                })?,
        };
        let file_name = self
            .file_name
            .clone()
            .unwrap_or_else(|| format!("{}.rs", self.options().crate_ident()));
        let path = out_dir.join(file_name);
        write_if_changed(&path, &code)?;
        Ok(path)
    }
}
