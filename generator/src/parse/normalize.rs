//! Normalisation: rewrites the parts of a JSON tree that `openapiv3` cannot read as written.
//!
//! OpenAPI 3.1 is brought down to the 3.0 model (`type: [T, "null"]` becomes `nullable`,
//! `const` becomes a one-value `enum`, `examples` arrays are dropped), and numbers too
//! large for 64 bits in validation keywords are dropped, since they carry no type information.

use crate::diagnostics::catalogue::WEBHOOKS_SKIPPED;
use crate::diagnostics::{Diagnostics, Pointer};
use serde_json::{Map, Value};

/// Normalises `tree` in place, noting what it changed that a user would want to know.
pub fn normalize(tree: &mut Value, diagnostics: &mut Diagnostics) {
    let is_31 = tree
        .get("openapi")
        .and_then(Value::as_str)
        .is_some_and(|v| v.starts_with("3.1"));
    if let Some(object) = tree.as_object_mut() {
        if is_31 {
            object.insert("openapi".into(), Value::String("3.0.3".into()));
            if object.remove("webhooks").is_some() {
                diagnostics.push(WEBHOOKS_SKIPPED.at(Pointer::root().key("webhooks"), &[]));
            }
            object.remove("jsonSchemaDialect");
        }
        if !object.contains_key("paths") {
            object.insert("paths".into(), Value::Object(Map::new()));
        }
    }
    walk(tree, is_31);
}

/// Visits every mapping, fixing schema keywords on the way.
fn walk(value: &mut Value, is_31: bool) {
    match value {
        Value::Object(map) => {
            fix_schema_keywords(map, is_31);
            for child in map.values_mut() {
                walk(child, is_31);
            }
        }
        Value::Array(items) => {
            for child in items.iter_mut() {
                walk(child, is_31);
            }
        }
        _ => {}
    }
}

/// Rewrites the keywords of one mapping that may be a schema.
fn fix_schema_keywords(map: &mut Map<String, Value>, is_31: bool) {
    for key in ["minimum", "maximum", "multipleOf"] {
        if map.get(key).is_some_and(|v| {
            v.is_number()
                && v.as_i64().is_none()
                && v.as_u64().is_none()
                && v.as_f64().is_some_and(|f| f.fract() == 0.0)
        }) {
            map.remove(key);
        }
    }
    if !is_31 {
        return;
    }
    if let Some(Value::Array(types)) = map.get("type").cloned() {
        let non_null: Vec<Value> = types
            .iter()
            .filter(|t| t.as_str() != Some("null"))
            .cloned()
            .collect();
        if non_null.len() < types.len() {
            map.insert("nullable".into(), Value::Bool(true));
        }
        match non_null.len() {
            0 => {
                map.remove("type");
            }
            1 => {
                map.insert("type".into(), non_null[0].clone());
            }
            _ => {
                map.remove("type");
            }
        }
    }
    if let Some(constant) = map.remove("const") {
        map.insert("enum".into(), Value::Array(vec![constant]));
    }
    if map.get("examples").is_some_and(Value::is_array) {
        map.remove("examples");
    }
    for key in ["exclusiveMinimum", "exclusiveMaximum"] {
        if map.get(key).is_some_and(Value::is_number) {
            map.remove(key);
        }
    }
    for key in [
        "$schema",
        "$id",
        "$anchor",
        "$comment",
        "contentMediaType",
        "contentEncoding",
        "prefixItems",
        "unevaluatedProperties",
        "if",
        "then",
        "else",
        "dependentSchemas",
        "dependentRequired",
        "$defs",
        "propertyNames",
        "contains",
    ] {
        map.remove(key);
    }
}
