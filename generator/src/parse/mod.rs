//! Parsing: the only part of the generator that knows `openapiv3`. It reads a spec and
//! lowers it to the plain-data IR in [`crate::ir`].

mod context;
mod load;
mod locate;
mod normalize;
mod operation;
mod schema;
mod security;

pub use locate::locate;

use crate::diagnostics::Diagnostics;
use crate::ir::Api;
use crate::options::Options;

/// Parses spec text and lowers it to the IR, returning the warnings beside it.
pub fn parse(text: &str, options: &Options) -> Result<(Api, Diagnostics), Diagnostics> {
    let (doc, tree, diagnostics) = load::load(text)?;
    let mut cx = context::Context::new(&doc, &tree, options, diagnostics);
    cx.declare_component_schemas();
    cx.lower_component_schemas();
    let operations = operation::lower_all(&mut cx);
    let security = security::lower(&mut cx);
    let (mut api, mut diagnostics) = cx.finish(operations, security);
    schema::check_required_cycles(&api.types, &mut diagnostics);
    if diagnostics.has_errors() {
        return Err(diagnostics);
    }
    schema::mark_boxed_fields(&mut api.types);
    Ok((api, diagnostics))
}
