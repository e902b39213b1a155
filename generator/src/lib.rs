//! oas-codegen turns an OpenAPI 3 description into a Rust crate: models, an async client
//! on reqwest, and the runtime that client needs (auth, typed errors, pagination, retries).
//!
//! The pipeline has three parts with arrows one way: [`parse`] reads the spec with
//! `openapiv3` and lowers it to the plain-data [`ir`]; `emit` turns the IR into tokens
//! with `quote` and formats them once with `prettyplease`.
//!
//! From a build script, use [`Config`]:
//!
//! ```no_run
//! // build.rs
//! oas_codegen::Config::new().spec("spec/okta.yaml").generate().unwrap();
//! ```

mod config;
mod diagnostics;
mod emit;
mod ident;
pub mod ir;
mod options;
pub mod parse;

pub use config::{generate_crate, Config, GenerateError, GeneratedCrate};
pub use diagnostics::{Diagnostic, Diagnostics, Severity};
pub use emit::Provenance;
pub use options::{DateTimeType, Options};
