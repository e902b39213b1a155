//! Paths and styles: the expression that fills an operation's path template, and a
//! parameter's style as the runtime names it, shared by the request builder and the mock kit.

use crate::ir::{Operation, Param, ParamLocation, ParamStyle, Style};
use proc_macro2::TokenStream;
use quote::quote;

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
