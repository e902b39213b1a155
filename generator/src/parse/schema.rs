//! Schema lowering: OpenAPI schemas to named IR types and type references.

use super::context::Context;
use crate::diagnostics::join_pointer;
use crate::ident::{self, Namespace};
use crate::ir::{
    EnumValues, Field, Primitive, Struct, TypeDef, TypeKind, TypeRef, Union, UnionTagging,
    UnionVariant,
};
use openapiv3::{
    AdditionalProperties, AnySchema, IntegerFormat, NumberFormat, ReferenceOr, Schema, SchemaKind,
    StringFormat, Type, VariantOrUnknownOrEmpty,
};
use std::collections::{BTreeMap, BTreeSet};

/// One property as gathered from a schema or the parts of an `allOf`.
struct Property {
    key: String,
    schema: ReferenceOr<Box<Schema>>,
    pointer: String,
}

/// The object parts of a schema: properties, required names and additional properties.
#[derive(Default)]
struct ObjectParts {
    properties: Vec<Property>,
    required: BTreeSet<String>,
    additional: Option<(AdditionalProperties, String)>,
    /// The references already merged, so that each is merged once and cycles end.
    merged: BTreeSet<String>,
}

/// Lowers a component schema into the named type `name`.
pub fn lower_named(cx: &mut Context<'_>, name: &str, schema: &ReferenceOr<Schema>, pointer: &str) {
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
        name: name.to_string(),
        pointer: pointer.to_string(),
        doc,
        deprecated,
        kind,
    };
    cx.types.insert(name.to_string(), def);
}

/// The type a schema-or-reference stands for, defining inline types under `hint` as needed.
pub fn type_ref(
    cx: &mut Context<'_>,
    schema: &ReferenceOr<Schema>,
    hint: &str,
    pointer: &str,
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
    pointer: &str,
) -> TypeRef {
    match schema {
        ReferenceOr::Reference { reference } => reference_type(cx, reference, pointer),
        ReferenceOr::Item(schema) => inline_ref(cx, schema, hint, pointer),
    }
}

/// The named type a `$ref` points at; a reference deeper than a component is lowered once,
/// as an inline schema named after its last segment.
fn reference_type(cx: &mut Context<'_>, reference: &str, pointer: &str) -> TypeRef {
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
        .map(super::context::unescape)
        .unwrap_or_default();
    let target = reference.trim_start_matches('#').to_string();
    let ty = inline_ref(cx, &schema, &ident::camel(&hint), &format!("#{target}"));
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
fn significant<'s>(
    _cx: &mut Context<'_>,
    parts: &'s [ReferenceOr<Schema>],
) -> Vec<&'s ReferenceOr<Schema>> {
    parts
        .iter()
        .filter(|part| match part {
            ReferenceOr::Reference { .. } => true,
            ReferenceOr::Item(schema) => {
                !matches!(&schema.schema_kind, SchemaKind::Any(any) if any_is_empty(any))
            }
        })
        .collect()
}

/// Whether an untyped schema says nothing about its shape.
fn any_is_empty(any: &AnySchema) -> bool {
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
fn inline_ref(cx: &mut Context<'_>, schema: &Schema, hint: &str, pointer: &str) -> TypeRef {
    if defines_type(cx, schema) {
        if !pointer.is_empty() && !cx.in_progress.insert(pointer.to_string()) {
            cx.warn(
                pointer,
                "this schema contains itself through a composition; the inner occurrence is kept as JSON",
                "move the recursive part into a named schema and refer to it with `$ref`",
            );
            return TypeRef::Any;
        }
        let name = cx.type_names.unique(ident::camel(hint));
        let kind = lower_kind(cx, &name, schema, pointer);
        cx.in_progress.remove(pointer);
        let def = TypeDef {
            name: name.clone(),
            pointer: pointer.to_string(),
            doc: schema.schema_data.description.clone(),
            deprecated: schema.schema_data.deprecated,
            kind,
        };
        cx.types.insert(name.clone(), def);
        return TypeRef::Named(name);
    }
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(string)) => string_primitive(cx, &string.format),
        SchemaKind::Type(Type::Integer(integer)) => {
            TypeRef::Primitive(integer_primitive(&integer.format))
        }
        SchemaKind::Type(Type::Number(number)) => {
            TypeRef::Primitive(number_primitive(&number.format))
        }
        SchemaKind::Type(Type::Boolean(_)) => TypeRef::Primitive(Primitive::Boolean),
        SchemaKind::Type(Type::Object(object)) => {
            map_of(cx, object.additional_properties.as_ref(), hint, pointer)
        }
        SchemaKind::Type(Type::Array(array)) => array_of(cx, array.items.as_ref(), hint, pointer),
        SchemaKind::AllOf { all_of: parts }
        | SchemaKind::OneOf { one_of: parts }
        | SchemaKind::AnyOf { any_of: parts } => match significant(cx, parts).first() {
            Some(part) => {
                let part = (*part).clone();
                type_ref(cx, &part, hint, &format!("{pointer}/0"))
            }
            None => TypeRef::Any,
        },
        SchemaKind::Not { .. } => {
            cx.warn(
                pointer,
                "`not` cannot be expressed as a Rust type; the value is kept as JSON",
                "the field accepts any JSON value",
            );
            TypeRef::Any
        }
        SchemaKind::Any(any) => any_ref(cx, any, hint, pointer),
    }
}

/// A reference for a schema `openapiv3` could not classify, guided by its `type`.
fn any_ref(cx: &mut Context<'_>, any: &AnySchema, hint: &str, pointer: &str) -> TypeRef {
    if let Some(items) = &any.items {
        return TypeRef::Array(Box::new(boxed_type_ref(
            cx,
            items,
            &format!("{hint}Item"),
            &join_pointer(pointer, "items"),
        )));
    }
    let format = any.format.as_deref().unwrap_or("");
    match any.typ.as_deref() {
        Some("string") => match format {
            "date-time" => date_time(cx),
            "date" => TypeRef::Primitive(Primitive::Date),
            "binary" => TypeRef::Primitive(Primitive::Bytes),
            _ => TypeRef::Primitive(Primitive::String),
        },
        Some("integer") => TypeRef::Primitive(if format == "int32" {
            Primitive::I32
        } else {
            Primitive::I64
        }),
        Some("number") => TypeRef::Primitive(if format == "float" {
            Primitive::F32
        } else {
            Primitive::F64
        }),
        Some("boolean") => TypeRef::Primitive(Primitive::Boolean),
        Some("array") => TypeRef::Array(Box::new(TypeRef::Any)),
        Some("object") => map_of(cx, any.additional_properties.as_ref(), hint, pointer),
        _ => TypeRef::Any,
    }
}

/// `format: date-time` as the options want it.
fn date_time(cx: &Context<'_>) -> TypeRef {
    match cx.options.date_time {
        crate::options::DateTimeType::Chrono => TypeRef::Primitive(Primitive::DateTime),
        crate::options::DateTimeType::String => TypeRef::Primitive(Primitive::String),
    }
}

/// The primitive for a string format.
fn string_primitive(cx: &Context<'_>, format: &VariantOrUnknownOrEmpty<StringFormat>) -> TypeRef {
    match format {
        VariantOrUnknownOrEmpty::Item(StringFormat::DateTime) => date_time(cx),
        VariantOrUnknownOrEmpty::Item(StringFormat::Date) => TypeRef::Primitive(Primitive::Date),
        VariantOrUnknownOrEmpty::Item(StringFormat::Binary) => TypeRef::Primitive(Primitive::Bytes),
        _ => TypeRef::Primitive(Primitive::String),
    }
}

/// The primitive for an integer format.
fn integer_primitive(format: &VariantOrUnknownOrEmpty<IntegerFormat>) -> Primitive {
    match format {
        VariantOrUnknownOrEmpty::Item(IntegerFormat::Int32) => Primitive::I32,
        VariantOrUnknownOrEmpty::Unknown(other) if other == "uint64" || other == "uint32" => {
            Primitive::U64
        }
        _ => Primitive::I64,
    }
}

/// The primitive for a number format.
fn number_primitive(format: &VariantOrUnknownOrEmpty<NumberFormat>) -> Primitive {
    match format {
        VariantOrUnknownOrEmpty::Item(NumberFormat::Float) => Primitive::F32,
        _ => Primitive::F64,
    }
}

/// A map whose values follow `additionalProperties`.
fn map_of(
    cx: &mut Context<'_>,
    additional: Option<&AdditionalProperties>,
    hint: &str,
    pointer: &str,
) -> TypeRef {
    let value = match additional {
        Some(AdditionalProperties::Schema(schema)) => type_ref(
            cx,
            schema,
            &format!("{hint}Value"),
            &join_pointer(pointer, "additionalProperties"),
        ),
        _ => TypeRef::Any,
    };
    TypeRef::Map(Box::new(value))
}

/// An array of `items`.
fn array_of(
    cx: &mut Context<'_>,
    items: Option<&ReferenceOr<Box<Schema>>>,
    hint: &str,
    pointer: &str,
) -> TypeRef {
    let item = match items {
        Some(items) => boxed_type_ref(
            cx,
            items,
            &format!("{hint}Item"),
            &join_pointer(pointer, "items"),
        ),
        None => TypeRef::Any,
    };
    TypeRef::Array(Box::new(item))
}

/// Lowers a schema that defines a type into its kind.
fn lower_kind(cx: &mut Context<'_>, name: &str, schema: &Schema, pointer: &str) -> TypeKind {
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
        SchemaKind::OneOf { one_of: parts } | SchemaKind::AnyOf { any_of: parts } => {
            TypeKind::Union(lower_union(
                cx,
                name,
                parts,
                schema.schema_data.discriminator.as_ref(),
                pointer,
            ))
        }
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
                pointer,
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
                pointer,
            ))
        }
        _ => {
            let mut parts = ObjectParts::default();
            collect_object(cx, schema, pointer, &mut parts, 0);
            TypeKind::Struct(lower_struct(cx, name, parts))
        }
    }
}

/// The values of an enum, each with a unique variant name; `null` is left out.
fn enum_values(values: &[serde_json::Value]) -> EnumValues {
    let mut names = Namespace::with_reserved(&["Unknown"]);
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
                (v, names.unique(base))
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
        if !seen.iter().any(|(v, _): &(String, String)| v == &text) {
            let name = names.unique(ident::camel(&text));
            seen.push((text, name));
        }
    }
    EnumValues::String(seen)
}

/// Gathers the properties of an object schema, following `allOf` parts and references.
fn collect_object(
    cx: &mut Context<'_>,
    schema: &Schema,
    pointer: &str,
    parts: &mut ObjectParts,
    depth: usize,
) {
    if depth > 32 {
        cx.error(
            pointer,
            "`allOf` nests deeper than 32 levels, or refers back to itself",
            "break the cycle of `allOf` references",
        );
        return;
    }
    let (properties, required, additional, all_of) = match &schema.schema_kind {
        SchemaKind::Type(Type::Object(object)) => (
            &object.properties,
            &object.required,
            object.additional_properties.as_ref(),
            None,
        ),
        SchemaKind::AllOf { all_of } => return collect_all_of(cx, all_of, pointer, parts, depth),
        SchemaKind::Any(any) => (
            &any.properties,
            &any.required,
            any.additional_properties.as_ref(),
            Some(&any.all_of),
        ),
        _ => return,
    };
    for (key, property) in properties {
        let pointer = join_pointer(&join_pointer(pointer, "properties"), key);
        parts.properties.retain(|p| &p.key != key);
        parts.properties.push(Property {
            key: key.clone(),
            schema: property.clone(),
            pointer,
        });
    }
    parts.required.extend(required.iter().cloned());
    if additional.is_some() {
        parts.additional = additional
            .cloned()
            .map(|a| (a, join_pointer(pointer, "additionalProperties")));
    }
    if let Some(all_of) = all_of {
        collect_all_of(cx, all_of, pointer, parts, depth);
    }
}

/// Gathers the properties of every part of an `allOf`.
fn collect_all_of(
    cx: &mut Context<'_>,
    all_of: &[ReferenceOr<Schema>],
    pointer: &str,
    parts: &mut ObjectParts,
    depth: usize,
) {
    for (index, part) in all_of.iter().enumerate() {
        let part_pointer = join_pointer(&join_pointer(pointer, "allOf"), &index.to_string());
        match part {
            ReferenceOr::Reference { reference } => {
                if !parts.merged.insert(reference.clone()) {
                    // Merged already, through this `allOf` or another part: a diamond adds
                    // nothing new, and a cycle would never end.
                    continue;
                }
                if let Some((key, schema)) = cx.resolve_schema_ref(reference, &part_pointer) {
                    let target = join_pointer("#/components/schemas", &key);
                    collect_object(cx, schema, &target, parts, depth + 1);
                } else if let Some(schema) = cx.deep_schema(reference) {
                    collect_object(cx, &schema, reference, parts, depth + 1);
                }
            }
            ReferenceOr::Item(schema) => {
                collect_object(cx, schema, &part_pointer, parts, depth + 1)
            }
        }
    }
}

/// Lowers gathered object parts into a struct named `name`.
fn lower_struct(cx: &mut Context<'_>, name: &str, parts: ObjectParts) -> Struct {
    let mut names = Namespace::with_reserved(&["additional_properties"]);
    let mut fields = Vec::with_capacity(parts.properties.len());
    for property in parts.properties {
        let hint = format!("{name}{}", ident::camel(&property.key));
        let ty = boxed_type_ref(cx, &property.schema, &hint, &property.pointer);
        let data = property_data(cx, &property.schema);
        fields.push(Field {
            json_name: property.key.clone(),
            rust_name: names.unique(ident::snake(&property.key)),
            ty,
            required: parts.required.contains(&property.key),
            nullable: data.nullable,
            read_only: data.read_only,
            write_only: data.write_only,
            boxed: false,
            doc: data.description,
            deprecated: data.deprecated,
        });
    }
    let additional = match &parts.additional {
        Some((AdditionalProperties::Any(true), _)) => Some(TypeRef::Any),
        Some((AdditionalProperties::Schema(schema), pointer)) => {
            Some(type_ref(cx, schema, &format!("{name}Value"), pointer))
        }
        _ => None,
    };
    let keeps_unknown = cx.options.keep_unknown_fields;
    Struct {
        fields,
        additional,
        keeps_unknown,
    }
}

/// The flags of a property, read from the property and, for references, from their target.
struct PropertyData {
    nullable: bool,
    read_only: bool,
    write_only: bool,
    deprecated: bool,
    description: Option<String>,
}

/// Reads the flags of a property schema, looking through references and one-part wrappers.
fn property_data(cx: &mut Context<'_>, schema: &ReferenceOr<Box<Schema>>) -> PropertyData {
    match schema {
        ReferenceOr::Reference { reference } => {
            let target = cx.peek_schema_ref(reference);
            PropertyData {
                nullable: target.is_some_and(|s| s.schema_data.nullable),
                read_only: target.is_some_and(|s| s.schema_data.read_only),
                write_only: target.is_some_and(|s| s.schema_data.write_only),
                deprecated: false,
                description: None,
            }
        }
        ReferenceOr::Item(schema) => {
            let data = &schema.schema_data;
            let mut nullable = data.nullable;
            if let SchemaKind::OneOf { one_of: parts }
            | SchemaKind::AnyOf { any_of: parts }
            | SchemaKind::AllOf { all_of: parts } = &schema.schema_kind
            {
                for part in parts {
                    match part {
                        ReferenceOr::Item(part) if part.schema_data.nullable => nullable = true,
                        ReferenceOr::Reference { reference }
                            if cx
                                .peek_schema_ref(reference)
                                .is_some_and(|s| s.schema_data.nullable) =>
                        {
                            nullable = true;
                        }
                        _ => {}
                    }
                }
            }
            PropertyData {
                nullable,
                read_only: data.read_only,
                write_only: data.write_only,
                deprecated: data.deprecated,
                description: data.description.clone().or_else(|| data.title.clone()),
            }
        }
    }
}

/// Lowers a `oneOf` or `anyOf` into a union.
fn lower_union(
    cx: &mut Context<'_>,
    name: &str,
    parts: &[ReferenceOr<Schema>],
    discriminator: Option<&openapiv3::Discriminator>,
    pointer: &str,
) -> Union {
    let mut names = Namespace::default();
    let mut variants = Vec::new();
    for (index, part) in significant(cx, parts).into_iter().enumerate() {
        let part_pointer = join_pointer(&join_pointer(pointer, "oneOf"), &index.to_string());
        let (variant_name, tag) = match part {
            ReferenceOr::Reference { reference } => {
                let key = reference
                    .rsplit('/')
                    .next()
                    .map(super::context::unescape)
                    .unwrap_or_default();
                let tag = discriminator.map(|d| {
                    d.mapping
                        .iter()
                        .find(|(_, target)| *target == reference || target.as_str() == key)
                        .map(|(value, _)| value.clone())
                        .unwrap_or_else(|| key.clone())
                });
                (ident::camel(&key), tag)
            }
            ReferenceOr::Item(schema) => {
                let label = schema
                    .schema_data
                    .title
                    .clone()
                    .unwrap_or_else(|| format!("Variant{index}"));
                (ident::camel(&label), None)
            }
        };
        let variant_name = names.unique(variant_name);
        let ty = type_ref(cx, part, &format!("{name}{variant_name}"), &part_pointer);
        variants.push(UnionVariant {
            name: variant_name,
            tag,
            ty,
        });
    }
    let tagging = match discriminator {
        Some(d) if variants.iter().all(|v| v.tag.is_some()) => UnionTagging::Internal {
            property: d.property_name.clone(),
        },
        _ => UnionTagging::Untagged,
    };
    Union { tagging, variants }
}

/// Marks the fields that make a struct contain itself by value, so they are boxed: those
/// whose type lies in the struct's own strongly connected component of the by-value graph.
pub fn mark_boxed_fields(types: &mut BTreeMap<String, TypeDef>) {
    let edges: BTreeMap<String, Vec<String>> = types
        .iter()
        .map(|(name, def)| (name.clone(), by_value_targets(def)))
        .collect();
    let component = components(&edges);
    for (name, def) in types.iter_mut() {
        if let TypeKind::Struct(st) = &mut def.kind {
            for field in &mut st.fields {
                if let TypeRef::Named(target) = &field.ty {
                    field.boxed = same_component(&component, target, name);
                }
            }
        }
    }
}

/// The named types a type holds by value (not through a `Vec` or a map, which already box).
fn by_value_targets(def: &TypeDef) -> Vec<String> {
    match &def.kind {
        TypeKind::Struct(st) => st.fields.iter().filter_map(|f| named(&f.ty)).collect(),
        TypeKind::Union(union) => union.variants.iter().filter_map(|v| named(&v.ty)).collect(),
        TypeKind::Alias(ty) => named(ty).into_iter().collect(),
        TypeKind::Enum(_) => Vec::new(),
    }
}

/// The name of a directly named type.
fn named(ty: &TypeRef) -> Option<String> {
    match ty {
        TypeRef::Named(name) => Some(name.clone()),
        _ => None,
    }
}

/// Whether two types lie in one strongly connected component, so that each reaches the other.
fn same_component(component: &BTreeMap<String, usize>, a: &str, b: &str) -> bool {
    component
        .get(a)
        .is_some_and(|c| Some(c) == component.get(b))
}

/// The strongly connected component of every node (Tarjan's algorithm, iterative so that
/// long chains of types cannot overflow the stack). Linear in nodes and edges.
fn components(edges: &BTreeMap<String, Vec<String>>) -> BTreeMap<String, usize> {
    let names: Vec<&String> = edges.keys().collect();
    let index_of: BTreeMap<&String, usize> =
        names.iter().enumerate().map(|(i, n)| (*n, i)).collect();
    let adjacency: Vec<Vec<usize>> = names
        .iter()
        .map(|n| {
            edges[*n]
                .iter()
                .filter_map(|t| index_of.get(t).copied())
                .collect()
        })
        .collect();
    let count = names.len();
    let mut index = vec![usize::MAX; count];
    let mut low = vec![0; count];
    let mut on_stack = vec![false; count];
    let mut component = vec![usize::MAX; count];
    let mut stack = Vec::new();
    let (mut next_index, mut next_component) = (0, 0);
    for root in 0..count {
        if index[root] != usize::MAX {
            continue;
        }
        // Each frame is a node and how many of its edges have been followed.
        let mut work = vec![(root, 0usize)];
        while let Some(frame) = work.last_mut() {
            let (node, followed) = *frame;
            if followed == 0 && index[node] == usize::MAX {
                index[node] = next_index;
                low[node] = next_index;
                next_index += 1;
                stack.push(node);
                on_stack[node] = true;
            }
            if let Some(&next) = adjacency[node].get(followed) {
                frame.1 += 1;
                if index[next] == usize::MAX {
                    work.push((next, 0));
                } else if on_stack[next] {
                    low[node] = low[node].min(index[next]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[node]);
            }
            if low[node] == index[node] {
                while let Some(member) = stack.pop() {
                    on_stack[member] = false;
                    component[member] = next_component;
                    if member == node {
                        break;
                    }
                }
                next_component += 1;
            }
        }
    }
    names
        .into_iter()
        .enumerate()
        .map(|(i, n)| (n.clone(), component[i]))
        .collect()
}

/// Reports named types that are only other names for each other (`A` is `B`, `B` is `A`, or
/// `A` is `A`), through single-part compositions: no Rust type, and no value, is meant.
pub fn check_alias_cycles(
    types: &BTreeMap<String, TypeDef>,
    diagnostics: &mut crate::diagnostics::Diagnostics,
) {
    let edges: BTreeMap<String, Vec<String>> = types
        .iter()
        .map(|(name, def)| {
            let targets = match &def.kind {
                TypeKind::Alias(ty) => named(ty).into_iter().collect(),
                _ => Vec::new(),
            };
            (name.clone(), targets)
        })
        .collect();
    let component = components(&edges);
    for (name, def) in types {
        if let TypeKind::Alias(TypeRef::Named(target)) = &def.kind {
            if same_component(&component, target, name) {
                diagnostics.push(
                    crate::diagnostics::Diagnostic::error(
                        def.pointer.clone(),
                        format!("`{name}` is only another name for `{target}`, which leads back to `{name}`: the schemas never say what a value is"),
                    )
                    .with_hint("give one schema of the cycle properties or a type instead of a single `allOf`/`oneOf` reference"),
                );
            }
        }
    }
}

/// Reports structs that contain themselves through required, non-nullable properties: no
/// finite JSON value satisfies such a schema.
pub fn check_required_cycles(
    types: &BTreeMap<String, TypeDef>,
    diagnostics: &mut crate::diagnostics::Diagnostics,
) {
    let edges: BTreeMap<String, Vec<String>> = types
        .iter()
        .map(|(name, def)| {
            let targets = match &def.kind {
                TypeKind::Struct(st) => st
                    .fields
                    .iter()
                    .filter(|f| f.required && !f.nullable)
                    .filter_map(|f| named(&f.ty))
                    .collect(),
                TypeKind::Alias(ty) => named(ty).into_iter().collect(),
                _ => Vec::new(),
            };
            (name.clone(), targets)
        })
        .collect();
    let component = components(&edges);
    for (name, def) in types {
        let TypeKind::Struct(st) = &def.kind else {
            continue;
        };
        for field in st.fields.iter().filter(|f| f.required && !f.nullable) {
            let Some(target) = named(&field.ty) else {
                continue;
            };
            if same_component(&component, &target, name) {
                let pointer =
                    join_pointer(&join_pointer(&def.pointer, "properties"), &field.json_name);
                diagnostics.push(
                    crate::diagnostics::Diagnostic::error(
                        pointer,
                        format!("`{name}.{}` is required and leads back to `{name}` through required properties, so no finite JSON value satisfies the schema", field.json_name),
                    )
                    .with_hint("make one of the properties in the cycle optional or nullable"),
                );
            }
        }
    }
}
