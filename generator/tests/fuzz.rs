//! Property tests: arbitrary and mutated specs never make the generator panic, and whatever
//! it emits parses as Rust (emission parses every file; an `Internal` error means it did not).
//!
//! `FUZZ_CASES` sets how many cases each property runs (default 64, enough for CI); a longer
//! run is `FUZZ_CASES=5000 cargo test --release -p oas-codegen --test fuzz`.

use oas_codegen::{generate_crate, GenerateError, Options};
use proptest::prelude::*;
use serde_json::{json, Value};
use std::path::Path;

fn cases() -> u32 {
    std::env::var("FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(64)
}

/// Generates from text and fails the property on a panic or on code that does not parse.
fn generates_or_reports(text: &str) -> Result<(), TestCaseError> {
    // `FUZZ_DUMP=FILE` keeps the case being run, so that one that aborts the process (a stack
    // overflow cannot be caught) can be read back.
    if let Some(path) = std::env::var_os("FUZZ_DUMP") {
        std::fs::write(path, text).ok();
    }
    let result = std::panic::catch_unwind(|| {
        generate_crate(text, Path::new("fuzz.yaml"), &Options::default(), "fuzz")
    });
    match result {
        Err(_) => Err(TestCaseError::fail("the generator panicked")),
        Ok(Err(GenerateError::Internal(message))) => Err(TestCaseError::fail(format!(
            "emitted code does not parse: {message}"
        ))),
        Ok(_) => Ok(()),
    }
}

/// The Okta spec, whose lines the mutations work on.
fn okta_lines() -> Vec<String> {
    let text =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/okta.yaml"))
            .unwrap();
    text.lines().map(str::to_string).collect()
}

/// One edit of a spec's lines.
#[derive(Debug, Clone)]
enum Mutation {
    Delete(usize, usize),
    Duplicate(usize),
    ReplaceValue(usize, &'static str),
    Dedent(usize),
}

/// Values that stress the parser where a scalar was.
const VALUES: &[&str] = &[
    "{}",
    "[]",
    "null",
    "~",
    "-1",
    "1e999",
    "123456789012345678901234567890",
    "''",
    "\"#/components/schemas/Nope\"",
    "object",
    "array",
    "string",
    "integer",
    "true",
    "\"{userId}\"",
    "[a, b]",
    "{type: object}",
    "*anchor",
    "!!binary AAAA",
];

fn mutation(lines: usize) -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (0..lines, 1..40usize).prop_map(|(at, len)| Mutation::Delete(at, len)),
        (0..lines).prop_map(Mutation::Duplicate),
        (0..lines, prop::sample::select(VALUES))
            .prop_map(|(at, value)| Mutation::ReplaceValue(at, value)),
        (0..lines).prop_map(Mutation::Dedent),
    ]
}

fn apply(lines: &mut Vec<String>, mutation: &Mutation) {
    match *mutation {
        Mutation::Delete(at, len) => {
            let end = (at + len).min(lines.len());
            lines.drain(at.min(end)..end);
        }
        Mutation::Duplicate(at) if at < lines.len() => {
            let line = lines[at].clone();
            lines.insert(at, line);
        }
        Mutation::ReplaceValue(at, value) if at < lines.len() => {
            if let Some((key, _)) = lines[at].split_once(": ") {
                lines[at] = format!("{key}: {value}");
            }
        }
        Mutation::Dedent(at) if at < lines.len() => {
            lines[at] = lines[at].trim_start().to_string();
        }
        _ => {}
    }
}

/// A random schema, nested a few levels.
fn schema() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(json!({"type": "string"})),
        Just(json!({"type": "string", "format": "date-time", "nullable": true})),
        Just(json!({"type": "integer", "format": "int64", "minimum": 1e30})),
        Just(json!({"type": "number"})),
        Just(json!({"type": "boolean"})),
        Just(json!({"type": "string", "enum": ["a", "B", "b", "", "self", "1x", null]})),
        Just(json!({"type": "integer", "enum": [1, -2, 3]})),
        Just(json!({"$ref": "#/components/schemas/S0"})),
        Just(json!({"$ref": "#/components/schemas/S1/properties/p0"})),
        Just(json!({})),
        Just(json!({"not": {"type": "string"}})),
    ];
    leaf.prop_recursive(4, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(|props| {
                let properties: serde_json::Map<String, Value> = props
                    .into_iter()
                    .enumerate()
                    .map(|(i, p)| (format!("p{i}"), p))
                    .collect();
                let required: Vec<Value> = properties.keys().take(1).map(|k| json!(k)).collect();
                json!({"type": "object", "properties": properties, "required": required})
            }),
            inner
                .clone()
                .prop_map(|items| json!({"type": "array", "items": items})),
            inner
                .clone()
                .prop_map(|value| json!({"type": "object", "additionalProperties": value})),
            prop::collection::vec(inner.clone(), 1..4).prop_map(|parts| json!({"allOf": parts})),
            prop::collection::vec(inner.clone(), 1..4).prop_map(|parts| json!({"oneOf": parts})),
            prop::collection::vec(inner, 1..4).prop_map(
                |parts| json!({"anyOf": parts, "discriminator": {"propertyName": "kind"}})
            ),
        ]
    })
}

/// A random spec: a few schemas and operations that use them.
fn spec() -> impl Strategy<Value = Value> {
    (prop::collection::vec(schema(), 1..5), prop::collection::vec((schema(), schema(), 0..6usize), 1..5), any::<bool>()).prop_map(
        |(schemas, ops, v31)| {
            let schemas: serde_json::Map<String, Value> = schemas.into_iter().enumerate().map(|(i, s)| (format!("S{i}"), s)).collect();
            let methods = ["get", "post", "put", "delete", "patch", "get"];
            let mut paths = serde_json::Map::new();
            for (i, (body, response, method)) in ops.into_iter().enumerate() {
                let op = json!({
                    "parameters": [
                        {"name": "id", "in": "path", "required": true, "schema": {"type": "string"}},
                        {"name": "filter", "in": "query", "style": "deepObject", "schema": body.clone()},
                        {"name": "X-Trace", "in": "header", "schema": {"type": "string"}}
                    ],
                    "requestBody": {"content": {"application/json": {"schema": body}, "multipart/form-data": {"schema": {"type": "object"}}}},
                    "responses": {
                        "200": {"description": "ok", "content": {"application/json": {"schema": response}}},
                        "201": {"description": "created", "content": {"text/plain": {"schema": {"type": "string"}}}},
                        "default": {"description": "error", "content": {"application/problem+json": {"schema": {"type": "object"}}}}
                    }
                });
                paths.insert(format!("/things{i}/{{id}}"), json!({ methods[method]: op }));
            }
            json!({
                "openapi": if v31 { "3.1.0" } else { "3.0.3" },
                "info": {"title": "Fuzz", "version": "1"},
                "paths": paths,
                "components": {"schemas": schemas}
            })
        },
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn mutated_okta_specs_never_panic(mutations in prop::collection::vec(mutation(3800), 1..6)) {
        let mut lines = okta_lines();
        for m in &mutations {
            apply(&mut lines, m);
        }
        generates_or_reports(&lines.join("\n"))?;
    }

    #[test]
    fn generated_specs_never_panic(spec in spec()) {
        generates_or_reports(&serde_json::to_string(&spec).unwrap())?;
    }
}

/// Crashers the long runs found, kept as regressions: compositions that contain themselves
/// through a property, through `additionalProperties`, and through `allOf` twice over.
#[test]
fn recursive_compositions_found_by_fuzzing_are_reported() {
    let specs = [
        json!({"S0": {"type": "object", "required": ["p0"], "properties": {"p0": {"allOf": [{"type": "string"}, {"type": "string", "enum": ["a"]}, {"$ref": "#/components/schemas/S0"}]}}}}),
        json!({"S0": {"type": "object", "additionalProperties": {"allOf": [{"type": "number"}, {"type": "string", "enum": ["a"]}, {"$ref": "#/components/schemas/S0"}]}}}),
        json!({"S0": {"allOf": [{"$ref": "#/components/schemas/S0"}, {"$ref": "#/components/schemas/S0"}]}}),
        json!({"A": {"allOf": [{"$ref": "#/components/schemas/B"}]}, "B": {"oneOf": [{"$ref": "#/components/schemas/A"}]}}),
    ];
    for schemas in specs {
        let spec = json!({"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {}, "components": {"schemas": schemas}});
        generates_or_reports(&spec.to_string()).unwrap();
    }
}

/// A sample of generated specs, always the same (a fixed seed), generated into crates and
/// checked by cargo in one throwaway workspace: emitted code that parses must also compile.
/// `FUZZ_COMPILE` sets how many (default 6); the dependencies are shared with `.ci/corpus`
/// through `target/corpus-target`.
#[test]
fn a_sample_of_generated_specs_compiles() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::{RngAlgorithm, TestRng, TestRunner};
    let count: usize = std::env::var("FUZZ_COMPILE")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(6);
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target");
    let workspace = root.join("fuzz-sample-ws");
    let _ = std::fs::remove_dir_all(&workspace);
    let rng = TestRng::from_seed(RngAlgorithm::ChaCha, &[7; 32]);
    let mut runner = TestRunner::new_with_rng(ProptestConfig::default(), rng);
    let mut members = Vec::new();
    for index in 0..count {
        let spec = spec().new_tree(&mut runner).expect("a spec").current();
        let text = serde_json::to_string_pretty(&spec).unwrap();
        let name = format!("fuzz-{index}");
        let options = Options {
            crate_name: name.clone(),
            ..Options::default()
        };
        let generated = generate_crate(&text, Path::new("fuzz.json"), &options, "fuzz")
            .unwrap_or_else(|err| panic!("sample {index} does not generate:\n{err}\n{text}"));
        let dir = workspace.join(&name);
        for (path, contents) in &generated.files {
            let file = dir.join(path);
            std::fs::create_dir_all(file.parent().unwrap()).unwrap();
            std::fs::write(file, contents).unwrap();
        }
        std::fs::write(dir.join("spec.json"), &text).unwrap();
        members.push(format!("\"{name}\""));
    }
    let manifest = format!(
        "[workspace]\nresolver = \"2\"\nmembers = [{}]\n",
        members.join(", ")
    );
    std::fs::write(workspace.join("Cargo.toml"), manifest).unwrap();
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
    let output = std::process::Command::new(cargo)
        .args([
            "check",
            "--workspace",
            "--all-features",
            "--quiet",
            "--target-dir",
        ])
        .arg(root.join("corpus-target"))
        .current_dir(&workspace)
        .env_remove("RUSTFLAGS")
        .output()
        .expect("cargo runs");
    assert!(
        output.status.success(),
        "a generated sample does not compile (its spec is beside it in {}):\n{}",
        workspace.display(),
        String::from_utf8_lossy(&output.stderr)
    );
}
