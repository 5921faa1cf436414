//! Laf functions written for Node run unchanged under `laf serve` (issue 17): built-in modules,
//! Node's globals, `exports.main` next to `import` lines, `@/cloud-sdk`, `process.env` following
//! `laf env set`, and a SERVER_SECRET on a fresh app that survives a restart.

#[path = "support/admin.rs"]
mod admin;
mod support;

use std::path::Path;

use admin::{Api, TOKEN};
use reqwest::Method;
use serde_json::{Value, json};
use support::{start, temp_dir};

fn write(dir: &Path, files: &[(&str, &str)]) {
    for (name, code) in files {
        let path = dir.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, code).unwrap();
    }
}

// The expected digests were computed once with Node 20:
//   crypto.createHash('sha256').update('laf').digest('hex'), Buffer.from('laf 函数').toString('base64'),
//   crypto.createHmac('sha1', 'k').update('laf').digest('base64').
const SHA256_LAF: &str = "5400d6b19f43711455776d5ce4a01d8b1600da043874f2cb9a3a1d0b16985d43";
const BASE64: &str = "bGFmIOWHveaVsA==";
const HMAC: &str = "ovUtiobZBaIbK++K98lh7a5uA9E=";

const FUNCTIONS: &[(&str, &str)] = &[
    (
        // Laf's TypeScript as its users write it: `import` lines, then CommonJS exports.
        "legacy.ts",
        "import cloud from '@/cloud-sdk'\n\
         import crypto from 'crypto'\n\
         exports.main = async function (ctx: any) {\n\
           const token = cloud.getToken({ uid: 'u1' })\n\
           return {\n\
             appid: cloud.appid, appidEnv: process.env.APPID, greeting: process.env.GREETING ?? null,\n\
             uid: cloud.parseToken(token)?.uid ?? null, token, filename: __filename,\n\
             sha256: crypto.createHash('sha256').update(ctx.query.t ?? '').digest('hex'),\n\
           }\n\
         }\n",
    ),
    (
        "globals.js",
        "const { createHmac } = require('node:crypto')\n\
         exports.main = async function () {\n\
           return {\n\
             base64: Buffer.from('laf 函数').toString('base64'), hmac: createHmac('sha1', 'k').update('laf').digest('base64'),\n\
             global: global === globalThis, platform: process.platform, clone: structuredClone({ a: [1, { b: 2 }] }),\n\
             btoa: btoa('hi'), tick: await new Promise((r) => process.nextTick(() => r('ticked'))),\n\
             aborted: (() => { const c = new AbortController(); c.abort(); return c.signal.aborted })(),\n\
           }\n\
         }\n",
    ),
    (
        "refused.ts",
        "import { spawn } from 'child_process'\n\
         export default async function () {\n\
           try { spawn('ls') } catch (e: any) { return { code: e.code, message: e.message } }\n\
           return 'spawned'\n\
         }\n",
    ),
    ("unhandled.ts", "import cp from 'node:child_process'\nexport default async () => cp.execSync('id')\n"),
];

#[tokio::test]
async fn laf_functions_written_for_node_run_unchanged() {
    let dir = temp_dir("node-fns");
    let data = temp_dir("node-data");
    write(&dir, FUNCTIONS);
    let data_arg = data.to_str().unwrap();
    let s = start(&dir, &["--admin-token", TOKEN, "--data-dir", data_arg]).await;
    let api = Api::new(&s.base);

    let (status, first) = api.get("legacy?t=laf").await;
    assert_eq!(status, 200, "{first}");
    assert_eq!(first["sha256"], SHA256_LAF);
    assert_eq!(first["appid"], "local");
    assert_eq!(first["appidEnv"], "local");
    assert_eq!(first["uid"], "u1", "getToken works on a fresh app: {first}");
    assert_eq!(first["filename"], "legacy");
    assert_eq!(first["greeting"], Value::Null);

    // process.env follows `laf env set` at once, on the running context.
    let (status, _) = api.admin(Method::PATCH, "apps/local/env", Some(json!({"set": {"GREETING": "hi"}}))).await;
    assert_eq!(status, 200);
    let (_, after) = api.get("legacy").await;
    assert_eq!(after["greeting"], "hi");

    let (status, globals) = api.get("globals").await;
    assert_eq!(status, 200, "{globals}");
    assert_eq!(
        globals,
        json!({
            "base64": BASE64, "hmac": HMAC, "global": true, "platform": "linux",
            "clone": {"a": [1, {"b": 2}]}, "btoa": "aGk=", "tick": "ticked", "aborted": true,
        })
    );

    // What cloud functions may not do fails when called, saying so; unhandled, it is a 500.
    let (_, refused) = api.get("refused").await;
    assert_eq!(
        refused,
        json!({"code": "ERR_NOT_AVAILABLE", "message": "child_process.spawn is not available to cloud functions"})
    );
    let (status, unhandled) = api.get("unhandled").await;
    assert_eq!(status, 500);
    assert!(unhandled["requestId"].is_string(), "{unhandled}");
    let (_, logs) = api.admin(Method::GET, "apps/local/logs?function=unhandled", None).await;
    assert!(logs.to_string().contains("child_process.execSync is not available to cloud functions"), "{logs}");

    // The secret was made once and kept: a token from before a restart still parses after it.
    let (_, env) = api.admin(Method::GET, "apps/local/env", None).await;
    let secret = env["SERVER_SECRET"].as_str().unwrap_or_else(|| panic!("no SERVER_SECRET in {env}")).to_owned();
    assert_eq!(secret.len(), 64);
    let token = first["token"].as_str().unwrap().to_owned();
    drop(s);
    write(
        &dir,
        &[(
            "check.ts",
            "import cloud from '@lafjs/cloud'\nexport default (ctx: any) => cloud.parseToken(ctx.query.token)\n",
        )],
    );
    let s = start(&dir, &["--admin-token", TOKEN, "--data-dir", data_arg]).await;
    let api = Api::new(&s.base);
    let (_, env) = api.admin(Method::GET, "apps/local/env", None).await;
    assert_eq!(env["SERVER_SECRET"], secret.as_str());
    let (status, parsed) = api.get(&format!("check?token={token}")).await;
    assert_eq!((status, &parsed["uid"]), (200, &json!("u1")), "{parsed}");
}
