//! Chunks: the generated files, each emitted (and, for a crate, formatted) on whichever
//! core is free. A generated module is its head and, when its items come in several groups
//! (`ir::groups`), one file per group; the boundaries do not depend on the machine, so the
//! output is the same on every machine and with any number of threads.

use super::{lib_rs, mock, models, nest, operations};
use crate::ir::groups::{Group, Groups};
use crate::ir::{Api, TypeDef};
use proc_macro2::TokenStream;
use quote::quote;
use std::collections::BTreeSet;
use std::sync::atomic::{AtomicUsize, Ordering};

/// The generated modules.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `models`: one type per schema.
    Models,
    /// `operations`: one request builder per operation.
    Operations,
    /// `mock`: one expectation per operation.
    Mock,
}

impl Kind {
    /// The module's name.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Models => "models",
            Kind::Operations => "operations",
            Kind::Mock => "mock",
        }
    }
}

/// One generated Rust file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Chunk {
    /// `src/lib.rs`, whole.
    Lib,
    /// A module's head: its own items (the client builder's authentication methods, the mock
    /// kit's re-exports), and either its one group's items or a re-export of each group.
    Head(Kind),
    /// One group of a module split into several, by its index.
    Group(Kind, usize),
}

impl Chunk {
    /// The file the chunk is written to in a crate.
    pub fn file(self, shared: &Shared<'_>) -> String {
        match self {
            Chunk::Lib => "src/lib.rs".to_string(),
            Chunk::Head(kind) => format!("src/{}.rs", kind.name()),
            Chunk::Group(kind, group) => {
                format!("src/{}/{}.rs", kind.name(), shared.groups(kind)[group].name)
            }
        }
    }
}

/// What every chunk needs, computed once.
pub struct Shared<'a> {
    api: &'a Api,
    types_only: bool,
    crate_name: String,
    crate_ident: String,
    extra_derives: Vec<super::Derive>,
    defs: Vec<&'a TypeDef>,
    groups: Groups,
}

impl<'a> Shared<'a> {
    /// The shared inputs of a crate's chunks; the extra derives are parsed here, once.
    pub fn new(api: &'a Api, options: &crate::Options) -> Result<Self, String> {
        Ok(Shared {
            api,
            types_only: options.types_only,
            crate_name: options.crate_name.clone(),
            crate_ident: options.crate_ident(),
            extra_derives: super::Derive::parse_all(&options.extra_derives)?,
            defs: api.types.values().collect(),
            groups: Groups::of(api),
        })
    }

    /// The groups of a module's items.
    pub fn groups(&self, kind: Kind) -> &[Group] {
        match kind {
            Kind::Models => &self.groups.types,
            Kind::Operations | Kind::Mock => &self.groups.operations,
        }
    }

    /// Whether a module's items are split into a file per group.
    pub fn is_split(&self, kind: Kind) -> bool {
        self.groups(kind).len() > 1
    }

    /// Every chunk of the crate, `src/lib.rs` first, in file order, for the modules named.
    pub fn chunks(&self, kinds: &[Kind]) -> Vec<Chunk> {
        let mut all = vec![Chunk::Lib];
        for &kind in kinds {
            all.push(Chunk::Head(kind));
            if self.is_split(kind) {
                all.extend((0..self.groups(kind).len()).map(|group| Chunk::Group(kind, group)));
            }
        }
        all
    }

    /// The items of one chunk. A split module's head re-exports each group's public items; the
    /// declarations of the groups' modules are the form's to write (a file each, or inline).
    pub fn emit(&self, chunk: Chunk) -> TokenStream {
        match chunk {
            Chunk::Lib => lib_rs::emit(
                self.api,
                &self.crate_name,
                &self.crate_ident,
                self.types_only,
            ),
            Chunk::Head(kind) => {
                let head = self.head(kind);
                if self.is_split(kind) {
                    // A mock group holds only `impl MockServer` blocks: nothing to re-export.
                    if kind == Kind::Mock {
                        return head;
                    }
                    let names = self
                        .groups(kind)
                        .iter()
                        .map(|group| super::names::ident(&group.name));
                    quote! { #(pub use #names::*;)* #head }
                } else {
                    let members = self
                        .groups(kind)
                        .first()
                        .map(|group| group.members.as_slice());
                    let items = self.items(kind, members.unwrap_or_default());
                    quote! { #head #items }
                }
            }
            Chunk::Group(kind, group) => {
                let members = &self.groups(kind)[group].members;
                let items = nest::one_down(self.items(kind, members));
                let import = (kind == Kind::Models && self.reaches_out(members)).then(|| {
                    quote!(
                        use super::*;
                    )
                });
                quote! { #import #items }
            }
        }
    }

    /// A module's own items, before its groups'.
    fn head(&self, kind: Kind) -> TokenStream {
        match kind {
            Kind::Models => TokenStream::new(),
            Kind::Operations => operations::emit_header(self.api),
            Kind::Mock => {
                let oauth = self.api.client_credentials.is_some().then(|| {
                    quote!(
                        #[cfg(feature = "oauth")]
                        pub use super::mock_oauth::{AuthorizationServer, TokenEndpoint};
                    )
                });
                quote!(
                    pub use super::mock_kit::{Expectation, MockServer};
                    #oauth
                )
            }
        }
    }

    /// The items of some members of a module: types, or operations.
    fn items(&self, kind: Kind, members: &[usize]) -> TokenStream {
        let (api, crate_ident) = (self.api, self.crate_ident.as_str());
        match kind {
            Kind::Models => {
                let defs: Vec<&TypeDef> = members.iter().map(|&index| self.defs[index]).collect();
                models::emit_some(&defs, &self.extra_derives)
            }
            Kind::Operations => {
                let items = members.iter().map(|&index| {
                    operations::emit_operation(api, &api.operations[index], crate_ident)
                });
                quote! { #(#items)* }
            }
            Kind::Mock => {
                let items = members
                    .iter()
                    .map(|&index| mock::emit_operation(&api.operations[index], crate_ident));
                quote! { #(#items)* }
            }
        }
    }

    /// Whether some of these types name a type of another group.
    fn reaches_out(&self, members: &[usize]) -> bool {
        let own: BTreeSet<&str> = members
            .iter()
            .map(|&index| self.defs[index].name.as_str())
            .collect();
        members.iter().any(|&index| {
            self.defs[index]
                .refs()
                .into_iter()
                .flat_map(crate::ir::mentioned)
                .any(|name| !own.contains(name.as_str()))
        })
    }
}

/// Runs `work` over every item on all cores, returning the results in item order.
pub fn parallel<T: Sync, R: Send>(items: &[T], work: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(items.len())
        .max(1);
    if threads == 1 {
        return items.iter().map(work).collect();
    }
    let next = AtomicUsize::new(0);
    let mut results: Vec<(usize, R)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let index = next.fetch_add(1, Ordering::Relaxed);
                        let Some(item) = items.get(index) else { break };
                        done.push((index, work(item)));
                    }
                    done
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|worker| {
                worker
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    });
    results.sort_by_key(|(index, _)| *index);
    results.into_iter().map(|(_, result)| result).collect()
}
