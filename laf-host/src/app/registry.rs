//! The app's registry: publish, rollback, restore and removal of functions.
//!
//! Every change loads the new version first and swaps it in only when that succeeded, so a bad
//! publish or rollback never takes down the version that is serving; the registry store records
//! each version and the live set, so a restart serves the same functions.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::SystemTime;

use super::dependencies::DEPENDENCIES_SETTING;
use super::{App, ENV_SETTING, TRIGGERS_SETTING, validate_function_name};
use crate::app::store::VersionRecord;
use crate::error::{LoadError, PublishError};
use crate::language::{FunctionSource, Language, LoadedFunction};
use crate::triggers::Trigger;

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

impl PublishedFunction {
    /// The live function a history record loaded into.
    fn from_record(record: VersionRecord, loaded: Arc<dyn LoadedFunction>) -> PublishedFunction {
        let source = source_of(&record);
        PublishedFunction {
            name: record.name,
            version: record.version,
            language: record.language,
            source,
            loaded,
            published_at: record.published_at,
        }
    }

    /// The loaded function as `T`, when its language made it one (a language finding its own
    /// functions, for imports between them).
    pub fn loaded_as<T: LoadedFunction>(&self) -> Option<&T> {
        let any: &dyn std::any::Any = &*self.loaded;
        any.downcast_ref::<T>()
    }
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

/// The source a history record was published from.
fn source_of(record: &VersionRecord) -> FunctionSource {
    let mut source = FunctionSource::with_code(record.name.clone(), record.filename.clone(), record.code.clone());
    source.language = Some(record.language.clone());
    source.changelog = record.changelog.clone();
    source.publisher = record.publisher.clone();
    source.methods =
        record.methods.as_ref().map(|m| m.iter().filter_map(|m| http::Method::from_bytes(m.as_bytes()).ok()).collect());
    source
}

const SERVER_SECRET: &str = "SERVER_SECRET";

impl App {
    /// Stops serving `name`; its history is kept. True when it was live.
    pub fn unpublish(&self, name: &str) -> bool {
        self.functions.write().unwrap_or_else(|e| e.into_inner()).remove(name).is_some()
    }

    fn swap_in(&self, published: PublishedFunction) -> Arc<PublishedFunction> {
        let published = Arc::new(published);
        self.functions.write().unwrap_or_else(|e| e.into_inner()).insert(published.name.clone(), published.clone());
        published
    }

    /// Stops serving `name` and records that in the registry store, so a restart does not bring
    /// it back. True when it was live.
    pub async fn remove(&self, name: &str) -> Result<bool, PublishError> {
        let _guard = self.publish_lock.lock().await;
        self.store.set_live(&self.id, name, None).await?;
        Ok(self.unpublish(name))
    }

    /// Loads the environment, triggers, dependencies (installing them) and live functions recorded
    /// in the registry store (after a restart). Functions that no longer load are reported and
    /// skipped; returns how many were restored.
    pub async fn restore(self: &Arc<Self>) -> Result<usize, PublishError> {
        let _guard = self.publish_lock.lock().await;
        if let Some(env) = self.store.setting(&self.id, ENV_SETTING).await? {
            match serde_json::from_value::<HashMap<String, String>>(env) {
                Ok(env) => self.set_env(env),
                Err(e) => tracing::error!(app = %self.id, "cannot restore the environment: {e}"),
            }
        }
        // As Laf, every app has a SERVER_SECRET from the start (getToken, parseToken and ctx.user
        // need one): made once, kept in the registry, replaced only by `laf env set`.
        if !self.user_env().contains_key(SERVER_SECRET) {
            let mut env = (*self.user_env()).clone();
            // 64 characters, as long as Laf's generated secrets.
            env.insert(SERVER_SECRET.to_owned(), super::credentials::random_secret(64));
            let value = serde_json::to_value(&env).unwrap_or_default();
            self.store.put_setting(&self.id, ENV_SETTING, &value).await?;
            self.set_env(env);
        }
        self.restore_s3_secret().await?;
        if let Some(triggers) = self.store.setting(&self.id, TRIGGERS_SETTING).await? {
            match serde_json::from_value::<Vec<Trigger>>(triggers) {
                Ok(triggers) => self.start_triggers(triggers),
                Err(e) => tracing::error!(app = %self.id, "cannot restore the triggers: {e}"),
            }
        }
        // Before the functions load, so the first calls find their packages.
        if let Some(deps) = self.store.setting(&self.id, DEPENDENCIES_SETTING).await? {
            self.restore_dependencies(deps).await;
        }
        let mut restored = 0;
        for record in self.store.live(&self.id).await? {
            match self.load_record(&record).await {
                Ok(loaded) => {
                    self.swap_in(PublishedFunction::from_record(record, loaded));
                    restored += 1;
                }
                Err(e) => tracing::error!(app = %self.id, function = %record.name, "cannot restore: {e}"),
            }
        }
        Ok(restored)
    }

    async fn load_record(self: &Arc<Self>, record: &VersionRecord) -> Result<Arc<dyn LoadedFunction>, LoadError> {
        let source = source_of(record);
        self.language_for(&source)?.load(&self.view(), &source).await
    }

    /// Makes version `version` of `name` (as recorded in the history) the live one again. It is
    /// loaded first, so a failure leaves the current version serving; it serves from the moment
    /// this returns. No new version is recorded.
    pub async fn rollback(self: &Arc<Self>, name: &str, version: u64) -> Result<Arc<PublishedFunction>, PublishError> {
        let _guard = self.publish_lock.lock().await;
        let history = self.store.history(&self.id, name).await?;
        let Some(record) = history.into_iter().find(|r| r.version == version) else {
            return Err(PublishError::UnknownVersion { name: name.to_owned(), version });
        };
        let loaded = self.load_record(&record).await?;
        self.store.set_live(&self.id, name, Some(version)).await?;
        Ok(self.swap_in(PublishedFunction::from_record(record, loaded)))
    }

    /// Renames function `from` to `to`, as Laf's rename does: `to` serves what `from` served and
    /// takes its history (every version, renumbered after any old history of `to`), the cron
    /// triggers aimed at `from` are aimed at `to`, and `from` stops serving (its own history is
    /// kept). The code is loaded under the new name first (an import path may depend on it), so a
    /// failure leaves `from` serving.
    pub async fn rename(self: &Arc<Self>, from: &str, to: &str) -> Result<Arc<PublishedFunction>, PublishError> {
        validate_function_name(to)?;
        let guard = self.publish_lock.lock().await;
        let live = self.function(from).ok_or_else(|| PublishError::UnknownFunction(from.to_owned()))?;
        if self.function(to).is_some() {
            return Err(PublishError::NameTaken(to.to_owned()));
        }
        let mut source = live.source.clone();
        source.name = to.to_owned();
        source.filename = renamed_file(&live.source.filename, from, to);
        let loaded = self.language_for(&source)?.load(&self.view(), &source).await?;
        let base = self.store.last_version(&self.id, to).await?;
        let mut serving = None;
        for mut record in self.store.history(&self.id, from).await? {
            let was_live = record.version == live.version;
            record.name = to.to_owned();
            record.filename = renamed_file(&record.filename, from, to);
            record.version += base;
            self.store.record(&self.id, record.clone()).await?;
            if was_live {
                serving = Some(record);
            }
        }
        let record =
            serving.ok_or_else(|| PublishError::UnknownVersion { name: from.to_owned(), version: live.version })?;
        self.store.set_live(&self.id, to, Some(record.version)).await?;
        self.store.set_live(&self.id, from, None).await?;
        let published = self.swap_in(PublishedFunction::from_record(record, loaded));
        self.unpublish(from);
        let triggers = self.triggers();
        if triggers.iter().any(|t| t.target == from) {
            let moved = triggers
                .into_iter()
                .map(|t| if t.target == from { Trigger { target: to.to_owned(), ..t } } else { t })
                .collect();
            drop(guard);
            self.set_triggers(moved).await?;
        }
        Ok(published)
    }

    /// Every published version of `name`, oldest first.
    pub async fn history(&self, name: &str) -> Result<Vec<VersionRecord>, PublishError> {
        Ok(self.store.history(&self.id, name).await?)
    }

    /// Compiles `source` and, only if that succeeds, makes it the live version of its name.
    pub async fn publish(self: &Arc<Self>, source: FunctionSource) -> Result<Arc<PublishedFunction>, PublishError> {
        validate_function_name(&source.name)?;
        let language = self.language_for(&source)?;
        let _guard = self.publish_lock.lock().await;
        if let Some(live) = self.function(&source.name)
            && live.source.code == source.code
            && live.source.filename == source.filename
            && live.source.methods == source.methods
            && live.language == language.id()
        {
            // Publishing what already serves (a restart re-reading its directory) is not a new version.
            return Ok(live);
        }
        let loaded = language.load(&self.view(), &source).await?;
        let record = VersionRecord {
            name: source.name.clone(),
            version: self.store.last_version(&self.id, &source.name).await? + 1,
            language: language.id().to_owned(),
            filename: source.filename.clone(),
            code: source.code.clone(),
            changelog: source.changelog.clone(),
            publisher: source.publisher.clone(),
            methods: source.methods.as_ref().map(|m| m.iter().map(|m| m.as_str().to_owned()).collect()),
            published_at: SystemTime::now(),
        };
        let version = record.version;
        self.store.record(&self.id, record.clone()).await?;
        self.store.set_live(&self.id, &source.name, Some(version)).await?;
        Ok(self.swap_in(PublishedFunction::from_record(record, loaded)))
    }

    /// The language that runs `source`: the declared one by id (else one taking the declared
    /// name as an alias, `ts` for `js`), or the first taking its file extension.
    pub(crate) fn language_for(&self, source: &FunctionSource) -> Result<Arc<dyn Language>, LoadError> {
        let found = match &source.language {
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
}

/// A function's file name after a rename: `from`'s stem replaced, the extension kept
/// (`api/user.ts` → `api/member.ts`); a file not named after the function keeps its extension.
fn renamed_file(filename: &str, from: &str, to: &str) -> String {
    match filename.strip_prefix(from) {
        Some(ext) if ext.is_empty() || ext.starts_with('.') => format!("{to}{ext}"),
        _ => match filename.rsplit_once('.') {
            Some((_, ext)) => format!("{to}.{ext}"),
            None => to.to_owned(),
        },
    }
}
