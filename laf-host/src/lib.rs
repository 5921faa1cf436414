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
pub mod interceptor;
pub mod language;
pub mod metrics;
mod percent;
pub mod plugin;
pub mod response;
pub mod sockets;
pub mod triggers;
pub mod workers;

pub use app::logs::{Level, LogLine, LogQuery};
pub use app::{App, AppConfig, AppHandle, PublishedFunction};
pub use bindings::{Bindings, SharedStore};
pub use context::{BodyKind, FunctionContext, Origin, Params, UploadedFile, Uploads};
pub use error::{HostError, InvokeError, LoadError, PublishError};
pub use host::{Host, HostBuilder};
pub use interceptor::{Next, ResponseData};
pub use language::{FunctionSource, Language, LoadedFunction};
pub use response::{FunctionResponse, ResponseBody, ResponseWriter};
pub use sockets::{Socket, SocketCall, SocketEvent};
pub use triggers::Trigger;
pub use workers::Workers;
