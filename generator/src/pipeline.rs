//! Generation step by step: the table of contents of the generator.
//!
//! | step | where | takes | gives |
//! |---|---|---|---|
//! | check | [`check_options`], `options.rs` | the user's options | the same, or a user error |
//! | read | `parse/load.rs` | spec text (YAML or JSON) | a JSON tree |
//! | overlay | `parse/overlay.rs` | the tree and OpenAPI Overlays | the tree, changed |
//! | version | `parse/load.rs` | the tree | the tree, known to be OpenAPI 3.x |
//! | normalise | `parse/normalize.rs` | the tree | the tree in 3.0's shape |
//! | parse | `parse/load.rs` | the tree | an `openapiv3` document |
//! | lower | `parse/` | the document | the IR (`ir::Api`) |
//! | subset | `ir/subset.rs` | the IR and the tags or operations kept | the IR, smaller |
//! | analyse | `ir/analyze.rs` | the IR | the IR with outputs, boxes, derives, pagination |
//! | plan | `emit/plan.rs` | the IR | the modules of the crate |
//! | emit | `emit/` | the IR and the plan | tokens, formatted into files |
//! | write | `output/` | the files | a directory, touching only what it wrote |
//!
//! Each step stops at an error; warnings are collected on the way. [`generate_crate`] and
//! [`generate_module`] run every step but the last; the CLI and [`Config`] write.
//!
//! [`generate_crate`]: crate::generate_crate
//! [`generate_module`]: crate::generate_module
//! [`Config`]: crate::Config

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::emit::{self, Provenance};
use crate::error::GenerateError;
use crate::ir::Api;
use crate::options::{Options, Overlay, Subset};
use crate::parse::{self, Loaded};
use std::collections::BTreeMap;
use std::path::Path;

/// Checks what the user asked for before anything is read, so that a bad value is a user
/// error with a hint, never an internal error later.
pub fn check_options(options: &Options) -> Result<(), GenerateError> {
    options.check().map_err(GenerateError::Config)?;
    emit::Derive::parse_all(&options.extra_derives).map_err(|message| {
        GenerateError::Config(format!(
            "{message}\n  = hint: an extra derive is the path of a derive macro, such as `Hash` or `schemars::JsonSchema`"
        ))
    })?;
    if let Some(predicate) = &options.mock_kit {
        emit::mock_cfg(predicate).map_err(|message| {
            GenerateError::Config(format!(
                "{message}\n  = hint: write the predicate as inside `#[cfg(…)]`, such as `test` or `feature = \"mock\"`"
            ))
        })?;
    }
    Ok(())
}

/// Read, overlay, version, normalise, parse: spec text to a document.
pub fn load(text: &str, overlays: &[Overlay]) -> Result<Loaded, Diagnostics> {
    let mut diagnostics = Diagnostics::default();
    let mut tree =
        parse::read_tree(text).map_err(|diagnostic| stopped(&mut diagnostics, *diagnostic))?;
    parse::apply_overlays(&mut tree, overlays, &mut diagnostics);
    if diagnostics.has_errors() {
        return Err(diagnostics);
    }
    parse::check_version(&mut tree, &mut diagnostics)?;
    parse::normalize(&mut tree, &mut diagnostics);
    let doc =
        parse::read_document(&tree).map_err(|diagnostic| stopped(&mut diagnostics, *diagnostic))?;
    Ok(Loaded::new(doc, tree, diagnostics))
}

/// Lower, subset, analyse: a document to the IR the emitter reads.
pub fn lower(loaded: &Loaded, options: &Options) -> Result<(Api, Diagnostics), Diagnostics> {
    let (mut api, mut diagnostics) = parse::lower(loaded, options);
    subset(&mut api, &options.subset, &mut diagnostics);
    crate::ir::analyze(&mut api, &mut diagnostics);
    if diagnostics.has_errors() {
        return Err(diagnostics);
    }
    Ok((api, diagnostics))
}

/// Load and lower: spec text to the IR, with the warnings beside it, unlocated.
pub fn parse(text: &str, options: &Options) -> Result<(Api, Diagnostics), Diagnostics> {
    lower(&load(text, &options.overlays)?, options)
}

/// Every step up to the IR, for spec text read from `spec_path`, with every diagnostic
/// located in it (line and column); warnings fail when the options deny them.
pub fn to_ir(
    spec_text: &str,
    spec_path: &Path,
    options: &Options,
) -> Result<(Api, Diagnostics), GenerateError> {
    check_options(options)?;
    let lowered = load(spec_text, &options.overlays).and_then(|loaded| lower(&loaded, options));
    match lowered {
        Ok((_, mut warnings)) if options.deny_warnings && !warnings.is_empty() => {
            warnings.deny_warnings();
            warnings.locate(spec_path, spec_text);
            Err(GenerateError::Spec(warnings))
        }
        Ok((api, mut warnings)) => {
            warnings.locate(spec_path, spec_text);
            Ok((api, warnings))
        }
        Err(mut diagnostics) => {
            diagnostics.locate(spec_path, spec_text);
            Err(GenerateError::Spec(diagnostics))
        }
    }
}

/// Plan and emit a standalone crate: its files by path.
pub fn crate_files(
    api: &Api,
    options: &Options,
    provenance: &Provenance,
) -> Result<BTreeMap<String, String>, GenerateError> {
    emit::emit_crate(api, options, provenance).map_err(GenerateError::Internal)
}

/// Plan and emit the module form, for `include!`: one file of items.
pub fn module_text(
    api: &Api,
    options: &Options,
    provenance: &Provenance,
) -> Result<String, GenerateError> {
    emit::emit_module(api, options, provenance).map_err(GenerateError::Internal)
}

/// Emit the conformance harness of a crate: a module that calls each operation once with
/// the spec's samples (used by `.ci/conformance`).
pub fn harness_text(api: &Api, options: &Options) -> Result<String, GenerateError> {
    emit::emit_harness(api, options).map_err(GenerateError::Internal)
}

/// Keeps the operations the subset names and the types they reach, warning of each tag or
/// operationId it names that the spec does not have.
fn subset(api: &mut Api, subset: &Subset, diagnostics: &mut Diagnostics) {
    use crate::diagnostics::{catalogue::SUBSET_NAMES_NOTHING, Pointer};
    if subset.is_everything() {
        return;
    }
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
    crate::ir::subset::retain(api, |op| subset.keeps(&op.id, &op.tags));
}

/// The diagnostics so far with `diagnostic`, which stops the pipeline.
fn stopped(diagnostics: &mut Diagnostics, diagnostic: Diagnostic) -> Diagnostics {
    diagnostics.push(diagnostic);
    std::mem::take(diagnostics)
}
