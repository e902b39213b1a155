//! Locating: the line and column of a JSON pointer in block-style YAML or in JSON text.
//!
//! `serde_yaml` keeps no positions for values, so this walks the text: for each pointer
//! segment it finds the key at a deeper indentation than its parent. It is a best effort:
//! when it cannot follow the text it returns `None` rather than a wrong position.

/// The 1-based line and column where the value at `pointer` starts, if it can be found.
pub fn locate(source: &str, pointer: &super::Pointer) -> Option<(usize, usize)> {
    let segments: Vec<String> = pointer.segments().collect();
    if segments.is_empty() {
        return None;
    }
    let lines: Vec<&str> = source.lines().collect();
    let mut start = 0usize;
    let mut parent_indent: Option<usize> = None;
    let mut found = None;
    for segment in &segments {
        let (line, indent) = find_key(&lines, start, parent_indent, segment)?;
        found = Some((line + 1, indent + 1));
        start = line + 1;
        parent_indent = Some(indent);
    }
    found
}

/// Finds `key` below `start` at an indentation deeper than `parent`, within the parent's block.
fn find_key(
    lines: &[&str],
    start: usize,
    parent: Option<usize>,
    key: &str,
) -> Option<(usize, usize)> {
    let candidates = [
        format!("{key}:"),
        format!("\"{key}\":"),
        format!("'{key}':"),
        format!("- {key}:"),
    ];
    let mut list_index = 0usize;
    let wanted_index: Option<usize> = key.parse().ok();
    let mut child_indent: Option<usize> = None;
    for (offset, line) in lines[start..].iter().enumerate() {
        let trimmed = line.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let indent = line.len() - trimmed.len();
        if let Some(parent) = parent {
            if indent <= parent && !trimmed.starts_with("- ") {
                return None;
            }
            if indent < parent {
                return None;
            }
        }
        let indent_of_item = child_indent.get_or_insert(indent);
        if indent != *indent_of_item {
            continue;
        }
        if candidates.iter().any(|c| trimmed.starts_with(c.as_str())) {
            return Some((start + offset, indent));
        }
        if let Some(wanted) = wanted_index {
            if trimmed.starts_with('-') {
                if list_index == wanted {
                    return Some((start + offset, indent + 1));
                }
                list_index += 1;
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::locate;
    use crate::diagnostics::Pointer;

    fn at(pointer: &str) -> Pointer {
        Pointer::from_reference(pointer)
    }

    #[test]
    fn finds_nested_keys() {
        let source = "openapi: 3.0.3\npaths:\n  /users:\n    get:\n      responses:\n        '200':\n          description: ok\n";
        assert_eq!(locate(source, &at("#/paths/~1users/get")), Some((4, 5)));
        assert_eq!(
            locate(source, &at("#/paths/~1users/get/responses/200")),
            Some((6, 9))
        );
        assert_eq!(locate(source, &at("#/paths/~1missing")), None);
    }

    #[test]
    fn finds_list_items() {
        let source = "tags:\n  - name: a\n  - name: b\n";
        assert_eq!(locate(source, &at("#/tags/1")), Some((3, 4)));
    }
}
