//! The doc of each operation's `Client` method: summary, description, parameters, and a
//! usage example that rustdoc compiles.

use super::super::docs;
use super::super::names::plain;
use super::positional;
use crate::ir::{Api, Operation, Output, Param, Primitive, TypeRef};

/// The doc of the client method: summary, description, parameters and an example.
pub fn method_doc(api: &Api, op: &Operation, crate_ident: &str) -> String {
    let mut text = String::new();
    if let Some(summary) = &op.summary {
        text.push_str(&docs::sanitize(summary));
        text.push_str("\n\n");
    }
    if let Some(description) = &op.description {
        if Some(description) != op.summary.as_ref() {
            text.push_str(&docs::sanitize(description));
            text.push_str("\n\n");
        }
    }
    if text.is_empty() {
        text.push_str(&format!("Calls `{}`.\n\n", op.id));
    }
    text.push_str(&format!("`{} {}`", op.http_method, op.path));
    if !op.fixed_query.is_empty() {
        let pairs: Vec<String> = op
            .fixed_query
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect();
        text.push_str(&format!(" with `?{}`", pairs.join("&")));
    }
    text.push_str(&format!(" (operationId `{}`).\n", op.id));
    if !op.scopes.is_empty() {
        let scopes: Vec<String> = op.scopes.iter().map(|s| format!("`{s}`")).collect();
        let noun = if scopes.len() == 1 { "scope" } else { "scopes" };
        text.push_str(&format!(
            "\nWith OAuth 2.0, the access token needs the {noun} {}.\n",
            scopes.join(", ")
        ));
    }
    let params: Vec<&Param> = op.params.iter().collect();
    if !params.is_empty() || op.body.is_some() {
        text.push_str("\n# Parameters\n");
        for param in &params {
            let how = if positional(param) {
                "argument".to_string()
            } else {
                format!(
                    "optional, set with [`{}::{}`]",
                    op.builder_name,
                    plain(&param.rust_name)
                )
            };
            let doc = param
                .doc
                .as_deref()
                .map(|d| docs::sanitize(d).replace('\n', " "))
                .unwrap_or_default();
            let default = param
                .default
                .as_ref()
                .map(|d| format!(" Defaults to `{d}`."))
                .unwrap_or_default();
            text.push_str(&format!(
                "- `{}` ({:?} `{}`, {how}): {doc}{default}\n",
                plain(&param.rust_name),
                param.location,
                param.name
            ));
        }
        if let Some(body) = &op.body {
            let how = if body.required {
                "argument"
            } else {
                "optional"
            };
            text.push_str(&format!(
                "- `body` ({how}): the `{}` request body.\n",
                body.media_type
            ));
        }
    }
    text.push_str(&example(api, op, crate_ident));
    text
}

/// A compiled usage example for the method.
fn example(api: &Api, op: &Operation, crate_ident: &str) -> String {
    let mut args: Vec<String> = op
        .params
        .iter()
        .filter(|p| positional(p))
        .map(|p| example_value(api, &p.ty, &p.name, crate_ident))
        .collect();
    if let Some(body) = op.body.as_ref().filter(|b| b.required) {
        args.push(example_value(api, &body.ty, "body", crate_ident));
    }
    let call = format!("client.{}({})", plain(&op.method_name), args.join(", "));
    let body = if matches!(op.output, Output::Paged { .. }) || op.paging.is_some() {
        format!(
            "use futures_util::TryStreamExt;\nlet mut items = {call}.into_stream();\nwhile let Some(item) = items.try_next().await? {{\n    println!(\"{{item:?}}\");\n}}"
        )
    } else {
        format!("let response = {call}.send().await?;\nprintln!(\"{{response:?}}\");")
    };
    format!(
        "\n# Example\n\n```no_run\n# async fn example(client: {crate_ident}::Client) -> Result<(), {crate_ident}::Error> {{\n{body}\n# Ok(())\n# }}\n```\n"
    )
}

/// A plausible literal for an example argument.
fn example_value(api: &Api, ty: &TypeRef, name: &str, crate_ident: &str) -> String {
    match ty {
        TypeRef::Primitive(Primitive::String) => format!("\"{name}\""),
        TypeRef::Primitive(Primitive::Boolean) => "true".to_string(),
        TypeRef::Primitive(Primitive::I32 | Primitive::I64 | Primitive::U64) => "1".to_string(),
        TypeRef::Primitive(Primitive::F32 | Primitive::F64) => "1.0".to_string(),
        TypeRef::Named(type_name) => match api.types.get(type_name).map(|d| &d.kind) {
            Some(crate::ir::TypeKind::Enum(crate::ir::EnumValues::String(values)))
                if !values.is_empty() =>
            {
                format!(
                    "{crate_ident}::models::{}::{}",
                    plain(type_name),
                    plain(&values[0].1)
                )
            }
            _ => "Default::default()".to_string(),
        },
        _ => "Default::default()".to_string(),
    }
}
