//! The shapes the fixtures exist for, decoded and encoded: recursion through every cycle
//! shape, unions with and without a discriminator, and enums that keep unknown values.

use serde_json::json;
use valid_fixtures::{enums, recursion, unions};

#[test]
fn recursive_aliases_are_newtypes_that_keep_their_json() {
    let value = json!([[], [[]], [[[]]]]);
    let root: recursion::models::Root = serde_json::from_value(value.clone()).unwrap();
    assert_eq!(root.0.len(), 3);
    assert_eq!(serde_json::to_value(&root).unwrap(), value);
    let forest = json!({"a": {"b": {}}, "c": {}});
    let decoded: recursion::models::Forest = serde_json::from_value(forest.clone()).unwrap();
    assert_eq!(serde_json::to_value(&decoded).unwrap(), forest);
}

#[test]
fn a_chain_of_sixty_four_references_decodes_to_its_end() {
    let mut value = json!({"end": true});
    for i in (0..64).rev() {
        value = json!({"next": value, "label": format!("link {i}")});
    }
    let chain: recursion::models::Link0 = serde_json::from_value(value.clone()).unwrap();
    assert_eq!(serde_json::to_value(&chain).unwrap(), value);
}

#[test]
fn a_tree_and_mutual_recursion_round_trip() {
    let tree =
        json!({"children": [{"children": [], "meta": {"x": {}}}], "parent": {"children": []}});
    let node: recursion::models::Node = serde_json::from_value(tree.clone()).unwrap();
    assert_eq!(serde_json::to_value(&node).unwrap(), tree);
    let expr = json!({"left": {"left": 1, "right": 2}, "right": 3});
    let sum: recursion::models::Sum = serde_json::from_value(expr.clone()).unwrap();
    assert_eq!(serde_json::to_value(&sum).unwrap(), expr);
}

#[test]
fn tagged_unions_pick_by_discriminator_and_keep_unknown_kinds() {
    use unions::models::Pet;
    let cat: Pet = serde_json::from_value(json!({"kind": "cat", "lives": 9})).unwrap();
    assert!(matches!(cat, Pet::Cat(_)), "{cat:?}");
    let fish = json!({"kind": "fish", "fins": 2});
    let unknown: Pet = serde_json::from_value(fish.clone()).unwrap();
    assert!(
        matches!(&unknown, Pet::Unknown(v) if *v == fish),
        "{unknown:?}"
    );
    assert_eq!(serde_json::to_value(&unknown).unwrap(), fish);
    let id: unions::models::IdOrName = serde_json::from_value(json!(42)).unwrap();
    assert_eq!(serde_json::to_value(&id).unwrap(), json!(42));
}

#[test]
fn enums_keep_values_the_spec_does_not_list() {
    use enums::models::{Color, Priority};
    let priority: Priority = serde_json::from_value(json!(7)).unwrap();
    assert_eq!(priority, Priority::Unknown(7));
    assert_eq!(serde_json::to_value(priority).unwrap(), json!(7));
    let color: Color = serde_json::from_value(json!("light-blue")).unwrap();
    assert_eq!(color.as_str(), "light-blue");
    assert!(!matches!(color, Color::Unknown(_)));
    let red: Color = serde_json::from_value(json!("RED")).unwrap();
    assert_eq!(serde_json::to_value(&red).unwrap(), json!("RED"));
}

#[test]
fn a_subset_keeps_its_operations_and_only_the_types_they_reach() {
    use valid_fixtures::okta_subset::{models, Client};
    let client = Client::builder("https://example.okta.com").build().unwrap();
    drop((
        client.get_user("00u1"),
        client.list_users(),
        client.get_current_configuration(),
    ));
    let _: Option<models::User> = None;
    let _: Option<models::ThreatInsightConfiguration> = None;
    // What the subset left out is read from the generated source: naming it here would not
    // compile.
    let source = include_str!(concat!(env!("OUT_DIR"), "/okta_subset.rs"));
    let file = syn::parse_file(source).expect("the generated module parses");
    let mut methods = Vec::new();
    let mut types = Vec::new();
    collect(&file.items, &mut methods, &mut types);
    methods.sort();
    let kept = [
        "create_user",
        "deactivate_user",
        "get_current_configuration",
        "get_user",
        "list_users",
    ];
    assert_eq!(
        methods, kept,
        "the `Client` methods of the subset's operations"
    );
    assert!(types.iter().any(|t| t == "User"));
    assert!(!types.iter().any(|t| t == "TrustedOrigin"), "{types:?}");
    assert!(!types.iter().any(|t| t == "SmsTemplate"), "{types:?}");
}

/// The operation methods of `impl Client` blocks and the names of the models, in the
/// items of the generated module, at any depth (a module split into groups nests them).
fn collect(items: &[syn::Item], methods: &mut Vec<String>, types: &mut Vec<String>) {
    walk(items, None, methods, types);
}

/// [`collect`] inside the module `within` (`models` or `operations`), if any.
fn walk(
    items: &[syn::Item],
    within: Option<&str>,
    methods: &mut Vec<String>,
    types: &mut Vec<String>,
) {
    for item in items {
        match (item, within) {
            (syn::Item::Mod(module), _) => {
                let name = module.ident.to_string();
                let within = match name.as_str() {
                    "models" => Some("models"),
                    "operations" => Some("operations"),
                    _ => within,
                };
                if let Some((_, inner)) = &module.content {
                    walk(inner, within, methods, types);
                }
            }
            (syn::Item::Struct(s), Some("models")) => types.push(s.ident.to_string()),
            (syn::Item::Enum(e), Some("models")) => types.push(e.ident.to_string()),
            (syn::Item::Type(t), Some("models")) => types.push(t.ident.to_string()),
            (syn::Item::Impl(block), Some("operations")) => {
                let is_client = matches!(&*block.self_ty, syn::Type::Path(p) if p.path.segments.last().is_some_and(|s| s.ident == "Client"));
                for item in block.items.iter().filter(|_| is_client) {
                    if let syn::ImplItem::Fn(f) = item {
                        methods.push(f.sig.ident.to_string());
                    }
                }
            }
            _ => {}
        }
    }
}
