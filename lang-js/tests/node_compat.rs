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
