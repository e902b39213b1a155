//! Operation lowering: paths and their operations to IR operations.

use super::context::Context;
use super::schema::type_ref;
use crate::diagnostics::join_pointer;
use crate::ident::{self, Namespace};
use crate::ir::{
    Body, BodyMedia, Operation, Param, ParamLocation, ParamStyle, Response, ResponseKind,
    StatusCode, TypeRef,
};
use openapiv3::{
    MediaType, Parameter, ParameterSchemaOrContent, QueryStyle, ReferenceOr, RequestBody,
};
use std::collections::BTreeSet;

/// Method names a generated operation may not take, because `Client` has them already.
const CLIENT_METHODS: &[&str] = &["builder", "new", "clone", "base_url", "execute", "request"];

/// Lowers every operation of every path, sorted by method name.
pub fn lower_all(cx: &mut Context<'_>) -> Vec<Operation> {
    let mut method_names = Namespace::with_reserved(CLIENT_METHODS);
    let mut builder_names = Namespace::default();
    let mut ids = BTreeSet::new();
    let mut operations = Vec::new();
    let doc = cx.doc;
    for (path_key, item) in doc.paths.iter() {
        let path_pointer = join_pointer("#/paths", path_key);
        let item = match item {
            ReferenceOr::Item(item) => item,
            ReferenceOr::Reference { reference } => {
                cx.warn(
                    &path_pointer,
                    format!("the path item is a reference (`{reference}`) and is skipped"),
                    "inline the path item",
                );
                continue;
            }
        };
        for (method, op) in item.iter() {
            let pointer = join_pointer(&path_pointer, method);
            let (path, fixed_query) = split_path_key(path_key);
            let id = op
                .operation_id
                .clone()
                .unwrap_or_else(|| derived_id(method, &path, &fixed_query));
            if !ids.insert(id.clone()) {
                cx.error(
                    &join_pointer(&pointer, "operationId"),
                    format!("the operationId `{id}` is used by more than one operation"),
                    "operationIds must be unique; rename one of them",
                );
                continue;
            }
            let override_key = op
                .operation_id
                .clone()
                .unwrap_or_else(|| format!("{} {path_key}", method.to_uppercase()));
            let method_name = match cx.options.operation_names.get(&override_key) {
                Some(name) => method_names.unique(ident::snake(name)),
                None => method_names.unique(ident::snake(&id)),
            };
            let builder_name =
                builder_names.unique(ident::camel(method_name.trim_start_matches("r#")));
            let params = lower_params(
                cx,
                &item.parameters,
                &op.parameters,
                &builder_name,
                &path,
                &pointer,
            );
            let body = op.request_body.as_ref().and_then(|body| {
                lower_body(
                    cx,
                    body,
                    &builder_name,
                    &join_pointer(&pointer, "requestBody"),
                )
            });
            let responses = lower_responses(
                cx,
                &op.responses,
                &builder_name,
                &join_pointer(&pointer, "responses"),
            );
            let paginated = method == "get"
                && responses.iter().any(|r| {
                    r.kind == ResponseKind::Success
                        && matches!(r.body, Some((BodyMedia::Json, TypeRef::Array(_))))
                });
            if !op.callbacks.is_empty() {
                cx.warn(
                    &join_pointer(&pointer, "callbacks"),
                    "callbacks are skipped: the client only makes requests",
                    "handle the callback requests in your own server with the generated models",
                );
            }
            if op.operation_id.is_none() {
                cx.warn(
                    &pointer,
                    format!("the operation has no operationId; it is named `{method_name}`"),
                    "give it an operationId so its name cannot change when the path does",
                );
            }
            operations.push(Operation {
                id,
                method_name,
                builder_name,
                pointer,
                http_method: method.to_uppercase(),
                path,
                fixed_query,
                summary: op.summary.clone(),
                description: op.description.clone(),
                tags: op.tags.clone(),
                deprecated: op.deprecated,
                params,
                body,
                responses,
                paginated,
            });
        }
    }
    operations.sort_by(|a, b| a.method_name.cmp(&b.method_name));
    operations
}

/// Splits a literal query string off a path key (`/a?b=c` into `/a` and `[("b", "c")]`).
fn split_path_key(key: &str) -> (String, Vec<(String, String)>) {
    match key.split_once('?') {
        None => (key.to_string(), Vec::new()),
        Some((path, query)) => {
            let pairs = query
                .split('&')
                .filter(|pair| !pair.is_empty())
                .map(|pair| match pair.split_once('=') {
                    Some((name, value)) => (name.to_string(), value.to_string()),
                    None => (pair.to_string(), String::new()),
                })
                .collect();
            (path.to_string(), pairs)
        }
    }
}

/// A stable operation name for an operation without an operationId.
fn derived_id(method: &str, path: &str, fixed_query: &[(String, String)]) -> String {
    let mut id = method.to_string();
    for segment in path.split('/').filter(|s| !s.is_empty()) {
        id.push('_');
        id.push_str(segment.trim_start_matches('{').trim_end_matches('}'));
    }
    for (name, value) in fixed_query {
        id.push_str(&format!("_{name}_{value}"));
    }
    id
}

/// The names of the `{params}` of a path template, in order.
fn template_params(path: &str) -> Vec<String> {
    path.split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(name, _)| name.to_string()))
        .collect()
}

/// Lowers the parameters of the path item and the operation, operation ones winning.
fn lower_params(
    cx: &mut Context<'_>,
    shared: &[ReferenceOr<Parameter>],
    own: &[ReferenceOr<Parameter>],
    builder_name: &str,
    path: &str,
    pointer: &str,
) -> Vec<Param> {
    let mut resolved: Vec<(Parameter, String)> = Vec::new();
    let sources = shared.iter().enumerate().map(|(i, p)| {
        (
            p,
            format!(
                "{}/parameters/{i}",
                pointer.rsplit_once('/').map_or(pointer, |(head, _)| head)
            ),
        )
    });
    let sources = sources.chain(
        own.iter()
            .enumerate()
            .map(|(i, p)| (p, format!("{pointer}/parameters/{i}"))),
    );
    for (parameter, param_pointer) in sources {
        let Some(parameter) = resolve_parameter(cx, parameter, &param_pointer) else {
            continue;
        };
        let data = parameter.parameter_data_ref();
        let location = location_of(&parameter);
        resolved.retain(|(p, _)| {
            !(p.parameter_data_ref().name == data.name && location_of(p) == location)
        });
        resolved.push((parameter, param_pointer));
    }
    let in_template = template_params(path);
    let mut names = Namespace::with_reserved(&["client", "body", "send", "into_stream", "pages"]);
    let mut params = Vec::new();
    for name in &in_template {
        match resolved.iter().find(|(p, _)| location_of(p) == ParamLocation::Path && &p.parameter_data_ref().name == name) {
            Some((parameter, param_pointer)) => params.push(lower_param(cx, parameter, builder_name, &mut names, param_pointer)),
            None => cx.error(
                pointer,
                format!("the path parameter `{name}` appears in the path but is not declared"),
                format!("add `- name: {name}` with `in: path` and `required: true` to the operation's parameters"),
            ),
        }
    }
    for (parameter, param_pointer) in &resolved {
        let data = parameter.parameter_data_ref();
        match location_of(parameter) {
            ParamLocation::Path if !in_template.contains(&data.name) => cx.error(
                param_pointer,
                format!(
                    "the path parameter `{}` is declared but the path `{path}` has no `{{{}}}`",
                    data.name, data.name
                ),
                "remove the parameter or add it to the path",
            ),
            ParamLocation::Path => {}
            _ => params.push(lower_param(
                cx,
                parameter,
                builder_name,
                &mut names,
                param_pointer,
            )),
        }
    }
    params
}

/// Where a parameter travels.
fn location_of(parameter: &Parameter) -> ParamLocation {
    match parameter {
        Parameter::Path { .. } => ParamLocation::Path,
        Parameter::Query { .. } => ParamLocation::Query,
        Parameter::Header { .. } => ParamLocation::Header,
        Parameter::Cookie { .. } => ParamLocation::Cookie,
    }
}

/// Follows a parameter reference, into `components/parameters` or anywhere in the document.
fn resolve_parameter(
    cx: &mut Context<'_>,
    parameter: &ReferenceOr<Parameter>,
    pointer: &str,
) -> Option<Parameter> {
    match parameter {
        ReferenceOr::Item(parameter) => Some(parameter.clone()),
        ReferenceOr::Reference { reference } => {
            cx.resolve_object(reference, pointer, serde_json::from_value::<Parameter>)
        }
    }
}

/// Lowers one parameter.
fn lower_param(
    cx: &mut Context<'_>,
    parameter: &Parameter,
    builder_name: &str,
    names: &mut Namespace,
    pointer: &str,
) -> Param {
    let data = parameter.parameter_data_ref();
    let hint = format!("{builder_name}{}", ident::camel(&data.name));
    let (ty, default) = match &data.format {
        ParameterSchemaOrContent::Schema(schema) => {
            let default = match schema {
                ReferenceOr::Item(schema) => schema.schema_data.default.clone(),
                ReferenceOr::Reference { .. } => None,
            };
            (
                type_ref(cx, schema, &hint, &join_pointer(pointer, "schema")),
                default,
            )
        }
        ParameterSchemaOrContent::Content(content) => match content.first() {
            Some((_, media)) => (media_type_ref(cx, media, &hint, pointer), None),
            None => (TypeRef::Primitive(crate::ir::Primitive::String), None),
        },
    };
    let style = match parameter {
        Parameter::Query {
            style: QueryStyle::DeepObject,
            ..
        } => ParamStyle::DeepObject,
        Parameter::Query {
            style: QueryStyle::Form,
            ..
        } if data.explode == Some(false) => ParamStyle::FormCommaSeparated,
        Parameter::Query {
            style: QueryStyle::SpaceDelimited | QueryStyle::PipeDelimited,
            ..
        } => {
            cx.warn(
                pointer,
                "spaceDelimited and pipeDelimited styles are sent as repeated parameters",
                "check the server accepts `name=a&name=b`",
            );
            ParamStyle::FormExploded
        }
        _ => ParamStyle::FormExploded,
    };
    Param {
        name: data.name.clone(),
        rust_name: names.unique(ident::snake(&data.name)),
        location: location_of(parameter),
        required: data.required || location_of(parameter) == ParamLocation::Path,
        ty,
        style,
        default,
        doc: data.description.clone(),
        deprecated: data.deprecated.unwrap_or(false),
    }
}

/// The type of a media type's schema, or any JSON when it has none.
fn media_type_ref(cx: &mut Context<'_>, media: &MediaType, hint: &str, pointer: &str) -> TypeRef {
    match &media.schema {
        Some(schema) => type_ref(cx, schema, hint, &join_pointer(pointer, "schema")),
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
fn lower_body(
    cx: &mut Context<'_>,
    body: &ReferenceOr<RequestBody>,
    builder_name: &str,
    pointer: &str,
) -> Option<Body> {
    let body = match body {
        ReferenceOr::Item(body) => body.clone(),
        ReferenceOr::Reference { reference } => {
            cx.resolve_object(reference, pointer, serde_json::from_value::<RequestBody>)?
        }
    };
    let (media_type, media_object, media) = preferred(&body.content)?;
    let content_pointer = join_pointer(&join_pointer(pointer, "content"), media_type);
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
fn lower_responses(
    cx: &mut Context<'_>,
    responses: &openapiv3::Responses,
    builder_name: &str,
    pointer: &str,
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
        let response_pointer = join_pointer(pointer, &key);
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
        let kind = if status.is_success() {
            ResponseKind::Success
        } else {
            ResponseKind::Error
        };
        let suffix = match status {
            StatusCode::Exact(code) => code.to_string(),
            StatusCode::Range(digit) => format!("{digit}XX"),
            StatusCode::Default => "Default".to_string(),
        };
        let body = preferred(&response.content).map(|(media_type, media_object, media)| {
            let content_pointer =
                join_pointer(&join_pointer(&response_pointer, "content"), media_type);
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
            kind,
            body,
            doc: Some(response.description.clone()).filter(|d| !d.is_empty()),
        });
    }
    out.sort_by_key(|r| r.status);
    out
}

/// The named type that every error response with a body shares, if there is exactly one.
pub fn shared_error_type(operations: &[Operation]) -> Option<String> {
    let names: BTreeSet<&String> = operations
        .iter()
        .flat_map(|op| &op.responses)
        .filter(|r| r.kind == ResponseKind::Error)
        .filter_map(|r| match &r.body {
            Some((BodyMedia::Json, TypeRef::Named(name))) => Some(name),
            _ => None,
        })
        .collect();
    match names.len() {
        1 => names.into_iter().next().cloned(),
        _ => None,
    }
}
