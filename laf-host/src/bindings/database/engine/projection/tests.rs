//! Projection tests.
