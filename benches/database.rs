//! The embedded database, in process (no JS, no HTTP):
//!
//! - `redb_get_raw`: one redb read transaction and a key lookup: the storage floor, the baseline
//!   that `find_by_id` is compared with in the same run;
//! - `find_by_id`: `find_one({ _id })` on 10,000 documents;
//! - `find_by_indexed_field`: `find_one({ email })` through a unique index;
//! - `filtered_scan_10k`: `find({ age: { $gte: 50 }, city: "paris" })`, no index: every document
//!   decoded and matched;
//! - `insert_one`: one acknowledged (fsynced) insert at a time;
//! - `insert_one_x64_concurrent`: 64 inserts in flight, sharing commits (group commit); the time
//!   is per batch of 64.
//!
//! Run with `cargo bench --bench database`.

use std::sync::Arc;
use std::time::Duration;

use bson::{Bson, doc};
use criterion::{Criterion, criterion_group, criterion_main};
use laf_host::bindings::database::embedded::EmbeddedProvider;
use laf_host::bindings::database::{Database, FindOptions, IndexOptions};
use redb::{ReadableDatabase, TableDefinition};

const DOCS: i64 = 10_000;
const CITIES: [&str; 4] = ["paris", "berlin", "tokyo", "lima"];

fn bench(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let dir = std::env::temp_dir().join(format!("laf-bench-db-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let provider = EmbeddedProvider::open(&dir).unwrap();
    let db: Arc<dyn Database> = Arc::new(provider.database("bench"));
    rt.block_on(async {
        let docs: Vec<_> = (0..DOCS)
            .map(|i| {
                doc! { "_id": i, "email": format!("user{i}@example.com"), "age": i % 100,
                "city": CITIES[i as usize % 4], "tags": ["a", "b"], "bio": "x".repeat(100) }
            })
            .collect();
        db.insert_many("users", docs).await.unwrap();
        db.create_index("users", doc! { "email": 1 }, IndexOptions { name: None, unique: true }).await.unwrap();
    });

    let mut g = c.benchmark_group("database");
    g.measurement_time(Duration::from_secs(4));
    let mut k = 0i64;
    let raw_db = redb::Database::builder().create(dir.join("raw.redb")).unwrap();
    let table: TableDefinition<&[u8], &[u8]> = TableDefinition::new("t");
    {
        let txn = raw_db.begin_write().unwrap();
        {
            let mut t = txn.open_table(table).unwrap();
            for i in 0..DOCS {
                let bytes = doc! { "_id": i, "bio": "x".repeat(100) }.to_vec().unwrap();
                t.insert(i.to_be_bytes().as_slice(), bytes.as_slice()).unwrap();
            }
        }
        txn.commit().unwrap();
    }
    g.bench_function("redb_get_raw", |b| {
        b.iter(|| {
            k = (k + 7919) % DOCS;
            let txn = raw_db.begin_read().unwrap();
            let t = txn.open_table(table).unwrap();
            let v = t.get(k.to_be_bytes().as_slice()).unwrap().unwrap();
            assert!(!v.value().is_empty());
        })
    });
    g.bench_function("find_by_id", |b| {
        b.iter(|| {
            k = (k + 7919) % DOCS;
            let found = rt.block_on(db.find_one("users", doc! { "_id": k }, FindOptions::default())).unwrap();
            assert!(found.is_some());
        })
    });
    g.bench_function("find_by_indexed_field", |b| {
        b.iter(|| {
            k = (k + 7919) % DOCS;
            let filter = doc! { "email": format!("user{k}@example.com") };
            let found = rt.block_on(db.find_one("users", filter, FindOptions::default())).unwrap();
            assert!(found.is_some());
        })
    });
    g.bench_function("filtered_scan_10k", |b| {
        b.iter(|| {
            let filter = doc! { "age": { "$gte": 50 }, "city": "paris" };
            let found = rt.block_on(db.find("users", filter, FindOptions::default())).unwrap();
            assert_eq!(found.len(), 1200, "ages 50-99 in paris: 12 in every 100 users");
        })
    });
    let mut n = DOCS;
    g.bench_function("insert_one", |b| {
        b.iter(|| {
            n += 1;
            rt.block_on(db.insert_one("inserts", doc! { "_id": n, "v": Bson::Int64(n) })).unwrap();
        })
    });
    g.bench_function("insert_one_x64_concurrent", |b| {
        b.iter(|| {
            rt.block_on(async {
                let mut pending = Vec::with_capacity(64);
                for _ in 0..64 {
                    n += 1;
                    let db = db.clone();
                    pending.push(async move { db.insert_one("inserts", doc! { "_id": n, "v": Bson::Int64(n) }).await });
                }
                for r in futures_join(pending).await {
                    r.unwrap();
                }
            })
        })
    });
    g.finish();
    let _ = std::fs::remove_dir_all(&dir);
}

/// Polls every future together on this thread, so all 64 inserts are queued before any commit.
async fn futures_join<F: std::future::Future + 'static>(futures: Vec<F>) -> Vec<F::Output>
where
    F::Output: 'static,
{
    let local = tokio::task::LocalSet::new();
    let handles: Vec<_> = futures.into_iter().map(|f| local.spawn_local(f)).collect();
    local
        .run_until(async move {
            let mut out = Vec::with_capacity(handles.len());
            for h in handles {
                out.push(h.await.expect("insert task"));
            }
            out
        })
        .await
}

criterion_group!(benches, bench);
criterion_main!(benches);
