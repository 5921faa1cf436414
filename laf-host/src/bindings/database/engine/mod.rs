//! MongoDB's query, update, projection, sort and aggregation semantics as pure functions on BSON.
//!
//! Nothing here touches storage: the embedded backend feeds documents through these functions, and
//! the conformance suite checks them against MongoDB's documented behaviour. Every operator outside
//! what is implemented fails with an error naming it; nothing is silently ignored.

pub mod aggregate;
pub mod compare;
pub mod expr;
pub mod path;
pub mod projection;
pub mod query;
pub mod sort;
pub mod update;
