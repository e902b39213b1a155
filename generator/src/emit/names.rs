//! Identifiers for emission: a [`RustName`] (which may be raw, `r#type`) as tokens, and the
//! few names the generator itself chooses.

use crate::ident::RustName;
use proc_macro2::{Ident, Span, TokenStream};

/// The identifier of a name from the spec, raw when the name is written `r#…`.
pub fn ident(name: &RustName) -> Ident {
    if name.is_raw() {
        Ident::new_raw(name.plain(), Span::call_site())
    } else {
        Ident::new(name.as_str(), Span::call_site())
    }
}

/// The identifier of a name the generator chooses (`models`, a derive's path segment),
/// never a keyword.
pub fn word(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}

impl quote::ToTokens for RustName {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        tokens.extend([proc_macro2::TokenTree::Ident(ident(self))]);
    }
}
