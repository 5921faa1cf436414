//! Node.js compatibility: every case in `tests/node/cases` runs as a function on QuickJS and must
//! answer what Node 20 answered for the same code (`tests/node/expected`, written by
//! `node tests/node/harness.mjs --write`; never by hand).

use std::path::Path;
use std::time::Duration;

use bytes::Bytes;
use http::Request;
use laf_host::{AppConfig, FunctionSource, Host};
use lang_js::JsLanguage;
use serde_json::Value;

const APP: &str = "node";

fn host() -> Host {
    let host = Host::builder().language(JsLanguage::new()).workers(1).build().unwrap();
    host.create_app(APP, Some(AppConfig { timeout: Duration::from_secs(20), ..AppConfig::default() })).unwrap();
    host
}

async fn run(host: &Host, name: &str, code: &str) -> Result<Value, String> {
    host.publish(APP, FunctionSource::new(name, format!("{name}.mjs"), code))
        .await
        .map_err(|e| format!("publish: {e}"))?;
    let request = Request::get(format!("/{name}")).body(Bytes::new()).unwrap();
    let response = host.invoke(APP, name, request).await.map_err(|e| format!("invoke: {e}"))?;
    let status = response.status;
    let body = response.collect_body().await;
    if !status.is_success() {
        // The error itself is in the app's log, not in the answer.
        let query = laf_host::app::logs::LogQuery { function: Some(name.to_owned()), ..Default::default() };
        let lines = host.app(APP).unwrap().logs().query(&query);
        let log: Vec<&str> = lines.iter().map(|l| l.message.as_str()).collect();
        return Err(format!("{status}: {}\n    {}", String::from_utf8_lossy(&body), log.join("\n    ")));
    }
    serde_json::from_slice(&body).map_err(|e| format!("{e}: {}", String::from_utf8_lossy(&body)))
}

#[tokio::test]
async fn every_case_answers_what_node_answered() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/node");
    let mut names: Vec<String> = std::fs::read_dir(dir.join("cases"))
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().to_str()?.strip_suffix(".mjs").map(str::to_owned))
        .collect();
    names.sort();
    assert!(!names.is_empty(), "no cases in tests/node/cases");
    let host = host();
    let mut failures = Vec::new();
    for name in &names {
        let code = std::fs::read_to_string(dir.join("cases").join(format!("{name}.mjs"))).unwrap();
        let fixture = dir.join("expected").join(format!("{name}.json"));
        let Ok(expected) = std::fs::read_to_string(&fixture) else {
            failures.push(format!("{name}: no fixture; run `node tests/node/harness.mjs --write {name}`"));
            continue;
        };
        let expected: Value = serde_json::from_str(&expected).unwrap();
        // Function names cannot hold every character a case file may.
        let fname = name.replace(|c: char| !c.is_ascii_alphanumeric() && c != '-', "-");
        match run(&host, &fname, &code).await {
            Ok(got) if got == expected => {}
            Ok(got) => failures.push(format!("{name}:\n  got      {got}\n  expected {expected}")),
            Err(e) => failures.push(format!("{name}: {e}")),
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases differ from Node:\n{}",
        failures.len(),
        names.len(),
        failures.join("\n")
    );
}

/// The sandbox `fs` keeps: a function reads its call's uploads and its app's `/tmp`, and nothing
/// else (not the host's files, not another app's `/tmp`).
#[tokio::test]
async fn fs_reaches_only_the_apps_scratch_folder_and_its_uploads() {
    let host = host();
    host.create_app("other", None).unwrap();
    let probe = r#"
import fs from 'fs';
export default async function (ctx) {
  const out = {};
  for (const p of ['/etc/passwd', '/tmp/../etc/passwd', 'relative.txt', '/proc/self/environ']) {
    try { fs.readFileSync(p); out[p] = 'read'; } catch (e) { out[p] = [e.code, e.message.includes('os.tmpdir()')]; }
  }
  if (ctx.query.write) fs.writeFileSync('/tmp/secret.txt', ctx.query.write);
  out.mine = fs.existsSync('/tmp/secret.txt') ? fs.readFileSync('/tmp/secret.txt', 'utf8') : null;
  return out;
}
"#;
    run(&host, "probe", probe).await.unwrap();
    let request = Request::get("/probe?write=app-node-only").body(Bytes::new()).unwrap();
    let first = host.invoke(APP, "probe", request).await.unwrap().collect_body().await;
    let first: Value = serde_json::from_slice(&first).unwrap();
    for p in ["/etc/passwd", "/tmp/../etc/passwd", "relative.txt", "/proc/self/environ"] {
        assert_eq!(first[p], serde_json::json!(["EACCES", true]), "{p}: {first}");
    }
    assert_eq!(first["mine"], "app-node-only");
    // Another app's /tmp is its own folder: the first app's file is not there.
    host.publish("other", FunctionSource::new("probe", "probe.mjs", probe)).await.unwrap();
    let request = Request::get("/probe").body(Bytes::new()).unwrap();
    let other = host.invoke("other", "probe", request).await.unwrap().collect_body().await;
    let other: Value = serde_json::from_slice(&other).unwrap();
    assert_eq!(other["mine"], Value::Null, "{other}");
}

/// An upload's temporary file is readable through `fs` while its call runs; writing it is refused.
#[tokio::test]
async fn fs_reads_the_calls_uploads() {
    let host = host();
    let code = r#"
import { readFileSync, writeFileSync } from 'node:fs';
export default async function (ctx) {
  const f = ctx.files[0];
  let write;
  try { writeFileSync(f.path, 'x'); write = 'written'; } catch (e) { write = e.code; }
  return { name: f.originalname, text: readFileSync(f.path, 'utf8'), write };
}
"#;
    host.publish(APP, FunctionSource::new("upload", "upload.mjs", code)).await.unwrap();
    // The gateway saves uploads to temporary files and hands them over as `Uploads`.
    let dir = std::env::temp_dir().join(format!("laf-node-upload-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("upload-1");
    std::fs::write(&path, "uploaded text").unwrap();
    let file = laf_host::UploadedFile {
        fieldname: "file".into(),
        originalname: "note.txt".into(),
        mimetype: "text/plain".into(),
        size: 13,
        path: path.clone(),
    };
    let request = Request::post("/upload")
        .header("content-type", "multipart/form-data; boundary=b")
        .extension(laf_host::Uploads(std::sync::Arc::from(vec![file])))
        .body(Bytes::from_static(b"{}"))
        .unwrap();
    let response = host.invoke(APP, "upload", request).await.unwrap();
    let got: Value = serde_json::from_slice(&response.collect_body().await).unwrap();
    let _ = std::fs::remove_dir_all(dir);
    assert_eq!(got, serde_json::json!({"name": "note.txt", "text": "uploaded text", "write": "EACCES"}));
}
