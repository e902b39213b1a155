//! Every name that generated code and its runtime define, in one place, so that no name from
//! a spec can take one of them. Lowering starts each namespace with the names here; a spec
//! name that collides is renamed with a warning. A test reads the runtime templates and the
//! emitted code and fails when they define a name this registry lacks.

/// Names taken in one namespace of generated code, and what takes them.
#[derive(Debug, Clone, Copy)]
pub struct Reserved {
    /// What defines the names, for the warning that renames a spec name.
    pub owner: &'static str,
    /// The names.
    pub names: &'static [&'static str],
}

/// Methods of `Client` (`templates/runtime/client.rs` and `send.rs`), and the methods its
/// derives bring: an operation's method may not take one.
pub const CLIENT_METHODS: Reserved = Reserved {
    owner: "a method of `Client`",
    names: &[
        "base_url",
        "build_request",
        "builder",
        "clone",
        "execute",
        "execute_streaming",
        "execute_traced",
        "execute_with_retries",
        "fmt",
        "from_env",
        "receive",
        "receive_head",
        "transport",
    ],
};

/// Methods of `ClientBuilder` (`templates/runtime/client.rs`), and `fmt` of its `Debug`: a
/// security scheme's method may not take one.
pub const CLIENT_BUILDER_METHODS: Reserved = Reserved {
    owner: "a method of `ClientBuilder`",
    names: &[
        "api_key_header",
        "api_key_query",
        "authenticator",
        "bearer_token",
        "build",
        "client_credentials",
        "connect_timeout",
        "fmt",
        "from_env",
        "hold_key",
        "http_client",
        "max_body_size",
        "max_empty_pages",
        "max_item_size",
        "max_retries",
        "max_retry_wait",
        "read_timeout",
        "retry_policy",
        "strict_decoding",
        "timeout",
        "token_provider",
        "user_agent_suffix",
    ],
};

/// The fields and methods every request builder has besides its parameters' (`client`, the
/// body, `send` and the rest), and those of its derives: a parameter may not take one.
pub const REQUEST_BUILDER_MEMBERS: Reserved = Reserved {
    owner: "a member of every request builder",
    names: &[
        "body",
        "client",
        "clone",
        "files",
        "fmt",
        "into_stream",
        "last_event_id",
        "part",
        "parts",
        "read_timeout",
        "retry_policy",
        "send",
        "send_page",
        "send_stream",
        "send_with_response",
    ],
};

/// Methods of the mock kit's `MockServer` (`templates/runtime/mock_kit.rs`). Operations get
/// `expect_<method>` there, which none of these starts with.
pub const MOCK_SERVER_METHODS: &[&str] = &[
    "client",
    "client_builder",
    "expectation",
    "mount",
    "page_cursor",
    "received_requests",
    "start",
    "token_endpoint",
    "uri",
    "verify",
    "wiremock",
];

/// The prefix of the mock server's method for an operation.
pub const MOCK_EXPECT_PREFIX: &str = "expect_";

/// Fields and methods of `Page` (`templates/runtime/pagination.rs`).
pub const PAGE_MEMBERS: &[&str] = &[
    "cursor",
    "from_response",
    "has_next",
    "headers",
    "into_iter",
    "items",
    "next",
    "next_cursor",
    "rate_limit",
    "status",
];

/// The public types of the runtime, re-exported at the crate root.
pub const RUNTIME_TYPES: &[&str] = &[
    "ApiError",
    "Body",
    "BodyTooLarge",
    "ByteStream",
    "Client",
    "ClientBuilder",
    "ClientCredentials",
    "DecodeError",
    "Error",
    "ErrorBody",
    "Event",
    "EventStream",
    "InsufficientScope",
    "JsonStream",
    "Nullable",
    "OAuthError",
    "Page",
    "PaginationError",
    "PrivateKey",
    "RateLimit",
    "Response",
    "RetryPolicy",
    "StreamError",
    "StreamErrorKind",
    "TimeoutError",
    "TokenFuture",
    "TokenProvider",
    "UndecodedItem",
    "UnexpectedStatus",
];

/// The crates generated code names, by absolute path (`::serde::Serialize`) or, in the
/// runtime templates, by name (`reqwest::header`). In the `include!` form they are reached
/// through the runtime crate, which re-exports each.
pub const EXTERN_CRATES: &[&str] = &[
    "base64",
    "bytes",
    "chrono",
    "futures_util",
    "http_link",
    "jsonwebtoken",
    "memchr",
    "percent_encoding",
    "reqwest",
    "ring",
    "serde",
    "serde_json",
    "sse_stream",
    "tokio",
    "tracing",
    "url",
    "wiremock",
];

/// The runtime crate a build script's includer depends on (`generator/runtime`).
pub const RUNTIME_CRATE: &str = "oas_codegen_runtime";

/// The field of every model that keeps the properties the spec does not name.
pub const ADDITIONAL_PROPERTIES: &str = "additional_properties";

/// The variant of every enum (and tagged union) that keeps values the spec does not list.
pub const UNKNOWN_VARIANT: &str = "Unknown";

/// The suffix of the enum of an operation's success responses, after its builder's name:
/// builders are named so that no builder takes another's enum name.
pub const RESPONSES_SUFFIX: &str = "Response";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::emit::templates::{Needs, RUNTIME};
    use std::collections::BTreeSet;

    /// The names an `impl` block of `type_name` defines in `file`: its functions.
    fn impl_fns(file: &syn::File, type_name: &str) -> BTreeSet<String> {
        file.items
            .iter()
            .filter_map(|item| match item {
                syn::Item::Impl(block) if block.trait_.is_none() => Some(block),
                _ => None,
            })
            .filter(|block| match &*block.self_ty {
                syn::Type::Path(path) => path
                    .path
                    .segments
                    .last()
                    .is_some_and(|s| s.ident == type_name),
                _ => false,
            })
            .flat_map(|block| &block.items)
            .filter_map(|item| match item {
                syn::ImplItem::Fn(f) => Some(f.sig.ident.to_string()),
                _ => None,
            })
            .collect()
    }

    /// The fields of the struct `type_name` in `file`.
    fn struct_fields(file: &syn::File, type_name: &str) -> BTreeSet<String> {
        file.items
            .iter()
            .filter_map(|item| match item {
                syn::Item::Struct(s) if s.ident == type_name => Some(s),
                _ => None,
            })
            .flat_map(|s| &s.fields)
            .filter_map(|f| f.ident.as_ref().map(ToString::to_string))
            .collect()
    }

    /// The names a `use` tree brings in.
    fn leaves(tree: &syn::UseTree, out: &mut BTreeSet<String>) {
        match tree {
            syn::UseTree::Path(path) => leaves(&path.tree, out),
            syn::UseTree::Name(name) => {
                out.insert(name.ident.to_string());
            }
            syn::UseTree::Rename(rename) => {
                out.insert(rename.rename.to_string());
            }
            syn::UseTree::Group(group) => group.items.iter().for_each(|item| leaves(item, out)),
            syn::UseTree::Glob(_) => {}
        }
    }

    fn parse(source: &str) -> syn::File {
        syn::parse_file(&source.replace("{{crate}}", "api")).expect("a template parses")
    }

    fn assert_listed(found: BTreeSet<String>, registry: &[&str], what: &str) {
        let missing: Vec<&String> = found
            .iter()
            .filter(|name| !registry.contains(&name.as_str()))
            .collect();
        assert!(
            missing.is_empty(),
            "{what} defines {missing:?}, which the registry lacks"
        );
    }

    #[test]
    fn the_runtime_defines_no_name_the_registry_lacks() {
        let mut public_types = BTreeSet::new();
        let mut mock_kit = syn::File {
            shebang: None,
            attrs: Vec::new(),
            items: Vec::new(),
        };
        for template in RUNTIME {
            let file = parse(template.source);
            if matches!(template.needs, Needs::Mock | Needs::MockOAuth) {
                mock_kit.items.extend(file.items);
                continue;
            }
            assert_listed(
                impl_fns(&file, "Client"),
                CLIENT_METHODS.names,
                "`impl Client`",
            );
            assert_listed(
                impl_fns(&file, "ClientBuilder"),
                CLIENT_BUILDER_METHODS.names,
                "`impl ClientBuilder`",
            );
            let mut page = impl_fns(&file, "Page");
            page.extend(struct_fields(&file, "Page"));
            assert_listed(page, PAGE_MEMBERS, "`Page`");
            for item in &file.items {
                let public = |vis: &syn::Visibility| matches!(vis, syn::Visibility::Public(_));
                let name = match item {
                    syn::Item::Struct(s) if public(&s.vis) => s.ident.to_string(),
                    syn::Item::Enum(e) if public(&e.vis) => e.ident.to_string(),
                    syn::Item::Trait(t) if public(&t.vis) => t.ident.to_string(),
                    syn::Item::Type(t) if public(&t.vis) => t.ident.to_string(),
                    _ => continue,
                };
                public_types.insert(name);
            }
        }
        assert_listed(public_types, RUNTIME_TYPES, "the runtime's public types");
        assert_listed(
            impl_fns(&mock_kit, "MockServer"),
            MOCK_SERVER_METHODS,
            "`impl MockServer`",
        );
    }

    #[test]
    fn request_builders_define_no_name_the_registry_lacks() {
        let spec = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      operationId: list\n      responses:\n        '200': {description: ok, content: {application/json: {schema: {type: array, items: {type: string}}}}}\n    post:\n      operationId: create\n      requestBody: {content: {application/json: {schema: {type: object}}}}\n      responses:\n        '200': {description: ok}\n        '201': {description: made, content: {application/json: {schema: {type: string}}}}\n";
        let options = crate::Options::default();
        let generated =
            crate::generate_crate(spec, std::path::Path::new("t.yaml"), &options, "test")
                .expect("the spec generates");
        let file =
            syn::parse_file(&generated.files["src/operations.rs"]).expect("the operations parse");
        for builder in ["List", "Create"] {
            let mut members = impl_fns(&file, builder);
            members.extend(struct_fields(&file, builder));
            assert_listed(members, REQUEST_BUILDER_MEMBERS.names, builder);
        }
        let root = syn::parse_file(&generated.files["src/lib.rs"]).expect("the root parses");
        let mut exported = BTreeSet::new();
        for item in &root.items {
            if let syn::Item::Use(import) = item {
                leaves(&import.tree, &mut exported);
            }
        }
        exported.remove("reqwest");
        assert_listed(exported, RUNTIME_TYPES, "the crate root's re-exports");
    }
}
