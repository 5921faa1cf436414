//! Fresh databases for a case: a temporary embedded store, or uniquely named MongoDB databases
//! that are dropped (with their per-app users) afterwards, even when the case panics.

use std::future::Future;
use std::path::PathBuf;

use laf_host::bindings::database::DatabaseProvider;

use crate::support::Db;

/// A directory removed on drop (the suite needs no more than this from `tempfile`).
struct TempDir(PathBuf);

impl TempDir {
    fn new() -> TempDir {
        let path = std::env::temp_dir().join(format!("laf-db-test-{}", uuid::Uuid::new_v4().simple()));
        std::fs::create_dir_all(&path).expect("create a temporary directory");
        TempDir(path)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

pub mod embedded {
    use super::*;
    use laf_host::bindings::database::embedded::EmbeddedProvider;

    /// Runs `case` on one app of a fresh embedded store.
    pub async fn one<F, Fut>(case: F)
    where
        F: FnOnce(Db) -> Fut,
        Fut: Future<Output = ()>,
    {
        let dir = TempDir::new();
        let provider = EmbeddedProvider::open(&dir.0).expect("open the embedded store");
        case(provider.open("app").expect("open the app database")).await;
    }

    /// Runs `case` on two apps of one fresh embedded store.
    pub async fn two<F, Fut>(case: F)
    where
        F: FnOnce(Db, Db) -> Fut,
        Fut: Future<Output = ()>,
    {
        let dir = TempDir::new();
        let provider = EmbeddedProvider::open(&dir.0).expect("open the embedded store");
        case(provider.open("app1").expect("open app1"), provider.open("app2").expect("open app2")).await;
    }
}

pub mod mongo {
    use super::*;
    use laf_host::bindings::database::doc;
    use laf_host::bindings::database::mongo::MongoProvider;

    const PREFIX: &str = "laftest_";

    fn uri() -> String {
        std::env::var("LAF_TEST_MONGODB_URI").expect("set LAF_TEST_MONGODB_URI to run the MongoDB conformance tests")
    }

    /// A unique app name that still says which test left it behind, within MongoDB's 63 bytes.
    fn app_name(test: &str) -> String {
        let id = uuid::Uuid::new_v4().simple().to_string();
        let test: String = test.chars().take(30).collect();
        format!("{}_{test}", &id[..12])
    }

    async fn run<Fut>(provider: &MongoProvider, apps: &[String], case: Fut)
    where
        Fut: Future<Output = ()> + Send + 'static,
    {
        // Spawned so that a panicking case still gets its databases dropped.
        let outcome = tokio::spawn(case).await;
        let client = ::mongodb::Client::with_uri_str(uri()).await.expect("connect for cleanup");
        for app in apps {
            let db = client.database(&provider.database_name(app));
            let _ = db.run_command(doc! { "dropAllUsersFromDatabase": 1 }).await;
            let _ = db.drop().await;
        }
        if let Err(e) = outcome {
            if e.is_panic() {
                std::panic::resume_unwind(e.into_panic());
            }
            panic!("case did not finish: {e}");
        }
    }

    /// Runs `case` on a fresh, uniquely named app database.
    pub async fn one<F, Fut>(test: &str, case: F)
    where
        F: FnOnce(Db) -> Fut,
        Fut: Future<Output = ()> + Send + 'static,
    {
        let provider = MongoProvider::new(uri()).with_prefix(PREFIX);
        let app = app_name(test);
        let db = provider.open(&app).expect("open the app database");
        run(&provider, &[app], case(db)).await;
    }

    /// Runs `case` on two fresh apps of one provider.
    pub async fn two<F, Fut>(test: &str, case: F)
    where
        F: FnOnce(Db, Db) -> Fut,
        Fut: Future<Output = ()> + Send + 'static,
    {
        let provider = MongoProvider::new(uri()).with_prefix(PREFIX);
        let apps = [app_name(test), app_name(test)];
        let a = provider.open(&apps[0]).expect("open app 1");
        let b = provider.open(&apps[1]).expect("open app 2");
        run(&provider, &apps, case(a, b)).await;
    }
}
