//! The client builder's authentication methods, one per security scheme.

use super::super::docs;
use super::super::names::ident;
use proc_macro2::TokenStream;
use quote::quote;

/// The builder method that sets one security scheme's credential.
pub fn emit_auth_method(scheme: &crate::ir::SecurityScheme) -> TokenStream {
    use crate::ir::SecurityKind;
    let method = ident(&scheme.method_name);
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
                "Authenticates with the `{}` scheme: sends `{header}: {prefix}<key>`.{described}",
                scheme.key
            ));
            quote! {
                #doc
                pub fn #method(self, key: impl ::std::fmt::Display) -> Self {
                    self.api_key_header(#header, ::std::format!("{}{}", #prefix, key))
                }
            }
        }
        SecurityKind::ApiKeyQuery { param } => {
            let doc = docs::attrs(&format!("Authenticates with the `{}` scheme: sends the key as the `{param}` query parameter.{described}", scheme.key));
            quote! {
                #doc
                pub fn #method(self, key: impl ::std::fmt::Display) -> Self {
                    self.api_key_query(#param, key.to_string())
                }
            }
        }
        SecurityKind::Basic => {
            let doc = docs::attrs(&format!(
                "Authenticates with HTTP basic auth (the `{}` scheme).{described}",
                scheme.key
            ));
            quote! {
                #doc
                pub fn #method(self, user: &str, password: &str) -> Self {
                    let encoded = super::request::base64(::std::format!("{user}:{password}").as_bytes());
                    self.api_key_header("authorization", ::std::format!("Basic {encoded}"))
                }
            }
        }
        SecurityKind::Bearer => quote!(),
    }
}
