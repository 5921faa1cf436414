//! The bindings wit-bindgen generates from `wit/cloud.wit` (world `laf:cloud/function`).
//!
//! Most users never touch this module: [`crate::Context`] and the [`crate::export!`] macro wrap it.
//! It is public so that a function can reach an import the ergonomic API does not cover yet.
#![allow(missing_docs, clippy::all, unsafe_op_in_unsafe_fn)]

wit_bindgen::generate!({
    world: "function",
    path: "wit",
    // The export macro is called from the user's crate by `laf_sdk::export!`.
    pub_export_macro: true,
    export_macro_name: "__export_function_world",
    default_bindings_module: "laf_sdk::bindings",
});
