//! Objects: the properties of a schema and of the parts of its `allOf`, gathered and
//! lowered into a struct.

use super::context::Context;
use super::schema::{boxed_type_ref, type_ref};
use crate::diagnostics::catalogue::{ALL_OF_TOO_DEEP, REQUIRED_UNKNOWN_PROPERTY};
use crate::diagnostics::Pointer;
use crate::ident::{self, Namespace};
use crate::ir::{Field, Struct, TypeRef};
use openapiv3::{AdditionalProperties, ReferenceOr, Schema, SchemaKind, Type};
use std::collections::BTreeSet;

/// One property as gathered from a schema or the parts of an `allOf`.
pub struct Property {
    key: String,
    schema: ReferenceOr<Box<Schema>>,
    pointer: Pointer,
}

/// The object parts of a schema: properties, required names and additional properties.
#[derive(Default)]
pub struct ObjectParts {
    properties: Vec<Property>,
    required: BTreeSet<String>,
    additional: Option<(AdditionalProperties, Pointer)>,
    /// The references already merged, so that each is merged once and cycles end.
    merged: BTreeSet<String>,
}

/// Gathers the properties of an object schema, following `allOf` parts and references.
pub fn collect_object(
    cx: &mut Context<'_>,
    schema: &Schema,
    pointer: &Pointer,
    parts: &mut ObjectParts,
    depth: usize,
) {
    if depth > 32 {
        cx.report(&ALL_OF_TOO_DEEP, pointer.clone(), &[]);
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
        let pointer = pointer.key("properties").key(key);
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
            .map(|a| (a, pointer.key("additionalProperties")));
    }
    if let Some(all_of) = all_of {
        collect_all_of(cx, all_of, pointer, parts, depth);
    }
}

/// Gathers the properties of every part of an `allOf`.
fn collect_all_of(
    cx: &mut Context<'_>,
    all_of: &[ReferenceOr<Schema>],
    pointer: &Pointer,
    parts: &mut ObjectParts,
    depth: usize,
) {
    for (index, part) in all_of.iter().enumerate() {
        let part_pointer = pointer.key("allOf").index(index);
        match part {
            ReferenceOr::Reference { reference } => {
                if !parts.merged.insert(reference.clone()) {
                    // Merged already, through this `allOf` or another part: a diamond adds
                    // nothing new, and a cycle would never end.
                    continue;
                }
                if let Some((key, schema)) = cx.resolve_schema_ref(reference, &part_pointer) {
                    let target = super::context::schema_pointer(&key);
                    collect_object(cx, schema, &target, parts, depth + 1);
                } else if let Some(schema) = cx.deep_schema(reference) {
                    let target = Pointer::from_reference(reference);
                    collect_object(cx, &schema, &target, parts, depth + 1);
                }
            }
            ReferenceOr::Item(schema) => {
                collect_object(cx, schema, &part_pointer, parts, depth + 1)
            }
        }
    }
}

/// Lowers gathered object parts into a struct named `name`.
pub fn lower_struct(
    cx: &mut Context<'_>,
    name: &str,
    parts: ObjectParts,
    pointer: &Pointer,
) -> Struct {
    if parts.additional.is_none() {
        for missing in parts
            .required
            .iter()
            .filter(|key| !parts.properties.iter().any(|p| &p.key == *key))
        {
            cx.report(
                &REQUIRED_UNKNOWN_PROPERTY,
                pointer.key("required"),
                &[missing],
            );
        }
    }
    let mut names = Namespace::with_reserved(&[crate::reserved::ADDITIONAL_PROPERTIES]);
    let mut fields = Vec::with_capacity(parts.properties.len());
    for property in parts.properties {
        let hint = format!("{name}{}", ident::camel(&property.key));
        let ty = boxed_type_ref(cx, &property.schema, &hint, &property.pointer);
        let data = property_data(cx, &property.schema);
        // A `writeOnly` property is required in requests only: servers never send it, so a
        // response without it must decode.
        let listed = parts.required.contains(&property.key);
        let doc = match (listed && data.write_only, data.description) {
            (true, Some(doc)) => Some(format!(
                "{doc}\n\nRequired in requests; never in responses."
            )),
            (true, None) => Some("Required in requests; never in responses.".to_string()),
            (false, doc) => doc,
        };
        fields.push(Field {
            json_name: property.key.clone(),
            rust_name: names.unique(ident::snake(&property.key)),
            ty,
            required: listed && !data.write_only,
            nullable: data.nullable,
            read_only: data.read_only,
            write_only: data.write_only,
            boxed: false,
            doc,
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

/// Reads the flags of a property schema, looking through references and compositions.
fn property_data(cx: &mut Context<'_>, schema: &ReferenceOr<Box<Schema>>) -> PropertyData {
    match schema {
        ReferenceOr::Reference { reference } => {
            let target = cx.peek_schema_ref(reference);
            PropertyData {
                nullable: target.is_some_and(|s| super::schema::admits_null(cx, s)),
                read_only: target.is_some_and(|s| s.schema_data.read_only),
                write_only: target.is_some_and(|s| s.schema_data.write_only),
                deprecated: false,
                description: None,
            }
        }
        ReferenceOr::Item(schema) => {
            let data = &schema.schema_data;
            PropertyData {
                nullable: super::schema::admits_null(cx, schema),
                read_only: data.read_only,
                write_only: data.write_only,
                deprecated: data.deprecated,
                description: data.description.clone().or_else(|| data.title.clone()),
            }
        }
    }
}
