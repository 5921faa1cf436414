//! Fresh backends for a case: an S3 server of its own, or a local store of its own with a host
//! serving its presigned URLs. Every case gets its own, so cases run in parallel freely.

use std::future::Future;
use std::path::PathBuf;
use std::sync::Arc;

use laf_host::bindings::storage::{S3Config, S3Storage, Storage, StorageBackend};
use laf_host::clock::ManualClock;

use crate::s3_server;

/// A directory removed on drop.
struct TempDir(PathBuf);

impl TempDir {
    fn new(kind: &str) -> TempDir {
        let path = std::env::temp_dir().join(format!("laf-storage-{kind}-{}", uuid::Uuid::new_v4().simple()));
        std::fs::create_dir_all(&path).expect("create a temporary directory");
        TempDir(path)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// What a case runs on.
pub struct Env {
    /// The backend, shared by every app.
    pub backend: Arc<dyn StorageBackend>,
    /// The backend's clock, reading the time the case started until the case sets it: the
    /// backend dates presigned URLs by it (and the local backend expires them by it).
    pub clock: Arc<ManualClock>,
    _dir: TempDir,
}

impl Env {
    /// App `id`'s handle on the backend.
    pub fn app(&self, id: &str) -> Storage {
        Storage::new(id, self.backend.clone())
    }
}

/// A test S3 server of its own: its address, and the directory it stores in (removed on drop).
pub async fn s3_server() -> (std::net::SocketAddr, impl Drop) {
    let dir = TempDir::new("s3");
    (s3_server::start(&dir.0).await, dir)
}

/// The backend configuration for the test server at `addr`.
pub fn s3_config(addr: std::net::SocketAddr, public_endpoint: Option<String>) -> S3Config {
    S3Config {
        endpoint: Some(format!("http://{addr}")),
        region: "us-east-1".into(),
        access_key: s3_server::ACCESS_KEY.into(),
        secret_key: s3_server::SECRET_KEY.into(),
        path_style: true,
        public_endpoint,
    }
}

/// Runs `case` on an S3 backend talking to a fresh in-process S3 server.
pub async fn s3<F, Fut>(case: F)
where
    F: FnOnce(Env) -> Fut,
    Fut: Future<Output = ()>,
{
    let dir = TempDir::new("s3");
    let addr = s3_server::start(&dir.0).await;
    let clock = Arc::new(ManualClock::new(std::time::SystemTime::now()));
    let backend = S3Storage::new(s3_config(addr, None)).expect("configure the S3 backend").with_clock(clock.clone());
    case(Env { backend: Arc::new(backend), clock, _dir: dir }).await
}

/// Runs `case` on a fresh local backend whose presigned URLs a host serves on a loopback port.
pub async fn local<F, Fut>(case: F)
where
    F: FnOnce(Env) -> Fut,
    Fut: Future<Output = ()>,
{
    use laf_host::Host;
    use laf_host::bindings::storage::LocalStorage;

    let dir = TempDir::new("local");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind the host");
    let addr = listener.local_addr().expect("the host's address");
    let clock = Arc::new(ManualClock::new(std::time::SystemTime::now()));
    let local = LocalStorage::open(&dir.0, &format!("http://{addr}")).expect("open the local store");
    let backend: Arc<dyn StorageBackend> = Arc::new(local.with_clock(clock.clone()));
    let host = Host::builder().storage(backend.clone()).build().expect("build the host");
    // The host serves a bucket only on its app's origin, and the URLs point at the bare
    // loopback address: the cases' app `app` is the default app that address resolves to.
    host.create_app("app", None).expect("create app `app`");
    host.set_default_app("app").expect("make `app` the default app");
    let router = host.router();
    tokio::spawn(async move { axum::serve(listener, router).await });
    case(Env { backend, clock, _dir: dir }).await
}
