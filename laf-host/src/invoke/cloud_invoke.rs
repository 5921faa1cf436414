//! `cloud.invoke(name, param)`: one function of an app calling another (in any language) with the
//! caller's request, changed by `param`. Chains are bounded, so a function invoking itself fails
//! instead of recursing forever.

use std::sync::Arc;

use bytes::Bytes;
use serde_json::Value;

use crate::app::{App, DEFAULT_FUNCTION};
use crate::context::{FunctionContext, Origin};
use crate::error::InvokeError;
use crate::response::FunctionResponse;

/// Deepest chain of `cloud.invoke` calls; deeper ones fail instead of recursing forever.
pub const MAX_INVOKE_DEPTH: u8 = 8;

impl App {
    /// `cloud.invoke(name, param)`: runs another function of this app with the caller's request,
    /// changed by `param` (`body`, `query`, `headers`, `method`). An error of the callee is
    /// returned as the error (the caller's language throws it).
    pub async fn invoke_from(
        self: &Arc<Self>,
        caller: &FunctionContext,
        name: &str,
        param: Option<&Value>,
    ) -> Result<FunctionResponse, InvokeError> {
        self.invoke_with(caller, name, |ctx| match param {
            Some(param) => apply_param(ctx, param),
            None => Ok(()),
        })
        .await
    }

    /// `cloud.invoke` for a language that builds the callee's request itself: `edit` changes the
    /// copy of the caller's request the callee gets (the user and deadline stay the caller's); an
    /// error from it is returned before the callee runs.
    pub async fn invoke_with(
        self: &Arc<Self>,
        caller: &FunctionContext,
        name: &str,
        edit: impl FnOnce(&mut FunctionContext) -> Result<(), InvokeError>,
    ) -> Result<FunctionResponse, InvokeError> {
        let depth = next_depth(&caller.origin)?;
        // `name`, else a path pattern matching it; `__default__` only when asked for by name.
        let found = self.resolve(name).filter(|(f, _)| f.name != DEFAULT_FUNCTION || name == DEFAULT_FUNCTION);
        let Some((function, params)) = found else {
            return Err(InvokeError::Call(format!("cloud.invoke: no function named {name:?}")));
        };
        let called = if params.is_empty() { name } else { function.name.as_str() };
        let capture = caller.capture().cloned();
        let mut ctx = caller.fork(called, Origin::Invoke { depth, capture });
        ctx.params = params;
        edit(&mut ctx)?;
        self.run(&function, ctx).await
    }
}

/// What `cloud.invoke(name, param)` (or the interceptor's `next(ctx)`) may change of the caller's
/// request: `body`, `query` (an object), `headers` (an object) and `method`; the rest is the
/// caller's.
pub(crate) fn apply_param(ctx: &mut FunctionContext, param: &Value) -> Result<(), InvokeError> {
    let Value::Object(param) = param else {
        return Ok(());
    };
    if let Some(body) = param.get("body") {
        ctx.body = Bytes::from(serde_json::to_vec(body).unwrap_or_default());
        ctx.body_kind = crate::context::BodyKind::Json;
        ctx.headers.insert(http::header::CONTENT_TYPE, http::HeaderValue::from_static("application/json"));
    }
    if let Some(Value::Object(query)) = param.get("query") {
        let mut out = form_urlencoded::Serializer::new(String::new());
        for (k, v) in query {
            match v {
                Value::String(s) => out.append_pair(k, s),
                other => out.append_pair(k, &other.to_string()),
            };
        }
        ctx.raw_query = Some(out.finish());
    }
    if let Some(Value::Object(headers)) = param.get("headers") {
        for (k, v) in headers {
            let text = match v {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            if let (Ok(name), Ok(value)) =
                (http::HeaderName::from_bytes(k.as_bytes()), http::HeaderValue::from_str(&text))
            {
                ctx.headers.insert(name, value);
            }
        }
    }
    if let Some(Value::String(method)) = param.get("method") {
        ctx.method = http::Method::from_bytes(method.to_ascii_uppercase().as_bytes())
            .map_err(|_| InvokeError::Call(format!("cloud.invoke: invalid method {method:?}")))?;
    }
    Ok(())
}

/// The depth of a `cloud.invoke` from a call of this origin, or an error past the limit.
fn next_depth(origin: &Origin) -> Result<u8, InvokeError> {
    let depth = match origin {
        Origin::Invoke { depth, .. } => depth + 1,
        _ => 1,
    };
    if depth > MAX_INVOKE_DEPTH {
        return Err(InvokeError::Call(format!(
            "cloud.invoke nested more than {MAX_INVOKE_DEPTH} calls deep (a function invoking itself?)"
        )));
    }
    Ok(depth)
}
