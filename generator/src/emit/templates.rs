//! The fixed files of `templates/`, built into the generator so it runs from anywhere.

/// The runtime modules every generated crate carries, as (module name, source).
pub const RUNTIME: &[(&str, &str)] = &[
    (
        "body_paging",
        include_str!("../../../templates/runtime/body_paging.rs"),
    ),
    (
        "challenge",
        include_str!("../../../templates/runtime/challenge.rs"),
    ),
    (
        "client",
        include_str!("../../../templates/runtime/client.rs"),
    ),
    (
        "environment",
        include_str!("../../../templates/runtime/environment.rs"),
    ),
    ("error", include_str!("../../../templates/runtime/error.rs")),
    (
        "nullable",
        include_str!("../../../templates/runtime/nullable.rs"),
    ),
    (
        "pagination",
        include_str!("../../../templates/runtime/pagination.rs"),
    ),
    (
        "request",
        include_str!("../../../templates/runtime/request.rs"),
    ),
    (
        "response",
        include_str!("../../../templates/runtime/response.rs"),
    ),
    ("retry", include_str!("../../../templates/runtime/retry.rs")),
    ("send", include_str!("../../../templates/runtime/send.rs")),
    ("style", include_str!("../../../templates/runtime/style.rs")),
];

/// The runtime module of binary request bodies sent as they are read, in a crate whose spec
/// has one.
pub const UPLOAD: (&str, &str) = (
    "upload",
    include_str!("../../../templates/runtime/upload.rs"),
);

/// The runtime module of responses read as they arrive, in a crate whose spec has a binary
/// response, events or JSON lines.
pub const BYTE_STREAM: (&str, &str) = (
    "byte_stream",
    include_str!("../../../templates/runtime/byte_stream.rs"),
);

/// The runtime module of JSON lines and JSON text sequences, in a crate whose spec has
/// either or events (whose data it decodes).
pub const JSON_STREAM: (&str, &str) = (
    "json_stream",
    include_str!("../../../templates/runtime/json_stream.rs"),
);

/// The runtime module of server-sent events, in a crate whose spec has some.
pub const EVENT_STREAM: (&str, &str) = (
    "event_stream",
    include_str!("../../../templates/runtime/event_stream.rs"),
);

/// The manifest lines of the event-stream parser, for a crate whose spec has events.
pub const EVENTS_DEPENDENCY: &str = include_str!("../../../templates/Cargo.events.toml.tmpl");

/// The runtime modules of OAuth 2.0 client credentials, in a crate whose spec has such a
/// flow, under its `oauth` feature.
pub const OAUTH: &[(&str, &str)] = &[
    ("jose", include_str!("../../../templates/runtime/jose.rs")),
    ("oauth", include_str!("../../../templates/runtime/oauth.rs")),
];

/// The manifest lines of the `oauth` feature's dependencies.
pub const OAUTH_DEPENDENCIES: &str = include_str!("../../../templates/Cargo.oauth.toml.tmpl");

/// The typed mock server of the `mock` feature.
pub const MOCK_KIT: &str = include_str!("../../../templates/runtime/mock_kit.rs");

/// The mock kit's OAuth 2.0 authorization server, under the `mock` and `oauth` features.
pub const MOCK_OAUTH: &str = include_str!("../../../templates/runtime/mock_oauth.rs");

/// The generated crate's manifest, with `{{name}}`, `{{version}}` and `{{description}}` to fill.
pub const CARGO_TOML: &str = include_str!("../../../templates/Cargo.toml.tmpl");

/// The generated crate's build script.
pub const BUILD_RS: &str = include_str!("../../../templates/build.rs.tmpl");
