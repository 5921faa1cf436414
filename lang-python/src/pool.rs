//! Each app's worker processes: idle workers wait in a queue, a call leases one, and a worker that
//! timed out, ran out of memory or died is killed and replaced in the background.

use std::collections::HashMap;
use std::os::unix::net::UnixStream as StdStream;
use std::process::ExitStatus;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, Weak};
use std::time::{Duration, Instant};

use bson::Document;
use laf_host::InvokeError;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::UnixStream;
use tokio::sync::mpsc;

use crate::Shared;
use crate::frame;
use crate::process::{Process, Spawner, Spec, describe};

/// One live worker process between calls.
pub(crate) struct Worker {
    process: Option<Process>,
    spawner: Spawner,
    /// Functions whose source this worker fetched, with the generation it got: checked against the
    /// registry before each call so a republished import is reloaded.
    pub known: HashMap<Arc<str>, u64>,
    /// The app environment last sent to this worker.
    pub env: Option<Arc<HashMap<String, String>>>,
    generation: u64,
}

impl Worker {
    /// The worker's process id.
    pub fn pid(&self) -> u32 {
        self.process.as_ref().map_or(0, |p| p.pid)
    }

    fn take_channel(&mut self) -> std::io::Result<StdStream> {
        let p = self.process.as_mut().ok_or_else(|| std::io::Error::other("worker already stopped"))?;
        p.channel.try_clone()
    }

    /// Kills the process and waits briefly for how it ended.
    fn kill(mut self) -> Option<ExitStatus> {
        let p = self.process.take()?;
        self.spawner.reap_status(p.child)
    }
}

impl Drop for Worker {
    fn drop(&mut self) {
        if let Some(p) = self.process.take() {
            self.spawner.reap(p);
        }
    }
}

/// The workers of one app.
pub(crate) struct AppPool {
    pub app: String,
    lang: Arc<Shared>,
    idle_tx: mpsc::UnboundedSender<Worker>,
    idle_rx: tokio::sync::Mutex<mpsc::UnboundedReceiver<Worker>>,
    generation: AtomicU64,
    last_error: Mutex<Option<String>>,
    size: usize,
}

impl AppPool {
    /// A pool for `app` that will hold `size` workers, none started yet.
    pub fn new(app: &str, lang: Arc<Shared>, size: usize) -> Arc<AppPool> {
        let (idle_tx, idle_rx) = mpsc::unbounded_channel();
        Arc::new(AppPool {
            app: app.to_owned(),
            lang,
            idle_tx,
            idle_rx: tokio::sync::Mutex::new(idle_rx),
            generation: AtomicU64::new(0),
            last_error: Mutex::new(None),
            size,
        })
    }

    /// Number of worker processes this pool keeps.
    pub fn size(&self) -> usize {
        self.size
    }

    fn spec(&self) -> Spec {
        let c = &self.lang.config;
        Spec {
            command: c.command.clone(),
            app: self.app.clone(),
            site: c.site_root.as_deref().map(|r| crate::process::site_dir(r, &self.app)),
            memory_limit: c.memory_limit,
        }
    }

    /// Starts one worker and waits until it is ready (blocking: call off the async threads).
    pub fn start_blocking(&self) -> Result<Worker, String> {
        let (process, took) =
            self.lang.spawner.start(self.spec(), self.lang.config.start_timeout).map_err(|e| e.to_string())?;
        self.lang.stats.started(took);
        tracing::debug!(app = %self.app, pid = process.pid, "python worker ready in {took:?}");
        Ok(Worker {
            process: Some(process),
            spawner: self.lang.spawner.clone(),
            known: HashMap::new(),
            env: None,
            generation: self.generation.load(Ordering::Acquire),
        })
    }

    /// Fills the pool: the first worker now (so a broken setup fails the publish with its reason),
    /// the others in the background.
    pub async fn fill(self: &Arc<Self>) -> Result<(), String> {
        let me = self.clone();
        let first = tokio::task::spawn_blocking(move || me.start_blocking())
            .await
            .map_err(|e| format!("worker start panicked: {e}"))??;
        let _ = self.idle_tx.send(first);
        for _ in 1..self.size {
            self.replace();
        }
        Ok(())
    }

    /// Starts a worker in the background to take a lost one's place; retries with a growing pause
    /// while starting fails (the reason is what calls get meanwhile).
    pub fn replace(self: &Arc<Self>) {
        let pool: Weak<AppPool> = Arc::downgrade(self);
        let spawned = std::thread::Builder::new().name("laf-python-start".into()).spawn(move || {
            let mut pause = Duration::from_millis(100);
            loop {
                let Some(pool) = pool.upgrade() else {
                    return;
                };
                match pool.start_blocking() {
                    Ok(w) => {
                        *pool.last_error.lock().unwrap_or_else(|e| e.into_inner()) = None;
                        let _ = pool.idle_tx.send(w);
                        return;
                    }
                    Err(e) => {
                        tracing::error!(app = %pool.app, "cannot start a python worker (retrying in {pause:?}): {e}");
                        *pool.last_error.lock().unwrap_or_else(|e| e.into_inner()) = Some(e);
                    }
                }
                drop(pool);
                std::thread::sleep(pause);
                pause = (pause * 2).min(Duration::from_secs(30));
            }
        });
        if let Err(e) = spawned {
            tracing::error!(app = %self.app, "cannot start a thread to replace a python worker: {e}");
        }
    }

    /// Makes every worker start afresh (new packages installed): idle ones are replaced when next
    /// leased, busy ones when they come back.
    pub fn recycle(&self) {
        self.generation.fetch_add(1, Ordering::AcqRel);
    }

    /// Waits for an idle worker until `deadline`.
    pub async fn acquire(self: &Arc<Self>, deadline: Instant, timeout: Duration) -> Result<Lease, InvokeError> {
        let mut rx = tokio::time::timeout_at(deadline.into(), self.idle_rx.lock())
            .await
            .map_err(|_| InvokeError::Timeout(timeout))?;
        loop {
            let worker = match rx.try_recv() {
                Ok(w) => w,
                Err(_) => {
                    if let Some(e) = self.last_error.lock().unwrap_or_else(|e| e.into_inner()).clone() {
                        return Err(InvokeError::Unavailable(e));
                    }
                    match tokio::time::timeout_at(deadline.into(), rx.recv()).await {
                        Ok(Some(w)) => w,
                        Ok(None) => return Err(InvokeError::Unavailable("the python pool has shut down".into())),
                        Err(_) => return Err(InvokeError::Timeout(timeout)),
                    }
                }
            };
            if worker.generation < self.generation.load(Ordering::Acquire) {
                drop(worker);
                self.replace();
                continue;
            }
            return Lease::new(self.clone(), worker)
                .map_err(|e| InvokeError::Unavailable(format!("cannot use a python worker's channel: {e}")));
        }
    }
}

/// A worker leased for one call. Dropping a lease without [`Lease::release`] (a timeout, a
/// cancelled call, a broken channel) kills the worker and starts a replacement.
pub(crate) struct Lease {
    pool: Arc<AppPool>,
    worker: Option<Worker>,
    conn: Option<UnixStream>,
    buf: Vec<u8>,
}

impl Lease {
    fn new(pool: Arc<AppPool>, mut worker: Worker) -> std::io::Result<Lease> {
        // Registered with the reactor of the thread running this call, for this call only.
        let std = worker.take_channel()?;
        std.set_nonblocking(true)?;
        let conn = UnixStream::from_std(std)?;
        Ok(Lease { pool, worker: Some(worker), conn: Some(conn), buf: Vec::new() })
    }

    /// The leased worker.
    pub fn worker(&mut self) -> &mut Worker {
        self.worker.as_mut().expect("a lease holds its worker until it ends")
    }

    /// Sends one frame.
    pub async fn send(&mut self, doc: &Document) -> std::io::Result<()> {
        let bytes = frame::encode(doc)?;
        self.conn.as_mut().ok_or_else(|| std::io::Error::other("lease ended"))?.write_all(&bytes).await
    }

    /// Reads one frame (usually in one system call: whatever has arrived is buffered).
    pub async fn recv(&mut self) -> std::io::Result<Document> {
        let conn = self.conn.as_mut().ok_or_else(|| std::io::Error::other("lease ended"))?;
        loop {
            if let Some(doc) = frame::take(&mut self.buf)? {
                return doc;
            }
            self.buf.reserve(frame::wanted(&self.buf)?);
            if conn.read_buf(&mut self.buf).await? == 0 {
                return Err(std::io::ErrorKind::UnexpectedEof.into());
            }
        }
    }

    /// Puts the worker back in the pool after a clean call.
    pub fn release(mut self) {
        let (Some(worker), Some(conn)) = (self.worker.take(), self.conn.take()) else {
            return;
        };
        // The duplicate descriptor registered for this call is closed here; the worker keeps its own.
        drop(conn);
        let _ = self.pool.idle_tx.send(worker);
    }

    /// Kills the worker (it crashed or is in an unknown state), starts a replacement and says how
    /// the process ended.
    pub fn discard(mut self) -> String {
        self.conn = None;
        let status = self.worker.take().and_then(Worker::kill);
        self.pool.replace();
        describe(status)
    }
}

impl Drop for Lease {
    fn drop(&mut self) {
        if let Some(worker) = self.worker.take() {
            tracing::warn!(app = %self.pool.app, pid = worker.pid(), "python worker stopped mid-call; replacing it");
            drop(worker);
            self.pool.replace();
        }
    }
}
