//! Payloads that vendors send, each valid against its schema, decode and encode back to the
//! same JSON: null where a schema is nullable (an array item, a map value, an anyOf member),
//! date-times with their offsets, floats with all their digits, and a response without a
//! `writeOnly` property the schema requires; and a 3.1 object whose properties are named
//! after JSON Schema keywords.

use oas_codegen_runtime::serde;
use serde_json::{json, Value};

/// Decodes `payload` as `T` and encodes it again.
fn round_trip<T: serde::de::DeserializeOwned + serde::Serialize>(payload: &Value) -> Value {
    let decoded: T =
        serde_json::from_value(payload.clone()).unwrap_or_else(|err| panic!("{payload}: {err}"));
    serde_json::to_value(decoded).unwrap()
}

#[test]
fn nulls_offsets_and_digits_come_back_as_they_were_sent() {
    use valid_fixtures::round_trips::models::Schedule;
    let payload = json!({
        "start": "2015-11-06T20:00:00-05:00",
        "ratio": 0.00743999984115362,
        "labels": ["a", null, "b"],
        "limits": {"cpu": 2, "memory": null},
        "owner": null,
        "slots": [1, null, 3]
    });
    assert_eq!(round_trip::<Schedule>(&payload), payload);
    let schedule: Schedule = serde_json::from_value(payload).unwrap();
    assert_eq!(
        schedule.start.unwrap().offset().local_minus_utc(),
        -5 * 3600
    );
    assert_eq!(schedule.ratio, Some(0.00743999984115362));
}

#[test]
fn a_response_without_its_write_only_property_decodes() {
    use valid_fixtures::round_trips::models::Account;
    let response = json!({"login": "ada"});
    assert_eq!(round_trip::<Account>(&response), response);
    // A request carries it.
    let request = Account {
        login: "ada".into(),
        password: Some("secret".into()),
        ..Default::default()
    };
    assert_eq!(
        serde_json::to_value(request).unwrap(),
        json!({"login": "ada", "password": "secret"})
    );
}

#[test]
fn properties_named_after_keywords_are_fields() {
    use valid_fixtures::keyword_properties::models::Rule;
    let payload = json!({
        "if": "a", "then": "b", "else": null, "contains": [1, 2], "const": true,
        "$id": "r1", "examples": ["x"], "propertyNames": {"k": "v"}, "type": "rule"
    });
    assert_eq!(round_trip::<Rule>(&payload), payload);
    let rule: Rule = serde_json::from_value(payload).unwrap();
    assert_eq!((rule.r#if.as_str(), rule.r#const), ("a", true));
    assert_eq!(rule.contains, Some(vec![1, 2]));
}
