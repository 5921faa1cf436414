//! npm packages for JavaScript functions (issue 18), installed with the npm CLI from the registry:
//! the functions of `tests/npm/functions` (repository root) answer what Node 20 answered for the
//! same code (`tests/npm/expected`, written by `node tests/npm/harness.mjs --write`), and a new
//! install swaps in for the next call while functions that import no package keep their state.

use std::path::{Path, PathBuf};
use std::time::Duration;

use bytes::Bytes;
use http::Request;
use laf_host::{AppConfig, Dependencies, FunctionSource, Host};
use lang_js::{JsConfig, JsLanguage};
use serde_json::Value;

const APP: &str = "npm";

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

fn host(packages_dir: PathBuf) -> Host {
    let config = JsConfig { packages_dir, ..JsConfig::default() };
    let host = Host::builder().language(JsLanguage::with_config(config)).workers(2).build().unwrap();
    host.create_app(APP, Some(AppConfig { timeout: Duration::from_secs(30), ..AppConfig::default() })).unwrap();
    host
}

fn temp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("laf-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

async fn call(host: &Host, name: &str, query: &str) -> Result<Value, String> {
    let request = Request::get(format!("/{name}?{query}")).body(Bytes::new()).unwrap();
    let response = host.invoke(APP, name, request).await.map_err(|e| format!("invoke: {e}"))?;
    let status = response.status;
    let body = response.collect_body().await;
    if !status.is_success() {
        let query = laf_host::app::logs::LogQuery { function: Some(name.to_owned()), ..Default::default() };
        let lines = host.app(APP).unwrap().logs().query(&query);
        let log: Vec<&str> = lines.iter().map(|l| l.message.as_str()).collect();
        return Err(format!("{status}: {}\n    {}", String::from_utf8_lossy(&body), log.join("\n    ")));
    }
    serde_json::from_slice(&body).map_err(|e| format!("{e}: {}", String::from_utf8_lossy(&body)))
}

async fn install(host: &Host, specs: &[&str]) -> laf_host::app::DependencyStatus {
    let app = host.app(APP).unwrap();
    let deps = Dependencies { packages: specs.iter().map(|s| s.to_string()).collect(), allow_scripts: false };
    app.set_dependencies(deps).await.expect("the specs are valid");
    app.wait_dependencies().await
}

// Starts `lang-js/tests/node/server.mjs`; the child and its base URL.
fn start_server() -> (std::process::Child, String) {
    use std::io::BufRead;
    let mut child = std::process::Command::new("node")
        .arg(repo().join("lang-js/tests/node/server.mjs"))
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("Node.js runs the test server (lang-js/tests/node/server.mjs): is `node` on the PATH?");
    let mut line = String::new();
    std::io::BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    let port = line.trim().strip_prefix("listening ").expect("server.mjs prints `listening <port>`").to_owned();
    (child, format!("http://127.0.0.1:{port}"))
}

/// The specs of `tests/npm/functions/package.json`.
fn declared() -> Vec<String> {
    let text = std::fs::read_to_string(repo().join("tests/npm/functions/package.json")).unwrap();
    let manifest: Value = serde_json::from_str(&text).unwrap();
    manifest["dependencies"].as_object().unwrap().iter().map(|(k, v)| format!("{k}@{}", v.as_str().unwrap())).collect()
}

#[tokio::test]
async fn functions_using_npm_packages_answer_what_node_answered() {
    // date-fns formats in local time: the fixtures were made in UTC.
    // SAFETY: set before any thread of this test reads the environment.
    unsafe { std::env::set_var("TZ", "UTC") };
    let host = host(temp("npm-packages"));
    let specs = declared();
    let specs: Vec<&str> = specs.iter().map(String::as_str).collect();
    let status = install(&host, &specs).await;
    assert_eq!(status.state, laf_host::app::DependencyState::Installed, "{:?}\n{}", status.error, status.log.join("\n"));
    let (mut server, base) = start_server();
    let dir = repo().join("tests/npm/functions");
    let mut names: Vec<(String, String)> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| {
            let file = e.ok()?.file_name().to_str()?.to_owned();
            let (stem, ext) = file.rsplit_once('.')?;
            ["js", "mjs", "ts"].contains(&ext).then(|| (stem.to_owned(), file.clone()))
        })
        .filter(|(stem, _)| stem != "s3")
        .collect();
    names.sort();
    let only = std::env::var("NPM_CASE").ok();
    let mut failures = Vec::new();
    for (name, file) in &names {
        if only.as_deref().is_some_and(|o| o != name) {
            continue;
        }
        let code = std::fs::read_to_string(dir.join(file)).unwrap();
        host.publish(APP, FunctionSource::new(name.as_str(), file.as_str(), code)).await.unwrap();
        let expected: Value =
            serde_json::from_str(&std::fs::read_to_string(repo().join(format!("tests/npm/expected/{name}.json"))).unwrap())
                .unwrap();
        let started = std::time::Instant::now();
        let answer = call(&host, name, &format!("base={base}")).await;
        eprintln!("{name}: {:?}", started.elapsed());
        match answer {
            Ok(got) if got == expected => {}
            Ok(got) => failures.push(format!(
                "{name}: differs from Node\n  node: {}\n  ours: {}",
                serde_json::to_string(&expected).unwrap(),
                serde_json::to_string(&got).unwrap()
            )),
            Err(e) => failures.push(format!("{name}: {e}")),
        }
    }
    let _ = server.kill();
    assert!(failures.is_empty(), "{} of {} functions differ:\n{}", failures.len(), names.len(), failures.join("\n"));
}
