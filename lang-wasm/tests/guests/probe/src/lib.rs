//! A guest exercising the host: `?case=<name>` picks what it does.

wit_bindgen::generate!({ world: "function", path: "../../../../laf-sdk/wit" });

use exports::laf::cloud::handler::Guest;
use laf::cloud::types::{Request, Response};
use laf::cloud::{database, env, log, shared, storage};

struct Probe;

fn text(status: u16, body: impl Into<String>) -> Response {
    Response { status, headers: vec![("content-type".into(), "text/plain".into())], body: body.into().into_bytes() }
}

// `{ a: <i32> }` as BSON, built by hand to keep this guest free of dependencies.
fn doc_a(a: i32) -> Vec<u8> {
    let mut d = vec![12, 0, 0, 0, 0x10, b'a', 0];
    d.extend_from_slice(&a.to_le_bytes());
    d.push(0);
    d
}

fn param(query: &str, name: &str) -> String {
    query.split('&').find_map(|p| p.strip_prefix(name).and_then(|r| r.strip_prefix('='))).unwrap_or_default().to_owned()
}

impl Guest for Probe {
    fn handle(req: Request) -> Response {
        let case = req.query.split('&').find_map(|p| p.strip_prefix("case=")).unwrap_or("echo").to_owned();
        match case.as_str() {
            "echo" => {
                let seen = req.headers.iter().find(|(n, _)| n == "x-test").map(|(_, v)| v.clone()).unwrap_or_default();
                let mut r = text(
                    201,
                    format!(
                        "{} {} {} {} {} {}",
                        req.method,
                        req.path,
                        req.query,
                        req.function_name,
                        req.request_id,
                        String::from_utf8_lossy(&req.body)
                    ),
                );
                r.headers.push(("x-seen".into(), seen));
                r
            }
            "loop" => {
                // Says it runs, so that a test racing it knows it does.
                shared::set("looping", "true").unwrap();
                loop {
                    std::hint::black_box(());
                }
            }
            "alloc" => {
                let mut hoard: Vec<Vec<u8>> = Vec::new();
                loop {
                    hoard.push(vec![1u8; 1 << 20]);
                    std::hint::black_box(&hoard);
                }
            }
            "panic" => panic!("the probe panicked on purpose"),
            "bad-header" => {
                let mut r = text(200, "split");
                r.headers.push(("x-split".into(), "a\r\nset-cookie: forged=1".into()));
                r
            }
            "print" => {
                println!("hello from stdout");
                eprintln!("hello from stderr");
                log::log(log::Level::Info, "hello from log");
                text(200, "printed")
            }
            "shared" => {
                if shared::set("k", "not json").is_ok() {
                    return text(500, "set accepted non-JSON");
                }
                shared::set("k", "{\"v\":1}").unwrap();
                let got = shared::get("k").unwrap_or_default();
                let removed = shared::remove("k");
                text(200, format!("{got} {removed} {:?}", shared::get("k")))
            }
            "env" => text(200, format!("{:?} {}", env::get("GREETING"), env::all().len())),
            "db" => {
                let r = (|| -> Result<String, laf::cloud::types::Error> {
                    database::insert_one("probe", &doc_a(1))?;
                    database::insert_one("probe", &doc_a(2))?;
                    let n = database::count("probe", &[])?;
                    let one = database::find_one("probe", &doc_a(2))?.is_some();
                    let deleted = database::delete("probe", &[], true)?;
                    Ok(format!("{n} {one} {deleted}"))
                })();
                match r {
                    Ok(s) => text(200, s),
                    Err(e) => text(500, format!("{}: {}", e.code, e.message)),
                }
            }
            "storage" => {
                let r = (|| -> Result<String, laf::cloud::types::Error> {
                    let etag = storage::write("files", "notes/a.txt", b"hello bucket", Some("text/plain"))?;
                    storage::write("files", "notes/b.bin", &[0, 159, 146, 150], None)?;
                    let a = storage::read("files", "notes/a.txt")?;
                    let b = storage::read("files", "notes/b.bin")?;
                    let page = storage::list("files", Some("notes/"), None, None, None)?;
                    let keys: Vec<_> = page.objects.iter().map(|o| format!("{}:{}", o.key, o.size)).collect();
                    storage::delete("files", "notes/a.txt")?;
                    let gone = match storage::read("files", "notes/a.txt") {
                        Ok(_) => "still there".to_owned(),
                        Err(e) => e.code,
                    };
                    let url = storage::presign("files", "notes/b.bin", storage::PresignMethod::Get, 60)?;
                    let other = match storage::read("other-app-files", "x") {
                        Ok(_) => "read another app's bucket".to_owned(),
                        Err(e) => e.code,
                    };
                    Ok(format!(
                        "{} {:?} {} {:?} {} {gone} {} {other}",
                        String::from_utf8_lossy(&a.body),
                        a.content_type,
                        a.etag == etag,
                        b.body,
                        keys.join(","),
                        url.contains("/_/storage/") && url.contains("notes/b.bin"),
                    ))
                })();
                match r {
                    Ok(s) => text(200, s),
                    Err(e) => text(500, format!("{}: {}", e.code, e.message)),
                }
            }
            "fs" => match std::fs::read_to_string("/data/in.txt") {
                Ok(s) => text(200, format!("{s} {}", std::fs::write("/data/out.txt", "written").is_ok())),
                Err(e) => text(200, format!("denied: {e}")),
            },
            // The sandbox's attack cases: `path`, `addr` come raw from the query (no escapes).
            "read" => {
                let path = param(&req.query, "path");
                match std::fs::read_to_string(&path) {
                    Ok(s) => text(200, format!("read {path}: {s}")),
                    Err(e) => text(200, format!("denied {path}: {:?} {e}", e.kind())),
                }
            }
            "connect" => {
                let addr = param(&req.query, "addr");
                match std::net::TcpStream::connect(&addr) {
                    Ok(_) => text(200, format!("connected {addr}")),
                    Err(e) => text(200, format!("denied {addr}: {:?} {e}", e.kind())),
                }
            }
            "udp" => {
                let addr = param(&req.query, "addr");
                let sent = std::net::UdpSocket::bind("0.0.0.0:0").and_then(|s| s.send_to(b"probe", &addr));
                match sent {
                    Ok(_) => text(200, format!("sent {addr}")),
                    Err(e) => text(200, format!("denied {addr}: {:?} {e}", e.kind())),
                }
            }
            "listen" => match std::net::TcpListener::bind("0.0.0.0:0") {
                Ok(l) => text(200, format!("listening {:?}", l.local_addr())),
                Err(e) => text(200, format!("denied: {:?} {e}", e.kind())),
            },
            "count" => {
                // Guest globals: kept while the instance is reused, fresh after a failed call.
                static CALLS: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
                text(200, (CALLS.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1).to_string())
            }
            "token" => match laf::cloud::token::sign("{\"uid\":7}", Some(60)) {
                Ok(t) => match laf::cloud::token::verify(&t) {
                    Ok(payload) => text(200, payload),
                    Err(e) => text(200, format!("verify: {}", e.code)),
                },
                Err(e) => text(200, e.code),
            },
            "whoami" => {
                let auth = req.headers.iter().find(|(n, _)| n == "authorization").map(|(_, v)| v.clone());
                match auth.as_deref().and_then(|a| a.strip_prefix("Bearer ")).map(laf::cloud::token::verify) {
                    Some(Ok(payload)) => text(200, payload),
                    Some(Err(e)) => text(401, e.code),
                    None => text(401, "no token"),
                }
            }
            "params" => {
                let params = laf::cloud::call::params();
                text(200, params.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join(","))
            }
            "socket" => match laf::cloud::call::socket() {
                Some(id) => {
                    let body = String::from_utf8_lossy(&req.body).into_owned();
                    if req.method == "WebSocket:message" {
                        let open = laf::cloud::sockets::list().len();
                        laf::cloud::sockets::send_text(id, &format!("wasm echo {body} ({open} open)"));
                    } else if req.method == "WebSocket:connection" {
                        laf::cloud::sockets::send_binary(id, b"wasm hi");
                    }
                    text(200, "")
                }
                None => text(200, "no socket"),
            },
            "intercept" => {
                if req.headers.iter().any(|(n, _)| n == "x-block") {
                    return Response {
                        status: 200,
                        headers: vec![("content-type".into(), "application/json".into())],
                        body: b"false".to_vec(),
                    };
                }
                match laf::cloud::call::next() {
                    Ok(mut r) => {
                        r.headers.push(("x-intercepted".into(), "wasm".into()));
                        r
                    }
                    Err(e) => text(500, e.code),
                }
            }
            "invoke" => {
                let target = req.query.split('&').find_map(|p| p.strip_prefix("target=")).unwrap_or("echo").to_owned();
                let call = Request {
                    method: "POST".into(),
                    path: format!("/{target}"),
                    query: String::new(),
                    headers: vec![("content-type".into(), "application/json".into())],
                    body: b"{\"from\":\"wasm\"}".to_vec(),
                    request_id: req.request_id.clone(),
                    function_name: target.clone(),
                };
                match laf::cloud::invoke::invoke(&target, &call) {
                    Ok(r) => text(200, format!("{} {}", r.status, String::from_utf8_lossy(&r.body))),
                    Err(e) => text(200, format!("{}: {}", e.code, e.message)),
                }
            }
            other => text(404, format!("no case {other}")),
        }
    }
}

export!(Probe);
