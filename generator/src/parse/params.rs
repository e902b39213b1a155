//! Parameters: those of the path item and the operation, merged, resolved and lowered.

use super::bodies::media_type_ref;
use super::context::Context;
use super::schema::type_ref;
use crate::diagnostics::catalogue::{PATH_PARAMETER_NOT_IN_PATH, UNDECLARED_PATH_PARAMETER};
use crate::diagnostics::Pointer;
use crate::ident::{self, Namespace};
use crate::ir::{Param, ParamLocation, ParamStyle, Style, TypeRef};
use openapiv3::{Parameter, ParameterSchemaOrContent, PathStyle, QueryStyle, ReferenceOr};

/// The names of the `{params}` of a path template, in order.
fn template_params(path: &str) -> Vec<String> {
    path.split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(name, _)| name.to_string()))
        .collect()
}

/// Lowers the parameters of the path item and the operation, operation ones winning.
pub fn lower_params(
    cx: &mut Context<'_>,
    shared: &[ReferenceOr<Parameter>],
    own: &[ReferenceOr<Parameter>],
    builder_name: &str,
    path: &str,
    pointer: &Pointer,
) -> Vec<Param> {
    let mut resolved: Vec<(Parameter, Pointer)> = Vec::new();
    let item_pointer = pointer.parent();
    let sources = shared
        .iter()
        .enumerate()
        .map(|(i, p)| (p, item_pointer.key("parameters").index(i)));
    let sources = sources.chain(
        own.iter()
            .enumerate()
            .map(|(i, p)| (p, pointer.key("parameters").index(i))),
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
    let mut names = Namespace::reserving(crate::reserved::REQUEST_BUILDER_MEMBERS);
    let mut params = Vec::new();
    for name in &in_template {
        match resolved.iter().find(|(p, _)| {
            location_of(p) == ParamLocation::Path && &p.parameter_data_ref().name == name
        }) {
            Some((parameter, param_pointer)) => params.push(lower_param(
                cx,
                parameter,
                builder_name,
                &mut names,
                param_pointer,
            )),
            None => {
                cx.report(&UNDECLARED_PATH_PARAMETER, pointer.clone(), &[name]);
                params.push(undeclared_path_param(cx, name, &mut names, pointer));
            }
        }
    }
    for (parameter, param_pointer) in &resolved {
        let data = parameter.parameter_data_ref();
        match location_of(parameter) {
            ParamLocation::Path if !in_template.contains(&data.name) => cx.report(
                &PATH_PARAMETER_NOT_IN_PATH,
                param_pointer.clone(),
                &[&data.name, &path],
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

/// A path parameter the template names but the operation does not declare: a required string.
fn undeclared_path_param(
    cx: &mut Context<'_>,
    name: &str,
    names: &mut Namespace,
    pointer: &Pointer,
) -> Param {
    Param {
        name: name.to_string(),
        rust_name: cx.claim(names, ident::snake(name), pointer),
        location: ParamLocation::Path,
        required: true,
        ty: TypeRef::Primitive(crate::ir::Primitive::String),
        style: ParamStyle {
            style: Style::Simple,
            explode: false,
        },
        default: None,
        doc: None,
        deprecated: false,
        samples: vec![serde_json::Value::String("string".to_string())],
    }
}

/// The style and explode of a parameter, with OpenAPI's defaults: form and exploded in the
/// query and cookies, simple and not exploded in the path and headers.
fn style_of(parameter: &Parameter) -> ParamStyle {
    let style = match parameter {
        Parameter::Query { style, .. } => match style {
            QueryStyle::Form => Style::Form,
            QueryStyle::SpaceDelimited => Style::SpaceDelimited,
            QueryStyle::PipeDelimited => Style::PipeDelimited,
            QueryStyle::DeepObject => Style::DeepObject,
        },
        Parameter::Path { style, .. } => match style {
            PathStyle::Matrix => Style::Matrix,
            PathStyle::Label => Style::Label,
            PathStyle::Simple => Style::Simple,
        },
        Parameter::Header { .. } => Style::Simple,
        Parameter::Cookie { .. } => Style::Form,
    };
    let explode = parameter
        .parameter_data_ref()
        .explode
        .unwrap_or(style == Style::Form);
    ParamStyle { style, explode }
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
    pointer: &Pointer,
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
    pointer: &Pointer,
) -> Param {
    let data = parameter.parameter_data_ref();
    let hint = format!("{builder_name}{}", ident::camel(&data.name));
    let (ty, default) = match &data.format {
        ParameterSchemaOrContent::Schema(schema) => {
            let default = match schema {
                ReferenceOr::Item(schema) => schema.schema_data.default.clone(),
                ReferenceOr::Reference { .. } => None,
            };
            (type_ref(cx, schema, &hint, &pointer.key("schema")), default)
        }
        ParameterSchemaOrContent::Content(content) => match content.first() {
            Some((media_type, media)) => {
                let content = pointer.key("content").key(media_type);
                (media_type_ref(cx, media, &hint, &content), None)
            }
            None => (TypeRef::Primitive(crate::ir::Primitive::String), None),
        },
    };
    let style = match &data.format {
        ParameterSchemaOrContent::Content(_) => ParamStyle {
            style: Style::Json,
            explode: false,
        },
        ParameterSchemaOrContent::Schema(_) => style_of(parameter),
    };
    let rust_name = cx.claim(names, ident::snake(&data.name), pointer);
    Param {
        name: data.name.clone(),
        rust_name,
        location: location_of(parameter),
        required: data.required || location_of(parameter) == ParamLocation::Path,
        ty,
        style,
        default,
        doc: data.description.clone(),
        deprecated: data.deprecated.unwrap_or(false),
        samples: serde_json::to_value(parameter)
            .map(|raw| super::samples::of_parameter(cx.tree, &raw))
            .unwrap_or_default(),
    }
}
