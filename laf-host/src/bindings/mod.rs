//! What an app's functions can reach besides their request: the per-app bindings.
//!
//! Each binding is a small store owned by the app. The database and storage bindings join this
//! struct with their issues; languages reach all of them through `FunctionContext::bindings`.

pub mod database;
mod shared;

pub use shared::SharedStore;

/// The per-app bindings handed to every invocation.
#[derive(Debug, Default)]
pub struct Bindings {
    /// `cloud.shared`: a map shared by every worker of this host, for this app only.
    pub shared: SharedStore,
}
