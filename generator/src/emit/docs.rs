//! Doc comments: spec text made safe for rustdoc and turned into `#[doc]` attributes.

use proc_macro2::TokenStream;
use quote::quote;

/// Makes spec prose safe for rustdoc: no indented code blocks (which rustdoc would compile
/// as tests), fences marked as text, and no trailing blank lines.
pub fn sanitize(text: &str) -> String {
    let mut out = Vec::new();
    let mut in_fence = false;
    for line in text.lines() {
        let trimmed = line.trim();
        if trimmed.starts_with("```") {
            out.push(if in_fence {
                "```".to_string()
            } else {
                "```text".to_string()
            });
            in_fence = !in_fence;
            continue;
        }
        if in_fence {
            out.push(line.to_string());
        } else {
            out.push(trimmed.to_string());
        }
    }
    if in_fence {
        out.push("```".to_string());
    }
    while out.last().is_some_and(|l| l.is_empty()) {
        out.pop();
    }
    out.join("\n")
}

/// `#[doc]` attributes for a text, one per line so that rustfmt keeps them readable.
pub fn attrs(text: &str) -> TokenStream {
    let lines = text.lines().map(|line| {
        let line = if line.is_empty() {
            String::new()
        } else {
            format!(" {line}")
        };
        quote!(#[doc = #line])
    });
    quote!(#(#lines)*)
}

/// The doc of an item: the spec's description, or a fallback sentence.
pub fn or_fallback(doc: Option<&str>, fallback: impl FnOnce() -> String) -> String {
    match doc.map(sanitize).filter(|d| !d.trim().is_empty()) {
        Some(doc) => doc,
        None => fallback(),
    }
}

/// Inner `#![doc]` attributes for a text, for a crate or module root.
pub fn inner_attrs(text: &str) -> TokenStream {
    let lines = text.lines().map(|line| {
        let line = if line.is_empty() {
            String::new()
        } else {
            format!(" {line}")
        };
        quote!(#![doc = #line])
    });
    quote!(#(#lines)*)
}
