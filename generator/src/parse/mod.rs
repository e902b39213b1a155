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
mod schema;
mod security;
mod union;
mod yaml_value;

use crate::diagnostics::Diagnostics;
use crate::ir::Api;
use crate::options::Options;

/// A spec read into `openapiv3`'s model and as a JSON tree, with what loading noticed.
pub struct Loaded {
    doc: openapiv3::OpenAPI,
    tree: serde_json::Value,
    diagnostics: Diagnostics,
}

/// Reads spec text (YAML or JSON, OpenAPI 3.0 or 3.1) into a document, with the overlays
/// applied in order.
pub fn load(text: &str, overlays: &[crate::options::Overlay]) -> Result<Loaded, Diagnostics> {
    let (doc, tree, diagnostics) = load::load(text, overlays)?;
    Ok(Loaded {
        doc,
        tree,
        diagnostics,
    })
}

/// Lowers a loaded document to the IR, returning the warnings beside it.
pub fn lower(loaded: &Loaded, options: &Options) -> Result<(Api, Diagnostics), Diagnostics> {
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
    let (mut api, mut diagnostics) = cx.finish(operations, security);
    if !options.subset.is_everything() {
        check_subset(&api, &options.subset, &mut diagnostics);
        crate::ir::subset::retain(&mut api, |op| options.subset.keeps(&op.id, &op.tags));
    }
    crate::ir::analyze(&mut api, &mut diagnostics);
    if diagnostics.has_errors() {
        return Err(diagnostics);
    }
    Ok((api, diagnostics))
}

/// Warns about each tag or operationId of the subset that the spec does not have.
fn check_subset(api: &Api, subset: &crate::options::Subset, diagnostics: &mut Diagnostics) {
    use crate::diagnostics::{catalogue::SUBSET_NAMES_NOTHING, Pointer};
    let tags: std::collections::BTreeSet<&String> =
        api.operations.iter().flat_map(|op| &op.tags).collect();
    let ids: std::collections::BTreeSet<&String> = api.operations.iter().map(|op| &op.id).collect();
    for (kind, names, known) in [
        ("tag", subset.tags.iter().chain(&subset.exclude_tags), &tags),
        (
            "operationId",
            subset.operations.iter().chain(&subset.exclude_operations),
            &ids,
        ),
    ] {
        for name in names.filter(|name| !known.contains(name)) {
            diagnostics.push(SUBSET_NAMES_NOTHING.at(Pointer::whole(), &[&kind, name]));
        }
    }
}

/// Parses spec text and lowers it to the IR, returning the warnings beside it.
pub fn parse(text: &str, options: &Options) -> Result<(Api, Diagnostics), Diagnostics> {
    lower(&load(text, &options.overlays)?, options)
}
