//! Security lowering: `components/securitySchemes` to the ways the client can authenticate.

use super::context::Context;
use crate::ident::{self, Namespace};
use crate::ir::{SecurityKind, SecurityScheme};
use openapiv3::{APIKeyLocation, ReferenceOr};

/// The vendor extension that gives the text before an API key, such as Okta's `SSWS`.
const PREFIX_EXTENSION: &str = "x-api-key-prefix";

/// Lowers every security scheme the client can use, in spec order.
pub fn lower(cx: &mut Context<'_>) -> Vec<SecurityScheme> {
    let Some(components) = &cx.doc.components else {
        return Vec::new();
    };
    let mut names = Namespace::with_reserved(&[
        "build",
        "http_client",
        "timeout",
        "connect_timeout",
        "user_agent_suffix",
        "max_retries",
        "max_retry_wait",
        "bearer_token",
        "token_provider",
        "header",
    ]);
    let mut out = Vec::new();
    let mut has_bearer = false;
    for (key, scheme) in &components.security_schemes {
        let pointer = crate::diagnostics::join_pointer("#/components/securitySchemes", key);
        let ReferenceOr::Item(scheme) = scheme else {
            cx.warn(
                &pointer,
                "a referenced security scheme is skipped",
                "inline the scheme",
            );
            continue;
        };
        let (kind, description) = match scheme {
            openapiv3::SecurityScheme::APIKey {
                location,
                name,
                description,
                extensions,
            } => {
                let kind = match location {
                    APIKeyLocation::Header => {
                        let prefix = extensions
                            .get(PREFIX_EXTENSION)
                            .and_then(|v| v.as_str())
                            .map(|p| format!("{} ", p.trim_end()))
                            .unwrap_or_default();
                        SecurityKind::ApiKeyHeader {
                            header: name.clone(),
                            prefix,
                        }
                    }
                    APIKeyLocation::Query => SecurityKind::ApiKeyQuery {
                        param: name.clone(),
                    },
                    APIKeyLocation::Cookie => {
                        cx.warn(
                            &pointer,
                            "cookie API keys are not supported; the scheme is skipped",
                            "set the cookie on your own `reqwest::Client`",
                        );
                        continue;
                    }
                };
                (kind, description.clone())
            }
            openapiv3::SecurityScheme::HTTP {
                scheme,
                description,
                ..
            } => {
                match scheme.to_ascii_lowercase().as_str() {
                    "bearer" => (SecurityKind::Bearer, description.clone()),
                    "basic" => (SecurityKind::Basic, description.clone()),
                    other => {
                        cx.warn(&pointer, format!("HTTP auth scheme `{other}` is not supported; the scheme is skipped"), "set the header on your own `reqwest::Client`");
                        continue;
                    }
                }
            }
            openapiv3::SecurityScheme::OAuth2 { description, .. }
            | openapiv3::SecurityScheme::OpenIDConnect { description, .. } => {
                (SecurityKind::Bearer, description.clone())
            }
        };
        if kind == SecurityKind::Bearer {
            if has_bearer {
                continue;
            }
            has_bearer = true;
        }
        let method_name = match &kind {
            SecurityKind::Bearer => "bearer_token".to_string(),
            SecurityKind::Basic => names.unique("basic_auth".to_string()),
            _ => names.unique(ident::snake(key)),
        };
        out.push(SecurityScheme {
            key: key.clone(),
            method_name,
            description,
            kind,
        });
    }
    out
}
