//! Enums and unions of the `models` module: string and integer enums that keep unknown
//! values, and unions told apart by a discriminator or by trying each variant.

use super::models::missing;
use super::names::{ident, word};
use super::types::{tokens, Scope};
use super::Derive;
use crate::ident::RustName;
use crate::ir::{EnumValues, Union, UnionTagging};
use proc_macro2::TokenStream;
use quote::quote;

/// A string or integer enum with an `Unknown` variant that keeps values the spec does not list.
pub fn emit_enum(name: &RustName, values: &EnumValues, extra: &[Derive]) -> TokenStream {
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
        EnumValues::String(values) => string_enum(&name, values, &extra),
        EnumValues::Integer(values) => integer_enum(&name, values, &extra),
    }
}

/// An enum of strings, written and read as its JSON text.
fn string_enum(
    name: &proc_macro2::Ident,
    values: &[(String, RustName)],
    extra: &[&Derive],
) -> TokenStream {
    let unknown = word(crate::reserved::UNKNOWN_VARIANT);
    let variants: Vec<_> = values.iter().map(|(_, v)| ident(v)).collect();
    let texts: Vec<&String> = values.iter().map(|(t, _)| t).collect();
    let docs = texts.iter().map(|t| format!(" The value `{t}`."));
    quote! {
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord #(, #extra)*)]
        pub enum #name {
            #( #[doc = #docs] #variants, )*
            /// A value this version of the client does not know; it is kept as sent.
            #unknown(::std::string::String),
        }
        impl #name {
            /// The value as it appears in JSON.
            pub fn as_str(&self) -> &str {
                match self {
                    #( Self::#variants => #texts, )*
                    Self::#unknown(value) => value,
                }
            }
        }
        impl ::std::convert::From<&str> for #name {
            fn from(value: &str) -> Self {
                match value {
                    #( #texts => Self::#variants, )*
                    other => Self::#unknown(other.to_owned()),
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

/// An enum of integers, written and read as its JSON number.
fn integer_enum(
    name: &proc_macro2::Ident,
    values: &[(i64, RustName)],
    extra: &[&Derive],
) -> TokenStream {
    let unknown = word(crate::reserved::UNKNOWN_VARIANT);
    let variants: Vec<_> = values.iter().map(|(_, v)| ident(v)).collect();
    let numbers: Vec<i64> = values.iter().map(|(n, _)| *n).collect();
    let docs = numbers.iter().map(|n| format!(" The value `{n}`."));
    quote! {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord #(, #extra)*)]
        pub enum #name {
            #( #[doc = #docs] #variants, )*
            /// A value this version of the client does not know; it is kept as sent.
            #unknown(i64),
        }
        impl #name {
            /// The value as it appears in JSON.
            pub fn value(self) -> i64 {
                match self {
                    #( Self::#variants => #numbers, )*
                    Self::#unknown(value) => value,
                }
            }
        }
        impl ::std::convert::From<i64> for #name {
            fn from(value: i64) -> Self {
                match value {
                    #( #numbers => Self::#variants, )*
                    other => Self::#unknown(other),
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

/// A union: untagged, or told apart by a discriminator property with an `Unknown` fallback.
pub fn emit_union(name: &RustName, union: &Union, extra: &[Derive]) -> TokenStream {
    let unknown = word(crate::reserved::UNKNOWN_VARIANT);
    let name_ident = ident(name);
    let extra = missing(
        extra,
        &["Debug", "Clone", "PartialEq", "Serialize", "Deserialize"],
    );
    let variants: Vec<_> = union.variants.iter().map(|v| ident(&v.name)).collect();
    let types: Vec<_> = union
        .variants
        .iter()
        .map(|v| {
            let ty = tokens(&v.ty, Scope::Models);
            if v.boxed {
                quote!(::std::boxed::Box<#ty>)
            } else {
                ty
            }
        })
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
                    #unknown(::serde_json::Value),
                }
                impl<'de> ::serde::Deserialize<'de> for #name_ident {
                    fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                        let value = <::serde_json::Value as ::serde::Deserialize>::deserialize(deserializer)?;
                        let tag = value.get(#property).and_then(::serde_json::Value::as_str).map(::std::borrow::ToOwned::to_owned);
                        match tag.as_deref() {
                            #( Some(#tags) => ::serde_json::from_value(value).map(Self::#variants).map_err(::serde::de::Error::custom), )*
                            _ => Ok(Self::#unknown(value)),
                        }
                    }
                }
            }
        }
    }
}
