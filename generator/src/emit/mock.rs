//! The `mock` module: one typed `expect_*` method per operation on the mock server of the
//! `mock` feature (its runtime is `templates/runtime/mock_kit.rs`).

use super::names::{ident, plain};
use super::operations::{page_item, path_expression, success};
use super::types::{tokens, Scope};
use crate::ir::{BodyMedia, Operation, ParamLocation, ResponseKind, StatusCode};
use proc_macro2::TokenStream;
use quote::quote;

/// The `expect_*` method of one operation, in an `impl` block of its own.
pub fn emit_operation(op: &Operation, crate_ident: &str) -> TokenStream {
    let method = emit_expect(op, crate_ident);
    quote! {
        impl MockServer {
            #method
        }
    }
}

/// The `expect_*` method of one operation.
fn emit_expect(op: &Operation, crate_ident: &str) -> TokenStream {
    let method = ident(&format!("expect_{}", plain(&op.method_name)));
    let path_params: Vec<_> = op
        .params
        .iter()
        .filter(|p| p.location == ParamLocation::Path)
        .collect();
    let args = path_params.iter().map(|p| {
        let name = ident(&p.rust_name);
        quote!(#name: impl ::std::fmt::Display)
    });
    let path = path_expression(op, |param| {
        let field = ident(&param.rust_name);
        quote!(super::request::encode_path_segment(&#field.to_string()).expect("a path parameter the client would send"))
    });
    let response = match page_item(op) {
        Some(item) => quote!(::std::vec::Vec<#item>),
        None => match success(op) {
            (output, _, None) => output,
            (_, _, Some(_)) => quote!(::serde_json::Value),
        },
    };
    let body = match &op.body {
        Some(body) if body.media == BodyMedia::Json => tokens(&body.ty, Scope::Sibling),
        Some(_) => quote!(::serde_json::Value),
        None => quote!(()),
    };
    let success_status = op
        .responses
        .iter()
        .filter(|r| r.kind == ResponseKind::Success)
        .find_map(|r| match r.status {
            StatusCode::Exact(code) => Some(code),
            _ => None,
        })
        .unwrap_or(200);
    let fixed = op.fixed_query.iter().map(|(k, v)| quote!((#k, #v)));
    let (id, http_method) = (&op.id, &op.http_method);
    let args_doc = path_params
        .iter()
        .map(|p| format!("\"{}\"", p.name))
        .collect::<Vec<_>>()
        .join(", ");
    let doc = format!(
        " Expects `{http_method} {}` ([`Client::{}`](super::Client::{})), with these path parameters.\n\n ```no_run\n # async fn example(server: {crate_ident}::mock::MockServer) {{\n server.{}({args_doc}).times(1).respond_ok().await;\n # }}\n ```",
        op.path,
        plain(&op.method_name),
        plain(&op.method_name),
        plain(&method.to_string()),
    );
    quote! {
        #[doc = #doc]
        pub fn #method(&self, #(#args),*) -> Expectation<'_, #response, #body> {
            self.expectation(#id, #http_method, #path, &[#(#fixed),*], #success_status)
        }
    }
}
