//! The request path: how a call reaches a function and its answer comes back.
//!
//! - [`dispatch`]: a request, a trigger, `__init__`, a WebSocket event or a debug run resolved to a
//!   function, checked (methods, body), wrapped by `__interceptor__`, run, and its errors mapped
//!   to Laf's JSON answers.
//! - [`next`]: the interceptor's `next(ctx)`.
//! - [`cloud_invoke`]: `cloud.invoke(name, param)` from one function to another.
//!
//! Each runs the function through its [`Language`](crate::Language), so caller and callee may be
//! in different languages. This module uses the app (its function table, settings, log) and the
//! context; neither of them uses it.

pub mod cloud_invoke;
pub mod dispatch;
pub mod next;

pub use cloud_invoke::MAX_INVOKE_DEPTH;
pub use dispatch::DebugRun;
