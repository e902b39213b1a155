//! Pagination through the body: where a page's items are, and how the next page is asked
//! for, as a spec's extensions declare it (or its shape implies it).

use super::{
    Api, BodyMedia, Operation, Output, ParamLocation, Primitive, TypeDef, TypeKind, TypeRef,
};
use crate::diagnostics::catalogue::{PAGINATION_INFERRED, PAGINATION_MISMATCH};
use crate::diagnostics::Diagnostics;
use crate::ident::RustName;
use std::collections::BTreeMap;

/// How an operation's responses page through their body.
#[derive(Debug, Clone, PartialEq)]
pub struct Paging {
    /// What declared it.
    pub rule: PagingRule,
    /// Where the items are in the body.
    pub results: Vec<PathStep>,
    /// How the next page is asked for.
    pub next: NextPage,
    /// The type of one item; filled by the analysis pass, which checks `results` against
    /// the response's schema.
    pub item: TypeRef,
}

/// What declared an operation's pagination.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum PagingRule {
    /// `x-speakeasy-pagination`.
    Speakeasy,
    /// `x-fern-pagination`.
    Fern,
    /// `x-ms-pageable` (Azure).
    MsPageable,
    /// `x-dropshot-pagination` (Oxide).
    Dropshot,
    /// A `has_more` body and a `starting_after` or `after` parameter (Stripe, OpenAI).
    HasMore,
    /// The user's declaration, in Speakeasy's shape (`--pagination`, `Config::pagination`).
    User,
}

impl PagingRule {
    /// The rule as the spec or a reader names it.
    pub fn name(self) -> &'static str {
        match self {
            PagingRule::Speakeasy => "x-speakeasy-pagination",
            PagingRule::Fern => "x-fern-pagination",
            PagingRule::MsPageable => "x-ms-pageable",
            PagingRule::Dropshot => "x-dropshot-pagination",
            PagingRule::HasMore => "has_more (inferred)",
            PagingRule::User => "--pagination",
        }
    }
}

/// One step of a path into a JSON body: a property, or an array index (negative from the end).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathStep {
    Key(String),
    Index(i64),
}

/// Where a paging value goes in the next request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PagingInput {
    /// The query parameter's name, or the JSON body's property.
    pub name: String,
    /// In the JSON body rather than the query.
    pub in_body: bool,
}

/// How the next page is asked for.
#[derive(Debug, Clone, PartialEq)]
pub enum NextPage {
    /// The body's cursor at `from` goes into `input`; no cursor, or an empty page, ends it.
    Cursor {
        from: Vec<PathStep>,
        input: PagingInput,
    },
    /// While `has_more` is true, the first cursor found (`last_id`, then the last item's
    /// `id`, say) goes into `input`.
    HasMore {
        has_more: Vec<PathStep>,
        cursors: Vec<Vec<PathStep>>,
        input: PagingInput,
    },
    /// `input` counts items (or pages, when `pages`); an empty page ends it, and a short one
    /// when `limit` was sent.
    Offset {
        input: PagingInput,
        limit: Option<PagingInput>,
        pages: bool,
    },
    /// The body's URL at `from` is the next page, fetched with `GET` as given.
    NextLink { from: Vec<PathStep> },
    /// The body's token at `from` goes into the query parameter `input`, and of the first
    /// request's query only `keep` stays (Dropshot's rule).
    Token {
        from: Vec<PathStep>,
        input: PagingInput,
        keep: Vec<String>,
    },
}

/// Reads a JSONPath of the singular kind pagination declarations use (`$.data`,
/// `$.data.items[-1].id`, `$['@odata.nextLink']`), after an optional prefix such as Fern's
/// `$response`; `None` for any other.
pub fn parse_path(path: &str, root: &str) -> Option<Vec<PathStep>> {
    let mut rest = path.trim().strip_prefix(root)?;
    let mut steps = Vec::new();
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix('.') {
            let end = after.find(['.', '[']).unwrap_or(after.len());
            if end == 0 {
                return None;
            }
            steps.push(PathStep::Key(after[..end].to_string()));
            rest = &after[end..];
        } else if let Some(after) = rest.strip_prefix('[') {
            let end = after.find(']')?;
            let inner = after[..end].trim();
            let quoted = inner
                .strip_prefix('\'')
                .and_then(|s| s.strip_suffix('\''))
                .or_else(|| inner.strip_prefix('"').and_then(|s| s.strip_suffix('"')));
            steps.push(match quoted {
                Some(key) => PathStep::Key(key.to_string()),
                None => PathStep::Index(inner.parse().ok()?),
            });
            rest = &after[end + 1..];
        } else {
            return None;
        }
    }
    Some(steps)
}

/// Checks every operation's declared pagination against its response, filling the item
/// type, and infers the pagination of `has_more` lists that declare none. A declaration that
/// does not fit is dropped with a warning; an inference is reported as a note.
pub fn resolve(api: &mut Api, diagnostics: &mut Diagnostics) {
    let types = &api.types;
    for op in &mut api.operations {
        let Some(body) = json_body(op) else {
            if let Some(paging) = op.paging.take() {
                let why = "its success response has no JSON body";
                diagnostics
                    .push(PAGINATION_MISMATCH.at(op.pointer.clone(), &[&paging.rule.name(), &why]));
            }
            continue;
        };
        let declared = op.paging.take();
        let inferred = declared
            .is_none()
            .then(|| infer(op, &body, types))
            .flatten();
        let Some(mut paging) = declared.or(inferred.clone()) else {
            continue;
        };
        match item_type(types, &body, &paging) {
            Ok(item) => {
                if let (Some(_), NextPage::HasMore { input, .. }) = (&inferred, &paging.next) {
                    let like = if input.name == "starting_after" {
                        "Stripe"
                    } else {
                        "OpenAI"
                    };
                    diagnostics
                        .push(PAGINATION_INFERRED.at(op.pointer.clone(), &[&like, &input.name]));
                }
                paging.item = item;
                op.paging = Some(paging);
            }
            Err(why) => {
                diagnostics
                    .push(PAGINATION_MISMATCH.at(op.pointer.clone(), &[&paging.rule.name(), &why]));
            }
        }
    }
}

/// The JSON body of an operation's successes, when they share one.
fn json_body(op: &Operation) -> Option<TypeRef> {
    match &op.output {
        Output::Single(Some((BodyMedia::Json, ty))) => Some(ty.clone()),
        _ => None,
    }
}

/// The item type of the array at the paging's `results`, and a check that its other paths
/// lead somewhere in the body.
fn item_type(
    types: &BTreeMap<RustName, TypeDef>,
    body: &TypeRef,
    paging: &Paging,
) -> Result<TypeRef, String> {
    let results = walk(types, body, &paging.results)?;
    let item = match resolved(types, &results) {
        TypeRef::Array(item) => (**item).clone(),
        TypeRef::Any => TypeRef::Any,
        _ => return Err(format!("`{}` is not an array", describe(&paging.results))),
    };
    let mut paths: Vec<&Vec<PathStep>> = Vec::new();
    match &paging.next {
        NextPage::Cursor { from, .. }
        | NextPage::NextLink { from }
        | NextPage::Token { from, .. } => paths.push(from),
        NextPage::HasMore { has_more, .. } => paths.push(has_more),
        NextPage::Offset { .. } => {}
    }
    for path in paths {
        walk(types, body, path)?;
    }
    Ok(item)
}

/// The type at `path` in a value of type `ty`.
fn walk(
    types: &BTreeMap<RustName, TypeDef>,
    ty: &TypeRef,
    path: &[PathStep],
) -> Result<TypeRef, String> {
    let mut current = ty.clone();
    for (index, step) in path.iter().enumerate() {
        let here = resolved(types, &current).clone();
        current = match (step, &here) {
            (_, TypeRef::Any) => TypeRef::Any,
            (PathStep::Index(_), TypeRef::Array(item)) => (**item).clone(),
            (PathStep::Key(_), TypeRef::Map(value)) => (**value).clone(),
            (PathStep::Key(key), TypeRef::Named(name)) => match types.get(name).map(|d| &d.kind) {
                Some(TypeKind::Struct(st)) => {
                    match st.fields.iter().find(|f| f.json_name == *key) {
                        Some(field) => field.ty.clone(),
                        None => {
                            return Err(format!(
                                "the response has no `{}`",
                                describe(&path[..=index])
                            ))
                        }
                    }
                }
                _ => TypeRef::Any,
            },
            _ => {
                return Err(format!(
                    "the response has no `{}`",
                    describe(&path[..=index])
                ))
            }
        };
    }
    Ok(current)
}

/// The type behind aliases and newtypes, at most [`super::CHAIN_LIMIT`] of them deep.
fn resolved<'a>(types: &'a BTreeMap<RustName, TypeDef>, ty: &'a TypeRef) -> &'a TypeRef {
    let mut current = ty;
    for _ in 0..super::CHAIN_LIMIT {
        let TypeRef::Named(name) = current else {
            return current;
        };
        match types.get(name).map(|d| &d.kind) {
            Some(TypeKind::Alias(inner) | TypeKind::Newtype(inner)) => current = inner,
            _ => return current,
        }
    }
    current
}

/// A path as JSONPath, for messages.
fn describe(path: &[PathStep]) -> String {
    let mut text = "$".to_string();
    for step in path {
        match step {
            PathStep::Key(key) => text.push_str(&format!(".{key}")),
            PathStep::Index(index) => text.push_str(&format!("[{index}]")),
        }
    }
    text
}

/// The pagination of an undeclared `GET` that can mean only one thing: a body with `data`
/// (an array of objects with a string `id`) and a boolean `has_more`, and a `starting_after`
/// (Stripe) or `after` (OpenAI, which prefers the body's `last_id`) query parameter.
fn infer(op: &Operation, body: &TypeRef, types: &BTreeMap<RustName, TypeDef>) -> Option<Paging> {
    if op.http_method != "GET" {
        return None;
    }
    let key = |k: &str| PathStep::Key(k.to_string());
    let is = |path: &[PathStep], want: &TypeRef| {
        walk(types, body, path)
            .ok()
            .map(|t| resolved(types, &t).clone())
            == Some(want.clone())
    };
    if !is(&[key("has_more")], &TypeRef::Primitive(Primitive::Boolean))
        || !is(
            &[key("data"), PathStep::Index(0), key("id")],
            &TypeRef::Primitive(Primitive::String),
        )
    {
        return None;
    }
    let param = ["starting_after", "after"].into_iter().find(|name| {
        op.params
            .iter()
            .any(|p| p.name == *name && p.location == ParamLocation::Query)
    })?;
    let last_item = vec![key("data"), PathStep::Index(-1), key("id")];
    let cursors = if param == "after" && walk(types, body, &[key("last_id")]).is_ok() {
        vec![vec![key("last_id")], last_item]
    } else {
        vec![last_item]
    };
    Some(Paging {
        rule: PagingRule::HasMore,
        results: vec![key("data")],
        next: NextPage::HasMore {
            has_more: vec![key("has_more")],
            cursors,
            input: PagingInput {
                name: param.to_string(),
                in_body: false,
            },
        },
        item: TypeRef::Any,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn singular_paths_are_read_and_others_refused() {
        let key = |k: &str| PathStep::Key(k.to_string());
        assert_eq!(parse_path("$.data", "$"), Some(vec![key("data")]));
        assert_eq!(
            parse_path("$.data.resultArray[-1].id", "$"),
            Some(vec![
                key("data"),
                key("resultArray"),
                PathStep::Index(-1),
                key("id")
            ])
        );
        assert_eq!(
            parse_path("$['@odata.nextLink']", "$"),
            Some(vec![key("@odata.nextLink")])
        );
        assert_eq!(
            parse_path("$response.meta.next", "$response"),
            Some(vec![key("meta"), key("next")])
        );
        assert_eq!(parse_path("$", "$"), Some(vec![]));
        for bad in ["data", "$..id", "$.a[*]", "$.a[?@.b]", "$.", "$[1:2]"] {
            assert_eq!(parse_path(bad, "$"), None, "{bad}");
        }
    }
}
