//! Bodies: the one place that says how each kind of body travels, by its media
//! (`BodyMedia`): the Rust type a request holds or a response gives, the runtime function
//! that sends a request and reads its response, and the call that puts a request's body in
//! its parts.

use super::types::{tokens, Scope};
use crate::ir::{Body, BodyMedia, TypeRef};
use proc_macro2::TokenStream;
use quote::quote;

/// The Rust type of a response or request body as the client reads it: `()` for none,
/// `String` for text, bytes for anything that is not structured.
pub fn response_type(body: &Option<(BodyMedia, TypeRef)>) -> TokenStream {
    match body {
        None => quote!(()),
        Some((BodyMedia::Text, _)) => quote!(::std::string::String),
        Some((BodyMedia::Bytes, _)) => quote!(::std::vec::Vec<u8>),
        Some((_, ty)) => tokens(ty, Scope::Sibling),
    }
}

/// The type of a request body as the builder holds it.
pub fn request_type(body: &Body) -> TokenStream {
    match body.media {
        BodyMedia::Bytes => quote!(super::Body),
        BodyMedia::Text => quote!(::std::string::String),
        _ => tokens(&body.ty, Scope::Sibling),
    }
}

/// The statement that puts a request body (`value`, a reference) in the request's parts.
pub fn set_request_body(body: &Body, value: TokenStream) -> TokenStream {
    match body.media {
        BodyMedia::Json => quote!(parts.json(#value)?;),
        BodyMedia::FormUrlEncoded => {
            let encodings = encodings(body);
            quote!(parts.form(#value, #encodings)?;)
        }
        BodyMedia::Multipart => {
            let encodings = encodings(body);
            quote!(parts.multipart(#value, #encodings)?;)
        }
        BodyMedia::Text => {
            let media = &body.media_type;
            quote!(parts.raw(#media, ::std::clone::Clone::clone(#value).into_bytes());)
        }
        BodyMedia::Bytes | BodyMedia::Events | BodyMedia::JsonLines | BodyMedia::JsonSeq => {
            let media = &body.media_type;
            quote!(parts.upload(#media, #value);)
        }
    }
}

/// The `encoding` entries of a form or multipart body, as the runtime's `FieldEncoding`s.
fn encodings(body: &Body) -> TokenStream {
    let entries = body.encodings.iter().map(|encoding| {
        let name = &encoding.name;
        let (style, explode) = super::paths::style_tokens(encoding.style);
        let allow_reserved = encoding.allow_reserved;
        let content_type = match &encoding.content_type {
            Some(media) => quote!(::std::option::Option::Some(#media)),
            None => quote!(::std::option::Option::None),
        };
        quote! {
            super::request::FieldEncoding {
                name: #name,
                style: #style,
                explode: #explode,
                allow_reserved: #allow_reserved,
                content_type: #content_type,
            }
        }
    });
    quote!(&[#(#entries),*])
}

/// The runtime's sending function for one success body (`super::send::json`, …).
pub fn sender(body: &Option<(BodyMedia, TypeRef)>) -> TokenStream {
    match body {
        None => quote!(super::send::empty),
        Some((BodyMedia::Text, _)) => quote!(super::send::text),
        Some((BodyMedia::Bytes, _)) => quote!(super::send::bytes),
        Some(_) => quote!(super::send::json),
    }
}

/// The method of `RawResponse` that reads one success body.
pub fn decoder(body: &Option<(BodyMedia, TypeRef)>) -> TokenStream {
    match body {
        None => quote!(empty()),
        Some((BodyMedia::Text, _)) => quote!(text()),
        Some((BodyMedia::Bytes, _)) => quote!(bytes()),
        Some(_) => quote!(json()),
    }
}

/// The type of a body read as it arrives, and the call that sends `parts` for it.
pub fn streamed(media: BodyMedia, item: &TypeRef) -> (TokenStream, TokenStream) {
    let ty = tokens(item, Scope::Sibling);
    let decode = match item {
        TypeRef::Primitive(crate::ir::Primitive::String) => quote!(super::json_stream::text),
        _ => quote!(super::json_stream::json::<#ty>),
    };
    match media {
        BodyMedia::Events => (
            quote!(super::EventStream<#ty>),
            quote!(super::event_stream::events(self.client, parts, #decode)),
        ),
        BodyMedia::JsonLines | BodyMedia::JsonSeq => {
            let framing = if media == BodyMedia::JsonSeq {
                quote!(Sequence)
            } else {
                quote!(Lines)
            };
            (
                quote!(super::JsonStream<#ty>),
                quote!(super::json_stream::items(self.client, parts, super::json_stream::Framing::#framing, #decode)),
            )
        }
        _ => (
            quote!(super::ByteStream),
            quote!(super::byte_stream::download(self.client, parts)),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::Primitive;

    #[test]
    fn each_media_reads_and_sends_its_own_way() {
        let named = TypeRef::Named(crate::ident::camel("Pet"));
        let text = |tokens: TokenStream| tokens.to_string().replace(' ', "");
        let table = [
            (
                BodyMedia::Json,
                "super::models::Pet",
                "super::send::json",
                "json()",
            ),
            (
                BodyMedia::Text,
                "::std::string::String",
                "super::send::text",
                "text()",
            ),
            (
                BodyMedia::Bytes,
                "::std::vec::Vec<u8>",
                "super::send::bytes",
                "bytes()",
            ),
        ];
        for (media, ty, send, decode) in table {
            let body = Some((media, named.clone()));
            assert_eq!(text(response_type(&body)), ty, "{media:?}");
            assert_eq!(text(sender(&body)), send, "{media:?}");
            assert_eq!(text(decoder(&body)), decode, "{media:?}");
        }
        assert_eq!(text(response_type(&None)), "()");
        assert_eq!(text(sender(&None)), "super::send::empty");
        let (ty, call) = streamed(BodyMedia::Events, &TypeRef::Primitive(Primitive::String));
        assert_eq!(text(ty), "super::EventStream<::std::string::String>");
        assert!(text(call).contains("super::json_stream::text"));
        let (ty, call) = streamed(BodyMedia::JsonSeq, &named);
        assert_eq!(text(ty), "super::JsonStream<super::models::Pet>");
        assert!(text(call).contains("Framing::Sequence"));
        let (ty, _) = streamed(BodyMedia::Bytes, &named);
        assert_eq!(text(ty), "super::ByteStream");
        let request = |media, media_type: &str| Body {
            media_type: media_type.to_string(),
            media,
            ty: named.clone(),
            required: true,
            doc: None,
            binary_parts: Vec::new(),
            encodings: Vec::new(),
            samples: Vec::new(),
        };
        let table = [
            (
                BodyMedia::Json,
                "application/json",
                "super::models::Pet",
                "parts.json(v)?;",
            ),
            (
                BodyMedia::FormUrlEncoded,
                "application/x-www-form-urlencoded",
                "super::models::Pet",
                "parts.form(v,&[])?;",
            ),
            (
                BodyMedia::Multipart,
                "multipart/form-data",
                "super::models::Pet",
                "parts.multipart(v,&[])?;",
            ),
            (
                BodyMedia::Bytes,
                "image/png",
                "super::Body",
                r#"parts.upload("image/png",v);"#,
            ),
        ];
        for (media, media_type, ty, set) in table {
            let body = request(media, media_type);
            assert_eq!(text(request_type(&body)), ty, "{media:?}");
            assert_eq!(text(set_request_body(&body, quote!(v))), set, "{media:?}");
        }
        let body = request(BodyMedia::Text, "text/plain");
        assert_eq!(text(request_type(&body)), "::std::string::String");
        assert!(text(set_request_body(&body, quote!(v))).starts_with(r#"parts.raw("text/plain""#));
    }
}
