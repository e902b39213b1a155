//! Subsets: the operations a user asked for (by tag and operationId) and every type they
//! reach, transitively; the rest of a big spec is not generated at all.

use super::graph::mentioned;
use super::{Api, Operation};
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
/// there through fields, additional properties, variants and aliases; a sequence offered
/// beside a JSON body counts too.
fn reachable(api: &Api) -> BTreeSet<String> {
    let mut stack: Vec<String> = api
        .operations
        .iter()
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

#[cfg(test)]
mod tests {
    use crate::options::{Options, Subset};

    #[test]
    fn a_subset_keeps_the_types_of_a_stream_offered_beside_json() {
        let spec = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /chat:\n    post:\n      operationId: chat\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json: {schema: {$ref: '#/components/schemas/Whole'}}\n            text/event-stream: {schema: {$ref: '#/components/schemas/Chunk'}}\n  /other:\n    get:\n      operationId: other\n      responses:\n        '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Other'}}}}\ncomponents:\n  schemas:\n    Whole: {type: object, properties: {text: {type: string}}}\n    Chunk: {type: object, properties: {delta: {$ref: '#/components/schemas/Delta'}}}\n    Delta: {type: object, properties: {text: {type: string}}}\n    Other: {type: object}\n";
        let options = Options {
            subset: Subset {
                operations: vec!["chat".to_string()],
                ..Default::default()
            },
            ..Default::default()
        };
        let (api, _) = crate::pipeline::parse(spec, &options).expect("the spec lowers");
        let kept: Vec<&String> = api.types.keys().collect();
        assert_eq!(kept, ["Chunk", "Delta", "Whole"]);
    }
}
