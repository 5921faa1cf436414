//! An app's package dependencies on the host side: declared, kept in the registry, installed in
//! the background by the language that takes packages (here a stand-in for npm that records what
//! it is asked), restored at start, and driven through the admin API.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use async_trait::async_trait;
use axum::body::Body;
use http::{Method, Request, StatusCode};
use http_body_util::BodyExt;
use laf_host::app::MemoryStore;
use laf_host::packages::{InstallRequest, split_spec};
use laf_host::{
    AppView, Dependencies, DependencyState, FunctionContext, FunctionResponse, FunctionSource, Host, Installed,
    InvokeError, Language, LoadError, LoadedFunction, PublishError, RegistryStore,
};
use serde_json::{Value, json};
use tokio::sync::Semaphore;
use tower::ServiceExt;

const TOKEN: &str = "deps-admin-token";

/// What the stand-in installer was asked, in order.
#[derive(Debug, Clone, PartialEq)]
enum Event {
    Install { packages: Vec<String>, allow_scripts: bool, lockfile: Option<String> },
    Load(String),
}

/// Installs instantly unless gated: each install takes a permit of `gate` before it ends.
/// `no-such-package` fails as npm does; the lockfile pins every package at `1.0.<len of name>`.
#[derive(Default)]
struct FakeNpm {
    events: Mutex<Vec<Event>>,
    gate: Option<Arc<Semaphore>>,
    progress_lines: usize,
}

impl FakeNpm {
    fn installs(&self) -> Vec<Event> {
        self.events().into_iter().filter(|e| matches!(e, Event::Install { .. })).collect()
    }

    fn events(&self) -> Vec<Event> {
        self.events.lock().unwrap().clone()
    }
}

struct Nothing;

#[async_trait]
impl LoadedFunction for Nothing {
    async fn invoke(&self, _: FunctionContext) -> Result<FunctionResponse, InvokeError> {
        Err(InvokeError::Call("not called in these tests".into()))
    }
}

#[async_trait]
impl Language for FakeNpm {
    fn id(&self) -> &str {
        "fake"
    }

    fn accepts(&self, source: &FunctionSource) -> bool {
        source.filename.ends_with(".fake")
    }

    fn installs_packages(&self) -> bool {
        true
    }

    async fn install_packages(&self, _: &AppView<'_>, request: &InstallRequest<'_>) -> Result<Installed, String> {
        let deps = request.dependencies;
        // Progress first: a test that sees the install started sees its progress too.
        (request.progress)(&format!("added {} packages", deps.packages.len()));
        for i in 0..self.progress_lines {
            (request.progress)(&format!("line {i}"));
        }
        self.events.lock().unwrap().push(Event::Install {
            packages: deps.packages.clone(),
            allow_scripts: deps.allow_scripts,
            lockfile: request.lockfile.map(str::to_owned),
        });
        if let Some(gate) = &self.gate {
            gate.acquire().await.unwrap().forget();
        }
        if deps.packages.iter().any(|s| s.starts_with("no-such-package")) {
            return Err(
                "npm error code E404\nnpm error 404 Not Found - GET https://registry.npmjs.org/no-such-package".into(),
            );
        }
        let versions: BTreeMap<String, String> = deps
            .packages
            .iter()
            .map(|s| split_spec(s).unwrap().0.to_owned())
            .map(|name| (name.clone(), format!("1.0.{}", name.len())))
            .collect();
        let lockfile = serde_json::to_string(&versions).unwrap();
        let reused = request.lockfile == Some(lockfile.as_str());
        Ok(Installed { lockfile: Some(lockfile), versions, reused })
    }

    async fn load(&self, _: &AppView<'_>, source: &FunctionSource) -> Result<Arc<dyn LoadedFunction>, LoadError> {
        self.events.lock().unwrap().push(Event::Load(source.name.clone()));
        Ok(Arc::new(Nothing))
    }
}

fn deps(specs: &[&str]) -> Dependencies {
    Dependencies { packages: specs.iter().map(|s| s.to_string()).collect(), ..Dependencies::default() }
}

fn host_with(npm: Arc<FakeNpm>, store: Arc<dyn RegistryStore>) -> Host {
    Host::builder().workers(1).language_arc(npm).registry_store(store).admin_token(TOKEN).build().unwrap()
}

fn versions(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
}

/// Waits until the installer has been asked `n` times.
async fn installs_started(npm: &FakeNpm, n: usize) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while npm.installs().len() < n {
        assert!(Instant::now() < deadline, "{n} installs never started: {:?}", npm.events());
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
}

#[tokio::test]
async fn an_install_runs_in_the_background_and_reports_the_versions() {
    let gate = Arc::new(Semaphore::new(0));
    let npm = Arc::new(FakeNpm { gate: Some(gate.clone()), ..Default::default() });
    let host = host_with(npm.clone(), Arc::new(MemoryStore::default()));
    let app = host.create_app("app", None).unwrap();
    assert_eq!(app.dependencies().state, DependencyState::None);

    // The installer is held at the gate: set_dependencies returns all the same.
    let status = app.set_dependencies(deps(&["lodash", "dayjs@1"])).await.unwrap();
    assert_eq!(status.state, DependencyState::Installing);
    assert_eq!(status.packages, ["lodash", "dayjs@1"]);
    installs_started(&npm, 1).await;
    assert_eq!(app.dependencies().log, ["added 2 packages"], "progress shows while the install runs");
    gate.add_permits(1);
    let done = app.wait_dependencies().await;
    assert_eq!(done.state, DependencyState::Installed);
    assert_eq!(done.error, None);
    let installed = done.installed.expect("the installed set");
    assert_eq!(installed.versions, versions(&[("dayjs", "1.0.5"), ("lodash", "1.0.6")]));
    assert!(!installed.reused && installed.at > 1_700_000_000_000);
    assert_eq!(
        npm.installs(),
        [Event::Install { packages: vec!["lodash".into(), "dayjs@1".into()], allow_scripts: false, lockfile: None }]
    );

    // The same list again: nothing to do.
    let again = app.set_dependencies(deps(&["lodash", "dayjs@1"])).await.unwrap();
    assert_eq!(again.state, DependencyState::Installed);
    assert_eq!(npm.installs().len(), 1);

    // Removing every package goes through the installer too (it swaps in an empty set).
    gate.add_permits(1);
    app.set_dependencies(deps(&[])).await.unwrap();
    let empty = app.wait_dependencies().await;
    assert_eq!((empty.state, empty.installed, empty.packages.len()), (DependencyState::None, None, 0));
    assert_eq!(npm.installs().len(), 2);
}

#[tokio::test]
async fn a_failed_install_keeps_the_previous_set_and_says_why() {
    let npm = Arc::new(FakeNpm::default());
    let host = host_with(npm.clone(), Arc::new(MemoryStore::default()));
    let app = host.create_app("app", None).unwrap();
    app.set_dependencies(deps(&["lodash"])).await.unwrap();
    assert_eq!(app.wait_dependencies().await.state, DependencyState::Installed);

    app.set_dependencies(deps(&["lodash", "no-such-package"])).await.unwrap();
    let failed = app.wait_dependencies().await;
    assert_eq!(failed.state, DependencyState::Failed);
    assert!(failed.error.as_deref().unwrap().contains("E404"), "{failed:?}");
    assert_eq!(failed.packages, ["lodash", "no-such-package"], "the declared list stays, for a retry");
    assert_eq!(failed.installed.unwrap().versions, versions(&[("lodash", "1.0.6")]), "the previous set serves");
    let Event::Install { lockfile, .. } = &npm.installs()[1] else { unreachable!() };
    assert_eq!(lockfile.as_deref(), Some(r#"{"lodash":"1.0.6"}"#), "the last lockfile is handed over");

    // The same failed list again is tried again; a good list after it installs.
    app.set_dependencies(deps(&["lodash", "no-such-package"])).await.unwrap();
    assert_eq!(app.wait_dependencies().await.state, DependencyState::Failed);
    assert_eq!(npm.installs().len(), 3);
    app.set_dependencies(deps(&["lodash", "qs"])).await.unwrap();
    let fixed = app.wait_dependencies().await;
    assert_eq!((fixed.state, fixed.error), (DependencyState::Installed, None));
}

#[tokio::test]
async fn the_newest_list_wins() {
    let gate = Arc::new(Semaphore::new(0));
    let npm = Arc::new(FakeNpm { gate: Some(gate.clone()), ..Default::default() });
    let host = host_with(npm.clone(), Arc::new(MemoryStore::default()));
    let app = host.create_app("app", None).unwrap();

    app.set_dependencies(deps(&["a"])).await.unwrap();
    installs_started(&npm, 1).await;
    // Two more lists while `a` installs: `b` is superseded before its turn and never runs.
    app.set_dependencies(deps(&["b"])).await.unwrap();
    app.set_dependencies(deps(&["no-such-package"])).await.unwrap();
    app.set_dependencies(deps(&["c"])).await.unwrap();
    gate.add_permits(1);
    installs_started(&npm, 2).await;
    // `a` is in place and serves, but `c` is what is declared: still installing.
    let between = app.dependencies();
    assert_eq!(between.state, DependencyState::Installing);
    assert_eq!(between.installed.unwrap().versions, versions(&[("a", "1.0.1")]));
    gate.add_permits(1);
    let done = app.wait_dependencies().await;
    assert_eq!(done.state, DependencyState::Installed);
    assert_eq!(done.packages, ["c"]);
    assert_eq!(done.installed.unwrap().versions, versions(&[("c", "1.0.1")]));
    let asked: Vec<_> = npm
        .installs()
        .into_iter()
        .map(|e| match e {
            Event::Install { packages, lockfile, .. } => (packages, lockfile),
            Event::Load(_) => unreachable!(),
        })
        .collect();
    assert_eq!(asked, [(vec!["a".to_owned()], None), (vec!["c".to_owned()], Some(r#"{"a":"1.0.1"}"#.to_owned()))]);

    // A failure superseded by a good list is never the final state either.
    let npm = Arc::new(FakeNpm { gate: Some(gate.clone()), ..Default::default() });
    let host = host_with(npm.clone(), Arc::new(MemoryStore::default()));
    let app = host.create_app("app", None).unwrap();
    app.set_dependencies(deps(&["no-such-package"])).await.unwrap();
    installs_started(&npm, 1).await;
    app.set_dependencies(deps(&["d"])).await.unwrap();
    gate.add_permits(2);
    let done = app.wait_dependencies().await;
    assert_eq!((done.state, done.error), (DependencyState::Installed, None));
}

#[tokio::test]
async fn dependencies_are_restored_with_their_lockfile_before_the_functions() {
    let store: Arc<dyn RegistryStore> = Arc::new(MemoryStore::default());
    let first = Arc::new(FakeNpm::default());
    let host = host_with(first.clone(), store.clone());
    let app = host.create_app("app", None).unwrap();
    app.set_dependencies(Dependencies { allow_scripts: true, ..deps(&["lodash", "dayjs@1"]) }).await.unwrap();
    app.wait_dependencies().await;
    app.publish(FunctionSource::new("f", "f.fake", "code")).await.unwrap();
    drop(host);

    // A restart (another host over the same registry) installs the same list with the lockfile,
    // inline, before it loads the functions.
    let second = Arc::new(FakeNpm::default());
    let host = host_with(second.clone(), store.clone());
    let app = host.create_app("app", None).unwrap();
    assert_eq!(app.restore().await.unwrap(), 1);
    let lock = r#"{"dayjs":"1.0.5","lodash":"1.0.6"}"#.to_owned();
    assert_eq!(
        second.events(),
        [
            Event::Install {
                packages: vec!["lodash".into(), "dayjs@1".into()],
                allow_scripts: true,
                lockfile: Some(lock.clone())
            },
            Event::Load("f".into()),
        ]
    );
    let restored = app.dependencies();
    assert_eq!((restored.state, restored.allow_scripts), (DependencyState::Installed, true));
    assert!(restored.installed.unwrap().reused);

    // A failed list is kept (a restart tries it again) with the last good lockfile; the restore
    // goes on and reports the failure.
    app.set_dependencies(deps(&["lodash", "no-such-package"])).await.unwrap();
    app.wait_dependencies().await;
    drop(host);
    let third = Arc::new(FakeNpm::default());
    let host = host_with(third.clone(), store);
    let app = host.create_app("app", None).unwrap();
    assert_eq!(app.restore().await.unwrap(), 1, "the functions load after a failed install");
    let Event::Install { packages, lockfile, .. } = &third.events()[0] else { panic!("{:?}", third.events()) };
    assert_eq!(packages, &["lodash", "no-such-package"]);
    assert_eq!(lockfile.as_deref(), Some(&*lock));
    let failed = app.dependencies();
    assert_eq!(failed.state, DependencyState::Failed);
    assert_eq!(failed.installed.unwrap().versions, versions(&[("dayjs", "1.0.5"), ("lodash", "1.0.6")]));
}

#[tokio::test]
async fn bad_specs_and_hosts_without_an_installer_are_refused() {
    let npm = Arc::new(FakeNpm::default());
    let host = host_with(npm.clone(), Arc::new(MemoryStore::default()));
    let app = host.create_app("app", None).unwrap();
    let field_of = |e: PublishError| match e {
        PublishError::InvalidDependencies { field, reason } => (field, reason),
        other => panic!("{other:?}"),
    };
    let (field, _) = field_of(app.set_dependencies(deps(&["lodash", "Bad"])).await.unwrap_err());
    assert_eq!(field, "packages[1]");
    let (field, reason) = field_of(app.set_dependencies(deps(&["x@file:../y"])).await.unwrap_err());
    assert!(field == "packages[0]" && reason.contains("registry"), "{reason}");
    let (field, _) = field_of(app.set_dependencies(deps(&["qs", "qs@6"])).await.unwrap_err());
    assert_eq!(field, "packages[1]");
    assert!(npm.events().is_empty() && app.dependencies().state == DependencyState::None);

    let plain = Host::builder().workers(1).build().unwrap();
    let app = plain.create_app("app", None).unwrap();
    let (field, reason) = field_of(app.set_dependencies(deps(&["lodash"])).await.unwrap_err());
    assert!(field == "packages" && reason.contains("no language of this host installs npm packages"), "{reason}");
    // pip requirements need a language that installs them (the stand-in npm does not).
    let pip = Dependencies { requirements: vec!["requests==2.32.3".into()], ..Dependencies::default() };
    let (field, reason) = field_of(app.set_dependencies(pip).await.unwrap_err());
    assert!(field == "requirements" && reason.contains("pip"), "{reason}");
    let empty = app.set_dependencies(deps(&[])).await.unwrap();
    assert_eq!(empty.state, DependencyState::None);
}

#[tokio::test]
async fn the_progress_log_keeps_the_last_200_lines() {
    let npm = Arc::new(FakeNpm { progress_lines: 250, ..Default::default() });
    let host = host_with(npm, Arc::new(MemoryStore::default()));
    let app = host.create_app("app", None).unwrap();
    app.set_dependencies(deps(&["lodash"])).await.unwrap();
    let log = app.wait_dependencies().await.log;
    assert_eq!((log.len(), log[0].as_str(), log[199].as_str()), (200, "line 50", "line 249"));
}

async fn admin(host: &Host, method: Method, path: &str, body: Option<&str>) -> (StatusCode, Value) {
    let request = Request::builder()
        .method(method)
        .uri(format!("/_/api/apps/app/{path}"))
        .header("authorization", format!("Bearer {TOKEN}"))
        .header("content-type", "application/json")
        .body(body.map_or_else(Body::empty, |b| Body::from(b.to_owned())))
        .unwrap();
    let response = host.router().oneshot(request).await.unwrap();
    let status = response.status();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    (status, serde_json::from_slice(&bytes).unwrap_or(Value::Null))
}

#[tokio::test]
async fn the_admin_api_sets_and_follows_the_dependencies() {
    let gate = Arc::new(Semaphore::new(0));
    let npm = Arc::new(FakeNpm { gate: Some(gate.clone()), ..Default::default() });
    let host = host_with(npm.clone(), Arc::new(MemoryStore::default()));
    let app = host.create_app("app", None).unwrap();

    let (status, body) = admin(&host, Method::GET, "dependencies", None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        body,
        json!({"packages": [], "requirements": [], "allowScripts": false, "state": "none", "installed": null, "error": null, "log": []})
    );
    for (bad, field) in [
        (r#"{"packages": ["../x"]}"#, "packages[0]"),
        (r#"{"packages": ["ok", 3]}"#, "packages[1]"),
        (r#"{"packages": "lodash"}"#, "packages"),
        (r#"{"requirements": ["-e ."]}"#, "requirements[0]"),
        (r#"{"requirements": "requests"}"#, "requirements"),
        (r#"{}"#, "packages"),
        (r#"{"packages": [], "allowScripts": "yes"}"#, "allowScripts"),
        (r#"{"packages": ["#, "body"),
    ] {
        let (status, body) = admin(&host, Method::PUT, "dependencies", Some(bad)).await;
        assert_eq!((status, body["field"].as_str()), (StatusCode::BAD_REQUEST, Some(field)), "{bad}: {body}");
    }

    let put = r#"{"packages": ["lodash"], "allow_scripts": true}"#;
    let (status, body) = admin(&host, Method::PUT, "dependencies", Some(put)).await;
    assert_eq!((status, &body["state"]), (StatusCode::ACCEPTED, &json!("installing")), "{body}");
    installs_started(&npm, 1).await;
    let (_, body) = admin(&host, Method::GET, "dependencies", None).await;
    assert_eq!(body["state"], "installing");
    gate.add_permits(1);
    app.wait_dependencies().await;
    let (_, body) = admin(&host, Method::GET, "dependencies", None).await;
    assert_eq!(body["state"], "installed");
    assert_eq!(body["allowScripts"], true);
    assert_eq!(body["installed"]["versions"], json!({"lodash": "1.0.6"}));
    let mut keys: Vec<_> = body["installed"].as_object().unwrap().keys().cloned().collect();
    keys.sort();
    assert_eq!(keys, ["at", "reused", "tookMs", "versions"]);

    let (status, _) = admin(&host, Method::PUT, "dependencies", Some(put)).await;
    assert_eq!(status, StatusCode::OK, "nothing changed, nothing to install");

    gate.add_permits(2);
    let failing = r#"{"packages": ["lodash", "no-such-package"], "allowScripts": true}"#;
    let (status, body) = admin(&host, Method::PUT, "dependencies?wait=true", Some(failing)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["field"], "packages");
    assert!(body["error"].as_str().unwrap().contains("404 Not Found"), "{body}");
    assert_eq!(
        (&body["dependencies"]["state"], &body["dependencies"]["installed"]["versions"]),
        (&json!("failed"), &json!({"lodash": "1.0.6"}))
    );
    let (status, body) =
        admin(&host, Method::PUT, "dependencies?wait=true", Some(r#"{"packages": ["dayjs@1"]}"#)).await;
    assert_eq!((status, &body["state"]), (StatusCode::OK, &json!("installed")), "{body}");
    assert_eq!((&body["installed"]["versions"], &body["allowScripts"]), (&json!({"dayjs": "1.0.5"}), &json!(false)));

    let request = Request::get("/_/api/apps/app/dependencies").body(Body::empty()).unwrap();
    assert_eq!(host.router().oneshot(request).await.unwrap().status(), StatusCode::UNAUTHORIZED);
    let request = Request::put("/_/api/apps/nope/dependencies")
        .header("authorization", format!("Bearer {TOKEN}"))
        .body(Body::from(r#"{"packages": []}"#))
        .unwrap();
    assert_eq!(host.router().oneshot(request).await.unwrap().status(), StatusCode::NOT_FOUND);
}
