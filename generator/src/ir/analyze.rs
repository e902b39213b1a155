//! The analysis pass: the facts derived from the IR, computed once after lowering and read
//! by every emitter. It checks the cycles that no value satisfies, turns recursive aliases
//! into newtypes, marks the fields and variants that must be boxed (for recursion, and to
//! keep nesting shallow enough for rustc), marks the structs that derive `Default`, fills
//! each operation's output and its pagination through the body, and finds the error type
//! the API shares.

use super::graph::{by_value_targets, components, edges, mentioned, named, same_component};
use super::{Api, BodyMedia, Operation, Output, StatusCode, TypeDef, TypeKind, TypeRef};
use crate::diagnostics::catalogue::{ALIAS_CYCLE, REQUIRED_CYCLE};
use crate::diagnostics::Diagnostics;
use crate::ident::RustName;
use std::collections::{BTreeMap, BTreeSet};

/// How many structs or unions may hold one another by value before one is boxed: rustc's
/// queries over a type (layout, drop, auto traits) recurse once per level and stop at its
/// recursion limit, 128, with `queries overflow the depth limit!`.
pub const MAX_BY_VALUE_DEPTH: usize = 32;

/// The longest chain of references or aliases followed before giving up: a bound that keeps
/// every walk finite even on a spec that lowering could not fully check.
pub const CHAIN_LIMIT: usize = 64;

/// Runs the pass. The cycles no value satisfies are broken, with a warning each.
pub fn analyze(api: &mut Api, diagnostics: &mut Diagnostics) {
    break_alias_cycles(&mut api.types, diagnostics);
    break_required_cycles(&mut api.types, diagnostics);
    newtype_recursive_aliases(&mut api.types);
    mark_recursive_boxes(&mut api.types);
    bound_nesting(&mut api.types);
    mark_defaults(&mut api.types);
    for op in &mut api.operations {
        op.output = output(op);
        op.stream = stream_output(op);
    }
    super::paging::resolve(api, diagnostics);
    api.error_type = shared_error_type(&api.operations);
}

/// Types as any JSON value the named types that are only other names for each other (`A` is
/// `B`, `B` is `A`, or `A` is `A`), through single-part compositions: no Rust type, and no
/// value, is meant.
fn break_alias_cycles(types: &mut BTreeMap<RustName, TypeDef>, diagnostics: &mut Diagnostics) {
    let graph = edges(types, |def| match &def.kind {
        TypeKind::Alias(ty) => named(ty).into_iter().collect(),
        _ => Vec::new(),
    });
    let component = components(&graph);
    for (name, def) in types.iter_mut() {
        if let TypeKind::Alias(TypeRef::Named(target)) = &def.kind {
            if same_component(&component, target, name) {
                diagnostics.push(ALIAS_CYCLE.at(def.pointer.clone(), &[name, target]));
                def.kind = TypeKind::Alias(TypeRef::Any);
            }
        }
    }
}

/// Makes optional the required, non-nullable properties through which a struct contains
/// itself: no finite JSON value satisfies such a schema, and no Rust value could be built.
fn break_required_cycles(types: &mut BTreeMap<RustName, TypeDef>, diagnostics: &mut Diagnostics) {
    let graph = edges(types, |def| match &def.kind {
        TypeKind::Struct(st) => st
            .fields
            .iter()
            .filter(|f| f.required && !f.nullable)
            .filter_map(|f| named(&f.ty))
            .collect(),
        TypeKind::Alias(ty) => named(ty).into_iter().collect(),
        _ => Vec::new(),
    });
    let component = components(&graph);
    for (name, def) in types.iter_mut() {
        let pointer = def.pointer.clone();
        let TypeKind::Struct(st) = &mut def.kind else {
            continue;
        };
        for field in st.fields.iter_mut().filter(|f| f.required && !f.nullable) {
            if named(&field.ty).is_some_and(|target| same_component(&component, &target, name)) {
                let at = pointer.key("properties").key(&field.json_name);
                diagnostics.push(REQUIRED_CYCLE.at(at, &[name, &field.json_name]));
                field.required = false;
            }
        }
    }
}

/// Turns aliases that contain themselves through arrays or maps (`Root = Vec<Root>`) into
/// newtypes: a type alias cannot refer to itself, a struct can.
fn newtype_recursive_aliases(types: &mut BTreeMap<RustName, TypeDef>) {
    let graph = edges(types, |def| match &def.kind {
        TypeKind::Alias(ty) => mentioned(ty),
        _ => Vec::new(),
    });
    let component = components(&graph);
    let recursive: Vec<RustName> = types
        .iter()
        .filter(|(name, def)| match &def.kind {
            TypeKind::Alias(ty) => mentioned(ty)
                .iter()
                .any(|target| same_component(&component, target, name)),
            _ => false,
        })
        .map(|(name, _)| name.clone())
        .collect();
    for name in recursive {
        if let Some(def) = types.get_mut(&name) {
            if let TypeKind::Alias(ty) = &def.kind {
                def.kind = TypeKind::Newtype(ty.clone());
            }
        }
    }
}

/// Boxes the fields and variants that make a type contain itself by value: those whose
/// target lies in the type's own strongly connected component of the by-value graph.
fn mark_recursive_boxes(types: &mut BTreeMap<RustName, TypeDef>) {
    let component = components(&edges(types, by_value_targets));
    for (name, def) in types.iter_mut() {
        let in_cycle =
            |ty: &TypeRef| named(ty).is_some_and(|t| same_component(&component, &t, name));
        match &mut def.kind {
            TypeKind::Struct(st) => st.fields.iter_mut().for_each(|f| f.boxed = in_cycle(&f.ty)),
            TypeKind::Union(union) => union
                .variants
                .iter_mut()
                .for_each(|v| v.boxed = in_cycle(&v.ty)),
            _ => {}
        }
    }
}

/// Boxes by-value fields and variants wherever types would otherwise nest deeper than
/// [`MAX_BY_VALUE_DEPTH`]. Types are visited deepest first; a type whose by-value contents
/// are too deep boxes the deepest of them.
fn bound_nesting(types: &mut BTreeMap<RustName, TypeDef>) {
    let mut depth: BTreeMap<RustName, usize> = BTreeMap::new();
    let mut in_progress: BTreeSet<RustName> = BTreeSet::new();
    let names: Vec<RustName> = types.keys().cloned().collect();
    for root in names {
        let mut stack = vec![(root, false)];
        while let Some((name, expanded)) = stack.pop() {
            if depth.contains_key(&name) || (!expanded && in_progress.contains(&name)) {
                continue;
            }
            let Some(def) = types.get(&name) else {
                continue;
            };
            if !expanded {
                in_progress.insert(name.clone());
                let targets = unboxed_targets(def);
                stack.push((name, true));
                stack.extend(targets.into_iter().map(|t| (t, false)));
                continue;
            }
            let deepest = |def: &TypeDef| {
                unboxed_targets(def)
                    .iter()
                    .map(|t| depth.get(t).copied().unwrap_or(0))
                    .max()
                    .unwrap_or(0)
            };
            let mut own = deepest(def);
            if own >= MAX_BY_VALUE_DEPTH {
                let def = types.get_mut(&name).expect("a type of the map");
                box_deep_targets(def, &depth);
                own = deepest(def);
            }
            in_progress.remove(&name);
            depth.insert(name, own + 1);
        }
    }
}

/// The named types a type holds by value and not boxed.
fn unboxed_targets(def: &TypeDef) -> Vec<RustName> {
    match &def.kind {
        TypeKind::Struct(st) => st
            .fields
            .iter()
            .filter(|f| !f.boxed)
            .filter_map(|f| named(&f.ty))
            .collect(),
        TypeKind::Union(union) => union
            .variants
            .iter()
            .filter(|v| !v.boxed)
            .filter_map(|v| named(&v.ty))
            .collect(),
        TypeKind::Alias(ty) | TypeKind::Newtype(ty) => named(ty).into_iter().collect(),
        TypeKind::Enum(_) => Vec::new(),
    }
}

/// Boxes every by-value field or variant of `def` whose target is as deep as the limit.
fn box_deep_targets(def: &mut TypeDef, depth: &BTreeMap<RustName, usize>) {
    let too_deep = |ty: &TypeRef| {
        named(ty).is_some_and(|t| depth.get(&t).copied().unwrap_or(0) >= MAX_BY_VALUE_DEPTH)
    };
    match &mut def.kind {
        TypeKind::Struct(st) => st
            .fields
            .iter_mut()
            .filter(|f| too_deep(&f.ty))
            .for_each(|f| f.boxed = true),
        TypeKind::Union(union) => union
            .variants
            .iter_mut()
            .filter(|v| too_deep(&v.ty))
            .for_each(|v| v.boxed = true),
        // An alias or newtype of a deep type is as deep as it; the structs holding it box it.
        _ => {}
    }
}

/// Marks the structs and newtypes that can derive `Default`: those whose required fields
/// all have a default, found as the greatest fixed point.
fn mark_defaults(types: &mut BTreeMap<RustName, TypeDef>) {
    let mut yes: BTreeSet<RustName> = types
        .iter()
        .filter(|(_, d)| matches!(d.kind, TypeKind::Struct(_) | TypeKind::Newtype(_)))
        .map(|(n, _)| n.clone())
        .collect();
    loop {
        let snapshot = yes.clone();
        yes.retain(|name| match &types[name].kind {
            TypeKind::Struct(st) => st
                .fields
                .iter()
                .filter(|f| f.required && !f.nullable)
                .all(|f| has_default(&f.ty, types, &snapshot)),
            TypeKind::Newtype(ty) => has_default(ty, types, &snapshot),
            _ => false,
        });
        if yes.len() == snapshot.len() {
            break;
        }
    }
    for (name, def) in types.iter_mut() {
        def.derives_default = yes.contains(name);
    }
}

/// Whether a type reference has a `Default`, looking through aliases.
fn has_default(
    ty: &TypeRef,
    types: &BTreeMap<RustName, TypeDef>,
    yes: &BTreeSet<RustName>,
) -> bool {
    let mut current = ty;
    for _ in 0..CHAIN_LIMIT {
        match current {
            TypeRef::Named(name) => match types.get(name).map(|d| &d.kind) {
                Some(TypeKind::Alias(inner)) => current = inner,
                _ => return yes.contains(name),
            },
            _ => return true,
        }
    }
    false
}

/// What an operation's `send` returns.
fn output(op: &Operation) -> Output {
    let successes: Vec<&super::Response> = op
        .responses
        .iter()
        .filter(|r| r.status.is_success())
        .collect();
    let paged = (op.http_method == "GET")
        .then(|| {
            successes.iter().find_map(|r| match &r.body {
                Some((BodyMedia::Json, TypeRef::Array(item))) => Some((**item).clone()),
                _ => None,
            })
        })
        .flatten();
    if let Some(item) = paged {
        return Output::Paged { item };
    }
    // A body read as it arrives cannot share an enum with bodies read whole.
    if let Some(streamed) = successes
        .iter()
        .find(|r| matches!(&r.body, Some((media, _)) if media.streams()))
    {
        return Output::Single(streamed.body.clone());
    }
    let mut distinct: Vec<&Option<(BodyMedia, TypeRef)>> = Vec::new();
    for response in &successes {
        if !distinct.contains(&&response.body) {
            distinct.push(&response.body);
        }
    }
    if distinct.len() <= 1 {
        return Output::Single(successes.iter().find_map(|r| r.body.clone()));
    }
    Output::ByStatus(
        successes
            .iter()
            .map(|r| (r.status, r.body.clone()))
            .collect(),
    )
}

/// The sequence a success response offers beside the JSON body `send` reads, for
/// `send_stream`.
fn stream_output(op: &Operation) -> Option<(BodyMedia, TypeRef)> {
    let reads_json = match &op.output {
        Output::Single(Some((media, _))) => *media == BodyMedia::Json,
        Output::Single(None) => false,
        Output::Paged { .. } | Output::ByStatus(_) => true,
    };
    reads_json
        .then(|| {
            op.responses
                .iter()
                .filter(|r| r.status.is_success())
                .find_map(|r| r.stream.clone())
        })
        .flatten()
}

/// The named type that every error response with a JSON body shares, if there is exactly one.
fn shared_error_type(operations: &[Operation]) -> Option<RustName> {
    let names: BTreeSet<&RustName> = operations
        .iter()
        .flat_map(|op| &op.responses)
        .filter(|r| !r.status.is_success())
        .filter_map(|r| match &r.body {
            Some((BodyMedia::Json, TypeRef::Named(name))) => Some(name),
            _ => None,
        })
        .collect();
    match names.len() {
        1 => names.into_iter().next().cloned(),
        _ => None,
    }
}

/// The success statuses an operation documents exactly, for the mock kit's default answer.
pub fn first_success_status(op: &Operation) -> u16 {
    op.responses
        .iter()
        .filter(|r| r.status.is_success())
        .find_map(|r| match r.status {
            StatusCode::Exact(code) => Some(code),
            _ => None,
        })
        .unwrap_or(200)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::Primitive;
    use crate::options::Options;

    /// Lowers (and so analyzes) a spec given as components and paths in YAML.
    fn api(schemas: &str, paths: &str) -> Api {
        let text = format!(
            "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n{paths}\ncomponents:\n  schemas:\n{schemas}"
        );
        let (api, _) = crate::pipeline::parse(&text, &Options::default()).expect("the spec lowers");
        api
    }

    fn fields(api: &Api, name: &str) -> Vec<(String, bool)> {
        match &api.types[name].kind {
            TypeKind::Struct(st) => st
                .fields
                .iter()
                .map(|f| (f.rust_name.to_string(), f.boxed))
                .collect(),
            other => panic!("{name} is {other:?}"),
        }
    }

    #[test]
    fn the_table_of_formats_reads_every_format() {
        // `uint64` was `i64` on one path and `u64` on the other; `float` was `f32`.
        let props = "{when: {type: string, format: date-time}, day: {type: string, format: date}, file: {type: string, format: binary}, small: {type: integer, format: int32}, big: {type: integer, format: uint64}, ratio: {type: number, format: float}, flag: {type: boolean}, name: {type: string, format: email}}";
        let api = api(
            &format!("    Typed: {{type: object, properties: {props}}}\n"),
            "  {}",
        );
        let types = |name: &str| match &api.types[name].kind {
            TypeKind::Struct(st) => st.fields.iter().map(|f| f.ty.clone()).collect::<Vec<_>>(),
            other => panic!("{name} is {other:?}"),
        };
        let primitive = TypeRef::Primitive;
        let want = vec![
            primitive(Primitive::DateTime),
            primitive(Primitive::Date),
            primitive(Primitive::Bytes),
            primitive(Primitive::I32),
            primitive(Primitive::U64),
            primitive(Primitive::F64),
            primitive(Primitive::Boolean),
            primitive(Primitive::String),
        ];
        assert_eq!(types("Typed"), want);
    }

    #[test]
    fn a_response_with_json_and_events_sends_json_and_streams_events() {
        let paths = "  /chat:\n    post:\n      operationId: chat\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json: {schema: {$ref: '#/components/schemas/A'}}\n            text/event-stream: {schema: {$ref: '#/components/schemas/B'}}\n  /lines:\n    get:\n      operationId: lines\n      responses:\n        '200':\n          description: ok\n          content:\n            application/x-ndjson: {schema: {type: array, items: {$ref: '#/components/schemas/B'}}}\n";
        let api = api("    A: {type: object}\n    B: {type: object}\n", paths);
        let named = |name: &str| TypeRef::Named(crate::ident::camel(name));
        let chat = &api.operations[0];
        assert_eq!(
            chat.output,
            Output::Single(Some((BodyMedia::Json, named("A"))))
        );
        assert_eq!(chat.stream, Some((BodyMedia::Events, named("B"))));
        let lines = &api.operations[1];
        assert_eq!(
            lines.output,
            Output::Single(Some((BodyMedia::JsonLines, named("B"))))
        );
        assert_eq!(lines.stream, None);
        let uses = crate::ir::StreamUse::of(&api.operations);
        assert!(uses.events && uses.sequences && uses.downloads && !uses.uploads);
    }

    #[test]
    fn only_fields_that_lead_back_are_boxed() {
        let api = api(
            "    A: {type: object, properties: {b: {$ref: '#/components/schemas/B'}, c: {$ref: '#/components/schemas/C'}}}\n    B: {type: object, properties: {a: {$ref: '#/components/schemas/A'}}}\n    C: {type: object, properties: {x: {type: string}}}\n",
            "  {}",
        );
        assert_eq!(
            fields(&api, "A"),
            [("b".to_string(), true), ("c".to_string(), false)]
        );
        assert_eq!(fields(&api, "B"), [("a".to_string(), true)]);
    }

    #[test]
    fn aliases_that_contain_themselves_become_newtypes() {
        let api = api("    Root: {type: array, items: {$ref: '#/components/schemas/Root'}}\n    Flat: {type: array, items: {type: string}}\n", "  {}");
        assert!(matches!(api.types["Root"].kind, TypeKind::Newtype(_)));
        assert!(matches!(api.types["Flat"].kind, TypeKind::Alias(_)));
        assert!(api.types["Root"].derives_default);
    }

    #[test]
    fn long_chains_by_value_are_cut_by_a_box() {
        let chain: String = (0..40)
            .map(|i| format!("    T{i}: {{type: object, properties: {{next: {{$ref: '#/components/schemas/T{}'}}}}}}\n", i + 1))
            .chain(std::iter::once("    T40: {type: object, properties: {end: {type: boolean}}}\n".to_string()))
            .collect();
        let api = api(&chain, "  {}");
        let boxed: Vec<&RustName> = api
            .types
            .iter()
            .filter(|(name, _)| fields(&api, name).iter().any(|(_, boxed)| *boxed))
            .map(|(name, _)| name)
            .collect();
        assert_eq!(boxed.len(), 1, "one box cuts a chain of 41: {boxed:?}");
    }

    #[test]
    fn defaults_follow_required_fields() {
        let api = api(
            "    Opt: {type: object, properties: {x: {type: string}}}\n    Req: {type: object, required: [e], properties: {e: {$ref: '#/components/schemas/E'}}}\n    E: {type: string, enum: [a]}\n    ReqOpt: {type: object, required: [o], properties: {o: {$ref: '#/components/schemas/Opt'}}}\n",
            "  {}",
        );
        assert!(api.types["Opt"].derives_default);
        assert!(!api.types["Req"].derives_default, "an enum has no default");
        assert!(api.types["ReqOpt"].derives_default);
    }

    #[test]
    fn outputs_and_the_shared_error_type_are_derived_from_responses() {
        let paths = "  /a:\n    get:\n      operationId: list\n      responses:\n        '200': {description: ok, content: {application/json: {schema: {type: array, items: {type: string}}}}}\n        '404': {description: no, content: {application/json: {schema: {$ref: '#/components/schemas/Err'}}}}\n    post:\n      operationId: create\n      responses:\n        '200': {description: ok, content: {application/json: {schema: {type: string}}}}\n        '202': {description: later}\n        '400': {description: bad, content: {application/json: {schema: {$ref: '#/components/schemas/Err'}}}}\n    put:\n      operationId: replace\n      responses:\n        '200': {description: ok, content: {application/json: {schema: {type: array, items: {type: string}}}}}\n";
        let api = api(
            "    Err: {type: object, properties: {message: {type: string}}}\n",
            paths,
        );
        let output = |id: &str| {
            api.operations
                .iter()
                .find(|op| op.id == id)
                .unwrap()
                .output
                .clone()
        };
        assert!(matches!(output("list"), Output::Paged { .. }));
        assert!(matches!(output("create"), Output::ByStatus(ref s) if s.len() == 2));
        assert!(
            matches!(output("replace"), Output::Single(Some(_))),
            "only a GET pages"
        );
        assert_eq!(api.error_type.as_deref(), Some("Err"));
    }
}
