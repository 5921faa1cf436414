//! Apps (tenants) and their function registry.
//!
//! An app owns its published functions, their history, its environment and its bindings.
//! Publishing compiles first and swaps the new version in only when that succeeded, so a bad
//! publish never takes down the version that is serving.

mod history;
mod name;

use std::collections::HashMap;
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant, SystemTime};

use bytes::Bytes;
use http::StatusCode;

pub use history::{HistoryStore, MemoryHistory, VersionRecord};
pub use name::{is_valid_app_id, validate_function_name};

use crate::bindings::Bindings;
use crate::context::{BodyKind, FunctionContext, Uploads, request_id_from};
use crate::error::{LoadError, PublishError};
use crate::language::{FunctionSource, Language, LoadedFunction};
use crate::response::FunctionResponse;
use crate::workers::Workers;

/// A shared handle to an app.
pub type AppHandle = Arc<App>;

/// Name of the fallback function for unknown names (Laf's `__default__`).
pub const DEFAULT_FUNCTION: &str = "__default__";

/// Per-app settings.
#[derive(Debug, Clone)]
pub struct AppConfig {
    /// Longest an invocation may run before it is stopped (Laf has no limit; we default to 30 s).
    pub timeout: Duration,
}

impl Default for AppConfig {
    fn default() -> Self {
        AppConfig { timeout: Duration::from_secs(30) }
    }
}

/// A function version that is live.
pub struct PublishedFunction {
    /// Function name.
    pub name: String,
    /// Version number (1 for the first publish).
    pub version: u64,
    /// Id of the language running it.
    pub language: String,
    /// The source it was built from.
    pub source: FunctionSource,
    /// The runnable function.
    pub loaded: Arc<dyn LoadedFunction>,
    /// When it was published.
    pub published_at: SystemTime,
}

impl std::fmt::Debug for PublishedFunction {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PublishedFunction")
            .field("name", &self.name)
            .field("version", &self.version)
            .field("language", &self.language)
            .finish_non_exhaustive()
    }
}

/// One tenant: its functions, history, environment and bindings.
pub struct App {
    id: String,
    config: AppConfig,
    functions: RwLock<HashMap<String, Arc<PublishedFunction>>>,
    // Serialises publishes so version numbers and swaps stay in order.
    publish_lock: tokio::sync::Mutex<()>,
    languages: Arc<[Arc<dyn Language>]>,
    history: Arc<dyn HistoryStore>,
    env: RwLock<Arc<HashMap<String, String>>>,
    bindings: Bindings,
    workers: Workers,
}

impl std::fmt::Debug for App {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("App").field("id", &self.id).finish_non_exhaustive()
    }
}

impl App {
    pub(crate) fn new(
        id: String,
        config: AppConfig,
        languages: Arc<[Arc<dyn Language>]>,
        history: Arc<dyn HistoryStore>,
        workers: Workers,
        bindings: Bindings,
    ) -> App {
        App {
            id,
            config,
            functions: RwLock::default(),
            publish_lock: tokio::sync::Mutex::new(()),
            languages,
            history,
            env: RwLock::default(),
            bindings,
            workers,
        }
    }

    /// The app id.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The app's settings.
    pub fn config(&self) -> &AppConfig {
        &self.config
    }

    /// The app's bindings.
    pub fn bindings(&self) -> &Bindings {
        &self.bindings
    }

    /// The host's worker threads, where languages keep their engines.
    pub fn workers(&self) -> &Workers {
        &self.workers
    }

    /// The environment variables (a snapshot; replacing them does not disturb running calls).
    pub fn env(&self) -> Arc<HashMap<String, String>> {
        self.env.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Replaces the environment variables; new invocations see them at once.
    pub fn set_env(&self, env: HashMap<String, String>) {
        *self.env.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(env);
    }

    /// The live version of `name`.
    pub fn function(&self, name: &str) -> Option<Arc<PublishedFunction>> {
        self.functions.read().unwrap_or_else(|e| e.into_inner()).get(name).cloned()
    }

    /// Every live function, sorted by name.
    pub fn functions(&self) -> Vec<Arc<PublishedFunction>> {
        let mut all: Vec<_> = self.functions.read().unwrap_or_else(|e| e.into_inner()).values().cloned().collect();
        all.sort_by(|a, b| a.name.cmp(&b.name));
        all
    }

    /// Stops serving `name`; its history is kept. True when it was live.
    pub fn unpublish(&self, name: &str) -> bool {
        self.functions.write().unwrap_or_else(|e| e.into_inner()).remove(name).is_some()
    }

    /// Stops serving `name` and records that in the history store, so a restart does not bring it
    /// back. True when it was live.
    pub async fn remove(&self, name: &str) -> Result<bool, PublishError> {
        let _guard = self.publish_lock.lock().await;
        self.history.set_live(&self.id, name, None).await.map_err(PublishError::Store)?;
        Ok(self.unpublish(name))
    }

    /// Loads the live functions recorded in the history store (after a restart). Functions that no
    /// longer load are reported and skipped; returns how many were restored.
    pub async fn restore(self: &Arc<Self>) -> Result<usize, PublishError> {
        let _guard = self.publish_lock.lock().await;
        let mut restored = 0;
        for record in self.history.live(&self.id).await.map_err(PublishError::Store)? {
            let mut source = FunctionSource::new(record.name.clone(), record.filename.clone(), record.code.clone());
            source.binary = record.binary.clone();
            source.language = Some(record.language.clone());
            source.methods = record
                .methods
                .as_ref()
                .map(|m| m.iter().filter_map(|m| http::Method::from_bytes(m.as_bytes()).ok()).collect());
            let loaded = match self.language_for(&source) {
                Ok(language) => language.load(self, &source).await,
                Err(e) => Err(e),
            };
            match loaded {
                Ok(loaded) => {
                    let published = Arc::new(PublishedFunction {
                        name: record.name.clone(),
                        version: record.version,
                        language: record.language,
                        source,
                        loaded,
                        published_at: record.published_at,
                    });
                    self.functions.write().unwrap_or_else(|e| e.into_inner()).insert(record.name, published);
                    restored += 1;
                }
                Err(e) => tracing::error!(app = %self.id, function = %record.name, "cannot restore: {e}"),
            }
        }
        Ok(restored)
    }

    /// Every published version of `name`, oldest first.
    pub async fn history(&self, name: &str) -> Result<Vec<VersionRecord>, PublishError> {
        self.history.history(&self.id, name).await.map_err(PublishError::Store)
    }

    /// Compiles `source` and, only if that succeeds, makes it the live version of its name.
    pub async fn publish(self: &Arc<Self>, source: FunctionSource) -> Result<Arc<PublishedFunction>, PublishError> {
        validate_function_name(&source.name)?;
        let language = self.language_for(&source)?;
        let _guard = self.publish_lock.lock().await;
        if let Some(live) = self.function(&source.name)
            && live.source.code == source.code
            && live.source.binary == source.binary
            && live.source.filename == source.filename
            && live.source.methods == source.methods
            && live.language == language.id()
        {
            // Publishing what already serves (a restart re-reading its directory) is not a new version.
            return Ok(live);
        }
        let loaded = language.load(self, &source).await?;
        let version = self.history.last_version(&self.id, &source.name).await.map_err(PublishError::Store)? + 1;
        let published_at = SystemTime::now();
        self.history
            .record(
                &self.id,
                VersionRecord {
                    name: source.name.clone(),
                    version,
                    language: language.id().to_owned(),
                    filename: source.filename.clone(),
                    code: source.code.clone(),
                    binary: source.binary.clone(),
                    changelog: None,
                    methods: source.methods.as_ref().map(|m| m.iter().map(|m| m.as_str().to_owned()).collect()),
                    published_at,
                },
            )
            .await
            .map_err(PublishError::Store)?;
        self.history.set_live(&self.id, &source.name, Some(version)).await.map_err(PublishError::Store)?;
        let published = Arc::new(PublishedFunction {
            name: source.name.clone(),
            version,
            language: language.id().to_owned(),
            source,
            loaded,
            published_at,
        });
        self.functions.write().unwrap_or_else(|e| e.into_inner()).insert(published.name.clone(), published.clone());
        Ok(published)
    }

    fn language_for(&self, source: &FunctionSource) -> Result<Arc<dyn Language>, LoadError> {
        let found = match &source.language {
            Some(id) => self.languages.iter().find(|l| l.id() == id),
            None => self.languages.iter().find(|l| l.accepts(source)),
        };
        found.cloned().ok_or_else(|| {
            LoadError::Unsupported(match &source.language {
                Some(id) => format!("language {id:?} (not registered with this host)"),
                None => format!("{:?} (no registered language takes this file extension)", source.filename),
            })
        })
    }

    /// Invokes `name` with `request` and always answers: errors become Laf's JSON error responses.
    ///
    /// Unknown names fall back to `__default__`, then 404; a method outside the function's list
    /// gets 405; a body that claims to be JSON but is not gets 400; a thrown error gets 500 with
    /// the details logged, never returned. Every response carries the `request-id` header.
    pub async fn call(self: &Arc<Self>, name: &str, request: http::Request<Bytes>) -> FunctionResponse {
        let (parts, body) = request.into_parts();
        let request_id = request_id_from(&parts.headers);
        let mut response = self.call_inner(name, parts, body, &request_id).await;
        response.set_request_id(&request_id);
        response
    }

    async fn call_inner(
        self: &Arc<Self>,
        name: &str,
        mut parts: http::request::Parts,
        body: Bytes,
        request_id: &Arc<str>,
    ) -> FunctionResponse {
        let Some(function) = self.function(name).or_else(|| self.function(DEFAULT_FUNCTION)) else {
            return FunctionResponse::error(StatusCode::NOT_FOUND, "Function Not Found", request_id);
        };
        if let Some(methods) = &function.source.methods
            && !methods.contains(&parts.method)
        {
            return FunctionResponse::error(StatusCode::METHOD_NOT_ALLOWED, "Method Not Allowed", request_id);
        }
        let files = parts.extensions.remove::<Uploads>().map(|u| u.0);
        let content_type = parts.headers.get(http::header::CONTENT_TYPE).and_then(|v| v.to_str().ok());
        let body_kind = match files {
            Some(_) => BodyKind::Json,
            None => BodyKind::detect(content_type, body.len()),
        };
        if body_kind == BodyKind::Json
            && let Err(e) = serde_json::from_slice::<serde::de::IgnoredAny>(&body)
        {
            return FunctionResponse::error(StatusCode::BAD_REQUEST, &format!("Invalid JSON body: {e}"), request_id);
        }
        let ctx = FunctionContext {
            app: self.clone(),
            function_name: Arc::from(name),
            request_id: request_id.clone(),
            method: parts.method,
            path: parts.uri.path().to_owned(),
            raw_query: parts.uri.query().map(str::to_owned),
            headers: parts.headers,
            body,
            body_kind,
            files: files.unwrap_or_else(crate::context::no_files),
            user: None,
            deadline: Instant::now() + self.config.timeout,
        };
        let started = Instant::now();
        match function.loaded.invoke(ctx).await {
            Ok(response) => {
                tracing::debug!(app = %self.id, function = %function.name, request_id = %request_id,
                    status = response.status.as_u16(), elapsed_us = started.elapsed().as_micros() as u64, "invoked");
                response
            }
            Err(error) => {
                match &error {
                    crate::error::InvokeError::Thrown { stack: Some(stack), .. } => {
                        tracing::error!(app = %self.id, function = %function.name, request_id = %request_id,
                            "invocation failed: {error}\n{stack}")
                    }
                    _ => {
                        tracing::error!(app = %self.id, function = %function.name, request_id = %request_id,
                        "invocation failed: {error}")
                    }
                }
                let (status, message) = error.public();
                FunctionResponse::error(status, &message, request_id)
            }
        }
    }
}
