//! Paths and styles: the expression that fills an operation's path template, and a
//! parameter's style as the runtime names it, shared by the request builder and the mock kit.

use super::names::ident;
use crate::ir::{Operation, Param, ParamLocation, ParamStyle, Style};
use proc_macro2::TokenStream;
use quote::quote;

/// The path with its parameters filled in: a `let` per path parameter, binding its encoded
/// value (from `value`) to its Rust name, and then an expression, a plain `String` when the
/// path has no parameter and a `format!` of those names otherwise. The values are bound
/// first so that rustfmt, which leaves macro arguments alone, formats them.
pub fn path_expression(
    op: &Operation,
    value: impl Fn(&Param) -> TokenStream,
) -> (Vec<TokenStream>, TokenStream) {
    let mut lets = Vec::new();
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
            let (name, encoded) = (ident(&param.rust_name), value(param));
            lets.push(quote!(let #name = #encoded;));
            args.push(name);
        }
        rest = &rest[start + end + 1..];
    }
    format.push_str(&rest.replace('{', "{{").replace('}', "}}"));
    let path = if args.is_empty() {
        quote!(::std::string::String::from(#format))
    } else {
        quote!(::std::format!(#format #(, #args)*))
    };
    (lets, path)
}

/// A parameter's style as the runtime's `style::Style`, and whether it explodes.
pub fn style_tokens(style: ParamStyle) -> (TokenStream, bool) {
    let variant = match style.style {
        Style::Matrix => quote!(Matrix),
        Style::Label => quote!(Label),
        Style::Form => quote!(Form),
        Style::Simple => quote!(Simple),
        Style::SpaceDelimited => quote!(SpaceDelimited),
        Style::PipeDelimited => quote!(PipeDelimited),
        Style::DeepObject => quote!(DeepObject),
        Style::Json => quote!(Json),
    };
    (quote!(super::style::Style::#variant), style.explode)
}
