//! Samples: for each parameter and request body, a value its spec accepts: the spec's own
//! example, else one built from the schema (required properties, the first enum value,
//! formats and bounds honoured). The conformance harness calls each operation with them.

use super::pattern_sample::of_pattern;
use serde_json::{Map, Value};

/// How deep a sample built from a schema goes before it stops at `null`.
const MAX_DEPTH: usize = 12;

/// How many values one sample may hold, so that a spec whose schemas fan out (an array of
/// eight of itself) cannot make the generator build billions.
const MAX_VALUES: usize = 10_000;

/// The longest string a `minLength` makes.
const MAX_LENGTH: usize = 4_096;

/// Where the walk that builds one sample is: its depth, the `$ref`s it is inside (a schema
/// met again inside itself is `null`), and how many values it may still build.
pub struct Walk {
    depth: usize,
    refs: Vec<String>,
    budget: usize,
    /// Whether a schema's own `example` is taken; a vendor's example may contradict the
    /// schema it sits in.
    examples: bool,
}

impl Default for Walk {
    fn default() -> Walk {
        Walk::new()
    }
}

impl Walk {
    /// A walk at the top of a sample.
    pub fn new() -> Walk {
        Walk {
            depth: 0,
            refs: Vec::new(),
            budget: MAX_VALUES,
            examples: true,
        }
    }

    /// A walk that builds every value from the schema, taking no `example`.
    pub fn without_examples() -> Walk {
        Walk {
            examples: false,
            ..Walk::new()
        }
    }
}

/// Samples of a parameter (its JSON as the spec writes it), best first: its example, then
/// one built from its schema (or its content's).
pub fn of_parameter(tree: &Value, parameter: &Value) -> Vec<Value> {
    let mut samples: Vec<Value> = example_of(tree, parameter).into_iter().collect();
    if let Some(schema) = parameter.get("schema") {
        samples.extend(of_schema_both(tree, schema));
    } else if let Some((_, media)) = parameter
        .get("content")
        .and_then(Value::as_object)
        .and_then(|content| content.iter().next())
    {
        samples.extend(of_media(tree, media));
    }
    distinct(samples)
}

/// Samples of a media type object's content, best first: its example, then one built from
/// its schema.
pub fn of_media(tree: &Value, media: &Value) -> Vec<Value> {
    let mut samples: Vec<Value> = example_of(tree, media).into_iter().collect();
    if let Some(schema) = media.get("schema") {
        samples.extend(of_schema_both(tree, schema));
    }
    distinct(samples)
}

/// A schema's sample with the examples inside it, then one built without them.
fn of_schema_both(tree: &Value, schema: &Value) -> [Value; 2] {
    [
        of_schema(tree, schema, &mut Walk::new()),
        of_schema(tree, schema, &mut Walk::without_examples()),
    ]
}

/// The samples without repeats, in order.
fn distinct(samples: Vec<Value>) -> Vec<Value> {
    let mut out: Vec<Value> = Vec::new();
    for sample in samples {
        if !out.contains(&sample) {
            out.push(sample);
        }
    }
    out
}

/// The `example`, or the first of the `examples`, of a parameter or media type.
fn example_of(tree: &Value, holder: &Value) -> Option<Value> {
    if let Some(example) = holder.get("example") {
        return Some(example.clone());
    }
    let examples = holder.get("examples")?.as_object()?;
    examples
        .values()
        .map(|example| followed(tree, example))
        .find_map(|example| example.get("value").cloned())
}

/// The object a local `$ref` names (through chains, a bounded number of steps), or the
/// value itself.
fn followed<'t>(tree: &'t Value, mut value: &'t Value) -> &'t Value {
    for _ in 0..16 {
        let Some(target) = value
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(|reference| reference.strip_prefix('#'))
            .and_then(|pointer| tree.pointer(pointer))
        else {
            break;
        };
        value = target;
    }
    value
}

/// A value the schema accepts; `null` where the walk stops (too deep, a cycle, or its
/// budget spent).
pub fn of_schema(tree: &Value, schema: &Value, walk: &mut Walk) -> Value {
    if walk.depth > MAX_DEPTH || walk.budget == 0 {
        return Value::Null;
    }
    walk.budget -= 1;
    let reference = schema
        .get("$ref")
        .and_then(Value::as_str)
        .map(str::to_string);
    if let Some(reference) = &reference {
        if walk.refs.contains(reference) {
            return Value::Null;
        }
        walk.refs.push(reference.clone());
    }
    walk.depth += 1;
    let value = build(tree, followed(tree, schema), walk);
    walk.depth -= 1;
    if reference.is_some() {
        walk.refs.pop();
    }
    value
}

/// The value of [`of_schema`] for a schema whose `$ref` is followed.
fn build(tree: &Value, schema: &Value, walk: &mut Walk) -> Value {
    for key in ["example", "default", "const"] {
        if key == "example" && !walk.examples {
            continue;
        }
        if let Some(value) = schema.get(key) {
            return value.clone();
        }
    }
    if let Some(first) = schema
        .get("enum")
        .and_then(Value::as_array)
        .and_then(|values| values.iter().find(|v| !v.is_null()))
    {
        return first.clone();
    }
    if let Some(parts) = schema.get("allOf").and_then(Value::as_array) {
        // Parts that are not objects (a string with a format, say): the first one's sample.
        if let Some(scalar) = parts.iter().find(|part| is_scalar(followed(tree, part))) {
            return of_schema(tree, scalar, walk);
        }
        // A part that is a union (oxide wraps `NameOrId` so): its sample, unless that is an
        // object, which the other parts' properties join.
        let mut inherited = Map::new();
        for part in parts.iter().filter(|part| is_union(followed(tree, part))) {
            match of_schema(tree, part, walk) {
                Value::Object(fields) => inherited.extend(fields),
                value => return value,
            }
        }
        // The parts make one object: a property one part declares may be required by another.
        let mut whole = Map::new();
        let mut properties = Map::new();
        let mut required = Vec::new();
        for part in parts
            .iter()
            .map(|part| followed(tree, part))
            .chain([schema])
        {
            if let Some(own) = part.get("properties").and_then(Value::as_object) {
                properties.extend(own.clone());
            }
            if let Some(names) = part.get("required").and_then(Value::as_array) {
                required.extend(names.iter().cloned());
            }
            if part.get("allOf").is_some() && !std::ptr::eq(part, schema) {
                if let Value::Object(fields) = of_schema(tree, part, walk) {
                    inherited.extend(fields);
                }
            }
        }
        whole.insert("type".into(), Value::String("object".into()));
        whole.insert("properties".into(), Value::Object(properties));
        whole.insert("required".into(), Value::Array(required));
        // What the nested parts and a union give is kept (a discriminator's value too); the
        // merged properties add what is missing.
        let mut fields = inherited;
        merge_own_properties(tree, &Value::Object(whole), walk, &mut fields);
        return Value::Object(fields);
    }
    for key in ["oneOf", "anyOf"] {
        if let Some(first) = schema
            .get(key)
            .and_then(Value::as_array)
            .and_then(|parts| parts.first())
        {
            let mut value = of_schema(tree, first, walk);
            // Properties beside the union (svix's `name` beside its `oneOf` of kinds) join
            // the member's.
            if let Value::Object(fields) = &mut value {
                merge_own_properties(tree, schema, walk, fields);
            }
            // The discriminator names the member: its mapping key, else the schema's name.
            let discriminator = schema.get("discriminator");
            let property = discriminator
                .and_then(|d| d.get("propertyName"))
                .and_then(Value::as_str);
            let reference = first.get("$ref").and_then(Value::as_str);
            if let (Some(property), Some(reference), Value::Object(fields)) =
                (property, reference, &mut value)
            {
                // As the client's union reads it (`parse/union.rs`): a mapping's target is
                // the reference or the schema's bare name.
                let key = reference
                    .rsplit('/')
                    .next()
                    .map(crate::diagnostics::unescape)
                    .unwrap_or_default();
                let mapped = discriminator
                    .and_then(|d| d.get("mapping"))
                    .and_then(Value::as_object)
                    .and_then(|mapping| {
                        mapping.iter().find(|(_, target)| {
                            target.as_str() == Some(reference) || target.as_str() == Some(&key)
                        })
                    })
                    .map(|(value, _)| value.clone());
                fields.insert(property.to_string(), Value::String(mapped.unwrap_or(key)));
            }
            return value;
        }
    }
    let kind = schema
        .get("type")
        .and_then(Value::as_str)
        .unwrap_or_else(|| {
            if schema.get("properties").is_some() {
                "object"
            } else if schema.get("items").is_some() {
                "array"
            } else {
                "string"
            }
        });
    match kind {
        "object" => {
            let mut fields = Map::new();
            merge_own_properties(tree, schema, walk, &mut fields);
            Value::Object(fields)
        }
        "array" => {
            let item = schema
                .get("items")
                .map_or(Value::String("string".into()), |items| {
                    of_schema(tree, items, walk)
                });
            // Copies of the item count against the budget too.
            let wanted = schema
                .get("minItems")
                .and_then(Value::as_u64)
                .unwrap_or(1)
                .clamp(1, 8) as usize;
            let size = values_in(&item);
            let count = wanted.min(1 + walk.budget / size).max(1);
            walk.budget = walk.budget.saturating_sub(size * (count - 1));
            Value::Array(vec![item; count])
        }
        "integer" => Value::from(integer(schema)),
        "number" => {
            serde_json::Number::from_f64(number(schema)).map_or(Value::from(1), Value::Number)
        }
        "boolean" => Value::Bool(true),
        "null" => Value::Null,
        _ => Value::String(string(schema)),
    }
}

/// How many values a sample holds, itself included.
fn values_in(value: &Value) -> usize {
    match value {
        Value::Array(items) => 1 + items.iter().map(values_in).sum::<usize>(),
        Value::Object(fields) => 1 + fields.values().map(values_in).sum::<usize>(),
        _ => 1,
    }
}

/// Whether a schema is a `oneOf` or `anyOf` of its own, without properties beside it.
fn is_union(schema: &Value) -> bool {
    schema.get("properties").is_none()
        && (schema.get("oneOf").is_some() || schema.get("anyOf").is_some())
}

/// Whether a schema describes something other than an object: a type that is not
/// `object`, or a format, enum or pattern without properties.
fn is_scalar(schema: &Value) -> bool {
    match schema.get("type").and_then(Value::as_str) {
        Some(kind) => kind != "object",
        None => {
            schema.get("properties").is_none()
                && ["format", "enum", "pattern", "const"]
                    .iter()
                    .any(|key| schema.get(key).is_some())
        }
    }
}

/// The required properties of an object schema (and enough others for `minProperties`),
/// each with its sample, added to `fields`.
fn merge_own_properties(
    tree: &Value,
    schema: &Value,
    walk: &mut Walk,
    fields: &mut Map<String, Value>,
) {
    let required: Vec<&str> = schema
        .get("required")
        .and_then(Value::as_array)
        .map(|names| names.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let empty = Map::new();
    let properties = schema
        .get("properties")
        .and_then(Value::as_object)
        .unwrap_or(&empty);
    // A read-only property is sent too: the client's type requires it where the spec does,
    // and a server ignores it in a request.
    // What is there already (from a nested part or a union's member) is kept.
    for (name, property) in properties {
        if required.contains(&name.as_str()) && !fields.contains_key(name) {
            let value = of_schema(tree, property, walk);
            fields.insert(name.clone(), value);
        }
    }
    // A required property the schema does not declare (figma's `team_id`): a value of its
    // `additionalProperties`, else a string, which the client's type keeps among its other
    // fields.
    for name in required {
        if !properties.contains_key(name) && !fields.contains_key(name) {
            let value = match schema.get("additionalProperties") {
                Some(extra @ Value::Object(_)) => of_schema(tree, extra, walk),
                _ => Value::String("string".into()),
            };
            fields.insert(name.to_string(), value);
        }
    }
    // `minProperties` with nothing required: the first properties, as many as it asks.
    let least = schema
        .get("minProperties")
        .and_then(Value::as_u64)
        .unwrap_or(0) as usize;
    for (name, property) in properties {
        if fields.len() >= least {
            break;
        }
        fields
            .entry(name.clone())
            .or_insert_with(|| of_schema(tree, property, walk));
    }
}

/// An integer within the schema's bounds: 1 where they allow it, else the bound nearest to
/// it (a bound at i64's end, which JavaScript servers cannot read exactly, is not chosen
/// when 1 will do).
fn integer(schema: &Value) -> i64 {
    let bound = |key: &str| schema.get(key).and_then(Value::as_f64);
    let exclusive = |key: &str| f64::from(u8::from(is_exclusive(schema, key)));
    let step = schema
        .get("multipleOf")
        .and_then(Value::as_f64)
        .filter(|m| *m >= 1.0);
    // The least integer above an exclusive bound (1.5 gives 2), at or above an inclusive one.
    let low = bound("minimum").map(|min| {
        if exclusive("exclusiveMinimum") > 0.0 {
            min.floor() + 1.0
        } else {
            min.ceil()
        }
    });
    let high = bound("maximum").map(|max| {
        if exclusive("exclusiveMaximum") > 0.0 {
            max.ceil() - 1.0
        } else {
            max.floor()
        }
    });
    // In f64, then clamped: a bound near i64's ends cannot overflow.
    let mut value = 1.0_f64;
    if let Some(high) = high {
        value = value.min(high);
    }
    if let Some(low) = low {
        value = value.max(low);
    }
    if let Some(step) = step {
        value = (value / step).ceil() * step;
        if high.is_some_and(|high| value > high) {
            value -= step;
        }
    }
    value.clamp(i64::MIN as f64, i64::MAX as f64) as i64
}

/// Whether a bound is exclusive (OpenAPI 3.0's boolean beside it).
fn is_exclusive(schema: &Value, key: &str) -> bool {
    schema.get(key).and_then(Value::as_bool) == Some(true)
}

/// A number within the schema's bounds: 1 where they allow it, else the middle of both
/// bounds, else just inside the one there is.
fn number(schema: &Value) -> f64 {
    let bound = |key: &str| schema.get(key).and_then(Value::as_f64);
    let exclusive = |key: &str| is_exclusive(schema, key);
    let (min, max) = (bound("minimum"), bound("maximum"));
    let above = min.is_none_or(|min| 1.0 > min || (1.0 == min && !exclusive("exclusiveMinimum")));
    let below = max.is_none_or(|max| 1.0 < max || (1.0 == max && !exclusive("exclusiveMaximum")));
    match (min, max) {
        _ if above && below => 1.0,
        (Some(min), Some(max)) => (min + max) / 2.0,
        (Some(min), None) => min + f64::from(u8::from(exclusive("exclusiveMinimum"))),
        (None, Some(max)) => max - f64::from(u8::from(exclusive("exclusiveMaximum"))),
        (None, None) => 1.0,
    }
}

/// A string in the schema's format, within its length bounds.
fn string(schema: &Value) -> String {
    let format = schema.get("format").and_then(Value::as_str).unwrap_or("");
    let min =
        (schema.get("minLength").and_then(Value::as_u64).unwrap_or(0) as usize).min(MAX_LENGTH);
    let max = schema
        .get("maxLength")
        .and_then(Value::as_u64)
        .map(|max| max as usize);
    let text = match format {
        "date-time" => "2024-01-02T03:04:05Z",
        "date" => "2024-01-02",
        "time" => "03:04:05",
        "uuid" => "3fa85f64-5717-4562-b3fc-2c963f66afa6",
        "email" => "user@example.com",
        "uri" | "url" | "uri-reference" | "iri" => "https://example.com/",
        "hostname" => "example.com",
        "ipv4" => "192.0.2.1",
        "ipv6" => "2001:db8::1",
        "byte" => "c2FtcGxl",
        "duration" => "P1D",
        _ => {
            // A format it does not know: the pattern's sample, when its length fits.
            let fits = |text: &String| {
                let length = text.chars().count();
                length >= min && max.is_none_or(|max| length <= max)
            };
            if let Some(text) = schema
                .get("pattern")
                .and_then(Value::as_str)
                .and_then(of_pattern)
                .filter(fits)
            {
                return text;
            }
            // Else a word, padded or cut to the lengths allowed (linode's `format: digits`
            // card number of 14 to 24 characters).
            let mut text = "string".to_string();
            let short = min.saturating_sub(text.chars().count());
            text.extend(std::iter::repeat_n('x', short));
            if let Some(max) = max {
                text = text.chars().take(max.max(min)).collect();
            }
            return text;
        }
    };
    text.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn examples_win_then_schemas_are_honoured() {
        let tree = json!({"components": {"schemas": {
            "Pet": {"type": "object", "required": ["name", "id", "tags"], "properties": {
                "id": {"type": "integer", "readOnly": true},
                "name": {"type": "string", "minLength": 8},
                "tags": {"type": "array", "minItems": 2, "items": {"type": "string", "enum": ["a", "b"]}},
                "nick": {"type": "string"}
            }}
        }}});
        let pet = json!({"$ref": "#/components/schemas/Pet"});
        assert_eq!(
            of_schema(&tree, &pet, &mut Walk::new()),
            json!({"id": 1, "name": "stringxx", "tags": ["a", "a"]})
        );
        let parameter =
            json!({"name": "q", "in": "query", "example": "cats", "schema": {"type": "integer"}});
        assert_eq!(of_parameter(&tree, &parameter), [json!("cats"), json!(1)]);
        // An example that contradicts its schema is followed by a sample built without it.
        let media = json!({"schema": {"type": "object", "required": ["name"], "properties": {"name": {"type": "string"}}, "example": {"kind": "x"}}});
        assert_eq!(
            of_media(&tree, &media),
            [json!({"kind": "x"}), json!({"name": "string"})]
        );
        let bounded =
            json!({"type": "integer", "minimum": 5, "exclusiveMinimum": true, "multipleOf": 3});
        assert_eq!(of_schema(&tree, &bounded, &mut Walk::new()), json!(6));
        let when = json!({"type": "string", "format": "date-time"});
        assert_eq!(
            of_schema(&tree, &when, &mut Walk::new()),
            json!("2024-01-02T03:04:05Z")
        );
        let composed = json!({"components": {"schemas": {"Base": {"type": "object", "properties": {"label": {"type": "string"}, "size": {"type": "integer"}}}}}});
        let both = json!({"allOf": [{"$ref": "#/components/schemas/Base"}, {"required": ["label", "size"]}]});
        assert_eq!(
            of_schema(&composed, &both, &mut Walk::new()),
            json!({"label": "string", "size": 1})
        );
        let id = json!({"allOf": [{"type": "string", "format": "uuid"}]});
        assert_eq!(
            of_schema(&composed, &id, &mut Walk::new()),
            json!("3fa85f64-5717-4562-b3fc-2c963f66afa6")
        );
        let recursive = json!({"components": {"schemas": {"Node": {"type": "object", "required": ["next"], "properties": {"next": {"$ref": "#/components/schemas/Node"}}}}}});
        let node = json!({"$ref": "#/components/schemas/Node"});
        let sample = of_schema(&recursive, &node, &mut Walk::new());
        assert_eq!(sample, json!({"next": null}), "a cycle ends");
    }

    #[test]
    fn a_spec_cannot_make_a_sample_huge_or_slow() {
        let tree = json!({"components": {"schemas": {
            "A": {"type": "array", "minItems": 8, "items": {"$ref": "#/components/schemas/B"}},
            "B": {"type": "array", "minItems": 8, "items": {"type": "array", "minItems": 8, "items": {"type": "array", "minItems": 8, "items": {"type": "array", "minItems": 8, "items": {"type": "array", "minItems": 8, "items": {"type": "string"}}}}}}
        }}});
        let sample = of_schema(
            &tree,
            &json!({"$ref": "#/components/schemas/A"}),
            &mut Walk::new(),
        );
        assert!(
            values_in(&sample) <= MAX_VALUES + 64,
            "{}",
            values_in(&sample)
        );
        let long = json!({"type": "string", "minLength": 1_000_000_000_000u64});
        let Value::String(text) = of_schema(&tree, &long, &mut Walk::new()) else {
            panic!("a string schema gives a string")
        };
        assert_eq!(text.len(), MAX_LENGTH);
        for (schema, expected) in [
            (
                json!({"type": "integer", "minimum": 9.3e18, "exclusiveMinimum": true}),
                i64::MAX,
            ),
            (
                json!({"type": "integer", "minimum": 2, "multipleOf": 1e19}),
                i64::MAX,
            ),
            (
                json!({"type": "integer", "maximum": 1, "exclusiveMaximum": true}),
                0,
            ),
        ] {
            assert_eq!(
                of_schema(&tree, &schema, &mut Walk::new()),
                json!(expected),
                "{schema}"
            );
        }
        let nested = json!({"components": {"schemas": {
            "Base": {"type": "object", "required": ["type"], "properties": {"type": {"type": "string", "enum": ["dog"]}}},
            "Pet": {"allOf": [{"$ref": "#/components/schemas/Base"}]},
            "Dog": {"allOf": [{"$ref": "#/components/schemas/Pet"}, {"type": "object", "properties": {"bark": {"type": "boolean"}}}]}
        }}});
        let dog = of_schema(
            &nested,
            &json!({"$ref": "#/components/schemas/Dog"}),
            &mut Walk::new(),
        );
        assert_eq!(dog, json!({"type": "dog"}));
    }

    #[test]
    fn unions_inside_all_of_bounds_near_one_and_patterns() {
        let tree = json!({"components": {"schemas": {
            "NameOrId": {"oneOf": [
                {"title": "id", "allOf": [{"type": "string", "format": "uuid"}]},
                {"title": "name", "type": "string"}
            ]},
            "Disk": {"type": "object", "required": ["disk"], "properties": {
                "disk": {"description": "The disk.", "allOf": [{"$ref": "#/components/schemas/NameOrId"}]}
            }}
        }}});
        let disk = of_schema(
            &tree,
            &json!({"$ref": "#/components/schemas/Disk"}),
            &mut Walk::new(),
        );
        assert_eq!(
            disk,
            json!({"disk": "3fa85f64-5717-4562-b3fc-2c963f66afa6"})
        );
        for (schema, expected) in [
            (
                json!({"type": "integer", "minimum": -9223372036854775808i64, "maximum": 9223372036854775807i64}),
                json!(1),
            ),
            (json!({"type": "integer", "maximum": -3}), json!(-3)),
            (json!({"type": "number", "minimum": -1e300}), json!(1.0)),
            (
                json!({"type": "number", "minimum": 2, "maximum": 4}),
                json!(3.0),
            ),
            (
                json!({"type": "string", "format": "decimal", "pattern": "^-?\\d{0,10}(?:\\.\\d{0,5})?$"}),
                json!("0"),
            ),
            (
                json!({"type": "string", "pattern": "^[a-z]{2}$", "minLength": 7}),
                json!("stringx"),
            ),
        ] {
            assert_eq!(
                of_schema(&tree, &schema, &mut Walk::new()),
                expected,
                "{schema}"
            );
        }
    }

    #[test]
    fn a_discriminated_member_carries_its_name() {
        let tree = json!({"components": {"schemas": {
            "Password": {"type": "object", "required": ["method", "password"], "properties": {
                "method": {"type": "string"}, "password": {"type": "string"}
            }},
            "Code": {"type": "object", "required": ["method"], "properties": {"method": {"type": "string"}}}
        }}});
        let mapped = json!({"oneOf": [{"$ref": "#/components/schemas/Password"}, {"$ref": "#/components/schemas/Code"}],
            "discriminator": {"propertyName": "method", "mapping": {"password": "#/components/schemas/Password"}}});
        assert_eq!(
            of_schema(&tree, &mapped, &mut Walk::new()),
            json!({"method": "password", "password": "string"})
        );
        let named = json!({"oneOf": [{"$ref": "#/components/schemas/Code"}], "discriminator": {"propertyName": "method"}});
        let beside = json!({"type": "object", "required": ["name"], "properties": {"name": {"type": "string", "minLength": 2}},
            "oneOf": [{"type": "object", "required": ["type"], "properties": {"type": {"enum": ["cron"]}}}]});
        assert_eq!(
            of_schema(&tree, &beside, &mut Walk::new()),
            json!({"type": "cron", "name": "string"})
        );
        let digits =
            json!({"type": "string", "format": "digits", "minLength": 14, "maxLength": 24});
        assert_eq!(
            of_schema(&tree, &digits, &mut Walk::new()),
            json!("stringxxxxxxxx")
        );
        let undeclared = json!({"type": "object", "required": ["team_id"], "properties": {}});
        assert_eq!(
            of_schema(&tree, &undeclared, &mut Walk::new()),
            json!({"team_id": "string"})
        );
        let counted = json!({"type": "object", "required": ["n"], "additionalProperties": {"type": "integer"}});
        assert_eq!(
            of_schema(&tree, &counted, &mut Walk::new()),
            json!({"n": 1})
        );
        let bare = json!({"oneOf": [{"$ref": "#/components/schemas/Code"}],
            "discriminator": {"propertyName": "method", "mapping": {"code": "Code"}}});
        assert_eq!(
            of_schema(&tree, &bare, &mut Walk::new()),
            json!({"method": "code"})
        );
        let fraction =
            json!({"type": "integer", "minimum": 1.5, "exclusiveMinimum": true, "maximum": 2});
        assert_eq!(of_schema(&tree, &fraction, &mut Walk::new()), json!(2));
        assert_eq!(
            of_schema(&tree, &named, &mut Walk::new()),
            json!({"method": "Code"})
        );
    }
}
