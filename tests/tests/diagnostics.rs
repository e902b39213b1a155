//! Invalid specs get diagnostics a user can act on: the file, the JSON pointer, the line and
//! column where known, and a hint. Each fixture's rendered output is pinned.

use oas_codegen::{generate_crate, GenerateError, Options};
use oas_codegen_tests::workspace;
use std::path::Path;

/// Renders what generating a fixture reports: its errors, or its warnings when it succeeds.
fn render(file: &str) -> (bool, String) {
    let path = workspace().join("tests/fixtures/invalid").join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    let label = Path::new("tests/fixtures/invalid").join(file);
    match generate_crate(&text, &label, &Options::default(), "oas-codegen generate") {
        Ok(generated) => (true, generated.warnings.to_string()),
        Err(err @ GenerateError::Spec(_)) => (false, err.to_string()),
        Err(other) => panic!("{file}: expected diagnostics, got {other}"),
    }
}

#[test]
fn every_invalid_fixture_is_reported_and_pinned() {
    let dir = workspace().join("tests/fixtures/invalid");
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    files.sort();
    assert!(files.len() >= 10, "{files:?}");
    for file in files {
        let (ok, rendered) = render(&file);
        // A name collision is resolved with a warning, so that real specs such as Ory
        // Kratos (`NullTime` and `nullTime`) still generate; everything else is an error.
        assert_eq!(ok, file == "name-collision.yaml", "{file}:\n{rendered}");
        assert!(
            rendered.contains(&format!("tests/fixtures/invalid/{file}")),
            "{file} names its file:\n{rendered}"
        );
        assert!(
            rendered.contains("hint:"),
            "{file} gives a hint:\n{rendered}"
        );
        let name = file.trim_end_matches(".yaml").to_string();
        insta::assert_snapshot!(name, rendered);
    }
}
