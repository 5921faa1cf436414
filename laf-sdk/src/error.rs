//! One error type for every failed host call, JSON or BSON conversion.

use std::fmt;

use crate::bindings::laf::cloud::types;

/// What a fallible SDK call returns.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// A failed call: a machine-readable `code` (`NoSuchKey`, `DuplicateKey`, `Json`, `Bson`...) and a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    code: String,
    message: String,
}

impl Error {
    /// An error with a code and a message.
    pub fn new(code: impl Into<String>, message: impl Into<String>) -> Self {
        Self { code: code.into(), message: message.into() }
    }

    /// The machine-readable code, e.g. `NoSuchKey`.
    pub fn code(&self) -> &str {
        &self.code
    }

    /// What went wrong, for people.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// True when the host said the object, key or document does not exist (`NoSuchKey`, `NotFound`).
    pub fn is_not_found(&self) -> bool {
        matches!(self.code.as_str(), "NoSuchKey" | "NotFound" | "NoSuchBucket")
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code, self.message)
    }
}

impl std::error::Error for Error {}

impl From<types::Error> for Error {
    fn from(e: types::Error) -> Self {
        Self { code: e.code, message: e.message }
    }
}

impl From<serde_json::Error> for Error {
    fn from(e: serde_json::Error) -> Self {
        Self::new("Json", e.to_string())
    }
}

impl From<bson::error::Error> for Error {
    fn from(e: bson::error::Error) -> Self {
        Self::new("Bson", e.to_string())
    }
}

impl From<std::str::Utf8Error> for Error {
    fn from(e: std::str::Utf8Error) -> Self {
        Self::new("Utf8", e.to_string())
    }
}
