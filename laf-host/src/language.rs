//! The seam between the host and a language: [`Language`] loads sources, [`LoadedFunction`] runs them.
//!
//! Both traits are object-safe and mention no engine type, so a language can live in its own crate
//! or behind a C ABI. The lifecycle follows Spin's factors: the engine is set up once (the
//! `Language` value); an app is configured once ([`Language::configure_app`] makes the language's
//! per-app state, which the [`App`](crate::App) keeps and hands back on every load and call) and
//! released once ([`Language::app_removed`]); a context is built per call.
//!
//! As in Spin, the lifecycle methods see an [`AppView`] (the app's id, settings, workers and the
//! languages' states), never the running app: a language cannot keep an app alive past its
//! removal, and this file does not depend on the app module. Only a call's [`FunctionContext`]
//! reaches the running app, because `cloud.invoke`, sockets and `next` need it.

use std::any::Any;
use std::sync::Arc;

use async_trait::async_trait;
use bytes::Bytes;
use http::Method;

use crate::app::config::AppConfig;
use crate::context::FunctionContext;
use crate::error::{InvokeError, LoadError};
use crate::packages::{InstallRequest, Installed};
use crate::response::FunctionResponse;
use crate::workers::Workers;

/// A function's code: text for source languages, bytes for binary ones (a `.wasm` component).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SourceCode {
    /// Source text (JavaScript, TypeScript, Python...).
    Text(Arc<str>),
    /// A binary artefact (a WebAssembly component).
    Binary(Bytes),
}

impl SourceCode {
    /// The code's bytes, whichever kind it is.
    pub fn bytes(&self) -> &[u8] {
        match self {
            SourceCode::Text(text) => text.as_bytes(),
            SourceCode::Binary(bytes) => bytes,
        }
    }

    /// The text, for a text source.
    pub fn text(&self) -> Option<&Arc<str>> {
        match self {
            SourceCode::Text(text) => Some(text),
            SourceCode::Binary(_) => None,
        }
    }

    /// Size in bytes.
    pub fn len(&self) -> usize {
        self.bytes().len()
    }

    /// Whether there is no code at all.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// What a publish hands to a language: the function's name, its file name and its code.
#[derive(Debug, Clone)]
pub struct FunctionSource {
    /// The function's name, which is also its route (`api/user` is served at `/api/user`).
    pub name: String,
    /// File name used for diagnostics and to pick a language by extension (`api/user.ts`).
    pub filename: String,
    /// The code: text, or bytes for a binary language.
    pub code: SourceCode,
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
    /// A text source named `name` with file name `filename` (its extension picks the language).
    pub fn new(name: impl Into<String>, filename: impl Into<String>, code: impl Into<Arc<str>>) -> Self {
        Self::with_code(name, filename, SourceCode::Text(code.into()))
    }

    /// A binary source (a WebAssembly component) named `name`, with file name `filename`.
    pub fn binary(name: impl Into<String>, filename: impl Into<String>, bytes: impl Into<Bytes>) -> Self {
        Self::with_code(name, filename, SourceCode::Binary(bytes.into()))
    }

    /// A source of either kind.
    pub fn with_code(name: impl Into<String>, filename: impl Into<String>, code: SourceCode) -> Self {
        FunctionSource {
            name: name.into(),
            filename: filename.into(),
            code,
            language: None,
            methods: None,
            changelog: None,
            publisher: None,
        }
    }

    /// The code's bytes, whichever kind it is.
    pub fn bytes(&self) -> &[u8] {
        self.code.bytes()
    }

    /// The source text; empty for a binary source (a text language rejects those at load).
    pub fn text(&self) -> &str {
        self.code.text().map_or("", |t| t)
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

/// A language's own state for one app, made by [`Language::configure_app`]; the app keeps it and
/// a language reads it back with [`AppView::state`] (or [`App::language_state`] during a call).
///
/// [`App::language_state`]: crate::App::language_state
pub type AppState = Arc<dyn Any + Send + Sync>;

/// What a language sees of an app in its lifecycle ([`Language::configure_app`], [`Language::load`],
/// [`Language::app_removed`]).
#[derive(Clone, Copy)]
pub struct AppView<'a> {
    /// The app's id.
    pub id: &'a str,
    /// The app's settings (its call timeout...).
    pub config: &'a AppConfig,
    /// The host's worker threads, where a language keeps its engines.
    pub workers: &'a Workers,
    /// Each language's state for the app, by language id; empty while the app is being configured.
    pub states: &'a [(String, AppState)],
}

impl<'a> AppView<'a> {
    /// The state language `language` made for this app, if it is of type `T`.
    pub fn state<T: Any + Send + Sync>(&self, language: &str) -> Option<&'a T> {
        self.states.iter().find(|(id, _)| id == language).and_then(|(_, state)| state.downcast_ref::<T>())
    }
}

/// One named value a language reports for `/_/metrics` (`laf_language_<name>{language="<id>"}`).
#[derive(Debug, Clone, PartialEq)]
pub struct Gauge {
    /// Metric name suffix, lowercase with underscores (`workers_busy`, `app_contexts`).
    pub name: &'static str,
    /// One line saying what is counted.
    pub help: &'static str,
    /// The value now.
    pub value: f64,
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
    /// What the language reports for `/_/metrics` (its worker processes, contexts, instances...).
    fn gauges(&self) -> Vec<Gauge> {
        Vec::new()
    }
    /// Makes the language's state for a new app, kept by the app until [`Self::app_removed`].
    /// `None` (the default) for a language that keeps nothing per app.
    fn configure_app(&self, app: &AppView<'_>) -> Option<AppState> {
        let _ = app;
        None
    }
    /// The app was removed from the host: free what the language holds for it (engines,
    /// processes, caches). Calls in flight may still finish.
    fn app_removed(&self, app: &AppView<'_>) {
        let _ = app;
    }
    /// Whether the language installs the npm packages of an app's dependencies
    /// ([`Dependencies::packages`](crate::Dependencies::packages), through
    /// [`Self::install_packages`]): the host refuses to declare packages when no language does.
    fn installs_packages(&self) -> bool {
        false
    }
    /// Whether the language installs the pip requirements of an app's dependencies
    /// ([`Dependencies::requirements`](crate::Dependencies::requirements), through
    /// [`Self::install_packages`]): the host refuses to declare requirements when no language does.
    fn installs_requirements(&self) -> bool {
        false
    }
    /// Installs its part of `request`'s dependencies (packages, requirements) for `app` and, only
    /// when that succeeded, swaps them in whole for the app's next calls; on an error (the
    /// installer's message) the previous set keeps serving. Runs in the background, one install
    /// per app at a time; every installing language is asked in turn, whichever part changed.
    async fn install_packages(&self, app: &AppView<'_>, request: &InstallRequest<'_>) -> Result<Installed, String> {
        let _ = (app, request);
        Err(format!("the {} language installs no packages", self.id()))
    }
    /// The TypeScript declarations of `package` as installed for `app`, for editors (the
    /// console's type checking of imports): `(path under node_modules, text)` pairs, its
    /// `package.json` first. `None` when the language has no such package for the app.
    fn package_types(&self, app: &AppView<'_>, package: &str) -> Option<Vec<(String, String)>> {
        let _ = (app, package);
        None
    }
    /// Compiles `source` for `app`. Must not disturb the version currently serving.
    async fn load(&self, app: &AppView<'_>, source: &FunctionSource) -> Result<Arc<dyn LoadedFunction>, LoadError>;
}

/// A compiled function, ready to be invoked any number of times, concurrently. A language
/// recognises its own functions (for imports between functions) by upcasting to [`Any`].
#[async_trait]
pub trait LoadedFunction: Any + Send + Sync {
    /// Runs the function once with a per-call context.
    async fn invoke(&self, ctx: FunctionContext) -> Result<FunctionResponse, InvokeError>;
}
