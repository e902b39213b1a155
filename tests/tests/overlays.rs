//! OpenAPI Overlay 1.0: each action kind changes what is generated as the overlay says, and a
//! realistic overlay fixes a corpus spec's mistake so that its warning disappears.

use oas_codegen::ir::{Api, EnumValues, TypeKind};
use oas_codegen::{pipeline, Options, Overlay};
use oas_codegen_tests::workspace;
use std::path::Path;

/// The fixture `tests/fixtures/overlays/<name>`.
fn fixture(name: &str) -> std::path::PathBuf {
    workspace().join("tests/fixtures/overlays").join(name)
}

/// The IR and the rendered warnings of a spec with overlays.
fn lower(spec: &Path, overlays: &[&str]) -> (Api, String) {
    let text = std::fs::read_to_string(spec).unwrap();
    let overlays = overlays
        .iter()
        .map(|name| Overlay::read(fixture(name)).unwrap())
        .collect();
    let options = Options {
        overlays,
        ..Options::default()
    };
    let (api, warnings) = pipeline::parse(&text, &options).unwrap_or_else(|err| panic!("{err}"));
    (api, warnings.to_string())
}

#[test]
fn update_merges_into_the_selected_objects() {
    let (before, _) = lower(&fixture("base.yaml"), &[]);
    let (after, warnings) = lower(&fixture("base.yaml"), &["update.overlay.yaml"]);
    assert!(warnings.is_empty(), "{warnings}");
    let op = |api: &Api| {
        api.operations
            .iter()
            .find(|op| op.id == "listPets")
            .unwrap()
            .summary
            .clone()
    };
    assert_eq!(op(&before), None);
    assert_eq!(op(&after).as_deref(), Some("Lists every pet."));
    let TypeKind::Struct(pet) = &after.types["Pet"].kind else {
        panic!()
    };
    let fields: Vec<(&str, bool)> = pet
        .fields
        .iter()
        .map(|f| (f.json_name.as_str(), f.required))
        .collect();
    assert_eq!(fields, [("name", true), ("kind", false), ("age", false)]);
}

#[test]
fn remove_drops_the_selected_nodes() {
    let (after, _) = lower(&fixture("base.yaml"), &["remove.overlay.yaml"]);
    let ids: Vec<&str> = after.operations.iter().map(|op| op.id.as_str()).collect();
    assert_eq!(ids, ["listPets"]);
}

#[test]
fn update_appends_to_a_selected_array() {
    let (after, _) = lower(&fixture("base.yaml"), &["append.overlay.yaml"]);
    let TypeKind::Enum(EnumValues::String(values)) = &after.types["Kind"].kind else {
        panic!()
    };
    let values: Vec<&str> = values.iter().map(|(value, _)| value.as_str()).collect();
    assert_eq!(values, ["cat", "dog", "bird"]);
}

#[test]
fn overlays_apply_in_order() {
    let (after, _) = lower(
        &fixture("base.yaml"),
        &["remove.overlay.yaml", "update.overlay.yaml"],
    );
    assert_eq!(after.operations.len(), 1);
    assert!(after.operations[0].summary.is_some());
}

#[test]
fn an_overlay_fixes_a_vendor_mistake_and_its_warning_disappears() {
    let spec = workspace().join("../shared/corpus/added/coolify-31.json");
    if !spec.exists() {
        eprintln!(
            "skipped: {} is absent (a clone without ../shared beside it)",
            spec.display()
        );
        return;
    }
    let (_, without) = lower(&spec, &[]);
    assert_eq!(
        without
            .matches("warning[undeclared-path-parameter]")
            .count(),
        4,
        "{without}"
    );
    let (api, with) = lower(&spec, &["coolify-31.overlay.yaml"]);
    assert!(!with.contains("undeclared-path-parameter"), "{with}");
    let patch = api
        .operations
        .iter()
        .find(|op| op.path == "/projects/{uuid}" && op.http_method == "PATCH")
        .unwrap();
    assert_eq!(patch.params.iter().filter(|p| p.name == "uuid").count(), 1);
}
