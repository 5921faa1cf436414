//! The app's buckets through the admin API, for the console's storage browser (and scripts).
//! Buckets are named as functions name them (`uploads` for `<appid>-uploads`).
//!
//! - `GET|POST …/storage/buckets`: `[{name, fullName, policy}]`; create `{name, policy?}`
//! - `PUT|DELETE …/storage/buckets/{bucket}`: set `{policy}`; delete (empty) bucket
//! - `GET …/storage/buckets/{bucket}/objects?prefix=&delimiter=&token=`: one page of keys,
//!   `{objects: [{key, size, etag, lastModified}], prefixes, nextToken}`
//! - `PUT|GET|DELETE …/storage/buckets/{bucket}/objects/{*key}`: upload the raw body (streamed,
//!   its `Content-Type` kept; up to the host's upload limit), download (streamed, as an
//!   attachment), delete
//! - `POST …/storage/buckets/{bucket}/presign`: `{key, method?: GET|PUT, expiresIn?}` → `{url}`

use std::collections::HashMap;
use std::time::{Duration, UNIX_EPOCH};

use axum::Router;
use axum::body::Body;
use axum::extract::{Path, Query, Request, State};
use axum::response::Response;
use axum::routing::{get, post, put};
use futures_util::TryStreamExt;
use http::{HeaderMap, HeaderValue, StatusCode, header};
use serde_json::{Value, json};

use super::{ApiError, ApiResult, app_of, authorize, bad, json_object, ok, string_field};
use crate::bindings::storage::{BucketPolicy, ListOptions, PresignMethod, PutBody, PutOptions, Storage, StorageError};
use crate::host::Host;

/// The storage browser's routes.
pub(super) fn routes() -> Router<Host> {
    let base = "/_/api/apps/{app}/storage/buckets";
    Router::new()
        .route(base, get(buckets).post(create))
        .route(&format!("{base}/{{bucket}}"), put(set_policy).delete(delete_bucket))
        .route(&format!("{base}/{{bucket}}/objects"), get(objects))
        .route(&format!("{base}/{{bucket}}/objects/{{*key}}"), put(upload).get(download).delete(delete_object))
        .route(&format!("{base}/{{bucket}}/presign"), post(presign))
}

fn storage_error(e: StorageError) -> ApiError {
    ApiError(e.status(), format!("{}: {e}", e.code()), None)
}

fn storage(host: &Host, headers: &HeaderMap, id: &str) -> Result<Storage, ApiError> {
    authorize(host, headers)?;
    let app = app_of(host, id)?;
    app.bindings().storage().cloned().map_err(storage_error)
}

fn policy_of(value: Option<&Value>) -> Result<BucketPolicy, ApiError> {
    match value {
        None | Some(Value::Null) => Ok(BucketPolicy::Private),
        Some(Value::String(s)) => s.parse().map_err(|e: StorageError| bad("policy", e.to_string())),
        Some(_) => Err(bad("policy", "policy is private, readonly or readwrite")),
    }
}

async fn buckets(State(host): State<Host>, headers: HeaderMap, Path(id): Path<String>) -> ApiResult {
    let storage = storage(&host, &headers, &id)?;
    let prefix = format!("{id}-");
    let list = storage.list_buckets().await.map_err(storage_error)?;
    ok(Value::Array(
        list.into_iter()
            .map(|b| {
                let short = b.name.strip_prefix(&prefix).unwrap_or(&b.name).to_owned();
                json!({ "name": short, "fullName": b.name, "policy": b.policy.as_str() })
            })
            .collect(),
    ))
}

async fn create(State(host): State<Host>, Path(id): Path<String>, request: Request) -> ApiResult {
    let storage = storage(&host, request.headers(), &id)?;
    let body = json_object(request, 1 << 16).await?;
    let name = string_field(&body, "name")?.ok_or_else(|| bad("name", "name is required"))?;
    let policy = policy_of(body.get("policy"))?;
    let full = storage.create_bucket(&name, policy).await.map_err(storage_error)?;
    let mut response = ok(json!({ "name": name, "fullName": full, "policy": policy.as_str() }))?;
    *response.status_mut() = StatusCode::CREATED;
    Ok(response)
}

async fn set_policy(
    State(host): State<Host>,
    Path((id, bucket)): Path<(String, String)>,
    request: Request,
) -> ApiResult {
    let storage = storage(&host, request.headers(), &id)?;
    let body = json_object(request, 1 << 16).await?;
    let policy = policy_of(body.get("policy"))?;
    storage.set_bucket_policy(&bucket, policy).await.map_err(storage_error)?;
    ok(json!({ "name": bucket, "policy": policy.as_str() }))
}

async fn delete_bucket(
    State(host): State<Host>,
    headers: HeaderMap,
    Path((id, bucket)): Path<(String, String)>,
) -> ApiResult {
    let storage = storage(&host, &headers, &id)?;
    storage.delete_bucket(&bucket).await.map_err(storage_error)?;
    ok(json!({ "deleted": bucket }))
}

async fn objects(
    State(host): State<Host>,
    headers: HeaderMap,
    Path((id, bucket)): Path<(String, String)>,
    Query(query): Query<HashMap<String, String>>,
) -> ApiResult {
    let storage = storage(&host, &headers, &id)?;
    let options = ListOptions {
        prefix: query.get("prefix").cloned().filter(|p| !p.is_empty()),
        delimiter: query.get("delimiter").cloned().filter(|d| !d.is_empty()),
        max_keys: Some(200),
        continuation_token: query.get("token").cloned().filter(|t| !t.is_empty()),
        start_after: None,
    };
    let page = storage.list_objects(&bucket, &options).await.map_err(storage_error)?;
    let objects: Vec<Value> = page
        .objects
        .into_iter()
        .map(|o| {
            let modified = o.last_modified.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_millis() as u64);
            json!({ "key": o.key, "size": o.size, "etag": o.etag, "lastModified": modified })
        })
        .collect();
    ok(json!({ "objects": objects, "prefixes": page.common_prefixes, "nextToken": page.next_continuation_token }))
}

async fn upload(
    State(host): State<Host>,
    Path((id, bucket, key)): Path<(String, String, String)>,
    request: Request,
) -> ApiResult {
    let storage = storage(&host, request.headers(), &id)?;
    let limit = host.gateway_config().upload_limit;
    let (parts, body) = request.into_parts();
    let length = parts.headers.get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()?.parse::<u64>().ok());
    if length.is_some_and(|l| l > limit) {
        return Err(ApiError(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!("this host takes uploads of at most {limit} bytes"),
            None,
        ));
    }
    let content_type = parts.headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).map(str::to_owned);
    let mut seen = 0u64;
    let stream = body.into_data_stream().map_err(std::io::Error::other).and_then(move |chunk| {
        seen += chunk.len() as u64;
        std::future::ready(if seen > limit {
            Err(std::io::Error::other(format!("the upload is over this host's limit of {limit} bytes")))
        } else {
            Ok(chunk)
        })
    });
    let put = PutBody::Stream { stream: Box::pin(stream), length };
    let options = PutOptions { content_type, ..PutOptions::default() };
    let stored = storage.put_object(&bucket, &key, put, options).await.map_err(storage_error)?;
    ok(json!({ "key": key, "etag": stored.etag, "size": stored.size }))
}

async fn download(
    State(host): State<Host>,
    headers: HeaderMap,
    Path((id, bucket, key)): Path<(String, String, String)>,
) -> Result<Response, ApiError> {
    let storage = storage(&host, &headers, &id)?;
    let object = storage.get_object(&bucket, &key, None).await.map_err(storage_error)?;
    let length = object.content_length();
    let kind = object.meta.content_type.clone().unwrap_or_else(|| "application/octet-stream".to_owned());
    let name = key.rsplit('/').next().unwrap_or(&key).replace(['"', '\\'], "_");
    let mut response = Response::new(Body::from_stream(object.body));
    let h = response.headers_mut();
    h.insert(header::CONTENT_LENGTH, HeaderValue::from(length));
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_str(&kind).unwrap_or(HeaderValue::from_static("application/octet-stream")),
    );
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{name}\"")) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    Ok(response)
}

async fn delete_object(
    State(host): State<Host>,
    headers: HeaderMap,
    Path((id, bucket, key)): Path<(String, String, String)>,
) -> ApiResult {
    let storage = storage(&host, &headers, &id)?;
    storage.delete_object(&bucket, &key).await.map_err(storage_error)?;
    ok(json!({ "deleted": key }))
}

async fn presign(State(host): State<Host>, Path((id, bucket)): Path<(String, String)>, request: Request) -> ApiResult {
    let storage = storage(&host, request.headers(), &id)?;
    let body = json_object(request, 1 << 16).await?;
    let key = string_field(&body, "key")?.ok_or_else(|| bad("key", "key is required"))?;
    let method = match string_field(&body, "method")?.as_deref() {
        None | Some("GET") => PresignMethod::Get,
        Some("PUT") => PresignMethod::Put,
        Some(_) => return Err(bad("method", "method is GET or PUT")),
    };
    let seconds = match body.get("expiresIn") {
        None | Some(Value::Null) => 3600,
        Some(v) => v.as_u64().ok_or_else(|| bad("expiresIn", "expiresIn is a number of seconds"))?,
    };
    let url = storage.presign(method, &bucket, &key, Duration::from_secs(seconds)).await.map_err(storage_error)?;
    ok(json!({ "url": url }))
}
