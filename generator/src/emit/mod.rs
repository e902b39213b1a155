//! Emission: the IR to the files of a crate. Knows the IR and `quote`, never `openapiv3`.

mod chunks;
mod docs;
mod format;
mod lib_rs;
mod mock;
mod models;
mod module;
mod names;
mod operations;
mod templates;
mod types;

use crate::ir::Api;
use crate::options::Options;
use std::collections::BTreeMap;

/// Where the spec came from, for the header of every generated file.
#[derive(Debug, Clone)]
pub struct Provenance {
    /// The spec path as the user gave it.
    pub spec_label: String,
    /// The SHA-256 of the spec's bytes, in hex.
    pub spec_sha256: String,
    /// The command that regenerates the files.
    pub command: String,
}

/// One emitted file before formatting: chunks of Rust tokens, or finished text (manifests,
/// templates).
pub enum Emitted {
    /// Chunks of tokens that the format phase turns into text, one after the other.
    Rust(Vec<proc_macro2::TokenStream>),
    /// Text written as it is.
    Text(String),
}

/// The files that are text, not tokens: the manifest, the build script and the templates.
fn text_files(api: &Api, options: &Options) -> BTreeMap<String, String> {
    let crate_ident = options.crate_name.replace('-', "_");
    let mut files = BTreeMap::new();
    files.insert("Cargo.toml".to_string(), cargo_toml(api, options));
    files.insert("build.rs".to_string(), templates::BUILD_RS.to_string());
    files.insert(
        "src/mock_kit.rs".to_string(),
        templates::MOCK_KIT.replace("{{crate}}", &crate_ident),
    );
    for (module, source) in templates::RUNTIME {
        files.insert(
            format!("src/{module}.rs"),
            source.replace("{{crate}}", &crate_ident),
        );
    }
    files
}

/// Emits every file of the crate as tokens or text, by path relative to the crate root, on
/// one thread; the emit phase of the benchmarks.
pub fn emit_files(api: &Api, options: &Options) -> Result<BTreeMap<String, Emitted>, String> {
    let shared = chunks::Shared::new(
        api,
        &options.crate_name.replace('-', "_"),
        &options.extra_derives,
    );
    let mut files: BTreeMap<String, Emitted> = text_files(api, options)
        .into_iter()
        .map(|(path, text)| (path, Emitted::Text(text)))
        .collect();
    for chunk in chunks::plan(api) {
        let tokens = shared.emit(chunk)?;
        match files
            .entry(chunk.file().to_string())
            .or_insert_with(|| Emitted::Rust(Vec::new()))
        {
            Emitted::Rust(parts) => parts.push(tokens),
            Emitted::Text(_) => return Err(format!("{} is both text and Rust", chunk.file())),
        }
    }
    Ok(files)
}

/// Formats emitted files and puts the provenance header on top of each; the format phase
/// of the benchmarks.
pub fn format_files(
    files: BTreeMap<String, Emitted>,
    provenance: &Provenance,
) -> Result<BTreeMap<String, String>, String> {
    let formatted = files
        .into_iter()
        .map(|(path, emitted)| {
            let body = match emitted {
                Emitted::Rust(parts) => parts
                    .into_iter()
                    .map(|tokens| format::format(tokens, &path))
                    .collect::<Result<String, String>>()?,
                Emitted::Text(text) => text,
            };
            Ok((path, body))
        })
        .collect::<Result<BTreeMap<String, String>, String>>()?;
    Ok(with_headers(formatted, provenance))
}

/// Puts the provenance header on top of every file.
fn with_headers(
    files: BTreeMap<String, String>,
    provenance: &Provenance,
) -> BTreeMap<String, String> {
    let header = header(provenance);
    files
        .into_iter()
        .map(|(path, body)| {
            let text = if path.ends_with(".toml") {
                let comments: String = header.iter().map(|line| format!("# {line}\n")).collect();
                format!("{comments}\n{body}")
            } else {
                with_header(&header, body)
            };
            (path, text)
        })
        .collect()
}

/// Emits and formats every file of the crate, each chunk on whichever core is free. The
/// output is the same as [`emit_files`] then [`format_files`].
pub fn emit_crate(
    api: &Api,
    options: &Options,
    provenance: &Provenance,
) -> Result<BTreeMap<String, String>, String> {
    let shared = chunks::Shared::new(
        api,
        &options.crate_name.replace('-', "_"),
        &options.extra_derives,
    );
    let plan = chunks::plan(api);
    let rendered = chunks::parallel(&plan, |chunk| {
        shared
            .emit(*chunk)
            .and_then(|tokens| format::format(tokens, chunk.file()))
    });
    let mut files = text_files(api, options);
    for (chunk, text) in plan.iter().zip(rendered) {
        files
            .entry(chunk.file().to_string())
            .or_default()
            .push_str(&text?);
    }
    Ok(with_headers(files, provenance))
}

/// Emits the crate as one file of items for `include!`, with the provenance header on top.
pub fn emit_module(
    api: &Api,
    options: &Options,
    provenance: &Provenance,
) -> Result<String, String> {
    let crate_ident = options.crate_name.replace('-', "_");
    let extra = extra_derives(options)?;
    let body = module::emit(api, &crate_ident, &options.crate_version, &extra)?;
    Ok(with_header(&header(provenance), body))
}

/// The words that open the first line of every file the generator writes, after the
/// comment marker (`// ` or `# `). The output directory knows its own files by them.
pub const GENERATED_MARKER: &str = "@generated by oas-codegen ";

/// The provenance lines every file starts with.
fn header(provenance: &Provenance) -> Vec<String> {
    vec![
        format!(
            "{GENERATED_MARKER}{} from {} (sha256 {}).",
            env!("CARGO_PKG_VERSION"),
            provenance.spec_label,
            provenance.spec_sha256
        ),
        "Do not edit by hand: edit the spec or the generator's templates, then regenerate with:"
            .to_string(),
        format!("  {}", provenance.command),
    ]
}

/// The header as Rust line comments.
fn rust_header(header: &[String]) -> String {
    header.iter().map(|line| format!("// {line}\n")).collect()
}

/// A Rust file with the header on top.
fn with_header(header: &[String], body: String) -> String {
    format!("{}\n{body}", rust_header(header))
}

/// The crate manifest, without its header.
fn cargo_toml(api: &Api, options: &Options) -> String {
    let description = format!(
        "A client for {} {}, generated by oas-codegen.",
        api.title, api.version
    )
    .replace('"', "'");
    templates::CARGO_TOML
        .replace("{{name}}", &options.crate_name)
        .replace("{{version}}", &options.crate_version)
        .replace("{{description}}", &description)
}

/// The user's extra derives, parsed as paths.
fn extra_derives(options: &Options) -> Result<Vec<syn::Path>, String> {
    parse_derives(&options.extra_derives)
}

/// Derive paths parsed from text.
fn parse_derives(derives: &[String]) -> Result<Vec<syn::Path>, String> {
    derives
        .iter()
        .map(|derive| {
            syn::parse_str::<syn::Path>(derive)
                .map_err(|err| format!("the extra derive `{derive}` is not a Rust path: {err}"))
        })
        .collect()
}
