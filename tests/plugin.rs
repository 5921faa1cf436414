//! Language plugins end to end: the Rhai example plugin loaded by `laf serve --plugin`, serving
//! a function over HTTP that writes to the database; a panic inside the plugin; a library built
//! for another ABI version and one that is no plugin at all, refused by name; and one list of
//! host calls answered alike through a plugin and through Python.

#[path = "support/eventually.rs"]
mod eventually;
#[allow(dead_code)]
#[path = "support/guest.rs"]
mod guest;
mod support;

use std::path::PathBuf;
use std::process::Command;

use serde_json::{Value, json};
use support::{start, temp_dir};

/// Builds the workspace's plugin crates (a no-op when `cargo test --workspace` built them) and
/// returns the path of `lib<name>.so`.
fn plugin(name: &str) -> PathBuf {
    let target = guest::target_dir();
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let status = Command::new(cargo)
        .args(["build", "--quiet", "-p", "lang-plugin-rhai", "-p", "plugin-old-abi", "-p", "plugin-hostcall"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("CARGO_TARGET_DIR", &target)
        .status()
        .expect("cargo runs");
    assert!(status.success(), "the plugin crates did not build");
    target.join("debug").join(format!("lib{}.so", name.replace('-', "_")))
}

#[tokio::test]
async fn the_rhai_plugin_serves_functions_with_log_and_database() {
    let dir = temp_dir("plugin");
    std::fs::write(
        dir.join("notes.rhai"),
        "fn main(ctx) {\n\
         \x20   let id = db_insert(\"notes\", #{ text: ctx.body.text, by: \"rhai\" });\n\
         \x20   log(\"saved \" + id);\n\
         \x20   db_find_one(\"notes\", #{ _id: id })\n\
         }\n",
    )
    .unwrap();
    std::fs::write(dir.join("hello.rhai"), "fn main(ctx) { \"hello \" + ctx.query.name }").unwrap();
    std::fs::write(dir.join("crash.rhai"), "fn main(ctx) { crash() }").unwrap();
    std::fs::write(
        dir.join("files.rhai"),
        "fn main(ctx) { file_write(\"uploads\", \"note.txt\", \"kept by rhai\"); file_read(\"uploads\", \"note.txt\") }",
    )
    .unwrap();
    std::fs::write(dir.join("broken.rhai"), "fn main(ctx) { ").unwrap();
    std::fs::write(
        dir.join("read.ts"),
        "import cloud from '@lafjs/cloud'\nexport default async () => (await cloud.database().collection('notes').where({ by: 'rhai' }).get()).data",
    )
    .unwrap();
    let lib = plugin("lang-plugin-rhai");
    let s = start(&dir, &["--plugin", lib.to_str().unwrap(), "--admin-token", "t", "--bucket", "uploads"]).await;
    let c = reqwest::Client::new();
    let r = c.get(format!("{}/hello?name=plugin", s.base)).send().await.unwrap();
    assert_eq!((r.status().as_u16(), r.text().await.unwrap()), (200, "hello plugin".to_owned()));

    let r = c.post(format!("{}/notes", s.base)).json(&json!({"text": "from rhai"})).send().await.unwrap();
    assert_eq!(r.status(), 200);
    let note: Value = r.json().await.unwrap();
    assert_eq!((&note["text"], &note["by"]), (&json!("from rhai"), &json!("rhai")), "{note}");
    let id = note["_id"].as_str().unwrap().to_owned();
    // The document the plugin wrote, read by a JavaScript function of the same app.
    let docs: Value = c.get(format!("{}/read", s.base)).send().await.unwrap().json().await.unwrap();
    assert_eq!(docs[0]["text"], "from rhai", "{docs}");
    assert_eq!(docs[0]["_id"], id.as_str());
    let logs: Value = c
        .get(format!("{}/_/api/apps/local/logs?function=notes", s.base))
        .bearer_auth("t")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(logs[0]["message"], format!("saved {id}"), "the plugin's log line is the function's");

    // Storage: written and read back through the host.
    let r = c.get(format!("{}/files", s.base)).send().await.unwrap();
    assert_eq!((r.status().as_u16(), r.text().await.unwrap()), (200, "kept by rhai".to_owned()));

    // A panic inside the plugin is that call's 500; the host serves on.
    let r = c.get(format!("{}/crash", s.base)).send().await.unwrap();
    assert_eq!(r.status(), 500);
    // The server's output is read by another thread: the line may come a moment after the answer.
    let said = || async { s.log.lock().unwrap().contains("the plugin panicked: crash() was called").then_some(()) };
    eventually::eventually("the panic in the host's log", said).await;
    let r = c.get(format!("{}/hello?name=again", s.base)).send().await.unwrap();
    assert_eq!(r.text().await.unwrap(), "hello again");
    // A script that does not compile is not published, with the compiler's message.
    assert_eq!(c.get(format!("{}/broken", s.base)).send().await.unwrap().status(), 404);
    assert!(s.log.lock().unwrap().contains("broken.rhai"), "the failed publish is reported");
}

fn serve_fails(args: &[&str]) -> String {
    let dir = temp_dir("plugin-bad");
    let out = Command::new(env!("CARGO_BIN_EXE_laf"))
        .arg("serve")
        .arg(&dir)
        .args(["--listen", "127.0.0.1:0", "--data-dir"])
        .arg(temp_dir("plugin-bad-data"))
        .args(args)
        .output()
        .unwrap();
    assert!(!out.status.success(), "laf serve must refuse {args:?}");
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn libraries_of_another_abi_or_no_plugin_are_refused_by_name() {
    let old = plugin("plugin-old-abi");
    let err = serve_fails(&["--plugin", old.to_str().unwrap()]);
    assert!(
        err.contains(old.to_str().unwrap())
            && err.contains("ABI version 1,")
            && err.contains(&format!("expects version {}", laf_plugin_abi::ABI_VERSION)),
        "{err}"
    );
    let libc = ["/lib/x86_64-linux-gnu/libm.so.6", "/usr/lib/x86_64-linux-gnu/libm.so.6"]
        .into_iter()
        .find(|p| std::path::Path::new(p).exists())
        .expect("libm, a shared library that is no plugin");
    let err = serve_fails(&["--plugin", libc]);
    assert!(err.contains("not a Laf language plugin") && err.contains("laf_plugin_abi_version"), "{err}");
    let err = serve_fails(&["--plugin", "/nonexistent/libnothing.so"]);
    assert!(err.contains("/nonexistent/libnothing.so") && err.contains("cannot load"), "{err}");
}

/// Relays the JSON list of host calls it is given and answers the replies, in the extended JSON
/// the relay plugin writes: the same calls through `laf._call`, as Python's `cloud` makes them.
const PYTHON_RELAY: &str = r#"
import base64
from laf import LafError, ObjectId, _call

def tag(v):
    if isinstance(v, ObjectId):
        return {"$oid": str(v)}
    if isinstance(v, (bytes, bytearray)):
        return {"$binary": {"base64": base64.b64encode(v).decode(), "subType": "00"}}
    if isinstance(v, dict):
        return {k: tag(x) for k, x in v.items()}
    if isinstance(v, list):
        return [tag(x) for x in v]
    return v

def untag(v):
    if isinstance(v, dict):
        if list(v) == ["$oid"]:
            return ObjectId(v["$oid"])
        if list(v) == ["$binary"]:
            return base64.b64decode(v["$binary"]["base64"])
        return {k: untag(x) for k, x in v.items()}
    if isinstance(v, list):
        return [untag(x) for x in v]
    return v

def main(ctx):
    answers = []
    for call in ctx.body:
        args = untag(call)
        op = args.pop("op")
        try:
            answers.append({"ok": tag(_call(op, args))})
        except LafError as e:
            answers.append({"err": {"code": e.code, "message": e.message}})
    return answers
"#;

/// One run's worth of host calls: every operation both languages reach, with deterministic
/// answers (no presigned URL: it is signed with the current second), and cleanup at the end so a
/// second run starts where the first did.
fn host_calls() -> Vec<Value> {
    let oid = json!({"$oid": "64b7f0c2a1b2c3d4e5f60718"});
    let hello = json!({"$binary": {"base64": "aGVsbG8gaG9zdA==", "subType": "00"}});
    let token = laf_host::bindings::token::sign(&json!({"sub": "u1"}), "s").unwrap();
    let database = json!([
        {"op": "db.list_collections"},
        {"op": "db.insert_one", "coll": "hc", "doc": {"_id": 1, "name": "a", "n": 3, "tags": ["x"]}},
        {"op": "db.insert_many", "coll": "hc", "docs": [{"_id": 2, "name": "b", "n": 1}, {"_id": 3, "name": "c", "n": 2}]},
        {"op": "db.insert_one", "coll": "hc", "doc": {"_id": oid, "name": "d", "n": 2.5, "blob": hello}},
        {"op": "db.insert_one", "coll": "hc", "doc": {"_id": 1}},
        {"op": "db.find", "coll": "hc", "filter": {"n": {"$gte": 1}}, "sort": {"n": -1}, "projection": {"name": 1, "_id": 0}, "skip": 1, "limit": 2},
        {"op": "db.find", "coll": "hc", "filter": {"_id": oid}},
        {"op": "db.find_one", "coll": "hc", "filter": {}, "sort": {"name": 1}, "projection": {"n": 1}},
        {"op": "db.find", "coll": "hc", "filter": 5},
        {"op": "db.update", "coll": "hc", "filter": {"n": {"$lt": 3}}, "update": {"$inc": {"n": 10}}, "multi": true},
        {"op": "db.update", "coll": "hc", "filter": {"_id": 9}, "update": {"$set": {"n": 0}}, "upsert": true},
        {"op": "db.replace_one", "coll": "hc", "filter": {"_id": 2}, "doc": {"name": "bb"}},
        {"op": "db.find_one_and_update", "coll": "hc", "filter": {"_id": 3}, "update": {"$set": {"seen": true}}, "return_new": true},
        {"op": "db.count", "coll": "hc", "filter": {"n": {"$gt": 5}}},
        {"op": "db.distinct", "coll": "hc", "key": "name", "filter": {}},
        {"op": "db.aggregate", "coll": "hc", "pipeline": [{"$match": {"n": {"$gte": 0}}}, {"$group": {"_id": null, "total": {"$sum": "$n"}, "count": {"$sum": 1}}}]},
        {"op": "db.create_index", "coll": "hc", "keys": {"name": 1}, "unique": true},
        {"op": "db.list_indexes", "coll": "hc"},
        {"op": "db.drop_index", "coll": "hc", "name": "name_1"},
        {"op": "db.delete", "coll": "hc", "filter": {"n": {"$gte": 10}}, "multi": false},
        {"op": "db.delete", "coll": "hc", "filter": {"n": {"$gte": 10}}, "multi": true},
        {"op": "db.drop", "coll": "hc"},
    ]);
    let storage = json!([
        {"op": "storage.write", "bucket": "uploads", "key": "hc/a.txt", "body": hello, "content_type": "text/plain"},
        {"op": "storage.write", "bucket": "uploads", "key": "hc/dir/b.bin", "body": hello},
        {"op": "storage.read", "bucket": "uploads", "key": "hc/a.txt"},
        {"op": "storage.read", "bucket": "uploads", "key": "hc/dir/b.bin"},
        {"op": "storage.list", "bucket": "uploads", "prefix": "hc/"},
        {"op": "storage.list", "bucket": "uploads", "prefix": "hc/", "delimiter": "/"},
        {"op": "storage.list", "bucket": "uploads", "prefix": "hc/", "max_keys": 1},
        {"op": "storage.external_url", "bucket": "uploads", "key": "hc/a.txt"},
        {"op": "storage.presign", "bucket": "uploads", "key": "hc/a.txt", "expires": 0},
        {"op": "storage.delete", "bucket": "uploads", "key": "hc/a.txt"},
        {"op": "storage.delete", "bucket": "uploads", "key": "hc/dir/b.bin"},
        {"op": "storage.read", "bucket": "uploads", "key": "hc/a.txt"},
        {"op": "storage.write", "bucket": "uploads", "key": "hc/x"},
    ]);
    let cloud = json!([
        {"op": "shared.set", "key": "k", "value": "{\"a\":1}"},
        {"op": "shared.get", "key": "k"},
        {"op": "shared.has", "key": "k"},
        {"op": "shared.keys"},
        {"op": "shared.delete", "key": "k"},
        {"op": "shared.get", "key": "k"},
        {"op": "shared.clear"},
        {"op": "token.sign", "payload": {"sub": "u1"}, "secret": "s"},
        {"op": "token.parse", "token": token, "secret": "s"},
        {"op": "token.parse", "token": token, "secret": "other"},
        {"op": "ws.list"},
        {"op": "ws.open", "id": 12345},
        {"op": "invoke", "name": "target", "param": {"body": {"x": 1}}},
        {"op": "invoke", "name": "missing"},
        {"op": "nope.op"},
    ]);
    [database, storage, cloud].into_iter().flat_map(|list| list.as_array().cloned().unwrap_or_default()).collect()
}

#[tokio::test]
async fn python_and_plugins_answer_the_same_host_calls() {
    let dir = temp_dir("hostcall");
    std::fs::write(dir.join("via-python.py"), PYTHON_RELAY).unwrap();
    std::fs::write(dir.join("via-plugin.hostcall"), "the request is the program\n").unwrap();
    std::fs::write(dir.join("target.ts"), "export default async (ctx) => ({ got: ctx.body, method: ctx.method })")
        .unwrap();
    let lib = plugin("plugin-hostcall");
    let s = start(&dir, &["--plugin", lib.to_str().unwrap(), "--bucket", "uploads"]).await;
    let calls = host_calls();
    let run = async |function: &str| -> Vec<Value> {
        let r = reqwest::Client::new().post(format!("{}/{function}", s.base)).json(&calls).send().await.unwrap();
        let status = r.status();
        let text = r.text().await.unwrap();
        assert_eq!(status, 200, "{function}: {text}\n{}", s.log.lock().unwrap());
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{function}: {e}: {text}"))
    };
    let python = run("via-python").await;
    let plugin = run("via-plugin").await;
    assert_eq!((python.len(), plugin.len()), (calls.len(), calls.len()));
    for ((call, p), q) in calls.iter().zip(&python).zip(&plugin) {
        assert_eq!(p, q, "Python and the plugin answer {call} differently");
    }
    // The answers themselves, so that two equally wrong answers do not pass.
    let answer = |op: &str, nth: usize| {
        let i = calls.iter().enumerate().filter(|(_, c)| c["op"] == op).nth(nth).map(|(i, _)| i).unwrap();
        python[i].clone()
    };
    assert_eq!(answer("db.find", 0), json!({"ok": [{"name": "d"}, {"name": "c"}]}), "sort, skip, limit, projection");
    assert_eq!(answer("db.find_one", 0), json!({"ok": {"_id": 1, "n": 3}}));
    assert_eq!(answer("db.find", 1)["ok"][0]["blob"]["$binary"]["base64"], "aGVsbG8gaG9zdA==");
    assert_eq!(answer("db.find", 2)["err"]["code"], "BadValue", "a filter that is no document is refused");
    assert_eq!(answer("db.insert_one", 2)["err"]["code"], "DuplicateKey");
    assert_eq!(answer("db.count", 0), json!({"ok": 2}), "after the update");
    let etag = answer("storage.write", 0)["ok"]["etag"].clone();
    assert!(etag.as_str().is_some_and(|e| e.len() > 8), "write answers {{etag}}: {etag}");
    assert_eq!(answer("storage.read", 0)["ok"]["etag"], etag);
    assert_eq!(answer("storage.read", 0)["ok"]["content_type"], "text/plain");
    assert_eq!(answer("storage.read", 2)["err"]["code"], "NoSuchKey");
    let page = answer("storage.list", 0)["ok"].clone();
    let keys: Vec<&str> = page["Contents"].as_array().unwrap().iter().map(|o| o["Key"].as_str().unwrap()).collect();
    assert_eq!((keys, &page["KeyCount"]), (vec!["hc/a.txt", "hc/dir/b.bin"], &json!(2)), "{page}");
    assert_eq!(answer("storage.list", 1)["ok"]["CommonPrefixes"], json!([{"Prefix": "hc/dir/"}]));
    assert_eq!(answer("storage.list", 2)["ok"]["IsTruncated"], true);
    assert_eq!(answer("storage.presign", 0)["err"]["code"], "InvalidArgument");
    assert_eq!(answer("token.parse", 0), json!({"ok": {"sub": "u1"}}));
    assert_eq!(answer("invoke", 0), json!({"ok": {"got": {"x": 1}, "method": "POST"}}));
    assert_eq!(answer("nope.op", 0)["err"]["code"], "Unsupported");
}
