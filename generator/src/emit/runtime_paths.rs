//! The `include!` form reaches every crate it names through the runtime crate, so that the
//! including crate depends on that one crate and nothing else. This rewrites tokens, never
//! text: each leading `::serde` (or any crate of [`EXTERN_CRATES`]) becomes
//! `::oas_codegen_runtime::serde`, each serde derive gets `#[serde(crate = …)]`, and the
//! runtime templates, which name crates without `::`, get a `use` of them.

use crate::reserved::{EXTERN_CRATES, RUNTIME_CRATE};
use proc_macro2::{Delimiter, Group, Ident, Spacing, Span, TokenStream, TokenTree};
use quote::quote;

/// The crates a runtime template module may name, brought into scope from the runtime crate.
/// `tracing` is there only when the build script asks for tracing, `wiremock` only in the
/// mock kit, whose `cfg` is the includer's choice.
pub fn template_imports(module: &str, tracing: bool) -> TokenStream {
    let runtime = Ident::new(RUNTIME_CRATE, Span::call_site());
    // A crate some module names only for itself goes to that module alone.
    let own = super::templates::runtime(module).map_or(&[][..], |template| template.crates);
    let special = |name: &&str| {
        super::templates::RUNTIME
            .iter()
            .any(|template| template.crates.contains(name))
    };
    let always = EXTERN_CRATES
        .iter()
        .filter(|name| !["tracing", "wiremock"].contains(name))
        .filter(|name| !special(name) || own.contains(name))
        .map(|name| Ident::new(name, Span::call_site()));
    let wiremock = module
        .starts_with("mock_")
        .then(|| quote!(#[allow(unused_imports)] use ::#runtime::wiremock;));
    let tracing = tracing.then(|| quote!(#[allow(unused_imports)] use ::#runtime::tracing;));
    quote! {
        #[allow(unused_imports)]
        use ::#runtime::{#(#always),*};
        #tracing
        #wiremock
    }
}

/// The same tokens with every leading path to an external crate going through the runtime
/// crate, and serde's derives told where serde is.
pub fn through_runtime(tokens: TokenStream) -> TokenStream {
    let trees: Vec<TokenTree> = tokens.into_iter().collect();
    let mut out: Vec<TokenTree> = Vec::with_capacity(trees.len());
    let mut index = 0;
    while index < trees.len() {
        if let Some(name) = leading_extern(&trees, index) {
            let runtime = Ident::new(RUNTIME_CRATE, Span::call_site());
            out.extend(quote!(::#runtime::#name));
            index += 3;
            continue;
        }
        let tree = match &trees[index] {
            TokenTree::Group(group) => {
                let mut rebuilt = Group::new(group.delimiter(), through_runtime(group.stream()));
                rebuilt.set_span(group.span());
                TokenTree::Group(rebuilt)
            }
            other => other.clone(),
        };
        let derives_serde = matches!(&tree, TokenTree::Group(g) if is_serde_derive(g))
            && matches!(out.last(), Some(TokenTree::Punct(p)) if p.as_char() == '#');
        out.push(tree);
        if derives_serde {
            let path = format!("::{RUNTIME_CRATE}::serde");
            out.extend(quote!(#[serde(crate = #path)]));
        }
        index += 1;
    }
    out.into_iter().collect()
}

/// The crate named at `index` when the tokens there are a leading `::` and a crate of
/// [`EXTERN_CRATES`]: the `::` follows no name, `>` or other path segment.
fn leading_extern(trees: &[TokenTree], index: usize) -> Option<Ident> {
    let (TokenTree::Punct(first), TokenTree::Punct(second), TokenTree::Ident(name)) = (
        trees.get(index)?,
        trees.get(index + 1)?,
        trees.get(index + 2)?,
    ) else {
        return None;
    };
    let is_path_sep =
        first.as_char() == ':' && first.spacing() == Spacing::Joint && second.as_char() == ':';
    let follows_segment = match index.checked_sub(1).map(|i| &trees[i]) {
        Some(TokenTree::Ident(previous)) => !KEYWORDS.contains(&previous.to_string().as_str()),
        // `<T as Trait>::x` and `Vec<u8>::x` continue a path; `-> ::x` (an arrow) and
        // `impl<'de> ::x` (generics of an `impl`) start one.
        Some(TokenTree::Punct(p)) => {
            p.as_char() == '>'
                && !follows_dash(trees, index - 1)
                && !closes_impl_generics(trees, index - 1)
        }
        _ => false,
    };
    let known = EXTERN_CRATES.contains(&name.to_string().as_str());
    (is_path_sep && !follows_segment && known).then(|| name.clone())
}

/// Whether the `>` at `at` closes the generics of an `impl` or a `for<…>` binder.
fn closes_impl_generics(trees: &[TokenTree], at: usize) -> bool {
    let mut depth = 0usize;
    for index in (0..=at).rev() {
        let TokenTree::Punct(p) = &trees[index] else {
            continue;
        };
        match p.as_char() {
            '>' if !follows_dash(trees, index) => depth += 1,
            '<' => {
                depth -= 1;
                if depth == 0 {
                    let before = index.checked_sub(1).map(|i| &trees[i]);
                    return matches!(before, Some(TokenTree::Ident(i)) if i == "impl" || i == "for");
                }
            }
            _ => {}
        }
    }
    false
}

/// Whether the `>` at `at` ends an arrow, `->` or `=>`: a `-` or `=` joined to it.
fn follows_dash(trees: &[TokenTree], at: usize) -> bool {
    let previous = at.checked_sub(1).map(|i| &trees[i]);
    matches!(previous, Some(TokenTree::Punct(p)) if matches!(p.as_char(), '-' | '=') && p.spacing() == Spacing::Joint)
}

/// Keywords after which a `::` starts a path rather than continuing one (`as ::serde::X`,
/// `pub use ::reqwest`); `crate`, `self` and `super` are path segments, so not here.
const KEYWORDS: &[&str] = &[
    "as", "break", "const", "dyn", "else", "enum", "fn", "for", "if", "impl", "in", "let", "loop",
    "match", "mod", "move", "mut", "pub", "ref", "return", "static", "struct", "trait", "type",
    "unsafe", "use", "where", "while",
];

/// Whether a bracket group is `derive(…)` naming serde.
fn is_serde_derive(group: &Group) -> bool {
    if group.delimiter() != Delimiter::Bracket {
        return false;
    }
    let mut trees = group.stream().into_iter();
    match (trees.next(), trees.next()) {
        (Some(TokenTree::Ident(name)), Some(TokenTree::Group(list))) if name == "derive" => list
            .stream()
            .into_iter()
            .any(|tree| matches!(&tree, TokenTree::Ident(i) if i == "serde" || i == RUNTIME_CRATE)),
        _ => false,
    }
}

/// The same tokens with the runtime's `feature = "NAME"` conditions decided: the includer
/// has no such feature, so its build script says whether the feature's code is compiled in
/// (`all()`, always true) or not (`any()`, always false).
pub fn decide_feature(tokens: TokenStream, name: &str, on: bool) -> TokenStream {
    let trees: Vec<TokenTree> = tokens.into_iter().collect();
    let mut out: Vec<TokenTree> = Vec::with_capacity(trees.len());
    let mut index = 0;
    while index < trees.len() {
        if is_feature(&trees[index..], name) {
            out.extend(if on { quote!(all()) } else { quote!(any()) });
            index += 3;
            continue;
        }
        out.push(match &trees[index] {
            TokenTree::Group(group) => {
                let mut rebuilt =
                    Group::new(group.delimiter(), decide_feature(group.stream(), name, on));
                rebuilt.set_span(group.span());
                TokenTree::Group(rebuilt)
            }
            other => other.clone(),
        });
        index += 1;
    }
    out.into_iter().collect()
}

/// Whether the tokens start with `feature = "NAME"`.
fn is_feature(trees: &[TokenTree], name: &str) -> bool {
    matches!(
        trees,
        [TokenTree::Ident(key), TokenTree::Punct(eq), TokenTree::Literal(value), ..]
            if key == "feature" && eq.as_char() == '=' && value.to_string() == format!("\"{name}\"")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leading_crate_paths_go_through_the_runtime() {
        let tokens = quote! {
            #[derive(Debug, ::serde::Serialize)]
            pub struct A { pub b: ::std::vec::Vec<::serde_json::Value>, c: super::serde::X }
            fn f() -> ::reqwest::Method { <T as ::serde::Serialize>::x(); a::serde::y() }
            pub use ::reqwest;
        };
        let text = through_runtime(tokens).to_string().replace(' ', "");
        assert!(text.contains("::oas_codegen_runtime::serde::Serialize)]#[serde(crate=\"::oas_codegen_runtime::serde\")]"), "{text}");
        assert!(
            text.contains("::std::vec::Vec<::oas_codegen_runtime::serde_json::Value>"),
            "{text}"
        );
        assert!(
            text.contains("super::serde::X"),
            "a path that does not start with `::` stays: {text}"
        );
        assert!(
            text.contains("->::oas_codegen_runtime::reqwest::Method"),
            "{text}"
        );
        assert!(
            through_runtime(quote!(<T>::serde::x()))
                .to_string()
                .replace(' ', "")
                == "<T>::serde::x()"
        );
        let implemented = through_runtime(quote!(
            impl<'de> ::serde::Deserialize<'de> for X {}
        ))
        .to_string();
        assert!(
            implemented
                .replace(' ', "")
                .contains("impl<'de>::oas_codegen_runtime::serde::Deserialize"),
            "{implemented}"
        );
        assert!(
            text.contains("<Tas::oas_codegen_runtime::serde::Serialize>"),
            "{text}"
        );
        assert!(text.contains("a::serde::y()"), "{text}");
        let arm = through_runtime(quote!(match x {
            _ => ::serde_json::from_value(v),
        }))
        .to_string();
        assert!(
            arm.replace(' ', "")
                .contains("=>::oas_codegen_runtime::serde_json"),
            "{arm}"
        );
        assert!(
            text.contains("pubuse::oas_codegen_runtime::reqwest;"),
            "{text}"
        );
    }
}
