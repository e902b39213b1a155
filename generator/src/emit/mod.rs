//! Emission: the IR to the files of a crate. Knows the IR and `quote`, never `openapiv3`.

mod bodies;
mod chunks;
mod docs;
mod enums;
mod format;
mod harness;
mod lib_rs;
mod mock;
mod models;
mod module;
pub use module::mock_cfg;
mod names;
mod nest;
mod operations;
mod paths;
mod plan;
mod runtime_paths;
pub(crate) mod templates;
mod types;

use crate::ir::Api;
use crate::options::Options;
use chunks::{Chunk, Shared};
use plan::{Module, Source};
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
    /// The overlays applied to the spec, each with the SHA-256 of its bytes.
    pub overlays: Vec<(String, String)>,
    /// The subset of the operations generated, in words; empty for all of them.
    pub subset: String,
}

/// The emit phase's result: the path and tokens of every generated file, `src/lib.rs` first,
/// and the files that need no formatting (the templates, the manifest, the build script).
pub struct Emitted {
    paths: Vec<String>,
    tokens: Vec<proc_macro2::TokenStream>,
    text: BTreeMap<String, String>,
}

impl Emitted {
    /// The tokens of every chunk, for benchmarks that time formatting's parts.
    pub fn tokens(&self) -> &[proc_macro2::TokenStream] {
        &self.tokens
    }
}

/// The files that are text, not tokens: the runtime templates, the manifest and the build
/// script.
fn text_files(
    api: &Api,
    options: &Options,
    modules: &[Module],
    crate_ident: &str,
) -> BTreeMap<String, String> {
    let mut files = BTreeMap::new();
    files.insert("Cargo.toml".to_string(), cargo_toml(api, options));
    // The build script records rustc's version for the client's User-Agent.
    if !options.types_only {
        files.insert("build.rs".to_string(), templates::BUILD_RS.to_string());
    }
    for module in modules {
        if let Source::Template(source) = module.source {
            let path = format!("src/{}.rs", module.name);
            files.insert(path, plan::fill_template(source, crate_ident));
        }
    }
    files
}

/// The tokens of one chunk as its crate file holds them: a module's head carries the
/// module's doc as inner attributes and declares its groups' files, and a group's file
/// carries the group's doc.
fn chunk_tokens(shared: &Shared<'_>, modules: &[Module], chunk: Chunk) -> proc_macro2::TokenStream {
    let items = shared.emit(chunk);
    match chunk {
        Chunk::Lib => items,
        Chunk::Head(kind) => {
            let doc = modules
                .iter()
                .find(|m| m.name == kind.name())
                .map(|module| docs::inner_attrs(module.doc));
            let groups = shared.is_split(kind).then(|| {
                let names = shared.groups(kind).iter().map(|g| names::ident(&g.name));
                quote::quote!(#(#[rustfmt::skip] mod #names;)*)
            });
            quote::quote! { #doc #groups #items }
        }
        Chunk::Group(kind, group) => {
            let doc = docs::inner_attrs(&shared.groups(kind)[group].doc);
            quote::quote! { #doc #items }
        }
    }
}

/// The plan and the chunks of a crate.
fn plan_crate<'a>(
    api: &'a Api,
    options: &Options,
) -> Result<(Shared<'a>, Vec<Module>, Vec<Chunk>, String), String> {
    let crate_ident = options.crate_ident();
    let shared = Shared::new(api, options)?;
    let modules = plan::modules(api, options.types_only);
    let chunks = shared.chunks(&plan::generated(&modules));
    Ok((shared, modules, chunks, crate_ident))
}

/// Emits the tokens of every chunk on one thread; the emit phase of the benchmarks.
pub fn emit_files(api: &Api, options: &Options) -> Result<Emitted, String> {
    let (shared, modules, chunks, crate_ident) = plan_crate(api, options)?;
    Ok(Emitted {
        paths: chunks.iter().map(|chunk| chunk.file(&shared)).collect(),
        tokens: chunks
            .iter()
            .map(|chunk| chunk_tokens(&shared, &modules, *chunk))
            .collect(),
        text: text_files(api, options, &modules, &crate_ident),
    })
}

/// Formats every chunk on one thread and assembles the files; the format phase of the
/// benchmarks.
pub fn format_files(
    emitted: Emitted,
    provenance: &Provenance,
) -> Result<BTreeMap<String, String>, String> {
    let mut files = emitted.text;
    for (path, tokens) in emitted.paths.into_iter().zip(emitted.tokens) {
        let text = format::format(tokens, &path)?;
        files.insert(path, text);
    }
    Ok(with_headers(files, provenance))
}

/// Emits and formats every file of the crate, each on whichever core is free.
pub fn emit_crate(
    api: &Api,
    options: &Options,
    provenance: &Provenance,
) -> Result<BTreeMap<String, String>, String> {
    let (shared, modules, chunks, crate_ident) = plan_crate(api, options)?;
    let formatted = chunks::parallel(&chunks, |chunk| {
        let path = chunk.file(&shared);
        format::format(chunk_tokens(&shared, &modules, *chunk), &path).map(|text| (path, text))
    });
    let mut files = text_files(api, options, &modules, &crate_ident);
    for file in formatted {
        let (path, text) = file?;
        files.insert(path, text);
    }
    Ok(with_headers(files, provenance))
}

/// Emits the crate as one file of items for `include!`, with the provenance header on top:
/// every module of the plan but the mock kit's, wrapped in `mod name { … }`.
pub fn emit_module(
    api: &Api,
    options: &Options,
    provenance: &Provenance,
) -> Result<String, String> {
    let shared = Shared::new(api, options)?;
    let body = module::emit(api, &shared, options)?;
    Ok(with_header(&header(provenance), body))
}

/// The conformance harness of a crate, as the text of a module (see `emit/harness.rs`).
pub fn emit_harness(api: &Api, options: &Options) -> Result<String, String> {
    format::format(
        harness::emit(api, &options.crate_ident()),
        "the conformance harness",
    )
}

/// The words that open the first line of every file the generator writes, after the
/// comment marker (`// ` or `# `). The output directory knows its own files by them.
pub const GENERATED_MARKER: &str = "@generated by oas-codegen ";

/// Puts the provenance header on top of every file, as TOML or Rust comments.
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

/// The provenance lines every file starts with.
fn header(provenance: &Provenance) -> Vec<String> {
    let overlays: String = provenance
        .overlays
        .iter()
        .map(|(label, sha)| format!(" with the overlay {label} (sha256 {sha})"))
        .collect();
    let subset = (!provenance.subset.is_empty()).then(|| {
        format!(
            "Only these operations, and the types they reach: {}.",
            provenance.subset
        )
    });
    let first = format!(
        "{GENERATED_MARKER}{} from {} (sha256 {}){overlays}.",
        env!("CARGO_PKG_VERSION"),
        provenance.spec_label,
        provenance.spec_sha256
    );
    std::iter::once(first).chain(subset).chain([
        "Do not edit by hand: edit the spec or the generator's templates, then regenerate with:"
            .to_string(),
        format!("  {}", provenance.command),
    ])
    .collect()
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
    let package = crate::Package::of(api, &options.crate_name, &options.package);
    if options.types_only {
        return templates::CARGO_TYPES_TOML
            .replace("{{name}}", &package.name)
            .replace("{{version}}", &package.version)
            .replace("{{rust_version}}", env!("CARGO_PKG_RUST_VERSION"))
            .replace("{{package_meta}}\n", &package.manifest_lines());
    }
    let (dependencies, features) = match api.client_credentials {
        Some(_) => (
            templates::OAUTH_DEPENDENCIES.to_string(),
            "# OAuth 2.0 client credentials (private-key JWT or a client secret, a token cache and\n# DPoP), on by default; a crate that uses API tokens alone can turn it off.\ndefault = [\"oauth\"]\noauth = [\"dep:base64\", \"dep:jsonwebtoken\", \"dep:ring\"]\n".to_string(),
        ),
        None => (String::new(), String::new()),
    };
    let streams = crate::ir::StreamUse::of(&api.operations);
    let mut reqwest_features = vec!["rustls-tls", "multipart"];
    let mut tokio_features = vec!["sync", "time"];
    if streams.uploads {
        reqwest_features.push("stream");
        tokio_features.push("fs");
    }
    if streams.downloads {
        tokio_features.push("io-util");
    }
    tokio_features.sort_unstable();
    let quoted = |features: &[&str]| {
        features
            .iter()
            .map(|f| format!("\"{f}\""))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let events = if streams.events {
        templates::EVENTS_DEPENDENCY
    } else {
        ""
    };
    templates::CARGO_TOML
        .replace("{{reqwest_features}}", &quoted(&reqwest_features))
        .replace("{{tokio_features}}", &quoted(&tokio_features))
        .replace("{{events_dependency}}\n", events)
        .replace("{{oauth_dependencies}}\n", &dependencies)
        .replace("{{oauth_features}}\n", &features)
        .replace("{{name}}", &package.name)
        .replace("{{version}}", &package.version)
        .replace("{{rust_version}}", env!("CARGO_PKG_RUST_VERSION"))
        .replace("{{package_meta}}\n", &package.manifest_lines())
}

/// An extra derive the user asked for, checked once to be a path, kept as its segments so
/// that every chunk (on any thread) can write it without parsing it again.
#[derive(Debug, Clone)]
pub struct Derive {
    leading_colons: bool,
    segments: Vec<String>,
}

impl Derive {
    /// Checks each derive is a plain path (`Hash`, `schemars::JsonSchema`).
    pub fn parse_all(derives: &[String]) -> Result<Vec<Derive>, String> {
        derives
            .iter()
            .map(|derive| {
                let path = syn::parse_str::<syn::Path>(derive).map_err(|err| {
                    format!("the extra derive `{derive}` is not a Rust path: {err}")
                })?;
                let segments = path
                    .segments
                    .iter()
                    .map(|segment| match segment.arguments {
                        syn::PathArguments::None => Ok(segment.ident.to_string()),
                        _ => Err(format!("the extra derive `{derive}` has generic arguments")),
                    })
                    .collect::<Result<Vec<String>, String>>()?;
                Ok(Derive {
                    leading_colons: path.leading_colon.is_some(),
                    segments,
                })
            })
            .collect()
    }

    /// The last segment, which names the derive (`JsonSchema`).
    pub fn name(&self) -> &str {
        self.segments.last().map_or("", String::as_str)
    }
}

impl quote::ToTokens for Derive {
    fn to_tokens(&self, tokens: &mut proc_macro2::TokenStream) {
        let segments = self.segments.iter().map(|s| names::word(s));
        let colons = self.leading_colons.then(|| quote::quote!(::));
        tokens.extend(quote::quote!(#colons #(#segments)::*));
    }
}
