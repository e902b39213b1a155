//! The clients generated from `tests/fixtures/valid`, one module per spec, compiled with
//! warnings denied: a fixture that is only snapshotted proves nothing about the code it makes.

#![deny(warnings)]

include!(concat!(env!("OUT_DIR"), "/fixtures.rs"));
