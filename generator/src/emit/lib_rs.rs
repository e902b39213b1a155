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
pub fn emit(api: &Api, crate_ident: &str) -> TokenStream {
    let doc = docs::inner_attrs(&crate_doc(api, crate_ident));
    let modules = plan::modules(api).into_iter().map(|module| {
        let name = super::names::ident(module.name);
        let cfg = module.mock_only.then(|| {
            quote! {
                #[cfg(feature = "mock")]
                #[cfg_attr(docsrs, doc(cfg(feature = "mock")))]
            }
        });
        let oauth = module.oauth_only.then(|| quote!(#[cfg(feature = "oauth")]));
        let deprecated = module
            .allow_deprecated
            .then(|| quote!(#[allow(deprecated)]));
        let dead_code = module.allow_dead_code.then(|| quote!(#[allow(dead_code)]));
        let visibility = module.public.then(|| quote!(pub));
        quote! {
            #cfg
            #oauth
            #[rustfmt::skip]
            #deprecated
            #dead_code
            #visibility mod #name;
        }
    });
    let items = root_items(api, crate_ident, quote!(env!("CARGO_PKG_VERSION")));
    quote! {
        #doc
        #![warn(missing_docs)]
        #![cfg_attr(docsrs, feature(doc_cfg))]

        #(#modules)*

        #items
    }
}

/// The items of the root that both a crate and an `include!`d module have: re-exports, the
/// error body type and the client's name and version.
pub fn root_items(api: &Api, crate_ident: &str, version: TokenStream) -> TokenStream {
    let error_body = match &api.error_type {
        Some(name) => {
            let name = super::names::ident(name);
            quote!(models::#name)
        }
        None => quote!(::serde_json::Value),
    };
    let sdk_name = crate_ident.replace('_', "-");
    let auth = auth_items(api);
    // The re-exports are in rustfmt's order, so that `cargo fmt` leaves the file as generated.
    quote! {
        /// The HTTP client the generated client is built on, for its header, client and error types.
        pub use ::reqwest;
        pub use client::{Client, ClientBuilder, TokenFuture, TokenProvider};
        pub use error::{ApiError, BodyTooLarge, DecodeError, Error};
        pub use error::{PaginationError, TimeoutError, UnexpectedStatus};
        pub use nullable::Nullable;
        pub use pagination::Page;
        pub use error::{InsufficientScope, OAuthError};
        pub use response::{RateLimit, Response};

        #auth

        /// The body of the API's error responses.
        pub type ErrorBody = #error_body;

        /// The name the client gives itself in the User-Agent header.
        const SDK_NAME: &str = #sdk_name;

        /// The version the client gives itself in the User-Agent header.
        const SDK_VERSION: &str = #version;
    }
}

/// The root items of authentication: the prefix of `from_env`'s variables, how `from_env`
/// sets an API key and OAuth 2.0 client credentials, and, with a client credentials flow,
/// its token URL and public types under the `oauth` feature.
fn auth_items(api: &Api) -> TokenStream {
    let prefix = &api.env_prefix;
    let prefix_doc = format!(
        " The prefix of the environment variables [`Client::from_env`] reads: `{prefix}_ORGURL`, `{prefix}_AUTHORIZATIONMODE` and the rest."
    );
    let api_key = api.security.iter().find(|s| {
        matches!(
            s.kind,
            crate::ir::SecurityKind::ApiKeyHeader { .. } | crate::ir::SecurityKind::ApiKeyQuery { .. }
        )
    });
    let set_api_key = match api_key {
        Some(scheme) => {
            let method = super::names::ident(&scheme.method_name);
            quote!(Ok(builder.#method(key)))
        }
        None => quote! {
            let _ = (builder, key);
            Err(Error::Config("the `SSWS` mode sends an API key, but the API declares no API key scheme".to_string()))
        },
    };
    let client_credentials = match &api.client_credentials {
        Some(flow) => {
            let token_url = &flow.token_url;
            let token_url_doc = format!(
                " The token endpoint of the spec's `{}` scheme, relative to the base URL unless absolute.",
                flow.scheme
            );
            quote! {
                #[cfg(feature = "oauth")]
                #[cfg_attr(docsrs, doc(cfg(feature = "oauth")))]
                pub use jose::PrivateKey;
                #[cfg(feature = "oauth")]
                #[cfg_attr(docsrs, doc(cfg(feature = "oauth")))]
                pub use oauth::ClientCredentials;
                #[cfg(feature = "oauth")]
                use oauth::from_env as client_credentials_from_env;

                #[doc = #token_url_doc]
                #[cfg(feature = "oauth")]
                const TOKEN_URL: &str = #token_url;

                /// The OAuth 2.0 modes of `from_env`, in a build without the `oauth` feature.
                #[cfg(not(feature = "oauth"))]
                fn client_credentials_from_env(_: ClientBuilder, mode: &str, _: &environment::Vars<'_>) -> Result<ClientBuilder, Error> {
                    Err(Error::Config(format!("the `{mode}` mode needs the crate's `oauth` feature, which this build turned off")))
                }
            }
        }
        None => quote! {
            /// The OAuth 2.0 modes of `from_env`, which this API does not offer.
            fn client_credentials_from_env(_: ClientBuilder, mode: &str, _: &environment::Vars<'_>) -> Result<ClientBuilder, Error> {
                Err(Error::Config(format!("the `{mode}` mode uses OAuth 2.0 client credentials, but the API declares no such flow")))
            }
        },
    };
    quote! {
        #[doc = #prefix_doc]
        pub const ENV_PREFIX: &str = #prefix;

        /// Sets the API key of the `SSWS` mode of `from_env`.
        fn api_key_from_env(builder: ClientBuilder, key: String) -> Result<ClientBuilder, Error> {
            #set_api_key
        }

        #client_credentials
    }
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
            | crate::ir::SecurityKind::ApiKeyQuery { .. } => Some(format!(
                "\n    .{}(\"an API key\")",
                super::names::plain(&s.method_name)
            )),
            crate::ir::SecurityKind::Bearer => {
                Some("\n    .bearer_token(\"an access token\")".to_string())
            }
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
