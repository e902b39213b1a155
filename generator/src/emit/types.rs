//! Type references as Rust tokens.

use super::names::ident;
use crate::ir::{Primitive, TypeRef};
use proc_macro2::TokenStream;
use quote::quote;

/// Where a type is written: inside `models` or in another module of the crate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Inside the `models` module.
    Models,
    /// In a sibling module, reaching models through `super::models`.
    Sibling,
    /// Outside the crate, which is named `api` (the conformance harness).
    Outside,
}

/// The Rust type of a reference.
pub fn tokens(ty: &TypeRef, scope: Scope) -> TokenStream {
    match ty {
        TypeRef::Primitive(primitive) => primitive_tokens(*primitive),
        TypeRef::Named(name) => {
            let name = ident(name);
            match scope {
                Scope::Models => quote!(#name),
                Scope::Sibling => quote!(super::models::#name),
                Scope::Outside => quote!(api::models::#name),
            }
        }
        TypeRef::Array(item) => {
            let item = tokens(item, scope);
            quote!(::std::vec::Vec<#item>)
        }
        TypeRef::Map(value) => {
            let value = tokens(value, scope);
            quote!(::std::collections::BTreeMap<::std::string::String, #value>)
        }
        TypeRef::Option(inner) => {
            let inner = tokens(inner, scope);
            quote!(::std::option::Option<#inner>)
        }
        TypeRef::Any => quote!(::serde_json::Value),
    }
}

/// The Rust type of a scalar inside JSON (bytes travel as base64 text there).
fn primitive_tokens(primitive: Primitive) -> TokenStream {
    match primitive {
        Primitive::String | Primitive::Bytes => quote!(::std::string::String),
        Primitive::Boolean => quote!(bool),
        Primitive::I32 => quote!(i32),
        Primitive::I64 => quote!(i64),
        Primitive::U64 => quote!(u64),
        Primitive::F64 => quote!(f64),
        Primitive::DateTime => quote!(::chrono::DateTime<::chrono::FixedOffset>),
        Primitive::Date => quote!(::chrono::NaiveDate),
    }
}
