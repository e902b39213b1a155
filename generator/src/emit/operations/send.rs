//! `send`: what an operation returns, as the analysis pass found it (`Output`), decoded from
//! the raw response; for lists, `into_stream` too; and the enum of several success bodies.

use super::super::bodies::{decoder, response_type, sender, streamed};
use super::super::names::{ident, word};
use super::super::types::{tokens, Scope};
use crate::ir::{NextPage, Operation, Output, Paging, PagingInput, PathStep, StatusCode};
use proc_macro2::TokenStream;
use quote::quote;

/// The name of the enum of an operation's success bodies, by status.
fn responses_name(op: &Operation) -> proc_macro2::Ident {
    ident(
        &op.builder_name
            .with_suffix(crate::reserved::RESPONSES_SUFFIX),
    )
}

/// The variant of that enum for one status, and the pattern that matches the status.
fn status_variant(status: StatusCode) -> (String, TokenStream) {
    match status {
        StatusCode::Exact(code) => (format!("Status{code}"), quote!(#code)),
        StatusCode::Range(digit) => (format!("Status{digit}xx"), quote!(_)),
        StatusCode::Default => ("Default".to_string(), quote!(_)),
    }
}

/// The enum of an operation's success bodies, when several statuses carry different ones.
pub fn responses_enum(op: &Operation) -> Option<TokenStream> {
    let Output::ByStatus(statuses) = &op.output else {
        return None;
    };
    let name = responses_name(op);
    let variants = statuses.iter().map(|(status, body)| {
        let (label, _) = status_variant(*status);
        let variant = word(&label);
        let doc = format!(" The `{}` response.", label.trim_start_matches("Status"));
        match body {
            Some(_) => {
                let ty = response_type(body);
                quote!(#[doc = #doc] #variant(#ty))
            }
            None => quote!(#[doc = #doc] #variant),
        }
    });
    let doc = format!(
        " The success responses of [`{}`]: one variant per status.",
        op.builder_name
    );
    Some(quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, PartialEq)]
        pub enum #name {
            #(#variants,)*
        }
    })
}

/// The success type of a non-list operation and the expression that decodes `raw` into a
/// `Result<Response<_>, Error>`.
fn success(op: &Operation) -> (TokenStream, TokenStream) {
    match &op.output {
        Output::Single(body) => {
            let decode = decoder(body);
            (response_type(body), quote!(raw.#decode))
        }
        Output::ByStatus(statuses) => {
            let name = responses_name(op);
            let arms = statuses.iter().map(|(status, body)| {
                let (label, pattern) = status_variant(*status);
                let variant = word(&label);
                let decode = decoder(body);
                match body {
                    Some(_) => quote!(#pattern => raw.#decode.map(|r| r.map(#name::#variant))),
                    None => quote!(#pattern => raw.empty().map(|r| r.map(|()| #name::#variant))),
                }
            });
            let has_catch_all = statuses
                .iter()
                .any(|(s, _)| !matches!(s, StatusCode::Exact(_)));
            let fallback = (!has_catch_all)
                .then(|| quote!(_ => ::std::result::Result::Err(raw.into_error(false)),));
            (
                quote!(#name),
                quote!(match raw.status { #(#arms,)* #fallback }),
            )
        }
        Output::Paged { item } => {
            let item = tokens(item, Scope::Sibling);
            (quote!(::std::vec::Vec<#item>), quote!(raw.json()))
        }
    }
}

/// `send` (and for lists, `into_stream`). They are plain functions returning the runtime's
/// shared futures: an `async fn` per operation would make a state machine per operation.
pub fn emit_send(op: &Operation) -> TokenStream {
    let future = |output: TokenStream| quote!(impl ::std::future::Future<Output = ::std::result::Result<#output, super::Error>>);
    let stream = emit_send_stream(op, &future);
    match &op.output {
        Output::Paged { item } => {
            let item = tokens(item, Scope::Sibling);
            let page = future(quote!(super::Page<#item>));
            quote! {
                /// Sends the request and returns the first page, with the link to the next one.
                pub fn send(self) -> #page {
                    let parts = self.parts();
                    super::pagination::first_page(self.client, parts)
                }

                /// Streams every item of every page, following `Link: rel="next"` lazily.
                pub fn into_stream(self) -> ::futures_util::stream::BoxStream<'static, ::std::result::Result<#item, super::Error>> {
                    let parts = self.parts();
                    super::pagination::stream_items(self.client, parts)
                }

                #stream
            }
        }
        Output::Single(body) => {
            // Bytes, events and JSON lines stream; every other body is read whole.
            let (output, call) = match body {
                Some((media, ty)) if media.streams() => streamed(*media, ty),
                _ => {
                    let sender = sender(body);
                    (response_type(body), quote!(#sender(self.client, parts)))
                }
            };
            let (body_future, response_future) = (
                future(output.clone()),
                future(quote!(super::Response<#output>)),
            );
            let pages = op
                .paging
                .as_ref()
                .map(|paging| emit_body_pages(paging, &future));
            quote! {
                /// Sends the request and returns the decoded body.
                pub fn send(self) -> #body_future {
                    ::futures_util::FutureExt::map(self.send_with_response(), super::send::body)
                }

                /// Sends the request and returns the decoded body with the status and headers.
                pub fn send_with_response(self) -> #response_future {
                    let parts = self.parts();
                    #call
                }

                #pages
                #stream
            }
        }
        Output::ByStatus(_) => {
            let (output, decode) = success(op);
            quote! {
                /// Sends the request and returns the decoded body.
                pub async fn send(self) -> ::std::result::Result<#output, super::Error> {
                    self.send_with_response().await.map(super::Response::into_body)
                }

                /// Sends the request and returns the decoded body with the status and headers.
                pub async fn send_with_response(self) -> ::std::result::Result<super::Response<#output>, super::Error> {
                    let parts = self.parts()?;
                    let raw = self.client.execute(&parts).await?;
                    #decode
                }

                #stream
            }
        }
    }
}

/// `send_stream`, for an operation whose success response offers a sequence beside the JSON
/// body `send` reads (OpenAI's `stream: true`): it asks for the sequence and reads it.
fn emit_send_stream(
    op: &Operation,
    future: &dyn Fn(TokenStream) -> TokenStream,
) -> Option<TokenStream> {
    let (media, item) = op.stream.as_ref()?;
    let (output, call) = streamed(*media, item);
    let output = future(output);
    let accept = super::parts::accept(op, *media, None);
    let doc = format!(
        " Sends the request asking for a stream (`Accept: {accept}`) and returns it, read as it arrives. Where the API needs it, the request itself must ask for a stream too (OpenAI's `stream: true`)."
    );
    Some(quote! {
        #[doc = #doc]
        pub fn send_stream(self) -> #output {
            let parts = self.parts().map(|parts| parts.accept(#accept));
            ::futures_util::FutureExt::map(#call, super::send::body)
        }
    })
}

/// `into_stream` and `send_page` of an operation that pages through its body, and the
/// description of its pagination that they share.
fn emit_body_pages(paging: &Paging, future: &dyn Fn(TokenStream) -> TokenStream) -> TokenStream {
    let item = tokens(&paging.item, Scope::Sibling);
    let page = future(quote!(super::Page<#item>));
    let described = body_paging(paging);
    let stream_doc = format!(
        " Streams every item of every page, asking for each next page as `{}` declares; it stops with [`Error::Pagination`](super::Error::Pagination) on a repeated cursor or too many empty pages.",
        paging.rule.name()
    );
    quote! {
        /// How the responses page through their body.
        const PAGING: super::body_paging::BodyPaging = #described;

        #[doc = #stream_doc]
        pub fn into_stream(self) -> ::futures_util::stream::BoxStream<'static, ::std::result::Result<#item, super::Error>> {
            let parts = self.parts();
            super::pagination::stream_body_items(self.client, parts, &Self::PAGING)
        }

        /// Sends the request and returns the first page: its items, and the cursor (or link)
        /// of the next page, for paging by hand.
        pub fn send_page(self) -> #page {
            let parts = self.parts();
            super::pagination::first_body_page(self.client, parts, &Self::PAGING)
        }
    }
}

/// The runtime's description of a pagination, as a constant expression.
fn body_paging(paging: &Paging) -> TokenStream {
    let results = path(&paging.results);
    let next = match &paging.next {
        NextPage::Cursor { from, input } => {
            let (from, input) = (path(from), paging_input(input));
            quote!(super::body_paging::Next::Cursor { from: #from, input: #input })
        }
        NextPage::HasMore {
            has_more,
            cursors,
            input,
        } => {
            let (has_more, input) = (path(has_more), paging_input(input));
            let cursors = cursors.iter().map(|c| path(c));
            quote!(super::body_paging::Next::HasMore { has_more: #has_more, cursors: &[#(#cursors),*], input: #input })
        }
        NextPage::Offset {
            input,
            limit,
            pages,
        } => {
            let input = paging_input(input);
            let limit = match limit {
                Some(limit) => {
                    let limit = paging_input(limit);
                    quote!(::std::option::Option::Some(#limit))
                }
                None => quote!(::std::option::Option::None),
            };
            quote!(super::body_paging::Next::Offset { input: #input, limit: #limit, pages: #pages })
        }
        NextPage::NextLink { from } => {
            let from = path(from);
            quote!(super::body_paging::Next::Url { from: #from })
        }
        NextPage::Token { from, input, keep } => {
            let (from, input) = (path(from), paging_input(input));
            quote!(super::body_paging::Next::Token { from: #from, input: #input, keep: &[#(#keep),*] })
        }
    };
    quote!(super::body_paging::BodyPaging { results: #results, next: #next })
}

/// A path into the body, as a slice of steps.
fn path(steps: &[PathStep]) -> TokenStream {
    let steps = steps.iter().map(|step| match step {
        PathStep::Key(key) => quote!(super::body_paging::Step::Key(#key)),
        PathStep::Index(index) => quote!(super::body_paging::Step::Index(#index)),
    });
    quote!(&[#(#steps),*])
}

/// Where a paging value goes.
fn paging_input(input: &PagingInput) -> TokenStream {
    let (name, in_body) = (&input.name, input.in_body);
    quote!(super::body_paging::Input { name: #name, in_body: #in_body })
}
