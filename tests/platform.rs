//! Laf's platform semantics end to end, against `laf serve`: special functions, WebSocket,
//! JWT and `ctx.user`, `cloud.invoke` across languages, path parameters, debug runs, function
//! logs and metrics.

#[path = "support/admin.rs"]
mod admin;
#[path = "support/eventually.rs"]
mod eventually;
#[path = "support/guest.rs"]
mod guest;
mod support;

use std::path::Path;
use std::time::{Duration, Instant};

use admin::{Api, TOKEN};
use eventually::eventually;
use futures_util::{SinkExt, StreamExt};
use reqwest::Method;
use serde_json::{Value, json};
use support::{start, temp_dir};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;

fn write(dir: &Path, files: &[(&str, &str)]) {
    for (name, code) in files {
        let path = dir.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, code).unwrap();
    }
}

async fn serve(dir: &Path, extra: &[&str]) -> support::Server {
    let mut args = vec!["--admin-token", TOKEN];
    args.extend_from_slice(extra);
    start(dir, &args).await
}

#[tokio::test]
async fn special_functions_init_intercept_and_fall_back() {
    let dir = temp_dir("special");
    write(
        &dir,
        &[
            (
                "__init__.ts",
                "import cloud from '@lafjs/cloud'\n\
                 export default async function () { cloud.shared.set('inited', (cloud.shared.get('inited') ?? 0) + 1); console.log('init ran') }",
            ),
            (
                "__interceptor__.ts",
                "export default async function (ctx: any, next: any) {\n\
                   if (ctx.query.block) return false\n\
                   if (ctx.headers['x-deny']) { ctx.response.status(401).send('denied by interceptor'); return }\n\
                   if (ctx.query.as) ctx.user = { uid: ctx.query.as }\n\
                   const r = await next(ctx)\n\
                   if (ctx.query.wrap) return { wrapped: r }\n\
                   if (ctx.query.mutate) { r.mutated = true; return r }\n\
                   return r\n\
                 }",
            ),
            (
                "created.ts",
                "import cloud from '@lafjs/cloud'\n\
                 export default async function (ctx: any) { ctx.response.status(201); return { made: true, inited: cloud.shared.get('inited') } }",
            ),
            ("__default__.ts", "export default (ctx: any) => ({ fallback: ctx.__function_name })"),
            ("me.ts", "export default (ctx: any) => ({ user: ctx.user })"),
            ("py/hello.py", "def main(ctx):\n    return {'lang': 'python', 'query': ctx.query}\n"),
        ],
    );
    let s = serve(&dir, &[]).await;
    let api = Api::new(&s.base);
    assert_eq!(api.get("created").await, (201, json!({"made": true, "inited": 1})), "__init__ ran once, first");
    assert_eq!(api.get("created?wrap=1").await, (200, json!({"wrapped": {"made": true, "inited": 1}})));
    assert_eq!(
        api.get("created?mutate=1").await,
        (200, json!({"made": true, "inited": 1, "mutated": true})),
        "a changed result is the interceptor's own answer"
    );
    assert_eq!(api.get("me?as=5").await, (200, json!({"user": {"uid": "5"}})), "next(ctx) carries ctx.user");
    for special in ["__init__", "__interceptor__"] {
        assert_eq!(api.get(special).await.0, 404, "{special} is not reachable over HTTP");
    }
    let (status, body) = api.get("created?block=1").await;
    assert_eq!(status, 403, "an interceptor returning false rejects: {body}");
    assert!(body["requestId"].is_string());
    let r = api.c.get(format!("{}/created", s.base)).header("x-deny", "1").send().await.unwrap();
    assert_eq!((r.status().as_u16(), r.text().await.unwrap()), (401, "denied by interceptor".into()));
    // A JavaScript interceptor in front of a Python function.
    assert_eq!(api.get("py/hello?x=1").await, (200, json!({"lang": "python", "query": {"x": "1"}})));
    assert_eq!(api.get("no/such/thing").await, (200, json!({"fallback": "no/such/thing"})));
    let (_, logs) = api.admin(Method::GET, "apps/local/logs?function=__init__", None).await;
    assert_eq!(logs[0]["message"], "init ran", "{logs}");
}

#[tokio::test]
async fn python_interceptor_and_a_failing_init() {
    let dir = temp_dir("py-special");
    write(
        &dir,
        &[
            ("__init__.py", "def main(ctx):\n    raise RuntimeError('init broke')\n"),
            (
                "__interceptor__.py",
                "def main(ctx, next):\n\
                 \x20   if ctx.query.get('block'):\n        return False\n\
                 \x20   if ctx.query.get('as'):\n        ctx.user = {'uid': ctx.query['as']}\n\
                 \x20   r = next(ctx)\n\
                 \x20   if ctx.query.get('wrap'):\n        return {'wrapped': r}\n\
                 \x20   return r\n",
            ),
            (
                "target.ts",
                "export default (ctx: any) => { ctx.response.status(202); return { ok: true, user: ctx.user } }",
            ),
        ],
    );
    let s = serve(&dir, &[]).await;
    let api = Api::new(&s.base);
    assert_eq!(api.get("target").await, (202, json!({"ok": true, "user": null})), "passed through with its status");
    assert_eq!(api.get("target?wrap=1").await, (200, json!({"wrapped": {"ok": true, "user": null}})));
    assert_eq!(api.get("target?block=1").await.0, 403);
    assert_eq!(
        api.get("target?as=py").await,
        (202, json!({"ok": true, "user": {"uid": "py"}})),
        "next(ctx) carries ctx.user"
    );
    assert!(s.log.lock().unwrap().contains("__init__ failed"), "the failed __init__ is logged and the app serves");
}

async fn ws_connect(
    base: &str,
    path: &str,
    app: &str,
    protocol: Option<&str>,
) -> Result<
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>,
    tokio_tungstenite::tungstenite::Error,
> {
    let url = format!("{}/{path}", base.replace("http://", "ws://"));
    let mut request = url.into_client_request().unwrap();
    let port = base.rsplit(':').next().unwrap();
    request.headers_mut().insert("host", format!("{app}.localhost:{port}").parse().unwrap());
    if let Some(p) = protocol {
        request.headers_mut().insert("sec-websocket-protocol", p.parse().unwrap());
    }
    tokio_tungstenite::connect_async(request).await.map(|(ws, _)| ws)
}

async fn next_text(
    ws: &mut tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>,
) -> String {
    loop {
        let m = tokio::time::timeout(Duration::from_secs(5), ws.next()).await.expect("a message in time");
        match m.expect("the socket is open").expect("no error") {
            Message::Text(t) => return t.to_string(),
            Message::Close(f) => return format!("closed {}", f.map_or(0, |f| u16::from(f.code))),
            _ => continue,
        }
    }
}

const JS_SOCKET: &str = "import cloud from '@lafjs/cloud'\n\
export default async function (ctx: any) {\n\
  if (ctx.method === 'WebSocket:connection') { ctx.socket.send('hi ' + (ctx.user?.uid ?? 'anon')); return }\n\
  if (ctx.method === 'WebSocket:message') {\n\
    const { data } = ctx.params\n\
    if (data === 'count') { ctx.socket.send('open ' + cloud.sockets.size); return }\n\
    if (data === 'broadcast') { for (const s of cloud.sockets) s.send('all'); return }\n\
    if (data === 'bye') { ctx.socket.close(4000, 'bye'); return }\n\
    ctx.socket.send('echo ' + data)\n\
    return\n\
  }\n\
  if (ctx.method === 'WebSocket:close') cloud.shared.set('closed', ctx.params.code)\n\
}";

#[tokio::test]
async fn websocket_events_reach_the_websocket_function_in_js_and_python() {
    let dir = temp_dir("ws");
    write(
        &dir,
        &[
            ("__websocket__.ts", JS_SOCKET),
            (
                "closed.ts",
                "import cloud from '@lafjs/cloud'\nexport default () => ({ closed: cloud.shared.get('closed') ?? null })",
            ),
        ],
    );
    let s = serve(&dir, &[]).await;
    let api = Api::new(&s.base);
    let mut a = ws_connect(&s.base, "chat", "local", None).await.unwrap();
    assert_eq!(next_text(&mut a).await, "hi anon");
    a.send(Message::Text("x".into())).await.unwrap();
    assert_eq!(next_text(&mut a).await, "echo x");
    let mut b = ws_connect(&s.base, "chat", "local", None).await.unwrap();
    assert_eq!(next_text(&mut b).await, "hi anon");
    a.send(Message::Text("count".into())).await.unwrap();
    assert_eq!(next_text(&mut a).await, "open 2", "cloud.sockets has both connections");
    b.send(Message::Text("broadcast".into())).await.unwrap();
    assert_eq!((next_text(&mut a).await, next_text(&mut b).await), ("all".into(), "all".into()));
    a.send(Message::Text("bye".into())).await.unwrap();
    assert_eq!(next_text(&mut a).await, "closed 4000", "ctx.socket.close closes with the code");
    b.close(None).await.unwrap();
    let closed = eventually("the close event", || async {
        let (_, v) = api.get("closed").await;
        (!v["closed"].is_null()).then_some(v["closed"].clone())
    })
    .await;
    assert_eq!(closed, json!(1005), "WebSocket:close ran with the peer's code (none given: 1005)");
    // The close event runs before the socket leaves the app's list: wait for the list too.
    eventually("no open socket left in the metrics", || async {
        let metrics =
            api.c.get(format!("{}/_/metrics", s.base)).bearer_auth(TOKEN).send().await.unwrap().text().await.unwrap();
        metrics.contains("laf_open_sockets{app=\"local\"} 0").then_some(())
    })
    .await;

    // A Python handler on another app, reached by its Host header.
    assert_eq!(api.admin(Method::POST, "apps", Some(json!({"id": "pyws"}))).await.0, 201);
    let py = "from laf import cloud\n\
def main(ctx):\n\
\x20   if ctx.method == 'WebSocket:connection':\n        ctx.socket.send('py hi')\n\
\x20   elif ctx.method == 'WebSocket:message':\n        data = ctx.params['data']\n        ctx.socket.send(('py echo ' + data) if isinstance(data, str) else data[::-1])\n        ctx.socket.send('sockets %d' % len(cloud.sockets))\n";
    let publish = json!({"name": "__websocket__", "language": "python", "source": py});
    assert_eq!(api.admin(Method::POST, "apps/pyws/functions", Some(publish)).await.0, 201);
    let mut p = ws_connect(&s.base, "anything", "pyws", None).await.unwrap();
    assert_eq!(next_text(&mut p).await, "py hi");
    p.send(Message::Text("y".into())).await.unwrap();
    assert_eq!(next_text(&mut p).await, "py echo y");
    assert_eq!(next_text(&mut p).await, "sockets 1", "the other app's sockets are not this app's");
    p.send(Message::Binary(vec![1u8, 2, 3].into())).await.unwrap();
    let reversed = loop {
        match tokio::time::timeout(Duration::from_secs(5), p.next()).await.unwrap().unwrap().unwrap() {
            Message::Binary(b) => break b.to_vec(),
            _ => continue,
        }
    };
    assert_eq!(reversed, vec![3, 2, 1], "binary frames arrive as bytes");
}

#[tokio::test]
async fn websocket_auth_needs_a_valid_token_and_sets_ctx_user() {
    let dir = temp_dir("ws-auth");
    write(
        &dir,
        &[
            ("__websocket__.ts", JS_SOCKET),
            (
                "sign.ts",
                "import cloud from '@lafjs/cloud'\nexport default (ctx: any) => cloud.getToken({ uid: Number(ctx.query.uid) })",
            ),
        ],
    );
    let s = serve(&dir, &["--websocket-auth"]).await;
    let api = Api::new(&s.base);
    let (status, _) =
        api.admin(Method::PATCH, "apps/local/env", Some(json!({"set": {"SERVER_SECRET": "ws-secret"}}))).await;
    assert_eq!(status, 200);
    let err = ws_connect(&s.base, "chat", "local", None).await.unwrap_err();
    assert!(err.to_string().contains("401"), "no token: {err}");
    let err = ws_connect(&s.base, "chat?token=forged.token.x", "local", None).await.unwrap_err();
    assert!(err.to_string().contains("401"), "a bad token: {err}");
    let (_, token) = api.get("sign?uid=42").await;
    let token = token.as_str().unwrap().to_owned();
    let mut q = ws_connect(&s.base, &format!("chat?token={token}"), "local", None).await.unwrap();
    assert_eq!(next_text(&mut q).await, "hi 42", "ctx.user from the query token");
    let mut h = ws_connect(&s.base, "chat", "local", Some(&token)).await.unwrap();
    assert_eq!(next_text(&mut h).await, "hi 42", "ctx.user from Sec-WebSocket-Protocol");
}

fn probe_wasm() -> std::path::PathBuf {
    guest::build("lang-wasm/tests/guests/probe", "lang_wasm_probe", false)
}

#[tokio::test]
async fn tokens_sign_parse_and_become_ctx_user_in_every_language() {
    let dir = temp_dir("jwt");
    write(
        &dir,
        &[
            (
                "sign.ts",
                "import cloud from '@lafjs/cloud'\n\
                 export default (ctx: any) => cloud.getToken({ uid: Number(ctx.query.uid), exp: Math.floor(Date.now() / 1000) + Number(ctx.query.ttl ?? 60) }, ctx.query.secret)",
            ),
            (
                "parse.ts",
                "import cloud from '@lafjs/cloud'\nexport default (ctx: any) => ({ p: cloud.parseToken(ctx.query.t) })",
            ),
            ("whoami.ts", "export default (ctx: any) => ({ user: ctx.user })"),
            ("whoami_py.py", "def main(ctx):\n    return {'user': ctx.user}\n"),
        ],
    );
    std::fs::copy(probe_wasm(), dir.join("probe.wasm")).unwrap();
    let s = serve(&dir, &[]).await;
    let api = Api::new(&s.base);
    api.admin(Method::PATCH, "apps/local/env", Some(json!({"set": {"SERVER_SECRET": "jwt-secret"}}))).await;
    let (status, token) = api.get("sign?uid=7").await;
    assert_eq!(status, 200, "{token}");
    let token = token.as_str().unwrap().to_owned();
    let (_, parsed) = api.get(&format!("parse?t={token}")).await;
    assert_eq!(parsed["p"]["uid"], 7);
    let (_, expired) = api.get("sign?uid=7&ttl=-120").await;
    let (_, other) = api.get("sign?uid=7&secret=other").await;
    for bad in [expired.as_str().unwrap(), other.as_str().unwrap(), "garbage"] {
        assert_eq!(api.get(&format!("parse?t={bad}")).await.1, json!({"p": null}), "{bad}");
    }
    for path in ["whoami", "whoami_py"] {
        let r = api.c.get(format!("{}/{path}", s.base)).bearer_auth(&token).send().await.unwrap();
        let v: Value = r.json().await.unwrap();
        assert_eq!(v["user"]["uid"], 7, "{path}: {v}");
        let r = api.c.get(format!("{}/{path}", s.base)).bearer_auth(expired.as_str().unwrap()).send().await.unwrap();
        assert_eq!(r.json::<Value>().await.unwrap()["user"], Value::Null, "{path}: an expired token is no user");
        let r = api.c.get(format!("{}/{path}", s.base)).send().await.unwrap();
        assert_eq!(r.json::<Value>().await.unwrap()["user"], Value::Null, "{path}: no token, no user");
    }
    let r = api.c.get(format!("{}/probe?case=whoami", s.base)).bearer_auth(&token).send().await.unwrap();
    let v: Value = serde_json::from_str(&r.text().await.unwrap()).unwrap();
    assert_eq!(v["uid"], 7, "the WebAssembly SDK verifies with the app's secret");
}

#[tokio::test]
async fn invoke_crosses_languages_and_paths_take_parameters() {
    let dir = temp_dir("invoke");
    write(
        &dir,
        &[
            ("users/[id].ts", "export default (ctx: any) => ({ id: ctx.params.id, via: ctx.method })"),
            ("users/me.ts", "export default () => 'me'"),
            ("[org]/repos/[repo].py", "def main(ctx):\n    return dict(ctx.params)\n"),
            ("double.py", "def main(ctx):\n    return {'doubled': ctx.body['n'] * 2}\n"),
            ("from_wasm.py", "def main(ctx):\n    return {'got': ctx.body, 'lang': 'python'}\n"),
            ("triple.ts", "export default (ctx: any) => ({ tripled: ctx.body.n * 3, q: ctx.query })"),
            (
                "caller.ts",
                "import cloud from '@lafjs/cloud'\n\
                 export default async function () {\n\
                   const py = await cloud.invoke('double', { body: { n: 2 } })\n\
                   const wasm = await cloud.invoke('probe', { query: { case: 'env' } })\n\
                   const user = await cloud.invoke('users/9')\n\
                   let missing\n\
                   try { await cloud.invoke('nope') } catch (e: any) { missing = e.message }\n\
                   return { py, wasm, user, missing }\n\
                 }",
            ),
            (
                "pycaller.py",
                "from laf import cloud, LafError\n\
def main(ctx):\n\
\x20   r = cloud.invoke('triple', {'body': {'n': 5}, 'query': {'a': '1'}})\n\
\x20   try:\n        cloud.invoke('nope')\n        missing = None\n\
\x20   except LafError as e:\n        missing = e.code\n\
\x20   return {'js': r, 'missing': missing}\n",
            ),
            ("loop.ts", "import cloud from '@lafjs/cloud'\nexport default async () => await cloud.invoke('loop')"),
        ],
    );
    std::fs::copy(probe_wasm(), dir.join("probe.wasm")).unwrap();
    let s = serve(&dir, &[]).await;
    let api = Api::new(&s.base);
    assert_eq!(api.get("users/42").await, (200, json!({"id": "42", "via": "GET"})));
    assert_eq!(api.get("users/me").await, (200, json!("me")), "a literal name wins over a pattern");
    assert_eq!(api.get("users/42/x").await.0, 404);
    assert_eq!(api.get("laf/repos/main").await, (200, json!({"org": "laf", "repo": "main"})));
    let (status, v) = api.get("caller").await;
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["py"], json!({"doubled": 4}), "JavaScript -> Python");
    // The probe answers an unset variable and how many there are: the SERVER_SECRET every app has
    // and the five OSS_* variables of the host's S3 endpoint.
    assert_eq!(v["wasm"], json!("None 6"), "JavaScript -> WebAssembly (text answers are strings)");
    assert_eq!(v["user"], json!({"id": "9", "via": "GET"}), "invoke resolves path parameters");
    assert!(v["missing"].as_str().unwrap().contains("no function named \"nope\""), "{v}");
    let (status, v) = api.get("pycaller").await;
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["js"], json!({"tripled": 15, "q": {"a": "1"}}), "Python -> JavaScript");
    assert_eq!(v["missing"], "InvokeError");
    let (status, v) = api.get("probe?case=invoke&target=from_wasm").await;
    assert_eq!(
        (status, v),
        (200, json!("200 {\"got\":{\"from\":\"wasm\"},\"lang\":\"python\"}")),
        "WebAssembly -> Python"
    );
    let started = Instant::now();
    assert_eq!(api.get("loop").await.0, 500, "endless recursion ends in an error");
    assert!(started.elapsed() < Duration::from_secs(10));
}

#[tokio::test]
async fn webassembly_functions_get_params_sockets_and_next() {
    let dir = temp_dir("wasm-platform");
    let probe = probe_wasm();
    std::fs::create_dir_all(dir.join("users")).unwrap();
    std::fs::copy(&probe, dir.join("users/[id].wasm")).unwrap();
    std::fs::copy(&probe, dir.join("__websocket__.wasm")).unwrap();
    let s = serve(&dir, &[]).await;
    let api = Api::new(&s.base);
    assert_eq!(api.get("users/5?case=params").await, (200, json!("id=5")));
    assert_eq!(api.get("users/6?case=print").await, (200, json!("printed")));
    let (_, lines) = api.admin(Method::GET, "apps/local/logs?function=users/[id]", None).await;
    let lines: Vec<_> = lines
        .as_array()
        .unwrap()
        .iter()
        .map(|l| (l["level"].as_str().unwrap(), l["message"].as_str().unwrap()))
        .collect();
    assert_eq!(
        lines,
        [("info", "hello from stdout"), ("error", "hello from stderr"), ("info", "hello from log")],
        "a WebAssembly function's output is its log, under the pattern's name"
    );

    let mut ws = ws_connect(&s.base, "chat?case=socket", "local", None).await.unwrap();
    let hello = loop {
        match tokio::time::timeout(Duration::from_secs(5), ws.next()).await.unwrap().unwrap().unwrap() {
            Message::Binary(b) => break b.to_vec(),
            _ => continue,
        }
    };
    assert_eq!(hello, b"wasm hi");
    ws.send(Message::Text("m".into())).await.unwrap();
    assert_eq!(next_text(&mut ws).await, "wasm echo m (1 open)");

    // An interceptor in WebAssembly, published through the admin API to an app of its own.
    use base64::Engine as _;
    let b64 = base64::engine::general_purpose::STANDARD.encode(std::fs::read(&probe).unwrap());
    assert_eq!(api.admin(Method::POST, "apps", Some(json!({"id": "wasmapp"}))).await.0, 201);
    let interceptor = json!({"name": "__interceptor__", "filename": "__interceptor__.wasm", "source": {"base64": b64}});
    let (status, body) = api.admin(Method::POST, "apps/wasmapp/functions", Some(interceptor)).await;
    assert_eq!(status, 201, "{body}");
    let target = json!({"name": "target", "language": "ts", "source": "export default (ctx: any) => { ctx.response.status(202); return { ok: true } }"});
    assert_eq!(api.admin(Method::POST, "apps/wasmapp/functions", Some(target)).await.0, 201);
    let port = s.base.rsplit(':').next().unwrap();
    let r = api
        .c
        .get(format!("{}/target?case=intercept", s.base))
        .header("host", format!("wasmapp.localhost:{port}"))
        .send()
        .await
        .unwrap();
    assert_eq!((r.status().as_u16(), r.headers()["x-intercepted"].to_str().unwrap()), (202, "wasm"));
    assert_eq!(r.json::<Value>().await.unwrap(), json!({"ok": true}));
    let r = api
        .c
        .get(format!("{}/target?case=intercept", s.base))
        .header("host", format!("wasmapp.localhost:{port}"))
        .header("x-block", "1")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403, "JSON false from an interceptor that did not call next");
}
