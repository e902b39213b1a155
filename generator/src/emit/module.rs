//! The single-file form of a generated crate, for `include!` from a build script's `OUT_DIR`:
//! the modules of the plan wrapped in `mod name { … }`, every crate it names reached through
//! the runtime crate (`runtime_paths.rs`), formatted once. The mock kit is there when
//! `Config::mock_kit` names the `cfg` it is compiled under.
//!
//! `include!` takes items, not a crate root, so the file has no inner attributes: a module's
//! doc is an outer attribute on its `mod`, and a template's `//!` doc becomes one too. Doc
//! examples are marked `ignore`, since they name the crate the standalone form would have;
//! that is done on the tokens' doc attributes, never on formatted text.

use super::chunks::{Chunk, Shared};
use super::plan::{self, Module, Source};
use super::{
    docs, format, lib_rs,
    names::{ident, word},
    runtime_paths,
};
use crate::ir::Api;
use proc_macro2::{Delimiter, Group, Literal, TokenStream, TokenTree};
use quote::quote;

/// The whole module form as text. The options say the mock kit's `cfg` predicate, if any,
/// whether the client's tracing is compiled in, and whether OAuth 2.0 client credentials are.
pub fn emit(api: &Api, shared: &Shared<'_>, options: &crate::Options) -> Result<String, String> {
    let crate_ident = options.crate_ident();
    let version = crate::Package::of(api, &options.crate_name, &options.package).version;
    let (mock_kit, tracing, oauth) = (options.mock_kit.as_deref(), options.tracing, options.oauth);
    let mock_cfg = mock_kit.map(mock_cfg).transpose()?;
    let types_only = options.types_only;
    let root = lib_rs::root_items(api, &options.crate_name, quote!(#version), types_only);
    let modules = plan::modules(api, types_only)
        .iter()
        .filter(|module| !module.mock_only || mock_cfg.is_some())
        .filter(|module| !module.oauth_only || oauth)
        .map(|module| {
            let cfg = match (&mock_cfg, module.mock_only) {
                (Some(predicate), true) => Some(quote!(#[cfg(#predicate)])),
                _ => None,
            };
            wrap(module, shared, &crate_ident, tracing, !types_only)
                .map(|tokens| quote!(#cfg #tokens))
        })
        .collect::<Result<Vec<_>, String>>()?;
    let tokens = quote! { #root #(#modules)* };
    // A types-only module names serde, serde_json and chrono itself: the crate that includes
    // it depends on them, not on the runtime crate and its HTTP stack.
    let tokens = match types_only {
        true => tokens,
        false => runtime_paths::through_runtime(tokens),
    };
    let tokens = runtime_paths::decide_feature(tokens, "tracing", tracing);
    // The OAuth modules are in the plan only for a spec with a client credentials flow; the
    // runtime crate's `oauth` feature, on by default, brings what they need.
    let tokens = runtime_paths::decide_feature(tokens, "oauth", oauth);
    let mut open = false;
    let tokens = ignore_doc_examples(tokens, &mut open);
    format::format(tokens, "the generated module")
}

/// One module as an inline `mod` item.
fn wrap(
    module: &Module,
    shared: &Shared<'_>,
    crate_ident: &str,
    tracing: bool,
    through_runtime: bool,
) -> Result<TokenStream, String> {
    let name = word(module.name);
    let visibility = module.public.then(|| quote!(pub));
    let allows = module.allows();
    let (doc, items) = match &module.source {
        Source::Generated(kind) => {
            let head = shared.emit(Chunk::Head(*kind));
            let split = shared.is_split(*kind);
            let groups = shared.groups(*kind).iter().enumerate().filter(|_| split);
            let groups = groups.map(|(index, group)| {
                let (name, doc) = (ident(&group.name), docs::attrs(&group.doc));
                let items = shared.emit(Chunk::Group(*kind, index));
                quote!(#doc mod #name { #items })
            });
            (docs::attrs(module.doc), quote!(#(#groups)* #head))
        }
        Source::Template(source) => {
            let text = plan::fill_template(source, crate_ident);
            let file = syn::parse_file(&text).map_err(|err| {
                format!(
                    "the runtime template `{}` does not parse: {err}",
                    module.name
                )
            })?;
            let doc = file.attrs.into_iter().map(|mut attr| {
                attr.style = syn::AttrStyle::Outer;
                attr
            });
            let items = file.items;
            let imports =
                through_runtime.then(|| runtime_paths::template_imports(module.name, tracing));
            (quote!(#(#doc)*), quote!(#imports #(#items)*))
        }
    };
    Ok(quote! {
        #doc
        #allows
        #visibility mod #name {
            #items
        }
    })
}

/// The same tokens with every code block of every doc attribute marked `ignore`; `open`
/// tracks whether a block is open across attributes, one per line of a doc comment.
fn ignore_doc_examples(tokens: TokenStream, open: &mut bool) -> TokenStream {
    tokens
        .into_iter()
        .map(|tree| match tree {
            TokenTree::Group(group) => {
                let stream = match doc_text(&group) {
                    Some(text) => {
                        let text = ignore_in_text(&text, open);
                        quote!(doc = #text)
                    }
                    None => ignore_doc_examples(group.stream(), open),
                };
                let mut rebuilt = Group::new(group.delimiter(), stream);
                rebuilt.set_span(group.span());
                TokenTree::Group(rebuilt)
            }
            other => other,
        })
        .collect()
}

/// The text of a `[doc = "…"]` attribute group.
pub fn doc_text(group: &Group) -> Option<String> {
    if group.delimiter() != Delimiter::Bracket {
        return None;
    }
    let trees: Vec<TokenTree> = group.stream().into_iter().collect();
    match trees.as_slice() {
        [TokenTree::Ident(name), TokenTree::Punct(eq), TokenTree::Literal(literal)]
            if name == "doc" && eq.as_char() == '=' =>
        {
            string_value(literal)
        }
        _ => None,
    }
}

/// The value of a string literal token.
fn string_value(literal: &Literal) -> Option<String> {
    syn::parse2::<syn::LitStr>(TokenTree::Literal(literal.clone()).into())
        .ok()
        .map(|lit| lit.value())
}

/// Doc text with each opening code fence (```` ``` ```` with any attributes) made
/// ```` ```ignore ````.
fn ignore_in_text(text: &str, open: &mut bool) -> String {
    let lines: Vec<String> = text
        .split('\n')
        .map(|line| {
            let trimmed = line.trim_start();
            if !trimmed.starts_with("```") {
                return line.to_string();
            }
            let was_open = *open;
            *open = !*open;
            if was_open {
                line.to_string()
            } else {
                format!("{}```ignore", &line[..line.len() - trimmed.len()])
            }
        })
        .collect();
    lines.join("\n")
}

/// The mock kit's `cfg` predicate as tokens, checked to be one (`test`, `feature = "mock"`,
/// `all(…)`).
pub fn mock_cfg(predicate: &str) -> Result<TokenStream, String> {
    let tokens = predicate
        .parse::<TokenStream>()
        .map_err(|err| format!("the mock kit's cfg `{predicate}` is not a cfg predicate: {err}"))?;
    syn::parse2::<syn::Meta>(tokens.clone())
        .map_err(|err| format!("the mock kit's cfg `{predicate}` is not a cfg predicate: {err}"))?;
    Ok(tokens)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn oauth_is_compiled_in_or_left_out_as_the_options_say() {
        let spec = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  securitySchemes:\n    o: {type: oauth2, flows: {clientCredentials: {tokenUrl: /token, scopes: {}}}}\n";
        for oauth in [true, false] {
            let options = crate::Options {
                oauth,
                ..Default::default()
            };
            let (code, _) =
                crate::generate_module(spec, std::path::Path::new("t.yaml"), &options, "test")
                    .expect("the spec generates");
            assert_eq!(code.contains("jsonwebtoken"), oauth);
            assert_eq!(code.contains("pub struct ClientCredentials"), oauth);
            assert!(oauth || code.contains("needs the crate's `oauth` feature"));
            syn::parse_file(&code).expect("the module parses");
        }
    }

    #[test]
    fn opening_fences_are_ignored_and_closing_ones_kept() {
        let tokens = quote! {
            #[doc = " Example:"]
            #[doc = " ```no_run"]
            #[doc = " let x = 1;"]
            #[doc = " ```"]
            mod m { #[doc = " ```\n a\n ```"] fn f() {} }
        };
        let mut open = false;
        let text = ignore_doc_examples(tokens, &mut open).to_string();
        assert!(text.contains(r#"doc = " ```ignore""#), "{text}");
        assert!(text.contains(r#"doc = " ```""#), "{text}");
        assert!(text.contains(r#"" ```ignore\n a\n ```""#), "{text}");
        assert!(!open);
    }
}
