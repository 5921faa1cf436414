//! Each app's worker processes and the queue of calls they serve.
//!
//! Calls wait in one queue per app. Every worker has a driver task on one of the host's worker
//! threads (its socket is registered there once, for its whole life): the driver takes the queued
//! calls, up to [`BATCH`] at a time, writes their frames in one go, then serves them in order —
//! the worker runs them one after another. Under load a worker thus wakes once per batch instead of
//! once per call: a process switch costs more than a small call, and this is what keeps Python's
//! throughput near the other languages'.
//!
//! A call that passes its deadline, a worker that runs out of memory or dies is killed; the call
//! gets its error; the calls behind it in the batch never started (the worker is sequential) and go
//! back to the front of the queue for the other workers; a replacement starts in the background.

use std::collections::{HashMap, VecDeque};
use std::os::unix::net::UnixStream as StdStream;
use std::process::ExitStatus;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, Weak};
use std::time::{Duration, Instant};

use bson::Document;
use laf_host::{FunctionContext, FunctionResponse, InvokeError, Workers};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::UnixStream;
use tokio::sync::{Notify, oneshot};

use crate::process::{Process, Spawner, Spec, describe};
use crate::{PythonFunction, Shared, frame};

/// Most calls a driver hands to its worker at once.
pub(crate) const BATCH: usize = 8;

/// Frames of a batch, in bytes, past which further calls wait for the next batch.
const BATCH_BYTES: usize = 64 << 10;

/// One live worker process.
pub(crate) struct Worker {
    process: Option<Process>,
    spawner: Spawner,
    /// What the worker's calls remember between frames (the sources it fetched, `next`'s answer).
    pub memory: crate::rpc::Memory,
    /// The app environment last sent to this worker.
    pub env: Option<Arc<HashMap<String, String>>>,
    generation: u64,
    // Numbers the calls sent, so an answer can only be taken for the call it names.
    seq: i64,
    // The nice value last given to the worker's process group (see `AppPool::prioritize`).
    nice: i32,
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

/// What a queued job is.
pub(crate) enum Job {
    /// A function call.
    Invoke {
        function: PythonFunction,
        ctx: Box<FunctionContext>,
        reply: oneshot::Sender<Result<FunctionResponse, InvokeError>>,
    },
    /// A syntax check at publish: the worker's `checked` frame is the answer.
    Check { frame: Document, deadline: Instant, reply: oneshot::Sender<Result<Document, InvokeError>> },
}

impl Job {
    fn deadline(&self) -> Instant {
        match self {
            Job::Invoke { ctx, .. } => ctx.deadline,
            Job::Check { deadline, .. } => *deadline,
        }
    }

    fn abandoned(&self) -> bool {
        match self {
            Job::Invoke { reply, .. } => reply.is_closed(),
            Job::Check { reply, .. } => reply.is_closed(),
        }
    }

    fn fail(self, e: InvokeError) {
        match self {
            Job::Invoke { reply, .. } => {
                let _ = reply.send(Err(e));
            }
            Job::Check { reply, .. } => {
                let _ = reply.send(Err(e));
            }
        }
    }
}

/// The workers of one app.
pub(crate) struct AppPool {
    pub app: String,
    lang: Arc<Shared>,
    workers: Workers,
    queue: Mutex<VecDeque<Job>>,
    ready: Notify,
    generation: AtomicU64,
    last_error: Mutex<Option<String>>,
    next_thread: AtomicU64,
    // Workers with a running driver: when none is left and starting fails, calls fail at once.
    live: AtomicUsize,
    // Workers serving a batch right now (for the host's metrics).
    busy: AtomicUsize,
    size: usize,
    // Set when the app is removed: drivers stop and their workers are killed, none is replaced.
    closed: std::sync::atomic::AtomicBool,
    // The app's confinement (policy, scratch folder, the uid uploads go to, network policy).
    pub sandbox: Arc<crate::sandbox::AppSandbox>,
    weight: Weight,
}

/// Whether the app's calls compute long: then its workers run at the heavy lane's priority
/// ([`laf_host::workers`]), as its JavaScript would run on the heavy lane's threads. A call that
/// took a slice of wall time makes the app a suspect; the next call's worker CPU time (a syscall,
/// so suspects only) decides.
#[derive(Default)]
struct Weight {
    suspect: AtomicBool,
    heavy_until: Mutex<Option<Instant>>,
}

impl Weight {
    fn heavy_now(&self) -> bool {
        self.heavy_until.lock().unwrap_or_else(|e| e.into_inner()).is_some_and(|t| t > Instant::now())
    }
}

/// CPU time process `pid` has used (its threads together), if it can be read.
fn process_cpu_time(pid: u32) -> Option<Duration> {
    let mut clock: libc::clockid_t = 0;
    let mut t = libc::timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: both calls write only the values they are given.
    unsafe {
        if libc::clock_getcpuclockid(pid as libc::pid_t, &mut clock) != 0 || libc::clock_gettime(clock, &mut t) != 0 {
            return None;
        }
    }
    Some(Duration::new(t.tv_sec as u64, t.tv_nsec as u32))
}

impl AppPool {
    /// A pool for `app` that will hold `size` workers, driven from the host's `workers`.
    pub fn new(
        app: &str,
        lang: Arc<Shared>,
        workers: Workers,
        size: usize,
        sandbox: crate::sandbox::AppSandbox,
    ) -> Arc<AppPool> {
        Arc::new(AppPool {
            sandbox: Arc::new(sandbox),
            weight: Weight::default(),
            app: app.to_owned(),
            lang,
            workers,
            queue: Mutex::new(VecDeque::new()),
            ready: Notify::new(),
            generation: AtomicU64::new(0),
            last_error: Mutex::new(None),
            next_thread: AtomicU64::new(0),
            live: AtomicUsize::new(0),
            busy: AtomicUsize::new(0),
            size,
            closed: std::sync::atomic::AtomicBool::new(false),
        })
    }

    /// Live worker processes and how many of them are serving calls now.
    pub fn counts(&self) -> (usize, usize) {
        (self.live.load(Ordering::Relaxed), self.busy.load(Ordering::Relaxed))
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
            sandbox: self.sandbox.clone(),
            heavy: self.weight.heavy_now(),
        }
    }

    /// Starts one worker and waits until it is ready (blocking: call off the async threads).
    fn start_blocking(&self) -> Result<Worker, String> {
        // Read before the fork: a recycle during the start must still retire this worker.
        let generation = self.generation.load(Ordering::Acquire);
        let spec = self.spec();
        let nice = if spec.heavy { laf_host::workers::HEAVY_NICE } else { 0 };
        let (process, took) =
            self.lang.spawner.start(spec, self.lang.config.start_timeout).map_err(|e| e.to_string())?;
        self.lang.stats.started(took);
        tracing::debug!(app = %self.app, pid = process.pid, "python worker ready in {took:?}");
        Ok(Worker {
            process: Some(process),
            spawner: self.lang.spawner.clone(),
            memory: crate::rpc::Memory::default(),
            env: None,
            generation,
            seq: 0,
            nice,
        })
    }

    /// Fills the pool: the first worker now (so a broken setup fails the publish with its reason),
    /// the others in the background.
    pub async fn fill(self: &Arc<Self>) -> Result<(), String> {
        let me = self.clone();
        let first = tokio::task::spawn_blocking(move || me.start_blocking())
            .await
            .map_err(|e| format!("worker start panicked: {e}"))??;
        self.drive(first);
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
                let Some(pool) = pool.upgrade().filter(|p| !p.is_closed()) else {
                    return;
                };
                match pool.start_blocking() {
                    Ok(w) => {
                        *pool.last_error.lock().unwrap_or_else(|e| e.into_inner()) = None;
                        pool.drive(w);
                        return;
                    }
                    Err(e) => {
                        tracing::error!(app = %pool.app, "cannot start a python worker (retrying in {pause:?}): {e}");
                        *pool.last_error.lock().unwrap_or_else(|e| e.into_inner()) = Some(e);
                        if pool.live.load(Ordering::Acquire) > 0 {
                            drop(pool);
                            std::thread::sleep(pause);
                            pause = (pause * 2).min(Duration::from_secs(30));
                            continue;
                        }
                        // No worker at all: calls waiting get the reason rather than their timeout.
                        let waiting: Vec<Job> =
                            pool.queue.lock().unwrap_or_else(|e| e.into_inner()).drain(..).collect();
                        for job in waiting {
                            job.fail(InvokeError::Unavailable(format!("no python worker: {}", pool.last_error())));
                        }
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

    fn last_error(&self) -> String {
        self.last_error.lock().unwrap_or_else(|e| e.into_inner()).clone().unwrap_or_default()
    }

    /// Stops the pool for good (its app was removed): queued calls fail, every driver stops and
    /// kills its worker once its batch is served, and no worker is started again.
    pub fn close(&self) {
        self.closed.store(true, Ordering::Release);
        let waiting: Vec<Job> = self.queue.lock().unwrap_or_else(|e| e.into_inner()).drain(..).collect();
        for job in waiting {
            job.fail(InvokeError::Unavailable(format!("app {} was removed", self.app)));
        }
        self.ready.notify_waiters();
    }

    fn is_closed(&self) -> bool {
        self.closed.load(Ordering::Acquire)
    }

    /// Makes every worker start afresh (new packages installed): each is replaced when its driver
    /// next looks for work.
    pub fn recycle(&self) {
        self.generation.fetch_add(1, Ordering::AcqRel);
        self.ready.notify_waiters();
    }

    /// Queues a job for the app's workers.
    pub fn submit(&self, job: Job) {
        if self.is_closed() {
            return job.fail(InvokeError::Unavailable(format!("app {} was removed", self.app)));
        }
        if self.live.load(Ordering::Acquire) == 0 && self.last_error.lock().unwrap_or_else(|e| e.into_inner()).is_some()
        {
            return job.fail(InvokeError::Unavailable(format!("no python worker: {}", self.last_error())));
        }
        self.queue.lock().unwrap_or_else(|e| e.into_inner()).push_back(job);
        self.ready.notify_one();
    }

    fn take_batch(&self) -> Vec<Job> {
        let mut q = self.queue.lock().unwrap_or_else(|e| e.into_inner());
        let mut batch = Vec::new();
        let below = self.lang.config.batch_below;
        while batch.len() < BATCH
            && let Some(job) = q.pop_front()
        {
            let quick = !below.is_zero() && matches!(&job, Job::Invoke { function, .. } if function.quick(below));
            batch.push(job);
            if !quick {
                break;
            }
        }
        batch
    }

    /// Puts calls that never started back at the front of the queue, in their order.
    fn requeue(&self, jobs: impl DoubleEndedIterator<Item = Job>) {
        let mut q = self.queue.lock().unwrap_or_else(|e| e.into_inner());
        let mut n = 0;
        for job in jobs.rev() {
            q.push_front(job);
            n += 1;
        }
        drop(q);
        for _ in 0..n {
            self.ready.notify_one();
        }
    }

    /// Gives `worker` a driver task on one of the host's worker threads.
    fn drive(self: &Arc<Self>, worker: Worker) {
        let pool = self.clone();
        // Serving workers only: a driver on the heavy lane would run at its lower priority.
        let index = self.next_thread.fetch_add(1, Ordering::Relaxed) as usize % self.workers.len();
        let started = self.workers.run_on(
            index,
            Box::new(move || {
                tokio::task::spawn_local(async move { pool.run_driver(worker).await });
            }),
        );
        if started.is_err() {
            tracing::warn!(app = %self.app, "the host's workers have stopped; the python worker is dropped");
        }
    }

    async fn run_driver(self: Arc<Self>, worker: Worker) {
        self.live.fetch_add(1, Ordering::AcqRel);
        let replace = self.driver(worker).await;
        self.live.fetch_sub(1, Ordering::AcqRel);
        if replace && !self.is_closed() {
            self.replace();
        }
    }

    /// Serves the queue with `worker` until it is lost; true when a replacement is needed.
    async fn driver(self: &Arc<Self>, mut worker: Worker) -> bool {
        let conn = worker.take_channel().and_then(|s| {
            s.set_nonblocking(true)?;
            UnixStream::from_std(s)
        });
        let mut conn = match conn {
            Ok(c) => Conn { stream: c, buf: Vec::new() },
            Err(e) => {
                tracing::error!(app = %self.app, "cannot use a python worker's channel: {e}");
                return true;
            }
        };
        loop {
            let batch = loop {
                let notified = self.ready.notified();
                tokio::pin!(notified);
                notified.as_mut().enable();
                if self.is_closed() {
                    return false;
                }
                if worker.generation < self.generation.load(Ordering::Acquire) {
                    return true;
                }
                let batch = self.take_batch();
                if !batch.is_empty() {
                    break batch;
                }
                notified.await;
            };
            self.prioritize(&mut worker);
            self.busy.fetch_add(1, Ordering::Relaxed);
            let served = self.serve_batch(&mut conn, &mut worker, batch).await;
            self.busy.fetch_sub(1, Ordering::Relaxed);
            if let Err((failed, e, rest)) = served {
                self.requeue(rest.into_iter());
                let pid = worker.pid();
                let how = describe(worker.kill());
                let e = match e {
                    Stop::Timeout(t) => {
                        tracing::warn!(app = %self.app, "a python call passed its {t:?} timeout; worker {pid} killed and replaced");
                        InvokeError::Timeout(t)
                    }
                    Stop::Memory => {
                        tracing::warn!(app = %self.app, "python worker {pid} ran out of memory ({how}); replaced");
                        InvokeError::MemoryLimit
                    }
                    Stop::Died(io) => {
                        tracing::error!(app = %self.app, "python worker {pid} died during a call ({how}: {io}); replaced");
                        InvokeError::Crashed(format!("python worker {pid} ended ({how})"))
                    }
                };
                if let Some(job) = failed {
                    job.fail(e);
                }
                return true;
            }
        }
    }

    /// Gives the worker's process group (the worker and whatever it forked) the heavy lane's
    /// nice value while the app is heavy, and its own back after. Going back needs privilege (a
    /// host running as root has it); without, the worker stays at the lower priority.
    fn prioritize(&self, worker: &mut Worker) {
        let want = if self.weight.heavy_now() { laf_host::workers::HEAVY_NICE } else { 0 };
        if worker.nice == want || worker.pid() == 0 {
            return;
        }
        // SAFETY: setpriority on the group the worker leads (its pid, alive while we hold it).
        if unsafe { libc::setpriority(libc::PRIO_PGRP, worker.pid() as libc::id_t, want) } != 0 {
            let e = std::io::Error::last_os_error();
            tracing::debug!(app = %self.app, pid = worker.pid(), "cannot set the python worker's nice value to {want}: {e}");
        }
        // The worker's main thread too goes idle-policy while heavy (children it forks from now on
        // inherit it): nice 19 alone still lets it run out a slice when a serving thread wakes.
        if want == 0 {
            laf_host::workers::normal_policy(worker.pid() as libc::pid_t);
        } else {
            laf_host::workers::idle_policy(worker.pid() as libc::pid_t);
        }
        // Not retried on failure: once per change is enough to know.
        worker.nice = want;
    }

    /// Sends a batch and serves its calls in order. On a failure that costs the worker, returns the
    /// job it hit, why, and the jobs after it (never started).
    async fn serve_batch(
        &self,
        conn: &mut Conn,
        worker: &mut Worker,
        batch: Vec<Job>,
    ) -> Result<(), (Option<Job>, Stop, Vec<Job>)> {
        let now = Instant::now();
        let mut out = Vec::new();
        let mut sent = Vec::with_capacity(batch.len());
        let mut cold = false;
        for job in batch {
            if job.abandoned() {
                continue;
            }
            // Past a few frames' worth, the rest waits for the next batch: the whole batch is
            // written before any answer is read, and both directions share the socket's buffers.
            if out.len() > BATCH_BYTES {
                self.requeue(std::iter::once(job));
                continue;
            }
            if job.deadline() <= now {
                let timeout = match &job {
                    Job::Invoke { ctx, .. } => ctx.app.config().timeout,
                    Job::Check { .. } => Duration::ZERO,
                };
                job.fail(InvokeError::Timeout(timeout));
                continue;
            }
            let mut frame = match &job {
                Job::Invoke { function, ctx, .. } => {
                    // A function this worker has not imported yet: its first call pays the import.
                    cold |= worker.memory.known.get(&*function.name) != Some(&function.generation);
                    function.invoke_frame(ctx, worker)
                }
                Job::Check { frame, .. } => frame.clone(),
            };
            worker.seq += 1;
            frame.insert("seq", worker.seq);
            match frame::encode(&frame) {
                Ok(bytes) => out.extend_from_slice(&bytes),
                Err(e) => {
                    job.fail(InvokeError::Thrown { message: format!("cannot encode the call: {e}"), stack: None });
                    continue;
                }
            }
            sent.push((job, worker.seq));
        }
        if sent.is_empty() {
            return Ok(());
        }
        // The batch's calls run in the worker together (async ones interleave), so what one call
        // costs is judged over the whole batch: its CPU time (measured for a suspect app only: two
        // syscalls) or its wall time, divided by its calls.
        let lane = self.workers.lane();
        let calls = sent.iter().filter(|(j, _)| matches!(j, Job::Invoke { .. })).count();
        let mut weighing = Weighing {
            cpu_before: if lane.threads > 0 && calls > 0 && !cold && self.weight.suspect.swap(false, Ordering::Relaxed)
            {
                process_cpu_time(worker.pid())
            } else {
                None
            },
            started: Instant::now(),
            calls,
            cold,
            ran: Vec::new(),
        };
        if let Err(e) = conn.stream.write_all(&out).await {
            return Err((None, Stop::Died(e), sent.into_iter().map(|(j, _)| j).collect()));
        }
        let mut jobs = sent.into_iter();
        while let Some((job, seq)) = jobs.next() {
            let deadline = job.deadline();
            let started = Instant::now();
            let served = tokio::time::timeout_at(deadline.into(), serve_one(conn, worker, &job, seq)).await;
            if let Job::Invoke { function, ctx, .. } = &job {
                function.record(started.elapsed());
                if weighing.cpu_before.is_some() {
                    weighing.ran.push((ctx.app.clone(), ctx.function_name.clone(), ctx.request_id.clone()));
                }
            }
            if !matches!(served, Ok(Ok(Answer::Done(_) | Answer::Thrown(_)))) {
                // The worker goes (out of memory, dead, past the deadline): weigh what ran.
                self.weigh(worker, lane, &weighing);
            }
            // What an interceptor's `next` answered belongs to this call only.
            let kept = worker.memory.kept.take();
            match served {
                Ok(Ok(Answer::Done(answer))) => match job {
                    Job::Invoke { reply, .. } => {
                        let response = match kept {
                            Some(kept) if answer.get_bool("passthrough").unwrap_or(false) => Ok(kept),
                            _ => crate::response(&answer),
                        };
                        let _ = reply.send(response);
                    }
                    Job::Check { reply, .. } => {
                        let _ = reply.send(Ok(answer));
                    }
                },
                Ok(Ok(Answer::Thrown(e))) => job.fail(e),
                Ok(Ok(Answer::Memory)) => return Err((Some(job), Stop::Memory, jobs.map(|(j, _)| j).collect())),
                Ok(Err(e)) => return Err((Some(job), Stop::Died(e), jobs.map(|(j, _)| j).collect())),
                Err(_) => {
                    let timeout = match &job {
                        Job::Invoke { ctx, .. } => ctx.app.config().timeout,
                        Job::Check { .. } => deadline.saturating_duration_since(now),
                    };
                    return Err((Some(job), Stop::Timeout(timeout), jobs.map(|(j, _)| j).collect()));
                }
            }
        }
        self.weigh(worker, lane, &weighing);
        Ok(())
    }

    /// Decides from a batch whether the app computes: with its CPU time measured, heavy when
    /// its calls took a slice each on average (and the host hears what each took); without, a
    /// suspect when they held the worker a slice each on average, so the next batch is measured.
    fn weigh(&self, worker: &Worker, lane: &laf_host::Lane, batch: &Weighing) {
        // Importing a function is paid once per worker, not per call: it says nothing.
        if batch.calls == 0 || batch.cold {
            return;
        }
        let calls = batch.calls as u32;
        match batch.cpu_before {
            Some(before) => {
                let cpu = process_cpu_time(worker.pid()).map_or(Duration::ZERO, |after| after.saturating_sub(before));
                let each = cpu / calls;
                if each >= lane.slice {
                    *self.weight.heavy_until.lock().unwrap_or_else(|e| e.into_inner()) =
                        Some(Instant::now() + lane.hold);
                }
                for (app, function, request_id) in &batch.ran {
                    app.ran_for(function, request_id, each);
                }
            }
            None if lane.threads > 0 && batch.started.elapsed() / calls >= lane.slice => {
                self.weight.suspect.store(true, Ordering::Relaxed)
            }
            None => {}
        }
    }
}

/// What [`AppPool::weigh`] judges a batch by.
struct Weighing {
    // The worker's CPU time when the batch was sent, when it is measured.
    cpu_before: Option<Duration>,
    started: Instant,
    // The batch's calls (checks are not counted).
    calls: usize,
    // Whether one of them was the worker's first call of its function (an import).
    cold: bool,
    // The calls that ran, when measured: the host is told what each took.
    ran: Vec<(laf_host::app::AppHandle, Arc<str>, Arc<str>)>,
}

enum Stop {
    Timeout(Duration),
    Memory,
    Died(std::io::Error),
}

enum Answer {
    Done(Document),
    Thrown(InvokeError),
    Memory,
}

/// A worker's socket with what has been read of it.
struct Conn {
    stream: UnixStream,
    buf: Vec<u8>,
}

impl Conn {
    async fn send(&mut self, doc: &Document) -> std::io::Result<()> {
        self.stream.write_all(&frame::encode(doc)?).await
    }

    /// Reads one frame (usually in one system call: whatever has arrived is buffered).
    async fn recv(&mut self) -> std::io::Result<Document> {
        loop {
            if let Some(doc) = frame::take(&mut self.buf)? {
                return doc;
            }
            self.buf.reserve(frame::wanted(&self.buf)?);
            if self.stream.read_buf(&mut self.buf).await? == 0 {
                return Err(std::io::ErrorKind::UnexpectedEof.into());
            }
        }
    }
}

/// Reads the current job's frames until its answer, serving its calls into the bindings.
async fn serve_one(conn: &mut Conn, worker: &mut Worker, job: &Job, seq: i64) -> std::io::Result<Answer> {
    loop {
        let msg = conn.recv().await?;
        let t = msg.get_str("t").unwrap_or("");
        if matches!(t, "done" | "checked" | "fail") {
            let answered = msg.get_i64("seq").or_else(|_| msg.get_i32("seq").map(i64::from)).ok();
            if answered != Some(seq) {
                // Frames written by function code (fd 3) or out of order: the worker is not trusted.
                return Err(std::io::Error::new(
                    std::io::ErrorKind::InvalidData,
                    format!("the worker answered call {answered:?} while call {seq} was running"),
                ));
            }
        }
        match (t, job) {
            ("done" | "checked", _) => return Ok(Answer::Done(msg)),
            ("fail", _) => {
                let message = msg.get_str("message").unwrap_or("error").to_owned();
                return Ok(match msg.get_str("kind").unwrap_or("") {
                    // An interpreter that hit its limit may be half-broken: it is replaced.
                    "memory" => Answer::Memory,
                    "expired" => Answer::Thrown(match job {
                        Job::Invoke { ctx, .. } => InvokeError::Timeout(ctx.app.config().timeout),
                        Job::Check { .. } => InvokeError::Timeout(Duration::ZERO),
                    }),
                    _ => {
                        let stack = msg.get_str("stack").ok().filter(|s| !s.is_empty()).map(str::to_owned);
                        Answer::Thrown(InvokeError::Thrown { message, stack })
                    }
                });
            }
            ("log", Job::Invoke { function, ctx, .. }) => function.log(ctx, &msg),
            ("log", Job::Check { .. }) => {}
            ("call", Job::Invoke { function, ctx, .. }) => {
                let result = crate::rpc::serve(function, ctx, &mut worker.memory, &msg).await;
                conn.send(&crate::rpc::reply(result)).await?;
            }
            (other, _) => {
                return Err(std::io::Error::new(
                    std::io::ErrorKind::InvalidData,
                    format!("unexpected frame {other:?} from the worker"),
                ));
            }
        }
    }
}
