//! Formatting: token streams to source text, once, at the end.

use proc_macro2::TokenStream;

/// Formats a file's tokens with prettyplease, or reports what did not parse.
pub fn format(tokens: TokenStream, file_name: &str) -> Result<String, String> {
    let file: syn::File = syn::parse2(tokens)
        .map_err(|err| format!("generated `{file_name}` is not valid Rust: {err}"))?;
    Ok(prettyplease::unparse(&file))
}
