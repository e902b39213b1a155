//! The plan of a generated crate: its modules in order, each a run of chunks of emitted items
//! or a runtime template, with its doc and attributes. Both forms are made from it: the crate
//! writes each module to `src/<name>.rs` and declares it in `src/lib.rs`; the module form for
//! build scripts wraps each module's tokens in `mod <name> { … }`.

use super::chunks::Chunk;
use super::templates::{self, Needs};
use crate::ir::Api;

/// One module of the generated crate.
#[derive(Debug, Clone)]
pub struct Module {
    /// Its name: a generated module's, or a [`templates::RUNTIME`] entry's.
    pub name: &'static str,
    /// Whether it is `pub`.
    pub public: bool,
    /// Its doc, for generated modules (templates carry their own `//!` doc).
    pub doc: &'static str,
    /// Only under the `mock` feature.
    pub mock_only: bool,
    /// Only under the `oauth` feature (OAuth 2.0 client credentials).
    pub oauth_only: bool,
    /// `#[allow(dead_code)]`: a runtime module some APIs use only part of.
    pub allow_dead_code: bool,
    /// `#[allow(deprecated)]`: it names deprecated items of the spec.
    pub allow_deprecated: bool,
    /// `#[allow(missing_docs)]`: its docs are the spec's descriptions, and a property the
    /// spec does not describe gets no made-up sentence.
    pub allow_missing_docs: bool,
    /// What it holds.
    pub source: Source,
}

impl Module {
    /// The `allow` attributes the module's declaration carries.
    pub fn allows(&self) -> proc_macro2::TokenStream {
        let deprecated = self
            .allow_deprecated
            .then(|| quote::quote!(#[allow(deprecated)]));
        let dead_code = self
            .allow_dead_code
            .then(|| quote::quote!(#[allow(dead_code)]));
        let missing_docs = self
            .allow_missing_docs
            .then(|| quote::quote!(#[allow(missing_docs)]));
        quote::quote!(#deprecated #dead_code #missing_docs)
    }
}

/// What a module holds.
#[derive(Debug, Clone)]
pub enum Source {
    /// Items emitted from the IR, in chunks.
    Generated(Vec<Chunk>),
    /// A runtime template, with `{{crate}}` to fill.
    Template(&'static str),
}

/// How many types or operations one chunk holds.
const CHUNK: usize = 16;

/// Every module of the crate, in the order `src/lib.rs` declares them.
pub fn modules(api: &Api) -> Vec<Module> {
    let generated = |name, doc, chunks| Module {
        name,
        public: true,
        doc,
        mock_only: false,
        oauth_only: false,
        allow_dead_code: false,
        allow_deprecated: true,
        allow_missing_docs: false,
        source: Source::Generated(chunks),
    };
    let mut modules = vec![
        Module {
            allow_missing_docs: true,
            ..generated(
                "models",
                "The API's schemas, one type per schema.",
                split(api.types.len(), Chunk::Models),
            )
        },
        generated(
            "operations",
            "One request builder per operation, and the `Client` methods that start them.",
            split(api.operations.len(), Chunk::Operations),
        ),
        Module {
            mock_only: true,
            ..generated(
                "mock",
                "A typed mock server for tests of code that calls the API (the `mock` feature).",
                split(api.operations.len(), Chunk::Mock),
            )
        },
    ];
    let streams = crate::ir::StreamUse::of(&api.operations);
    let oauth = api.client_credentials.is_some();
    for template in templates::RUNTIME {
        let carried = match template.needs {
            Needs::Always | Needs::Mock => true,
            Needs::OAuth | Needs::MockOAuth => oauth,
            Needs::Uploads => streams.uploads,
            Needs::Downloads => streams.downloads,
            Needs::Sequences => streams.sequences,
            Needs::Events => streams.events,
        };
        if carried {
            modules.push(Module {
                name: template.name,
                public: false,
                doc: "",
                mock_only: matches!(template.needs, Needs::Mock | Needs::MockOAuth),
                oauth_only: matches!(template.needs, Needs::OAuth | Needs::MockOAuth),
                allow_dead_code: template.may_be_unused,
                allow_deprecated: false,
                allow_missing_docs: false,
                source: Source::Template(template.source),
            });
        }
    }
    modules
}

/// `len` items in chunks of [`CHUNK`]; one empty chunk when there are none, so the module
/// still gets its head.
fn split(len: usize, make: fn(usize, usize) -> Chunk) -> Vec<Chunk> {
    if len == 0 {
        return vec![make(0, 0)];
    }
    (0..len)
        .step_by(CHUNK)
        .map(|start| make(start, (start + CHUNK).min(len)))
        .collect()
}

/// Every chunk of the crate, `src/lib.rs` first, in file order.
pub fn chunks(modules: &[Module]) -> Vec<Chunk> {
    let mut all = vec![Chunk::Lib];
    for module in modules {
        if let Source::Generated(chunks) = &module.source {
            all.extend(chunks.iter().copied());
        }
    }
    all
}

/// A template's text with the crate's name filled in.
pub fn fill_template(source: &str, crate_ident: &str) -> String {
    source.replace("{{crate}}", crate_ident)
}
