//! The host's error types: one per failure domain, each able to say what went wrong.

use std::time::Duration;

use http::StatusCode;

/// A function source that could not be turned into a runnable function.
#[derive(Debug, Clone, thiserror::Error)]
pub enum LoadError {
    /// The compiler rejected the source; `line`/`column` are 1-based positions in the source.
    #[error("{file}:{line}:{column}: {message}")]
    Compile {
        /// File name the position refers to.
        file: String,
        /// 1-based line of the first error.
        line: u32,
        /// 1-based column of the first error.
        column: u32,
        /// The compiler's message.
        message: String,
    },
    /// No registered language accepts the source.
    #[error("no language accepts {0}")]
    Unsupported(String),
    /// Any other load failure.
    #[error("{0}")]
    Other(String),
}

/// Why an invocation failed. Details are for logs; callers only see the mapped status and text.
#[derive(Debug, Clone, thiserror::Error)]
pub enum InvokeError {
    /// The function threw or rejected.
    #[error("{message}")]
    Thrown {
        /// The error's message.
        message: String,
        /// The stack trace, mapped to the original source where possible.
        stack: Option<String>,
    },
    /// The function ran past its time limit.
    #[error("function timed out after {} ms", .0.as_millis())]
    Timeout(Duration),
    /// The function's runtime ran out of its memory limit.
    #[error("function exceeded its memory limit")]
    MemoryLimit,
    /// The runtime that should run the function is gone or not accepting work.
    #[error("runtime unavailable: {0}")]
    Unavailable(String),
    /// The process running the call died (a crashing C extension, `os._exit`); it was replaced.
    #[error("the function's runtime crashed: {0}")]
    Crashed(String),
    /// A call to another function (`cloud.invoke`, `next`) that could not be made.
    #[error("{0}")]
    Call(String),
}

impl InvokeError {
    /// The HTTP status and the public message for this error; details never leave the host.
    pub fn public(&self) -> (StatusCode, String) {
        match self {
            InvokeError::Thrown { .. } => (StatusCode::INTERNAL_SERVER_ERROR, "Internal Server Error".into()),
            InvokeError::Timeout(_) => (StatusCode::GATEWAY_TIMEOUT, self.to_string()),
            InvokeError::MemoryLimit => (StatusCode::INTERNAL_SERVER_ERROR, self.to_string()),
            InvokeError::Unavailable(_) => (StatusCode::SERVICE_UNAVAILABLE, "Function runtime unavailable".into()),
            InvokeError::Call(_) => (StatusCode::INTERNAL_SERVER_ERROR, "Internal Server Error".into()),
            InvokeError::Crashed(_) => (
                StatusCode::INTERNAL_SERVER_ERROR,
                "the function's runtime crashed during the call and was replaced".into(),
            ),
        }
    }
}

/// A publish that did not happen; the previous version (if any) keeps serving.
#[derive(Debug, Clone, thiserror::Error)]
pub enum PublishError {
    /// The function name does not follow Laf's naming rule.
    #[error("invalid function name {name:?}: {reason}")]
    InvalidName {
        /// The rejected name.
        name: String,
        /// Which part of the rule it breaks.
        reason: &'static str,
    },
    /// The source did not load.
    #[error(transparent)]
    Load(#[from] LoadError),
    /// The registry store failed or refused the change.
    #[error(transparent)]
    Store(#[from] crate::app::store::StoreError),
    /// A trigger is not valid; `field` names it (`triggers[0].cron`).
    #[error("{field}: {reason}")]
    InvalidTrigger {
        /// The offending field.
        field: String,
        /// What is wrong with it.
        reason: String,
    },
    /// An app's declared dependencies are not valid; `field` names the spec (`packages[1]`).
    #[error("{field}: {reason}")]
    InvalidDependencies {
        /// The offending field.
        field: String,
        /// What is wrong with it.
        reason: String,
    },
    /// No function of that name serves (a rename's source).
    #[error("no function named {0:?}")]
    UnknownFunction(String),
    /// A function of that name serves already (a rename's target).
    #[error("a function named {0:?} exists already")]
    NameTaken(String),
    /// A rollback asked for a version that was never published.
    #[error("function {name:?} has no version {version}")]
    UnknownVersion {
        /// The function.
        name: String,
        /// The version asked for.
        version: u64,
    },
}

/// Errors of the host itself (not of a function).
#[derive(Debug, Clone, thiserror::Error)]
pub enum HostError {
    /// No app has this id.
    #[error("unknown app {0:?}")]
    UnknownApp(String),
    /// The app id is not valid (lowercase letters, digits and `-`, 1 to 63 characters).
    #[error("invalid app id {0:?}: use 1-63 lowercase letters, digits or '-'")]
    InvalidAppId(String),
    /// An app with this id already exists.
    #[error("app {0:?} already exists")]
    AppExists(String),
    /// A publish failed.
    #[error(transparent)]
    Publish(#[from] PublishError),
    /// The app's database could not be opened.
    #[error("database: {0}")]
    Database(String),
}
