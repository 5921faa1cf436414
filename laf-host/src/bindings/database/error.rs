//! [`DbError`]: what a database call can fail with, worded as MongoDB words it.

/// A failed database call. Messages follow MongoDB's wording so code written against one backend
/// reads the same errors from the other.
#[derive(Debug, Clone, thiserror::Error)]
pub enum DbError {
    /// An operator or stage outside what the backend implements, e.g. `unknown operator: $foo`.
    #[error("{0}")]
    UnknownOperator(String),
    /// An argument of the wrong shape or type, e.g. `$in needs an array`.
    #[error("{0}")]
    BadValue(String),
    /// A unique index already holds the key: `E11000 duplicate key error collection: ...`.
    #[error("{0}")]
    DuplicateKey(String),
    /// A collection, index or database name that is not allowed.
    #[error("{0}")]
    InvalidName(String),
    /// An update that cannot be applied to the document, e.g. `$inc` on a string.
    #[error("{0}")]
    Update(String),
    /// The backend does not offer this, e.g. transactions on a standalone MongoDB.
    #[error("{0}")]
    Unsupported(String),
    /// The storage or the server failed; the message says how.
    #[error("{0}")]
    Backend(String),
}

impl DbError {
    /// The error's kind as a name (`"DuplicateKey"`, `"BadValue"`, ...), for languages that report
    /// errors by name.
    pub fn name(&self) -> &'static str {
        match self {
            DbError::UnknownOperator(_) => "UnknownOperator",
            DbError::BadValue(_) => "BadValue",
            DbError::DuplicateKey(_) => "DuplicateKey",
            DbError::InvalidName(_) => "InvalidName",
            DbError::Update(_) => "Update",
            DbError::Unsupported(_) => "Unsupported",
            DbError::Backend(_) => "Backend",
        }
    }

    /// MongoDB's numeric error code for this error, as the driver exposes it to functions.
    pub fn code(&self) -> i32 {
        match self {
            DbError::UnknownOperator(_) | DbError::BadValue(_) => 2,
            DbError::DuplicateKey(_) => 11000,
            DbError::InvalidName(_) => 73,
            DbError::Update(_) => 14,
            DbError::Unsupported(_) => 115,
            DbError::Backend(_) => 1,
        }
    }

    /// Shorthand for [`DbError::BadValue`].
    pub fn bad(message: impl Into<String>) -> DbError {
        DbError::BadValue(message.into())
    }
}
