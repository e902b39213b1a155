//! Groups: how a crate's operations and types are split into modules a person can read. An
//! operation goes to the group of its first tag, or of its first path segment after the
//! prefix every path shares when it has no tag; a type goes to the one group whose
//! operations reach it, or to `common` when several or none do. A group too big for one
//! file is cut into numbered parts.

use super::graph::mentioned;
use super::{Api, Operation};
use crate::ident;
use std::collections::{BTreeMap, BTreeSet};

/// The most operations one file holds: about 95 lines each, so under 4,000 lines.
pub const MAX_OPERATIONS: usize = 40;
/// The most types one file holds: about 40 lines each, so near 4,000 lines.
pub const MAX_TYPES: usize = 100;
/// The group of types that several groups of operations reach, or none.
pub const COMMON: &str = "common";

/// One group: a module name and the indices of what it holds, in the API's order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    /// The module's name: snake case, never a keyword, unique among its siblings.
    pub name: String,
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
        let mut operations: BTreeMap<String, (String, Vec<usize>)> = BTreeMap::new();
        for (index, op) in api.operations.iter().enumerate() {
            let (name, doc) = operation_group(op, &prefix);
            operations
                .entry(name)
                .or_insert_with(|| (doc, Vec::new()))
                .1
                .push(index);
        }
        let owner = type_owners(api, &operations);
        let mut types: BTreeMap<String, (String, Vec<usize>)> = BTreeMap::new();
        for (index, name) in api.types.keys().enumerate() {
            let (group, doc) = match owner.get(name) {
                Some(group) => {
                    let what = &operations[group].0;
                    let doc = format!("The types that only the operations {what} use.");
                    (group.clone(), doc)
                }
                None => (
                    COMMON.to_string(),
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
        Groups {
            operations: cut(operations, MAX_OPERATIONS),
            types: cut(types, MAX_TYPES),
        }
    }
}

/// The group of one operation, and what its operations share in words ("tagged `User`"):
/// the first tag, else the first path segment after the prefix every path shares.
fn operation_group(op: &Operation, prefix: &[&str]) -> (String, String) {
    if let Some(tag) = op.tags.first() {
        return (module_name(tag), format!("tagged `{tag}`"));
    }
    let segments: Vec<&str> = segments(&op.path).collect();
    let first = segments
        .get(prefix.len())
        .filter(|segment| !segment.starts_with('{'))
        .copied();
    match first {
        Some(segment) => {
            let under = segments[..=prefix.len()].join("/");
            (module_name(segment), format!("under `/{under}`"))
        }
        None => ("root".to_string(), "at the root".to_string()),
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
    first
        .iter()
        .enumerate()
        .take_while(|(at, segment)| {
            *at + 1 < shortest
                && !segment.starts_with('{')
                && paths.iter().all(|path| path[*at] == **segment)
        })
        .map(|(_, segment)| *segment)
        .collect()
}

/// A module name for a tag or a path segment: snake case, and a keyword gets a trailing
/// underscore rather than a raw identifier, since it names a file too.
pub fn module_name(name: &str) -> String {
    let snake = ident::snake(name);
    match snake.strip_prefix("r#") {
        Some(keyword) => format!("{keyword}_"),
        None => snake,
    }
}

/// The group that owns each type: the one group of operations that reaches it. Types
/// reached by several groups, or by none, are left out.
fn type_owners(
    api: &Api,
    groups: &BTreeMap<String, (String, Vec<usize>)>,
) -> BTreeMap<String, String> {
    let mut reached_by: BTreeMap<String, BTreeSet<&str>> = BTreeMap::new();
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
                (Some(only), None) => Some((name, only.to_string())),
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
) -> BTreeSet<String> {
    let mut stack: Vec<String> = operations
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

/// The groups in name order, each bigger than `max` cut into even parts named `name`,
/// `name_2`, … A part's name that another group already has gets the next number.
fn cut(groups: BTreeMap<String, (String, Vec<usize>)>, max: usize) -> Vec<Group> {
    let mut taken: BTreeSet<String> = groups.keys().cloned().collect();
    let mut out = Vec::new();
    for (name, (doc, members)) in groups {
        let parts = members.len().div_ceil(max).max(1);
        let size = members.len().div_ceil(parts).max(1);
        for (part, members) in members.chunks(size).enumerate() {
            let name = if part == 0 {
                name.clone()
            } else {
                let mut number = part + 1;
                while taken.contains(&format!("{name}_{number}")) {
                    number += 1;
                }
                let part_name = format!("{name}_{number}");
                taken.insert(part_name.clone());
                part_name
            };
            let doc = if parts == 1 {
                doc.clone()
            } else {
                format!("{} Part {} of {parts}.", doc, part + 1)
            };
            out.push(Group {
                name,
                doc,
                members: members.to_vec(),
            });
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
        let types: Vec<&String> = api.types.keys().collect();
        let named = |groups: &[Group], name: &dyn Fn(usize) -> String| {
            groups
                .iter()
                .map(|g| (g.name.clone(), g.members.iter().map(|&i| name(i)).collect()))
                .collect::<Vec<_>>()
        };
        (
            named(&groups.operations, &|i| api.operations[i].id.clone()),
            named(&groups.types, &|i| types[i].clone()),
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
    fn a_big_group_is_cut_into_even_numbered_parts_that_avoid_taken_names() {
        let mut groups = BTreeMap::new();
        groups.insert("user".to_string(), ("d".to_string(), (0..90).collect()));
        groups.insert("user_2".to_string(), ("d".to_string(), vec![90]));
        let cut = cut(groups, 40);
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
