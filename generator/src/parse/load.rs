//! Loading: spec text to a JSON tree, the tree normalised to OpenAPI 3.0, then to `openapiv3`.

use crate::diagnostics::{Diagnostic, Diagnostics};
use serde_json::Value;

/// Reads spec text (YAML or JSON) into an `openapiv3` document and the raw JSON tree.
pub fn load(text: &str) -> Result<(openapiv3::OpenAPI, Value, Diagnostics), Diagnostics> {
    let mut diagnostics = Diagnostics::default();
    let mut tree: Value = match serde_yaml::from_str(text) {
        Ok(tree) => tree,
        Err(err) => {
            let mut diagnostic = unreadable(&err);
            if let Some(location) = err.location() {
                diagnostic = diagnostic.at(location.line(), location.column());
            }
            diagnostics.push(diagnostic);
            return Err(diagnostics);
        }
    };
    check_version(&tree, &mut diagnostics)?;
    super::normalize::normalize(&mut tree, &mut diagnostics);
    let doc = match serde_path_to_error::deserialize::<_, openapiv3::OpenAPI>(&tree) {
        Ok(doc) => doc,
        Err(err) => {
            let pointer = pointer_of(err.path());
            diagnostics.push(
                Diagnostic::error(pointer, format!("the spec does not match the OpenAPI 3.0 schema: {}", err.inner()))
                    .with_hint("compare this part of the spec with the OpenAPI 3.0 specification; `npx @redocly/cli lint` shows the same problem"),
            );
            return Err(diagnostics);
        }
    };
    Ok((doc, tree, diagnostics))
}

/// Why the YAML reader stopped. Its two limits are not syntax errors: the document is valid,
/// but nests deeper, or expands its aliases further, than the reader accepts.
fn unreadable(err: &serde_yaml::Error) -> Diagnostic {
    let message = err.to_string();
    if message.starts_with("recursion limit exceeded") {
        Diagnostic::error(
            "",
            "the spec nests deeper than the YAML reader accepts: 128 levels of mappings and sequences, aliases expanded",
        )
        .with_hint(
            "the limit is built into the YAML reader (serde_yaml) and cannot be raised; move deeply nested \
             schemas into `components/schemas` and refer to them with `$ref`",
        )
    } else if message.starts_with("repetition limit exceeded") {
        Diagnostic::error(
            "",
            "the spec's YAML aliases expand to more nodes than the YAML reader accepts (a guard against alias bombs)",
        )
        .with_hint(
            "the limit is built into the YAML reader (serde_yaml) and cannot be raised; write each repeated part \
             once under `components` and refer to it with `$ref` instead of a YAML alias",
        )
    } else {
        Diagnostic::error("", format!("the spec is not valid YAML or JSON: {err}"))
            .with_hint("fix the syntax at the position shown; a YAML linter such as `yamllint` points at it too")
    }
}

/// Rejects documents that are not OpenAPI 3.x, with a hint for Swagger 2.0.
fn check_version(tree: &Value, diagnostics: &mut Diagnostics) -> Result<(), Diagnostics> {
    if !tree.is_object() {
        diagnostics.push(
            Diagnostic::error("", "the spec is not a mapping at its top level").with_hint(
                "an OpenAPI document starts with `openapi: 3.0.3`, `info:` and `paths:`",
            ),
        );
        return Err(diagnostics.clone());
    }
    match tree.get("openapi").and_then(Value::as_str) {
        Some(version) if version.starts_with("3.") => Ok(()),
        Some(version) => {
            diagnostics.push(
                Diagnostic::error(
                    "#/openapi",
                    format!("OpenAPI version {version} is not supported"),
                )
                .with_hint("oas-codegen reads OpenAPI 3.0 and 3.1"),
            );
            Err(diagnostics.clone())
        }
        None if tree.get("swagger").is_some() => {
            diagnostics.push(
                Diagnostic::error("#/swagger", "this is a Swagger 2.0 document, not OpenAPI 3")
                    .with_hint("convert it first, for example with `npx swagger2openapi --patch spec.yaml -o spec.oas3.yaml`"),
            );
            Err(diagnostics.clone())
        }
        None => {
            diagnostics.push(
                Diagnostic::error("#/openapi", "the spec has no `openapi` version field")
                    .with_hint("add `openapi: 3.0.3` at the top of the document"),
            );
            Err(diagnostics.clone())
        }
    }
}

/// Turns a serde path (`paths./users.get.responses`) into a JSON pointer.
fn pointer_of(path: &serde_path_to_error::Path) -> String {
    let mut pointer = String::from("#");
    for segment in path.iter() {
        let text = match segment {
            serde_path_to_error::Segment::Seq { index } => index.to_string(),
            serde_path_to_error::Segment::Map { key } => key.clone(),
            serde_path_to_error::Segment::Enum { variant } => variant.clone(),
            serde_path_to_error::Segment::Unknown => continue,
        };
        pointer = crate::diagnostics::join_pointer(&pointer, &text);
    }
    pointer
}
