//! Starting and stopping worker processes.
//!
//! Processes are forked by one long-lived thread (the spawner): `PR_SET_PDEATHSIG` ties a child's
//! life to the thread that forked it, so forking from short-lived pool threads would kill workers
//! when those threads retire. The same thread reaps exited children.

use std::ffi::OsString;
use std::os::fd::{AsRawFd, FromRawFd};
use std::os::unix::net::UnixStream;
use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crate::frame;
use crate::worker::{CHANNEL_FD, WORKER_FLAG};

/// How the host starts a worker process: a program and its arguments.
#[derive(Debug, Clone)]
pub struct WorkerCommand {
    /// The executable.
    pub program: PathBuf,
    /// Its arguments.
    pub args: Vec<OsString>,
}

impl WorkerCommand {
    /// This very binary with [`WORKER_FLAG`]: its `main` must call
    /// [`crate::worker::run_if_requested`] first.
    pub fn current_exe() -> std::io::Result<WorkerCommand> {
        Ok(WorkerCommand { program: std::env::current_exe()?, args: vec![WORKER_FLAG.into()] })
    }

    /// A dedicated worker binary, such as this crate's `laf-python-worker`.
    pub fn program(path: impl Into<PathBuf>) -> WorkerCommand {
        WorkerCommand { program: path.into(), args: Vec::new() }
    }
}

/// What a worker is started with.
pub(crate) struct Spec {
    pub command: WorkerCommand,
    pub app: String,
    pub site: Option<PathBuf>,
    pub memory_limit: u64,
    pub sandbox: std::sync::Arc<crate::sandbox::AppSandbox>,
    /// Start at the heavy lane's priority (the app's calls compute): a worker that replaces one
    /// that died (a bomb's) must not spend its start-up at the victims' priority.
    pub heavy: bool,
}

/// A running worker process and the host's end of its channel.
pub(crate) struct Process {
    pub child: Child,
    pub channel: UnixStream,
    pub pid: u32,
}

// A forked worker: the process, the host's end of its channel, and of its side socket (on which
// a sandboxed worker sends its seccomp listener).
type Forked = (Child, UnixStream, Option<UnixStream>);

enum Job {
    Spawn(Box<Spec>, mpsc::Sender<std::io::Result<Forked>>),
    Reap(Child, Option<mpsc::Sender<ExitStatus>>),
}

/// The thread that forks and reaps workers; it ends when the last handle is dropped.
#[derive(Clone)]
pub(crate) struct Spawner {
    tx: mpsc::Sender<Job>,
}

impl Spawner {
    pub fn new() -> std::io::Result<Spawner> {
        let (tx, rx) = mpsc::channel::<Job>();
        std::thread::Builder::new().name("laf-python-spawner".into()).spawn(move || {
            for job in rx {
                match job {
                    Job::Spawn(spec, reply) => {
                        let _ = reply.send(fork(&spec));
                    }
                    Job::Reap(mut child, reply) => {
                        // The whole process group: what the worker forked dies with it (the
                        // sandbox keeps its children from leaving the group).
                        kill_group(child.id());
                        let _ = child.kill();
                        let waited = child.wait();
                        kill_group(child.id());
                        if let Ok(status) = waited
                            && let Some(reply) = reply
                        {
                            let _ = reply.send(status);
                        }
                    }
                }
            }
        })?;
        Ok(Spawner { tx })
    }

    /// Starts a worker and waits (blocking) until its interpreter says it is ready.
    pub fn start(&self, spec: Spec, ready_within: Duration) -> std::io::Result<(Process, Duration)> {
        let started = Instant::now();
        let program = spec.command.program.clone();
        let (app, net) = (spec.app.clone(), spec.sandbox.net.clone());
        let (reply, rx) = mpsc::channel();
        self.tx.send(Job::Spawn(Box::new(spec), reply)).map_err(|_| gone())?;
        let (child, mut channel, side) = rx.recv().map_err(|_| gone())??;
        let pid = child.id();
        if let (Some(side), Some(net)) = (side, net) {
            side.set_read_timeout(Some(ready_within))?;
            let guarded =
                crate::fdpass::receive_fd(&side).and_then(|listener| crate::netguard::watch(listener, pid, app, net));
            if let Err(e) = guarded {
                let status = self.reap_status(child);
                return Err(std::io::Error::other(format!(
                    "python worker {} did not set up its network guard: {e} ({})",
                    program.display(),
                    describe(status)
                )));
            }
        }
        channel.set_read_timeout(Some(ready_within))?;
        match frame::read_blocking(&mut channel, &mut Vec::new()) {
            Ok(doc) if doc.get_str("t").ok() == Some("ready") => {
                channel.set_read_timeout(None)?;
                Ok((Process { child, channel, pid }, started.elapsed()))
            }
            other => {
                let status = self.reap_status(child);
                let why = match other {
                    Ok(doc) => format!("sent {doc} instead of ready"),
                    Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => {
                        format!("exited before it was ready ({})", describe(status))
                    }
                    Err(e) => format!("did not get ready within {ready_within:?}: {e}"),
                };
                Err(std::io::Error::other(format!("python worker {} {why}", program.display())))
            }
        }
    }

    /// Kills a worker (if it still runs) and reaps it in the background.
    pub fn reap(&self, process: Process) {
        let _ = self.tx.send(Job::Reap(process.child, None));
    }

    /// Kills a worker and waits (up to a second) for how it ended.
    pub fn reap_status(&self, child: Child) -> Option<ExitStatus> {
        let (reply, rx) = mpsc::channel();
        self.tx.send(Job::Reap(child, Some(reply))).ok()?;
        rx.recv_timeout(Duration::from_secs(1)).ok()
    }
}

fn gone() -> std::io::Error {
    std::io::Error::other("the python worker spawner has stopped")
}

/// How a worker ended, for the error of the call it was running.
pub(crate) fn describe(status: Option<ExitStatus>) -> String {
    match status {
        Some(s) => match (s.code(), s.signal()) {
            (Some(code), _) => format!("exit code {code}"),
            (None, Some(sig)) => format!("signal {sig}{}", signal_name(sig)),
            _ => s.to_string(),
        },
        None => "still running, killed".into(),
    }
}

fn signal_name(sig: i32) -> &'static str {
    match sig {
        libc::SIGSEGV => " (SIGSEGV)",
        libc::SIGKILL => " (SIGKILL)",
        libc::SIGABRT => " (SIGABRT)",
        libc::SIGBUS => " (SIGBUS)",
        libc::SIGTERM => " (SIGTERM)",
        _ => "",
    }
}

fn kill_group(pid: u32) {
    // SAFETY: a signal to the group the worker leads (its pid, not yet reused while it or any
    // member lives).
    unsafe { libc::kill(-(pid as libc::pid_t), libc::SIGKILL) };
}

/// A duplicate of `fd` numbered 10 or more, so that moving it to 3 or 4 in the child never
/// overwrites the other.
fn high(fd: &impl AsRawFd) -> std::io::Result<std::os::fd::OwnedFd> {
    // SAFETY: F_DUPFD_CLOEXEC returns a new descriptor we own.
    let n = unsafe { libc::fcntl(fd.as_raw_fd(), libc::F_DUPFD_CLOEXEC, 10) };
    if n < 0 {
        return Err(std::io::Error::last_os_error());
    }
    // SAFETY: just made, owned by nothing else.
    Ok(unsafe { std::os::fd::OwnedFd::from_raw_fd(n) })
}

fn fork(spec: &Spec) -> std::io::Result<Forked> {
    let (host, worker) = UnixStream::pair()?;
    let worker = high(&worker)?;
    let sandboxed = !spec.sandbox.policy.is_empty();
    let (side_host, side_worker) = if spec.sandbox.net.is_some() {
        let (h, w) = UnixStream::pair()?;
        (Some(h), Some(high(&w)?))
    } else {
        (None, None)
    };
    let mut cmd = Command::new(&spec.command.program);
    cmd.args(&spec.command.args)
        // Nothing of the host's environment (credentials, tokens) reaches function code.
        .env_clear()
        .env("PATH", "/usr/local/bin:/usr/bin:/bin")
        .env("LANG", "C.UTF-8")
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .env("PYTHONUNBUFFERED", "1")
        .env("LAF_APP_ID", &spec.app)
        .env("TMPDIR", &spec.sandbox.scratch)
        .env("HOME", &spec.sandbox.scratch)
        .current_dir(&spec.sandbox.scratch)
        // Its own process group, which the host kills whole (see `kill_group`).
        .process_group(0)
        .stdin(Stdio::null());
    if let Some(site) = &spec.site {
        cmd.env("LAF_PYTHON_SITE", site);
    }
    if sandboxed {
        cmd.env(crate::worker::sandbox::POLICY_ENV, &spec.sandbox.policy);
    }
    let fd = worker.as_raw_fd();
    let side = side_worker.as_ref().map(|s| s.as_raw_fd());
    let limit = spec.memory_limit;
    let heavy = spec.heavy;
    // SAFETY: only async-signal-safe calls (dup2, prctl, setrlimit, setpriority,
    // sched_setscheduler) between fork and exec.
    unsafe {
        cmd.pre_exec(move || {
            // dup2 clears close-on-exec on the copy: these two are what the worker inherits.
            if libc::dup2(fd, CHANNEL_FD) < 0 {
                return Err(std::io::Error::last_os_error());
            }
            if let Some(side) = side
                && libc::dup2(side, crate::worker::sandbox::LISTENER_FD) < 0
            {
                return Err(std::io::Error::last_os_error());
            }
            // The worker dies with the host (well, with the spawner thread, which lives as long).
            if libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL) < 0 {
                return Err(std::io::Error::last_os_error());
            }
            if limit > 0 {
                let rl = libc::rlimit { rlim_cur: limit as libc::rlim_t, rlim_max: limit as libc::rlim_t };
                if libc::setrlimit(libc::RLIMIT_AS, &rl) < 0 {
                    return Err(std::io::Error::last_os_error());
                }
            }
            if heavy {
                // Best effort, as `prioritize` does for a running worker.
                libc::setpriority(libc::PRIO_PROCESS, 0, laf_host::workers::HEAVY_NICE);
                let param = libc::sched_param { sched_priority: 0 };
                libc::sched_setscheduler(0, libc::SCHED_IDLE, &param);
            }
            Ok(())
        });
    }
    let child = cmd.spawn().map_err(|e| {
        std::io::Error::new(e.kind(), format!("cannot start python worker {}: {e}", spec.command.program.display()))
    })?;
    drop(worker);
    drop(side_worker);
    Ok((child, host, side_host))
}

/// The per-app site directory under `root`.
pub(crate) fn site_dir(root: &Path, app: &str) -> PathBuf {
    root.join(app).join("site")
}
