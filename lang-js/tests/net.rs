//! `node:net`, `node:tls` and `node:dns` from functions: an SMTP conversation with a local test
//! server in plain text, over TLS (a test certificate trusted through `ca`) and with STARTTLS, as
//! nodemailer holds it.

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

fn host() -> Host {
    let host = Host::builder().language(JsLanguage::new()).workers(1).build().unwrap();
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
