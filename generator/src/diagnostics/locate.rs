//! Locating: the line and column of a JSON pointer in block-style YAML or in JSON text.
//!
//! `serde_yaml` keeps no positions for values, so this walks the text: for each pointer
//! segment it finds the key at a deeper indentation than its parent. It is a best effort:
//! when it cannot follow the text it returns `None` rather than a wrong position.

use std::collections::HashMap;

/// The 1-based line and column where the value at `pointer` starts, if it can be found.
pub fn locate(source: &str, pointer: &super::Pointer) -> Option<(usize, usize)> {
    Locator::new(source).locate(pointer)
}

/// Locates many pointers in one text: the text is split into lines once, and each block's
/// lines at its children's indentation are listed once, so that a thousand warnings in a
/// 3 MB spec cost a walk of the text each block, not each warning.
pub struct Locator<'a> {
    lines: Vec<&'a str>,
    /// The children's lines of the block that starts at a line below a parent indentation.
    blocks: HashMap<(usize, Option<usize>), Vec<usize>>,
}

impl<'a> Locator<'a> {
    /// A locator over `source`.
    pub fn new(source: &'a str) -> Self {
        Locator {
            lines: source.lines().collect(),
            blocks: HashMap::new(),
        }
    }

    /// The 1-based line and column where the value at `pointer` starts, if it can be found.
    pub fn locate(&mut self, pointer: &super::Pointer) -> Option<(usize, usize)> {
        let segments: Vec<String> = pointer.segments().collect();
        if segments.is_empty() {
            return None;
        }
        let mut start = 0usize;
        let mut parent_indent: Option<usize> = None;
        let mut found = None;
        // A list item found by its index, whose first key may stand on the dash's own line.
        let mut item: Option<(usize, usize)> = None;
        for segment in &segments {
            if let Some(column) =
                item.and_then(|(line, dash)| key_on_dash_line(self.lines[line], dash, segment))
            {
                let line = item.map(|(line, _)| line)?;
                found = Some((line + 1, column + 1));
                start = line + 1;
                parent_indent = Some(column);
                item = None;
                continue;
            }
            let (line, indent) = self.find_key(start, parent_indent, segment)?;
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

    /// Finds `key` below `start` at an indentation deeper than `parent`, within the parent's
    /// block: the block's first child sets the indentation its siblings share.
    fn find_key(
        &mut self,
        start: usize,
        parent: Option<usize>,
        key: &str,
    ) -> Option<(usize, usize)> {
        let lines = &self.lines;
        let children = self
            .blocks
            .entry((start, parent))
            .or_insert_with(|| children(lines, start, parent));
        let candidates = [
            format!("{key}:"),
            format!("\"{key}\":"),
            format!("'{key}':"),
            format!("- {key}:"),
        ];
        let mut list_index = 0usize;
        let wanted_index: Option<usize> = key.parse().ok();
        for &line in children.iter() {
            let text = lines[line];
            let trimmed = text.trim_start();
            let indent = text.len() - trimmed.len();
            if candidates.iter().any(|c| trimmed.starts_with(c.as_str())) {
                return Some((line, indent));
            }
            if let Some(wanted) = wanted_index {
                if trimmed.starts_with('-') {
                    if list_index == wanted {
                        return Some((line, indent + 1));
                    }
                    list_index += 1;
                }
            }
        }
        None
    }
}

/// The lines of the block below `start` at the indentation of its first child, up to the
/// first line that leaves the block (a line at or above the parent's indentation, other than
/// a list item at the parent's own).
fn children(lines: &[&str], start: usize, parent: Option<usize>) -> Vec<usize> {
    let mut child_indent: Option<usize> = None;
    let mut found = Vec::new();
    for (offset, line) in lines.iter().enumerate().skip(start) {
        let trimmed = line.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let indent = line.len() - trimmed.len();
        if let Some(parent) = parent {
            if indent < parent || (indent == parent && !trimmed.starts_with("- ")) {
                break;
            }
        }
        if indent == *child_indent.get_or_insert(indent) {
            found.push(offset);
        }
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
