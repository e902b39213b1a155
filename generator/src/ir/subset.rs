//! Subsets: the operations a user asked for (by tag and operationId) and every type they
//! reach, transitively; the rest of a big spec is not generated at all.

use super::graph::mentioned;
use super::{Api, Operation, TypeKind, TypeRef};
use std::collections::BTreeSet;

/// Keeps the operations `keep` accepts and the types they reach. The crate docs' examples,
/// written for the whole API, go too.
pub fn retain(api: &mut Api, keep: impl Fn(&Operation) -> bool) {
    api.operations.retain(|op| keep(op));
    api.examples.clear();
    let reachable = reachable(api);
    api.types.retain(|name, _| reachable.contains(name));
}

/// The named types the operations reach, through parameters, bodies and responses, and from
/// there through fields, additional properties, variants and aliases.
fn reachable(api: &Api) -> BTreeSet<String> {
    let mut stack: Vec<String> = api
        .operations
        .iter()
        .flat_map(|op| {
            let params = op.params.iter().map(|p| &p.ty);
            let body = op.body.iter().map(|b| &b.ty);
            let responses = op
                .responses
                .iter()
                .filter_map(|r| r.body.as_ref().map(|(_, ty)| ty));
            params
                .chain(body)
                .chain(responses)
                .flat_map(mentioned)
                .collect::<Vec<_>>()
        })
        .collect();
    let mut seen = BTreeSet::new();
    while let Some(name) = stack.pop() {
        if !seen.insert(name.clone()) {
            continue;
        }
        let Some(def) = api.types.get(&name) else {
            continue;
        };
        let refs: Vec<&TypeRef> = match &def.kind {
            TypeKind::Struct(st) => st
                .fields
                .iter()
                .map(|f| &f.ty)
                .chain(st.additional.iter())
                .collect(),
            TypeKind::Union(union) => union.variants.iter().map(|v| &v.ty).collect(),
            TypeKind::Alias(ty) | TypeKind::Newtype(ty) => vec![ty],
            TypeKind::Enum(_) => Vec::new(),
        };
        stack.extend(
            refs.into_iter()
                .flat_map(mentioned)
                .filter(|t| !seen.contains(t)),
        );
    }
    seen
}
