//! What a [`wasmtime::Store`] holds: the current call's context, WASI state, the memory limiter
//! and the flags that say why a call stopped. A store serves one call at a time, and several in a
//! row when its instance is reused (see the crate's documentation).

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use bytes::Bytes;
use laf_host::{FunctionContext, NetPolicy};
use wasmtime::ResourceLimiter;
use wasmtime::component::ResourceTable;
use wasmtime_wasi::cli::{IsTerminal, StdoutStream};
use wasmtime_wasi::p2::{OutputStream, Pollable, StreamResult};
use wasmtime_wasi::sockets::SocketAddrUse;
use wasmtime_wasi::{FsPerms, WasiCtx, WasiCtxBuilder, WasiCtxView, WasiView};

use crate::WasiGrants;

/// The data of a store.
pub(crate) struct State {
    /// The running call's context (request, app, bindings); `None` between calls, so nothing of a
    /// finished call (its uploads, its request) outlives it in an idle instance.
    ctx: Option<FunctionContext>,
    /// The running call's function name and request id, read by the stdout/stderr log lines.
    call: Arc<Mutex<CallIds>>,
    /// When the running call must have answered; `None` between calls.
    deadline: Option<Instant>,
    wasi: WasiCtx,
    table: ResourceTable,
    pub(crate) limiter: Limiter,
    /// Set by the epoch callback when the deadline passed inside guest code.
    pub(crate) timed_out: bool,
}

impl State {
    /// A state for calls of `ctx`'s function: WASI with only what `grants` gives (by default no
    /// files, no network, and never the host's environment), its stdout and stderr going to the
    /// host's log with the call's ids; memory capped at `memory_limit` bytes across the instance's
    /// memories.
    pub(crate) fn new(ctx: &FunctionContext, memory_limit: usize, grants: Option<&WasiGrants>) -> State {
        let call = Arc::new(Mutex::new(CallIds::of(ctx)));
        let who = Arc::new(Who { app: Arc::downgrade(&ctx.app), call: call.clone() });
        let mut wasi = WasiCtxBuilder::new();
        wasi.stdout(LogStream { who: who.clone(), stream: "stdout" })
            .stderr(LogStream { who: who.clone(), stream: "stderr" });
        if let Some(grants) = grants {
            for dir in &grants.dirs {
                let perms = if dir.read_only { FsPerms::ReadOnly } else { FsPerms::ReadWrite };
                // Checked to be a directory when the language was configured; if it went away
                // since, the guest simply does not see it (and its file calls fail).
                if let Err(e) = wasi.preopened_dir(&dir.host, &dir.guest, perms) {
                    tracing::warn!("cannot open {} for app {}: {e:#}", dir.host.display(), ctx.app_id());
                }
            }
            if grants.network {
                let (policy, who) = (ctx.app.config().net.clone(), who.clone());
                wasi.socket_addr_check(move |addr, usage| {
                    let verdict = socket_allowed(&policy, addr, usage);
                    if let Err(why) = &verdict
                        // A datagram from a refused address is dropped: one line per packet would flood the log.
                        && !matches!(usage, SocketAddrUse::UdpReceive)
                    {
                        who.log(laf_host::Level::Error, why);
                    }
                    Box::pin(std::future::ready(verdict.is_ok()))
                })
                // wasmtime-wasi leaves TCP and UDP off unless asked, whatever the address check says.
                .allow_tcp(true)
                .allow_udp(true)
                .allow_ip_name_lookup(true);
            }
        }
        let wasi = wasi.build();
        State {
            ctx: None,
            call,
            deadline: None,
            wasi,
            table: ResourceTable::new(),
            limiter: Limiter { limit: memory_limit, used: 0, denied: false },
            timed_out: false,
        }
    }

    /// Starts a call: its context becomes the one the imports see.
    pub(crate) fn begin(&mut self, ctx: FunctionContext) {
        // A reused instance of `__default__` answers calls under several names.
        *self.call.lock().unwrap_or_else(|e| e.into_inner()) = CallIds::of(&ctx);
        self.deadline = Some(ctx.deadline);
        self.ctx = Some(ctx);
        self.timed_out = false;
        self.limiter.denied = false;
    }

    /// Ends a call, dropping its context.
    pub(crate) fn end(&mut self) {
        self.ctx = None;
        self.deadline = None;
    }

    /// The running call's context.
    pub(crate) fn ctx(&self) -> &FunctionContext {
        // Guest code only runs between `begin` and `end` (instantiation included), and imports
        // only run from guest code.
        self.ctx.as_ref().expect("a guest runs only inside a call")
    }

    /// When the running call must have answered (`None`: no call is running, so guest code has
    /// no business running either).
    pub(crate) fn deadline(&self) -> Option<Instant> {
        self.deadline
    }
}

impl WasiView for State {
    fn ctx(&mut self) -> WasiCtxView<'_> {
        WasiCtxView { ctx: &mut self.wasi, table: &mut self.table }
    }
}

/// Caps the bytes of linear memory of one store (all its memories together) and remembers a
/// refusal, so a trap that follows is reported as the memory limit.
pub(crate) struct Limiter {
    limit: usize,
    used: usize,
    pub(crate) denied: bool,
}

impl Limiter {
    /// The cap, in bytes.
    pub(crate) fn limit(&self) -> usize {
        self.limit
    }

    /// Bytes of linear memory the instance holds (memories never shrink).
    pub(crate) fn used(&self) -> usize {
        self.used
    }
}

// Tables hold a pointer per element; a million is far beyond what real guests use.
const MAX_TABLE_ELEMENTS: usize = 1_000_000;

impl ResourceLimiter for Limiter {
    fn memory_growing(&mut self, current: usize, desired: usize, _maximum: Option<usize>) -> wasmtime::Result<bool> {
        let after = self.used.saturating_add(desired.saturating_sub(current));
        if after > self.limit {
            // `memory.grow` answers -1: a guest may recover (try_reserve); if it traps instead,
            // the flag says why.
            self.denied = true;
            return Ok(false);
        }
        self.used = after;
        Ok(true)
    }

    fn table_growing(&mut self, _current: usize, desired: usize, _maximum: Option<usize>) -> wasmtime::Result<bool> {
        Ok(desired <= MAX_TABLE_ELEMENTS)
    }
}

/// Whether a guest with the network granted may use `addr` for `usage`, else why not (for the
/// app's log; the guest sees `access-denied`). Connections and datagrams go where the app's
/// network policy allows. Binding takes an ephemeral port only and listening is refused: the
/// grant is for outgoing connections, not for servers on the host's ports.
pub(crate) fn socket_allowed(policy: &NetPolicy, addr: SocketAddr, usage: SocketAddrUse) -> Result<(), String> {
    match usage {
        SocketAddrUse::TcpConnect | SocketAddrUse::UdpSend | SocketAddrUse::UdpReceive => {
            policy.check(addr).map_err(|e| e.to_string())
        }
        // Connecting binds implicitly to the unspecified address, port 0.
        SocketAddrUse::TcpBind | SocketAddrUse::UdpBind if addr.port() == 0 => Ok(()),
        SocketAddrUse::TcpBind | SocketAddrUse::UdpBind => {
            Err(format!("binding {addr} refused: a WebAssembly function may bind only an ephemeral port (0)"))
        }
        SocketAddrUse::TcpListen | SocketAddrUse::TcpAccept => {
            Err(format!("listening on {addr} refused: the network grant is for outgoing connections"))
        }
    }
}

/// The ids that tag a guest's output in the host's log.
struct Who {
    app: std::sync::Weak<laf_host::App>,
    call: Arc<Mutex<CallIds>>,
}

impl Who {
    /// A line of the app's function log under the running call.
    fn log(&self, level: laf_host::Level, text: &str) {
        let (function, request_id, capture) = {
            let call = self.call.lock().unwrap_or_else(|e| e.into_inner());
            (call.function.clone(), call.request_id.clone(), call.capture.clone())
        };
        if let Some(app) = self.app.upgrade() {
            app.log_line(&function, &request_id, level, text, capture.as_ref());
        }
    }
}

/// The ids of the call an instance is running, and a debug run's capture.
struct CallIds {
    function: Arc<str>,
    request_id: Arc<str>,
    capture: Option<laf_host::app::logs::LogCapture>,
}

impl CallIds {
    fn of(ctx: &FunctionContext) -> CallIds {
        CallIds {
            function: ctx.function_name.clone(),
            request_id: ctx.request_id.clone(),
            capture: ctx.capture().cloned(),
        }
    }
}

/// A guest's stdout or stderr: each line becomes a log event.
struct LogStream {
    who: Arc<Who>,
    stream: &'static str,
}

impl IsTerminal for LogStream {
    fn is_terminal(&self) -> bool {
        false
    }
}

impl StdoutStream for LogStream {
    fn p2_stream(&self) -> Box<dyn OutputStream> {
        Box::new(LineWriter { who: self.who.clone(), stream: self.stream, line: Vec::new() })
    }

    fn async_stream(&self) -> Box<dyn tokio::io::AsyncWrite + Send + Sync> {
        Box::new(LineWriter { who: self.who.clone(), stream: self.stream, line: Vec::new() })
    }
}

// A longer line is logged in pieces of this size.
const MAX_LINE: usize = 16 * 1024;
// What one write may pass (WASI asks with `check-write` first).
const WRITE_BUDGET: usize = 64 * 1024;

struct LineWriter {
    who: Arc<Who>,
    stream: &'static str,
    line: Vec<u8>,
}

impl LineWriter {
    fn push(&mut self, mut bytes: &[u8]) {
        while let Some(i) = bytes.iter().position(|&b| b == b'\n') {
            self.line.extend_from_slice(&bytes[..i]);
            self.emit();
            bytes = &bytes[i + 1..];
        }
        self.line.extend_from_slice(bytes);
        if self.line.len() >= MAX_LINE {
            self.emit();
        }
    }

    fn emit(&mut self) {
        let text = String::from_utf8_lossy(&self.line);
        let text = text.strip_suffix('\r').unwrap_or(&text);
        // The function's log (kept per app), as console lines are in every language.
        let level = if self.stream == "stderr" { laf_host::Level::Error } else { laf_host::Level::Info };
        self.who.log(level, text);
        self.line.clear();
    }
}

impl Drop for LineWriter {
    fn drop(&mut self) {
        if !self.line.is_empty() {
            self.emit();
        }
    }
}

#[async_trait::async_trait]
impl Pollable for LineWriter {
    async fn ready(&mut self) {}
}

impl OutputStream for LineWriter {
    fn write(&mut self, bytes: Bytes) -> StreamResult<()> {
        self.push(&bytes);
        Ok(())
    }

    fn flush(&mut self) -> StreamResult<()> {
        Ok(())
    }

    fn check_write(&mut self) -> StreamResult<usize> {
        Ok(WRITE_BUDGET)
    }
}

impl tokio::io::AsyncWrite for LineWriter {
    fn poll_write(
        mut self: std::pin::Pin<&mut Self>,
        _cx: &mut std::task::Context<'_>,
        buf: &[u8],
    ) -> std::task::Poll<std::io::Result<usize>> {
        self.push(buf);
        std::task::Poll::Ready(Ok(buf.len()))
    }

    fn poll_flush(
        self: std::pin::Pin<&mut Self>,
        _cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<std::io::Result<()>> {
        std::task::Poll::Ready(Ok(()))
    }

    fn poll_shutdown(
        self: std::pin::Pin<&mut Self>,
        _cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<std::io::Result<()>> {
        std::task::Poll::Ready(Ok(()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sa(s: &str) -> SocketAddr {
        s.parse().unwrap()
    }

    // wasmtime-wasi runs this check before the connect or send syscall: a refusal here means no
    // packet for that address.
    #[test]
    fn connects_and_sends_follow_the_apps_policy() {
        let policy = NetPolicy::default();
        for addr in ["169.254.169.254:80", "127.0.0.1:8000", "[::1]:8000", "0.0.0.0:80", "[::ffff:127.0.0.1]:80"] {
            for usage in [SocketAddrUse::TcpConnect, SocketAddrUse::UdpSend] {
                let why = socket_allowed(&policy, sa(addr), usage).expect_err(addr);
                assert!(why.contains("--allow-net"), "{why}");
            }
        }
        assert!(socket_allowed(&policy, sa("10.1.2.3:5432"), SocketAddrUse::TcpConnect).is_ok());
        let allowed = NetPolicy::new(["127.0.0.1:6379".parse().unwrap()]);
        assert!(socket_allowed(&allowed, sa("127.0.0.1:6379"), SocketAddrUse::TcpConnect).is_ok());
        assert!(socket_allowed(&allowed, sa("127.0.0.1:6380"), SocketAddrUse::TcpConnect).is_err());
    }

    #[test]
    fn only_ephemeral_binds_and_no_listening() {
        let policy = NetPolicy::default();
        assert!(socket_allowed(&policy, sa("0.0.0.0:0"), SocketAddrUse::TcpBind).is_ok());
        assert!(socket_allowed(&policy, sa("[::]:0"), SocketAddrUse::UdpBind).is_ok());
        assert!(socket_allowed(&policy, sa("0.0.0.0:8000"), SocketAddrUse::TcpBind).is_err());
        assert!(socket_allowed(&policy, sa("0.0.0.0:0"), SocketAddrUse::TcpListen).is_err());
    }
}
