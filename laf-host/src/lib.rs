//! The Laf host: apps and their registry, the per-call [`FunctionContext`], the HTTP gateway and
//! the [`Language`] seam that every language crate implements.
//!
//! A [`Host`] keeps language runtimes resident on its worker threads, serves many apps, and can be
//! used three ways: `Host::serve` runs the HTTP gateway itself, `Host::router` mounts the gateway
//! inside an existing axum app, and `Host::invoke` calls a function without HTTP at all.

#![warn(missing_docs)]

pub mod app;
pub mod bindings;
pub mod clock;
pub mod context;
pub mod error;
pub mod gateway;
pub mod host;
pub mod hostcall;
pub mod invoke;
pub mod language;
pub mod metrics;
pub mod netpolicy;
pub mod packages;
mod percent;
pub mod plugin;
pub mod response;
pub mod sockets;
pub mod triggers;
pub mod workers;

pub use app::logs::{Level, LogLine, LogQuery};
pub use app::{
    App, AppConfig, AppHandle, DependencyState, DependencyStatus, InstalledSet, PublishedFunction, RegistryStore,
    StoreError,
};
pub use bindings::{Bindings, SharedStore};
pub use context::{BodyKind, FunctionContext, Next, Origin, Params, UploadedFile, Uploads};
pub use error::{HostError, InvokeError, LoadError, PublishError};
pub use host::{GatewayConfig, Host, HostBuilder};
pub use invoke::DebugRun;
pub use language::{AppState, AppView, FunctionSource, Gauge, Language, LoadedFunction, SourceCode};
pub use netpolicy::{NetDenied, NetPolicy, NetRule, NetRuleError};
pub use packages::{Dependencies, Installed};
pub use response::{FunctionResponse, ResponseBody, ResponseData, ResponseWriter};
pub use sockets::{Socket, SocketCall, SocketEvent};
pub use triggers::Trigger;
pub use workers::{Lane, Workers};

/// The guides in `docs/` whose examples need only this crate, compiled as its doctests so that
/// their Rust cannot rot (`tests/docs.rs` checks that every page is compiled by some crate).
#[cfg(doctest)]
pub mod guides {
    #[doc = include_str!("../../docs/README.md")]
    pub struct Index;
    #[doc = include_str!("../../docs/adding-a-language.md")]
    pub struct AddingALanguage;
    #[doc = include_str!("../../docs/benchmarks.md")]
    pub struct Benchmarks;
    #[doc = include_str!("../../docs/console.md")]
    pub struct Console;
    #[doc = include_str!("../../docs/database.md")]
    pub struct Database;
    #[doc = include_str!("../../docs/design.md")]
    pub struct Design;
    #[doc = include_str!("../../docs/http-and-admin.md")]
    pub struct HttpAndAdmin;
    #[doc = include_str!("../../docs/javascript.md")]
    pub struct JavaScript;
    #[doc = include_str!("../../docs/limits.md")]
    pub struct Limits;
    #[doc = include_str!("../../docs/platform.md")]
    pub struct Platform;
    #[doc = include_str!("../../docs/python.md")]
    pub struct Python;
    #[doc = include_str!("../../docs/sandbox.md")]
    pub struct Sandbox;
    #[doc = include_str!("../../docs/storage.md")]
    pub struct Storage;
}
