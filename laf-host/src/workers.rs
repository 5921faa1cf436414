//! The host's worker threads: one current-thread tokio runtime each, with a `LocalSet`.
//!
//! Languages keep their engines (QuickJS runtimes, ...) resident in thread-local state on these
//! threads, and the gateway serves HTTP connections on the same threads, so a request reaches its
//! function without crossing threads. Work submitted from outside the pool (`Host::invoke` from a
//! caller's runtime, a router mounted in another axum app) is handed to the least busy worker.

use std::cell::Cell;
use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread::JoinHandle;

use tokio::sync::{mpsc, oneshot};

/// A unit of work run on a worker thread, inside its `LocalSet` (so it may `spawn_local`).
pub type Job = Box<dyn FnOnce() + Send + 'static>;

/// Error returned when the pool has shut down.
#[derive(Debug, Clone, thiserror::Error)]
#[error("the worker pool has shut down")]
pub struct PoolClosed;

struct Worker {
    tx: mpsc::UnboundedSender<Job>,
    // Jobs submitted to this worker and not finished: a cheap load signal for dispatch.
    load: AtomicUsize,
    // Invocations in flight on this worker: a worker with any is busy.
    busy: AtomicUsize,
}

struct Inner {
    id: usize,
    workers: Vec<Worker>,
    threads: std::sync::Mutex<Vec<JoinHandle<()>>>,
    next: AtomicUsize,
}

/// A pool of worker threads. Cloning is cheap; the threads stop when the last clone is dropped.
#[derive(Clone)]
pub struct Workers {
    inner: Arc<Inner>,
}

static POOL_IDS: AtomicUsize = AtomicUsize::new(1);

thread_local! {
    // (pool id, worker index) of the pool worker running on this thread.
    static CURRENT: Cell<Option<(usize, usize)>> = const { Cell::new(None) };
}

impl Workers {
    /// Starts `count` worker threads (at least one), named `{name}-{i}`.
    pub fn new(count: usize, name: &str) -> std::io::Result<Workers> {
        let count = count.max(1);
        let id = POOL_IDS.fetch_add(1, Ordering::Relaxed);
        let mut workers = Vec::with_capacity(count);
        let mut threads = Vec::with_capacity(count);
        for index in 0..count {
            let (tx, rx) = mpsc::unbounded_channel::<Job>();
            let rt = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
            let handle = std::thread::Builder::new()
                .name(format!("{name}-{index}"))
                // QuickJS and CPython recurse deeply; their own stack limits sit below this.
                .stack_size(16 << 20)
                .spawn(move || run_worker(id, index, rt, rx))?;
            workers.push(Worker { tx, load: AtomicUsize::new(0), busy: AtomicUsize::new(0) });
            threads.push(handle);
        }
        Ok(Workers {
            inner: Arc::new(Inner { id, workers, threads: std::sync::Mutex::new(threads), next: AtomicUsize::new(0) }),
        })
    }

    /// Number of worker threads.
    pub fn len(&self) -> usize {
        self.inner.workers.len()
    }

    /// Always false: a pool has at least one worker.
    pub fn is_empty(&self) -> bool {
        false
    }

    /// The index of the worker of this pool running the current thread, if any.
    pub fn current(&self) -> Option<usize> {
        CURRENT.with(|c| c.get()).filter(|(pool, _)| *pool == self.inner.id).map(|(_, i)| i)
    }

    /// Runs `job` on worker `index` (modulo the pool size).
    pub fn run_on(&self, index: usize, job: Job) -> Result<(), PoolClosed> {
        let w = &self.inner.workers[index % self.len()];
        w.tx.send(job).map_err(|_| PoolClosed)
    }

    /// Runs `make()`'s future on a worker and returns its output.
    ///
    /// On a worker of this pool the future runs right here (spawned on the local set, no thread
    /// hop); elsewhere it goes to the least loaded worker. `make` runs on the worker, so the future
    /// may hold thread-bound engine state.
    ///
    /// On a worker, call it from a task of the local set (as everything the host starts there is),
    /// not from one started with `tokio::spawn`: tokio's `spawn_local` needs the local set.
    pub async fn run_local<F, Fut, T>(&self, make: F) -> Result<T, PoolClosed>
    where
        F: FnOnce() -> Fut + Send + 'static,
        Fut: Future<Output = T> + 'static,
        T: Send + 'static,
    {
        if self.current().is_some() {
            return tokio::task::spawn_local(async move { make().await }).await.map_err(|_| PoolClosed);
        }
        let index = self.pick();
        // Counted until this future ends, however it ends (a dropped caller included).
        let _load = LoadGuard::new(self.inner.clone(), index);
        let (tx, rx) = oneshot::channel();
        let job: Job = Box::new(move || {
            tokio::task::spawn_local(async move {
                let _ = tx.send(make().await);
            });
        });
        self.run_on(index, job)?;
        rx.await.map_err(|_| PoolClosed)
    }

    /// Counts an invocation in flight on the current worker until the guard drops (nothing when
    /// called off the pool).
    pub fn busy_guard(&self) -> Option<BusyGuard> {
        let index = self.current()?;
        self.inner.workers[index].busy.fetch_add(1, Ordering::Relaxed);
        Some(BusyGuard { inner: self.inner.clone(), index })
    }

    /// How many workers have an invocation in flight.
    pub fn busy(&self) -> usize {
        self.inner.workers.iter().filter(|w| w.busy.load(Ordering::Relaxed) > 0).count()
    }

    // Least loaded worker, ties broken round-robin so idle pools still spread work.
    fn pick(&self) -> usize {
        let n = self.len();
        let start = self.inner.next.fetch_add(1, Ordering::Relaxed) % n;
        (0..n).map(|k| (start + k) % n).min_by_key(|&i| self.inner.workers[i].load.load(Ordering::Relaxed)).unwrap_or(0)
    }
}

struct LoadGuard {
    inner: Arc<Inner>,
    index: usize,
}

impl LoadGuard {
    fn new(inner: Arc<Inner>, index: usize) -> LoadGuard {
        inner.workers[index].load.fetch_add(1, Ordering::Relaxed);
        LoadGuard { inner, index }
    }
}

impl Drop for LoadGuard {
    fn drop(&mut self) {
        self.inner.workers[self.index].load.fetch_sub(1, Ordering::Relaxed);
    }
}

/// An invocation in flight on a worker (see [`Workers::busy_guard`]).
pub struct BusyGuard {
    inner: Arc<Inner>,
    index: usize,
}

impl Drop for BusyGuard {
    fn drop(&mut self) {
        self.inner.workers[self.index].busy.fetch_sub(1, Ordering::Relaxed);
    }
}

impl Drop for Inner {
    fn drop(&mut self) {
        // Closing the channels ends every worker loop; join unless we are one of them.
        self.workers.clear();
        let threads = std::mem::take(&mut *self.threads.lock().unwrap_or_else(|e| e.into_inner()));
        let me = std::thread::current().id();
        for t in threads {
            if t.thread().id() != me {
                let _ = t.join();
            }
        }
    }
}

fn run_worker(pool: usize, index: usize, rt: tokio::runtime::Runtime, mut rx: mpsc::UnboundedReceiver<Job>) {
    CURRENT.with(|c| c.set(Some((pool, index))));
    let local = tokio::task::LocalSet::new();
    local.block_on(&rt, async move {
        while let Some(job) = rx.recv().await {
            job();
        }
    });
    CURRENT.with(|c| c.set(None));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn run_local_executes_on_a_worker_and_returns() {
        let pool = Workers::new(2, "test").unwrap();
        let p2 = pool.clone();
        let (idx, nested) = pool
            .run_local(move || async move {
                let here = p2.current();
                // From a worker, run_local stays on the same thread.
                let p3 = p2.clone();
                let nested = p2.run_local(move || async move { p3.current() }).await.unwrap();
                (here, nested)
            })
            .await
            .unwrap();
        assert!(idx.is_some());
        assert_eq!(idx, nested);
        assert_eq!(pool.current(), None);
    }
}
