//! YAML read straight into a JSON tree, as OpenAPI means it: integers past 64 bits (as
//! JavaScript prints `u64::MAX`, `18446744073709552000`) become floats instead of failing,
//! keys that YAML types (`200:`, `true:`) become their text, and merge keys (`<<: *anchor`,
//! YAML 1.1, which serde_yaml 0.9 reads but does not apply) are applied.

use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};
use std::fmt;

/// A JSON value deserialized from any self-describing format, YAML in particular.
pub struct JsonValue(pub Value);

impl<'de> Deserialize<'de> for JsonValue {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ValueVisitor).map(JsonValue)
    }
}

/// Builds a [`Value`] from whatever the format gives.
struct ValueVisitor;

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_i128<E>(self, v: i128) -> Result<Value, E> {
        Ok(i64::try_from(v).map_or_else(|_| float(v as f64), Value::from))
    }

    fn visit_u128<E>(self, v: u128) -> Result<Value, E> {
        Ok(u64::try_from(v).map_or_else(|_| float(v as f64), Value::from))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(float(v))
    }

    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_string()))
    }

    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(ValueVisitor)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(JsonValue(item)) = seq.next_element()? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut object = Map::new();
        while let Some(Key(key)) = map.next_key()? {
            let JsonValue(value) = map.next_value()?;
            object.insert(key, value);
        }
        Ok(Value::Object(object))
    }
}

/// A float as JSON; not-a-number and the infinities (which YAML has) become `null`.
fn float(v: f64) -> Value {
    serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number)
}

/// A mapping key as text, whatever scalar YAML made of it.
struct Key(String);

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ValueVisitor).map(|value| {
            Key(match value {
                Value::String(s) => s,
                other => other.to_string(),
            })
        })
    }
}

/// Applies the merge keys of every mapping, as YAML 1.1 says: the entries of the mapping (or
/// mappings, in order) under `<<` are added where the mapping does not have them already.
pub fn apply_merge(tree: &mut Value) {
    let mut stack = vec![tree];
    while let Some(node) = stack.pop() {
        match node {
            Value::Object(map) => {
                while let Some(merged) = map.remove("<<") {
                    let sources = match merged {
                        Value::Array(items) => items,
                        other => vec![other],
                    };
                    for source in sources {
                        if let Value::Object(source) = source {
                            for (key, value) in source {
                                map.entry(key).or_insert(value);
                            }
                        }
                    }
                }
                stack.extend(map.values_mut());
            }
            Value::Array(items) => stack.extend(items.iter_mut()),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Value {
        let mut tree = serde_yaml::from_str::<JsonValue>(text).unwrap().0;
        apply_merge(&mut tree);
        tree
    }

    #[test]
    fn numbers_past_64_bits_are_floats() {
        let tree = read(
            "max: 18446744073709552000\nmin: -9223372036854776000\nedge: 9223372036854775807\n",
        );
        assert_eq!(tree["max"].as_f64(), Some(18446744073709552000.0));
        assert_eq!(tree["min"].as_f64(), Some(-9223372036854776000.0));
        assert_eq!(tree["edge"].as_i64(), Some(i64::MAX));
    }

    #[test]
    fn merge_keys_add_what_the_mapping_lacks() {
        let tree = read("base: &base {in: query, name: a}\nparam:\n  <<: *base\n  name: b\nboth:\n  <<: [*base, {required: true}]\n");
        assert_eq!(
            tree["param"],
            serde_json::json!({"in": "query", "name": "b"})
        );
        assert_eq!(
            tree["both"],
            serde_json::json!({"in": "query", "name": "a", "required": true})
        );
    }

    #[test]
    fn typed_keys_become_text() {
        let tree = read("200: ok\ntrue: yes\n");
        assert_eq!(tree["200"], "ok");
        assert_eq!(tree["true"], "yes");
    }
}
