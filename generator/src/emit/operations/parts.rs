//! `parts`: the request on the wire (method, path, query, headers, body), before
//! authentication and retries.

use super::super::names::ident;
use super::super::paths::{path_expression, style_tokens};
use crate::ir::{BodyMedia, Operation, Output, Param, ParamLocation, StatusCode};
use proc_macro2::TokenStream;
use quote::quote;

/// `parts`: the method, path, query, headers and body of the request.
pub fn emit_parts(op: &Operation) -> TokenStream {
    let method = super::super::names::word(&op.http_method);
    let (id, template) = (&op.id, &op.path);
    let (lets, path) = path_expression(op, |param| {
        let field = ident(&param.rust_name);
        let name = &param.name;
        let (style, explode) = style_tokens(param.style);
        quote!(super::style::path(#name, &self.#field, #style, #explode)?)
    });
    let fixed = op
        .fixed_query
        .iter()
        .map(|(k, v)| quote!(parts.query(#k, #v);));
    let params = op
        .params
        .iter()
        .filter(|p| p.location != ParamLocation::Path)
        .map(emit_param);
    let body = emit_body(op);
    let statuses = error_statuses(op);
    let accept = send_accept(op).map(|accept| quote!(.accept(#accept)));
    // Each alternative's scheme keys, so the client sends what the operation needs.
    let security = op.security.as_ref().map(|alternatives| {
        let alternatives = alternatives.iter().map(|needed| quote!(&[#(#needed),*]));
        quote!(.security(&[#(#alternatives),*]))
    });
    let read_timeout = super::streams(op).then(|| quote!(.read_timeout(self.read_timeout)));
    let resume = super::resumes(op).then(|| {
        quote! {
            if let ::std::option::Option::Some(id) = &self.last_event_id {
                parts.header("Last-Event-ID", id);
            }
        }
    });
    let has_default = op.responses.iter().any(|r| r.status == StatusCode::Default);
    let files = super::builder::has_files(op).then(|| {
        quote! {
            for (name, body) in &self.files {
                parts.multipart_file(name, body);
            }
        }
    });
    let mutable = if op.fixed_query.is_empty()
        && op.body.is_none()
        && resume.is_none()
        && op.params.iter().all(|p| p.location == ParamLocation::Path)
    {
        quote!()
    } else {
        quote!(mut)
    };
    quote! {
        /// The request before authentication.
        fn parts(&self) -> ::std::result::Result<super::request::RequestParts, super::Error> {
            #(#lets)*
            let #mutable parts = super::request::RequestParts::new(::reqwest::Method::#method, #path, #id, #template).errors(&[#(#statuses),*], #has_default)#accept #security.retry(&self.retry_policy)#read_timeout;
            #(#fixed)*
            #resume
            #(#params)*
            #body
            #files
            ::std::result::Result::Ok(parts)
        }
    }
}

/// Sets the body of the request, when the operation has one.
fn emit_body(op: &Operation) -> Option<TokenStream> {
    op.body.as_ref().map(|body| {
        let value = if body.required {
            quote!(&self.body)
        } else {
            quote!(body)
        };
        let set = super::super::bodies::set_request_body(body, value);
        if body.required {
            set
        } else {
            quote!(if let ::std::option::Option::Some(body) = &self.body { #set })
        }
    })
}

/// The error statuses an operation documents, a range like `4XX` spelled out.
fn error_statuses(op: &Operation) -> Vec<u16> {
    let statuses: Vec<u16> = op
        .responses
        .iter()
        .filter(|r| !r.status.is_success())
        .filter_map(|r| match r.status {
            StatusCode::Exact(code) => Some(code),
            _ => None,
        })
        .collect();
    let ranges: Vec<u16> = op
        .responses
        .iter()
        .filter_map(|r| match r.status {
            StatusCode::Range(digit) if digit >= 4 => Some(digit as u16),
            _ => None,
        })
        .flat_map(|digit| (digit * 100)..(digit * 100 + 100))
        .collect();
    statuses.into_iter().chain(ranges).collect()
}

/// Writes one query, header or cookie parameter into the request, in its style.
fn emit_param(param: &Param) -> TokenStream {
    let name = &param.name;
    let field = ident(&param.rust_name);
    let (style, explode) = style_tokens(param.style);
    let write = |value: TokenStream| match param.location {
        ParamLocation::Header => quote!(parts.header_param(#name, #value, #style, #explode)?;),
        ParamLocation::Cookie => quote!(parts.cookie_param(#name, #value, #style)?;),
        _ => quote!(parts.query_param(#name, #value, #style, #explode)?;),
    };
    if param.required {
        write(quote!(&self.#field))
    } else {
        let write = write(quote!(value));
        quote! {
            if let ::std::option::Option::Some(value) = &self.#field {
                #write
            }
        }
    }
}

/// The `Accept` header of `send`, when it is not `application/json`: the media types of the
/// documented responses, each once, what `send` reads first, then JSON; without the sequence
/// `send_stream` asks for.
fn send_accept(op: &Operation) -> Option<String> {
    let reads = match &op.output {
        Output::Single(Some((media, _))) => *media,
        _ => BodyMedia::Json,
    };
    let accept = accept(op, reads, op.stream.as_ref().map(|(media, _)| *media));
    (accept != "application/json").then_some(accept)
}

/// The `Accept` header of a request that reads `reads`: the media types of the documented
/// responses, each once, those of `reads` first, then JSON, then the rest in spec order;
/// none of class `skip`.
pub(super) fn accept(op: &Operation, reads: BodyMedia, skip: Option<BodyMedia>) -> String {
    let mut media: Vec<(&str, BodyMedia)> = Vec::new();
    for response in &op.responses {
        for (media_type, class) in &response.media_types {
            let essence = media_type.split(';').next().unwrap_or("").trim();
            if !essence.is_empty()
                && Some(*class) != skip
                && !media.iter().any(|(m, _)| *m == essence)
            {
                media.push((essence, *class));
            }
        }
    }
    media.sort_by_key(|(_, class)| match class {
        class if *class == reads => 0,
        BodyMedia::Json => 1,
        _ => 2,
    });
    media.iter().map(|(m, _)| *m).collect::<Vec<_>>().join(", ")
}
