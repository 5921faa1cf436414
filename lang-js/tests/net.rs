//! `node:net`, `node:tls` and `node:dns` from functions: an SMTP conversation with a local test
//! server in plain text, over TLS (a test certificate trusted through `ca`) and with STARTTLS, as
//! nodemailer holds it; and the app's network policy on sockets, `fetch` and `http`.
//!
//! Every connection these tests let a function make goes to 127.0.0.1. The other refused addresses
//! (`169.254.169.254`) are refused before a socket exists, which the engine's unit tests check
//! without a network (`engine::net::policy`).

use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use http::Request;
use laf_host::{AppConfig, FunctionSource, Host};
use lang_js::JsLanguage;
use serde_json::{Value, json};
use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncWrite, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

const APP: &str = "net";
const CERT: &str = include_str!("fixtures/tls/cert.pem");
const KEY: &str = include_str!("fixtures/tls/key.pem");

// These functions talk to test servers on loopback, which the default network policy refuses.
fn host() -> Host {
    host_allowing(&["127.0.0.1"])
}

/// A host whose app may connect where `rules` (`--allow-net` rules) say, beyond the default policy.
fn host_allowing(rules: &[&str]) -> Host {
    let mut builder = Host::builder().language(JsLanguage::new()).workers(1);
    for rule in rules {
        builder = builder.allow_net(None, rule.parse().unwrap());
    }
    let host = builder.build().unwrap();
    host.create_app(APP, Some(AppConfig { timeout: Duration::from_secs(20), ..AppConfig::default() })).unwrap();
    host
}

fn acceptor() -> tokio_rustls::TlsAcceptor {
    use rustls::pki_types::pem::PemObject;
    use rustls::pki_types::{CertificateDer, PrivateKeyDer};
    let certs = vec![CertificateDer::from_pem_slice(CERT.as_bytes()).unwrap()];
    let key = PrivateKeyDer::from_pem_slice(KEY.as_bytes()).unwrap();
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(certs, key)
        .unwrap();
    tokio_rustls::TlsAcceptor::from(Arc::new(config))
}

/// One SMTP session on `stream`; returns the message it was given. `starttls` offers STARTTLS.
async fn smtp<S: AsyncRead + AsyncWrite + Unpin>(stream: S, greet: bool) -> (String, Option<S>) {
    let mut lines = BufReader::new(stream);
    if greet {
        lines.get_mut().write_all(b"220 test.local ESMTP ready\r\n").await.unwrap();
    }
    let mut message = String::new();
    let mut in_data = false;
    loop {
        let mut line = String::new();
        if lines.read_line(&mut line).await.unwrap() == 0 {
            return (message, None);
        }
        if in_data {
            if line == ".\r\n" {
                in_data = false;
                lines.get_mut().write_all(b"250 2.0.0 queued as 42\r\n").await.unwrap();
            } else {
                message.push_str(&line);
            }
            continue;
        }
        let command = line.trim_end().to_ascii_uppercase();
        let reply: &[u8] = if command.starts_with("EHLO") {
            b"250-test.local greets you\r\n250-STARTTLS\r\n250 SIZE 1000000\r\n"
        } else if command == "STARTTLS" {
            lines.get_mut().write_all(b"220 2.0.0 ready to start TLS\r\n").await.unwrap();
            return (message, Some(lines.into_inner()));
        } else if command.starts_with("MAIL FROM") || command.starts_with("RCPT TO") {
            b"250 2.1.0 ok\r\n"
        } else if command == "DATA" {
            in_data = true;
            b"354 end with <CRLF>.<CRLF>\r\n"
        } else if command == "QUIT" {
            lines.get_mut().write_all(b"221 2.0.0 bye\r\n").await.unwrap();
            lines.get_mut().shutdown().await.ok();
            return (message, None);
        } else {
            b"502 5.5.2 unknown command\r\n"
        };
        lines.get_mut().write_all(reply).await.unwrap();
    }
}

// A small SMTP client as a function: each command waits for its reply line(s), as nodemailer does.
const CLIENT: &str = r#"
import net from 'node:net';
import tls from 'node:tls';

function conversation(socket) {
  let buffer = '';
  const waiting = [];
  socket.setEncoding('utf8');
  socket.on('data', (chunk) => {
    buffer += chunk;
    let end;
    // A reply is complete at a line whose code is followed by a space.
    while ((end = buffer.search(/^\d{3} .*\r\n/m)) >= 0) {
      const stop = buffer.indexOf('\r\n', end) + 2;
      const reply = buffer.slice(0, stop);
      buffer = buffer.slice(stop);
      (waiting.shift() || (() => {}))(reply.trim());
    }
  });
  return (line) => new Promise((resolve) => { waiting.push(resolve); if (line !== undefined) socket.write(line + '\r\n'); });
}

export default async function (ctx) {
  const { port, mode } = ctx.query;
  const ca = ctx.body && ctx.body.ca;
  const log = [];
  let socket;
  if (mode === 'tls') {
    socket = tls.connect({ host: '127.0.0.1', port: Number(port), servername: 'localhost', ca });
    await new Promise((r, j) => socket.once('secureConnect', r).once('error', j));
    log.push(`secure ${socket.authorized} ${socket.getProtocol()}`);
  } else {
    socket = net.connect(Number(port), '127.0.0.1');
    await new Promise((r, j) => socket.once('connect', r).once('error', j));
  }
  let say = conversation(socket);
  log.push(await say());
  log.push(await say('EHLO laf.test'));
  if (mode === 'starttls') {
    log.push(await say('STARTTLS'));
    socket = tls.connect({ socket, servername: 'localhost', ca });
    await new Promise((r, j) => socket.once('secureConnect', r).once('error', j));
    log.push(`upgraded ${socket.encrypted} ${socket.authorized}`);
    say = conversation(socket);
    log.push(await say('EHLO laf.test'));
  }
  log.push(await say('MAIL FROM:<fn@laf.test>'));
  log.push(await say('RCPT TO:<you@example.com>'));
  log.push(await say('DATA'));
  log.push(await say('Subject: hello\r\n\r\nsent from a cloud function\r\n.'));
  log.push(await say('QUIT'));
  await new Promise((r) => (socket.readableEnded ? r() : socket.once('end', r)));
  socket.destroy();
  return { log, remote: socket.remotePort === Number(port), written: socket.bytesWritten > 0 };
}
"#;

async fn call(host: &Host, query: &str, ca: Option<&str>) -> Value {
    let body = serde_json::to_vec(&json!({ "ca": ca })).unwrap();
    let request = Request::post(format!("/smtp?{query}"))
        .header("content-type", "application/json")
        .body(Bytes::from(body))
        .unwrap();
    let response = host.invoke(APP, "smtp", request).await.unwrap();
    let status = response.status;
    let body = response.collect_body().await;
    let value: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    if !status.is_success() {
        let query = laf_host::app::logs::LogQuery::default();
        let log: Vec<String> = host.app(APP).unwrap().logs().query(&query).into_iter().map(|l| l.message).collect();
        panic!("{status}: {value} {log:?}");
    }
    value
}

const PLAIN_LOG: [&str; 7] = [
    "220 test.local ESMTP ready",
    "250-test.local greets you\r\n250-STARTTLS\r\n250 SIZE 1000000",
    "250 2.1.0 ok",
    "250 2.1.0 ok",
    "354 end with <CRLF>.<CRLF>",
    "250 2.0.0 queued as 42",
    "221 2.0.0 bye",
];

/// Runs the SMTP client function in `mode` against a one-connection server `serve`, which answers
/// the message it was given: (the function's answer, that message).
async fn converse<S, F>(mode: &str, ca: Option<&str>, serve: S) -> (Value, String)
where
    S: FnOnce(tokio::net::TcpStream) -> F + Send + 'static,
    F: std::future::Future<Output = String> + Send + 'static,
{
    let host = host();
    host.publish(APP, FunctionSource::new("smtp", "smtp.mjs", CLIENT)).await.unwrap();
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let server = tokio::spawn(async move { serve(listener.accept().await.unwrap().0).await });
    let got = call(&host, &format!("port={port}&mode={mode}"), ca).await;
    (got, server.await.unwrap())
}

const MESSAGE: &str = "Subject: hello\r\n\r\nsent from a cloud function\r\n";

#[tokio::test]
async fn an_smtp_conversation_over_net() {
    let (got, message) = converse("plain", None, |stream| async move { smtp(stream, true).await.0 }).await;
    assert_eq!(got["log"], json!(PLAIN_LOG));
    assert_eq!((got["remote"].as_bool(), got["written"].as_bool()), (Some(true), Some(true)));
    assert_eq!(message, MESSAGE);
}

#[tokio::test]
async fn an_smtp_conversation_over_tls_with_a_test_ca() {
    let tls = acceptor();
    let (got, message) =
        converse("tls", Some(CERT), |stream| async move { smtp(tls.accept(stream).await.unwrap(), true).await.0 })
            .await;
    let mut expected = vec!["secure true TLSv1.3"];
    expected.extend(PLAIN_LOG);
    assert_eq!(got["log"], json!(expected));
    assert_eq!(message, MESSAGE);
}

#[tokio::test]
async fn starttls_upgrades_the_same_connection() {
    let tls = acceptor();
    let (got, message) = converse("starttls", Some(CERT), |stream| async move {
        let (_, plain) = smtp(stream, true).await;
        let secure = tls.accept(plain.expect("STARTTLS")).await.unwrap();
        smtp(secure, false).await.0
    })
    .await;
    let log: Vec<&str> = got["log"].as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect();
    assert_eq!(&log[..4], [PLAIN_LOG[0], PLAIN_LOG[1], "220 2.0.0 ready to start TLS", "upgraded true true"]);
    assert_eq!(&log[4..], &PLAIN_LOG[1..]);
    assert_eq!(message, MESSAGE);
}

#[tokio::test]
async fn failures_say_what_node_says() {
    let host = host();
    let code = r#"
import net from 'net';
import tls from 'tls';
import dns from 'node:dns';
import { lookup } from 'dns/promises';
const failure = (socket) => new Promise((resolve) => socket.once('error', (e) => resolve([e.code, e.syscall, e.message])).once('connect', () => resolve('connected')));
export default async function (ctx) {
  const port = Number(ctx.query.port);
  return {
    refused: await failure(net.connect(1, '127.0.0.1')),
    untrusted: await failure(tls.connect({ host: '127.0.0.1', port, servername: 'localhost' })),
    lookup: await lookup('localhost', { all: true }).then((l) => l.some((a) => a.address === '127.0.0.1' || a.address === '::1')),
    callback: await new Promise((r) => dns.lookup('127.0.0.1', (e, address, family) => r([e, address, family]))),
    missing: await lookup('no-such-host.invalid').catch((e) => [e.code, e.hostname]),
    isIP: [net.isIP('10.0.0.1'), net.isIP('::1'), net.isIP('laf.run')],
    server: (() => { try { net.createServer(); return 'created'; } catch (e) { return e.code; } })(),
  };
}
"#;
    host.publish(APP, FunctionSource::new("fail", "fail.mjs", code)).await.unwrap();
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let tls = acceptor();
    tokio::spawn(async move {
        let (stream, _) = listener.accept().await.unwrap();
        let _ = tls.accept(stream).await;
    });
    let request = Request::get(format!("/fail?port={port}")).body(Bytes::new()).unwrap();
    let response = host.invoke(APP, "fail", request).await.unwrap();
    let got: Value = serde_json::from_slice(&response.collect_body().await).unwrap();
    assert_eq!(got["refused"], json!(["ECONNREFUSED", "connect", "connect ECONNREFUSED 127.0.0.1:1"]));
    assert_eq!(got["untrusted"][0], "UNABLE_TO_VERIFY_LEAF_SIGNATURE", "{got}");
    assert_eq!(got["lookup"], true);
    assert_eq!(got["callback"], json!([null, "127.0.0.1", 4]));
    assert_eq!(got["missing"], json!(["ENOTFOUND", "no-such-host.invalid"]));
    assert_eq!(got["isIP"], json!([4, 6, 0]));
    assert_eq!(got["server"], "ERR_NOT_AVAILABLE");
}

// An attacker's probes: each answers what the function saw (an answer, or the error's fields).
const PROBE: &str = r#"
import http from 'node:http';
import net from 'node:net';
import tls from 'node:tls';
const fields = (e) => e && { name: e.name, message: e.message, code: e.code, syscall: e.syscall, address: e.address, port: e.port };
const viaFetch = (url) => fetch(url).then(
  async (r) => ({ status: r.status, text: await r.text(), url: r.url }),
  (e) => ({ ...fields(e), cause: fields(e.cause) }));
const viaHttp = (url) => new Promise((resolve) => http.get(url, (res) => {
  let text = '';
  res.on('data', (c) => { text += c; }).on('end', () => resolve({ status: res.statusCode, text }));
}).on('error', (e) => resolve(fields(e))));
const viaSocket = (port, host, secure) => new Promise((resolve) => {
  const s = secure ? tls.connect({ port, host, servername: 'localhost' }) : net.connect(port, host);
  s.once(secure ? 'secureConnect' : 'connect', () => { s.destroy(); resolve('connected'); }).once('error', (e) => resolve(fields(e)));
});
export default async function (ctx) {
  const { mode, url, host, port } = ctx.query;
  if (mode === 'fetch') return viaFetch(url);
  if (mode === 'http') return viaHttp(url);
  return viaSocket(Number(port), host, mode === 'tls');
}
"#;

async fn probe(host: &Host, query: &[(&str, &str)]) -> Value {
    if host.app(APP).unwrap().function("probe").is_none() {
        host.publish(APP, FunctionSource::new("probe", "probe.mjs", PROBE)).await.unwrap();
    }
    let query: String = form_urlencoded::Serializer::new(String::new()).extend_pairs(query).finish();
    let response = host.invoke(APP, "probe", Request::get(format!("/probe?{query}")).body(Bytes::new()).unwrap()).await;
    let response = response.unwrap();
    let status = response.status;
    let body = response.collect_body().await;
    assert!(status.is_success(), "{status}: {}", String::from_utf8_lossy(&body));
    // A string answer (`connected`) is text.
    serde_json::from_slice(&body).unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&body).into_owned()))
}

/// Asserts `got` is the policy's refusal of `addr` as `fetch` reports it.
fn assert_fetch_refused(got: &Value, addr: &str) {
    assert_eq!((got["name"].as_str(), got["message"].as_str()), (Some("TypeError"), Some("fetch failed")), "{got}");
    let cause = &got["cause"];
    assert_eq!((cause["code"].as_str(), cause["syscall"].as_str()), (Some("EACCES"), Some("connect")), "{got}");
    let message = cause["message"].as_str().unwrap_or_default();
    assert!(message.contains(&format!("connection to {addr} refused")) && message.contains("--allow-net"), "{got}");
    let (ip, port) = addr.rsplit_once(':').unwrap();
    assert_eq!(cause["address"], ip.trim_matches(['[', ']']), "{got}");
    assert_eq!(cause["port"], port.parse::<u16>().unwrap(), "{got}");
}

/// A local HTTP server answering `hi` on `/` (counting its requests) and redirecting `/to?url=U`
/// to `U`; its address.
async fn web_server() -> (std::net::SocketAddr, Arc<std::sync::atomic::AtomicUsize>) {
    use axum::extract::Query;
    use std::sync::atomic::{AtomicUsize, Ordering};
    let hits = Arc::new(AtomicUsize::new(0));
    let counted = hits.clone();
    let app = axum::Router::new()
        .route(
            "/",
            axum::routing::get(move || async move {
                counted.fetch_add(1, Ordering::SeqCst);
                "hi"
            }),
        )
        .route(
            "/to",
            axum::routing::get(|Query(q): Query<std::collections::HashMap<String, String>>| async move {
                (http::StatusCode::FOUND, [(http::header::LOCATION, q["url"].clone())])
            }),
        );
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (addr, hits)
}

#[tokio::test]
async fn fetch_and_http_reach_loopback_only_where_an_exception_allows() {
    use std::sync::atomic::Ordering;
    let (web, hits) = web_server().await;
    let (other, other_hits) = web_server().await;
    let url = format!("http://{web}/");

    // The default policy: the literal, a name resolving to it (from /etc/hosts), and `http`.
    let h = host_allowing(&[]);
    assert_fetch_refused(&probe(&h, &[("mode", "fetch"), ("url", &url)]).await, &web.to_string());
    let by_name = format!("http://localhost:{}/", web.port());
    assert_fetch_refused(&probe(&h, &[("mode", "fetch"), ("url", &by_name)]).await, &web.to_string());
    let got = probe(&h, &[("mode", "http"), ("url", &url)]).await;
    assert_eq!((got["code"].as_str(), got["syscall"].as_str()), (Some("EACCES"), Some("connect")), "{got}");
    assert!(got["message"].as_str().unwrap().contains("--allow-net"), "{got}");
    // The metadata service: refused before any socket (engine::net::policy's unit tests).
    let got = probe(&h, &[("mode", "fetch"), ("url", "http://169.254.169.254/latest/meta-data/")]).await;
    assert_fetch_refused(&got, "169.254.169.254:80");
    assert_eq!(hits.load(Ordering::SeqCst), 0, "the server was reached");

    // An exception for one port allows that port, not another on the same address.
    let h = host_allowing(&[&format!("127.0.0.1:{}", web.port())]);
    let got = probe(&h, &[("mode", "fetch"), ("url", &url)]).await;
    assert_eq!((got["status"].as_u64(), got["text"].as_str()), (Some(200), Some("hi")), "{got}");
    let got = probe(&h, &[("mode", "http"), ("url", &url)]).await;
    assert_eq!((got["status"].as_u64(), got["text"].as_str()), (Some(200), Some("hi")), "{got}");
    assert_eq!(hits.load(Ordering::SeqCst), 2);
    assert_fetch_refused(
        &probe(&h, &[("mode", "fetch"), ("url", &format!("http://{other}/"))]).await,
        &other.to_string(),
    );
    assert_eq!(other_hits.load(Ordering::SeqCst), 0);

    // A redirect from an allowed server to a refused address (literal or name) is refused.
    let h = host_allowing(&[&format!("127.0.0.1:{}", other.port())]);
    for target in [url.clone(), by_name.clone()] {
        let redirect =
            format!("http://{other}/to?url={}", form_urlencoded::byte_serialize(target.as_bytes()).collect::<String>());
        assert_fetch_refused(&probe(&h, &[("mode", "fetch"), ("url", &redirect)]).await, &web.to_string());
        // The host's client follows redirects for `http` too (Node's would answer the 302).
        let got = probe(&h, &[("mode", "http"), ("url", &redirect)]).await;
        assert_eq!(got["code"], "EACCES", "{got}");
    }
    assert_eq!(hits.load(Ordering::SeqCst), 2, "the redirect reached the refused server");
    // ...and one to an allowed address is followed.
    let h = host_allowing(&[&format!("127.0.0.1:{}", other.port()), &format!("127.0.0.1:{}", web.port())]);
    let redirect =
        format!("http://{other}/to?url={}", form_urlencoded::byte_serialize(by_name.as_bytes()).collect::<String>());
    let got = probe(&h, &[("mode", "fetch"), ("url", &redirect)]).await;
    assert_eq!(
        (got["status"].as_u64(), got["text"].as_str(), got["url"].as_str()),
        (Some(200), Some("hi"), Some(by_name.as_str())),
        "{got}"
    );
}

#[tokio::test]
async fn a_socket_to_loopback_fails_with_an_error_event_unless_allowed() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port().to_string();
    let h = host_allowing(&[]);
    for (mode, host) in [("net", "127.0.0.1"), ("net", "localhost"), ("tls", "127.0.0.1"), ("net", "::ffff:127.0.0.1")]
    {
        let got = probe(&h, &[("mode", mode), ("host", host), ("port", &port)]).await;
        assert_eq!(
            (got["code"].as_str(), got["syscall"].as_str()),
            (Some("EACCES"), Some("connect")),
            "{mode} {host}: {got}"
        );
        let message = got["message"].as_str().unwrap();
        assert!(message.contains(&format!(":{port} refused by the app's network policy")), "{got}");
        assert!(message.contains("--allow-net"), "{got}");
        assert_eq!((got["address"].as_str(), got["port"].as_u64()), (Some(host), port.parse().ok()), "{got}");
    }
    // Refused before any socket (engine::net::policy's unit tests).
    let got = probe(&h, &[("mode", "net"), ("host", "169.254.169.254"), ("port", "80")]).await;
    assert_eq!(got["code"], "EACCES", "{got}");
    let accepted = tokio::time::timeout(Duration::from_millis(200), listener.accept()).await;
    assert!(accepted.is_err(), "the listener was reached");

    let h = host_allowing(&[&format!("127.0.0.1:{port}")]);
    let accept = tokio::spawn(async move { listener.accept().await.map(|_| ()) });
    assert_eq!(probe(&h, &[("mode", "net"), ("host", "localhost"), ("port", &port)]).await, "connected");
    accept.await.unwrap().unwrap();
}
