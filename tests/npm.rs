//! npm packages for JavaScript functions through `laf serve` (issue 18), installed from the npm
//! registry by the npm CLI:
//! - the functions of `tests/npm/functions`, served with their `package.json`, answer what the same
//!   code answered on Node 20 (`tests/npm/expected`, written by `node tests/npm/harness.mjs --write`):
//!   lodash, dayjs with plugins, nanoid (import and dynamic import), uuid, axios against a local
//!   server, jsonwebtoken, crypto-js, bcryptjs, zod, qs, date-fns, and the AWS SDK against an S3
//!   server in this process, and everyday packages (moment, cheerio, xml2js, js-yaml, handlebars,
//!   nodemailer, validator, iconv-lite);
//! - a dependency added through the admin API while a load runs: no request fails, the import works
//!   within the install time plus a second, an unknown package is a clear error that leaves the
//!   installed set serving, and only functions importing packages get fresh module state.

#[path = "support/admin.rs"]
mod admin;
#[path = "../lang-js/tests/node/server.rs"]
mod node_server;
#[path = "../laf-host/tests/storage/s3_server.rs"]
mod s3_server;
mod support;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use admin::{Api, TOKEN};
use reqwest::Method;
use serde_json::{Value, json};
use support::{start_within, temp_dir};

// A cold npm cache downloads the AWS SDK's ~100 packages before the server is ready.
const INSTALL_DEADLINE: Duration = Duration::from_secs(600);

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

// The function files and package.json of tests/npm/functions (not what npm put next to them).
fn copy_functions(to: &Path) -> Vec<String> {
    let from = repo().join("tests/npm/functions");
    let mut names = Vec::new();
    for entry in std::fs::read_dir(&from).unwrap() {
        let file = entry.unwrap().file_name().to_string_lossy().into_owned();
        if file == "node_modules" || file == "package-lock.json" {
            continue;
        }
        std::fs::copy(from.join(&file), to.join(&file)).unwrap();
        if let Some((stem, "js" | "mjs" | "ts")) = file.rsplit_once('.') {
            names.push(stem.to_owned());
        }
    }
    names.sort();
    names
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn functions_using_npm_packages_answer_what_node_answered() {
    let dir = temp_dir("npm-fns");
    let data = temp_dir("npm-data");
    let names = copy_functions(&dir);
    assert!(names.len() >= 16, "tests/npm/functions has its functions: {names:?}");
    // The functions call a Node server and an S3 server on loopback, which the default network
    // policy refuses.
    let args = ["--admin-token", TOKEN, "--data-dir", data.to_str().unwrap(), "--allow-net", "127.0.0.1"];
    let s = start_within(&dir, &args, INSTALL_DEADLINE).await;
    let api = Api::new(&s.base);
    let (_, deps) = api.admin(Method::GET, "apps/local/dependencies", None).await;
    assert_eq!(deps["state"], "installed", "{deps:#}\n{}", s.log.lock().unwrap());
    assert_eq!(deps["installed"]["versions"]["lodash"], "4.18.1", "package.json pins lodash");
    // The app's packages where an editor finds them.
    let linked = data.join("node/local/node_modules/lodash/package.json");
    assert!(linked.is_file(), "{} is there", linked.display());
    // Their declarations, as the console's editor fetches them for the imports it sees.
    let (status, dayjs) = api.admin(Method::GET, "apps/local/dependencies/types?package=dayjs", None).await;
    assert_eq!(status, 200);
    let files = dayjs["files"].as_object().unwrap();
    assert!(files["file:///node_modules/dayjs/index.d.ts"].as_str().unwrap().contains("declare function dayjs"));
    let manifest: Value =
        serde_json::from_str(files["file:///node_modules/dayjs/package.json"].as_str().unwrap()).unwrap();
    assert_eq!(manifest["types"], "index.d.ts");
    let (status, s3) = api.admin(Method::GET, "apps/local/dependencies/types?package=@aws-sdk/client-s3", None).await;
    let s3_files = s3["files"].as_object().unwrap();
    assert!(status == 200 && s3_files.keys().any(|k| k.ends_with("client-s3/dist-types/S3Client.d.ts")), "{status}");
    let bytes: usize = s3_files.values().map(|t| t.as_str().unwrap().len()).sum();
    eprintln!("@aws-sdk/client-s3 declarations: {} files, {} KB", s3_files.len(), bytes / 1024);
    for missing in ["no-such-package", "../../etc", "dayjs/../lodash"] {
        let path = format!("apps/local/dependencies/types?package={missing}");
        assert_eq!(api.admin(Method::GET, &path, None).await.0, 404, "{missing}");
    }

    let (mut server, port) = node_server::start(&repo().join("lang-js/tests/node/server.mjs"));
    let base = format!("http://127.0.0.1:{port}");
    let s3_root = temp_dir("npm-s3");
    std::fs::create_dir_all(s3_root.join("npm-bucket")).unwrap();
    let s3 = s3_server::start(&s3_root).await;
    let mut failures = Vec::new();
    for name in &names {
        let expected: Value = serde_json::from_str(
            &std::fs::read_to_string(repo().join(format!("tests/npm/expected/{name}.json"))).unwrap(),
        )
        .unwrap();
        let query = if name == "s3" {
            format!(
                "endpoint=http://{s3}&bucket=npm-bucket&key={}&secret={}",
                s3_server::ACCESS_KEY,
                s3_server::SECRET_KEY
            )
        } else {
            format!("base={base}")
        };
        let (status, got) = api.get(&format!("{name}?{query}")).await;
        if status != 200 {
            failures.push(format!("{name}: {status} {got}"));
        } else if got != expected {
            failures.push(format!("{name}: differs from Node\n  node: {expected}\n  ours: {got}"));
        }
    }
    let _ = server.kill();
    let log = s.log.lock().unwrap().clone();
    assert!(
        failures.is_empty(),
        "{} of {} functions differ:\n{}\n{log}",
        failures.len(),
        names.len(),
        failures.join("\n")
    );
}

const STATE: &str = "let n = 0\nexport default async function () {\n  return { n: ++n }\n}\n";
const USES_MS: &str = "const ms = require('ms')\nlet n = 0\nexports.main = async function () {\n  return { n: ++n, twoHours: ms('2h') }\n}\n";
const USES_IS_NUMBER: &str = "import isNumber from 'is-number'\nexport default async function () {\n  return { five: isNumber(5), text: isNumber('x') }\n}\n";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dependencies_added_while_serving_swap_in_without_a_failed_request() {
    let dir = temp_dir("npm-hot");
    std::fs::write(dir.join("state.js"), STATE).unwrap();
    std::fs::write(dir.join("uses-ms.js"), USES_MS).unwrap();
    std::fs::write(dir.join("uses-is-number.ts"), USES_IS_NUMBER).unwrap();
    // One worker, so module state is one counter per function.
    let s = start_within(&dir, &["--admin-token", TOKEN, "--workers", "1"], INSTALL_DEADLINE).await;
    let api = Arc::new(Api::new(&s.base));

    let (status, body) = api.get("uses-ms").await;
    assert_eq!(status, 500, "no packages yet: {body}");
    // The log is read from the server's output by another thread: give the line a moment to arrive.
    let deadline = Instant::now() + Duration::from_secs(10);
    while !s.log.lock().unwrap().contains("laf deps add ms") && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(s.log.lock().unwrap().contains("laf deps add ms"), "the error says how to add the package");

    // A load on a function that imports nothing, for the whole test.
    let stop = Arc::new(AtomicBool::new(false));
    let (ok, failed) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
    let mut load = Vec::new();
    for _ in 0..4 {
        let (api, stop, ok, failed) = (api.clone(), stop.clone(), ok.clone(), failed.clone());
        load.push(tokio::spawn(async move {
            while !stop.load(Ordering::Relaxed) {
                let (status, _) = api.get("state").await;
                if status == 200 { &ok } else { &failed }.fetch_add(1, Ordering::Relaxed);
            }
        }));
    }

    let started = Instant::now();
    let (status, body) = api.admin(Method::PUT, "apps/local/dependencies", Some(json!({ "packages": ["ms@2"] }))).await;
    assert_eq!(status, 202, "{body}");
    let mut first_ok = None;
    while first_ok.is_none() && started.elapsed() < INSTALL_DEADLINE {
        if api.get("uses-ms").await.0 == 200 {
            first_ok = Some(started.elapsed());
        } else {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
    let first_ok = first_ok.expect("ms is importable once installed");
    let (_, deps) = api.admin(Method::GET, "apps/local/dependencies", None).await;
    assert_eq!(deps["state"], "installed", "{deps:#}");
    let took = Duration::from_millis(deps["installed"]["tookMs"].as_u64().unwrap());
    assert!(first_ok <= took + Duration::from_secs(1), "importable {first_ok:?} after the PUT, install took {took:?}");
    let (_, used) = api.get("uses-ms").await;
    assert_eq!(used["twoHours"], 7_200_000);
    assert!(used["n"].as_u64().unwrap() >= 2, "uses-ms keeps its module state while the set is the same: {used}");

    // An unknown package: npm's error, and the installed set keeps serving.
    let bad = json!({ "packages": ["ms@2", "no-such-package-laf-e2e-4242"] });
    let (status, body) = api.admin(Method::PUT, "apps/local/dependencies?wait=true", Some(bad)).await;
    assert_eq!(status, 422, "{body}");
    assert!(body["error"].as_str().unwrap().contains("404"), "npm's message: {body}");
    assert_eq!(api.get("uses-ms").await.0, 200, "the previous set still serves");

    // A new set: functions importing packages start afresh, `state` keeps its counter.
    let (_, before) = api.get("state").await;
    let add = json!({ "packages": ["ms@2", "is-number@7"] });
    let (status, body) = api.admin(Method::PUT, "apps/local/dependencies?wait=true", Some(add)).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["installed"]["versions"]["is-number"].as_str().map(|v| v.starts_with("7.")), Some(true), "{body}");
    let (_, after) = api.get("state").await;
    assert!(after["n"].as_u64() > before["n"].as_u64(), "state was not reset: {before} then {after}");
    let (_, used) = api.get("uses-ms").await;
    assert_eq!(used["n"], 1, "uses-ms got a fresh instance for the new set: {used}");
    let (status, body) = api.get("uses-is-number").await;
    assert_eq!((status, body), (200, json!({ "five": true, "text": false })));

    stop.store(true, Ordering::Relaxed);
    for task in load {
        task.await.unwrap();
    }
    assert_eq!(failed.load(Ordering::Relaxed), 0, "no request failed during the installs");
    assert!(ok.load(Ordering::Relaxed) > 100, "the load ran: {} requests", ok.load(Ordering::Relaxed));
}

// `laf <args>` against the server at `base`: (success, stdout, stderr).
fn laf(base: &str, args: &[&str]) -> (bool, String, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_laf"))
        .args(args)
        .args(["--server", base, "--token", TOKEN])
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn package_json_under_watch_and_laf_deps_install_while_serving() {
    let dir = temp_dir("npm-watch");
    std::fs::write(dir.join("package.json"), r#"{ "dependencies": { "ms": "^2.1.0" } }"#).unwrap();
    std::fs::write(dir.join("uses-ms.js"), USES_MS).unwrap();
    std::fs::write(dir.join("uses-is-number.ts"), USES_IS_NUMBER).unwrap();
    let s = start_within(&dir, &["--admin-token", TOKEN, "--watch"], INSTALL_DEADLINE).await;
    let api = Api::new(&s.base);
    assert_eq!(api.get("uses-ms").await.0, 200, "package.json was installed before serving");
    assert_eq!(api.get("uses-is-number").await.0, 500, "is-number is not a dependency yet");

    // Saving package.json installs the new list in the background.
    std::fs::write(dir.join("package.json"), r#"{ "dependencies": { "ms": "^2.1.0", "is-number": "7" } }"#).unwrap();
    let started = Instant::now();
    while api.get("uses-is-number").await.0 != 200 {
        assert!(started.elapsed() < INSTALL_DEADLINE, "is-number never became importable:\n{}", s.log.lock().unwrap());
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(api.get("uses-ms").await.0, 200);

    // `laf deps` on the running host: npm's progress, then what was installed.
    let (ok, out, err) = laf(&s.base, &["deps", "add", "left-pad@1.3.0"]);
    assert!(ok, "{out}{err}");
    let all = format!("{out}{err}");
    assert!(all.contains("npm http"), "npm's progress is shown: {all}");
    assert!(all.contains("left-pad@1.3.0"), "the installed version is named: {all}");
    let (ok, out, _) = laf(&s.base, &["deps", "ls"]);
    assert!(ok && out.contains("left-pad") && out.contains("is-number"), "{out}");
    let (ok, out, err) = laf(&s.base, &["deps", "add", "no-such-package-laf-e2e-4242"]);
    assert!(!ok && format!("{out}{err}").contains("404"), "npm's error is shown: {out}{err}");
}
