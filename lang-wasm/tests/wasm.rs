//! End-to-end tests of WebAssembly functions: the probe guest (`tests/guests/probe`, built here for
//! wasm32-wasip2) published on a host and invoked through `Host::invoke`.

use std::path::PathBuf;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

use bytes::Bytes;
use http::Request;
use laf_host::bindings::database::embedded::EmbeddedProvider;
use laf_host::bindings::storage::BucketPolicy;
use laf_host::bindings::storage::local::LocalStorage;
use laf_host::{AppConfig, FunctionSource, Host, InvokeError};
use lang_wasm::{WasmConfig, WasmLanguage};

#[path = "../../tests/support/eventually.rs"]
mod eventually;
#[path = "../../tests/support/gauge.rs"]
mod gauge;
#[path = "../../tests/support/guest.rs"]
mod guest;

use eventually::eventually;
use gauge::gauge;

const APP: &str = "wasm-test";

/// The probe guest's bytes (built once per test binary, in the shared target directory).
fn probe() -> Bytes {
    static WASM: OnceLock<Bytes> = OnceLock::new();
    WASM.get_or_init(|| {
        let path = guest::build("tests/guests/probe", "lang_wasm_probe", false);
        Bytes::from(std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display())))
    })
    .clone()
}

struct TestHost {
    host: Host,
    dir: PathBuf,
}

impl Drop for TestHost {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn fresh_dir(tag: &str) -> PathBuf {
    static N: AtomicU32 = AtomicU32::new(0);
    let n = N.fetch_add(1, Ordering::Relaxed);
    let dir = std::env::temp_dir().join(format!("lafwasm-{tag}-{}-{n}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

async fn host(timeout: Duration, config: WasmConfig) -> TestHost {
    host_allowing(timeout, config, &[]).await
}

/// [`host`], its app allowed to connect where `rules` (`--allow-net` rules) say.
async fn host_allowing(timeout: Duration, config: WasmConfig, rules: &[&str]) -> TestHost {
    let dir = fresh_dir("host");
    let provider = EmbeddedProvider::open(dir.join("db")).unwrap();
    let storage = LocalStorage::open(&dir.join("storage"), "http://127.0.0.1:1").unwrap();
    let language = WasmLanguage::with_config(config).unwrap();
    let mut builder =
        Host::builder().language(language).database(Arc::new(provider)).storage(Arc::new(storage)).workers(1);
    for rule in rules {
        builder = builder.allow_net(Some(APP), rule.parse().unwrap());
    }
    let host = builder.build().unwrap();
    let app = host.create_app(APP, Some(AppConfig { timeout, ..AppConfig::default() })).unwrap();
    let storage = app.bindings().storage().unwrap().clone();
    storage.create_bucket("files", BucketPolicy::Private).await.unwrap();
    let started = Instant::now();
    host.publish(APP, FunctionSource::binary("probe", "probe.wasm", probe())).await.unwrap();
    eprintln!("publish (compile + link) took {:?}", started.elapsed());
    TestHost { host, dir }
}

async fn call(h: &Host, case: &str) -> (u16, String) {
    let req = Request::get(format!("/probe?case={case}")).body(Bytes::new()).unwrap();
    let r = h.invoke(APP, "probe", req).await.unwrap();
    let status = r.status.as_u16();
    (status, String::from_utf8_lossy(&r.collect_body().await).into_owned())
}

/// Calls the loaded function directly, to see the language's error rather than the mapped status.
async fn invoke_direct(h: &Host, case: &str, limit: Duration) -> Result<u16, InvokeError> {
    let app = h.app(APP).unwrap();
    let function = app.function("probe").unwrap();
    let mut ctx = laf_host::FunctionContext::internal(app.clone(), "probe", http::Method::GET, laf_host::Origin::Http);
    ctx.request_id = "rid-direct".into();
    ctx.raw_query = Some(format!("case={case}"));
    ctx.deadline = Instant::now() + limit;
    function.loaded.invoke(ctx).await.map(|r| r.status.as_u16())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_call_returns_the_guests_response() {
    let t = host(Duration::from_secs(10), WasmConfig::default()).await;
    let req = Request::post("/probe?case=echo")
        .header("X-Test", "yes")
        .header("x-request-id", "rid-1")
        .body(Bytes::from_static(b"hi there"))
        .unwrap();
    let r = t.host.invoke(APP, "probe", req).await.unwrap();
    assert_eq!(r.status, 201);
    assert_eq!(r.headers["content-type"], "text/plain");
    assert_eq!(r.headers["x-seen"], "yes", "header names reach the guest lowercased");
    assert_eq!(r.headers["request-id"], "rid-1");
    let body = r.collect_body().await;
    assert_eq!(body.as_ref(), b"POST /probe case=echo probe rid-1 hi there");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_busy_loop_is_stopped_at_the_timeout_while_other_calls_run() {
    let t = host(Duration::from_secs(2), WasmConfig::default()).await;
    let h = t.host.clone();
    let started = Instant::now();
    let looping = tokio::spawn(async move { call(&h, "loop").await });
    // While the guest spins, other calls are served (the busy guest yields at each epoch tick).
    let app = t.host.app(APP).unwrap();
    eventually("the loop to start", || async { app.bindings().shared.get("looping").map(drop) }).await;
    let (status, _) = call(&t.host, "echo").await;
    assert_eq!(status, 201);
    assert!(!looping.is_finished(), "echo waited for the loop");
    let (status, body) = looping.await.unwrap();
    let elapsed = started.elapsed();
    assert_eq!(status, 504, "{body}");
    assert!(elapsed >= Duration::from_millis(1990) && elapsed < Duration::from_secs(10), "stopped after {elapsed:?}");
    assert!(matches!(invoke_direct(&t.host, "loop", Duration::from_millis(100)).await, Err(InvokeError::Timeout(_))));
    assert_eq!(call(&t.host, "echo").await.0, 201, "the host keeps serving");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn allocating_past_the_memory_limit_fails() {
    let config = WasmConfig { memory_limit: 16 << 20, ..WasmConfig::default() };
    let t = host(Duration::from_secs(10), config).await;
    let (status, _) = call(&t.host, "alloc").await;
    assert_eq!(status, 500);
    let direct = invoke_direct(&t.host, "alloc", Duration::from_secs(10)).await;
    assert!(matches!(direct, Err(InvokeError::MemoryLimit)), "{direct:?}");
    assert_eq!(call(&t.host, "echo").await.0, 201, "the host keeps serving");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_panic_is_a_500_and_the_next_call_works() {
    let t = host(Duration::from_secs(10), WasmConfig::default()).await;
    let (status, body) = call(&t.host, "panic").await;
    assert_eq!(status, 500);
    assert!(body.contains("Internal Server Error"), "{body}");
    assert!(!body.contains("panicked"), "details stay in the log: {body}");
    let direct = invoke_direct(&t.host, "panic", Duration::from_secs(10)).await;
    assert!(matches!(direct, Err(InvokeError::Thrown { .. })), "{direct:?}");
    assert_eq!(call(&t.host, "echo").await.0, 201);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_header_http_cannot_carry_fails_the_call_naming_it() {
    let t = host(Duration::from_secs(10), WasmConfig::default()).await;
    assert_eq!(call(&t.host, "bad-header").await.0, 500, "as in every language: not dropped, not sent");
    let direct = invoke_direct(&t.host, "bad-header", Duration::from_secs(10)).await;
    let message = match direct {
        Err(InvokeError::Thrown { message, .. }) => message,
        other => panic!("{other:?}"),
    };
    assert!(message.contains("\"x-split\""), "{message}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn imports_reach_the_apps_bindings() {
    let t = host(Duration::from_secs(10), WasmConfig::default()).await;
    t.host.app(APP).unwrap().set_env([("GREETING".to_owned(), "hi".to_owned())].into());
    assert_eq!(call(&t.host, "shared").await, (200, "{\"v\":1} true None".into()));
    assert_eq!(call(&t.host, "env").await, (200, "Some(\"hi\") 1".into()));
    assert_eq!(call(&t.host, "db").await, (200, "2 true 2".into()));
    assert_eq!(call(&t.host, "token").await, (200, "NoSecret".into()), "no SERVER_SECRET, no token");
    let app = t.host.app(APP).unwrap();
    app.set_env([("SERVER_SECRET".to_owned(), "s3cret".to_owned())].into());
    let (status, payload) = call(&t.host, "token").await;
    let payload: serde_json::Value = serde_json::from_str(&payload).unwrap();
    assert_eq!((status, &payload["uid"]), (200, &serde_json::json!(7)), "signed and verified: {payload}");
    assert!(payload["exp"].as_u64().is_some(), "expires-in-secs adds exp: {payload}");
    assert_eq!(call(&t.host, "print").await, (200, "printed".into()));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn storage_round_trips_through_the_imports() {
    let t = host(Duration::from_secs(10), WasmConfig::default()).await;
    let (status, body) = call(&t.host, "storage").await;
    assert_eq!(
        (status, body.as_str()),
        (
            200,
            "hello bucket Some(\"text/plain\") true [0, 159, 146, 150] notes/a.txt:12,notes/b.bin:4 NoSuchKey true \
             AccessDenied"
        )
    );
    // What the guest wrote is in the app's bucket for every other language to read.
    let storage = t.host.app(APP).unwrap().bindings().storage().unwrap().clone();
    let object = storage.get_object("files", "notes/b.bin", None).await.unwrap();
    assert_eq!(object.meta.size, 4);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn compiled_components_are_cached_on_disk_across_restarts() {
    let cache = fresh_dir("cache");
    let publish = |language: WasmLanguage| async move {
        let host = Host::builder().language(language).workers(1).build().unwrap();
        host.create_app(APP, None).unwrap();
        host.publish(APP, FunctionSource::binary("probe", "probe.wasm", probe())).await.unwrap();
        call(&host, "echo").await.0
    };
    let first = WasmLanguage::with_config(WasmConfig::with_cache_dir(&cache)).unwrap();
    assert_eq!(publish(first.clone()).await, 201);
    assert_eq!(first.cache_stats(), lang_wasm::CacheStats { hits: 0, compiles: 1 });
    let entries = || std::fs::read_dir(&cache).unwrap().flatten().map(|e| e.path()).collect::<Vec<_>>();
    assert_eq!(entries().len(), 1, "one compiled component stored");

    // A new engine (a restart) loads it instead of compiling.
    let second = WasmLanguage::with_config(WasmConfig::with_cache_dir(&cache)).unwrap();
    assert_eq!(publish(second.clone()).await, 201);
    assert_eq!(second.cache_stats(), lang_wasm::CacheStats { hits: 1, compiles: 0 });

    // A damaged entry is never run: it is compiled again and replaced.
    let entry = entries().pop().unwrap();
    let mut data = std::fs::read(&entry).unwrap();
    let middle = data.len() / 2;
    data[middle] ^= 0xff;
    std::fs::write(&entry, &data).unwrap();
    let third = WasmLanguage::with_config(WasmConfig::with_cache_dir(&cache)).unwrap();
    assert_eq!(publish(third.clone()).await, 201);
    assert_eq!(third.cache_stats(), lang_wasm::CacheStats { hits: 0, compiles: 1 });
    let fourth = WasmLanguage::with_config(WasmConfig::with_cache_dir(&cache)).unwrap();
    assert_eq!(publish(fourth.clone()).await, 201);
    assert_eq!(fourth.cache_stats(), lang_wasm::CacheStats { hits: 1, compiles: 0 }, "the entry was rewritten");

    // An entry others could have written is not run either.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let entry = entries().pop().unwrap();
        std::fs::set_permissions(&entry, std::fs::Permissions::from_mode(0o666)).unwrap();
        let fifth = WasmLanguage::with_config(WasmConfig::with_cache_dir(&cache)).unwrap();
        assert_eq!(publish(fifth.clone()).await, 201);
        assert_eq!(fifth.cache_stats(), lang_wasm::CacheStats { hits: 0, compiles: 1 });
        let mode = std::fs::metadata(&cache).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o700, "the cache directory is private");
    }
    let _ = std::fs::remove_dir_all(&cache);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_file_that_is_not_a_component_is_refused_and_the_live_version_serves() {
    let t = host(Duration::from_secs(10), WasmConfig::default()).await;
    for junk in [&b"not wasm"[..], &b"\0asm\x01\0\0\0"[..]] {
        let err = t.host.publish(APP, FunctionSource::binary("probe", "probe.wasm", junk.to_vec())).await.unwrap_err();
        assert!(err.to_string().contains("probe.wasm"), "the error names the file: {err}");
    }
    assert_eq!(call(&t.host, "echo").await.0, 201, "the previous version keeps serving");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn instances_are_reused_after_clean_calls_only() {
    let t = host(Duration::from_secs(10), WasmConfig::default()).await;
    let count = |h: Host| async move { call(&h, "count").await.1 };
    assert_eq!(count(t.host.clone()).await, "1");
    assert_eq!(count(t.host.clone()).await, "2", "a global lives on in the reused instance");
    // A panic drops the instance it ran in: the next call starts from a fresh one.
    assert_eq!(call(&t.host, "panic").await.0, 500);
    assert_eq!(count(t.host.clone()).await, "1");
    // So do a timeout and the memory limit (the limit is per instance, not per call).
    assert_eq!(count(t.host.clone()).await, "2");
    assert!(matches!(invoke_direct(&t.host, "loop", Duration::from_millis(50)).await, Err(InvokeError::Timeout(_))));
    assert_eq!(count(t.host.clone()).await, "1");
    assert_eq!(call(&t.host, "alloc").await.0, 500);
    assert_eq!(count(t.host.clone()).await, "1");

    // Another function (here the same bytes under another name) never sees this one's instances.
    t.host.publish(APP, FunctionSource::binary("probe2", "probe2.wasm", probe())).await.unwrap();
    let req = Request::get("/probe2?case=count").body(Bytes::new()).unwrap();
    let r = t.host.invoke(APP, "probe2", req).await.unwrap();
    assert_eq!(r.collect_body().await.as_ref(), b"1");

    let fresh = host(Duration::from_secs(10), WasmConfig { reuse_instances: 0, ..WasmConfig::default() }).await;
    for _ in 0..3 {
        assert_eq!(count(fresh.host.clone()).await, "1", "reuse off: every call starts fresh");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn files_are_reachable_only_where_the_app_grants_them() {
    let data = fresh_dir("grant");
    std::fs::create_dir_all(&data).unwrap();
    std::fs::write(data.join("in.txt"), "hello").unwrap();
    let grant = |read_only| {
        let dirs = vec![lang_wasm::GrantedDir { host: data.clone(), guest: "/data".into(), read_only }];
        [(APP.to_owned(), lang_wasm::WasiGrants { dirs, network: false })].into()
    };

    let t = host(Duration::from_secs(10), WasmConfig::default()).await;
    let (status, body) = call(&t.host, "fs").await;
    assert_eq!(status, 200);
    assert!(body.starts_with("denied"), "nothing is granted by default: {body}");

    let t = host(Duration::from_secs(10), WasmConfig { grants: grant(true), ..WasmConfig::default() }).await;
    assert_eq!(call(&t.host, "fs").await, (200, "hello false".into()), "read-only: reads, cannot write");
    assert!(!data.join("out.txt").exists());

    let t = host(Duration::from_secs(10), WasmConfig { grants: grant(false), ..WasmConfig::default() }).await;
    assert_eq!(call(&t.host, "fs").await, (200, "hello true".into()));
    assert_eq!(std::fs::read_to_string(data.join("out.txt")).unwrap(), "written");

    // Another app gets nothing from this app's grant.
    let other = WasmConfig {
        grants: [("someone-else".to_owned(), grant(false).remove(APP).unwrap())].into(),
        ..WasmConfig::default()
    };
    let t = host(Duration::from_secs(10), other).await;
    assert!(call(&t.host, "fs").await.1.starts_with("denied"));

    let missing = lang_wasm::GrantedDir { host: data.join("nope"), guest: "/x".into(), read_only: true };
    let config = WasmConfig {
        grants: [(APP.to_owned(), lang_wasm::WasiGrants { dirs: vec![missing], network: false })].into(),
        ..WasmConfig::default()
    };
    let err = WasmLanguage::with_config(config).err().expect("a missing directory is refused").to_string();
    assert!(err.contains("nope") && err.contains("not a directory"), "{err}");
    let _ = std::fs::remove_dir_all(&data);
}

/// The app's function log so far, one line each.
fn app_log(h: &Host, app: &str) -> String {
    let lines = h.app(app).unwrap().logs().query(&laf_host::app::logs::LogQuery::default());
    lines.into_iter().map(|l| l.message).collect::<Vec<_>>().join("\n")
}

// Every address these tests let a guest try is on loopback, except 169.254.169.254, which the
// check refuses before wasmtime-wasi makes the syscall (lang-wasm's unit tests, `state::tests`).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_network_grant_reaches_only_what_the_apps_policy_allows() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let tcp = listener.local_addr().unwrap();
    let udp = tokio::net::UdpSocket::bind("127.0.0.1:0").await.unwrap();
    let udp_addr = udp.local_addr().unwrap();
    let network = || WasmConfig {
        grants: [(APP.to_owned(), lang_wasm::WasiGrants { dirs: vec![], network: true })].into(),
        ..WasmConfig::default()
    };

    // Without the grant, nothing.
    let t = host(Duration::from_secs(10), WasmConfig::default()).await;
    let (_, body) = call(&t.host, &format!("connect&addr={tcp}")).await;
    assert!(body.starts_with("denied"), "{body}");

    // With it, the default policy: this machine and the metadata service are refused, and the
    // app's log says why.
    let t = host(Duration::from_secs(10), network()).await;
    for addr in [tcp.to_string(), format!("localhost:{}", tcp.port()), "169.254.169.254:80".into()] {
        let (status, body) = call(&t.host, &format!("connect&addr={addr}")).await;
        assert_eq!(status, 200);
        assert!(body.starts_with(&format!("denied {addr}: PermissionDenied")), "{body}");
    }
    let (_, body) = call(&t.host, &format!("udp&addr={udp_addr}")).await;
    assert!(body.starts_with("denied"), "{body}");
    let (_, body) = call(&t.host, "listen").await;
    assert!(body.starts_with("denied"), "a function may not serve on the host's ports: {body}");
    let log = app_log(&t.host, APP);
    for refused in [tcp.to_string(), "169.254.169.254:80".into(), udp_addr.to_string()] {
        assert!(log.contains(&format!("connection to {refused} refused by the app's network policy")), "{log}");
    }
    assert!(log.contains("--allow-net"), "{log}");
    assert!(tokio::time::timeout(Duration::from_millis(200), listener.accept()).await.is_err(), "reached");
    let mut buf = [0u8; 16];
    assert!(tokio::time::timeout(Duration::from_millis(100), udp.recv_from(&mut buf)).await.is_err(), "reached");

    // An exception for the app allows that address and port.
    let rules = [tcp.to_string(), udp_addr.to_string()];
    let t = host_allowing(Duration::from_secs(10), network(), &[&rules[0], &rules[1]]).await;
    let accept = tokio::spawn(async move { listener.accept().await.map(|_| ()) });
    assert_eq!(call(&t.host, &format!("connect&addr={tcp}")).await.1, format!("connected {tcp}"));
    accept.await.unwrap().unwrap();
    assert_eq!(call(&t.host, &format!("udp&addr={udp_addr}")).await.1, format!("sent {udp_addr}"));
    let (n, _) = udp.recv_from(&mut buf).await.unwrap();
    assert_eq!(&buf[..n], b"probe");
}

// Two apps, each granted its own directory: neither reads the other's, by its host path or by
// climbing out of its own.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_app_cannot_read_another_apps_granted_directory() {
    let (x, y) = (fresh_dir("grant-x"), fresh_dir("grant-y"));
    std::fs::create_dir_all(&x).unwrap();
    std::fs::create_dir_all(&y).unwrap();
    std::fs::write(x.join("secret.txt"), "x's secret").unwrap();
    std::fs::write(y.join("mine.txt"), "y's own").unwrap();
    let grant = |dir: &PathBuf| lang_wasm::WasiGrants {
        dirs: vec![lang_wasm::GrantedDir { host: dir.clone(), guest: "/data".into(), read_only: true }],
        network: false,
    };
    let config = WasmConfig {
        grants: [("app-a".to_owned(), grant(&x)), ("app-b".to_owned(), grant(&y))].into(),
        ..WasmConfig::default()
    };
    let host = Host::builder().language(WasmLanguage::with_config(config).unwrap()).workers(1).build().unwrap();
    for app in ["app-a", "app-b"] {
        host.create_app(app, None).unwrap();
        host.publish(app, FunctionSource::binary("probe", "probe.wasm", probe())).await.unwrap();
    }
    let read = |app: &'static str, path: String| {
        let host = host.clone();
        async move {
            let req = Request::get(format!("/probe?case=read&path={path}")).body(Bytes::new()).unwrap();
            let r = host.invoke(app, "probe", req).await.unwrap();
            String::from_utf8_lossy(&r.collect_body().await).into_owned()
        }
    };
    assert_eq!(read("app-a", "/data/secret.txt".into()).await, "read /data/secret.txt: x's secret");
    assert_eq!(read("app-b", "/data/mine.txt".into()).await, "read /data/mine.txt: y's own");
    let x_name = x.file_name().unwrap().to_str().unwrap();
    for path in [
        "/data/secret.txt".to_owned(),
        x.join("secret.txt").display().to_string(),
        format!("/data/../{x_name}/secret.txt"),
        format!("/data/../../../../..{}/secret.txt", x.display()),
        format!("../{x_name}/secret.txt"),
    ] {
        let got = read("app-b", path.clone()).await;
        assert!(got.starts_with(&format!("denied {path}:")), "app-b read {path}: {got}");
    }
    let _ = std::fs::remove_dir_all(&x);
    let _ = std::fs::remove_dir_all(&y);
}

/// The WebAssembly language's gauge `name`, read through the host's registered languages.
fn wasm_gauge(h: &Host, name: &str) -> f64 {
    let language = h.languages().iter().find(|l| l.id() == "wasm").expect("wasm is registered");
    gauge(language.as_ref(), name)
}

// Removing an app drops its functions' idle instances at once, even while something (a call in
// flight) still holds one of its functions, and no instance is kept for it afterwards.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_removed_apps_instances_are_dropped() {
    let t = host(Duration::from_secs(10), WasmConfig::default()).await;
    assert_eq!(call(&t.host, "count").await.1, "1");
    assert_eq!(wasm_gauge(&t.host, "idle_instances"), 1.0, "the instance is kept for the next call");
    let app = t.host.app(APP).unwrap();
    let held = app.function("probe").unwrap();
    assert!(t.host.remove_app(APP));
    assert_eq!(wasm_gauge(&t.host, "idle_instances"), 0.0, "dropped with the app");
    let ctx = laf_host::FunctionContext::internal(app.clone(), "probe", http::Method::GET, laf_host::Origin::Http);
    let status = held.loaded.invoke(ctx).await.map(|r| r.status.as_u16());
    assert!(matches!(status, Ok(s) if s < 500), "a call in flight finishes: {status:?}");
    assert_eq!(wasm_gauge(&t.host, "idle_instances"), 0.0, "and its instance is not kept");
}
