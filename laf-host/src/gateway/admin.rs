//! The admin API under `/_/api/`, behind the host's admin token (`Authorization: Bearer`), and
//! `/_/metrics` behind the same token.
//!
//! Apps: `GET|POST /_/api/apps`, `DELETE /_/api/apps/{app}`. Per app, under
//! `/_/api/apps/{app}/`: `functions` (GET list, POST publish), `functions/{*name}` (GET, DELETE,
//! PATCH `{newName}` to rename it with its history and triggers),
//! `history?name=` (GET), `rollback` (POST `{name, version}`), `env` (GET, PATCH
//! `{set, unset}`), `triggers` (GET, PUT `{triggers}`), `dependencies` (GET, PUT `{packages,
//! requirements, allowScripts}`, and `dependencies/types?package=` for editors, see
//! [`dependencies`]), `s3-key` (GET the app's S3 key pair and endpoint, POST
//! to replace its secret), `logs?function=&requestId=&since=&until=&limit=` (GET;
//! times in Unix milliseconds), `debug` (POST), `ai/generate` (POST `{description, language, name}`,
//! when `GET /_/api/ai` says it is on), `database/…` ([`database`]) and `storage/…`
//! ([`storage`]) for the console's browsers. Bad input gets 400 with
//! `{"error": "...", "field": "..."}` naming the field.

mod database;
mod dependencies;
mod storage;

use std::collections::HashMap;
use std::time::{Duration, SystemTime};

use axum::Router;
use axum::extract::{Path, Query, Request, State};
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post};
use base64::Engine as _;
use bytes::Bytes;
use http::{HeaderMap, StatusCode};
use http_body_util::BodyExt;
use serde_json::{Map, Value, json};

use crate::app::logs::{LogQuery, millis};
use crate::app::{AppConfig, AppHandle, PublishedFunction, VersionRecord};
use crate::error::{HostError, PublishError};
use crate::host::Host;
use crate::language::{FunctionSource, SourceCode};
use crate::response::{ResponseData, response_data};
use crate::triggers::Trigger;

/// The admin routes and `/_/metrics`.
pub(super) fn routes() -> Router<Host> {
    Router::new()
        .route("/_/metrics", get(metrics))
        .route("/_/api/apps", get(list_apps).post(create_app))
        .route("/_/api/apps/{app}", delete(delete_app).get(get_app))
        .route("/_/api/apps/{app}/functions", get(list_functions).post(publish))
        .route("/_/api/apps/{app}/functions/{*name}", get(get_function).delete(delete_function).patch(rename_function))
        .route("/_/api/apps/{app}/history", get(history))
        .route("/_/api/apps/{app}/rollback", post(rollback))
        .route("/_/api/apps/{app}/env", get(get_env).patch(patch_env))
        .route("/_/api/apps/{app}/s3-key", get(get_s3_key).post(rotate_s3_key))
        .route("/_/api/apps/{app}/triggers", get(get_triggers).put(put_triggers))
        .route("/_/api/apps/{app}/triggers/preview", get(preview_trigger))
        .route("/_/api/apps/{app}/dependencies", get(dependencies::get).put(dependencies::put))
        .route("/_/api/apps/{app}/dependencies/types", get(dependencies::types))
        .route("/_/api/apps/{app}/logs", get(logs))
        .route("/_/api/apps/{app}/debug", post(debug))
        .route("/_/api/ai", get(ai_status))
        .route("/_/api/apps/{app}/ai/generate", post(ai_generate))
        .merge(database::routes())
        .merge(storage::routes())
}

/// An admin API failure: status, message, and the field at fault if any.
struct ApiError(StatusCode, String, Option<String>);

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut body = json!({ "error": self.1 });
        if let Some(field) = self.2 {
            body["field"] = Value::String(field);
        }
        (self.0, axum::Json(body)).into_response()
    }
}

type ApiResult = Result<Response, ApiError>;

fn bad(field: &str, message: impl Into<String>) -> ApiError {
    ApiError(StatusCode::BAD_REQUEST, message.into(), Some(field.to_owned()))
}

fn not_found(message: impl Into<String>) -> ApiError {
    ApiError(StatusCode::NOT_FOUND, message.into(), None)
}

fn ok(value: Value) -> ApiResult {
    Ok(axum::Json(value).into_response())
}

// Constant time, so the comparison does not tell how much of a guess was right.
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Checks the admin token; every admin route calls it first.
fn authorize(host: &Host, headers: &HeaderMap) -> Result<(), ApiError> {
    let Some(expected) = &host.gateway_config().admin_token else {
        return Err(ApiError(
            StatusCode::FORBIDDEN,
            "the admin API is off: give the host an admin token (laf serve --admin-token or LAF_ADMIN_TOKEN)".into(),
            None,
        ));
    };
    let given = headers
        .get(http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim);
    match given {
        Some(token) if same(token.as_bytes(), expected.as_bytes()) => Ok(()),
        Some(_) => Err(ApiError(StatusCode::UNAUTHORIZED, "invalid admin token".into(), None)),
        None => Err(ApiError(
            StatusCode::UNAUTHORIZED,
            "missing admin token: send Authorization: Bearer <token>".into(),
            None,
        )),
    }
}

fn app_of(host: &Host, id: &str) -> Result<AppHandle, ApiError> {
    host.app(id).ok_or_else(|| not_found(format!("unknown app {id:?}")))
}

/// The request body as a JSON object; the error says what is wrong with it.
async fn json_object(request: Request, limit: usize) -> Result<Map<String, Value>, ApiError> {
    let body = http_body_util::Limited::new(request.into_body(), limit)
        .collect()
        .await
        .map_err(|e| ApiError(StatusCode::PAYLOAD_TOO_LARGE, format!("cannot read the body: {e}"), None))?
        .to_bytes();
    match serde_json::from_slice::<Value>(&body) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(_) => Err(bad("body", "expected a JSON object")),
        Err(e) => Err(bad("body", format!("invalid JSON: {e}"))),
    }
}

fn string_field(map: &Map<String, Value>, field: &str) -> Result<Option<String>, ApiError> {
    match map.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(bad(field, format!("{field} must be a string"))),
    }
}

fn required_string(map: &Map<String, Value>, field: &str) -> Result<String, ApiError> {
    string_field(map, field)?.ok_or_else(|| bad(field, format!("{field} is required")))
}

fn publish_error(e: PublishError) -> ApiError {
    match e {
        PublishError::InvalidName { .. } => bad("name", e.to_string()),
        PublishError::InvalidTrigger { field, reason } | PublishError::InvalidDependencies { field, reason } => {
            bad(&field, reason)
        }
        PublishError::UnknownVersion { .. } | PublishError::UnknownFunction(_) => not_found(e.to_string()),
        PublishError::NameTaken(_) => ApiError(StatusCode::CONFLICT, e.to_string(), Some("newName".into())),
        PublishError::Load(crate::error::LoadError::Unsupported(what)) => {
            bad("language", format!("no registered language runs {what}"))
        }
        PublishError::Load(load) => bad("source", load.to_string()),
        PublishError::Store(_) => ApiError(StatusCode::INTERNAL_SERVER_ERROR, e.to_string(), None),
    }
}

async fn metrics(State(host): State<Host>, headers: HeaderMap) -> ApiResult {
    authorize(&host, &headers)?;
    let text = crate::metrics::render(&host);
    Ok(([(http::header::CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")], text).into_response())
}

fn app_json(app: &AppHandle) -> Value {
    let mut v = app.config().to_json();
    v["id"] = app.id().into();
    v["functions"] = app.functions().len().into();
    v
}

async fn list_apps(State(host): State<Host>, headers: HeaderMap) -> ApiResult {
    authorize(&host, &headers)?;
    ok(Value::Array(host.apps().iter().map(app_json).collect()))
}

async fn get_app(State(host): State<Host>, headers: HeaderMap, Path(id): Path<String>) -> ApiResult {
    authorize(&host, &headers)?;
    ok(app_json(&app_of(&host, &id)?))
}

async fn create_app(State(host): State<Host>, request: Request) -> ApiResult {
    authorize(&host, request.headers())?;
    let body = json_object(request, 64 * 1024).await?;
    let id = required_string(&body, "id")?;
    let mut config: AppConfig = host.default_app_config().clone();
    config.apply_json(&Value::Object(body.clone())).map_err(|(field, why)| bad(field, why))?;
    let app = match host.create_app_persisted(&id, Some(config)).await {
        Ok(app) => app,
        Err(e @ HostError::InvalidAppId(_)) => return Err(bad("id", e.to_string())),
        Err(e @ HostError::AppExists(_)) => {
            return Err(ApiError(StatusCode::CONFLICT, e.to_string(), Some("id".into())));
        }
        Err(e) => return Err(ApiError(StatusCode::INTERNAL_SERVER_ERROR, e.to_string(), None)),
    };
    Ok((StatusCode::CREATED, axum::Json(app_json(&app))).into_response())
}

async fn delete_app(State(host): State<Host>, headers: HeaderMap, Path(id): Path<String>) -> ApiResult {
    authorize(&host, &headers)?;
    app_of(&host, &id)?;
    host.delete_app_persisted(&id)
        .await
        .map_err(|e| ApiError(StatusCode::INTERNAL_SERVER_ERROR, e.to_string(), None))?;
    ok(json!({ "deleted": id }))
}

fn function_json(f: &PublishedFunction, with_source: bool) -> Value {
    let mut v = json!({
        "name": f.name,
        "version": f.version,
        "language": f.language,
        "filename": f.source.filename,
        "methods": f.source.methods.as_ref().map(|m| m.iter().map(|m| m.as_str().to_owned()).collect::<Vec<_>>()),
        "changelog": f.source.changelog,
        "publishedAt": millis(f.published_at),
    });
    if with_source {
        v["source"] = source_value(&f.source.code);
    }
    v
}

fn source_value(code: &SourceCode) -> Value {
    match code {
        SourceCode::Binary(b) => json!({ "base64": base64::engine::general_purpose::STANDARD.encode(b) }),
        SourceCode::Text(text) => Value::String(text.to_string()),
    }
}

fn version_json(r: &VersionRecord, live: Option<u64>) -> Value {
    json!({
        "name": r.name,
        "version": r.version,
        "language": r.language,
        "filename": r.filename,
        "changelog": r.changelog,
        "publisher": r.publisher,
        "publishedAt": millis(r.published_at),
        "live": live == Some(r.version),
        "source": source_value(&r.code),
    })
}

async fn list_functions(State(host): State<Host>, headers: HeaderMap, Path(id): Path<String>) -> ApiResult {
    authorize(&host, &headers)?;
    let app = app_of(&host, &id)?;
    ok(Value::Array(app.functions().iter().map(|f| function_json(f, false)).collect()))
}

async fn get_function(
    State(host): State<Host>,
    headers: HeaderMap,
    Path((id, name)): Path<(String, String)>,
) -> ApiResult {
    authorize(&host, &headers)?;
    let app = app_of(&host, &id)?;
    let f = app.function(&name).ok_or_else(|| not_found(format!("no function named {name:?}")))?;
    ok(function_json(&f, true))
}

async fn delete_function(
    State(host): State<Host>,
    headers: HeaderMap,
    Path((id, name)): Path<(String, String)>,
) -> ApiResult {
    authorize(&host, &headers)?;
    let app = app_of(&host, &id)?;
    match app.remove(&name).await {
        Ok(true) => ok(json!({ "deleted": name })),
        Ok(false) => Err(not_found(format!("no function named {name:?}"))),
        Err(e) => Err(publish_error(e)),
    }
}

/// Renames a function (`{"newName": "..."}`, as Laf's update takes it): 404 when it does not
/// serve, 409 when the new name does.
async fn rename_function(
    State(host): State<Host>,
    Path((id, name)): Path<(String, String)>,
    request: Request,
) -> ApiResult {
    authorize(&host, request.headers())?;
    let app = app_of(&host, &id)?;
    let body = json_object(request, 64 * 1024).await?;
    let to = required_string(&body, "newName")?;
    let renamed = app.rename(&name, &to).await.map_err(|e| match e {
        PublishError::InvalidName { .. } => bad("newName", e.to_string()),
        e => publish_error(e),
    })?;
    ok(function_json(&renamed, false))
}

/// The source a publish or debug body describes: `name`, `source` (text, or `{"base64": ...}`
/// for a binary such as a `.wasm` component), and optionally `language`, `filename`, `methods`,
/// `changelog`.
fn source_from(body: &Map<String, Value>) -> Result<FunctionSource, ApiError> {
    let name = required_string(body, "name")?;
    let language = string_field(body, "language")?;
    let filename = match string_field(body, "filename")? {
        Some(f) => f,
        None => match language.as_deref() {
            Some(lang) => format!("{name}.{}", default_extension(lang)),
            None => return Err(bad("language", "give the language (js, python, wasm...) or a filename")),
        },
    };
    let mut source = match body.get("source") {
        Some(Value::String(code)) => FunctionSource::new(name, filename, code.as_str()),
        Some(Value::Object(o)) => match o.get("base64").and_then(Value::as_str) {
            Some(b64) => {
                let bytes = base64::engine::general_purpose::STANDARD
                    .decode(b64)
                    .map_err(|e| bad("source.base64", format!("invalid base64: {e}")))?;
                FunctionSource::binary(name, filename, bytes)
            }
            None => return Err(bad("source", "source must be a string or {\"base64\": \"...\"}")),
        },
        None | Some(Value::Null) => return Err(bad("source", "source is required")),
        Some(_) => return Err(bad("source", "source must be a string or {\"base64\": \"...\"}")),
    };
    source.language = language;
    source.changelog = string_field(body, "changelog")?;
    source.publisher = Some("api".into());
    match body.get("methods") {
        None | Some(Value::Null) => {}
        Some(Value::Array(items)) => {
            let mut methods = Vec::new();
            for (i, m) in items.iter().enumerate() {
                let parsed = m.as_str().and_then(|m| http::Method::from_bytes(m.to_ascii_uppercase().as_bytes()).ok());
                methods.push(parsed.ok_or_else(|| bad(&format!("methods[{i}]"), "not an HTTP method"))?);
            }
            source.methods = Some(methods);
        }
        Some(_) => return Err(bad("methods", "methods must be an array of HTTP method names")),
    }
    Ok(source)
}

fn default_extension(language: &str) -> &str {
    match language {
        "js" | "javascript" => "js",
        "ts" | "typescript" => "ts",
        "python" | "py" => "py",
        "wasm" => "wasm",
        other => other,
    }
}

async fn publish(State(host): State<Host>, Path(id): Path<String>, request: Request) -> ApiResult {
    authorize(&host, request.headers())?;
    let app = app_of(&host, &id)?;
    let body = json_object(request, 16 << 20).await?;
    let source = source_from(&body)?;
    let published = app.publish(source).await.map_err(publish_error)?;
    Ok((StatusCode::CREATED, axum::Json(function_json(&published, false))).into_response())
}

async fn history(
    State(host): State<Host>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Query(query): Query<HashMap<String, String>>,
) -> ApiResult {
    authorize(&host, &headers)?;
    let app = app_of(&host, &id)?;
    let name = query.get("name").ok_or_else(|| bad("name", "give the function: ?name=<function>"))?;
    let versions = app.history(name).await.map_err(publish_error)?;
    if versions.is_empty() {
        return Err(not_found(format!("no function named {name:?} was ever published")));
    }
    let live = app.function(name).map(|f| f.version);
    ok(Value::Array(versions.iter().map(|r| version_json(r, live)).collect()))
}

async fn rollback(State(host): State<Host>, Path(id): Path<String>, request: Request) -> ApiResult {
    authorize(&host, request.headers())?;
    let app = app_of(&host, &id)?;
    let body = json_object(request, 64 * 1024).await?;
    let name = required_string(&body, "name")?;
    let version = match body.get("version") {
        Some(v) => v.as_u64().filter(|&v| v > 0).ok_or_else(|| bad("version", "version must be a positive integer"))?,
        None => return Err(bad("version", "version is required")),
    };
    let live = app.rollback(&name, version).await.map_err(publish_error)?;
    ok(function_json(&live, false))
}

fn env_json(env: &HashMap<String, String>) -> Value {
    let mut sorted: Vec<_> = env.iter().collect();
    sorted.sort();
    Value::Object(sorted.into_iter().map(|(k, v)| (k.clone(), Value::String(v.clone()))).collect())
}

async fn get_env(State(host): State<Host>, headers: HeaderMap, Path(id): Path<String>) -> ApiResult {
    authorize(&host, &headers)?;
    ok(env_json(&app_of(&host, &id)?.user_env()))
}

/// The app's S3 key pair and where the host's S3 endpoint is, as the app's `OSS_*` variables.
fn s3_key_json(host: &Host, app: &AppHandle) -> Value {
    let endpoint = host.gateway_config().s3.as_ref();
    json!({
        "accessKey": app.s3_access_key(),
        "secretKey": app.s3_secret().map(|s| s.to_string()),
        "endpoint": endpoint.map(|e| e.internal_url.clone()),
        "externalEndpoint": endpoint.map(|e| e.external_url.clone()),
        "region": endpoint.map(|e| e.region.clone()),
    })
}

async fn get_s3_key(State(host): State<Host>, headers: HeaderMap, Path(id): Path<String>) -> ApiResult {
    authorize(&host, &headers)?;
    let app = app_of(&host, &id)?;
    ok(s3_key_json(&host, &app))
}

async fn rotate_s3_key(State(host): State<Host>, headers: HeaderMap, Path(id): Path<String>) -> ApiResult {
    authorize(&host, &headers)?;
    let app = app_of(&host, &id)?;
    app.rotate_s3_secret().await.map_err(publish_error)?;
    ok(s3_key_json(&host, &app))
}

/// Environment variable names as a shell takes them.
fn valid_env_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 256
        && !name.as_bytes()[0].is_ascii_digit()
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

async fn patch_env(State(host): State<Host>, Path(id): Path<String>, request: Request) -> ApiResult {
    authorize(&host, request.headers())?;
    let app = app_of(&host, &id)?;
    let body = json_object(request, 1 << 20).await?;
    let mut set = HashMap::new();
    match body.get("set") {
        None | Some(Value::Null) => {}
        Some(Value::Object(vars)) => {
            for (k, v) in vars {
                if !valid_env_name(k) {
                    return Err(bad(
                        &format!("set.{k}"),
                        "a name is letters, digits and '_', not starting with a digit",
                    ));
                }
                let Some(v) = v.as_str() else {
                    return Err(bad(&format!("set.{k}"), "values are strings"));
                };
                set.insert(k.clone(), v.to_owned());
            }
        }
        Some(_) => return Err(bad("set", "set must be an object of name: value strings")),
    }
    let mut unset = Vec::new();
    match body.get("unset") {
        None | Some(Value::Null) => {}
        Some(Value::Array(names)) => {
            for (i, n) in names.iter().enumerate() {
                unset.push(n.as_str().ok_or_else(|| bad(&format!("unset[{i}]"), "names are strings"))?.to_owned());
            }
        }
        Some(_) => return Err(bad("unset", "unset must be an array of names")),
    }
    let env = app.update_env(set, &unset).await.map_err(publish_error)?;
    ok(env_json(&env))
}

async fn get_triggers(State(host): State<Host>, headers: HeaderMap, Path(id): Path<String>) -> ApiResult {
    authorize(&host, &headers)?;
    ok(serde_json::to_value(app_of(&host, &id)?.triggers()).unwrap_or_default())
}

/// `GET …/triggers/preview?cron=EXPR`: the next three times (Unix ms, UTC) the expression fires,
/// for an editor to show before the trigger is saved; a bad expression is a 400 on `cron`.
async fn preview_trigger(
    State(host): State<Host>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Query(query): Query<HashMap<String, String>>,
) -> ApiResult {
    authorize(&host, &headers)?;
    app_of(&host, &id)?;
    let expr = query.get("cron").ok_or_else(|| bad("cron", "give the expression: ?cron=..."))?;
    let schedule = crate::triggers::schedule(expr).map_err(|e| bad("cron", e))?;
    let next: Vec<i64> = schedule.upcoming(chrono::Utc).take(3).map(|t| t.timestamp_millis()).collect();
    ok(json!({ "nextRuns": next }))
}

async fn put_triggers(State(host): State<Host>, Path(id): Path<String>, request: Request) -> ApiResult {
    authorize(&host, request.headers())?;
    let app = app_of(&host, &id)?;
    let body = json_object(request, 1 << 20).await?;
    let Some(Value::Array(items)) = body.get("triggers") else {
        return Err(bad("triggers", "triggers must be an array of {id, cron, target}"));
    };
    let mut triggers = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let Value::Object(t) = item else {
            return Err(bad(&format!("triggers[{i}]"), "expected an object {id, cron, target}"));
        };
        let field = |name: &str| -> Result<String, ApiError> {
            required_string(t, name).map_err(|ApiError(s, m, _)| ApiError(s, m, Some(format!("triggers[{i}].{name}"))))
        };
        triggers.push(Trigger {
            id: field("id")?,
            cron: field("cron")?,
            target: field("target")?,
            desc: string_field(t, "desc")
                .map_err(|ApiError(s, m, _)| ApiError(s, m, Some(format!("triggers[{i}].desc"))))?
                .unwrap_or_default(),
        });
    }
    app.set_triggers(triggers).await.map_err(publish_error)?;
    ok(serde_json::to_value(app.triggers()).unwrap_or_default())
}

fn time_param(query: &HashMap<String, String>, field: &str) -> Result<Option<SystemTime>, ApiError> {
    match query.get(field) {
        None => Ok(None),
        Some(v) => v
            .parse::<u64>()
            .map(|ms| Some(SystemTime::UNIX_EPOCH + Duration::from_millis(ms)))
            .map_err(|_| bad(field, format!("{field} is a time in Unix milliseconds"))),
    }
}

async fn logs(
    State(host): State<Host>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Query(query): Query<HashMap<String, String>>,
) -> ApiResult {
    authorize(&host, &headers)?;
    let app = app_of(&host, &id)?;
    let limit = match query.get("limit") {
        None => 1000,
        Some(v) => v.parse::<usize>().map_err(|_| bad("limit", "limit is a number of lines"))?,
    };
    let q = LogQuery {
        function: query.get("function").cloned(),
        request_id: query.get("requestId").cloned(),
        since: time_param(&query, "since")?,
        until: time_param(&query, "until")?,
        limit,
    };
    ok(serde_json::to_value(app.logs().query(&q)).unwrap_or_default())
}

/// `POST /_/api/apps/{app}/debug`: `{name, source, language?|filename?, request?: {method,
/// path, query, headers, body}}` -> `{status, headers, body, logs, durationMs}`.
async fn debug(State(host): State<Host>, Path(id): Path<String>, request: Request) -> ApiResult {
    authorize(&host, request.headers())?;
    let app = app_of(&host, &id)?;
    let body = json_object(request, 16 << 20).await?;
    let source = source_from(&body)?;
    let empty = Map::new();
    let req = match body.get("request") {
        None | Some(Value::Null) => &empty,
        Some(Value::Object(r)) => r,
        Some(_) => return Err(bad("request", "request must be an object {method, path, query, headers, body}")),
    };
    let method = string_field(req, "method")?.unwrap_or_else(|| "POST".into());
    let method = http::Method::from_bytes(method.to_ascii_uppercase().as_bytes())
        .map_err(|_| bad("request.method", "not an HTTP method"))?;
    let path = match string_field(req, "path")? {
        Some(p) if p.starts_with('/') => p,
        Some(p) => format!("/{p}"),
        None => format!("/{}", source.name),
    };
    let mut uri = path.clone();
    match req.get("query") {
        None | Some(Value::Null) => {}
        Some(Value::Object(q)) => {
            let mut s = form_urlencoded::Serializer::new(String::new());
            for (k, v) in q {
                s.append_pair(k, v.as_str().map_or_else(|| v.to_string(), str::to_owned).as_str());
            }
            uri = format!("{path}?{}", s.finish());
        }
        Some(_) => return Err(bad("request.query", "query must be an object")),
    }
    let uri: http::Uri = uri.parse().map_err(|e| bad("request.path", format!("not a valid path: {e}")))?;
    let mut builder = http::Request::builder().method(method).uri(uri);
    let mut has_type = false;
    match req.get("headers") {
        None | Some(Value::Null) => {}
        Some(Value::Object(h)) => {
            for (k, v) in h {
                let field = format!("request.headers.{k}");
                let v = v.as_str().ok_or_else(|| bad(&field, "header values are strings"))?;
                let name = http::HeaderName::from_bytes(k.as_bytes()).map_err(|_| bad(&field, "not a header name"))?;
                let value = http::HeaderValue::from_str(v).map_err(|_| bad(&field, "not a header value"))?;
                has_type |= name == http::header::CONTENT_TYPE;
                builder = builder.header(name, value);
            }
        }
        Some(_) => return Err(bad("request.headers", "headers must be an object")),
    }
    let request_body = match req.get("body") {
        None | Some(Value::Null) => Bytes::new(),
        Some(Value::String(s)) => Bytes::from(s.clone()),
        Some(v) => {
            if !has_type {
                builder = builder.header(http::header::CONTENT_TYPE, "application/json");
            }
            Bytes::from(serde_json::to_vec(v).unwrap_or_default())
        }
    };
    let request = builder.body(request_body).map_err(|e| bad("request", e.to_string()))?;
    let run = app.debug(source, request).await.map_err(publish_error)?;
    let (response, data) = response_data(run.response).await;
    let headers: Map<String, Value> = response
        .headers
        .iter()
        .map(|(k, v)| (k.as_str().to_owned(), Value::String(String::from_utf8_lossy(v.as_bytes()).into_owned())))
        .collect();
    let body = match data {
        ResponseData::Bytes(b) => json!({ "base64": base64::engine::general_purpose::STANDARD.encode(b) }),
        other => other.to_json(),
    };
    ok(json!({
        "status": response.status.as_u16(),
        "headers": headers,
        "body": body,
        "logs": run.logs,
        "durationMs": run.duration.as_secs_f64() * 1000.0,
    }))
}

/// Whether functions can be generated, and with which model (the console shows its box then).
async fn ai_status(State(host): State<Host>, headers: HeaderMap) -> ApiResult {
    authorize(&host, &headers)?;
    ok(match &host.gateway_config().ai {
        Some(ai) => json!({ "enabled": true, "model": ai.model }),
        None => json!({ "enabled": false }),
    })
}

/// Longest description taken: a function's worth of prose, not a document.
const MAX_DESCRIPTION: usize = 8000;

/// Generates a function's source from `description`; nothing is published (the console shows it
/// as an unpublished draft to read and run first).
async fn ai_generate(State(host): State<Host>, Path(id): Path<String>, request: Request) -> ApiResult {
    use crate::gateway::ai::{AiLanguage, generate};
    authorize(&host, request.headers())?;
    let app = app_of(&host, &id)?;
    let Some(config) = host.gateway_config().ai.clone() else {
        return Err(not_found(
            "AI generation is off: start the host with --ai-url and --ai-model (the key in LAF_AI_KEY)",
        ));
    };
    let body = json_object(request, 64 * 1024).await?;
    let description = required_string(&body, "description")?;
    if description.trim().is_empty() {
        return Err(bad("description", "say what the function should do"));
    }
    if description.chars().count() > MAX_DESCRIPTION {
        return Err(bad("description", format!("at most {MAX_DESCRIPTION} characters")));
    }
    let language = match string_field(&body, "language")? {
        None => AiLanguage::TypeScript,
        Some(name) => AiLanguage::parse(&name)
            .ok_or_else(|| bad("language", "functions are generated in ts (TypeScript) or python"))?,
    };
    // What the model cannot guess: the function's name (its URL) and the packages it may import.
    let mut prompt = description.trim().to_owned();
    if let Some(name) = string_field(&body, "name")? {
        prompt.push_str(&format!("\n\nThe function is named {name} and serves /{name}."));
    }
    let packages = app.dependencies().packages;
    if language == AiLanguage::TypeScript && !packages.is_empty() {
        prompt.push_str(&format!("\nThe app has these npm packages installed: {}.", packages.join(", ")));
    }
    match generate(&config, language, &prompt).await {
        Ok(generated) => ok(json!({ "code": generated.code, "language": language.id(), "model": generated.model })),
        Err(e) => Err(ApiError(StatusCode::BAD_GATEWAY, e.to_string(), None)),
    }
}
