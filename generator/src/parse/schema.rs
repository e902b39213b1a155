//! Schema lowering: OpenAPI schemas to named IR types and type references.

use super::context::Context;
use super::object::{collect_object, lower_struct, ObjectParts};
use super::union::lower_union;
use crate::diagnostics::catalogue::{ITEMS_BESIDE_TYPE, NOT_SCHEMA, SELF_CONTAINING_COMPOSITION};
use crate::diagnostics::Pointer;
use crate::ident::{self, Namespace, RustName};
use crate::ir::{EnumValues, Primitive, TypeDef, TypeKind, TypeRef};
use openapiv3::{
    AdditionalProperties, AnySchema, ReferenceOr, Schema, SchemaKind, Type, VariantOrUnknownOrEmpty,
};

/// Lowers a component schema into the named type `name`.
pub fn lower_named(
    cx: &mut Context<'_>,
    name: &RustName,
    schema: &ReferenceOr<Schema>,
    pointer: &Pointer,
) {
    let (kind, doc, deprecated) = match schema {
        ReferenceOr::Reference { reference } => (
            TypeKind::Alias(reference_type(cx, reference, pointer)),
            None,
            false,
        ),
        ReferenceOr::Item(schema) => {
            let kind = if defines_type(cx, schema) {
                lower_kind(cx, name, schema, pointer)
            } else {
                TypeKind::Alias(inline_ref(cx, schema, name, pointer))
            };
            (
                kind,
                schema.schema_data.description.clone(),
                schema.schema_data.deprecated,
            )
        }
    };
    let def = TypeDef {
        name: name.clone(),
        pointer: pointer.clone(),
        doc,
        deprecated,
        kind,
        derives_default: false,
    };
    cx.types.insert(name.clone(), def);
}

/// The type a schema-or-reference stands for, defining inline types under `hint` as needed.
pub fn type_ref(
    cx: &mut Context<'_>,
    schema: &ReferenceOr<Schema>,
    hint: &str,
    pointer: &Pointer,
) -> TypeRef {
    match schema {
        ReferenceOr::Reference { reference } => reference_type(cx, reference, pointer),
        ReferenceOr::Item(schema) => inline_ref(cx, schema, hint, pointer),
    }
}

/// The same as [`type_ref`] for the boxed schemas `openapiv3` uses in properties and items.
pub fn boxed_type_ref(
    cx: &mut Context<'_>,
    schema: &ReferenceOr<Box<Schema>>,
    hint: &str,
    pointer: &Pointer,
) -> TypeRef {
    match schema {
        ReferenceOr::Reference { reference } => reference_type(cx, reference, pointer),
        ReferenceOr::Item(schema) => inline_ref(cx, schema, hint, pointer),
    }
}

/// The named type a `$ref` points at; a reference deeper than a component is lowered once,
/// as an inline schema named after its last segment.
pub fn reference_type(cx: &mut Context<'_>, reference: &str, pointer: &Pointer) -> TypeRef {
    if let Some((key, _)) = cx.resolve_schema_ref(reference, pointer) {
        return cx
            .component_names
            .get(&key)
            .map_or(TypeRef::Any, |name| TypeRef::Named(name.clone()));
    }
    if let Some(known) = cx.deep_types.get(reference) {
        return known.clone();
    }
    let Some(schema) = cx.deep_schema(reference) else {
        return TypeRef::Any;
    };
    // A deep reference that refers back to itself while being lowered is left as JSON.
    cx.deep_types.insert(reference.to_string(), TypeRef::Any);
    let hint = reference
        .rsplit('/')
        .find(|s| !s.is_empty() && s.parse::<usize>().is_err())
        .map(crate::diagnostics::unescape)
        .unwrap_or_default();
    let ty = inline_ref(
        cx,
        &schema,
        &ident::camel(&hint),
        &Pointer::from_reference(reference),
    );
    cx.deep_types.insert(reference.to_string(), ty.clone());
    ty
}

/// Whether lowering `schema` defines a new named type (a struct, an enum or a union).
fn defines_type(cx: &mut Context<'_>, schema: &Schema) -> bool {
    match &schema.schema_kind {
        SchemaKind::Type(Type::Object(object)) => !object.properties.is_empty(),
        SchemaKind::Type(Type::String(string)) => string.enumeration.iter().any(Option::is_some),
        SchemaKind::Type(Type::Integer(integer)) => integer.enumeration.iter().any(Option::is_some),
        SchemaKind::AllOf { all_of } => significant(cx, all_of).len() > 1,
        SchemaKind::OneOf { one_of: parts } | SchemaKind::AnyOf { any_of: parts } => {
            significant(cx, parts).len() > 1
        }
        SchemaKind::Any(any) => {
            !any.properties.is_empty()
                || any_is_enum(any)
                || significant(cx, &any.all_of).len() > 1
                || significant(cx, &any.one_of).len() > 1
                || significant(cx, &any.any_of).len() > 1
        }
        _ => false,
    }
}

/// The parts of a composition that carry a type: not `{}` and not the `null` of 3.1.
pub fn significant<'s>(
    _cx: &mut Context<'_>,
    parts: &'s [ReferenceOr<Schema>],
) -> Vec<&'s ReferenceOr<Schema>> {
    significant_indexed(parts)
        .into_iter()
        .map(|(_, part)| part)
        .collect()
}

/// The significant parts of a composition with their index in it.
pub fn significant_indexed(parts: &[ReferenceOr<Schema>]) -> Vec<(usize, &ReferenceOr<Schema>)> {
    parts
        .iter()
        .enumerate()
        .filter(|(_, part)| match part {
            ReferenceOr::Reference { .. } => true,
            ReferenceOr::Item(schema) => {
                !matches!(&schema.schema_kind, SchemaKind::Any(any) if any_is_empty(any))
            }
        })
        .collect()
}

/// Whether an untyped schema says nothing about its shape.
pub fn any_is_empty(any: &AnySchema) -> bool {
    any.typ.is_none()
        && any.properties.is_empty()
        && any.items.is_none()
        && any.enumeration.is_empty()
        && any.all_of.is_empty()
        && any.one_of.is_empty()
        && any.any_of.is_empty()
        && any.additional_properties.is_none()
}

/// Whether an untyped schema is an enum of strings or integers.
fn any_is_enum(any: &AnySchema) -> bool {
    !any.enumeration.is_empty()
        && any
            .enumeration
            .iter()
            .all(|v| v.is_string() || v.is_null() || v.is_i64())
}

/// A reference for an inline schema, defining a named type under `hint` where it needs one.
fn inline_ref(cx: &mut Context<'_>, schema: &Schema, hint: &str, pointer: &Pointer) -> TypeRef {
    if defines_type(cx, schema) {
        if !pointer.is_whole() && !cx.in_progress.insert(pointer.clone()) {
            cx.report(&SELF_CONTAINING_COMPOSITION, pointer.clone(), &[]);
            return TypeRef::Any;
        }
        let name = cx.type_names.unique(ident::camel(hint));
        let kind = lower_kind(cx, &name, schema, pointer);
        cx.in_progress.remove(pointer);
        let def = TypeDef {
            name: name.clone(),
            pointer: pointer.clone(),
            doc: schema.schema_data.description.clone(),
            deprecated: schema.schema_data.deprecated,
            kind,
            derives_default: false,
        };
        cx.types.insert(name.clone(), def);
        return TypeRef::Named(name);
    }
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(string)) => {
            scalar(cx, "string", &format_text(&string.format))
        }
        SchemaKind::Type(Type::Integer(integer)) => {
            scalar(cx, "integer", &format_text(&integer.format))
        }
        SchemaKind::Type(Type::Number(number)) => {
            scalar(cx, "number", &format_text(&number.format))
        }
        SchemaKind::Type(Type::Boolean(_)) => scalar(cx, "boolean", ""),
        SchemaKind::Type(Type::Object(object)) => {
            map_of(cx, object.additional_properties.as_ref(), hint, pointer)
        }
        SchemaKind::Type(Type::Array(array)) => array_of(cx, array.items.as_ref(), hint, pointer),
        SchemaKind::AllOf { all_of: parts } => single_part(cx, parts, "allOf", hint, pointer),
        SchemaKind::OneOf { one_of: parts } => single_part(cx, parts, "oneOf", hint, pointer),
        SchemaKind::AnyOf { any_of: parts } => single_part(cx, parts, "anyOf", hint, pointer),
        SchemaKind::Not { .. } => {
            cx.report(&NOT_SCHEMA, pointer.clone(), &[]);
            TypeRef::Any
        }
        SchemaKind::Any(any) => any_ref(cx, any, hint, pointer),
    }
}

/// The type of a composition with one significant part: that part's type. `keyword` names
/// the composition in the pointer.
fn single_part(
    cx: &mut Context<'_>,
    parts: &[ReferenceOr<Schema>],
    keyword: &str,
    hint: &str,
    pointer: &Pointer,
) -> TypeRef {
    match significant_indexed(parts).first() {
        Some((index, part)) => {
            let part = (*part).clone();
            type_ref(cx, &part, hint, &pointer.key(keyword).index(*index))
        }
        None => TypeRef::Any,
    }
}

/// A reference for a schema `openapiv3` could not classify, guided by its `type`: `items`
/// makes an array unless the type says otherwise (appwrite's `type: object` with `items`).
fn any_ref(cx: &mut Context<'_>, any: &AnySchema, hint: &str, pointer: &Pointer) -> TypeRef {
    if let (Some(typ), Some(_)) = (any.typ.as_deref(), &any.items) {
        if typ != "array" {
            cx.report(&ITEMS_BESIDE_TYPE, pointer.key("items"), &[&typ]);
        }
    }
    if let Some(items) = any
        .items
        .as_ref()
        .filter(|_| any.typ.as_deref().is_none_or(|typ| typ == "array"))
    {
        return TypeRef::Array(Box::new(boxed_type_ref(
            cx,
            items,
            &format!("{hint}Item"),
            &pointer.key("items"),
        )));
    }
    let format = any.format.as_deref().unwrap_or("");
    match any.typ.as_deref() {
        Some("array") => TypeRef::Array(Box::new(TypeRef::Any)),
        Some("object") => map_of(cx, any.additional_properties.as_ref(), hint, pointer),
        Some(typ @ ("string" | "integer" | "number" | "boolean")) => scalar(cx, typ, format),
        _ => TypeRef::Any,
    }
}

/// The scalar a `type` and `format` name: the one table of formats. JSON numbers are
/// doubles, so every `number` (`float` too) is `f64`, which keeps all of its digits.
fn scalar(cx: &Context<'_>, typ: &str, format: &str) -> TypeRef {
    let primitive = match (typ, format) {
        ("string", "date-time") => return date_time(cx),
        ("string", "date") => Primitive::Date,
        ("string", "binary") => Primitive::Bytes,
        ("integer", "int32") => Primitive::I32,
        ("integer", "uint32" | "uint64") => Primitive::U64,
        ("integer", _) => Primitive::I64,
        ("number", _) => Primitive::F64,
        ("boolean", _) => Primitive::Boolean,
        _ => Primitive::String,
    };
    TypeRef::Primitive(primitive)
}

/// A typed `format` as the spec wrote it (`date-time`, `int32`, an unknown one), or empty.
fn format_text<T: serde::Serialize>(format: &VariantOrUnknownOrEmpty<T>) -> String {
    serde_json::to_value(format)
        .ok()
        .and_then(|value| value.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// `format: date-time` as the options want it.
fn date_time(cx: &Context<'_>) -> TypeRef {
    match cx.options.date_time {
        crate::options::DateTimeType::Chrono => TypeRef::Primitive(Primitive::DateTime),
        crate::options::DateTimeType::String => TypeRef::Primitive(Primitive::String),
    }
}

/// A map whose values follow `additionalProperties`.
fn map_of(
    cx: &mut Context<'_>,
    additional: Option<&AdditionalProperties>,
    hint: &str,
    pointer: &Pointer,
) -> TypeRef {
    let value = match additional {
        Some(AdditionalProperties::Schema(schema)) => {
            let value = type_ref(
                cx,
                schema,
                &format!("{hint}Value"),
                &pointer.key("additionalProperties"),
            );
            let schema = match &**schema {
                ReferenceOr::Item(schema) => Some(schema),
                ReferenceOr::Reference { reference } => cx.peek_schema_ref(reference),
            };
            or_null(cx, schema, value)
        }
        _ => TypeRef::Any,
    };
    TypeRef::Map(Box::new(value))
}

/// An array of `items`.
fn array_of(
    cx: &mut Context<'_>,
    items: Option<&ReferenceOr<Box<Schema>>>,
    hint: &str,
    pointer: &Pointer,
) -> TypeRef {
    let item = match items {
        Some(items) => {
            let item = boxed_type_ref(cx, items, &format!("{hint}Item"), &pointer.key("items"));
            let schema = match items {
                ReferenceOr::Item(schema) => Some(&**schema),
                ReferenceOr::Reference { reference } => cx.peek_schema_ref(reference),
            };
            or_null(cx, schema, item)
        }
        None => TypeRef::Any,
    };
    TypeRef::Array(Box::new(item))
}

/// Whether a schema admits JSON `null`: it says `nullable`, or one of the members of its
/// composition does (a member's reference followed once).
pub fn admits_null(cx: &Context<'_>, schema: &Schema) -> bool {
    let nullable = |part: &ReferenceOr<Schema>| match part {
        ReferenceOr::Item(part) => part.schema_data.nullable,
        ReferenceOr::Reference { reference } => cx
            .peek_schema_ref(reference)
            .is_some_and(|target| target.schema_data.nullable),
    };
    schema.schema_data.nullable
        || match &schema.schema_kind {
            SchemaKind::OneOf { one_of: parts }
            | SchemaKind::AnyOf { any_of: parts }
            | SchemaKind::AllOf { all_of: parts } => parts.iter().any(nullable),
            _ => false,
        }
}

/// `ty` as an `Option` when `schema` (an array item or a map value, its reference followed)
/// admits `null`.
fn or_null(cx: &Context<'_>, schema: Option<&Schema>, ty: TypeRef) -> TypeRef {
    let admits = schema.is_some_and(|schema| admits_null(cx, schema));
    match ty {
        TypeRef::Any => TypeRef::Any,
        ty if admits => TypeRef::Option(Box::new(ty)),
        ty => ty,
    }
}

/// Lowers a schema that defines a type into its kind.
fn lower_kind(cx: &mut Context<'_>, name: &str, schema: &Schema, pointer: &Pointer) -> TypeKind {
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(string)) => {
            let values: Vec<serde_json::Value> = string
                .enumeration
                .iter()
                .flatten()
                .map(|v| serde_json::Value::String(v.clone()))
                .collect();
            TypeKind::Enum(enum_values(&values))
        }
        SchemaKind::Type(Type::Integer(integer)) => {
            let values: Vec<serde_json::Value> = integer
                .enumeration
                .iter()
                .flatten()
                .map(|v| serde_json::Value::from(*v))
                .collect();
            TypeKind::Enum(enum_values(&values))
        }
        SchemaKind::OneOf { one_of: parts } => TypeKind::Union(lower_union(
            cx,
            name,
            parts,
            schema.schema_data.discriminator.as_ref(),
            &pointer.key("oneOf"),
        )),
        SchemaKind::AnyOf { any_of: parts } => TypeKind::Union(lower_union(
            cx,
            name,
            parts,
            schema.schema_data.discriminator.as_ref(),
            &pointer.key("anyOf"),
        )),
        SchemaKind::Any(any) if any_is_enum(any) && any.properties.is_empty() => {
            TypeKind::Enum(enum_values(&any.enumeration))
        }
        SchemaKind::Any(any)
            if any.properties.is_empty() && significant(cx, &any.one_of).len() > 1 =>
        {
            TypeKind::Union(lower_union(
                cx,
                name,
                &any.one_of,
                schema.schema_data.discriminator.as_ref(),
                &pointer.key("oneOf"),
            ))
        }
        SchemaKind::Any(any)
            if any.properties.is_empty() && significant(cx, &any.any_of).len() > 1 =>
        {
            TypeKind::Union(lower_union(
                cx,
                name,
                &any.any_of,
                schema.schema_data.discriminator.as_ref(),
                &pointer.key("anyOf"),
            ))
        }
        _ => {
            let mut parts = ObjectParts::default();
            collect_object(cx, schema, pointer, &mut parts, 0);
            TypeKind::Struct(lower_struct(cx, name, parts, pointer))
        }
    }
}

/// The values of an enum, each with a unique variant name; `null` is left out.
fn enum_values(values: &[serde_json::Value]) -> EnumValues {
    let mut names = Namespace::with_reserved(&[crate::reserved::UNKNOWN_VARIANT]);
    if values.iter().all(|v| v.is_i64() || v.is_null()) && values.iter().any(|v| v.is_i64()) {
        let ints = values
            .iter()
            .filter_map(serde_json::Value::as_i64)
            .map(|v| {
                let base = if v < 0 {
                    format!("Minus{}", v.unsigned_abs())
                } else {
                    format!("V{v}")
                };
                (v, names.unique(ident::camel(&base)))
            })
            .collect();
        return EnumValues::Integer(ints);
    }
    let mut seen = Vec::new();
    for value in values.iter().filter(|v| !v.is_null()) {
        let text = match value {
            serde_json::Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        if !seen.iter().any(|(v, _): &(String, RustName)| v == &text) {
            let name = names.unique(ident::camel(&text));
            seen.push((text, name));
        }
    }
    EnumValues::String(seen)
}
