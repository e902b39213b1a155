//! Every entry of the diagnostics catalogue has a fixture, `tests/fixtures/diagnostics/<code>.yaml`,
//! that produces it; each fixture's rendered output (file, JSON pointer, line and column
//! where known, and a hint) is pinned.

use oas_codegen::diagnostics::{Diagnostics, Severity, CATALOGUE};
use oas_codegen::{generate_crate, GenerateError, Options};
use oas_codegen_tests::workspace;
use std::path::Path;

/// What generating a fixture reports: its errors, or its warnings when it succeeds.
fn report(file: &str) -> Diagnostics {
    let path = workspace().join("tests/fixtures/diagnostics").join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    let label = Path::new("tests/fixtures/diagnostics").join(file);
    // A fixture of an overlay's diagnostic has its overlay beside it: `<code>.overlay.yaml`.
    let overlay_file = file.replace(".yaml", ".overlay.yaml");
    let overlays = match std::fs::read_to_string(path.with_file_name(&overlay_file)) {
        Ok(text) => vec![oas_codegen::Overlay {
            path: Path::new("tests/fixtures/diagnostics").join(&overlay_file),
            text,
        }],
        Err(_) => Vec::new(),
    };
    // The subset's own diagnostic needs a subset, which a spec cannot carry.
    let subset = match file {
        "subset-names-nothing.yaml" => oas_codegen::Subset {
            tags: vec!["Userz".to_string()],
            ..Default::default()
        },
        _ => oas_codegen::Subset::default(),
    };
    let options = Options {
        overlays,
        subset,
        ..Options::default()
    };
    match generate_crate(&text, &label, &options, "oas-codegen generate") {
        Ok(generated) => generated.warnings,
        Err(GenerateError::Spec(diagnostics)) => diagnostics,
        Err(other) => panic!("{file}: expected diagnostics, got {other}"),
    }
}

/// The fixtures, by file name.
fn fixtures() -> Vec<String> {
    let mut files: Vec<String> = std::fs::read_dir(workspace().join("tests/fixtures/diagnostics"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|name| !name.ends_with(".overlay.yaml"))
        .collect();
    files.sort();
    files
}

#[test]
fn every_catalogue_entry_has_a_fixture_that_produces_it() {
    let files = fixtures();
    for entry in CATALOGUE {
        let file = format!("{}.yaml", entry.code);
        assert!(
            files.contains(&file),
            "no fixture tests/fixtures/diagnostics/{file}"
        );
    }
    for file in &files {
        let code = file.trim_end_matches(".yaml");
        let entry = CATALOGUE.iter().find(|e| e.code == code);
        assert!(entry.is_some(), "{file} is named after no catalogue entry");
        let diagnostics = report(file);
        let produced = diagnostics.sorted();
        let found = produced.iter().find(|d| d.code == code);
        let found =
            found.unwrap_or_else(|| panic!("{file} does not produce `{code}`:\n{diagnostics}"));
        assert_eq!(found.severity, entry.unwrap().severity, "{file}");
        // An error stops generation; a warning or a note is all that its fixture reports
        // besides, so the spec still generates.
        assert_eq!(
            diagnostics.has_errors(),
            found.severity == Severity::Error,
            "{file} shows `{code}` alone:\n{diagnostics}"
        );
    }
}

#[test]
fn every_fixture_is_rendered_with_its_place_and_a_hint() {
    for file in fixtures() {
        let rendered = report(&file).to_string();
        assert!(
            rendered.contains(&format!(
                "tests/fixtures/diagnostics/{}",
                file.trim_end_matches(".yaml")
            )),
            "{file} names its file:\n{rendered}"
        );
        assert!(
            rendered.contains("hint:"),
            "{file} gives a hint:\n{rendered}"
        );
        insta::assert_snapshot!(file.trim_end_matches(".yaml").to_string(), rendered);
    }
}
