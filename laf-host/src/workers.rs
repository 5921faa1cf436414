//! The host's worker threads: one current-thread tokio runtime each, with a `LocalSet`.
//!
//! Languages keep their engines (QuickJS runtimes, ...) resident in thread-local state on these
//! threads, and the gateway serves HTTP connections on the same threads, so a request reaches its
//! function without crossing threads. Work submitted from outside the pool (`Host::invoke` from a
//! caller's runtime, a router mounted in another axum app) is handed to the least busy worker.
//!
//! Synchronous code holds its thread, and with it every connection that thread serves: a function
//! that computes for 200 ms delays every other request on its worker by as much. So the pool has
//! a second set of threads, the heavy lane, at a lower scheduling priority (nice
//! [`HEAVY_NICE`]) and serving no connections. A language reports how long each synchronous run
//! of a function took ([`crate::App::ran_for`]); a function whose run reached the pool's slice
//! ([`Lane::slice`]) runs its next calls on the heavy lane until it has gone [`Lane::hold`]
//! without one. Its own calls slow down when the host is busy; nobody else's do.

use std::cell::Cell;
use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread::JoinHandle;
use std::time::Duration;

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

/// The nice value of the heavy lane's threads (which also run under `SCHED_IDLE`, see
/// [`idle_policy`]): a nice-19 thread gets ~1.5% of a core contended by a nice-0 one.
pub const HEAVY_NICE: i32 = 19;

/// How the pool's heavy lane is sized and when a function is sent to it.
#[derive(Debug, Clone)]
pub struct Lane {
    /// Threads of the heavy lane (0: no lane; every call runs where it arrives).
    pub threads: usize,
    /// A synchronous run at least this long sends the function to the heavy lane.
    pub slice: Duration,
    /// How long a function stays on the heavy lane after its last run that long.
    pub hold: Duration,
}

impl Lane {
    /// The default lane for `count` serving workers: as many heavy threads, a 10 ms slice (a
    /// hundred times what a typical function's synchronous part takes), held 30 s.
    pub fn for_workers(count: usize) -> Lane {
        Lane { threads: count.max(1), slice: Duration::from_millis(10), hold: Duration::from_secs(30) }
    }

    /// No heavy lane.
    pub fn none() -> Lane {
        Lane { threads: 0, ..Lane::for_workers(1) }
    }
}

struct Inner {
    id: usize,
    // The serving workers, then the heavy lane's.
    workers: Vec<Worker>,
    serving: usize,
    lane: Lane,
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
    /// Starts `count` serving worker threads (at least one), named `{name}-{i}`, and the default
    /// heavy lane ([`Lane::for_workers`]).
    pub fn new(count: usize, name: &str) -> std::io::Result<Workers> {
        Workers::with_lane(count, name, Lane::for_workers(count))
    }

    /// Starts `count` serving worker threads (at least one) and `lane`'s heavy threads, named
    /// `{name}-heavy-{i}`.
    pub fn with_lane(count: usize, name: &str, lane: Lane) -> std::io::Result<Workers> {
        let serving = count.max(1);
        let id = POOL_IDS.fetch_add(1, Ordering::Relaxed);
        let total = serving + lane.threads;
        let mut workers = Vec::with_capacity(total);
        let mut threads = Vec::with_capacity(total);
        for index in 0..total {
            let (tx, rx) = mpsc::unbounded_channel::<Job>();
            let rt = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
            let (thread_name, nice) = match index.checked_sub(serving) {
                None => (format!("{name}-{index}"), 0),
                Some(i) => (format!("{name}-heavy-{i}"), HEAVY_NICE),
            };
            let handle = std::thread::Builder::new()
                .name(thread_name)
                // QuickJS and CPython recurse deeply; their own stack limits sit below this.
                .stack_size(16 << 20)
                .spawn(move || run_worker(id, index, nice, rt, rx))?;
            workers.push(Worker { tx, load: AtomicUsize::new(0), busy: AtomicUsize::new(0) });
            threads.push(handle);
        }
        Ok(Workers {
            inner: Arc::new(Inner {
                id,
                workers,
                serving,
                lane,
                threads: std::sync::Mutex::new(threads),
                next: AtomicUsize::new(0),
            }),
        })
    }

    /// Number of serving worker threads (the heavy lane's are not counted).
    pub fn len(&self) -> usize {
        self.inner.serving
    }

    /// Number of threads, the heavy lane's included: what a language that keeps state on every
    /// thread that ran an app visits to free it.
    pub fn threads(&self) -> usize {
        self.inner.workers.len()
    }

    /// The heavy lane's settings.
    pub fn lane(&self) -> &Lane {
        &self.inner.lane
    }

    /// Whether the current thread is one of this pool's heavy lane.
    pub fn on_heavy_lane(&self) -> bool {
        self.current().is_some_and(|i| i >= self.inner.serving)
    }

    /// Always false: a pool has at least one worker.
    pub fn is_empty(&self) -> bool {
        false
    }

    /// The index of the worker of this pool running the current thread, if any (heavy lane
    /// threads come after the serving ones).
    pub fn current(&self) -> Option<usize> {
        CURRENT.with(|c| c.get()).filter(|(pool, _)| *pool == self.inner.id).map(|(_, i)| i)
    }

    /// Runs `job` on thread `index` (modulo [`Workers::threads`]).
    pub fn run_on(&self, index: usize, job: Job) -> Result<(), PoolClosed> {
        let w = &self.inner.workers[index % self.threads()];
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
        self.send(self.pick(0..self.inner.serving), make).await
    }

    /// Like [`Workers::run_local`], but on the heavy lane: right here on one of its threads, else
    /// on its least loaded thread. Without a heavy lane it is `run_local`.
    pub async fn run_heavy<F, Fut, T>(&self, make: F) -> Result<T, PoolClosed>
    where
        F: FnOnce() -> Fut + Send + 'static,
        Fut: Future<Output = T> + 'static,
        T: Send + 'static,
    {
        if self.inner.lane.threads == 0 || self.on_heavy_lane() {
            return self.run_local(make).await;
        }
        self.send(self.pick(self.inner.serving..self.threads()), make).await
    }

    async fn send<F, Fut, T>(&self, index: usize, make: F) -> Result<T, PoolClosed>
    where
        F: FnOnce() -> Fut + Send + 'static,
        Fut: Future<Output = T> + 'static,
        T: Send + 'static,
    {
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

    /// How many serving workers have an invocation in flight.
    pub fn busy(&self) -> usize {
        self.inner.workers[..self.inner.serving].iter().filter(|w| w.busy.load(Ordering::Relaxed) > 0).count()
    }

    // Least loaded worker of `range`, ties broken round-robin so idle pools still spread work.
    fn pick(&self, range: std::ops::Range<usize>) -> usize {
        let n = range.len();
        let start = self.inner.next.fetch_add(1, Ordering::Relaxed) % n;
        (0..n)
            .map(|k| range.start + (start + k) % n)
            .min_by_key(|&i| self.inner.workers[i].load.load(Ordering::Relaxed))
            .unwrap_or(range.start)
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

fn run_worker(pool: usize, index: usize, nice: i32, rt: tokio::runtime::Runtime, mut rx: mpsc::UnboundedReceiver<Job>) {
    CURRENT.with(|c| c.set(Some((pool, index))));
    if nice != 0 {
        lower_priority(nice);
    }
    let local = tokio::task::LocalSet::new();
    local.block_on(&rt, async move {
        while let Some(job) = rx.recv().await {
            job();
        }
    });
    CURRENT.with(|c| c.set(None));
}

/// CPU time the calling thread has used (a syscall, ~0.3 µs: for measuring long runs, not every
/// call). Zero where the platform has no thread clock.
pub fn thread_cpu_time() -> Duration {
    let mut t = libc::timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: clock_gettime writes the timespec it is given.
    if unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut t) } != 0 {
        return Duration::ZERO;
    }
    Duration::new(t.tv_sec as u64, t.tv_nsec as u32)
}

// On Linux a nice value and a scheduling policy belong to a thread: this lowers only the calling
// one. Failing leaves the thread at its priority, which only costs the fairness the lane is for.
fn lower_priority(nice: i32) {
    #[cfg(target_os = "linux")]
    // SAFETY: plain syscalls on the calling thread's own id.
    unsafe {
        let tid = libc::syscall(libc::SYS_gettid) as libc::id_t;
        if libc::setpriority(libc::PRIO_PROCESS, tid, nice) != 0 {
            tracing::warn!("cannot lower a heavy-lane thread's priority: {}", std::io::Error::last_os_error());
        }
        idle_policy(0);
    }
    #[cfg(not(target_os = "linux"))]
    let _ = nice;
}

/// Puts thread `tid` (0: the calling one) under `SCHED_IDLE`: a nice-19 thread still runs out its
/// slice (up to a few ms) when a serving thread wakes, which shows in the serving thread's p99; an
/// idle-policy thread is preempted at once by any normal one. Threads and processes it creates
/// inherit the policy. Failing (no such thread) leaves the nice value alone to do the work.
pub fn idle_policy(tid: libc::pid_t) {
    #[cfg(target_os = "linux")]
    {
        let param = libc::sched_param { sched_priority: 0 };
        // SAFETY: sched_setscheduler reads the parameter it is given.
        if unsafe { libc::sched_setscheduler(tid, libc::SCHED_IDLE, &param) } != 0 {
            tracing::debug!("cannot put thread {tid} under SCHED_IDLE: {}", std::io::Error::last_os_error());
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = tid;
}

/// Puts thread `tid` back under the normal policy (`SCHED_OTHER`); needs root (or room in
/// `RLIMIT_NICE`) once it was idle.
pub fn normal_policy(tid: libc::pid_t) {
    #[cfg(target_os = "linux")]
    {
        let param = libc::sched_param { sched_priority: 0 };
        // SAFETY: sched_setscheduler reads the parameter it is given.
        if unsafe { libc::sched_setscheduler(tid, libc::SCHED_OTHER, &param) } != 0 {
            tracing::debug!("cannot put thread {tid} back under SCHED_OTHER: {}", std::io::Error::last_os_error());
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = tid;
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

    #[cfg(target_os = "linux")]
    #[tokio::test]
    async fn the_heavy_lane_runs_under_the_idle_policy_and_serving_threads_do_not() {
        let pool = Workers::new(1, "test").unwrap();
        // SAFETY: sched_getscheduler on the calling thread.
        let policy = || unsafe { libc::sched_getscheduler(0) };
        let p = pool.clone();
        let heavy = pool.run_heavy(move || async move { (p.on_heavy_lane(), policy()) }).await.unwrap();
        assert_eq!(heavy, (true, libc::SCHED_IDLE));
        let serving = pool.run_local(move || async move { policy() }).await.unwrap();
        assert_eq!(serving, libc::SCHED_OTHER);
    }
}
