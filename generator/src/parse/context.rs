//! The lowering context: the document, the names handed out so far, and the diagnostics.

use crate::diagnostics::catalogue::{
    REFERENCE_CYCLE, RESERVED_NAME, SCHEMA_NAME_COLLISION, UNRESOLVED_REFERENCE,
    WRONG_KIND_OF_OBJECT,
};
use crate::diagnostics::{Diagnostics, Entry, Pointer};
use crate::ident::{self, Namespace, RustName};
use crate::ir::{Api, Operation, SecurityScheme, TypeDef};
use crate::options::Options;
use openapiv3::{OpenAPI, ReferenceOr, Schema};
use std::collections::BTreeMap;
use std::fmt::Display;

/// What happens to a schema reference that cannot be followed.
const AS_JSON: &str = "the value is kept as JSON";

/// What happens to a parameter, body or response whose reference cannot be followed.
const SKIPPED: &str = "it is skipped";

/// Everything lowering needs, threaded through the parse phase.
pub struct Context<'a> {
    /// The document being lowered.
    pub doc: &'a OpenAPI,
    /// The user's options.
    pub options: &'a Options,
    /// What has gone wrong so far.
    pub diagnostics: Diagnostics,
    /// Named types lowered so far, by Rust name.
    pub types: BTreeMap<RustName, TypeDef>,
    /// Rust type names handed out so far.
    pub type_names: Namespace,
    /// The Rust name of each component schema, by its key.
    pub component_names: BTreeMap<String, RustName>,
    /// The document as JSON, for references that point deeper than a component.
    pub tree: &'a serde_json::Value,
    /// The types of deep references lowered so far, by reference.
    pub deep_types: BTreeMap<String, crate::ir::TypeRef>,
    /// The pointers of the inline schemas being lowered, to stop compositions that contain
    /// themselves (an `allOf` that refers to the object that holds it).
    pub in_progress: std::collections::BTreeSet<Pointer>,
}

impl<'a> Context<'a> {
    /// A context for `doc`, starting from the diagnostics of loading.
    pub fn new(
        doc: &'a OpenAPI,
        tree: &'a serde_json::Value,
        options: &'a Options,
        diagnostics: Diagnostics,
    ) -> Self {
        Context {
            doc,
            options,
            diagnostics,
            types: BTreeMap::new(),
            // Models live in their own module and generated code names everything else
            // by absolute or `super::` paths, so no model name is reserved.
            type_names: Namespace::default(),
            component_names: BTreeMap::new(),
            tree,
            deep_types: BTreeMap::new(),
            in_progress: std::collections::BTreeSet::new(),
        }
    }

    /// Gives every component schema its Rust name before any is lowered, so references resolve.
    pub fn declare_component_schemas(&mut self) {
        let Some(components) = &self.doc.components else {
            return;
        };
        let mut first_key_of: BTreeMap<RustName, String> = BTreeMap::new();
        for key in components.schemas.keys() {
            let pointer = schema_pointer(key);
            // The options were checked before parsing: a chosen name is an identifier.
            let name = match self.options.schema_names.get(key) {
                Some(name) => ident::chosen(name).unwrap_or_else(|_| ident::camel(key)),
                None => ident::camel(key),
            };
            if let Some(other) = first_key_of.get(&name) {
                let unique = self.type_names.unique(name.clone());
                self.report(
                    &SCHEMA_NAME_COLLISION,
                    pointer,
                    &[other, key, &name, &unique],
                );
                self.component_names.insert(key.clone(), unique);
                continue;
            }
            first_key_of.insert(name.clone(), key.clone());
            let name = self.type_names.unique(name);
            self.component_names.insert(key.clone(), name);
        }
    }

    /// Lowers every component schema into a named type.
    pub fn lower_component_schemas(&mut self) {
        let Some(components) = &self.doc.components else {
            return;
        };
        for (key, schema) in &components.schemas {
            let Some(name) = self.component_names.get(key).cloned() else {
                continue;
            };
            super::schema::lower_named(self, &name, schema, &schema_pointer(key));
        }
    }

    /// Resolves a `$ref` to a component schema, returning its key and the schema.
    ///
    /// A reference deeper into the document (`#/components/schemas/A/properties/b`, or into
    /// `paths`) is not a component: it gives `None` without a diagnostic when it exists, and
    /// [`Context::deep_schema`] reads it. A reference that leads nowhere, or a cycle of
    /// references, is reported.
    pub fn resolve_schema_ref(
        &mut self,
        reference: &str,
        pointer: &Pointer,
    ) -> Option<(String, &'a Schema)> {
        let mut current = reference.to_string();
        for _ in 0..crate::ir::CHAIN_LIMIT {
            let key = current
                .strip_prefix("#/components/schemas/")
                .map(crate::diagnostics::unescape)
                .filter(|key| !key.contains('/'));
            let target = key
                .as_ref()
                .and_then(|key| self.doc.components.as_ref()?.schemas.get(key));
            match (key, target) {
                (Some(key), Some(ReferenceOr::Item(schema))) => return Some((key, schema)),
                (Some(_), Some(ReferenceOr::Reference { reference: next })) => {
                    current = next.clone()
                }
                _ => {
                    if self.deep_schema(&current).is_none() {
                        self.unresolved(&current, pointer, AS_JSON);
                    }
                    return None;
                }
            }
        }
        self.report(&REFERENCE_CYCLE, pointer.clone(), &[&reference, &AS_JSON]);
        None
    }

    /// The component schema a reference leads to, without reporting anything.
    pub fn peek_schema_ref(&self, reference: &str) -> Option<&'a Schema> {
        let mut current = reference;
        for _ in 0..crate::ir::CHAIN_LIMIT {
            let key = crate::diagnostics::unescape(current.strip_prefix("#/components/schemas/")?);
            match self.doc.components.as_ref()?.schemas.get(&key)? {
                ReferenceOr::Item(schema) => return Some(schema),
                ReferenceOr::Reference { reference } => current = reference,
            }
        }
        None
    }

    /// Follows a local reference anywhere in the document (through any chain of `$ref`s) to
    /// the object it names, read with `read` (`serde_json::from_value::<Parameter>`, say).
    /// Reports references that lead nowhere, cycles, and objects of the wrong shape.
    pub fn resolve_object<T>(
        &mut self,
        reference: &str,
        pointer: &Pointer,
        read: fn(serde_json::Value) -> Result<T, serde_json::Error>,
    ) -> Option<T> {
        let mut current = reference.to_string();
        for _ in 0..crate::ir::CHAIN_LIMIT {
            let Some(value) = current.strip_prefix('#').and_then(|p| self.tree.pointer(p)) else {
                self.unresolved(&current, pointer, SKIPPED);
                return None;
            };
            if let Some(next) = value.get("$ref").and_then(serde_json::Value::as_str) {
                current = next.to_string();
                continue;
            }
            return match read(value.clone()) {
                Ok(object) => Some(object),
                Err(err) => {
                    self.report(&WRONG_KIND_OF_OBJECT, pointer.clone(), &[&current, &err]);
                    None
                }
            };
        }
        self.report(&REFERENCE_CYCLE, pointer.clone(), &[&reference, &SKIPPED]);
        None
    }

    /// Reads the schema at a local reference anywhere in the document, if there is one.
    pub fn deep_schema(&self, reference: &str) -> Option<Schema> {
        let pointer = reference.strip_prefix('#')?;
        let value = self.tree.pointer(pointer)?;
        serde_json::from_value(value.clone()).ok()
    }

    /// Reports a `$ref` that leads nowhere.
    pub fn unresolved(&mut self, reference: &str, pointer: &Pointer, assumed: &str) {
        self.report(
            &UNRESOLVED_REFERENCE,
            pointer.clone(),
            &[&reference, &assumed],
        );
    }

    /// Takes a unique name for a spec name in `names`, warning when the name is one the
    /// generated code defines already and so had to change.
    pub fn claim(
        &mut self,
        names: &mut Namespace,
        wanted: RustName,
        pointer: &Pointer,
    ) -> RustName {
        let owner = names.reserved_by(&wanted);
        let name = names.unique(wanted.clone());
        if let Some(owner) = owner {
            let (wanted, name) = (wanted.plain(), name.plain());
            self.report(&RESERVED_NAME, pointer.clone(), &[&wanted, &owner, &name]);
        }
        name
    }

    /// Reports a diagnostic of the catalogue.
    pub fn report(&mut self, entry: &'static Entry, pointer: Pointer, args: &[&dyn Display]) {
        self.diagnostics.push(entry.at(pointer, args));
    }

    /// Ends lowering, returning the IR and the diagnostics.
    pub fn finish(
        self,
        operations: Vec<Operation>,
        security: Vec<SecurityScheme>,
    ) -> (Api, Diagnostics) {
        let info = &self.doc.info;
        let default_server = self.doc.servers.first().map(|server| {
            let mut url = server.url.clone();
            for (name, variable) in server.variables.iter().flatten() {
                url = url.replace(&format!("{{{name}}}"), &variable.default);
            }
            url
        });
        let examples = examples(info);
        let client_credentials = super::security::client_credentials(&self);
        let env_prefix = self.options.env_prefix_for(
            info.extensions
                .get("x-codegen-env-prefix")
                .and_then(|v| v.as_str()),
        );
        let api = Api {
            title: info.title.clone(),
            version: info.version.clone(),
            description: info.description.clone(),
            license: info.license.as_ref().map(|license| {
                license
                    .extensions
                    .get(super::normalize::LICENSE_IDENTIFIER)
                    .and_then(|v| v.as_str())
                    .map_or_else(|| license.name.clone(), str::to_string)
            }),
            default_server,
            types: self.types,
            operations,
            security,
            error_type: None,
            examples,
            client_credentials,
            env_prefix,
        };
        (api, self.diagnostics)
    }
}

/// The usage examples of `info.x-codegen-examples`: a list of `{title, code}`.
fn examples(info: &openapiv3::Info) -> Vec<crate::ir::Example> {
    let Some(serde_json::Value::Array(items)) = info.extensions.get("x-codegen-examples") else {
        return Vec::new();
    };
    items
        .iter()
        .filter_map(|item| {
            Some(crate::ir::Example {
                title: item.get("title")?.as_str()?.to_string(),
                code: item.get("code")?.as_str()?.to_string(),
            })
        })
        .collect()
}

/// The pointer of a component schema.
pub fn schema_pointer(key: &str) -> Pointer {
    Pointer::root().key("components").key("schemas").key(key)
}
