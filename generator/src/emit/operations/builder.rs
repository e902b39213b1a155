//! The request builder of one operation: its fields, its setters for optional parameters,
//! `send`, `parts`, and the enum of its success responses where it has several.

use super::super::bodies::request_type;
use super::super::docs;
use super::super::names::{ident, word};
use super::{argument, param_type, positional};
use crate::ir::Operation;
use proc_macro2::TokenStream;
use quote::quote;

/// The builder of one operation: its fields, setters, and `send`.
pub fn emit_builder(op: &Operation) -> TokenStream {
    let builder = ident(&op.builder_name);
    let doc = format!(" A `{} {}` request; start it with [`Client::{}`](super::Client::{}) and finish it with `send`.", op.http_method, op.path, op.method_name.plain(), op.method_name.plain());
    let mut fields = Vec::new();
    let mut setters = Vec::new();
    for param in &op.params {
        let name = ident(&param.rust_name);
        let ty = param_type(param);
        if positional(param) {
            fields.push(quote!(#name: #ty));
        } else {
            fields.push(quote!(#name: ::std::option::Option<#ty>));
            let (arg, conversion) = argument(param);
            let mut text = docs::or_fallback(param.doc.as_deref(), || {
                format!("Sets the `{}` {:?} parameter.", param.name, param.location).to_lowercase()
            });
            if let Some(default) = &param.default {
                text.push_str(&format!("\n\nThe server's default is `{default}`."));
            }
            let setter_doc = docs::attrs(&text);
            setters.push(quote! {
                #setter_doc
                pub fn #name(mut self, #name: #arg) -> Self {
                    self.#name = ::std::option::Option::Some(#conversion);
                    self
                }
            });
        }
    }
    if let Some(body) = &op.body {
        let ty = request_type(body);
        if body.required {
            fields.push(quote!(body: #ty));
        } else {
            fields.push(quote!(body: ::std::option::Option<#ty>));
            let (arg, value) = if body.media == crate::ir::BodyMedia::Bytes {
                (
                    quote!(impl ::std::convert::Into<super::Body>),
                    quote!(body.into()),
                )
            } else {
                (ty.clone(), quote!(body))
            };
            setters.push(quote! {
                /// Sets the request body.
                pub fn body(mut self, body: #arg) -> Self {
                    self.body = ::std::option::Option::Some(#value);
                    self
                }
            });
        }
    }
    let stream_fields = stream_fields(op);
    let stream_setters = stream_fields.iter().map(|(name, _)| {
        if *name == "read_timeout" {
            quote! {
                /// Waits at most `timeout` for each chunk of the streamed response (and for
                /// its headers), instead of the client's read timeout: for a stream that may
                /// stay quiet for long.
                pub fn read_timeout(mut self, timeout: ::std::time::Duration) -> Self {
                    self.read_timeout = ::std::option::Option::Some(timeout);
                    self
                }
            }
        } else {
            quote! {
                /// Resumes an event stream after the event with this ID (the `Last-Event-ID`
                /// header), as [`EventStream::last_event_id`](super::EventStream::last_event_id)
                /// or an event's `id` gave it.
                pub fn last_event_id(mut self, id: impl ::std::convert::Into<::std::string::String>) -> Self {
                    self.last_event_id = ::std::option::Option::Some(id.into());
                    self
                }
            }
        }
    });
    let stream_fields = stream_fields
        .iter()
        .map(|(name, ty)| quote!(#name: ::std::option::Option<#ty>,));
    let files = has_files(op).then(|| {
        let doc = docs::attrs(&files_doc(op));
        (
            quote!(files: ::std::vec::Vec<(::std::string::String, super::Body)>,),
            quote! {
                #doc
                pub fn part(mut self, name: impl ::std::convert::Into<::std::string::String>, body: impl ::std::convert::Into<super::Body>) -> Self {
                    self.files.push((name.into(), body.into()));
                    self
                }
            },
        )
    });
    let (files_field, files_setter) = files.unzip();
    let parts = super::parts::emit_parts(op);
    let send = super::send::emit_send(op);
    let responses = super::send::responses_enum(op);
    quote! {
        #[doc = #doc]
        #[derive(Debug, Clone)]
        #[must_use = "a request does nothing until it is sent with `.send().await`"]
        pub struct #builder {
            client: super::Client,
            retry_policy: ::std::option::Option<super::RetryPolicy>,
            #(#stream_fields)*
            #files_field
            #(#fields,)*
        }

        impl #builder {
            #(#setters)*
            #(#stream_setters)*
            #files_setter

            /// Retries this request by `policy` instead of the client's; mark a `POST` the
            /// server deduplicates with [`RetryPolicy::idempotent`](super::RetryPolicy::idempotent).
            pub fn retry_policy(mut self, policy: super::RetryPolicy) -> Self {
                self.retry_policy = ::std::option::Option::Some(policy);
                self
            }
            #send
            #parts
        }

        #responses
    }
}

/// The builder's fields for a streamed response, with their types: its own read timeout,
/// and for events, the ID to resume after.
pub(super) fn stream_fields(op: &Operation) -> Vec<(proc_macro2::Ident, TokenStream)> {
    let mut fields = Vec::new();
    if super::streams(op) {
        fields.push((word("read_timeout"), quote!(::std::time::Duration)));
    }
    if super::resumes(op) {
        fields.push((word("last_event_id"), quote!(::std::string::String)));
    }
    fields
}

/// Whether the builder takes file parts: the body is a multipart form.
pub(super) fn has_files(op: &Operation) -> bool {
    op.body
        .as_ref()
        .is_some_and(|body| body.media == crate::ir::BodyMedia::Multipart)
}

/// The doc of `part`, naming the form's files.
fn files_doc(op: &Operation) -> String {
    let mut text = "Adds a file to the multipart form: a part named `name` whose body is `body`, streamed when it is a stream ([`Body::from_file`](super::Body::from_file)), with the file name [`Body::with_file_name`](super::Body::with_file_name) gives it. It takes the place of a text field of that name in the body; call it again for several files.".to_string();
    let names = op
        .body
        .iter()
        .flat_map(|body| &body.binary_parts)
        .map(|name| format!("`{name}`"))
        .collect::<Vec<_>>();
    if !names.is_empty() {
        text.push_str(&format!("\n\nThe form's files: {}.", names.join(", ")));
    }
    text
}
