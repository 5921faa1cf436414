//! `GET|PUT /_/api/apps/{app}/dependencies`: the app's npm packages and pip requirements.
//!
//! `PUT {"packages": ["lodash", "dayjs@1"], "requirements": ["requests==2.32.3"], "allowScripts":
//! false}` (a list left out stays as declared) answers 202 with the status
//! when an install started (it runs in the background; `GET` follows it), 200 when the list was
//! installed already. With `?wait=true` it answers when the install ended: 200 with the status,
//! or 422 `{"error": <the installer's message>, "field": "packages", "dependencies": <status>}`.

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
    let deps = dependencies_from(&body, &app.dependencies())?;
    let status = app.set_dependencies(deps).await.map_err(publish_error)?;
    if !wait {
        let code = if status.state == DependencyState::Installing { StatusCode::ACCEPTED } else { StatusCode::OK };
        return Ok((code, axum::Json(status_json(&status))).into_response());
    }
    let status = app.wait_dependencies().await;
    if status.state == DependencyState::Failed {
        let body = json!({
            "error": status.error.clone().unwrap_or_default(),
            "field": status.error_field.unwrap_or("packages"),
            "dependencies": status_json(&status),
        });
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, axum::Json(body)).into_response());
    }
    ok(status_json(&status))
}

/// The dependencies a PUT body declares: `packages` (npm specs) and `requirements` (pip lines),
/// either kept as declared when absent (so a client knowing only npm keeps the pip list), at least
/// one given; and `allowScripts` (or `allow_scripts`), off when absent.
fn dependencies_from(
    body: &serde_json::Map<String, Value>,
    current: &DependencyStatus,
) -> Result<Dependencies, ApiError> {
    let list = |field: &str, what: &str| -> Result<Option<Vec<String>>, ApiError> {
        match body.get(field) {
            Some(Value::Array(items)) => items
                .iter()
                .enumerate()
                .map(|(i, item)| match item {
                    Value::String(line) => Ok(line.clone()),
                    _ => Err(bad(&format!("{field}[{i}]"), format!("each of {field} is a string ({what})"))),
                })
                .collect::<Result<Vec<_>, _>>()
                .map(Some),
            None | Some(Value::Null) => Ok(None),
            Some(_) => Err(bad(field, format!("{field} must be an array of strings ({what})"))),
        }
    };
    let packages = list("packages", "npm specs: `lodash`, `dayjs@1`")?;
    let requirements = list("requirements", "pip requirements: `requests==2.32.3`")?;
    if packages.is_none() && requirements.is_none() {
        return Err(bad("packages", "give packages (npm specs) or requirements (pip lines), or both"));
    }
    let packages = packages.unwrap_or_else(|| current.packages.clone());
    let requirements = requirements.unwrap_or_else(|| current.requirements.clone());
    let (field, flag) = match body.get("allowScripts") {
        Some(v) => ("allowScripts", Some(v)),
        None => ("allow_scripts", body.get("allow_scripts")),
    };
    let allow_scripts = match flag {
        None | Some(Value::Null) => false,
        Some(Value::Bool(b)) => *b,
        Some(_) => return Err(bad(field, format!("{field} must be true or false"))),
    };
    Ok(Dependencies { packages, requirements, allow_scripts })
}

/// `GET …/dependencies/types?package=NAME`: the TypeScript declarations of an installed package
/// (or of its `@types` companion), for editors: `{"package", "files": {"file:///node_modules/…":
/// text}}`; 404 when it is not installed.
pub(super) async fn types(
    State(host): State<Host>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Query(query): Query<HashMap<String, String>>,
) -> ApiResult {
    authorize(&host, &headers)?;
    let app = app_of(&host, &id)?;
    let package = query.get("package").ok_or_else(|| bad("package", "give the package: ?package=<name>"))?;
    let name = package.clone();
    // Reading a package's tree is file I/O: off the async workers.
    let files = tokio::task::spawn_blocking(move || app.package_types(&name)).await.ok().flatten();
    let Some(files) = files else {
        return Err(super::not_found(format!("package {package:?} is not installed for this app")));
    };
    let files: serde_json::Map<String, Value> =
        files.into_iter().map(|(path, text)| (format!("file:///node_modules/{path}"), Value::String(text))).collect();
    ok(json!({ "package": package, "files": files }))
}
