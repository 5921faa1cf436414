//! WebAssembly end to end: `examples/rust-function` built for wasm32-wasip2 (as the README says),
//! served by `laf serve` from a directory, using the database and storage through the imports; a
//! restart loads the compiled component from the cache instead of compiling it again.

#[path = "support/guest.rs"]
mod guest;
mod support;

use serde_json::Value;
use support::{start, temp_dir};

/// `examples/rust-function`'s component, built as the README says (in the dev profile here).
fn rust_function() -> std::path::PathBuf {
    guest::build("examples/rust-function", "hello_rust", false)
}

async fn get_json(url: &str) -> (u16, Value) {
    let r = reqwest::get(url).await.unwrap();
    let status = r.status().as_u16();
    let text = r.text().await.unwrap();
    (status, serde_json::from_str(&text).unwrap_or_else(|e| panic!("{status} {text}: {e}")))
}

#[tokio::test]
async fn the_rust_example_serves_from_a_directory_and_restarts_from_the_cache() {
    let dir = temp_dir("wasm-fns");
    let data = temp_dir("wasm-data");
    std::fs::copy(rust_function(), dir.join("hello_rust.wasm")).unwrap();
    std::fs::write(dir.join("broken.wasm"), b"\0asm but not really").unwrap();
    // Build output inside the directory is not served (cargo tags its target directories).
    std::fs::create_dir_all(dir.join("target/wasm32-wasip2/release")).unwrap();
    std::fs::write(dir.join("target/CACHEDIR.TAG"), "Signature: 8a477f597d28d172789f06886806bc55").unwrap();
    std::fs::copy(dir.join("hello_rust.wasm"), dir.join("target/wasm32-wasip2/release/hello_rust.wasm")).unwrap();
    let data_arg = data.to_str().unwrap();
    let args = ["--bucket", "uploads", "--data-dir", data_arg];

    let visit = |n: u64, body: Value| {
        assert_eq!(body["visits_by_name"], n, "{body}");
        assert_eq!(body["visit"]["name"], "ada");
        assert!(body["note"].as_str().unwrap().starts_with("last visit of ada: "), "{body}");
        assert_eq!(body["note_etag"].as_str().unwrap().len(), 34, "a quoted MD5 entity tag: {body}");
    };
    {
        let server = start(&dir, &args).await;
        let (status, body) = get_json(&format!("{}/hello_rust?name=ada", server.base)).await;
        assert_eq!(status, 200, "{body}");
        visit(1, body);
        let r = reqwest::Client::new()
            .post(format!("{}/hello_rust", server.base))
            .json(&serde_json::json!({ "name": "ada" }))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        visit(2, r.json().await.unwrap());
        // A bad file is refused with a message naming it; the other functions serve.
        assert_eq!(reqwest::get(format!("{}/broken", server.base)).await.unwrap().status(), 404);
        let status = reqwest::get(format!("{}/target/wasm32-wasip2/release/hello_rust", server.base)).await;
        assert_eq!(status.unwrap().status(), 404, "build output is not published");
        let log = server.log.lock().unwrap().clone();
        assert!(log.contains("broken.wasm: not a valid WebAssembly component"), "{log}");
        assert!(log.contains("hello_rust.wasm: compiled in"), "{log}");
    }
    // kill -9 and start again on the same data: the database kept the visits, and the component
    // comes from the cache.
    let server = start(&dir, &args).await;
    let (status, body) = get_json(&format!("{}/hello_rust?name=ada", server.base)).await;
    assert_eq!(status, 200, "{body}");
    visit(3, body);
    let log = server.log.lock().unwrap().clone();
    assert!(log.contains("hello_rust.wasm: loaded from the component cache in"), "{log}");
    assert!(!log.contains("hello_rust.wasm: compiled in"), "{log}");
    // The note is an object of the app's `uploads` bucket in the local storage (its file name
    // carries the key's last segment).
    let mut todo = vec![data.join("storage")];
    let mut found = false;
    while let Some(dir) = todo.pop() {
        for entry in std::fs::read_dir(&dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                todo.push(path);
            } else {
                found |= path.to_string_lossy().contains("ada.txt");
            }
        }
    }
    assert!(found, "the note was written to the local storage");
}
