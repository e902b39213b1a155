//! The `mock` module: one typed `expect_*` method per operation on the mock server of the
//! `mock` feature (its runtime is `templates/runtime/mock_kit.rs`).

use super::bodies::response_type;
use super::names::ident;
use super::paths::{path_expression, style_tokens};
use super::types::{tokens, Scope};
use crate::ir::{first_success_status, BodyMedia, Operation, Output, ParamLocation};
use proc_macro2::TokenStream;
use quote::quote;

/// The `expect_*` method of one operation, in an `impl` block of its own.
pub fn emit_operation(op: &Operation, crate_ident: &str) -> TokenStream {
    let method = emit_expect(op, crate_ident);
    quote! {
        impl super::mock_kit::MockServer {
            #method
        }
    }
}

/// The `expect_*` method of one operation.
fn emit_expect(op: &Operation, crate_ident: &str) -> TokenStream {
    let expect = op
        .method_name
        .with_prefix(crate::reserved::MOCK_EXPECT_PREFIX);
    let method = ident(&expect);
    let path_params: Vec<_> = op
        .params
        .iter()
        .filter(|p| p.location == ParamLocation::Path)
        .collect();
    let args = path_params.iter().map(|p| {
        let name = ident(&p.rust_name);
        quote!(#name: impl ::serde::Serialize)
    });
    let (lets, path) = path_expression(op, |param| {
        let field = ident(&param.rust_name);
        let name = &param.name;
        let (style, explode) = style_tokens(param.style);
        quote!(super::style::path(#name, &#field, #style, #explode).expect("a path parameter the client would send"))
    });
    let response = match &op.output {
        Output::Paged { item } => {
            let item = tokens(item, Scope::Sibling);
            quote!(::std::vec::Vec<#item>)
        }
        // A stream is answered item by item (`respond_with_events`, `respond_with_lines`).
        Output::Single(Some((media, item))) if media.is_sequence() => {
            let item = tokens(item, Scope::Sibling);
            quote!(::std::vec::Vec<#item>)
        }
        Output::Single(body) => response_type(body),
        Output::ByStatus(_) => quote!(::serde_json::Value),
    };
    let body = match &op.body {
        Some(body) if body.media == BodyMedia::Json => tokens(&body.ty, Scope::Sibling),
        Some(_) => quote!(::serde_json::Value),
        None => quote!(()),
    };
    let success_status = first_success_status(op);
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
        op.method_name.plain(),
        op.method_name.plain(),
        expect.plain(),
    );
    quote! {
        #[doc = #doc]
        pub fn #method(&self, #(#args),*) -> super::mock_kit::Expectation<'_, #response, #body> {
            #(#lets)*
            self.expectation(#id, #http_method, #path, &[#(#fixed),*], #success_status)
        }
    }
}
