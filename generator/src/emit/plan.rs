//! The plan of a generated crate: its modules in order, each generated from the IR (in
//! chunks, `chunks.rs`) or a runtime template, with its doc and attributes. Both forms are
//! made from it: the crate writes each module to `src/<name>.rs` (and its groups to
//! `src/<name>/<group>.rs`) and declares it in `src/lib.rs`; the module form for build
//! scripts wraps each module's tokens in `mod <name> { … }`.

use super::chunks::Kind;
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
    /// Items emitted from the IR.
    Generated(Kind),
    /// A runtime template, with `{{crate}}` to fill.
    Template(&'static str),
}

/// Every module of the crate, in the order `src/lib.rs` declares them: for a types-only
/// crate, the models and what they need alone.
pub fn modules(api: &Api, types_only: bool) -> Vec<Module> {
    let generated = |kind: Kind, doc| Module {
        name: kind.name(),
        public: true,
        doc,
        mock_only: false,
        oauth_only: false,
        allow_dead_code: false,
        allow_deprecated: true,
        allow_missing_docs: false,
        source: Source::Generated(kind),
    };
    let mut modules = vec![
        Module {
            allow_missing_docs: true,
            ..generated(Kind::Models, "The API's schemas, one type per schema.")
        },
        generated(
            Kind::Operations,
            "One request builder per operation, and the `Client` methods that start them.",
        ),
        Module {
            mock_only: true,
            ..generated(
                Kind::Mock,
                "A typed mock server for tests of code that calls the API (the `mock` feature).",
            )
        },
    ];
    // A types-only crate has the models alone.
    modules.retain(|module| !types_only || module.name == Kind::Models.name());
    let streams = crate::ir::StreamUse::of(&api.operations);
    let oauth = api.client_credentials.is_some();
    for template in templates::RUNTIME {
        let carried = match template.needs {
            Needs::Models => true,
            _ if types_only => false,
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

/// The generated modules of the plan, in order.
pub fn generated(modules: &[Module]) -> Vec<Kind> {
    modules
        .iter()
        .filter_map(|module| match module.source {
            Source::Generated(kind) => Some(kind),
            Source::Template(_) => None,
        })
        .collect()
}

/// A template's text with the crate's name filled in.
pub fn fill_template(source: &str, crate_ident: &str) -> String {
    source.replace("{{crate}}", crate_ident)
}
