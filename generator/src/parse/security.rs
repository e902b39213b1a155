//! Security lowering: `components/securitySchemes` to the ways the client can authenticate.

use super::context::Context;
use crate::diagnostics::catalogue::{
    COOKIE_API_KEY, HTTP_SCHEME_UNSUPPORTED, SECURITY_SCHEME_REFERENCE,
};
use crate::diagnostics::Pointer;
use crate::ident::{self, Namespace};
use crate::ir::{ClientCredentials, SecurityKind, SecurityScheme, BEARER_SLOT};
use openapiv3::{APIKeyLocation, ReferenceOr, SecurityRequirement};

/// The vendor extension that gives the text before an API key, such as Okta's `SSWS`.
const PREFIX_EXTENSION: &str = "x-api-key-prefix";

/// Lowers every security scheme the client can use, in spec order.
pub fn lower(cx: &mut Context<'_>) -> Vec<SecurityScheme> {
    let Some(components) = &cx.doc.components else {
        return Vec::new();
    };
    let mut names = Namespace::reserving(crate::reserved::CLIENT_BUILDER_METHODS);
    let mut out = Vec::new();
    let mut has_bearer = false;
    for (key, scheme) in &components.security_schemes {
        let pointer = Pointer::root()
            .key("components")
            .key("securitySchemes")
            .key(key);
        let ReferenceOr::Item(scheme) = scheme else {
            cx.report(&SECURITY_SCHEME_REFERENCE, pointer, &[]);
            continue;
        };
        let Some((kind, description)) = kind_of(cx, scheme, &pointer) else {
            continue;
        };
        if kind == SecurityKind::Bearer {
            if has_bearer {
                continue;
            }
            has_bearer = true;
        }
        let method_name = match &kind {
            SecurityKind::Bearer => ident::snake("bearer_token"),
            SecurityKind::Basic => cx.claim(&mut names, ident::snake("basic_auth"), &pointer),
            _ => cx.claim(&mut names, ident::snake(key), &pointer),
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

/// How a scheme's credential travels, and its description; `None`, with a warning, for a
/// scheme the client cannot use.
fn kind_of(
    cx: &mut Context<'_>,
    scheme: &openapiv3::SecurityScheme,
    pointer: &Pointer,
) -> Option<(SecurityKind, Option<String>)> {
    let kind = match scheme {
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
                    cx.report(&COOKIE_API_KEY, pointer.clone(), &[]);
                    return None;
                }
            };
            (kind, description.clone())
        }
        openapiv3::SecurityScheme::HTTP {
            scheme,
            description,
            ..
        } => match scheme.to_ascii_lowercase().as_str() {
            "bearer" => (SecurityKind::Bearer, description.clone()),
            "basic" => (SecurityKind::Basic, description.clone()),
            other => {
                cx.report(&HTTP_SCHEME_UNSUPPORTED, pointer.clone(), &[&other]);
                return None;
            }
        },
        openapiv3::SecurityScheme::OAuth2 { description, .. }
        | openapiv3::SecurityScheme::OpenIDConnect { description, .. } => {
            (SecurityKind::Bearer, description.clone())
        }
    };
    Some(kind)
}

/// The first OAuth 2.0 client credentials flow of the spec's security schemes, in spec order.
pub fn client_credentials(cx: &Context<'_>) -> Option<ClientCredentials> {
    let components = cx.doc.components.as_ref()?;
    components
        .security_schemes
        .iter()
        .find_map(|(key, scheme)| match scheme {
            ReferenceOr::Item(openapiv3::SecurityScheme::OAuth2 { flows, .. }) => {
                let flow = flows.client_credentials.as_ref()?;
                Some(ClientCredentials {
                    scheme: key.clone(),
                    token_url: flow.token_url.clone(),
                    scopes: flow.scopes.keys().cloned().collect(),
                })
            }
            _ => None,
        })
}

/// An operation's security requirements, its own else the spec's: each alternative's
/// schemes, by key, with every scheme that sends `Authorization: Bearer` (HTTP bearer, OAuth
/// 2.0, OpenID Connect) as the one [`BEARER_SLOT`] the client holds for them all.
pub fn requirements(
    cx: &Context<'_>,
    own: Option<&Vec<SecurityRequirement>>,
) -> Option<Vec<Vec<String>>> {
    let requirements = own.or(cx.doc.security.as_ref())?;
    let schemes = cx.doc.components.as_ref().map(|c| &c.security_schemes);
    let slot = |key: &String| match schemes.and_then(|s| s.get(key)) {
        Some(ReferenceOr::Item(
            openapiv3::SecurityScheme::OAuth2 { .. }
            | openapiv3::SecurityScheme::OpenIDConnect { .. },
        )) => BEARER_SLOT.to_string(),
        Some(ReferenceOr::Item(openapiv3::SecurityScheme::HTTP { scheme, .. }))
            if scheme.eq_ignore_ascii_case("bearer") =>
        {
            BEARER_SLOT.to_string()
        }
        _ => key.clone(),
    };
    let alternatives = requirements
        .iter()
        .map(|requirement| {
            let mut slots: Vec<String> = Vec::new();
            for slot in requirement.keys().map(slot) {
                if !slots.contains(&slot) {
                    slots.push(slot);
                }
            }
            slots
        })
        .collect();
    Some(alternatives)
}

/// The OAuth 2.0 scopes an operation's security requirements name: its own requirements,
/// else the spec's; only those of `oauth2` and `openIdConnect` schemes, each once, in order.
pub fn scopes(cx: &Context<'_>, own: Option<&Vec<SecurityRequirement>>) -> Vec<String> {
    let requirements = own.or(cx.doc.security.as_ref());
    let schemes = cx.doc.components.as_ref().map(|c| &c.security_schemes);
    let is_oauth = |key: &str| {
        matches!(
            schemes.and_then(|s| s.get(key)),
            Some(ReferenceOr::Item(
                openapiv3::SecurityScheme::OAuth2 { .. }
                    | openapiv3::SecurityScheme::OpenIDConnect { .. }
            ))
        )
    };
    let mut out: Vec<String> = Vec::new();
    for requirement in requirements.into_iter().flatten() {
        for (key, scopes) in requirement {
            if !is_oauth(key) {
                continue;
            }
            for scope in scopes {
                if !out.contains(scope) {
                    out.push(scope.clone());
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::BEARER_SLOT;

    #[test]
    fn the_runtime_names_the_bearer_slot_as_the_ir_does() {
        let client = include_str!("../../templates/runtime/client.rs");
        let line = format!("pub(crate) const BEARER: &str = \"{BEARER_SLOT}\";");
        assert!(client.contains(&line), "{line}");
    }
}
