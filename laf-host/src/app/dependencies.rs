//! An app's package dependencies: the declared list, kept in the registry with the lockfile of
//! the last successful install, and the installs that run in the background.
//!
//! Installs run one at a time per app. Each new list bumps a generation; a queued install whose
//! generation is no longer the newest does nothing, so the newest list wins. The language swaps
//! a set in only when its install succeeded, so a failed install leaves the previous set serving.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Instant, SystemTime};

use serde::{Deserialize, Serialize};

use super::App;
use super::logs::millis;
use crate::error::PublishError;
use crate::language::Language;
use crate::packages::{Dependencies, InstallRequest, Installed};

/// Key of the app setting holding the dependencies.
pub(super) const DEPENDENCIES_SETTING: &str = "dependencies";

/// Progress lines kept in [`DependencyStatus::log`].
const LOG_LINES: usize = 200;

/// Where an app's dependencies stand (`GET /_/api/apps/{app}/dependencies`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DependencyStatus {
    /// The declared npm specs.
    pub packages: Vec<String>,
    /// The declared pip requirements.
    pub requirements: Vec<String>,
    /// Whether the packages' install scripts may run.
    pub allow_scripts: bool,
    /// Where the install of the declared list stands.
    pub state: DependencyState,
    /// The last successful install (it keeps serving while a newer one runs or after one failed).
    pub installed: Option<InstalledSet>,
    /// The installer's message when the last install of the declared list failed.
    pub error: Option<String>,
    /// The list whose installer failed (`packages` for npm, `requirements` for pip), with `error`.
    #[serde(skip)]
    pub error_field: Option<&'static str>,
    /// The installer's progress since the list was last set (the last 200 lines).
    pub log: Vec<String>,
}

impl Default for DependencyStatus {
    fn default() -> Self {
        DependencyStatus {
            packages: Vec::new(),
            requirements: Vec::new(),
            allow_scripts: false,
            state: DependencyState::None,
            installed: None,
            error: None,
            error_field: None,
            log: Vec::new(),
        }
    }
}

/// The state of an app's dependencies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DependencyState {
    /// Nothing declared and nothing installed.
    None,
    /// An install of the declared list is running or queued.
    Installing,
    /// The declared list is installed and serving.
    Installed,
    /// The last install of the declared list failed; the previous set keeps serving.
    Failed,
}

/// What a successful install put in place.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct InstalledSet {
    /// The installed version of each declared package, by name.
    pub versions: BTreeMap<String, String>,
    /// True when the same set was on disk already and nothing was downloaded.
    pub reused: bool,
    /// When it finished, in Unix milliseconds.
    pub at: u64,
    /// How long the install took, in milliseconds.
    pub took_ms: u64,
}

/// The `dependencies` setting as kept in the registry.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct Record {
    #[serde(flatten)]
    declared: Dependencies,
    // Kept across failed installs: npm keeps the pinned versions of unchanged packages.
    #[serde(default)]
    lockfile: Option<String>,
    #[serde(default)]
    installed: Option<InstalledSet>,
}

/// An app's dependency bookkeeping.
pub(crate) struct Tracker {
    status: tokio::sync::watch::Sender<DependencyStatus>,
    // Held across the registry write, so the stored record follows the order of the changes.
    record: tokio::sync::Mutex<Record>,
    generation: AtomicU64,
    // One install at a time per app.
    installing: tokio::sync::Mutex<()>,
}

impl Default for Tracker {
    fn default() -> Self {
        Tracker {
            status: tokio::sync::watch::Sender::new(DependencyStatus::default()),
            record: tokio::sync::Mutex::default(),
            generation: AtomicU64::new(0),
            installing: tokio::sync::Mutex::new(()),
        }
    }
}

impl Tracker {
    fn log(&self, line: &str) {
        self.status.send_modify(|s| {
            if s.log.len() >= LOG_LINES {
                s.log.remove(0);
            }
            s.log.push(line.to_owned());
        });
    }
}

fn invalid(field: impl Into<String>, reason: impl Into<String>) -> PublishError {
    PublishError::InvalidDependencies { field: field.into(), reason: reason.into() }
}

impl App {
    /// Where the app's dependencies stand.
    pub fn dependencies(&self) -> DependencyStatus {
        self.dependencies.status.borrow().clone()
    }

    /// Declares the app's dependencies: checked, kept in the registry, and installed in the
    /// background (the previous set serves meanwhile). Returns at once with the status, which is
    /// `installing` when an install started; a list already installed is not installed again.
    pub async fn set_dependencies(self: &Arc<Self>, deps: Dependencies) -> Result<DependencyStatus, PublishError> {
        deps.validate().map_err(|(field, reason)| invalid(field, reason))?;
        let installers = self.installers();
        if !deps.packages.is_empty() && !installers.iter().any(|l| l.installs_packages()) {
            return Err(invalid("packages", "no language of this host installs npm packages"));
        }
        if !deps.requirements.is_empty() && !installers.iter().any(|l| l.installs_requirements()) {
            return Err(invalid("requirements", "no language of this host installs pip requirements"));
        }
        let mut record = self.dependencies.record.lock().await;
        let state = self.dependencies.status.borrow().state;
        if record.declared == deps && state != DependencyState::Failed {
            // Installed, or its install is already the newest one queued.
            return Ok(self.dependencies());
        }
        let mut next = record.clone();
        next.declared = deps.clone();
        let value = serde_json::to_value(&next).unwrap_or_default();
        self.store.put_setting(&self.id, DEPENDENCIES_SETTING, &value).await?;
        *record = next;
        if installers.is_empty() {
            // An empty list and nothing that could have installed a package: only recorded.
            self.dependencies.status.send_modify(|s| {
                s.packages = deps.packages;
                s.requirements = deps.requirements;
                s.allow_scripts = deps.allow_scripts;
                s.state = DependencyState::None;
                s.error = None;
                s.error_field = None;
            });
            return Ok(self.dependencies());
        }
        let generation = self.start_install(&deps);
        drop(record);
        tokio::spawn(self.clone().install(generation));
        Ok(self.dependencies())
    }

    /// The TypeScript declarations of installed package `package` (see
    /// [`Language::package_types`]), from the first language that has it.
    pub fn package_types(&self, package: &str) -> Option<Vec<(String, String)>> {
        let view = self.view();
        self.languages.iter().find_map(|l| l.package_types(&view, package))
    }

    /// Waits until no install of the app's dependencies runs or waits, and returns the status.
    pub async fn wait_dependencies(&self) -> DependencyStatus {
        let mut status = self.dependencies.status.subscribe();
        // The sender lives in `self`, so the channel cannot close while we wait.
        match status.wait_for(|s| s.state != DependencyState::Installing).await {
            Ok(s) => s.clone(),
            Err(_) => self.dependencies(),
        }
    }

    /// Takes the dependencies kept in the registry and, when they list packages, installs them
    /// before returning (with the kept lockfile, so a restart or another replica gets the same
    /// versions). A failure is logged and left in the status.
    pub(super) async fn restore_dependencies(self: &Arc<Self>, value: serde_json::Value) {
        let record: Record = match serde_json::from_value(value) {
            Ok(record) => record,
            Err(e) => {
                tracing::error!(app = %self.id, "cannot restore the dependencies: {e}");
                return;
            }
        };
        let deps = record.declared.clone();
        let installed = record.installed.clone();
        *self.dependencies.record.lock().await = record;
        self.dependencies.status.send_modify(|s| {
            s.packages = deps.packages.clone();
            s.requirements = deps.requirements.clone();
            s.allow_scripts = deps.allow_scripts;
            s.installed = installed;
        });
        if deps.is_empty() {
            return;
        }
        let generation = self.start_install(&deps);
        self.clone().install(generation).await;
    }

    /// The languages that install packages or requirements, in registration order.
    fn installers(&self) -> Vec<Arc<dyn Language>> {
        self.languages.iter().filter(|l| l.installs_packages() || l.installs_requirements()).cloned().collect()
    }

    /// Marks an install of `deps` as the newest; returns its generation. Called with the record locked.
    fn start_install(&self, deps: &Dependencies) -> u64 {
        let generation = self.dependencies.generation.fetch_add(1, Ordering::SeqCst) + 1;
        self.dependencies.status.send_modify(|s| {
            s.packages = deps.packages.clone();
            s.requirements = deps.requirements.clone();
            s.allow_scripts = deps.allow_scripts;
            s.state = DependencyState::Installing;
            s.error = None;
            s.error_field = None;
            s.log.clear();
        });
        generation
    }

    /// Runs the install of generation `generation`, unless a newer list was set meanwhile.
    async fn install(self: Arc<Self>, generation: u64) {
        let _one = self.dependencies.installing.lock().await;
        let tracker = &self.dependencies;
        if tracker.generation.load(Ordering::SeqCst) != generation {
            return;
        }
        let (deps, lockfile) = {
            let record = tracker.record.lock().await;
            (record.declared.clone(), record.lockfile.clone())
        };
        let app = self.id.as_str();
        let progress = |line: &str| {
            tracker.log(line);
            tracing::info!(target: "laf::deps", app, "{line}");
        };
        let started = Instant::now();
        let result = self.install_with_each(&deps, lockfile.as_deref(), &progress).await;
        let took_ms = started.elapsed().as_millis() as u64;
        let mut record = tracker.record.lock().await;
        let newest = tracker.generation.load(Ordering::SeqCst) == generation;
        match result {
            Ok(Installed { lockfile, versions, reused }) => {
                let set = (!deps.is_empty() || !versions.is_empty()).then(|| InstalledSet {
                    versions,
                    reused,
                    at: millis(SystemTime::now()),
                    took_ms,
                });
                record.lockfile = lockfile;
                record.installed = set.clone();
                let value = serde_json::to_value(&*record).unwrap_or_default();
                if let Err(e) = self.store.put_setting(&self.id, DEPENDENCIES_SETTING, &value).await {
                    tracing::error!(target: "laf::deps", app, "cannot keep the installed set in the registry: {e}");
                }
                let summary = set.as_ref().map_or_else(|| "no packages".to_owned(), describe);
                if reused {
                    tracing::info!(target: "laf::deps", app, took_ms, "{summary}: already installed");
                } else {
                    tracing::info!(target: "laf::deps", app, took_ms, "installed {summary}");
                }
                // The set serves now even when a newer list waits: report it, but the newer
                // list's install decides the state.
                tracker.status.send_modify(|s| {
                    s.installed = set;
                    if newest {
                        s.state = if deps.is_empty() { DependencyState::None } else { DependencyState::Installed };
                        s.error = None;
                        s.error_field = None;
                    }
                });
            }
            Err((field, message)) => {
                tracing::error!(target: "laf::deps", app, "install failed, the previous set keeps serving: {message}");
                if newest {
                    tracker.status.send_modify(|s| {
                        s.state = DependencyState::Failed;
                        s.error = Some(message);
                        s.error_field = Some(field);
                    });
                }
            }
        }
    }
}

impl App {
    /// Asks every installing language in turn (npm's, then pip's, as registered) and merges what
    /// they report: the versions of both, the npm installer's lockfile. The first failure ends it
    /// (what installed before it serves; the state says failed).
    async fn install_with_each(
        &self,
        deps: &Dependencies,
        lockfile: Option<&str>,
        progress: &(dyn Fn(&str) + Send + Sync),
    ) -> Result<Installed, (&'static str, String)> {
        let installers = self.installers();
        if installers.is_empty() {
            return Err(("packages", "no language of this host installs packages".to_owned()));
        }
        let request = InstallRequest { dependencies: deps, lockfile, progress };
        let mut merged = Installed { reused: true, ..Installed::default() };
        for language in installers {
            // A failure is the list of the manager that failed (pip's, or else npm's).
            let field = if language.installs_packages() { "packages" } else { "requirements" };
            let done = language.install_packages(&self.view(), &request).await.map_err(|e| (field, e))?;
            if language.installs_packages() {
                merged.lockfile = done.lockfile;
            }
            merged.versions.extend(done.versions);
            merged.reused &= done.reused;
        }
        Ok(merged)
    }
}

fn describe(set: &InstalledSet) -> String {
    if set.versions.is_empty() {
        return "no packages".to_owned();
    }
    set.versions.iter().map(|(name, version)| format!("{name}@{version}")).collect::<Vec<_>>().join(", ")
}
