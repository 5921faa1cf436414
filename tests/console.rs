//! The web console as `laf serve` serves it: its page, the assets the page names (embedded in the
//! binary), their caching and Content-Security-Policy, and the types the editor checks against;
//! then the console driven in headless Chromium (`tests/console/browser.mjs`, Puppeteer with
//! Debian's `chromium`) as a user would, which also takes the screenshots in docs/console/.

mod support;

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
    let server = start(&temp_dir("console-browser"), &["--admin-token", "console-test-token"]).await;
    let shots = root.join("docs/console");
    std::fs::create_dir_all(&shots).unwrap();
    let mut node = std::process::Command::new("node");
    node.arg(harness.join("browser.mjs"))
        .args([server.base.as_str(), "console-test-token", shots.to_str().unwrap()])
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
