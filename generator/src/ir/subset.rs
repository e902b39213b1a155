//! Subsets: the operations a user asked for (by tag and operationId) and every type they
//! reach, transitively; the rest of a big spec is not generated at all.

use super::groups::reachable;
use super::{Api, Operation};

/// Keeps the operations `keep` accepts and the types they reach. The crate docs' examples,
/// written for the whole API, go too.
pub fn retain(api: &mut Api, keep: impl Fn(&Operation) -> bool) {
    api.operations.retain(|op| keep(op));
    api.examples.clear();
    let reachable = reachable(api, &api.operations);
    api.types.retain(|name, _| reachable.contains(name));
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
        let kept: Vec<&str> = api.types.keys().map(|name| name.as_str()).collect();
        assert_eq!(kept, ["Chunk", "Delta", "Whole"]);
    }
}
