//! Outbound TCP and TLS for `node:net`, `node:tls` and `node:dns` (see `node/net.js`): connections
//! a function opens to SMTP, Redis or MySQL servers.
//!
//! A socket belongs to its app's context, not to one call: clients keep connections across calls
//! as they do on Node. Connecting is bounded by the calling invocation's deadline. Each socket's
//! reader is a task on the worker that hands chunks to the socket's JavaScript callback; writes are
//! queued in order behind one lock. Dropping the app's context closes its sockets. Every
//! connection goes through the app's network policy ([`policy`]).

pub(crate) mod policy;

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;
use std::sync::{Arc, OnceLock};

use laf_host::{NetDenied, NetPolicy};
use rquickjs::function::Opt;
use rquickjs::{Ctx, Exception, Function, Object, Persistent, Promise, TypedArray, Value};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, ReadHalf, WriteHalf};
use tokio_util::sync::{CancellationToken, DropGuard};

use super::State;

type R<T> = rquickjs::Result<T>;

/// A byte stream, plain or TLS.
trait Io: AsyncRead + AsyncWrite + Unpin {}
impl<T: AsyncRead + AsyncWrite + Unpin> Io for T {}
type Stream = Box<dyn Io>;

struct NetSocket {
    writer: Rc<tokio::sync::Mutex<Option<WriteHalf<Stream>>>>,
    // Stops the reader; it gives its half back for a TLS upgrade.
    stop: CancellationToken,
    _reader: DropGuard,
    reader_back: Option<tokio::sync::oneshot::Receiver<ReadHalf<Stream>>>,
}

/// The sockets of one app context.
#[derive(Default)]
struct Table {
    sockets: RefCell<HashMap<u32, NetSocket>>,
    next: Cell<u32>,
}

/// How a connection failed, as Node reports it (`connect ECONNREFUSED 127.0.0.1:1`).
struct NetError {
    code: &'static str,
    errno: i32,
    syscall: &'static str,
    message: String,
}

fn io_error(e: &std::io::Error, syscall: &'static str, target: &str) -> NetError {
    use std::io::ErrorKind::*;
    let (code, errno) = match e.kind() {
        ConnectionRefused => ("ECONNREFUSED", -111),
        ConnectionReset => ("ECONNRESET", -104),
        ConnectionAborted => ("ECONNABORTED", -103),
        TimedOut => ("ETIMEDOUT", -110),
        AddrNotAvailable => ("EADDRNOTAVAIL", -99),
        BrokenPipe => ("EPIPE", -32),
        NotConnected => ("ENOTCONN", -107),
        HostUnreachable => ("EHOSTUNREACH", -113),
        NetworkUnreachable => ("ENETUNREACH", -101),
        _ => ("EIO", -5),
    };
    NetError { code, errno, syscall, message: format!("{syscall} {code} {target}") }
}

/// A connection the app's network policy refuses, as Node reports one the system forbids
/// (`EACCES`), with the policy's message: the address, why, and how an operator allows it.
fn denied(e: &NetDenied) -> NetError {
    NetError { code: "EACCES", errno: -13, syscall: "connect", message: e.to_string() }
}

/// The Error `fetch` and `http` reject with when the policy refuses a connection: `denied`'s,
/// naming the address and port as Node's connection errors do.
pub(crate) fn refusal<'js>(cx: &Ctx<'js>, d: &NetDenied) -> R<Exception<'js>> {
    let error = error_of(cx, denied(d))?;
    error.set("address", d.addr.ip().to_string())?;
    error.set("port", d.addr.port())?;
    Ok(error)
}

/// A name that does not resolve, as Node's `getaddrinfo` reports it.
fn not_found(host: &str) -> NetError {
    NetError {
        code: "ENOTFOUND",
        errno: -3008,
        syscall: "getaddrinfo",
        message: format!("getaddrinfo ENOTFOUND {host}"),
    }
}

fn connect_failed(e: policy::Refused, host: &str, target: &str) -> NetError {
    match e {
        policy::Refused::Denied(d) => denied(&d),
        policy::Refused::Connect(e) => io_error(&e, "connect", target),
        policy::Refused::Lookup => not_found(host),
    }
}

fn error_of<'js>(cx: &Ctx<'js>, e: NetError) -> R<Exception<'js>> {
    let error = Exception::from_message(cx.clone(), &e.message)?;
    error.set("code", e.code)?;
    error.set("errno", e.errno)?;
    error.set("syscall", e.syscall)?;
    Ok(error)
}

fn reject_with<'js>(cx: &Ctx<'js>, reject: &Function<'js>, e: NetError) -> R<()> {
    reject.call::<_, ()>((error_of(cx, e)?,))
}

fn tls_config(ca: Option<&str>, verify: bool) -> Result<Arc<rustls::ClientConfig>, String> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let builder = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| e.to_string())?;
    if !verify {
        return Ok(Arc::new(
            builder.dangerous().with_custom_certificate_verifier(Arc::new(AnyCert)).with_no_client_auth(),
        ));
    }
    let mut roots = rustls::RootCertStore::empty();
    let Some(pem) = ca else {
        roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
        return Ok(Arc::new(builder.with_root_certificates(roots).with_no_client_auth()));
    };
    // Node: `ca` replaces the default roots.
    use rustls::pki_types::pem::PemObject;
    let mut pinned = Vec::new();
    for cert in rustls::pki_types::CertificateDer::pem_slice_iter(pem.as_bytes()) {
        let cert = cert.map_err(|e| format!("cannot read the ca certificate: {e}"))?;
        roots.add(cert.clone()).map_err(|e| format!("cannot use the ca certificate: {e}"))?;
        pinned.push(cert);
    }
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let webpki = rustls::client::WebPkiServerVerifier::builder_with_provider(Arc::new(roots), provider)
        .build()
        .map_err(|e| format!("cannot use the ca certificates: {e}"))?;
    let verifier = Arc::new(Pinned { webpki, pinned });
    Ok(Arc::new(builder.dangerous().with_custom_certificate_verifier(verifier).with_no_client_auth()))
}

// Default roots are parsed once per process.
fn default_tls() -> Result<Arc<rustls::ClientConfig>, String> {
    static CONFIG: OnceLock<Result<Arc<rustls::ClientConfig>, String>> = OnceLock::new();
    CONFIG.get_or_init(|| tls_config(None, true)).clone()
}

/// Certificates chaining to the given `ca`, as webpki checks them, and also a self-signed server
/// certificate given itself as `ca` (webpki refuses a CA as end entity; OpenSSL, so Node, takes it).
#[derive(Debug)]
struct Pinned {
    webpki: Arc<rustls::client::WebPkiServerVerifier>,
    pinned: Vec<rustls::pki_types::CertificateDer<'static>>,
}

impl rustls::client::danger::ServerCertVerifier for Pinned {
    fn verify_server_cert(
        &self,
        end_entity: &rustls::pki_types::CertificateDer<'_>,
        intermediates: &[rustls::pki_types::CertificateDer<'_>],
        server_name: &rustls::pki_types::ServerName<'_>,
        ocsp: &[u8],
        now: rustls::pki_types::UnixTime,
    ) -> Result<rustls::client::danger::ServerCertVerified, rustls::Error> {
        match self.webpki.verify_server_cert(end_entity, intermediates, server_name, ocsp, now) {
            Err(_) if self.pinned.iter().any(|c| c.as_ref() == end_entity.as_ref()) => {
                Ok(rustls::client::danger::ServerCertVerified::assertion())
            }
            other => other,
        }
    }
    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &rustls::pki_types::CertificateDer<'_>,
        dss: &rustls::DigitallySignedStruct,
    ) -> Result<rustls::client::danger::HandshakeSignatureValid, rustls::Error> {
        self.webpki.verify_tls12_signature(message, cert, dss)
    }
    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &rustls::pki_types::CertificateDer<'_>,
        dss: &rustls::DigitallySignedStruct,
    ) -> Result<rustls::client::danger::HandshakeSignatureValid, rustls::Error> {
        self.webpki.verify_tls13_signature(message, cert, dss)
    }
    fn supported_verify_schemes(&self) -> Vec<rustls::SignatureScheme> {
        self.webpki.supported_verify_schemes()
    }
}

/// `rejectUnauthorized: false`: any certificate, as Node allows when asked.
#[derive(Debug)]
struct AnyCert;

impl rustls::client::danger::ServerCertVerifier for AnyCert {
    fn verify_server_cert(
        &self,
        _end_entity: &rustls::pki_types::CertificateDer<'_>,
        _intermediates: &[rustls::pki_types::CertificateDer<'_>],
        _server_name: &rustls::pki_types::ServerName<'_>,
        _ocsp: &[u8],
        _now: rustls::pki_types::UnixTime,
    ) -> Result<rustls::client::danger::ServerCertVerified, rustls::Error> {
        Ok(rustls::client::danger::ServerCertVerified::assertion())
    }
    fn verify_tls12_signature(
        &self,
        _message: &[u8],
        _cert: &rustls::pki_types::CertificateDer<'_>,
        _dss: &rustls::DigitallySignedStruct,
    ) -> Result<rustls::client::danger::HandshakeSignatureValid, rustls::Error> {
        Ok(rustls::client::danger::HandshakeSignatureValid::assertion())
    }
    fn verify_tls13_signature(
        &self,
        _message: &[u8],
        _cert: &rustls::pki_types::CertificateDer<'_>,
        _dss: &rustls::DigitallySignedStruct,
    ) -> Result<rustls::client::danger::HandshakeSignatureValid, rustls::Error> {
        Ok(rustls::client::danger::HandshakeSignatureValid::assertion())
    }
    fn supported_verify_schemes(&self) -> Vec<rustls::SignatureScheme> {
        rustls::crypto::ring::default_provider().signature_verification_algorithms.supported_schemes()
    }
}

/// TLS settings of a connect or upgrade call: `[servername, ca, rejectUnauthorized]`.
struct TlsOptions {
    servername: String,
    ca: Option<String>,
    verify: bool,
}

async fn handshake(stream: Stream, o: &TlsOptions) -> Result<(Stream, String), NetError> {
    let config = match (&o.ca, o.verify) {
        (None, true) => default_tls(),
        (ca, verify) => tls_config(ca.as_deref(), verify),
    };
    let fail =
        |message: String| NetError { code: "ERR_TLS_CERT_ALTNAME_INVALID", errno: 0, syscall: "connect", message };
    let config = config.map_err(fail)?;
    let name = rustls::pki_types::ServerName::try_from(o.servername.clone())
        .map_err(|e| fail(format!("invalid servername {:?}: {e}", o.servername)))?;
    let tls = tokio_rustls::TlsConnector::from(config).connect(name, stream).await.map_err(|e| {
        let message = e.to_string();
        let code = if message.contains("UnknownIssuer") || message.contains("certificate") {
            "UNABLE_TO_VERIFY_LEAF_SIGNATURE"
        } else {
            "ECONNRESET"
        };
        NetError { code, errno: 0, syscall: "connect", message: format!("TLS handshake failed: {message}") }
    })?;
    let protocol = match tls.get_ref().1.protocol_version() {
        Some(rustls::ProtocolVersion::TLSv1_3) => "TLSv1.3",
        Some(rustls::ProtocolVersion::TLSv1_2) => "TLSv1.2",
        _ => "unknown",
    };
    Ok((Box::new(tls), protocol.to_owned()))
}

fn tls_options(v: &Value<'_>) -> R<Option<TlsOptions>> {
    let Some(o) = v.as_object() else {
        return Ok(None);
    };
    Ok(Some(TlsOptions {
        servername: o.get::<_, Option<String>>("servername")?.unwrap_or_default(),
        ca: o.get::<_, Option<String>>("ca")?,
        verify: o.get::<_, Option<bool>>("rejectUnauthorized")?.unwrap_or(true),
    }))
}

/// Installs `netConnect`, `netUpgrade`, `netWrite`, `netEnd`, `netClose` and `dnsLookup`;
/// connections go where `net` (the app's network policy) allows.
pub(crate) fn install<'js>(
    cx: &Ctx<'js>,
    n: &Object<'js>,
    st: &Rc<State>,
    app_id: &Rc<str>,
    app_ptr: usize,
    net: &Rc<NetPolicy>,
) -> R<()> {
    let table = Rc::new(Table::default());
    // An idle socket's reader holds the app's callbacks until the peer closes: dropping the
    // sockets when the app goes lets its context, and so its runtime, be freed at once.
    let held = table.clone();
    st.releases.borrow_mut().entry(app_ptr).or_default().push(Box::new(move || held.sockets.borrow_mut().clear()));
    let (s, t, app, net) = (st.clone(), table.clone(), app_id.clone(), net.clone());
    n.set(
        // Resolves [id, localAddress, localPort, remoteAddress, remotePort, family, tlsProtocol].
        "netConnect",
        Function::new(
            cx.clone(),
            move |cx: Ctx<'js>, host: String, port: u16, tls: Value<'js>, on_event: Function<'js>| -> R<Promise<'js>> {
                let tls = tls_options(&tls)?;
                let (promise, resolve, reject) = cx.promise()?;
                let (resolve, reject) = (Persistent::save(&cx, resolve), Persistent::save(&cx, reject));
                let on_event = Persistent::save(&cx, on_event);
                let owner = s.entered.get();
                let deadline = s.deadline_for(owner);
                let (s2, t2, app2, net) = (s.clone(), t.clone(), app.clone(), net.clone());
                tokio::task::spawn_local(async move {
                    let target = format!("{host}:{port}");
                    let result = tokio::time::timeout_at(deadline.into(), async {
                        let tcp =
                            policy::tcp(&net, &host, port).await.map_err(|e| connect_failed(e, &host, &target))?;
                        let _ = tcp.set_nodelay(true);
                        let (local, remote) = (tcp.local_addr().ok(), tcp.peer_addr().ok());
                        let stream: Stream = Box::new(tcp);
                        let (stream, protocol) = match &tls {
                            Some(o) => handshake(stream, o).await?,
                            None => (stream, String::new()),
                        };
                        Ok::<_, NetError>((stream, local, remote, protocol))
                    })
                    .await
                    .unwrap_or_else(|_| {
                        Err(NetError {
                            code: "ETIMEDOUT",
                            errno: -110,
                            syscall: "connect",
                            message: format!("connect ETIMEDOUT {target} (the invocation's deadline passed)"),
                        })
                    });
                    complete(&s2, &app2, app_ptr, owner, "socket connect", |cx| match result {
                        Ok((stream, local, remote, protocol)) => {
                            let id = t2.next.get() + 1;
                            t2.next.set(id);
                            let socket = start(&s2, &app2, app_ptr, stream, on_event);
                            t2.sockets.borrow_mut().insert(id, socket);
                            let info = rquickjs::Array::new(cx.clone())?;
                            info.set(0, id)?;
                            info.set(1, local.map(|a| a.ip().to_string()))?;
                            info.set(2, local.map(|a| a.port()))?;
                            info.set(3, remote.map(|a| a.ip().to_string()))?;
                            info.set(4, remote.map(|a| a.port()))?;
                            info.set(5, if remote.is_some_and(|a| a.is_ipv6()) { "IPv6" } else { "IPv4" })?;
                            info.set(6, protocol)?;
                            resolve.restore(cx)?.call::<_, ()>((info,))
                        }
                        Err(e) => reject_with(cx, &reject.restore(cx)?, e),
                    });
                });
                Ok(promise)
            },
        )?,
    )?;
    let (s, t, app) = (st.clone(), table.clone(), app_id.clone());
    n.set(
        // STARTTLS: the plain socket `id` continues as TLS under the same id; resolves the protocol.
        "netUpgrade",
        Function::new(
            cx.clone(),
            move |cx: Ctx<'js>, id: u32, tls: Value<'js>, on_event: Function<'js>| -> R<Promise<'js>> {
                let Some(o) = tls_options(&tls)? else {
                    return Err(Exception::throw_type(&cx, "TLS options are required"));
                };
                let (promise, resolve, reject) = cx.promise()?;
                let (resolve, reject) = (Persistent::save(&cx, resolve), Persistent::save(&cx, reject));
                let on_event = Persistent::save(&cx, on_event);
                let Some(mut socket) = t.sockets.borrow_mut().remove(&id) else {
                    return Err(Exception::throw_message(&cx, "the socket is closed"));
                };
                socket.stop.cancel();
                let (s2, t2, app2) = (s.clone(), t.clone(), app.clone());
                let owner = s.entered.get();
                tokio::task::spawn_local(async move {
                    let reader = match socket.reader_back.take() {
                        Some(back) => back.await.ok(),
                        None => None,
                    };
                    let writer = socket.writer.lock().await.take();
                    let result = match (reader, writer) {
                        (Some(r), Some(w)) => handshake(r.unsplit(w), &o).await,
                        _ => Err(NetError {
                            code: "ERR_SOCKET_CLOSED",
                            errno: 0,
                            syscall: "connect",
                            message: "Socket is closed".into(),
                        }),
                    };
                    complete(&s2, &app2, app_ptr, owner, "socket upgrade", |cx| match result {
                        Ok((stream, protocol)) => {
                            let socket = start(&s2, &app2, app_ptr, stream, on_event);
                            t2.sockets.borrow_mut().insert(id, socket);
                            resolve.restore(cx)?.call::<_, ()>((protocol,))
                        }
                        Err(e) => reject_with(cx, &reject.restore(cx)?, e),
                    });
                });
                Ok(promise)
            },
        )?,
    )?;
    let (s, t, app) = (st.clone(), table.clone(), app_id.clone());
    n.set(
        // Resolves once the bytes are handed to the kernel (or the TLS layer); `end` shuts the
        // write side down after them.
        "netWrite",
        Function::new(
            cx.clone(),
            move |cx: Ctx<'js>, id: u32, data: TypedArray<'js, u8>, end: Opt<bool>| -> R<Promise<'js>> {
                // SAFETY: copied out before any JavaScript runs.
                let bytes: Vec<u8> = unsafe { data.as_bytes() }.map(<[u8]>::to_vec).unwrap_or_default();
                let end = end.0.unwrap_or(false);
                let (promise, resolve, reject) = cx.promise()?;
                let (resolve, reject) = (Persistent::save(&cx, resolve), Persistent::save(&cx, reject));
                let writer = t.sockets.borrow().get(&id).map(|s| s.writer.clone());
                let (s2, app2) = (s.clone(), app.clone());
                let owner = s.entered.get();
                tokio::task::spawn_local(async move {
                    let result = match writer {
                        None => {
                            Err(NetError { code: "EPIPE", errno: -32, syscall: "write", message: "write EPIPE".into() })
                        }
                        Some(writer) => {
                            let mut guard = writer.lock().await;
                            match guard.as_mut() {
                                None => Err(NetError {
                                    code: "EPIPE",
                                    errno: -32,
                                    syscall: "write",
                                    message: "write EPIPE".into(),
                                }),
                                Some(w) => {
                                    let mut r = w.write_all(&bytes).await;
                                    if r.is_ok() {
                                        r = w.flush().await;
                                    }
                                    if r.is_ok() && end {
                                        r = w.shutdown().await;
                                    }
                                    r.map_err(|e| io_error(&e, "write", ""))
                                }
                            }
                        }
                    };
                    complete(&s2, &app2, app_ptr, owner, "socket write", |cx| match result {
                        Ok(()) => resolve.restore(cx)?.call::<_, ()>(()),
                        Err(e) => reject_with(cx, &reject.restore(cx)?, e),
                    });
                });
                Ok(promise)
            },
        )?,
    )?;
    let t = table.clone();
    n.set(
        "netClose",
        Function::new(cx.clone(), move |id: u32| {
            // Dropping stops the reader and closes both halves.
            t.sockets.borrow_mut().remove(&id);
        })?,
    )?;
    let (s, app) = (st.clone(), app_id.clone());
    n.set(
        // Resolves [[address, family], ...] in the resolver's order.
        "dnsLookup",
        Function::new(cx.clone(), move |cx: Ctx<'js>, host: String| -> R<Promise<'js>> {
            let (promise, resolve, reject) = cx.promise()?;
            let (resolve, reject) = (Persistent::save(&cx, resolve), Persistent::save(&cx, reject));
            let owner = s.entered.get();
            let deadline = s.deadline_for(owner);
            let (s2, app2) = (s.clone(), app.clone());
            tokio::task::spawn_local(async move {
                let found = tokio::time::timeout_at(deadline.into(), tokio::net::lookup_host((host.as_str(), 0))).await;
                let result: Result<Vec<(String, u8)>, NetError> = match found {
                    Ok(Ok(addrs)) => {
                        let mut seen = Vec::new();
                        for a in addrs {
                            let entry = (a.ip().to_string(), if a.is_ipv6() { 6 } else { 4 });
                            if !seen.contains(&entry) {
                                seen.push(entry);
                            }
                        }
                        Ok(seen)
                    }
                    _ => Err(not_found(&host)),
                };
                complete(&s2, &app2, app_ptr, owner, "dns lookup", |cx| match result {
                    Ok(list) => {
                        let out = rquickjs::Array::new(cx.clone())?;
                        for (i, (address, family)) in list.into_iter().enumerate() {
                            let pair = rquickjs::Array::new(cx.clone())?;
                            pair.set(0, address)?;
                            pair.set(1, family)?;
                            out.set(i, pair)?;
                        }
                        resolve.restore(cx)?.call::<_, ()>((out,))
                    }
                    Err(e) => {
                        let r = reject.restore(cx)?;
                        let error = Exception::from_message(cx.clone(), &e.message)?;
                        error.set("code", e.code)?;
                        error.set("errno", e.errno)?;
                        error.set("syscall", e.syscall)?;
                        error.set("hostname", host.as_str())?;
                        r.call::<_, ()>((error,))
                    }
                });
            });
            Ok(promise)
        })?,
    )?;
    Ok(())
}

/// Runs `settle` in the app's context as the call `owner` (when the app is still there), then the
/// jobs it queued; a failure becomes a line of the app's log.
fn complete(
    st: &Rc<State>,
    app: &str,
    app_ptr: usize,
    owner: Option<u32>,
    what: &str,
    settle: impl for<'js> FnOnce(&Ctx<'js>) -> R<()>,
) {
    let Some(env) = st.env_of(app, app_ptr) else {
        return;
    };
    env.context.with(|cx| {
        if let Err(e) = st.enter(owner, || settle(&cx)) {
            st.log(app, "error", &format!("{what} failed: {}", st.failure(&cx, e)));
        }
        st.enter(owner, || st.drain_jobs(&cx));
    });
}

// Splits `stream` and starts its reader, which calls `on_event("data", bytes)`, then
// `on_event("end")` or `on_event("error", message, code)`.
fn start(
    st: &Rc<State>,
    app: &Rc<str>,
    app_ptr: usize,
    stream: Stream,
    on_event: Persistent<Function<'static>>,
) -> NetSocket {
    let (mut reader, writer) = tokio::io::split(stream);
    let stop = CancellationToken::new();
    let (give_back, reader_back) = tokio::sync::oneshot::channel();
    let (s, app, token) = (st.clone(), app.clone(), stop.clone());
    tokio::task::spawn_local(async move {
        let mut buf = vec![0u8; 64 * 1024];
        loop {
            let read = tokio::select! {
                _ = token.cancelled() => {
                    let _ = give_back.send(reader);
                    return;
                }
                r = reader.read(&mut buf) => r,
            };
            let Some(env) = s.env_of(&app, app_ptr) else {
                return;
            };
            let done = env.context.with(|cx| {
                let r = s.enter(None, || -> R<bool> {
                    let f = on_event.clone().restore(&cx)?;
                    match &read {
                        Ok(0) => f.call::<_, ()>(("end",)).map(|_| true),
                        Ok(n) => f
                            .call::<_, ()>(("data", TypedArray::<u8>::new(cx.clone(), buf[..*n].to_vec())?))
                            .map(|_| false),
                        Err(e) => {
                            let e = io_error(e, "read", "");
                            f.call::<_, ()>(("error", e.message, e.code)).map(|_| true)
                        }
                    }
                });
                s.enter(None, || s.drain_jobs(&cx));
                r.unwrap_or(true)
            });
            if done {
                return;
            }
        }
    });
    NetSocket {
        writer: Rc::new(tokio::sync::Mutex::new(Some(writer))),
        _reader: stop.clone().drop_guard(),
        stop,
        reader_back: Some(reader_back),
    }
}
