//! Function history persisted through the database binding.
