//! The `operations` module: one request builder per operation and the `Client` methods that
//! start them. The builder is in `builder.rs`, its `send` in `send.rs`, its `parts` (the
//! request on the wire) in `parts.rs`, the method's doc and example in `docs.rs`, and the
//! client builder's authentication methods in `auth.rs`.

mod auth;
mod builder;
mod docs;
mod parts;
mod send;

use super::names::ident;
use super::types::{tokens, Scope};
use crate::ir::{Api, BodyMedia, Operation, Param, Primitive, TypeRef};
use proc_macro2::TokenStream;
use quote::quote;

/// What the module holds once: the client builder's authentication methods.
pub fn emit_header(api: &Api) -> TokenStream {
    let auth = api.security.iter().map(auth::emit_auth_method);
    let env = auth::emit_env_glue(api);
    quote! {
        impl super::ClientBuilder {
            #(#auth)*
        }

        #env
    }
}

/// Everything of one operation: the `Client` method that starts it, its request builder,
/// and the enum of its success responses where it has several.
pub fn emit_operation(api: &Api, op: &Operation, crate_ident: &str) -> TokenStream {
    let method = emit_client_method(api, op, crate_ident);
    let builder = builder::emit_builder(op);
    quote! {
        impl super::Client {
            #method
        }
        #builder
    }
}

/// Whether a parameter is given to the client method rather than set on the builder.
pub(super) fn positional(param: &Param) -> bool {
    param.required
}

/// The type a parameter is stored as on the builder.
pub(super) fn param_type(param: &Param) -> TokenStream {
    tokens(&param.ty, Scope::Sibling)
}

/// Whether a parameter is a string, so its setter takes `impl Into<String>`.
pub(super) fn is_string(ty: &TypeRef) -> bool {
    matches!(ty, TypeRef::Primitive(Primitive::String))
}

/// The argument type and conversion for a parameter.
pub(super) fn argument(param: &Param) -> (TokenStream, TokenStream) {
    let name = ident(&param.rust_name);
    if is_string(&param.ty) {
        (
            quote!(impl ::std::convert::Into<::std::string::String>),
            quote!(#name.into()),
        )
    } else {
        (param_type(param), quote!(#name))
    }
}

/// The `Client` method that starts a request.
fn emit_client_method(api: &Api, op: &Operation, crate_ident: &str) -> TokenStream {
    let doc = super::docs::attrs(&docs::method_doc(api, op, crate_ident));
    let deprecated = op.deprecated.then(|| quote!(#[deprecated]));
    let method = ident(&op.method_name);
    let builder = ident(&op.builder_name);
    let mut args = Vec::new();
    let mut inits = Vec::new();
    for param in &op.params {
        let name = ident(&param.rust_name);
        if positional(param) {
            let (ty, conversion) = argument(param);
            args.push(quote!(#name: #ty));
            if is_string(&param.ty) {
                inits.push(quote!(#name: #conversion));
            } else {
                inits.push(quote!(#name));
            }
        } else {
            inits.push(quote!(#name: ::std::option::Option::None));
        }
    }
    if let Some(body) = &op.body {
        if body.required && body.media == BodyMedia::Bytes {
            args.push(quote!(body: impl ::std::convert::Into<super::Body>));
            inits.push(quote!(body: body.into()));
        } else if body.required {
            let ty = super::bodies::request_type(body);
            args.push(quote!(body: #ty));
            inits.push(quote!(body));
        } else {
            inits.push(quote!(body: ::std::option::Option::None));
        }
    }
    let stream_inits = builder::stream_fields(op)
        .into_iter()
        .map(|(name, _)| quote!(#name: ::std::option::Option::None,))
        .chain(builder::has_files(op).then(|| quote!(files: ::std::vec::Vec::new(),)));
    quote! {
        #doc
        #deprecated
        pub fn #method(&self, #(#args),*) -> #builder {
            #builder { client: ::std::clone::Clone::clone(self), retry_policy: ::std::option::Option::None, #(#stream_inits)* #(#inits),* }
        }
    }
}

/// Whether the operation reads a body as it arrives, in `send` or `send_stream`, so that its
/// builder can set the read timeout of the request.
pub(super) fn streams(op: &Operation) -> bool {
    let reads = match &op.output {
        crate::ir::Output::Single(Some((media, _))) => media.streams(),
        _ => false,
    };
    reads || op.stream.is_some()
}

/// Whether the builder offers `last_event_id`: the operation reads events, and the spec
/// declares no `Last-Event-ID` header parameter of its own.
pub(super) fn resumes(op: &Operation) -> bool {
    let events =
        |body: Option<&(BodyMedia, TypeRef)>| body.is_some_and(|(m, _)| *m == BodyMedia::Events);
    let reads = match &op.output {
        crate::ir::Output::Single(body) => events(body.as_ref()),
        _ => false,
    };
    (reads || events(op.stream.as_ref()))
        && !op.params.iter().any(|p| {
            p.location == crate::ir::ParamLocation::Header
                && p.name.eq_ignore_ascii_case("last-event-id")
        })
}
