//! The `models` module: one Rust type per named IR type.

use super::docs;
use super::names::{ident, plain};
use super::types::{tokens, Scope};
use crate::ir::{Api, EnumValues, Field, Struct, TypeDef, TypeKind, TypeRef, Union, UnionTagging};
use proc_macro2::TokenStream;
use quote::quote;
use std::collections::{BTreeMap, BTreeSet};

/// The whole `models` module body.
pub fn emit(api: &Api, extra_derives: &[syn::Path]) -> TokenStream {
    let defaults = defaultable(&api.types);
    let items = api
        .types
        .values()
        .map(|def| emit_type(def, &defaults, extra_derives));
    quote! { #(#items)* }
}

/// Some of the types, for emitting a large module in chunks; `defaults` comes from
/// [`defaultable`] over all of them.
pub fn emit_some(
    defs: &[&TypeDef],
    defaults: &BTreeSet<String>,
    extra_derives: &[syn::Path],
) -> TokenStream {
    let items = defs
        .iter()
        .map(|def| emit_type(def, defaults, extra_derives));
    quote! { #(#items)* }
}

/// The extra derives a type does not derive already (an enum derives `Eq` and `Hash` itself).
fn missing<'p>(extra: &'p [syn::Path], built_in: &[&str]) -> Vec<&'p syn::Path> {
    extra
        .iter()
        .filter(|path| {
            !path
                .segments
                .last()
                .is_some_and(|s| built_in.iter().any(|b| s.ident == b))
        })
        .collect()
}

/// One named type.
fn emit_type(def: &TypeDef, defaults: &BTreeSet<String>, extra: &[syn::Path]) -> TokenStream {
    let doc = docs::attrs(&docs::or_fallback(def.doc.as_deref(), || {
        format!("The `{}` schema.", def.name)
    }));
    let deprecated = def.deprecated.then(|| quote!(#[deprecated]));
    let name = ident(&def.name);
    let body = match &def.kind {
        TypeKind::Struct(st) => emit_struct(&def.name, st, defaults.contains(&def.name), extra),
        TypeKind::Enum(values) => emit_enum(&def.name, values, extra),
        TypeKind::Union(union) => emit_union(&def.name, union, extra),
        TypeKind::Alias(ty) => {
            let ty = tokens(ty, Scope::Models);
            quote!(pub type #name = #ty;)
        }
    };
    quote! { #doc #deprecated #body }
}

/// A struct with one field per property, and a flattened map for additional properties.
fn emit_struct(name: &str, st: &Struct, default: bool, extra: &[syn::Path]) -> TokenStream {
    let name = ident(name);
    let extra = missing(
        extra,
        &[
            "Debug",
            "Clone",
            "PartialEq",
            "Default",
            "Serialize",
            "Deserialize",
        ],
    );
    let default = default.then(|| quote!(::std::default::Default,));
    let fields = st.fields.iter().map(emit_field);
    let additional = match (&st.additional, st.keeps_unknown) {
        (Some(ty), _) => {
            let ty = tokens(ty, Scope::Models);
            Some(quote! {
                /// Properties the schema does not name (custom attributes), kept as they came.
                #[serde(flatten)]
                pub additional_properties: ::std::collections::BTreeMap<::std::string::String, #ty>,
            })
        }
        (None, true) => Some(quote! {
            /// Properties this version of the spec does not know, kept as they came so that
            /// encoding the value sends them back unchanged (a read-modify-write loses nothing).
            #[serde(flatten)]
            pub additional_properties: ::std::collections::BTreeMap<::std::string::String, ::serde_json::Value>,
        }),
        (None, false) => None,
    };
    quote! {
        #[derive(Debug, Clone, PartialEq, #default ::serde::Serialize, ::serde::Deserialize #(, #extra)*)]
        pub struct #name {
            #(#fields)*
            #additional
        }
    }
}

/// One field: its type and serde attributes follow from required, nullable and readOnly.
fn emit_field(field: &Field) -> TokenStream {
    let mut doc_text = docs::or_fallback(field.doc.as_deref(), || {
        format!("The `{}` property.", field.json_name)
    });
    if field.read_only {
        doc_text.push_str("\n\nRead-only: the server sets it and ignores it in requests.");
    }
    let doc = docs::attrs(&doc_text);
    let deprecated = field.deprecated.then(|| quote!(#[deprecated]));
    let rust_name = ident(&field.rust_name);
    let mut inner = tokens(&field.ty, Scope::Models);
    if field.boxed {
        inner = quote!(::std::boxed::Box<#inner>);
    }
    let json_name = &field.json_name;
    let rename = (plain(&field.rust_name) != json_name).then(|| quote!(rename = #json_name,));
    let (ty, serde) = match (field.required, field.nullable) {
        (true, false) if !field.nullable => (inner, quote!(#[serde(#rename)])),
        (true, _) => (
            quote!(::std::option::Option<#inner>),
            quote!(#[serde(#rename default)]),
        ),
        (false, true) => (
            quote!(super::Nullable<#inner>),
            quote!(#[serde(#rename default, skip_serializing_if = "super::Nullable::is_absent")]),
        ),
        (false, false) => (
            quote!(::std::option::Option<#inner>),
            quote!(#[serde(#rename default, skip_serializing_if = "::std::option::Option::is_none")]),
        ),
    };
    let serde = if serde.to_string() == quote!(#[serde()]).to_string() {
        quote!()
    } else {
        serde
    };
    quote! {
        #doc
        #deprecated
        #serde
        pub #rust_name: #ty,
    }
}

/// A string or integer enum with an `Unknown` variant that keeps values the spec does not list.
fn emit_enum(name: &str, values: &EnumValues, extra: &[syn::Path]) -> TokenStream {
    let name = ident(name);
    let extra = missing(
        extra,
        &[
            "Debug",
            "Clone",
            "Copy",
            "PartialEq",
            "Eq",
            "Hash",
            "PartialOrd",
            "Ord",
        ],
    );
    match values {
        EnumValues::String(values) => {
            let variants: Vec<_> = values.iter().map(|(_, v)| ident(v)).collect();
            let texts: Vec<&String> = values.iter().map(|(t, _)| t).collect();
            let docs = texts.iter().map(|t| format!(" The value `{t}`."));
            quote! {
                #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord #(, #extra)*)]
                pub enum #name {
                    #( #[doc = #docs] #variants, )*
                    /// A value this version of the client does not know; it is kept as sent.
                    Unknown(::std::string::String),
                }
                impl #name {
                    /// The value as it appears in JSON.
                    pub fn as_str(&self) -> &str {
                        match self {
                            #( Self::#variants => #texts, )*
                            Self::Unknown(value) => value,
                        }
                    }
                }
                impl ::std::convert::From<&str> for #name {
                    fn from(value: &str) -> Self {
                        match value {
                            #( #texts => Self::#variants, )*
                            other => Self::Unknown(other.to_owned()),
                        }
                    }
                }
                impl ::std::fmt::Display for #name {
                    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        f.write_str(self.as_str())
                    }
                }
                impl ::serde::Serialize for #name {
                    fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                        serializer.serialize_str(self.as_str())
                    }
                }
                impl<'de> ::serde::Deserialize<'de> for #name {
                    fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                        let value = <::std::borrow::Cow<'de, str> as ::serde::Deserialize>::deserialize(deserializer)?;
                        Ok(Self::from(value.as_ref()))
                    }
                }
            }
        }
        EnumValues::Integer(values) => {
            let variants: Vec<_> = values.iter().map(|(_, v)| ident(v)).collect();
            let numbers: Vec<i64> = values.iter().map(|(n, _)| *n).collect();
            let docs = numbers.iter().map(|n| format!(" The value `{n}`."));
            quote! {
                #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord #(, #extra)*)]
                pub enum #name {
                    #( #[doc = #docs] #variants, )*
                    /// A value this version of the client does not know; it is kept as sent.
                    Unknown(i64),
                }
                impl #name {
                    /// The value as it appears in JSON.
                    pub fn value(self) -> i64 {
                        match self {
                            #( Self::#variants => #numbers, )*
                            Self::Unknown(value) => value,
                        }
                    }
                }
                impl ::std::convert::From<i64> for #name {
                    fn from(value: i64) -> Self {
                        match value {
                            #( #numbers => Self::#variants, )*
                            other => Self::Unknown(other),
                        }
                    }
                }
                impl ::std::fmt::Display for #name {
                    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        ::std::fmt::Display::fmt(&self.value(), f)
                    }
                }
                impl ::serde::Serialize for #name {
                    fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                        serializer.serialize_i64(self.value())
                    }
                }
                impl<'de> ::serde::Deserialize<'de> for #name {
                    fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                        Ok(Self::from(<i64 as ::serde::Deserialize>::deserialize(deserializer)?))
                    }
                }
            }
        }
    }
}

/// A union: untagged, or told apart by a discriminator property with an `Unknown` fallback.
fn emit_union(name: &str, union: &Union, extra: &[syn::Path]) -> TokenStream {
    let name_ident = ident(name);
    let extra = missing(
        extra,
        &["Debug", "Clone", "PartialEq", "Serialize", "Deserialize"],
    );
    let variants: Vec<_> = union.variants.iter().map(|v| ident(&v.name)).collect();
    let types: Vec<_> = union
        .variants
        .iter()
        .map(|v| tokens(&v.ty, Scope::Models))
        .collect();
    let docs = union.variants.iter().map(|v| match &v.tag {
        Some(tag) => format!(" The variant whose discriminator is `{tag}`."),
        None => format!(" The `{}` variant.", v.name),
    });
    match &union.tagging {
        UnionTagging::Untagged => quote! {
            #[derive(Debug, Clone, PartialEq, ::serde::Serialize, ::serde::Deserialize #(, #extra)*)]
            #[serde(untagged)]
            pub enum #name_ident {
                #( #[doc = #docs] #variants(#types), )*
            }
        },
        UnionTagging::Internal { property } => {
            let tags: Vec<&String> = union
                .variants
                .iter()
                .filter_map(|v| v.tag.as_ref())
                .collect();
            quote! {
                #[derive(Debug, Clone, PartialEq, ::serde::Serialize #(, #extra)*)]
                #[serde(untagged)]
                pub enum #name_ident {
                    #( #[doc = #docs] #variants(#types), )*
                    /// A variant this version of the client does not know; it is kept as sent.
                    Unknown(::serde_json::Value),
                }
                impl<'de> ::serde::Deserialize<'de> for #name_ident {
                    fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                        let value = <::serde_json::Value as ::serde::Deserialize>::deserialize(deserializer)?;
                        let tag = value.get(#property).and_then(::serde_json::Value::as_str).map(::std::borrow::ToOwned::to_owned);
                        match tag.as_deref() {
                            #( Some(#tags) => ::serde_json::from_value(value).map(Self::#variants).map_err(::serde::de::Error::custom), )*
                            _ => Ok(Self::Unknown(value)),
                        }
                    }
                }
            }
        }
    }
}

/// The names of the types that can derive `Default`: structs whose required fields all can.
pub fn defaultable(types: &BTreeMap<String, TypeDef>) -> BTreeSet<String> {
    let mut yes: BTreeSet<String> = types
        .iter()
        .filter(|(_, d)| matches!(d.kind, TypeKind::Struct(_)))
        .map(|(n, _)| n.clone())
        .collect();
    loop {
        let before = yes.len();
        let snapshot = yes.clone();
        yes.retain(|name| match &types[name].kind {
            TypeKind::Struct(st) => st
                .fields
                .iter()
                .filter(|f| f.required && !f.nullable)
                .all(|f| ref_default(&f.ty, types, &snapshot)),
            _ => false,
        });
        if yes.len() == before {
            return yes;
        }
    }
}

/// Whether a type reference has a `Default`, following at most 64 aliases (lowering
/// rejects cycles of aliases; the bound keeps this safe on its own).
fn ref_default(ty: &TypeRef, types: &BTreeMap<String, TypeDef>, yes: &BTreeSet<String>) -> bool {
    let mut current = ty;
    for _ in 0..64 {
        match current {
            TypeRef::Named(name) => match types.get(name).map(|d| &d.kind) {
                Some(TypeKind::Alias(inner)) => current = inner,
                _ => return yes.contains(name),
            },
            _ => return true,
        }
    }
    false
}
