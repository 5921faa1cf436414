//! Sealed tenants, JavaScript and WebAssembly (issue 19), through `laf serve`: an attacker's
//! JavaScript function (`tests/sandbox/js/attack.mjs`) holding the admin token tries to reach the
//! host's admin API and the cloud metadata service by `fetch`, `http` and raw sockets; a WebAssembly
//! function (lang-wasm's probe guest) tries to read the host's admin token by absolute path and by
//! climbing out of its granted directory, and to connect to the host. Every probe is refused, and
//! the admin API never sees a request.
//!
//! The only packets these tests send go to 127.0.0.1; `169.254.169.254` is refused before a socket
//! exists (the unit tests of lang-js's `engine::net::policy` and lang-wasm's `state` check that
//! without a network). Two apps' WebAssembly directory grants (which `laf serve` cannot give) are
//! tested in lang-wasm's `an_app_cannot_read_another_apps_granted_directory`.

#[path = "support/admin.rs"]
mod admin;
#[path = "support/guest.rs"]
mod guest;
mod support;

use std::path::Path;

use admin::{Api, TOKEN};
use reqwest::Method;
use serde_json::Value;
use support::{start, temp_dir};

fn fixture(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/sandbox/js").join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The ids of the host's apps, through its admin API.
async fn app_ids(api: &Api, token: &str) -> Vec<String> {
    let r = api.c.get(format!("{}/_/api/apps", api.base)).bearer_auth(token).send().await.unwrap();
    assert_eq!(r.status(), 200);
    let apps: Value = r.json().await.unwrap();
    apps.as_array().unwrap().iter().map(|a| a["id"].as_str().unwrap().to_owned()).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_js_attacker_reaches_neither_the_admin_api_nor_the_metadata_service() {
    let dir = temp_dir("sandbox-js");
    std::fs::write(dir.join("attack.mjs"), fixture("attack.mjs")).unwrap();
    let s = start(&dir, &["--admin-token", TOKEN]).await;
    let api = Api::new(&s.base);
    let port = s.base.rsplit(':').next().unwrap();

    let (status, report) = api.get(&format!("attack?port={port}&token={TOKEN}")).await;
    assert_eq!(status, 200, "{report}\n{}", s.log.lock().unwrap());
    let report = report.as_object().unwrap();
    assert_eq!(report.len(), 12, "{report:#?}");
    for (probe, got) in report {
        // fetch rejects with TypeError('fetch failed') whose cause is the network error; http and
        // net sockets raise the network error itself.
        let error = if probe.starts_with("fetch") {
            assert_eq!((got["error"].as_str(), got["message"].as_str()), (Some("TypeError"), Some("fetch failed")));
            &got["cause"]
        } else {
            got
        };
        assert_eq!(error["code"], "EACCES", "{probe} was not refused by the policy: {got}");
        let message = error["message"].as_str().unwrap_or_default();
        assert!(
            message.contains("refused by the app's network policy") && message.contains("--allow-net"),
            "{probe}: {got}"
        );
    }
    for (probe, target) in
        [("fetch_metadata", "169.254.169.254:80"), ("socket_localhost", &format!("127.0.0.1:{port}"))]
    {
        let got = &report[probe];
        let message = got["cause"]["message"].as_str().or(got["message"].as_str()).unwrap();
        assert!(message.contains(&format!("connection to {target} refused")), "{probe}: {message}");
    }
    let (status, apps) = api.admin(Method::GET, "apps", None).await;
    assert_eq!(status, 200, "{apps}");
    assert!(apps.as_array().unwrap().iter().all(|a| a["id"] != "pwned"), "the admin API created the attacker's app");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wasm_attacker_reads_no_host_file_and_reaches_no_host_port() {
    let dir = temp_dir("sandbox-wasm");
    std::fs::copy(guest::build("lang-wasm/tests/guests/probe", "lang_wasm_probe", false), dir.join("probe.wasm"))
        .unwrap();
    // The default layout: the data dir (with the token `laf serve` makes) inside the functions'.
    let data = dir.join(".laf");
    let files = dir.join("files");
    std::fs::create_dir_all(&files).unwrap();
    std::fs::write(files.join("ok.txt"), "granted").unwrap();
    let grant = format!("{}=/data:ro", files.display());
    let s = start(&dir, &["--data-dir", data.to_str().unwrap(), "--wasm-dir", &grant, "--wasm-network"]).await;
    let token_file = data.join("admin-token");
    let token = std::fs::read_to_string(&token_file).unwrap();
    assert!(!token.trim().is_empty());
    let api = Api::new(&s.base);
    let probe = |query: String| {
        let api = Api::new(&s.base);
        async move {
            let (status, got) = api.get(&format!("probe?{query}")).await;
            assert_eq!(status, 200, "{got}");
            got.as_str().unwrap().to_owned()
        }
    };

    // The grant works (so what follows is refused by the sandbox, not for want of files).
    assert_eq!(probe("case=read&path=/data/ok.txt".into()).await, "read /data/ok.txt: granted");
    for path in [
        token_file.display().to_string(),
        "/data/../.laf/admin-token".into(),
        format!("/data/../../../../..{}", token_file.display()),
        "../.laf/admin-token".into(),
        ".laf/admin-token".into(),
        "/proc/self/environ".into(),
        "/etc/passwd".into(),
    ] {
        let got = probe(format!("case=read&path={path}")).await;
        assert!(got.starts_with(&format!("denied {path}:")), "read {path}: {got}");
        assert!(!got.contains(token.trim()), "the token leaked: {got}");
    }

    let port = s.base.rsplit(':').next().unwrap();
    for addr in [format!("127.0.0.1:{port}"), format!("localhost:{port}"), "169.254.169.254:80".into()] {
        let got = probe(format!("case=connect&addr={addr}")).await;
        assert!(got.starts_with(&format!("denied {addr}: PermissionDenied")), "connect {addr}: {got}");
    }
    let log = s.log.lock().unwrap().clone();
    assert!(log.contains(&format!("connection to 127.0.0.1:{port} refused by the app's network policy")), "{log}");
    assert!(log.contains("connection to 169.254.169.254:80 refused"), "{log}");
    assert_eq!(app_ids(&api, token.trim()).await, ["local"]);
}
