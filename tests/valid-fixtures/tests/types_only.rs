//! The types-only form (`--types-only`, `Config::types_only`): Okta's models with serde and
//! nothing else, included from a build script, decode and encode a user as the API sends it.

use valid_fixtures::okta_types::models::{User, UserStatus};

#[test]
fn the_types_alone_decode_and_encode_a_user() {
    let json = serde_json::json!({
        "id": "00u1ero7vZFVEIYLWPBN",
        "status": "ACTIVE",
        "created": "2013-06-24T16:39:18Z",
        "activated": null,
        "statusChanged": "2013-06-24T16:39:19-05:00",
        "lastLogin": null,
        "lastUpdated": "2013-06-27T16:35:28Z",
        "passwordChanged": "2013-06-24T16:39:19Z",
        "profile": {"login": "isaac.brock@example.com", "email": "isaac.brock@example.com", "firstName": "Isaac", "lastName": "Brock"},
        "credentials": {"provider": {"type": "OKTA", "name": "OKTA"}},
        "somethingNew": {"kept": true}
    });
    let user: User = serde_json::from_value(json.clone()).expect("a user decodes");
    assert_eq!(user.status, Some(UserStatus::Active));
    assert_eq!(serde_json::to_value(&user).expect("a user encodes"), json);
}

#[test]
fn the_types_alone_carry_no_client_and_name_no_http_crate() {
    let source = include_str!(concat!(env!("OUT_DIR"), "/okta_types.rs"));
    let file = syn::parse_file(source).expect("the generated module parses");
    let modules: Vec<String> = file
        .items
        .iter()
        .filter_map(|item| match item {
            syn::Item::Mod(module) => Some(module.ident.to_string()),
            _ => None,
        })
        .collect();
    assert_eq!(modules, ["models", "nullable"]);
    for absent in ["reqwest", "tokio", "oas_codegen_runtime", "struct Client"] {
        assert!(!source.contains(absent), "the types name `{absent}`");
    }
}
