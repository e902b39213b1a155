//! Bodies: request bodies and responses, with the media type the client will use.

use super::context::Context;
use super::schema::type_ref;
use crate::diagnostics::Pointer;
use crate::ir::{Body, BodyMedia, Response, StatusCode, TypeRef};
use openapiv3::{MediaType, ReferenceOr, RequestBody};

/// The type of a media type's schema, or any JSON when it has none.
pub fn media_type_ref(
    cx: &mut Context<'_>,
    media: &MediaType,
    hint: &str,
    pointer: &Pointer,
) -> TypeRef {
    match &media.schema {
        Some(schema) => type_ref(cx, schema, hint, &pointer.key("schema")),
        None => TypeRef::Any,
    }
}

/// Classifies a media type.
pub fn media_of(media_type: &str) -> BodyMedia {
    let essence = media_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    if essence == "application/json"
        || essence.ends_with("+json")
        || essence == "*/*"
        || essence == "application/*"
    {
        BodyMedia::Json
    } else if essence == "application/x-www-form-urlencoded" {
        BodyMedia::FormUrlEncoded
    } else if essence == "multipart/form-data" {
        BodyMedia::Multipart
    } else if essence.starts_with("text/") {
        BodyMedia::Text
    } else {
        BodyMedia::Bytes
    }
}

/// Picks the media type the client will use: JSON first, then forms, then text, then bytes.
fn preferred(
    content: &indexmap::IndexMap<String, MediaType>,
) -> Option<(&String, &MediaType, BodyMedia)> {
    let rank = |media: BodyMedia| match media {
        BodyMedia::Json => 0,
        BodyMedia::FormUrlEncoded => 1,
        BodyMedia::Multipart => 2,
        BodyMedia::Text => 3,
        BodyMedia::Bytes => 4,
    };
    content
        .iter()
        .map(|(name, media)| (name, media, media_of(name)))
        .min_by_key(|(name, _, media)| (rank(*media), name.len()))
}

/// Lowers a request body.
pub fn lower_body(
    cx: &mut Context<'_>,
    body: &ReferenceOr<RequestBody>,
    builder_name: &str,
    pointer: &Pointer,
) -> Option<Body> {
    let body = match body {
        ReferenceOr::Item(body) => body.clone(),
        ReferenceOr::Reference { reference } => {
            cx.resolve_object(reference, pointer, serde_json::from_value::<RequestBody>)?
        }
    };
    let (media_type, media_object, media) = preferred(&body.content)?;
    let content_pointer = pointer.key("content").key(media_type);
    let ty = match (media, &media_object.schema) {
        (BodyMedia::Bytes, _) => TypeRef::Primitive(crate::ir::Primitive::Bytes),
        (BodyMedia::Text, None) => TypeRef::Primitive(crate::ir::Primitive::String),
        _ => media_type_ref(
            cx,
            media_object,
            &format!("{builder_name}Body"),
            &content_pointer,
        ),
    };
    Some(Body {
        media_type: media_type.clone(),
        media,
        ty,
        required: body.required,
        doc: body.description.clone(),
    })
}

/// Lowers the documented responses, sorted by status.
pub fn lower_responses(
    cx: &mut Context<'_>,
    responses: &openapiv3::Responses,
    builder_name: &str,
    pointer: &Pointer,
) -> Vec<Response> {
    let mut out = Vec::new();
    let entries = responses
        .responses
        .iter()
        .map(|(code, response)| {
            let status = match code {
                openapiv3::StatusCode::Code(code) => StatusCode::Exact(*code),
                openapiv3::StatusCode::Range(digit) => StatusCode::Range(*digit as u8),
            };
            (status, code.to_string(), response)
        })
        .chain(
            responses
                .default
                .iter()
                .map(|r| (StatusCode::Default, "default".to_string(), r)),
        );
    for (status, key, response) in entries {
        let response_pointer = pointer.key(&key);
        let response = match response {
            ReferenceOr::Item(response) => response.clone(),
            ReferenceOr::Reference { reference } => {
                match cx.resolve_object(
                    reference,
                    &response_pointer,
                    serde_json::from_value::<openapiv3::Response>,
                ) {
                    Some(response) => response,
                    None => continue,
                }
            }
        };
        let suffix = match status {
            StatusCode::Exact(code) => code.to_string(),
            StatusCode::Range(digit) => format!("{digit}XX"),
            StatusCode::Default => "Default".to_string(),
        };
        let body = preferred(&response.content).map(|(media_type, media_object, media)| {
            let content_pointer = response_pointer.key("content").key(media_type);
            let ty = match media {
                BodyMedia::Json | BodyMedia::FormUrlEncoded | BodyMedia::Multipart => {
                    media_type_ref(
                        cx,
                        media_object,
                        &format!("{builder_name}Response{suffix}"),
                        &content_pointer,
                    )
                }
                BodyMedia::Text => TypeRef::Primitive(crate::ir::Primitive::String),
                BodyMedia::Bytes => TypeRef::Primitive(crate::ir::Primitive::Bytes),
            };
            (media, ty)
        });
        out.push(Response {
            status,
            body,
            media_types: response
                .content
                .keys()
                .map(|name| (name.clone(), media_of(name)))
                .collect(),
            doc: Some(response.description.clone()).filter(|d| !d.is_empty()),
        });
    }
    out.sort_by_key(|r| r.status);
    out
}
