//! Operation lowering: paths and their operations to IR operations.

use super::bodies::{lower_body, lower_responses};
use super::context::Context;
use super::params::lower_params;
use crate::diagnostics::catalogue::{
    CALLBACKS_SKIPPED, DUPLICATE_OPERATION_ID, NO_OPERATION_ID, PATH_ITEM_REFERENCE,
    UNCLOSED_PATH_BRACE,
};
use crate::diagnostics::Pointer;
use crate::ident::{self, Namespace, RustName};
use crate::ir::Operation;
use crate::reserved;
use openapiv3::ReferenceOr;
use std::collections::BTreeSet;

/// Lowers every operation of every path, sorted by method name.
pub fn lower_all(cx: &mut Context<'_>) -> Vec<Operation> {
    let mut names = Names {
        methods: Namespace::reserving(reserved::CLIENT_METHODS),
        builders: Namespace::default(),
        ids: BTreeSet::new(),
    };
    let mut operations = Vec::new();
    let doc = cx.doc;
    for (path_key, item) in doc.paths.iter() {
        let path_pointer = Pointer::root().key("paths").key(path_key);
        let item = match item {
            ReferenceOr::Item(item) => item,
            ReferenceOr::Reference { reference } => {
                cx.report(&PATH_ITEM_REFERENCE, path_pointer, &[reference]);
                continue;
            }
        };
        let (path, fixed_query) = lower_path(cx, path_key, &path_pointer);
        for (method, op) in item.iter() {
            let pointer = path_pointer.key(method);
            let id = op
                .operation_id
                .clone()
                .unwrap_or_else(|| derived_id(method, &path, &fixed_query));
            let override_key = op
                .operation_id
                .clone()
                .unwrap_or_else(|| format!("{} {path_key}", method.to_uppercase()));
            let (method_name, builder_name) = names.claim(cx, &id, &override_key, &pointer);
            let params = lower_params(
                cx,
                &item.parameters,
                &op.parameters,
                &builder_name,
                &path,
                &pointer,
            );
            let body = op
                .request_body
                .as_ref()
                .and_then(|body| lower_body(cx, body, &builder_name, &pointer.key("requestBody")));
            let responses =
                lower_responses(cx, &op.responses, &builder_name, &pointer.key("responses"));
            let paging = super::pagination::declared(
                cx,
                &id,
                &op.extensions,
                &params,
                body.as_ref(),
                &pointer,
            );
            if !op.callbacks.is_empty() {
                cx.report(&CALLBACKS_SKIPPED, pointer.key("callbacks"), &[]);
            }
            if op.operation_id.is_none() {
                cx.report(&NO_OPERATION_ID, pointer.clone(), &[&method_name]);
            }
            operations.push(Operation {
                id,
                method_name,
                builder_name,
                pointer,
                http_method: method.to_uppercase(),
                path: path.clone(),
                fixed_query: fixed_query.clone(),
                summary: op.summary.clone(),
                description: op.description.clone(),
                tags: op.tags.clone(),
                deprecated: op.deprecated,
                scopes: super::security::scopes(cx, op.security.as_ref()),
                security: super::security::requirements(cx, op.security.as_ref()),
                params,
                body,
                responses,
                output: Default::default(),
                stream: None,
                paging,
            });
        }
    }
    operations.sort_by(|a, b| a.method_name.cmp(&b.method_name));
    operations
}

/// A path key as the client uses it: the path with every `{` closed (a vendor's slip,
/// reported once per path), and the literal query string some keys carry.
fn lower_path(
    cx: &mut Context<'_>,
    path_key: &str,
    pointer: &Pointer,
) -> (String, Vec<(String, String)>) {
    let (path, fixed_query) = split_path_key(path_key);
    match close_braces(&path) {
        Some(closed) => {
            cx.report(&UNCLOSED_PATH_BRACE, pointer.clone(), &[&path, &closed]);
            (closed, fixed_query)
        }
        None => (path, fixed_query),
    }
}

/// The names operations have claimed so far: client methods, builder types, operationIds.
struct Names {
    methods: Namespace,
    builders: Namespace,
    ids: BTreeSet<String>,
}

impl Names {
    /// Claims a method and a builder name for the operation `id` (renamed by the user under
    /// `override_key`), reporting an operationId seen before.
    fn claim(
        &mut self,
        cx: &mut Context<'_>,
        id: &str,
        override_key: &str,
        pointer: &Pointer,
    ) -> (RustName, RustName) {
        let wanted = match cx.options.operation_names.get(override_key) {
            Some(name) => ident::snake(name),
            None => ident::snake(id),
        };
        let method_name = cx.claim(&mut self.methods, wanted, pointer);
        if !self.ids.insert(id.to_string()) {
            let method = method_name.plain();
            cx.report(
                &DUPLICATE_OPERATION_ID,
                pointer.key("operationId"),
                &[&id, &method],
            );
        }
        let builder_name = builder_name(&mut self.builders, ident::camel(method_name.plain()));
        (method_name, builder_name)
    }
}

/// A builder name that is unique, and whose success-responses enum (the name with
/// [`reserved::RESPONSES_SUFFIX`]) is unique too.
fn builder_name(names: &mut Namespace, wanted: RustName) -> RustName {
    let suffix = reserved::RESPONSES_SUFFIX;
    let mut candidate = wanted.clone();
    let mut n = 2;
    while names.is_taken(&candidate) || names.is_taken(&candidate.with_suffix(suffix)) {
        candidate = wanted.with_suffix(&n.to_string());
        n += 1;
    }
    let name = names.unique(candidate);
    names.unique(name.with_suffix(suffix));
    name
}

/// The path with every `{` that its segment never closes closed at the segment's end
/// (`/files/{name` becomes `/files/{name}`), or `None` when every brace is closed.
fn close_braces(path: &str) -> Option<String> {
    let mut changed = false;
    let segments: Vec<String> = path
        .split('/')
        .map(|segment| match segment.rfind('{') {
            Some(open) if !segment[open..].contains('}') => {
                changed = true;
                format!("{segment}}}")
            }
            _ => segment.to_string(),
        })
        .collect();
    changed.then(|| segments.join("/"))
}

/// Splits a literal query string off a path key (`/a?b=c` into `/a` and `[("b", "c")]`).
fn split_path_key(key: &str) -> (String, Vec<(String, String)>) {
    match key.split_once('?') {
        None => (key.to_string(), Vec::new()),
        Some((path, query)) => {
            let pairs = query
                .split('&')
                .filter(|pair| !pair.is_empty())
                .map(|pair| match pair.split_once('=') {
                    Some((name, value)) => (name.to_string(), value.to_string()),
                    None => (pair.to_string(), String::new()),
                })
                .collect();
            (path.to_string(), pairs)
        }
    }
}

/// A stable operation name for an operation without an operationId.
fn derived_id(method: &str, path: &str, fixed_query: &[(String, String)]) -> String {
    let mut id = method.to_string();
    for segment in path.split('/').filter(|s| !s.is_empty()) {
        id.push('_');
        id.push_str(segment.trim_start_matches('{').trim_end_matches('}'));
    }
    for (name, value) in fixed_query {
        id.push_str(&format!("_{name}_{value}"));
    }
    id
}
