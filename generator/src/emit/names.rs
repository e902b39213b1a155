//! Identifiers for emission: turns the IR's names (which may be raw, `r#type`) into tokens.

use proc_macro2::{Ident, Span};

/// An identifier for `name`, raw when the name is written `r#…`.
pub fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

/// The name as it reads in prose and in serde attributes (`r#type` reads `type`).
pub fn plain(name: &str) -> &str {
    name.strip_prefix("r#").unwrap_or(name)
}
