//! Every acknowledged write survives `kill -9`: a child process inserts in a concurrent burst and
//! prints each `_id` once its insert is acknowledged; the parent kills it mid-burst, reopens the
//! store and looks every printed `_id` up.
//!
//! A plain `main` (harness = false) because the same binary is both the parent and the child.

use std::io::{BufRead, BufReader, Write};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use laf_host::bindings::database::embedded::EmbeddedProvider;
use laf_host::bindings::database::{Database, FindOptions, doc};

const CHILD_ENV: &str = "LAF_DURABILITY_CHILD_DIR";
const ACKS_BEFORE_KILL: usize = 3000;

fn main() {
    if let Ok(dir) = std::env::var(CHILD_ENV) {
        child(PathBuf::from(dir));
        return;
    }
    let started = Instant::now();
    acknowledged_inserts_survive_kill_9();
    println!("test acknowledged_inserts_survive_kill_9 ... ok ({:.1}s)", started.elapsed().as_secs_f64());
    println!("\ntest result: ok. 1 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out");
}

/// Inserts from 32 concurrent tasks until killed, printing each acknowledged `_id`.
fn child(dir: PathBuf) {
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("runtime");
    runtime.block_on(async move {
        let provider = EmbeddedProvider::open(&dir).expect("open store");
        let db: Arc<dyn Database> = Arc::new(provider.database("burst"));
        let out = Arc::new(std::sync::Mutex::new(std::io::stdout()));
        let mut tasks = Vec::new();
        for task in 0..32 {
            let (db, out) = (db.clone(), out.clone());
            tasks.push(tokio::spawn(async move {
                for n in 0u64.. {
                    let id = format!("{task}-{n}");
                    db.insert_one("items", doc! { "_id": &id, "task": task, "n": n as i64 }).await.expect("insert");
                    let mut out = out.lock().expect("stdout");
                    writeln!(out, "{id}").and_then(|()| out.flush()).expect("stdout");
                }
            }));
        }
        for task in tasks {
            let _ = task.await;
        }
    });
}

fn acknowledged_inserts_survive_kill_9() {
    let dir = std::env::temp_dir().join(format!("laf-durability-{}-{}", std::process::id(), rand_suffix()));
    let mut child = Command::new(std::env::current_exe().expect("own path"))
        .env(CHILD_ENV, &dir)
        .stdout(Stdio::piped())
        .spawn()
        .expect("spawn the inserting child");
    let mut lines = BufReader::new(child.stdout.take().expect("child stdout")).lines();
    let mut acked = Vec::new();
    let deadline = Instant::now() + Duration::from_secs(120);
    while acked.len() < ACKS_BEFORE_KILL {
        assert!(Instant::now() < deadline, "child acknowledged only {} inserts in 120 s", acked.len());
        match lines.next() {
            Some(Ok(id)) => acked.push(id),
            other => panic!("child stopped early after {} acks: {other:?}", acked.len()),
        }
    }
    child.kill().expect("kill -9 the child"); // SIGKILL on Unix: no destructors, no flush.
    child.wait().expect("reap the child");
    // Acks already written to the pipe before the kill count too.
    acked.extend(lines.map_while(Result::ok));

    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
    runtime.block_on(async {
        let provider = EmbeddedProvider::open(&dir).expect("reopen the store after kill -9");
        let db = provider.database("burst");
        let total = db.count("items", doc! {}).await.expect("count");
        assert!(total as usize >= acked.len(), "{total} documents stored but {} acknowledged", acked.len());
        let mut missing = Vec::new();
        for id in &acked {
            if db.find_one("items", doc! { "_id": id }, FindOptions::default()).await.expect("find").is_none() {
                missing.push(id.clone());
            }
        }
        assert!(
            missing.is_empty(),
            "{} acknowledged inserts lost after kill -9, e.g. {:?}",
            missing.len(),
            &missing[..missing.len().min(5)]
        );
        println!("{} acknowledged inserts, {} stored after kill -9, none lost", acked.len(), total);
    });
    let _ = std::fs::remove_dir_all(&dir);
}

fn rand_suffix() -> u128 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos())
}
