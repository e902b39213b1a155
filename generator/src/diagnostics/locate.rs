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
    // A list item found by its index, whose first key may stand on the dash's own line.
    let mut item: Option<(usize, usize)> = None;
    for segment in &segments {
        if let Some(column) =
            item.and_then(|(line, dash)| key_on_dash_line(lines[line], dash, segment))
        {
            let line = item.map(|(line, _)| line)?;
            found = Some((line + 1, column + 1));
            start = line + 1;
            parent_indent = Some(column);
            item = None;
            continue;
        }
        let (line, indent) = find_key(&lines, start, parent_indent, segment)?;
        found = Some((line + 1, indent + 1));
        item = segment
            .parse::<usize>()
            .is_ok()
            .then_some((line, indent.saturating_sub(1)));
        start = line + 1;
        parent_indent = Some(indent);
    }
    found
}

/// The column of `key` when the line is a list item (`- key: …`) whose dash is at `dash`.
fn key_on_dash_line(line: &str, dash: usize, key: &str) -> Option<usize> {
    let rest = line.get(dash..)?.strip_prefix('-')?;
    let trimmed = rest.trim_start();
    let column = dash + 1 + (rest.len() - trimmed.len());
    [
        format!("{key}:"),
        format!("\"{key}\":"),
        format!("'{key}':"),
    ]
    .iter()
    .any(|candidate| trimmed.starts_with(candidate.as_str()))
    .then_some(column)
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
    fn finds_the_first_key_of_a_list_item_on_the_dash_line() {
        let source = "actions:\n  - target: $.a\n    remove: true\n  - target: $.b\n";
        assert_eq!(locate(source, &at("#/actions/0/target")), Some((2, 5)));
        assert_eq!(locate(source, &at("#/actions/0/remove")), Some((3, 5)));
        assert_eq!(locate(source, &at("#/actions/1/target")), Some((4, 5)));
    }

    #[test]
    fn finds_list_items() {
        let source = "tags:\n  - name: a\n  - name: b\n";
        assert_eq!(locate(source, &at("#/tags/1")), Some((3, 4)));
    }
}
