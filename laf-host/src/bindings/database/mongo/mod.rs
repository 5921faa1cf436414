//! The MongoDB backend: each app gets a database of its own, reached as a per-app user when the
//! host may create users (Laf's RBAC isolation).
//!
//! Nothing connects until an app first touches its database: [`MongoProvider::open`] is sync and
//! cheap, as the host calls it while building an app. On first use the provider parses the URI and
//! builds one shared client (the "admin" connection, whatever the URI's user may do); then, per app,
//! it creates or refreshes a user holding `readWrite` on the app's database only and gives the app
//! a client of its own logged in as that user, so a function cannot reach another app's data even
//! through a server-side feature we did not think of. When the URI's user may not manage users (or
//! the URI carries no credentials, i.e. the server probably runs without auth), apps fall back to
//! the shared client scoped to their database, and the host says so once in its log.

mod database;
mod errors;

use std::fmt;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use bson::doc;
use mongodb::Client;
use mongodb::options::{ClientOptions, Credential};
use tokio::sync::OnceCell;

use crate::bindings::database::{Database, DatabaseProvider, DbError};
use database::MongoDatabase;
use errors::{UNAUTHORIZED, USER_EXISTS, map_error, server_code};

/// Opens per-app databases on a MongoDB deployment.
#[derive(Clone)]
pub struct MongoProvider {
    uri: String,
    prefix: String,
    app_users: bool,
    state: Arc<State>,
}

/// What every app of one provider shares: the admin connection, set up on first use.
#[derive(Default)]
struct State {
    admin: OnceCell<Admin>,
    warned: AtomicBool,
}

struct Admin {
    options: ClientOptions,
    client: Client,
}

impl MongoProvider {
    /// A provider for the deployment at `uri` (`mongodb://...` or `mongodb+srv://...`).
    pub fn new(uri: impl Into<String>) -> MongoProvider {
        MongoProvider { uri: uri.into(), prefix: String::new(), app_users: true, state: Arc::default() }
    }

    /// Prefixes every app's database (and user) name, so that several hosts, or test runs, can
    /// share one deployment. Empty by default: the database is named after the app, as in Laf.
    pub fn with_prefix(mut self, prefix: impl Into<String>) -> MongoProvider {
        self.prefix = prefix.into();
        self
    }

    /// Whether to create a `readWrite` user per app and connect each app as its user (the
    /// default). Off, every app uses the URI's connection, scoped to its database by name only.
    pub fn with_app_users(mut self, enabled: bool) -> MongoProvider {
        self.app_users = enabled;
        self
    }

    /// The database name of `app` on this deployment.
    pub fn database_name(&self, app: &str) -> String {
        format!("{}{}", self.prefix, app)
    }
}

impl fmt::Debug for MongoProvider {
    // The URI may carry a password: never print it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MongoProvider")
            .field("prefix", &self.prefix)
            .field("app_users", &self.app_users)
            .field("connected", &self.state.admin.initialized())
            .finish_non_exhaustive()
    }
}

impl DatabaseProvider for MongoProvider {
    fn kind(&self) -> &'static str {
        "mongodb"
    }

    fn open(&self, app: &str) -> Result<Arc<dyn Database>, DbError> {
        let name = self.database_name(app);
        validate_database_name(&name)?;
        Ok(Arc::new(MongoDatabase::new(name, Connector { provider: self.clone() })))
    }
}

/// Everything an app's handle needs to connect on first use.
pub(super) struct Connector {
    provider: MongoProvider,
}

/// An app's connection: its own client (as its user) or the shared one, and its database.
pub(super) struct Conn {
    pub(super) client: Client,
    pub(super) db: mongodb::Database,
}

impl Connector {
    /// Connects for database `name`, creating or refreshing the app's user when allowed.
    pub(super) async fn connect(&self, name: &str) -> Result<Conn, DbError> {
        let provider = &self.provider;
        let admin = provider
            .state
            .admin
            .get_or_try_init(|| async {
                let options = ClientOptions::parse(&provider.uri).await.map_err(map_error)?;
                let client = Client::with_options(options.clone()).map_err(map_error)?;
                Ok::<_, DbError>(Admin { options, client })
            })
            .await?;
        if !provider.app_users {
            return Ok(Conn { client: admin.client.clone(), db: admin.client.database(name) });
        }
        if admin.options.credential.is_none() {
            self.warn_once(
                "the MongoDB connection string has no credentials, so the server likely runs without auth: \
                 apps share one connection, each scoped to its own database by name only",
            );
            return Ok(Conn { client: admin.client.clone(), db: admin.client.database(name) });
        }
        match ensure_user(&admin.client, name).await {
            Ok(password) => {
                let mut options = admin.options.clone();
                options.credential = Some(
                    Credential::builder()
                        .username(name.to_string())
                        .password(password)
                        .source(name.to_string())
                        .build(),
                );
                let client = Client::with_options(options).map_err(map_error)?;
                let db = client.database(name);
                Ok(Conn { client, db })
            }
            Err(e) if server_code(&e) == Some(UNAUTHORIZED) => {
                self.warn_once(
                    "the MongoDB user of the connection string may not create users: apps share its connection, \
                     each scoped to its own database by name only",
                );
                Ok(Conn { client: admin.client.clone(), db: admin.client.database(name) })
            }
            Err(e) => Err(map_error(e)),
        }
    }

    fn warn_once(&self, message: &str) {
        if !self.provider.state.warned.swap(true, Ordering::Relaxed) {
            tracing::warn!("{message}");
        }
    }
}

/// Creates the app's user with `readWrite` on its database only, or gives an existing one a fresh
/// password (we keep no passwords at rest, so each host start mints a new one); returns the password.
async fn ensure_user(admin: &Client, name: &str) -> Result<String, mongodb::error::Error> {
    let password = format!("{}{}", uuid::Uuid::new_v4().simple(), uuid::Uuid::new_v4().simple());
    let roles = vec![bson::Bson::Document(doc! { "role": "readWrite", "db": name })];
    let db = admin.database(name);
    let created = db.run_command(doc! { "createUser": name, "pwd": &password, "roles": roles.clone() }).await;
    match created {
        Ok(_) => Ok(password),
        Err(e) if server_code(&e) == Some(USER_EXISTS) => {
            db.run_command(doc! { "updateUser": name, "pwd": &password, "roles": roles }).await?;
            Ok(password)
        }
        Err(e) => Err(e),
    }
}

/// MongoDB's rules for database names: 1 to 63 bytes, none of `/\. "$*<>:|?` or NUL.
fn validate_database_name(name: &str) -> Result<(), DbError> {
    let bad = |c: char| matches!(c, '/' | '\\' | '.' | ' ' | '"' | '$' | '*' | '<' | '>' | ':' | '|' | '?' | '\0');
    if name.is_empty() || name.len() > 63 || name.contains(bad) {
        return Err(DbError::InvalidName(format!("invalid database name: {name:?}")));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn open_is_lazy_and_checks_names() {
        let provider = MongoProvider::new("mongodb://127.0.0.1:1").with_prefix("laf_");
        assert_eq!(provider.database_name("app1"), "laf_app1");
        assert!(provider.open("app1").is_ok());
        assert!(matches!(provider.open("a.b"), Err(DbError::InvalidName(_))));
        assert!(matches!(provider.open(&"x".repeat(64)), Err(DbError::InvalidName(_))));
        assert!(!format!("{provider:?}").contains("127.0.0.1"));
    }

    /// Without a server only the failure paths run: names are checked before connecting, an
    /// unreachable server is a backend error, and a failed connect is retried rather than kept.
    #[tokio::test]
    async fn unreachable_server_is_a_backend_error() {
        let fast = "/?serverSelectionTimeoutMS=200&connectTimeoutMS=200";
        for uri in [format!("mongodb://127.0.0.1:1{fast}"), format!("mongodb://admin:pw@127.0.0.1:1{fast}")] {
            let db = MongoProvider::new(uri).open("app").expect("open is lazy");
            assert!(matches!(db.count("a$b", doc! {}).await, Err(DbError::InvalidName(_))));
            for _ in 0..2 {
                let err = db.count("c", doc! {}).await.expect_err("no server");
                assert!(matches!(err, DbError::Backend(_)), "{err:?}");
            }
            let err = db.transaction(Vec::new()).await.expect_err("no server");
            assert!(matches!(err, DbError::Backend(_)), "{err:?}");
        }
    }
}
