//! Forward compatibility: every real Okta payload in `tests/fixtures/okta` (a copy of
//! `shared/reference/okta/examples`, from an API later than the spec) decodes into the model
//! its MANIFEST.tsv names and encodes back with no property lost or changed. Date-times may
//! differ only in how they write the same instant (`.000Z` against `Z`).

use okta_management::models;
use serde::{de::DeserializeOwned, Serialize};
use serde_json::Value;

/// Decodes `json` as `T` (or a list of `T`) and encodes it again.
fn round_trip<T: DeserializeOwned + Serialize>(json: &str, is_list: bool) -> Result<Value, String> {
    let encoded = if is_list {
        serde_json::to_value(serde_json::from_str::<Vec<T>>(json).map_err(|e| e.to_string())?)
    } else {
        serde_json::to_value(serde_json::from_str::<T>(json).map_err(|e| e.to_string())?)
    };
    encoded.map_err(|e| e.to_string())
}

/// Round-trips a payload through the model named `schema`.
fn through_model(schema: &str, json: &str, is_list: bool) -> Result<Value, String> {
    macro_rules! models {
        ($($name:ident),* $(,)?) => {
            match schema {
                $(stringify!($name) => round_trip::<models::$name>(json, is_list),)*
                other => Err(format!("no model is listed here for the schema `{other}`")),
            }
        };
    }
    models!(
        AppLink,
        ChangePasswordRequest,
        CreateUserRequest,
        Error,
        ForgotPasswordResponse,
        Group,
        IdentityProvider,
        OAuth2Client,
        OAuth2RefreshToken,
        OAuth2ScopeConsentGrant,
        SmsTemplate,
        TempPassword,
        ThreatInsightConfiguration,
        TrustedOrigin,
        User,
        UserCredentials,
    )
}

/// The same value with every RFC 3339 date-time written one way.
fn normalized(value: Value) -> Value {
    match value {
        Value::String(text) => match chrono::DateTime::parse_from_rfc3339(&text) {
            Ok(instant) => Value::String(instant.to_utc().to_rfc3339()),
            Err(_) => Value::String(text),
        },
        Value::Array(items) => Value::Array(items.into_iter().map(normalized).collect()),
        Value::Object(map) => {
            Value::Object(map.into_iter().map(|(k, v)| (k, normalized(v))).collect())
        }
        other => other,
    }
}

/// The first place where two values differ, as a JSON path.
fn first_difference(path: &str, expected: &Value, actual: &Value) -> Option<String> {
    match (expected, actual) {
        (Value::Object(a), Value::Object(b)) => {
            let keys: std::collections::BTreeSet<&String> = a.keys().chain(b.keys()).collect();
            keys.into_iter()
                .find_map(|key| match (a.get(key), b.get(key)) {
                    (Some(x), Some(y)) => first_difference(&format!("{path}.{key}"), x, y),
                    (Some(x), None) => Some(format!("{path}.{key}: {x} was lost")),
                    (None, Some(y)) => Some(format!("{path}.{key}: {y} was added")),
                    (None, None) => None,
                })
        }
        (Value::Array(a), Value::Array(b)) if a.len() == b.len() => a
            .iter()
            .zip(b)
            .enumerate()
            .find_map(|(i, (x, y))| first_difference(&format!("{path}[{i}]"), x, y)),
        _ if expected == actual => None,
        _ => Some(format!("{path}: {expected} became {actual}")),
    }
}

#[test]
fn every_real_payload_survives_a_round_trip_unchanged() {
    let manifest = oas_codegen_tests::payload("MANIFEST.tsv");
    let mut checked = 0;
    let mut failures = Vec::new();
    for line in manifest.lines().skip(1).filter(|l| !l.trim().is_empty()) {
        let columns: Vec<&str> = line.split('\t').collect();
        let (file, schema, is_list) = (columns[0], columns[1], columns[2] == "true");
        let json = oas_codegen_tests::payload(file);
        let original: Value = serde_json::from_str(&json).unwrap();
        match through_model(schema, &json, is_list) {
            Ok(encoded) => {
                if let Some(difference) =
                    first_difference("$", &normalized(original), &normalized(encoded))
                {
                    failures.push(format!("{file} as {schema}: {difference}"));
                }
            }
            Err(err) => failures.push(format!("{file} does not decode as {schema}: {err}")),
        }
        checked += 1;
    }
    assert_eq!(checked, 20, "every payload of the manifest is checked");
    assert!(
        failures.is_empty(),
        "{} payloads changed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn a_property_the_spec_does_not_know_survives_a_read_modify_write() {
    let json = r#"{"id":"tos1","name":"x","origin":"https://a.example","lastedUpdated":"2024-01-01T00:00:00.000Z","scopes":[{"type":"CORS","allowedOktaApps":[]}],"brandNew":{"nested":[1,2.5,null,"x"]}}"#;
    let mut origin: models::TrustedOrigin = serde_json::from_str(json).unwrap();
    origin.name = Some("renamed".to_string());
    let encoded = serde_json::to_value(&origin).unwrap();
    assert_eq!(
        encoded["brandNew"],
        serde_json::json!({"nested": [1, 2.5, null, "x"]})
    );
    assert_eq!(encoded["lastedUpdated"], "2024-01-01T00:00:00.000Z");
    assert_eq!(
        encoded["scopes"][0]["allowedOktaApps"],
        serde_json::json!([])
    );
    assert_eq!(encoded["name"], "renamed");
}
