//! Unions: a `oneOf` or `anyOf` of several shapes, told apart by a discriminator or by trying each.

use super::context::Context;
use super::schema::{significant_indexed, type_ref};
use crate::diagnostics::Pointer;
use crate::ident::{self, Namespace};
use crate::ir::{Union, UnionTagging, UnionVariant};
use openapiv3::{ReferenceOr, Schema};

/// Lowers a `oneOf` or `anyOf` into a union; `pointer` names the composition's list.
pub fn lower_union(
    cx: &mut Context<'_>,
    name: &str,
    parts: &[ReferenceOr<Schema>],
    discriminator: Option<&openapiv3::Discriminator>,
    pointer: &Pointer,
) -> Union {
    let mut names = Namespace::with_reserved(&[crate::reserved::UNKNOWN_VARIANT]);
    let mut variants = Vec::new();
    let _ = &cx;
    for (position, (index, part)) in significant_indexed(parts).into_iter().enumerate() {
        let part_pointer = pointer.index(index);
        let (variant_name, tag) = match part {
            ReferenceOr::Reference { reference } => {
                let key = reference
                    .rsplit('/')
                    .next()
                    .map(crate::diagnostics::unescape)
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
                    .unwrap_or_else(|| format!("Variant{position}"));
                (ident::camel(&label), None)
            }
        };
        let variant_name = names.unique(variant_name);
        let ty = type_ref(cx, part, &format!("{name}{variant_name}"), &part_pointer);
        variants.push(UnionVariant {
            name: variant_name,
            tag,
            ty,
            boxed: false,
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
