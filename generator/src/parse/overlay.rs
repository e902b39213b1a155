//! OpenAPI Overlay 1.0: edits of a vendor's spec kept beside it, applied to the JSON tree in
//! order before anything reads it. Each action's `target` is an RFC 9535 JSONPath; `remove:
//! true` removes what it selects, and `update` is merged into each selected object (or
//! appended to each selected array). A target that selects nothing is a warning located in
//! the overlay; an overlay that cannot be read is an error located there too.

use crate::diagnostics::catalogue::{INVALID_OVERLAY, OVERLAY_TARGET_UNMATCHED};
use crate::diagnostics::{Diagnostic, Diagnostics, Pointer};
use crate::options::Overlay;
use serde_json::Value;

/// Applies every overlay, in order, to `tree`.
pub fn apply_all(tree: &mut Value, overlays: &[Overlay], diagnostics: &mut Diagnostics) {
    for overlay in overlays {
        apply(tree, overlay, diagnostics);
    }
}

/// Applies one overlay; its problems are located in its own file.
fn apply(tree: &mut Value, overlay: &Overlay, diagnostics: &mut Diagnostics) {
    let located = |diagnostic: Diagnostic| diagnostic.in_file(&overlay.path, &overlay.text);
    let document = match super::load::read_tree(&overlay.text) {
        Ok(document) => document,
        Err(diagnostic) => return diagnostics.push(located(*diagnostic)),
    };
    let actions = match actions(&document) {
        Ok(actions) => actions,
        Err((pointer, problem)) => {
            return diagnostics.push(located(INVALID_OVERLAY.at(pointer, &[&problem])));
        }
    };
    for (index, action) in actions.iter().enumerate() {
        let pointer = Pointer::root().key("actions").index(index);
        let Some(target) = action.get("target").and_then(Value::as_str) else {
            let problem = "an action has no `target` string";
            diagnostics.push(located(INVALID_OVERLAY.at(pointer, &[&problem])));
            continue;
        };
        let path = match serde_json_path::JsonPath::parse(target) {
            Ok(path) => path,
            Err(err) => {
                let problem = format!("`{target}` is not a JSONPath (RFC 9535): {err}");
                diagnostics.push(located(
                    INVALID_OVERLAY.at(pointer.key("target"), &[&problem]),
                ));
                continue;
            }
        };
        let selected: Vec<String> = path
            .query_located(tree)
            .locations()
            .map(|location| location.to_json_pointer())
            .collect();
        if selected.is_empty() {
            diagnostics.push(located(
                OVERLAY_TARGET_UNMATCHED.at(pointer.key("target"), &[&target]),
            ));
            continue;
        }
        if action.get("remove").and_then(Value::as_bool) == Some(true) {
            // The last first, so that removing an array item does not move the next ones.
            for location in selected.iter().rev() {
                remove(tree, location);
            }
        } else if let Some(update) = action.get("update") {
            for location in &selected {
                if let Some(node) = tree.pointer_mut(location) {
                    merge(node, update);
                }
            }
        }
    }
}

/// The actions of an overlay document, or where and why it is not one.
fn actions(document: &Value) -> Result<&Vec<Value>, (Pointer, String)> {
    let version = document.get("overlay").and_then(Value::as_str);
    if !version.is_some_and(|v| v.starts_with("1.")) {
        let problem = "it has no `overlay: 1.0.0` version field".to_string();
        return Err((Pointer::root().key("overlay"), problem));
    }
    match document.get("actions") {
        Some(Value::Array(actions)) => Ok(actions),
        _ => Err((
            Pointer::root().key("actions"),
            "it has no `actions` list".to_string(),
        )),
    }
}

/// Removes the node at an RFC 6901 pointer from its parent object or array.
fn remove(tree: &mut Value, location: &str) {
    let Some((parent, last)) = location.rsplit_once('/') else {
        return;
    };
    let key = crate::diagnostics::unescape(last);
    match tree.pointer_mut(parent) {
        Some(Value::Object(map)) => {
            map.shift_remove(&key);
        }
        Some(Value::Array(items)) => {
            if let Ok(index) = key.parse::<usize>() {
                if index < items.len() {
                    items.remove(index);
                }
            }
        }
        _ => {}
    }
}

/// Merges `update` into `node`: an object's properties recursively, a value into an array by
/// appending it, anything else by replacing it.
fn merge(node: &mut Value, update: &Value) {
    match (node, update) {
        (Value::Object(target), Value::Object(properties)) => {
            for (key, value) in properties {
                match target.get_mut(key) {
                    Some(existing) if existing.is_object() && value.is_object() => {
                        merge(existing, value)
                    }
                    _ => {
                        target.insert(key.clone(), value.clone());
                    }
                }
            }
        }
        (Value::Array(items), value) => items.push(value.clone()),
        (node, value) => *node = value.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn overlay(text: &str) -> Overlay {
        Overlay {
            path: "overlay.yaml".into(),
            text: text.to_string(),
        }
    }

    #[test]
    fn actions_update_remove_and_append_in_order() {
        let mut tree = json!({"info": {"title": "t"}, "paths": {"/a": {"get": {"tags": ["x"]}, "delete": {}}}});
        let text = "overlay: 1.0.0\ninfo: {title: o, version: '1'}\nactions:\n  - target: $.info\n    update: {title: u, x-new: 1}\n  - target: $.paths['/a'].delete\n    remove: true\n  - target: $.paths.*.get.tags\n    update: y\n";
        let mut diagnostics = Diagnostics::default();
        apply_all(&mut tree, &[overlay(text)], &mut diagnostics);
        assert!(diagnostics.is_empty(), "{diagnostics}");
        assert_eq!(
            tree,
            json!({"info": {"title": "u", "x-new": 1}, "paths": {"/a": {"get": {"tags": ["x", "y"]}}}})
        );
    }

    #[test]
    fn a_target_that_selects_nothing_is_a_located_warning() {
        let mut tree = json!({"paths": {}});
        let text = "overlay: 1.0.0\ninfo: {title: o, version: '1'}\nactions:\n  - target: $.paths['/nowhere']\n    remove: true\n";
        let mut diagnostics = Diagnostics::default();
        apply_all(&mut tree, &[overlay(text)], &mut diagnostics);
        let rendered = diagnostics.to_string();
        assert!(
            rendered.contains("warning[overlay-target-unmatched]"),
            "{rendered}"
        );
        assert!(rendered.contains("overlay.yaml:4:"), "{rendered}");
    }
}
