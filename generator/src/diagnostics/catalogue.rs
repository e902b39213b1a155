//! Every message the generator gives about a spec, in one place: a code, a severity, the
//! message and the hint. `{0}`, `{1}`, … in a message or hint are filled from the call site's
//! arguments. The severity belongs to the entry, never to the call site: a vendor's mistake
//! that a reader can work around is a warning that says what was assumed.

use super::{Diagnostic, Pointer, Severity};
use std::fmt::Display;

/// One kind of diagnostic.
#[derive(Debug)]
pub struct Entry {
    /// A stable name in kebab case (`undeclared-path-parameter`), which does not change
    /// when the severity does; fixtures are named after it.
    pub code: &'static str,
    /// How bad it is.
    pub severity: Severity,
    /// What is wrong, with `{n}` placeholders.
    pub message: &'static str,
    /// What to do about it, with `{n}` placeholders.
    pub hint: &'static str,
}

impl Entry {
    /// A diagnostic of this kind at `pointer`, its placeholders filled from `args`.
    pub fn at(&'static self, pointer: Pointer, args: &[&dyn Display]) -> Diagnostic {
        Diagnostic {
            code: self.code,
            severity: self.severity,
            file: Default::default(),
            pointer,
            position: None,
            message: fill(self.message, args),
            hint: Some(fill(self.hint, args)).filter(|h| !h.is_empty()),
        }
    }
}

/// Replaces `{0}`, `{1}`, … with the arguments.
fn fill(template: &str, args: &[&dyn Display]) -> String {
    let mut text = template.to_string();
    for (index, arg) in args.iter().enumerate() {
        text = text.replace(&format!("{{{index}}}"), &arg.to_string());
    }
    text
}

macro_rules! catalogue {
    ($($name:ident = $code:literal $severity:ident, $message:literal, $hint:literal;)*) => {
        $(
            #[doc = $message]
            pub static $name: Entry = Entry {
                code: $code,
                severity: Severity::$severity,
                message: $message,
                hint: $hint,
            };
        )*
        /// Every entry.
        pub static CATALOGUE: &[&Entry] = &[$(&$name),*];
    };
}

catalogue! {
    // Pagination.
    PAGINATION_MISMATCH = "pagination-mismatch" Warning,
        "the `{0}` declaration does not fit this operation: {1}; it stays a single page",
        "fix the declaration (an OpenAPI Overlay can) so that it names the operation's query parameters and a path to an array in its response";
    PAGINATION_INFERRED = "pagination-inferred" Note,
        "this operation pages like {0}: `has_more` in the body and the `{1}` parameter; its list is a stream",
        "declare `x-speakeasy-pagination` on it (an OpenAPI Overlay can) to page it otherwise";
    // Reading the document.
    YAML_SYNTAX = "yaml-syntax" Error,
        "the spec is not valid YAML: {0}",
        "fix the syntax at the position shown; a YAML linter such as `yamllint` points at it too";
    JSON_SYNTAX = "json-syntax" Error,
        "the spec starts like JSON but is neither valid JSON nor YAML: {0}",
        "fix the syntax at the position shown; `python3 -m json.tool` points at it too";
    JSON_TOO_DEEP = "json-too-deep" Error,
        "the spec nests deeper than the JSON reader accepts: 128 levels of objects and arrays",
        "the limit is built into the JSON reader (serde_json) and cannot be raised; move deeply nested schemas into `components/schemas` and refer to them with `$ref`";
    YAML_TOO_DEEP = "yaml-too-deep" Error,
        "the spec nests deeper than the YAML reader accepts: 128 levels of mappings and sequences, aliases expanded",
        "the limit is built into the YAML reader (serde_yaml) and cannot be raised; move deeply nested schemas into `components/schemas` and refer to them with `$ref`";
    YAML_ALIAS_BOMB = "yaml-alias-bomb" Error,
        "the spec's YAML aliases expand to more nodes than the YAML reader accepts (a guard against alias bombs)",
        "the limit is built into the YAML reader (serde_yaml) and cannot be raised; write each repeated part once under `components` and refer to it with `$ref` instead of a YAML alias";
    NOT_A_MAPPING = "not-a-mapping" Error,
        "the spec is not a mapping at its top level",
        "an OpenAPI document starts with `openapi: 3.0.3`, `info:` and `paths:`";
    UNSUPPORTED_VERSION = "unsupported-version" Error,
        "OpenAPI version {0} is not supported",
        "oas-codegen reads OpenAPI 3.0, 3.1 and 3.2";
    SWAGGER_2 = "swagger-2" Error,
        "this is a Swagger 2.0 document, not OpenAPI 3",
        "convert it first, for example with `npx swagger2openapi --patch spec.yaml -o spec.oas3.yaml`";
    VERSION_NOT_A_STRING = "version-not-a-string" Warning,
        "the `openapi` version is the number {0}, not a string; it is read as \"{0}\"",
        "quote it (`openapi: \"3.0.3\"`): YAML reads an unquoted `3.0` as a number, and `3.10` as 3.1";
    NO_VERSION = "no-version" Error,
        "the spec has no `openapi` version field",
        "add `openapi: 3.0.3` at the top of the document";
    NOT_OPENAPI = "not-openapi" Error,
        "the spec does not match the OpenAPI 3.0 schema: {0}",
        "compare this part of the spec with the OpenAPI 3.0 specification; `npx @redocly/cli lint` shows the same problem";

    INVALID_OVERLAY = "invalid-overlay" Error,
        "the overlay cannot be read: {0}",
        "an overlay (OpenAPI Overlay 1.0.0) has `overlay: 1.0.0`, `info` and `actions`, each action a JSONPath `target` with `update` or `remove: true`";

    // Operations and their parameters.
    DUPLICATE_OPERATION_ID = "duplicate-operation-id" Warning,
        "the operationId `{0}` is used by an operation before this one; this one's method is named `{1}`",
        "operationIds must be unique; rename one of them, or name the method with `Config::operation_name`";
    UNDECLARED_PATH_PARAMETER = "undeclared-path-parameter" Warning,
        "the path parameter `{0}` appears in the path but is not declared; it is taken as a required string",
        "add `- name: {0}` with `in: path` and `required: true` to the operation's parameters";
    PATH_PARAMETER_NOT_IN_PATH = "path-parameter-not-in-path" Warning,
        "the path parameter `{0}` is declared but the path `{1}` has no `{{0}}`; it is skipped",
        "remove the parameter or add it to the path";
    UNCLOSED_PATH_BRACE = "unclosed-path-brace" Warning,
        "the path `{0}` opens a `{` it never closes; it is read as `{1}`",
        "close the brace in the path key";

    // References and schemas.
    UNRESOLVED_REFERENCE = "unresolved-reference" Warning,
        "the reference `{0}` does not resolve; {1}",
        "check the spelling; references must be local to the spec (`#/components/schemas/Name`)";
    REFERENCE_CYCLE = "reference-cycle" Warning,
        "the reference `{0}` is part of a cycle of references; {1}",
        "make one schema or object in the cycle concrete instead of a `$ref`";
    WRONG_KIND_OF_OBJECT = "wrong-kind-of-object" Warning,
        "`{0}` does not name the kind of object used here ({1}); it is skipped",
        "point the reference at a parameter, request body or response as the place needs";
    ALL_OF_TOO_DEEP = "all-of-too-deep" Warning,
        "`allOf` nests deeper than 32 levels, or refers back to itself; the deeper parts are left out",
        "break the cycle of `allOf` references";
    ALIAS_CYCLE = "alias-cycle" Warning,
        "`{0}` is only another name for `{1}`, which leads back to `{0}`: the schemas never say what a value is; it is typed as any JSON value",
        "give one schema of the cycle properties or a type instead of a single `allOf`/`oneOf` reference";
    REQUIRED_CYCLE = "required-cycle" Warning,
        "`{0}.{1}` is required and leads back to `{0}` through required properties, so no finite JSON value satisfies the schema; it is taken as optional",
        "make one of the properties in the cycle optional or nullable";
    REQUIRED_UNKNOWN_PROPERTY = "required-unknown-property" Warning,
        "`required` names `{0}`, which is not a property of the schema; the name is ignored",
        "remove the name from `required`, or declare the property";

    OVERLAY_TARGET_UNMATCHED = "overlay-target-unmatched" Warning,
        "the overlay's target `{0}` selects nothing in the spec; the action is skipped",
        "check the path against the spec, or drop the action if the vendor has fixed what it patched";

    SUBSET_NAMES_NOTHING = "subset-names-nothing" Warning,
        "the subset names the {0} `{1}`, which no operation of the spec has",
        "check the spelling against the spec's tags and operationIds";

    // What the client cannot express, skipped or approximated.
    BOUND_OUT_OF_RANGE = "bound-out-of-range" Warning,
        "`{0}: {1}` is past what its type can hold (64-bit integers, or a length); the bound is dropped",
        "bounds only document the values; write one that fits, such as 9223372036854775807 for `maximum`";
    EXCLUSIVE_BOUND_NUMBER = "exclusive-bound-number" Warning,
        "`{0}: {1}` is a number, as in OpenAPI 3.1, but this is a 3.0 document, where it is a boolean; it is read as `{2}: {1}` not reached",
        "write `{2}: {1}` with `{0}: true` for OpenAPI 3.0, or declare the document `openapi: 3.1.0`";
    OAS32_IGNORED = "oas32-ignored" Warning,
        "`{0}`, new in OpenAPI 3.2, is ignored: {1}",
        "the client is generated from the rest of the document";
    WEBHOOKS_SKIPPED = "webhooks-skipped" Warning,
        "webhooks are skipped: the client only makes requests",
        "handle incoming webhook payloads with the generated models";
    CALLBACKS_SKIPPED = "callbacks-skipped" Warning,
        "callbacks are skipped: the client only makes requests",
        "handle the callback requests in your own server with the generated models";
    PATH_ITEM_REFERENCE = "path-item-reference" Warning,
        "the path item is a reference (`{0}`) and is skipped",
        "inline the path item";
    NO_OPERATION_ID = "no-operation-id" Warning,
        "the operation has no operationId; it is named `{0}`",
        "give it an operationId so its name cannot change when the path does";
    SCHEMA_NAME_COLLISION = "schema-name-collision" Warning,
        "schemas `{0}` and `{1}` both map to the Rust name `{2}`; `{1}` is named `{3}`",
        "rename one of them in the spec, or name it with `Config::schema_name(\"{1}\", \"OtherName\")`";
    SELF_CONTAINING_COMPOSITION = "self-containing-composition" Warning,
        "this schema contains itself through a composition; the inner occurrence is kept as JSON",
        "move the recursive part into a named schema and refer to it with `$ref`";
    ITEMS_BESIDE_TYPE = "items-beside-type" Warning,
        "`items` beside `type: {0}` is ignored: `items` describes the items of an array, and this value's type is `{0}`",
        "remove `items`, or write `type: array` if the value is a list";
    NOT_SCHEMA = "not-schema" Warning,
        "`not` cannot be expressed as a Rust type; the value is kept as JSON",
        "the field accepts any JSON value";
    SECURITY_SCHEME_REFERENCE = "security-scheme-reference" Warning,
        "a referenced security scheme is skipped",
        "inline the scheme";
    COOKIE_API_KEY = "cookie-api-key" Warning,
        "cookie API keys are not supported; the scheme is skipped",
        "set the cookie on your own `reqwest::Client`";
    HTTP_SCHEME_UNSUPPORTED = "http-scheme-unsupported" Warning,
        "HTTP auth scheme `{0}` is not supported; the scheme is skipped",
        "set the header on your own `reqwest::Client`";
    RESERVED_NAME = "reserved-name" Warning,
        "the name `{0}` is one the generated code defines already ({1}); it is named `{2}`",
        "rename it in the spec, or pick the name with `Config::operation_name` or `Config::schema_name`";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_kebab_case_and_every_entry_has_a_hint() {
        let codes: Vec<&str> = CATALOGUE.iter().map(|e| e.code).collect();
        let mut sorted = codes.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted.len(), codes.len(), "duplicate codes: {codes:?}");
        for entry in CATALOGUE {
            assert!(
                entry
                    .code
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
                "{} is kebab case",
                entry.code
            );
            assert!(!entry.hint.is_empty(), "{} has a hint", entry.code);
        }
    }

    #[test]
    fn placeholders_are_filled() {
        let diagnostic = UNDECLARED_PATH_PARAMETER.at(Pointer::root().key("paths"), &[&"id"]);
        assert_eq!(
            diagnostic.message,
            "the path parameter `id` appears in the path but is not declared; it is taken as a required string"
        );
        assert_eq!(
            diagnostic.hint.as_deref(),
            Some("add `- name: id` with `in: path` and `required: true` to the operation's parameters")
        );
    }
}
