//! The IR of the valid fixtures whose shape is the point (recursion and every cycle shape,
//! unions, names that collide with the generated code's), pinned with insta. The code they
//! generate is compiled, warnings denied, by the `valid-fixtures` crate.

use oas_codegen::ir::{Api, TypeKind};
use oas_codegen::{pipeline, Options};
use oas_codegen_tests::workspace;

/// The IR of a fixture.
fn lower(name: &str) -> Api {
    let path = workspace().join("tests/fixtures/valid").join(name);
    let text = std::fs::read_to_string(&path).unwrap();
    let (api, warnings) = pipeline::parse(&text, &Options::default())
        .unwrap_or_else(|err| panic!("{name} does not lower:\n{err}"));
    assert!(!warnings.has_errors());
    api
}

/// The IR of a fixture, its types and operations, as `{:#?}`.
fn ir(name: &str) -> String {
    let api = lower(name);
    format!("{:#?}\n{:#?}", api.types, api.operations)
}

/// One line per type: its kind, and which fields and variants are boxed.
fn shapes(api: &Api) -> String {
    let mut out = String::new();
    for (name, def) in &api.types {
        let line = match &def.kind {
            TypeKind::Struct(st) => {
                let fields: Vec<String> = st
                    .fields
                    .iter()
                    .map(|f| format!("{}{}", f.rust_name, if f.boxed { " (boxed)" } else { "" }))
                    .collect();
                format!("struct {{ {} }}", fields.join(", "))
            }
            TypeKind::Union(union) => {
                let variants: Vec<String> = union
                    .variants
                    .iter()
                    .map(|v| format!("{}{}", v.name, if v.boxed { " (boxed)" } else { "" }))
                    .collect();
                format!("union {{ {} }}", variants.join(", "))
            }
            TypeKind::Newtype(ty) => format!("newtype({ty:?})"),
            TypeKind::Alias(ty) => format!("alias({ty:?})"),
            TypeKind::Enum(_) => "enum".to_string(),
        };
        let default = if def.derives_default { ", Default" } else { "" };
        out.push_str(&format!("{name}: {line}{default}\n"));
    }
    out
}

#[test]
fn every_valid_fixture_lowers_without_errors() {
    for entry in std::fs::read_dir(workspace().join("tests/fixtures/valid")).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        ir(&name);
    }
}

#[test]
fn recursion_is_boxed_newtyped_and_bounded() {
    insta::assert_snapshot!("recursion", shapes(&lower("recursion.yaml")));
}

#[test]
fn unions_keep_their_variants_and_tags() {
    insta::assert_snapshot!("unions", ir("unions.yaml"));
}

#[test]
fn names_that_collide_with_the_generated_code_are_renamed() {
    insta::assert_snapshot!("reserved_names", ir("reserved-names.yaml"));
}
