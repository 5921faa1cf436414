//! End-to-end tests of Python functions: sources published on a host with the embedded database
//! and local storage, run by real worker processes (this crate's `laf-python-worker`).

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};

use bytes::Bytes;
use http::Request;
use laf_host::bindings::database::embedded::EmbeddedProvider;
use laf_host::bindings::storage::BucketPolicy;
use laf_host::bindings::storage::local::LocalStorage;
use laf_host::{AppConfig, FunctionSource, Host, HostError, LoadError, PublishError};
use lang_python::{PythonConfig, PythonLanguage, WorkerCommand};
use serde_json::{Value, json};

#[path = "../../tests/support/eventually.rs"]
mod eventually;
#[path = "../../tests/support/gauge.rs"]
mod gauge;
#[path = "../../tests/support/wheel.rs"]
mod wheel;

use eventually::eventually;
use gauge::gauge;

const APP: &str = "py-test";

struct TestHost {
    host: Host,
    python: PythonLanguage,
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
    let dir = std::env::temp_dir().join(format!("lafpy-{tag}-{}-{n}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

fn config(dir: &std::path::Path) -> PythonConfig {
    PythonConfig {
        command: WorkerCommand::program(env!("CARGO_BIN_EXE_laf-python-worker")),
        site_root: Some(dir.join("python")),
        memory_limit: 256 << 20,
        ..PythonConfig::default()
    }
}

async fn host_with(timeout: Duration, tweak: impl FnOnce(&mut PythonConfig)) -> TestHost {
    let dir = fresh_dir("host");
    let provider = EmbeddedProvider::open(dir.join("db")).unwrap();
    let storage = LocalStorage::open(&dir.join("storage"), "http://127.0.0.1:1").unwrap();
    let mut cfg = config(&dir);
    tweak(&mut cfg);
    let python = PythonLanguage::with_config(cfg).unwrap();
    let host = Host::builder()
        .language(python.clone())
        .database(Arc::new(provider))
        .storage(Arc::new(storage))
        .workers(1)
        .build()
        .unwrap();
    let app = host.create_app(APP, Some(AppConfig { timeout, ..AppConfig::default() })).unwrap();
    let storage = app.bindings().storage().unwrap().clone();
    storage.create_bucket("files", BucketPolicy::Private).await.unwrap();
    TestHost { host, python, dir }
}

async fn host() -> TestHost {
    host_with(Duration::from_secs(10), |_| {}).await
}

async fn publish(h: &Host, name: &str, code: &str) {
    h.publish(APP, FunctionSource::new(name, format!("{name}.py"), code))
        .await
        .unwrap_or_else(|e| panic!("{name}: {e}"));
}

struct Answer {
    status: u16,
    headers: http::HeaderMap,
    body: Bytes,
}

impl Answer {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text()))
    }
}

async fn send(h: &Host, name: &str, req: Request<Bytes>) -> Answer {
    let r = h.invoke(APP, name, req).await.unwrap();
    let (status, headers) = (r.status.as_u16(), r.headers.clone());
    Answer { status, headers, body: r.collect_body().await }
}

async fn get(h: &Host, path: &str) -> Answer {
    let name = path.trim_start_matches('/').split('?').next().unwrap().to_owned();
    send(h, &name, Request::get(path).body(Bytes::new()).unwrap()).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_function_sees_its_request_and_its_result_is_mapped_as_laf_does() {
    let t = host().await;
    publish(
        &t.host,
        "echo",
        r#"
def main(ctx):
    ctx.response.set_header("x-seen", ctx.headers.get("x-test", "-"))
    return {"method": ctx.method, "query": ctx.query, "body": ctx.body, "id": ctx.request_id,
            "fn": ctx.function_name, "user": ctx.user}
"#,
    )
    .await;
    let req = Request::post("/echo?a=1&a=2&b=x%20y")
        .header("X-Test", "yes")
        .header("x-request-id", "rid-7")
        .header("content-type", "application/json")
        .body(Bytes::from_static(br#"{"n": 3, "s": "\u00e9"}"#))
        .unwrap();
    let r = send(&t.host, "echo", req).await;
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.headers["content-type"], "application/json; charset=utf-8");
    assert_eq!(r.headers["x-seen"], "yes", "header names reach Python lowercased");
    assert_eq!(
        r.json(),
        json!({"method": "POST", "query": {"a": ["1", "2"], "b": "x y"}, "body": {"n": 3, "s": "é"},
               "id": "rid-7", "fn": "echo", "user": null})
    );

    publish(
        &t.host,
        "kinds",
        r#"
import asyncio

async def main(ctx):
    await asyncio.sleep(0)
    kind = ctx.query.get("k")
    if kind == "str":
        return "<b>hi</b>"
    if kind == "bytes":
        return b"\x00\x01"
    if kind == "int":
        return 42
    if kind == "float":
        return 2.5
    if kind == "status":
        ctx.response.status(201).set_header("x-a", "b")
        return [1, "two"]
    if kind == "write":
        ctx.response.write("part1,")
        ctx.response.end("part2")
        return "ignored"
    if kind == "form":
        return ctx.body
    if kind == "wait":
        await asyncio.sleep(0.05)
        return {"in_task": asyncio.current_task() is not None}
    return None
"#,
    )
    .await;
    let r = get(&t.host, "/kinds?k=str").await;
    assert_eq!(
        (r.status, r.headers["content-type"].to_str().unwrap(), r.text().as_str()),
        (200, "text/html; charset=utf-8", "<b>hi</b>")
    );
    let r = get(&t.host, "/kinds?k=bytes").await;
    assert_eq!(
        (r.headers["content-type"].to_str().unwrap(), r.body.as_ref()),
        ("application/octet-stream", &[0u8, 1][..])
    );
    assert_eq!(get(&t.host, "/kinds?k=int").await.text(), "42");
    assert_eq!(get(&t.host, "/kinds?k=float").await.text(), "2.5");
    let r = get(&t.host, "/kinds?k=status").await;
    assert_eq!((r.status, r.headers["x-a"].to_str().unwrap()), (201, "b"));
    assert_eq!(r.json(), json!([1, "two"]));
    assert_eq!(get(&t.host, "/kinds?k=write").await.text(), "part1,part2");
    assert_eq!(
        get(&t.host, "/kinds?k=wait").await.json(),
        json!({"in_task": true}),
        "a handler that waits runs as a task"
    );
    publish(&t.host, "eager", "import asyncio\nasync def main(ctx):\n    return asyncio.current_task() is not None\n")
        .await;
    assert_eq!(get(&t.host, "/eager").await.text(), "true", "also when it never waits");
    let r = get(&t.host, "/kinds").await;
    assert_eq!((r.status, r.body.len()), (200, 0));
    // A query name BSON cannot carry (NUL) does not fail the call.
    assert_eq!(get(&t.host, "/echo?a%00b=1").await.json()["query"], json!({"a\u{fffd}b": "1"}));
    let form = Request::post("/kinds?k=form")
        .header("content-type", "application/x-www-form-urlencoded")
        .body(Bytes::from_static(b"x=1&y=hello+world"))
        .unwrap();
    assert_eq!(send(&t.host, "kinds", form).await.json(), json!({"x": "1", "y": "hello world"}));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_sources_are_refused_by_line_and_the_previous_version_keeps_serving() {
    let t = host().await;
    publish(&t.host, "f", "def main(ctx):\n    return 'v1'\n").await;
    let err = t.host.publish(APP, FunctionSource::new("f", "f.py", "def main(ctx):\n    return (\n\nx = 1\n")).await;
    match err {
        Err(HostError::Publish(PublishError::Load(LoadError::Compile { file, line, message, .. }))) => {
            assert_eq!(file, "f.py");
            assert!(line >= 2, "line {line}: {message}");
        }
        other => panic!("expected a compile error, got {:?}", other.map(|f| f.version)),
    }
    let err = t.host.publish(APP, FunctionSource::new("f", "f.py", "def handler(ctx):\n    return 1\n")).await;
    let Err(err) = err else { panic!("a module without main is refused") };
    let message = err.to_string();
    assert!(message.contains("no main function"), "{message}");
    assert_eq!(get(&t.host, "/f").await.text(), "v1");

    // An exception is a 500 that says nothing of the code, and the worker keeps serving.
    publish(&t.host, "boom", "def main(ctx):\n    raise ValueError('secret detail')\n").await;
    let r = get(&t.host, "/boom").await;
    assert_eq!(r.status, 500);
    assert!(!r.text().contains("secret"), "{}", r.text());
    assert_eq!(get(&t.host, "/f").await.text(), "v1");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_database_speaks_pymongo() {
    let t = host().await;
    publish(
        &t.host,
        "todo",
        r#"
from laf import cloud, ObjectId, LafError, ReturnDocument
import datetime

def main(ctx):
    todos = cloud.mongo.db["todos"]
    doc = {"title": "write tests", "done": False, "at": datetime.datetime(2026, 11, 26, 12, 0, tzinfo=datetime.timezone.utc)}
    r = todos.insert_one(doc)
    assert doc["_id"] == r.inserted_id and isinstance(r.inserted_id, ObjectId)
    todos.insert_many([{"title": "b", "done": True, "n": 2}, {"title": "c", "done": False, "n": 3}])
    found = todos.find_one({"_id": r.inserted_id})
    # As pymongo: dates come back naive, in UTC.
    assert found["at"] == doc["at"].replace(tzinfo=None) and found["at"].tzinfo is None, (found["at"], doc["at"])
    try:
        todos.delete_many(None)
        unfiltered = "deleted"
    except TypeError:
        unfiltered = "refused"
    assert unfiltered == "refused"
    assert next(todos.find({"title": "write tests"}))["title"] == "write tests"
    assert todos.find_one(r.inserted_id)["title"] == "write tests"
    u = todos.update_one({"title": "b"}, {"$set": {"done": False}})
    titles = [d["title"] for d in todos.find({"done": False}, {"title": 1}).sort("title", -1).limit(2)]
    after = todos.find_one_and_update({"title": "c"}, {"$inc": {"n": 1}}, return_document=ReturnDocument.AFTER)
    todos.create_index("title", unique=True)
    try:
        todos.insert_one({"title": "c"})
        dup = None
    except LafError as e:
        dup = e.code
    agg = list(todos.aggregate([{"$match": {"n": {"$exists": True}}}, {"$group": {"_id": None, "total": {"$sum": "$n"}}}]))
    deleted = todos.delete_many({"done": False}).deleted_count
    return {"id": str(r.inserted_id), "matched": u.matched_count, "modified": u.modified_count, "titles": titles,
            "after": after["n"], "dup": dup, "total": agg[0]["total"], "deleted": deleted,
            "left": todos.count_documents({}), "collections": cloud.mongo.db.list_collection_names()}
"#,
    )
    .await;
    let r = get(&t.host, "/todo").await;
    assert_eq!(r.status, 200, "{}", r.text());
    let v = r.json();
    assert_eq!(v["id"].as_str().unwrap().len(), 24);
    assert_eq!(
        v,
        json!({"id": v["id"], "matched": 1, "modified": 1, "titles": ["write tests", "c"], "after": 4,
               "dup": "DuplicateKey", "total": 6, "deleted": 3, "left": 0, "collections": ["todos"]})
    );
    // The document really is in the app's database, seen from the host.
    let db = t.host.app(APP).unwrap().bindings().database().unwrap().clone();
    assert_eq!(db.count("todos", Default::default()).await.unwrap(), 0);
    db.insert_one("todos", bson::doc! {"title": "from host"}).await.unwrap();
    publish(
        &t.host,
        "first",
        "from laf import cloud\ndef main(ctx):\n    return cloud.mongo.db.todos.find_one({}, {'_id': 0})\n",
    )
    .await;
    assert_eq!(get(&t.host, "/first").await.json(), json!({"title": "from host"}));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn storage_shared_env_and_appid() {
    let t = host().await;
    let app = t.host.app(APP).unwrap();
    app.set_env([("GREETING".to_owned(), "hej".to_owned())].into());
    publish(
        &t.host,
        "files",
        r#"
from laf import cloud, LafError

def main(ctx):
    b = cloud.storage.bucket("files")
    etag = b.write_file("notes/a.txt", "hello", content_type="text/plain")["etag"]
    b.write_file("notes/b.bin", b"\x00\xff")
    data = b.read_file("notes/a.txt")
    page = b.list_files(prefix="notes/")
    url = b.get_download_url("notes/a.txt", expires_in=60)
    b.delete_file("notes/b.bin")
    try:
        b.read_file("notes/b.bin")
        missing = None
    except LafError as e:
        missing = e.code
    try:
        cloud.storage.bucket("other-files").read_file("x")
        foreign = None
    except LafError as e:
        foreign = e.code
    cloud.shared.set("visits", cloud.shared.get("visits", 0) + 1)
    return {"etag": etag, "data": data.decode(), "keys": [o["Key"] for o in page["Contents"]],
            "url": "/_/storage/" in url, "missing": missing, "foreign": foreign,
            "visits": cloud.shared["visits"], "env": cloud.env.get("GREETING"), "app": cloud.appid}
"#,
    )
    .await;
    let v = get(&t.host, "/files").await.json();
    assert_eq!(
        v,
        json!({"etag": v["etag"], "data": "hello", "keys": ["notes/a.txt", "notes/b.bin"], "url": true,
               "missing": "NoSuchKey", "foreign": "AccessDenied", "visits": 1, "env": "hej", "app": APP})
    );
    assert!(v["etag"].as_str().unwrap().len() > 8);
    // The shared store is the app's, seen by the host (and so by every language).
    assert_eq!(app.bindings().shared.get("visits").as_deref(), Some("1"));
    // Changed env reaches the workers without a restart, and an unset really goes.
    app.set_env(Default::default());
    let v = get(&t.host, "/files").await.json();
    assert_eq!((v["env"].clone(), v["visits"].clone()), (Value::Null, json!(2)));
    let object = app.bindings().storage().unwrap().get_object("files", "notes/a.txt", None).await.unwrap();
    assert_eq!(object.meta.content_type.as_deref(), Some("text/plain"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn functions_import_each_other_and_see_republished_versions() {
    let t = host_with(Duration::from_secs(10), |c| c.workers_per_app = 1).await;
    publish(&t.host, "utils", "def greet(name):\n    return 'hello ' + name\n\ndef main(ctx):\n    return 'utils'\n")
        .await;
    publish(&t.host, "api/user", "NAME = 'ada'\ndef main(ctx):\n    return NAME\n").await;
    publish(
        &t.host,
        "caller",
        r#"
from functions.utils import greet
import functions.api.user as user

count = 0

def main(ctx):
    global count
    count += 1
    return {"greeting": greet(user.NAME), "count": count}
"#,
    )
    .await;
    // Served directly first: a module run as an entry and then imported must still be reloaded.
    assert_eq!(get(&t.host, "/utils").await.text(), "utils");
    assert_eq!(get(&t.host, "/caller").await.json(), json!({"greeting": "hello ada", "count": 1}));
    assert_eq!(get(&t.host, "/caller").await.json()["count"], 2, "module state stays warm between calls");
    publish(&t.host, "utils", "def greet(name):\n    return 'hi ' + name\n\ndef main(ctx):\n    return 'utils'\n")
        .await;
    assert_eq!(get(&t.host, "/caller").await.json()["greeting"], "hi ada", "a republished import is reloaded");

    publish(&t.host, "missing", "import functions.nothere\ndef main(ctx):\n    return 1\n").await;
    let r = get(&t.host, "/missing").await;
    assert_eq!(r.status, 500);
    assert_eq!(get(&t.host, "/caller").await.status, 200);
}

/// A busy loop that first says (in the shared store) that it runs.
const SPIN: &str =
    "from laf import cloud\ndef main(ctx):\n    cloud.shared.set('spin', True)\n    while True:\n        pass\n";

/// Waits until [`SPIN`] runs.
async fn spinning(t: &TestHost) {
    let app = t.host.app(APP).unwrap();
    eventually("the busy loop to start", || async { app.bindings().shared.get("spin").map(drop) }).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_busy_loop_is_stopped_at_the_timeout_while_other_calls_are_served() {
    let t = host_with(Duration::from_secs(3), |c| c.workers_per_app = 2).await;
    publish(&t.host, "spin", SPIN).await;
    publish(&t.host, "hello", "def main(ctx):\n    return 'hello'\n").await;
    let (starts_before, _) = t.python.worker_starts();
    let h = t.host.clone();
    let started = Instant::now();
    let spin = tokio::spawn(async move { get(&h, "/spin").await });
    spinning(&t).await;
    // The other worker answers while the first spins.
    for _ in 0..5 {
        let r = get(&t.host, "/hello").await;
        assert_eq!((r.status, r.text().as_str()), (200, "hello"));
    }
    assert!(!spin.is_finished(), "hello waited for the spinning call");
    let r = spin.await.unwrap();
    let took = started.elapsed();
    assert_eq!(r.status, 504, "{}", r.text());
    assert!(took >= Duration::from_millis(2900) && took < Duration::from_secs(10), "stopped after {took:?}");
    // The killed worker is replaced.
    eventually("a replacement worker to start", || async {
        (t.python.worker_starts().0 > starts_before).then_some(())
    })
    .await;
    let (_, took) = t.python.worker_starts();
    eprintln!("replacement worker ready in {took:?}");
    for _ in 0..4 {
        assert_eq!(get(&t.host, "/hello").await.status, 200);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_memory_bomb_is_stopped_and_the_worker_replaced() {
    let t = host_with(Duration::from_secs(20), |c| c.workers_per_app = 1).await;
    publish(
        &t.host,
        "bomb",
        "def main(ctx):\n    hog = []\n    while True:\n        hog.append(bytearray(16 << 20))\n",
    )
    .await;
    publish(&t.host, "big", "def main(ctx):\n    return len(b'x' * (1 << 30))\n").await;
    publish(&t.host, "hello", "def main(ctx):\n    return 'still here'\n").await;
    for name in ["bomb", "big"] {
        let r = get(&t.host, &format!("/{name}")).await;
        assert_eq!(r.status, 500, "{name}: {}", r.text());
        assert!(r.text().contains("memory limit"), "{name}: {}", r.text());
        assert_eq!(get(&t.host, "/hello").await.text(), "still here", "after {name}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_crashing_worker_is_contained_and_replaced() {
    let t = host_with(Duration::from_secs(10), |c| c.workers_per_app = 1).await;
    publish(&t.host, "segv", "import ctypes\ndef main(ctx):\n    ctypes.memmove(0, b'crash', 5)\n").await;
    publish(&t.host, "exit", "import os\ndef main(ctx):\n    os._exit(3)\n").await;
    publish(&t.host, "pid", "import os\ndef main(ctx):\n    return os.getpid()\n").await;
    let first: u32 = get(&t.host, "/pid").await.text().parse().unwrap();
    for name in ["segv", "exit"] {
        let r = get(&t.host, &format!("/{name}")).await;
        assert_eq!(r.status, 500, "{name}");
        assert!(r.text().contains("crashed"), "{name}: {}", r.text());
        let r = get(&t.host, "/pid").await;
        assert_eq!(r.status, 200, "{name}: the next call is served by a new worker: {}", r.text());
    }
    let last: u32 = get(&t.host, "/pid").await.text().parse().unwrap();
    assert_ne!(first, last, "the crashed worker was replaced");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn apps_never_share_an_interpreter_and_workers_get_no_host_secrets() {
    let t = host().await;
    t.host.create_app("py-other", None).unwrap();
    publish(
        &t.host,
        "mark",
        "import sys, os\ndef main(ctx):\n    sys.laf_mark = 'mine'\n    return sorted(os.environ)\n",
    )
    .await;
    t.host
        .publish(
            "py-other",
            FunctionSource::new(
                "peek",
                "peek.py",
                "import sys\ndef main(ctx):\n    return str(getattr(sys, 'laf_mark', None))\n",
            ),
        )
        .await
        .unwrap();
    // SAFETY: set before any worker of this test reads it; the worker environment is built anew.
    unsafe { std::env::set_var("LAF_TEST_HOST_SECRET", "s3cr3t") };
    let env = get(&t.host, "/mark").await.json();
    assert!(!env.to_string().contains("LAF_TEST_HOST_SECRET"), "{env}");
    let r = t.host.invoke("py-other", "peek", Request::get("/peek").body(Bytes::new()).unwrap()).await.unwrap();
    assert_eq!(r.collect_body().await.as_ref(), b"None");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_landlock_only_one_app_runs_python_unless_unsandboxed() {
    let source = |app: &str| FunctionSource::new(app, format!("{app}.py"), "def main(ctx):\n    return 'hi'\n");
    let t = host_with(Duration::from_secs(10), |c| c.sandbox.landlock = false).await;
    assert!(!t.python.isolates_apps());
    assert!(t.python.sandbox_summary().contains("only one app"), "{}", t.python.sandbox_summary());
    publish(&t.host, "first", "def main(ctx):\n    return 'hi'\n").await;
    t.host.create_app("py-second", None).unwrap();
    let e = t.host.publish("py-second", source("second")).await.unwrap_err().to_string();
    assert!(e.contains("cannot be kept apart") && e.contains("--python-unsandboxed"), "{e}");
    // The first app keeps serving.
    assert_eq!(get(&t.host, "/first").await.status, 200);

    let t = host_with(Duration::from_secs(10), |c| c.sandbox.enabled = false).await;
    assert!(t.python.sandbox_summary().contains("NOT sandboxed"));
    publish(&t.host, "first", "def main(ctx):\n    return 'hi'\n").await;
    t.host.create_app("py-second", None).unwrap();
    t.host.publish("py-second", source("second")).await.expect("unsandboxed, a second app may run Python");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn requirements_are_installed_per_app_without_a_restart() {
    let t = host().await;
    publish(&t.host, "shout", "def main(ctx):\n    import lafdemo\n    return lafdemo.shout('hey')\n").await;
    assert_eq!(get(&t.host, "/shout").await.status, 500, "not installed yet");
    let wheels = t.dir.join("wheels");
    wheel::write_wheel(&wheels);
    let requirements = wheel::requirements(&wheels);
    let out = t.python.install_requirements(APP, &requirements).await.unwrap();
    assert!(out.contains("lafdemo"), "{out}");
    assert_eq!(get(&t.host, "/shout").await.text(), "HEY!");
    // The same requirements again: nothing to do.
    assert_eq!(t.python.install_requirements(APP, &requirements).await.unwrap(), "");
    // A failing install says why and leaves the installed packages in place.
    let err = t.python.install_requirements(APP, "--no-index\nno-such-package-laf==9\n").await.unwrap_err();
    assert!(err.to_string().contains("no-such-package-laf"), "{err}");
    assert_eq!(get(&t.host, "/shout").await.text(), "HEY!");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn calls_arriving_with_a_busy_loop_are_not_queued_behind_it() {
    let t = host_with(Duration::from_secs(3), |c| c.workers_per_app = 2).await;
    publish(&t.host, "spin", SPIN).await;
    publish(&t.host, "hello", "def main(ctx):\n    return 'hello'\n").await;
    // Quick calls are batched on a worker; a function never seen (or slow) ends its batch.
    for _ in 0..4 {
        assert_eq!(get(&t.host, "/hello").await.status, 200);
    }
    let hello = |h: Host| {
        tokio::spawn(async move {
            let r = get(&h, "/hello").await;
            if r.status != 200 {
                eprintln!("hello answered {}: {}", r.status, r.text());
            }
            (r.status, Instant::now())
        })
    };
    let spin = tokio::spawn({
        let h = t.host.clone();
        async move { (get(&h, "/spin").await.status, Instant::now()) }
    });
    // Three calls arrive with the loop (queued, maybe batched, with it), three once it runs.
    let mut hellos: Vec<_> = (0..3).map(|_| hello(t.host.clone())).collect();
    spinning(&t).await;
    hellos.extend((0..3).map(|_| hello(t.host.clone())));
    let mut answers = Vec::new();
    for c in hellos {
        answers.push(c.await.unwrap());
    }
    let (status, stopped) = spin.await.unwrap();
    assert_eq!(status, 504);
    for (status, at) in answers {
        assert_eq!(status, 200);
        assert!(at < stopped, "a hello was answered only after the loop was stopped");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_caller_going_away_does_not_cost_the_worker() {
    let t = host_with(Duration::from_secs(10), |c| c.workers_per_app = 1).await;
    let slow = "from laf import cloud\nimport time\ndef main(ctx):\n    cloud.shared.set('slow', True)\n    time.sleep(0.3)\n    return 'done'\n";
    publish(&t.host, "slow", slow).await;
    publish(&t.host, "pid", "import os\ndef main(ctx):\n    return os.getpid()\n").await;
    let first = get(&t.host, "/pid").await.text();
    let (starts, _) = t.python.worker_starts();
    let h = t.host.clone();
    let call = tokio::spawn(async move { get(&h, "/slow").await });
    let app = t.host.app(APP).unwrap();
    eventually("the slow call to start", || async { app.bindings().shared.get("slow").map(drop) }).await;
    call.abort();
    // The call finishes on its worker, which then serves the next call: same process, none started.
    assert_eq!(get(&t.host, "/pid").await.text(), first);
    assert_eq!(t.python.worker_starts().0, starts);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn batched_calls_each_get_their_own_binding_replies() {
    let t = host_with(Duration::from_secs(10), |c| {
        c.workers_per_app = 1;
        // Debug builds are slow: count every call as quick, so calls queue up in batches.
        c.batch_below = Duration::from_secs(5);
    })
    .await;
    publish(
        &t.host,
        "note",
        "from laf import cloud\ndef main(ctx):\n    n = int(ctx.query['n'])\n    cloud.mongo.db.notes.insert_one({'n': n})\n    return {'n': n, 'seen': cloud.mongo.db.notes.find_one({'n': n})['n']}\n",
    )
    .await;
    // Warm: a quick function's calls are batched on the one worker, each with its binding calls.
    assert_eq!(get(&t.host, "/note?n=0").await.json()["seen"], 0);
    let calls: Vec<_> = (1..=40)
        .map(|n| {
            let h = t.host.clone();
            tokio::spawn(async move { (n, get(&h, &format!("/note?n={n}")).await.json()) })
        })
        .collect();
    for c in calls {
        let (n, v) = c.await.unwrap();
        assert_eq!(v, json!({"n": n, "seen": n}));
    }
    let db = t.host.app(APP).unwrap().bindings().database().unwrap().clone();
    assert_eq!(db.count("notes", Default::default()).await.unwrap(), 41);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_answer_forged_by_function_code_is_not_taken() {
    let t = host_with(Duration::from_secs(10), |c| c.workers_per_app = 1).await;
    // Function code can reach the worker's channel; an answer that names no running call (or
    // another one) makes the host drop the worker rather than hand it to a caller.
    publish(
        &t.host,
        "forge",
        "import _laf_native\ndef main(ctx):\n    _laf_native.send({'t': 'done', 'status': 200, 'headers': [], 'body': b'forged', 'seq': 0})\n    return 'real'\n",
    )
    .await;
    publish(&t.host, "hello", "def main(ctx):\n    return 'hello'\n").await;
    let r = get(&t.host, "/forge").await;
    assert_eq!(r.status, 500, "{}", r.text());
    assert!(!r.text().contains("forged"));
    assert_eq!(get(&t.host, "/hello").await.text(), "hello");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tokens_are_signed_with_the_apps_secret_and_checked() {
    let t = host().await;
    publish(
        &t.host,
        "tokens",
        r#"
import time
from laf import cloud, LafError

def main(ctx):
    try:
        cloud.get_token({"uid": "u1"})
        missing = None
    except LafError as e:
        missing = e.code
    return {"missing": missing}
"#,
    )
    .await;
    assert_eq!(get(&t.host, "/tokens").await.json(), json!({"missing": "NoSecret"}));
    let app = t.host.app(APP).unwrap();
    app.set_env([("SERVER_SECRET".to_owned(), "s3cret".to_owned())].into());
    publish(
        &t.host,
        "tokens",
        r#"
import time
from laf import cloud

def main(ctx):
    token = cloud.get_token({"uid": "u1", "exp": int(time.time()) + 60})
    expired = cloud.get_token({"uid": "u1", "exp": int(time.time()) - 1})
    other = cloud.get_token({"uid": "u2"}, "another")
    return {"token": token, "back": cloud.parse_token(token), "expired": cloud.parse_token(expired),
            "wrong_secret": cloud.parse_token(other), "own_secret": cloud.parse_token(other, "another"),
            "garbage": cloud.parse_token("a.b.c"), "not_str": cloud.parse_token(None)}
"#,
    )
    .await;
    let v = get(&t.host, "/tokens").await.json();
    assert_eq!(v["back"]["uid"], "u1");
    assert_eq!(v["own_secret"], json!({"uid": "u2"}));
    for k in ["expired", "wrong_secret", "garbage", "not_str"] {
        assert_eq!(v[k], Value::Null, "{k}: {v}");
    }
    // Any language (and the host) reads the token with the same secret.
    let claims = laf_host::bindings::token::parse(v["token"].as_str().unwrap(), "s3cret").unwrap();
    assert_eq!(claims["uid"], "u1");
}

// Deleting an app stops its worker processes: every one the app had exits (and is reaped, so no
// zombie is left) within 5 s, and the language no longer counts a pool for it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_deleted_apps_workers_exit() {
    let t = host().await;
    publish(&t.host, "pid", "import os\ndef main(ctx):\n    return {'pid': os.getpid()}\n").await;
    let first = get(&t.host, "/pid").await.json()["pid"].as_u64().unwrap();
    assert!(std::path::Path::new(&format!("/proc/{first}")).exists(), "the worker runs");
    // Both workers of the pool are up before the delete, so the second one's exit is tested too.
    let live = || gauge(&t.python, "workers_idle") + gauge(&t.python, "workers_busy");
    eventually("the pool's second worker", || async { (live() >= 2.0).then_some(()) }).await;
    assert_eq!(gauge(&t.python, "app_pools"), 1.0);
    t.host.delete_app_persisted(APP).await.unwrap();
    let deleted = Instant::now();
    let gone = || !std::path::Path::new(&format!("/proc/{first}")).exists();
    eventually("the app's workers to exit", || async { (gone() && live() == 0.0).then_some(()) }).await;
    // The promise is 5 s; the helper's deadline is longer, so the time is checked on its own.
    assert!(deleted.elapsed() < Duration::from_secs(5), "the workers took {:?} to exit", deleted.elapsed());
    assert_eq!(gauge(&t.python, "app_pools"), 0.0);
}
