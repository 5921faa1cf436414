//! From a call to a function's answer: resolution (name, path pattern, `__default__`), the
//! method and body checks, `__interceptor__`, the run itself (timed, counted), and the mapping of
//! errors to Laf's JSON answers. Triggers, `__init__`, WebSocket events and debug runs go through
//! the same steps.

use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::Bytes;
use http::StatusCode;

use crate::app::logs::{Level, LogCapture, LogLine};
use crate::app::{
    App, INIT_FUNCTION, INTERCEPTOR_FUNCTION, PublishedFunction, WEBSOCKET_FUNCTION, is_special, no_params,
    pattern_params, validate_function_name,
};
use crate::context::{BodyKind, FunctionContext, Next, Origin, UploadedFile, Uploads, no_files, request_id_from};
use crate::error::{InvokeError, PublishError};
use crate::language::FunctionSource;
use crate::response::FunctionResponse;
use crate::triggers::Trigger;

/// What a debug run returns: the response, the console lines it wrote and how long it took.
#[derive(Debug)]
pub struct DebugRun {
    /// The function's answer (errors mapped as for a request).
    pub response: FunctionResponse,
    /// Its console lines.
    pub logs: Vec<LogLine>,
    /// How long the invocation took (compiling excluded).
    pub duration: Duration,
}

/// A request's body as a function sees it: its kind, and the files of a multipart upload (whose
/// other fields are the JSON body). A body that claims to be JSON but is not is refused (a 400,
/// whose message is the error).
fn read_body(parts: &mut http::request::Parts, body: &Bytes) -> Result<(BodyKind, Arc<[UploadedFile]>), String> {
    let files = parts.extensions.remove::<Uploads>().map(|u| u.0);
    let content_type = parts.headers.get(http::header::CONTENT_TYPE).and_then(|v| v.to_str().ok());
    let kind = match files {
        Some(_) => BodyKind::Json,
        None => BodyKind::detect(content_type, body.len()),
    };
    if kind == BodyKind::Json
        && let Err(e) = serde_json::from_slice::<serde::de::IgnoredAny>(body)
    {
        return Err(format!("Invalid JSON body: {e}"));
    }
    Ok((kind, files.unwrap_or_else(no_files)))
}

impl App {
    /// Invokes `name` with `request` and always answers: errors become Laf's JSON error responses.
    ///
    /// Unknown names fall back to a path pattern (`users/[id]`), then `__default__`, then 404; a
    /// method outside the function's list gets 405; a body that claims to be JSON but is not gets
    /// 400; `__interceptor__`, when published, runs first; a thrown error gets 500 with the
    /// details logged, never returned. Every response carries the `request-id` header.
    pub async fn call(self: &Arc<Self>, name: &str, request: http::Request<Bytes>) -> FunctionResponse {
        let (parts, body) = request.into_parts();
        let request_id = request_id_from(&parts.headers);
        let mut response = self.call_inner(name, parts, body, &request_id).await;
        response.set_request_id(&request_id);
        response
    }

    async fn call_inner(
        self: &Arc<Self>,
        name: &str,
        mut parts: http::request::Parts,
        body: Bytes,
        request_id: &Arc<str>,
    ) -> FunctionResponse {
        // `__init__`, `__interceptor__` and `__websocket__` are the host's to call (at start,
        // around a request, per socket event): a request naming them would skip the interceptor
        // and the WebSocket authentication.
        let found = self.resolve(name).filter(|(f, _)| !is_special(&f.name));
        let Some((function, params)) = found else {
            return FunctionResponse::error(StatusCode::NOT_FOUND, "Function Not Found", request_id);
        };
        if let Some(methods) = &function.source.methods
            && !methods.contains(&parts.method)
        {
            return FunctionResponse::error(StatusCode::METHOD_NOT_ALLOWED, "Method Not Allowed", request_id);
        }
        let (body_kind, files) = match read_body(&mut parts, &body) {
            Ok(read) => read,
            Err(message) => return FunctionResponse::error(StatusCode::BAD_REQUEST, &message, request_id),
        };
        // A path pattern's calls go by its name (`users/[id]`, the path is in `ctx.path`);
        // `__default__` sees the name that was asked for, as Laf.
        let called = if params.is_empty() { name } else { function.name.as_str() };
        let mut ctx = self.request_ctx(called, request_id, parts, body, body_kind);
        ctx.files = files;
        ctx.params = params;
        match self.function(INTERCEPTOR_FUNCTION) {
            Some(interceptor) => self.intercept(interceptor, function, ctx).await,
            None => self.answer(self.run(&function, ctx).await, &function.name, request_id, None),
        }
    }

    // The context of a request to function `name`: its parts as they came, the user its bearer
    // token verifies as, the app's timeout; no files or parameters.
    fn request_ctx(
        self: &Arc<Self>,
        name: &str,
        request_id: &Arc<str>,
        parts: http::request::Parts,
        body: Bytes,
        body_kind: BodyKind,
    ) -> FunctionContext {
        let user = self.user_from(&parts.headers);
        FunctionContext {
            app: self.clone(),
            function_name: Arc::from(name),
            request_id: request_id.clone(),
            method: parts.method,
            path: parts.uri.path().to_owned(),
            raw_query: parts.uri.query().map(str::to_owned),
            headers: parts.headers,
            body,
            body_kind,
            files: no_files(),
            user,
            deadline: Instant::now() + self.config().timeout,
            params: no_params(),
            origin: Origin::Http,
        }
    }

    // Runs `__interceptor__` with `next` bound to `function`. Its answer is the response; an
    // interceptor that never called `next` and returned `false` (Laf's legacy form) is a 403,
    // `true` runs the function.
    async fn intercept(
        self: &Arc<Self>,
        interceptor: Arc<PublishedFunction>,
        function: Arc<PublishedFunction>,
        mut ctx: FunctionContext,
    ) -> FunctionResponse {
        let request_id = ctx.request_id.clone();
        let next: Next = super::next::bind(function, ctx.fork(&ctx.function_name, Origin::Http));
        ctx.origin = Origin::Intercept(next.clone());
        let response = self.answer(self.run(&interceptor, ctx).await, INTERCEPTOR_FUNCTION, &request_id, None);
        if next.called() {
            return response;
        }
        match super::next::legacy_verdict(&response) {
            Some(true) => next.run().await,
            Some(false) => FunctionResponse::error(StatusCode::FORBIDDEN, "Forbidden by the interceptor", &request_id),
            None => response,
        }
    }

    /// Runs `function` with `ctx`, counting it in the metrics.
    pub async fn run(
        self: &Arc<Self>,
        function: &PublishedFunction,
        ctx: FunctionContext,
    ) -> Result<FunctionResponse, InvokeError> {
        let _busy = self.workers().busy_guard();
        let started = Instant::now();
        let result = if self.is_heavy(&function.name) && !self.workers().on_heavy_lane() {
            let loaded = function.loaded.clone();
            (self.workers().run_heavy(move || async move { loaded.invoke(ctx).await }).await)
                .unwrap_or_else(|e| Err(InvokeError::Unavailable(e.to_string())))
        } else {
            function.loaded.invoke(ctx).await
        };
        let elapsed = started.elapsed();
        let failed = result.as_ref().map_or(true, |r| r.status.is_server_error());
        self.metrics().record(&function.name, elapsed, failed);
        result
    }

    /// The response for an invocation's result: errors become Laf's JSON errors, their details
    /// logged (in the app's log, a debug run's `capture`, and tracing), never returned.
    pub(crate) fn answer(
        &self,
        result: Result<FunctionResponse, InvokeError>,
        function: &str,
        request_id: &str,
        capture: Option<&LogCapture>,
    ) -> FunctionResponse {
        let app = self.id();
        match result {
            Ok(response) => {
                tracing::debug!(app, function, request_id, status = response.status.as_u16(), "invoked");
                response
            }
            Err(error) => {
                match &error {
                    InvokeError::Thrown { stack: Some(stack), .. } => {
                        tracing::error!(app, function, request_id, "invocation failed: {error}\n{stack}")
                    }
                    _ => tracing::error!(app, function, request_id, "invocation failed: {error}"),
                }
                self.log_line(function, request_id, Level::Error, &format!("invocation failed: {error}"), capture);
                let (status, message) = error.public();
                FunctionResponse::error(status, &message, request_id)
            }
        }
    }

    /// Runs a trigger's function once, now (what a firing does).
    pub async fn fire(self: &Arc<Self>, trigger: &Trigger) -> FunctionResponse {
        let ctx = FunctionContext::internal(
            self.clone(),
            &trigger.target,
            http::Method::POST,
            Origin::Trigger(trigger.id.clone()),
        );
        let request_id = ctx.request_id.clone();
        let Some(function) = self.function(&trigger.target) else {
            tracing::warn!(app = %self.id(), trigger = %trigger.id, "trigger target /{} is not published", trigger.target);
            return FunctionResponse::error(StatusCode::NOT_FOUND, "Function Not Found", &request_id);
        };
        let response = self.answer(self.run(&function, ctx).await, &trigger.target, &request_id, None);
        tracing::info!(app = %self.id(), trigger = %trigger.id, function = %trigger.target, request_id = %request_id,
            status = response.status.as_u16(), "trigger fired");
        response
    }

    /// Runs `__init__` if it is published (Laf runs it once when the app starts). A failure is
    /// logged and the app serves on. Returns its response, if it ran.
    pub async fn init(self: &Arc<Self>) -> Option<FunctionResponse> {
        let function = self.function(INIT_FUNCTION)?;
        let ctx = FunctionContext::internal(self.clone(), INIT_FUNCTION, http::Method::POST, Origin::Init);
        let request_id = ctx.request_id.clone();
        let response = self.answer(self.run(&function, ctx).await, INIT_FUNCTION, &request_id, None);
        if response.status.is_server_error() {
            tracing::error!(app = %self.id(), "__init__ failed (status {}); serving anyway", response.status.as_u16());
        } else {
            tracing::info!(app = %self.id(), "__init__ ran");
        }
        Some(response)
    }

    /// Delivers a WebSocket event (`ctx.origin` is [`Origin::WebSocket`]) to `__websocket__`;
    /// nothing happens when it is not published.
    pub async fn socket_event(self: &Arc<Self>, mut ctx: FunctionContext) -> Option<FunctionResponse> {
        let function = self.function(WEBSOCKET_FUNCTION)?;
        ctx.function_name = Arc::from(WEBSOCKET_FUNCTION);
        ctx.deadline = Instant::now() + self.config().timeout;
        let request_id = ctx.request_id.clone();
        Some(self.answer(self.run(&function, ctx).await, WEBSOCKET_FUNCTION, &request_id, None))
    }

    /// Runs unpublished `source` once with `request`: compiled fresh, not cached, not published,
    /// not counted in the metrics. Its console lines are captured (and kept in the app's log).
    pub async fn debug(
        self: &Arc<Self>,
        source: FunctionSource,
        request: http::Request<Bytes>,
    ) -> Result<DebugRun, PublishError> {
        validate_function_name(&source.name)?;
        let language = self.language_for(&source)?;
        let loaded = language.load(&self.view(), &source).await?;
        let (mut parts, body) = request.into_parts();
        let request_id = request_id_from(&parts.headers);
        let capture: LogCapture = Arc::default();
        let started = Instant::now();
        let mut response = match read_body(&mut parts, &body) {
            Err(message) => FunctionResponse::error(StatusCode::BAD_REQUEST, &message, &request_id),
            Ok((body_kind, files)) => {
                let mut ctx = self.request_ctx(&source.name, &request_id, parts, body, body_kind);
                ctx.files = files;
                if let Some(params) = pattern_params(&source.name, ctx.path.trim_matches('/')) {
                    ctx.params = Arc::from(params);
                }
                ctx.origin = Origin::Debug(capture.clone());
                let result = loaded.invoke(ctx).await;
                self.answer(result, &source.name, &request_id, Some(&capture))
            }
        };
        let duration = started.elapsed();
        response.set_request_id(&request_id);
        let logs = std::mem::take(&mut *capture.lock().unwrap_or_else(|e| e.into_inner()));
        Ok(DebugRun { response, logs, duration })
    }
}
