//! The rest of `cloud`: the shared store, tokens, WebSocket connections and `cloud.invoke`.

use bson::spec::BinarySubtype;
use bson::{Binary, Bson, Document};

use super::CallError;
use super::args::{count, str};
use crate::bindings::token;
use crate::context::FunctionContext;
use crate::response::{ResponseData, response_data};

/// `shared.<op>`: the app's shared store, seen by every language; values are JSON text.
pub(super) fn shared(ctx: &FunctionContext, op: &str, a: &Document) -> Result<Bson, CallError> {
    let store = &ctx.bindings().shared;
    Ok(match op {
        "get" => store.get(str(a, "key")?).map_or(Bson::Null, |v| Bson::String(v.to_string())),
        "set" => {
            let value = str(a, "value")?;
            store.set(str(a, "key")?, value);
            Bson::Null
        }
        "has" => Bson::Boolean(store.has(str(a, "key")?)),
        "delete" => Bson::Boolean(store.delete(str(a, "key")?)),
        "keys" => Bson::Array(store.keys().into_iter().map(Bson::String).collect()),
        "clear" => {
            store.clear();
            Bson::Null
        }
        _ => return Err(CallError::unsupported("shared call", op)),
    })
}

/// `token.sign` / `token.parse`, with the app's `SERVER_SECRET` unless a secret is given.
pub(super) fn token(ctx: &FunctionContext, op: &str, a: &Document) -> Result<Bson, CallError> {
    let env = ctx.env();
    let given = match a.get("secret") {
        None | Some(Bson::Null) => None,
        Some(Bson::String(s)) => Some(s.as_str()),
        Some(_) => return Err(CallError::bad("`secret` must be a string")),
    };
    let secret = token::secret(given, &env).map_err(|e| CallError::new("NoSecret", e.to_string()))?;
    match op {
        "sign" => {
            let payload = match a.get("payload") {
                Some(Bson::Document(d)) => Bson::Document(d.clone()).into_relaxed_extjson(),
                _ => return Err(CallError::bad("`payload` must be a document")),
            };
            Ok(Bson::String(token::sign(&payload, secret).map_err(|e| CallError::bad(e.to_string()))?))
        }
        "parse" => {
            let Some(claims) = token::parse(str(a, "token")?, secret) else {
                return Ok(Bson::Null);
            };
            Bson::try_from(claims).map_err(|e| CallError::bad(format!("the token's payload: {e}")))
        }
        _ => Err(CallError::unsupported("token call", op)),
    }
}

/// `ws.<op>`: the app's WebSocket connections on this host, by id.
pub(super) fn sockets(ctx: &FunctionContext, op: &str, a: &Document) -> Result<Bson, CallError> {
    if op == "list" {
        return Ok(Bson::Array(ctx.app.sockets().iter().map(|s| Bson::Int64(s.id() as i64)).collect()));
    }
    if !matches!(op, "send" | "close" | "open") {
        return Err(CallError::unsupported("socket call", op));
    }
    let id = count(a, "id")?.ok_or_else(|| CallError::bad("`id` must be a socket id"))?;
    // A socket that closed meanwhile is an answer (false), not an error: it can happen any time.
    let Some(socket) = ctx.app.socket(id) else {
        return Ok(Bson::Boolean(false));
    };
    Ok(Bson::Boolean(match op {
        "send" => match a.get("data") {
            Some(Bson::String(s)) => socket.send_text(s.clone()),
            Some(Bson::Binary(b)) => socket.send_binary(b.bytes.clone().into()),
            _ => return Err(CallError::bad("`data` must be a string or bytes")),
        },
        "close" => {
            let code = count(a, "code")?.and_then(|c| u16::try_from(c).ok());
            let reason = match a.get("reason") {
                Some(Bson::String(r)) => r.as_str(),
                _ => "",
            };
            socket.close(code, reason);
            true
        }
        _ => socket.is_open(),
    }))
}

/// Another function's answer as data: JSON as values, text as a string, other bytes as bytes.
pub fn data_bson(data: ResponseData) -> Bson {
    match data {
        ResponseData::Empty => Bson::Null,
        ResponseData::Json(v) => Bson::try_from(v).unwrap_or(Bson::Null),
        ResponseData::Text(t) => Bson::String(t),
        ResponseData::Bytes(b) => Bson::Binary(Binary { subtype: BinarySubtype::Generic, bytes: b.into() }),
    }
}

/// `invoke`: another function of the app, in any language, with `param` changing the request it
/// sees (`body`, `query`, `headers`, `method`). An answer of 5xx is an error, as a throw would be.
pub(super) async fn invoke(ctx: &FunctionContext, a: &Document) -> Result<Bson, CallError> {
    let name = str(a, "name")?;
    let param = match a.get("param") {
        None | Some(Bson::Null) => None,
        Some(p) => Some(p.clone().into_relaxed_extjson()),
    };
    let response = ctx
        .app
        .invoke_from(ctx, name, param.as_ref())
        .await
        .map_err(|e| CallError::new("InvokeError", format!("cloud.invoke({name:?}) failed: {e}")))?;
    let (response, data) = response_data(response).await;
    if response.status.is_server_error() {
        let message = format!("cloud.invoke({name:?}) answered {}: {}", response.status.as_u16(), data.to_json());
        return Err(CallError::new("InvokeError", message));
    }
    Ok(data_bson(data))
}
