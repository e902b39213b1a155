//! The doc of each operation's `Client` method: summary, description, parameters, and a
//! usage example that rustdoc compiles.

use super::super::docs;
use super::positional;
use crate::ident::{self, RustName};
use crate::ir::{Api, BodyMedia, Operation, Output, Param, Primitive, TypeRef};

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
                    param.rust_name.plain()
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
                param.rust_name.plain(),
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
    // A value no literal can write (a union, say) is a parameter of the example; each
    // argument is (its text, whether it is such a parameter).
    let mut given = String::new();
    let mut value = |ty: &TypeRef, name: &str, rust_name: &RustName| match example_value(
        api,
        ty,
        name,
        crate_ident,
    ) {
        Some(literal) => (literal, false),
        None => {
            let rust_name = rust_name.plain().to_string();
            let TypeRef::Named(type_name) = ty else {
                unreachable!("only named types lack a literal")
            };
            given.push_str(&format!(
                ", {rust_name}: {crate_ident}::models::{}",
                type_name.plain()
            ));
            (rust_name, true)
        }
    };
    let mut args: Vec<(String, bool)> = op
        .params
        .iter()
        .filter(|p| positional(p))
        .map(|p| value(&p.ty, &p.name, &p.rust_name))
        .collect();
    if let Some(body) = op.body.as_ref().filter(|b| b.required) {
        args.push(match body.media {
            BodyMedia::Bytes => ("b\"the file's bytes\".to_vec()".to_string(), false),
            _ => value(&body.ty, "body", &ident::snake("body")),
        });
    }
    // The call; `cloned` when the example calls again, so that it can give a parameter twice.
    let call_with = |cloned: bool| {
        let args: Vec<String> = args
            .iter()
            .map(|(arg, given)| match *given && cloned {
                true => format!("{arg}.clone()"),
                false => arg.clone(),
            })
            .collect();
        format!("client.{}({})", op.method_name.plain(), args.join(", "))
    };
    let call = call_with(op.stream.is_some());
    let reads = match &op.output {
        Output::Single(Some((media, _))) => Some(*media),
        _ => None,
    };
    let mut body = if matches!(op.output, Output::Paged { .. }) || op.paging.is_some() {
        format!(
            "use futures_util::TryStreamExt;\nlet mut items = {call}.into_stream();\nwhile let Some(item) = items.try_next().await? {{\n    println!(\"{{item:?}}\");\n}}"
        )
    } else if reads.is_some_and(BodyMedia::is_sequence) {
        format!(
            "use futures_util::StreamExt;\nlet mut items = {call}.send().await?;\nwhile let Some(item) = items.next().await {{\n    println!(\"{{:?}}\", item?);\n}}"
        )
    } else if reads == Some(BodyMedia::Bytes) {
        format!(
            "let body = {call}.send().await?;\n// Or a tokio::fs::File: the body is copied as it arrives, never held whole.\nlet mut file: Vec<u8> = Vec::new();\nlet written = body.write_to(&mut file).await?;\nprintln!(\"{{written}} bytes\");"
        )
    } else {
        format!("let response = {call}.send().await?;\nprintln!(\"{{response:?}}\");")
    };
    if op.stream.is_some() {
        let call = call_with(false);
        body.push_str(&format!(
            "\n\n// Or as it is made, item by item (ask for a stream in the request where the API needs it):\nuse futures_util::StreamExt;\nlet mut items = {call}.send_stream().await?;\nwhile let Some(item) = items.next().await {{\n    println!(\"{{:?}}\", item?);\n}}"
        ));
    }
    format!(
        "\n# Example\n\n```no_run\n# async fn example(client: {crate_ident}::Client{given}) -> Result<(), {crate_ident}::Error> {{\n{body}\n# Ok(())\n# }}\n```\n"
    )
}

/// A plausible literal for an example argument; `None` for a named type with no `Default`.
fn example_value(api: &Api, ty: &TypeRef, name: &str, crate_ident: &str) -> Option<String> {
    Some(match ty {
        TypeRef::Primitive(Primitive::String) => format!("\"{name}\""),
        TypeRef::Primitive(Primitive::Boolean) => "true".to_string(),
        TypeRef::Primitive(Primitive::I32 | Primitive::I64 | Primitive::U64) => "1".to_string(),
        TypeRef::Primitive(Primitive::F64) => "1.0".to_string(),
        TypeRef::Named(type_name) => match api.types.get(type_name) {
            Some(crate::ir::TypeDef {
                kind: crate::ir::TypeKind::Enum(crate::ir::EnumValues::String(values)),
                ..
            }) if !values.is_empty() => {
                format!(
                    "{crate_ident}::models::{}::{}",
                    type_name.plain(),
                    values[0].1.plain()
                )
            }
            Some(def) if !def.derives_default => return None,
            _ => "Default::default()".to_string(),
        },
        _ => "Default::default()".to_string(),
    })
}
