//! Chunks: the generated modules split into fixed runs of items, emitted (and, for a crate,
//! formatted) on all cores. The boundaries do not depend on the machine, so the output is
//! the same on every machine and with any number of threads.

use super::{lib_rs, mock, models, operations};
use crate::ir::{Api, TypeDef};
use proc_macro2::TokenStream;
use quote::quote;
use std::sync::atomic::{AtomicUsize, Ordering};

/// One piece of one generated Rust file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Chunk {
    /// `src/lib.rs`, whole.
    Lib,
    /// The types `start..end` of `models`.
    Models(usize, usize),
    /// The operations `start..end` of `operations`; the first also carries the client
    /// builder's authentication methods.
    Operations(usize, usize),
    /// The operations `start..end` of `mock`; the first also carries the kit's re-exports.
    Mock(usize, usize),
}

impl Chunk {
    /// The module the chunk belongs to, or `None` for the crate root.
    pub fn module(self) -> Option<&'static str> {
        match self {
            Chunk::Lib => None,
            Chunk::Models(..) => Some("models"),
            Chunk::Operations(..) => Some("operations"),
            Chunk::Mock(..) => Some("mock"),
        }
    }

    /// Whether it opens its module, and so carries the module's doc in a crate.
    pub fn opens_module(self) -> bool {
        matches!(
            self,
            Chunk::Models(0, _) | Chunk::Operations(0, _) | Chunk::Mock(0, _)
        )
    }
}

/// What every chunk needs, computed once.
pub struct Shared<'a> {
    api: &'a Api,
    crate_ident: String,
    extra_derives: Vec<super::Derive>,
    defs: Vec<&'a TypeDef>,
}

impl<'a> Shared<'a> {
    /// The shared inputs of a crate's chunks; the extra derives are parsed here, once.
    pub fn new(api: &'a Api, crate_ident: &str, extra_derives: &[String]) -> Result<Self, String> {
        Ok(Shared {
            api,
            crate_ident: crate_ident.to_string(),
            extra_derives: super::Derive::parse_all(extra_derives)?,
            defs: api.types.values().collect(),
        })
    }

    /// The items of one chunk.
    pub fn emit(&self, chunk: Chunk) -> TokenStream {
        let (api, crate_ident) = (self.api, self.crate_ident.as_str());
        match chunk {
            Chunk::Lib => lib_rs::emit(api, crate_ident),
            Chunk::Models(start, end) => {
                models::emit_some(&self.defs[start..end], &self.extra_derives)
            }
            Chunk::Operations(start, end) => {
                let items = api.operations[start..end]
                    .iter()
                    .map(|op| operations::emit_operation(api, op, crate_ident));
                let head = (start == 0).then(|| operations::emit_header(api));
                quote! { #head #(#items)* }
            }
            Chunk::Mock(start, end) => {
                let items = api.operations[start..end]
                    .iter()
                    .map(|op| mock::emit_operation(op, crate_ident));
                let oauth = api.client_credentials.is_some().then(|| {
                    quote!(
                        #[cfg(feature = "oauth")]
                        pub use super::mock_oauth::{AuthorizationServer, TokenEndpoint};
                    )
                });
                let head = (start == 0).then(|| {
                    quote!(
                        pub use super::mock_kit::{Expectation, MockServer};
                        #oauth
                    )
                });
                quote! { #head #(#items)* }
            }
        }
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
