//! Loading: spec text to a JSON tree, its version checked, and a normalised tree read into
//! `openapiv3`.

use crate::diagnostics::catalogue::{
    JSON_SYNTAX, JSON_TOO_DEEP, NOT_A_MAPPING, NOT_OPENAPI, NO_VERSION, SWAGGER_2,
    UNSUPPORTED_VERSION, VERSION_NOT_A_STRING, YAML_ALIAS_BOMB, YAML_SYNTAX, YAML_TOO_DEEP,
};
use crate::diagnostics::{Diagnostic, Diagnostics, Pointer};
use serde_json::Value;

/// Reads a normalised tree into `openapiv3`'s model. The plain read is the fast one; only a
/// document that fails it is read again, with the path tracked, to say where.
pub fn read_document(tree: &Value) -> Result<openapiv3::OpenAPI, Box<Diagnostic>> {
    match <openapiv3::OpenAPI as serde::Deserialize>::deserialize(tree) {
        Ok(doc) => Ok(doc),
        Err(_) => serde_path_to_error::deserialize::<_, openapiv3::OpenAPI>(tree)
            .map_err(|err| Box::new(NOT_OPENAPI.at(pointer_of(err.path()), &[err.inner()]))),
    }
}

/// Reads the text as JSON when it looks like JSON (it starts with `{` or `[`), with
/// serde_json, which reads every escape JSON allows; otherwise, or when that fails and YAML
/// reads it, as YAML, with its merge keys (`<<: *anchor`) applied.
pub fn read_tree(text: &str) -> Result<Value, Box<Diagnostic>> {
    let body = text.trim_start_matches('\u{feff}').trim_start();
    if body.starts_with('{') || body.starts_with('[') {
        match serde_json::from_str::<Value>(body) {
            Ok(tree) => return Ok(tree),
            Err(json_error) => {
                return read_yaml(text).map_err(|_| Box::new(unreadable_json(&json_error)));
            }
        }
    }
    read_yaml(text)
}

/// Reads YAML into a JSON tree, applying merge keys (`<<: *anchor`) when the text has any.
fn read_yaml(text: &str) -> Result<Value, Box<Diagnostic>> {
    let located = |err: serde_yaml::Error| {
        let diagnostic = unreadable(&err);
        Box::new(match err.location() {
            Some(location) => diagnostic.with_position(location.line(), location.column()),
            None => diagnostic,
        })
    };
    let mut tree = serde_yaml::from_str::<super::yaml_value::JsonValue>(text)
        .map_err(located)?
        .0;
    if text.contains("<<") {
        super::yaml_value::apply_merge(&mut tree);
    }
    Ok(tree)
}

/// Why the JSON reader stopped: its nesting limit, or a syntax error at a line and column.
fn unreadable_json(err: &serde_json::Error) -> Diagnostic {
    let message = err.to_string();
    let diagnostic = if message.starts_with("recursion limit exceeded") {
        JSON_TOO_DEEP.at(Pointer::whole(), &[])
    } else {
        JSON_SYNTAX.at(Pointer::whole(), &[&message])
    };
    diagnostic.with_position(err.line(), err.column())
}

/// Why the YAML reader stopped. Its two limits are not syntax errors: the document is valid,
/// but nests deeper, or expands its aliases further, than the reader accepts.
fn unreadable(err: &serde_yaml::Error) -> Diagnostic {
    let message = err.to_string();
    if message.starts_with("recursion limit exceeded") {
        YAML_TOO_DEEP.at(Pointer::whole(), &[])
    } else if message.starts_with("repetition limit exceeded") {
        YAML_ALIAS_BOMB.at(Pointer::whole(), &[])
    } else {
        YAML_SYNTAX.at(Pointer::whole(), &[&message])
    }
}

/// Rejects documents that are not OpenAPI 3.x, with a hint for Swagger 2.0. A version
/// written as a number (`openapi: 3.0`, unquoted) is read as its text, with a warning.
pub fn check_version(tree: &mut Value, diagnostics: &mut Diagnostics) -> Result<(), Diagnostics> {
    if let Some(version) = tree.get_mut("openapi").filter(|v| v.is_number()) {
        let text = version.to_string();
        diagnostics.push(VERSION_NOT_A_STRING.at(Pointer::root().key("openapi"), &[&text]));
        *version = Value::String(text);
    }
    let problem = if !tree.is_object() {
        NOT_A_MAPPING.at(Pointer::whole(), &[])
    } else {
        match tree.get("openapi").and_then(Value::as_str) {
            Some(version) if version.starts_with("3.") => return Ok(()),
            Some(version) => UNSUPPORTED_VERSION.at(Pointer::root().key("openapi"), &[&version]),
            None if tree.get("swagger").is_some() => {
                SWAGGER_2.at(Pointer::root().key("swagger"), &[])
            }
            None => NO_VERSION.at(Pointer::root().key("openapi"), &[]),
        }
    };
    diagnostics.push(problem);
    Err(diagnostics.clone())
}

/// Turns a serde path (`paths./users.get.responses`) into a JSON pointer.
fn pointer_of(path: &serde_path_to_error::Path) -> Pointer {
    let mut pointer = Pointer::root();
    for segment in path.iter() {
        pointer = match segment {
            serde_path_to_error::Segment::Seq { index } => pointer.index(*index),
            serde_path_to_error::Segment::Map { key } => pointer.key(key),
            serde_path_to_error::Segment::Enum { variant } => pointer.key(variant),
            serde_path_to_error::Segment::Unknown => continue,
        };
    }
    pointer
}
