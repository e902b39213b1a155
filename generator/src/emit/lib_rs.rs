//! The crate root: crate docs, module declarations and re-exports.

use super::{docs, plan};
use crate::ir::Api;
use proc_macro2::TokenStream;
use quote::quote;

/// The body of `src/lib.rs`: the crate doc, a declaration for each module of the plan, and
/// the root items.
///
/// Every module is `#[rustfmt::skip]`: prettyplease formats generated code, and `cargo fmt`
/// in a workspace that contains the crate must not rewrite it (the freshness check would fail).
pub fn emit(api: &Api, crate_name: &str, crate_ident: &str, types_only: bool) -> TokenStream {
    let doc = match types_only {
        true => docs::inner_attrs(&types_doc(api)),
        false => docs::inner_attrs(&crate_doc(api, crate_ident)),
    };
    let modules = plan::modules(api, types_only).into_iter().map(|module| {
        let name = super::names::word(module.name);
        let cfg = module.mock_only.then(|| {
            quote! {
                #[cfg(feature = "mock")]
                #[cfg_attr(docsrs, doc(cfg(feature = "mock")))]
            }
        });
        let oauth = module.oauth_only.then(|| quote!(#[cfg(feature = "oauth")]));
        let allows = module.allows();
        let visibility = module.public.then(|| quote!(pub));
        quote! {
            #cfg
            #oauth
            #[rustfmt::skip]
            #allows
            #visibility mod #name;
        }
    });
    let items = root_items(
        api,
        crate_name,
        quote!(env!("CARGO_PKG_VERSION")),
        types_only,
    );
    quote! {
        #doc
        #![warn(missing_docs)]
        #![cfg_attr(docsrs, feature(doc_cfg))]

        #(#modules)*

        #items
    }
}

/// The items of the root that both a crate and an `include!`d module have: re-exports, the
/// error body type and the client's name and version; a types-only crate's one re-export.
pub fn root_items(
    api: &Api,
    crate_name: &str,
    version: TokenStream,
    types_only: bool,
) -> TokenStream {
    if types_only {
        return quote!(
            pub use nullable::Nullable;
        );
    }
    let error_body = match &api.error_type {
        Some(name) => {
            let name = super::names::ident(name);
            quote!(models::#name)
        }
        None => quote!(::serde_json::Value),
    };
    let prefix = &api.env_prefix;
    let prefix_doc = format!(
        " The prefix of the environment variables [`Client::from_env`] reads: `{prefix}_ORGURL`, `{prefix}_AUTHORIZATIONMODE` and the rest."
    );
    // The `oauth` feature's public types, where rustfmt's order of the re-exports puts them.
    let oauth_use = |path: TokenStream| {
        api.client_credentials.is_some().then(|| {
            quote! {
                #[cfg(feature = "oauth")]
                #[cfg_attr(docsrs, doc(cfg(feature = "oauth")))]
                pub use #path;
            }
        })
    };
    let (jose, oauth) = (
        oauth_use(quote!(jose::PrivateKey)),
        oauth_use(quote!(oauth::ClientCredentials)),
    );
    // The stream types, in a crate whose spec uses them.
    let streams = crate::ir::StreamUse::of(&api.operations);
    let stream_use = |used: bool, path: TokenStream| used.then(|| quote!(pub use #path;));
    let byte_stream = stream_use(streams.downloads, quote!(byte_stream::ByteStream));
    let event_stream = stream_use(streams.events, quote!(event_stream::{Event, EventStream}));
    let json_stream = stream_use(streams.sequences, quote!(json_stream::JsonStream));
    let upload = stream_use(streams.uploads, quote!(upload::Body));
    // The re-exports are in rustfmt's order, so that `cargo fmt` leaves the file as generated.
    quote! {
        /// The HTTP client the generated client is built on, for its header, client and error types.
        pub use ::reqwest;
        #byte_stream
        pub use client::{Client, ClientBuilder, RetryPolicy, TokenFuture, TokenProvider};
        pub use error::{ApiError, BodyTooLarge, DecodeError, Error};
        pub use error::{InsufficientScope, OAuthError};
        pub use error::{PaginationError, TimeoutError, UnexpectedStatus};
        pub use error::{StreamError, StreamErrorKind, UndecodedItem};
        #event_stream
        #jose
        #json_stream
        pub use nullable::Nullable;
        #oauth
        pub use pagination::Page;
        pub use response::{RateLimit, Response};
        #upload

        #[doc = #prefix_doc]
        pub const ENV_PREFIX: &str = #prefix;

        /// The body of the API's error responses.
        pub type ErrorBody = #error_body;

        /// The name the client gives itself in the User-Agent header.
        const SDK_NAME: &str = #crate_name;

        /// The version the client gives itself in the User-Agent header.
        const SDK_VERSION: &str = #version;
    }
}

/// The documentation of a types-only crate: what the API is, and that the models are all.
pub fn types_doc(api: &Api) -> String {
    let mut text = format!(
        "The types of the {} (version {}): one per schema, with serde's `Serialize` and\n`Deserialize`, and no client. Use them with your own HTTP stack, or share them between a\nserver and its clients.\n\n",
        api.title, api.version
    );
    if let Some(description) = &api.description {
        text.push_str(&docs::sanitize(description));
        text.push_str("\n\n");
    }
    text.push_str("The module [`models`] holds the types; [`Nullable`] tells a property sent as `null` from\none left out.\n");
    text
}

/// The crate documentation: what the API is and how to start.
pub fn crate_doc(api: &Api, crate_ident: &str) -> String {
    let mut text = format!(
        "A client for the {} (version {}).\n\n",
        api.title, api.version
    );
    if let Some(description) = &api.description {
        text.push_str(&docs::sanitize(description));
        text.push_str("\n\n");
    }
    let server = api
        .default_server
        .clone()
        .unwrap_or_else(|| "https://api.example.com".to_string());
    let auth = api
        .security
        .iter()
        .find_map(|s| match s.kind {
            crate::ir::SecurityKind::ApiKeyHeader { .. }
            | crate::ir::SecurityKind::ApiKeyQuery { .. } => {
                Some(format!("\n    .{}(\"an API key\")", s.method_name.plain()))
            }
            crate::ir::SecurityKind::Bearer => Some(format!(
                "\n    .{}(\"an access token\")",
                s.method_name.plain()
            )),
            crate::ir::SecurityKind::Basic => None,
        })
        .unwrap_or_default();
    text.push_str(&format!(
        "Build a [`Client`] once and share it; every operation is a method on it that returns a\nrequest builder: required parameters are arguments, optional ones are setters, and\n`.send().await` sends it.\n\n```no_run\n# fn run() -> Result<(), {crate_ident}::Error> {{\nlet client = {crate_ident}::Client::builder(\"{server}\"){auth}\n    .build()?;\n# Ok(())\n# }}\n```\n\nThe modules: [`models`] holds one type per schema, [`operations`] one request builder per operation.\n"
    ));
    if !api.examples.is_empty() {
        text.push_str("\n# Examples\n");
        for example in &api.examples {
            text.push_str(&format!(
                "\n## {}\n\n```no_run\n{}\n```\n",
                example.title,
                example.code.trim_end()
            ));
        }
    }
    text
}
