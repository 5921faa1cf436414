//! `GET|PUT /_/api/apps/{app}/dependencies`: the app's npm dependencies.
//!
//! `PUT {"packages": ["lodash", "dayjs@1"], "allowScripts": false}` answers 202 with the status
//! when an install started (it runs in the background; `GET` follows it), 200 when the list was
//! installed already. With `?wait=true` it answers when the install ended: 200 with the status,
//! or 422 `{"error": <npm's message>, "field": "packages", "dependencies": <status>}`.

use std::collections::HashMap;

use axum::extract::{Path, Query, Request, State};
use axum::response::IntoResponse;
use http::{HeaderMap, StatusCode};
use serde_json::{Value, json};

use super::{ApiError, ApiResult, app_of, authorize, bad, json_object, ok, publish_error};
use crate::app::{DependencyState, DependencyStatus};
use crate::host::Host;
use crate::packages::Dependencies;

fn status_json(status: &DependencyStatus) -> Value {
    serde_json::to_value(status).unwrap_or_default()
}

pub(super) async fn get(State(host): State<Host>, headers: HeaderMap, Path(id): Path<String>) -> ApiResult {
    authorize(&host, &headers)?;
    ok(status_json(&app_of(&host, &id)?.dependencies()))
}

pub(super) async fn put(
    State(host): State<Host>,
    Path(id): Path<String>,
    Query(query): Query<HashMap<String, String>>,
    request: Request,
) -> ApiResult {
    authorize(&host, request.headers())?;
    let app = app_of(&host, &id)?;
    let wait = match query.get("wait").map(String::as_str) {
        None | Some("false" | "0") => false,
        Some("true" | "1" | "") => true,
        Some(_) => return Err(bad("wait", "wait is true or false")),
    };
    let body = json_object(request, 1 << 20).await?;
    let deps = dependencies_from(&body)?;
    let status = app.set_dependencies(deps).await.map_err(publish_error)?;
    if !wait {
        let code = if status.state == DependencyState::Installing { StatusCode::ACCEPTED } else { StatusCode::OK };
        return Ok((code, axum::Json(status_json(&status))).into_response());
    }
    let status = app.wait_dependencies().await;
    if status.state == DependencyState::Failed {
        let body = json!({
            "error": status.error.clone().unwrap_or_default(),
            "field": "packages",
            "dependencies": status_json(&status),
        });
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, axum::Json(body)).into_response());
    }
    ok(status_json(&status))
}

/// The dependencies a PUT body declares: `packages` (npm specs) and `allowScripts` (or
/// `allow_scripts`), off when absent.
fn dependencies_from(body: &serde_json::Map<String, Value>) -> Result<Dependencies, ApiError> {
    let packages = match body.get("packages") {
        Some(Value::Array(items)) => items
            .iter()
            .enumerate()
            .map(|(i, item)| match item {
                Value::String(spec) => Ok(spec.clone()),
                _ => Err(bad(&format!("packages[{i}]"), "a package spec is a string (`lodash`, `dayjs@1`)")),
            })
            .collect::<Result<Vec<_>, _>>()?,
        None | Some(Value::Null) => return Err(bad("packages", "packages is required: an array of npm specs")),
        Some(_) => return Err(bad("packages", "packages must be an array of npm specs")),
    };
    let (field, flag) = match body.get("allowScripts") {
        Some(v) => ("allowScripts", Some(v)),
        None => ("allow_scripts", body.get("allow_scripts")),
    };
    let allow_scripts = match flag {
        None | Some(Value::Null) => false,
        Some(Value::Bool(b)) => *b,
        Some(_) => return Err(bad(field, format!("{field} must be true or false"))),
    };
    Ok(Dependencies { packages, allow_scripts })
}
