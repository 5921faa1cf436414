//! The embedded backend: MongoDB semantics from [`super::engine`] on a redb file.
