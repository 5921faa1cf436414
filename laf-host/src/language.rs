//! The seam between the host and a language: [`Language`] loads sources, [`LoadedFunction`] runs them.
//!
//! Both traits are object-safe and mention no engine type, so a language can live in its own crate
//! or behind a C ABI. The split follows Spin's factors: the engine is set up once (the `Language`
//! value), an app is configured once (`load` receives the app), and a context is built per call.

use std::any::Any;
use std::sync::Arc;

use async_trait::async_trait;
use bytes::Bytes;
use http::Method;

use crate::app::AppHandle;
use crate::context::FunctionContext;
use crate::error::{InvokeError, LoadError};
use crate::response::FunctionResponse;

/// What a publish hands to a language: the function's name, its file name and its source (text, or
/// bytes for a binary language such as a `.wasm` component).
#[derive(Debug, Clone)]
pub struct FunctionSource {
    /// The function's name, which is also its route (`api/user` is served at `/api/user`).
    pub name: String,
    /// File name used for diagnostics and to pick a language by extension (`api/user.ts`).
    pub filename: String,
    /// The source text (empty for a binary source).
    pub code: Arc<str>,
    /// The source's bytes when it is not text (a `.wasm` component); `None` for text sources.
    /// Read either kind with [`Self::bytes`].
    pub binary: Option<Bytes>,
    /// A declared language id; when `None` the language is picked by file extension.
    pub language: Option<String>,
    /// HTTP methods the function answers; `None` means every method.
    pub methods: Option<Vec<Method>>,
    /// What changed in this version, kept in the history.
    pub changelog: Option<String>,
    /// Who publishes it (`directory`, `api`...), kept in the history: `laf serve` removes at
    /// start only the functions its directory published whose files are gone.
    pub publisher: Option<String>,
}

impl FunctionSource {
    /// A source named `name` with file name `filename` (its extension picks the language).
    pub fn new(name: impl Into<String>, filename: impl Into<String>, code: impl Into<Arc<str>>) -> Self {
        FunctionSource {
            name: name.into(),
            filename: filename.into(),
            code: code.into(),
            binary: None,
            language: None,
            methods: None,
            changelog: None,
            publisher: None,
        }
    }

    /// A binary source (a WebAssembly component) named `name`, with file name `filename`.
    pub fn binary(name: impl Into<String>, filename: impl Into<String>, bytes: impl Into<Bytes>) -> Self {
        FunctionSource { binary: Some(bytes.into()), ..Self::new(name, filename, "") }
    }

    /// The source's bytes: [`Self::binary`] when set, else the text's UTF-8 bytes.
    pub fn bytes(&self) -> &[u8] {
        self.binary.as_deref().unwrap_or(self.code.as_bytes())
    }

    /// Declares the language explicitly instead of relying on the extension.
    pub fn with_language(mut self, language: impl Into<String>) -> Self {
        self.language = Some(language.into());
        self
    }

    /// Restricts the HTTP methods the function answers (others get 405).
    pub fn with_methods(mut self, methods: Vec<Method>) -> Self {
        self.methods = Some(methods);
        self
    }

    /// The file extension without the dot, lowercased (`"ts"` for `a/b.ts`).
    pub fn extension(&self) -> Option<String> {
        let base = self.filename.rsplit('/').next().unwrap_or(&self.filename);
        base.rsplit_once('.').map(|(_, ext)| ext.to_ascii_lowercase())
    }
}

/// A language the host can run: it turns a [`FunctionSource`] into a [`LoadedFunction`].
#[async_trait]
pub trait Language: Send + Sync + 'static {
    /// Short stable id (`"js"`, `"python"`, `"wasm"`), used in publish requests and history.
    fn id(&self) -> &str;
    /// Whether this language runs `source` (by declared language or by file extension).
    fn accepts(&self, source: &FunctionSource) -> bool;
    /// Whether its sources are bytes rather than text (a `.wasm` component): a loader reading a
    /// file for this language passes it with [`FunctionSource::binary`].
    fn binary_sources(&self) -> bool {
        false
    }
    /// Busy and idle worker processes, for a language that runs its own (`/_/metrics`).
    fn worker_counts(&self) -> Option<(usize, usize)> {
        None
    }
    /// Compiles `source` for `app`. Must not disturb the version currently serving.
    async fn load(&self, app: &AppHandle, source: &FunctionSource) -> Result<Arc<dyn LoadedFunction>, LoadError>;
}

/// A compiled function, ready to be invoked any number of times, concurrently.
#[async_trait]
pub trait LoadedFunction: Send + Sync + 'static {
    /// Runs the function once with a per-call context.
    async fn invoke(&self, ctx: FunctionContext) -> Result<FunctionResponse, InvokeError>;
    /// Lets a language recognise its own functions (for imports between functions).
    fn as_any(&self) -> &dyn Any;
}
