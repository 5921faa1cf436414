//! [`Host`]: the library entry point that owns languages, workers and apps.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};
use std::time::Duration;

use bytes::Bytes;

use crate::app::{
    App, AppConfig, AppHandle, AppParts, MemoryStore, PublishedFunction, RegistryStore, S3Endpoint, is_valid_app_id,
};
use crate::bindings::Bindings;
use crate::bindings::database::DatabaseProvider;
use crate::bindings::storage::{Storage, StorageBackend};
use crate::error::HostError;
use crate::language::{FunctionSource, Language};
use crate::netpolicy::NetRule;
use crate::response::FunctionResponse;
use crate::workers::{Lane, Workers};

/// Default request body limit: 10 MB, as Laf.
pub const DEFAULT_BODY_LIMIT: usize = 10 * 1024 * 1024;

/// Default limit of a streamed upload (a multipart body to a function, a presigned PUT): 1 GiB.
pub const DEFAULT_UPLOAD_LIMIT: u64 = 1 << 30;

/// The gateway's settings (set through [`HostBuilder`](crate::HostBuilder)).
#[derive(Debug, Clone)]
pub struct GatewayConfig {
    /// Largest request body accepted; larger ones get 413.
    pub body_limit: usize,
    /// Largest streamed upload (its files go to disk, not memory); larger ones get 413.
    pub upload_limit: u64,
    /// Where the files of multipart uploads are kept while their invocation runs (mode 0700).
    pub upload_dir: std::path::PathBuf,
    /// Website domains (lowercase, no port) and the buckets they serve.
    pub sites: HashMap<String, String>,
    /// The admin API's bearer token; `None` turns the API and the metrics off (403).
    pub admin_token: Option<String>,
    /// The S3 endpoint the host serves ([`Host::serve_s3`]), as apps' `OSS_*` variables name it.
    pub s3: Option<S3Endpoint>,
    /// The chat-completions endpoint functions are generated with; `None` turns that off.
    pub ai: Option<crate::gateway::ai::AiConfig>,
}

impl Default for GatewayConfig {
    fn default() -> Self {
        GatewayConfig {
            body_limit: DEFAULT_BODY_LIMIT,
            upload_limit: DEFAULT_UPLOAD_LIMIT,
            // Unguessable, so no other local user can create it first and read the uploads.
            upload_dir: std::env::temp_dir().join(format!("laf-uploads-{}", uuid::Uuid::new_v4().simple())),
            sites: HashMap::new(),
            admin_token: None,
            s3: None,
            ai: None,
        }
    }
}

/// Configures and builds a [`Host`].
pub struct HostBuilder {
    languages: Vec<Arc<dyn Language>>,
    workers: Option<usize>,
    // Unset: the default lane; `Some(None)`: no lane.
    heavy_slice: Option<Option<Duration>>,
    gateway: GatewayConfig,
    store: Arc<dyn RegistryStore>,
    app_config: AppConfig,
    database: Option<Arc<dyn DatabaseProvider>>,
    storage: Option<Arc<dyn StorageBackend>>,
    operator_net: Vec<(Option<String>, NetRule)>,
}

impl Default for HostBuilder {
    fn default() -> Self {
        HostBuilder {
            languages: Vec::new(),
            workers: None,
            heavy_slice: None,
            gateway: GatewayConfig::default(),
            store: Arc::new(MemoryStore::default()),
            app_config: AppConfig::default(),
            database: None,
            storage: None,
            operator_net: Vec::new(),
        }
    }
}

impl HostBuilder {
    /// Registers a language. Sources are offered to languages in registration order.
    pub fn language(mut self, language: impl Language) -> Self {
        self.languages.push(Arc::new(language));
        self
    }

    /// Loads a language plugin (a shared library built with `laf_plugin_abi::export_language!`) and
    /// registers it. The error names the file, and for an ABI mismatch both versions.
    pub fn load_plugin(self, path: impl AsRef<std::path::Path>) -> Result<Self, crate::plugin::PluginError> {
        let language = crate::plugin::PluginLanguage::load(path)?;
        Ok(self.language(language))
    }

    /// Registers a language that is already shared.
    pub fn language_arc(mut self, language: Arc<dyn Language>) -> Self {
        self.languages.push(language);
        self
    }

    /// Number of worker threads (default: one per core available to this process).
    pub fn workers(mut self, count: usize) -> Self {
        self.workers = Some(count);
        self
    }

    /// The heavy lane's slice (default 10 ms, [`Lane::for_workers`]); `None` turns the lane off,
    /// so every call runs where it arrives.
    pub fn heavy_slice(mut self, slice: Option<Duration>) -> Self {
        self.heavy_slice = Some(slice);
        self
    }

    /// Largest request body accepted; larger ones get 413 (default 10 MB).
    pub fn body_limit(mut self, bytes: usize) -> Self {
        self.gateway.body_limit = bytes;
        self
    }

    /// Largest streamed upload: a multipart body to a function (its files go to disk, not
    /// memory) or a PUT to a presigned URL; larger ones get 413 (default 1 GiB).
    pub fn upload_limit(mut self, bytes: u64) -> Self {
        self.gateway.upload_limit = bytes;
        self
    }

    /// Directory for the files of multipart uploads while their invocation runs, created with
    /// mode 0700 (default: a folder of random name in the system's temporary directory).
    pub fn upload_dir(mut self, dir: impl Into<std::path::PathBuf>) -> Self {
        self.gateway.upload_dir = dir.into();
        self
    }

    /// Where the registry (versions, live set, settings, the app list) is kept (default: memory).
    pub fn registry_store(mut self, store: Arc<dyn RegistryStore>) -> Self {
        self.store = store;
        self
    }

    /// Settings for apps created without their own.
    pub fn app_config(mut self, config: AppConfig) -> Self {
        self.app_config = config;
        self
    }

    /// Gives every app a database on this backend (none by default).
    pub fn database(mut self, provider: Arc<dyn DatabaseProvider>) -> Self {
        self.database = Some(provider);
        self
    }

    /// Gives every app buckets on this backend (none by default).
    pub fn storage(mut self, backend: Arc<dyn StorageBackend>) -> Self {
        self.storage = Some(backend);
        self
    }

    /// Serves requests whose `Host` header (port aside) is `domain` from the bucket `bucket` (a
    /// full name, `<appid>-<name>`, whose policy allows public reads) as a website, for every
    /// path, before any function route.
    pub fn site(mut self, domain: &str, bucket: &str) -> Self {
        self.gateway.sites.insert(domain.to_ascii_lowercase(), bucket.to_owned());
        self
    }

    /// Tells apps where the host's S3 endpoint is ([`Host::serve_s3`] serves it): their functions
    /// get `OSS_ENDPOINT`, `OSS_EXTERNAL_ENDPOINT`, `OSS_REGION` and their own key pair.
    pub fn s3_endpoint(mut self, endpoint: S3Endpoint) -> Self {
        self.gateway.s3 = Some(endpoint);
        self
    }

    /// Turns on generating functions from a description (the admin API's `ai/generate`, the
    /// console's "describe it" box) with an OpenAI-compatible endpoint.
    pub fn ai(mut self, config: crate::gateway::ai::AiConfig) -> Self {
        self.gateway.ai = Some(config);
        self
    }

    /// Turns on the admin API (`/_/api/`) and `/_/metrics`, for requests bearing this token
    /// (`Authorization: Bearer <token>`). Without one they answer 403.
    pub fn admin_token(mut self, token: impl Into<String>) -> Self {
        self.gateway.admin_token = Some(token.into());
        self
    }

    /// Lets the functions of app `app` (of every app when `None`) connect where the default
    /// network policy refuses ([`crate::netpolicy`]); the app does not keep the exception.
    pub fn allow_net(mut self, app: Option<&str>, rule: NetRule) -> Self {
        self.operator_net.push((app.map(str::to_owned), rule));
        self
    }

    /// Starts the worker threads and returns the host. The process becomes non-dumpable
    /// (`PR_SET_DUMPABLE` 0): no other process of the same user, a function's child process
    /// included, can read its memory or environment (the keys it holds) through `/proc` or ptrace.
    pub fn build(self) -> std::io::Result<Host> {
        #[cfg(target_os = "linux")]
        // SAFETY: prctl with plain integer arguments.
        if unsafe { libc::prctl(libc::PR_SET_DUMPABLE, 0, 0, 0, 0) } != 0 {
            return Err(std::io::Error::last_os_error());
        }
        let count = self.workers.unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
        let lane = match self.heavy_slice {
            None => Lane::for_workers(count),
            Some(None) => Lane::none(),
            Some(Some(slice)) => Lane { slice, ..Lane::for_workers(count) },
        };
        let workers = Workers::with_lane(count, "laf-worker", lane)?;
        Ok(Host {
            inner: Arc::new(HostInner {
                languages: self.languages.into(),
                workers,
                apps: RwLock::default(),
                default_app: RwLock::default(),
                gateway: self.gateway,
                store: self.store,
                app_config: self.app_config,
                database: self.database,
                storage: self.storage,
                operator_net: self.operator_net,
            }),
        })
    }
}

pub(crate) struct HostInner {
    languages: Arc<[Arc<dyn Language>]>,
    workers: Workers,
    apps: RwLock<HashMap<String, AppHandle>>,
    default_app: RwLock<Option<AppHandle>>,
    gateway: GatewayConfig,
    store: Arc<dyn RegistryStore>,
    app_config: AppConfig,
    database: Option<Arc<dyn DatabaseProvider>>,
    storage: Option<Arc<dyn StorageBackend>>,
    operator_net: Vec<(Option<String>, NetRule)>,
}

// Where the apps created through the admin API are listed in the registry (not an app id).
const HOST_SETTINGS: &str = "_host";
const APPS_SETTING: &str = "apps";

/// A Laf host: languages resident on worker threads, serving any number of apps.
#[derive(Clone)]
pub struct Host {
    inner: Arc<HostInner>,
}

impl Host {
    /// A builder with no languages, one worker per core, a 10 MB body limit and memory history.
    pub fn builder() -> HostBuilder {
        HostBuilder::default()
    }

    /// The worker threads.
    pub fn workers(&self) -> &Workers {
        &self.inner.workers
    }

    /// The storage backend every app's buckets live on, if any.
    pub fn storage_backend(&self) -> Option<&Arc<dyn StorageBackend>> {
        self.inner.storage.as_ref()
    }

    /// The gateway's settings (limits, upload folder, sites, admin token).
    pub fn gateway_config(&self) -> &GatewayConfig {
        &self.inner.gateway
    }

    /// The settings an app created without its own gets.
    pub fn default_app_config(&self) -> &AppConfig {
        &self.inner.app_config
    }

    /// The registered languages.
    pub fn languages(&self) -> &[Arc<dyn Language>] {
        &self.inner.languages
    }

    /// Creates an app; `config` defaults to the builder's app settings.
    pub fn create_app(&self, id: &str, config: Option<AppConfig>) -> Result<AppHandle, HostError> {
        if !is_valid_app_id(id) {
            return Err(HostError::InvalidAppId(id.to_owned()));
        }
        let mut apps = self.inner.apps.write().unwrap_or_else(|e| e.into_inner());
        if apps.contains_key(id) {
            return Err(HostError::AppExists(id.to_owned()));
        }
        let database = match &self.inner.database {
            Some(provider) => Some(provider.open(id).map_err(|e| HostError::Database(e.to_string()))?),
            None => None,
        };
        let parts = AppParts {
            languages: self.inner.languages.clone(),
            store: self.inner.store.clone(),
            workers: self.inner.workers.clone(),
            bindings: Bindings::new(database, self.inner.storage.as_ref().map(|b| Storage::new(id, b.clone()))),
            s3_endpoint: self.inner.gateway.s3.clone(),
        };
        let mut config = config.unwrap_or_else(|| self.inner.app_config.clone());
        let operator =
            self.inner.operator_net.iter().filter(|(only, _)| only.as_deref().is_none_or(|a| a == id)).map(|(_, r)| r);
        config.net = std::mem::take(&mut config.net).with_operator(operator.cloned());
        let app = Arc::new(App::new(id.to_owned(), config, parts));
        apps.insert(id.to_owned(), app.clone());
        Ok(app)
    }

    /// The app with this id.
    pub fn app(&self, id: &str) -> Option<AppHandle> {
        self.inner.apps.read().unwrap_or_else(|e| e.into_inner()).get(id).cloned()
    }

    /// Every app, sorted by id.
    pub fn apps(&self) -> Vec<AppHandle> {
        let mut all: Vec<_> = self.inner.apps.read().unwrap_or_else(|e| e.into_inner()).values().cloned().collect();
        all.sort_by(|a, b| a.id().cmp(b.id()));
        all
    }

    /// Removes an app: its triggers stop, its sockets close and every language frees what it
    /// held for it (engines, worker processes, instances); in-flight calls finish. True when it
    /// existed.
    pub fn remove_app(&self, id: &str) -> bool {
        let removed = self.inner.apps.write().unwrap_or_else(|e| e.into_inner()).remove(id);
        {
            let mut default = self.inner.default_app.write().unwrap_or_else(|e| e.into_inner());
            if default.as_ref().is_some_and(|a| a.id() == id) {
                *default = None;
            }
        }
        if let Some(app) = &removed {
            app.removed();
        }
        removed.is_some()
    }

    /// Creates an app and lists it in the registry, so [`Self::restore_apps`] brings it back
    /// after a restart (what the admin API does).
    pub async fn create_app_persisted(&self, id: &str, config: Option<AppConfig>) -> Result<AppHandle, HostError> {
        let app = self.create_app(id, config)?;
        let saved = match self.save_apps().await {
            Ok(()) => app.restore().await.map_err(HostError::from),
            Err(e) => Err(e),
        };
        if let Err(e) = saved {
            self.remove_app(id);
            // Best effort: the list without it again.
            let _ = self.save_apps().await;
            return Err(e);
        }
        app.init().await;
        Ok(app)
    }

    /// Removes an app with its live functions, triggers, environment and S3 secret, closes its
    /// sockets, and takes it off the registry's list. Its history, database and buckets are kept.
    pub async fn delete_app_persisted(&self, id: &str) -> Result<(), HostError> {
        if let Some(app) = self.app(id) {
            for f in app.functions() {
                app.remove(&f.name).await?;
            }
            app.set_triggers(Vec::new()).await?;
            let names: Vec<String> = app.user_env().keys().cloned().collect();
            app.update_env(HashMap::new(), &names).await?;
            app.forget_s3_secret().await?;
        }
        self.remove_app(id);
        self.save_apps().await
    }

    async fn save_apps(&self) -> Result<(), HostError> {
        let list: Vec<serde_json::Value> = self
            .apps()
            .iter()
            .map(|a| {
                let mut entry = a.config().to_json();
                entry["id"] = a.id().into();
                entry
            })
            .collect();
        self.inner
            .store
            .put_setting(HOST_SETTINGS, APPS_SETTING, &serde_json::Value::Array(list))
            .await
            .map_err(|e| HostError::Publish(e.into()))
    }

    /// Creates the apps listed in the registry that do not exist yet (those made through the
    /// admin API before a restart), restores their functions and runs their `__init__`.
    pub async fn restore_apps(&self) -> Result<Vec<AppHandle>, HostError> {
        let listed =
            self.inner.store.setting(HOST_SETTINGS, APPS_SETTING).await.map_err(|e| HostError::Publish(e.into()))?;
        let mut restored = Vec::new();
        for entry in listed.as_ref().and_then(|v| v.as_array()).into_iter().flatten() {
            let Some(id) = entry.get("id").and_then(|v| v.as_str()) else {
                continue;
            };
            if self.app(id).is_some() {
                continue;
            }
            let mut config = self.inner.app_config.clone();
            if let Err((field, why)) = config.apply_json(entry) {
                tracing::warn!(app = id, field, "a kept setting of the app is invalid and was ignored: {why}");
            }
            let app = self.create_app(id, Some(config))?;
            app.restore().await?;
            app.init().await;
            restored.push(app);
        }
        Ok(restored)
    }

    /// Makes `id` the app served when the `Host` header names no app (as `laf serve` does).
    pub fn set_default_app(&self, id: &str) -> Result<(), HostError> {
        let app = self.app(id).ok_or_else(|| HostError::UnknownApp(id.to_owned()))?;
        *self.inner.default_app.write().unwrap_or_else(|e| e.into_inner()) = Some(app);
        Ok(())
    }

    /// Publishes `source` to app `app`; see [`App::publish`].
    pub async fn publish(&self, app: &str, source: FunctionSource) -> Result<Arc<PublishedFunction>, HostError> {
        let app = self.app(app).ok_or_else(|| HostError::UnknownApp(app.to_owned()))?;
        Ok(app.publish(source).await?)
    }

    /// Invokes function `name` of app `app` without HTTP; see [`App::call`] for the mapping.
    ///
    /// Call it from a tokio runtime with timers enabled (the invocation's deadline is a tokio timer).
    pub async fn invoke(
        &self,
        app: &str,
        name: &str,
        request: http::Request<Bytes>,
    ) -> Result<FunctionResponse, HostError> {
        let app = self.app(app).ok_or_else(|| HostError::UnknownApp(app.to_owned()))?;
        Ok(app.call(name, request).await)
    }

    /// The app a request is for: the first label of its `Host` header when it is an app id
    /// (`<appid>.example.com`, as Laf routes), else the default app.
    pub(crate) fn resolve_app(&self, host_header: Option<&str>) -> Option<AppHandle> {
        if let Some(label) = host_header.and_then(|h| h.split(['.', ':']).next())
            && let Some(app) = self.app(label)
        {
            return Some(app);
        }
        self.inner.default_app.read().unwrap_or_else(|e| e.into_inner()).clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(target_os = "linux")]
    #[test]
    fn a_built_host_cannot_be_read_through_proc_by_its_own_user() {
        let _host = Host::builder().workers(1).build().unwrap();
        // SAFETY: prctl with plain integer arguments.
        assert_eq!(unsafe { libc::prctl(libc::PR_GET_DUMPABLE, 0, 0, 0, 0) }, 0);
    }

    #[test]
    fn operator_exceptions_reach_the_apps_they_name_and_are_not_kept() {
        let host = Host::builder()
            .workers(1)
            .allow_net(None, "127.0.0.1:6379".parse().unwrap())
            .allow_net(Some("b"), "127.0.0.1:5432".parse().unwrap())
            .build()
            .unwrap();
        let (a, b) = (host.create_app("a", None).unwrap(), host.create_app("b", None).unwrap());
        let redis: std::net::SocketAddr = "127.0.0.1:6379".parse().unwrap();
        let pg: std::net::SocketAddr = "127.0.0.1:5432".parse().unwrap();
        assert!(a.config().net.check(redis).is_ok() && b.config().net.check(redis).is_ok());
        assert!(a.config().net.check(pg).is_err(), "app a was not given 5432");
        assert!(b.config().net.check(pg).is_ok());
        assert!(b.config().net.allowed().is_empty(), "the operator's rules are not the app's own");
        assert_eq!(b.config().to_json()["allowNet"], serde_json::json!([]));
    }
}
