//! The `operations` module: one request builder per operation and the `Client` methods that start them.

use super::docs;
use super::names::{ident, plain};
use super::types::{is_scalar, tokens, Scope};
use crate::ir::{
    Api, BodyMedia, Operation, Param, ParamLocation, ParamStyle, Primitive, ResponseKind,
    StatusCode, TypeRef,
};
use proc_macro2::TokenStream;
use quote::quote;

/// The whole `operations` module body.
pub fn emit(api: &Api, crate_ident: &str) -> TokenStream {
    let header = emit_header(api);
    let items = api
        .operations
        .iter()
        .map(|op| emit_operation(api, op, crate_ident));
    quote! {
        #header
        #(#items)*
    }
}

/// What the module holds once: the client builder's authentication methods.
pub fn emit_header(api: &Api) -> TokenStream {
    let auth = api.security.iter().map(emit_auth_method);
    quote! {
        impl super::ClientBuilder {
            #(#auth)*
        }
    }
}

/// Everything of one operation: the `Client` method that starts it, its request builder,
/// and the enum of its success responses where it has several.
pub fn emit_operation(api: &Api, op: &Operation, crate_ident: &str) -> TokenStream {
    let method = emit_client_method(api, op, crate_ident);
    let builder = emit_builder(api, op);
    quote! {
        impl super::Client {
            #method
        }
        #builder
    }
}

/// Whether a parameter is given to the client method rather than set on the builder.
fn positional(param: &Param) -> bool {
    param.required
}

/// The type a parameter is stored as on the builder.
fn param_type(param: &Param) -> TokenStream {
    tokens(&param.ty, Scope::Sibling)
}

/// Whether a parameter is a string, so its setter takes `impl Into<String>`.
fn is_string(ty: &TypeRef) -> bool {
    matches!(ty, TypeRef::Primitive(Primitive::String))
}

/// The argument type and conversion for a parameter.
fn argument(param: &Param) -> (TokenStream, TokenStream) {
    let name = ident(&param.rust_name);
    if is_string(&param.ty) {
        (
            quote!(impl ::std::convert::Into<::std::string::String>),
            quote!(#name.into()),
        )
    } else {
        (param_type(param), quote!(#name))
    }
}

/// How one success body is read from a raw response.
fn decoder(body: &Option<(BodyMedia, TypeRef)>) -> (TokenStream, TokenStream) {
    match body {
        None => (quote!(()), quote!(empty())),
        Some((BodyMedia::Text, _)) => (quote!(::std::string::String), quote!(text())),
        Some((BodyMedia::Bytes, _)) => (quote!(::std::vec::Vec<u8>), quote!(bytes())),
        Some((_, ty)) => (tokens(ty, Scope::Sibling), quote!(json())),
    }
}

/// The success type of an operation, the expression that decodes `raw` into a
/// `Result<Response<_>, Error>`, and, when several statuses carry different bodies, the enum
/// that holds them.
pub fn success(op: &Operation) -> (TokenStream, TokenStream, Option<TokenStream>) {
    let successes: Vec<&crate::ir::Response> = op
        .responses
        .iter()
        .filter(|r| r.kind == ResponseKind::Success)
        .collect();
    let mut distinct: Vec<&Option<(BodyMedia, TypeRef)>> = Vec::new();
    for response in &successes {
        if !distinct.contains(&&response.body) {
            distinct.push(&response.body);
        }
    }
    if distinct.len() <= 1 {
        let body = successes.iter().find_map(|r| r.body.clone());
        let (output, decode) = decoder(&body);
        return (output, quote!(raw.#decode), None);
    }
    let name = ident(&format!("{}Response", op.builder_name));
    let mut variants = Vec::new();
    let mut arms = Vec::new();
    for response in &successes {
        let (label, pattern) = match response.status {
            StatusCode::Exact(code) => (format!("Status{code}"), quote!(#code)),
            StatusCode::Range(digit) => (format!("Status{digit}xx"), quote!(_)),
            StatusCode::Default => ("Default".to_string(), quote!(_)),
        };
        let variant = ident(&label);
        let doc = format!(" The `{}` response.", label.trim_start_matches("Status"));
        let (ty, decode) = decoder(&response.body);
        if response.body.is_some() {
            variants.push(quote!(#[doc = #doc] #variant(#ty)));
            arms.push(quote!(#pattern => raw.#decode.map(|r| r.map(#name::#variant))));
        } else {
            variants.push(quote!(#[doc = #doc] #variant));
            arms.push(quote!(#pattern => raw.empty().map(|r| r.map(|()| #name::#variant))));
        }
    }
    let has_catch_all = successes
        .iter()
        .any(|r| !matches!(r.status, StatusCode::Exact(_)));
    let fallback =
        (!has_catch_all).then(|| quote!(_ => ::std::result::Result::Err(raw.into_error(false)),));
    let doc = format!(
        " The success responses of [`{}`]: one variant per status.",
        op.builder_name
    );
    let item = quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, PartialEq)]
        pub enum #name {
            #(#variants,)*
        }
    };
    let decode = quote!(match raw.status { #(#arms,)* #fallback });
    (quote!(#name), decode, Some(item))
}

/// The item type of a paginated operation.
pub fn page_item(op: &Operation) -> Option<TokenStream> {
    if !op.paginated {
        return None;
    }
    op.responses
        .iter()
        .filter(|r| r.kind == ResponseKind::Success)
        .find_map(|r| match &r.body {
            Some((BodyMedia::Json, TypeRef::Array(item))) => Some(tokens(item, Scope::Sibling)),
            _ => None,
        })
}

/// The doc of the client method: summary, description, parameters and an example.
fn method_doc(api: &Api, op: &Operation, crate_ident: &str) -> String {
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
    let body = if page_item(op).is_some() {
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

/// The `Client` method that starts a request.
fn emit_client_method(api: &Api, op: &Operation, crate_ident: &str) -> TokenStream {
    let doc = docs::attrs(&method_doc(api, op, crate_ident));
    let deprecated = op.deprecated.then(|| quote!(#[deprecated]));
    let method = ident(&op.method_name);
    let builder = ident(&op.builder_name);
    let mut args = Vec::new();
    let mut inits = Vec::new();
    for param in &op.params {
        let name = ident(&param.rust_name);
        if positional(param) {
            let (ty, conversion) = argument(param);
            args.push(quote!(#name: #ty));
            if is_string(&param.ty) {
                inits.push(quote!(#name: #conversion));
            } else {
                inits.push(quote!(#name));
            }
        } else {
            inits.push(quote!(#name: ::std::option::Option::None));
        }
    }
    if let Some(body) = &op.body {
        if body.required {
            let ty = body_type(body);
            args.push(quote!(body: #ty));
            inits.push(quote!(body));
        } else {
            inits.push(quote!(body: ::std::option::Option::None));
        }
    }
    quote! {
        #doc
        #deprecated
        pub fn #method(&self, #(#args),*) -> #builder {
            #builder { client: ::std::clone::Clone::clone(self), #(#inits),* }
        }
    }
}

/// The type of a request body as the builder holds it.
fn body_type(body: &crate::ir::Body) -> TokenStream {
    match body.media {
        BodyMedia::Bytes => quote!(::std::vec::Vec<u8>),
        BodyMedia::Text => quote!(::std::string::String),
        _ => tokens(&body.ty, Scope::Sibling),
    }
}

/// The builder of one operation: its fields, setters, and `send`.
fn emit_builder(api: &Api, op: &Operation) -> TokenStream {
    let builder = ident(&op.builder_name);
    let doc = format!(" A `{} {}` request; start it with [`Client::{}`](super::Client::{}) and finish it with `send`.", op.http_method, op.path, plain(&op.method_name), plain(&op.method_name));
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
        let ty = body_type(body);
        if body.required {
            fields.push(quote!(body: #ty));
        } else {
            fields.push(quote!(body: ::std::option::Option<#ty>));
            setters.push(quote! {
                /// Sets the request body.
                pub fn body(mut self, body: #ty) -> Self {
                    self.body = ::std::option::Option::Some(body);
                    self
                }
            });
        }
    }
    let parts = emit_parts(api, op);
    let send = emit_send(op);
    let responses = if page_item(op).is_none() {
        success(op).2
    } else {
        None
    };
    quote! {
        #[doc = #doc]
        #[derive(Debug, Clone)]
        #[must_use = "a request does nothing until it is sent with `.send().await`"]
        pub struct #builder {
            client: super::Client,
            #(#fields,)*
        }

        impl #builder {
            #(#setters)*
            #send
            #parts
        }

        #responses
    }
}

/// `send` (and for lists, `into_stream`).
fn emit_send(op: &Operation) -> TokenStream {
    if let Some(item) = page_item(op) {
        return quote! {
            /// Sends the request and returns the first page, with the link to the next one.
            pub async fn send(self) -> ::std::result::Result<super::Page<#item>, super::Error> {
                let parts = self.parts()?;
                super::pagination::fetch_page(&self.client, &parts).await
            }

            /// Streams every item of every page, following `Link: rel="next"` lazily.
            pub fn into_stream(self) -> ::futures_util::stream::BoxStream<'static, ::std::result::Result<#item, super::Error>> {
                let parts = self.parts();
                super::pagination::stream_items(self.client, parts)
            }
        };
    }
    let (output, decode, _) = success(op);
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
    }
}

/// `parts`: the method, path, query, headers and body of the request.
fn emit_parts(api: &Api, op: &Operation) -> TokenStream {
    let method = ident(&op.http_method);
    let path = path_expression(op, |param| {
        let field = ident(&param.rust_name);
        if is_string(&param.ty) {
            quote!(super::request::encode_path_segment(&self.#field)?)
        } else {
            quote!(super::request::encode_path_segment(&::std::string::ToString::to_string(&self.#field))?)
        }
    });
    let fixed = op
        .fixed_query
        .iter()
        .map(|(k, v)| quote!(parts.query(#k, #v);));
    let params = op
        .params
        .iter()
        .filter(|p| p.location != ParamLocation::Path)
        .map(|p| emit_param(api, p));
    let body = op.body.as_ref().map(|body| {
        let value = if body.required {
            quote!(&self.body)
        } else {
            quote!(body)
        };
        let set = match body.media {
            BodyMedia::Json => quote!(parts.json(#value)?;),
            BodyMedia::FormUrlEncoded => quote!(parts.form(#value)?;),
            BodyMedia::Multipart => quote!(parts.multipart(#value)?;),
            BodyMedia::Text => {
                let media = &body.media_type;
                quote!(parts.raw(#media, ::std::clone::Clone::clone(#value).into_bytes());)
            }
            BodyMedia::Bytes => {
                let media = &body.media_type;
                quote!(parts.raw(#media, ::std::clone::Clone::clone(#value));)
            }
        };
        if body.required {
            set
        } else {
            quote!(if let ::std::option::Option::Some(body) = &self.body { #set })
        }
    });
    let statuses: Vec<u16> = op
        .responses
        .iter()
        .filter(|r| r.kind == ResponseKind::Error)
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
    let statuses: Vec<u16> = statuses.into_iter().chain(ranges).collect();
    let has_default = op.responses.iter().any(|r| r.status == StatusCode::Default);
    let mutable = if op.fixed_query.is_empty()
        && op.body.is_none()
        && op.params.iter().all(|p| p.location == ParamLocation::Path)
    {
        quote!()
    } else {
        quote!(mut)
    };
    quote! {
        /// The request before authentication.
        fn parts(&self) -> ::std::result::Result<super::request::RequestParts, super::Error> {
            let #mutable parts = super::request::RequestParts::new(::reqwest::Method::#method, #path).errors(&[#(#statuses),*], #has_default);
            #(#fixed)*
            #(#params)*
            #body
            ::std::result::Result::Ok(parts)
        }
    }
}

/// An expression for the path with its parameters filled in: a plain `String` when it has
/// none, a `format!` otherwise. `value` gives the encoded value of each path parameter.
pub fn path_expression(op: &Operation, value: impl Fn(&Param) -> TokenStream) -> TokenStream {
    let mut format = String::new();
    let mut args = Vec::new();
    let mut rest = op.path.as_str();
    while let Some(start) = rest.find('{') {
        format.push_str(&rest[..start].replace('{', "{{").replace('}', "}}"));
        let Some(end) = rest[start..].find('}') else {
            break;
        };
        let name = &rest[start + 1..start + end];
        if let Some(param) = op
            .params
            .iter()
            .find(|p| p.location == ParamLocation::Path && p.name == name)
        {
            format.push_str("{}");
            args.push(value(param));
        }
        rest = &rest[start + end + 1..];
    }
    format.push_str(&rest.replace('{', "{{").replace('}', "}}"));
    if args.is_empty() {
        quote!(::std::string::String::from(#format))
    } else {
        quote!(::std::format!(#format #(, #args)*))
    }
}

/// Writes one query, header or cookie parameter into the request.
fn emit_param(api: &Api, param: &Param) -> TokenStream {
    let name = &param.name;
    let field = ident(&param.rust_name);
    let value = if param.required {
        quote!(::std::option::Option::Some(&self.#field))
    } else {
        quote!(self.#field.as_ref())
    };
    let write = match (&param.ty, param.location, param.style) {
        (_, ParamLocation::Header, _) => quote!(parts.header(#name, value);),
        (_, ParamLocation::Cookie, _) => {
            quote!(parts.header("cookie", ::std::format!("{}={}", #name, value));)
        }
        (TypeRef::Array(item), _, style) if is_scalar(item, &api.types) => match style {
            ParamStyle::FormCommaSeparated => quote!(parts.query_joined(#name, value);),
            _ => quote!(parts.query_each(#name, value);),
        },
        (ty, _, _) if is_scalar(ty, &api.types) => quote!(parts.query(#name, value);),
        _ => quote!(parts.query_deep(#name, value)?;),
    };
    quote! {
        if let ::std::option::Option::Some(value) = #value {
            #write
        }
    }
}

/// The builder method that sets one security scheme's credential.
fn emit_auth_method(scheme: &crate::ir::SecurityScheme) -> TokenStream {
    use crate::ir::SecurityKind;
    let method = ident(&scheme.method_name);
    let described = scheme
        .description
        .as_deref()
        .map(docs::sanitize)
        .map(|d| format!("\n\n{d}"))
        .unwrap_or_default();
    match &scheme.kind {
        SecurityKind::ApiKeyHeader { header, prefix } => {
            let header = header.to_ascii_lowercase();
            let doc = docs::attrs(&format!(
                "Authenticates with the `{}` scheme: sends `{header}: {prefix}<key>`.{described}",
                scheme.key
            ));
            quote! {
                #doc
                pub fn #method(self, key: impl ::std::fmt::Display) -> Self {
                    self.api_key_header(#header, ::std::format!("{}{}", #prefix, key))
                }
            }
        }
        SecurityKind::ApiKeyQuery { param } => {
            let doc = docs::attrs(&format!("Authenticates with the `{}` scheme: sends the key as the `{param}` query parameter.{described}", scheme.key));
            quote! {
                #doc
                pub fn #method(self, key: impl ::std::fmt::Display) -> Self {
                    self.api_key_query(#param, key.to_string())
                }
            }
        }
        SecurityKind::Basic => {
            let doc = docs::attrs(&format!(
                "Authenticates with HTTP basic auth (the `{}` scheme).{described}",
                scheme.key
            ));
            quote! {
                #doc
                pub fn #method(self, user: &str, password: &str) -> Self {
                    let encoded = super::request::base64(::std::format!("{user}:{password}").as_bytes());
                    self.api_key_header("authorization", ::std::format!("Basic {encoded}"))
                }
            }
        }
        SecurityKind::Bearer => quote!(),
    }
}
