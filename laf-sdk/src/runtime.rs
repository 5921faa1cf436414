//! What runs around a handler: building the [`Context`], mapping the result to a response, and turning
//! an error into Laf's `500 {"error":"Internal Server Error","requestId":...}` (details go to the log only).

use std::fmt::Display;
use std::future::Future;
use std::pin::pin;
use std::task::{Context as TaskContext, Poll, Waker};

use crate::bindings::laf::cloud::types;
use crate::{Context, IntoResponse, Log, Response};

/// A function `export!` accepts: `fn(Context) -> Result<R, E>` or `async fn(Context) -> Result<R, E>`.
///
/// `M` only tells the two kinds apart (the axum trick); you never name it.
pub trait Handler<M> {
    /// Runs the handler to completion; `None` if an async handler awaited something that never completes.
    fn call(self, ctx: Context) -> Option<Result<Response, String>>;
}

/// Marks a synchronous handler.
#[doc(hidden)]
pub struct Blocking<R, E>(std::marker::PhantomData<(R, E)>);
/// Marks an async handler.
#[doc(hidden)]
pub struct Awaited<R, E>(std::marker::PhantomData<(R, E)>);

impl<F, R, E> Handler<Blocking<R, E>> for F
where
    F: FnOnce(Context) -> Result<R, E>,
    R: IntoResponse,
    E: Display,
{
    fn call(self, ctx: Context) -> Option<Result<Response, String>> {
        Some(self(ctx).map(IntoResponse::into_response).map_err(|e| e.to_string()))
    }
}

impl<F, Fut, R, E> Handler<Awaited<R, E>> for F
where
    F: FnOnce(Context) -> Fut,
    Fut: Future<Output = Result<R, E>>,
    R: IntoResponse,
    E: Display,
{
    fn call(self, ctx: Context) -> Option<Result<Response, String>> {
        block_on(self(ctx)).map(|r| r.map(IntoResponse::into_response).map_err(|e| e.to_string()))
    }
}

/// Polls a future until it is ready. Every host call is synchronous today, so a handler's future is
/// ready on its first poll; one that stays pending (awaiting a timer or a channel nobody feeds) cannot
/// make progress inside a component and gives `None` after a bounded number of polls.
pub fn block_on<F: Future>(future: F) -> Option<F::Output> {
    let mut future = pin!(future);
    let mut cx = TaskContext::from_waker(Waker::noop());
    for _ in 0..1024 {
        if let Poll::Ready(out) = future.as_mut().poll(&mut cx) {
            return Some(out);
        }
    }
    None
}

/// Runs `handler` for one request (called by the code `export!` generates).
pub fn run<M>(request: types::Request, handler: impl Handler<M>) -> types::Response {
    let request_id = request.request_id.clone();
    let result = handler
        .call(Context::new(request))
        .unwrap_or_else(|| Err("the async handler awaited something that never completes".to_string()));
    to_host(respond(&request_id, result, |message| Log::new().error(message)))
}

/// The response for a handler's result; on error, `log` gets the details and the caller a bare 500.
pub fn respond<R: IntoResponse, E: Display>(
    request_id: &str,
    result: Result<R, E>,
    log: impl FnOnce(&str),
) -> Response {
    match result {
        Ok(r) => r.into_response(),
        Err(e) => {
            log(&format!("function failed: {e}"));
            Response::internal_error(request_id)
        }
    }
}

/// A response as the bindings see it.
pub fn to_host(r: Response) -> types::Response {
    types::Response { status: r.status, headers: r.headers, body: r.body }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Error;

    #[test]
    fn ok_results_map_through_into_response() {
        let r = respond::<_, Error>("r", Ok("hi"), |_| panic!("no log on success"));
        assert_eq!((r.status, r.body.as_slice()), (200, &b"hi"[..]));
        let h = to_host(r);
        assert_eq!(h.headers[0].0, "content-type");
    }

    fn sync_handler(ctx: Context) -> crate::Result<String> {
        Ok(format!("sync {}", ctx.path()))
    }

    async fn async_handler(ctx: Context) -> crate::Result<(u16, String)> {
        let inner = async { ctx.query_param("x").unwrap_or("-").to_string() };
        Ok((201, format!("async {}", inner.await)))
    }

    async fn never_ready(_: Context) -> crate::Result<()> {
        std::future::pending::<()>().await;
        Ok(())
    }

    #[test]
    fn sync_and_async_handlers_are_both_accepted() {
        let r = sync_handler.call(Context::from_parts("GET", "/a", "")).unwrap().unwrap();
        assert_eq!(r.body, b"sync /a");
        let r = async_handler.call(Context::from_parts("GET", "/", "x=1")).unwrap().unwrap();
        assert_eq!((r.status, r.body.as_slice()), (201, &b"async 1"[..]));
        assert!(never_ready.call(Context::from_parts("GET", "/", "")).is_none());
        let failing = |_: Context| -> Result<(), String> { Err("boom".into()) };
        assert_eq!(failing.call(Context::from_parts("GET", "/", "")).unwrap().unwrap_err(), "boom");
    }

    #[test]
    fn errors_are_logged_and_not_leaked() {
        let mut logged = String::new();
        let r = respond::<&str, _>("req-7", Err(Error::new("NoSuchKey", "secret detail")), |m| logged = m.into());
        assert_eq!(r.status, 500);
        assert!(logged.contains("secret detail"), "{logged}");
        let body = String::from_utf8(r.body).unwrap();
        assert!(!body.contains("secret") && body.contains("req-7"), "{body}");
    }
}
