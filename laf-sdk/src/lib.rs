//! Laf cloud functions in Rust.
pub mod bindings;
