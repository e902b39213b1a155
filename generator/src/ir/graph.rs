//! Graphs of types: which named types refer to which, and their strongly connected
//! components, for boxing recursive types and catching cycles no value can satisfy.

use super::{TypeDef, TypeKind, TypeRef};
use crate::ident::RustName;
use std::collections::BTreeMap;

/// Edges from each named type to the named types it refers to, as `refers` picks them.
pub fn edges(
    types: &BTreeMap<RustName, TypeDef>,
    refers: impl Fn(&TypeDef) -> Vec<RustName>,
) -> BTreeMap<RustName, Vec<RustName>> {
    types
        .iter()
        .map(|(name, def)| (name.clone(), refers(def)))
        .collect()
}

/// The named types a type holds by value (not through a `Vec` or a map, which already box).
pub fn by_value_targets(def: &TypeDef) -> Vec<RustName> {
    match &def.kind {
        TypeKind::Struct(st) => st.fields.iter().filter_map(|f| named(&f.ty)).collect(),
        TypeKind::Union(union) => union.variants.iter().filter_map(|v| named(&v.ty)).collect(),
        TypeKind::Alias(ty) | TypeKind::Newtype(ty) => named(ty).into_iter().collect(),
        TypeKind::Enum(_) => Vec::new(),
    }
}

/// Every named type a reference mentions, inside arrays and maps too.
pub fn mentioned(ty: &TypeRef) -> Vec<RustName> {
    match ty {
        TypeRef::Named(name) => vec![name.clone()],
        TypeRef::Array(inner) | TypeRef::Map(inner) | TypeRef::Option(inner) => mentioned(inner),
        TypeRef::Primitive(_) | TypeRef::Any => Vec::new(),
    }
}

/// The name of a directly named type.
pub fn named(ty: &TypeRef) -> Option<RustName> {
    match ty {
        TypeRef::Named(name) => Some(name.clone()),
        _ => None,
    }
}

/// Whether two types lie in one strongly connected component, so that each reaches the other.
pub fn same_component(component: &BTreeMap<RustName, usize>, a: &str, b: &str) -> bool {
    component
        .get(a)
        .is_some_and(|c| Some(c) == component.get(b))
}

/// The strongly connected component of every node (Tarjan's algorithm, iterative so that
/// long chains of types cannot overflow the stack). Linear in nodes and edges.
pub fn components(edges: &BTreeMap<RustName, Vec<RustName>>) -> BTreeMap<RustName, usize> {
    let names: Vec<&RustName> = edges.keys().collect();
    let index_of: BTreeMap<&RustName, usize> =
        names.iter().enumerate().map(|(i, n)| (*n, i)).collect();
    let adjacency: Vec<Vec<usize>> = names
        .iter()
        .map(|n| {
            edges[*n]
                .iter()
                .filter_map(|t| index_of.get(t).copied())
                .collect()
        })
        .collect();
    let count = names.len();
    let mut index = vec![usize::MAX; count];
    let mut low = vec![0; count];
    let mut on_stack = vec![false; count];
    let mut component = vec![usize::MAX; count];
    let mut stack = Vec::new();
    let (mut next_index, mut next_component) = (0, 0);
    for root in 0..count {
        if index[root] != usize::MAX {
            continue;
        }
        // Each frame is a node and how many of its edges have been followed.
        let mut work = vec![(root, 0usize)];
        while let Some(frame) = work.last_mut() {
            let (node, followed) = *frame;
            if followed == 0 && index[node] == usize::MAX {
                index[node] = next_index;
                low[node] = next_index;
                next_index += 1;
                stack.push(node);
                on_stack[node] = true;
            }
            if let Some(&next) = adjacency[node].get(followed) {
                frame.1 += 1;
                if index[next] == usize::MAX {
                    work.push((next, 0));
                } else if on_stack[next] {
                    low[node] = low[node].min(index[next]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[node]);
            }
            if low[node] == index[node] {
                while let Some(member) = stack.pop() {
                    on_stack[member] = false;
                    component[member] = next_component;
                    if member == node {
                        break;
                    }
                }
                next_component += 1;
            }
        }
    }
    names
        .into_iter()
        .enumerate()
        .map(|(i, n)| (n.clone(), component[i]))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ident::camel;

    fn graph(pairs: &[(&str, &[&str])]) -> BTreeMap<RustName, Vec<RustName>> {
        pairs
            .iter()
            .map(|(from, to)| (camel(from), to.iter().map(|t| camel(t)).collect()))
            .collect()
    }

    #[test]
    fn components_group_cycles_and_only_cycles() {
        let edges = graph(&[("A", &["B"]), ("B", &["A", "C"]), ("C", &[]), ("D", &["D"])]);
        let component = components(&edges);
        assert!(same_component(&component, "A", "B"));
        assert!(!same_component(&component, "B", "C"));
        assert!(same_component(&component, "D", "D"));
    }

    #[test]
    fn a_long_chain_does_not_overflow_the_stack() {
        let names: Vec<RustName> = (0..100_000).map(|i| camel(&format!("T{i}"))).collect();
        let edges: BTreeMap<RustName, Vec<RustName>> = names
            .iter()
            .enumerate()
            .map(|(i, n)| (n.clone(), names.get(i + 1).cloned().into_iter().collect()))
            .collect();
        let component = components(&edges);
        assert_eq!(component.len(), 100_000);
        assert!(!same_component(&component, "T0", "T1"));
    }
}
