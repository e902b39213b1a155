//! The conformance harness: a module, outside the generated crate, that calls every
//! operation once with the spec's samples (`Param::samples`, `Body::samples`) and classifies
//! what happened. `.ci/conformance` runs it against Stoplight Prism mocking the same spec.
//! The module names the crate `api` and needs, from the crate that includes it, an
//! `Outcome` type and a `sample` function (see `tests/conformance-runner`).

use super::names::ident;
use super::types::{tokens, Scope};
use crate::ir::{Api, BodyMedia, Operation, Output, Primitive, SecurityKind, TypeRef};
use proc_macro2::TokenStream;
use quote::quote;

/// The harness module's items.
pub fn emit(api: &Api, crate_ident: &str) -> TokenStream {
    let krate = super::names::word(crate_ident);
    // A credential for every scheme: each request sends those its requirements name.
    let mut auth: Vec<TokenStream> = api
        .security
        .iter()
        .map(|scheme| {
            let method = ident(&scheme.method_name);
            match &scheme.kind {
                SecurityKind::ApiKeyHeader { .. } | SecurityKind::ApiKeyQuery { .. } => {
                    quote!(.#method("test-key"))
                }
                SecurityKind::Basic => quote!(.#method("user", "password")),
                SecurityKind::Bearer => quote!(.bearer_token("test-token")),
            }
        })
        .collect();
    if api.security.is_empty() {
        auth.push(quote!(.bearer_token("test-token")));
    }
    let calls = api.operations.iter().map(|op| {
        let name = ident(&op.method_name.with_prefix("call_"));
        quote!(#name(&client).await)
    });
    let functions = api.operations.iter().map(emit_call);
    quote! {
        use ::#krate as api;

        /// Calls every operation once, in the order of the crate's methods.
        pub async fn run(base_url: &str) -> ::std::vec::Vec<crate::Outcome> {
            let client = api::Client::builder(base_url) #(#auth)* .build().expect("the client builds");
            let mut outcomes = ::std::vec::Vec::new();
            #(outcomes.push(#calls);)*
            outcomes
        }

        /// What a call came to: accepted, rejected by the server, a body not decoded, or
        /// another failure, with Prism's `sl-violations` where it sent them.
        fn classify(
            operation: &'static str,
            sent: ::std::result::Result<api::reqwest::header::HeaderMap, api::Error>,
        ) -> crate::Outcome {
            match sent {
                ::std::result::Result::Ok(headers) => crate::Outcome::accepted(operation, &headers),
                ::std::result::Result::Err(api::Error::Decode(err)) => {
                    crate::Outcome::undecoded(operation, &err.path, &err.message, &err.headers)
                }
                ::std::result::Result::Err(err) => {
                    let headers = err.headers().cloned().unwrap_or_default();
                    crate::Outcome::failed(operation, err.status(), &err.to_string(), &headers)
                }
            }
        }

        #(#functions)*
    }
}

/// The JSON texts of a value's samples, best first, for the runner's `sample` (the first
/// that fits the client's type is used); `fallback` when the spec gives none.
fn candidates(samples: &[serde_json::Value], fallback: serde_json::Value) -> Vec<String> {
    if samples.is_empty() {
        vec![fallback.to_string()]
    } else {
        samples.iter().map(serde_json::Value::to_string).collect()
    }
}

/// The call of one operation: each required argument from its sample, then the request.
fn emit_call(op: &Operation) -> TokenStream {
    let function = ident(&op.method_name.with_prefix("call_"));
    let method = ident(&op.method_name);
    let id = &op.id;
    let mut lets = Vec::new();
    let mut args = Vec::new();
    // The arguments are named `arg_…`, so that no parameter's name can hide `classify`.
    for param in op.params.iter().filter(|p| p.required) {
        let name = ident(&param.rust_name.with_prefix("arg_"));
        let ty = match &param.ty {
            TypeRef::Primitive(Primitive::String) => quote!(::std::string::String),
            other => tokens(other, Scope::Outside),
        };
        let samples = candidates(&param.samples, serde_json::Value::Null);
        let what = format!("the parameter `{}`", param.name);
        lets.push(quote! {
            let #name: #ty = match crate::sample(&[#(#samples),*]) {
                ::std::result::Result::Ok(value) => value,
                ::std::result::Result::Err(err) => return crate::Outcome::not_called(OPERATION, #what, &err),
            };
        });
        args.push(quote!(#name));
    }
    if let Some(body) = op.body.as_ref().filter(|body| body.required) {
        let value = match body.media {
            BodyMedia::Bytes => quote!(b"sample".to_vec()),
            BodyMedia::Text => {
                let text = match body.samples.first() {
                    Some(serde_json::Value::String(text)) => text.clone(),
                    Some(other) => other.to_string(),
                    None => "sample".to_string(),
                };
                quote!(::std::string::String::from(#text))
            }
            _ => {
                let ty = tokens(&body.ty, Scope::Outside);
                let samples = candidates(&body.samples, serde_json::json!({}));
                lets.push(quote! {
                    let arg_body: #ty = match crate::sample(&[#(#samples),*]) {
                        ::std::result::Result::Ok(value) => value,
                        ::std::result::Result::Err(err) => return crate::Outcome::not_called(OPERATION, "the body", &err),
                    };
                });
                quote!(arg_body)
            }
        };
        args.push(value);
    }
    let deprecated = op.deprecated.then(|| quote!(#[allow(deprecated)]));
    // A list paged by `Link` headers sends for its first page, which holds the headers.
    let send = match op.output {
        Output::Paged { .. } => quote!(send),
        _ => quote!(send_with_response),
    };
    quote! {
        #deprecated
        async fn #function(client: &api::Client) -> crate::Outcome {
            const OPERATION: &str = #id;
            #(#lets)*
            let sent = client.#method(#(#args),*).#send().await;
            classify(OPERATION, sent.map(|response| response.headers))
        }
    }
}
