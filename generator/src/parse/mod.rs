//! Parsing: the only part of the generator that knows `openapiv3`. It reads a spec and
//! lowers it to the plain-data IR in [`crate::ir`].

mod bodies;
mod context;
mod load;
mod normalize;
mod object;
mod operation;
mod overlay;
mod pagination;
mod params;
mod pattern_sample;
mod samples;
mod schema;
mod security;
mod union;
mod yaml_value;

use crate::diagnostics::Diagnostics;
use crate::ir::Api;
use crate::options::Options;

pub use load::{check_version, read_document, read_tree};
pub use normalize::normalize;
pub use overlay::apply_all as apply_overlays;

/// A spec read into `openapiv3`'s model and as a JSON tree, with what loading noticed.
pub struct Loaded {
    doc: openapiv3::OpenAPI,
    tree: serde_json::Value,
    diagnostics: Diagnostics,
}

impl Loaded {
    /// The document, the normalised tree it was read from, and what was noticed on the way.
    pub fn new(doc: openapiv3::OpenAPI, tree: serde_json::Value, diagnostics: Diagnostics) -> Self {
        Loaded {
            doc,
            tree,
            diagnostics,
        }
    }
}

/// Lowers a loaded document to the IR: its schemas, operations and security schemes, with
/// the warnings beside it. The pipeline then subsets and analyses it.
pub fn lower(loaded: &Loaded, options: &Options) -> (Api, Diagnostics) {
    let mut cx = context::Context::new(
        &loaded.doc,
        &loaded.tree,
        options,
        loaded.diagnostics.clone(),
    );
    cx.declare_component_schemas();
    cx.lower_component_schemas();
    let operations = operation::lower_all(&mut cx);
    let security = security::lower(&mut cx);
    cx.finish(operations, security)
}
