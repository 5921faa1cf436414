//! The web console as `laf serve` serves it: its page, the assets the page names (embedded in the
//! binary), their caching and Content-Security-Policy, and the types the editor checks against;
//! then the console driven in headless Chromium (`tests/console/browser.mjs`, Puppeteer with
//! Debian's `chromium`) as a user would, which also takes the screenshots in docs/console/.

mod support;
#[path = "support/wheel.rs"]
mod wheel;

use support::{start, temp_dir};

/// The attribute values and `src`/`href` targets of `index.html` that name console files.
fn named_files(html: &str) -> Vec<String> {
    let mut files = Vec::new();
    for part in html.split('"').skip(1).step_by(2) {
        if part.starts_with("assets/") {
            files.push(part.to_owned());
        }
    }
    files
}

#[tokio::test]
async fn the_console_page_and_every_asset_it_names_are_served_from_the_binary() {
    let server = start(&temp_dir("console"), &[]).await;
    let http = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let bare = http.get(format!("{}/_/console", server.base)).send().await.unwrap();
    assert_eq!(bare.status(), 308);
    assert_eq!(bare.headers()["location"], "/_/console/");

    let page = http.get(format!("{}/_/console/", server.base)).send().await.unwrap();
    assert_eq!(page.status(), 200);
    let headers = page.headers().clone();
    assert_eq!(headers["content-type"], "text/html; charset=utf-8");
    assert_eq!(headers["cache-control"], "no-cache", "the page names the current assets");
    let csp = headers["content-security-policy"].to_str().unwrap();
    assert!(csp.contains("script-src 'self'") && csp.contains("frame-ancestors 'none'"), "{csp}");
    let html = page.text().await.unwrap();
    let files = named_files(&html);
    assert!(files.len() >= 6, "script, two stylesheets, two workers and the types: {files:?}");
    for file in &files {
        let asset = http.get(format!("{}/_/console/{file}", server.base)).send().await.unwrap();
        assert_eq!(asset.status(), 200, "{file}");
        assert_eq!(asset.headers()["cache-control"], "public, max-age=31536000, immutable", "{file}");
        let kind = asset.headers()["content-type"].to_str().unwrap().to_owned();
        let expected = match file.rsplit('.').next() {
            Some("js") => "text/javascript; charset=utf-8",
            Some("css") => "text/css; charset=utf-8",
            _ => "application/json",
        };
        assert_eq!(kind, expected, "{file}");
        assert!(!asset.bytes().await.unwrap().is_empty(), "{file}");
    }
    // The editor's declarations are the real @lafjs/cloud package's.
    let types_file = files.iter().find(|f| f.contains("types-")).expect("the types file");
    let types: serde_json::Value =
        http.get(format!("{}/_/console/{types_file}", server.base)).send().await.unwrap().json().await.unwrap();
    let cloud = types["file:///node_modules/@lafjs/cloud/dist/cloud.d.ts"].as_str().unwrap_or_default();
    assert!(cloud.contains("database()"), "cloud.d.ts declares database(): {}", &cloud[..cloud.len().min(300)]);

    let missing = http.get(format!("{}/_/console/assets/nothing.js", server.base)).send().await.unwrap();
    assert_eq!(missing.status(), 404);
    assert!(!html.contains("token="), "no token in the page");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_user_edits_runs_publishes_rolls_back_and_sets_env_in_a_browser() {
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".to_owned());
    assert!(
        std::path::Path::new(&chromium).exists(),
        "{chromium} is missing: scripts/setup.sh installs Debian's chromium (apt), or set CHROMIUM"
    );
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let harness = root.join("tests/console");
    if !harness.join("node_modules/puppeteer-core").exists() {
        let npm = std::process::Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund", "--loglevel=error"])
            .current_dir(&harness)
            .status()
            .expect("npm runs (scripts/setup.sh installs it)");
        assert!(npm.success(), "npm ci in tests/console failed");
    }
    let ai = chat_completions_stub().await;
    let server = start(
        &temp_dir("console-browser"),
        &["--admin-token", "console-test-token", "--ai-url", &ai, "--ai-model", "stub-coder"],
    )
    .await;
    let shots = root.join("docs/console");
    std::fs::create_dir_all(&shots).unwrap();
    // A wheel for the pip requirements the user adds in the settings (no network needed).
    let wheels = temp_dir("console-wheels");
    wheel::write_wheel(&wheels);
    let mut node = std::process::Command::new("node");
    node.arg(harness.join("browser.mjs"))
        .args([server.base.as_str(), "console-test-token", shots.to_str().unwrap(), wheels.to_str().unwrap()])
        .env("CHROMIUM", &chromium);
    let out = tokio::task::spawn_blocking(move || node.output()).await.unwrap().expect("node runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}\n{}\nserver log:\n{}",
        String::from_utf8_lossy(&out.stderr),
        server.log.lock().unwrap()
    );
    // The first load (page, script, styles) until the sign-in form shows; the target is 1.5 s.
    println!("console: {}", stdout.trim());
}

/// An OpenAI-compatible chat-completions endpoint whose "model" writes a TypeScript function
/// returning the description it was given (so the browser test sees its words come back).
async fn chat_completions_stub() -> String {
    async fn complete(body: String) -> axum::Json<serde_json::Value> {
        let request: serde_json::Value = serde_json::from_str(&body).unwrap();
        let asked = request["messages"][1]["content"].as_str().unwrap_or_default();
        let first_line = asked.lines().next().unwrap_or_default();
        let code = format!(
            "export default async function (ctx: FunctionContext) {{\n  return {{ generatedFrom: {first_line:?}, who: ctx.query.who }}\n}}"
        );
        axum::Json(serde_json::json!({
            "model": "stub-coder",
            "choices": [{ "index": 0, "message": { "role": "assistant", "content": format!("Sure:\n```ts\n{code}\n```") } }],
        }))
    }
    let router = axum::Router::new().route("/v1/chat/completions", axum::routing::post(complete));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/v1", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    url
}

/// The admin routes behind the console's database and storage browsers, as scripts use them too.
#[tokio::test]
async fn the_data_routes_browse_the_apps_database_and_buckets() {
    let dir = temp_dir("console-data");
    std::fs::write(
        dir.join("find.ts"),
        "import cloud from '@lafjs/cloud'\nexport default async (ctx) => {\n  const { data } = await cloud.database().collection('notes').where({ tag: ctx.query.tag }).get()\n  const file = ctx.query.key ? await (await cloud.storage.bucket('files').readFile(ctx.query.key)).Body.transformToString() : null\n  return { titles: data.map((d) => d.title), file }\n}\n",
    )
    .unwrap();
    let server = start(&dir, &["--admin-token", "data-token"]).await;
    let http = reqwest::Client::new();
    let api = |method: reqwest::Method, path: &str| {
        http.request(method, format!("{}/_/api/apps/local/{path}", server.base)).bearer_auth("data-token")
    };
    let json = |r: reqwest::Response| async move {
        let status = r.status().as_u16();
        (status, r.json::<serde_json::Value>().await.unwrap_or_default())
    };
    use reqwest::Method;
    use serde_json::json;

    // Database: insert, list, filter, replace, delete; an ObjectId survives the round trip.
    let (status, made) = json(
        api(Method::POST, "database/collections/notes/documents")
            .json(&json!({"title": "a", "tag": "x"}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 201, "{made}");
    let id = made["insertedId"]["$oid"].as_str().expect("an ObjectId").to_owned();
    json(
        api(Method::POST, "database/collections/notes/documents")
            .json(&json!({"title": "b", "tag": "y"}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    let (_, collections) = json(api(Method::GET, "database/collections").send().await.unwrap()).await;
    assert_eq!(collections, json!([{ "name": "notes", "count": 2 }]));
    let (_, page) = json(
        api(Method::GET, "database/collections/notes/documents?filter=%7B%22tag%22%3A%22x%22%7D").send().await.unwrap(),
    )
    .await;
    assert_eq!((page["total"].clone(), page["documents"][0]["_id"]["$oid"].clone()), (json!(1), json!(id)));
    // What the `find` function answers for tag x.
    let find = || async {
        http.get(format!("{}/find?tag=x", server.base)).send().await.unwrap().json::<serde_json::Value>().await.unwrap()
    };
    let found = find().await;
    assert_eq!(found["titles"], json!(["a"]), "a function finds what the browser inserted");
    let (status, _) = json(
        api(Method::PUT, &format!("database/collections/notes/documents/{id}"))
            .json(&json!({"title": "a2", "tag": "x"}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 200);
    let found = find().await;
    assert_eq!(found["titles"], json!(["a2"]));
    let (status, bad) =
        json(api(Method::GET, "database/collections/notes/documents?filter=%7Bnope").send().await.unwrap()).await;
    assert_eq!((status, bad["field"].as_str()), (400, Some("filter")), "{bad}");
    let (status, _) =
        json(api(Method::DELETE, &format!("database/collections/notes/documents/{id}")).send().await.unwrap()).await;
    assert_eq!(status, 200);
    let (status, _) =
        json(api(Method::DELETE, &format!("database/collections/notes/documents/{id}")).send().await.unwrap()).await;
    assert_eq!(status, 404, "deleting twice finds nothing");
    let (status, index) = json(
        api(Method::POST, "database/collections/notes/indexes")
            .json(&json!({"keys": {"tag": 1}, "unique": false}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 201, "{index}");
    let (_, indexes) = json(api(Method::GET, "database/collections/notes/indexes").send().await.unwrap()).await;
    assert!(indexes.as_array().unwrap().iter().any(|i| i["key"] == json!({"tag": 1})), "{indexes}");

    // Storage: a bucket, an upload streamed in, a listing, a download, a presigned link, a delete.
    let (status, bucket) = json(
        api(Method::POST, "storage/buckets").json(&json!({"name": "files", "policy": "private"})).send().await.unwrap(),
    )
    .await;
    assert_eq!((status, bucket["fullName"].as_str()), (201, Some("local-files")), "{bucket}");
    let (status, put) = json(
        api(Method::PUT, "storage/buckets/files/objects/docs/readme.txt")
            .header("content-type", "text/plain")
            .body("from the browser")
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!((status, put["size"].as_u64()), (200, Some(16)), "{put}");
    let found = http
        .get(format!("{}/find?tag=none&key=docs/readme.txt", server.base))
        .send()
        .await
        .unwrap()
        .json::<serde_json::Value>()
        .await
        .unwrap();
    assert_eq!(found["file"], "from the browser", "a function reads what the browser uploaded");
    let (_, listing) = json(api(Method::GET, "storage/buckets/files/objects?delimiter=/").send().await.unwrap()).await;
    assert_eq!(listing["prefixes"], json!(["docs/"]));
    let (_, listing) = json(api(Method::GET, "storage/buckets/files/objects?prefix=docs/").send().await.unwrap()).await;
    assert_eq!(listing["objects"][0]["key"], "docs/readme.txt");
    let download = api(Method::GET, "storage/buckets/files/objects/docs/readme.txt").send().await.unwrap();
    assert_eq!(download.headers()["content-disposition"], "attachment; filename=\"readme.txt\"");
    assert_eq!(download.text().await.unwrap(), "from the browser");
    let (_, link) = json(
        api(Method::POST, "storage/buckets/files/presign")
            .json(&json!({"key": "docs/readme.txt"}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    let link = link["url"].as_str().unwrap().to_owned();
    assert_eq!(http.get(&link).send().await.unwrap().text().await.unwrap(), "from the browser");
    let (_, listed) = json(api(Method::GET, "storage/buckets").send().await.unwrap()).await;
    assert_eq!(listed, json!([{ "name": "files", "fullName": "local-files", "policy": "private" }]));
    let (status, _) =
        json(api(Method::DELETE, "storage/buckets/files/objects/docs/readme.txt").send().await.unwrap()).await;
    assert_eq!(status, 200);
    let (status, _) = json(api(Method::DELETE, "storage/buckets/files").send().await.unwrap()).await;
    assert_eq!(status, 200);
    // The triggers editor's preview: the next three runs, or the expression's error.
    let (status, preview) =
        json(api(Method::GET, "triggers/preview?cron=0%200%20*%20*%20*").send().await.unwrap()).await;
    let runs = preview["nextRuns"].as_array().cloned().unwrap_or_default();
    assert_eq!((status, runs.len()), (200, 3), "{preview}");
    assert!(
        runs.windows(2).all(|w| w[1].as_i64().unwrap() - w[0].as_i64().unwrap() == 86_400_000),
        "daily at midnight: {preview}"
    );
    let (status, bad) = json(api(Method::GET, "triggers/preview?cron=nope").send().await.unwrap()).await;
    assert_eq!((status, bad["field"].as_str()), (400, Some("cron")), "{bad}");
    // Another app's bucket is not reachable by naming it.
    let (status, _) = json(api(Method::GET, "storage/buckets/other-files/objects").send().await.unwrap()).await;
    assert_eq!(status, 403);
}
