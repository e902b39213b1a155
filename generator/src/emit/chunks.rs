//! Chunks: the large modules split into fixed runs of items, emitted and formatted on all
//! cores. The chunk boundaries do not depend on the machine, so the output is the same on
//! every machine and with any number of threads.

use super::{lib_rs, mock, models, operations};
use crate::ir::{Api, TypeDef};
use proc_macro2::TokenStream;
use quote::quote;
use std::collections::BTreeSet;
use std::sync::atomic::{AtomicUsize, Ordering};

/// How many types or operations one chunk holds.
const CHUNK: usize = 16;

/// One piece of one generated Rust file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Chunk {
    /// `src/lib.rs`, whole.
    Lib,
    /// The types `start..end` of `src/models.rs`; the first chunk carries the module doc.
    Models(usize, usize),
    /// The operations `start..end` of `src/operations.rs`; the first carries the module
    /// doc and the client builder's authentication methods.
    Operations(usize, usize),
    /// The operations `start..end` of `src/mock.rs`; the first carries the module doc and
    /// the kit's re-exports.
    Mock(usize, usize),
}

impl Chunk {
    /// The file the chunk belongs to.
    pub fn file(self) -> &'static str {
        match self {
            Chunk::Lib => "src/lib.rs",
            Chunk::Models(..) => "src/models.rs",
            Chunk::Operations(..) => "src/operations.rs",
            Chunk::Mock(..) => "src/mock.rs",
        }
    }
}

/// Every chunk of the crate's Rust files, in file order.
pub fn plan(api: &Api) -> Vec<Chunk> {
    let split = |len: usize, make: fn(usize, usize) -> Chunk| -> Vec<Chunk> {
        if len == 0 {
            return vec![make(0, 0)];
        }
        (0..len)
            .step_by(CHUNK)
            .map(|start| make(start, (start + CHUNK).min(len)))
            .collect()
    };
    let mut chunks = vec![Chunk::Lib];
    chunks.extend(split(api.types.len(), Chunk::Models));
    chunks.extend(split(api.operations.len(), Chunk::Operations));
    chunks.extend(split(api.operations.len(), Chunk::Mock));
    chunks
}

/// What every chunk needs, computed once.
pub struct Shared<'a> {
    api: &'a Api,
    crate_ident: String,
    extra_derives: Vec<String>,
    defs: Vec<&'a TypeDef>,
    defaults: BTreeSet<String>,
}

impl<'a> Shared<'a> {
    /// The shared inputs of a crate's chunks.
    pub fn new(api: &'a Api, crate_ident: &str, extra_derives: &[String]) -> Self {
        Shared {
            api,
            crate_ident: crate_ident.to_string(),
            extra_derives: extra_derives.to_vec(),
            defs: api.types.values().collect(),
            defaults: models::defaultable(&api.types),
        }
    }

    /// The tokens of one chunk.
    pub fn emit(&self, chunk: Chunk) -> Result<TokenStream, String> {
        let (api, crate_ident) = (self.api, self.crate_ident.as_str());
        Ok(match chunk {
            Chunk::Lib => lib_rs::emit(api, crate_ident),
            Chunk::Models(start, end) => {
                let extra = super::parse_derives(&self.extra_derives)?;
                let items = models::emit_some(&self.defs[start..end], &self.defaults, &extra);
                let doc = (start == 0)
                    .then(|| quote!(#![doc = " The API's schemas, one type per schema."]));
                quote! { #doc #items }
            }
            Chunk::Operations(start, end) => {
                let items = api.operations[start..end]
                    .iter()
                    .map(|op| operations::emit_operation(api, op, crate_ident));
                let head = (start == 0).then(|| {
                    let header = operations::emit_header(api);
                    quote! {
                        #![doc = " One request builder per operation, and the `Client` methods that start them."]
                        #header
                    }
                });
                quote! { #head #(#items)* }
            }
            Chunk::Mock(start, end) => {
                let items = api.operations[start..end]
                    .iter()
                    .map(|op| mock::emit_operation(op, crate_ident));
                let head = (start == 0).then(|| {
                    quote! {
                        #![doc = " A typed mock server for tests of code that calls the API (the `mock` feature)."]
                        pub use super::mock_kit::{Expectation, MockServer};
                    }
                });
                quote! { #head #(#items)* }
            }
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
