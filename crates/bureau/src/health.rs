//! Liveness and readiness probes.

use axum::{
    Json,
    extract::{FromRequestParts as _, Query, State},
    http::{StatusCode, request::Parts},
    response::{IntoResponse as _, Response},
};
use serde_json::{Value, json};

use crate::{app::AppState, auth::Admin, error::Result};

/// `GET /healthz`: the process answers.
pub async fn live() -> Json<Value> {
    Json(json!({"status": "ok"}))
}

/// `?deep=1` asks for every `bureau doctor` check.
#[derive(Debug, serde::Deserialize)]
pub struct ReadyQuery {
    deep: Option<String>,
}

/// `GET /readyz`: the database and the blob store answer (503 otherwise). With `?deep=1`, the
/// checks of `bureau doctor`, ONLYOFFICE Docs included, as `{status, checks: [..]}`.
pub async fn ready(
    State(app): State<AppState>,
    Query(q): Query<ReadyQuery>,
    mut parts: Parts,
) -> Response {
    if q.deep.as_deref().is_some_and(|d| d == "1" || d == "true") {
        return deep(&app, &mut parts).await.into_response();
    }
    let database = app.store.db.ping().await.map_err(|e| e.to_string());
    let blobs = app.store.blobs.check().await.map_err(|e| e.to_string());
    let ok = database.is_ok() && blobs.is_ok();
    let describe = |r: Result<(), String>| match r {
        Ok(()) => json!({"status": "ok"}),
        Err(e) => {
            tracing::warn!("readiness check failed: {e}");
            json!({"status": "error"})
        }
    };
    let status = if ok {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    let body = json!({
        "status": if ok { "ok" } else { "error" },
        "checks": {"database": describe(database), "blobs": describe(blobs)},
    });
    (status, Json(body)).into_response()
}

/// The `bureau doctor` checks, for administrators only: they name internal addresses and make
/// the Document Server convert a document.
async fn deep(app: &AppState, parts: &mut Parts) -> Result<(StatusCode, Json<Value>)> {
    Admin::from_request_parts(parts, app).await?;
    let checks = crate::doctor::checks(&app.config, &app.store, app.office().as_deref()).await;
    let ok = checks.iter().all(|c| c.ok);
    let status = if ok {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    let body = json!({"status": if ok { "ok" } else { "error" }, "checks": checks});
    Ok((status, Json(body)))
}
