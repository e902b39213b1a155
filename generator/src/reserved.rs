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
        "fmt",
        "receive",
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
        "bearer_token",
        "build",
        "connect_timeout",
        "fmt",
        "http_client",
        "max_body_size",
        "max_empty_pages",
        "max_retries",
        "max_retry_wait",
        "read_timeout",
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
        "fmt",
        "into_stream",
        "parts",
        "send",
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
    "uri",
    "verify",
    "wiremock",
];

/// The prefix of the mock server's method for an operation.
pub const MOCK_EXPECT_PREFIX: &str = "expect_";

/// Fields and methods of `Page` (`templates/runtime/pagination.rs`).
pub const PAGE_MEMBERS: &[&str] = &[
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

/// The modules of a generated crate: the generated ones, then the runtime's.
pub const MODULES: &[&str] = &[
    "models",
    "operations",
    "mock",
    "mock_kit",
    "client",
    "error",
    "nullable",
    "pagination",
    "request",
    "response",
    "send",
];

/// The public types of the runtime, re-exported at the crate root.
pub const RUNTIME_TYPES: &[&str] = &[
    "ApiError",
    "BodyTooLarge",
    "Client",
    "ClientBuilder",
    "DecodeError",
    "Error",
    "ErrorBody",
    "Nullable",
    "Page",
    "PaginationError",
    "RateLimit",
    "Response",
    "TimeoutError",
    "TokenFuture",
    "TokenProvider",
    "UnexpectedStatus",
];

/// The field of every model that keeps the properties the spec does not name.
pub const ADDITIONAL_PROPERTIES: &str = "additional_properties";

/// The variant of every enum (and tagged union) that keeps values the spec does not list.
pub const UNKNOWN_VARIANT: &str = "Unknown";

/// The suffix of the enum of an operation's success responses, after its builder's name:
/// builders are named so that no builder takes another's enum name.
pub const RESPONSES_SUFFIX: &str = "Response";
