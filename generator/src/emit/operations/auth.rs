//! The client builder's authentication methods, one per security scheme.

use super::super::docs;
use super::super::names::ident;
use proc_macro2::TokenStream;
use quote::quote;

/// The builder method that sets one security scheme's credential.
pub fn emit_auth_method(scheme: &crate::ir::SecurityScheme) -> TokenStream {
    use crate::ir::SecurityKind;
    let method = ident(&scheme.method_name);
    let scheme_key = &scheme.key;
    let described = scheme
        .description
        .as_deref()
        .map(docs::sanitize)
        .map(|d| format!("\n\n{d}"))
        .unwrap_or_default();
    match &scheme.kind {
        SecurityKind::ApiKeyHeader { header, prefix } => {
            let header = header.to_ascii_lowercase();
            let doc = docs::attrs(&format!(
                "Authenticates with the `{}` scheme: sends `{header}: {prefix}<key>` with each request whose operation names it.{described}",
                scheme.key
            ));
            quote! {
                #doc
                pub fn #method(self, key: impl ::std::fmt::Display) -> Self {
                    self.api_key_header(#scheme_key, #header, ::std::format!("{}{}", #prefix, key))
                }
            }
        }
        SecurityKind::ApiKeyQuery { param } => {
            let doc = docs::attrs(&format!("Authenticates with the `{}` scheme: sends the key as the `{param}` query parameter of each request whose operation names it.{described}", scheme.key));
            quote! {
                #doc
                pub fn #method(self, key: impl ::std::fmt::Display) -> Self {
                    self.api_key_query(#scheme_key, #param, key.to_string())
                }
            }
        }
        SecurityKind::Basic => {
            let doc = docs::attrs(&format!(
                "Authenticates with HTTP basic auth (the `{}` scheme) each request whose operation names it.{described}",
                scheme.key
            ));
            quote! {
                #doc
                pub fn #method(self, user: &str, password: &str) -> Self {
                    let encoded = super::request::base64(::std::format!("{user}:{password}").as_bytes());
                    self.api_key_header(#scheme_key, "authorization", ::std::format!("Basic {encoded}"))
                }
            }
        }
        SecurityKind::Bearer => quote!(),
    }
}

/// What `from_env` needs of the spec, beside the builder's methods: how to set an API key
/// (the `SSWS` mode), how to set OAuth 2.0 client credentials, and the token URL.
pub fn emit_env_glue(api: &crate::ir::Api) -> TokenStream {
    use crate::ir::SecurityKind;
    let api_key = api.security.iter().find(|s| {
        matches!(
            s.kind,
            SecurityKind::ApiKeyHeader { .. } | SecurityKind::ApiKeyQuery { .. }
        )
    });
    let set_api_key = match api_key {
        Some(scheme) => {
            let method = ident(&scheme.method_name);
            quote!(Ok(builder.#method(key)))
        }
        None => quote! {
            let _ = (builder, key);
            Err(super::Error::Config("the `SSWS` mode sends an API key, but the API declares no API key scheme".to_string()))
        },
    };
    let client_credentials = match &api.client_credentials {
        Some(flow) => {
            let token_url = &flow.token_url;
            let token_url_doc = docs::attrs(&format!(
                "The token endpoint of the spec's `{}` scheme, relative to the base URL unless absolute.",
                flow.scheme
            ));
            quote! {
                #[cfg(feature = "oauth")]
                pub(crate) use super::oauth::from_env as client_credentials_from_env;

                #token_url_doc
                #[cfg(feature = "oauth")]
                pub(crate) const TOKEN_URL: &str = #token_url;

                /// The OAuth 2.0 modes of `from_env`, in a build without the `oauth` feature.
                #[cfg(not(feature = "oauth"))]
                pub(crate) fn client_credentials_from_env(_: super::ClientBuilder, mode: &str, _: &super::environment::Vars<'_>) -> Result<super::ClientBuilder, super::Error> {
                    Err(super::Error::Config(format!("the `{mode}` mode needs the crate's `oauth` feature, which this build turned off")))
                }
            }
        }
        None => quote! {
            /// The OAuth 2.0 modes of `from_env`, which this API does not offer.
            pub(crate) fn client_credentials_from_env(_: super::ClientBuilder, mode: &str, _: &super::environment::Vars<'_>) -> Result<super::ClientBuilder, super::Error> {
                Err(super::Error::Config(format!("the `{mode}` mode uses OAuth 2.0 client credentials, but the API declares no such flow")))
            }
        },
    };
    quote! {
        /// Sets the API key of the `SSWS` mode of `from_env`.
        pub(crate) fn api_key_from_env(builder: super::ClientBuilder, key: String) -> Result<super::ClientBuilder, super::Error> {
            #set_api_key
        }

        #client_credentials
    }
}
