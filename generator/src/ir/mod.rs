//! The intermediate representation: plain data that the parser fills and the emitter reads.
//!
//! Nothing here knows `openapiv3` or `quote`. Every collection is ordered, so the
//! same spec always lowers to the same IR and so to the same bytes of output.

mod analyze;
mod graph;
pub mod groups;
mod operation;
mod paging;
pub mod subset;
mod types;

pub use analyze::{analyze, first_success_status, CHAIN_LIMIT, MAX_BY_VALUE_DEPTH};
pub use graph::mentioned;
pub use operation::{
    Body, BodyMedia, FieldEncoding, Operation, Output, Param, ParamLocation, ParamStyle, Response,
    StatusCode, StreamUse, Style,
};
pub use paging::{parse_path, NextPage, Paging, PagingInput, PagingRule, PathStep};
pub use types::{
    EnumValues, Field, Primitive, Struct, TypeDef, TypeKind, TypeRef, Union, UnionTagging,
    UnionVariant,
};

use crate::ident::RustName;
use std::collections::BTreeMap;

/// A whole API, lowered from one spec.
#[derive(Debug, Clone, Default)]
pub struct Api {
    /// The spec's `info.title`.
    pub title: String,
    /// The spec's `info.version`.
    pub version: String,
    /// The spec's `info.description`, if any.
    pub description: Option<String>,
    /// The spec's `info.license`: its SPDX `identifier` (OpenAPI 3.1), else its `name`.
    pub license: Option<String>,
    /// The first server URL, with its variables replaced by their defaults.
    pub default_server: Option<String>,
    /// Every named type, keyed by its Rust name, which is unique.
    pub types: BTreeMap<RustName, TypeDef>,
    /// Every operation, sorted by Rust method name, which is unique.
    pub operations: Vec<Operation>,
    /// The security schemes the client can authenticate with.
    pub security: Vec<SecurityScheme>,
    /// The Rust name of the schema that the API's error responses share, if one does;
    /// filled by the analysis pass.
    pub error_type: Option<RustName>,
    /// Usage examples for the crate docs, from `info.x-codegen-examples`.
    pub examples: Vec<Example>,
    /// The first OAuth 2.0 client credentials flow among the security schemes, if any: the
    /// client can then fetch, cache and renew its own tokens.
    pub client_credentials: Option<ClientCredentials>,
    /// The prefix of the environment variables `Client::from_env` reads: the generator's
    /// option, else the spec's `info.x-codegen-env-prefix`, else one made from the crate name.
    pub env_prefix: String,
}

/// An OAuth 2.0 client credentials flow (RFC 6749 §4.4) of an `oauth2` security scheme.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientCredentials {
    /// The key of the scheme in the spec.
    pub scheme: String,
    /// The flow's `tokenUrl`, as the spec gives it: absolute, or relative to the server.
    pub token_url: String,
    /// The scopes the flow declares, in spec order.
    pub scopes: Vec<String>,
}

/// A usage example written in the spec, compiled as a doctest of the generated crate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Example {
    /// A short title.
    pub title: String,
    /// Rust code; lines starting with `#` are hidden, as in rustdoc.
    pub code: String,
}

/// How an operation's security requirements name the one credential the client sends as
/// `Authorization: Bearer` for every HTTP bearer, OAuth 2.0 and OpenID Connect scheme. A
/// scheme's key cannot hold a space, so no scheme is named so. The runtime's
/// `client::BEARER` is the same text.
pub const BEARER_SLOT: &str = "Authorization: Bearer";

/// One way to authenticate, from `components/securitySchemes`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecurityScheme {
    /// The key of the scheme in the spec.
    pub key: String,
    /// The snake_case name of the builder method that sets it.
    pub method_name: RustName,
    /// The scheme's description, if any.
    pub description: Option<String>,
    /// How the credential travels.
    pub kind: SecurityKind,
}

/// How a credential travels on the wire.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SecurityKind {
    /// An API key in a header, with an optional prefix before the key (Okta's `SSWS `).
    ApiKeyHeader { header: String, prefix: String },
    /// An API key in the query string.
    ApiKeyQuery { param: String },
    /// An `Authorization: Bearer` token: HTTP bearer auth, OAuth 2.0 or OpenID Connect.
    Bearer,
    /// HTTP basic auth.
    Basic,
}
