//! Pagination declarations: `x-speakeasy-pagination`, `x-fern-pagination`, `x-ms-pageable`
//! and `x-dropshot-pagination` on an operation, lowered to a [`Paging`] whose inputs are
//! checked against the operation's parameters. The response side is checked by the
//! analysis pass, which knows every type.

use super::context::Context;
use crate::diagnostics::catalogue::PAGINATION_MISMATCH;
use crate::diagnostics::Pointer;
use crate::ir::{
    parse_path, Body, BodyMedia, NextPage, Paging, PagingInput, PagingRule, Param, ParamLocation,
    PathStep, TypeRef,
};
use serde_json::Value;

/// The operation's pagination declaration, if it has one that fits its parameters; one
/// that does not is reported and dropped.
pub fn declared(
    cx: &mut Context<'_>,
    id: &str,
    extensions: &indexmap::IndexMap<String, Value>,
    params: &[Param],
    body: Option<&Body>,
    pointer: &Pointer,
) -> Option<Paging> {
    let inputs = Inputs { params, body };
    if let Some(value) = cx.options.pagination.get(id) {
        return match speakeasy(value, &inputs) {
            Ok(paging) => paging.map(|paging| Paging {
                rule: PagingRule::User,
                ..paging
            }),
            Err(why) => {
                cx.report(
                    &PAGINATION_MISMATCH,
                    pointer.clone(),
                    &[&PagingRule::User.name(), &why],
                );
                None
            }
        };
    }
    let found = [
        ("x-speakeasy-pagination", speakeasy as Reader),
        ("x-fern-pagination", fern),
        ("x-ms-pageable", ms_pageable),
        ("x-dropshot-pagination", dropshot),
    ]
    .into_iter()
    .find_map(|(key, read)| extensions.get(key).map(|value| (key, read, value)))?;
    let (key, read, value) = found;
    match read(value, &inputs) {
        Ok(paging) => paging,
        Err(why) => {
            cx.report(&PAGINATION_MISMATCH, pointer.key(key), &[&key, &why]);
            None
        }
    }
}

/// Reads one kind of declaration: `Ok(None)` when it says the operation is a single page.
type Reader = fn(&Value, &Inputs<'_>) -> Result<Option<Paging>, String>;

/// What a declaration's inputs may name.
struct Inputs<'a> {
    params: &'a [Param],
    body: Option<&'a Body>,
}

impl Inputs<'_> {
    /// An input by name: a query parameter, or with `in_body` a property of a JSON body.
    fn input(&self, name: &str, in_body: bool) -> Result<PagingInput, String> {
        if in_body {
            return match self.body {
                Some(body) if body.media == BodyMedia::Json => Ok(PagingInput {
                    name: name.to_string(),
                    in_body: true,
                }),
                _ => Err(format!(
                    "`{name}` is a body input, but the operation has no JSON body"
                )),
            };
        }
        match self.params.iter().find(|p| p.name == name) {
            Some(p) if p.location == ParamLocation::Query => Ok(PagingInput {
                name: name.to_string(),
                in_body: false,
            }),
            Some(_) => Err(format!("the parameter `{name}` is not in the query")),
            None => Err(format!("the operation has no parameter `{name}`")),
        }
    }

    /// An input Fern names as `$request.name` (or `$request.body.name`): a query parameter
    /// when there is one by that name, else a property of the JSON body.
    fn fern(&self, expression: &str) -> Result<PagingInput, String> {
        let name = expression
            .strip_prefix("$request.")
            .ok_or_else(|| format!("`{expression}` does not start with `$request.`"))?;
        if let Some(field) = name.strip_prefix("body.") {
            return self.input(field, true);
        }
        let in_query = self.params.iter().any(|p| p.name == name);
        self.input(name, !in_query)
    }
}

/// A JSONPath into the response body.
fn path(value: Option<&Value>, what: &str, root: &str) -> Result<Vec<PathStep>, String> {
    let text = value
        .and_then(Value::as_str)
        .ok_or_else(|| format!("it has no `{what}`"))?;
    // RFC 9535 judges the syntax (Fern's `$response` is its `$`); the runtime then walks the
    // singular paths that pagination needs, so anything else is refused here.
    let standard = format!("${}", text.trim().strip_prefix(root).unwrap_or(text));
    serde_json_path::JsonPath::parse(&standard)
        .map_err(|err| format!("`{what}` is `{text}`, which is not JSONPath: {err}"))?;
    parse_path(text, root).ok_or_else(|| {
        format!(
            "`{what}` is `{text}`: only singular paths such as `{root}.data.items[-1].id` are read"
        )
    })
}

/// A declaration's paging, the item type left for the analysis pass.
fn paging(rule: PagingRule, results: Vec<PathStep>, next: NextPage) -> Option<Paging> {
    Some(Paging {
        rule,
        results,
        next,
        item: TypeRef::Any,
    })
}

/// Speakeasy's: `type: cursor` with a cursor input and `outputs.nextCursor`, or
/// `type: offsetLimit` with an offset (or page) input and a limit input; `outputs.results`.
fn speakeasy(value: &Value, inputs: &Inputs<'_>) -> Result<Option<Paging>, String> {
    let outputs = value.get("outputs");
    let results = path(
        outputs.and_then(|o| o.get("results")),
        "outputs.results",
        "$",
    )?;
    let declared: Vec<(&str, &str, bool)> = value
        .get("inputs")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|input| {
            let name = input.get("name")?.as_str()?;
            let kind = input.get("type")?.as_str()?;
            let in_body = input.get("in").and_then(Value::as_str) == Some("requestBody");
            Some((name, kind, in_body))
        })
        .collect();
    let find = |kinds: &[&str]| declared.iter().find(|(_, kind, _)| kinds.contains(kind));
    let next = match value.get("type").and_then(Value::as_str) {
        Some("cursor") => {
            let (name, _, in_body) = find(&["cursor"]).ok_or("it has no input of type `cursor`")?;
            NextPage::Cursor {
                from: path(
                    outputs.and_then(|o| o.get("nextCursor")),
                    "outputs.nextCursor",
                    "$",
                )?,
                input: inputs.input(name, *in_body)?,
            }
        }
        Some("offsetLimit") => {
            let (name, kind, in_body) =
                find(&["offset", "page"]).ok_or("it has no input of type `offset` or `page`")?;
            let limit = find(&["limit"])
                .map(|(name, _, in_body)| inputs.input(name, *in_body))
                .transpose()?;
            NextPage::Offset {
                input: inputs.input(name, *in_body)?,
                limit,
                pages: *kind == "page",
            }
        }
        other => {
            return Err(format!(
                "its `type` is {other:?}: only `cursor` and `offsetLimit` are read"
            ))
        }
    };
    Ok(paging(PagingRule::Speakeasy, results, next))
}

/// Fern's: `cursor`, `next_cursor` and `results`; or `offset` and `results`, with `offset`
/// a page index unless `step` is given.
fn fern(value: &Value, inputs: &Inputs<'_>) -> Result<Option<Paging>, String> {
    let results = path(value.get("results"), "results", "$response")?;
    let text = |key: &str| value.get(key).and_then(Value::as_str);
    let next = if let Some(cursor) = text("cursor") {
        NextPage::Cursor {
            from: path(value.get("next_cursor"), "next_cursor", "$response")?,
            input: inputs.fern(cursor)?,
        }
    } else if let Some(offset) = text("offset") {
        let step = text("step").map(|step| inputs.fern(step)).transpose()?;
        NextPage::Offset {
            input: inputs.fern(offset)?,
            pages: step.is_none(),
            limit: step,
        }
    } else {
        return Err("it has neither `cursor` nor `offset`".to_string());
    };
    Ok(paging(PagingRule::Fern, results, next))
}

/// Azure's: `nextLinkName` (none, or `null`, for a single page) and `itemName` (default
/// `value`), both property names, which may hold dots.
fn ms_pageable(value: &Value, _: &Inputs<'_>) -> Result<Option<Paging>, String> {
    let Some(next) = value.get("nextLinkName").and_then(Value::as_str) else {
        return Ok(None);
    };
    let item = value
        .get("itemName")
        .and_then(Value::as_str)
        .unwrap_or("value");
    Ok(paging(
        PagingRule::MsPageable,
        vec![PathStep::Key(item.to_string())],
        NextPage::NextLink {
            from: vec![PathStep::Key(next.to_string())],
        },
    ))
}

/// Oxide's: the `page_token` parameter, `items` and `next_page`; later pages send the token
/// and `limit` only.
fn dropshot(_: &Value, inputs: &Inputs<'_>) -> Result<Option<Paging>, String> {
    Ok(paging(
        PagingRule::Dropshot,
        vec![PathStep::Key("items".to_string())],
        NextPage::Token {
            from: vec![PathStep::Key("next_page".to_string())],
            input: inputs.input("page_token", false)?,
            keep: vec!["limit".to_string()],
        },
    ))
}
