//! oas-codegen turns an OpenAPI 3 description into a Rust crate: models, an async client
//! on reqwest, and the runtime that client needs (auth, typed errors, pagination, retries).
//!
//! The pipeline has three parts with arrows one way: [`parse`] reads the spec with
//! `openapiv3` and lowers it to the plain-data [`ir`]; `emit` turns the IR into tokens
//! with `quote` and formats them once with `prettyplease`. [`pipeline`] is its table of
//! contents, step by step.
//!
//! From a build script, use [`Config`]:
//!
//! ```no_run
//! // build.rs
//! fn main() -> Result<(), oas_codegen::GenerateError> {
//!     oas_codegen::Config::new()
//!         .spec("spec/okta.yaml")
//!         .client_name("okta-management", "0.1.0")
//!         .generate()?;
//!     Ok(())
//! }
//! ```
//!
//! and include the result as a module:
//!
//! ```ignore
//! mod okta {
//!     include!(concat!(env!("OUT_DIR"), "/okta_management.rs"));
//! }
//! ```
//!
//! The CLI (`oas-codegen generate`) writes a standalone crate instead; [`generate_crate`]
//! and [`generate_module`] do the same in memory.

mod config;
pub mod diagnostics;
mod emit;
mod error;
mod generate;
mod ident;
pub mod ir;
mod options;
pub mod output;
mod package;
pub mod parse;
pub mod pipeline;
pub mod reserved;

pub use config::Config;
pub use diagnostics::{Diagnostic, Diagnostics, Severity};
pub use emit::Provenance;
pub use error::GenerateError;
pub use generate::{generate, generate_crate, generate_module, write_if_changed, GeneratedCrate};

/// The phases of generation, one call each, for benchmarks and tools that time or inspect
/// them: [`pipeline::load`], [`pipeline::lower`], then these two.
pub mod phases {
    pub use crate::emit::{emit_files as emit, format_files as format, Emitted};
}
pub use options::{DateTimeType, Options, Overlay, Subset};
pub use package::{Package, PackageMeta};
