//! Apps (tenants): their settings, environment, bindings, logs, sockets, triggers, the
//! languages' per-app state, and the table of live functions.
//!
//! Publishing, rollback and restore (the registry) are in [`registry`]; running a function (the
//! request path, `next`, `cloud.invoke`) is in [`crate::invoke`], which uses the app and never the
//! other way round.

pub mod config;
mod credentials;
mod dependencies;
mod heavy;
pub mod logs;
pub(crate) mod name;
mod registry;
mod routes;
pub mod store;

use std::any::Any;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, SystemTime};

use serde_json::Value;

pub use config::AppConfig;
pub use credentials::S3Endpoint;
pub use dependencies::{DependencyState, DependencyStatus, InstalledSet};
pub use name::{is_valid_app_id, validate_function_name};
pub use registry::PublishedFunction;
pub use routes::{Params, no_params, pattern_params};
pub use store::{DatabaseStore, MemoryStore, RegistryStore, StoreError, VersionRecord};

use crate::bindings::Bindings;
use crate::error::PublishError;
use crate::language::{AppState, AppView, Language};
use crate::metrics::AppMetrics;
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

/// Whether `name` is one of Laf's special functions, which only the host calls.
pub fn is_special(name: &str) -> bool {
    matches!(name, INIT_FUNCTION | INTERCEPTOR_FUNCTION | WEBSOCKET_FUNCTION)
}

// Keys of the app settings kept in the registry.
const ENV_SETTING: &str = "env";
const TRIGGERS_SETTING: &str = "triggers";

/// One tenant: its functions, history, environment and bindings.
pub struct App {
    id: String,
    config: AppConfig,
    functions: RwLock<HashMap<String, Arc<PublishedFunction>>>,
    // Serialises publishes so version numbers and swaps stay in order.
    publish_lock: tokio::sync::Mutex<()>,
    languages: Arc<[Arc<dyn Language>]>,
    // Each language's own state for this app, by language id (see `Language::configure_app`).
    states: Box<[(String, AppState)]>,
    store: Arc<dyn RegistryStore>,
    /// The variables the app set (what the registry keeps and the admin API edits).
    env: RwLock<Arc<HashMap<String, String>>>,
    /// What functions see: the host's variables (`OSS_*`) under the app's own.
    merged_env: RwLock<Arc<HashMap<String, String>>>,
    s3_endpoint: Option<S3Endpoint>,
    s3_secret: RwLock<Option<Arc<str>>>,
    bindings: Bindings,
    workers: Workers,
    logs: LogStore,
    metrics: AppMetrics,
    sockets: Mutex<HashMap<u64, Arc<Socket>>>,
    triggers: Mutex<(Vec<Trigger>, crate::triggers::Running)>,
    dependencies: dependencies::Tracker,
    heavy: heavy::HeavyFunctions,
}

impl std::fmt::Debug for App {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("App").field("id", &self.id).finish_non_exhaustive()
    }
}

/// What an app is made of, besides its id and settings: the host's shared parts.
pub(crate) struct AppParts {
    pub languages: Arc<[Arc<dyn Language>]>,
    pub store: Arc<dyn RegistryStore>,
    pub workers: Workers,
    pub bindings: Bindings,
    /// The host's S3 endpoint, which the app's `OSS_*` variables name.
    pub s3_endpoint: Option<S3Endpoint>,
}

impl App {
    /// A new app; every language configures its state for it here.
    pub(crate) fn new(id: String, config: AppConfig, parts: AppParts) -> App {
        let setup = AppView { id: &id, config: &config, workers: &parts.workers, states: &[] };
        let states = parts
            .languages
            .iter()
            .filter_map(|l| l.configure_app(&setup).map(|state| (l.id().to_owned(), state)))
            .collect();
        App {
            logs: LogStore::new(config.log_lines),
            metrics: AppMetrics::default(),
            sockets: Mutex::default(),
            triggers: Mutex::default(),
            dependencies: dependencies::Tracker::default(),
            heavy: heavy::HeavyFunctions::default(),
            config,
            functions: RwLock::default(),
            publish_lock: tokio::sync::Mutex::new(()),
            languages: parts.languages,
            states,
            store: parts.store,
            env: RwLock::default(),
            merged_env: RwLock::default(),
            s3_endpoint: parts.s3_endpoint,
            s3_secret: RwLock::default(),
            bindings: parts.bindings,
            workers: parts.workers,
            id,
        }
    }

    /// The state language `language` made for this app ([`Language::configure_app`]), if it is
    /// of type `T`.
    pub fn language_state<T: Any + Send + Sync>(&self, language: &str) -> Option<&T> {
        self.view().state(language)
    }

    /// What a language sees of the app in its lifecycle (id, settings, workers, states).
    pub fn view(&self) -> AppView<'_> {
        AppView { id: &self.id, config: &self.config, workers: &self.workers, states: &self.states }
    }

    /// Tells every language the app is gone (its engines, processes and caches are freed), stops
    /// its triggers and closes its sockets. Calls in flight may finish.
    pub(crate) fn removed(&self) {
        *self.triggers.lock().unwrap_or_else(|e| e.into_inner()) = Default::default();
        self.close_sockets();
        for language in self.languages.iter() {
            language.app_removed(&self.view());
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

    /// Tells the host that `function` just ran `took` of synchronous code (holding its thread)
    /// for request `request_id`. A run as long as the pool's slice sends the function's next
    /// calls to the heavy lane ([`crate::workers`]); languages whose code runs on the worker
    /// threads call this after each such run.
    pub fn ran_for(&self, function: &str, request_id: &str, took: Duration) {
        let lane = self.workers.lane();
        if lane.threads == 0 || took < lane.slice {
            return;
        }
        if self.heavy.note(function, lane.hold) {
            let message = format!(
                "ran {} ms without yielding: its calls run on the low-priority heavy lane until it has not for {} s",
                took.as_millis(),
                lane.hold.as_secs()
            );
            self.log_line(function, request_id, Level::Warn, &message, None);
        }
    }

    /// Whether `function`'s calls run on the heavy lane now (see [`App::ran_for`]).
    pub fn is_heavy(&self, function: &str) -> bool {
        self.heavy.contains(function)
    }

    /// The environment functions see (a snapshot; replacing it does not disturb running calls):
    /// the app's variables over the host's (`OSS_ENDPOINT`, `OSS_ACCESS_KEY`...).
    pub fn env(&self) -> Arc<HashMap<String, String>> {
        self.merged_env.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// The variables the app set itself, without the host's.
    pub fn user_env(&self) -> Arc<HashMap<String, String>> {
        self.env.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Replaces the app's variables; new invocations see them at once. Not persisted: see
    /// [`Self::update_env`].
    pub fn set_env(&self, env: HashMap<String, String>) {
        *self.env.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(env);
        self.merge_env();
    }

    fn merge_env(&self) {
        let mut merged = self.system_env();
        merged.extend(self.user_env().iter().map(|(k, v)| (k.clone(), v.clone())));
        *self.merged_env.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(merged);
    }

    /// Sets and removes the app's variables, keeps the result in the registry (a restart finds
    /// it) and applies it to new invocations at once. Returns the app's variables.
    pub async fn update_env(
        &self,
        set: HashMap<String, String>,
        unset: &[String],
    ) -> Result<Arc<HashMap<String, String>>, PublishError> {
        let _guard = self.publish_lock.lock().await;
        let mut env = (*self.user_env()).clone();
        for name in unset {
            env.remove(name);
        }
        env.extend(set);
        let value = serde_json::to_value(&env).unwrap_or_default();
        self.store.put_setting(&self.id, ENV_SETTING, &value).await?;
        self.set_env(env);
        Ok(self.user_env())
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
        self.store.put_setting(&self.id, TRIGGERS_SETTING, &value).await?;
        self.start_triggers(triggers);
        Ok(())
    }

    fn start_triggers(self: &Arc<Self>, triggers: Vec<Trigger>) {
        let app = Arc::downgrade(self);
        let fire = move |trigger: &Trigger| {
            let Some(app) = app.upgrade() else {
                return false;
            };
            // Each firing runs on its own, so a slow one does not delay the next.
            let trigger = trigger.clone();
            tokio::task::spawn_local(async move { app.fire(&trigger).await });
            true
        };
        let running = crate::triggers::start(&self.workers, &self.id, triggers.clone(), fire);
        // The old schedules stop when their `Running` drops here.
        *self.triggers.lock().unwrap_or_else(|e| e.into_inner()) = (triggers, running);
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

    /// The function serving `name` and the path parameters it gets: `name` itself, else the
    /// most specific pattern matching it (`users/[id]`), else `__default__`.
    pub fn resolve(&self, name: &str) -> Option<(Arc<PublishedFunction>, Params)> {
        let functions = self.functions.read().unwrap_or_else(|e| e.into_inner());
        if let Some(f) = functions.get(name) {
            return Some((f.clone(), no_params()));
        }
        if let Some((f, params)) = routes::best_match(functions.values(), name) {
            return Some((f.clone(), Arc::from(params)));
        }
        functions.get(DEFAULT_FUNCTION).map(|f| (f.clone(), no_params()))
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
}
