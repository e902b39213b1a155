//! Groups: how a crate's operations and types are split into modules a person can read. An
//! operation goes to the group of its first tag, or of its first path segment after the
//! prefix every path shares when it has no tag; a type goes to the one group whose
//! operations reach it, or to `common` when several or none do. A group too big for one
//! file, by an estimate of its lines, is cut into numbered parts.

use super::graph::mentioned;
use super::{Api, EnumValues, Operation, TypeDef, TypeKind};
use crate::ident::{self, RustName};
use std::collections::{BTreeMap, BTreeSet};

/// The most lines one file should hold, as [`lines_of_operation`] and [`lines_of_type`]
/// estimate them; a group estimated bigger is cut into parts. The estimates run high, so
/// that files stay under 5,000 lines.
pub const MAX_LINES: usize = 3_500;
/// The group of types that several groups of operations reach, or none.
pub const COMMON: &str = "common";

/// One group: a module name and the indices of what it holds, in the API's order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    /// The module's name: snake case, never a keyword, unique among its siblings.
    pub name: RustName,
    /// What its members share, in words, for the module's doc.
    pub doc: String,
    /// Indices into `Api::operations`, or into `Api::types` in key order.
    pub members: Vec<usize>,
}

/// The groups of one API.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Groups {
    /// The operations' groups, by name; the request builders and the mock kit follow them.
    pub operations: Vec<Group>,
    /// The types' groups, by name.
    pub types: Vec<Group>,
}

impl Groups {
    /// The groups of `api`, each cut into parts no bigger than a file should be.
    pub fn of(api: &Api) -> Groups {
        let prefix = shared_prefix(&api.operations);
        let mut operations: BTreeMap<RustName, (String, Vec<usize>)> = BTreeMap::new();
        for (index, op) in api.operations.iter().enumerate() {
            let (name, doc) = operation_group(op, &prefix);
            operations
                .entry(name)
                .or_insert_with(|| (doc, Vec::new()))
                .1
                .push(index);
        }
        let owner = type_owners(api, &operations);
        let mut types: BTreeMap<RustName, (String, Vec<usize>)> = BTreeMap::new();
        for (index, name) in api.types.keys().enumerate() {
            let (group, doc) = match owner.get(name) {
                Some(group) => {
                    let what = &operations[group].0;
                    let doc = format!("The types that only the operations {what} use.");
                    (group.clone(), doc)
                }
                None => (
                    ident::module(COMMON),
                    "The types that operations of several groups use, or none does.".to_string(),
                ),
            };
            types
                .entry(group)
                .or_insert_with(|| (doc, Vec::new()))
                .1
                .push(index);
        }
        let operations = operations
            .into_iter()
            .map(|(name, (what, members))| (name, (format!("The operations {what}."), members)))
            .collect();
        let defs: Vec<&TypeDef> = api.types.values().collect();
        Groups {
            operations: cut(operations, &|i| lines_of_operation(&api.operations[i])),
            types: cut(types, &|i| lines_of_type(defs[i])),
        }
    }
}

/// The group of one operation, and what its operations share in words ("tagged `User`"):
/// the first tag, else the first path segment after the prefix every path shares.
fn operation_group(op: &Operation, prefix: &[&str]) -> (RustName, String) {
    if let Some(tag) = op.tags.first() {
        return (ident::module(tag), format!("tagged `{tag}`"));
    }
    let segments: Vec<&str> = segments(&op.path).collect();
    let first = segments
        .get(prefix.len())
        .filter(|segment| !segment.starts_with('{'))
        .copied();
    match first {
        Some(segment) => {
            let under = segments[..=prefix.len()].join("/");
            (ident::module(segment), format!("under `/{under}`"))
        }
        None => (ident::module("root"), "at the root".to_string()),
    }
}

/// A path's literal segments, without empty ones.
fn segments(path: &str) -> impl Iterator<Item = &str> {
    path.split('/').filter(|segment| !segment.is_empty())
}

/// The literal segments every untagged operation's path starts with (`api`, `v1`), so that
/// the groups are named after what differs.
fn shared_prefix(operations: &[Operation]) -> Vec<&str> {
    let paths: Vec<Vec<&str>> = operations
        .iter()
        .filter(|op| op.tags.is_empty())
        .map(|op| segments(&op.path).collect())
        .collect();
    let Some(first) = paths.first() else {
        return Vec::new();
    };
    // Keep one segment of the shortest path to name its group by.
    let shortest = paths.iter().map(Vec::len).min().unwrap_or(0);
    let mut prefix: Vec<&str> = first
        .iter()
        .enumerate()
        .take_while(|(at, segment)| {
            *at + 1 < shortest
                && !segment.starts_with('{')
                && paths.iter().all(|path| path[*at] == **segment)
        })
        .map(|(_, segment)| *segment)
        .collect();
    // The segment after the prefix names a group, so it must not be a parameter.
    while !prefix.is_empty()
        && paths
            .iter()
            .any(|path| path.get(prefix.len()).is_some_and(|s| s.starts_with('{')))
    {
        prefix.pop();
    }
    prefix
}

/// The group that owns each type: the one group of operations that reaches it. Types
/// reached by several groups, or by none, are left out.
fn type_owners(
    api: &Api,
    groups: &BTreeMap<RustName, (String, Vec<usize>)>,
) -> BTreeMap<RustName, RustName> {
    let mut reached_by: BTreeMap<RustName, BTreeSet<&RustName>> = BTreeMap::new();
    for (group, (_, members)) in groups {
        let ops = members.iter().map(|&index| &api.operations[index]);
        for name in reachable(api, ops) {
            reached_by.entry(name).or_default().insert(group);
        }
    }
    reached_by
        .into_iter()
        .filter_map(|(name, groups)| {
            let mut groups = groups.into_iter();
            match (groups.next(), groups.next()) {
                (Some(only), None) => Some((name, only.clone())),
                _ => None,
            }
        })
        .collect()
}

/// The named types `operations` reach, through parameters, bodies and responses, and from
/// there through fields, additional properties, variants and aliases; a sequence offered
/// beside a JSON body counts too.
pub fn reachable<'a>(
    api: &Api,
    operations: impl IntoIterator<Item = &'a Operation>,
) -> BTreeSet<RustName> {
    let mut stack: Vec<RustName> = operations
        .into_iter()
        .flat_map(Operation::refs)
        .flat_map(mentioned)
        .collect();
    let mut seen = BTreeSet::new();
    while let Some(name) = stack.pop() {
        if !seen.insert(name.clone()) {
            continue;
        }
        if let Some(def) = api.types.get(&name) {
            let unseen = def.refs().into_iter().flat_map(mentioned);
            stack.extend(unseen.filter(|t| !seen.contains(t)));
        }
    }
    seen
}

/// About how many lines an operation's request builder, client method and mock expectation
/// take once formatted: its docs are written twice, its parameters three times.
pub fn lines_of_operation(op: &Operation) -> usize {
    let docs = lines(&op.summary) + lines(&op.description);
    let params: usize = op.params.iter().map(|p| 12 + lines(&p.doc)).sum();
    120 + 2 * docs + params
}

/// About how many lines a type takes once formatted.
pub fn lines_of_type(def: &TypeDef) -> usize {
    let own = 12 + lines(&def.doc);
    own + match &def.kind {
        TypeKind::Struct(st) => st.fields.iter().map(|f| 4 + lines(&f.doc)).sum(),
        TypeKind::Enum(EnumValues::String(values)) => 30 + 6 * values.len(),
        TypeKind::Enum(EnumValues::Integer(values)) => 30 + 6 * values.len(),
        TypeKind::Union(union) => 30 + 6 * union.variants.len(),
        TypeKind::Alias(_) | TypeKind::Newtype(_) => 4,
    }
}

/// The lines of a doc.
fn lines(doc: &Option<String>) -> usize {
    doc.as_deref().map_or(0, |doc| doc.lines().count())
}

/// The groups in name order, each estimated bigger than [`MAX_LINES`] cut into parts of
/// about even size, named `name`, `name_2`, … (a part's name that another group already has
/// gets the next number).
fn cut(
    groups: BTreeMap<RustName, (String, Vec<usize>)>,
    weight: &dyn Fn(usize) -> usize,
) -> Vec<Group> {
    let mut taken: BTreeSet<RustName> = groups.keys().cloned().collect();
    let mut out = Vec::new();
    for (name, (doc, members)) in groups {
        let total: usize = members.iter().map(|&m| weight(m)).sum();
        let parts = total.div_ceil(MAX_LINES).max(1);
        let target = total.div_ceil(parts);
        let mut pieces: Vec<Vec<usize>> = vec![Vec::new()];
        let mut filled = 0;
        for member in members {
            let size = weight(member);
            let last = pieces.len() - 1;
            if filled + size > target && !pieces[last].is_empty() && pieces.len() < parts {
                pieces.push(Vec::new());
                filled = 0;
            }
            filled += size;
            if let Some(piece) = pieces.last_mut() {
                piece.push(member);
            }
        }
        let count = pieces.len();
        for (part, members) in pieces.into_iter().enumerate() {
            let name = if part == 0 {
                name.clone()
            } else {
                let mut number = part + 1;
                while taken.contains(&name.with_suffix(&format!("_{number}"))) {
                    number += 1;
                }
                let part_name = name.with_suffix(&format!("_{number}"));
                taken.insert(part_name.clone());
                part_name
            };
            let doc = if count == 1 {
                doc.clone()
            } else {
                format!("{} Part {} of {count}.", doc, part + 1)
            };
            out.push(Group { name, doc, members });
        }
    }
    out.sort_by(|a, b| a.name.cmp(&b.name));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Groups by name, each with its members' names.
    type Named = Vec<(String, Vec<String>)>;

    /// The groups of a spec's operations and of its types.
    fn groups_of(spec: &str) -> (Named, Named) {
        let (api, _) = crate::pipeline::parse(spec, &Default::default()).expect("the spec lowers");
        let groups = Groups::of(&api);
        let types: Vec<&RustName> = api.types.keys().collect();
        let named = |groups: &[Group], name: &dyn Fn(usize) -> String| {
            groups
                .iter()
                .map(|g| {
                    (
                        g.name.to_string(),
                        g.members.iter().map(|&i| name(i)).collect(),
                    )
                })
                .collect::<Vec<_>>()
        };
        (
            named(&groups.operations, &|i| api.operations[i].id.clone()),
            named(&groups.types, &|i| types[i].to_string()),
        )
    }

    #[test]
    fn operations_go_by_first_tag_and_types_to_the_one_group_that_reaches_them() {
        let spec = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /users:\n    get:\n      operationId: listUsers\n      tags: [User, Admin]\n      responses: {'200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/User'}}}}}\n  /groups:\n    get:\n      operationId: listGroups\n      tags: [Group]\n      responses: {'200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Group'}}}}}\ncomponents:\n  schemas:\n    User: {type: object, properties: {links: {$ref: '#/components/schemas/Links'}}}\n    Group: {type: object, properties: {links: {$ref: '#/components/schemas/Links'}}}\n    Links: {type: object, properties: {href: {type: string}}}\n    Unused: {type: object, properties: {a: {type: string}}}\n";
        let (operations, types) = groups_of(spec);
        assert_eq!(
            operations,
            [
                ("group".to_string(), vec!["listGroups".to_string()]),
                ("user".to_string(), vec!["listUsers".to_string()]),
            ]
        );
        let names = |list: &[&str]| list.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            types,
            [
                ("common".to_string(), names(&["Links", "Unused"])),
                ("group".to_string(), names(&["Group"])),
                ("user".to_string(), names(&["User"])),
            ]
        );
    }

    #[test]
    fn untagged_operations_go_by_the_path_segment_after_the_shared_prefix() {
        let spec = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /api/v1/users/{id}:\n    get: {operationId: getUser, parameters: [{name: id, in: path, required: true, schema: {type: string}}], responses: {'204': {description: ok}}}\n  /api/v1/users:\n    get: {operationId: listUsers, responses: {'204': {description: ok}}}\n  /api/v1/type:\n    get: {operationId: getType, responses: {'204': {description: ok}}}\n";
        let (operations, _) = groups_of(spec);
        let names: Vec<&str> = operations.iter().map(|(name, _)| name.as_str()).collect();
        assert_eq!(names, ["type_", "users"]);
    }

    #[test]
    fn a_parameter_after_the_shared_prefix_does_not_name_a_group() {
        let spec = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /users/{id}:\n    get: {operationId: getUser, parameters: [{name: id, in: path, required: true, schema: {type: string}}], responses: {'204': {description: ok}}}\n  /users/{id}/pets:\n    get: {operationId: listPets, parameters: [{name: id, in: path, required: true, schema: {type: string}}], responses: {'204': {description: ok}}}\n";
        let (operations, _) = groups_of(spec);
        let names: Vec<&str> = operations.iter().map(|(name, _)| name.as_str()).collect();
        assert_eq!(names, ["users"]);
    }

    #[test]
    fn a_big_group_is_cut_into_even_numbered_parts_that_avoid_taken_names() {
        let mut groups = BTreeMap::new();
        groups.insert(ident::module("user"), ("d".to_string(), (0..90).collect()));
        groups.insert(ident::module("user_2"), ("d".to_string(), vec![90]));
        let cut = cut(groups, &|_| MAX_LINES / 35);
        let sizes: Vec<(&str, usize)> = cut
            .iter()
            .map(|g| (g.name.as_str(), g.members.len()))
            .collect();
        assert_eq!(
            sizes,
            [("user", 30), ("user_2", 1), ("user_3", 30), ("user_4", 30)]
        );
        assert!(cut[0].doc.ends_with("Part 1 of 3."), "{}", cut[0].doc);
    }
}
