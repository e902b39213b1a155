//! The single-file form of a generated crate, for `include!` from a build script's `OUT_DIR`.
//!
//! `include!` takes items, not a crate root, so the file has no inner attributes: every
//! module is inline, the templates' `//!` docs become outer docs on their module, and doc
//! examples are marked `ignore`, since they name the crate the standalone form would have.

use super::{format, lib_rs, models, operations, templates};
use crate::ir::Api;
use proc_macro2::TokenStream;
use quote::quote;

/// The whole module as text.
pub fn emit(
    api: &Api,
    crate_ident: &str,
    version: &str,
    extra: &[syn::Path],
) -> Result<String, String> {
    let models = models::emit(api, extra);
    let ops = operations::emit(api, crate_ident);
    let items = lib_rs::root_items(api, crate_ident, quote!(#version));
    let generated: TokenStream = quote! {
        /// The API's schemas, one type per schema.
        #[allow(deprecated)]
        pub mod models {
            #models
        }
        /// One request builder per operation, and the `Client` methods that start them.
        #[allow(deprecated)]
        pub mod operations {
            #ops
        }
        #items
    };
    let mut out = format::format(generated, "the generated module")?;
    for (name, source) in templates::RUNTIME {
        out.push('\n');
        out.push_str(&inline_module(
            name,
            &source.replace("{{crate}}", crate_ident),
        ));
    }
    Ok(ignore_doc_examples(&out))
}

/// A template as an inline module: its `//!` lines as outer docs, its body indented.
fn inline_module(name: &str, source: &str) -> String {
    let mut docs = String::new();
    let mut body = String::new();
    for line in source.lines() {
        match line.strip_prefix("//!") {
            Some(doc) if body.trim().is_empty() => docs.push_str(&format!("///{doc}\n")),
            _ => {
                if line.is_empty() {
                    body.push('\n');
                } else {
                    body.push_str(&format!("    {line}\n"));
                }
            }
        }
    }
    let allow = if lib_rs::MAY_BE_UNUSED.contains(&name) {
        "#[allow(dead_code)]\n"
    } else {
        ""
    };
    format!(
        "{docs}{allow}mod {name} {{\n{}}}\n",
        body.trim_start_matches('\n')
    )
}

/// Marks every doc-comment code block `ignore`: in another crate its paths would not resolve.
fn ignore_doc_examples(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut open = false;
    for line in text.lines() {
        let trimmed = line.trim_start();
        let doc = trimmed.strip_prefix("///").map(str::trim_start);
        match doc {
            Some(rest) if rest.starts_with("```") => {
                if open {
                    out.push_str(line);
                } else {
                    let indent = &line[..line.len() - trimmed.len()];
                    out.push_str(&format!("{indent}/// ```ignore"));
                }
                open = !open;
            }
            _ => out.push_str(line),
        }
        out.push('\n');
    }
    out
}
