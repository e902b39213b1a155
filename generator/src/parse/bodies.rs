//! Bodies: request bodies and responses, with the media type the client will use.

use super::context::Context;
use super::normalize::ITEM_SCHEMA;
use super::schema::type_ref;
use crate::diagnostics::Pointer;
use crate::ir::{
    Body, BodyMedia, FieldEncoding, ParamStyle, Primitive, Response, StatusCode, Style, TypeRef,
};
use openapiv3::{MediaType, QueryStyle, ReferenceOr, RequestBody, Schema};

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
    } else if essence == "text/event-stream" {
        BodyMedia::Events
    } else if JSON_LINES.contains(&essence.as_str()) {
        BodyMedia::JsonLines
    } else if essence == "application/json-seq" {
        BodyMedia::JsonSeq
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

/// The media types of JSON texts one per line, by their several names.
const JSON_LINES: &[&str] = &[
    "application/x-ndjson",
    "application/ndjson",
    "application/jsonl",
    "application/x-jsonl",
    "application/jsonlines",
    "application/x-jsonlines",
    "application/json-lines",
];

/// Picks the media type the client will use: JSON first, then forms, then sequences, then
/// text, then bytes.
fn preferred(
    content: &indexmap::IndexMap<String, MediaType>,
) -> Option<(&String, &MediaType, BodyMedia)> {
    let rank = |media: BodyMedia| match media {
        BodyMedia::Json => 0,
        BodyMedia::FormUrlEncoded => 1,
        BodyMedia::Multipart => 2,
        BodyMedia::Events | BodyMedia::JsonLines | BodyMedia::JsonSeq => 3,
        BodyMedia::Text => 4,
        BodyMedia::Bytes => 5,
    };
    content
        .iter()
        .map(|(name, media)| (name, media, media_of_object(name, media)))
        .min_by_key(|(name, _, media)| (rank(*media), name.len()))
}

/// Classifies a media type with its object: a wildcard (`*/*`, `application/*`) without a
/// schema promises nothing about its bytes (memos's avatar), so they are bytes, not JSON.
fn media_of_object(name: &str, object: &MediaType) -> BodyMedia {
    let media = media_of(name);
    let essence = name.split(';').next().unwrap_or("").trim();
    if media == BodyMedia::Json && essence.ends_with("/*") && object.schema.is_none() {
        BodyMedia::Bytes
    } else {
        media
    }
}

/// The type of one item of a sequence. OpenAPI 3.2's `itemSchema` gives it: for events, the
/// `contentSchema` of the envelope's `data`, else text. Without one, the media type's
/// `schema` is the item, as vendors write it today (for JSON lines, its `items` when it is
/// an array); without either, events are text and JSON lines any JSON.
fn sequence_item(
    cx: &mut Context<'_>,
    media_object: &MediaType,
    media: BodyMedia,
    hint: &str,
    pointer: &Pointer,
) -> TypeRef {
    let text = TypeRef::Primitive(Primitive::String);
    if let Some(item) = media_object.extensions.get(ITEM_SCHEMA) {
        let item_pointer = pointer.key("itemSchema");
        let (schema, at) = if media == BodyMedia::Events {
            let envelope = followed(cx.tree, item);
            match envelope.pointer("/properties/data/contentSchema") {
                Some(schema) => (
                    schema,
                    item_pointer
                        .key("properties")
                        .key("data")
                        .key("contentSchema"),
                ),
                None => return text,
            }
        } else {
            (item, item_pointer)
        };
        return match serde_json::from_value::<ReferenceOr<Schema>>(schema.clone()) {
            Ok(schema) => type_ref(cx, &schema, hint, &at),
            Err(_) if media == BodyMedia::Events => text,
            Err(_) => TypeRef::Any,
        };
    }
    let schema_pointer = pointer.key("schema");
    match &media_object.schema {
        None if media == BodyMedia::Events => text,
        None => TypeRef::Any,
        Some(schema) if media != BodyMedia::Events => {
            match type_ref(cx, schema, hint, &schema_pointer) {
                TypeRef::Array(item) => *item,
                item => item,
            }
        }
        Some(schema) => type_ref(cx, schema, hint, &schema_pointer),
    }
}

/// The properties of an object schema that hold binary data (`format: binary`), or arrays
/// of it: the files of a multipart form.
fn binary_properties(tree: &serde_json::Value, schema: &ReferenceOr<Schema>) -> Vec<String> {
    let Ok(schema) = serde_json::to_value(schema) else {
        return Vec::new();
    };
    let binary = |value: &serde_json::Value| {
        let value = followed(tree, value);
        let format = |v: &serde_json::Value| {
            v.get("format").and_then(serde_json::Value::as_str) == Some("binary")
        };
        format(value)
            || value
                .get("items")
                .is_some_and(|items| format(followed(tree, items)))
    };
    followed(tree, &schema)
        .get("properties")
        .and_then(serde_json::Value::as_object)
        .into_iter()
        .flatten()
        .filter(|(_, property)| binary(property))
        .map(|(name, _)| name.clone())
        .collect()
}

/// The object a local `$ref` names, or the value itself.
fn followed<'t>(
    tree: &'t serde_json::Value,
    value: &'t serde_json::Value,
) -> &'t serde_json::Value {
    value
        .get("$ref")
        .and_then(serde_json::Value::as_str)
        .and_then(|reference| reference.strip_prefix('#'))
        .and_then(|pointer| tree.pointer(pointer))
        .unwrap_or(value)
}

/// Lowers a request body.
pub fn lower_body(
    cx: &mut Context<'_>,
    body: &ReferenceOr<RequestBody>,
    builder_name: &str,
    pointer: &Pointer,
) -> Option<Body> {
    let body_ref = body;
    let body = match body {
        ReferenceOr::Item(body) => body.clone(),
        ReferenceOr::Reference { reference } => {
            cx.resolve_object(reference, pointer, serde_json::from_value::<RequestBody>)?
        }
    };
    let (media_type, media_object, media) = preferred(&body.content)?;
    // A sequence sent is bytes the caller has framed: an upload.
    let media = if media.is_sequence() {
        BodyMedia::Bytes
    } else {
        media
    };
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
    let binary_parts = match (media, &media_object.schema) {
        (BodyMedia::Multipart, Some(schema)) => binary_properties(cx.tree, schema),
        _ => Vec::new(),
    };
    // `openapiv3` reads an absent `explode` as false, where OpenAPI's default for the form
    // style is true; the raw encoding map says which it was.
    let raw_body = match body_ref {
        ReferenceOr::Reference { reference } => reference
            .strip_prefix('#')
            .and_then(|pointer| cx.tree.pointer(pointer)),
        ReferenceOr::Item(_) => cx.tree.pointer(pointer.as_str().trim_start_matches('#')),
    };
    let raw_encodings = raw_body
        .and_then(|body| body.get("content"))
        .and_then(|content| content.get(media_type))
        .and_then(|media| media.get("encoding"));
    let encodings = match media {
        BodyMedia::FormUrlEncoded | BodyMedia::Multipart => media_object
            .encoding
            .iter()
            .map(|(name, encoding)| field_encoding(name, encoding, raw_encodings))
            .collect(),
        _ => Vec::new(),
    };
    Some(Body {
        media_type: media_type.clone(),
        media,
        ty,
        required: body.required,
        doc: body.description.clone(),
        binary_parts,
        encodings,
        samples: serde_json::to_value(media_object)
            .map(|raw| super::samples::of_media(cx.tree, &raw))
            .unwrap_or_default(),
    })
}

/// One entry of an `encoding` map; `raw` is the map as the spec wrote it, for whether
/// `explode` was given.
fn field_encoding(
    name: &str,
    encoding: &openapiv3::Encoding,
    raw: Option<&serde_json::Value>,
) -> FieldEncoding {
    let style = match encoding.style {
        None | Some(QueryStyle::Form) => Style::Form,
        Some(QueryStyle::SpaceDelimited) => Style::SpaceDelimited,
        Some(QueryStyle::PipeDelimited) => Style::PipeDelimited,
        Some(QueryStyle::DeepObject) => Style::DeepObject,
    };
    let explode_given = raw
        .and_then(|map| map.get(name))
        .and_then(|entry| entry.get("explode"))
        .and_then(serde_json::Value::as_bool);
    FieldEncoding {
        name: name.to_string(),
        style: ParamStyle {
            style,
            explode: explode_given.unwrap_or(style == Style::Form),
        },
        allow_reserved: encoding.allow_reserved,
        content_type: encoding
            .content_type
            .as_deref()
            .and_then(|list| list.split(',').next())
            .map(|media| media.trim().to_string())
            .filter(|media| !media.is_empty()),
    }
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
        let hint = format!("{builder_name}Response{suffix}");
        let body = preferred(&response.content).map(|(media_type, media_object, media)| {
            let content_pointer = response_pointer.key("content").key(media_type);
            let ty = match media {
                BodyMedia::Json | BodyMedia::FormUrlEncoded | BodyMedia::Multipart => {
                    media_type_ref(cx, media_object, &hint, &content_pointer)
                }
                BodyMedia::Events | BodyMedia::JsonLines | BodyMedia::JsonSeq => {
                    sequence_item(cx, media_object, media, &hint, &content_pointer)
                }
                BodyMedia::Text => TypeRef::Primitive(Primitive::String),
                BodyMedia::Bytes => TypeRef::Primitive(Primitive::Bytes),
            };
            // A schema of `format: binary` is a file, whatever media type (`*/*`) it is under.
            match ty {
                TypeRef::Primitive(Primitive::Bytes) => (BodyMedia::Bytes, ty),
                ty => (media, ty),
            }
        });
        // A sequence offered beside JSON, as OpenAI offers `stream: true`.
        let stream = match &body {
            Some((BodyMedia::Json, _)) => response
                .content
                .iter()
                .map(|(name, object)| (name, object, media_of(name)))
                .find(|(_, _, media)| media.is_sequence())
                .map(|(name, object, media)| {
                    let content_pointer = response_pointer.key("content").key(name);
                    let hint = format!("{hint}Item");
                    (
                        media,
                        sequence_item(cx, object, media, &hint, &content_pointer),
                    )
                }),
            _ => None,
        };
        out.push(Response {
            status,
            body,
            stream,
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

#[cfg(test)]
mod tests {
    use super::*;

    fn object(schema: Option<serde_json::Value>) -> MediaType {
        MediaType {
            schema: schema.map(|s| serde_json::from_value(s).unwrap()),
            ..MediaType::default()
        }
    }

    #[test]
    fn a_wildcard_without_a_schema_is_bytes() {
        assert_eq!(media_of_object("*/*", &object(None)), BodyMedia::Bytes);
        assert_eq!(
            media_of_object("application/*", &object(None)),
            BodyMedia::Bytes
        );
        let schema = Some(serde_json::json!({"type": "object"}));
        assert_eq!(media_of_object("*/*", &object(schema)), BodyMedia::Json);
        assert_eq!(
            media_of_object("application/json", &object(None)),
            BodyMedia::Json
        );
    }
}
