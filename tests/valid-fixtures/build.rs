//! Generates the client of every spec in `tests/fixtures/valid` into `OUT_DIR`, one module
//! each, and a `fixtures.rs` that includes them all, so that `cargo test` compiles them.

use std::path::{Path, PathBuf};

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures/valid");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut specs: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("tests/fixtures/valid exists")
        .map(|entry| entry.expect("a readable entry").path())
        .collect();
    specs.sort();
    let mut modules = String::new();
    for spec in specs {
        println!("cargo:rerun-if-changed={}", spec.display());
        let stem = spec
            .file_stem()
            .and_then(|s| s.to_str())
            .expect("a UTF-8 name");
        let module = stem.replace('-', "_");
        let text = std::fs::read_to_string(&spec).expect("a readable spec");
        // The streams' fixture carries its mock kit, to show it answers with streams.
        let options = oas_codegen::Options {
            crate_name: module.clone(),
            mock_kit: (module == "events").then(|| "all()".to_string()),
            ..Default::default()
        };
        let label = Path::new("tests/fixtures/valid").join(spec.file_name().unwrap());
        // Warnings are expected (these specs collide with reserved names on purpose); the
        // generate_module entry does not print them as cargo warnings.
        let (code, _warnings) =
            oas_codegen::generate_module(&text, &label, &options, "cargo build")
                .unwrap_or_else(|err| panic!("{} does not generate:\n{err}", spec.display()));
        oas_codegen::write_if_changed(&out.join(format!("{module}.rs")), &code)
            .expect("OUT_DIR is writable");
        modules.push_str(&format!(
            "pub mod {module} {{\n    include!(concat!(env!(\"OUT_DIR\"), \"/{module}.rs\"));\n}}\n"
        ));
    }
    // A subset of the Okta spec: five operations and only the types they reach.
    let okta = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../spec/okta.yaml");
    println!("cargo:rerun-if-changed={}", okta.display());
    let text = std::fs::read_to_string(&okta).expect("spec/okta.yaml is readable");
    let options = oas_codegen::Options {
        crate_name: "okta_subset".to_string(),
        subset: oas_codegen::Subset {
            operations: [
                "getUser",
                "listUsers",
                "createUser",
                "deactivateUser",
                "getCurrentConfiguration",
            ]
            .map(String::from)
            .to_vec(),
            ..Default::default()
        },
        ..Default::default()
    };
    let (code, _) =
        oas_codegen::generate_module(&text, Path::new("spec/okta.yaml"), &options, "cargo build")
            .unwrap_or_else(|err| panic!("the Okta subset does not generate:\n{err}"));
    oas_codegen::write_if_changed(&out.join("okta_subset.rs"), &code).expect("OUT_DIR is writable");
    modules.push_str("pub mod okta_subset {\n    include!(concat!(env!(\"OUT_DIR\"), \"/okta_subset.rs\"));\n}\n");
    // Okta's types alone: the include! form of `--types-only`, which names serde, serde_json
    // and chrono itself.
    let options = oas_codegen::Options {
        crate_name: "okta_types".to_string(),
        types_only: true,
        ..Default::default()
    };
    let (code, _) =
        oas_codegen::generate_module(&text, Path::new("spec/okta.yaml"), &options, "cargo build")
            .unwrap_or_else(|err| panic!("Okta's types do not generate:\n{err}"));
    oas_codegen::write_if_changed(&out.join("okta_types.rs"), &code).expect("OUT_DIR is writable");
    modules.push_str(
        "pub mod okta_types {\n    include!(concat!(env!(\"OUT_DIR\"), \"/okta_types.rs\"));\n}\n",
    );
    // The list of modules is this script's own file, not the generator's: written directly.
    let list = out.join("fixtures.rs");
    if std::fs::read_to_string(&list).ok().as_deref() != Some(modules.as_str()) {
        std::fs::write(&list, &modules).expect("OUT_DIR is writable");
    }
}
