//! Natives of Laf's platform features: `ctx.user`, `ctx.params`, `ctx.socket` and
//! `cloud.sockets`, `cloud.getToken`/`parseToken`, `cloud.invoke`, and the interceptor's `next`.
//!
//! `invoke` and `next` run the other function through the host (it may be in another language)
//! as a task on this worker; their promise settles with the answer as data when it is back.

use std::rc::Rc;
use std::sync::{Arc, Weak};

use laf_host::bindings::token;
use laf_host::response::response_data;
use laf_host::{App, FunctionResponse, ResponseData, SocketEvent};
use rquickjs::{Ctx, Exception, Function, Object, Persistent, TypedArray, Value};

use super::State;

type R<T> = rquickjs::Result<T>;

pub(crate) fn install<'js>(cx: &Ctx<'js>, n: &Object<'js>, st: &Rc<State>, app: &Arc<App>, owner: usize) -> R<()> {
    request(cx, n, st, owner)?;
    sockets(cx, n, Arc::downgrade(app))?;
    tokens(cx, n, Arc::downgrade(app))?;
    calls(cx, n, st, app, owner)?;
    Ok(())
}

fn json_value<'js>(cx: &Ctx<'js>, value: &serde_json::Value) -> R<Value<'js>> {
    cx.json_parse(value.to_string())
}

fn request<'js>(cx: &Ctx<'js>, n: &Object<'js>, st: &Rc<State>, owner: usize) -> R<()> {
    let s = st.clone();
    n.set(
        "user",
        Function::new(cx.clone(), move |cx: Ctx<'js>, id: u32| -> R<Value<'js>> {
            let user = s.calls.borrow().get(&id).filter(|_| s.owns(owner, id)).and_then(|c| c.ctx.user.clone());
            match user {
                Some(u) => json_value(&cx, &u),
                None => Ok(Value::new_null(cx)),
            }
        })?,
    )?;
    let s = st.clone();
    n.set(
        "params",
        Function::new(cx.clone(), move |cx: Ctx<'js>, id: u32| -> R<Value<'js>> {
            let found = s
                .calls
                .borrow()
                .get(&id)
                .filter(|_| s.owns(owner, id))
                .map(|c| (c.ctx.socket().map(|s| s.event.clone()), c.ctx.params.clone()));
            match found {
                None => Ok(Object::new(cx)?.into_value()),
                Some((Some(SocketEvent::Message { data, binary: true }), _)) => {
                    let o = Object::new(cx.clone())?;
                    o.set("data", TypedArray::<u8>::new(cx.clone(), data.to_vec())?)?;
                    o.set("isBinary", true)?;
                    Ok(o.into_value())
                }
                Some((Some(event), _)) => json_value(&cx, &event.params_json()),
                Some((None, params)) => super::natives::pairs_object(&cx, params.to_vec()),
            }
        })?,
    )?;
    let s = st.clone();
    n.set(
        // The id of the socket of a WebSocket event's call.
        "wsOf",
        Function::new(cx.clone(), move |id: u32| -> Option<f64> {
            let calls = s.calls.borrow();
            let c = calls.get(&id).filter(|_| s.owns(owner, id))?;
            c.ctx.socket().map(|s| s.socket.id() as f64)
        })?,
    )?;
    Ok(())
}

fn sockets<'js>(cx: &Ctx<'js>, n: &Object<'js>, app: Weak<App>) -> R<()> {
    let a = app.clone();
    n.set(
        "wsList",
        Function::new(cx.clone(), move || -> Vec<f64> {
            a.upgrade().map(|app| app.sockets().iter().map(|s| s.id() as f64).collect()).unwrap_or_default()
        })?,
    )?;
    let a = app.clone();
    n.set(
        "wsOpen",
        Function::new(cx.clone(), move |id: f64| {
            a.upgrade().and_then(|app| app.socket(id as u64)).is_some_and(|s| s.is_open())
        })?,
    )?;
    let a = app.clone();
    n.set(
        "wsSend",
        Function::new(cx.clone(), move |cx: Ctx<'js>, id: f64, data: Value<'js>| -> R<bool> {
            let Some(socket) = a.upgrade().and_then(|app| app.socket(id as u64)) else {
                return Ok(false);
            };
            if let Some(text) = data.as_string() {
                return Ok(socket.send_text(text.to_string()?));
            }
            Ok(socket.send_binary(super::natives::bytes_of(&cx, &data)?))
        })?,
    )?;
    n.set(
        "wsClose",
        Function::new(cx.clone(), move |id: f64, code: Option<u16>, reason: Option<String>| {
            if let Some(socket) = app.upgrade().and_then(|app| app.socket(id as u64)) {
                socket.close(code, reason.as_deref().unwrap_or(""));
            }
        })?,
    )?;
    Ok(())
}

fn tokens<'js>(cx: &Ctx<'js>, n: &Object<'js>, app: Weak<App>) -> R<()> {
    let a = app.clone();
    n.set(
        "tokenSign",
        Function::new(cx.clone(), move |cx: Ctx<'js>, payload: String, secret: Option<String>| -> R<String> {
            let app = a.upgrade().ok_or_else(|| Exception::throw_message(&cx, "the app is gone"))?;
            let env = app.env();
            let payload: serde_json::Value = serde_json::from_str(&payload)
                .map_err(|e| Exception::throw_type(&cx, &format!("getToken: the payload is not JSON: {e}")))?;
            let secret = token::secret(secret.as_deref(), &env)
                .map_err(|e| Exception::throw_message(&cx, &format!("getToken: {e}")))?;
            token::sign(&payload, secret).map_err(|e| Exception::throw_message(&cx, &format!("getToken: {e}")))
        })?,
    )?;
    n.set(
        "tokenParse",
        Function::new(cx.clone(), move |cx: Ctx<'js>, text: String, secret: Option<String>| -> R<Value<'js>> {
            let Some(app) = app.upgrade() else {
                return Ok(Value::new_null(cx));
            };
            let env = app.env();
            let text = text.strip_prefix("Bearer ").unwrap_or(&text);
            match token::secret(secret.as_deref(), &env).ok().and_then(|s| token::parse(text, s)) {
                Some(v) => json_value(&cx, &v),
                None => Ok(Value::new_null(cx)),
            }
        })?,
    )?;
    Ok(())
}

/// The answer of another function as a JavaScript value: JSON parsed, text as a string, other
/// bytes as a Uint8Array, nothing as undefined.
fn data_value<'js>(cx: &Ctx<'js>, data: ResponseData) -> R<Value<'js>> {
    match data {
        ResponseData::Empty => Ok(Value::new_undefined(cx.clone())),
        ResponseData::Json(v) => json_value(cx, &v),
        ResponseData::Text(t) => rquickjs::String::from_str(cx.clone(), &t).map(|s| s.into_value()),
        ResponseData::Bytes(b) => TypedArray::<u8>::new(cx.clone(), b.to_vec()).map(|a| a.into_value()),
    }
}

fn calls<'js>(cx: &Ctx<'js>, n: &Object<'js>, st: &Rc<State>, app: &Arc<App>, owner: usize) -> R<()> {
    let s = st.clone();
    let weak = Arc::downgrade(app);
    let app_id: Rc<str> = app.id().into();
    n.set(
        "invoke",
        Function::new(
            cx.clone(),
            move |cx: Ctx<'js>, name: String, param: Option<String>| -> R<rquickjs::Promise<'js>> {
                let app = weak.upgrade().ok_or_else(|| Exception::throw_message(&cx, "the app is gone"))?;
                let param = match param {
                    Some(text) => Some(serde_json::from_str::<serde_json::Value>(&text).map_err(|e| {
                        Exception::throw_type(&cx, &format!("cloud.invoke: the param is not JSON: {e}"))
                    })?),
                    None => None,
                };
                let owner_call = s.entered.get().filter(|&id| s.owns(owner, id));
                // The caller's request, copied: the callee runs with it, changed by `param`.
                let caller = {
                    let calls = s.calls.borrow();
                    match owner_call.and_then(|id| calls.get(&id)) {
                        Some(c) => c.ctx.fork(&c.ctx.function_name, c.ctx.origin.clone()),
                        None => laf_host::FunctionContext::internal(
                            app.clone(),
                            "",
                            http::Method::POST,
                            laf_host::Origin::Init,
                        ),
                    }
                };
                let deadline = caller.deadline;
                let future = async move {
                    let result =
                        tokio::time::timeout_at(deadline.into(), app.invoke_from(&caller, &name, param.as_ref()))
                            .await
                            .map_err(|_| format!("cloud.invoke({name:?}) timed out at the caller's deadline"))?
                            .map_err(|e| format!("cloud.invoke({name:?}) failed: {e}"))?;
                    if result.status.is_server_error() {
                        let (res, data) = response_data(result).await;
                        return Err(format!(
                            "cloud.invoke({name:?}) answered {}: {}",
                            res.status.as_u16(),
                            data.to_json()
                        ));
                    }
                    Ok(response_data(result).await.1)
                };
                settle_later(&cx, &s, owner_call, &app_id, owner, future)
            },
        )?,
    )?;
    let s = st.clone();
    let app_id: Rc<str> = app.id().into();
    n.set(
        "next",
        Function::new(
            cx.clone(),
            move |cx: Ctx<'js>, id: u32, changes: Option<String>| -> R<rquickjs::Promise<'js>> {
                let next = s.calls.borrow().get(&id).filter(|_| s.owns(owner, id)).and_then(|c| c.ctx.next().cloned());
                let Some(next) = next else {
                    return Err(Exception::throw_type(&cx, "next() is given to __interceptor__ only"));
                };
                let changes = match changes {
                    Some(text) => Some(serde_json::from_str::<serde_json::Value>(&text).map_err(|e| {
                        Exception::throw_type(&cx, &format!("next: the ctx's changes are not JSON: {e}"))
                    })?),
                    None => None,
                };
                // Now, not when the task runs: the host must see `next` was called even if the
                // interceptor returns before awaiting it.
                next.mark_called();
                let s2 = s.clone();
                let future = async move {
                    let (response, data) = response_data(next.run_with(changes.as_ref()).await).await;
                    // Kept: an interceptor returning this very value answers with the whole response.
                    if let Some(call) = s2.calls.borrow_mut().get_mut(&id) {
                        call.kept = Some(response);
                    }
                    Ok(data)
                };
                settle_later(&cx, &s, Some(id), &app_id, owner, future)
            },
        )?,
    )?;
    let s = st.clone();
    n.set(
        "nextSend",
        Function::new(cx.clone(), move |id: u32| -> bool {
            if !s.owns(owner, id) {
                return false;
            }
            let kept: Option<FunctionResponse> = s.calls.borrow_mut().get_mut(&id).and_then(|c| c.kept.take());
            match kept {
                Some(response) => {
                    s.settle(id, Ok(response));
                    true
                }
                None => false,
            }
        })?,
    )?;
    Ok(())
}

/// A promise settled on this worker when `future` ends, running as invocation `owner_call`.
fn settle_later<'js>(
    cx: &Ctx<'js>,
    st: &Rc<State>,
    owner_call: Option<u32>,
    app_id: &Rc<str>,
    owner: usize,
    future: impl std::future::Future<Output = Result<ResponseData, String>> + 'static,
) -> R<rquickjs::Promise<'js>> {
    let (promise, resolve, reject) = cx.promise()?;
    let resolve = Persistent::save(cx, resolve);
    let reject = Persistent::save(cx, reject);
    let (s, app_id) = (st.clone(), app_id.clone());
    tokio::task::spawn_local(async move {
        let result = future.await;
        let Some(env) = s.env_of(&app_id, owner) else {
            return;
        };
        env.context.with(|cx| {
            let r = s.enter(owner_call, || -> R<()> {
                match result {
                    Ok(data) => {
                        let v = data_value(&cx, data)?;
                        resolve.restore(&cx)?.call::<_, ()>((v,))
                    }
                    Err(message) => {
                        let error = Exception::from_message(cx.clone(), &message)?;
                        reject.restore(&cx)?.call::<_, ()>((error,))
                    }
                }
            });
            if let Err(e) = r {
                let failure = s.failure(&cx, e);
                tracing::error!(app = %app_id, "a call's completion failed: {failure}");
            }
            s.enter(owner_call, || s.drain_jobs(&cx));
        });
    });
    Ok(promise)
}
