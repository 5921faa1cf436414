//! Apps (tenants) and their function registry.
//!
//! An app owns its published functions, their history, its environment and its bindings.
//! Publishing compiles first and swaps the new version in only when that succeeded, so a bad
//! publish never takes down the version that is serving.

mod history;
pub mod logs;
mod name;
mod routes;

use std::collections::HashMap;
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant, SystemTime};

use bytes::Bytes;
use http::StatusCode;
use serde_json::Value;

pub use history::{HistoryStore, MemoryHistory, VersionRecord};
pub use name::{is_valid_app_id, validate_function_name};

use crate::bindings::Bindings;
use crate::context::{BodyKind, FunctionContext, Origin, Uploads, request_id_from};
use crate::error::{InvokeError, LoadError, PublishError};
use crate::interceptor::Next;
use crate::language::{FunctionSource, Language, LoadedFunction};
use crate::metrics::AppMetrics;
use crate::response::FunctionResponse;
use crate::sockets::Socket;
use crate::triggers::Trigger;
use crate::workers::Workers;
use logs::{Level, LogCapture, LogLine, LogStore};

/// A shared handle to an app.
pub type AppHandle = Arc<App>;

/// Name of the fallback function for unknown names (Laf's `__default__`).
pub const DEFAULT_FUNCTION: &str = "__default__";
/// Name of the function run once when the app starts (Laf's `__init__`).
pub const INIT_FUNCTION: &str = "__init__";
/// Name of the function wrapping every HTTP invocation (Laf's `__interceptor__`).
pub const INTERCEPTOR_FUNCTION: &str = "__interceptor__";
/// Name of the function handling WebSocket events (Laf's `__websocket__`).
pub const WEBSOCKET_FUNCTION: &str = "__websocket__";

/// Per-app settings.
#[derive(Debug, Clone)]
pub struct AppConfig {
    /// Longest an invocation may run before it is stopped (Laf has no limit; we default to 30 s).
    pub timeout: Duration,
    /// Whether a WebSocket upgrade needs a valid JWT (query `token` or `Sec-WebSocket-Protocol`),
    /// verified with the app's `SERVER_SECRET`.
    pub websocket_auth: bool,
    /// Console lines kept for `laf logs` (the oldest are dropped first).
    pub log_lines: usize,
}

impl Default for AppConfig {
    fn default() -> Self {
        AppConfig { timeout: Duration::from_secs(30), websocket_auth: false, log_lines: logs::DEFAULT_LOG_LINES }
    }
}

/// What a debug run returns: the response, the console lines it wrote and how long it took.
#[derive(Debug)]
pub struct DebugRun {
    /// The function's answer (errors mapped as for a request).
    pub response: FunctionResponse,
    /// Its console lines.
    pub logs: Vec<LogLine>,
    /// How long the invocation took (compiling excluded).
    pub duration: Duration,
}

// Keys of the app settings kept in the registry.
const ENV_SETTING: &str = "env";
const TRIGGERS_SETTING: &str = "triggers";

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
    logs: LogStore,
    metrics: AppMetrics,
    sockets: Mutex<HashMap<u64, Arc<Socket>>>,
    triggers: Mutex<(Vec<Trigger>, crate::triggers::Running)>,
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
            logs: LogStore::new(config.log_lines),
            metrics: AppMetrics::default(),
            sockets: Mutex::default(),
            triggers: Mutex::default(),
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

    /// Replaces the environment variables; new invocations see them at once. Not persisted: see
    /// [`Self::update_env`].
    pub fn set_env(&self, env: HashMap<String, String>) {
        *self.env.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(env);
    }

    /// Sets and removes environment variables, keeps the result in the registry (a restart
    /// finds it) and applies it to new invocations at once. Returns the new environment.
    pub async fn update_env(
        &self,
        set: HashMap<String, String>,
        unset: &[String],
    ) -> Result<Arc<HashMap<String, String>>, PublishError> {
        let _guard = self.publish_lock.lock().await;
        let mut env = (*self.env()).clone();
        for name in unset {
            env.remove(name);
        }
        env.extend(set);
        let value = serde_json::to_value(&env).unwrap_or_default();
        self.history.put_setting(&self.id, ENV_SETTING, &value).await.map_err(PublishError::Store)?;
        self.set_env(env);
        Ok(self.env())
    }

    /// The app's recent console lines.
    pub fn logs(&self) -> &LogStore {
        &self.logs
    }

    /// The app's invocation counters.
    pub fn metrics(&self) -> &AppMetrics {
        &self.metrics
    }

    /// Records a console line of `function` (and in a debug run's capture).
    pub fn log_line(
        &self,
        function: &str,
        request_id: &str,
        level: Level,
        message: &str,
        capture: Option<&LogCapture>,
    ) {
        let line = LogLine {
            time: SystemTime::now(),
            function: Arc::from(function),
            request_id: Arc::from(request_id),
            level,
            message: message.to_owned(),
        };
        let app = self.id.as_str();
        match level {
            Level::Error => tracing::error!(target: "laf::console", app, function, request_id, "{message}"),
            Level::Warn => tracing::warn!(target: "laf::console", app, function, request_id, "{message}"),
            Level::Debug => tracing::debug!(target: "laf::console", app, function, request_id, "{message}"),
            Level::Info => tracing::info!(target: "laf::console", app, function, request_id, "{message}"),
        }
        if let Some(capture) = capture {
            capture.lock().unwrap_or_else(|e| e.into_inner()).push(line.clone());
        }
        self.logs.push(line);
    }

    /// The app's open WebSocket connections on this host (`cloud.sockets`).
    pub fn sockets(&self) -> Vec<Arc<Socket>> {
        let mut all: Vec<_> = self.sockets.lock().unwrap_or_else(|e| e.into_inner()).values().cloned().collect();
        all.sort_by_key(|s| s.id());
        all
    }

    /// The open socket with this id, if it is the app's.
    pub fn socket(&self, id: u64) -> Option<Arc<Socket>> {
        self.sockets.lock().unwrap_or_else(|e| e.into_inner()).get(&id).cloned()
    }

    pub(crate) fn add_socket(&self, socket: Arc<Socket>) {
        self.sockets.lock().unwrap_or_else(|e| e.into_inner()).insert(socket.id(), socket);
    }

    /// Closes every open socket of the app (it is being deleted).
    pub(crate) fn close_sockets(&self) {
        for socket in self.sockets() {
            socket.close(Some(1001), "the app was deleted");
        }
    }

    pub(crate) fn remove_socket(&self, id: u64) {
        if let Some(s) = self.sockets.lock().unwrap_or_else(|e| e.into_inner()).remove(&id) {
            s.closed();
        }
    }

    /// The app's cron triggers.
    pub fn triggers(&self) -> Vec<Trigger> {
        self.triggers.lock().unwrap_or_else(|e| e.into_inner()).0.clone()
    }

    /// Replaces the app's triggers: checked, kept in the registry, and running from now on. On an
    /// error nothing changes; the error names the trigger and field.
    pub async fn set_triggers(self: &Arc<Self>, triggers: Vec<Trigger>) -> Result<(), PublishError> {
        for (i, t) in triggers.iter().enumerate() {
            if let Err((field, reason)) = t.validate() {
                return Err(PublishError::InvalidTrigger { field: format!("triggers[{i}].{field}"), reason });
            }
            if triggers[..i].iter().any(|o| o.id == t.id) {
                let reason = format!("duplicate id {:?}", t.id);
                return Err(PublishError::InvalidTrigger { field: format!("triggers[{i}].id"), reason });
            }
        }
        let _guard = self.publish_lock.lock().await;
        let value = serde_json::to_value(&triggers).unwrap_or_default();
        self.history.put_setting(&self.id, TRIGGERS_SETTING, &value).await.map_err(PublishError::Store)?;
        self.start_triggers(triggers);
        Ok(())
    }

    fn start_triggers(self: &Arc<Self>, triggers: Vec<Trigger>) {
        let running = crate::triggers::start(self, triggers.clone());
        // The old schedules stop when their `Running` drops here.
        *self.triggers.lock().unwrap_or_else(|e| e.into_inner()) = (triggers, running);
    }

    /// Runs a trigger's function once, now (what a firing does).
    pub async fn fire(self: &Arc<Self>, trigger: &Trigger) -> FunctionResponse {
        let ctx = FunctionContext::internal(
            self.clone(),
            &trigger.target,
            http::Method::POST,
            Origin::Trigger(trigger.id.clone()),
        );
        let request_id = ctx.request_id.clone();
        let Some(function) = self.function(&trigger.target) else {
            tracing::warn!(app = %self.id, trigger = %trigger.id, "trigger target /{} is not published", trigger.target);
            return FunctionResponse::error(StatusCode::NOT_FOUND, "Function Not Found", &request_id);
        };
        let response = self.answer(self.run(&function, ctx).await, &trigger.target, &request_id);
        tracing::info!(app = %self.id, trigger = %trigger.id, function = %trigger.target, request_id = %request_id,
            status = response.status.as_u16(), "trigger fired");
        response
    }

    /// Runs `__init__` if it is published (Laf runs it once when the app starts). A failure is
    /// logged and the app serves on. Returns its response, if it ran.
    pub async fn init(self: &Arc<Self>) -> Option<FunctionResponse> {
        let function = self.function(INIT_FUNCTION)?;
        let ctx = FunctionContext::internal(self.clone(), INIT_FUNCTION, http::Method::POST, Origin::Init);
        let request_id = ctx.request_id.clone();
        let response = self.answer(self.run(&function, ctx).await, INIT_FUNCTION, &request_id);
        if response.status.is_server_error() {
            tracing::error!(app = %self.id, "__init__ failed (status {}); serving anyway", response.status.as_u16());
        } else {
            tracing::info!(app = %self.id, "__init__ ran");
        }
        Some(response)
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
        if let Some(env) = self.history.setting(&self.id, ENV_SETTING).await.map_err(PublishError::Store)? {
            match serde_json::from_value::<HashMap<String, String>>(env) {
                Ok(env) => self.set_env(env),
                Err(e) => tracing::error!(app = %self.id, "cannot restore the environment: {e}"),
            }
        }
        if let Some(triggers) = self.history.setting(&self.id, TRIGGERS_SETTING).await.map_err(PublishError::Store)? {
            match serde_json::from_value::<Vec<Trigger>>(triggers) {
                Ok(triggers) => self.start_triggers(triggers),
                Err(e) => tracing::error!(app = %self.id, "cannot restore the triggers: {e}"),
            }
        }
        let mut restored = 0;
        for record in self.history.live(&self.id).await.map_err(PublishError::Store)? {
            let source = source_of(&record);
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

    /// Makes version `version` of `name` (as recorded in the history) the live one again. It is
    /// loaded first, so a failure leaves the current version serving; it serves from the moment
    /// this returns. No new version is recorded.
    pub async fn rollback(self: &Arc<Self>, name: &str, version: u64) -> Result<Arc<PublishedFunction>, PublishError> {
        let _guard = self.publish_lock.lock().await;
        let history = self.history.history(&self.id, name).await.map_err(PublishError::Store)?;
        let Some(record) = history.into_iter().find(|r| r.version == version) else {
            return Err(PublishError::UnknownVersion { name: name.to_owned(), version });
        };
        let source = source_of(&record);
        let language = self.language_for(&source)?;
        let loaded = language.load(self, &source).await?;
        self.history.set_live(&self.id, name, Some(version)).await.map_err(PublishError::Store)?;
        let published = Arc::new(PublishedFunction {
            name: record.name,
            version,
            language: record.language,
            source,
            loaded,
            published_at: record.published_at,
        });
        self.functions.write().unwrap_or_else(|e| e.into_inner()).insert(published.name.clone(), published.clone());
        Ok(published)
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
                    changelog: source.changelog.clone(),
                    publisher: source.publisher.clone(),
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
            // By id, else by a language taking the name as an alias (`ts` for `js`).
            Some(id) => self
                .languages
                .iter()
                .find(|l| l.id() == id)
                .or_else(|| self.languages.iter().find(|l| l.accepts(source))),
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
    /// Unknown names fall back to a path pattern (`users/[id]`), then `__default__`, then 404; a
    /// method outside the function's list gets 405; a body that claims to be JSON but is not gets
    /// 400; `__interceptor__`, when published, runs first; a thrown error gets 500 with the
    /// details logged, never returned. Every response carries the `request-id` header.
    pub async fn call(self: &Arc<Self>, name: &str, request: http::Request<Bytes>) -> FunctionResponse {
        let (parts, body) = request.into_parts();
        let request_id = request_id_from(&parts.headers);
        let mut response = self.call_inner(name, parts, body, &request_id).await;
        response.set_request_id(&request_id);
        response
    }

    /// The function serving `name` and the path parameters it gets: `name` itself, else the
    /// most specific pattern matching it (`users/[id]`), else `__default__`.
    pub fn resolve(&self, name: &str) -> Option<(Arc<PublishedFunction>, crate::context::Params)> {
        let functions = self.functions.read().unwrap_or_else(|e| e.into_inner());
        if let Some(f) = functions.get(name) {
            return Some((f.clone(), crate::context::no_params()));
        }
        if let Some((f, params)) = routes::best_match(functions.values(), name) {
            return Some((f.clone(), Arc::from(params)));
        }
        functions.get(DEFAULT_FUNCTION).map(|f| (f.clone(), crate::context::no_params()))
    }

    /// The user a request authenticates as: the payload of its `Authorization: Bearer` token
    /// when the app's `SERVER_SECRET` verifies it, else `None` (as Laf: no error).
    pub fn user_from(&self, headers: &http::HeaderMap) -> Option<Value> {
        let header = headers.get(http::header::AUTHORIZATION)?.to_str().ok()?;
        let token = header.strip_prefix("Bearer ").or_else(|| header.strip_prefix("bearer "))?.trim();
        self.verify_token(token)
    }

    /// The payload of `token` when the app's `SERVER_SECRET` verifies it.
    pub fn verify_token(&self, token: &str) -> Option<Value> {
        let env = self.env();
        let secret = crate::bindings::token::secret(None, &env).ok()?;
        crate::bindings::token::parse(token, secret)
    }

    async fn call_inner(
        self: &Arc<Self>,
        name: &str,
        mut parts: http::request::Parts,
        body: Bytes,
        request_id: &Arc<str>,
    ) -> FunctionResponse {
        // `__init__`, `__interceptor__` and `__websocket__` are the host's to call (at start,
        // around a request, per socket event): a request naming them would skip the interceptor
        // and the WebSocket authentication.
        let found = self.resolve(name).filter(|(f, _)| !is_special(&f.name));
        let Some((function, params)) = found else {
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
        // A path pattern's calls go by its name (`users/[id]`, the path is in `ctx.path`);
        // `__default__` sees the name that was asked for, as Laf.
        let called = if params.is_empty() { name } else { function.name.as_str() };
        let mut ctx = self.request_ctx(called, request_id, parts, body, body_kind);
        ctx.files = files.unwrap_or_else(crate::context::no_files);
        ctx.params = params;
        match self.function(INTERCEPTOR_FUNCTION) {
            Some(interceptor) => self.intercept(interceptor, function, ctx).await,
            None => self.answer(self.run(&function, ctx).await, &function.name, request_id),
        }
    }

    // The context of a request to function `name`: its parts as they came, the user its bearer
    // token verifies as, the app's timeout; no files, parameters, socket or `next`.
    fn request_ctx(
        self: &Arc<Self>,
        name: &str,
        request_id: &Arc<str>,
        parts: http::request::Parts,
        body: Bytes,
        body_kind: BodyKind,
    ) -> FunctionContext {
        let user = self.user_from(&parts.headers);
        FunctionContext {
            app: self.clone(),
            function_name: Arc::from(name),
            request_id: request_id.clone(),
            method: parts.method,
            path: parts.uri.path().to_owned(),
            raw_query: parts.uri.query().map(str::to_owned),
            headers: parts.headers,
            body,
            body_kind,
            files: crate::context::no_files(),
            user,
            deadline: Instant::now() + self.config.timeout,
            params: crate::context::no_params(),
            socket: None,
            next: None,
            origin: Origin::Http,
            capture: None,
        }
    }

    // Runs `__interceptor__` with `next` bound to `function`. Its answer is the response; an
    // interceptor that never called `next` and returned `false` (Laf's legacy form) is a 403,
    // `true` runs the function.
    async fn intercept(
        self: &Arc<Self>,
        interceptor: Arc<PublishedFunction>,
        function: Arc<PublishedFunction>,
        mut ctx: FunctionContext,
    ) -> FunctionResponse {
        let request_id = ctx.request_id.clone();
        let next = Next::new(function, ctx.fork(&ctx.function_name, Origin::Http));
        ctx.next = Some(next.clone());
        let response = self.answer(self.run(&interceptor, ctx).await, INTERCEPTOR_FUNCTION, &request_id);
        if next.called() {
            return response;
        }
        match crate::interceptor::legacy_verdict(&response) {
            Some(true) => next.run().await,
            Some(false) => FunctionResponse::error(StatusCode::FORBIDDEN, "Forbidden by the interceptor", &request_id),
            None => response,
        }
    }

    /// Runs `function` with `ctx`, counting it in the metrics.
    pub async fn run(
        self: &Arc<Self>,
        function: &PublishedFunction,
        ctx: FunctionContext,
    ) -> Result<FunctionResponse, InvokeError> {
        let _busy = self.workers.busy_guard();
        let started = Instant::now();
        let result = function.loaded.invoke(ctx).await;
        let elapsed = started.elapsed();
        let failed = result.as_ref().map_or(true, |r| r.status.is_server_error());
        self.metrics.record(&function.name, elapsed, failed);
        result
    }

    /// The response for an invocation's result: errors become Laf's JSON errors, details logged.
    pub fn answer(
        &self,
        result: Result<FunctionResponse, InvokeError>,
        function: &str,
        request_id: &str,
    ) -> FunctionResponse {
        match result {
            Ok(response) => {
                tracing::debug!(app = %self.id, function, request_id, status = response.status.as_u16(), "invoked");
                response
            }
            Err(error) => {
                match &error {
                    InvokeError::Thrown { stack: Some(stack), .. } => {
                        tracing::error!(app = %self.id, function, request_id, "invocation failed: {error}\n{stack}")
                    }
                    _ => tracing::error!(app = %self.id, function, request_id, "invocation failed: {error}"),
                }
                self.log_line(function, request_id, Level::Error, &format!("invocation failed: {error}"), None);
                let (status, message) = error.public();
                FunctionResponse::error(status, &message, request_id)
            }
        }
    }

    /// `cloud.invoke(name, param)`: runs another function of this app (in any language) with
    /// the caller's request, changed by `param` (`body`, `query`, `headers`, `method`). An error
    /// of the callee is returned as the error (the caller's language throws it).
    pub async fn invoke_from(
        self: &Arc<Self>,
        caller: &FunctionContext,
        name: &str,
        param: Option<&Value>,
    ) -> Result<FunctionResponse, InvokeError> {
        self.invoke_with(caller, name, |ctx| match param {
            Some(param) => crate::interceptor::apply_param(ctx, param),
            None => Ok(()),
        })
        .await
    }

    /// `cloud.invoke` for a language that builds the callee's request itself: `edit` changes the
    /// copy of the caller's request the callee gets (the user and deadline stay the caller's); an
    /// error from it is returned before the callee runs.
    pub async fn invoke_with(
        self: &Arc<Self>,
        caller: &FunctionContext,
        name: &str,
        edit: impl FnOnce(&mut FunctionContext) -> Result<(), InvokeError>,
    ) -> Result<FunctionResponse, InvokeError> {
        let depth = crate::interceptor::next_depth(&caller.origin)?;
        let found = self.resolve(name).filter(|(f, _)| f.name != DEFAULT_FUNCTION || name == DEFAULT_FUNCTION);
        let Some((function, params)) = found else {
            return Err(InvokeError::Call(format!("cloud.invoke: no function named {name:?}")));
        };
        let called = if params.is_empty() { name } else { function.name.as_str() };
        let mut ctx = caller.fork(called, Origin::Invoke { depth });
        ctx.params = params;
        edit(&mut ctx)?;
        self.run(&function, ctx).await
    }

    /// Delivers a WebSocket event to `__websocket__` (nothing happens when it is not published).
    pub async fn socket_event(self: &Arc<Self>, mut ctx: FunctionContext) -> Option<FunctionResponse> {
        let function = self.function(WEBSOCKET_FUNCTION)?;
        ctx.function_name = Arc::from(WEBSOCKET_FUNCTION);
        ctx.origin = Origin::WebSocket;
        ctx.deadline = Instant::now() + self.config.timeout;
        let request_id = ctx.request_id.clone();
        Some(self.answer(self.run(&function, ctx).await, WEBSOCKET_FUNCTION, &request_id))
    }

    /// Runs unpublished `source` once with `request`: compiled fresh, not cached, not published,
    /// not counted in the metrics. Its console lines are captured (and kept in the app's log).
    pub async fn debug(
        self: &Arc<Self>,
        source: FunctionSource,
        request: http::Request<Bytes>,
    ) -> Result<DebugRun, PublishError> {
        validate_function_name(&source.name)?;
        let language = self.language_for(&source)?;
        let loaded = language.load(self, &source).await?;
        let (parts, body) = request.into_parts();
        let request_id = request_id_from(&parts.headers);
        let content_type = parts.headers.get(http::header::CONTENT_TYPE).and_then(|v| v.to_str().ok());
        let body_kind = BodyKind::detect(content_type, body.len());
        let capture: LogCapture = Arc::default();
        let mut ctx = self.request_ctx(&source.name, &request_id, parts, body, body_kind);
        if let Some(params) = routes::pattern_params(&source.name, ctx.path.trim_matches('/')) {
            ctx.params = Arc::from(params);
        }
        ctx.origin = Origin::Debug;
        ctx.capture = Some(capture.clone());
        let started = Instant::now();
        let result = loaded.invoke(ctx).await;
        let duration = started.elapsed();
        if let Err(e) = &result {
            let line = format!("invocation failed: {e}");
            self.log_line(&source.name, &request_id, Level::Error, &line, Some(&capture));
        }
        let mut response = match result {
            Ok(r) => r,
            Err(e) => {
                let (status, message) = e.public();
                FunctionResponse::error(status, &message, &request_id)
            }
        };
        response.set_request_id(&request_id);
        let logs = std::mem::take(&mut *capture.lock().unwrap_or_else(|e| e.into_inner()));
        Ok(DebugRun { response, logs, duration })
    }
}

/// Whether `name` is one of Laf's special functions, which the interceptor does not wrap.
fn is_special(name: &str) -> bool {
    matches!(name, INIT_FUNCTION | INTERCEPTOR_FUNCTION | WEBSOCKET_FUNCTION)
}

/// The source a history record was published from.
fn source_of(record: &VersionRecord) -> FunctionSource {
    let mut source = FunctionSource::new(record.name.clone(), record.filename.clone(), record.code.clone());
    source.binary = record.binary.clone();
    source.language = Some(record.language.clone());
    source.changelog = record.changelog.clone();
    source.publisher = record.publisher.clone();
    source.methods =
        record.methods.as_ref().map(|m| m.iter().filter_map(|m| http::Method::from_bytes(m.as_bytes()).ok()).collect());
    source
}
