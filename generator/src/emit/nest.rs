//! Nesting: emitted items moved one module down, into a group's module. The emitters write
//! every path to the crate's root module as `super::…`; inside a group that is
//! `super::super::…`, in code, in serde's string attributes and in the doc links rustdoc
//! resolves.

use proc_macro2::{Group, Ident, Literal, Punct, Spacing, Span, TokenStream, TokenTree};
use quote::quote;

/// The same items with every `super::` path from the root one module deeper.
pub fn one_down(tokens: TokenStream) -> TokenStream {
    let mut out: Vec<TokenTree> = Vec::new();
    for tree in tokens {
        match tree {
            TokenTree::Ident(ident) if ident == "super" && !after_path_separator(&out) => {
                out.push(TokenTree::Ident(Ident::new("super", Span::call_site())));
                out.push(TokenTree::Punct(Punct::new(':', Spacing::Joint)));
                out.push(TokenTree::Punct(Punct::new(':', Spacing::Alone)));
                out.push(TokenTree::Ident(ident));
            }
            TokenTree::Group(group) => {
                let stream = match doc_link_text(&group) {
                    Some(text) => {
                        let text = text.replace("](super::", "](super::super::");
                        quote!(doc = #text)
                    }
                    None => one_down(group.stream()),
                };
                let mut rebuilt = Group::new(group.delimiter(), stream);
                rebuilt.set_span(group.span());
                out.push(TokenTree::Group(rebuilt));
            }
            TokenTree::Literal(literal) if after_path_key(&out) => match path_in_string(&literal) {
                Some(path) => out.push(TokenTree::Literal(Literal::string(&format!(
                    "super::{path}"
                )))),
                None => out.push(TokenTree::Literal(literal)),
            },
            other => out.push(other),
        }
    }
    out.into_iter().collect()
}

/// The value of a string literal that holds a path from the root, as serde's attributes
/// do (`skip_serializing_if = "super::Nullable::is_absent"`).
fn path_in_string(literal: &Literal) -> Option<String> {
    let value = syn::parse2::<syn::LitStr>(TokenTree::Literal(literal.clone()).into()).ok()?;
    let value = value.value();
    value.starts_with("super::").then_some(value)
}

/// serde's attributes whose string value is a path.
const PATH_KEYS: &[&str] = &[
    "skip_serializing_if",
    "with",
    "serialize_with",
    "deserialize_with",
    "default",
];

/// Whether the tokens so far end in `key =` where the key takes a path, so that a string
/// next holds one (a `rename`'s string is a name in the JSON, never rewritten).
fn after_path_key(out: &[TokenTree]) -> bool {
    matches!(out, [.., TokenTree::Ident(key), TokenTree::Punct(eq)]
        if eq.as_char() == '=' && PATH_KEYS.iter().any(|k| key == k))
}

/// Whether the tokens so far end in `::`, so that a `super` next is inside a path.
fn after_path_separator(out: &[TokenTree]) -> bool {
    matches!(out, [.., TokenTree::Punct(a), TokenTree::Punct(b)] if a.as_char() == ':' && b.as_char() == ':')
}

/// The text of a `[doc = "…"]` attribute, when it links through `super::`.
fn doc_link_text(group: &Group) -> Option<String> {
    let text = super::module::doc_text(group)?;
    text.contains("](super::").then_some(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn root_paths_go_one_module_down_and_others_stay() {
        let tokens = quote! {
            #[doc = " See [`Client::x`](super::Client::x) and [`y`](y)."]
            pub struct A { client: super::Client, models: ::std::vec::Vec<super::models::B> }
            #[serde(skip_serializing_if = "super::Nullable::is_absent", rename = "super::x")]
            fn f() -> super::Result<()> { let x = ::a::super_thing; <T as super::T>::f() }
        };
        let text = one_down(tokens).to_string();
        assert!(text.contains("(super::super::Client::x)"), "{text}");
        assert!(text.contains("client : super :: super :: Client"), "{text}");
        assert!(text.contains("super :: super :: models :: B"), "{text}");
        assert!(text.contains("-> super :: super :: Result"), "{text}");
        assert!(text.contains("as super :: super :: T"), "{text}");
        assert!(text.contains(":: a :: super_thing"), "{text}");
        assert!(
            text.contains(r#""super::super::Nullable::is_absent""#),
            "{text}"
        );
        assert!(text.contains(r#"rename = "super::x""#), "{text}");
        assert!(!text.contains("super :: super :: super"), "{text}");
    }
}
