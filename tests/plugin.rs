//! Language plugins end to end: the Rhai example plugin loaded by `laf serve --plugin`, serving
//! a function over HTTP that writes to the database; a panic inside the plugin; a library built
//! for another ABI version and one that is no plugin at all, refused by name.

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
        .args(["build", "--quiet", "-p", "lang-plugin-rhai", "-p", "plugin-old-abi"])
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
    assert!(s.log.lock().unwrap().contains("the plugin panicked: crash() was called"), "{}", s.log.lock().unwrap());
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
        err.contains(old.to_str().unwrap()) && err.contains("ABI version 999") && err.contains("expects version 1"),
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
