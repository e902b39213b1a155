//! Normalisation: rewrites the parts of a JSON tree that `openapiv3` cannot read as written.
//!
//! OpenAPI 3.1 is brought down to the 3.0 model (`type: [T, "null"]` becomes `nullable`,
//! `const` becomes a one-value `enum`, `examples` arrays are dropped), and bounds too large
//! for the type that holds them are dropped with a warning. OpenAPI 3.2 is read as 3.1, its
//! `itemSchema` kept where `openapiv3` keeps extensions, and what else it adds that the
//! client does not use is named in a warning.

use crate::diagnostics::catalogue::{
    BOUND_OUT_OF_RANGE, EXCLUSIVE_BOUND_NUMBER, OAS32_IGNORED, WEBHOOKS_SKIPPED,
};
use crate::diagnostics::{Diagnostics, Pointer};
use serde_json::{Map, Value};

/// Where a media type's `itemSchema` (OpenAPI 3.2: the schema of each item of a sequence)
/// is kept, as an extension, so that `openapiv3` keeps it.
pub const ITEM_SCHEMA: &str = "x-oas-item-schema";

/// Where an OpenAPI 3.1 `info.license.identifier` (an SPDX expression) is kept, as an
/// extension, so that `openapiv3` keeps it.
pub const LICENSE_IDENTIFIER: &str = "x-oas-license-identifier";

/// Normalises `tree` in place, noting what it changed that a user would want to know.
pub fn normalize(tree: &mut Value, diagnostics: &mut Diagnostics) {
    let version = tree.get("openapi").and_then(Value::as_str).unwrap_or("");
    let is_32 = version.starts_with("3.2");
    let is_31 = is_32 || version.starts_with("3.1");
    if is_32 {
        note_ignored_32(tree, diagnostics);
    }
    if let Some(object) = tree.as_object_mut() {
        if is_31 {
            object.insert("openapi".into(), Value::String("3.0.3".into()));
            if object.remove("webhooks").is_some() {
                diagnostics.push(WEBHOOKS_SKIPPED.at(Pointer::root().key("webhooks"), &[]));
            }
            object.remove("jsonSchemaDialect");
            let license = object
                .get_mut("info")
                .and_then(|info| info.get_mut("license"))
                .and_then(Value::as_object_mut);
            if let Some(license) = license {
                if let Some(identifier) = license.remove("identifier") {
                    license.insert(LICENSE_IDENTIFIER.into(), identifier);
                }
            }
        }
        if !object.contains_key("paths") {
            object.insert("paths".into(), Value::Object(Map::new()));
        }
    }
    let mut path = Vec::new();
    walk(tree, Position::Document, is_31, &mut path, diagnostics);
}

/// What a value of the document is, for the walk: only schemas are rewritten, and a schema's
/// property names are never taken for keywords.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Position {
    /// Anything that is not a schema: the walk looks for schemas below it.
    Document,
    /// A schema.
    Schema,
    /// A map from names to schemas (`properties`, `components/schemas`).
    Schemas,
    /// Data (examples, defaults, enums): never read.
    Data,
}

/// The keywords of a schema whose value is a schema.
const SUBSCHEMA: &[&str] = &[
    "items",
    "additionalProperties",
    "not",
    "contains",
    "if",
    "then",
    "else",
    "propertyNames",
    "contentSchema",
    "unevaluatedItems",
    "unevaluatedProperties",
    "additionalItems",
];

/// The keywords of a schema whose value maps names to schemas.
const SUBSCHEMA_MAPS: &[&str] = &[
    "properties",
    "patternProperties",
    "$defs",
    "definitions",
    "dependentSchemas",
];

/// The keywords of a schema whose value is a list of schemas.
const SUBSCHEMA_LISTS: &[&str] = &["allOf", "oneOf", "anyOf", "prefixItems"];

/// What the value under `key` is, in a value that is `parent`.
fn position_of(parent: Position, key: &str) -> Position {
    match parent {
        Position::Document => match key {
            "schema" | ITEM_SCHEMA => Position::Schema,
            "schemas" => Position::Schemas,
            "example" | "examples" | "default" | "enum" | "const" => Position::Data,
            _ if key.starts_with("x-") => Position::Data,
            _ => Position::Document,
        },
        Position::Schemas => Position::Schema,
        Position::Schema if SUBSCHEMA.contains(&key) || SUBSCHEMA_LISTS.contains(&key) => {
            Position::Schema
        }
        Position::Schema if SUBSCHEMA_MAPS.contains(&key) => Position::Schemas,
        Position::Schema | Position::Data => Position::Data,
    }
}

/// Walks the document by OpenAPI's structure, fixing the keywords of every schema and of
/// nothing else; `path` holds the keys from the root, for the pointer of a warning.
fn walk(
    value: &mut Value,
    position: Position,
    is_31: bool,
    path: &mut Vec<String>,
    diagnostics: &mut Diagnostics,
) {
    match value {
        Value::Object(map) => {
            if position == Position::Document && path.last().is_some_and(|key| key == "content") {
                keep_item_schemas(map);
            }
            if position == Position::Schema {
                fix_bounds(map, path, diagnostics);
                if !is_31 {
                    fix_exclusive_numbers(map, path, diagnostics);
                }
                fix_schema_keywords(map, is_31);
            }
            for (key, child) in map.iter_mut() {
                let below = position_of(position, key);
                if below == Position::Data {
                    continue;
                }
                path.push(key.clone());
                walk(child, below, is_31, path, diagnostics);
                path.pop();
            }
        }
        // A list in a document (parameters, servers) holds more document; in a schema
        // (`allOf`, the old `items: [...]`) it holds schemas.
        Value::Array(items) => {
            let below = match position {
                Position::Schemas => Position::Schema,
                other => other,
            };
            for (index, child) in items.iter_mut().enumerate() {
                path.push(index.to_string());
                walk(child, below, is_31, path, diagnostics);
                path.pop();
            }
        }
        _ => {}
    }
}

/// Reads a 3.1-style numeric `exclusiveMinimum` (or `exclusiveMaximum`) in a 3.0 document,
/// where the keyword is a boolean, as 3.1 means it: the bound, not reached. It becomes
/// `minimum` with `exclusiveMinimum: true`, with a warning; a `minimum` already there wins.
fn fix_exclusive_numbers(
    map: &mut Map<String, Value>,
    path: &[String],
    diagnostics: &mut Diagnostics,
) {
    for (exclusive, bound) in [
        ("exclusiveMinimum", "minimum"),
        ("exclusiveMaximum", "maximum"),
    ] {
        let Some(Value::Number(number)) = map.get(exclusive).cloned() else {
            continue;
        };
        let pointer = path
            .iter()
            .fold(Pointer::root(), |pointer, key| pointer.key(key))
            .key(exclusive);
        diagnostics.push(EXCLUSIVE_BOUND_NUMBER.at(pointer, &[&exclusive, &number, &bound]));
        if !map.contains_key(bound) {
            map.insert(bound.to_string(), Value::Number(number));
        }
        map.insert(exclusive.to_string(), Value::Bool(true));
    }
}

/// Keeps the numeric bounds of a schema that its type can hold: an integer schema's
/// `minimum`, `maximum` and `multipleOf` within 64 bits, lengths and counts within `usize`.
/// A bound past that (JavaScript prints `u64::MAX` as `18446744073709552000`) says nothing
/// a Rust type can use, and is dropped with a warning.
fn fix_bounds(map: &mut Map<String, Value>, path: &[String], diagnostics: &mut Diagnostics) {
    const COUNTS: &[&str] = &[
        "minLength",
        "maxLength",
        "minItems",
        "maxItems",
        "minProperties",
        "maxProperties",
    ];
    const BOUNDS: &[&str] = &["minimum", "maximum", "multipleOf"];
    let integer = map.get("type").and_then(Value::as_str) == Some("integer");
    if integer && unsigned_64(map) {
        // `minimum: 0` with `maximum: 18446744073709551615` (however it is printed) is how
        // some specs say `uint64`: the values past `i64::MAX` are real, so the type is.
        map.insert("format".to_string(), Value::String("uint64".to_string()));
        map.remove("maximum");
    }
    for (key, value) in map.iter_mut() {
        if COUNTS.contains(&key.as_str()) || BOUNDS.contains(&key.as_str()) {
            if let Some(number) = as_integer(value) {
                *value = number;
            }
        }
    }
    let dropped: Vec<String> = map
        .iter()
        .filter_map(|(key, value)| {
            let Value::Number(number) = value else {
                return None;
            };
            let fits = if COUNTS.contains(&key.as_str()) {
                number.as_u64().is_some()
            } else if BOUNDS.contains(&key.as_str()) {
                !integer || number.as_i64().is_some()
            } else {
                true
            };
            (!fits).then(|| key.clone())
        })
        .collect();
    for key in dropped {
        if let Some(value) = map.remove(&key) {
            let pointer = path.iter().fold(Pointer::root(), |p, k| p.key(k)).key(&key);
            diagnostics.push(BOUND_OUT_OF_RANGE.at(pointer, &[&key, &value]));
        }
    }
}

/// Whether an integer schema's bounds are those of a 64-bit unsigned integer: a maximum past
/// `i64::MAX` and within `u64::MAX`, a minimum of zero or more, and no other format than a
/// 64-bit one.
fn unsigned_64(map: &Map<String, Value>) -> bool {
    let maximum = map.get("maximum").and_then(Value::as_f64);
    let minimum = map.get("minimum").and_then(Value::as_f64);
    let format = map.get("format").and_then(Value::as_str);
    maximum.is_some_and(|max| max > i64::MAX as f64 && max <= u64::MAX as f64)
        && minimum.is_some_and(|min| min >= 0.0)
        && matches!(format, None | Some("int64" | "uint64"))
}

/// The integer a bound means, when it is written another way: a float with no fraction
/// within 64 bits (`0.0`, or `-9223372036854776000`, which is `i64::MIN` as JavaScript
/// prints it), or YAML 1.1's underscores (`45_000_000_000_000_000`).
fn as_integer(value: &Value) -> Option<Value> {
    match value {
        Value::Number(n) if n.is_f64() => {
            let f = n.as_f64()?;
            let in_range = (-9_223_372_036_854_775_808.0..9_223_372_036_854_775_808.0).contains(&f);
            (f.fract() == 0.0 && in_range).then(|| Value::from(f as i64))
        }
        Value::String(text)
            if !text.is_empty()
                && text
                    .trim_start_matches('-')
                    .chars()
                    .all(|c| c.is_ascii_digit() || c == '_') =>
        {
            let digits: String = text.chars().filter(|c| *c != '_').collect();
            digits
                .parse::<i64>()
                .map(Value::from)
                .or_else(|_| digits.parse::<f64>().map(Value::from))
                .ok()
        }
        _ => None,
    }
}

/// Rewrites the keywords of one mapping that may be a schema.
fn fix_schema_keywords(map: &mut Map<String, Value>, is_31: bool) {
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

/// Moves each media type's `itemSchema` to [`ITEM_SCHEMA`]; `content` maps media types to
/// media type objects.
fn keep_item_schemas(content: &mut Map<String, Value>) {
    for (media_type, object) in content.iter_mut() {
        let Some(object) = object.as_object_mut().filter(|_| media_type.contains('/')) else {
            continue;
        };
        if let Some(item) = object.remove("itemSchema") {
            object.insert(ITEM_SCHEMA.into(), item);
        }
    }
}

/// Warns of what OpenAPI 3.2 adds that the client does not use: the `query` method and
/// `additionalOperations` of path items, the `$self` of the document, and the item and prefix
/// encodings of sequential media types.
fn note_ignored_32(tree: &Value, diagnostics: &mut Diagnostics) {
    let root = Pointer::root();
    if tree.get("$self").is_some() {
        let what = "references resolve against the document's own location";
        diagnostics.push(OAS32_IGNORED.at(root.key("$self"), &[&"$self", &what]));
    }
    let Some(paths) = tree.get("paths").and_then(Value::as_object) else {
        return;
    };
    for (key, item) in paths {
        for (field, what) in [
            ("query", "the client has no method for QUERY requests"),
            (
                "additionalOperations",
                "the client makes no requests of other methods",
            ),
        ] {
            if item.get(field).is_some() {
                let pointer = root.key("paths").key(key).key(field);
                diagnostics.push(OAS32_IGNORED.at(pointer, &[&field, &what]));
            }
        }
        let Some(item) = item.as_object() else {
            continue;
        };
        for (method, operation) in item {
            let responses = operation.get("responses").and_then(Value::as_object);
            for (status, response) in responses.into_iter().flatten() {
                let content = response.get("content").and_then(Value::as_object);
                for (media_type, media) in content.into_iter().flatten() {
                    for field in ["itemEncoding", "prefixEncoding"] {
                        if media.get(field).is_some() {
                            let pointer = root
                                .key("paths")
                                .key(key)
                                .key(method)
                                .key("responses")
                                .key(status)
                                .key("content")
                                .key(media_type)
                                .key(field);
                            let what = "each item is read as its media type says";
                            diagnostics.push(OAS32_IGNORED.at(pointer, &[&field, &what]));
                        }
                    }
                }
            }
        }
    }
}
