//! Laf cloud functions in Rust: the guest SDK for functions compiled to `wasm32-wasip2` components
//! (WIT world `laf:cloud/function`, see `wit/cloud.wit`).
//!
//! ```no_run
//! use laf_sdk::{Context, Json, Result, doc};
//!
//! fn handler(ctx: Context) -> Result<Json<serde_json::Value>> {
//!     let users = ctx.db().collection("users");
//!     let id = users.insert_one(doc! { "name": ctx.query_param("name").unwrap_or("anonymous") })?;
//!     let user = users.find_one(doc! { "_id": id })?;
//!     ctx.log().info(format!("stored {user:?}"));
//!     Ok(Json(serde_json::json!({ "user": user })))
//! }
//!
//! laf_sdk::export!(handler);
//! ```
//!
//! Build with `cargo build --target wasm32-wasip2 --release` and copy the `.wasm` into the functions
//! directory `laf serve` watches. On other targets the crate compiles (so it can sit in a native workspace and
//! its pure parts can be unit-tested) but every host call panics.
#![warn(missing_docs)]

pub mod bindings;
mod context;
mod database;
mod error;
mod response;
pub mod runtime;
mod services;
mod storage;

pub use bson::{self, Bson, Document, doc, oid::ObjectId};
pub use context::{Context, parse_json_body, parse_query};
pub use database::{Collection, Database, FindOptions, UpdateResult};
pub use error::{Error, Result};
/// The language-plugin ABI (its own crate, `laf-plugin-abi`, which the host depends on too).
#[doc(hidden)]
pub use laf_plugin_abi as plugin;
#[doc(hidden)]
pub use laf_plugin_abi::export_language;
pub use response::{APPLICATION_JSON, IntoResponse, Json, OCTET_STREAM, Response, TEXT_HTML, TEXT_PLAIN};
pub use serde_json::{self, json};
pub use services::{Log, Shared, Socket, Token, sockets};
pub use storage::{Bucket, ListOptions, ListPage, Object, ObjectInfo, Storage};

/// The README's examples, compiled as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;

/// The guides in `docs/` about writing with this crate, compiled as its doctests
/// (`tests/docs.rs` checks that every page is compiled by some crate).
#[cfg(doctest)]
pub mod guides {
    #[doc = include_str!("../../docs/rust.md")]
    pub struct RustFunctions;
    #[doc = include_str!("../../docs/language-plugins.md")]
    pub struct LanguagePlugins;
}

/// Exports `handler` (a `fn` or `async fn` taking [`Context`] and returning `Result<impl IntoResponse, E>`
/// with `E: Display`) as the function.
///
/// Use it once per crate, at the top level: `laf_sdk::export!(handler);`. An `Err` becomes a `500`
/// `{"error":"Internal Server Error","requestId":...}` and the error is written to the function's log.
#[macro_export]
macro_rules! export {
    ($handler:path) => {
        const _: () = {
            struct __LafFunction;
            impl $crate::bindings::exports::laf::cloud::handler::Guest for __LafFunction {
                fn handle(
                    request: $crate::bindings::laf::cloud::types::Request,
                ) -> $crate::bindings::laf::cloud::types::Response {
                    $crate::runtime::run(request, $handler)
                }
            }
    $crate::bindings::__export_function_world!(__LafFunction with_types_in $crate::bindings);
        };
    };
}
