//! The `models` module: one Rust type per named IR type. Structs and newtypes are here;
//! enums and unions are in `enums.rs`.

use super::enums::{emit_enum, emit_union};
use super::names::ident;
use super::types::{tokens, Scope};
use super::{docs, Derive};
use crate::ident::RustName;
use crate::ir::{Field, Struct, TypeDef, TypeKind, TypeRef};
use proc_macro2::TokenStream;
use quote::quote;

/// Some of the types, for emitting the module in chunks.
pub fn emit_some(defs: &[&TypeDef], extra_derives: &[Derive]) -> TokenStream {
    let items = defs.iter().map(|def| emit_type(def, extra_derives));
    quote! { #(#items)* }
}

/// The extra derives a type does not derive already (an enum derives `Eq` and `Hash` itself).
pub fn missing<'p>(extra: &'p [Derive], built_in: &[&str]) -> Vec<&'p Derive> {
    extra
        .iter()
        .filter(|derive| !built_in.contains(&derive.name()))
        .collect()
}

/// One named type.
fn emit_type(def: &TypeDef, extra: &[Derive]) -> TokenStream {
    let doc = docs::attrs(&docs::or_fallback(def.doc.as_deref(), || {
        format!("The `{}` schema.", def.name)
    }));
    let deprecated = def.deprecated.then(|| quote!(#[deprecated]));
    let name = ident(&def.name);
    let body = match &def.kind {
        TypeKind::Struct(st) => emit_struct(&def.name, st, def.derives_default, extra),
        TypeKind::Newtype(ty) => emit_newtype(&def.name, ty, def.derives_default, extra),
        TypeKind::Enum(values) => emit_enum(&def.name, values, extra),
        TypeKind::Union(union) => emit_union(&def.name, union, extra),
        TypeKind::Alias(ty) => {
            let ty = tokens(ty, Scope::Models);
            quote!(pub type #name = #ty;)
        }
    };
    quote! { #doc #deprecated #body }
}

/// The derive attribute of a struct: what every model derives, `Default` where the analysis
/// pass found one, and the user's extra derives that are not among them.
fn struct_derive(default: bool, extra: &[Derive]) -> TokenStream {
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
    quote!(#[derive(Debug, Clone, PartialEq, #default ::serde::Serialize, ::serde::Deserialize #(, #extra)*)])
}

/// A struct with one field per property, and a flattened map for additional properties.
fn emit_struct(name: &RustName, st: &Struct, default: bool, extra: &[Derive]) -> TokenStream {
    let name = ident(name);
    let derive = struct_derive(default, extra);
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
        #derive
        pub struct #name {
            #(#fields)*
            #additional
        }
    }
}

/// A struct around one type, for a recursive alias (`Root = Vec<Root>`): the same JSON.
fn emit_newtype(name: &RustName, ty: &TypeRef, default: bool, extra: &[Derive]) -> TokenStream {
    let name = ident(name);
    let derive = struct_derive(default, extra);
    let ty = tokens(ty, Scope::Models);
    quote! {
        #derive
        #[serde(transparent)]
        pub struct #name(pub #ty);
    }
}

/// One field: its type and serde attributes follow from required, nullable and readOnly.
fn emit_field(field: &Field) -> TokenStream {
    // A property the spec does not describe gets no made-up sentence.
    let mut doc_text = docs::or_fallback(field.doc.as_deref(), String::new);
    if field.read_only {
        if !doc_text.is_empty() {
            doc_text.push_str("\n\n");
        }
        doc_text.push_str("Read-only: the server sets it and ignores it in requests.");
    }
    let doc = docs::attrs(&doc_text);
    let deprecated = field.deprecated.then(|| quote!(#[deprecated]));
    let rust_name = ident(&field.rust_name);
    let mut inner = tokens(&field.ty, Scope::Models);
    if field.boxed {
        inner = quote!(::std::boxed::Box<#inner>);
    }
    let json_name = &field.json_name;
    let rename = (field.rust_name.plain() != json_name).then(|| quote!(rename = #json_name,));
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
