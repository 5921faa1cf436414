//! Node.js compatibility: every case in `tests/node/cases` runs as a function on QuickJS and must
//! answer what Node 20 answered for the same code (`tests/node/expected`, written by
//! `node tests/node/harness.mjs --write`; never by hand).

mod common;
#[path = "node/server.rs"]
mod node_server;

use std::path::Path;
use std::time::Duration;

use bytes::Bytes;
use http::Request;
use laf_host::{AppConfig, FunctionSource, Host};
use lang_js::JsLanguage;
use serde_json::Value;

const APP: &str = "node";

// The functions call test servers on loopback, which the default network policy refuses.
fn host() -> Host {
    let host = Host::builder()
        .language(JsLanguage::new())
        .workers(1)
        .allow_net(None, "127.0.0.1".parse().unwrap())
        .build()
        .unwrap();
    host.create_app(APP, Some(AppConfig { timeout: Duration::from_secs(20), ..AppConfig::default() })).unwrap();
    host
}

async fn run(host: &Host, name: &str, code: &str) -> Result<Value, String> {
    host.publish(APP, FunctionSource::new(name, format!("{name}.mjs"), code))
        .await
        .map_err(|e| format!("publish: {e}"))?;
    common::call_json(host, APP, name).await
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

/// `cloud.fetch` answers as axios does (the fixture is axios 1.x on Node against the same server,
/// `tests/node/cloud/fetch.mjs --write`).
#[tokio::test]
async fn cloud_fetch_answers_as_axios_does() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/node");
    let (mut server, port) = node_server::start(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/node/server.mjs"));
    let host = host();
    let code = format!(
        "import cloud from '@lafjs/cloud';\n{}\nexport default async () => run(cloud.fetch, 'http://127.0.0.1:{port}');\n",
        std::fs::read_to_string(dir.join("cloud/fetch.mjs")).unwrap()
    );
    let got = run(&host, "cloud-fetch", &code).await;
    let _ = server.kill();
    let _ = server.wait();
    let expected: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("served-expected/cloud-fetch.json")).unwrap()).unwrap();
    assert_eq!(got.unwrap(), expected);
}

/// The served cases (`tests/node/served`): HTTP clients (`http`, `https`, `fetch`) against
/// `tests/node/server.mjs`, a Node server, compared with what Node's own modules got from it.
#[tokio::test]
async fn served_cases_answer_what_node_answered() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/node");
    let (mut server, port) = node_server::start(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/node/server.mjs"));
    let host = host();
    let mut names: Vec<String> = std::fs::read_dir(dir.join("served"))
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().to_str()?.strip_suffix(".mjs").map(str::to_owned))
        .collect();
    names.sort();
    let mut failures = Vec::new();
    for name in &names {
        let code = std::fs::read_to_string(dir.join("served").join(format!("{name}.mjs"))).unwrap();
        let expected: Value = serde_json::from_str(
            &std::fs::read_to_string(dir.join("served-expected").join(format!("{name}.json"))).unwrap(),
        )
        .unwrap();
        let fname = format!("served-{name}");
        if let Err(e) = host.publish(APP, FunctionSource::new(fname.as_str(), format!("{fname}.mjs"), code)).await {
            failures.push(format!("{name}: publish: {e}"));
            continue;
        }
        let uri = format!("/{fname}?base=http://127.0.0.1:{port}");
        let response = host.invoke(APP, &fname, Request::get(uri).body(Bytes::new()).unwrap()).await.unwrap();
        let status = response.status;
        let body = response.collect_body().await;
        let got: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
        if !status.is_success() {
            let query = laf_host::app::logs::LogQuery { function: Some(fname.clone()), ..Default::default() };
            let log: Vec<String> = host.app(APP).unwrap().logs().query(&query).into_iter().map(|l| l.message).collect();
            failures.push(format!("{name}: {status} {log:?}"));
        } else if got != expected {
            failures.push(format!("{name}:\n  got      {got}\n  expected {expected}"));
        }
    }
    let _ = server.kill();
    let _ = server.wait();
    assert!(
        failures.is_empty(),
        "{} of {} served cases differ from Node:\n{}",
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
import { writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
export default async function (ctx) {
  const f = ctx.files[0];
  let write;
  try { writeFileSync(f.path, 'x'); write = 'written'; } catch (e) { write = e.code; }
  return { name: f.originalname, text: await readFile(f.path, 'utf8'), write };
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

/// The driver's value types from 'mongodb' are stored as the BSON types they stand for.
#[tokio::test]
async fn mongodb_value_types_are_stored_as_their_bson_types() {
    let dir = std::env::temp_dir().join(format!("laf-node-types-{}", std::process::id()));
    let provider = laf_host::bindings::database::embedded::EmbeddedProvider::open(&dir).unwrap();
    let host =
        Host::builder().language(JsLanguage::new()).database(std::sync::Arc::new(provider)).workers(1).build().unwrap();
    host.create_app(APP, None).unwrap();
    let code = r#"
import cloud from '@lafjs/cloud';
import { ObjectId, Long, Decimal128, Binary, UUID, Timestamp, Int32, Double } from 'mongodb';
const { MinKey } = require('mongodb');
export default async function () {
  const c = cloud.mongo.db.collection('types');
  await c.deleteMany({});
  const uuid = new UUID('0f8fad5b-d9cb-469f-a165-70867728950e');
  await c.insertOne({
    _id: new ObjectId('64b7f1f2a1b2c3d4e5f60718'), long: Long.fromString('1234567890123'), dec: Decimal128.fromString('12.345'),
    bin: new Binary(Buffer.from([1, 2, 3]), 0x80), uuid, ts: new Timestamp({ t: 1700000000, i: 7 }), i32: new Int32(42), dbl: new Double(1), min: new MinKey(),
  });
  const types = {};
  for (const [field, type] of [['long', 'long'], ['dec', 'decimal'], ['bin', 'binData'], ['uuid', 'binData'], ['ts', 'timestamp'], ['i32', 'int'], ['dbl', 'double'], ['min', 'minKey']]) {
    types[field] = await c.countDocuments({ [field]: { $type: type } });
  }
  const back = await c.findOne({ uuid });
  return {
    types,
    long: String(back.long), dec: String(back.dec), bin: [...back.bin], ts: back.ts, i32: back.i32,
    js: [Long.fromNumber(5).add(2).toString(), uuid.toHexString(), new Long(-1, -1).toBigInt() === -1n, Long.fromBigInt(2n ** 40n).toNumber()],
  };
}
"#;
    run(&host, "types", code).await.map(|v| {
        assert_eq!(
            v,
            serde_json::json!({
                "types": {"long": 1, "dec": 1, "bin": 1, "uuid": 1, "ts": 1, "i32": 1, "dbl": 1, "min": 1},
                "long": "1234567890123", "dec": "12.345", "bin": [1, 2, 3], "ts": {"t": 1700000000, "i": 7}, "i32": 42,
                "js": ["7", "0f8fad5b-d9cb-469f-a165-70867728950e", true, 1099511627776_i64],
            })
        )
    })
    .unwrap();
    drop(host);
    let _ = std::fs::remove_dir_all(dir);
}
